"""Speed of the shipped spaCy pipeline: cold load time and words/s of tokenize+tag+parse+NER.

Run: ``.venv/bin/python -m bench.bench_annotate_speed``

Cold load runs in a fresh interpreter (best of 3): ``load_s`` is ``load_nlp()`` alone,
``import_and_load_s`` includes importing spaCy and storydesk. Throughput is one process, ``nlp.pipe``
with batching, over the example articles of ../shared/examples/iraq-withdrawal repeated to about
50,000 words; words are whitespace-separated tokens of the input. The machine is shared, so the
note records the load average at the start.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

from bench.results_io import ROOT, shared_path, write_result

_COLD = (
    "import time; t0 = time.perf_counter(); "
    "from storydesk.nlp.pipeline import load_nlp; t1 = time.perf_counter(); load_nlp(); "
    "t2 = time.perf_counter(); print(t2 - t1, t2 - t0)"
)


def cold_load(runs: int = 3) -> tuple[float, float]:
    """Return the best (load, import+load) seconds over ``runs`` fresh interpreters."""
    best_load, best_total = float("inf"), float("inf")
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", _COLD], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.split()
        best_load, best_total = min(best_load, float(out[0])), min(best_total, float(out[1]))
    return best_load, best_total


def main() -> None:
    """Measure and write bench/results/annotate_speed.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=50_000)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()
    folder = shared_path("examples", "iraq-withdrawal")
    base = [p.read_text("utf-8") for p in sorted(folder.glob("*.txt"))]
    # Split into paragraphs: annotate batches are many short-to-medium texts, not one long one.
    paras = [p for t in base for p in t.split("\n\n") if p.strip()]
    texts: list[str] = []
    n_words = 0
    while n_words < args.words:
        for p in paras:
            texts.append(p)
            n_words += len(p.split())
    load_s, total_s = cold_load()
    from storydesk.nlp.pipeline import NLP_VERSION, load_nlp

    nlp = load_nlp()
    for _ in nlp.pipe(texts[:50]):  # warm-up: lazy gazetteer tables, allocations
        pass
    load_avg = os.getloadavg()[0]
    t0 = time.perf_counter()
    n_tokens = sum(len(d) for d in nlp.pipe(texts, batch_size=args.batch_size))
    seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in nlp.tokenizer.pipe(texts):
        pass
    tok_seconds = time.perf_counter() - t0
    write_result(
        "annotate_speed",
        {"words_per_s": n_words / seconds, "tokens_per_s": n_tokens / seconds,
         "tokenizer_words_per_s": n_words / tok_seconds, "load_s": load_s,
         "import_and_load_s": total_s},
        command=".venv/bin/python -m bench.bench_annotate_speed",
        notes=(f"{n_words} words in {len(texts)} paragraphs, nlp.pipe batch {args.batch_size}, one "
               f"process; pipeline {' > '.join(nlp.pipe_names)}; model {NLP_VERSION}; 1-min load "
               f"average {load_avg:.1f} on a machine shared with other jobs (goal 10,000 words/s)."),
    )
    if load_s >= 3.0:
        print(f"GATE FAILED: cold load {load_s:.2f}s is over 3 s", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
