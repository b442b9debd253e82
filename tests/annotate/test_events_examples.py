"""The issue-5 targets on the example story in ../shared (skipped when it is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.bench_events_examples import checks, run_examples


@pytest.mark.shared
@pytest.mark.slow
def test_example_story_targets(shared: Path) -> None:
    root = shared / "examples" / "iraq-withdrawal"
    if not root.is_dir():
        pytest.skip(f"{root} is absent")
    annotated, _ = run_examples(root)
    missed = [name for name, ok in checks(annotated).items() if not ok]
    assert missed == []
    for a in annotated:
        for e in a.events:
            assert a.article.text[e.start : e.end] == e.text
        for f in a.figures:
            assert a.article.text[f.start : f.end] == f.text
