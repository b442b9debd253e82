"""Walk folders lazily and read files with their size, type and encoding checked first."""

from __future__ import annotations

import errno
import fnmatch
import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..errors import RejectedInput
from ..model import Rejected
from .sniff import GZIP_MAGIC, gunzip_capped, refuse_binary, type_for_path

STAGE = "ingest"
HEAD_BYTES = 8192


def walk(root: Path, include: Sequence[str], exclude: Sequence[str]) -> Iterator[Path | Rejected]:
    """Yield the files under ``root`` in sorted order, depth first, one directory at a time.

    Symbolic links are followed, but a directory reached twice through links is a loop and is
    rejected (INGEST-005) instead of walked forever. Hidden entries (``.git``, ``.DS_Store``)
    are skipped; ``include``/``exclude`` are globs on the path relative to ``root`` or the name.
    """
    try:
        root_stat = root.stat()
    except OSError as exc:
        yield _os_rejection(str(root), exc)
        return
    visited = {(root_stat.st_dev, root_stat.st_ino)}
    # a stack of iterators keeps memory proportional to depth, not to the number of files
    stack: list[Iterator[os.DirEntry[str]]] = []
    listing = _listing(root)
    if isinstance(listing, Rejected):
        yield listing
        return
    stack.append(iter(listing))
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if entry.name.startswith("."):
            continue
        rel = Path(entry.path).relative_to(root).as_posix()
        if _matches(rel, entry.name, exclude):
            continue
        try:
            is_dir = entry.is_dir(follow_symlinks=True)
        except OSError as exc:
            yield _os_rejection(entry.path, exc)
            continue
        if is_dir:
            try:
                st = os.stat(entry.path)
            except OSError as exc:
                yield _os_rejection(entry.path, exc)
                continue
            key = (st.st_dev, st.st_ino)
            if key in visited:
                yield Rejected(
                    input=entry.path,
                    stage=STAGE,
                    code="INGEST-005",
                    reason="symlink loop: this folder was already walked through another link",
                )
                continue
            visited.add(key)
            sub = _listing(Path(entry.path))
            if isinstance(sub, Rejected):
                yield sub
            else:
                stack.append(iter(sub))
            continue
        if include and not _matches(rel, entry.name, include):
            continue
        if not entry.is_symlink() and not entry.is_file(follow_symlinks=False):
            continue
        if entry.is_symlink() and not os.path.lexists(os.path.realpath(entry.path)):
            yield Rejected(input=entry.path, stage=STAGE, code="INGEST-001", reason="broken symbolic link")
            continue
        yield Path(entry.path)


def _listing(folder: Path) -> list[os.DirEntry[str]] | Rejected:
    try:
        with os.scandir(folder) as it:
            return sorted(it, key=lambda e: e.name)
    except OSError as exc:
        return _os_rejection(str(folder), exc)


def _matches(rel: str, name: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(name, p) for p in patterns)


def _os_rejection(input: str, exc: OSError) -> Rejected:
    if exc.errno == errno.ENOENT:
        return Rejected(input=input, stage=STAGE, code="INGEST-001", reason="not found (or a broken link)")
    if exc.errno == errno.ELOOP:
        return Rejected(input=input, stage=STAGE, code="INGEST-005", reason="symlink loop")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return Rejected(input=input, stage=STAGE, code="INGEST-005", reason="permission denied")
    return Rejected(input=input, stage=STAGE, code="INGEST-005", reason=f"cannot read: {exc.strerror or exc}")


def read_file(path: Path, max_bytes: int) -> tuple[bytes, str | None]:
    """Return a regular file's bytes (gunzipped) and the type its name implies.

    Raises :class:`RejectedInput` for empty, oversized, binary or unreadable files; the size is
    checked from ``stat`` so an oversized file is never read.
    """
    try:
        st = path.stat()
    except OSError as exc:
        rejected = _os_rejection(str(path), exc)
        raise RejectedInput(rejected.code, rejected.reason) from exc
    if not stat.S_ISREG(st.st_mode):
        raise RejectedInput("INGEST-002", "not a regular file (a device, socket or pipe)")
    if st.st_size == 0:
        raise RejectedInput("INGEST-003", "empty file (0 bytes)")
    if st.st_size > max_bytes:
        raise RejectedInput("INGEST-004", f"{st.st_size:,} bytes, over the {max_bytes:,}-byte cap")
    try:
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        rejected = _os_rejection(str(path), exc)
        raise RejectedInput(rejected.code, rejected.reason) from exc
    if len(data) > max_bytes:  # the file grew after stat
        raise RejectedInput("INGEST-004", f"over the {max_bytes:,}-byte cap")
    if data.startswith(GZIP_MAGIC):
        data = gunzip_capped(data, max_bytes)
        if not data:
            raise RejectedInput("INGEST-003", "empty file (gzip of 0 bytes)")
    refuse_binary(data[:HEAD_BYTES])
    return data, type_for_path(path)


def iter_lines(path: Path, max_bytes: int) -> Iterator[tuple[int, bytes | RejectedInput]]:
    """Yield ``(line_no, line)`` of a JSONL file lazily, capping each line at ``max_bytes``.

    A JSONL export can be far larger than the per-file cap, so the cap applies per record.
    """
    import gzip

    with path.open("rb") as raw:
        gz = raw.read(2) == GZIP_MAGIC
    opener = gzip.open if gz else open
    with opener(path, "rb") as fh:  # type: ignore[operator]
        line_no = 0
        while True:
            line = fh.readline(max_bytes + 1)
            if not line:
                return
            line_no += 1
            if len(line) > max_bytes and not line.endswith(b"\n"):
                while True:  # skip the rest of the oversized record without holding it
                    more = fh.readline(1 << 20)
                    if not more or more.endswith(b"\n"):
                        break
                yield line_no, RejectedInput("INGEST-004", f"record over the {max_bytes:,}-byte cap")
                continue
            if line.strip():
                yield line_no, line
