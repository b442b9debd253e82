"""The clean stage: encodings, metadata precedence, dates, language, rejections."""

from __future__ import annotations

from storydesk.clean import articles
from storydesk.config import Config
from storydesk.model import Article, RawDocument, article_id_for

BODY = (
    "The regional water board said on Tuesday that reservoir levels had risen to 82 percent after "
    "a wet February, easing fears of summer restrictions for farms in the valley.\n\n"
    "Officials cautioned that the figure was still below the ten-year average and asked growers "
    "to keep using the metered irrigation schedule agreed in 2024.\n"
)


def doc(content: bytes | str, content_type: str = "text/plain; charset=utf-8", **kw: object) -> RawDocument:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return RawDocument(input=kw.pop("input", "test"), content=data, content_type=content_type, **kw)  # type: ignore[arg-type]


def one(raw: RawDocument, **changes: object) -> Article:
    result = articles([raw], Config().replace(**changes) if changes else Config())
    assert result.rejected == (), result.rejected
    [article] = result.records
    return article


def test_plain_text_article_with_header() -> None:
    raw = "Reservoirs Fill After Wet Month\n\nBy Tomas Varga | 3 March 2026 | 3 min read\n\n" + BODY
    article = one(doc(raw))
    assert article.id == article_id_for(article.text)
    assert article.title == "Reservoirs Fill After Wet Month"
    assert article.byline == "Tomas Varga"
    assert (article.published, article.published_how) == ("2026-03-03", "text")
    assert article.published_window is None
    assert article.language == "en"
    assert [r.reason for r in article.removed] == ["byline"]
    assert "By Tomas Varga" not in article.text and "82 percent" in article.text


def test_undated_article_gets_an_inferred_window_never_a_date() -> None:
    raw = (
        "Water Board Weighs Summer Rules\n\n"
        "At its meeting on February 18, 2026 the board reviewed reservoir data from January 2026 "
        "and heard from farmers about the cost of the metered schedule.\n\n"
        "The board will publish its decision by the end of 2026, a spokesman said.\n\n" + BODY
    )
    article = one(doc(raw))
    assert article.published is None
    assert article.published_how == "inferred"
    assert article.published_window == ("2026-02-18", "2026-12-31")


def test_no_dates_at_all_means_no_publication_date() -> None:
    article = one(doc(BODY.replace("in 2024", "last year")))
    assert (article.published, article.published_how, article.published_window) == (None, "none", None)


def test_metadata_takes_precedence() -> None:
    raw = "Reservoirs Fill After Wet Month\n\nBy Tomas Varga | 3 March 2026\n\n" + BODY
    meta = {"title": "Feed Title", "published": "Wed, 04 Mar 2026 08:00:00 GMT", "outlet": "Valley Post",
            "author": "Desk", "url": "https://example.org/r"}
    article = one(doc(raw, metadata=meta))
    assert (article.title, article.byline, article.outlet, article.url) == ("Feed Title", "Desk", "Valley Post", "https://example.org/r")
    assert (article.published, article.published_how) == ("2026-03-04", "metadata")


def test_html_goes_through_trafilatura_with_metadata() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY.split("\n\n"))
    html = (
        "<html><head><title>Reservoirs Fill | Valley Post</title>"
        '<meta property="og:site_name" content="Valley Post">'
        '<meta name="author" content="Tomas Varga">'
        '<meta property="article:published_time" content="2026-03-03T07:00:00Z"></head><body>'
        "<nav><a href='/'>Home</a> <a href='/sport'>Sport</a></nav>"
        f"<article><h1>Reservoirs Fill</h1>{paragraphs}</article>"
        "<footer>Contact us</footer></body></html>"
    )
    article = one(doc(html, "text/html; charset=utf-8", url="https://example.org/r"))
    assert article.outlet == "Valley Post" and article.byline == "Tomas Varga"
    assert (article.published, article.published_how) == ("2026-03-03", "metadata")
    assert "82 percent" in article.text and "Sport" not in article.text


def test_encodings() -> None:
    text = "Caf\u00e9 owners in the old town said the r\u00e9novation would take months. " + BODY
    latin = one(doc(text.encode("cp1252"), "text/plain"))
    utf16 = one(doc(text.encode("utf-16"), "text/plain; charset=utf-16"))
    assert utf16.text.startswith("Caf\u00e9 owners")
    assert "82 percent" in latin.text and latin.text.count("\ufffd") == 0


def test_stray_control_characters_are_dropped_but_binary_is_rejected() -> None:
    article = one(doc(BODY.replace("wet February", "wet\x00 February")))
    assert "\x00" not in article.text
    result = articles([doc(b"\x00\x01\x02\x03 abc " * 100)], Config())
    assert [r.code for r in result.rejected] == ["CLEAN-003"]


def test_too_short_and_empty_html() -> None:
    result = articles(
        [doc("A short note.", input="short"), doc("<html><head><title>x</title></head><body> </body></html>", "text/html", input="nav")],
        Config(),
    )
    assert {r.input: r.code for r in result.rejected} == {"short": "CLEAN-002", "nav": "CLEAN-001"}
    assert result.stats["rejected.CLEAN-002"] == 1


def test_non_english_is_kept_and_flagged() -> None:
    german = (
        "Der Wasserverband teilte am Dienstag mit, dass die Stauseen nach einem nassen Februar zu "
        "82 Prozent gefüllt seien. Die Landwirte im Tal müssen im Sommer daher wohl keine "
        "Einschränkungen fürchten, hieß es in einer Mitteilung des Verbandes.\n"
    )
    assert one(doc(german)).language == "de"


def test_same_text_same_id_whatever_the_spacing() -> None:
    a = one(doc(BODY, input="a"))
    b = one(doc(BODY.replace("\n\n", "\n\n\n"), input="b"))
    assert a.id == b.id and a.input != b.input
