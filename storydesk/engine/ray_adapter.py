"""Distributed executor on Ray: the only module importing ray (measured against Dask).

Kept so the choice between the two engines can be re-measured (bench/bench_engines.py); the
engine wired to ``--engine`` is Dask (storydesk/engine/distributed.py), for the reasons and
figures in docs/scaling.md.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from ..config import Config
from ..errors import MissingExtra
from ..model import StageResult

try:
    import ray
except ImportError as exc:  # pragma: no cover - exercised only without ray
    raise MissingExtra("ray", "ray") from exc


def _run_stage(fn: Any, batch: list[Any], config: Config) -> StageResult:
    return fn(batch, config)


class RayExecutor:
    """Run batches as Ray tasks: on a local Ray with ``workers`` CPUs, or the cluster at ``address``."""

    def __init__(self, workers: int, address: str | None = None) -> None:
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            ray.init(
                num_cpus=workers,
                include_dashboard=False,
                log_to_driver=False,
                configure_logging=False,
            )
        # max_retries re-runs a task whose worker process died (Ray's system-failure retry);
        # num_cpus=1 keeps one batch per core.
        self._remote = ray.remote(num_cpus=1, max_retries=3)(_run_stage)
        self.workers = workers

    def map(
        self, fn: Any, batches: Iterable[Sequence[Any]], config: Config, *, window: int | None = None
    ) -> Iterator[StageResult]:
        # fn and config go to the object store once, not once per batch.
        fn_ref, config_ref = ray.put(fn), ray.put(config)
        pending: deque = deque()
        for batch in batches:
            pending.append(self._remote.remote(fn_ref, list(batch), config_ref))
            if len(pending) >= (window or 2 * self.workers):
                yield ray.get(pending.popleft())
        while pending:
            yield ray.get(pending.popleft())

    def worker_pids(self) -> list[int]:
        """Return the pids of Ray's worker processes that ran tasks (tests kill one)."""
        import os

        @ray.remote(num_cpus=1)
        def pid() -> int:
            return os.getpid()

        return sorted(set(ray.get([pid.remote() for _ in range(4 * self.workers)])))

    def close(self) -> None:
        ray.shutdown()


def executor(config: Config, address: str | None = None) -> RayExecutor:
    """Return a Ray executor with ``config.workers`` CPUs (or on the cluster at ``address``)."""
    return RayExecutor(config.workers, address)
