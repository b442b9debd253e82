"""Runs survive crashes: a dead worker is replaced, a dead run is finished by re-running it.

Each test compares the final store with the store of an uninterrupted run: resuming must not
lose, duplicate or reorder anything.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from storydesk.config import load_config
from storydesk.errors import StorydeskError
from storydesk.pipeline import ingest_inputs
from storydesk.store import open_store
from tests.engine.content import store_content

ROOT = Path(__file__).resolve().parents[2]

TOWNS = ["Hajin", "Shaafa", "Baghuz", "Ashara", "Mayadin", "Busayra", "Gharanij", "Sousa"]


def _write_story(folder: Path, n: int) -> None:
    """Write ``n`` distinct short reports (our own words) and a reprint of the first one."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        town = TOWNS[i % len(TOWNS)]
        body = " ".join(
            f"Report {i}-{k}: residents of {town} said a patrol passed the grain silo at dawn "
            f"and {k + i * 3} families left for the river villages before noon."
            for k in range(6)
        )
        (folder / f"r{i:03d}.txt").write_text(f"Movement near {town} ({i})\n\n{body}\n", "utf-8")
    # A syndicated copy of report 0 with a new opening line: a near duplicate, not a new article.
    first = (folder / "r000.txt").read_text("utf-8").split("\n", 2)[2]
    (folder / "zz-reprint.txt").write_text(
        f"Reprinted from a partner outlet\n\nA wire editor added this line. {first}", "utf-8"
    )


def _uninterrupted(tmp_path: Path, inputs: Path) -> dict:
    config = load_config(db=str(tmp_path / "ref.db"), batch_size=4)
    with open_store(config.db) as store:
        ingest_inputs([str(inputs)], store, config)
        return store_content(store)


def test_crash_before_the_index_is_saved_loses_no_duplicate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = tmp_path / "in"
    _write_story(inputs, 6)
    reprint = inputs / "zz-reprint.txt"
    held = tmp_path / "held.txt"
    reprint.rename(held)  # the first run sees only the originals
    config = load_config(db=str(tmp_path / "s.db"), batch_size=4)
    with open_store(config.db) as store:
        from storydesk.store.sqlite import SQLiteStore

        def crash(*args: object) -> None:
            raise KeyboardInterrupt("killed between the article commits and the index save")

        monkeypatch.setattr(SQLiteStore, "put_state", crash)
        with pytest.raises(KeyboardInterrupt):
            ingest_inputs([str(inputs)], store, config)
        monkeypatch.undo()
        assert store.count_articles() == 6 and store.get_state("near-duplicate-index") is None
        held.rename(reprint)
        summary = ingest_inputs([str(inputs)], store, config)
        assert summary.counts["duplicates"] == 1 and summary.counts["ingested"] == 0
        resumed = store_content(store)
    assert resumed == _uninterrupted(tmp_path, inputs)


