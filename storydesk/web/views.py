"""What every page shows, as JSON-ready data: the HTML page and its JSON twin render the same dict.

This is a view over the store and the report library: records are looked up, filtered and
arranged for display, never analysed. The brief comes from :func:`storydesk.pipeline.make_brief`,
exactly as ``storydesk report`` makes it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from ..config import Config
from ..errors import CODES
from ..model import Article, Brief, Entity, Event, LinkedStory, StoryBrief, to_dict
from ..report.brief_build import sources_for
from ..report.brief_json import (
    contradictions_json,
    copy_json,
    entity_json,
    event_json,
    story_json,
)
from ..report.event_exports import events_csv, events_geojson
from ..store import Store
from .highlight import Mark, runs

BriefBuilder = Callable[[Store, Config, Sequence[str]], Brief]


class NotFound(LookupError):
    """A page or record that does not exist; the message says what to try instead."""


def _default_builder(store: Store, config: Config, story_ids: Sequence[str]) -> Brief:
    from ..pipeline import make_brief  # the same call `storydesk report` makes

    return make_brief(store, config, story_ids)


def q(value: str) -> str:
    """Quote one path segment of a URL."""
    return quote(value, safe="")


def article_href(article_id: str, start: int | None = None, end: int | None = None) -> str:
    """Return the article page URL, pointing at a cited span when one is given."""
    if start is None or end is None:
        return f"/articles/{q(article_id)}"
    return f"/articles/{q(article_id)}?start={start}&end={end}#cited"


def _label(article: Article | None, article_id: str) -> str:
    if article is None:
        return article_id
    return article.outlet or article.title or article.id


def _article_meta(a: Article) -> dict[str, Any]:
    return {
        "id": a.id,
        "outlet": a.outlet,
        "title": a.title,
        "byline": a.byline,
        "published": a.published,
        "published_how": a.published_how,
        "label": _label(a, a.id),
        "href": article_href(a.id),
    }


def _day_range(value: str | None) -> tuple[str, str] | None:
    """Return the first and last ISO day a date value covers (None when it is not a date)."""
    if not value:
        return None
    v = value[:10]
    try:
        if len(v) == 4 and v.isdigit():
            return f"{v}-01-01", f"{v}-12-31"
        if len(v) == 7 and v[4] == "-" and v[5:].isdigit():
            return f"{v}-01", f"{v}-31"  # string comparison only: day 31 is an upper bound
        if len(v) >= 8 and v[4:6] == "-W":
            monday = dt.date.fromisocalendar(int(v[:4]), int(v[6:8]), 1)
            return monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat()
        dt.date.fromisoformat(v)
        return v, v
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class EventFilters:
    """The events table's filters; empty ones match everything."""

    story: str | None = None
    type: str | None = None
    since: str | None = None  # ISO day
    until: str | None = None
    place: str | None = None
    actor: str | None = None

    def matches(self, story_id: str, ev: Event) -> bool:
        """Say whether one event passes every filter that is set."""
        if self.story and story_id != self.story:
            return False
        if self.type and self.type not in (ev.type, ev.subtype):
            return False
        if self.since or self.until:
            span = _day_range(ev.date)
            if span is None:
                return False
            if self.since and span[1] < self.since:
                return False
            if self.until and span[0] > self.until:
                return False
        if self.place:
            loc = ev.location
            where = " ".join(x for x in (loc.name, loc.country) if x) if loc else ""
            if self.place.casefold() not in where.casefold():
                return False
        if self.actor:
            actors = " | ".join(x for x in (ev.actor1, ev.actor2) if x)
            if self.actor.casefold() not in actors.casefold():
                return False
        return True

    def to_dict(self) -> dict[str, str | None]:
        """Return the filters as JSON-ready data."""
        return {
            "story": self.story,
            "type": self.type,
            "since": self.since,
            "until": self.until,
            "place": self.place,
            "actor": self.actor,
        }


