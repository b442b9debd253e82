"""Figure groups: corroboration across sources, other times kept apart."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storydesk.link import group_figures

from .scenario import ARTICLES, annotations

FIGS = [f for a in annotations().values() for f in a.figures]


def test_same_figure_from_four_sources_and_2003_kept_apart():
    groups = group_figures(FIGS)
    now = [g for g in groups if g.value == 2500]
    assert len(now) == 1 and len(now[0].sources) == 4
    assert now[0].conflicts == ()
    then = [g for g in groups if g.value == 130000]
    assert len(then) == 1 and then[0].time == "2003" and len(then[0].sources) == 1
    for g in groups:
        for c in g.citations:
            assert ARTICLES[c.article_id].text[c.start : c.end] == c.text


def test_other_place_is_another_figure():
    import dataclasses

    moved = dataclasses.replace(FIGS[0], place="Syria")
    groups = group_figures([*FIGS, moved])
    assert len([g for g in groups if g.value == 2500]) == 2


@settings(max_examples=20, deadline=None)
@given(st.permutations(FIGS))
def test_grouping_is_order_independent(perm):
    assert group_figures(perm) == group_figures(FIGS)


def test_soldiers_and_troops_are_one_figure():
    import dataclasses

    other = dataclasses.replace(FIGS[1], unit="soldiers", subject="American soldiers", approx="exact")
    groups = group_figures([FIGS[0], other])
    assert len(groups) == 1 and len(groups[0].sources) == 2
