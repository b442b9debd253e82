"""The whole pipeline on the bundled example: an engine run stores exactly what an in-process run does.

Workers import the stage code when they start: run this on a tree nobody is editing, or a
change landing between the two runs shows up as a difference (seen while the events rules were
being edited in a shared working tree; the same test passes on a frozen copy).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storydesk.config import load_config
from storydesk.pipeline import annotate_articles, ingest_inputs, link_store, open_executor
from storydesk.store import open_store
from tests.engine.content import differences, store_content

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "euphrates-drone-strikes" / "text"


def _run(db: str, *, shared: bool = False, **engine: object) -> dict:
    config = load_config(db=db, batch_size=3, **engine)
    with open_store(db) as store:
        if shared:  # one executor for every stage, as `storydesk brief` runs them
            with open_executor(config) as executor:
                ingest_inputs([str(EXAMPLE)], store, config, executor=executor)
                annotate_articles(store, config, executor=executor)
                link_store(store, config, executor=executor)  # stories linked on the workers
        else:
            ingest_inputs([str(EXAMPLE)], store, config)
            annotate_articles(store, config)
            with open_executor(config) as executor:
                link_store(store, config, executor=executor)
        return store_content(store)


@pytest.mark.models
@pytest.mark.slow
@pytest.mark.parametrize(
    "engine",
    [{"engine": "dask", "workers": 2, "shared": True}, {"engine": "local", "workers": 2}],
    ids=["dask-one-executor", "pool-executor-per-stage"],
)
def test_engine_run_stores_what_in_process_run_stores(tmp_path: Path, engine: dict) -> None:
    if engine["engine"] == "dask":
        pytest.importorskip("distributed", reason="pip install 'storydesk[distributed]'")
    reference = _run(str(tmp_path / "local.db"))
    assert reference["articles"] and reference["annotations"] and reference["stories"]
    assert any(a["mentions"] for a in reference["annotations"].values())
    got = _run(str(tmp_path / "engine.db"), **engine)
    assert got == reference, "\n".join(differences(reference, got))
