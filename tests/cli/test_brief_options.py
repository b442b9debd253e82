"""`storydesk brief` passes its engine options to the run, as `ingest` and `analyse` do."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from storydesk import pipeline
from storydesk.cli import app


@pytest.mark.parametrize(
    ("flags", "engine", "workers"),
    [([], "local", 1), (["--workers", "2"], "local", 2), (["--engine", "dask", "--workers", "3"], "dask", 3)],
)
def test_brief_runs_with_the_workers_and_engine_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flags: list[str], engine: str, workers: int
) -> None:
    seen: list[Any] = []

    def fake_run_brief(inputs, store, config, out_dir, progress):  # type: ignore[no-untyped-def]
        seen.append(config)
        return pipeline.RunSummary(), []

    monkeypatch.setattr(pipeline, "run_brief", fake_run_brief)
    result = CliRunner().invoke(
        app, ["brief", str(tmp_path), "--db", str(tmp_path / "s.db"), "-o", str(tmp_path / "out"), *flags]
    )
    [config] = seen
    assert (config.engine, config.workers) == (engine, workers), result.output
