"""Language identification of cleaned text (py3langid, loaded once per process)."""

from __future__ import annotations

import functools
from typing import Any

#: Texts shorter than this are too short to identify reliably; they keep the default.
MIN_CHARS = 40


@functools.lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, default: str = "en") -> str:
    """Return the ISO 639-1 code of the language ``text`` is written in."""
    sample = text[:1500]  # enough to identify; scoring is linear in length
    if len(sample.strip()) < MIN_CHARS:
        return default
    lang, prob = _identifier().classify(sample)
    return str(lang) if prob >= 0.5 else default
