"""The JSON API: one route per page, returning the very data the page renders."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response

from .jobs import Jobs
from .schemas import (
    ERRORS,
    ArticlePage,
    ArticlesPage,
    EntityPage,
    ErrorEnvelope,
    EventPage,
    EventsPage,
    IngestAccepted,
    JobState,
    MapPage,
    RejectionsPage,
    SearchPage,
    SourcesPage,
    StoriesPage,
    StoryPage,
)
from .uploads import Pasted, job_inputs
from .views import Desk, EventFilters, NotFound

router = APIRouter(prefix="/api", tags=["api"])

ISO_DAY = r"^(\d{4}-\d{2}-\d{2})?$"  # empty: the form left the field blank
Since = Annotated[
    str | None, Query(pattern=ISO_DAY, description="Events on or after this day (YYYY-MM-DD).")
]
Until = Annotated[
    str | None, Query(pattern=ISO_DAY, description="Events on or before this day (YYYY-MM-DD).")
]
StoryQ = Annotated[str | None, Query(description="Only this story's events.")]
TypeQ = Annotated[str | None, Query(description="ACLED event type or sub-event type.")]
PlaceQ = Annotated[
    str | None, Query(max_length=200, description="Words in the place name or country.")
]
ActorQ = Annotated[str | None, Query(max_length=200, description="Words in actor 1 or actor 2.")]
StartQ = Annotated[int | None, Query(ge=0, description="Start of a cited span to mark.")]
EndQ = Annotated[int | None, Query(ge=0, description="End of a cited span to mark.")]


def desk(request: Request) -> Desk:
    """Return the app's views over the store."""
    return request.app.state.desk


def jobs(request: Request) -> Jobs:
    """Return the app's ingest job queue."""
    return request.app.state.jobs


def filters(
    story: str | None,
    type: str | None,
    since: str | None,
    until: str | None,
    place: str | None,
    actor: str | None,
) -> EventFilters:
    """Build event filters from query values (blank values mean no filter)."""

    def clean(v: str | None) -> str | None:
        return v.strip() or None if v else None

    return EventFilters(
        story=clean(story),
        type=clean(type),
        since=clean(since),
        until=clean(until),
        place=clean(place),
        actor=clean(actor),
    )


def cited(start: int | None, end: int | None) -> tuple[int, int] | None:
    """Return the cited span when both ends are given and in order."""
    return (start, end) if start is not None and end is not None and start < end else None


@router.get(
    "/stories",
    response_model=StoriesPage,
    responses=ERRORS,
    summary="Stories: sources, article count, date range, last update",
)
def api_stories(request: Request) -> dict[str, Any]:
    return desk(request).stories()


@router.get(
    "/stories/{story_id}",
    response_model=StoryPage,
    responses=ERRORS,
    summary="One story's brief (the brief.json contract) and its articles",
)
def api_story(request: Request, story_id: str) -> dict[str, Any]:
    return desk(request).story(story_id)


@router.get(
    "/stories/{story_id}/sources",
    response_model=SourcesPage,
    responses=ERRORS,
    summary="Source comparison: who reported what, where they disagree",
)
def api_sources(request: Request, story_id: str) -> dict[str, Any]:
    return desk(request).sources(story_id)


@router.get(
    "/events",
    response_model=EventsPage,
    responses=ERRORS,
    summary="Events, filtered by story, type, date range, place and actor",
)
def api_events(
    request: Request,
    story: StoryQ = None,
    type: TypeQ = None,
    since: Since = None,
    until: Until = None,
    place: PlaceQ = None,
    actor: ActorQ = None,
) -> dict[str, Any]:
    return desk(request).events(filters(story, type, since, until, place, actor))


@router.get(
    "/events.csv",
    summary="The filtered events as ACLED-like CSV",
    response_class=Response,
    responses={**ERRORS, 200: {"content": {"text/csv": {}}}},
)
def api_events_csv(
    request: Request,
    story: StoryQ = None,
    type: TypeQ = None,
    since: Since = None,
    until: Until = None,
    place: PlaceQ = None,
    actor: ActorQ = None,
) -> Response:
    text = desk(request).events_csv(filters(story, type, since, until, place, actor))
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="events.csv"'},
    )


