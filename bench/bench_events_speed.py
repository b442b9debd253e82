"""Throughput of find_events + find_figures on real news articles (Timeline17 input documents).

    .venv/bin/python -m bench.bench_events_speed [--n 120]

Takes every k-th article of the Timeline17 input documents (CNN, BBC, Guardian, Reuters... news on
the Egypt, Libya, Syria, Iraq and other stories), runs the shipped spaCy pipeline and the dates
finder once (not timed), then times events + figures alone in CPU seconds of this process (the
machine is shared, so wall time would measure the neighbours), with the shipped classifier and
with rules alone.
"""

from __future__ import annotations

import argparse
import tarfile
import tempfile
import time
from pathlib import Path

from bench.results_io import shared_path, write_result
from storydesk.annotate import dates as dates_mod
from storydesk.annotate.events import find_events
from storydesk.annotate.events_classifier import load_event_classifier
from storydesk.annotate.figures import find_figures
from storydesk.model import Article, Mention, Sentence

TARGET = 40.0  # articles/s for events + figures (the share of a 20 articles/s pipeline)


def _load(n: int) -> list[Article]:
    tarball = shared_path("data", "timeline17", "Timeline17_InputDocs_and_timelines.tar.gz")
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(tarball) as tar:
            tar.extractall(tmp, filter="data")
        files = sorted(Path(tmp).glob("Timeline17/*/InputDocs/*/*"))
        step = max(1, len(files) // n)
        out = []
        for f in files[::step][:n]:
            text = f.read_text("utf-8", errors="replace").strip()
            if len(text) < 200:
                continue
            aid = f"{f.parts[-4]}/{f.parent.name}/{f.name}"
            out.append(Article(id=aid, input=aid, text=text, published=f.parent.name))
    return out


def main() -> None:
    """Time events + figures over a sample of Timeline17 articles and write the result."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=120)
    args = parser.parse_args()
    from functools import partial

    from storydesk.nlp.pipeline import load_nlp, parse_spans

    articles = _load(args.n)
    nlp = load_nlp()
    prepared = []
    for art, doc in zip(articles, nlp.pipe(a.text for a in articles)):
        sents = [
            Sentence(article_id=art.id, start=s.start_char, end=s.end_char, text=s.text, index=i)
            for i, s in enumerate(doc.sents)
        ]
        ments = [
            Mention(article_id=art.id, start=e.start_char, end=e.end_char, label=e.label_, text=e.text)
            for e in doc.ents
            if e.label_ in ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "MISC")
        ]
        found = dates_mod.find_dates(art.text, art.id, art.published)
        prepared.append((art, sents, ments, found, partial(parse_spans, nlp, doc)))
    words = sum(len(a.text.split()) for a in articles)
    clf = load_event_classifier()
    metrics: dict[str, float] = {"articles": len(articles), "words_per_article": words / max(1, len(articles))}
    for name, classifier in (("shipped", clf), ("rules", None)):
        # warm-up: load the models outside the timed loop
        art, sents, ments, found, parse = prepared[0]
        find_events(art, sents, ments, found, parse, classifier=classifier)
        n_events = n_figures = 0
        t0 = time.process_time()
        w0 = time.perf_counter()
        for art, sents, ments, found, parse in prepared:
            n_events += len(find_events(art, sents, ments, found, parse, classifier=classifier))
            n_figures += len(find_figures(art, sents, ments, found))
        cpu = time.process_time() - t0
        wall = time.perf_counter() - w0
        metrics[f"{name}_articles_per_cpu_s"] = round(len(prepared) / max(cpu, 1e-9), 1)
        metrics[f"{name}_articles_per_wall_s"] = round(len(prepared) / max(wall, 1e-9), 1)
        metrics[f"{name}_events_per_article"] = round(n_events / max(1, len(prepared)), 2)
        metrics[f"{name}_figures_per_article"] = round(n_figures / max(1, len(prepared)), 2)
        print(name, {k: v for k, v in metrics.items() if k.startswith(name)})
    write_result(
        "events_speed",
        metrics,
        command="python -m bench.bench_events_speed",
        notes=(
            "find_events + find_figures on every k-th Timeline17 input article (spaCy parse and dates "
            "computed beforehand, not timed); CPU seconds of this process, since the machine is shared. "
            f"Target {TARGET:.0f} articles/s with the shipped classifier."
        ),
        floors={"shipped_articles_per_cpu_s": TARGET},
    )


if __name__ == "__main__":
    main()
