"""SIGKILL during ingest and analyse: after a re-run nothing is lost, duplicated or half-written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.crash_trials import analyse_trial, ingest_trial


@pytest.mark.slow
@pytest.mark.parametrize("seed", [11, 12])
def test_sigkill_mid_ingest_of_a_mixed_folder(tmp_path: Path, seed: int) -> None:
    trial = ingest_trial(tmp_path, seed, n_good=60)
    assert trial.killed, "the run finished before the kill: raise n_good"
    assert trial.before.articles < trial.after.articles
    assert not trial.before.problems, trial.before.problems  # consistent even right after the kill
    assert not trial.problems, trial.problems
    assert trial.same_as_reference


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.parametrize("seed", [13, 14])
def test_sigkill_mid_ingest_into_postgresql(tmp_path: Path, seed: int, pg_server) -> None:  # type: ignore[no-untyped-def]
    # The same trial against a real PostgreSQL server: a killed writer's open transaction is
    # rolled back by the server, and the re-run stores exactly what an uninterrupted run stores.
    trial = ingest_trial(tmp_path, seed, n_good=60, new_db=pg_server.new_database)
    assert trial.killed, "the run finished before the kill: raise n_good"
    assert trial.before.articles < trial.after.articles
    assert not trial.before.problems, trial.before.problems
    assert not trial.problems, trial.problems
    assert trial.same_as_reference


@pytest.fixture(scope="module")
def analyse_work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("analyse")


@pytest.mark.slow
@pytest.mark.parametrize("seed", [21, 22, 23])
def test_sigkill_mid_analyse(analyse_work: Path, seed: int) -> None:
    trial = analyse_trial(analyse_work, seed, n_good=40)
    assert trial.killed, f"the run finished before the kill ({trial.kill_point})"
    assert not trial.before.problems, trial.before.problems
    assert not trial.problems, trial.problems
    assert trial.after.annotated == trial.after.articles == 40
    assert trial.same_as_reference, "stories differ from an uninterrupted run"


@pytest.mark.slow
@pytest.mark.postgres
def test_sigkill_mid_analyse_on_postgresql(tmp_path: Path, pg_server) -> None:  # type: ignore[no-untyped-def]
    trial = analyse_trial(tmp_path, 24, n_good=40, pg=pg_server)
    assert trial.killed, f"the run finished before the kill ({trial.kill_point})"
    assert not trial.before.problems, trial.before.problems
    assert not trial.problems, trial.problems
    assert trial.after.annotated == trial.after.articles == 40
    assert trial.same_as_reference, "stories differ from an uninterrupted run"
