"""Cross-source events: event mentions that report one real-world event become one Event."""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
import snowballstemmer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..model import (
    Citation,
    Conflict,
    Entity,
    Event,
    EventMention,
    Location,
    SourcedValue,
    stable_id,
)
from .entities import EntityIndex
from .event_merge import NEWS_MODEL, EventItem, MergeModel, cluster_events

_STEMMER = snowballstemmer.stemmer("english")
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]+")
Encoder = Callable[[Sequence[str]], np.ndarray]


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Return the Snowball stem of one lower-cased word (cached: Snowball is pure Python)."""
    return _STEMMER.stemWord(word.lower())


def trigger_key(text: str) -> str:
    """Return the stem key of a trigger: its last word, stemmed (``drone strikes`` -> ``strike``)."""
    words = _WORD.findall(text)
    return stem(words[-1]) if words else text.lower()


def content_stems(text: str) -> frozenset[str]:
    """Return the stems of the content words of a sentence."""
    return frozenset(
        stem(w) for w in _WORD.findall(text) if len(w) > 2 and w.lower() not in ENGLISH_STOP_WORDS
    )


def mention_uid(m: EventMention) -> str:
    """Return the stable id of an event mention."""
    return f"{m.article_id}:{m.start}:{m.end}"


def _entity_key(index: EntityIndex, c: Citation | None) -> str | None:
    return index.key(c) if c is not None else None


def event_items(
    mentions: Sequence[EventMention], index: EntityIndex, encode: Encoder | None = None
) -> list[EventItem]:
    """Turn event mentions into merge-core items, resolving arguments to canonical entities."""
    vectors: dict[str, np.ndarray] = {}
    if encode is not None and mentions:
        texts = sorted({m.sentence.text for m in mentions})
        for t, v in zip(texts, encode(texts)):
            vectors[t] = v
    items = []
    for m in mentions:
        place_ent = index.resolve(m.location) if m.location else None
        if place_ent is None and m.location is None:
            # No place argument: a single place named in the sentence is the likely one.
            named = index.places_in(m.sentence)
            place_ent = named[0] if len(named) == 1 else None
        place = place_ent.id if place_ent else (_entity_key(index, m.location))
        country = place_ent.location.country if place_ent and place_ent.location else None
        loc = place_ent.location if place_ent else None
        coords = (loc.lat, loc.lon) if loc is not None and loc.lat is not None and loc.lon is not None else None
        parts = {k for k in (_entity_key(index, m.actor1), _entity_key(index, m.actor2)) if k}
        parts |= {k for k in (_entity_key(index, v) for v in m.victims) if k}
        items.append(
            EventItem(
                uid=mention_uid(m),
                doc=m.article_id,
                trigger=trigger_key(m.text),
                trigger_text=m.text.lower(),
                type=m.event_type or None,
                subtype=m.sub_event_type,
                mode=m.mode,
                earliest=m.date_earliest,
                latest=m.date_latest,
                place=place,
                country=country,
                coords=coords,
                participants=frozenset(parts),
                words=content_stems(m.sentence.text),
                sentence=f"{m.sentence.article_id}:{m.sentence.start}",
                vector=vectors.get(m.sentence.text),
            )
        )
    return items


def _sourced(pairs: Iterable[tuple[Any, EventMention, Citation]]) -> tuple[SourcedValue, ...]:
    """Group (value, mention, citation) triples into one SourcedValue per distinct value."""
    by_value: dict[Any, tuple[set[str], list[Citation]]] = {}
    for value, m, c in pairs:
        srcs, cites = by_value.setdefault(value, (set(), []))
        srcs.add(m.article_id)
        if c not in cites:
            cites.append(c)
    out = [
        SourcedValue(value=v, sources=tuple(sorted(s)), citations=tuple(sorted(cs, key=_cite_key)))
        for v, (s, cs) in by_value.items()
    ]
    out.sort(key=lambda sv: (-len(sv.sources), str(sv.value)))
    return tuple(out)


def _cite_key(c: Citation) -> tuple[str, int, int]:
    return (c.article_id, c.start, c.end)


def _majority(values: Iterable[Any]) -> Any:
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], str(v)))


def _victim_values(
    ms: Sequence[EventMention], index: EntityIndex
) -> tuple[tuple[SourcedValue, ...], bool]:
    """Return victims as sourced values and whether sources name different people."""
    triples = []
    per_source: dict[str, set[str]] = defaultdict(set)
    for m in ms:
        for v in m.victims:
            ent = index.resolve(v)
            name = ent.name if ent else v.text
            triples.append((name, m, v))
            per_source[m.article_id].add(name)
    values = _sourced(triples)
    # Different sources naming different victims is a conflict unless one source names them all.
    sets = list(per_source.values())
    conflict = len(values) > 1 and len(sets) > 1 and not any(all(o <= s for o in sets) for s in sets)
    return values, conflict


def build_event(ms: Sequence[EventMention], index: EntityIndex) -> Event:
    """Build one Event from the mentions that report it, keeping every source's values."""
    ms = sorted(ms, key=lambda m: (m.article_id, m.start, m.end))
    values: dict[str, tuple[SourcedValue, ...]] = {}
    conflicts: list[Conflict] = []

    def record(attr: str, triples: list[tuple[Any, EventMention, Citation]], conflict: bool = True) -> None:
        if not triples:
            return
        vals = _sourced(triples)
        values[attr] = vals
        if conflict and len(vals) > 1:
            conflicts.append(Conflict(attribute=attr, values=vals))

    record("mode", [(m.mode, m, m.sentence) for m in ms if m.mode])
    record("killed", [(m.killed, m, m.sentence) for m in ms if m.killed is not None])
    record("injured", [(m.injured, m, m.sentence) for m in ms if m.injured is not None])
    record("date", [(m.date, m, m.sentence) for m in ms if m.date], conflict=False)
    record("type", [(m.event_type, m, m.sentence) for m in ms if m.event_type], conflict=False)

    def name_of(c: Citation | None) -> str | None:
        if c is None:
            return None
        ent = index.resolve(c)
        return ent.name if ent else c.text

    record("actor1", [(name_of(m.actor1), m, m.actor1) for m in ms if m.actor1], conflict=False)
    record("actor2", [(name_of(m.actor2), m, m.actor2) for m in ms if m.actor2], conflict=False)
    record("location", [(name_of(m.location), m, m.location) for m in ms if m.location], conflict=False)
    victims, victim_conflict = _victim_values(ms, index)
    if victims:
        values["victims"] = victims
        if victim_conflict:
            conflicts.append(Conflict(attribute="victims", values=victims))

    # The finest reported time precision wins; among those, the most reported date.
    precise = [m for m in ms if m.date]
    best_prec = min((m.time_precision or 3 for m in precise), default=None)
    date = _majority(m.date for m in precise if (m.time_precision or 3) == best_prec)
    location: Location | None = None
    loc_ents = [index.resolve(m.location) for m in ms if m.location]
    loc_name = _majority(e.id for e in loc_ents if e is not None)
    if loc_name:
        ent: Entity = index.entities[loc_name]
        location = ent.location or Location(name=ent.name)
    elif values.get("location"):
        location = Location(name=str(values["location"][0].value))
    killed = [m.killed for m in ms if m.killed is not None]
    injured = [m.injured for m in ms if m.injured is not None]
    # Context tags shared by every report: one current report makes the event current.
    context = set(ms[0].context)
    for m in ms[1:]:
        context &= set(m.context)
    first = min(mention_uid(m) for m in ms)
    sentence_cites = sorted({m.sentence for m in ms}, key=_cite_key)
    return Event(
        id=stable_id("ev", first),
        type=_majority(m.event_type for m in ms) or "",
        subtype=_majority(m.sub_event_type for m in ms),
        plover=_majority(m.plover for m in ms),
        date=date,
        time_precision=best_prec if precise else None,
        location=location,
        actor1=_majority(name_of(m.actor1) for m in ms),
        actor2=_majority(name_of(m.actor2) for m in ms),
        mode=_majority(m.mode for m in ms),
        # ACLED practice: the lowest credible count when reports disagree.
        killed=min(killed) if killed else None,
        injured=min(injured) if injured else None,
        sources=tuple(sorted({m.article_id for m in ms})),
        mentions=tuple(sentence_cites),
        values=values,
        conflicts=tuple(conflicts),
        context=tuple(sorted(context)),  # type: ignore[arg-type]
    )


def merge_events(
    mentions: Iterable[EventMention],
    index: EntityIndex,
    *,
    encode: Encoder | None = None,
    model: MergeModel = NEWS_MODEL,
) -> tuple[Event, ...]:
    """Merge event mentions from any number of articles into events, one per real-world event."""
    ms = sorted(set(mentions), key=lambda m: (m.article_id, m.start, m.end, m.event_type))
    items = event_items(ms, index, encode)
    clusters = cluster_events(items, model)
    events = [build_event([ms[i] for i in c], index) for c in clusters]
    events.sort(key=lambda e: (e.date or "9999", e.id))
    return tuple(events)
