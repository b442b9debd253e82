"""URL fetching against a local server: caps, redirects, content types, address guards."""

from __future__ import annotations

import time

import pytest

from storydesk.config import Config
from storydesk.errors import RejectedInput
from storydesk.ingest import AddressPolicy, Fetcher, documents
from storydesk.ingest.fetch import AddressRefused
from storydesk.model import RawDocument, Rejected

from .conftest import Site


def config(**changes: object) -> Config:
    return Config().replace(fetch_timeout=0.5, fetch_retries=1, max_bytes=200_000, **changes)


@pytest.fixture(scope="module")
def _fetcher(_server: Site):
    # only the test server's own endpoint is allowed, so every other private address stays refused
    with Fetcher(config(), allow=[f"127.0.0.1:{_server.port}"], backoff=0.01) as f:
        yield f


@pytest.fixture
def fetcher(_fetcher: Fetcher, site: Site) -> Fetcher:
    return _fetcher


def ingest(urls: list[str], fetcher: Fetcher, **kw: object) -> list[RawDocument | Rejected]:
    return list(documents(urls, fetcher.config, fetcher=fetcher, **kw))


def codes(items: list[RawDocument | Rejected]) -> list[str]:
    return [i.code if isinstance(i, Rejected) else "ok" for i in items]


def test_page_is_fetched_with_user_agent_and_content_type(site: Site, fetcher: Fetcher) -> None:
    [doc] = ingest([site.url("/ua")], fetcher)
    assert isinstance(doc, RawDocument)
    assert doc.content_type.startswith("text/html")
    assert b"Harbour reopens" in doc.content
    assert doc.url == site.url("/ua")
    assert site.headers_seen["/ua"]["user-agent"] == fetcher.config.user_agent


def test_redirects_are_followed_and_the_final_url_kept(site: Site, fetcher: Fetcher) -> None:
    [doc] = ingest([site.url("/redirect-chain")], fetcher)
    assert isinstance(doc, RawDocument)
    assert doc.url == site.url("/page")
    assert doc.input == site.url("/redirect-chain")


def test_redirect_loop_stops_at_the_cap(site: Site, fetcher: Fetcher) -> None:
    [rej] = ingest([site.url("/redirect-loop")], fetcher)
    assert isinstance(rej, Rejected) and rej.code == "INGEST-007"
    assert "redirects" in rej.reason
    assert site.hits["/redirect-loop"] == fetcher.config.max_redirects + 1


@pytest.mark.parametrize("path", ["/redirect-private", "/redirect-metadata", "/redirect-other-port"])
def test_redirect_to_a_private_address_is_refused(site: Site, fetcher: Fetcher, path: str) -> None:
    [rej] = ingest([site.url(path)], fetcher)
    assert isinstance(rej, Rejected)
    assert rej.code == "INGEST-008", rej.reason


def test_private_addresses_are_refused_by_default(site: Site) -> None:
    with Fetcher(config()) as plain:  # no allow list: loopback is off limits
        found = ingest([site.url("/page"), f"http://localhost:{site.port}/page"], plain)
    assert codes(found) == ["INGEST-008", "INGEST-008"]
    assert "/page" not in site.hits  # refused before any connection


def test_allow_private_opens_loopback_but_never_metadata(site: Site) -> None:
    with Fetcher(config(allow_private=True)) as open_fetcher:
        assert codes(ingest([site.url("/page")], open_fetcher)) == ["ok"]
        assert codes(ingest(["http://169.254.169.254/latest/meta-data/"], open_fetcher)) == ["INGEST-008"]


def test_connection_guard_checks_the_connected_peer(site: Site) -> None:
    # bypass the pre-request DNS check to show the transport refuses on its own (DNS rebinding)
    with Fetcher(config()) as plain, pytest.raises(AddressRefused):
        plain._client.get(site.url("/page"))
    assert "/page" not in site.hits


def test_timeout_is_retried_then_rejected(site: Site, fetcher: Fetcher) -> None:
    start = time.monotonic()
    [rej] = ingest([site.url("/slow")], fetcher)
    assert isinstance(rej, Rejected) and rej.code == "INGEST-007"
    assert "timed out" in rej.reason and "2 attempts" in rej.reason
    assert time.monotonic() - start < 5


def test_transient_errors_are_retried(site: Site, fetcher: Fetcher) -> None:
    assert codes(ingest([site.url("/flaky")], fetcher)) == ["ok"]
    assert site.hits["/flaky"] == 2
    assert codes(ingest([site.url("/down"), site.url("/missing")], fetcher)) == ["INGEST-007", "INGEST-007"]
    assert site.hits["/down"] == 2 and site.hits["/missing"] == 1  # a 404 is not retried


def test_huge_bodies_are_cut_off(site: Site, fetcher: Fetcher) -> None:
    found = ingest([site.url("/huge-declared"), site.url("/huge-undeclared")], fetcher)
    assert codes(found) == ["INGEST-004", "INGEST-004"]


def test_gzip_bomb_is_rejected(site: Site, fetcher: Fetcher) -> None:
    [rej] = ingest([site.url("/gzip-bomb")], fetcher)
    assert isinstance(rej, Rejected) and rej.code == "INGEST-010", rej


def test_wrong_content_type_is_rejected(site: Site, fetcher: Fetcher) -> None:
    assert codes(ingest([site.url("/image")], fetcher)) == ["INGEST-009"]


def test_non_http_urls_and_unresolvable_hosts(fetcher: Fetcher) -> None:
    with pytest.raises(RejectedInput) as err:
        fetcher.check_url("ftp://example.org/file")
    assert err.value.code == "INGEST-007"
    with pytest.raises(RejectedInput) as err:
        fetcher.check_url("http://name-that-does-not-exist.invalid/")
    assert err.value.code == "INGEST-007"


@pytest.mark.parametrize(
    ("address", "allowed"),
    [
        ("8.8.8.8", True),
        ("2606:4700:4700::1111", True),
        ("127.0.0.1", False),
        ("::1", False),
        ("::ffff:127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.5", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("fd00:ec2::254", False),
        ("fe80::1", False),
        ("0.0.0.0", False),
        ("224.0.0.1", False),
    ],
)
def test_address_policy(address: str, allowed: bool) -> None:
    policy = AddressPolicy()
    if allowed:
        policy.check(address, 80)
    else:
        with pytest.raises(AddressRefused):
            policy.check(address, 80)


def test_address_policy_allow_list_is_exact() -> None:
    policy = AddressPolicy(allow=("127.0.0.1:8080", "10.9.0.0/16"))
    policy.check("127.0.0.1", 8080)
    policy.check("10.9.3.4", 443)
    for address, port in (("127.0.0.1", 8081), ("10.8.0.1", 443), ("169.254.169.254", 80)):
        with pytest.raises(AddressRefused):
            policy.check(address, port)
