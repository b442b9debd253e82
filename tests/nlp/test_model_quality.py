"""The shipped NER still meets its pinned CoNLL++ floor (CI checks the model; it never retrains).

Reporting only: the test split was never used to train or tune (see the model card).
"""

from __future__ import annotations

import pytest

from bench.bench_ner import CONLLPP_TEST_FLOOR, score_conllpp
from bench.results_io import SHARED

pytestmark = [pytest.mark.models, pytest.mark.shared, pytest.mark.slow]


def test_shipped_ner_meets_the_conllpp_test_floor() -> None:
    path = SHARED / "data" / "conllpp-ner" / "conllpp_test.txt.gz"
    if not path.is_file():
        pytest.skip(f"{path} is not here")
    from storydesk.nlp.pipeline import load_nlp

    metrics, details, n_docs, _, _ = score_conllpp(load_nlp(), path)
    assert n_docs > 200
    assert metrics["f1"] >= CONLLPP_TEST_FLOOR, (metrics, details)
