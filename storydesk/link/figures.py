"""Figure groups: the same quantity from several sources, kept apart from look-alikes."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from ..model import Citation, Conflict, Figure, FigureGroup, SourcedValue, stable_id
from .events import stem
from .names import fold

# Different spellings of who is counted; "american troops" and "U.S. troops" are one subject.
_SUBJECT_WORDS = {"american": "us", "u s": "us", "united states": "us", "usa": "us", "americans": "us"}
_SUBJECT_STOP = frozenset({"the", "of", "some", "about", "around", "roughly", "nearly", "approximately"})
# Words for the same counted thing, by stem: "2,500 soldiers" and "2,500 troops" are one figure.
_UNIT_STEMS = {"soldier": "troop", "servicememb": "troop", "personnel": "troop", "forc": "troop",
               "militari": "troop", "member": "troop"}
# Relative difference under which approximate figures count as the same figure.
_APPROX_TOLERANCE = 0.1


def subject_tokens(subject: str | None) -> frozenset[str]:
    """Return the normalized content tokens of a figure's subject."""
    if not subject:
        return frozenset()
    text = fold(subject)
    for k, v in _SUBJECT_WORDS.items():
        text = f" {text} ".replace(f" {k} ", f" {v} ").strip()
    text = text.replace("service member", "servicemember")
    stems = (stem(t) for t in text.split() if t not in _SUBJECT_STOP)
    return frozenset(_UNIT_STEMS.get(s, s) for s in stems)


def unit_key(unit: str) -> str:
    """Return the comparison key of a unit (stemmed, synonyms folded)."""
    words = fold(unit).replace("service member", "servicemember").split()
    if not words:
        return "count"
    last = stem(words[-1])
    return _UNIT_STEMS.get(last, last)


def place_key(place: str | None) -> str | None:
    """Return the comparison key of a figure's place."""
    return fold(place) if place else None


def time_key(time: str | None) -> str:
    """Return the year a figure is about, or ``now`` for the present."""
    if not time or time.upper() in ("PRESENT_REF", "NOW"):
        return "now"
    return time[:4]


def values_match(a: Figure, b: Figure) -> bool:
    """Say whether two values are the same figure (equal, or close when either is approximate)."""
    if a.value == b.value:
        return True
    if a.approx == "exact" and b.approx == "exact":
        return False
    hi = max(abs(a.value), abs(b.value))
    return hi > 0 and abs(a.value - b.value) / hi <= _APPROX_TOLERANCE


def _compatible(f: Figure, group: list[Figure]) -> bool:
    subj = subject_tokens(f.subject)
    place = place_key(f.place)
    for g in group:
        if not values_match(f, g):
            return False
        gs = subject_tokens(g.subject)
        if subj and gs and not (subj <= gs or gs <= subj):
            return False
        gp = place_key(g.place)
        if place and gp and place != gp:
            return False
    return True


def group_figures(figures: Iterable[Figure]) -> tuple[FigureGroup, ...]:
    """Group figures by what they count, when and where; each group lists its sources."""
    blocks: dict[tuple[str, str], list[Figure]] = defaultdict(list)
    for f in set(figures):
        blocks[(unit_key(f.unit), time_key(f.time))].append(f)
    out: list[FigureGroup] = []
    for (_unit, _time), fs in sorted(blocks.items()):
        # Placed figures first so an unplaced one joins a placed group rather than the reverse;
        # the sort makes grouping independent of input order.
        fs.sort(key=lambda f: (f.place is None, f.subject is None, f.value, f.article_id, f.start))
        groups: list[list[Figure]] = []
        for f in fs:
            fits = [g for g in groups if _compatible(f, g)]
            if len(fits) == 1 or (fits and f.place is not None):
                fits[0].append(f)
            elif not fits:
                groups.append([f])
            else:
                # Ambiguous between several groups: keeping it alone is safer than guessing.
                groups.append([f])
        out.extend(_group_record(g) for g in groups)
    out.sort(key=lambda g: (-len(g.sources), g.unit, g.value, g.id))
    return tuple(out)


def _group_record(fs: list[Figure]) -> FigureGroup:
    counts = Counter(f.value for f in fs)
    value = min(counts, key=lambda v: (-counts[v], v))
    rep = min((f for f in fs if f.value == value), key=lambda f: (f.article_id, f.start))
    cites = sorted(
        {Citation(article_id=f.article_id, start=f.start, end=f.end, text=f.text) for f in fs},
        key=lambda c: (c.article_id, c.start),
    )
    conflicts: tuple[Conflict, ...] = ()
    if len(counts) > 1:
        vals = []
        for v in sorted(counts):
            members = [f for f in fs if f.value == v]
            vals.append(
                SourcedValue(
                    value=v,
                    sources=tuple(sorted({f.article_id for f in members})),
                    citations=tuple(
                        sorted(
                            {Citation(article_id=f.article_id, start=f.start, end=f.end, text=f.text)
                             for f in members},
                            key=lambda c: (c.article_id, c.start),
                        )
                    ),
                )
            )
        conflicts = (Conflict(attribute="value", values=tuple(vals)),)
    subject = min((f.subject for f in fs if f.subject), key=lambda s: (-len(s), s), default=None)
    place = min((f.place for f in fs if f.place), default=None)
    return FigureGroup(
        id=stable_id("f", rep.article_id, rep.start, rep.end),
        subject=subject,
        value=value,
        unit=rep.unit,
        approx=rep.approx,
        place=place,
        time=rep.time,
        sources=tuple(sorted({f.article_id for f in fs})),
        citations=tuple(cites),
        conflicts=conflicts,
    )
