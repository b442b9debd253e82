"""Every executor gives the same output as the in-process run, in the same order."""

from __future__ import annotations

from pathlib import Path

import pytest

from storydesk import clean, ingest
from storydesk.config import load_config
from storydesk.engine import LocalExecutor, ProcessPoolExecutor, executor_for
from storydesk.errors import ConfigError
from storydesk.model import RawDocument

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "euphrates-drone-strikes"


def _batches(size: int = 4) -> list[list[RawDocument]]:
    config = load_config()
    docs = [d for d in ingest.documents([str(EXAMPLE / "text"), str(EXAMPLE / "html")], config)
            if isinstance(d, RawDocument)]
    assert len(docs) >= 20
    return [docs[i : i + size] for i in range(0, len(docs), size)]


def _run(executor: object) -> list[tuple]:
    config = load_config()
    try:
        return [(r.records, r.rejected) for r in executor.map(clean.articles, _batches(), config)]  # type: ignore[attr-defined]
    finally:
        executor.close()  # type: ignore[attr-defined]


def test_unknown_engine_fails_fast() -> None:
    with pytest.raises(ConfigError):
        load_config(engine="spark")


@pytest.mark.slow
def test_process_pool_matches_in_process() -> None:
    assert _run(ProcessPoolExecutor(2)) == _run(LocalExecutor())


@pytest.mark.slow
def test_dask_matches_in_process() -> None:
    pytest.importorskip("distributed", reason="pip install 'storydesk[distributed]'")
    assert _run(executor_for(load_config(engine="dask", workers=2))) == _run(LocalExecutor())


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    import storydesk.pipeline as pipeline

    started: list[object] = []

    def counted(config):  # type: ignore[no-untyped-def]
        started.append(config)
        return LocalExecutor()

    monkeypatch.setattr(pipeline, "executor_for", counted)
    return started


def test_one_executor_serves_every_stage_call_of_a_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from storydesk.pipeline import ingest_inputs, open_executor
    from storydesk.store import open_store

    started = _counting(monkeypatch)
    config = load_config(db=str(tmp_path / "s.db"))
    with open_store(config.db) as store, open_executor(config) as executor:
        assert ingest_inputs([str(EXAMPLE / "text")], store, config, executor=executor).counts["ingested"] >= 10
        assert sum(ingest_inputs([str(EXAMPLE / "html")], store, config, executor=executor).counts.values()) >= 1
    assert len(started) == 1  # a Dask cluster starts once per command, not once per stage


def test_a_command_with_nothing_to_do_starts_no_executor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from storydesk.pipeline import annotate_articles, open_executor
    from storydesk.store import open_store

    started = _counting(monkeypatch)
    config = load_config(db=str(tmp_path / "s.db"))
    with open_store(config.db) as store, open_executor(config) as executor:
        assert annotate_articles(store, config, executor=executor).counts["annotated"] == 0
    assert started == []


@pytest.mark.slow
def test_dask_workers_keep_glibcs_adaptive_malloc() -> None:
    """A local cluster's workers do not get the nanny's MALLOC_TRIM_THRESHOLD_ (17% more CPU)."""
    import os

    pytest.importorskip("distributed", reason="pip install 'storydesk[distributed]'")
    from storydesk.engine.distributed import DaskExecutor

    before = os.environ.get("MALLOC_TRIM_THRESHOLD_")  # the nanny also sets it in this process
    executor = DaskExecutor(1)
    try:
        seen = executor._client.run(os.environ.get, "MALLOC_TRIM_THRESHOLD_")
    finally:
        executor.close()
    assert list(seen.values()) == [before]


class _BreaksOnSubmit:
    """A pool whose worker died after the last result was read: its next submit refuses."""

    def __init__(self, refuse: bool) -> None:
        self.refuse = refuse

    def submit(self, fn, *args):  # type: ignore[no-untyped-def]
        import concurrent.futures
        from concurrent.futures.process import BrokenProcessPool

        if self.refuse:
            raise BrokenProcessPool("a child process terminated abruptly")
        done: concurrent.futures.Future = concurrent.futures.Future()
        done.set_result(fn(*args))
        return done

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        pass


def test_a_pool_broken_between_batches_is_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    """CI caught a worker killed between two submits: submit raised BrokenProcessPool and the run
    failed, where a pool broken while waiting for a result was replaced."""
    from concurrent.futures.process import BrokenProcessPool

    pools = iter([_BreaksOnSubmit(refuse=True), _BreaksOnSubmit(refuse=False)])
    monkeypatch.setattr(ProcessPoolExecutor, "_new_pool", lambda self: next(pools))
    config = load_config()
    expected = [(r.records, r.rejected) for r in LocalExecutor().map(clean.articles, _batches(), config)]
    got = [(r.records, r.rejected) for r in ProcessPoolExecutor(2).map(clean.articles, _batches(), config)]
    assert got == expected

    pools = iter([_BreaksOnSubmit(refuse=True)] * 3)
    with pytest.raises(BrokenProcessPool):  # more deaths than restarts: the error, not a hang
        list(ProcessPoolExecutor(2, restarts=0).map(clean.articles, _batches(), config))
