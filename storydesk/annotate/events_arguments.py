"""Find the arguments of an event trigger: actor 1, actor 2 (target), location and named victims.

With a spaCy ``Doc`` the dependency parse decides (subject/agent = actor 1, object/passive
subject/"on X"/"against X" = actor 2, "in/near/at X" = location); without one, or where the parse
says nothing, surface patterns around the trigger do ("by X", "a US strike", "X attacked Y").
Arguments snap to named-entity mentions when one covers the words; without an entity layer,
capitalised phrases stand in for them, so the rules still work on hand-built or unparsed input.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storydesk.model import Citation, Mention, Sentence, cite

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

VERSION = "5"


@dataclass(frozen=True, slots=True)
class Arguments:
    """The argument spans of one event mention."""

    actor1: Citation | None = None
    actor2: Citation | None = None
    location: Citation | None = None
    victims: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True)
class _Cand:
    start: int
    end: int
    label: str  # an EntityLabel, or "CAP" for a capitalised phrase standing in for one


_ACTOR_LABELS = {"PERSON", "ORG", "NORP", "GPE", "CAP"}
_PLACE_LABELS = {"GPE", "LOC", "FAC", "CAP"}
_CAP = re.compile(
    r"(?:(?:al|el|an|ad|as|at|ash|ar)-)?[A-Z][\w'’-]*(?:[ \t]+(?:(?:of|al|the|de|bin|ibn)[ \t]+)?"
    r"(?:(?:al|el|an|ad|as|at|ash|ar)-)?[A-Z][\w'’-]*)*"
)
_NOT_NAMES = {
    "the", "a", "an", "on", "in", "at", "last", "this", "that", "these", "those", "it", "he",
    "she", "they", "we", "i", "but", "and", "however", "meanwhile", "since", "after", "before",
    "when", "while", "although", "despite", "according", "officials", "some", "many", "there",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "his", "her", "their", "its", "our", "as", "if", "no", "not",
    "even", "still", "then", "also", "yet", "so", "thus", "for", "with", "from", "by", "to",
}
_MODE_WORDS = re.compile(
    r"^(?:a |an |the )?(?:drones?|marches|missiles?|rockets?|mortars?|artillery|shells?|bombs?|"
    r"warplanes?|jets|aircraft|IEDs?|explosives?|gunfire|grenades?)\b", re.IGNORECASE,
)
_BY_TIME = re.compile(
    r"(?:the\s+)?(?:end|middle|start|beginning|close|spring|summer|autumn|fall|winter)\b|"
    r"(?:mid-?)?(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|\d{4}|next|this|then|now|tomorrow|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday)\b", re.IGNORECASE,
)
_BY = re.compile(r"\bby\s+(?:the\s+|an?\s+)?", re.IGNORECASE)
_TARGET = re.compile(r"\s*(?:on|against|targeting|at|upon)\s+(?:the\s+|an?\s+)?", re.IGNORECASE)
_PLACE_PREP = re.compile(
    r"\b(?:in|near|at|outside|inside|around|on the outskirts of|north of|south of|east of|"
    r"west of|northeast of|northwest of|southeast of|southwest of)\s+(?:the\s+)?",
    re.IGNORECASE,
)
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are|be|got)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_KILL_WORD = re.compile(r"\b(?:killed|killing|kills?|death of|deaths of|assassinat\w*|executed|slain|shot dead)\b", re.IGNORECASE)
_KILLED_AFTER = re.compile(r"[^.;]{0,80}?\b(?:was|were)\s+(?:\w+ly\s+)?(?:killed|slain|assassinated|executed)\b", re.IGNORECASE)
_MODIFIER_GAP = re.compile(r"^(?:['’]s)?(?:[\s-]+[a-z][\w-]*){0,2}[\s-]*$")
_DET_GAP = re.compile(r"^\s*(?:(?:the|a|an|two|three|several|senior|top|prominent|local|its|their)\s+)*$", re.IGNORECASE)
_NP = re.compile(r"(?:[\w'’\"“”-]+\s*){1,7}?(?=[,.;:]|\s+(?:near|in|at|on|which|that|who|resulted|killing|injuring|wounding|and|as|after|before|during|by|from)\b|$)")


def find_arguments(
    text: str,
    sent: Sentence,
    t_start: int,
    t_end: int,
    mentions: Sequence[Mention],
    doc: Doc | None = None,
    base: int = 0,
) -> Arguments:
    """Return the arguments of the trigger at ``text[t_start:t_end]`` within ``sent``.

    ``doc`` is a dependency parse of the sentence (or of the whole text) whose first character
    is ``text[base]``.
    """
    cands = _candidates(text, sent, mentions)
    aid = sent.article_id
    actor1 = actor2 = location = None
    if doc is not None:
        actor1, actor2, location = _from_parse(text, doc, t_start, t_end, cands, aid, base)
    trigger = text[t_start:t_end]
    verbal = _is_verbal(text, sent, t_start, trigger)
    passive = verbal and bool(_PASSIVE.search(text[max(sent.start, t_start - 25) : t_start]))
    if actor1 is None:
        actor1 = _by_agent(text, sent, t_end, cands, aid)
    if actor1 is None and not verbal:
        actor1 = _modifier(text, sent, t_start, cands, aid)
    if actor1 is None and verbal and not passive:
        actor1 = _before(text, sent, t_start, cands, aid, _ACTOR_LABELS - {"CAP"}) or _before(
            text, sent, t_start, cands, aid, {"CAP"}
        )
        if actor1 is None:
            m = _SUBJECT_NP.search(text, max(sent.start, t_start - 40), t_start)
            if m:
                actor1 = cite(aid, text, m.start(1), m.end(1))
    if actor2 is None:
        actor2 = _target(text, sent, t_end, cands, aid)
    if actor2 is None and verbal and not passive:
        actor2 = _object(text, sent, t_end, cands, aid)
        if actor2 is None and _OBJECT_START.match(text, t_end, sent.end):
            actor2 = _np(text, aid, t_end + 1, sent.end)
    if actor2 is None and passive:
        # "the outpost "T22" was targeted": a facility can be the passive subject, the target.
        actor2 = _before(text, sent, t_start, cands, aid, _ACTOR_LABELS | {"FAC"})
    site = _site_in(actor2, cands, text, aid)
    if site is not None:
        # The site attacked ("an attack on the "Tower 22" outpost near al-Tanf") is where the
        # event happened; the place it is near only locates the site.
        location = site
    if location is None:
        location = _location(text, sent, t_start, t_end, cands, aid)
    victims = _victims(text, sent, cands, aid)
    if actor1 is not None and actor2 is not None and actor1.start == actor2.start:
        actor2 = None
    return Arguments(actor1=actor1, actor2=actor2, location=location, victims=victims)


_NOMINAL_LEFT = re.compile(
    r"(?:\b(?:the|a|an|this|that|these|those|its|their|his|her|our|my|your|any|no|every)|['’]s)"
    r"\s+(?:[\w-]+\s+)?$", re.IGNORECASE,
)
_NOUN_SUFFIX = re.compile(r"(?:tion|tions|sion|sions|ment|ments|ance|ence|ity|ure|ures|al|als|ing)$", re.IGNORECASE)
_OBJECT_START = re.compile(r" (?!(?:in|on|at|to|by|for|from|with|of|that|which|who|and|or|but|as|after|before|during|since|when|while)\b)[\w\"“]", re.IGNORECASE)


_SUBJECT_NP = re.compile(
    r"(?:^|[\s,;])((?:he|she|they|it|we|i|(?:the|a|an|its|their|his|her)\s+(?:[a-z][\w-]*\s+)?[a-z][\w-]*))"
    r"\s+(?:(?:has|have|had|was|were|is|are|will|would|could|also|reportedly|allegedly|then|later|"
    r"never|not|did)\s+)*$",
    re.IGNORECASE,
)


def _is_verbal(text: str, sent: Sentence, t_start: int, trigger: str) -> bool:
    """Guess whether a trigger is used as a verb ("attacked", "urges") or a noun ("the attack")."""
    if _NOMINAL_LEFT.search(text[max(sent.start, t_start - 30) : t_start]):
        return False
    if re.search(r"(?:ed|struck|fought|shot|kills?)$", trigger, re.IGNORECASE):
        return True
    return " " not in trigger and not _NOUN_SUFFIX.search(trigger)


def _candidates(text: str, sent: Sentence, mentions: Sequence[Mention]) -> list[_Cand]:
    """Return the sentence's entity mentions plus capitalised phrases no mention covers.

    The capitalised phrases stand in for names the entity layer missed (or for the whole layer
    when there is none); on the RAMS/WikiEvents dev sets the union beat either alone.
    """
    own = [
        _Cand(m.start, m.end, m.label)
        for m in mentions
        if sent.start <= m.start and m.end <= sent.end
    ]
    cands = list(own)
    for m in _CAP.finditer(text, sent.start, sent.end):
        words = m.group().split()
        while words and words[0].lower() in _NOT_NAMES:
            words = words[1:]
        if not words:
            continue
        start = m.start() + m.group().index(words[0])
        end = m.end()
        if any(c.start < end and start < c.end for c in own):
            continue
        cands.append(_Cand(start, end, "CAP"))
    return sorted(cands, key=lambda c: c.start)


def _cite(text: str, aid: str, c: _Cand) -> Citation:
    return cite(aid, text, c.start, c.end)


def _by_agent(text: str, sent: Sentence, t_end: int, cands: list[_Cand], aid: str) -> Citation | None:
    window_end = min(sent.end, t_end + 70)
    for m in _BY.finditer(text, t_end, window_end):
        if _MODE_WORDS.match(text[m.end() : m.end() + 20]) or _BY_TIME.match(text, m.end()):
            continue  # "by drones" is the weapon, "by the end of 2025" a deadline
        if re.search(r"[.;]", text[t_end : m.start()]):
            return None
        for c in cands:
            if c.label in _ACTOR_LABELS and m.end() <= c.start <= m.end() + 25 and _DET_GAP.match(text[m.end() : c.start]):
                return _cite(text, aid, c)
        return _np(text, aid, m.end(), sent.end)
    return None


def _modifier(text: str, sent: Sentence, t_start: int, cands: list[_Cand], aid: str) -> Citation | None:
    for c in reversed(cands):
        if c.end <= t_start and t_start - c.end <= 20 and c.label in _ACTOR_LABELS | {"GPE"}:
            if _MODIFIER_GAP.match(text[c.end : t_start]):
                return _cite(text, aid, c)
            return None
    return None


def _before(
    text: str, sent: Sentence, t_start: int, cands: list[_Cand], aid: str, labels: set[str]
) -> Citation | None:
    clause = max(text.rfind(";", sent.start, t_start), sent.start)
    for c in reversed(cands):
        if clause <= c.start and c.end <= t_start and c.label in labels and t_start - c.end <= 90:
            between = text[c.end : t_start]
            if re.search(r"\b(?:said|says|told|according)\b", between):
                return None
            return _cite(text, aid, c)
    return None


def _target(text: str, sent: Sentence, t_end: int, cands: list[_Cand], aid: str) -> Citation | None:
    m = _TARGET.match(text, t_end, sent.end)
    if not m:
        return None
    np_match = _NP.match(text, m.end(), sent.end)
    np_end = m.end() + (len(np_match.group().rstrip()) if np_match else 0)
    for c in cands:
        if c.label in _ACTOR_LABELS | {"FAC"} and m.end() <= c.start < max(np_end, m.end() + 1):
            return _cite(text, aid, c)
    return _np(text, aid, m.end(), sent.end)


def _object(text: str, sent: Sentence, t_end: int, cands: list[_Cand], aid: str) -> Citation | None:
    for c in cands:
        if c.start >= t_end and c.start - t_end <= 30 and c.label in _ACTOR_LABELS:
            if _DET_GAP.match(text[t_end : c.start]):
                return _cite(text, aid, c)
            return None
    return None


def _np(text: str, aid: str, start: int, limit: int) -> Citation | None:
    m = _NP.match(text, start, limit)
    if not m or not m.group().strip():
        return None
    end = start + len(m.group().rstrip())
    if end <= start or _MODE_WORDS.match(text[start:end]):
        return None
    return cite(aid, text, start, end)


def _location(
    text: str, sent: Sentence, t_start: int, t_end: int, cands: list[_Cand], aid: str
) -> Citation | None:
    best: tuple[int, _Cand] | None = None
    for m in _PLACE_PREP.finditer(text, sent.start, sent.end):
        for c in cands:
            if c.label in _PLACE_LABELS and c.start == m.end():
                if text[c.start : c.end].split()[0].lower() in _NOT_NAMES:
                    continue
                after = c.start >= t_end
                dist = (c.start - t_end) if after else (t_start - c.end) + 200  # prefer after
                if best is None or dist < best[0]:
                    best = (dist, c)
    return _cite(text, aid, best[1]) if best else None


def _site_in(target: Citation | None, cands: list[_Cand], text: str, aid: str) -> Citation | None:
    """Return a facility (base, outpost, airport) named in the target phrase or right after it
    ("the observation tower "T22"")."""
    if target is None:
        return None
    for c in cands:
        if c.label == "FAC" and target.start <= c.start and c.start <= target.end + 3:
            if c.end <= target.end or not text[target.end : c.start].strip(" \"“”'‘’("):
                return _cite(text, aid, c)
    return None


def _victims(text: str, sent: Sentence, cands: list[_Cand], aid: str) -> tuple[Citation, ...]:
    people = [c for c in cands if c.label == "PERSON"]
    if not people:
        return ()
    out: list[Citation] = []
    for c in people:
        before = text[max(sent.start, c.start - 80) : c.start]
        kill = None
        for kill in _KILL_WORD.finditer(before):
            pass
        if kill is not None and not re.search(r"[;]|\b(?:said|told|says)\b", before[kill.end() :]) or _KILLED_AFTER.match(text, c.end, sent.end):
            out.append(_cite(text, aid, c))
    return tuple(out)


# ------------------------------------------------------------------ dependency parse


def _from_parse(
    text: str, doc: Doc, t_start: int, t_end: int, cands: list[_Cand], aid: str, base: int = 0
) -> tuple[Citation | None, Citation | None, Citation | None]:
    """Read arguments off the trigger's dependents; both UD and ClearNLP labels are understood."""
    span = doc.char_span(t_start - base, t_end - base, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None, None, None
    head = span.root
    nominal = head.pos_ in ("NOUN", "PROPN")
    actor1 = actor2 = location = None
    for child in head.children:
        dep = child.dep_
        if dep == "nsubj" and not nominal:
            actor1 = actor1 or _token_arg(text, child, cands, aid, base)
        elif dep in ("nsubj:pass", "nsubjpass", "obj", "dobj"):
            actor2 = actor2 or _token_arg(text, child, cands, aid, base)
        elif dep in ("poss", "nmod:poss", "compound", "amod") and nominal:
            if child.ent_type_ in ("NORP", "GPE", "ORG", "PERSON") or child.pos_ == "PROPN":
                actor1 = actor1 or _token_arg(text, child, cands, aid, base)
        elif dep in ("obl", "obl:agent", "nmod", "agent", "prep"):
            # UD puts the preposition under its noun ("case"); ClearNLP puts the noun under it
            if dep in ("agent", "prep"):
                preposition = child.lower_
                objects = [g for g in child.children if g.dep_ == "pobj"]
            else:
                cases = [g.lower_ for g in child.children if g.dep_ == "case"]
                preposition = cases[0] if cases else ("by" if dep == "obl:agent" else "")
                objects = [child]
            for obj in objects:
                if preposition == "by" or dep == "agent":
                    if not _MODE_WORDS.match(obj.text):
                        actor1 = actor1 or _token_arg(text, obj, cands, aid, base)
                elif preposition in ("on", "against", "upon", "targeting"):
                    actor2 = actor2 or _token_arg(text, obj, cands, aid, base)
                elif preposition in ("in", "near", "at", "outside", "inside") and (
                    obj.ent_type_ in ("GPE", "LOC", "FAC") or obj.pos_ == "PROPN"
                ):
                    location = location or _token_arg(text, obj, cands, aid, base)
    return actor1, actor2, location


def _token_arg(text: str, tok: Token, cands: list[_Cand], aid: str, base: int = 0) -> Citation | None:
    idx = base + tok.idx
    for c in cands:
        if c.start <= idx < c.end:
            return _cite(text, aid, c)
    if tok.is_punct or tok.like_num or _BY_TIME.fullmatch(tok.text):
        return None  # a parse error ("January 4" as an object), not an argument
    if tok.pos_ and tok.pos_ not in ("NOUN", "PROPN", "PRON", "X"):
        return None  # arguments are nominal; anything else is a misattached dependent
    # the contiguous left part of the subtree up to the head: "the patrol", not "the patrol, and ..."
    tokens = [t for t in tok.subtree if t.i <= tok.i]
    while tokens and (tokens[0].is_punct or tokens[0].dep_ in ("cc", "case", "mark")):
        tokens = tokens[1:]
    left = base + tokens[0].idx if tokens else idx
    right = idx + len(tok.text)
    if right - left > 60 or "\n" in text[left:right]:
        left = idx
    return cite(aid, text, left, right)
