"""Regression tests for crashes and safety holes the reliability work found (see docs/reliability.md)."""

from __future__ import annotations

import io
import time
from pathlib import Path

from storydesk import clean
from storydesk.config import Config
from storydesk.ingest import documents
from storydesk.ingest.feeds import parse_feed
from storydesk.model import RawDocument, Rejected
from tests.reliability.hostile_corpus import billion_laughs_feed, deep_json
from tests.test_ingest_pipeline import write_articles

CONFIG = Config().replace(min_chars=50)


def _codes(items: list[RawDocument | Rejected]) -> list[str]:
    return [i.code if isinstance(i, Rejected) else "ok" for i in items]


def test_deeply_nested_json_is_rejected_not_a_recursion_crash(tmp_path: Path) -> None:
    # Bug: json.loads raised RecursionError, which escaped ingest and aborted the whole run.
    folder = tmp_path / "in"
    write_articles(folder, 2)
    (folder / "deep.json").write_bytes(deep_json(100_000))
    (folder / "deep.jsonl").write_bytes(b'{"text": "fine"}\n' + deep_json(100_000) + b"\n")
    found = list(documents([str(folder)], CONFIG))
    by_input = {Path(i.input).name: i for i in found}
    assert by_input["deep.json"].code == "INGEST-006"
    assert by_input["deep.jsonl#2"].code == "INGEST-006"
    assert isinstance(by_input["deep.jsonl#1"], RawDocument)
    assert sum(isinstance(i, RawDocument) and i.input.endswith(".txt") for i in found) == 2


def test_deeply_nested_json_on_stdin_is_rejected() -> None:
    assert _codes(list(documents(["-"], CONFIG, stdin=io.BytesIO(deep_json(50_000))))) == ["INGEST-006"]


def test_clean_rejects_deeply_nested_json_documents() -> None:
    # Bug: clean's own JSON unwrapping raised RecursionError and aborted the batch.
    doc = RawDocument(input="deep", content=deep_json(100_000), content_type="application/json")
    good = RawDocument(input="good", content=b"The council met today. " * 20, content_type="text/plain")
    result = clean.articles([doc, good], CONFIG)
    assert [r.code for r in result.rejected] == ["CLEAN-001"]
    assert [a.input for a in result.records] == ["good"]


def test_entity_expansion_feed_is_refused_quickly() -> None:
    # Bug: expat cut the expansion off, but only after ~1M callbacks into feedparser: ~9 s of CPU
    # for a 1 kB file, so a folder of them stalled an ingest for minutes.
    start = time.monotonic()
    found = list(documents(["-"], CONFIG, stdin=io.BytesIO(billion_laughs_feed())))
    assert _codes(found) == ["INGEST-006"]
    assert "entit" in found[0].reason  # type: ignore[union-attr]
    assert time.monotonic() - start < 1.0


def test_feed_without_entities_still_parses() -> None:
    feed = (
        b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        b'"http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel>'
        b"<title>Gazette</title><item><title>One</title><link>http://example.org/1</link></item>"
        b"</channel></rss>"
    )
    outlet, entries = parse_feed(feed)
    assert outlet == "Gazette" and [e.link for e in entries] == ["http://example.org/1"]


def test_millions_of_short_lines_are_refused_not_chewed_for_minutes() -> None:
    # Bug: 2M one-character lines (4 MB) held clean for ~90 s of CPU (chrome rules per line).
    doc = RawDocument(input="lines", content=b"x\n" * 2_000_000, content_type="text/plain")
    start = time.monotonic()
    result = clean.articles([doc], CONFIG)
    assert [r.code for r in result.rejected] == ["CLEAN-004"]
    assert time.monotonic() - start < 5


def test_an_unexpected_error_in_one_document_keeps_the_rest_of_the_batch(monkeypatch) -> None:
    import sys

    articles_module = sys.modules["storydesk.clean.articles"]  # the package re-exports a function of that name

    def broken(html: str, url: str | None = None) -> None:
        raise ValueError("extractor exploded")

    monkeypatch.setattr(articles_module, "extract_html", broken)
    bad = RawDocument(input="bad", content=b"<html><body><p>x</p></body></html>", content_type="text/html")
    good = RawDocument(input="good", content=b"The council met today. " * 20, content_type="text/plain")
    result = clean.articles([bad, good], CONFIG)
    assert [(r.input, r.code) for r in result.rejected] == [("bad", "CLEAN-005")]
    assert "extractor exploded" in result.rejected[0].reason
    assert [a.input for a in result.records] == ["good"]


def test_junk_publication_metadata_skips_the_slow_date_parser(monkeypatch) -> None:
    # Bug: every junk "published" value went to dateparser, which tries ~200 locales (0.1-1.5 s
    # a value once warm, 14 s cold): a JSONL export with junk dates took hours to clean.
    import dateparser

    from storydesk.clean.textdates import normalize_date

    calls: list[str] = []
    monkeypatch.setattr(dateparser, "parse", lambda value, **kw: calls.append(value))
    for junk in ("gibberish", "<script>alert()</script>", "n/a", "x" * 500 + " 2024"):
        assert normalize_date(junk) is None
    assert calls == []
    assert normalize_date("Tuesday, 3rd of February 2026") == "2026-02-03"  # still read without it


