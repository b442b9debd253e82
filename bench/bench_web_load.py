"""Load the web server on 127.0.0.1 for about 30 s: requests/s and latency of the brief page,
the events table and search, with no errors allowed.

Builds a store from the bundled example story with the shipped pipeline (``storydesk brief``),
starts ``storydesk serve`` in its own process, then runs three 10-second phases of 4 concurrent
keep-alive clients each. Run from the repository root::

    .venv/bin/python -m bench.bench_web_load [--seconds 10] [--clients 4]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.results_io import ROOT, write_result
from tests.reliability.web_load import hammer, serving, story_paths

EXAMPLE = ROOT / "examples" / "euphrates-drone-strikes" / "text"


def build_store(work: Path) -> str:
    """Ingest and analyse the bundled example into a fresh store; return its path."""
    db = str(work / "s.db")
    cmd = [sys.executable, "-m", "storydesk.cli", "brief", str(EXAMPLE), "--db", db, "-o", str(work / "out"),
           "--format", "json"]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=1800, check=False)
    if done.returncode != 0:
        sys.exit(f"could not build the store: {done.stderr[-2000:]}")
    return db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each phase")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients per phase")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="storydesk-load-") as tmp:
        db = build_store(Path(tmp))
        with serving(db) as base:
            stories = story_paths(base)
            if not stories:
                sys.exit("the example produced no story: nothing to load")
            phases = {"brief": stories[0], "events": "/events", "search": "/search?q=drone+strike"}
            for path in phases.values():  # warm caches and imports before measuring
                hammer(base, path, 0.5, clients=1)
            loads = {name: hammer(base, path, args.seconds, clients=args.clients) for name, path in phases.items()}
    metrics: dict[str, float] = {}
    for name, load in loads.items():
        metrics[f"{name}_requests_per_s"] = round(load.rate(), 2)
        metrics[f"{name}_p50_ms"] = round(load.quantile(0.50), 1)
        metrics[f"{name}_p99_ms"] = round(load.quantile(0.99), 1)
        metrics[f"{name}_requests"] = load.requests
        metrics[f"{name}_errors"] = load.errors
    total = sum(load.requests + len(load.failures) for load in loads.values())
    errors = sum(load.errors for load in loads.values())
    metrics["requests"] = total
    metrics["errors"] = errors
    metrics["success_rate"] = (total - errors) / total if total else 0.0
    write_result(
        "web_load",
        metrics,
        command=f"python -m bench.bench_web_load --seconds {args.seconds:g} --clients {args.clients}",
        notes=(
            f"storydesk serve (uvicorn, 1 process) on 127.0.0.1 over the bundled example story; "
            f"{args.clients} keep-alive clients per phase, {args.seconds:g} s per phase, client and server "
            "on the same shared 2-core machine (other jobs running), so rates are a lower bound"
        ),
        floors={"success_rate": 1.0},
        details={name: {"path": load.path, "statuses": load.statuses, "failures": load.failures[:5]}
                 for name, load in loads.items()},
    )


if __name__ == "__main__":
    main()
