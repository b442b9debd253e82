"""Recognise what a blob of bytes is: its content type, binary content, compression, encoding."""

from __future__ import annotations

import codecs
import re
import zlib
from pathlib import PurePath

import charset_normalizer

from ..errors import RejectedInput

#: Content types by file suffix; anything else is sniffed from its first bytes.
SUFFIX_TYPES: dict[str, str] = {
    ".txt": "text/plain",
    ".text": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".xhtml": "text/html",
    ".json": "application/json",
    ".jsonl": "application/x-ndjson",
    ".ndjson": "application/x-ndjson",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".xml": "application/xml",
}

# Magic numbers of formats people drop into article folders by mistake.
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "an executable"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf", "a 7z archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"RIFF", "an audio/video file"),
    (b"OggS", "an audio/video file"),
    (b"ID3", "an MP3 file"),
)

_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
GZIP_MAGIC = b"\x1f\x8b"
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
TEXT_TYPES = ("text/plain", "text/markdown", "text/html")


def base_type(content_type: str) -> str:
    """Return the media type without parameters, lower-cased."""
    return content_type.split(";", 1)[0].strip().lower()


def charset_of(content_type: str) -> str | None:
    """Return the ``charset`` parameter of a content type, if any."""
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def type_for_path(path: str | PurePath) -> str | None:
    """Return the content type implied by a file name, ignoring a trailing ``.gz``."""
    p = PurePath(path)
    suffixes = [s.lower() for s in p.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return SUFFIX_TYPES.get(suffixes[-1]) if suffixes else None


def refuse_binary(head: bytes) -> None:
    """Raise INGEST-002 when the first bytes show a binary format rather than text."""
    for magic, what in _BINARY_MAGIC:
        if head.startswith(magic):
            raise RejectedInput("INGEST-002", f"binary content: looks like {what}")
    if head.startswith(_BOMS):
        return  # UTF-16/32 text legitimately holds NUL bytes
    if b"\x00" in head:
        # UTF-16 without a BOM: NULs at every other byte of mostly-ASCII text
        if _looks_utf16(head):
            return
        raise RejectedInput("INGEST-002", "binary content: NUL bytes in the first kilobytes")


def _looks_utf16(head: bytes) -> bool:
    sample = head[: len(head) - len(head) % 2]
    if len(sample) < 4:
        return False
    even_nuls = sample[0::2].count(0) / (len(sample) // 2)
    odd_nuls = sample[1::2].count(0) / (len(sample) // 2)
    return max(even_nuls, odd_nuls) > 0.7 and min(even_nuls, odd_nuls) < 0.05


def sniff_type(head: bytes) -> str:
    """Guess the content type of bytes whose name says nothing (stdin, odd suffixes)."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()[:2048]
    if text.startswith((b"<?xml", b"<rss", b"<feed")):
        if b"<rss" in text or b"<rdf:rdf" in text:
            return "application/rss+xml"
        if b"<feed" in text:
            return "application/atom+xml"
        if b"<html" in text:
            return "text/html"
        return "application/xml"
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<!--", b"<div", b"<p>", b"<article")):
        return "text/html"
    if text.startswith(b"{"):
        first_line = text.split(b"\n", 1)[0].rstrip()
        return "application/x-ndjson" if first_line.endswith(b"}") and b"\n{" in text else "application/json"
    if text.startswith(b"["):
        return "application/json"
    return "text/plain"


def gunzip_capped(data: bytes, cap: int) -> bytes:
    """Decompress gzip data, raising INGEST-010 as soon as the output would pass ``cap``."""
    # wbits 16+MAX_WBITS: gzip header; max_length bounds memory whatever the ratio
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, cap + 1)
    except zlib.error as exc:
        raise RejectedInput("INGEST-006", f"corrupt gzip data ({exc})") from exc
    if len(out) > cap or inflater.unconsumed_tail:
        raise RejectedInput(
            "INGEST-010", f"gzip data expands past the {cap:,}-byte cap (compressed {len(data):,} bytes)"
        )
    return out


def detect_charset(data: bytes, declared: str | None = None) -> str:
    """Return an encoding that decodes ``data`` as text, or raise INGEST-011."""
    if declared:
        try:
            codecs.lookup(declared)
            data.decode(declared)
            return declared
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common; fall through to detection
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    if best is None:
        raise RejectedInput("INGEST-011", "not valid UTF-8 and no other encoding fits the bytes")
    return best.encoding


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def html_declared_charset(head: bytes) -> str | None:
    """Return the charset an HTML page declares in a ``<meta>`` tag near its top."""
    match = _META_CHARSET.search(head[:4096])
    return match.group(1).decode("ascii") if match else None
