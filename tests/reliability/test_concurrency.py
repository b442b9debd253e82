"""Two ingests into one SQLite store at once: no lock error, no duplicate, everything stored."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from storydesk.config import load_config
from storydesk.pipeline import ingest_inputs
from storydesk.store import open_store
from tests.reliability.store_checks import check_store, start
from tests.test_ingest_pipeline import write_articles


def _folders(root: Path, n: int) -> tuple[list[str], list[str], int]:
    """Return two input lists sharing a folder, plus same-text files under different names."""
    write_articles(root / "a", n, seed=101)
    write_articles(root / "b", n, seed=202)
    shared = write_articles(root / "shared", n // 2, seed=303)
    # the same text under another name in each private folder: an exact duplicate across runs
    shutil.copy(shared[0], root / "a" / "dup_of_shared.txt")
    shutil.copy(shared[0], root / "b" / "dup_of_shared.txt")
    distinct = n + n + n // 2
    return [str(root / "a"), str(root / "shared")], [str(root / "b"), str(root / "shared")], distinct


def _assert_all_stored(db: str, root: Path, distinct: int) -> None:
    report = check_store(db)
    assert not report.problems, report.problems
    assert report.articles == distinct
    inputs = {p for p in root.rglob("*.txt")}
    with open_store(db) as store:
        copied = {Path(c.input) for c in store.copies()}
        kinds = {Path(c.input).name: c.kind for c in store.copies() if "dup_of_shared" in c.input}
    assert copied == inputs  # every file recorded once, shared ones not twice
    assert set(kinds.values()) == {"exact"}


def test_two_ingests_in_threads_share_one_store(tmp_path: Path) -> None:
    first, second, distinct = _folders(tmp_path / "in", 8)
    db = str(tmp_path / "s.db")
    config = load_config(db=db).replace(batch_size=2)
    errors: list[BaseException] = []

    def run(inputs: list[str]) -> None:
        try:
            with open_store(db) as store:  # one connection per writer, as two processes would have
                ingest_inputs(inputs, store, config)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(inputs,)) for inputs in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    _assert_all_stored(db, tmp_path / "in", distinct)


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_two_ingest_processes_share_one_store(tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> None:
    first, second, distinct = _folders(tmp_path / "in", 80)
    db = str(tmp_path / "s.db") if backend == "sqlite" else request.getfixturevalue("pg_server").new_database()
    env = {"STORYDESK_BATCH_SIZE": "4"}
    procs = [start(["-m", "storydesk.cli", "ingest", *inputs, "--db", db], env) for inputs in (first, second)]
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err.decode()[-2000:]
        assert b"locked" not in err and b"Traceback" not in err, err.decode()[-2000:]
    _assert_all_stored(db, tmp_path / "in", distinct)
