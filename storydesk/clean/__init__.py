"""Clean stage: raw documents become articles with stable ids, chrome removed and audited.

HTML goes through trafilatura; plain text keeps its lines minus site chrome, each removed line
kept with its reason. See docs/ingest.md for the rules.
"""

from __future__ import annotations

from .articles import STAGE, VERSION, articles, clean_document
from .duplicates import DuplicateIndex

__all__ = ["STAGE", "VERSION", "DuplicateIndex", "articles", "clean_document"]
