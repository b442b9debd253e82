"""Ray vs Dask (and the local process pool): startup, per-batch overhead, throughput, memory.

    python -m bench.bench_engines                     # every engine, 1 and 2 workers
    python -m bench.bench_engines --engines dask ray --stages clean

Each (engine, workers) pair runs in its own subprocess, so one engine's processes and memory
never leak into another's figures. Measured per pair:

- ``startup_s``: building the executor until a first no-op batch has come back;
- ``overhead_ms``: wall time per no-op batch over 200 one-item batches (scheduling, pickling);
- ``clean_docs_per_s``: the clean stage over Timeline17 raw documents in batches of 32;
- ``annotate_articles_per_s``: the annotate stage over cleaned Timeline17 articles in batches
  of 8, model loading in each worker included (skipped while the spaCy model is absent);
- ``peak_rss_mb``: the largest sum of RSS over the driver and every process it started
  (scheduler, nannies, workers; Ray's GCS, raylet and workers), sampled every 0.1 s;
- ``cpu_s``: CPU time (user + system) of that process tree over the measured work, so a
  machine shared with other jobs still shows what the work itself cost.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from .results_io import write_result

N_CLEAN = 192
N_ANNOTATE = 48


def _noop(batch: list, config: object) -> object:
    from storydesk.model import StageResult

    return StageResult(records=tuple(batch))


class TreeMeter:
    """Sample RSS and CPU time of this process and all its descendants."""

    def __init__(self) -> None:
        import psutil

        self._me = psutil.Process()
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._cpu: dict[int, float] = {}
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _procs(self) -> list:
        return [self._me, *self._me.children(recursive=True)]

    def _run(self) -> None:
        # Once a second: each sample walks /proc to find the descendants, and at 10 samples a
        # second that walk took about a tenth of a core on the driver (py-spy, 50,000-article run),
        # competing with the workers it measures.
        while not self._stop.wait(1.0):
            self.sample()

    def sample(self) -> None:
        import psutil

        total = 0.0
        for p in self._procs():
            try:
                total += p.memory_info().rss
                t = p.cpu_times()
                self._cpu[p.pid] = t.user + t.system
            except psutil.Error:
                pass
        self.peak_mb = max(self.peak_mb, total / 2**20)

    def cpu_s(self) -> float:
        """CPU seconds of the tree so far (processes that exited count up to their last sample)."""
        self.sample()
        return sum(self._cpu.values())

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def _executor(engine: str, workers: int) -> object:
    from storydesk.config import load_config
    from storydesk.engine import ProcessPoolExecutor

    if engine == "pool":
        return ProcessPoolExecutor(workers)
    if engine == "ray":
        from storydesk.engine.ray_adapter import executor

        return executor(load_config(workers=workers))
    from storydesk.engine import executor_for

    return executor_for(load_config(engine=engine, workers=workers))


def _child(engine: str, workers: int, stages: list[str], jsonl: str) -> dict[str, float]:
    from storydesk import clean, ingest
    from storydesk.config import load_config
    from storydesk.model import RawDocument

    config = load_config()
    meter = TreeMeter()
    out: dict[str, float] = {}
    c0 = meter.cpu_s()
    t0 = time.perf_counter()
    ex = _executor(engine, workers)
    list(ex.map(_noop, [[0]], config))  # type: ignore[attr-defined]
    out["startup_s"] = time.perf_counter() - t0
    t = time.perf_counter()
    list(ex.map(_noop, ([i] for i in range(200)), config))  # type: ignore[attr-defined]
    out["overhead_ms"] = (time.perf_counter() - t) / 200 * 1000
    docs = [d for d in ingest.documents([jsonl], config) if isinstance(d, RawDocument)]
    articles = []
    if "clean" in stages or "annotate" in stages:
        batches = [docs[i : i + 32] for i in range(0, N_CLEAN, 32)]
        c, t = meter.cpu_s(), time.perf_counter()
        for r in ex.map(clean.articles, batches, config):  # type: ignore[attr-defined]
            articles.extend(r.records)
        out["clean_docs_per_s"] = N_CLEAN / (time.perf_counter() - t)
        out["clean_cpu_ms_per_doc"] = (meter.cpu_s() - c) / N_CLEAN * 1000
    if "annotate" in stages:
        from storydesk import annotate

        todo = articles[:N_ANNOTATE]
        batches = [todo[i : i + 8] for i in range(0, len(todo), 8)]
        c, t = meter.cpu_s(), time.perf_counter()
        n = sum(len(r.records) for r in ex.map(annotate.annotations, batches, config))  # type: ignore[attr-defined]
        out["annotate_articles_per_s"] = n / (time.perf_counter() - t)
        out["annotate_cpu_ms_per_article"] = (meter.cpu_s() - c) / max(n, 1) * 1000
    out["cpu_s"] = meter.cpu_s() - c0
    out["wall_s"] = time.perf_counter() - t0
    ex.close()  # type: ignore[attr-defined]
    meter.stop()
    out["peak_rss_mb"] = meter.peak_mb
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--engines", nargs="+", default=["pool", "dask", "ray"])
    ap.add_argument("--workers", nargs="+", type=int, default=[1, 2])
    ap.add_argument("--stages", nargs="+", default=["clean", "annotate"])
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        engine, workers, jsonl = args.child
        print("RESULT " + json.dumps(_child(engine, int(workers), args.stages, jsonl)))
        return
    if "annotate" in args.stages:
        from storydesk.nlp.pipeline import ARTIFACT_DIR

        if not (ARTIFACT_DIR / "meta.json").is_file():
            print("annotate skipped: the spaCy model is not installed yet", file=sys.stderr)
            args.stages = [s for s in args.stages if s != "annotate"]
    from .bench_pipeline import _t17_records

    metrics: dict[str, float] = {}
    load0 = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="storydesk-engines-") as tmpdir:
        tmp = Path(tmpdir)
        records = _t17_records(tmp)[: max(N_CLEAN, N_ANNOTATE) + 64]
        jsonl = tmp / "docs.jsonl"
        with open(jsonl, "w", encoding="utf-8") as fh:
            for r in records:
                r.pop("topic", None)
                fh.write(json.dumps(r) + "\n")
        for engine in args.engines:
            for workers in args.workers:
                proc = subprocess.run(
                    [sys.executable, "-m", "bench.bench_engines", "--child", engine, str(workers),
                     str(jsonl), "--stages", *args.stages],
                    capture_output=True, text=True, timeout=3600, check=False,
                )
                line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT ")), None)
                if line is None:
                    sys.exit(f"{engine} w{workers} failed:\n{proc.stderr[-3000:]}")
                res = json.loads(line[len("RESULT "):])
                print(engine, workers, res, file=sys.stderr)
                metrics.update({f"{engine}_w{workers}_{k}": v for k, v in res.items()})
    metrics["load_avg_start"] = load0
    metrics["load_avg_end"] = os.getloadavg()[0]
    write_result(
        "engines",
        metrics,
        command="python -m bench.bench_engines --stages " + " ".join(args.stages),
        notes=(
            "pool = the local ProcessPoolExecutor; dask = LocalCluster (one thread per worker "
            "process); ray = local ray.init(num_cpus=workers). The 2 cores are shared with other "
            "jobs (load averages recorded), so compare cpu_s as well as wall-clock rates."
        ),
    )


if __name__ == "__main__":
    main()
