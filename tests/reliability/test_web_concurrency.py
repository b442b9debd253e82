"""``storydesk serve`` keeps answering while ``storydesk ingest`` writes to the same store."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from tests.reliability.store_checks import ROOT, check_store, start
from tests.reliability.web_load import Load, mixed, serving, story_paths
from tests.test_ingest_pipeline import write_articles

pytest.importorskip("fastapi", reason="the web extra is not installed: pip install 'storydesk[web]'")


def _analysed_store(tmp: Path, n: int) -> str:
    """Ingest ``n`` articles and analyse them (stand-in NLP when the model is absent)."""
    db = str(tmp / "s.db")
    write_articles(tmp / "first", n, seed=5)
    for args in (["-m", "storydesk.cli", "ingest", str(tmp / "first"), "--db", db],
                 ["-m", "tests.reliability.analyse_driver", "--db", db, "--no-embedder"]):
        subprocess.run([sys.executable, *args], cwd=ROOT, check=True, capture_output=True, timeout=900)
    return db


@pytest.mark.slow
def test_server_answers_while_an_ingest_writes(tmp_path: Path) -> None:
    db = _analysed_store(tmp_path, 20)
    write_articles(tmp_path / "second", 150, seed=6)
    with serving(db) as base:
        paths = ["/", "/events", "/search?q=council", "/api/stories", "/articles", "/rejections",
                 *story_paths(base)[:3]]
        results: list[Load] = []
        runner = threading.Thread(target=lambda: results.append(mixed(base, paths, seconds=25)))
        ingest = start(["-m", "storydesk.cli", "ingest", str(tmp_path / "second"), "--db", db],
                       {"STORYDESK_BATCH_SIZE": "4"})
        runner.start()
        _, err = ingest.communicate(timeout=600)
        runner.join(timeout=120)
        assert ingest.returncode == 0, err.decode()[-2000:]
        [load] = results
        assert load.requests > 20
        assert load.failures == [] and load.bad == [], (load.failures[:5], load.bad[:5])
        # what the ingest wrote is visible to the running server
        stored = httpx.get(base + "/api/stories", timeout=30).json()["articles_stored"]
        assert stored == 170
    assert not check_store(db).problems
