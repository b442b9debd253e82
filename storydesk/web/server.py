"""Run the web app with uvicorn, refusing to listen beyond this machine without a token."""

from __future__ import annotations

from collections.abc import Callable

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
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False,
                proxy_headers=False, access_log=False)
