"""Timeline17: the brief's timeline core against the gold timelines, scored with tilse.

    .venv/bin/python -m bench.bench_timeline17                 # all 19 timelines
    .venv/bin/python -m bench.bench_timeline17 --rouge original   # ROUGE-1.5.5 perl (slow)

Protocol (Gholipour Ghalandari and Ifrim 2020, news-tls): each gold timeline is evaluated on its
own against the articles of its topic published within its first and last date; the system
returns as many dates as the gold timeline has and, per date, the rounded mean number of gold
sentences per date. Dates come from ``storydesk.annotate.dates.find_dates`` (publication date from
the folder name); the timeline is built by :func:`storydesk.report.timeline.select_entries`, the
same core as the brief's timeline (day-precision dates only, since the gold is daily). Metrics are
tilse's (Martschat and Markert 2017/2018): concat, agreement and alignment (align+ m:1, as in
news-tls) ROUGE-1/2 F1, and date F1, per timeline and averaged over timelines. ROUGE counts come
from tilse's ``reimpl`` (its Python reimplementation of ROUGE-1.5.5 with stemming and stop words
removed) unless ``--rouge original`` runs the perl script. The Timeline17 data are a test set:
nothing here was tuned on them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import pathlib
import statistics
import sys
import tarfile
import tempfile
import time
import types
from collections.abc import Callable

from storydesk.model import Article, Sentence
from storydesk.report.sentence_vectors import tfidf_vectors
from storydesk.report.timeline import dated_sentences, select_entries

from .results_io import shared_path, write_result

FLOORS = {"alignment_rouge1_f1": 0.09, "date_f1": 0.45}


def load_find_dates() -> Callable:
    """Import the dates engineer's ``find_dates`` without the annotate package's model loaders."""
    try:
        from storydesk.annotate.dates import find_dates

        return find_dates
    except ImportError:
        # storydesk/annotate/__init__.py imports the NLP pipeline, which this bench does not need;
        # load the dates module on its own when that pipeline is not importable here.
        import storydesk

        pkg = types.ModuleType("storydesk.annotate")
        pkg.__path__ = [str(pathlib.Path(storydesk.__file__).parent / "annotate")]
        sys.modules["storydesk.annotate"] = pkg
        return importlib.import_module("storydesk.annotate.dates").find_dates


def line_sentences(article_id: str, text: str) -> tuple[Sentence, ...]:
    """Return one sentence per non-empty line (Timeline17 inputs are one sentence per line)."""
    out, pos = [], 0
    for line in text.split("\n"):
        s = pos + (len(line) - len(line.lstrip()))
        e = pos + len(line.rstrip())
        if e > s:
            out.append(Sentence(article_id=article_id, start=s, end=e, text=text[s:e], index=len(out)))
        pos += len(line) + 1
    return tuple(out)


def read_gold(path: pathlib.Path) -> dict[dt.date, list[str]]:
    """Parse a Timeline17 gold file: blocks of a date line, sentences, and a dashed separator."""
    tl: dict[dt.date, list[str]] = {}
    for block in path.read_text("utf-8", errors="replace").split("--------------------------------"):
        lines = [x.strip() for x in block.strip().splitlines() if x.strip()]
        if not lines:
            continue
        try:
            day = dt.date.fromisoformat(lines[0])
        except ValueError:
            continue
        tl.setdefault(day, []).extend(lines[1:])
    return tl


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rouge", default="reimpl", choices=["reimpl", "original"])
    ap.add_argument("--topics", default="", help="comma-separated topic folders (development)")
    args = ap.parse_args()
    try:
        from tilse.data.timelines import GroundTruth, Timeline
        from tilse.evaluation import dates as tilse_dates
        from tilse.evaluation import rouge as tilse_rouge
    except ImportError:
        sys.exit("needs tilse: .venv/bin/pip install --no-deps tilse==0.2.1 nltk scipy "
                 "(and apt-get install libxml-parser-perl for --rouge original)")
    find_dates = load_find_dates()
    evaluator = tilse_rouge.TimelineRougeEvaluator(measures=["rouge_1", "rouge_2"], rouge_computation=args.rouge)
    tarball = shared_path("data", "timeline17", "Timeline17_InputDocs_and_timelines.tar.gz")
    per_tl: dict[str, dict[str, float]] = {}
    n_cits = n_ok = date_errors = 0
    t0 = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(tarball) as tar:
            tar.extractall(tmp, filter="data")
        root = pathlib.Path(tmp) / "Timeline17"
        topics = sorted(p for p in root.iterdir() if p.is_dir())
        if args.topics:
            topics = [p for p in topics if p.name in args.topics.split(",")]
        for topic in topics:
            articles: dict[str, Article] = {}
            items_all = []
            for f in sorted((topic / "InputDocs").glob("*/*")):
                text = f.read_text("utf-8", errors="replace")
                if not text.strip():
                    continue
                aid = f"{f.parent.name}/{f.name}"
                art = Article(id=aid, input=aid, text=text, published=f.parent.name)
                articles[aid] = art
                try:
                    dates = find_dates(text, aid, art.published)
                except Exception as exc:  # noqa: BLE001 - count it, never hide it
                    date_errors += 1
                    print(f"find_dates failed on {aid}: {exc!r}", file=sys.stderr)
                    continue
                items_all.extend(dated_sentences(art, line_sentences(aid, text), dates, precisions=("day",)))
            print(f"{topic.name}: {len(articles)} articles, {len(items_all)} dated sentences, "
                  f"{time.time() - t0:.0f}s", file=sys.stderr)
            for gold_path in sorted((topic / "timelines").glob("*.txt")):
                gold = read_gold(gold_path)
                start, end = min(gold), max(gold)
                n_dates = len(gold)
                per_date = max(1, round(statistics.mean(len(v) for v in gold.values())))
                items = [
                    it for it in items_all
                    if start <= it.first_day <= end
                    and it.published is not None
                    and start - dt.timedelta(days=1) <= it.published <= end + dt.timedelta(days=1)
                ]
                vectors = tfidf_vectors([it.sentence.text for it in items], dense=False)
                chosen = select_entries(items, vectors, n_dates, per_date)
                pred: dict[dt.date, list[str]] = {}
                for date, idx in chosen:
                    day = dt.date.fromisoformat(date)
                    for i in idx:
                        s = items[i].sentence
                        n_cits += 1
                        n_ok += articles[s.article_id].text[s.start : s.end] == s.text
                        pred.setdefault(day, []).append(s.text)
                ptl, gt = Timeline(pred), GroundTruth([Timeline(gold)])
                concat = evaluator.evaluate_concat(ptl, gt)
                agree = evaluator.evaluate_agreement(ptl, gt)
                align = evaluator.evaluate_align_date_content_costs_many_to_one(ptl, gt)
                dates_f1 = tilse_dates.evaluate_dates(ptl, gt)["f_score"] if pred else 0.0
                name = f"{topic.name}/{gold_path.stem}"
                per_tl[name] = {
                    "concat_rouge1_f1": concat["rouge_1"]["f_score"],
                    "concat_rouge2_f1": concat["rouge_2"]["f_score"],
                    "agreement_rouge1_f1": agree["rouge_1"]["f_score"],
                    "agreement_rouge2_f1": agree["rouge_2"]["f_score"],
                    "alignment_rouge1_f1": align["rouge_1"]["f_score"],
                    "alignment_rouge2_f1": align["rouge_2"]["f_score"],
                    "date_f1": dates_f1,
                }
                print(f"  {name}: {n_dates} gold dates, k={per_date}, {len(items)} candidates -> "
                      + ", ".join(f"{k}={v:.3f}" for k, v in per_tl[name].items()), file=sys.stderr)
    keys = list(next(iter(per_tl.values())))
    metrics = {k: statistics.mean(r[k] for r in per_tl.values()) for k in keys}
    metrics["timelines"] = len(per_tl)
    metrics["citations_checked"] = n_cits
    metrics["citations_resolved"] = n_ok / n_cits if n_cits else 1.0
    metrics["find_dates_errors"] = date_errors
    if args.topics:
        print({k: round(v, 4) for k, v in metrics.items()})
        return
    notes = (
        f"Timeline17 (19 gold timelines, 9 topics), tilse metrics with ROUGE counts from tilse "
        f"'{args.rouge}'; alignment = align+ m:1 as in news-tls. Reference: Gholipour Ghalandari and "
        "Ifrim 2020 DATEWISE AR-1 0.120, AR-2 0.035, date F1 0.544 (supervised date ranking); ours is "
        "unsupervised (distinct-article mention count; per-date centroid sentence; TF-IDF). "
        "Per-timeline scores are in bench/results/timeline17.json under details."
    )
    write_result(
        "timeline17",
        metrics,
        command=".venv/bin/python -m bench.bench_timeline17" + (" --rouge original" if args.rouge == "original" else ""),
        notes=notes,
        floors={**FLOORS, "citations_resolved": 1.0},
        details={"per_timeline": {k: {m: round(v, 4) for m, v in r.items()} for k, r in per_tl.items()}},
    )


if __name__ == "__main__":
    main()
