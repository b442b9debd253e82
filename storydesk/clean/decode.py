"""Turn a raw document's bytes into text: settle the encoding, refuse what is not text."""

from __future__ import annotations

import codecs
import re
import unicodedata

import charset_normalizer

from ..errors import RejectedInput

# C0/C1 controls other than tab, newline, carriage return and form feed
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
#: Share of control or replacement characters above which the bytes are not text.
MAX_NOISE = 0.02


def charset_param(content_type: str) -> str | None:
    """Return the ``charset`` parameter of a content type, if any."""
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def decode(content: bytes, content_type: str) -> str:
    """Decode bytes to text with newlines normalized, or raise CLEAN-003 when it is not text."""
    text = _decode(content, charset_param(content_type))
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if text:
        noise = len(_CONTROL.findall(text)) + text.count("\ufffd")
        if noise / len(text) > MAX_NOISE:
            raise RejectedInput(
                "CLEAN-003", f"{noise} control or undecodable characters in {len(text)}: not text"
            )
        # a stray control character or two (NUL padding, \x0b from Word) is noise, not content
        text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


def _decode(content: bytes, declared: str | None) -> str:
    if declared:
        try:
            codecs.lookup(declared)
            return content.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass  # ingest guessed or the server lied; detect again below
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(content[:500_000]).best()
    if best is None:
        raise RejectedInput("CLEAN-003", "no encoding fits the bytes: not text")
    return content.decode(best.encoding, errors="replace")
