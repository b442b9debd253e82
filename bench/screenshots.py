"""Screenshots of the web UI's main pages on the bundled example, and how fast each page answers.

    .venv/bin/python -m bench.screenshots            # ingest + analyse the example, then shoot
    .venv/bin/python -m bench.screenshots --db X.db  # shoot an existing store as it is

Runs the whole pipeline on ``examples/euphrates-drone-strikes/text`` into a temporary store
(needs the shipped NLP models), serves it on a free loopback port, drives the system Chromium
(/usr/bin/chromium, never a downloaded browser) to write docs/screenshots/*.png, and times each
page's server response (median of 5). Writes bench/results/web_pages.json; the gate is that
every page answers 200 with no script error in the browser.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.results_io import ROOT, write_result

EXAMPLE = ROOT / "examples" / "euphrates-drone-strikes" / "text"
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def build_store(db: Path, inputs: Path) -> str:
    """Ingest, annotate and link ``inputs`` into a new store at ``db``; return the run summary."""
    from storydesk.config import load_config
    from storydesk.errors import ModelMissing
    from storydesk.pipeline import annotate_articles, ingest_inputs, link_store
    from storydesk.store import open_store

    config = load_config(db=str(db))
    with open_store(config.db) as store:
        summary = ingest_inputs([str(inputs)], store, config)
        try:
            summary.merge(annotate_articles(store, config))
        except (ModelMissing, ImportError) as exc:
            sys.exit(f"skipped: the NLP models are not shipped yet ({exc}); screenshots need them")
        summary.merge(link_store(store, config))
    return summary.line()


def pick_pages(client: Any) -> dict[str, str]:
    """Choose one URL per page kind from what the store holds (the richest story first)."""
    stories = client.get("/api/stories").json()["stories"]
    if not stories:
        sys.exit("the store holds no story: nothing to screenshot")
    story = max(stories, key=lambda s: (s["events"], s["articles"]))
    brief = client.get(f"/api/stories/{story['id']}").json()["brief"]
    pages = {
        "stories": "/",
        "brief": f"/stories/{story['id']}",
        "events": f"/events?story={story['id']}",
        "map": f"/map?story={story['id']}",
        "sources": f"/stories/{story['id']}/sources",
    }
    events = sorted(brief["events"], key=lambda e: (-len(e["conflicts"]), -len(e["sources"])))
    if events:
        pages["event"] = f"/events/{events[0]['id']}"
        cites = events[0]["citations"]
        if cites:
            c = cites[0]
            pages["article"] = f"/articles/{c['article_id']}?start={c['start']}&end={c['end']}"
    if "article" not in pages and brief["sources"]:
        pages["article"] = f"/articles/{brief['sources'][0]['article_id']}"
    entities = sorted(brief["entities"], key=lambda e: -len(e["articles"]))
    if entities:
        pages["entity"] = f"/entities/{entities[0]['id']}"
    pages["search"] = "/search?q=drone"
    pages["ingest"] = "/ingest"
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db", help="Shoot this existing store instead of building one from the example."
    )
    parser.add_argument(
        "--inputs", default=str(EXAMPLE), help="What to ingest when building the store."
    )
    parser.add_argument("--out", default=str(OUT), help="Folder for the PNG files.")
    args = parser.parse_args()

    import httpx
    from playwright.sync_api import sync_playwright

    from storydesk.config import Config
    from storydesk.web import create_app
    from storydesk.web.server import running

    if not Path(CHROMIUM).exists():
        sys.exit(f"skipped: {CHROMIUM} is missing (apt-get install chromium)")
    tmp = Path(tempfile.mkdtemp(prefix="storydesk-shots-"))
    if args.db:
        db, summary = Path(args.db), "existing store"
    else:
        db = tmp / "example.db"
        started = time.perf_counter()
        summary = build_store(db, Path(args.inputs))
        print(f"pipeline: {summary} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    app = create_app(Config(db=str(db)), uploads=tmp / "uploads")
    timings: dict[str, float] = {}
    problems: dict[str, list[str]] = {}
    with (
        running(app) as base,
        httpx.Client(base_url=base, timeout=120) as client,
        sync_playwright() as pw,
    ):
        pages = pick_pages(client)
        for name, path in pages.items():
            client.get(path)  # warm the brief cache: time what a reader waits on a second visit
            times = []
            for _ in range(5):
                t = time.perf_counter()
                r = client.get(path)
                times.append((time.perf_counter() - t) * 1000)
                if r.status_code != 200:
                    problems.setdefault(name, []).append(f"HTTP {r.status_code}")
            timings[name] = statistics.median(times)
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
        current: list[str] = ["-"]
        page.on(
            "console",
            lambda m: m.type == "error" and problems.setdefault(current[0], []).append(m.text),
        )
        page.on("pageerror", lambda e: problems.setdefault(current[0], []).append(str(e)))
        for name, path in pages.items():
            current[0] = name
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(out / f"{name}.png"), full_page=name in ("stories", "events"))
            print(f"{name:8} {timings[name]:7.1f} ms  {path}", file=sys.stderr)
        browser.close()

    ok = sum(1 for name in pages if not problems.get(name))
    write_result(
        "web_pages",
        {
            "pages": len(pages),
            "pages_ok_fraction": ok / len(pages),
            "median_page_ms": statistics.median(timings.values()),
            "max_page_ms": max(timings.values()),
        },
        command="python -m bench.screenshots" + (f" --db {args.db}" if args.db else ""),
        notes=f"store: {summary}; server response times after one warm-up request (the brief is "
        "cached "
        "per story); screenshots in docs/screenshots/",
        floors={"pages_ok_fraction": 1.0},
        details={
            "page_ms": {k: round(v, 1) for k, v in timings.items()},
            "pages": pages,
            "problems": problems,
        },
    )


if __name__ == "__main__":
    main()
