"""Ingest from the browser: form and API start a background job; its status endpoint reports it."""

from __future__ import annotations

import time
from functools import partial
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient

from storydesk.config import Config
from storydesk.web import create_app
from storydesk.web.jobs import ingest_and_analyse


def envelope(r, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"} and body["error"]["code"] == code
    return body["error"]


def _wait(client: TestClient, job_id: str) -> dict:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        state = client.get(f"/api/jobs/{job_id}").json()
        if state["status"] in ("done", "failed"):
            return state
        time.sleep(0.05)
    raise AssertionError("job did not finish")


PASTED = (
    "Fishing crews in the bay of Port Velan stayed ashore on Thursday after the harbour master "
    "closed the outer channel for a day of mine clearance.\n\n"
    "The master said the channel would reopen by the weekend if the divers found nothing, and "
    "that cargo ships already at anchor could leave through the inner passage under escort.\n"
)


@pytest.fixture()
def ingest_client(no_embedder, make_store, tmp_path: Path):
    own = make_store(tmp_path / "ingest.db")  # this test writes: not the shared store
    runner = partial(ingest_and_analyse, analyse=False)
    app = create_app(
        Config(db=str(own.db), max_bytes=5_000), uploads=tmp_path / "up", runner=runner
    )
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as c:
        yield c


def test_ingest_pasted_text_runs_a_job(ingest_client: TestClient) -> None:
    r = ingest_client.post(
        "/api/ingest",
        data={
            "text": PASTED,
            "title": "Channel closed for mine clearance",
            "outlet": "Bay Bulletin",
            "published": "2026-05-21",
        },
    )
    assert r.status_code == 202, r.text
    job = r.json()
    assert job["status_url"] == f"/api/jobs/{job['job_id']}"
    state = _wait(ingest_client, job["job_id"])
    assert state["status"] == "done", state
    assert state["summary"]["counts"]["ingested"] == 1
    [art] = state["articles"]
    assert art["kind"] == "original" and art["title"] == "Channel closed for mine clearance"
    assert state["warnings"] and "not analysed" in state["warnings"][0]
    stored = ingest_client.get(art["href"].replace("/articles/", "/api/articles/")).json()[
        "article"
    ]
    assert stored["outlet"] == "Bay Bulletin" and stored["published"] == "2026-05-21"
    assert "mine clearance" in stored["text"]
    assert ingest_client.get("/api/articles").json()["count"] == 4
    assert any(
        h["article_id"] == art["id"]
        for h in ingest_client.get("/api/search?q=clearance").json()["results"]
    )
    page = ingest_client.get(f"/jobs/{job['job_id']}").text
    assert f'data-status-url="/api/jobs/{job["job_id"]}"' in page


def test_ingest_form_redirects_to_job_page(ingest_client: TestClient) -> None:
    files = {"files": ("notes <b>.txt", PASTED.encode() * 2, "text/plain")}
    r = ingest_client.post("/ingest", files=files, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/jobs/")
    state = _wait(ingest_client, r.headers["location"].rsplit("/", 1)[1])
    assert state["status"] == "done" and state["articles"], state


def test_ingest_rejected_inputs_are_reported(ingest_client: TestClient) -> None:
    r = ingest_client.post("/api/ingest", files={"files": ("blank.txt", b"   \n", "text/plain")})
    state = _wait(ingest_client, r.json()["job_id"])
    assert state["status"] == "done" and not state["articles"]
    assert state["rejections"] and state["rejections"][0]["code"].startswith(("INGEST", "CLEAN"))


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [
        ({}, 422, "validation_error"),
        ({"url": "javascript:alert(1)"}, 422, "validation_error"),
        ({"url": "file:///etc/passwd"}, 422, "validation_error"),
        ({"text": PASTED, "published": "yesterday"}, 422, "validation_error"),
        ({"text": PASTED * 40}, 413, "too_large"),
    ],
)
def test_ingest_refuses_bad_forms(
    ingest_client: TestClient, data: dict, status: int, code: str
) -> None:
    envelope(ingest_client.post("/api/ingest", data=data), status, code)


def test_browser_form_with_blank_fields_and_no_file(ingest_client: TestClient) -> None:
    # What a browser sends when only the text box is filled: empty strings and an empty file part.
    data = {
        "text": PASTED,
        "title": "Blank fields",
        "outlet": "",
        "published": "",
        "byline": "",
        "url": "",
    }
    r = ingest_client.post(
        "/ingest",
        data=data,
        files={"files": ("", b"", "application/octet-stream")},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    state = _wait(ingest_client, r.headers["location"].rsplit("/", 1)[1])
    assert state["status"] == "done" and [a["title"] for a in state["articles"]] == ["Blank fields"]


def test_inputs_reach_the_runner(no_embedder, make_store, tmp_path: Path) -> None:
    from storydesk.web.jobs import JobOutcome

    seen: list[list[str]] = []

    def record(inputs, config, progress) -> JobOutcome:
        seen.append(list(inputs))
        progress("ingest", 1, 2)
        return JobOutcome(summary={"counts": {}}, line="nothing new")

    own = make_store(tmp_path / "rec.db")
    app = create_app(Config(db=str(own.db)), uploads=tmp_path / "up", runner=record)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        files = [
            ("files", ("../../etc/evil name.html", b"<p>x</p>", "text/html")),
            ("files", ("notes.txt", b"y" * 300, "text/plain")),
            ("files", ("notes.txt", b"z" * 300, "text/plain")),
        ]
        r = c.post("/api/ingest", data={"url": "https://news.example/feed.xml"}, files=files)
        state = _wait(c, r.json()["job_id"])
    assert state["status"] == "done" and state["message"] == "nothing new"
    [inputs] = seen
    folder = tmp_path / "up" / r.json()["job_id"]
    assert inputs == [
        str(folder / "evil_name.html"),
        str(folder / "notes.txt"),
        str(folder / "2-notes.txt"),
        "https://news.example/feed.xml",
    ]
    assert (folder / "evil_name.html").read_bytes() == b"<p>x</p>"


def test_pages_follow_writes_from_other_processes(no_embedder, make_store, tmp_path: Path) -> None:
    from dataclasses import replace

    from storydesk.store import open_store

    own = make_store(tmp_path / "shared.db")
    app = create_app(Config(db=str(own.db)), uploads=tmp_path / "up")
    with TestClient(app, base_url="http://127.0.0.1") as c:
        assert (
            c.get("/api/stories").json()["stories"][0]["title"] == "Freighter attack off Port Velan"
        )
        with open_store(str(own.db)) as other:  # e.g. `storydesk analyse` run while serving
            [ls] = other.linked_stories()
            renamed = replace(ls, story=replace(ls.story, title="Renamed by a new link run"))
            other.put_linked([renamed], "test-2")
        assert c.get("/api/stories").json()["stories"][0]["title"] == "Renamed by a new link run"
        assert c.get("/api/stories/st1").json()["story"]["title"] == "Renamed by a new link run"
