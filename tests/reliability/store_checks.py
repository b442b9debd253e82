"""Store invariants checked after crashes and concurrent writers, and helpers to kill runs."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from storydesk.store import open_store

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Consistency:
    """What a store holds, and every invariant it breaks (empty ``problems`` when sound)."""

    articles: int = 0
    copies: int = 0
    rejections: int = 0
    annotated: int = 0
    stories: int = 0
    story_articles: int = 0
    problems: list[str] = field(default_factory=list)


def check_store(db: str, *, analysed: bool = False, annotate_version: str | None = None) -> Consistency:
    """Return the store's counts and the invariants it breaks.

    Always: article ids are distinct; no input is copied twice; every copy points at a stored
    article and every article has its original copy; rejections are unique. With ``analysed``:
    every article is annotated (with ``annotate_version`` when given) and the stories cover every
    article exactly once.
    """
    with open_store(db) as store:
        arts = list(store.articles())
        ids = [a.id for a in arts]
        copies = store.copies()
        rejections = store.rejections()
        c = Consistency(articles=len(arts), copies=len(copies), rejections=len(rejections))
        if len(set(ids)) != len(ids):
            c.problems.append(f"{len(ids) - len(set(ids))} duplicate article ids")
        id_set = set(ids)
        per_input = Counter(cp.input for cp in copies)
        twice = [i for i, n in per_input.items() if n > 1]
        if twice:
            c.problems.append(f"{len(twice)} inputs copied more than once, e.g. {twice[0]}")
        orphans = [cp for cp in copies if cp.article_id not in id_set]
        if orphans:
            c.problems.append(f"{len(orphans)} copies of articles not stored")
        originals = {cp.article_id for cp in copies if cp.kind == "original"}
        if originals != id_set:
            c.problems.append(f"{len(id_set - originals)} articles without their original copy")
        keys = Counter((r.input, r.stage, r.code) for r in rejections)
        if any(n > 1 for n in keys.values()):
            c.problems.append("a rejection is stored twice")
        if analysed:
            versions = store.annotation_versions()
            c.annotated = len(versions)
            missing = id_set - set(versions)
            if missing:
                c.problems.append(f"{len(missing)} articles not annotated")
            if annotate_version is not None:
                stale = [a for a, v in versions.items() if v != annotate_version]
                if stale:
                    c.problems.append(f"{len(stale)} annotations from another version")
            stories = store.stories()
            c.stories = len(stories)
            members = Counter(a for s in stories for a in s.article_ids)
            c.story_articles = sum(members.values())
            if set(members) != id_set:
                c.problems.append(
                    f"stories miss {len(id_set - set(members))} articles and name "
                    f"{len(set(members) - id_set)} unknown ones"
                )
            if any(n > 1 for n in members.values()):
                c.problems.append("an article sits in two stories")
    return c


def store_exists(db: str) -> bool:
    """Whether a SQLite file or a PostgreSQL database (URL) is there to be checked."""
    return db.startswith("postgresql") or Path(db).exists()


def read_count(db: str, sql: str) -> int:
    """Count with a read-only connection, so polling never takes the writer's lock."""
    if db.startswith("postgresql"):
        import psycopg

        try:
            with psycopg.connect(db, autocommit=True, connect_timeout=2) as conn:
                row = conn.execute(sql).fetchone()
                return int(row[0]) if row else 0
        except psycopg.Error:
            return 0  # not created or migrated yet
    if not Path(db).exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute(sql).fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0  # not created or migrated yet


def start(args: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """Start ``python <args>`` from the repository root, output discarded."""
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=ROOT,
        env=dict(os.environ, **(env or {})),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def kill_when(proc: subprocess.Popen[bytes], ready: Callable[[], bool], timeout: float = 300) -> bool:
    """SIGKILL ``proc`` as soon as ``ready()`` holds; return False if it finished first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if ready():
            break
        time.sleep(0.01)
    finished = proc.poll() is not None
    if not finished:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    return not finished
