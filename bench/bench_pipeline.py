"""End-to-end pipeline throughput and peak memory on Timeline17's real articles (and a scale-up).

    python -m bench.bench_pipeline                       # 4,650 Timeline17 articles, in-process
    python -m bench.bench_pipeline --engine dask --workers 2
    python -m bench.bench_pipeline --scale 50000         # recombined articles (see below)
    python -m bench.bench_pipeline --limit 200 --profile # a spread sample, with a pyinstrument profile

The Timeline17 documents are written to a JSONL export (``{url, title, text, published,
outlet}``, the shape other tools export) in a temporary folder, then ``ingest``, ``annotate``
and ``link`` run against a fresh SQLite store exactly as the CLI runs them. Each configuration
runs in its own subprocess so peak RSS (``ru_maxrss`` of the child) is that run's alone.

``--scale N`` builds N distinct articles by recombining sentences of same-topic Timeline17
documents (seeded), so near-duplicate detection does not collapse them and the annotate stage
sees real news sentences. The text is never written outside the temporary folder.

``--limit N`` takes N documents spread evenly over the whole set (every k-th), for machines or
time budgets where the full set does not fit. ``cpu_s`` is the CPU time of the whole process tree
(driver, pool or Dask workers, scheduler), sampled, so a machine shared with other jobs still
shows what the work cost; ``articles_per_cpu_s`` is the rate one fully available core would give.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from .results_io import shared_path, write_result


def _t17_records(tmp: Path) -> list[dict]:
    tar = shared_path("data", "timeline17", "Timeline17_InputDocs_and_timelines.tar.gz")
    records = []
    with tarfile.open(tar) as tf:
        for m in tf.getmembers():
            parts = m.name.split("/")
            if not m.isfile() or "InputDocs" not in parts or not m.name.endswith(".txt"):
                continue
            topic, day = parts[1], parts[3]
            text = tf.extractfile(m).read().decode("utf-8", "replace").strip()  # type: ignore[union-attr]
            if not text:
                continue
            first = text.split("\n", 1)[0].strip()[:200]
            records.append(
                {
                    "url": f"https://t17.invalid/{topic}/{day}/{parts[-1]}",
                    "title": first,
                    "text": text,
                    "published": day,
                    "outlet": topic.rsplit("_", 1)[-1],
                    "topic": topic,
                }
            )
    return records


_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


def _recombined(records: list[dict], n: int, seed: int = 17) -> list[dict]:
    rng = random.Random(seed)
    by_topic: dict[str, list[list[str]]] = {}
    for r in records:
        by_topic.setdefault(r["topic"], []).append([s for s in _SENT.split(r["text"]) if len(s) > 30])
    topics = sorted(by_topic)
    out = []
    for i in range(n):
        topic = topics[i % len(topics)]
        docs = by_topic[topic]
        sents = [s for d in rng.sample(docs, min(4, len(docs))) for s in rng.sample(d, min(4, len(d)))]
        rng.shuffle(sents)
        base = rng.choice(records)
        out.append(
            {
                "url": f"https://scale.invalid/{i}",
                "title": sents[0][:120] if sents else f"article {i}",
                "text": " ".join(sents),
                "published": base["published"],
                "outlet": f"outlet{i % 97}",
            }
        )
    return out


def _child(jsonl: str, db: str, engine: str, workers: int, profile: str = "") -> None:
    """Run the pipeline once (in this process) and print timings as JSON."""
    from storydesk.config import load_config
    from storydesk.pipeline import annotate_articles, ingest_inputs, link_store, open_executor
    from storydesk.store import open_store

    from .bench_engines import TreeMeter

    profiler = None
    if profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.01)
        profiler.start()
    meter = TreeMeter()
    config = load_config(db=db, engine=engine, workers=workers)
    timings = {}
    # One executor for the three stages, as `storydesk brief` runs them: a Dask cluster starts
    # once (inside the ingest figures). Link clusters stories on the driver and links them on
    # the workers.
    with open_store(db) as store:
        t0, c0 = time.perf_counter(), meter.cpu_s()
        with open_executor(config) as executor:
            s = ingest_inputs([jsonl], store, config, executor=executor)
            timings["ingest_s"] = time.perf_counter() - t0
            c1 = meter.cpu_s()
            timings["ingest_cpu_s"] = c1 - c0
            t1 = time.perf_counter()
            s.merge(annotate_articles(store, config, executor=executor))
            timings["annotate_s"] = time.perf_counter() - t1
            c2 = meter.cpu_s()
            timings["annotate_cpu_s"] = c2 - c1
            t2 = time.perf_counter()
            s.merge(link_store(store, config, executor=executor))
        timings["link_s"] = time.perf_counter() - t2  # with the executor's shutdown
        timings["link_cpu_s"] = meter.cpu_s() - c2
        timings["total_s"] = time.perf_counter() - t0
        timings["cpu_s"] = meter.cpu_s() - c0
        timings["articles"] = store.count_articles()
        timings["stories"] = s.counts.get("stories", 0)
    meter.stop()
    if profiler is not None:
        profiler.stop()
        Path(profile).write_text(
            profiler.output_text(unicode=False, color=False, show_all=False), "utf-8"
        )
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    timings["peak_rss_mb"] = max(usage, children) / 1024
    timings["peak_tree_rss_mb"] = meter.peak_mb
    print("RESULT " + json.dumps(timings))


def _label(args: argparse.Namespace) -> str:
    base = f"scale{args.scale}" if args.scale else "t17"
    if args.limit:
        base += f"x{args.limit}"
    return f"{base}_{args.engine}_w{args.workers}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--engine", default="local")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--scale", type=int, default=0, help="recombine to N articles instead of T17's own")
    ap.add_argument("--limit", type=int, default=0, help="only N documents, spread over the set")
    ap.add_argument("--profile", action="store_true", help="write a pyinstrument profile")
    ap.add_argument("--keep-db", default="", help="copy the finished SQLite store here (for profiling)")
    ap.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args.child[0], args.child[1], args.child[2], int(args.child[3]), args.child[4])
        return
    with tempfile.TemporaryDirectory(prefix="storydesk-bench-") as tmpdir:
        tmp = Path(tmpdir)
        records = _t17_records(tmp)
        if args.scale:
            records = _recombined(records, args.scale)
        if args.limit and args.limit < len(records):
            step = len(records) / args.limit
            records = [records[int(i * step)] for i in range(args.limit)]
        jsonl = tmp / "articles.jsonl"
        with open(jsonl, "w", encoding="utf-8") as fh:
            for r in records:
                r.pop("topic", None)
                fh.write(json.dumps(r) + "\n")
        words = sum(len(r["text"].split()) for r in records)
        load0 = os.getloadavg()[0]
        profile = f"/tmp/storydesk-profile-{_label(args)}.txt" if args.profile else ""
        proc = subprocess.run(
            [sys.executable, "-m", "bench.bench_pipeline", "--child", str(jsonl), str(tmp / "s.db"),
             args.engine, str(args.workers), profile],
            capture_output=True, text=True, env=dict(os.environ, PYTHONUNBUFFERED="1"), check=False,
        )
        if proc.returncode != 0:
            sys.exit(f"pipeline run failed:\n{proc.stderr[-4000:]}")
        if args.keep_db:
            shutil.copyfile(tmp / "s.db", args.keep_db)
        line = next(l for l in proc.stdout.splitlines() if l.startswith("RESULT "))
        t = json.loads(line[len("RESULT "):])
    n = len(records)
    label = _label(args)
    metrics = {
        "inputs": n,
        "articles_stored": t["articles"],
        "words": words,
        "articles_per_s": n / t["total_s"],
        "ingest_s": t["ingest_s"],
        "annotate_s": t["annotate_s"],
        "link_s": t["link_s"],
        "total_s": t["total_s"],
        "peak_rss_mb": t["peak_rss_mb"],
        "peak_tree_rss_mb": t["peak_tree_rss_mb"],
        "stories": t["stories"],
        "cpu_s": t["cpu_s"],
        "ingest_cpu_s": t["ingest_cpu_s"],
        "annotate_cpu_s": t["annotate_cpu_s"],
        "link_cpu_s": t["link_cpu_s"],
        "articles_per_cpu_s": n / t["cpu_s"],
        "load_avg_start": load0,
        "load_avg_end": os.getloadavg()[0],
    }
    cmd = f"python -m bench.bench_pipeline --engine {args.engine} --workers {args.workers}"
    if args.scale:
        cmd += f" --scale {args.scale}"
    if args.limit:
        cmd += f" --limit {args.limit}"
    write_result(
        f"pipeline_{label}",
        metrics,
        command=cmd,
        notes=(
            "End-to-end ingest + clean + annotate + link into a fresh SQLite store, as the CLI runs "
            "it; the input is Timeline17's real articles as one JSONL export"
            + (" recombined into distinct articles" if args.scale else "")
            + ". Goal: at least 20 articles/s on the 2-core machine."
        ),
    )


if __name__ == "__main__":
    main()
