"""Turn what the browser sent (pasted text, a URL or feed, uploaded files) into pipeline inputs.

Pasted text is written as one JSON record so its title, outlet and date reach the cleaner as
metadata, exactly like an imported export; uploads keep their file suffix so ingest can tell
HTML from text. Files go to a folder per job, which stays as the articles' provenance.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from fastapi import UploadFile

from .security import safe_url

MAX_FILES = 200
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class BadIngest(ValueError):
    """The form cannot be ingested as sent; the message says which field to fix."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class Pasted:
    """An article pasted into the form."""

    text: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    byline: str | None = None
    url: str | None = None


def safe_name(filename: str | None, fallback: str = "upload") -> str:
    """Return a file name safe to create in the job folder (no paths, no odd characters)."""
    name = _UNSAFE.sub("_", Path(filename or "").name).strip("._")[:100]
    return name or fallback


def pasted_record(p: Pasted) -> dict[str, str]:
    """Return the JSON record ingest reads for a pasted article (empty fields left out)."""
    if p.published and not _ISO_DAY.match(p.published):
        raise BadIngest("published must be a date like 2026-02-09")
    if p.url and safe_url(p.url) is None:
        raise BadIngest("the pasted article's url must be an http(s) address")
    record = {
        "text": p.text,
        "title": p.title,
        "outlet": p.outlet,
        "published": p.published,
        "byline": p.byline,
        "url": p.url,
    }
    return {k: v.strip() for k, v in record.items() if v and v.strip()}


async def job_inputs(
    folder: Path,
    pasted: Pasted | None,
    source_url: str | None,
    files: list[UploadFile],
    max_bytes: int,
) -> list[str]:
    """Write the pasted text and uploads under ``folder``; return the inputs to ingest."""
    inputs: list[str] = []
    record = pasted_record(pasted) if pasted and pasted.text.strip() else None
    url = (source_url or "").strip() or None
    if url is not None and safe_url(url) is None:
        raise BadIngest("url must be an http(s) address of an article or a feed")
    files = [f for f in files if f.filename]
    if len(files) > MAX_FILES:
        raise BadIngest(f"at most {MAX_FILES} files per upload")
    if record is None and url is None and not files:
        raise BadIngest("nothing to ingest: paste text, give a URL or feed, or choose files")
    folder.mkdir(parents=True, exist_ok=True)
    if record is not None:
        path = folder / "pasted.json"
        data = json.dumps(record, ensure_ascii=False).encode("utf-8")
        if len(data) > max_bytes:
            raise BadIngest(f"pasted text is over the {max_bytes:,}-byte cap", status=413)
        path.write_bytes(data)
        inputs.append(str(path))
    taken: set[str] = {"pasted.json"}
    for i, upload in enumerate(files):
        name = safe_name(upload.filename, f"upload-{i}")
        if name in taken:
            name = f"{i}-{name}"
        taken.add(name)
        data = await upload.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise BadIngest(f"{name} is over the {max_bytes:,}-byte cap", status=413)
        (folder / name).write_bytes(data)
        inputs.append(str(folder / name))
    if url is not None:
        inputs.append(url)
    return inputs
