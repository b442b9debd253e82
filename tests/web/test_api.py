"""Every JSON route in-process on a hand-built store: content, filters, the error envelope."""

from __future__ import annotations

import csv
import io

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient

from storydesk.report.event_exports import CSV_COLUMNS

#: Every GET route of the API with an example path; test_every_api_route_is_listed keeps it whole.
API_GETS = {
    "/api/stories": "/api/stories",
    "/api/stories/{story_id}": "/api/stories/st1",
    "/api/stories/{story_id}/sources": "/api/stories/st1/sources",
    "/api/events": "/api/events",
    "/api/events.csv": "/api/events.csv",
    "/api/events/{event_id}": "/api/events/ev1",
    "/api/map": "/api/map",
    "/api/articles": "/api/articles",
    "/api/articles/{article_id}": "/api/articles/a_ledger",
    "/api/entities/{entity_id}": "/api/entities/en1",
    "/api/search": "/api/search?q=freighter",
    "/api/rejections": "/api/rejections",
    "/api/jobs/{job_id}": None,  # needs a job: test_ingest_pasted_text_runs_a_job
    "/api/openapi.json": "/api/openapi.json",
}
API_POSTS = {"/api/ingest"}


def envelope(r, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]


def test_every_api_route_is_listed(client: TestClient) -> None:
    # The OpenAPI document lists every /api route (pages are left out of it on purpose).
    paths = client.get("/api/openapi.json").json()["paths"]
    assert all(p.startswith("/api/") for p in paths)
    gets = {p for p, ops in paths.items() if "get" in ops} | {"/api/openapi.json"}
    posts = {p for p, ops in paths.items() if "post" in ops}
    assert gets == set(API_GETS), "add new API routes to API_GETS and test them"
    assert posts == API_POSTS
    for path, ops in paths.items():
        for op in ops.values():
            assert op.get("summary"), "every API route says what it returns"
            assert "404" in op["responses"] and "500" in op["responses"], path
            content = op["responses"][str(202 if path == "/api/ingest" else 200)]["content"]
            if path != "/api/events.csv":  # the others are typed JSON objects
                assert "$ref" in content["application/json"]["schema"], path
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert set(schemas["ErrorEnvelope"]["properties"]) == {"error"}


@pytest.mark.parametrize("path", [p for p in API_GETS.values() if p])
def test_every_api_get_answers(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200, r.text
    assert r.headers["x-content-type-options"] == "nosniff"


def test_stories(client: TestClient) -> None:
    data = client.get("/api/stories").json()
    assert data["articles_stored"] == 3
    [s] = data["stories"]
    assert s["id"] == "st1" and s["articles"] == 3 and s["events"] == 2
    assert s["sources"] == ["Coastal Ledger", "Meridian Post", "Saltmarsh Times"]
    assert (s["first_published"], s["last_published"], s["last_update"]) == (
        "2026-05-13",
        "2026-05-16",
        "2026-05-16",
    )
    assert s["href"] == "/stories/st1"


def test_story_is_the_brief_contract(client: TestClient) -> None:
    data = client.get("/api/stories/st1").json()
    brief = data["brief"]
    assert brief["story_id"] == "st1"
    assert {e["id"] for e in brief["events"]} == {"ev1", "ev2"}
    assert {c["attribute"] for c in brief["contradictions"]} == {"mode", "killed"}
    assert set(data["articles"]) == {"a_ledger", "b_meridian", "c_saltmarsh"}
    assert brief["summary"], "the brief has cited summary bullets"
    texts = {
        a: client.get(f"/api/articles/{a}").json()["article"]["text"] for a in data["articles"]
    }
    for bullet in brief["summary"]:
        for c in bullet["citations"]:
            assert texts[c["article_id"]][c["start"] : c["end"]] == c["text"]
    html = client.get("/stories/st1").text
    for link in (
        'href="/events/ev1"',
        'href="/entities/en1"',
        'href="/articles/a_ledger"',
        'href="/stories/st1/sources"',
        '<svg class="map"',
        '<svg class="tl-chart"',
    ):
        assert link in html


def test_story_unknown_is_404_envelope(client: TestClient) -> None:
    err = envelope(client.get("/api/stories/nope"), 404, "not_found")
    assert "/api/stories" in err["message"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"ev1", "ev2"}),
        ("?type=Strategic+developments", {"ev2"}),
        ("?type=Air%2Fdrone+strike", {"ev1"}),
        ("?since=2026-05-01&until=2026-05-31", {"ev1"}),
        ("?since=2026-07-15", {"ev2"}),  # a month-precision date overlaps the days it covers
        ("?until=2026-05-11", set()),
        ("?place=velan", {"ev1"}),
        ("?actor=TIDEWATER", {"ev1"}),
        ("?story=st1&actor=civilians", {"ev1"}),
        ("?place=orsk&type=Strategic+developments", {"ev2"}),
    ],
)
def test_event_filters(client: TestClient, query: str, expected: set[str]) -> None:
    data = client.get("/api/events" + query).json()
    assert {e["id"] for e in data["events"]} == expected
    assert data["count"] == len(expected)
    if query in (
        "",
        "?since=2026-07-15",
        "?place=velan",
    ):  # the CSV and the page use the same filter
        rows = list(csv.DictReader(io.StringIO(client.get("/api/events.csv" + query).text)))
        assert {r["event_id"] for r in rows} == expected
        page = client.get("/events" + query).text
        assert page.count('class="event-link"') == len(expected)