def test_saved_index_is_used_and_topped_up(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    _write_story(inputs, 6)
    reprint = inputs / "zz-reprint.txt"
    held = tmp_path / "held.txt"
    reprint.rename(held)
    config = load_config(db=str(tmp_path / "s.db"), batch_size=4)
    with open_store(config.db) as store:
        ingest_inputs([str(inputs)], store, config)
        blob, mark = store.get_state("near-duplicate-index")  # type: ignore[misc]
        assert mark == store.article_mark()
        # An index saved before the last articles arrived (as after a crash): the next run
        # must add those articles before matching, or the reprint would be stored as new.
        from storydesk.clean import DuplicateIndex

        stale = DuplicateIndex(threshold=config.near_duplicate_threshold)
        stale.add(next(store.articles()))
        first_mark = 1
        store.put_state("near-duplicate-index", stale.dumps(), first_mark)
        held.rename(reprint)
        summary = ingest_inputs([str(inputs)], store, config)
        assert summary.counts["duplicates"] == 1
        assert store.get_state("near-duplicate-index") == (blob, mark)  # re-saved, topped up
        resumed = store_content(store)
    assert resumed == _uninterrupted(tmp_path, inputs)


def test_index_with_missing_rows_is_rebuilt(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    _write_story(inputs, 6)
    reprint = inputs / "zz-reprint.txt"
    held = tmp_path / "held.txt"
    reprint.rename(held)
    config = load_config(db=str(tmp_path / "s.db"), batch_size=4)
    with open_store(config.db) as store:
        ingest_inputs([str(inputs)], store, config)
        from storydesk.clean import DuplicateIndex

        # An empty index marked as current: what a concurrent writer's rows look like to a
        # mark. The count check must catch it and rebuild from every article.
        store.put_state(
            "near-duplicate-index", DuplicateIndex(threshold=config.near_duplicate_threshold).dumps(),
            store.article_mark(),
        )
        held.rename(reprint)
        assert ingest_inputs([str(inputs)], store, config).counts["duplicates"] == 1


CHILD = """
import sys, time
sys.path.insert(0, {root!r})
import storydesk.clean as clean
from storydesk.config import load_config
from storydesk.pipeline import ingest_inputs
from storydesk.store import open_store

original = clean.articles

def slow_articles(batch, config):
    time.sleep(0.15)  # slow enough for the parent to kill the run mid-way
    return original(batch, config)

if __name__ == "__main__":
    clean.articles = slow_articles
    config = load_config(db={db!r}, batch_size=4, workers={workers})
    with open_store(config.db) as store:
        ingest_inputs([{inputs!r}], store, config)
"""


def _start_child(tmp_path: Path, inputs: Path, db: str, workers: int) -> subprocess.Popen:
    script = tmp_path / "child.py"
    script.write_text(
        textwrap.dedent(CHILD).format(root=str(ROOT), db=db, inputs=str(inputs), workers=workers)
    )
    return subprocess.Popen([sys.executable, str(script)], cwd=ROOT, stderr=subprocess.PIPE)


def _wait_for_articles(db: str, proc: subprocess.Popen, at_least: int) -> int:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if Path(db).exists():
            try:
                with open_store(db) as store:
                    n = store.count_articles()
            except StorydeskError:  # the child may still be creating or migrating it
                n = 0
            if n >= at_least:
                return n
        time.sleep(0.05)
    raise AssertionError(f"the run ended or stalled before storing {at_least} articles")


@pytest.mark.slow
def test_killed_run_finished_by_rerun_matches_uninterrupted(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    _write_story(inputs, 40)
    db = str(tmp_path / "s.db")
    proc = _start_child(tmp_path, inputs, db, workers=1)
    _wait_for_articles(db, proc, 8)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    with open_store(db) as store:
        assert 8 <= store.count_articles() < 40, "the run finished before it could be killed"
        config = load_config(db=db, batch_size=4)
        ingest_inputs([str(inputs)], store, config)
        resumed = store_content(store)
    assert resumed == _uninterrupted(tmp_path, inputs)


def _pool_workers(pid: int) -> list[int]:
    import psutil

    # spawn_main: the pool's workers, not multiprocessing's resource tracker
    return [
        p.pid for p in psutil.Process(pid).children(recursive=True)
        if any("spawn_main" in part for part in p.cmdline())
    ]


@pytest.mark.slow
def test_killed_pool_worker_is_replaced_and_the_run_completes(tmp_path: Path) -> None:
    pytest.importorskip("psutil")
    inputs = tmp_path / "in"
    _write_story(inputs, 40)
    db = str(tmp_path / "s.db")
    proc = _start_child(tmp_path, inputs, db, workers=2)
    _wait_for_articles(db, proc, 8)
    workers = _pool_workers(proc.pid)
    assert len(workers) == 2, workers
    os.kill(workers[0], signal.SIGKILL)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()[-2000:]
    with open_store(db) as store:
        assert store.count_articles() == 40
        resumed = store_content(store)
    assert resumed == _uninterrupted(tmp_path, inputs)
