"""Fetch safety beyond tests/ingest/test_fetch.py: address spellings, embedded IPv4, DNS rebinding,
slow-drip bodies, oversized headers, and URLs smuggled in through records and feeds."""

from __future__ import annotations

import io
import json
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest

from storydesk.config import Config
from storydesk.ingest import AddressPolicy, Fetcher, documents
from storydesk.ingest.fetch import AddressRefused
from storydesk.model import RawDocument, Rejected

PAGE = (
    b"<html><head><title>Ferry timetable</title></head><body><article>"
    + b"<p>The ferry company published a winter timetable with fewer crossings on weekdays.</p>" * 5
    + b"</article></body></html>"
)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    hits: ClassVar[Counter[str]] = Counter()

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        self.hits[path] += 1
        if path == "/redirect":
            self.send_response(302)
            self.send_header("Location", parse_qs(urlsplit(self.path).query)["to"][0])
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/drip":  # a body that arrives one byte at a time, never idle long enough to time out
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            try:
                for _ in range(400):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.05)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif path == "/huge-headers":
            self.send_response(200)
            for i in range(2000):
                self.send_header(f"X-Filler-{i}", "y" * 100)
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)
        else:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    server = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(autouse=True)
def _reset_hits() -> None:
    _Handler.hits.clear()


def config(**changes: object) -> Config:
    return Config().replace(fetch_timeout=0.5, fetch_retries=1, max_bytes=200_000, **changes)


def fetch_all(urls: list[str], fetcher: Fetcher) -> list[RawDocument | Rejected]:
    return list(documents(urls, fetcher.config, fetcher=fetcher))


def codes(items: list[RawDocument | Rejected]) -> list[str]:
    return [i.code if isinstance(i, Rejected) else "ok" for i in items]


# Spellings of loopback that resolvers accept: decimal, octal, hex, short forms, IPv6 forms.
LOOPBACK_SPELLINGS = [
    "2130706433", "0177.0.0.1", "0x7f.0.0.1", "0x7f000001", "017700000001", "127.1", "127.0.0.1.",
    "[::1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "0.0.0.0", "localhost", "user:pw@127.0.0.1",
    "example.org@127.0.0.1",
]


@pytest.mark.parametrize("host", LOOPBACK_SPELLINGS)
def test_every_spelling_of_loopback_is_refused_before_connecting(port: int, host: str) -> None:
    with Fetcher(config()) as fetcher:
        [item] = fetch_all([f"http://{host}:{port}/page"], fetcher)
    assert isinstance(item, Rejected)
    # "127.0.0.1." does not resolve here (INGEST-007); everything else is refused by address
    assert item.code == "INGEST-008" or "cannot resolve" in item.reason, item.reason
    assert _Handler.hits["/page"] == 0


@pytest.mark.parametrize(
    "address",
    [
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64 of the metadata address
        "64:ff9b:1::a00:1",  # NAT64 local-use prefix
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254
        "::127.0.0.1",  # IPv4-compatible
        "::ffff:169.254.169.254",
        "fec0::1",  # site-local
        "fd00:ec2::254",  # AWS metadata over IPv6
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
    ],
)
def test_ipv6_forms_that_reach_private_ipv4_are_refused(address: str) -> None:
    # Regression: Python calls 2002:7f00:1:: and 64:ff9b::a00:1 "global"; the policy allowed them.
    with pytest.raises(AddressRefused):
        AddressPolicy().check(address, 80)


@pytest.mark.parametrize("address", ["2002:808:808::1", "64:ff9b::808:808", "2606:4700:4700::1111"])
def test_ipv6_forms_of_public_addresses_stay_allowed(address: str) -> None:
    AddressPolicy().check(address, 443)


def test_metadata_stays_refused_even_with_allow_private() -> None:
    policy = AddressPolicy(allow_private=True)
    policy.check("127.0.0.1", 80)
    for address in ("169.254.169.254", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "fd00:ec2::254"):
        with pytest.raises(AddressRefused):
            policy.check(address, 80)


