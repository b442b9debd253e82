"""Executors run the per-article stages over batches: in-process by default.

A stage is ``fn(batch, config) -> StageResult``: a pure function of its batch, so the same code
runs in-process, on a local process pool, or on a distributed engine (``--engine``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Protocol

from ..config import Config
from ..errors import ConfigError
from ..model import StageResult

StageFn = Callable[[Sequence[Any], Config], StageResult]


class Executor(Protocol):
    """Runs a stage over batches and yields each batch's result in input order."""

    def map(
        self, fn: StageFn, batches: Iterable[Sequence[Any]], config: Config, *, window: int | None = None
    ) -> Iterator[StageResult]:
        """Yield ``fn(batch, config)`` per batch, in order, with at most ``window`` batches in
        flight (2 per worker by default: bounded memory however many batches come)."""
        ...

    def close(self) -> None: ...


class LocalExecutor:
    """Run every batch in this process: what tests use, and the default."""

    workers_share_disk = True  # its one "worker" is this process

    def map(
        self, fn: StageFn, batches: Iterable[Sequence[Any]], config: Config, *, window: int | None = None
    ) -> Iterator[StageResult]:
        for batch in batches:
            yield fn(batch, config)

    def close(self) -> None:
        pass


class ProcessPoolExecutor:
    """Run batches on local worker processes (``--workers N`` with the local engine).

    A worker that dies (killed, out of memory) breaks the whole pool; the batches in flight are
    then sent again on a fresh pool, at most ``restarts`` times per run. Stages are pure
    functions of their batch, so running a batch twice cannot change the output.
    """

    #: The workers are processes on this machine: they can open a SQLite store's file.
    workers_share_disk = True

    def __init__(self, workers: int, restarts: int = 2) -> None:
        self.workers = workers
        self.restarts = restarts
        self._pool = self._new_pool()

    def _new_pool(self) -> Any:
        import concurrent.futures
        import multiprocessing

        return concurrent.futures.ProcessPoolExecutor(
            max_workers=self.workers, mp_context=multiprocessing.get_context("spawn")
        )

    def worker_pids(self) -> list[int]:
        """Return the pids of the live worker processes (tests kill one)."""
        return [p.pid for p in (self._pool._processes or {}).values() if p.pid]

    def map(
        self, fn: StageFn, batches: Iterable[Sequence[Any]], config: Config, *, window: int | None = None
    ) -> Iterator[StageResult]:
        # By default at most 2 batches per worker in flight, so memory stays bounded on huge inputs.
        pending: deque[tuple[list[Any], Any]] = deque()
        for batch in batches:
            items = list(batch)
            pending.append((items, self._submit(pending, fn, items, config)))
            if len(pending) >= (window or 2 * self.workers):
                yield self._next(pending, fn, config)
        while pending:
            yield self._next(pending, fn, config)

    def _submit(self, pending: deque[tuple[list[Any], Any]], fn: StageFn, items: list[Any], config: Config) -> Any:
        from concurrent.futures.process import BrokenProcessPool

        try:
            return self._pool.submit(fn, items, config)
        except BrokenProcessPool as exc:
            # A worker died after the last result was read: the pool refuses new batches, so
            # this one goes to the fresh pool with the batches in flight.
            self._restart(pending, fn, config, exc)
            return self._pool.submit(fn, items, config)

    def _next(self, pending: deque[tuple[list[Any], Any]], fn: StageFn, config: Config) -> StageResult:
        from concurrent.futures.process import BrokenProcessPool

        while True:
            try:
                result = pending[0][1].result()
            except BrokenProcessPool as exc:
                self._restart(pending, fn, config, exc)
                continue
            pending.popleft()
            return result

    def _restart(
        self, pending: deque[tuple[list[Any], Any]], fn: StageFn, config: Config, broken: Exception
    ) -> None:
        """Replace a broken pool and send the batches in flight again (at most ``restarts`` times)."""
        if self.restarts <= 0:
            raise broken
        self.restarts -= 1
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._new_pool()
        for i, (items, _) in enumerate(pending):
            pending[i] = (items, self._pool.submit(fn, items, config))

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)


def executor_for(config: Config) -> Executor:
    """Return the executor the config asks for."""
    if config.engine == "local":
        return LocalExecutor() if config.workers == 1 else ProcessPoolExecutor(config.workers)
    if config.engine == "dask":
        try:
            from . import distributed
        except ImportError as exc:  # the adapter module is the only place the extra is imported
            raise ConfigError(
                f"engine {config.engine!r} is not available: pip install 'storydesk[distributed]'"
            ) from exc
        return distributed.executor(config)
    raise ConfigError(f"unknown engine {config.engine!r}")
