"""The brief as one self-contained HTML page: inline CSS, JS and SVG; nothing loaded from anywhere.

All article text is untrusted: every piece of it goes through :func:`html.escape`, and the only
data handed to the script is a JSON block (``<script type="application/json">``) whose ``<``, ``>``
and ``&`` are written as ``\\u003c``-style escapes so no text can close the block.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from html import escape

from ..model import Brief, Citation, StoryBrief
from .brief_json import SCHEMA_VERSION, brief_json
from .timeline_chart import timeline_svg
from .world_map import MapPoint, map_svg

RENDERER_VERSION = "1"

_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d232a;background:#f6f7f9}
main{max-width:980px;margin:0 auto;padding:18px 22px 60px}
h1{font-size:1.6em;margin:.4em 0 .2em}h2{border-bottom:2px solid #d8dde3;padding-bottom:3px;margin-top:1.8em}
section{background:#fff;border:1px solid #e2e6ea;border-radius:6px;padding:4px 16px 12px;margin:14px 0}
.meta{color:#5b6670;font-size:.9em}
ul.summary li{margin:.45em 0}
details.cite{display:inline;font-size:.85em;color:#42627f}
details.cite summary{display:inline;cursor:pointer;list-style:none}
details.cite blockquote{margin:4px 0 6px 12px;padding:4px 8px;border-left:3px solid #9bb4cc;background:#f1f5f9;color:#333}
table{border-collapse:collapse;width:100%;font-size:.9em}td,th{border-bottom:1px solid #e5e8eb;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f1f3f5}td.n{text-align:right}
.kind{display:inline-block;font-size:.75em;padding:0 6px;border-radius:8px;background:#e8eef5}
.kind.planned{background:#fff1cc}.kind.background{background:#ececec}
svg{max-width:100%;height:auto;display:block}
svg.map .sea{fill:#dfeaf3}svg.map .land{fill:#f4f1ea;stroke:#a9a39a;stroke-width:.6}
svg.map .pt circle{fill:#c0392b;stroke:#fff;stroke-width:1.5}svg.map .pt.place circle{fill:#2c6fbb}
svg.map .pt text{font-size:11px;fill:#222;paint-order:stroke;stroke:#fff;stroke-width:3px}
svg.tl-chart text{font-size:11px;fill:#555}svg.tl-chart line.lane{stroke:#ccd3da}
svg.tl-chart line.tick{stroke:#eef0f2}svg.tl-chart .dot{fill:#2c6fbb;stroke:#fff}
svg.tl-chart .dot.planned{fill:#d69e00}svg.tl-chart .dot.background{fill:#888}
.filters label{margin-right:12px;font-size:.9em}
.empty{color:#7a848d;font-style:italic}
.conflict{color:#a23b2a}
"""

# Static code: it never contains data. It reads the JSON block and wires up the timeline filters.
_JS = """
(function(){
  var el=document.getElementById('brief-data');
  var data=el?JSON.parse(el.textContent):{stories:[]};
  document.querySelectorAll('.filters input').forEach(function(box){
    box.addEventListener('change',function(){
      var story=box.closest('article');
      story.querySelectorAll('li.tl-'+box.value).forEach(function(li){li.hidden=!box.checked;});
    });
  });
  var n=data.stories.reduce(function(a,s){return a+s.summary.length;},0);
  var c=document.getElementById('bullet-count');if(c){c.textContent=String(n);}
})();
"""


def _e(text: object) -> str:
    return escape("" if text is None else str(text))


def _labels(story: StoryBrief) -> dict[str, str]:
    return {s.article_id: s.outlet or s.title or s.article_id for s in story.sources}


def _cites(cits: Sequence[Citation], labels: dict[str, str]) -> str:
    if not cits:
        return ""
    names = ", ".join(dict.fromkeys(labels.get(c.article_id, c.article_id) for c in cits))
    quotes = "".join(
        f'<blockquote data-article="{_e(c.article_id)}" data-start="{c.start}" data-end="{c.end}">'
        f"{_e(c.text)}<br><small>{_e(labels.get(c.article_id, c.article_id))}, "
        f"characters {c.start}-{c.end}</small></blockquote>"
        for c in cits
    )
    return f' <details class="cite"><summary>[{_e(names)}]</summary>{quotes}</details>'


