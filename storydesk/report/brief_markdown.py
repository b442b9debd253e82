"""The brief as Markdown: every section, every statement with its sources."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import Brief, Citation, StoryBrief
from .brief_json import SCHEMA_VERSION

RENDERER_VERSION = "1"

# Article text is untrusted: neutralise what Markdown renderers would turn into HTML, links,
# emphasis or table cells.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")


def md(text: str | None) -> str:
    """Escape text for Markdown (HTML-significant characters become entities)."""
    if not text:
        return ""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _cite(cits: Sequence[Citation], labels: dict[str, str]) -> str:
    parts = [f"{md(labels.get(c.article_id, c.article_id))} @{c.start}-{c.end}" for c in cits]
    return " *(" + "; ".join(parts) + ")*" if parts else ""


def _labels(story: StoryBrief) -> dict[str, str]:
    out = {}
    for s in story.sources:
        name = s.outlet or s.title or s.article_id
        out[s.article_id] = f"{name}, {s.published}" if s.published else name
    return out


def story_markdown(story: StoryBrief) -> list[str]:
    """Return the lines of one story's section."""
    labels = _labels(story)
    out = [f"# {md(story.headline) or 'Untitled story'}", ""]
    out += ["## Summary", ""]
    out += [f"- {md(b.text)}{_cite(b.citations, labels)}" for b in story.summary] or ["*(none)*"]
    out += ["", "## Timeline", ""]
    for kind, title in (("past", "What happened"), ("planned", "Planned or expected"),
                        ("background", "Background")):
        rows = [t for t in story.timeline if t.kind == kind]
        if rows:
            out += [f"### {title}", ""]
            out += [f"- **{md(t.date)}** ({t.precision}): {md(t.text)}{_cite(t.citations, labels)}"
                    for t in rows]
            out.append("")
    if not story.timeline:
        out += ["*(none)*", ""]
    out += ["## Events", ""]
    if story.events:
        out += ["| date | type | where | actor 1 | actor 2 | mode | killed | injured | sources | context |",
                "| --- | --- | --- | --- | --- | --- | ---: | ---: | ---: | --- |"]
        for e in story.events:
            where = e.location.name if e.location else ""
            typ = e.type + (f" / {e.subtype}" if e.subtype else "")
            out.append(
                f"| {md(e.date)} | {md(typ)} | {md(where)} | {md(e.actor1)} | {md(e.actor2)} | "
                f"{md(e.mode)} | {'' if e.killed is None else e.killed} | "
                f"{'' if e.injured is None else e.injured} | {len(set(e.sources))} | "
                f"{md(', '.join(e.context))} |"
            )
    else:
        out.append("*(none)*")
    out += ["", "## Key figures", ""]
    for f in story.figures:
        what = " ".join(x for x in (f.subject or f.unit, f"in {f.place}" if f.place else "",
                                    f"({f.time})" if f.time else "") if x)
        approx = "" if f.approx == "exact" else f"{f.approx} "
        n = len(set(f.sources))
        out.append(f"- {md(what)}: {approx}{f.value:g} {md(f.unit)}; "
                   f"{n} source{'s' if n != 1 else ''} agree{_cite(f.citations[:3], labels)}")
    if not story.figures:
        out.append("*(none)*")
    out += ["", "## Actors", ""]
    for ent in story.entities:
        aka = f" (also: {md(', '.join(ent.aliases))})" if ent.aliases else ""
        n = len({m.article_id for m in ent.mentions})
        out.append(f"- **{md(ent.name)}** [{ent.type}]{aka}: in {n} article{'s' if n != 1 else ''}")
    if not story.entities:
        out.append("*(none)*")
    out += ["", "## Contradictions", ""]
    for c in story.contradictions:
        sides = " vs ".join(
            f"{md(str(v.value))} ({md(', '.join(labels.get(a, a) for a in v.sources))})" for v in c.values
        )
        out.append(f"- {md(c.attribute)}: {sides}")
    if not story.contradictions:
        out.append("*(none)*")
    out += ["", "## Sources", ""]
    for s in story.sources:
        how = f", date from {s.published_how}" if s.published and s.published_how != "metadata" else ""
        out.append(f"- **{md(s.outlet or 'unknown outlet')}**: {md(s.title)} "
                   f"({md(s.published) or 'no date'}{how}; byline: {md(s.byline) or 'none'}; "
                   f"id `{s.article_id}`; input {md(s.input)})")
        for cp in s.copies:
            if cp.kind != "original":
                out.append(f"  - {cp.kind} copy: {md(cp.outlet or cp.input)} "
                           f"(similarity {cp.similarity:.2f})")
        for r in s.removed:
            out.append(f"  - removed ({md(r.reason)}, line {r.line_no}): {md(r.text)}")
    if not story.sources:
        out.append("*(none)*")
    out.append("")
    return out


def brief_markdown(brief: Brief) -> str:
    """Return the whole brief as Markdown text."""
    header = (f"<!-- storydesk brief: markdown renderer {RENDERER_VERSION}, schema {SCHEMA_VERSION}, "
              f"generated {md(brief.generated_at)} -->")
    lines = [header, ""]
    for story in brief.stories:
        lines += story_markdown(story)
    if not brief.stories:
        lines += ["# No stories", "", "No articles formed a story.", ""]
    return "\n".join(lines)
