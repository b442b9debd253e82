"""The HTML pages: each renders the same data as its JSON twin under /api/."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..model import StoryBrief
from ..report.timeline_chart import timeline_svg
from ..report.world_map import MapPoint, map_svg
from .api import (
    ActorQ,
    EndQ,
    PlaceQ,
    Since,
    StartQ,
    StoryQ,
    TypeQ,
    Until,
    api_events_csv,
    cited,
    desk,
    filters,
    jobs,
    start_ingest,
)
from .views import NotFound, q

router = APIRouter(include_in_schema=False)


def render(request: Request, name: str, **context: Any) -> HTMLResponse:
    """Render a page template (autoescaped) with the twin's JSON URL for the page footer."""
    api_url = "/api" + request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.url.path == "/":
        api_url = "/api/stories"
    html = request.app.state.templates.get_template(name).render(
        request_path=request.url.path, api_url=api_url, **context
    )
    return HTMLResponse(html)


def _points(
    events: Iterable[Any], entities: Iterable[Any] = ()
) -> tuple[list[MapPoint], list[str]]:
    """Return map points (one per place) and the page each one links to."""
    points: dict[tuple[float, float], tuple[MapPoint, str]] = {}
    for e in events:
        loc = e.location
        if loc and loc.lat is not None and loc.lon is not None:
            point = MapPoint(loc.lat, loc.lon, loc.name, "event")
            points.setdefault((loc.lat, loc.lon), (point, f"/events/{q(e.id)}"))
    for ent in entities:
        loc = ent.location
        if loc and loc.lat is not None and loc.lon is not None:
            point = MapPoint(loc.lat, loc.lon, loc.name, "place")
            points.setdefault((loc.lat, loc.lon), (point, f"/entities/{q(ent.id)}"))
    return [p for p, _ in points.values()], [h for _, h in points.values()]


def linked_marks(svg: str, hrefs: Sequence[str]) -> str:
    """Wrap each marker of a report map in a link, in the order the points were given.

    ``map_svg`` escapes every label, so its ``<g class="pt ...">`` groups cannot be forged by text;
    when the count does not match the map is returned unchanged rather than mislinked.
    """
    parts = svg.split('<g class="pt ')
    if len(parts) - 1 != len(hrefs):
        return svg
    out = [parts[0]]
    for href, part in zip(hrefs, parts[1:], strict=True):
        body, _, rest = part.partition("</g>")
        out.append(f'<a href="{escape(href)}"><g class="pt {body}</g></a>{rest}')
    return "".join(out)


def _brief_svgs(sb: StoryBrief) -> dict[str, str]:
    # Both drawings come from the report package, which escapes every piece of text in them.
    points, hrefs = _points(sb.events, sb.entities)
    return {
        "timeline_svg": timeline_svg(sb.timeline) if sb.timeline else "",
        "map_svg": linked_marks(map_svg(points), hrefs),
    }


@router.get("/", response_class=HTMLResponse)
def page_stories(request: Request) -> HTMLResponse:
    return render(request, "stories.html", data=desk(request).stories())


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def page_story(request: Request, story_id: str) -> HTMLResponse:
    d = desk(request)
    data = d.story(story_id)
    return render(request, "story.html", data=data, **_brief_svgs(d.story_brief(story_id)))


@router.get("/stories/{story_id}/sources", response_class=HTMLResponse)
def page_sources(request: Request, story_id: str) -> HTMLResponse:
    return render(request, "sources.html", data=desk(request).sources(story_id))


@router.get("/events", response_class=HTMLResponse)
def page_events(
    request: Request,
    story: StoryQ = None,
    type: TypeQ = None,
    since: Since = None,
    until: Until = None,
    place: PlaceQ = None,
    actor: ActorQ = None,
) -> HTMLResponse:
    f = filters(story, type, since, until, place, actor)
    return render(request, "events.html", data=desk(request).events(f), query=request.url.query)


@router.get("/events.csv")
def page_events_csv(
    request: Request,
    story: StoryQ = None,
    type: TypeQ = None,
    since: Since = None,
    until: Until = None,
    place: PlaceQ = None,
    actor: ActorQ = None,
) -> Response:
    return api_events_csv(request, story, type, since, until, place, actor)


@router.get("/events/{event_id}", response_class=HTMLResponse)
def page_event(request: Request, event_id: str) -> HTMLResponse:
    return render(request, "event.html", data=desk(request).event(event_id))


@router.get("/map", response_class=HTMLResponse)
def page_map(request: Request, story: StoryQ = None) -> HTMLResponse:
    d = desk(request)
    data = d.map(story or None)
    features = data["geojson"]["features"]
    points = [
        MapPoint(
            f["geometry"]["coordinates"][1],
            f["geometry"]["coordinates"][0],
            f"{f['properties']['location']} {f['properties']['event_date']}".strip(),
            "event",
        )
        for f in features
    ]
    svg = linked_marks(
        map_svg(points, width=900, height=520), [f["properties"]["href"] for f in features]
    )
    return render(request, "map.html", data=data, map_svg=svg, stories=d.stories()["stories"])


@router.get("/articles", response_class=HTMLResponse)
def page_articles(request: Request) -> HTMLResponse:
    return render(request, "articles.html", data=desk(request).articles())


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def page_article(
    request: Request, article_id: str, start: StartQ = None, end: EndQ = None
) -> HTMLResponse:
    return render(
        request, "article.html", data=desk(request).article(article_id, cited(start, end))
    )


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def page_entity(request: Request, entity_id: str) -> HTMLResponse:
    data = desk(request).entity(entity_id)
    peak = max((d["count"] for d in data["mentions_by_day"]), default=0)
    return render(request, "entity.html", data=data, peak=peak)


@router.get("/search", response_class=HTMLResponse)
def page_search(request: Request, q: str = "", limit: int = 20) -> HTMLResponse:
    return render(
        request, "search.html", data=desk(request).search(q[:500], max(1, min(limit, 200)))
    )


@router.get("/rejections", response_class=HTMLResponse)
def page_rejections(request: Request) -> HTMLResponse:
    return render(request, "rejections.html", data=desk(request).rejections())


@router.get("/ingest", response_class=HTMLResponse)
def page_ingest(request: Request) -> HTMLResponse:
    return render(request, "ingest.html", max_bytes=request.app.state.config.max_bytes)


@router.post("/ingest")
async def page_ingest_post(
    request: Request,
    text: Annotated[str | None, Form()] = None,
    title: Annotated[str | None, Form(max_length=1000)] = None,
    outlet: Annotated[str | None, Form(max_length=300)] = None,
    published: Annotated[str | None, Form()] = None,
    byline: Annotated[str | None, Form(max_length=300)] = None,
    url: Annotated[str | None, Form()] = None,
    files: Annotated[list[UploadFile | str], File()] = [],  # noqa: B006
) -> RedirectResponse:
    job_id = await start_ingest(request, text, title, outlet, published, byline, url, files)
    return RedirectResponse(f"/jobs/{job_id}", status_code=303)


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def page_job(request: Request, job_id: str) -> HTMLResponse:
    job = jobs(request).get(job_id)
    if job is None:
        raise NotFound(f"no job {job_id!r}: jobs last as long as the server runs")
    return render(request, "job.html", job=job.to_dict())
