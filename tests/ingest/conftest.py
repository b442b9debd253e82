"""A local HTTP server on 127.0.0.1 that plays every kind of awkward web server."""

from __future__ import annotations

import functools
import gzip
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

ARTICLE = (
    "<html><head><title>Harbour reopens after storm</title></head><body><article>"
    "<h1>Harbour reopens after storm</h1>"
    + "<p>The city harbour reopened on Tuesday after a three-day closure caused by a winter storm, "
    "port officials said, and the first cargo ships were unloading by noon.</p>" * 4
    + "</article></body></html>"
)


@dataclass
class Site:
    """What the test server serves, changeable by a test while it runs."""

    port: int = 0
    hits: dict[str, int] = field(default_factory=dict)
    headers_seen: dict[str, dict[str, str]] = field(default_factory=dict)
    feed_etag: str = '"v1"'
    feed_entries: list[str] = field(default_factory=lambda: ["a1", "a2"])

    def reset(self) -> None:
        self.hits.clear()
        self.headers_seen.clear()
        self.feed_etag = '"v1"'
        self.feed_entries = ["a1", "a2"]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def feed(self) -> bytes:
        items = "".join(
            f"<item><title>Entry {e}</title><link>{self.url('/article/' + e)}</link><guid>{e}</guid>"
            f"<pubDate>Tue, 03 Feb 2026 10:00:00 GMT</pubDate></item>"
            for e in self.feed_entries
        )
        return (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Gazette</title>'
            f"<link>{self.url('/')}</link><description>news</description>{items}</channel></rss>"
        ).encode()


@functools.lru_cache(maxsize=1)
def _bomb() -> bytes:
    """Return 5 MB of spaces gzipped to a few kilobytes."""
    return gzip.compress(b"\x20" * 5_000_000, compresslevel=9)


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # keep pytest output clean
            pass

        def send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8", **headers: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for k, v in headers.items():
                self.send_header(k.replace("_", "-"), v)
            self.end_headers()
            self.wfile.write(body)

        def redirect(self, location: str) -> None:
            self.send_response(302)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self) -> None:
            path = self.path
            site.hits[path] = site.hits.get(path, 0) + 1
            site.headers_seen[path] = {k.lower(): v for k, v in self.headers.items()}
            if path == "/page" or path.startswith("/article/"):
                self.send(200, ARTICLE.encode())
            elif path == "/redirect":
                self.redirect("/page")
            elif path == "/redirect-chain":
                self.redirect("/redirect")
            elif path == "/redirect-loop":
                self.redirect("/redirect-loop")
            elif path == "/redirect-private":
                self.redirect("http://10.0.0.1/admin")
            elif path == "/redirect-metadata":
                self.redirect("http://169.254.169.254/latest/meta-data/")
            elif path == "/redirect-other-port":
                self.redirect(f"http://127.0.0.1:{site.port + 1 if site.port < 65535 else 1}/page")
            elif path == "/slow":
                time.sleep(1.5)
                self.send(200, ARTICLE.encode())
            elif path == "/huge-declared":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(500_000_000))
                self.end_headers()
                self.wfile.write(b"<html>" + b"x" * 1000)
            elif path == "/huge-undeclared":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                chunk = b"<p>" + b"y" * 4093 + b"</p>"
                try:
                    for _ in range(200):  # 800 kB, far over the test cap, without a length
                        self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                    self.wfile.write(b"0\r\n\r\n")
                except (BrokenPipeError, ConnectionResetError):
                    pass
            elif path == "/image":
                self.send(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "image/png")
            elif path == "/gzip-bomb":
                self.send(200, _bomb(), "text/html", Content_Encoding="gzip")
            elif path == "/flaky":
                if site.hits[path] == 1:
                    self.send(503, b"busy", "text/plain", Retry_After="0")
                else:
                    self.send(200, ARTICLE.encode())
            elif path == "/down":
                self.send(503, b"down", "text/plain", Retry_After="0")
            elif path == "/missing":
                self.send(404, b"no", "text/plain")
            elif path == "/ua":
                self.send(200, ARTICLE.encode())
            elif path == "/feed.xml":
                if self.headers.get("If-None-Match") == site.feed_etag:
                    self.send_response(304)
                    self.send_header("ETag", site.feed_etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                else:
                    self.send(200, site.feed(), "application/rss+xml", ETag=site.feed_etag)
            else:
                self.send(404, b"unknown", "text/plain")

    return Handler


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients hang up on purpose (caps, timeouts); no tracebacks in the test output


@pytest.fixture(scope="module")
def _server() -> Iterator[Site]:
    state = Site()
    server = _QuietServer(("127.0.0.1", 0), _handler(state))
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def site(_server: Site) -> Site:
    """Serve the awkward site on 127.0.0.1 (one server per module, reset for each test)."""
    _server.reset()
    return _server
