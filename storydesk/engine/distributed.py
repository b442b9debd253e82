"""Distributed executor on Dask (the ``distributed`` extra): the only module importing dask.

Why Dask rather than Ray (both measured here, bench/bench_engines.py): a local cluster starts in
4-6 s against Ray's 12-13 s, holds ~0.6 GB less memory, and the install is a tenth of Ray's; the
scheduler re-runs the batch of a worker that dies. Figures and reasons are in docs/scaling.md;
the Ray adapter (ray_adapter.py) is kept to re-measure.

Stage functions and their batches cross the process boundary as plain records (frozen
dataclasses) and the config; nothing else is shared. Results come back in input order.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from ..config import Config
from ..errors import MissingExtra
from ..model import StageResult

try:
    import dask
    from dask.distributed import Client, LocalCluster
except ImportError as exc:  # pragma: no cover
    raise MissingExtra("distributed", "dask[distributed]") from exc


#: Dask settings for the workers of a local cluster (docs/scaling.md gives them for a real one).
LOCAL_WORKER_CONFIG: dict[str, Any] = {
    # The workers' statistical profiler samples every running task's stack every 10 ms; on
    # CPU-bound Python stages that cost ~10% more CPU per article.
    "distributed.worker.profile.enabled": False,
    # The nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536 so that they hand freed memory
    # back to the OS. Setting it also turns off glibc's adaptive mmap threshold, so every array
    # over 128 KiB the NER and the event classifier allocate is mmap'ed and unmapped again:
    # annotating 2,000 scale-up articles with one worker took 165 CPU-s with it and 137 without,
    # for ~50 MB more peak memory (in-process on 600 articles, setting it gave 2.7 times the
    # minor page faults and twice the system time). None unsets it (distributed's
    # _get_env_variables drops None values).
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
}


class DaskExecutor:
    """Run batches on a Dask cluster: a local one with ``workers`` processes, or ``address``."""

    def __init__(self, workers: int, address: str | None = None) -> None:
        if address:
            self._cluster = None
            self._client = Client(address)
        else:
            dask.config.set(LOCAL_WORKER_CONFIG)
            self._cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
            )
            self._client = Client(self._cluster)
        self.workers = workers
        #: A local cluster's workers can open a SQLite store's file; a remote one's may not.
        self.workers_share_disk = address is None

    def map(
        self, fn: Any, batches: Iterable[Sequence[Any]], config: Config, *, window: int | None = None
    ) -> Iterator[StageResult]:
        pending: deque = deque()
        for batch in batches:
            # A batch whose worker dies is re-run elsewhere by the scheduler (up to
            # distributed.scheduler.allowed-failures, 3 by default); retries covers exceptions
            # raised by transient failures inside the stage.
            pending.append(self._client.submit(fn, list(batch), config, retries=2, pure=False))
            if len(pending) >= (window or 2 * self.workers):
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def worker_pids(self) -> list[int]:
        """Return the pids of the worker processes (tests kill one)."""
        import os

        return sorted(self._client.run(os.getpid).values())

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def executor(config: Config) -> DaskExecutor:
    """Return the executor for ``--engine dask`` (``ray`` is not wired: see docs/scaling.md)."""
    import os

    if config.engine != "dask":
        from ..errors import ConfigError

        raise ConfigError(f"engine {config.engine!r} is not supported; use --engine dask")
    return DaskExecutor(config.workers, os.environ.get("STORYDESK_DASK_SCHEDULER"))
