"""Find number expressions in text: digits, number words, vague quantities and their hedges.

Shared by :mod:`storydesk.annotate.figures` (what a number counts) and
:mod:`storydesk.annotate.events` (how many were killed or injured). Written here rather than taken
from a library because the libraries that parse number words (e.g. ``word2number``) neither give
character offsets nor know hedges like "at least" or ACLED's vague-quantity conventions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storydesk.model import Approx

VERSION = "1"

# ACLED's conventions for vague counts (ACLED Codebook 2019, "Reported fatalities"): "dozens" is
# coded 12 and "hundreds" 100; "several", "many" or "multiple" with nothing better to go on are
# coded 10 in the current codebook (older releases coded "several" as 3, which we do not follow).
# "tens" (a common translation of Arabic "'asharat") is 10, the smallest reading. "thousands" 1000
# and "a few"/"a couple" follow the same smallest-plausible-reading rule. Single words like
# "dozen" (no s) are exact: "a dozen" = 12.
VAGUE_COUNTS: dict[str, int] = {
    "dozens": 12,
    "tens": 10,
    "scores": 20,
    "hundreds": 100,
    "thousands": 1000,
    "tens of thousands": 10000,
    "hundreds of thousands": 100000,
    "millions": 1000000,
    "several": 10,
    "many": 10,
    "multiple": 10,
    "numerous": 10,
    "a few": 3,
    "a couple of": 2,
    "a handful of": 3,
}

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "a dozen": 12, "dozen": 12,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}

_HEDGES: list[tuple[str, Approx]] = [
    (r"at least", "at least"),
    (r"no (?:fewer|less) than", "at least"),
    (r"a minimum of", "at least"),
    (r"more than|over|upwards of|in excess of", "more than"),
    (r"at most|up to|no more than|a maximum of", "at most"),
    (r"less than|fewer than|under", "less than"),
    (
        (
            r"about|approximately|around|roughly|nearly|almost|some|an estimated|estimated|"
            r"close to|an approximate|approximate|circa|about some"
        ),
        "about",
    ),
]
_HEDGE_RE = re.compile(
    r"(?P<hedge>" + "|".join(h for h, _ in _HEDGES) + r")\s+$", re.IGNORECASE
)

_WORD_NUM = "|".join(
    sorted(list(_UNITS) + list(_TENS), key=len, reverse=True)
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:\s+(?:hundred|thousand|million|billion))*"
_NUMBER_RE = re.compile(
    r"(?<![\w.,/-])(?:"
    r"(?P<digits>" + _DIGITS + r")(?P<dscale>" + _SCALE + r")"
    r"|(?P<words>(?:" + _WORD_NUM + r")(?:[-\s](?:" + "|".join(_UNITS) + r"))?" + _SCALE + r")"
    r"|(?P<vague>" + "|".join(sorted(VAGUE_COUNTS, key=len, reverse=True)) + r")"
    r")(?![\w-])",
    re.IGNORECASE,
)
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_MONTH_BEFORE = re.compile(r"(?:" + _MONTHS + r")\.?\s*$", re.IGNORECASE)
_MONTH_AFTER = re.compile(r"^\s*(?:" + _MONTHS + r")\b", re.IGNORECASE)
_ORDINAL_AFTER = re.compile(r"^(?:st|nd|rd|th)\b", re.IGNORECASE)
_PREV_WORD = re.compile(r"([A-Za-z][\w-]*|[#№])[ \u00a0]?$")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number expression found in a text, with its hedge: offsets are into that text."""

    start: int  # includes the hedge ("at least 40")
    end: int
    num_start: int  # the number itself ("40")
    num_end: int
    value: float
    approx: Approx
    is_year: bool = False


def _words_value(words: str) -> float | None:
    total = 0.0
    current = 0.0
    text = words.lower().replace("-", " ")
    text = text.replace("a dozen", "dozen")
    for tok in text.split():
        if tok in _UNITS:
            current += _UNITS[tok]
        elif tok in _TENS:
            current += _TENS[tok]
        elif tok in _SCALES:
            scale = _SCALES[tok]
            current = max(current, 1.0) * scale
            if scale >= 1000:
                total += current
                current = 0.0
        elif tok == "and":
            continue
        else:
            return None
    return total + current


def _digits_value(digits: str, scale: str) -> float:
    value = float(digits.replace(",", ""))
    for tok in scale.lower().split():
        value *= _SCALES[tok]
    return value


def _looks_like_year(text: str, m: re.Match[str], value: float) -> bool:
    digits = m.group("digits")
    if not digits or "," in digits or "." in digits or m.group("dscale").strip():
        return False
    return len(digits) == 4 and 1800 <= value <= 2100


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Return the number expressions in ``text[start:end]`` with offsets into ``text``.

    Dates ("January 28", "28 January"), ordinals ("8th") and numbers glued to names ("Tower 22",
    "T22") are left out; four-digit years are returned flagged ``is_year`` so callers can skip or
    use them as times.
    """
    end = len(text) if end is None else end
    found: list[Quantity] = []
    for m in _NUMBER_RE.finditer(text, start, end):
        n_start, n_end = m.start(), m.end()
        after = text[n_end : n_end + 12]
        before = text[max(start, n_start - 12) : n_start]
        if _ORDINAL_AFTER.match(after):
            continue
        if _MONTH_BEFORE.search(before) or _MONTH_AFTER.match(after):
            continue
        approx: Approx = "exact"
        if m.group("vague"):
            key = m.group("vague").lower()
            value = float(VAGUE_COUNTS[key])
            approx = "vague"
            # "tens of thousands" is matched whole; "hundreds of" is a plain vague hundred.
        elif m.group("digits"):
            prev = _PREV_WORD.search(text, max(start, n_start - 40), n_start)
            if prev and prev.group(1)[:1].isupper() and prev.group(1).lower() not in _COUNT_LEADS:
                continue  # "Tower 22", "Resolution 2334": a name, not a count
            value = _digits_value(m.group("digits"), m.group("dscale"))
        else:
            words_value = _words_value(m.group("words"))
            if words_value is None:
                continue
            value = words_value
        is_year = _looks_like_year(text, m, value)
        q_start = n_start
        hm = _HEDGE_RE.search(text, max(start, n_start - 25), n_start)
        if hm and approx != "vague":
            q_start = hm.start("hedge")
            phrase = re.sub(r"\s+", " ", hm.group("hedge").lower())
            for pattern, kind in _HEDGES:
                if re.fullmatch(pattern, phrase):
                    approx = kind
                    break
        found.append(
            Quantity(
                start=q_start, end=n_end, num_start=n_start, num_end=n_end,
                value=value, approx=approx, is_year=is_year,
            )
        )
    return found


# Capitalised words that may stand right before a count (sentence starts, titles).
_COUNT_LEADS = {
    "about", "at", "some", "over", "nearly", "almost", "around", "roughly", "the", "and", "but",
    "only", "just", "all", "more", "than", "least", "up", "to", "with", "of", "in", "by", "killed",
    "kills", "killing", "approximately", "estimated", "an", "another", "other", "its",
    "their", "his", "her", "those", "these", "while",
}
