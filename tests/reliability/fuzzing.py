"""Shared Hypothesis settings and strategies for the fuzz tests.

The default suite runs a bounded number of examples per test; ``STORYDESK_FUZZ_EXAMPLES``
raises it for long runs (bench/fuzz_hypothesis.py sets it and counts what was tried).
"""

from __future__ import annotations

import os
import re

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from storydesk.model import Sentence

EXAMPLES = int(os.environ.get("STORYDESK_FUZZ_EXAMPLES", "60"))

#: Bounded, deterministic in the default suite (derandomize), free-running when scaled up.
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=EXAMPLES <= 200,
    database=None,
    suppress_health_check=list(HealthCheck),
)

#: Hostile strings every text field gets mixed with.
HOSTILE = [
    "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "{{7*7}}",
    "${jndi:ldap://x}", "=cmd|' /C calc'!A0", "+1+1", "@SUM(A1)", "\u202eevil\u202c", "\u2066x\u2069", "\x00",
    "\ufeff", "\ud7ff", "💥", "ٱلْعَرَبِيَّة", "\r\n", "</textarea>", "]]>", "<!--", "-->", "'; DROP TABLE articles; --",
    "| a | b |", "[link](javascript:alert(1))", "*" * 3, "#", "\\", "%s%n", "\u0301" * 5, "a" * 300,
]

#: News-shaped words, so the finders' rules fire instead of seeing only noise.
WORDS = [
    "killed", "drone", "strike", "attack", "on", "Monday", "January", "3", "2,500", "troops", "about",
    "at least", "in", "Baghdad", "US", "forces", "last", "week", "by", "2025", "rocket", "wounded", "injured",
    "dozens", "of", "-", ",", ".", "\n", "militia", "said", "will", "would", "not", "since", "1990s", "the",
    "fall", "spring", "2024-01-04", "1/4/2024", "hundreds", "%", "$", "5m", "billion", "two", "thousand",
    "half", "a", "million", "century", "decade", "next", "ago", "days", "three", "year", "following", "9999",
    "0001", "10000", "31", "December", "February", "29", "Q4", "mid-", "early", "late", "1e308", "0.0001",
]

texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join),
    st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(HOSTILE), st.text(max_size=6)), max_size=60).map(" ".join),
)
short_texts = st.one_of(st.text(max_size=40), st.sampled_from(HOSTILE), st.sampled_from(WORDS))
published = st.one_of(
    st.none(),
    st.sampled_from(["2024-01-31", "2024-02-29", "0001-01-01", "9999-12-31", "2024-01-31T10:00:00Z", "2024", "x", ""]),
    st.dates().map(lambda d: d.isoformat()),
)


def sentences_of(article_id: str, text: str) -> list[Sentence]:
    """Split ``text`` at full stops and newlines into trimmed sentences (a model-free stand-in)."""
    out: list[Sentence] = []
    for m in re.finditer(r"[^.\n]+[.\n]?", text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append(Sentence(article_id=article_id, start=s, end=e, text=text[s:e], index=len(out)))
    return out
