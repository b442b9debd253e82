"""Linking stories on the executor's workers, each reading annotations from the store itself."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from storydesk.annotate import version as annotate_version
from storydesk.config import Config, load_config
from storydesk.engine import LocalExecutor, ProcessPoolExecutor
from storydesk.model import Annotations, StageResult
from storydesk.pipeline import LinkFromStore, _workers_read, link_store
from storydesk.store import open_store
from tests.engine.content import differences, store_content
from tests.link.records import article
from tests.link.scenario import ARTICLES, annotations

#: A second story, apart from the scenario's: the link step then has several groups to share.
OTHER = article(
    "Heavy rain flooded the valley town of Marrow on Tuesday, and the river rose two metres.",
    title="Floods in Marrow", published="2025-03-04", outlet="five",
)


def _filled(path: Path) -> str:
    return _filled_url(str(path))


def _filled_url(url: str) -> str:
    anns = annotations()
    with open_store(url) as store, store.atomic():
        for a in (*ARTICLES.values(), OTHER):
            store.put_article(a)
            store.put_annotations(anns.get(a.id) or Annotations(article_id=a.id), annotate_version())
    return url


def _linked(url: str, config: Config, executor: Any = None) -> dict:
    with open_store(url) as store:
        link_store(store, config, executor=executor)
        return store_content(store, with_state=False)


class Recording:
    """An executor that runs batches in this process and records how it was called."""

    workers_share_disk = True

    def __init__(self, unreachable: bool = False) -> None:
        self.calls: list[tuple[Any, int, int | None]] = []
        self.unreachable = unreachable

    def map(self, fn: Any, batches: Iterable[Sequence[Any]], config: Config, *,
            window: int | None = None) -> Iterator[StageResult]:
        batches = list(batches)
        self.calls.append((fn, len(batches), window))
        for batch in batches:
            # A worker that cannot open the store answers as LinkFromStore does.
            yield StageResult(stats={"store_unreachable": 1}) if self.unreachable else fn(batch, config)

    def close(self) -> None:
        pass


def test_workers_link_what_the_driver_links(tmp_path: Path) -> None:
    config = load_config(db=str(tmp_path / "a.db"), batch_size=1, workers=2)
    reference = _linked(_filled(tmp_path / "a.db"), dataclasses.replace(config, workers=1))
    assert len(reference["stories"]) >= 2
    recording = Recording()
    got = _linked(_filled(tmp_path / "b.db"), config, recording)
    assert got == reference, "\n".join(differences(reference, got))
    [(fn, groups, window)] = recording.calls
    assert isinstance(fn, LinkFromStore) and fn.url == str(tmp_path / "b.db")
    assert groups == len(reference["stories"]) and window == groups  # every group in flight


def test_stories_a_worker_cannot_read_are_linked_on_the_driver(tmp_path: Path) -> None:
    config = load_config(db=str(tmp_path / "a.db"), batch_size=1, workers=2)
    reference = _linked(_filled(tmp_path / "a.db"), dataclasses.replace(config, workers=1))
    recording = Recording(unreachable=True)
    got = _linked(_filled(tmp_path / "b.db"), config, recording)
    assert recording.calls and got == reference


def test_a_worker_that_cannot_open_the_store_says_so(tmp_path: Path) -> None:
    (tmp_path / "not-a-store.db").write_bytes(b"\x00garbage, not SQLite" * 100)
    stories = [object()]  # never read: the store does not open
    for url in (tmp_path / "not-a-store.db", tmp_path / "elsewhere" / "s.db"):
        result = LinkFromStore(str(url))(stories, Config())  # type: ignore[arg-type]
        assert result.stats == {"store_unreachable": 1} and not result.records
    # A SQLite path that is not on this worker's disk is not created empty here.
    assert not (tmp_path / "elsewhere").exists()
    # A database server the worker cannot reach (nothing listens on port 9), or no psycopg here.
    result = LinkFromStore("postgresql://storydesk@127.0.0.1:9/none")(stories, Config())  # type: ignore[arg-type]
    assert result.stats == {"store_unreachable": 1} and not result.records


@pytest.mark.postgres
def test_workers_link_from_a_postgresql_store(tmp_path: Path, pg_server) -> None:  # type: ignore[no-untyped-def]
    config = load_config(db=str(tmp_path / "a.db"), batch_size=1, workers=2)
    reference = _linked(_filled(tmp_path / "a.db"), dataclasses.replace(config, workers=1))
    url = pg_server.new_database()
    recording = Recording()
    recording.workers_share_disk = False  # a remote cluster: PostgreSQL is still theirs to read
    got = _linked(_filled_url(url), dataclasses.replace(config, db=url), recording)
    assert recording.calls and got["stories"] == reference["stories"]


def test_link_stays_on_the_driver_without_workers_or_a_shared_store(tmp_path: Path) -> None:
    two = load_config(db=":memory:", workers=2)
    groups = [[1], [2]]
    with open_store(":memory:") as memory, open_store(str(tmp_path / "s.db")) as file:
        assert not _workers_read(memory, two, Recording(), groups)  # nobody else can open it
        assert not _workers_read(file, dataclasses.replace(two, workers=1), Recording(), groups)
        assert not _workers_read(file, two, Recording(), groups[:1])  # nothing to share
        assert not _workers_read(file, two, object(), groups)  # workers on other machines
        assert _workers_read(file, two, Recording(), groups)
        assert LocalExecutor.workers_share_disk and ProcessPoolExecutor.workers_share_disk


@pytest.mark.slow
def test_a_process_pool_links_what_the_driver_links(tmp_path: Path) -> None:
    config = load_config(db=str(tmp_path / "a.db"), batch_size=1, workers=2)
    reference = _linked(_filled(tmp_path / "a.db"), dataclasses.replace(config, workers=1))
    pool = ProcessPoolExecutor(2)
    try:
        got = _linked(_filled(tmp_path / "b.db"), config, pool)
    finally:
        pool.close()
    assert got == reference, "\n".join(differences(reference, got))
