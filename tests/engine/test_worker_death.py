"""A worker killed mid-run on a distributed engine: the run completes with the same output."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from storydesk import clean, ingest
from storydesk.config import load_config
from storydesk.engine import LocalExecutor
from storydesk.model import RawDocument
from tests.engine import content

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "euphrates-drone-strikes"


def _batches() -> list[list[RawDocument]]:
    config = load_config()
    docs = [d for d in ingest.documents([str(EXAMPLE / "text"), str(EXAMPLE / "html")], config)
            if isinstance(d, RawDocument)]
    return [docs[i : i + 2] for i in range(0, len(docs), 2)]


def _kill_one_worker_mid_run(executor: object) -> list[tuple]:
    import cloudpickle

    # The workers cannot import this test tree by name: ship the slow stage by value.
    cloudpickle.register_pickle_by_value(content)
    config = load_config()
    batches = _batches()
    assert len(batches) >= 8
    out = []
    try:
        before = executor.worker_pids()  # type: ignore[attr-defined]
        assert len(before) == 2
        for i, r in enumerate(executor.map(content.slow_clean, batches, config)):  # type: ignore[attr-defined]
            if i == 0:  # two batches per worker are in flight now
                os.kill(before[0], signal.SIGKILL)
            out.append((r.records, r.rejected))
    finally:
        executor.close()  # type: ignore[attr-defined]
        cloudpickle.unregister_pickle_by_value(content)
    return out


def _expected() -> list[tuple]:
    config = load_config()
    return [(r.records, r.rejected) for r in LocalExecutor().map(clean.articles, _batches(), config)]


@pytest.mark.slow
def test_dask_run_survives_a_killed_worker() -> None:
    pytest.importorskip("distributed", reason="pip install 'storydesk[distributed]'")
    from storydesk.engine.distributed import DaskExecutor

    assert _kill_one_worker_mid_run(DaskExecutor(2)) == _expected()


@pytest.mark.slow
def test_ray_run_survives_a_killed_worker() -> None:
    pytest.importorskip("ray", reason="pip install ray to measure the Ray adapter")
    from storydesk.engine.ray_adapter import RayExecutor

    assert _kill_one_worker_mid_run(RayExecutor(2)) == _expected()
