"""Who may talk to the server, and the headers that keep untrusted article text inert."""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from ..errors import ConfigError

#: Scripts only from our own static files: no inline script, no eval, nothing from elsewhere.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on our own forms
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}

COOKIE = "storydesk_token"
MIN_TOKEN_CHARS = 16
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


def is_loopback(host: str) -> bool:
    """Say whether ``host`` names this machine only (localhost, 127.0.0.0/8, ::1)."""
    host = host.strip("[]")
    if host.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Refuse to serve beyond this machine without a token, and refuse tokens easy to guess."""
    if token is not None and len(token) < MIN_TOKEN_CHARS:
        raise ConfigError(
            f"--token must be at least {MIN_TOKEN_CHARS} characters: make one with "
            "python -c 'import secrets; print(secrets.token_urlsafe())'"
        )
    if not is_loopback(host) and not token:
        raise ConfigError(
            f"binding to {host} lets other machines read the store: give --token (or set "
            "STORYDESK_TOKEN) so every request must carry it, or bind to 127.0.0.1"
        )


def host_allowed(host_header: str | None, allowed: Iterable[str]) -> bool:
    """Say whether the Host header names an allowed host (blocks DNS rebinding to loopback)."""
    if not host_header:
        return False
    name = urlsplit("//" + host_header).hostname or ""
    return name.casefold() in {h.strip("[]").casefold() for h in allowed}


def token_ok(expected: str, headers: Mapping[str, str], cookies: Mapping[str, str]) -> bool:
    """Say whether the request carries the token as a bearer header or in the cookie."""
    auth = headers.get("authorization", "")
    given = auth[7:].strip() if auth[:7].lower() == "bearer " else cookies.get(COOKIE, "")
    return bool(given) and hmac.compare_digest(given.encode(), expected.encode())


def same_origin_write(headers: Mapping[str, str], scheme: str) -> bool:
    """Say whether a state-changing request comes from our own pages (not a cross-site form)."""
    site = headers.get("sec-fetch-site")
    if site is not None:  # every current browser sends it; it cannot be set by page script
        return site in ("same-origin", "none")
    origin = headers.get("origin")
    if origin is None:
        # Non-browser clients (curl, scripts) send neither header; browsers send Origin on POST.
        return True
    return origin == f"{scheme}://{headers.get('host', '')}"


def safe_url(url: str | None) -> str | None:
    """Return ``url`` if it is an absolute http(s) link, else None (no javascript:, data:, ...)."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    # Control characters and whitespace inside a URL are how filters get bypassed: refuse them.
    if any(ord(ch) < 33 or ch == "\x7f" for ch in url):
        return None
    return url
