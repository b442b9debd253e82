"""Crash safety and hostile input at scale: many SIGKILL trials and the full hostile corpus.

* ``--ingest-trials`` kills ``storydesk ingest`` of a mixed folder (good articles, exact and near
  duplicates, hostile files) after a random number of stored articles, re-runs it, and checks the
  store against its invariants and an uninterrupted reference run;
* ``--analyse-trials`` does the same to ``storydesk analyse`` (annotate + link; kills land after a
  random number of annotated articles or a random delay into linking);
* the hostile corpus (bombs, 50 MB text, 10 MB line, nested HTML, bad UTF-8, entity expansion...)
  goes through ingest in a subprocess whose time and peak RSS are measured.

Run from the repository root::

    .venv/bin/python -m bench.bench_reliability [--ingest-trials 6] [--analyse-trials 6]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.results_io import write_result
from tests.reliability.crash_trials import Trial, analyse_trial, ingest_trial
from tests.reliability.hostile_corpus import assess, build
from tests.reliability.test_hostile_corpus import run_ingest_subprocess


def _summarise(trials: list[Trial]) -> dict:
    return [
        {"seed": t.seed, "killed": t.killed, "kill_point": t.kill_point,
         "articles_before_rerun": t.before.articles, "articles_after": t.after.articles,
         "problems_right_after_kill": t.before.problems, "problems": t.problems,
         "same_as_reference": t.same_as_reference}
        for t in trials
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ingest-trials", type=int, default=6)
    parser.add_argument("--analyse-trials", type=int, default=6)
    parser.add_argument("--seed", type=int, default=1000)
    args = parser.parse_args()
    metrics: dict[str, float] = {}
    details: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="storydesk-rel-") as tmp:
        root = Path(tmp)
        start = time.monotonic()
        corpus = build(root / "hostile" / "in", big=True, n_good=6)
        report = run_ingest_subprocess(corpus.folder, root / "hostile" / "s.db")
        problems = assess(corpus, report["articles"], report["rejections"])
        metrics["hostile_files"] = len(corpus.hostile)
        metrics["hostile_safe"] = len(corpus.hostile) - sum(1 for p in problems if not p.startswith("good"))
        metrics["good_inputs_kept"] = sum(1 for g in corpus.good if g in report["articles"]) / len(corpus.good)
        metrics["hostile_ingest_s"] = round(report["seconds"], 1)
        metrics["hostile_peak_rss_mb"] = round(report["peak_rss_mb"], 1)
        details["hostile"] = {"problems": problems, "rejections": report["rejections"],
                              "summary": report["summary"]}
        print(f"hostile corpus: {metrics['hostile_safe']:.0f}/{len(corpus.hostile)} safe, "
              f"{report['seconds']:.0f} s, {report['peak_rss_mb']:.0f} MB", flush=True)

        trials: list[Trial] = []
        for i in range(args.ingest_trials):
            work = root / f"ingest-{i}"
            work.mkdir()
            trials.append(ingest_trial(work, args.seed + i, n_good=120))
            print(f"ingest trial {i}: {trials[-1].kill_point}, ok={not trials[-1].problems}", flush=True)
        analyse_work = root / "analyse"
        analyse_work.mkdir()
        for i in range(args.analyse_trials):
            trials.append(analyse_trial(analyse_work, args.seed + 100 + i, n_good=40))
            print(f"analyse trial {i}: {trials[-1].kill_point}, ok={not trials[-1].problems}", flush=True)
        for command in ("ingest", "analyse"):
            mine = [t for t in trials if t.command == command]
            if not mine:
                continue
            sound = [t for t in mine if not t.problems and not t.before.problems and t.same_as_reference]
            metrics[f"{command}_trials"] = len(mine)
            metrics[f"{command}_killed"] = sum(t.killed for t in mine)
            metrics[f"{command}_consistent"] = len(sound) / len(mine)
            details[f"{command}_trials"] = _summarise(mine)
        metrics["wall_s"] = round(time.monotonic() - start, 1)
    write_result(
        "reliability",
        metrics,
        command=(f"python -m bench.bench_reliability --ingest-trials {args.ingest_trials} "
                 f"--analyse-trials {args.analyse_trials} --seed {args.seed}"),
        notes=("SIGKILL trials: consistent = store invariants hold right after the kill and after the "
               "re-run, and the result equals an uninterrupted run; analyse uses the shipped spaCy model "
               "when installed, else a blank stand-in, and links without embeddings (faster on a busy machine)"),
        floors={"ingest_consistent": 1.0, "analyse_consistent": 1.0, "good_inputs_kept": 1.0},
        details=details,
    )


if __name__ == "__main__":
    main()
