"""Canonical entities: one record per person, group or place however the outlets spell it."""

from __future__ import annotations

import bisect
import functools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Citation, Entity, EntityLabel, Location, Mention, stable_id
from .names import (
    acronym,
    translated_forms,
    transliteration_same,
    block_keys,
    fold,
    fuzzy_same,
    is_acronym_form,
    name_key,
    name_tokens,
    short_form_matches,
)

PlaceLookup = Callable[[str], Location | None]

_GROUP: dict[str, str] = {
    "PERSON": "person",
    "ORG": "org",
    "NORP": "org",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "EVENT": "other",
    "MISC": "other",
}
# Tie-break order for an entity's type when its mentions disagree on the label.
_LABEL_ORDER: tuple[EntityLabel, ...] = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "MISC")
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Blocks larger than this carry no identity signal (think "forces", "army"); skipping them keeps
# candidate generation near-linear.
_MAX_BLOCK = 200


class _UnionFind:
    """Disjoint sets over strings; the smallest member is the root so results are order-free."""

    def __init__(self, items: Iterable[str]) -> None:
        self.parent = {x: x for x in items}

    def find(self, x: str) -> str:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo


@dataclass(frozen=True, slots=True)
class CuratedName:
    """A curated group of names for one thing (ISIS / IS / Islamic State / Daesh)."""

    name: str
    aliases: tuple[str, ...]
    type: str | None = None


def curated_names(items: Iterable[Any]) -> tuple[CuratedName, ...]:
    """Adapt curated entries (objects or mappings with name/aliases) to :class:`CuratedName`."""
    out: list[CuratedName] = []
    for item in items:
        get = item.get if isinstance(item, Mapping) else (lambda k, d=None, i=item: getattr(i, k, d))
        name = get("name")
        if not name:
            continue
        aliases = tuple(get("aliases", ()) or ())
        out.append(CuratedName(name=name, aliases=aliases, type=get("type") or get("label")))
    return tuple(out)


def default_curated() -> tuple[CuratedName, ...]:
    """Load the shared curated entity list when the gazetteer module is installed."""
    try:
        from ..nlp import gazetteer  # type: ignore[attr-defined]
    except ImportError:
        return ()
    fn = getattr(gazetteer, "curated_entities", None)
    return curated_names(fn()) if fn else ()


def default_place_lookup() -> PlaceLookup | None:
    """Return the shared gazetteer's place lookup when it is installed."""
    try:
        from ..nlp import gazetteer  # type: ignore[attr-defined]
    except ImportError:
        return None
    return getattr(gazetteer, "lookup_place", None)


def _group_of(labels: Counter[str]) -> str:
    return _GROUP[_majority_label(labels)]


def _majority_label(labels: Counter[str]) -> EntityLabel:
    return max(labels, key=lambda lab: (labels[lab], -_LABEL_ORDER.index(lab)))  # type: ignore[arg-type]


@functools.lru_cache(maxsize=8)
def _curated_keys(curated: tuple[CuratedName, ...]) -> tuple[tuple[str, ...], ...]:
    """Each curated entry's name keys, sorted: computed once, not once per story."""
    return tuple(tuple(sorted({k for k in map(name_key, (e.name, *e.aliases)) if k})) for e in curated)