def _empty(what: str) -> str:
    return f'<p class="empty">No {what} found in these sources.</p>'


def _summary(story: StoryBrief, labels: dict[str, str]) -> str:
    if not story.summary:
        return _empty("summary sentences")
    items = "".join(f"<li>{_e(b.text)}{_cites(b.citations, labels)}</li>" for b in story.summary)
    return f'<ul class="summary">{items}</ul>'


def _timeline(story: StoryBrief, labels: dict[str, str]) -> str:
    if not story.timeline:
        return _empty("dated entries")
    boxes = "".join(
        f'<label><input type="checkbox" value="{k}" checked> {k}</label>'
        for k in ("past", "planned", "background")
    )
    items = "".join(
        f'<li class="tl-{t.kind}"><b>{_e(t.date)}</b> <span class="kind {t.kind}">{t.kind}, '
        f"{t.precision}</span> {_e(t.text)}{_cites(t.citations, labels)}</li>"
        for t in story.timeline
    )
    return f'{timeline_svg(story.timeline)}<div class="filters">{boxes}</div><ul>{items}</ul>'


def _events(story: StoryBrief, labels: dict[str, str]) -> str:
    if not story.events:
        return _empty("events")
    rows = []
    for e in story.events:
        where = e.location.name if e.location else ""
        conflicts = "".join(
            f'<div class="conflict">{_e(c.attribute)}: '
            + " vs ".join(
                f"{_e(v.value)} ({_e(', '.join(labels.get(a, a) for a in v.sources))})" for v in c.values
            )
            + "</div>"
            for c in e.conflicts
        )
        srcs = ", ".join(dict.fromkeys(labels.get(a, a) for a in e.sources))
        rows.append(
            f"<tr><td>{_e(e.date)}</td><td>{_e(e.type)}<br><small>{_e(e.subtype)}</small></td>"
            f"<td>{_e(where)}</td><td>{_e(e.actor1)}</td><td>{_e(e.actor2)}</td><td>{_e(e.mode)}</td>"
            f'<td class="n">{_e(e.killed)}</td><td class="n">{_e(e.injured)}</td>'
            f"<td>{_e(srcs)}{conflicts}</td><td>{_e(', '.join(e.context))}</td></tr>"
        )
    head = ("<tr><th>date</th><th>type</th><th>where</th><th>actor 1</th><th>actor 2</th><th>mode</th>"
            "<th>killed</th><th>injured</th><th>sources</th><th>context</th></tr>")
    return f"<table>{head}{''.join(rows)}</table>"


def _figures(story: StoryBrief, labels: dict[str, str]) -> str:
    if not story.figures:
        return _empty("key figures")
    items = []
    for f in story.figures:
        what = " ".join(x for x in (f.subject or f.unit, f"in {f.place}" if f.place else "",
                                    f"({f.time})" if f.time else "") if x)
        approx = "" if f.approx == "exact" else f"{f.approx} "
        n = len(set(f.sources))
        items.append(f"<li><b>{_e(what)}</b>: {_e(approx)}{f.value:g} {_e(f.unit)}; {n} source"
                     f"{'s' if n != 1 else ''} agree{_cites(f.citations[:3], labels)}</li>")
    return f"<ul>{''.join(items)}</ul>"


def _actors(story: StoryBrief) -> str:
    if not story.entities:
        return _empty("actors")
    rows = "".join(
        f"<tr><td>{_e(e.name)}</td><td>{_e(e.type)}</td><td>{_e(', '.join(e.aliases))}</td>"
        f'<td class="n">{len({m.article_id for m in e.mentions})}</td></tr>'
        for e in story.entities
    )
    return f"<table><tr><th>name</th><th>type</th><th>also written</th><th>articles</th></tr>{rows}</table>"