def test_event_filters_validate(client: TestClient) -> None:
    err = envelope(client.get("/api/events?since=May"), 422, "validation_error")
    assert "since" in err["message"]
    envelope(client.get("/api/events?story=nope"), 404, "not_found")
    assert client.get("/events?until=2026-13").status_code == 422


def test_events_csv(client: TestClient) -> None:
    r = client.get("/events.csv?story=st1")
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    reader = csv.DictReader(io.StringIO(r.text))
    assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
    row = next(r for r in reader if r["event_id"] == "ev1")
    assert row["fatalities"] == "1" and row["location"] == "Port Velan"
    assert "mode: drone (Coastal Ledger) vs missile (Meridian Post)" in row["notes"]


def test_event(client: TestClient) -> None:
    data = client.get("/api/events/ev1").json()
    ev = data["event"]
    assert ev["killed"] == 1 and ev["mode"] == "drone"
    assert [v["value"] for v in ev["values"]["killed"]] == [1, 2]
    assert {e["id"] for e in data["entities"]} == {"en1", "en2"}
    assert data["story"]["href"] == "/stories/st1"
    assert len(ev["citations"]) == 2
    envelope(client.get("/api/events/nope"), 404, "not_found")


def test_article_runs_rebuild_the_text_and_mark_spans(client: TestClient, built) -> None:
    text = built.texts["a_ledger"]
    data = client.get(f"/api/articles/a_ledger?start=0&end={text.index('Port Velan')}").json()
    assert data["article"]["text"] == text
    assert "".join(r["text"] for r in data["runs"]) == text
    by_text = {r["text"]: r for r in data["runs"] if r["kinds"]}
    assert by_text["Tidewater Front"]["href"] == "/entities/en1"
    assert by_text["struck"]["href"] == "/events/ev1" and by_text["struck"]["kinds"] == [
        "cited",
        "event",
    ]
    assert "date" in by_text["July 2026"]["kinds"]
    assert "figure" in by_text["about 300 ships"]["kinds"]
    assert data["cited"]["text"] == text[: text.index("Port Velan")]
    assert data["highlights"]["cited"] == 1
    assert data["removed"][0]["reason"] == "share-prompt"
    assert [s["id"] for s in data["stories"]] == ["st1"]
    copies = client.get("/api/articles/c_saltmarsh").json()["copies"]
    assert {c["kind"] for c in copies} == {"original", "near"}
    html = client.get("/articles/a_ledger?start=0&end=5").text
    assert 'id="cited"' in html and "share-prompt" in html
    envelope(client.get("/api/articles/nope"), 404, "not_found")
    envelope(client.get("/api/articles/a_ledger?start=-1&end=3"), 422, "validation_error")


def test_entity(client: TestClient) -> None:
    data = client.get("/api/entities/en1").json()
    assert data["entity"]["aliases"] == ["the Front"]
    assert data["mentions_by_day"] == [
        {"day": "2026-05-13", "count": 1},
        {"day": "2026-05-14", "count": 1},
    ]
    assert [(e["id"], e["roles"]) for e in data["events"]] == [("ev1", ["actor 1"])]
    place = client.get("/api/entities/en2").json()
    assert [(e["id"], e["roles"]) for e in place["events"]] == [("ev1", ["place"])]
    for m in data["mentions"]:
        assert m["href"].startswith("/articles/")
    envelope(client.get("/api/entities/nope"), 404, "not_found")


