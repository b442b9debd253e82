"""The link stage on ../shared/examples/iraq-withdrawal, through the real ingest/clean/annotate.

Checks what the issue asks of the example story and writes each check as a 0/1 metric:
al-Sudani's spellings are one entity; the Tower 22 attack is one event with two or more sources;
the Baghdad strike of 4 January 2024 is one event with its mode and victim conflicts; about 2,500
US troops in Iraq is one figure with four sources, apart from 130,000 in 2003.

    .venv/bin/python -m bench.bench_link_examples
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.results_io import shared_path, write_result
from storydesk.config import Config
from storydesk.link import linked_story, stories
from storydesk.model import Annotations, Article, Event, LinkedStory


@dataclass(frozen=True, slots=True)
class ExampleRun:
    """The example story run through the stages, with what the link stage made of it."""

    articles: dict[str, Article]
    annotations: dict[str, Annotations]
    linked: LinkedStory
    n_stories: int


def run_example(folder: Path) -> ExampleRun:
    """Ingest, clean and annotate the example folder in a temporary store, then link it."""
    from storydesk.pipeline import annotate_articles, ingest_inputs
    from storydesk.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        config = Config(db=str(Path(tmp) / "s.db"))
        with open_store(config.db) as store:
            ingest_inputs([str(folder)], store, config)
            annotate_articles(store, config)
            articles = {a.id: a for a in store.articles()}
            anns = store.get_annotations()
    found = stories(list(articles.values()), anns)
    # The example is one story; link all of it even if clustering split it.
    whole = max(found, key=lambda s: len(s.article_ids))
    whole = type(whole)(id=whole.id, title=whole.title, article_ids=tuple(sorted(articles)))
    return ExampleRun(articles=articles, annotations=anns, linked=linked_story(whole, anns),
                      n_stories=len(found))


def _events_near(linked: LinkedStory, place: str, date_prefix: str) -> list[Event]:
    """Return events at a place (any alias in the location or the reporting sentences) and date."""
    aliases = {place.lower()}
    for ent in linked.entities:
        if any(place.lower() == a.lower() for a in ent.aliases):
            aliases |= {a.lower() for a in ent.aliases}
    out = []
    for e in linked.events:
        text = " ".join(c.text for c in e.mentions).lower() + " " + (e.location.name.lower() if e.location else "")
        if any(a in text for a in aliases) and (e.date or "").startswith(date_prefix):
            out.append(e)
    return out


def checks(run: ExampleRun) -> dict[str, float]:
    """Return each example check as 1.0 (holds) or 0.0, plus a few counts."""
    linked = run.linked
    sudani = [e for e in linked.entities if any("sudani" in a.lower() for a in e.aliases)]
    tower = _events_near(linked, "Tower 22", "2024-01")
    tower_best = max((len(e.sources) for e in tower), default=0)
    baghdad = _events_near(linked, "Baghdad", "2024-01-04")
    strike = max(baghdad, key=lambda e: len(e.sources), default=None)
    conflicts = {c.attribute for c in strike.conflicts} if strike else set()
    troops = [g for g in linked.figures if g.value == 2500 and "troop" in g.unit.lower()]
    old = [g for g in linked.figures if g.value == 130000]
    return {
        "sudani_one_entity": float(len(sudani) == 1),
        "tower22_one_event_two_sources": float(len(tower) >= 1 and tower_best >= 2),
        "tower22_events": len(tower),
        "baghdad_one_event_two_sources": float(strike is not None and len(strike.sources) >= 2),
        "baghdad_events": len(baghdad),
        "baghdad_mode_conflict": float("mode" in conflicts),
        "baghdad_victim_conflict": float("victims" in conflicts),
        "troops_2500_four_sources": float(any(len(g.sources) == 4 for g in troops)),
        "troops_2500_groups": len(troops),
        "troops_130000_apart": float(bool(old) and all(g.value != 2500 for g in old)),
        "entities": len(linked.entities),
        "events": len(linked.events),
        "figures": len(linked.figures),
        "stories": run.n_stories,
    }


def main() -> None:
    """Run the example through the stages and write bench/results/link_examples.json."""
    t0 = time.perf_counter()
    run = run_example(shared_path("examples", "iraq-withdrawal"))
    metrics = checks(run)
    metrics["seconds"] = time.perf_counter() - t0
    write_result(
        "link_examples",
        metrics,
        command=".venv/bin/python -m bench.bench_link_examples",
        notes=(
            "../shared/examples/iraq-withdrawal through ingest, clean, annotate (shipped models) "
            "and link. 1 = the check holds. Depends on what annotate finds (mentions, event "
            "mentions with dates/places/victims, figures with subject/place/time)."
        ),
    )


if __name__ == "__main__":
    main()
