"""The annotate stage: per-article understanding as stand-off spans.

``annotations(batch, config)`` runs the shipped spaCy pipeline (sentences, named entities,
parse), then dates, events and figures, and returns one :class:`Annotations` per article. It is
a pure function of its batch, so it runs the same in-process or on a worker. ``version()`` is the
cache key: an article annotated with the current version is not annotated again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import get_args

from ..config import Config
from ..model import (
    Annotations,
    Article,
    DateExpr,
    EntityLabel,
    EventMention,
    Mention,
    Rejected,
    Sentence,
    StageResult,
)
from . import dates, events, figures

COMPOSE_VERSION = "1"
MAX_CHARS = 200_000  # per article; the longest real news articles are a few tens of thousands


def version() -> str:
    """Return the cache key of the annotate stage: the versions of everything it runs."""
    # Imported here, not at module level, so that importing a finder (dates, events) does not
    # load spaCy and the shipped model.
    from ..nlp.pipeline import NLP_VERSION

    return "+".join(
        [f"compose{COMPOSE_VERSION}", f"nlp{NLP_VERSION}", f"dates{dates.VERSION}",
         f"events{events.VERSION}", f"figures{figures.VERSION}"]
    )

_LABELS = set(get_args(EntityLabel))


def annotations(batch: Sequence[Article], config: Config) -> StageResult:
    """Annotate a batch of articles: sentences, entities, dates, events and figures."""
    from ..nlp.pipeline import load_nlp, parse_many, parse_spans

    nlp = load_nlp()
    records: list[Annotations] = []
    rejected: list[Rejected] = []
    english = [a for a in batch if a.language == "en"]
    skipped = len(batch) - len(english)
    # Analysis is English-only for now: other languages keep their article, without annotations.
    for article in batch:
        if article.language != "en":
            records.append(Annotations(article_id=article.id))
    # spaCy refuses texts over nlp.max_length with a ValueError that aborted the whole batch, and
    # the next analyse retried it: one 2 MB article blocked analysis of the store for good. Such
    # articles keep empty annotations (so they are not retried) and get a rejection saying why.
    # The parser and NER need about 1 GB per 100,000 characters: no news article comes near
    # MAX_CHARS, so longer "articles" (dumps, logs) are kept unannotated instead of risking memory.
    limit = min(nlp.max_length, MAX_CHARS)
    too_long = [a for a in english if len(a.text) > limit]
    for article in too_long:
        records.append(Annotations(article_id=article.id))
        rejected.append(
            Rejected(
                input=article.id,
                stage="annotate",
                code="ANNOTATE-001",
                reason=f"{len(article.text):,} characters, over the annotation limit of "
                f"{limit:,}: kept without annotations",
            )
        )
    english = [a for a in english if len(a.text) <= limit]
    docs = nlp.pipe((a.text for a in english), batch_size=max(1, min(len(english), 32)))
    # Three passes so that the parser runs once over the whole batch's trigger sentences:
    # 1. per article, the layers that need no parse and the event plan (which spans to parse);
    planned: list[tuple[Article, object, _Layers, events.EventPlan]] = []
    for article, doc in zip(english, docs):
        try:
            layers = _layers(article, doc)
            planned.append((article, doc, layers, events.plan_events(article, *layers)))
        except Exception as exc:  # one bad article must not abort the batch
            rejected.append(_failed(article, exc))
    # 2. one parse of every planned span;
    try:
        parses = parse_many(nlp, [(doc, plan.spans) for _, doc, _, plan in planned])
    except Exception:  # find the article whose sentences the parser cannot take; parse the rest
        parses = []
        for _, doc, _, plan in planned:
            try:
                parses.append(parse_spans(nlp, doc, plan.spans))
            except Exception:
                parses.append([None] * len(plan.spans))  # arguments then come from rules alone
    # 3. per article, events from its plan and parses, and figures.
    for (article, _, layers, plan), parsed in zip(planned, parses):
        try:
            records.append(_compose(article, layers, events.finish_events(plan, parsed)))
        except Exception as exc:
            rejected.append(_failed(article, exc))
    return StageResult(
        records=tuple(records),
        rejected=tuple(rejected),
        stats={"annotated": len(records), "non_english": skipped},
    )


def _failed(article: Article, exc: Exception) -> Rejected:
    return Rejected(
        input=article.id, stage="annotate", code="ANNOTATE-001", reason=f"{type(exc).__name__}: {exc}"[:500]
    )


#: An article's sentences, entity mentions and dates: what events and figures are read from.
_Layers = tuple[tuple[Sentence, ...], tuple[Mention, ...], tuple[DateExpr, ...]]


def _layers(article: Article, doc: object) -> _Layers:
    text = article.text
    sentences = tuple(
        Sentence(article_id=article.id, start=s.start_char, end=s.end_char, text=text[s.start_char : s.end_char], index=i)
        for i, s in enumerate(_trimmed_sents(doc, text))
    )
    mentions = tuple(
        Mention(article_id=article.id, start=e.start_char, end=e.end_char, label=e.label_, text=e.text)
        for e in doc.ents  # type: ignore[attr-defined]
        if e.label_ in _LABELS
    )
    published = article.published
    if published is None and article.published_window:
        published = article.published_window[1]
    found_dates = dates.find_dates(
        text, article.id, published, anchor_inferred=article.published_how == "inferred"
    )
    return sentences, mentions, tuple(found_dates)


def _compose(article: Article, layers: _Layers, found_events: tuple[EventMention, ...]) -> Annotations:
    sentences, mentions, found_dates = layers
    return Annotations(
        article_id=article.id,
        sentences=sentences,
        mentions=mentions,
        dates=found_dates,
        events=found_events,
        figures=figures.find_figures(article, sentences, mentions, found_dates),
    )


class _Span:
    __slots__ = ("start_char", "end_char")

    def __init__(self, start: int, end: int) -> None:
        self.start_char = start
        self.end_char = end


def _trimmed_sents(doc: object, text: str) -> list[_Span]:
    """Return sentence spans without surrounding whitespace, splitting at blank lines too."""
    out: list[_Span] = []
    for sent in doc.sents:  # type: ignore[attr-defined]
        start, end = sent.start_char, sent.end_char
        # A paragraph break is always a sentence break (headings, list items, datelines).
        pieces = text[start:end].split("\n")
        offset = start
        for piece in pieces:
            s = offset + (len(piece) - len(piece.lstrip()))
            e = offset + len(piece.rstrip())
            if e > s:
                out.append(_Span(s, e))
            offset += len(piece) + 1
    return out
