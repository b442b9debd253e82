"""Ingest stage: turn paths, folders, stdin, URLs, feeds and exports into raw documents.

Every input yields either :class:`~storydesk.model.RawDocument` records or a coded
:class:`~storydesk.model.Rejected`; nothing is dropped silently. See docs/ingest.md.
"""

from __future__ import annotations

from .feeds import FeedState
from .fetch import AddressPolicy, Fetched, Fetcher
from .sources import documents, is_url

__all__ = ["AddressPolicy", "FeedState", "Fetched", "Fetcher", "documents", "is_url"]
