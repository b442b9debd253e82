"""Article-body extraction quality: ScrapingHub's benchmark and trafilatura's evaluation set.

Run from the repository root::

    .venv/bin/python -m bench.bench_extraction [--limit N]

* ScrapingHub/Zyte article-extraction-benchmark (181 pages): the benchmark's own metric, token
  4-gram shingle precision/recall per page (normalised so long pages weigh no more), averaged over
  pages, F1 from the averages. Floor: 0.958, trafilatura 2.0.0's published F1. As a check on this
  scorer, the benchmark's stored trafilatura output is scored too and should reproduce its
  published numbers.
* trafilatura's own evaluation set (990 pages, "with"/"without" snippets): whitespace-normalized
  substring hits pooled over pages, scored with trafilatura's gate settings (fast and fallback) and
  with the exact call the clean stage makes. Floors from its eval_baseline.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import tarfile
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura

from bench.results_io import shared_path, write_result
from storydesk.clean.html import EXTRACT_OPTIONS, extract_text

AEB_FLOOR = 0.958
_WORDS = re.compile(r"\w+", re.UNICODE)


# --------------------------------------------------------------------------- ScrapingHub metric


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _WORDS.findall(text or "")
    # a text shorter than n words still makes one (shorter) shingle, as upstream does
    count = max(1, len(tokens) - n + 1)
    return Counter(tuple(tokens[i : i + n]) for i in range(count) if tokens[i : i + n])


def page_counts(true: str, pred: str) -> tuple[float, float, float]:
    """Return one page's (tp, fp, fn) over 4-gram shingles, scaled to sum to 1."""
    gold, got = _shingles(true), _shingles(pred)
    tp = sum((gold & got).values())
    fp = sum((got - gold).values())
    fn = sum((gold - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def aeb_scores(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    """Average per-page precision and recall, and their F1, as the benchmark reports them."""

    def precision(tp: float, fp: float, fn: float) -> float:
        if fp == 0 and fn == 0:
            return 1.0
        return tp / (tp + fp) if tp + fp else 0.0

    def recall(tp: float, fp: float, fn: float) -> float:
        if fp == 0 and fn == 0:
            return 1.0
        return tp / (tp + fn) if tp + fn else 0.0

    ps = [precision(*c) for c in counts if c[0] + c[1] > 0]
    rs = [recall(*c) for c in counts if c[0] + c[2] > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def run_aeb(limit: int | None) -> dict[str, float]:
    root = shared_path("data", "article-extraction-benchmark")
    truth = json.loads(gzip.decompress((root / "ground-truth.json.gz").read_bytes()))
    keys = sorted(truth)[:limit] if limit else sorted(truth)
    ours: list[tuple[float, float, float]] = []
    t0 = time.perf_counter()
    for key in keys:
        html = gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes())
        try:
            pred = extract_text(html, url=truth[key].get("url")) or ""
        except Exception as exc:  # noqa: BLE001 (a crash counts as an empty body, as upstream)
            print(f"  {key}: extraction failed ({exc})", file=sys.stderr)
            pred = ""
        ours.append(page_counts(truth[key].get("articleBody", ""), pred))
    seconds = time.perf_counter() - t0
    scores = aeb_scores(ours)
    stored = json.loads(gzip.decompress((root / "output" / "trafilatura.json.gz").read_bytes()))
    published = stored.get("output", stored)  # {"output": {id: {...}}, "version": ...}
    check = aeb_scores([page_counts(truth[k].get("articleBody", ""), published[k].get("articleBody", "")) for k in keys])
    print(f"AEB ({len(keys)} pages): P={scores['precision']:.4f} R={scores['recall']:.4f} F1={scores['f1']:.4f} "
          f"[scorer check on stored trafilatura output: F1={check['f1']:.4f}]")
    return {
        "aeb_f1": scores["f1"],
        "aeb_precision": scores["precision"],
        "aeb_recall": scores["recall"],
        "aeb_pages": len(keys),
        "aeb_pages_per_s": len(keys) / seconds,
        "aeb_scorer_check_stored_trafilatura_f1": check["f1"],
    }


# --------------------------------------------------------------------------- trafilatura eval set


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def snippet_f1(run: Callable[[bytes], str | None], evaldata: dict, folder: Path) -> dict[str, float]:
    """Pool snippet hits over all pages: 'with' found is a TP, 'without' found is an FP."""
    tp = fp = fn = 0
    for item in evaldata.values():
        path = next((folder / sub / item["file"] for sub in ("cache", "eval") if (folder / sub / item["file"]).is_file()), None)
        if path is None:
            continue
        try:
            result = run(path.read_bytes())
        except Exception:  # noqa: BLE001 (a crash counts as a miss, as upstream)
            result = None
        text = _norm(result) if isinstance(result, str) else ""
        hits = sum(1 for s in item["with"] if result and _norm(s) in text)
        false = sum(1 for s in item["without"] if result and _norm(s) in text)
        tp, fp, fn = tp + hits, fp + false, fn + len(item["with"]) - hits
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def run_trafilatura_eval(limit: int | None) -> tuple[dict[str, float], dict[str, float]]:
    root = shared_path("data", "trafilatura-eval")
    floors = json.loads((root / "eval_baseline.original.json").read_text("utf-8"))["floors"]
    gate = {"include_comments": False, "include_tables": True, "include_formatting": False}
    runners: dict[str, Callable[[bytes], str | None]] = {
        "fast": lambda b: trafilatura.extract(b, fast=True, **gate),
        "fallback": lambda b: trafilatura.extract(b, fast=False, **gate),
        "storydesk": lambda b: extract_text(b),
    }
    metrics: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="sd-trafeval-") as tmp:
        with tarfile.open(root / "trafilatura_evaldata_and_html.tar.xz") as tar:
            tar.extractall(tmp, filter="data")
        folder = Path(tmp) / "tests"
        evaldata = json.loads((folder / "evaldata.json").read_text("utf-8"))
        if limit:
            evaldata = dict(list(evaldata.items())[:limit])
        for name, run in runners.items():
            t0 = time.perf_counter()
            scores = snippet_f1(run, evaldata, folder)
            seconds = time.perf_counter() - t0
            print(f"trafilatura-eval {name:>9} ({len(evaldata)} pages): P={scores['precision']:.4f} "
                  f"R={scores['recall']:.4f} F1={scores['f1']:.4f} ({len(evaldata) / seconds:.1f} pages/s)")
            metrics[f"trafeval_{name}_f1"] = scores["f1"]
            metrics[f"trafeval_{name}_precision"] = scores["precision"]
            metrics[f"trafeval_{name}_recall"] = scores["recall"]
    gate_floors = {"trafeval_fast_f1": floors["fast"], "trafeval_fallback_f1": floors["fallback"],
                   "trafeval_storydesk_f1": floors["fallback"]}
    return metrics, gate_floors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, help="score only the first N pages of each set (smoke test)")
    args = parser.parse_args()
    metrics = run_aeb(args.limit)
    traf_metrics, traf_floors = run_trafilatura_eval(args.limit)
    metrics.update(traf_metrics)
    floors = {"aeb_f1": AEB_FLOOR, **traf_floors} if not args.limit else {}
    write_result(
        "extraction" if not args.limit else "extraction_smoke",
        metrics,
        command="python -m bench.bench_extraction" + (f" --limit {args.limit}" if args.limit else ""),
        floors=floors,
        notes=f"trafilatura {trafilatura.__version__}; storydesk extraction options: "
        + ", ".join(f"{k}={v}" for k, v in EXTRACT_OPTIONS.items())
        + ". AEB: the benchmark's 4-gram shingle P/R/F1, averaged per page.",
    )


if __name__ == "__main__":
    main()