def _link_keys(
    keys: dict[str, Counter[str]], surfaces: dict[str, Counter[str]], curated: Sequence[CuratedName]
) -> _UnionFind:
    """Join name keys that denote the same thing; every rule only sees blocked candidates."""
    uf = _UnionFind(keys)
    # 1. curated synonyms: the same group under several names.
    for names in _curated_keys(tuple(curated)):
        present = [k for k in names if k in keys]
        for k in present[1:]:
            uf.union(present[0], k)
    # 2. acronyms: "PMF" joins "Popular Mobilization Forces" when exactly one name expands it.
    by_acronym: dict[str, set[str]] = defaultdict(set)
    for k in keys:
        a = acronym(k)
        if a and len(k.split()) >= 2:
            by_acronym[a].add(k)
    for k, forms in surfaces.items():
        if len(k.split()) == 1 and any(is_acronym_form(s) for s in forms):
            longs = by_acronym.get(k.replace(" ", ""), set()) - {k}
            if len({uf.find(x) for x in longs}) == 1:
                uf.union(k, next(iter(longs)))
    # 2b. Arabic group names and their English renderings ("Saraya al-Fajr" / "Fajr Brigades").
    for k in keys:
        for form in translated_forms(k):
            if form in keys and _group_of(keys[form]) == _group_of(keys[k]):
                uf.union(k, form)
    # 3. blocked candidates for short forms and spelling variants.
    blocks: dict[str, list[str]] = defaultdict(list)
    for k in sorted(keys):
        for b in block_keys(k):
            blocks[b].append(k)
    for b, members in sorted(blocks.items()):
        if len(members) < 2 or len(members) > _MAX_BLOCK:
            continue
        for i, x in enumerate(members):
            for y in members[i + 1 :]:
                if uf.find(x) == uf.find(y):
                    continue
                gx, gy = _group_of(keys[x]), _group_of(keys[y])
                if gx != gy:
                    continue
                if fuzzy_same(x, y) or short_form_matches(x, y) or short_form_matches(y, x):
                    uf.union(x, y)
                elif gx == "person" and transliteration_same(x, y):
                    uf.union(x, y)
    # Short forms whose letters are not a block key of the long form ("t22" / "tower 22").
    for k in keys:
        compact = k.replace(" ", "")
        if compact[:1].isalpha() and compact[-1:].isdigit():
            digits = compact.lstrip("abcdefghijklmnopqrstuvwxyz")
            for other in blocks.get("t:" + digits, ()):
                if other != k and short_form_matches(k, other):
                    uf.union(k, other)
    # 4. people by name containment, longest names first: "sudani" -> "muhammad shia sudani".
    # A short name joins only when every fuller name it fits is one person: already one entity,
    # or all ending in the same two words ("barack obama", "us president barack obama").
    persons = [k for k in keys if _group_of(keys[k]) == "person"]
    by_last: dict[str, list[str]] = defaultdict(list)
    for k in sorted(persons):
        by_last[k.split()[-1]].append(k)
    for k in sorted(persons, key=lambda k: (-len(k.split()), k)):
        toks = set(k.split())
        fuller = [o for o in by_last[k.split()[-1]] if o != k and toks < set(o.split())]
        if not fuller:
            continue
        roots = {uf.find(o) for o in fuller}
        signatures = {tuple(o.split()[-2:]) for o in fuller}
        if len(roots) == 1 or len(signatures) == 1:
            for o in fuller:
                uf.union(k, o)
    # 5. a kunya ("Abu Yaser") is the start of a fuller name ("Abu Yaser al-Dulaimi"): it joins
    # when every fuller name it opens is one person.
    by_opening: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for k in sorted(persons):
        by_opening[tuple(k.split()[:2])].append(k)
    for k in sorted(persons):
        toks = k.split()
        if len(toks) < 2 or toks[0] not in _KUNYA:
            continue
        fuller = [o for o in by_opening[tuple(toks[:2])] if o != k and o.split()[: len(toks)] == toks]
        if fuller and len({uf.find(o) for o in fuller}) == 1:
            uf.union(k, fuller[0])
    return uf


_KUNYA = frozenset({"abu", "abou", "umm", "um"})


def _canonical_name(surfaces: Counter[str], group: str) -> str:
    """Pick the display name: the most used full form (people: the fullest name)."""
    def rank(s: str) -> tuple:
        n = len(name_tokens(s))
        acr = is_acronym_form(s)
        if group == "person":
            return (-n, -surfaces[s], s)
        return (acr, -surfaces[s], -n, s)

    return min(surfaces, key=rank)


