"""Web UI and JSON API over the store (the ``web`` extra): ``storydesk serve``.

This package is the only place that imports FastAPI. Pages and API call the same store and
report functions as the CLI; they add no analysis of their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI


def create_app(*args: Any, **kwargs: Any) -> FastAPI:
    """Build the web app (see :func:`storydesk.web.app.create_app`)."""
    from .app import create_app as build

    return build(*args, **kwargs)


__all__ = ["create_app"]
