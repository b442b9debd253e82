"""Binding, token, host and cross-site checks, strict headers, and hostile text rendered inert."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from storydesk.cli import app as cli_app
from storydesk.config import Config
from storydesk.errors import ConfigError
from storydesk.web import create_app
from storydesk.web.security import check_bind, is_loopback, safe_url

TOKEN = "s3cret-token-for-tests-0123456789"

#: Every page, with the hand-built story's ids.
PAGES = [
    "/",
    "/stories/st1",
    "/stories/st1/sources",
    "/events",
    "/events/ev1",
    "/events/ev2",
    "/map",
    "/articles",
    "/articles/a_ledger",
    "/articles/b_meridian?start=0&end=40",
    "/articles/c_saltmarsh",
    "/entities/en1",
    "/entities/en2",
    "/search?q=freighter",
    "/search?q=script",
    "/rejections",
    "/ingest",
]


@pytest.mark.parametrize(
    ("host", "ok"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("127.8.0.1", True),
        ("0.0.0.0", False),
        ("192.168.1.4", False),
        ("example.org", False),
        ("::", False),
    ],
)
def test_binding_beyond_loopback_needs_a_token(host: str, ok: bool) -> None:
    assert is_loopback(host) is ok
    if ok:
        check_bind(host, None)
    else:
        with pytest.raises(ConfigError, match="--token"):
            check_bind(host, None)
    check_bind(host, TOKEN)  # with a token anything goes
    with pytest.raises(ConfigError, match="at least 16"):
        check_bind(host, "short")


def test_cli_serve_refuses_to_start_open(tmp_path) -> None:
    result = CliRunner().invoke(
        cli_app,
        ["serve", "--host", "0.0.0.0", "--db", str(tmp_path / "x.db")],
        env={"STORYDESK_TOKEN": ""},
    )
    assert result.exit_code == 2
    assert "--token" in result.output


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/a?b=1", True),
        ("http://example.org", True),
        ("HTTPS://EXAMPLE.ORG/x", True),
        ("javascript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:msgbox", False),
        ("//evil.example/x", False),
        ("/relative", False),
        ("https://", False),
        ("https://ex ample.org", False),
        ("file:///etc/passwd", False),
        (None, False),
        ("", False),
    ],
)
def test_safe_url(url: str | None, ok: bool) -> None:
    assert (safe_url(url) is not None) is ok


def test_headers_on_every_response(client: TestClient) -> None:
    for path in ["/", "/api/stories", "/static/app.css", "/api/nope", "/nope"]:
        r = client.get(path)
        csp = r.headers["content-security-policy"]
        for directive in (
            "default-src 'self'",
            "script-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ):
            assert directive in csp, (path, directive)
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert (r.headers.get("cache-control") == "no-store") is (not path.startswith("/static/"))


def test_other_host_headers_are_refused_without_token(client: TestClient) -> None:
    # A page on evil.example that resolves its name to 127.0.0.1 (DNS rebinding) gets nothing.
    r = client.get("/api/stories", headers={"host": "evil.example:8000"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    assert client.get("/api/stories", headers={"host": "localhost:8000"}).status_code == 200


def test_cross_site_posts_are_refused(client: TestClient) -> None:
    for headers in (
        {"origin": "http://evil.example"},
        {"sec-fetch-site": "cross-site"},
        {"origin": "null"},
        {"sec-fetch-site": "same-site"},
        {"sec-fetch-site": "cross-site", "origin": "http://127.0.0.1"},
    ):
        r = client.post("/api/ingest", data={"text": "x" * 300}, headers=headers)
        assert r.status_code == 403, headers
        assert r.json()["error"]["code"] == "forbidden"


@pytest.fixture(scope="module")
def token_client(built, no_embedder, tmp_path_factory):
    app = create_app(Config(db=str(built.db)), token=TOKEN, uploads=tmp_path_factory.mktemp("up"))
    with TestClient(app, base_url="http://203.0.113.7:8000", raise_server_exceptions=False) as c:
        yield c


def test_token_is_required(token_client: TestClient) -> None:
    token_client.cookies.clear()
    r = token_client.get("/api/stories")
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
    assert token_client.get("/").status_code == 401
    assert token_client.get("/static/app.js").status_code == 401
    assert (
        token_client.get(
            "/api/stories", headers={"authorization": "Bearer wrong-token-0123456789"}
        ).status_code
        == 401
    )
    assert (
        token_client.get("/api/stories", headers={"authorization": f"Bearer {TOKEN}"}).status_code
        == 200
    )
    assert (
        token_client.get("/?token=wrong-token-0123456789", follow_redirects=False).status_code
        == 401
    )


def test_token_query_sets_a_cookie_and_leaves_the_url(token_client: TestClient) -> None:
    token_client.cookies.clear()
    r = token_client.get(f"/events?type=x&token={TOKEN}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/events?type=x"
    cookie = r.headers["set-cookie"]
    assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower()
    token_client.cookies.set("storydesk_token", TOKEN)
    assert token_client.get("/api/stories").status_code == 200
    token_client.cookies.clear()


def _scripts(html: str) -> list[str]:
    return re.findall(r"<script\b[^>]*>", html, flags=re.IGNORECASE)


def test_hostile_text_is_escaped_everywhere(hostile, no_embedder, tmp_path) -> None:
    app = create_app(Config(db=str(hostile.db)), uploads=tmp_path / "up")
    with TestClient(app, base_url="http://127.0.0.1") as c:
        for path in PAGES:
            r = c.get(path)
            assert r.status_code == 200, path
            html = r.text
            # the one script tag is ours; no payload became markup
            assert _scripts(html) == ['<script src="/static/app.js" defer>'], path
            for bad in (
                "<img src=x",
                'onerror="',
                "<svg onload",
                "<iframe",
                "<animate",
                "<body onload",
                "<style>body",
                'href="javascript:',
                "href='javascript:",
            ):
                assert bad not in html, (path, bad)
        # ... and it shows as text
        assert (
            "&lt;script&gt;window.__xss=1;alert(1)&lt;/script&gt;"
            in c.get("/articles/a_ledger").text
        )
        assert "&lt;img src=x onerror=" in c.get("/").text
        assert "{{ 7*7 }} ${7*7}" in c.get("/").text  # template syntax in data is not evaluated
        page = c.get("/articles/a_ledger").text
        assert "original</a>" not in page  # the javascript: URL gives no link
        for path in ("/api/stories/st1", "/api/events/ev1", "/api/entities/en1"):
            assert c.get(path).headers["content-type"].startswith("application/json")
