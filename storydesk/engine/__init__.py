"""Executors run the per-article stages over batches: in-process by default.

A stage is ``fn(batch, config) -> StageResult``: a pure function of its batch, so the same code
runs in-process, on a local process pool, or on a distributed engine (``--engine``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Protocol

from ..config import Config
from ..errors import ConfigError
from ..model import StageResult

StageFn = Callable[[Sequence[Any], Config], StageResult]


class Executor(Protocol):
    """Runs a stage over batches and yields each batch's result in input order."""

    def map(self, fn: StageFn, batches: Iterable[Sequence[Any]], config: Config) -> Iterator[StageResult]: ...

    def close(self) -> None: ...


class LocalExecutor:
    """Run every batch in this process: what tests use, and the default."""

    def map(self, fn: StageFn, batches: Iterable[Sequence[Any]], config: Config) -> Iterator[StageResult]:
        for batch in batches:
            yield fn(batch, config)

    def close(self) -> None:
        pass


class ProcessPoolExecutor:
    """Run batches on local worker processes (``--workers N`` with the local engine)."""

    def __init__(self, workers: int) -> None:
        import concurrent.futures
        import multiprocessing

        self._pool = concurrent.futures.ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("spawn")
        )
        self.workers = workers

    def map(self, fn: StageFn, batches: Iterable[Sequence[Any]], config: Config) -> Iterator[StageResult]:
        # Keep at most 2 batches per worker in flight so memory stays bounded on huge inputs.
        from collections import deque

        pending: deque = deque()
        for batch in batches:
            pending.append(self._pool.submit(fn, list(batch), config))
            if len(pending) >= 2 * self.workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

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