@router.get(
    "/events/{event_id}",
    response_model=EventPage,
    responses=ERRORS,
    summary="One event: values per source, conflicts, reporting sentences",
)
def api_event(request: Request, event_id: str) -> dict[str, Any]:
    return desk(request).event(event_id)


@router.get(
    "/map",
    response_model=MapPage,
    responses=ERRORS,
    summary="Events with coordinates as GeoJSON, and those without",
)
def api_map(request: Request, story: StoryQ = None) -> dict[str, Any]:
    return desk(request).map(story or None)


@router.get("/articles", response_model=ArticlesPage, responses=ERRORS, summary="Stored articles")
def api_articles(request: Request) -> dict[str, Any]:
    return desk(request).articles()


@router.get(
    "/articles/{article_id}",
    response_model=ArticlePage,
    responses=ERRORS,
    summary="One article: text, highlighted spans, removed lines, copies",
)
def api_article(
    request: Request, article_id: str, start: StartQ = None, end: EndQ = None
) -> dict[str, Any]:
    return desk(request).article(article_id, cited(start, end))


@router.get(
    "/entities/{entity_id}",
    response_model=EntityPage,
    responses=ERRORS,
    summary="One entity: aliases, mentions over time, its events",
)
def api_entity(request: Request, entity_id: str) -> dict[str, Any]:
    return desk(request).entity(entity_id)


@router.get(
    "/search",
    response_model=SearchPage,
    responses=ERRORS,
    summary="Full-text search over article titles and text",
)
def api_search(
    request: Request,
    q: Annotated[str, Query(max_length=500)] = "",
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> dict[str, Any]:
    return desk(request).search(q, limit)


@router.get(
    "/rejections",
    response_model=RejectionsPage,
    responses=ERRORS,
    summary="Rejected inputs with codes and reasons",
)
def api_rejections(request: Request) -> dict[str, Any]:
    return desk(request).rejections()


async def start_ingest(
    request: Request,
    text: str | None,
    title: str | None,
    outlet: str | None,
    published: str | None,
    byline: str | None,
    url: str | None,
    files: list[UploadFile | str],
) -> str:
    """Write the form's inputs into a job folder, queue the job and return its id."""
    uploads = [f for f in files if not isinstance(f, str)]
    queue = jobs(request)
    job_id = queue.new_id()
    pasted = (
        Pasted(text=text, title=title, outlet=outlet, published=published, byline=byline)
        if text
        else None
    )
    inputs = await job_inputs(
        request.app.state.uploads / job_id, pasted, url, uploads, request.app.state.config.max_bytes
    )
    queue.submit(job_id, inputs)
    return job_id


@router.post(
    "/ingest",
    status_code=202,
    response_model=IngestAccepted,
    responses={
        **ERRORS,
        403: {"model": ErrorEnvelope, "description": "Cross-site request refused"},
        413: {"model": ErrorEnvelope, "description": "A file or the pasted text is over the cap"},
    },
    summary="Ingest pasted text, a URL or feed, or files (a background job)",
)
async def api_ingest(
    request: Request,
    text: Annotated[str | None, Form(description="Pasted article text.")] = None,
    title: Annotated[str | None, Form(max_length=1000)] = None,
    outlet: Annotated[str | None, Form(max_length=300)] = None,
    published: Annotated[str | None, Form(description="YYYY-MM-DD")] = None,
    byline: Annotated[str | None, Form(max_length=300)] = None,
    url: Annotated[str | None, Form(description="An article URL or a feed (RSS/Atom).")] = None,
    # a form with no file chosen sends an empty string part: accepted and ignored
    files: Annotated[list[UploadFile | str], File(description="Text, HTML, JSON(L) files.")] = [],  # noqa: B006
) -> JSONResponse:
    job_id = await start_ingest(request, text, title, outlet, published, byline, url, files)
    return JSONResponse(
        {"job_id": job_id, "status_url": f"/api/jobs/{job_id}", "page": f"/jobs/{job_id}"},
        status_code=202,
    )


@router.get(
    "/jobs/{job_id}",
    response_model=JobState,
    responses=ERRORS,
    summary="Progress and outcome of an ingest job",
)
def api_job(request: Request, job_id: str) -> dict[str, Any]:
    job = jobs(request).get(job_id)
    if job is None:
        raise NotFound(f"no job {job_id!r}: jobs last as long as the server runs")
    return job.to_dict()
