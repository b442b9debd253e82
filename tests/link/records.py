"""Build hand-written articles and annotations for link tests (text written for these tests)."""

from __future__ import annotations

from storydesk.model import (
    Article,
    Citation,
    EntityLabel,
    EventMention,
    Figure,
    Mention,
    article_id_for,
)


def article(text: str, *, title: str | None = None, published: str | None = None, outlet: str = "x") -> Article:
    """Return an article whose id is derived from its text."""
    return Article(id=article_id_for(text), input=f"test:{outlet}", title=title, published=published,
                   outlet=outlet, text=text)


def cite(a: Article, snippet: str, nth: int = 0) -> Citation:
    """Cite the nth occurrence of ``snippet`` in the article."""
    start = -1
    for _ in range(nth + 1):
        start = a.text.index(snippet, start + 1)
    return Citation(article_id=a.id, start=start, end=start + len(snippet), text=snippet)


def mention(a: Article, snippet: str, label: EntityLabel, nth: int = 0) -> Mention:
    """Return an entity mention of ``snippet``."""
    c = cite(a, snippet, nth)
    return Mention(article_id=a.id, start=c.start, end=c.end, label=label, text=c.text)


def sentence_of(a: Article, c: Citation) -> Citation:
    """Return the sentence (split on '. ') around a citation."""
    start = a.text.rfind(". ", 0, c.start)
    start = 0 if start < 0 else start + 2
    end = a.text.find(". ", c.end)
    end = len(a.text) if end < 0 else end + 1
    return Citation(article_id=a.id, start=start, end=end, text=a.text[start:end])


def event(a: Article, trigger: str, event_type: str, **kw: object) -> EventMention:
    """Return an event mention triggered by ``trigger`` with citations given as snippets."""
    t = cite(a, trigger, int(kw.pop("nth", 0)))  # type: ignore[arg-type]
    for role in ("actor1", "actor2", "location"):
        if isinstance(kw.get(role), str):
            kw[role] = cite(a, kw[role])  # type: ignore[arg-type]
    if "victims" in kw:
        kw["victims"] = tuple(cite(a, v) for v in kw["victims"])  # type: ignore[union-attr]
    return EventMention(article_id=a.id, start=t.start, end=t.end, text=t.text, sentence=sentence_of(a, t),
                        event_type=event_type, **kw)  # type: ignore[arg-type]


def figure(a: Article, snippet: str, value: float, unit: str, **kw: object) -> Figure:
    """Return a figure spanning ``snippet``."""
    c = cite(a, snippet)
    return Figure(article_id=a.id, start=c.start, end=c.end, text=c.text, value=value, unit=unit,
                  sentence=sentence_of(a, c), **kw)  # type: ignore[arg-type]
