"""The API answers the same over PostgreSQL as over SQLite (search uses PostgreSQL full text)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

pytestmark = pytest.mark.postgres

pytest.importorskip("fastapi")
pytest.importorskip("psycopg", reason="pip install 'storydesk[postgres]'")

from fastapi.testclient import TestClient

from storydesk.config import Config
from storydesk.web import create_app

SAME = [
    "/api/stories",
    "/api/stories/st1",
    "/api/stories/st1/sources",
    "/api/events",
    "/api/events?since=2026-05-01&until=2026-05-31",
    "/api/events/ev1",
    "/api/map",
    "/api/articles",
    "/api/articles/a_ledger?start=0&end=30",
    "/api/entities/en1",
    "/api/rejections",
]


@pytest.fixture(scope="module")
def pg_client(make_store, no_embedder, tmp_path_factory) -> Iterator[TestClient]:
    from tests.pgserver import PgServer

    try:
        server = PgServer()
    except RuntimeError as exc:
        pytest.skip(str(exc))
    try:
        built = make_store(server.new_database())
        app = create_app(Config(db=built.db), uploads=tmp_path_factory.mktemp("up"))
        with TestClient(app, base_url="http://127.0.0.1") as c:
            yield c
    finally:
        server.stop()


@pytest.mark.parametrize("path", SAME)
def test_same_answers_as_sqlite(pg_client: TestClient, client: TestClient, path: str) -> None:
    assert pg_client.get(path).json() == client.get(path).json()


def test_search_uses_postgres_full_text(pg_client: TestClient) -> None:
    data = pg_client.get("/api/search?q=freighters").json()  # stemmed: matches "freighter"
    assert {"a_ledger", "b_meridian"} <= {r["article_id"] for r in data["results"]}
    assert any(p["hit"] for r in data["results"] for p in r["parts"])
    assert pg_client.get("/api/search?q=%22%27%29%28").status_code == 200