def _one_article_brief(text: str, published: str | None, title: str = "Depot fire"):  # type: ignore[no-untyped-def]
    from storydesk import link, report
    from storydesk.annotate import dates
    from storydesk.model import Annotations, Article, Sentence, article_id_for

    aid = article_id_for(text)
    article = Article(id=aid, input="in.txt", title=title, outlet=title, published=published, text=text)
    end = text.index(".") + 1
    ann = Annotations(
        article_id=aid,
        sentences=(Sentence(article_id=aid, start=0, end=end, text=text[:end], index=0),),
        dates=dates.find_dates(text, aid, published),
    )
    articles, annotations = {aid: article}, {aid: ann}
    stories = link.stories([article], annotations)
    linked = [link.linked_story(s, annotations, curated=(), lookup_place=lambda name: None) for s in stories]
    return report.brief(linked, articles, annotations, {}, CONFIG)


def test_brief_survives_publication_dates_at_the_calendar_edge() -> None:
    # Bug: "published: 0001-01-01" made the timeline's background cut-off overflow, and a date in
    # December 9999 overflowed the period end and the chart's margin: the whole brief failed.
    from storydesk import report

    for published, text in (("0001-01-01", "The depot burned on 1 January 0001. Crews came."),
                            ("9999-12-31", "The depot burned in December 9999. Crews came.")):
        brief = _one_article_brief(text, published)
        for fmt in ("html", "md", "json", "csv", "geojson"):
            assert report.render_text(brief, fmt)


def test_bidi_overrides_from_article_text_do_not_reach_the_pages() -> None:
    # Bug: U+202E in a title or sentence reversed the rest of the line in the HTML/Markdown brief
    # ("Trojan Source"-style spoofing of outlet names and figures).
    from storydesk import report

    brief = _one_article_brief("\u202eThe depot burned on Monday. Crews came.", "2024-01-31", title="\u202eevil\u2066x")
    for fmt in ("html", "md"):
        page = report.render_text(brief, fmt)
        assert not any(ch in page for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert "\u202e" in report.render_text(brief, "json")  # the data keeps the exact text


def test_an_export_of_junk_records_stops_instead_of_storing_a_rejection_per_line(tmp_path: Path) -> None:
    # Bug: 1 MB of "{}" lines stored 300,000 rejections (2 minutes, 52 MB of store); a small
    # gzip of such lines would store hundreds of millions.
    junk = b"{}\n" * 20_000
    (tmp_path / "junk.jsonl").write_bytes(junk)
    for found in (
        list(documents([str(tmp_path / "junk.jsonl")], CONFIG)),
        list(documents(["-"], CONFIG, stdin=io.BytesIO(junk))),
        list(documents(["-"], CONFIG, stdin=io.BytesIO(b"[" + b"{}," * 20_000 + b"{}]"))),
    ):
        assert len(found) == 1001
        assert "stopped reading" in found[-1].reason  # type: ignore[union-attr]


def test_an_export_with_many_bad_lines_among_more_good_ones_is_read_to_the_end(tmp_path: Path) -> None:
    good = b'{"text": "The council met today to agree the budget."}\n'
    lines = (good * 2 + b"{}\n") * 1500  # 1,500 bad lines, 3,000 good ones
    (tmp_path / "export.jsonl").write_bytes(lines)
    found = list(documents([str(tmp_path / "export.jsonl")], CONFIG))
    assert sum(isinstance(i, RawDocument) for i in found) == 3000
    assert sum(isinstance(i, Rejected) for i in found) == 1500


def test_carriage_returns_in_event_fields_cannot_inject_csv_rows() -> None:
    # Bug: a bare \r (from a title or record metadata) left its cell unquoted under the "\n"
    # line terminator, so spreadsheet and csv readers started a new row inside the cell.
    import csv

    from storydesk import report
    from storydesk.model import Brief, Event, StoryBrief

    event = Event(id="e1", type="Battles", actor1="Front\r=HYPERLINK(\"http://x\")\r,,,", actor2="\rA")
    brief = Brief(generated_at="2026-01-01T00:00:00Z", stories=(StoryBrief(story_id="s1", headline="h", events=(event,)),))
    rows = list(csv.reader(io.StringIO(report.render_text(brief, "csv"), newline="")))
    assert len(rows) == 2 and len(rows[1]) == len(rows[0])
    assert rows[1][rows[0].index("actor1")].startswith("Front\n=HYPERLINK")


def test_an_article_over_the_nlp_length_limit_does_not_block_the_batch(monkeypatch) -> None:
    # Bug: spaCy's ValueError for a text over nlp.max_length (a 2 MB one-word article) aborted the
    # whole annotate batch, and every later `storydesk analyse` failed on the same article.
    import storydesk.nlp.pipeline as nlp_pipeline
    from storydesk import annotate
    from storydesk.model import Article
    from tests.reliability.analyse_driver import stand_in_nlp

    nlp = stand_in_nlp()
    nlp.max_length = 5_000
    monkeypatch.setattr(nlp_pipeline, "load_nlp", lambda: nlp)
    long = Article(id="along", input="long.txt", text="A" * 6_000 + " and some words.")
    short = Article(id="ashort", input="short.txt", text="The council in Mosul reported a new project.")
    result = annotate.annotations([long, short], CONFIG)
    assert sorted(a.article_id for a in result.records) == ["along", "ashort"]
    assert [(r.input, r.code) for r in result.rejected] == [("along", "ANNOTATE-001")]
    [kept] = [a for a in result.records if a.article_id == "ashort"]
    assert kept.sentences
