"""Run ``storydesk analyse`` in this process, with a stand-in NLP pipeline when the model is absent.

The crash tests kill this process at random points. They are about what the store keeps, not
about annotation quality, so when the shipped spaCy model is not installed a blank English
pipeline with a sentencizer and a small entity ruler stands in for it (same code path after
``load_nlp``). ``--no-embedder`` links without sentence embeddings (much faster on a busy
machine). Usage: ``python -m tests.reliability.analyse_driver --db PATH [--require-model]
[--no-embedder]``.
"""

from __future__ import annotations

import sys
from typing import Any

from tests.test_ingest_pipeline import PLACES, SUBJECTS


def stand_in_nlp() -> Any:
    """Return a blank English pipeline that splits sentences and tags a few names."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [{"label": "GPE", "pattern": p} for p in PLACES]
        + [{"label": "ORG", "pattern": s.split()[-1].capitalize()} for s in SUBJECTS]
    )
    return nlp


def _install_stand_in() -> None:
    from storydesk.errors import ModelMissing
    from storydesk.nlp import pipeline

    try:
        pipeline.load_nlp()
    except ModelMissing:
        nlp = stand_in_nlp()
        pipeline.load_nlp = lambda: nlp  # type: ignore[assignment]


def main(argv: list[str]) -> None:
    """Run the analyse command with ``argv`` (minus our own flags)."""
    if "--no-embedder" in argv:
        import storydesk.pipeline

        storydesk.pipeline._embedder = lambda: None  # type: ignore[attr-defined]
    if "--require-model" not in argv:
        _install_stand_in()
    argv = [a for a in argv if a not in ("--require-model", "--no-embedder")]
    from storydesk.cli import app

    app(["analyse", *argv], standalone_mode=True)


if __name__ == "__main__":
    main(sys.argv[1:])