def test_search(client: TestClient) -> None:
    data = client.get("/api/search?q=freighter").json()
    assert {r["article_id"] for r in data["results"]} >= {"a_ledger", "b_meridian"}
    for r in data["results"]:
        if r["article_id"] != "c_saltmarsh":  # that one says "freighter" in its title only
            assert any(p["hit"] and p["text"].lower() == "freighter" for p in r["parts"])
        assert "".join(p["text"] for p in r["parts"]) == r["snippet"].replace("[", "").replace(
            "]", ""
        )
        assert r["article"]["href"] == f"/articles/{r['article_id']}"
    assert client.get("/api/search?q=").json()["count"] == 0
    assert client.get("/api/search?q=zebra").json()["count"] == 0
    assert (
        client.get('/api/search?q="unbalanced AND (').status_code == 200
    )  # user text is not FTS syntax
    envelope(client.get("/api/search?q=x&limit=0"), 422, "validation_error")
    assert "<mark>" in client.get("/search?q=divers").text


def test_sources_comparison(client: TestClient) -> None:
    data = client.get("/api/stories/st1/sources").json()
    assert [o["id"] for o in data["outlets"]] == ["a_ledger", "b_meridian", "c_saltmarsh"]
    ev1 = next(r for r in data["events"] if r["id"] == "ev1")
    assert ev1["disputed"] and ev1["reported_by"] == ["a_ledger", "b_meridian"]
    assert ev1["cells"]["a_ledger"] == {"reported": True, "says": ["mode: drone", "killed: 1"]}
    assert ev1["cells"]["b_meridian"]["says"] == ["mode: missile", "killed: 2"]
    assert ev1["cells"]["c_saltmarsh"] == {"reported": False, "says": []}
    fig = data["figures"][0]
    assert fig["reported_by"] == ["a_ledger", "b_meridian"] and not fig["disputed"]
    assert {d["attribute"] for d in data["disagreements"]} == {"mode", "killed"}
    assert next(o for o in data["outlets"] if o["id"] == "c_saltmarsh")["events"] == 1
    envelope(client.get("/api/stories/nope/sources"), 404, "not_found")


def test_map(client: TestClient) -> None:
    data = client.get("/api/map?story=st1").json()
    [feature] = data["geojson"]["features"]
    assert feature["id"] == "ev1" and feature["geometry"]["coordinates"] == [28.3, 36.8]
    assert feature["properties"]["href"] == "/events/ev1"
    assert [e["id"] for e in data["unplaced"]] == ["ev2"]
    assert '<a href="/events/ev1"><g class="pt event">' in client.get("/map").text  # markers link
    assert '<a href="/events/ev1"><g class="pt event">' in client.get("/stories/st1").text


def test_map_links_need_one_href_per_marker() -> None:
    from storydesk.report.world_map import MapPoint, map_svg
    from storydesk.web.pages import linked_marks

    svg = map_svg(
        [MapPoint(1.0, 2.0, 'A <g class="pt x">', "event"), MapPoint(3.0, 4.0, "B", "place")]
    )
    linked = linked_marks(svg, ["/events/a", "/entities/b"])
    assert linked.count("<a href=") == 2 and linked.count("</a>") == 2
    assert (
        linked.replace('<a href="/events/a">', "")
        .replace('<a href="/entities/b">', "")
        .replace("</a>", "")
        == svg
    )
    assert linked_marks(svg, ["/events/a"]) == svg  # a mismatch is never mislinked


def test_articles_and_rejections(client: TestClient) -> None:
    data = client.get("/api/articles").json()
    assert data["count"] == 3
    assert next(a for a in data["articles"] if a["id"] == "c_saltmarsh")["copies"] == 2
    rej = client.get("/api/rejections").json()
    assert rej["rejections"][0]["code"] == "INGEST-003"
    assert "empty input" in rej["rejections"][0]["meaning"]


def test_unknown_job_is_404(client: TestClient) -> None:
    envelope(client.get("/api/jobs/0000"), 404, "not_found")
    assert client.get("/jobs/0000").status_code == 404


def test_error_envelope_for_404_405_and_500(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # monkeypatch undoes the broken view at the end, so the shared client stays usable
    envelope(client.get("/api/nothing/here"), 404, "not_found")
    envelope(client.post("/api/stories"), 405, "method_not_allowed")
    envelope(client.get("/nothing", headers={"accept": "application/json"}), 404, "not_found")

    def boom() -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(client.app.state.desk, "stories", boom)
    r = client.get("/api/stories")
    err = envelope(r, 500, "internal_error")
    assert "secret" not in err["message"]
    assert "default-src 'self'" in r.headers["content-security-policy"]
    page = client.get("/")
    assert page.status_code == 500 and "text/html" in page.headers["content-type"]


def test_html_errors_are_pages(client: TestClient) -> None:
    r = client.get("/stories/nope")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]
    assert "no story" in r.text
