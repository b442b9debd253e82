"""Real-browser tests: headless Chromium (the system one, never a downloaded one) clicks the app.

The app runs under uvicorn in a thread on a free loopback port; Playwright drives
/usr/bin/chromium. Skipped when Playwright or Chromium is missing (CI installs both).
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

pytest.importorskip("fastapi")
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install 'storydesk[browser]'")

from storydesk.config import Config
from storydesk.web import create_app
from storydesk.web.jobs import ingest_and_analyse
from storydesk.web.server import running

CHROMIUM = os.environ.get("STORYDESK_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: Runs before any page script: any payload that gets to call these marks the page.
HOOK = """
window.__xss = undefined;
window.alert = window.confirm = window.prompt = function () { window.__xss = 'dialog'; };
"""

PASTED = (
    "Ferry services between Port Velan and the island of Kesh resumed on Friday after a week-long "
    "pause, the ferry operator said.\n\n"
    "Passengers queued from dawn at the terminal, and the operator added two extra crossings for "
    "the weekend to clear the backlog of freight lorries.\n"
)


@pytest.fixture(scope="module")
def browser() -> Iterator:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


class Watch:
    """Collect what a page does that it should not: dialogs, console errors, page errors."""

    def __init__(self, page) -> None:
        self.problems: list[str] = []
        page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"), d.dismiss()))
        page.on(
            "console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}")
        )
        page.on("pageerror", lambda e: self.problems.append(f"pageerror: {e}"))


@pytest.fixture()
def page(browser) -> Iterator:
    context = browser.new_context()
    context.add_init_script(HOOK)
    p = context.new_page()
    p.set_default_timeout(20_000)
    p.watch = Watch(p)
    yield p
    context.close()


@pytest.fixture(scope="module")
def server(built, no_embedder, tmp_path_factory) -> Iterator[str]:
    app = create_app(Config(db=str(built.db)), uploads=tmp_path_factory.mktemp("up"))
    with running(app) as url:
        yield url


def test_click_from_stories_to_story_event_article(page, server: str) -> None:
    page.goto(server + "/")
    page.click("a.story-link")
    page.wait_for_url("**/stories/st1")
    assert page.locator("h1").first.inner_text()
    assert page.locator("section.summary li").count() >= 1
    page.click("section.events a.event-link >> nth=0")
    page.wait_for_url("**/events/ev*")
    assert "Explosions/Remote violence" in page.locator("h1").inner_text()
    page.click("ul.mentions a.article-link >> nth=0")
    page.wait_for_url("**/articles/*")
    cited = page.locator("#cited")
    assert cited.is_visible()
    assert page.locator(".article-text .k-event").count() >= 1
    # entity links inside the text lead to the entity page
    page.click(".article-text a.k-entity >> nth=0")
    page.wait_for_url("**/entities/*")
    assert page.locator("h1").inner_text()
    assert page.watch.problems == []


def test_timeline_filter_and_sources(page, server: str) -> None:
    page.goto(server + "/stories/st1")
    planned = page.locator("ul.timeline li.tl-planned")
    if planned.count():
        page.uncheck(".timeline .filters input[value=planned]")
        assert not planned.first.is_visible()
    page.click("text=compare sources")
    page.wait_for_url("**/stories/st1/sources")
    assert page.locator("table.matrix td.yes").count() >= 2
    assert page.watch.problems == []


def test_search_from_the_header(page, server: str) -> None:
    page.goto(server + "/events")
    page.fill("header form.search input[name=q]", "divers")
    page.press("header form.search input[name=q]", "Enter")
    page.wait_for_url("**/search?q=divers")
    assert page.locator("ol.results mark").first.inner_text().lower() == "divers"
    page.click("ol.results a.article-link >> nth=0")
    page.wait_for_url("**/articles/c_saltmarsh")
    assert page.watch.problems == []


def test_events_filters_and_csv(page, server: str) -> None:
    page.goto(server + "/events")
    page.select_option("select[name=type]", "Strategic developments")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/events?*type=Strategic+developments*")
    assert page.locator("a.event-link").count() == 1
    with page.expect_download() as dl:
        page.click("a.csv-link")
    text = Path(dl.value.path()).read_text("utf-8")
    assert text.startswith("event_id,") and "ev2" in text and "ev1" not in text


def _ingest(page, base: str, title: str) -> None:
    page.goto(base + "/ingest")
    page.fill("input[name=title]", title)
    page.fill("input[name=outlet]", "Island Gazette")
    page.fill("input[name=published]", "2026-05-22")
    page.fill("textarea[name=text]", PASTED)
    page.click("form#ingest-form button[type=submit]")
    page.wait_for_url("**/jobs/*")
    page.wait_for_selector("#job[data-status=done]", timeout=240_000)


def test_ingest_a_pasted_article_and_see_it(page, make_store, no_embedder, tmp_path) -> None:
    own = make_store(tmp_path / "ingest.db")
    app = create_app(
        Config(db=str(own.db)),
        uploads=tmp_path / "up",
        runner=partial(ingest_and_analyse, analyse=False),
    )
    with running(app) as base:
        _ingest(page, base, "Ferries to Kesh resume")
        page.click("#job-articles a.article-link")
        page.wait_for_url("**/articles/*")
        assert page.locator("h1").inner_text() == "Ferries to Kesh resume"
        page.goto(base + "/articles")
        assert page.locator("a.article-link", has_text="Ferries to Kesh resume").count() == 1
    assert page.watch.problems == []


@pytest.mark.models
@pytest.mark.slow
def test_ingest_with_analysis_joins_a_story(page, make_store, no_embedder, tmp_path) -> None:
    if importlib.util.find_spec("storydesk.nlp.pipeline") is None:
        pytest.skip("the annotate models (storydesk.nlp.pipeline) are not shipped yet")
    from storydesk.nlp.pipeline import ARTIFACT_DIR

    if not ARTIFACT_DIR.exists():
        pytest.skip(f"the spaCy artifact {ARTIFACT_DIR} is not shipped yet")
    own = make_store(tmp_path / "analysed.db")
    app = create_app(Config(db=str(own.db)), uploads=tmp_path / "up")
    with running(app) as base:
        _ingest(page, base, "Ferries to Kesh resume")
        assert page.locator("#job-warnings li").count() == 0, page.locator(
            "#job-warnings"
        ).inner_text()
        found = False
        page.goto(base + "/")
        for href in page.eval_on_selector_all(
            "a.story-link", "els => els.map(e => e.getAttribute('href'))"
        ):
            page.goto(base + href)
            if page.locator(
                "section.sources a.article-link", has_text="Ferries to Kesh resume"
            ).count():
                found = True
                break
        assert found, "the analysed article is in no story"
    assert page.watch.problems == []


@pytest.fixture(scope="module")
def hostile_server(hostile, no_embedder, tmp_path_factory) -> Iterator[str]:
    app = create_app(Config(db=str(hostile.db)), uploads=tmp_path_factory.mktemp("up"))
    with running(app) as url:
        yield url


HOSTILE_PAGES = [
    "/",
    "/stories/st1",
    "/stories/st1/sources",
    "/events",
    "/events/ev1",
    "/map",
    "/articles",
    "/articles/a_ledger",
    "/articles/b_meridian?start=0&end=40",
    "/articles/c_saltmarsh",
    "/entities/en1",
    "/entities/en2",
    "/search?q=script",
    "/search?q=freighter",
    "/rejections",
]


def test_xss_corpus_executes_nothing_and_shows_as_text(page, hostile_server: str) -> None:
    for path in HOSTILE_PAGES:
        page.goto(hostile_server + path)
        page.wait_for_load_state("load")
        # open every citation and removed-lines box so their contents render too
        page.eval_on_selector_all("details", "els => els.forEach(e => e.open = true)")
        page.wait_for_timeout(150)  # <animate> and <img onerror> would have fired by now
        assert page.evaluate("window.__xss") is None, path
        assert page.locator("img, iframe, object, embed").count() == 0, path
        assert page.locator("main svg script, main svg animate").count() == 0, path
    page.goto(hostile_server + "/articles/a_ledger")
    body = page.inner_text("main")
    assert "<script>window.__xss=1;alert(1)</script>" in body
    assert '<img src=x onerror="window.__xss=1;alert(1)">' in body
    assert page.locator("a[href^='javascript:']").count() == 0
    page.goto(hostile_server + "/")
    assert "</script><script>window.__xss=1</script>" in page.inner_text("main")
    assert page.watch.problems == []


def test_token_link_sets_a_cookie_once(browser, built, no_embedder, tmp_path) -> None:
    token = "browser-test-token-0123456789"
    app = create_app(Config(db=str(built.db)), token=token, uploads=tmp_path / "up")
    with running(app) as base:
        stranger = browser.new_page()
        assert stranger.goto(base + "/").status == 401
        assert "token" in stranger.inner_text("main")
        stranger.close()
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{base}/events?token={token}")
        assert page.url == base + "/events"  # the token does not stay in the address bar
        assert page.locator("a.event-link").count() == 2
        page.click("a.event-link >> nth=0")  # later pages ride on the cookie
        page.wait_for_url("**/events/ev*")
        assert [c["name"] for c in context.cookies()] == ["storydesk_token"]
        assert context.cookies()[0]["httpOnly"] and context.cookies()[0]["sameSite"] == "Strict"
        context.close()
