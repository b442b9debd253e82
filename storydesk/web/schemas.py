"""Response shapes of the JSON API, so its OpenAPI document says what every route returns.

The views build plain dicts; these models only describe (and check) them at the HTTP edge.
``extra="allow"`` keeps any field a view adds later instead of silently dropping it. The brief
inside ``StoryPage`` is the versioned ``brief.json`` contract (docs/schema.md), kept as an object
here so the two schemas cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class Open(BaseModel):
    """A response object that may carry more fields than documented."""

    model_config = ConfigDict(extra="allow")


class ErrorBody(BaseModel):
    code: str
    message: str
    details: list[dict[str, Any]] | None = None


class ErrorEnvelope(BaseModel):
    """Every error: ``{"error": {"code", "message"}}``."""

    error: ErrorBody


class Citation(Open):
    article_id: str
    start: int
    end: int
    text: str


class ArticleMeta(Open):
    id: str
    outlet: str | None
    title: str | None
    byline: str | None
    published: str | None
    published_how: str
    label: str
    href: str


class StoryRef(Open):
    id: str
    title: str
    href: str


class StoryRow(Open):
    id: str
    title: str
    href: str
    articles: int
    sources: list[str]
    first_published: str | None
    last_published: str | None
    last_update: str | None
    events: int
    entities: int
    figures: int


class StoriesPage(Open):
    stories: list[StoryRow]
    articles_stored: int


class StoryPage(Open):
    story: dict[str, Any]
    brief: dict[str, Any]  # the brief.json contract for this story
    articles: dict[str, ArticleMeta]


class EventRow(Open):
    id: str
    type: str
    subtype: str | None
    date: str | None
    location: dict[str, Any] | None
    actor1: str | None
    actor2: str | None
    mode: str | None
    killed: int | None
    injured: int | None
    sources: list[str]
    conflicts: list[dict[str, Any]]
    context: list[str]
    citations: list[Citation]
    story_id: str
    href: str
    outlets: list[str]


class EventsPage(Open):
    filters: dict[str, str | None]
    count: int
    events: list[EventRow]
    choices: dict[str, list[Any]]


class EventPage(Open):
    story: StoryRef
    event: dict[str, Any]
    entities: list[dict[str, Any]]
    articles: dict[str, ArticleMeta]


class Run(Open):
    start: int
    end: int
    text: str
    kinds: list[str]
    href: str | None
    title: str


class ArticlePage(Open):
    article: dict[str, Any]
    stories: list[StoryRef]
    runs: list[Run]
    highlights: dict[str, int]
    removed: list[dict[str, Any]]
    copies: list[dict[str, Any]]
    annotations: dict[str, Any] | None
    cited: dict[str, Any] | None


class ArticleRow(ArticleMeta):
    copies: int
    chars: int


class ArticlesPage(Open):
    count: int
    articles: list[ArticleRow]


class EntityPage(Open):
    story: StoryRef
    entity: dict[str, Any]
    mentions: list[dict[str, Any]]
    mentions_by_day: list[dict[str, Any]]
    events: list[dict[str, Any]]


class SearchHit(Open):
    article_id: str
    snippet: str
    parts: list[dict[str, Any]]
    article: ArticleMeta | None


class SearchPage(Open):
    query: str
    count: int
    results: list[SearchHit]


class SourcesPage(Open):
    story: StoryRef
    outlets: list[dict[str, Any]]
    events: list[dict[str, Any]]
    figures: list[dict[str, Any]]
    disagreements: list[dict[str, Any]]


class MapPage(Open):
    story: str | None
    geojson: dict[str, Any]
    unplaced: list[dict[str, Any]]


class RejectionsPage(Open):
    count: int
    rejections: list[dict[str, Any]]


class IngestAccepted(Open):
    job_id: str
    status_url: str
    page: str


class JobState(Open):
    id: str
    status: str
    stage: str | None
    done: int
    total: int | None
    message: str
    created_at: str
    finished_at: str | None
    inputs: int
    summary: dict[str, Any] | None
    rejections: list[dict[str, Any]]
    warnings: list[str]
    articles: list[dict[str, Any]]


#: Documented error answers of every API route.
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorEnvelope, "description": "Not found"},
    422: {"model": ErrorEnvelope, "description": "Invalid request"},
    500: {"model": ErrorEnvelope, "description": "Unexpected error"},
}
