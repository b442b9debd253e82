"""Run the web app with uvicorn, refusing to listen beyond this machine without a token."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from ..config import Config
from .security import check_bind, is_loopback


def serve(
    config: Config,
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    say: Callable[[str], None] = print,
) -> None:
    """Serve the store at ``config.db`` on ``host:port`` until interrupted."""
    check_bind(host, token)  # before opening anything: bad flags fail fast
    import uvicorn

    from .app import create_app

    # Without a token the Host header must name this machine; with a token any name will do.
    app = create_app(config, token=token, allowed_hosts=(host,) if is_loopback(host) else ())
    shown = f"[{host}]" if ":" in host else host
    link = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    say(f"storydesk serving {config.db} at {link} (Ctrl+C to stop)")
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        server_header=False,
        proxy_headers=False,
        access_log=False,
    )


@contextmanager
def running(app: Any, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve ``app`` from a background thread (tests, screenshots); yield its base URL."""
    import uvicorn

    if port == 0:
        with socket.socket() as s:  # ask the OS for a free port
            s.bind((host, 0))
            port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            app, host=host, port=port, log_level="warning", access_log=False, lifespan="on"
        )
    )
    thread = threading.Thread(target=server.run, name="storydesk-web", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the web server did not start on {host}:{port}")
        time.sleep(0.02)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
