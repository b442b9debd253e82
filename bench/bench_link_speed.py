"""Link time on Timeline17's real articles at growing sizes: stories plus linked_story per story.

Uses the shipped annotate stage when it loads; otherwise a light in-bench annotation (regex
names, trigger words, numbers) so the link stage gets realistic volumes of mentions, and the
notes say so. Annotation time is not part of the link time.

    .venv/bin/python -m bench.bench_link_speed [--light]

``--light`` skips the real annotate stage (about 2.8M words of spaCy parsing) when the machine
is too busy for it; the link stage does the same work either way.
"""

from __future__ import annotations

import math
import re
import sys
import tarfile
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.results_io import shared_path, write_result
from storydesk.errors import StorydeskError
from storydesk.link import linked_story, stories
from storydesk.model import (
    Annotations,
    Article,
    Citation,
    EventMention,
    Figure,
    Mention,
    Sentence,
    article_id_for,
)

SIZES = (250, 500, 1000, 2000, 4650)
_NAME = re.compile(r"\b(?:[A-Z][a-z]+|[A-Z]{2,})(?:\s+(?:of\s+|al-|el-)?(?:[A-Z][a-z]+|[A-Z]{2,}))*")
_TRIGGER = re.compile(r"\b(attack(?:ed|s)?|kill(?:ed|ing)?|bomb(?:ing|ed)?|protest(?:s|ers)?|strike|clash(?:es)?|"
                      r"explosion|shot|fired|arrest(?:ed)?)\b", re.IGNORECASE)
_FIGURE = re.compile(r"\b(\d{1,3}(?:,\d{3})+|\d+)\s+([a-z]+)")
_SENT = re.compile(r"[^.!?\n]+[.!?]?")


def _load(tmp: str) -> list[Article]:
    archive = shared_path("data", "timeline17", "Timeline17_InputDocs_and_timelines.tar.gz")
    with tarfile.open(archive) as tar:
        tar.extractall(tmp, filter="data")
    arts: dict[str, Article] = {}
    for path in sorted(Path(tmp).glob("Timeline17/*/InputDocs/*/*.txt")):
        text = path.read_text("utf-8", "replace").strip()
        if len(text) < 200:
            continue
        aid = article_id_for(text)
        lines = text.splitlines()
        arts.setdefault(aid, Article(id=aid, input=str(path.relative_to(tmp)), title=lines[0][:200],
                                     published=path.parent.name, text=text))
    return sorted(arts.values(), key=lambda a: a.id)


def _light(a: Article) -> Annotations:
    """Annotate with regexes: a stand-in with the volume, not the quality, of the real stage."""
    sents, mentions, events, figures = [], [], [], []
    for i, m in enumerate(_SENT.finditer(a.text)):
        s = Sentence(article_id=a.id, start=m.start(), end=m.end(), text=m.group(), index=i)
        sents.append(s)
        cite = Citation(article_id=a.id, start=s.start, end=s.end, text=s.text)
        names = [n for n in _NAME.finditer(a.text, s.start, s.end) if n.start() > s.start]
        for n in names:
            mentions.append(Mention(article_id=a.id, start=n.start(), end=n.end(), label="ORG", text=n.group()))
        for t in _TRIGGER.finditer(a.text, s.start, s.end):
            actor = names[0] if names else None
            events.append(EventMention(
                article_id=a.id, start=t.start(), end=t.end(), text=t.group(), sentence=cite,
                event_type="Violence against civilians" if t.group().lower().startswith("kill") else "Battles",
                actor1=None if actor is None else Citation(article_id=a.id, start=actor.start(), end=actor.end(),
                                                           text=actor.group()),
                date=a.published, date_earliest=a.published, date_latest=a.published, time_precision=1,
            ))
        for f in _FIGURE.finditer(a.text, s.start, s.end):
            figures.append(Figure(article_id=a.id, start=f.start(), end=f.end(), text=f.group(),
                                  value=float(f.group(1).replace(",", "")), unit=f.group(2), sentence=cite))
    return Annotations(article_id=a.id, sentences=tuple(sents), mentions=tuple(mentions), events=tuple(events),
                       figures=tuple(figures))


def _annotate(arts: Sequence[Article], light: bool) -> tuple[dict[str, Annotations], str]:
    if light:
        return {a.id: _light(a) for a in arts}, "light in-bench regex annotation (--light)"
    try:
        from storydesk.annotate import annotations
        from storydesk.config import Config

        result = annotations(list(arts), Config())
        return {r.article_id: r for r in result.records}, "the shipped annotate stage"
    except (ImportError, StorydeskError) as exc:  # no trained model here: still measure linking
        anns = {a.id: _light(a) for a in arts}
        return anns, f"light in-bench regex annotation (annotate stage unavailable: {type(exc).__name__})"


def _link(arts: Sequence[Article], anns: dict[str, Annotations]) -> tuple[float, float, int, int]:
    by_id = {a.id: a for a in arts}
    t0 = time.perf_counter()
    found = stories(arts, anns)
    t1 = time.perf_counter()
    n_events = 0
    for s in found:
        linked = linked_story(s, anns, curated=[], lookup_place=lambda name: None)
        n_events += len(linked.events)
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, len(found), n_events


def main() -> None:
    """Time the link stage at growing sizes; write bench/results/link_speed.json."""
    with tempfile.TemporaryDirectory() as tmp:
        arts = _load(tmp)
    anns, how = _annotate(arts, light="--light" in sys.argv)
    metrics: dict[str, float] = {"articles": len(arts)}
    points = []
    for n in SIZES:
        # Every k-th article, so each size covers all topics and the whole time span.
        step = max(1, len(arts) // n)
        subset = arts[::step][:n] if n < len(arts) else arts
        s_sec, l_sec, n_stories, n_events = _link(subset, anns)
        label = "all" if n >= len(arts) else str(n)
        metrics[f"stories_seconds_{label}"] = s_sec
        metrics[f"linked_seconds_{label}"] = l_sec
        metrics[f"total_seconds_{label}"] = s_sec + l_sec
        metrics[f"stories_{label}"] = n_stories
        metrics[f"events_{label}"] = n_events
        points.append((len(subset), s_sec + l_sec))
    # Growth exponent between the smallest and the largest run: 1 is linear, 2 quadratic.
    (n0, t0), (n1, t1) = points[0], points[-1]
    metrics["growth_exponent"] = math.log(t1 / t0) / math.log(n1 / n0)
    metrics["event_mentions_all"] = sum(len(a.events) for a in anns.values())
    metrics["entity_mentions_all"] = sum(len(a.mentions) for a in anns.values())
    write_result(
        "link_speed",
        metrics,
        command=".venv/bin/python -m bench.bench_link_speed" + (" --light" if "--light" in sys.argv else ""),
        notes=(
            f"Timeline17 input documents (non-empty, de-duplicated by id), annotations from {how}. "
            "stories_seconds: storydesk.link.stories over the subset; linked_seconds: linked_story "
            "for every story found (entities, events, figures). growth_exponent = slope of log time "
            "vs log articles between the 250 and the full run. One process, nice 10, machine shared."
        ),
    )


if __name__ == "__main__":
    main()
