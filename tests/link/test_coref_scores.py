"""The coreference scorer against cases worked out by hand."""

from __future__ import annotations

import pytest

from storydesk.link.coref_scores import b_cubed, ceaf_e, clusters_from_labels, conll_scores, muc

# Key {a,b,c} {d,e,f,g}; response {a,b} {c,d} {f,g,h,i} (the worked example of Pradhan et al. 2014).
KEY = [frozenset("abc"), frozenset("defg")]
RESPONSE = [frozenset("ab"), frozenset("cd"), frozenset("fghi")]


def test_muc_by_hand():
    s = muc(KEY, RESPONSE)
    # recall: (3-2)+(4-3) of (2+3) links; precision: (2-1)+(2-2)+(4-3) of (1+1+3)
    assert s.recall == pytest.approx(2 / 5) and s.precision == pytest.approx(2 / 5)


def test_b_cubed_by_hand():
    s = b_cubed(KEY, RESPONSE)
    assert s.recall == pytest.approx((4 / 3 + 1 / 3 + 1 / 4 + 4 / 4) / 7)
    assert s.precision == pytest.approx((4 / 2 + 1 / 2 + 1 / 2 + 4 / 4) / 8)


def test_ceaf_e_by_hand():
    s = ceaf_e(KEY, RESPONSE)
    # best alignment: abc-ab (2*2/5) and defg-fghi (2*2/8)
    assert s.recall == pytest.approx(1.3 / 2) and s.precision == pytest.approx(1.3 / 3)


def test_perfect_and_degenerate_partitions():
    perfect = conll_scores(KEY, KEY)
    assert perfect["conll_f1"] == pytest.approx(1.0)
    singles = [frozenset([m]) for m in "abcdefg"]
    s = conll_scores(KEY, singles)
    assert s["muc_r"] == 0 and s["b3_p"] == pytest.approx(1.0)
    assert s["ceafe_r"] == pytest.approx((2 / 4 + 2 / 5) / 2)


def test_clusters_from_labels():
    got = clusters_from_labels({"a": 1, "b": 1, "c": 2})
    assert sorted(map(sorted, got)) == [["a", "b"], ["c"]]
