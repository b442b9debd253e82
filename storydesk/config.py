"""One typed configuration object, layered: defaults < storydesk.toml < environment < CLI flags."""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError

FORMATS = ("html", "md", "json", "csv", "geojson")


def default_db_path() -> Path:
    """Return the default store path in the user's data directory."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "storydesk" / "storydesk.db"


@dataclass(frozen=True, slots=True, kw_only=True)
class Config:
    db: str = field(default_factory=lambda: str(default_db_path()))
    # ingest
    max_bytes: int = 20_000_000  # per input file or fetched body
    include: tuple[str, ...] = ()  # glob patterns for folder walks
    exclude: tuple[str, ...] = ()
    allow_private: bool = False  # allow fetching private/loopback addresses
    fetch_timeout: float = 20.0
    fetch_retries: int = 2
    max_redirects: int = 5
    user_agent: str = "storydesk/0.1 (+https://github.com/storydesk/storydesk)"
    # clean
    min_chars: int = 200
    # Jaccard of word 3-shingles: syndicated copies with a new intro and light edits score
    # 0.6-0.85; distinct reports of the same event score under 0.15.
    near_duplicate_threshold: float = 0.6
    # engine
    engine: str = "local"
    workers: int = 1
    batch_size: int = 64
    # report
    formats: tuple[str, ...] = ("html", "md", "json")
    summary_bullets: int = 8

    def replace(self, **changes: Any) -> Config:
        """Return a copy with ``changes`` applied (None values are ignored) and validated."""
        changes = {k: v for k, v in changes.items() if v is not None}
        return dataclasses.replace(self, **changes).validated()

    def validated(self) -> Config:
        """Fail fast on values no run could work with."""
        bad = [f for f in self.formats if f not in FORMATS]
        if bad:
            raise ConfigError(f"unknown format(s) {', '.join(bad)}: choose from {', '.join(FORMATS)}")
        if self.workers < 1:
            raise ConfigError("workers must be at least 1")
        if self.engine not in ("local", "dask"):
            raise ConfigError(f"unknown engine {self.engine!r}: choose local or dask")
        if self.max_bytes < 1 or self.min_chars < 0:
            raise ConfigError("max_bytes must be positive and min_chars not negative")
        if not 0 < self.near_duplicate_threshold <= 1:
            raise ConfigError("near_duplicate_threshold must be in (0, 1]")
        return self


_ENV_PREFIX = "STORYDESK_"


def load_config(toml_path: Path | None = None, env: dict[str, str] | None = None, **flags: Any) -> Config:
    """Build the config from defaults, a ``storydesk.toml``, ``STORYDESK_*`` variables and flags."""
    env = dict(os.environ if env is None else env)
    values: dict[str, Any] = {}
    path = toml_path or Path("storydesk.toml")
    if path.is_file():
        try:
            values.update(tomllib.loads(path.read_text("utf-8")).get("storydesk", {}))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc})") from exc
    fields = {f.name: f for f in dataclasses.fields(Config)}
    for name, f in fields.items():
        raw = env.get(_ENV_PREFIX + name.upper())
        if raw is not None:
            values[name] = _parse_env(name, raw, f.type)
    unknown = set(values) - set(fields)
    if unknown:
        raise ConfigError(f"unknown config key(s): {', '.join(sorted(unknown))}")
    for k, v in list(values.items()):
        if isinstance(v, list):
            values[k] = tuple(v)
    return Config(**values).replace(**flags)


def _parse_env(name: str, raw: str, tp: Any) -> Any:
    tp = str(tp)
    try:
        if tp.startswith("int"):
            return int(raw)
        if tp.startswith("float"):
            return float(raw)
        if tp.startswith("bool"):
            return raw.strip().lower() in ("1", "true", "yes", "on")
        if tp.startswith("tuple"):
            return tuple(x.strip() for x in raw.split(",") if x.strip())
    except ValueError as exc:
        raise ConfigError(f"{_ENV_PREFIX}{name.upper()}={raw!r}: {exc}") from exc
    return raw
