"""Write benchmark results in the one shape every benchmark uses, and gate on pinned floors.

Each run writes ``bench/results/<benchmark>.json``::

    {"benchmark", "metrics": {name: number}, "command", "commit", "date", "machine", "notes"}

and ``python -m bench.render`` rebuilds ``docs/benchmarks.md`` from every results file.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SHARED = Path(os.environ.get("STORYDESK_SHARED", ROOT.parent / "shared"))


def shared_path(*parts: str) -> Path:
    """Return a path under ../shared, exiting with a clear message when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        sys.exit(f"skipped: {path} is not here (benchmarks read evaluation data from ../shared)")
    return path


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        return out.stdout.strip() + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def machine() -> str:
    """Describe this machine in one line (cores, memory, CPU, Python)."""
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            kb = int(fh.readline().split()[1])
            mem = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    cpu = platform.processor() or platform.machine()
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores{mem}, {cpu}, Python {platform.python_version()}"


def write_result(
    benchmark: str,
    metrics: dict[str, float],
    *,
    command: str,
    notes: str = "",
    floors: dict[str, float] | None = None,
    details: dict | None = None,
) -> Path:
    """Write the result file; exit non-zero when a metric is below its pinned floor."""
    for k, v in metrics.items():
        if not isinstance(v, (int, float)) or isinstance(v, bool):
            raise TypeError(f"metric {k} must be a plain number, got {v!r}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    record = {
        "benchmark": benchmark,
        "metrics": {k: round(float(v), 4) for k, v in metrics.items()},
        "floors": floors or {},
        "command": command,
        "commit": _commit(),
        "date": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": machine(),
        "notes": notes,
    }
    if details:
        record["details"] = details
    path = RESULTS / f"{benchmark}.json"
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(json.dumps(record["metrics"], indent=2))
    below = {k: (metrics.get(k), f) for k, f in (floors or {}).items() if metrics.get(k, -1e9) < f}
    if below:
        for k, (v, f) in below.items():
            print(f"GATE FAILED: {benchmark}.{k} = {v} is below the pinned floor {f}", file=sys.stderr)
        sys.exit(1)
    return path
