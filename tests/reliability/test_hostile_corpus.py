"""A folder of hostile files next to good articles, through ingest (and brief, with the models).

Every hostile file must end as a coded rejection or a safe article, every good article must be
stored, and the run must stay within time and memory bounds (peak RSS measured in a subprocess).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from storydesk.config import load_config
from storydesk.pipeline import ingest_inputs
from storydesk.store import open_store
from tests.reliability.hostile_corpus import assess, build
from tests.reliability.store_checks import ROOT, check_store

#: Runs ingest_inputs on a folder and prints what the store holds, the time and the peak RSS.
DRIVER = r"""
import json, resource, sys, time
from pathlib import Path
from storydesk.config import load_config
from storydesk.pipeline import ingest_inputs
from storydesk.store import open_store
start = time.monotonic()
config = load_config(db=sys.argv[2])
with open_store(config.db) as store:
    summary = ingest_inputs([sys.argv[1]], store, config)
    articles = {Path(a.input).name: a.text for a in store.articles()}
    rejections = {Path(r.input).name: r.code for r in store.rejections()}
print(json.dumps({
    "summary": summary.to_dict(), "articles": articles, "rejections": rejections,
    "seconds": time.monotonic() - start,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""

#: Bounds for the full corpus (50 MB text, 10 MB line, 1 GB gzip bomb, 64 MB zip bomb) on a
#: busy 2-core machine; a normal run takes about a minute and 600 MB.
MAX_SECONDS = 300
MAX_RSS_MB = 1500


def run_ingest_subprocess(folder: Path, db: Path) -> dict:
    """Run the ingest driver in a fresh interpreter; return its JSON report."""
    proc = subprocess.run(
        [sys.executable, "-c", DRIVER, str(folder), str(db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=MAX_SECONDS * 2,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


def test_small_hostile_corpus_in_process(tmp_path: Path) -> None:
    corpus = build(tmp_path / "in", big=False, n_good=4)
    config = load_config(db=str(tmp_path / "s.db"))
    with open_store(config.db) as store:
        summary = ingest_inputs([str(corpus.folder)], store, config)
        articles = {Path(a.input).name: a.text for a in store.articles()}
        rejections = {Path(r.input).name: r.code for r in store.rejections()}
    assert assess(corpus, articles, rejections) == []
    assert summary.counts["ingested"] == len(articles)
    assert not check_store(config.db).problems


@pytest.mark.slow
def test_full_hostile_corpus_bounded_time_and_memory(tmp_path: Path) -> None:
    corpus = build(tmp_path / "in", big=True, n_good=6)
    report = run_ingest_subprocess(corpus.folder, tmp_path / "s.db")
    assert assess(corpus, report["articles"], report["rejections"]) == []
    assert report["seconds"] < MAX_SECONDS
    assert report["peak_rss_mb"] < MAX_RSS_MB
    # a second run over the same folder changes nothing and still accounts for everything
    again = run_ingest_subprocess(corpus.folder, tmp_path / "s.db")
    assert again["summary"]["counts"].get("ingested", 0) == 0
    assert again["articles"] == report["articles"]


@pytest.mark.models
def test_brief_over_a_hostile_folder(tmp_path: Path) -> None:
    corpus = build(tmp_path / "in", big=False, n_good=6)
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "storydesk.cli", "brief", str(corpus.folder), "-o", str(out),
         "--db", str(tmp_path / "s.db")],
        cwd=ROOT, capture_output=True, text=True, timeout=900, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    with open_store(str(tmp_path / "s.db")) as store:
        articles = {Path(a.input).name: a.text for a in store.articles()}
        rejections = {Path(r.input).name: r.code for r in store.rejections()}
    assert assess(corpus, articles, rejections) == []
    assert not check_store(str(tmp_path / "s.db"), analysed=True).problems
    html = (out / "brief.html").read_text("utf-8").lower()
    assert "alert(" not in html and "onerror" not in html and "javascript:" not in html
    brief = json.loads((out / "brief.json").read_text("utf-8"))
    assert brief["stories"]
