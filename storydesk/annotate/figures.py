"""Find key figures: quantities with what they count, their hedge, place and time.

``about 2,500 US troops in Iraq`` becomes ``Figure(value=2500, unit="troops", subject="US troops",
approx="about", place="Iraq", time=None)``; ``about 130,000 during the US invasion of Iraq in
2003`` borrows its unit from "the number of US troops" earlier in the sentence and gets
``time="2003"``, so the linker never groups the two. Years, dates, ordinals, durations and numbers
without anything counted (page chrome such as view counters) are not figures.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storydesk.model import Article, DateExpr, Figure, Mention, Sentence, cite

from .events_sentences import VERSION as UNITS_VERSION
from .events_sentences import sentence_units
from .figures_quantities import VERSION as QUANTITIES_VERSION
from .figures_quantities import Quantity, find_quantities

VERSION = f"4.q{QUANTITIES_VERSION}.units{UNITS_VERSION}"

# Vague words that are too loose to be a key figure ("many sources"); events still use them.
_LOOSE_VAGUE = {"several", "many", "multiple", "numerous", "a few", "a couple of", "a handful of"}
_TIME_UNITS = {
    "year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours",
    "minute", "minutes", "second", "seconds", "decade", "decades", "century", "centuries",
    "times", "time", "am", "pm", "a.m.", "p.m.", "o'clock", "km", "kilometres", "kilometers",
    "miles", "metres", "meters", "mph",
}
# Words that end the counted noun phrase after a number.
_STOP = {
    "in", "on", "at", "to", "from", "during", "since", "by", "for", "with", "and", "or", "but",
    "while", "as", "who", "that", "which", "than", "per", "across", "throughout", "inside",
    "into", "near", "are", "were", "is", "was", "be", "been", "being", "have", "has", "had",
    "will", "would", "could", "may", "might", "can", "should", "must", "remain", "remained",
    "remains", "still", "currently", "now", "the", "a", "an", "of", "this", "these", "those",
    "their", "its", "his", "her", "our", "there", "here", "according", "after", "before",
    "under", "over", "about", "more", "less", "among", "including", "each", "every", "out",
    "so", "if", "when", "where", "said", "say", "says", "told", "reported", "up", "down",
    "last", "next", "ago", "later", "earlier", "also", "not", "no", "all", "both",
    "against", "between", "around", "some", "other", "others", "it", "they", "he", "she", "we",
}
_WORD = re.compile(r"[A-Za-z][\w'’.-]*")
_PLACE_PREP = re.compile(
    r"\b(?:in|inside|across|throughout|into|within|at|near)\s+(?:the\s+)?", re.IGNORECASE
)
_YEAR_PHRASE = re.compile(
    r"\b(?:in|during|by|since|as of|until|till)\b[^,;]{0,60}?\b((?:18|19|20)\d\d)\b", re.IGNORECASE
)
_CLAUSE_END = re.compile(r"[,;:()]|\s(?:while|whereas|but|although|though|even)\s|—|–")
_NUMBER_OF = re.compile(r"\bnumber of ", re.IGNORECASE)
_COUNTRY_WORDS = {"the country", "the nation", "the region"}
_NOT_PLACE = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "the",
}
_CURRENT = re.compile(r"\b(?:currently|now|today|presently|still|at present|remain(?:s|ing)?)\b", re.IGNORECASE)


def find_figures(
    article: Article,
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    dates: Sequence[DateExpr],
) -> tuple[Figure, ...]:
    """Return the figures of an article: every quantity that counts something, with context."""
    text = article.text
    places = sorted((m for m in mentions if m.label in ("GPE", "LOC", "FAC")), key=lambda m: m.start)
    out: list[Figure] = []
    for sent in sentence_units(text, sentences):
        previous: Figure | None = None
        quantities = [q for q in find_quantities(text, sent.start, sent.end) if not q.is_year]
        for i, q in enumerate(quantities):
            if _is_loose(text, q):
                continue
            limit = quantities[i + 1].start if i + 1 < len(quantities) else sent.end
            unit, subject, unit_end = _unit_after(text, q, limit)
            place_from_np: str | None = None
            if unit is None:
                inherited = _inherit_unit(text, sent, q, previous)
                if inherited is None:
                    continue
                unit, subject, place_from_np = inherited
                unit_end = q.end
            if unit.lower() in _TIME_UNITS:
                continue
            kept = _countable(text, sent, q, unit, unit_end)
            if kept is None:
                continue  # "two rivers", "11 p.m", "Three things", "two kilometres south"
            unit, unit_end = kept
            if subject is not None and q.end < unit_end:
                subject = text[q.end : unit_end].strip() if len(text[q.end : unit_end].split()) > 1 else None
            clause_end = _clause_end(text, unit_end, limit)
            place = _place_in(text, unit_end, clause_end, sent, places) or place_from_np
            if place is None and previous is not None and text[previous.end : q.start].strip() in ("", "and", ", and"):
                place = previous.place
            time = _time_in(text, unit_end, clause_end, dates)
            figure = Figure(
                article_id=article.id,
                start=q.start,
                end=unit_end,
                text=text[q.start : unit_end],
                value=q.value,
                unit=unit,
                subject=subject,
                approx=q.approx,
                place=place,
                time=time,
                sentence=cite(article.id, text, sent.start, sent.end),
            )
            out.append(figure)
            previous = figure
    return tuple(out)


# What a key figure counts: people and forces, casualties, attacks, weapons, places of force,
# money, displacement, crowds. Anything else a number counts ("two rivers", "three things",
# "two sides", "two US defence officials") is incidental to the story.
_PEOPLE = {
    "people", "persons", "individuals", "men", "women", "children", "civilians", "soldiers",
    "troops", "service members", "servicemembers", "personnel", "forces", "fighters", "militants",
    "members", "officers", "policemen", "police officers", "protesters", "demonstrators",
    "supporters", "marchers", "refugees", "residents", "americans", "iraqis", "syrians",
    "advisers", "advisors", "contractors", "prisoners", "detainees", "hostages", "workers",
}
_COUNTED = _PEOPLE | {
    "casualties", "killed", "dead", "deaths", "injured", "wounded", "injuries", "attacks",
    "operations", "strikes", "airstrikes", "air strikes", "raids", "bombings", "drones", "rockets",
    "missiles", "mortars", "shells", "bombs", "bases", "outposts", "weapons", "arms", "small arms", "usd", "dollars",
    "percent", "displaced", "arrests", "arrested",
}
_MUNITIONS = {"drones", "rockets", "missiles", "mortars", "shells", "bombs"}
# Not a key figure unless the people counted are the story's (casualties are told by events).
_GENERIC_PEOPLE = {"people", "persons", "individuals", "men", "women", "members", "officers"}
_KILLED_NEAR = re.compile(r"\b(?:killed|killing|kills|dead|died|slain|martyr\w*)\b", re.IGNORECASE)
_INJURED_NEAR = re.compile(r"\b(?:injured|injuring|wounded|wounding|hurt)\b", re.IGNORECASE)


def _countable(text: str, sent: Sentence, q: Quantity, unit: str, unit_end: int) -> tuple[str, int] | None:
    """Return (unit, end) when the figure counts something a reader of the story cares about."""
    tokens = unit.lower().split()
    head = " ".join(tokens[-2:]) if " ".join(tokens[-2:]) in _COUNTED else (tokens[-1] if tokens else "")
    if head not in _COUNTED:
        # "more than 20,000 people took part": the counted noun is the first word
        first = tokens[0] if tokens else ""
        if first not in _COUNTED:
            return None
        head = first
        # The unit ends after its first word. The unit's text may not follow the number
        # ("a crowd of people, 20,000"): then no word lies between, and it is not a count of it.
        words = text[q.end : unit_end].split()
        if not words:
            return None
        unit_end = text.index(words[0], q.end) + len(words[0])
    if head in _MUNITIONS and q.value < 10:
        return None  # "two drones", "at least three rockets": the make-up of one event, not a figure
    if head in _PEOPLE:
        # "killed two men", "Two individuals were killed": a toll, counted as such
        left = text[max(sent.start, q.start - 30) : q.start]
        right = text[unit_end : min(sent.end, unit_end + 25)]
        if _KILLED_NEAR.search(left) or re.match(r"\s+(?:were|was|have been|had been)\s+killed\b", right):
            return "killed", unit_end
        if _INJURED_NEAR.search(left) or re.match(r"\s+(?:were|was|have been|had been)\s+(?:injured|wounded|hurt)\b", right):
            return "injured", unit_end
        if head in _GENERIC_PEOPLE and q.value < 10:
            return None  # "two men", "six members": small counts of people are not key figures
    return unit if head == unit.lower() else head, unit_end


def _is_loose(text: str, q: Quantity) -> bool:
    return q.approx == "vague" and text[q.num_start : q.num_end].lower() in _LOOSE_VAGUE


def _unit_after(text: str, q: Quantity, limit: int) -> tuple[str | None, str | None, int]:
    """Read the counted noun phrase after a number: (unit, subject, end offset)."""
    pos = q.end
    if text[pos : pos + 1] == "%" or re.match(r"\s*(?:per ?cent|percent)\b", text[pos:limit], re.IGNORECASE):
        m = re.match(r"%|\s*(?:per ?cent|percent)", text[pos:limit], re.IGNORECASE)
        assert m is not None
        return "percent", None, pos + m.end()
    if text[max(0, q.num_start - 1) : q.num_start] == "$":
        return "USD", None, q.end
    m = re.match(r"\s+of\s+", text[pos:limit])
    if m and q.approx == "vague":
        pos += m.end()
    return _read_np(text, pos, limit)


def _read_np(text: str, pos: int, limit: int) -> tuple[str | None, str | None, int]:
    """Read a short noun phrase starting at ``pos``: (unit, subject, end offset)."""
    words: list[re.Match[str]] = []
    cursor = pos
    while len(words) < 4:
        gap = re.match(r"(?:[ \u00a0]|[\"“”])*", text[cursor:limit])
        if gap is None or (words and gap.end() == 0):
            break
        cursor += gap.end()
        w = _WORD.match(text, cursor, limit)
        if w is None:
            break
        token = w.group().rstrip(".")
        low = token.lower()
        if low in _STOP:
            break
        if words and low.endswith(("ing", "ed")):
            break
        words.append(w)
        cursor = w.start() + len(token)
    if not words:
        return None, None, pos
    end = words[-1].start() + len(words[-1].group().rstrip("."))
    phrase = text[words[0].start() : end]
    tokens = phrase.split()
    unit_tokens: list[str] = []
    for tok in reversed(tokens):
        if tok[:1].isupper() and unit_tokens:
            break
        unit_tokens.insert(0, tok)
        if tok[:1].isupper():
            break
    unit = " ".join(unit_tokens).lower()
    if not unit or not unit[0].isalpha():
        return None, None, pos
    subject = phrase if len(tokens) > 1 else None
    return unit, subject, end


def _inherit_unit(
    text: str, sent: Sentence, q: Quantity, previous: Figure | None
) -> tuple[str, str | None, str | None] | None:
    """Borrow the unit of an elliptical number ("900 soldiers in Syria and 2,500 in Iraq")."""
    before = text[sent.start : q.start]
    m = None
    for m in _NUMBER_OF.finditer(before):
        pass
    if m is not None:
        unit, subject, np_end = _read_np(text, sent.start + m.end() - 1, q.start)
        if unit is None:
            return None
        after = text[np_end : q.start]
        pm = re.match(r"\s+(?:in|inside)\s+(?:the\s+)?([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)", after)
        return unit, subject, pm.group(1) if pm else None
    if previous is not None:
        between = text[previous.end : q.start]
        if len(between) < 60 and re.search(r"(?:\band|\bwhile|\bto|\bfrom|,)\s*$", between):
            return previous.unit, previous.subject, None
    return None


def _clause_end(text: str, start: int, limit: int) -> int:
    m = _CLAUSE_END.search(text, start, limit)
    return m.start() if m else limit


_FORCE_AFTER = re.compile(
    r"[\s-]+(?:troops|forces|soldiers|military|army|personnel|service members|invasion|officials)\b",
    re.IGNORECASE,
)


def _place_in(
    text: str, start: int, end: int, sent: Sentence, places: Sequence[Mention]
) -> str | None:
    """Return the place the figure is in, from "in/across/stationed in X" after it."""
    for pm in _PLACE_PREP.finditer(text, start, end):
        at = pm.end()
        phrase = text[pm.start() : at].lower().strip()
        for mention in places:
            if mention.start == at or (mention.start > at and text[at : mention.start].strip() == ""):
                return mention.text
        if re.match(r"(?:the )?(?:country|nation)\b", text[at - 4 if phrase.endswith("the") else at : end], re.IGNORECASE):
            # "US troops" names whose troops, not where they are: skip such modifiers.
            earlier = [
                m for m in places
                if sent.start <= m.start < start and m.label == "GPE"
                and not _FORCE_AFTER.match(text, m.end)
            ]
            if earlier:
                return earlier[-1].text
            cap = re.findall(r"\bin\s+([A-Z][a-z]+)\b", text[sent.start : start])
            return cap[-1] if cap else None
        if not places or not any(sent.start <= m.start < sent.end for m in places):
            # no named-entity layer for this sentence: a capitalised phrase stands in for a place
            cm = re.match(r"([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})", text[at:end])
            if cm and cm.group(1).split()[0].lower() not in _NOT_PLACE:
                return cm.group(1)
    return None


def _time_in(text: str, start: int, end: int, dates: Sequence[DateExpr]) -> str | None:
    """Return when the figure held, from a date in its clause; None means now."""
    window = text[start:end]
    if _CURRENT.search(window):
        return None
    for d in sorted(dates, key=lambda d: d.start):
        if start <= d.start < end and d.value and d.value[0].isdigit():
            prefix = text[start : d.start]
            if re.search(r"\b(?:in|during|by|since|as of|until|at the end of|end of)\b", prefix, re.IGNORECASE):
                return d.value
    m = _YEAR_PHRASE.search(text, start, end)
    if m:
        return m.group(1)
    return None
