"""The annotate stage's batching: an article's annotations do not depend on its batch."""

from __future__ import annotations

from pathlib import Path

import pytest

from storydesk import annotate
from storydesk.config import Config
from storydesk.model import Article, article_id_for

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "euphrates-drone-strikes" / "text"
CONFIG = Config()


def _articles() -> list[Article]:
    out = []
    for path in sorted(EXAMPLE.glob("*.txt")):
        text = path.read_text("utf-8")
        out.append(Article(id=article_id_for(text), input=path.name, text=text, published="2026-03-14", language="en"))
    return out


@pytest.mark.models
def test_an_articles_annotations_do_not_depend_on_its_batch() -> None:
    articles = _articles()
    together = annotate.annotations(articles, CONFIG)
    alone = [annotate.annotations([a], CONFIG).records[0] for a in articles]
    assert not together.rejected
    assert list(together.records) == alone
    assert sum(len(a.events) for a in alone) > 10  # the example story has events to get wrong


@pytest.mark.models
def test_a_parse_that_fails_for_one_article_costs_only_its_arguments(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import storydesk.nlp.pipeline as nlp_pipeline

    articles = _articles()
    expected = annotate.annotations(articles, CONFIG).records
    bad = articles[1]
    real = nlp_pipeline.parse_many

    def parse_many(nlp, requests):  # type: ignore[no-untyped-def]
        if any(doc.text == bad.text for doc, _ in requests):
            raise RuntimeError("parser fault")
        return real(nlp, requests)

    monkeypatch.setattr(nlp_pipeline, "parse_many", parse_many)
    result = annotate.annotations(articles, CONFIG)
    assert not result.rejected
    got = {a.article_id: a for a in result.records}
    for ann in expected:
        if ann.article_id != bad.id:
            assert got[ann.article_id] == ann
    # the article the parser failed on keeps everything but parse-derived arguments
    unparsed = got[bad.id]
    want = next(a for a in expected if a.article_id == bad.id)
    assert (unparsed.sentences, unparsed.mentions, unparsed.dates, unparsed.figures) == (
        want.sentences, want.mentions, want.dates, want.figures
    )
    assert [(e.start, e.end) for e in unparsed.events] == [(e.start, e.end) for e in want.events]