def canonical_entities(
    mentions: Iterable[Mention],
    *,
    curated: Sequence[CuratedName] | None = None,
    lookup_place: PlaceLookup | None = None,
) -> tuple[Entity, ...]:
    """Group named-entity mentions into canonical entities with aliases and geocoded places."""
    ms = sorted(mentions, key=lambda m: (m.article_id, m.start, m.end, m.label, m.text))
    keys: dict[str, Counter[str]] = defaultdict(Counter)
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    by_key: dict[str, list[Mention]] = defaultdict(list)
    for m in ms:
        k = name_key(m.text)
        if not k:
            continue
        keys[k][m.label] += 1
        surfaces[k][m.text.strip()] += 1
        by_key[k].append(m)
    uf = _link_keys(keys, surfaces, curated or ())
    members: dict[str, list[str]] = defaultdict(list)
    for k in sorted(keys):
        members[uf.find(k)].append(k)
    entities: list[Entity] = []
    for root, ks in members.items():
        labels: Counter[str] = Counter()
        forms: Counter[str] = Counter()
        cites: list[Citation] = []
        for k in ks:
            labels.update(keys[k])
            forms.update(surfaces[k])
            cites.extend(
                Citation(article_id=m.article_id, start=m.start, end=m.end, text=m.text) for m in by_key[k]
            )
        label = _majority_label(labels)
        group = _GROUP[label]
        name = _canonical_name(forms, group)
        location = None
        if label in PLACE_LABELS and lookup_place is not None:
            for candidate in sorted(forms, key=lambda s: (-forms[s], s)):
                location = lookup_place(candidate)
                if location is not None:
                    break
        cites.sort(key=lambda c: (c.article_id, c.start, c.end))
        entities.append(
            Entity(
                id=stable_id("e", group, root),
                name=name,
                type=label,
                aliases=tuple(sorted(forms, key=lambda s: (-forms[s], s))),
                mentions=tuple(cites),
                location=location,
            )
        )
    entities.sort(key=lambda e: (-len(e.mentions), e.name, e.id))
    return tuple(entities)


class EntityIndex:
    """Resolve a cited span (an event's actor, place or victim) to a canonical entity."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.entities = {e.id: e for e in entities}
        spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        self._by_key: dict[str, str] = {}
        for e in sorted(self.entities.values(), key=lambda e: e.id):
            for c in e.mentions:
                spans[c.article_id].append((c.start, c.end, e.id))
            for alias in e.aliases:
                self._by_key.setdefault(name_key(alias), e.id)
        self._spans = {a: sorted(v) for a, v in spans.items()}
        self._starts = {a: [s for s, _, _ in v] for a, v in self._spans.items()}

    def resolve(self, citation: Citation | None) -> Entity | None:
        """Return the entity a span refers to: an overlapping mention, else a known name in it."""
        if citation is None:
            return None
        spans = self._spans.get(citation.article_id, [])
        starts = self._starts.get(citation.article_id, [])
        i = bisect.bisect_left(starts, citation.end)
        # Mentions start before the span ends; walk back over the few that may still overlap.
        for s, e, eid in reversed(spans[max(0, i - 8) : i]):
            if e > citation.start and s < citation.end:
                return self.entities[eid]
        toks = name_key(citation.text).split()
        for n in range(len(toks), 0, -1):
            for j in range(len(toks) - n + 1):
                eid = self._by_key.get(" ".join(toks[j : j + n]))
                if eid:
                    return self.entities[eid]
        return None

    def places_in(self, citation: Citation) -> list[Entity]:
        """Return the place entities mentioned inside a span, in text order."""
        spans = self._spans.get(citation.article_id, [])
        starts = self._starts.get(citation.article_id, [])
        lo = bisect.bisect_left(starts, citation.start)
        hi = bisect.bisect_left(starts, citation.end)
        out = []
        for s, e, eid in spans[lo:hi]:
            ent = self.entities[eid]
            if e <= citation.end and ent.type in PLACE_LABELS and ent not in out:
                out.append(ent)
        return out

    def key(self, citation: Citation | None) -> str | None:
        """Return the entity id a span refers to, or its folded text when no entity matches."""
        if citation is None:
            return None
        ent = self.resolve(citation)
        return ent.id if ent else "text:" + fold(citation.text)
