"""The link stage on the real example story (../shared/examples/iraq-withdrawal)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

pytestmark = [pytest.mark.shared, pytest.mark.models, pytest.mark.slow]


@cache
def _checks(folder: str) -> dict[str, float]:
    from bench.bench_link_examples import checks, run_example

    return checks(run_example(Path(folder)))


@pytest.fixture
def checks(shared: Path) -> dict[str, float]:
    return _checks(str(shared / "examples" / "iraq-withdrawal"))


def test_sudani_spellings_are_one_entity(checks):
    assert checks["sudani_one_entity"] == 1


def test_troops_figure_has_four_sources_and_2003_stays_apart(checks):
    assert checks["troops_2500_four_sources"] == 1
    assert checks["troops_130000_apart"] == 1


def test_tower22_attack_is_one_event_with_two_sources(checks):
    assert checks["tower22_one_event_two_sources"] == 1


def test_baghdad_strike_is_one_event_with_conflicts(checks):
    assert checks["baghdad_one_event_two_sources"] == 1
    assert checks["baghdad_mode_conflict"] == 1 and checks["baghdad_victim_conflict"] == 1
