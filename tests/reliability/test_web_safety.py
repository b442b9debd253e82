"""Web pages never pass bidi overrides from article text to the reader (Trojan-Source spoofing)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed: pip install 'storydesk[web]'")

from fastapi.testclient import TestClient

from storydesk.config import Config
from storydesk.model import Article, ArticleCopy, article_id_for
from storydesk.store import open_store
from storydesk.web import create_app
from tests.web.conftest import build_store

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
TEXT = "\u202eThe mayor said the bridge reopens on Friday.\u202c The \u2067council\u2069 agreed to pay for it.\n" * 3


def test_pages_drop_bidi_controls_from_article_text(tmp_path: Path) -> None:
    # Regression: autoescaping left U+202E in place, so a title could reverse the rest of its line.
    db = tmp_path / "s.db"
    build_store(db)
    aid = article_id_for(TEXT)
    with open_store(str(db)) as store, store.atomic():
        store.put_article(Article(id=aid, input="in/bidi.txt", title="\u202eevil.exe\u202c news", outlet="\u2066Out\u2069", text=TEXT))
        store.put_copy(ArticleCopy(article_id=aid, input="in/bidi.txt", kind="original", title="\u202eevil"))
    app = create_app(Config(db=str(db)), uploads=tmp_path / "uploads")
    with TestClient(app, base_url="http://127.0.0.1") as client:
        for path in ("/articles", f"/articles/{aid}", "/search?q=mayor"):
            page = client.get(path)
            assert page.status_code == 200, path
            assert "mayor" in page.text or path == "/articles"
            assert not any(ch in page.text for ch in BIDI), path
        data = client.get(f"/api/articles/{aid}").json()
        assert data["article"]["title"].startswith("\u202e")  # the JSON keeps the exact text
