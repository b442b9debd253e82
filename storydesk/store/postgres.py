"""PostgreSQL store for teams and scale (the ``postgres`` extra): the same interface as SQLite.

This is the only module that imports psycopg. Full-text search uses a generated ``tsvector``
column with a GIN index; transactions are explicit and nested ``atomic()`` calls are savepoints.
"""

from __future__ import annotations

import datetime as _dt
import json
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from ..errors import MissingExtra, StoreError
from ..model import Annotations, Article, ArticleCopy, LinkedStory, Mention, Rejected, from_dict
from .base import Store, dumps, load_article

try:
    import psycopg
    from psycopg.rows import dict_row
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise MissingExtra("postgres", "psycopg") from exc

MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_initial",
        """
        CREATE TABLE articles (
            seq BIGSERIAL UNIQUE,
            id TEXT PRIMARY KEY,
            input TEXT NOT NULL,
            url TEXT, outlet TEXT, title TEXT, byline TEXT,
            published TEXT, published_how TEXT NOT NULL, published_window TEXT,
            language TEXT, text TEXT NOT NULL, removed TEXT NOT NULL,
            ingested_at TEXT NOT NULL
        );
        CREATE TABLE copies (
            seq BIGSERIAL,
            article_id TEXT NOT NULL REFERENCES articles(id),
            input TEXT NOT NULL, kind TEXT NOT NULL,
            outlet TEXT, title TEXT, url TEXT, published TEXT, similarity DOUBLE PRECISION,
            PRIMARY KEY (article_id, input)
        );
        CREATE TABLE inputs (
            input TEXT NOT NULL, digest TEXT NOT NULL, status TEXT NOT NULL,
            article_id TEXT, seen_at TEXT NOT NULL,
            PRIMARY KEY (input, digest)
        );
        CREATE TABLE rejections (
            id BIGSERIAL PRIMARY KEY,
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
            id BIGSERIAL PRIMARY KEY, command TEXT NOT NULL, started_at TEXT NOT NULL,
            finished_at TEXT NOT NULL, summary TEXT NOT NULL
        );
        """,
    ),
    (
        "0002_fulltext",
        """
        ALTER TABLE articles ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('english', coalesce(title, '')), 'A')
            || setweight(to_tsvector('english', text), 'B')
        ) STORED;
        CREATE INDEX articles_tsv ON articles USING GIN (tsv);
        """,
    ),
    (
        # Derived blobs (the near-duplicate index) with the article seq they are current to.
        "0003_state",
        """
        CREATE TABLE state (
            key TEXT PRIMARY KEY, data BYTEA NOT NULL, mark BIGINT NOT NULL, saved_at TEXT NOT NULL
        );
        """,
    ),
]

