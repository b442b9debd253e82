"""Words of English temporal expressions: months, weekdays, units, number words, and their regexes."""

from __future__ import annotations

import re

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}
SEASON_CODES: dict[str, str] = {
    "spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI",
}
PART_OF_DAY: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
}
#: TIMEX3 duration letter of each unit ("T" marks units below a day).
UNIT_CODES: dict[str, str] = {
    "second": "TS", "minute": "TM", "hour": "TH", "day": "D", "week": "W", "weekend": "WE",
    "fortnight": "W", "month": "M", "quarter": "Q", "year": "Y", "decade": "DE", "century": "CE",
}
NUMBER_WORDS: dict[str, float] = {
    "zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "half a": 0.5, "a half": 0.5,
    "a dozen": 12, "dozen": 12, "a couple of": 2, "couple of": 2, "a couple": 2,
}
#: Quantities TIMEX3 writes as "X" (unknown amount): "several years" is PXY.
VAGUE_NUMBERS = (
    "several", "a few", "few", "some", "many", "a number of", "numerous", "a couple of",
    "a couple", "dozens of", "hundreds of", "the last few", "the past few", "a matter of",
)
ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4, "last": 4,
    "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
}


def _alt(words: list[str] | tuple[str, ...]) -> str:
    """Return a regex alternation of ``words``, longest first so the engine prefers them."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


MONTH_FULL = _alt([m for m in MONTHS if len(m) > 4 or m in ("may", "june", "july")])
# Abbreviations only with a period or before a day number, so "Jan" the name and "mar" the verb stay out.
MONTH_ABBR = r"(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)(?:\.|(?=\s+\d))"
MONTH = rf"(?:{MONTH_FULL}|{MONTH_ABBR})"
WEEKDAY = rf"(?:{_alt(list(WEEKDAYS))})"
WEEKDAY_ABBR = r"(?:mon|tues?|wed|thurs?|fri|sat|sun)\."
SEASON = rf"(?:{_alt(list(SEASON_CODES))})"
PART = r"(?:morning|afternoon|evening|night)"
DAYNUM = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[5-9]\d\d|20\d\d)"
NUMWORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|"
    r"six|seven|eight|nine))?|" + _alt([w for w in NUMBER_WORDS if w not in ("a", "an")]) + ")"
)
NUMBER = rf"(?:\d+(?:\.\d+)?(?:\s+1/2)?|{NUMWORD}(?:\s+and\s+a\s+half)?)"
VAGUE = _alt(list(VAGUE_NUMBERS))
UNIT = r"(?:second|minute|hour|day|week|weekend|fortnight|month|quarter|year|decade|century)"
UNITS = r"(?:seconds|minutes|hours|days|weeks|weekends|fortnights|months|quarters|years|decades|centuries)"


def unit_of(word: str) -> str:
    """Return the singular unit name of a (possibly plural) unit word."""
    w = word.lower()
    if w == "centuries":
        return "century"
    return w[:-1] if w.endswith("s") else w


def number_value(words: str) -> float | None:
    """Return the value of a number written in digits or English words, None when vague."""
    w = re.sub(r"\s+", " ", words.strip().lower())
    w = w.replace("-", " ")
    extra = 0.0
    if w.endswith(" and a half"):
        w, extra = w[: -len(" and a half")], 0.5
    if w.endswith(" 1/2"):
        w, extra = w[:-4], 0.5
    try:
        return float(w) + extra
    except ValueError:
        pass
    if w in NUMBER_WORDS:
        return NUMBER_WORDS[w] + extra
    parts = w.split(" ")
    if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS:
        return NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]] + extra
    return None