def _map(story: StoryBrief) -> str:
    points: dict[tuple[float, float], MapPoint] = {}
    for e in story.events:
        loc = e.location
        if loc and loc.lat is not None and loc.lon is not None:
            points[(loc.lat, loc.lon)] = MapPoint(loc.lat, loc.lon, loc.name, "event")
    for ent in story.entities:
        loc = ent.location
        if loc and loc.lat is not None and loc.lon is not None and (loc.lat, loc.lon) not in points:
            points[(loc.lat, loc.lon)] = MapPoint(loc.lat, loc.lon, loc.name, "place")
    note = "" if points else _empty("places with coordinates")
    return map_svg(list(points.values())) + note


def _contradictions(story: StoryBrief, labels: dict[str, str]) -> str:
    if not story.contradictions:
        return _empty("contradictions")
    items = "".join(
        f"<li><b>{_e(c.attribute)}</b>: "
        + " vs ".join(
            f"{_e(v.value)} ({_e(', '.join(labels.get(a, a) for a in v.sources))})"
            f"{_cites(v.citations, labels)}"
            for v in c.values
        )
        + "</li>"
        for c in story.contradictions
    )
    return f"<ul>{items}</ul>"


def _sources(story: StoryBrief) -> str:
    if not story.sources:
        return _empty("sources")
    items = []
    for s in story.sources:
        how = f" (date from {s.published_how})" if s.published and s.published_how != "metadata" else ""
        copies = "".join(
            f"<li>{_e(c.kind)} copy: {_e(c.outlet or c.input)} (similarity {c.similarity:.2f})</li>"
            for c in s.copies if c.kind != "original"
        )
        removed = "".join(
            f"<li><small>{_e(r.reason)}, line {r.line_no}</small>: <s>{_e(r.text)}</s></li>"
            for r in s.removed
        )
        extra = ""
        if copies:
            extra += f"<ul>{copies}</ul>"
        if removed:
            extra += f"<details><summary>removed lines ({len(s.removed)})</summary><ul>{removed}</ul></details>"
        items.append(
            f"<li><b>{_e(s.outlet or 'unknown outlet')}</b>: {_e(s.title)} "
            f'<span class="meta">{_e(s.published or "no date")}{_e(how)}; byline: {_e(s.byline or "none")}; '
            f"<code>{_e(s.article_id)}</code>; {_e(s.input)}</span>{extra}</li>"
        )
    return f"<ul>{''.join(items)}</ul>"


def story_html(story: StoryBrief) -> str:
    """Return one story as an ``<article>`` element."""
    labels = _labels(story)
    sections = [
        ("Summary", _summary(story, labels)),
        ("Timeline", _timeline(story, labels)),
        ("Map", _map(story)),
        ("Events", _events(story, labels)),
        ("Key figures", _figures(story, labels)),
        ("Actors", _actors(story)),
        ("Contradictions", _contradictions(story, labels)),
        ("Sources", _sources(story)),
    ]
    body = "".join(
        f'<section class="{title.lower().replace(" ", "-")}"><h2>{title}</h2>{html}</section>'
        for title, html in sections
    )
    return (f'<article id="story-{_e(story.story_id)}"><h1>{_e(story.headline or "Untitled story")}</h1>'
            f'<p class="meta">{len(story.sources)} sources</p>{body}</article>')


def json_script(data: object) -> str:
    """Return JSON safe to place inside ``<script type="application/json">`` (cannot close it)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def brief_html(brief: Brief) -> str:
    """Return the whole brief as one offline HTML document."""
    stories = "".join(story_html(s) for s in brief.stories) or "<h1>No stories</h1>"
    title = brief.stories[0].headline if len(brief.stories) == 1 else "storydesk brief"
    return (
        "<!DOCTYPE html>\n"
        f"<!-- storydesk brief: html renderer {RENDERER_VERSION}, schema {SCHEMA_VERSION} -->\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body><main>"
        f'<p class="meta">storydesk brief, generated {_e(brief.generated_at)}; '
        f'<span id="bullet-count">{sum(len(s.summary) for s in brief.stories)}</span> summary bullets, '
        "every statement linked to the sentence it comes from.</p>"
        f"{stories}</main>"
        f'<script type="application/json" id="brief-data">{json_script(brief_json(brief))}</script>'
        f"<script>{_JS}</script></body></html>\n"
    )