class Desk:
    """Read-only views over one store, shared by the HTML pages and the JSON API.

    One lock serialises store access: request handlers run in a thread pool and the SQLite
    connection is shared. Briefs are cached per story until its articles or link version change.
    """

    def __init__(
        self, store: Store, config: Config, brief_builder: BriefBuilder | None = None
    ) -> None:
        self.store = store
        self.config = config
        self._build = brief_builder or _default_builder
        self._lock = threading.RLock()
        self._briefs: dict[tuple[Any, ...], StoryBrief] = {}
        self._linked_cache: tuple[tuple[Any, ...], list[LinkedStory]] | None = None
        self._heads: dict[str, Article] = {}

    # ------------------------------------------------------------------ lookups
    def _linked(self) -> list[LinkedStory]:
        # Loading linked stories rebuilds every record from JSON (~0.5 s for one 10-article story
        # here), so they are kept until the store's article count or link version changes:
        # linking again with the same articles and versions gives the same stories.
        key = (self.store.count_articles(), self.store.linked_version())
        if self._linked_cache is None or self._linked_cache[0] != key:
            self._linked_cache = (key, self.store.linked_stories())
        return self._linked_cache[1]

    def forget(self) -> None:
        """Drop cached stories and briefs (after this server wrote to the store)."""
        with self._lock:
            self._linked_cache = None
            self._briefs.clear()

    def _linked_story(self, story_id: str) -> LinkedStory:
        for ls in self._linked():
            if ls.story.id == story_id:
                return ls
        raise NotFound(f"no story {story_id!r}: see /api/stories for the stories the store holds")

    def _articles(self, ids: Iterable[str]) -> dict[str, Article]:
        """Return article headers (everything but the text) by id, for labels and sources.

        A stored article never changes, so headers are kept once read; pages listing many
        articles then do not reload every text on each request.
        """
        wanted = list(dict.fromkeys(ids))
        missing = [a for a in wanted if a not in self._heads]
        if missing:
            for art in self.store.articles(missing):
                self._heads[art.id] = dataclasses.replace(art, text="")
        return {a: self._heads[a] for a in wanted if a in self._heads}

    def story_brief(self, story_id: str) -> StoryBrief:
        """Return the brief of one story (built as `storydesk report` builds it, then cached)."""
        with self._lock:
            ls = self._linked_story(story_id)
            key = (
                story_id,
                ls.story.article_ids,
                self.store.linked_version(),
                len(ls.events),
                len(ls.entities),
                len(ls.figures),
            )
            cached = self._briefs.get(key)
            if cached is None:
                built = self._build(self.store, self.config, [story_id])
                cached = next((s for s in built.stories if s.story_id == story_id), None)
                if cached is None:
                    raise NotFound(
                        f"story {story_id!r} has no brief: none of its articles is stored"
                    )
                self._briefs = {k: v for k, v in self._briefs.items() if k[0] != story_id}
                self._briefs[key] = cached
            return cached

    # ------------------------------------------------------------------ pages
    def stories(self) -> dict[str, Any]:
        """List stories with their sources, article count, date range and last update."""
        with self._lock:
            linked = self._linked()
            articles = self._articles(a for ls in linked for a in ls.story.article_ids)
            rows = []
            for ls in linked:
                arts = [articles[a] for a in ls.story.article_ids if a in articles]
                days = sorted(d for a in arts if (d := (a.published or "")[:10]))
                rows.append(
                    {
                        "id": ls.story.id,
                        "title": ls.story.title,
                        "href": f"/stories/{q(ls.story.id)}",
                        "articles": len(ls.story.article_ids),
                        "sources": sorted({a.outlet for a in arts if a.outlet}),
                        "first_published": days[0] if days else None,
                        "last_published": days[-1] if days else None,
                        # the store keeps no story timestamp: the newest article is the last update
                        "last_update": days[-1] if days else None,
                        "events": len(ls.events),
                        "entities": len(ls.entities),
                        "figures": len(ls.figures),
                    }
                )
            rows.sort(key=lambda r: r["last_update"] or "", reverse=True)
            return {"stories": rows, "articles_stored": self.store.count_articles()}

    def story(self, story_id: str) -> dict[str, Any]:
        """Return one story's brief (the JSON contract of `brief.json`) and its articles."""
        with self._lock:
            sb = self.story_brief(story_id)
            ls = self._linked_story(story_id)
            articles = self._articles(ls.story.article_ids)
            return {
                "story": {
                    "id": ls.story.id,
                    "title": ls.story.title,
                    "article_ids": list(ls.story.article_ids),
                },
                "brief": story_json(sb),
                "articles": {a.id: _article_meta(a) for a in articles.values()},
            }

    def _all_events(
        self, filters: EventFilters
    ) -> tuple[list[tuple[LinkedStory, Event]], list[LinkedStory]]:
        linked = self._linked()
        if filters.story and all(ls.story.id != filters.story for ls in linked):
            raise NotFound(f"no story {filters.story!r}: see /api/stories")
        hits = [(ls, ev) for ls in linked for ev in ls.events if filters.matches(ls.story.id, ev)]
        hits.sort(key=lambda p: ((_day_range(p[1].date) or ("9999",))[0], p[1].id))
        return hits, linked

    def events(self, filters: EventFilters) -> dict[str, Any]:
        """Return the events that pass the filters, with the choices each filter offers."""
        with self._lock:
            hits, linked = self._all_events(filters)
            articles = self._articles(a for ls, ev in hits for a in ev.sources)
            rows = []
            for ls, ev in hits:
                row = event_json(ev)
                row["story_id"] = ls.story.id
                row["href"] = f"/events/{q(ev.id)}"
                row["outlets"] = list(dict.fromkeys(_label(articles.get(a), a) for a in ev.sources))
                rows.append(row)
            types = sorted({t for ls in linked for ev in ls.events for t in (ev.type,) if t})
            return {
                "filters": filters.to_dict(),
                "count": len(rows),
                "events": rows,
                "choices": {
                    "types": types,
                    "stories": [{"id": ls.story.id, "title": ls.story.title} for ls in linked],
                },
            }

    def _mini_brief(self, hits: Sequence[tuple[LinkedStory, Event]]) -> Brief:
        """Wrap events in a brief so the report's CSV/GeoJSON exporters write them unchanged."""
        by_story: dict[str, tuple[LinkedStory, list[Event]]] = {}
        for ls, ev in hits:
            by_story.setdefault(ls.story.id, (ls, []))[1].append(ev)
        stories = []
        for ls, evs in by_story.values():
            articles = self._articles(ls.story.article_ids)
            ids = [a for a in ls.story.article_ids if a in articles]
            stories.append(
                StoryBrief(
                    story_id=ls.story.id,
                    headline=ls.story.title,
                    events=tuple(evs),
                    sources=sources_for(ids, articles, {}),
                )
            )
        now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return Brief(generated_at=now, stories=tuple(stories))

    def events_csv(self, filters: EventFilters) -> str:
        """Return the filtered events as the report's ACLED-like CSV."""
        with self._lock:
            hits, _ = self._all_events(filters)
            return events_csv(self._mini_brief(hits))

    def event(self, event_id: str) -> dict[str, Any]:
        """Return one event with each source's values, its conflicts and its sentences."""
        with self._lock:
            for ls in self._linked():
                for ev in ls.events:
                    if ev.id == event_id:
                        break
                else:
                    continue
                break
            else:
                raise NotFound(f"no event {event_id!r}: see /api/events for the stored events")
            articles = self._articles(ev.sources + tuple(c.article_id for c in ev.mentions))
            values = {
                attr: [
                    {
                        "value": v.value
                        if isinstance(v.value, (str, int, float, bool)) or v.value is None
                        else str(v.value),
                        "sources": list(v.sources),
                        "citations": [to_dict(c) for c in v.citations],
                    }
                    for v in vals
                ]
                for attr, vals in ev.values.items()
            }
            names = {x.casefold() for x in (ev.actor1, ev.actor2) if x}
            if ev.location:
                names.add(ev.location.name.casefold())
            entities = [
                {"id": e.id, "name": e.name, "type": e.type, "href": f"/entities/{q(e.id)}"}
                for e in ls.entities
                if {e.name.casefold(), *(x.casefold() for x in e.aliases)} & names
            ]
            return {
                "story": {
                    "id": ls.story.id,
                    "title": ls.story.title,
                    "href": f"/stories/{q(ls.story.id)}",
                },
                "event": event_json(ev) | {"values": values},
                "entities": entities,
                "articles": {a.id: _article_meta(a) for a in articles.values()},
            }

    def article(self, article_id: str, cited: tuple[int, int] | None = None) -> dict[str, Any]:
        """Return one article: cleaned text cut into highlighted runs, removed lines, copies."""
        with self._lock:
            art = self.store.get_article(article_id)
            if art is None:
                raise NotFound(f"no article {article_id!r}: see /api/articles or search for it")
            ann = self.store.get_annotations([art.id]).get(art.id)
            linked = [ls for ls in self._linked() if art.id in ls.story.article_ids]
            marks = self._marks(art, ann, linked)
            if cited is not None:
                marks.append(
                    Mark(start=cited[0], end=cited[1], kind="cited", label="cited passage")
                )
            counts = Counter(m.kind for m in marks)
            return {
                "article": _article_meta(art)
                | {
                    "input": art.input,
                    "url": art.url,
                    "language": art.language,
                    "published_window": list(art.published_window)
                    if art.published_window
                    else None,
                    "text": art.text,
                },
                "stories": [
                    {
                        "id": ls.story.id,
                        "title": ls.story.title,
                        "href": f"/stories/{q(ls.story.id)}",
                    }
                    for ls in linked
                ],
                "runs": [r.to_dict() for r in runs(art.text, marks)],
                "highlights": dict(counts),
                "removed": [to_dict(r) for r in art.removed],
                "copies": [copy_json(c) for c in self.store.copies(art.id)],
                "annotations": to_dict(ann) if ann else None,
                "cited": {"start": cited[0], "end": cited[1], "text": art.text[cited[0] : cited[1]]}
                if cited and 0 <= cited[0] < cited[1] <= len(art.text)
                else None,
            }

    @staticmethod
    def _marks(art: Article, ann: Any, linked: Sequence[LinkedStory]) -> list[Mark]:
        marks: list[Mark] = []
        for ls in linked:
            for ent in ls.entities:
                for m in ent.mentions:
                    if m.article_id == art.id:
                        marks.append(
                            Mark(
                                start=m.start,
                                end=m.end,
                                kind="entity",
                                label=f"{ent.type}: {ent.name}",
                                href=f"/entities/{q(ent.id)}",
                            )
                        )
        if ann is None:
            return marks
        event_of: dict[tuple[int, int], str] = {}
        for ls in linked:
            for ev in ls.events:
                for c in ev.mentions:
                    if c.article_id == art.id:
                        event_of[(c.start, c.end)] = ev.id
        for m in ann.mentions:
            marks.append(
                Mark(start=m.start, end=m.end, kind="entity", label=f"{m.label}: {m.text}")
            )
        for d in ann.dates:
            marks.append(
                Mark(
                    start=d.start,
                    end=d.end,
                    kind="date",
                    label=f"date {d.value} ({d.precision}, {d.relation})",
                )
            )
        for e in ann.events:
            ev_id = event_of.get((e.sentence.start, e.sentence.end))
            label = " / ".join(x for x in (e.event_type, e.sub_event_type) if x)
            marks.append(
                Mark(
                    start=e.start,
                    end=e.end,
                    kind="event",
                    label=f"event: {label}",
                    href=f"/events/{q(ev_id)}" if ev_id else None,
                )
            )
        for f in ann.figures:
            marks.append(
                Mark(
                    start=f.start,
                    end=f.end,
                    kind="figure",
                    label=f"figure: {f.value:g} {f.unit} ({f.approx})",
                )
            )
        return marks

    def articles(self) -> dict[str, Any]:
        """List stored articles, newest first."""
        with self._lock:
            copies = Counter(c.article_id for c in self.store.copies())
            rows = [
                _article_meta(a) | {"copies": copies.get(a.id, 1), "chars": len(a.text)}
                for a in self.store.articles()
            ]
            rows.sort(key=lambda r: r["published"] or "", reverse=True)
            return {"count": len(rows), "articles": rows}

    def entity(self, entity_id: str) -> dict[str, Any]:
        """Return one entity: aliases, its mentions by publication day, and the events it is in."""
        with self._lock:
            found: tuple[LinkedStory, Entity] | None = None
            for ls in self._linked():
                for ent in ls.entities:
                    if ent.id == entity_id:
                        found = (ls, ent)
            if found is None:
                raise NotFound(f"no entity {entity_id!r}: entities are listed on each story page")
            ls, ent = found
            articles = self._articles(m.article_id for m in ent.mentions)
            by_day = Counter(
                (articles[m.article_id].published or "")[:10] or "undated"
                for m in ent.mentions
                if m.article_id in articles
            )
            names = {ent.name.casefold(), *(a.casefold() for a in ent.aliases)}
            events = []
            for ev in ls.events:
                roles = [
                    r
                    for r, v in (
                        ("actor 1", ev.actor1),
                        ("actor 2", ev.actor2),
                        ("place", ev.location.name if ev.location else None),
                    )
                    if v and v.casefold() in names
                ]
                if roles:
                    events.append(
                        {
                            "id": ev.id,
                            "type": ev.type,
                            "subtype": ev.subtype,
                            "date": ev.date,
                            "roles": roles,
                            "href": f"/events/{q(ev.id)}",
                        }
                    )
            return {
                "story": {
                    "id": ls.story.id,
                    "title": ls.story.title,
                    "href": f"/stories/{q(ls.story.id)}",
                },
                "entity": entity_json(ent),
                "mentions": [
                    to_dict(m)
                    | {
                        "href": article_href(m.article_id, m.start, m.end),
                        "label": _label(articles.get(m.article_id), m.article_id),
                    }
                    for m in ent.mentions
                ],
                "mentions_by_day": [{"day": d, "count": n} for d, n in sorted(by_day.items())],
                "events": events,
            }

    def search(self, query: str, limit: int = 20) -> dict[str, Any]:
        """Run the store's full-text search and describe each hit's article."""
        with self._lock:
            hits = self.store.search(query, limit) if query.strip() else []
            articles = self._articles(a for a, _ in hits)
            return {
                "query": query,
                "count": len(hits),
                "results": [
                    {
                        "article_id": a,
                        "snippet": s,
                        "parts": snippet_parts(s),
                        "article": _article_meta(articles[a]) if a in articles else None,
                    }
                    for a, s in hits
                ],
            }

    def sources(self, story_id: str) -> dict[str, Any]:
        """Compare outlets: which reported which events and figures, and where they disagree."""
        with self._lock:
            ls = self._linked_story(story_id)
            articles = self._articles(ls.story.article_ids)
            outlets = [_article_meta(articles[a]) for a in ls.story.article_ids if a in articles]

            def said(conflicts: Sequence[Any], article_id: str) -> list[str]:
                return [
                    f"{c.attribute}: {v.value}"
                    for c in conflicts
                    for v in c.values
                    if article_id in v.sources
                ]

            def row(rec: Any, label: str, href: str | None) -> dict[str, Any]:
                return {
                    "id": rec.id,
                    "label": label,
                    "href": href,
                    "reported_by": list(dict.fromkeys(rec.sources)),
                    "cells": {
                        o["id"]: {
                            "reported": o["id"] in rec.sources,
                            "says": said(rec.conflicts, o["id"]),
                        }
                        for o in outlets
                    },
                    "disputed": bool(rec.conflicts),
                }

            events = [
                row(
                    ev,
                    " / ".join(
                        x
                        for x in (ev.date, ev.type, ev.location.name if ev.location else None)
                        if x
                    ),
                    f"/events/{q(ev.id)}",
                )
                for ev in ls.events
            ]
            figures = [
                row(
                    f,
                    f"{f.subject or f.unit}: "
                    + ("" if f.approx == "exact" else f"{f.approx} ")
                    + f"{f.value:g} {f.unit}"
                    + (f" in {f.place}" if f.place else "")
                    + (f" ({f.time})" if f.time else ""),
                    None,
                )
                for f in ls.figures
            ]
            mini = StoryBrief(
                story_id=ls.story.id, headline=ls.story.title, events=ls.events, figures=ls.figures
            )
            return {
                "story": {
                    "id": ls.story.id,
                    "title": ls.story.title,
                    "href": f"/stories/{q(ls.story.id)}",
                },
                "outlets": [
                    o
                    | {
                        "events": sum(o["id"] in ev.sources for ev in ls.events),
                        "figures": sum(o["id"] in f.sources for f in ls.figures),
                    }
                    for o in outlets
                ],
                "events": events,
                "figures": figures,
                "disagreements": contradictions_json(mini),
            }

    def map(self, story_id: str | None = None) -> dict[str, Any]:
        """Return the events with coordinates as GeoJSON, and those that cannot be placed."""
        with self._lock:
            hits, _ = self._all_events(EventFilters(story=story_id))
            placed = [
                (ls, ev)
                for ls, ev in hits
                if ev.location and ev.location.lat is not None and ev.location.lon is not None
            ]
            placed_ids = {ev.id for _, ev in placed}
            unplaced = [
                {
                    "id": ev.id,
                    "type": ev.type,
                    "date": ev.date,
                    "href": f"/events/{q(ev.id)}",
                    "location": ev.location.name if ev.location else None,
                }
                for ls, ev in hits
                if ev.id not in placed_ids
            ]
            geo = events_geojson(self._mini_brief(placed))
            for feature in geo["features"]:
                feature["properties"]["href"] = f"/events/{q(feature['id'])}"
            return {"story": story_id, "geojson": geo, "unplaced": unplaced}

    def rejections(self) -> dict[str, Any]:
        """List rejected inputs with their codes, reasons and what each code means."""
        with self._lock:
            rows = [
                to_dict(r) | {"meaning": CODES.get(r.code, "")} for r in self.store.rejections()
            ]
            return {"count": len(rows), "rejections": rows}


def snippet_parts(snippet: str) -> list[dict[str, Any]]:
    """Split a search snippet at the store's ``[`` ``]`` match markers into plain and hit parts."""
    parts: list[dict[str, Any]] = []
    hit = False
    buf = ""
    for ch in snippet:
        if ch == "[" and not hit or ch == "]" and hit:
            if buf:
                parts.append({"text": buf, "hit": hit})
            buf, hit = "", not hit
        else:
            buf += ch
    if buf:
        parts.append({"text": buf, "hit": hit})
    return parts
