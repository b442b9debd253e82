"""The web application: pages and JSON API over the store, one error envelope, strict headers."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..config import Config, default_db_path
from ..store import Store, open_store, sqlite_file
from . import api, pages
from .jobs import Jobs, Runner
from .security import (
    COOKIE,
    HEADERS,
    LOOPBACK_NAMES,
    host_allowed,
    safe_url,
    same_origin_write,
    token_ok,
)
from .uploads import BadIngest
from .views import BriefBuilder, Desk, NotFound, article_href, q

HERE = Path(__file__).parent
log = logging.getLogger("storydesk.web")

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    422: "validation_error",
    500: "internal_error",
}


#: Bidi embeddings, overrides and isolates (U+202A-E, U+2066-9): from article text they could
#: reorder what the page shows around them ("Trojan Source" spoofing); escaping leaves them in.
_BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def _no_bidi(value: Any) -> Any:
    """Drop bidi controls from a value a template prints (markup stays markup)."""
    if isinstance(value, Markup):
        return Markup(str(value).translate(_BIDI_CONTROLS))
    if isinstance(value, str):
        return value.translate(_BIDI_CONTROLS)
    return value


def templates() -> Environment:
    """Return the page templates; autoescape is on for every template, whatever its name."""
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_no_bidi,
    )
    env.globals.update(
        article_href=article_href,
        safe_url=safe_url,
        q=q,
        version=__version__,
        cite_href=lambda c: article_href(c["article_id"], c["start"], c["end"]),
        urlencode=urlencode,
    )
    return env


def _uploads_dir(config: Config) -> Path:
    path = sqlite_file(config.db)
    if path is None:  # a server or an in-memory store: no folder of its own
        return default_db_path().parent / "uploads"
    return path.resolve().parent / "storydesk-uploads"


def wants_json(request: Request) -> bool:
    """Say whether an error should be answered with the JSON envelope (API and JSON clients)."""
    if request.url.path.startswith("/api/") or request.url.path == "/api":
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def error_response(
    request: Request,
    status: int,
    message: str,
    code: str | None = None,
    details: list[dict[str, Any]] | None = None,
) -> Response:
    """Answer with ``{"error": {"code", "message"}}``, or the same as an HTML page for browsers."""
    code = code or _CODES.get(status, "error")
    if wants_json(request):
        body: dict[str, Any] = {"code": code, "message": message}
        if details:
            body["details"] = details
        return JSONResponse({"error": body}, status_code=status)
    html = request.app.state.templates.get_template("error.html").render(
        status=status,
        code=code,
        message=message,
        details=details or [],
        request_path="",
        api_url=None,
    )
    return HTMLResponse(html, status_code=status)


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = (
            exc.detail if isinstance(exc.detail, str) else _CODES.get(exc.status_code, "error")
        )
        if exc.status_code == 404 and exc.detail == "Not Found":
            message = f"no page at {request.url.path}: start from / (stories) or /api/openapi.json"
        return error_response(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        # Only where and what: echoing the rejected input back would reflect untrusted text.
        details = [
            {"loc": [str(x) for x in e.get("loc", ())], "msg": str(e.get("msg", ""))}
            for e in exc.errors()
        ]
        summary = "; ".join(
            f"{'.'.join(d['loc'][1:] or d['loc'])}: {d['msg']}" for d in details[:5]
        )
        return error_response(request, 422, f"invalid request: {summary}", details=details)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return error_response(request, 404, str(exc))

    @app.exception_handler(BadIngest)
    async def bad_ingest(request: Request, exc: BadIngest) -> Response:
        return error_response(request, exc.status, str(exc))


def create_app(
    config: Config,
    *,
    store: Store | None = None,
    token: str | None = None,
    allowed_hosts: Sequence[str] = (),
    brief_builder: BriefBuilder | None = None,
    runner: Runner | None = None,
    uploads: Path | None = None,
) -> FastAPI:
    """Build the app over the store at ``config.db`` (or ``store``).

    Without a token only requests whose Host is this machine (or one of ``allowed_hosts``) are
    served, which stops DNS rebinding; with a token every request must carry it.
    """
    owned = store is None
    the_store = open_store(config.db) if store is None else store
    jobs = Jobs(config, runner)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        jobs.shutdown()
        if owned:
            the_store.close()

    app = FastAPI(
        title="storydesk",
        version=__version__,
        description="Sourced situation reports from news articles: stories, briefs, events, "
        "entities, articles, search, source comparison and ingest. Every HTML page has a JSON "
        'twin under /api/. Errors: {"error": {"code", "message"}}.',
        # The interactive docs load scripts from a CDN: not offline, not allowed by our CSP.
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.state.desk = Desk(the_store, config, brief_builder)
    jobs.on_finish = lambda job: app.state.desk.forget()
    app.state.jobs = jobs
    app.state.templates = templates()
    app.state.uploads = uploads or _uploads_dir(config)
    app.state.config = config
    hosts = {*LOOPBACK_NAMES, *allowed_hosts}

    @app.middleware("http")
    async def guard(request: Request, call_next: Any) -> Response:
        try:
            response = await _guarded(request, call_next)
        except Exception:  # the envelope for 500s too, with the same headers as every response
            log.exception("unexpected error serving %s", request.url.path)
            response = error_response(request, 500, "unexpected error: see the server log")
        for k, v in HEADERS.items():
            response.headers.setdefault(k, v)
        if not request.url.path.startswith("/static/"):
            # pages show a store that changes, and may sit behind a token: keep them out of caches
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    async def _guarded(request: Request, call_next: Any) -> Response:
        if token is None and not host_allowed(request.headers.get("host"), hosts):
            return error_response(
                request,
                403,
                "this server answers only to 127.0.0.1 / localhost; "
                "to serve other hosts, start it with --token",
            )
        if token is not None:
            given = request.query_params.get("token")
            if given is not None and request.method == "GET":
                if not token_ok(token, {"authorization": f"Bearer {given}"}, {}):
                    return error_response(request, 401, "wrong token")
                rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
                target = request.url.path + (f"?{urlencode(rest)}" if rest else "")
                redirect = RedirectResponse(target, status_code=303)
                redirect.set_cookie(
                    COOKIE,
                    token,
                    httponly=True,
                    samesite="strict",
                    secure=request.url.scheme == "https",
                )
                return redirect
            if not token_ok(token, request.headers, request.cookies):
                return error_response(
                    request,
                    401,
                    "this server needs its token: open the link "
                    "with ?token=... once, or send Authorization: Bearer <token>",
                )
        if request.method not in ("GET", "HEAD", "OPTIONS") and not same_origin_write(
            request.headers, request.url.scheme
        ):
            return error_response(request, 403, "cross-site request refused")
        return await call_next(request)

    _install_errors(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app
