"""Assemble one :class:`StoryBrief` per linked story from articles, annotations and link records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from functools import partial

from ..config import Config
from ..model import (
    Annotations,
    Article,
    ArticleCopy,
    Brief,
    Conflict,
    LinkedStory,
    SourceInfo,
    StoryBrief,
)
from .sentence_vectors import Embedder, sentence_vectors
from .summary import bullets_for, candidates_for, headline_for, summarize, weights_for
from .timeline import parse_day, timeline_for

MIN_BULLETS, MAX_BULLETS = 5, 10


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _story_article_ids(linked: LinkedStory, articles: Mapping[str, Article]) -> list[str]:
    """Return the story's article ids that we hold, oldest first (undated last), then by id."""
    ids = [a for a in dict.fromkeys(linked.story.article_ids) if a in articles]
    far = dt.date.max
    return sorted(ids, key=lambda a: (parse_day(articles[a].published) or far, a))


def sources_for(
    ids: Sequence[str], articles: Mapping[str, Article], copies: Mapping[str, Sequence[ArticleCopy]]
) -> tuple[SourceInfo, ...]:
    """Describe every source article: metadata, removed lines and the copies collapsed into it."""
    return tuple(
        SourceInfo(
            article_id=a.id,
            input=a.input,
            outlet=a.outlet,
            title=a.title,
            byline=a.byline,
            published=a.published,
            published_how=a.published_how,
            removed=a.removed,
            copies=tuple(copies.get(a.id, ())),
            language=a.language,
        )
        for a in (articles[i] for i in ids)
    )


def contradictions_for(linked: LinkedStory) -> tuple[Conflict, ...]:
    """Collect every disagreement recorded on the story's events and figures."""
    out: list[Conflict] = []
    for ev in linked.events:
        out.extend(ev.conflicts)
    for fig in linked.figures:
        out.extend(fig.conflicts)
    return tuple(out)


def story_brief(
    linked: LinkedStory,
    articles: Mapping[str, Article],
    annotations: Mapping[str, Annotations],
    copies: Mapping[str, Sequence[ArticleCopy]],
    config: Config,
    embedder: Embedder | None = None,
) -> StoryBrief:
    """Build the brief of one story; sections with no input stay empty, never invented."""
    ids = _story_article_ids(linked, articles)
    vectors_for = partial(sentence_vectors, embedder=embedder)
    cands = candidates_for(ids, articles, annotations)
    titles = [t for t in dict.fromkeys(articles[i].title for i in ids) if t]
    all_vectors = vectors_for([c.sentence.text for c in cands] + titles)
    cand_vectors, title_vectors = all_vectors[: len(cands)], all_vectors[len(cands) :]
    n_bullets = max(MIN_BULLETS, min(MAX_BULLETS, config.summary_bullets))
    chosen_rows = summarize(cands, cand_vectors, n_bullets, weights=weights_for(embedder))
    chosen = [cands[i] for i in chosen_rows]
    headline = headline_for(
        titles, title_vectors, cand_vectors[chosen_rows] if chosen_rows else cand_vectors[:0],
        linked.story.title or (titles[0] if titles else ""),
    )
    return StoryBrief(
        story_id=linked.story.id,
        headline=headline,
        summary=bullets_for(chosen),
        timeline=timeline_for(
            ids, articles, annotations, vectors_for, duplicate=0.6 if embedder is None else 0.85
        ),
        events=linked.events,
        figures=linked.figures,
        entities=linked.entities,
        contradictions=contradictions_for(linked),
        sources=sources_for(ids, articles, copies),
    )


def brief(
    stories: Sequence[LinkedStory],
    articles: Mapping[str, Article],
    annotations: Mapping[str, Annotations],
    copies: Mapping[str, Sequence[ArticleCopy]],
    config: Config,
    embedder: Embedder | None = None,
) -> Brief:
    """Build the brief of every story (summary, timeline, events, figures, actors, sources)."""
    return Brief(
        generated_at=_now(),
        stories=tuple(
            story_brief(s, articles, annotations, copies, config, embedder) for s in stories
        ),
    )
