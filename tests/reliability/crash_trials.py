"""One SIGKILL trial of ``storydesk ingest`` or ``storydesk analyse``, shared by tests and the bench.

A trial starts the command in a subprocess, kills it with SIGKILL at a random point (a random
number of stored rows, or a random delay into the link phase), re-runs it to the end, and
checks the store against its invariants and against an uninterrupted reference run.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storydesk.store import open_store
from tests.reliability.hostile_corpus import build
from tests.reliability.store_checks import Consistency, check_store, kill_when, read_count, start, store_exists
from tests.test_ingest_pipeline import write_articles


@dataclass
class Trial:
    """What one trial did: where it killed, what the store held before and after the re-run."""

    command: str
    seed: int
    killed: bool
    kill_point: str
    before: Consistency
    after: Consistency
    same_as_reference: bool
    problems: list[str] = field(default_factory=list)


def make_inputs(folder: Path, n_good: int, seed: int) -> Path:
    """Write good articles, exact and near duplicates of some, and a few hostile files."""
    paths = write_articles(folder, n_good, seed=seed)
    for i, path in enumerate(paths[:: max(1, n_good // 6)]):
        text = path.read_text("utf-8")
        (folder / f"copy_{i}.txt").write_text(text, "utf-8")  # an exact duplicate
        (folder / f"near_{i}.txt").write_text(text.replace("Update", "UPDATE", 1) + "Edited.\n", "utf-8")
    hostile = build(folder / "hostile", big=False, n_good=2, seed=seed)
    return hostile.folder.parent


def ingest_args(folder: Path, db: str) -> list[str]:
    return ["-m", "storydesk.cli", "ingest", str(folder), "--db", db]


def analyse_args(db: str) -> list[str]:
    return ["-m", "tests.reliability.analyse_driver", "--db", db, "--no-embedder"]


def _run(args: list[str], env: dict[str, str]) -> None:
    proc = start(args, env)
    _, err = proc.communicate(timeout=900)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({proc.returncode}): {err.decode()[-2000:]}")


def _stories(db: str) -> list[tuple[str, tuple[str, ...]]]:
    with open_store(db) as store:
        return sorted((s.id, tuple(sorted(s.article_ids))) for s in store.stories())


def _articles(db: str) -> list[tuple[str, str]]:
    with open_store(db) as store:
        return sorted((a.id, a.text) for a in store.articles())


def ingest_trial(work: Path, seed: int, n_good: int = 120, new_db: Callable[[], str] | None = None) -> Trial:
    """Kill an ingest of a mixed folder at a random stored-article count, re-run, check.

    ``new_db`` gives a fresh store for the reference and for the killed run (a PostgreSQL URL,
    say); by default both are SQLite files under ``work``.
    """
    rng = random.Random(seed)
    folder = make_inputs(work / "in", n_good, seed)
    env = {"STORYDESK_BATCH_SIZE": "4"}
    ref = new_db() if new_db else str(work / "reference.db")
    _run(ingest_args(folder, ref), env)
    reference = check_store(ref)
    db = new_db() if new_db else str(work / "store.db")
    target = rng.randint(1, max(1, reference.articles - 1))
    proc = start(ingest_args(folder, db), env)
    killed = kill_when(proc, lambda: read_count(db, "SELECT count(*) FROM articles") >= target)
    before = check_store(db) if store_exists(db) else Consistency()
    _run(ingest_args(folder, db), env)
    after = check_store(db)
    same = _articles(db) == _articles(ref) and (after.copies, after.rejections) == (
        reference.copies,
        reference.rejections,
    )
    return Trial("ingest", seed, killed, f"after {target} articles", before, after, same, after.problems)


def analyse_trial(work: Path, seed: int, n_good: int = 40, reference_db: Path | None = None,
                  pg: Any = None) -> Trial:
    """Kill an analyse (annotate + link) at a random point, re-run it, check the store.

    The kill lands after a random number of annotated articles, or a random delay after all
    are annotated (inside linking). ``reference_db`` may hold an analysed copy of the same
    ingested store, to save building it again. With ``pg`` (a ``tests.pgserver.PgServer``) the
    stores are PostgreSQL databases on that server, copied with ``CREATE DATABASE ... TEMPLATE``.
    """
    rng = random.Random(seed)
    env = {"STORYDESK_BATCH_SIZE": "4"}
    if pg is not None:
        write_articles(work / "in", n_good, seed=seed)
        ingested_url = pg.new_database()
        _run(ingest_args(work / "in", ingested_url), env)
        ref_store = pg.copy_database(ingested_url)
        _run(analyse_args(ref_store), env)
        db = pg.copy_database(ingested_url)
    else:
        ingested = work / "ingested.db"
        if not ingested.exists():
            write_articles(work / "in", n_good, seed=seed)
            _run(ingest_args(work / "in", str(ingested)), env)
        ref = reference_db or work / "reference.db"
        if not ref.exists():
            shutil.copy(ingested, ref)
            _run(analyse_args(str(ref)), env)
        ref_store = str(ref)
        db = str(work / f"store-{seed}.db")
        shutil.copy(ingested, db)
    reference = check_store(ref_store, analysed=True)
    n = reference.articles
    if rng.random() < 0.6:
        target = rng.randint(0, n - 1)
        point = f"after {target} of {n} annotated"
        ready = lambda: read_count(db, "SELECT count(*) FROM annotations") >= target
    else:
        import time

        # Linking 40 articles takes about a second on an idle machine: kill early inside it.
        delay = rng.uniform(0, 0.4)
        point = f"{delay:.1f} s into linking"
        t0: list[float] = []

        def ready() -> bool:
            if read_count(db, "SELECT count(*) FROM annotations") < n:
                return False
            if not t0:
                t0.append(time.monotonic())
            return time.monotonic() - t0[0] >= delay

    proc = start(analyse_args(db), env)
    killed = kill_when(proc, ready)
    before = check_store(db)
    _run(analyse_args(db), env)
    after = check_store(db, analysed=True)
    same = _stories(db) == _stories(ref_store)
    problems = list(after.problems)
    if before.articles != after.articles:
        problems.append(f"articles changed across the crash: {before.articles} -> {after.articles}")
    return Trial("analyse", seed, killed, point, before, after, same, problems)