_ARTICLE_COLUMNS = (
    "id, input, url, outlet, title, byline, published, published_how, published_window, "
    "language, text, removed, ingested_at"
)


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class PostgresStore(Store):
    """A store in a PostgreSQL database given by a ``postgresql://`` URL."""

    def __init__(self, url: str) -> None:
        self.url = url
        try:
            self.conn = psycopg.connect(url, autocommit=True, row_factory=dict_row)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to {_redact(url)}: {exc}") from exc
        self._depth = 0
        self._lock = threading.RLock()
        self._migrate()

    def _migrate(self) -> None:
        with self.atomic():
            # One migrator at a time across processes (two CLIs starting against a new database).
            self.conn.execute("SELECT pg_advisory_xact_lock(7312001)")
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
            )
            done = {r["name"] for r in self.conn.execute("SELECT name FROM migrations")}
            for name, sql in MIGRATIONS:
                if name not in done:
                    self.conn.execute(sql)
                    self.conn.execute("INSERT INTO migrations VALUES (%s, %s)", (name, _now()))

    def migrations(self) -> list[str]:
        return [r["name"] for r in self.conn.execute("SELECT name FROM migrations ORDER BY name")]

    @contextmanager
    def atomic(self) -> Iterator[None]:
        with self._lock:
            self.conn.execute("BEGIN" if self._depth == 0 else f"SAVEPOINT sp{self._depth}")
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                if self._depth == 0:
                    self.conn.execute("ROLLBACK")
                else:
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT sp{self._depth}")
                raise
            else:
                self._depth -= 1
                self.conn.execute("COMMIT" if self._depth == 0 else f"RELEASE SAVEPOINT sp{self._depth}")

    def close(self) -> None:
        self.conn.close()

    # ------------------------------------------------------------------ articles
    def put_article(self, article: Article) -> bool:
        cur = self.conn.execute(
            f"INSERT INTO articles ({_ARTICLE_COLUMNS}) VALUES "
            "(%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) ON CONFLICT (id) DO NOTHING",
            (
                article.id, article.input, article.url, article.outlet, article.title,
                article.byline, article.published, article.published_how,
                json.dumps(list(article.published_window)) if article.published_window else None,
                article.language, article.text, dumps(article.removed), _now(),
            ),
        )
        return cur.rowcount > 0

    def get_article(self, key: str, *, prefix: bool = True) -> Article | None:
        row = self.conn.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = %s", (key,)).fetchone()
        if row is None and key and prefix:
            rows = self.conn.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id LIKE %s LIMIT 2",
                (key.replace("%", "").replace("_", "") + "%",),
            ).fetchall()
            row = rows[0] if len(rows) == 1 else None
        return load_article(row) if row else None

    def articles(self, ids: Sequence[str] | None = None) -> Iterator[Article]:
        if ids is None:
            rows = self.conn.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY seq").fetchall()
        else:
            rows = self.conn.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ANY(%s) ORDER BY seq", (list(ids),)
            ).fetchall()
        for row in rows:
            yield load_article(row)

    def count_articles(self) -> int:
        return self.conn.execute("SELECT count(*) AS n FROM articles").fetchone()["n"]

    def put_copy(self, copy: ArticleCopy) -> bool:
        cur = self.conn.execute(
            "INSERT INTO copies (article_id, input, kind, outlet, title, url, published, similarity) "
            "VALUES (%s,%s,%s,%s,%s,%s,%s,%s) ON CONFLICT DO NOTHING",
            (copy.article_id, copy.input, copy.kind, copy.outlet, copy.title, copy.url,
             copy.published, copy.similarity),
        )
        return cur.rowcount > 0

    def copies(self, article_id: str | None = None) -> list[ArticleCopy]:
        cols = "article_id, input, kind, outlet, title, url, published, similarity"
        if article_id is None:
            rows = self.conn.execute(f"SELECT {cols} FROM copies ORDER BY seq").fetchall()
        else:
            rows = self.conn.execute(
                f"SELECT {cols} FROM copies WHERE article_id = %s ORDER BY seq", (article_id,)
            ).fetchall()
        return [from_dict(ArticleCopy, r) for r in rows]

    # ------------------------------------------------------------------ inputs
    def input_seen(self, input: str, digest: str) -> bool:
        return (
            self.conn.execute(
                "SELECT 1 FROM inputs WHERE input = %s AND digest = %s", (input, digest)
            ).fetchone()
            is not None
        )

    def mark_input(self, input: str, digest: str, status: str, article_id: str | None) -> None:
        self.conn.execute(
            "INSERT INTO inputs VALUES (%s,%s,%s,%s,%s) ON CONFLICT (input, digest) DO UPDATE "
            "SET status = EXCLUDED.status, article_id = EXCLUDED.article_id, seen_at = EXCLUDED.seen_at",
            (input, digest, status, article_id, _now()),
        )

    # ------------------------------------------------------------------ rejections
    def put_rejection(self, rejected: Rejected) -> bool:
        cur = self.conn.execute(
            "INSERT INTO rejections (input, stage, code, reason, created_at) VALUES (%s,%s,%s,%s,%s) "
            "ON CONFLICT DO NOTHING",
            (rejected.input, rejected.stage, rejected.code, rejected.reason, _now()),
        )
        return cur.rowcount > 0

    def rejections(self) -> list[Rejected]:
        rows = self.conn.execute("SELECT input, stage, code, reason FROM rejections ORDER BY id")
        return [Rejected(**r) for r in rows]

    # ------------------------------------------------------------------ annotations
    def put_annotations(self, annotations: Annotations, version: str) -> None:
        self.conn.execute(
            "INSERT INTO annotations VALUES (%s,%s,%s) ON CONFLICT (article_id) DO UPDATE "
            "SET version = EXCLUDED.version, data = EXCLUDED.data",
            (annotations.article_id, version, dumps(annotations)),
        )

    def annotation_versions(self) -> dict[str, str]:
        rows = self.conn.execute("SELECT article_id, version FROM annotations")
        return {r["article_id"]: r["version"] for r in rows}

    def get_annotations(self, ids: Sequence[str] | None = None) -> dict[str, Annotations]:
        if ids is None:
            rows = self.conn.execute("SELECT article_id, data FROM annotations").fetchall()
        else:
            rows = self.conn.execute(
                "SELECT article_id, data FROM annotations WHERE article_id = ANY(%s)", (list(ids),)
            ).fetchall()
        return {r["article_id"]: from_dict(Annotations, json.loads(r["data"])) for r in rows}

    def get_mentions(self, ids: Sequence[str]) -> dict[str, tuple[Mention, ...]]:
        rows = self.conn.execute(
            "SELECT article_id, (data::jsonb -> 'mentions')::text AS mentions FROM annotations "
            "WHERE article_id = ANY(%s)", (list(ids),)
        ).fetchall()
        return {
            r["article_id"]: tuple(from_dict(Mention, m) for m in json.loads(r["mentions"] or "[]"))
            for r in rows
        }

    # ------------------------------------------------------------------ link results
    def put_linked(self, linked: Sequence[LinkedStory], version: str) -> None:
        with self.atomic():
            self.conn.execute("DELETE FROM story_articles")
            self.conn.execute("DELETE FROM stories")
            for pos, ls in enumerate(linked):
                self.conn.execute(
                    "INSERT INTO stories VALUES (%s,%s,%s,%s,%s,%s)",
                    (ls.story.id, ls.story.title, pos, version, dumps(ls), _now()),
                )
                with self.conn.cursor() as cur:
                    cur.executemany(
                        "INSERT INTO story_articles VALUES (%s,%s) ON CONFLICT DO NOTHING",
                        [(ls.story.id, a) for a in ls.story.article_ids],
                    )

    def linked_stories(self) -> list[LinkedStory]:
        rows = self.conn.execute("SELECT data FROM stories ORDER BY position")
        return [from_dict(LinkedStory, json.loads(r["data"])) for r in rows]

    def linked_version(self) -> str | None:
        row = self.conn.execute("SELECT version FROM stories LIMIT 1").fetchone()
        return row["version"] if row else None

    # ------------------------------------------------------------------ feeds
    def get(self, feed_url: str) -> dict | None:
        row = self.conn.execute("SELECT data FROM feed_state WHERE url = %s", (feed_url,)).fetchone()
        return json.loads(row["data"]) if row else None

    def put(self, feed_url: str, state: dict) -> None:
        with self.atomic():
            self.conn.execute(
                "INSERT INTO feed_state VALUES (%s, %s) ON CONFLICT (url) DO UPDATE SET data = EXCLUDED.data",
                (feed_url, json.dumps(state)),
            )

    # ------------------------------------------------------------------ derived state
    def put_state(self, key: str, data: bytes, mark: int) -> None:
        with self.atomic():
            self.conn.execute(
                "INSERT INTO state VALUES (%s,%s,%s,%s) ON CONFLICT (key) DO UPDATE "
                "SET data = EXCLUDED.data, mark = EXCLUDED.mark, saved_at = EXCLUDED.saved_at",
                (key, data, mark, _now()),
            )

    def get_state(self, key: str) -> tuple[bytes, int] | None:
        row = self.conn.execute("SELECT data, mark FROM state WHERE key = %s", (key,)).fetchone()
        return (bytes(row["data"]), int(row["mark"])) if row else None

    def article_mark(self) -> int:
        return self.conn.execute("SELECT coalesce(max(seq), 0) AS m FROM articles").fetchone()["m"]

    def articles_after(self, mark: int) -> Iterator[Article]:
        rows = self.conn.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE seq > %s ORDER BY seq", (mark,)
        ).fetchall()
        for row in rows:
            yield load_article(row)

    # ------------------------------------------------------------------ runs
    def record_run(self, command: str, started_at: str, summary: dict) -> None:
        with self.atomic():
            self.conn.execute(
                "INSERT INTO runs (command, started_at, finished_at, summary) VALUES (%s,%s,%s,%s)",
                (command, started_at, _now(), json.dumps(summary)),
            )

    # ------------------------------------------------------------------ search
    def search(self, query: str, limit: int = 20) -> list[tuple[str, str]]:
        if not query.split():
            return []
        # plainto_tsquery never parses user input as query syntax.
        rows = self.conn.execute(
            "SELECT id, ts_headline('english', text, q, 'StartSel=[,StopSel=],MaxWords=14,MinWords=6') AS snip "
            "FROM articles, plainto_tsquery('english', %s) q WHERE tsv @@ q "
            "ORDER BY ts_rank(tsv, q) DESC LIMIT %s",
            (query, limit),
        ).fetchall()
        return [(r["id"], r["snip"]) for r in rows]


def _redact(url: str) -> str:
    """Hide a password in a connection URL before it reaches a message."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':', 1)[0]}:***@{host}"
    return url
