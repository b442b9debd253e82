"""One exception hierarchy, and the catalogue of rejection codes.

Codes are stable: they appear in run summaries, in ``storydesk rejections`` and in the store,
and users search for them. Add new codes at the end of a block; never reuse a retired one.
"""

from __future__ import annotations

from .model import Rejected

#: Every rejection code with a one-line meaning and what to do about it.
CODES: dict[str, str] = {
    # ingest: reading bytes
    "INGEST-001": "input not found: check the path",
    "INGEST-002": "binary or unsupported content: give text, HTML, JSON(L) or a feed",
    "INGEST-003": "empty input: the file has no bytes",
    "INGEST-004": "too large: over the size cap (raise --max-bytes to accept it)",
    "INGEST-005": "unreadable: permission denied, a symlink loop or an I/O error",
    "INGEST-006": "malformed record: a JSON/JSONL record or feed entry that cannot be read",
    "INGEST-007": "fetch failed: the URL could not be fetched (network error, status, timeout)",
    "INGEST-008": "fetch refused: the address is private, loopback, link-local or metadata "
    "(pass --allow-private to allow it)",
    "INGEST-009": "wrong content type from the server",
    "INGEST-010": "compression bomb: decompressed size exceeds the cap",
    "INGEST-011": "undecodable text: no encoding fits the bytes",
    # clean: turning bytes into an article
    "CLEAN-001": "no article text could be extracted from the page",
    "CLEAN-002": "too short: under the minimum article length after cleaning",
    "CLEAN-003": "not text: control characters or NUL bytes dominate",
    "CLEAN-004": "too many lines to be one article (a log, list or dump): split it into articles",
    "CLEAN-005": "cleaning failed on this document (a bug: please report it with the file); "
    "the rest of the batch is kept",
    # annotate
    "ANNOTATE-001": "annotation failed on this article; it is kept un-annotated",
    # link / report
    "LINK-001": "linking failed for this story",
}


class StorydeskError(Exception):
    """Base class of every error storydesk raises on purpose."""

    exit_code = 1


class ConfigError(StorydeskError):
    """Bad configuration: raised before any work starts."""

    exit_code = 2


class MissingExtra(StorydeskError):
    """An optional dependency is not installed; the message says what to install."""

    exit_code = 2

    def __init__(self, extra: str, module: str) -> None:
        super().__init__(
            f"this feature needs the '{module}' package: pip install 'storydesk[{extra}]'"
        )


class ModelMissing(StorydeskError):
    """A shipped model artifact is missing or unreadable."""

    exit_code = 3


class StoreError(StorydeskError):
    """The store cannot be opened or is in a state storydesk cannot use."""

    exit_code = 4


class RejectedInput(StorydeskError):
    """Raised inside a stage to turn the current item into a :class:`Rejected` record."""

    def __init__(self, code: str, reason: str) -> None:
        if code not in CODES:
            raise ValueError(f"unknown rejection code {code}")
        super().__init__(f"{code} {reason}")
        self.code = code
        self.reason = reason

    def to_record(self, input: str, stage: str) -> Rejected:
        return Rejected(input=input, stage=stage, code=self.code, reason=self.reason)