@pytest.mark.parametrize(
    "target",
    ["http://2130706433:{other}/page", "http://0177.0.0.1:{other}/page", "http://[::1]:{port}/page",
     "http://[::ffff:10.0.0.1]/", "http://169.254.169.254/latest/meta-data/", "file:///etc/passwd",
     "gopher://127.0.0.1:{port}/_GET%20/page"],
)
def test_redirects_to_disguised_private_targets_are_refused(port: int, target: str) -> None:
    other = port + 1 if port < 65535 else port - 1
    location = target.format(port=port, other=other)
    with Fetcher(config(), allow=[f"127.0.0.1:{port}"], backoff=0.01) as fetcher:
        [item] = fetch_all([f"http://127.0.0.1:{port}/redirect?to={location}"], fetcher)
    assert isinstance(item, Rejected)
    assert item.code in ("INGEST-008", "INGEST-007"), item.reason  # 007: not http(s) at all
    if location.startswith("http"):
        # httpx itself refuses to parse an octal host in a Location header (INGEST-007): also safe
        assert item.code == "INGEST-008" or "Invalid IPv4" in item.reason, item.reason
    assert _Handler.hits["/page"] == 0


def test_dns_rebinding_between_check_and_connect_is_caught(port: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # The name resolves to a public address when checked and to loopback when connecting: the
    # connection guard looks at the socket's real peer, so the request never reaches the server.
    real = socket.getaddrinfo
    answers: list[str] = []

    def rebinding(host, port_, *args, **kwargs):  # type: ignore[no-untyped-def]
        if host == "rebind.test":
            address = "93.184.216.34" if not answers else "127.0.0.1"
            answers.append(address)
            return real(address, port_, *args, **kwargs)
        return real(host, port_, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    with Fetcher(config(), backoff=0.01) as fetcher:
        [item] = fetch_all([f"http://rebind.test:{port}/page"], fetcher)
    assert answers[0] == "93.184.216.34" and "127.0.0.1" in answers  # checked public, connected local
    assert isinstance(item, Rejected) and item.code == "INGEST-008", item
    assert _Handler.hits["/page"] == 0


def test_a_slow_drip_body_is_cut_off_in_bounded_time(port: int) -> None:
    with Fetcher(config(), allow=[f"127.0.0.1:{port}"], backoff=0.01) as fetcher:
        start = time.monotonic()
        [item] = fetch_all([f"http://127.0.0.1:{port}/drip"], fetcher)
        elapsed = time.monotonic() - start
    assert isinstance(item, Rejected) and item.code == "INGEST-007", item
    # two attempts, each cut at 3 x fetch_timeout (1.5 s), plus a little slack
    assert elapsed < 5, elapsed


def test_oversized_response_headers_are_a_fetch_failure(port: int) -> None:
    with Fetcher(config(), allow=[f"127.0.0.1:{port}"], backoff=0.01) as fetcher:
        [item] = fetch_all([f"http://127.0.0.1:{port}/huge-headers"], fetcher)
    assert isinstance(item, Rejected) and item.code == "INGEST-007", item


def test_urls_inside_records_and_feeds_get_the_same_checks(port: int) -> None:
    record_lines = b"\n".join(
        json.dumps({"url": u, "title": "x"}).encode()
        for u in (f"http://127.0.0.1:{port}/page", "file:///etc/passwd", "http://169.254.169.254/latest/")
    ) + b"\n"
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        f"<item><title>a</title><link>http://2130706433:{port}/page</link><guid>1</guid></item>"
        "<item><title>b</title><link>http://[::1]/x</link><guid>2</guid></item>"
        "</channel></rss>"
    ).encode()
    with Fetcher(config(), backoff=0.01) as fetcher:
        from_records = list(documents(["-"], fetcher.config, fetcher=fetcher, stdin=io.BytesIO(record_lines)))
        from_feed = list(documents(["-"], fetcher.config, fetcher=fetcher, stdin=io.BytesIO(feed)))
    assert codes(from_records) == ["INGEST-008", "INGEST-007", "INGEST-008"]
    assert codes(from_feed) == ["INGEST-008", "INGEST-008"]
    assert _Handler.hits["/page"] == 0
