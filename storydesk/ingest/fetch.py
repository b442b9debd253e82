"""Fetch URLs safely: timeouts, size and redirect caps, content-type checks, address guards."""

from __future__ import annotations

import ipaddress
import socket
import time
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from ..config import Config
from ..errors import RejectedInput
from .sniff import FEED_TYPES, base_type

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

#: Cloud metadata endpoints; most are link-local already, listed so intent is explicit.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254", "192.0.0.192")
)

#: Media types a fetched page may have; anything else is INGEST-009.
ACCEPTED_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "text/plain",
        "text/markdown",
        "application/json",
        "application/x-ndjson",
        "application/xml",
        "text/xml",
        *FEED_TYPES,
    }
)

_REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})
_RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


class AddressRefused(Exception):
    """A connection would reach an address the policy forbids."""


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """Which addresses fetches may reach: public ones, plus an explicit allow list.

    ``allow`` holds networks (``10.0.0.0/8``) or single endpoints (``127.0.0.1:8080``), so a
    test can reach its own server on loopback while every other private address stays refused.
    """

    allow_private: bool = False
    allow: tuple[str, ...] = ()
    _networks: tuple[IPNetwork, ...] = field(init=False, repr=False)
    _endpoints: frozenset[tuple[IPAddress, int]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        networks: list[IPNetwork] = []
        endpoints: set[tuple[IPAddress, int]] = set()
        for entry in self.allow:
            host, sep, port = entry.rpartition(":")
            if sep and port.isdigit() and host and (host.startswith("[") or ":" not in host):
                endpoints.add((ipaddress.ip_address(host.strip("[]")), int(port)))
            else:
                networks.append(ipaddress.ip_network(entry, strict=False))
        object.__setattr__(self, "_networks", tuple(networks))
        object.__setattr__(self, "_endpoints", frozenset(endpoints))

    def check(self, address: str, port: int) -> None:
        """Raise :class:`AddressRefused` unless ``address:port`` may be reached."""
        ip: IPAddress = ipaddress.ip_address(address.split("%", 1)[0])
        ip = _embedded_ipv4(ip)  # ::ffff:127.0.0.1, 2002:7f00:1::, 64:ff9b::a00:1 reach IPv4 hosts
        if self.allow_private and ip not in METADATA_ADDRESSES:
            return
        if (ip, port) in self._endpoints or any(ip in net for net in self._networks):
            return
        if ip in METADATA_ADDRESSES:
            raise AddressRefused(f"{ip} is a cloud metadata address")
        if not ip.is_global or ip.is_multicast or _local_ipv6(ip):
            raise AddressRefused(f"{ip} is a private, loopback, link-local or reserved address")


#: NAT64 well-known prefix (RFC 6052): the last 32 bits are the IPv4 host a gateway connects to.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
#: IPv4-compatible addresses (deprecated ::a.b.c.d); :: and ::1 keep their own meaning.
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")
#: NAT64 local-use prefix (RFC 8215) embeds IPv4 at a prefix-dependent offset: refuse it whole.
_NAT64_LOCAL_USE = ipaddress.IPv6Network("64:ff9b:1::/48")


def _embedded_ipv4(ip: IPAddress) -> IPAddress:
    """Return the IPv4 address an IPv6 address leads to (mapped, 6to4, NAT64, compatible), else ``ip``.

    Python's ``is_global`` calls 2002:7f00:1:: (6to4 of 127.0.0.1) and 64:ff9b::a00:1 (NAT64 of
    10.0.0.1) global, so the policy judges the IPv4 host they reach instead.
    """
    if not isinstance(ip, ipaddress.IPv6Address):
        return ip
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64 or (ip in _IPV4_COMPATIBLE and int(ip) > 1):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


def _local_ipv6(ip: IPAddress) -> bool:
    """Say whether an IPv6 address is site-local or in the NAT64 local-use prefix (not global)."""
    return isinstance(ip, ipaddress.IPv6Address) and (ip in _NAT64_LOCAL_USE or ip.is_site_local)


class _GuardedBackend(httpcore.NetworkBackend):
    """Check the peer address of every new connection, after DNS resolution.

    Checking the host name before the request is not enough: DNS can answer differently at
    connect time (rebinding), so the guard looks at the socket that actually connected.
    """

    def __init__(self, policy: AddressPolicy, inner: httpcore.NetworkBackend | None = None) -> None:
        self._policy = policy
        self._inner = inner or httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        peer = stream.get_extra_info("server_addr")
        try:
            if peer is None:
                raise AddressRefused(f"cannot tell which address {host} connected to")
            self._policy.check(peer[0], port)
        except AddressRefused:
            stream.close()
            raise
        return stream

    def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options: Iterable[typing.Any] | None = None) -> httpcore.NetworkStream:
        raise AddressRefused("unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


@dataclass(frozen=True, slots=True, kw_only=True)
class Fetched:
    """A fetched body with the response facts ingest needs."""

    url: str  # final URL, after redirects
    content: bytes
    content_type: str
    status: int
    headers: Mapping[str, str]


class Fetcher:
    """Fetch URLs under one safety policy; reuse one instance for many URLs.

    ``allow`` adds networks or ``ip:port`` endpoints that may be reached although private
    (see :class:`AddressPolicy`); ``backoff`` is the first retry delay in seconds.
    """

    def __init__(
        self,
        config: Config,
        *,
        allow: Sequence[str] = (),
        backoff: float = 0.5,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.config = config
        self.policy = AddressPolicy(allow_private=config.allow_private, allow=tuple(allow))
        self.backoff = backoff
        if transport is None:
            transport = httpx.HTTPTransport(trust_env=False)
            # httpx exposes no hook for the network backend; the pool's is the one place to
            # check each connection's real peer address (see _GuardedBackend).
            pool = transport._pool
            pool._network_backend = _GuardedBackend(self.policy, pool._network_backend)
        self._client = httpx.Client(
            transport=transport,
            follow_redirects=False,  # followed by hand so every hop is checked
            timeout=httpx.Timeout(config.fetch_timeout),
            headers={"User-Agent": config.user_agent, "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5"},
            trust_env=False,
        )

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def __enter__(self) -> typing.Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def check_url(self, url: str) -> None:
        """Raise a rejection when ``url`` is not http(s) or its host resolves to a refused address."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise RejectedInput("INGEST-007", f"not an http(s) URL: {url}")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise RejectedInput("INGEST-007", f"cannot resolve {parts.hostname} ({exc})") from exc
        for info in infos:
            try:
                self.policy.check(str(info[4][0]), port)
            except AddressRefused as exc:
                raise RejectedInput("INGEST-008", f"{parts.hostname}: {exc}") from exc

    def fetch(self, url: str, *, headers: Mapping[str, str] | None = None, accept: frozenset[str] = ACCEPTED_TYPES) -> Fetched:
        """Fetch ``url`` following checked redirects, retrying transient failures with backoff."""
        attempt = 0
        while True:
            try:
                return self._fetch_once(url, headers or {}, accept)
            except _Transient as exc:
                if attempt >= self.config.fetch_retries:
                    raise RejectedInput("INGEST-007", f"{url}: {exc} (after {attempt + 1} attempts)") from exc
                delay = exc.retry_after if exc.retry_after is not None else self.backoff * 2**attempt
                time.sleep(min(delay, 30.0))
                attempt += 1

    def _fetch_once(self, url: str, headers: Mapping[str, str], accept: frozenset[str]) -> Fetched:
        current = url
        for _hop in range(self.config.max_redirects + 1):
            self.check_url(current)
            request = self._client.build_request("GET", current, headers=dict(headers))
            try:
                response = self._client.send(request, stream=True)
            except AddressRefused as exc:
                raise RejectedInput("INGEST-008", f"{current}: {exc}") from exc
            except httpx.TimeoutException as exc:
                raise _Transient(f"timed out ({type(exc).__name__})") from exc
            except httpx.TransportError as exc:
                raise _Transient(f"network error ({exc})") from exc
            try:
                # by status alone: httpx counts 304 Not Modified as a redirect
                if response.status_code in _REDIRECT_STATUS:
                    location = response.headers.get("location", "")
                    if not location:
                        raise RejectedInput("INGEST-007", f"{current}: redirect without a Location")
                    current = urljoin(current, location)
                    continue
                return self._read(current, response, accept)
            finally:
                response.close()
        raise RejectedInput("INGEST-007", f"{url}: more than {self.config.max_redirects} redirects")

    def _read(self, url: str, response: httpx.Response, accept: frozenset[str]) -> Fetched:
        status = response.status_code
        if status == 304:
            return Fetched(url=url, content=b"", content_type="", status=status, headers=dict(response.headers))
        if status in _RETRY_STATUS:
            raise _Transient(f"HTTP {status}", _retry_after(response.headers.get("retry-after")))
        if status >= 400:
            raise RejectedInput("INGEST-007", f"{url}: HTTP {status}")
        content_type = response.headers.get("content-type", "")
        if content_type and base_type(content_type) not in accept:
            raise RejectedInput(
                "INGEST-009", f"{url}: content type {base_type(content_type)} is not a page, text or feed"
            )
        cap = self.config.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap and not response.headers.get("content-encoding"):
            raise RejectedInput("INGEST-004", f"{url}: {int(declared):,} bytes declared, cap is {cap:,}")
        chunks: list[bytes] = []
        size = 0
        deadline = time.monotonic() + self.config.fetch_timeout * 3  # slow-drip bodies end too
        try:
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > cap:
                    if response.headers.get("content-encoding") and response.num_bytes_downloaded <= cap:
                        raise RejectedInput(
                            "INGEST-010",
                            f"{url}: compressed body expands past the {cap:,}-byte cap "
                            f"after {response.num_bytes_downloaded:,} bytes on the wire",
                        )
                    raise RejectedInput("INGEST-004", f"{url}: body passes the {cap:,}-byte cap")
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise _Transient("body took too long to arrive")
        except httpx.DecodingError as exc:
            raise RejectedInput("INGEST-007", f"{url}: corrupt compressed body ({exc})") from exc
        except httpx.TimeoutException as exc:
            raise _Transient(f"timed out reading the body ({type(exc).__name__})") from exc
        except httpx.TransportError as exc:
            raise _Transient(f"network error reading the body ({exc})") from exc
        return Fetched(url=url, content=b"".join(chunks), content_type=content_type, status=status, headers=dict(response.headers))


class _Transient(Exception):
    """A failure worth retrying (timeouts, resets, 5xx, 429)."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return float(value.strip())
    return None
