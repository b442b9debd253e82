"""Remove site chrome line by line from article text, keeping every removed line and its reason.

Rules match whole lines and are length-bounded, so they cannot swallow a paragraph: a rule
that would remove a line of article prose is a bug (tests/clean/test_chrome.py). Header lines
(byline, dateline, counters) are only looked for above the first paragraph; blocks of
unrelated headlines only after a block marker ("More Stories", "Previous Article", ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import RemovedLine
from .textdates import find_dates

# --------------------------------------------------------------------------- line rules

_SUMMARY_PROMPT = re.compile(
    r"^(no time to read\??|get (a|the) summary|summari[sz]e (this|the) article|show summary|"
    r"listen to (this|the) (article|story)( \(?\d+ min(utes?)?\)?)?)$",
    re.IGNORECASE,
)
_NAVIGATION = re.compile(r"^(«\s*)?(previous|prev|next)( (article|post|story|page))?\s*(»)?\s*(:.{0,160})?$", re.IGNORECASE)
_BLOCK_HEADER = re.compile(
    r"^(more (stories|news|articles|from [\w' ]{1,40})|related( (articles?|stories|news|posts|content|coverage))?|"
    r"read (also|more|next)|also read|see also|you (may|might) also like|recommended( for you| stories)?|"
    r"most (read|popular|viewed|shared)|latest( news| stories| articles)?|trending( now| stories)?|"
    r"top stories|editor'?s picks|don'?t miss|what to read next|in other news|more on this story)\s*:?$",
    re.IGNORECASE,
)
_INLINE_RELATED = re.compile(r"^(read (also|more|next)|also read|see also|related)\s*:\s*\S.{0,160}$", re.IGNORECASE)
_COPYRIGHT = re.compile(r"(©|\(c\)|\bcopyright\b|\ball rights reserved\b|\ball publishing rights\b|\brights reserved\b)", re.IGNORECASE)
_SUBSCRIBE = re.compile(
    r"^(subscribe|sign up|join (our|us)|follow us|download (our|the) app|get (our|the) [\w' ]{0,40}newsletter|"
    r"register (now|for free)|become a (member|subscriber))\b.{0,120}$",
    re.IGNORECASE,
)
_COMMENTS = re.compile(
    r"^(comments?\s*\(\d+\)|\d+\s+comments?|leave a (comment|reply)|add a comment|post a comment|"
    r"(show|view|read) comments|no comments yet)\.?$",
    re.IGNORECASE,
)
_TAGS = re.compile(r"^(tags|topics|filed under|keywords|categories)\s*:\s*.{0,200}$", re.IGNORECASE)
_DISCLAIMER = re.compile(
    r"^the (views|opinions) expressed (in this (article|piece|column)|here(in)?) (are|is) .{0,200}$", re.IGNORECASE
)
_ADVERT = re.compile(r"^(advertisement|sponsored( content)?|ad|scroll to continue with content)$", re.IGNORECASE)
_SHARE_WORDS = (
    r"share|share this|share this (article|story|post|page)|share on \w+|tweet|email|e-mail|print|copy link|"
    r"save|bookmark|whatsapp|facebook|twitter|x|telegram|linkedin|reddit|pinterest|messenger|threads|"
    r"font size:?( a\+ ?a-)?|a\+|a-|comments?"
)
_SHARE_PART = re.compile(rf"^({_SHARE_WORDS})$", re.IGNORECASE)

# --------------------------------------------------------------------------- header rules

_COUNTER = re.compile(r"^\d[\d,.]*\s*(k\s*)?(views?|reads?|shares?|comments?)?$", re.IGNORECASE)
_READING_TIME = re.compile(r"^(reading time\s*:?\s*)?(\d+|an?|one)\s*(-\s*)?min(ute)?s?\.?( read)?$|^reading time\s*:?.{0,20}$", re.IGNORECASE)
_LABEL = re.compile(
    r"^(opinion|analysis|comment|commentary|editorial|exclusive|breaking( news)?|live|explainer|"
    r"feature|interview|news|world|middle east|politics|update|updated)$",
    re.IGNORECASE,
)
_BY = re.compile(r"^(?:(?:posted|written|reported|compiled|edited)\s+)?by\s+(?P<rest>.+)$", re.IGNORECASE)
_NAME_STOP = re.compile(r"\s+(?:\||-|–|—|·|•|on|at)\s+|\s*[|,]\s*|\s{2,}", re.IGNORECASE)
_NAME_WORD = re.compile(r"^(?:[A-Z][\w.'’-]*|al-[\w'-]+|el-[\w'-]+|de|van|von|bin|ibn|and|&)$")
_NOT_NAME = re.compile(
    r"^(the|a|an|this|that|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|"
    r"march|april|may|june|july|august|september|october|november|december|end|then|now)$",
    re.IGNORECASE,
)
_HEADER_NOISE = re.compile(
    r"\b(updated|published|last updated|posted|at|on)\b|\b\d{1,2}[:.]\d\d(\s*[ap]\.?m\.?)?\b|\b(gmt|utc|ast|est|edt)\b|"
    r"\b\d[\d,.]*\s*(views?|reads?|shares?|comments?)\b|\b\d+\s*min(ute)?s?( read)?\b|\b\d+\b|"
    r"\b(mon|tues?|wed(nes)?|thu(rs)?|fri|sat(ur)?|sun)(day)?\b",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(r"[|·•–—\-/,:]+")

#: Lines longer than this are prose, whatever they look like.
MAX_CHROME_CHARS = 200


@dataclass(frozen=True, slots=True)
class Cleaned:
    """Article text with chrome removed, the removed lines, and what the header lines said."""

    text: str
    removed: tuple[RemovedLine, ...]
    title: str | None = None
    byline: str | None = None
    published: str | None = None  # YYYY-MM-DD read from a header line
    outlet: str | None = None


def is_paragraph(line: str) -> bool:
    """Say whether a line reads as article prose rather than a heading or chrome."""
    stripped = line.strip()
    words = len(stripped.split())
    # a question mark ends many headlines, a full stop almost none
    return words >= 20 or len(stripped) >= 150 or (words >= 10 and stripped.rstrip("\"”’'")[-1:] == ".")


def line_rule(line: str) -> str | None:
    """Return the reason a line is chrome wherever it appears, or None."""
    s = line.strip()
    if not s or len(s) > MAX_CHROME_CHARS + 100:
        return None
    if _DISCLAIMER.match(s):
        return "disclaimer"
    if len(s) > MAX_CHROME_CHARS:
        return None
    if _SUMMARY_PROMPT.match(s):
        return "summary-prompt"
    if _NAVIGATION.match(s):
        return "navigation"
    if _INLINE_RELATED.match(s):
        return "related-headline"
    if _BLOCK_HEADER.match(s):
        return "related-header"
    if _COMMENTS.match(s):
        return "comments"
    if _TAGS.match(s):
        return "tags"
    if _ADVERT.match(s):
        return "advert"
    if _SUBSCRIBE.match(s) and len(s.split()) <= 16:
        return "subscribe-prompt"
    if _is_share(s):
        return "share-prompt"
    if _COPYRIGHT.search(s) and len(s.split()) <= 20 and not s.endswith(("?", "!")):
        return "copyright"
    return None


def _is_share(s: str) -> bool:
    parts = [p.strip() for p in re.split(r"\s*[|·•/]\s*", s) if p.strip()]
    if parts and all(_SHARE_PART.match(p) for p in parts):
        return True
    words = s.split()
    return len(words) >= 2 and all(_SHARE_PART.match(w) for w in words)


def outlet_from_rights(line: str) -> str | None:
    """Return the outlet a copyright line names (``© 2024 Gulf Ledger``), if any."""
    s = line.strip()
    m = re.search(r"reserved\s+(?:to|by|for)\s+(?:the\s+)?(.+?)\.?$", s, re.IGNORECASE)
    if m:
        return _clean_outlet(m.group(1))
    s = re.sub(r"\ball (publishing )?rights( and copyrights)? reserved\b\.?", " ", s, flags=re.IGNORECASE)
    s = re.sub(r"©|\(c\)|\bcopyright\b|\b(19|20)\d\d\b(\s*[-–]\s*(19|20)?\d\d)?", " ", s, flags=re.IGNORECASE)
    return _clean_outlet(s)


def _clean_outlet(value: str) -> str | None:
    value = re.sub(r"\s+", " ", value).strip(" .,;:|-–—")
    if not value or len(value.split()) > 6 or not re.search(r"[A-Za-z]", value):
        return None
    return value


# --------------------------------------------------------------------------- header lines


@dataclass(frozen=True, slots=True)
class _Header:
    reason: str
    byline: str | None = None
    published: str | None = None
    outlet: str | None = None


def header_rule(line: str) -> _Header | None:
    """Classify a line above the first paragraph: byline, dateline, counter, label."""
    s = line.strip()
    if not s or len(s) > 160 or is_paragraph(s) and len(s.split()) >= 20:
        return None
    dates = [d for d in find_dates(s) if d.precision == "day"]
    published = dates[0].earliest.isoformat() if dates else None
    by = _BY.match(s)
    if by:
        rest = by.group("rest")
        if dates:
            offset = by.start("rest")
            rest = s[offset : dates[0].start] if dates[0].start > offset else rest
        name = _NAME_STOP.split(rest, maxsplit=1)[0].strip(" |,-–—")
        if _looks_like_name(name):
            tail = s[by.start("rest") + len(rest) :] if dates else _NAME_STOP.split(rest, maxsplit=1)[-1]
            if not dates or _only_noise(_strip_dates(tail)):
                return _Header("byline", byline=name, published=published)
    if dates:
        remainder = _strip_dates(s)
        leftover = _HEADER_NOISE.sub(" ", remainder)
        words = [w for w in _SEPARATORS.sub(" ", leftover).split() if w]
        if len(words) <= 5:
            outlet = None
            if words:
                first = _SEPARATORS.split(_strip_dates(s).strip())[0]
                outlet = _clean_outlet(_HEADER_NOISE.sub(" ", first)) if first.strip() else None
            return _Header("dateline", published=published, outlet=outlet)
        return None
    if _COUNTER.match(s):
        return _Header("view-counter")
    if _READING_TIME.match(s):
        return _Header("reading-time")
    if _LABEL.match(s):
        return _Header("label")
    return None


def _strip_dates(s: str) -> str:
    for found in sorted(find_dates(s), key=lambda d: d.start, reverse=True):
        s = s[: found.start] + " " + s[found.end :]
    return s


def _only_noise(s: str) -> bool:
    leftover = _HEADER_NOISE.sub(" ", s)
    return not [w for w in _SEPARATORS.sub(" ", leftover).split() if w]


def _looks_like_name(name: str) -> bool:
    words = name.split()
    if not 1 <= len(words) <= 6:
        return False
    if _NOT_NAME.match(words[0]):
        return False
    return all(_NAME_WORD.match(w) for w in words) and any(w[:1].isupper() for w in words)


def _looks_like_outlet_line(line: str) -> bool:
    words = line.split()
    return 1 <= len(words) <= 6 and all(w[:1].isupper() or w in ("of", "the", "and", "&") for w in words) and line[-1:] not in ".!?:"


# --------------------------------------------------------------------------- the pass


def strip_chrome(raw: str, *, known_title: bool = False) -> Cleaned:
    """Remove chrome lines from ``raw`` (already newline-normalized) and read header metadata.

    ``known_title`` says the title came from elsewhere (HTML metadata), so the first line is
    not taken as the title.
    """
    lines = raw.split("\n")
    reasons: list[str | None] = [None] * len(lines)
    title: str | None = None
    byline: str | None = None
    published: str | None = None
    outlet: str | None = None

    nonempty = [i for i, line in enumerate(lines) if line.strip()]
    first_paragraph = next((i for i in nonempty if is_paragraph(lines[i])), len(lines))
    header_zone = [i for i in nonempty if i < first_paragraph][:12]

    for i in nonempty:
        reasons[i] = line_rule(lines[i])

    title_index: int | None = None
    if not known_title and header_zone:
        i = header_zone[0]
        s = lines[i].strip()
        if reasons[i] is None and header_rule(s) is None and len(s) <= 250 and not s.endswith("."):
            title, title_index = s, i

    for pos, i in enumerate(header_zone):
        if i == title_index or reasons[i] is not None:
            continue
        found = header_rule(lines[i])
        if found is None:
            nxt = header_zone[pos + 1] if pos + 1 < len(header_zone) else None
            # an outlet name alone on the line right above a dateline ("Desert Courier Agency")
            if nxt is not None and _looks_like_outlet_line(lines[i].strip()):
                after = header_rule(lines[nxt])
                if after is not None and after.reason == "dateline":
                    reasons[i] = "outlet"
                    outlet = outlet or _clean_outlet(lines[i])
            continue
        reasons[i] = found.reason
        byline = byline or found.byline
        published = published or found.published
        outlet = outlet or found.outlet

    _mark_blocks(lines, reasons, nonempty)

    for i in nonempty:
        if reasons[i] == "copyright" and outlet is None:
            outlet = outlet_from_rights(lines[i])

    kept: list[str] = []
    removed: list[RemovedLine] = []
    for i, line in enumerate(lines):
        if reasons[i] is not None:
            removed.append(RemovedLine(text=line.strip(), reason=reasons[i] or "", line_no=i))
        else:
            kept.append(line.rstrip())
    return Cleaned(
        text=_join(kept),
        removed=tuple(removed),
        title=title,
        byline=byline,
        published=published,
        outlet=outlet,
    )


def _mark_blocks(lines: list[str], reasons: list[str | None], nonempty: list[int]) -> None:
    """Remove the unrelated headlines that follow a block marker, up to the next prose."""
    in_block = False
    for pos, i in enumerate(nonempty):
        reason = reasons[i]
        if reason in ("related-header", "navigation"):
            in_block = True
            continue
        if not in_block:
            continue
        if reason is not None:
            continue
        s = lines[i].strip()
        if is_paragraph(s) or len(s) > 160:
            in_block = False
            continue
        nxt = nonempty[pos + 1] if pos + 1 < len(nonempty) else None
        if nxt is not None and reasons[nxt] is None and is_paragraph(lines[nxt]):
            in_block = False  # a heading that introduces prose: the article goes on
            continue
        reasons[i] = "related-headline"


def _join(kept: list[str]) -> str:
    out: list[str] = []
    for line in kept:
        if not line.strip():
            if out and out[-1] != "":
                out.append("")
            continue
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)
