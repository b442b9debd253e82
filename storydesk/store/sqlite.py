"""SQLite store: the default. WAL, one writer, explicit transactions, named migrations."""

from __future__ import annotations

import datetime as _dt
import json
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from ..errors import StoreError
from ..model import (
    Annotations,
    Article,
    ArticleCopy,
    LinkedStory,
    Mention,
    Rejected,
    from_dict,
)
from .base import Store, dumps, load_article

#: Named, ordered migrations. Each runs in one transaction and is recorded in ``migrations``.
MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_initial",
        """
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            input TEXT NOT NULL,
            url TEXT, outlet TEXT, title TEXT, byline TEXT,
            published TEXT, published_how TEXT NOT NULL, published_window TEXT,
            language TEXT, text TEXT NOT NULL, removed TEXT NOT NULL,
            ingested_at TEXT NOT NULL
        );
        CREATE TABLE copies (
            article_id TEXT NOT NULL REFERENCES articles(id),
            input TEXT NOT NULL, kind TEXT NOT NULL,
            outlet TEXT, title TEXT, url TEXT, published TEXT, similarity REAL,
            PRIMARY KEY (article_id, input)
        );
        CREATE TABLE inputs (
            input TEXT NOT NULL, digest TEXT NOT NULL, status TEXT NOT NULL,
            article_id TEXT, seen_at TEXT NOT NULL,
            PRIMARY KEY (input, digest)
        );
        CREATE TABLE rejections (
            id INTEGER PRIMARY KEY,
            input TEXT NOT NULL, stage TEXT NOT NULL, code TEXT NOT NULL, reason TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (input, stage, code)
        );
        CREATE TABLE annotations (
            article_id TEXT PRIMARY KEY REFERENCES articles(id),
            version TEXT NOT NULL, data TEXT NOT NULL
        );
        CREATE TABLE stories (
            id TEXT PRIMARY KEY, title TEXT NOT NULL, position INTEGER NOT NULL,
            version TEXT NOT NULL, data TEXT NOT NULL, updated_at TEXT NOT NULL
        );
        CREATE TABLE story_articles (
            story_id TEXT NOT NULL, article_id TEXT NOT NULL,
            PRIMARY KEY (story_id, article_id)
        );
        CREATE TABLE feed_state (url TEXT PRIMARY KEY, data TEXT NOT NULL);
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY, command TEXT NOT NULL, started_at TEXT NOT NULL,
            finished_at TEXT NOT NULL, summary TEXT NOT NULL
        );
        """,
    ),
    (
        "0002_fulltext",
        """
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='rowid'
        );
        CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
        END;
        """,
    ),
    (
        # Derived blobs (the near-duplicate index) with the article rowid they are current to.
        "0003_state",
        """
        CREATE TABLE state (
            key TEXT PRIMARY KEY, data BLOB NOT NULL, mark INTEGER NOT NULL, saved_at TEXT NOT NULL
        );
        """,
    ),
]


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class SQLiteStore(Store):
    """A store in one SQLite file (``:memory:`` works for tests)."""

    def __init__(self, path: str | Path) -> None:
        self.url = str(path)
        if self.url != ":memory:":
            Path(self.url).expanduser().parent.mkdir(parents=True, exist_ok=True)
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves (explicit transactions).
            self.conn = sqlite3.connect(
                str(Path(self.url).expanduser()) if self.url != ":memory:" else ":memory:",
                isolation_level=None,
                timeout=60,
                check_same_thread=False,
            )
            self.conn.row_factory = sqlite3.Row
            self._enable_wal()
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA busy_timeout=60000")
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"cannot open the store at {self.url}: {exc}; it is not a storydesk store or is "
                "damaged: give another --db path"
            ) from exc
        self._depth = 0
        self._lock = threading.RLock()
        self._migrate()

    # ------------------------------------------------------------------ lifecycle
    def _enable_wal(self) -> None:
        # Switching a new file to WAL needs a moment with no other writer; SQLite answers
        # "database is locked" at once instead of waiting on busy_timeout, so a second process
        # opening a store that the first is still creating retries here.
        deadline = time.monotonic() + 60
        while True:
            try:
                self.conn.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _migrate(self) -> None:
        try:
            with self.atomic():
                self.conn.execute(
                    "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
                )
                done = {r[0] for r in self.conn.execute("SELECT name FROM migrations")}
                for name, sql in MIGRATIONS:
                    if name in done:
                        continue
                    for statement in _split_sql(sql):
                        self.conn.execute(statement)
                    self.conn.execute("INSERT INTO migrations VALUES (?, ?)", (name, _now()))
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"{self.url} is not a storydesk store or is damaged ({exc}); "
                "give another --db path"
            ) from exc

    @contextmanager
    def atomic(self) -> Iterator[None]:
        with self._lock:
            if self._depth == 0:
                # IMMEDIATE takes the write lock at once: a second writer waits (busy_timeout)
                # instead of failing half-way through its transaction.
                self.conn.execute("BEGIN IMMEDIATE")
            else:
                self.conn.execute(f"SAVEPOINT sp{self._depth}")
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                if self._depth == 0:
                    self.conn.execute("ROLLBACK")
                else:
                    self.conn.execute(f"ROLLBACK TO sp{self._depth}")
                    self.conn.execute(f"RELEASE sp{self._depth}")
                raise
            else:
                self._depth -= 1
                if self._depth == 0:
                    self.conn.execute("COMMIT")
                else:
                    self.conn.execute(f"RELEASE sp{self._depth}")

    def close(self) -> None:
        self.conn.close()

    def migrations(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM migrations ORDER BY name")]

    # ------------------------------------------------------------------ articles
    def put_article(self, article: Article) -> bool:
        cur = self.conn.execute(
            "INSERT OR IGNORE INTO articles (id, input, url, outlet, title, byline, published, "
            "published_how, published_window, language, text, removed, ingested_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                article.id,
                article.input,
                article.url,
                article.outlet,
                article.title,
                article.byline,
                article.published,
                article.published_how,
                json.dumps(list(article.published_window)) if article.published_window else None,
                article.language,
                article.text,
                dumps(article.removed),
                _now(),
            ),
        )
        return cur.rowcount > 0

    def get_article(self, key: str, *, prefix: bool = True) -> Article | None:
        row = self.conn.execute("SELECT * FROM articles WHERE id = ?", (key,)).fetchone()
        if row is None and key and prefix:
            # A range on the primary key, not LIKE: SQLite's LIKE is case-insensitive, so it
            # cannot use the index and scans every article.
            rows = self.conn.execute(
                "SELECT * FROM articles WHERE id >= ? AND id < ? LIMIT 2", (key, key + "\U0010ffff")
            ).fetchall()
            row = rows[0] if len(rows) == 1 else None
        return load_article(dict(row)) if row else None

    def articles(self, ids: Sequence[str] | None = None) -> Iterator[Article]:
        if ids is None:
            rows = self.conn.execute("SELECT * FROM articles ORDER BY rowid")
            for row in rows:
                yield load_article(dict(row))
            return
        for i in range(0, len(ids), 500):
            chunk = list(ids[i : i + 500])
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                f"SELECT * FROM articles WHERE id IN ({marks}) ORDER BY rowid", chunk
            ):
                yield load_article(dict(row))

    def count_articles(self) -> int:
        return self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    def put_copy(self, copy: ArticleCopy) -> bool:
        cur = self.conn.execute(
            "INSERT OR IGNORE INTO copies VALUES (?,?,?,?,?,?,?,?)",
            (
                copy.article_id,
                copy.input,
                copy.kind,
                copy.outlet,
                copy.title,
                copy.url,
                copy.published,
                copy.similarity,
            ),
        )
        return cur.rowcount > 0

    def copies(self, article_id: str | None = None) -> list[ArticleCopy]:
        if article_id is None:
            rows = self.conn.execute("SELECT * FROM copies ORDER BY rowid")
        else:
            rows = self.conn.execute(
                "SELECT * FROM copies WHERE article_id = ? ORDER BY rowid", (article_id,)
            )
        return [from_dict(ArticleCopy, dict(r)) for r in rows]

    # ------------------------------------------------------------------ inputs
    def input_seen(self, input: str, digest: str) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM inputs WHERE input = ? AND digest = ?", (input, digest)
        ).fetchone()
        return row is not None

    def mark_input(self, input: str, digest: str, status: str, article_id: str | None) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO inputs VALUES (?,?,?,?,?)",
            (input, digest, status, article_id, _now()),
        )

    # ------------------------------------------------------------------ rejections
    def put_rejection(self, rejected: Rejected) -> bool:
        cur = self.conn.execute(
            "INSERT OR IGNORE INTO rejections (input, stage, code, reason, created_at) "
            "VALUES (?,?,?,?,?)",
            (rejected.input, rejected.stage, rejected.code, rejected.reason, _now()),
        )
        return cur.rowcount > 0

    def rejections(self) -> list[Rejected]:
        rows = self.conn.execute("SELECT input, stage, code, reason FROM rejections ORDER BY id")
        return [Rejected(**dict(r)) for r in rows]

    # ------------------------------------------------------------------ annotations
    def put_annotations(self, annotations: Annotations, version: str) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO annotations VALUES (?,?,?)",
            (annotations.article_id, version, dumps(annotations)),
        )

    def annotation_versions(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self.conn.execute("SELECT article_id, version FROM annotations")}

    def get_annotations(self, ids: Sequence[str] | None = None) -> dict[str, Annotations]:
        if ids is None:
            rows = self.conn.execute("SELECT article_id, data FROM annotations").fetchall()
        else:
            rows = []
            for i in range(0, len(ids), 500):
                chunk = list(ids[i : i + 500])
                marks = ",".join("?" * len(chunk))
                rows += self.conn.execute(
                    f"SELECT article_id, data FROM annotations WHERE article_id IN ({marks})", chunk
                ).fetchall()
        return {r[0]: from_dict(Annotations, json.loads(r[1])) for r in rows}

    def get_mentions(self, ids: Sequence[str]) -> dict[str, tuple[Mention, ...]]:
        out: dict[str, tuple[Mention, ...]] = {}
        for i in range(0, len(ids), 500):
            chunk = list(ids[i : i + 500])
            marks = ",".join("?" * len(chunk))
            # SQLite's json_extract cuts the mentions out in C: parsing whole annotations in
            # Python to keep their mentions took half of link's store reads.
            for aid, data in self.conn.execute(
                f"SELECT article_id, json_extract(data, '$.mentions') FROM annotations "
                f"WHERE article_id IN ({marks})", chunk
            ):
                out[aid] = tuple(from_dict(Mention, m) for m in json.loads(data or "[]"))
        return out

    # ------------------------------------------------------------------ link results
    def put_linked(self, linked: Sequence[LinkedStory], version: str) -> None:
        with self.atomic():
            self.conn.execute("DELETE FROM story_articles")
            self.conn.execute("DELETE FROM stories")
            for pos, ls in enumerate(linked):
                self.conn.execute(
                    "INSERT INTO stories VALUES (?,?,?,?,?,?)",
                    (ls.story.id, ls.story.title, pos, version, dumps(ls), _now()),
                )
                self.conn.executemany(
                    "INSERT OR IGNORE INTO story_articles VALUES (?,?)",
                    [(ls.story.id, a) for a in ls.story.article_ids],
                )

    def linked_stories(self) -> list[LinkedStory]:
        rows = self.conn.execute("SELECT data FROM stories ORDER BY position")
        return [from_dict(LinkedStory, json.loads(r[0])) for r in rows]

    def linked_version(self) -> str | None:
        row = self.conn.execute("SELECT version FROM stories LIMIT 1").fetchone()
        return row[0] if row else None

    # ------------------------------------------------------------------ feeds
    def get(self, feed_url: str) -> dict | None:
        row = self.conn.execute("SELECT data FROM feed_state WHERE url = ?", (feed_url,)).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, feed_url: str, state: dict) -> None:
        with self.atomic():
            self.conn.execute(
                "INSERT OR REPLACE INTO feed_state VALUES (?, ?)", (feed_url, json.dumps(state))
            )

    # ------------------------------------------------------------------ derived state
    def put_state(self, key: str, data: bytes, mark: int) -> None:
        with self.atomic():
            self.conn.execute(
                "INSERT OR REPLACE INTO state VALUES (?,?,?,?)", (key, data, mark, _now())
            )

    def get_state(self, key: str) -> tuple[bytes, int] | None:
        row = self.conn.execute("SELECT data, mark FROM state WHERE key = ?", (key,)).fetchone()
        return (bytes(row[0]), int(row[1])) if row else None

    def article_mark(self) -> int:
        return self.conn.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0]

    def articles_after(self, mark: int) -> Iterator[Article]:
        for row in self.conn.execute("SELECT * FROM articles WHERE rowid > ? ORDER BY rowid", (mark,)):
            yield load_article(dict(row))

    # ------------------------------------------------------------------ runs
    def record_run(self, command: str, started_at: str, summary: dict) -> None:
        with self.atomic():
            self.conn.execute(
                "INSERT INTO runs (command, started_at, finished_at, summary) VALUES (?,?,?,?)",
                (command, started_at, _now(), json.dumps(summary)),
            )

    # ------------------------------------------------------------------ search
    def search(self, query: str, limit: int = 20) -> list[tuple[str, str]]:
        # Quote every term so user input is never parsed as FTS5 syntax.
        terms = [t.replace('"', '""') for t in query.split() if t.strip()]
        if not terms:
            return []
        fts_query = " ".join(f'"{t}"' for t in terms)
        rows = self.conn.execute(
            "SELECT a.id, snippet(articles_fts, 1, '[', ']', '…', 12) FROM articles_fts "
            "JOIN articles a ON a.rowid = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
            (fts_query, limit),
        )
        return [(r[0], r[1]) for r in rows]


def _split_sql(sql: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies whole."""
    statements: list[str] = []
    buf: list[str] = []
    for line in sql.strip().splitlines():
        buf.append(line)
        joined = "\n".join(buf).strip()
        if joined.endswith(";") and sqlite3.complete_statement(joined):
            statements.append(joined)
            buf = []
    if "".join(buf).strip():
        statements.append("\n".join(buf))
    return statements
