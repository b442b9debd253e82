"""Tests of temporal expression finding and normalization (storydesk.annotate.dates)."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storydesk.annotate.dates import VERSION, find_dates
from storydesk.model import DateExpr

PUB = "2024-01-31"  # a Wednesday


def one(text: str, expr: str, published: str | None = PUB, **kw: bool) -> DateExpr:
    """Return the single date found whose text is ``expr``."""
    found = [d for d in find_dates(text, "a1", published, **kw) if d.text == expr]
    assert len(found) == 1, (expr, find_dates(text, "a1", published, **kw))
    return found[0]


# --------------------------------------------------------------------------- the examples


def test_last_sunday_night_is_the_sunday_before_publication() -> None:
    d = one("Last Sunday night, rockets landed near the airport.", "Last Sunday night")
    assert (d.value, d.precision, d.relation) == ("2024-01-28", "day", "past")
    assert d.earliest == d.latest == "2024-01-28"


def test_day_month_without_year_takes_the_publication_year() -> None:
    d = one("On 28 January, a convoy was hit on the highway.", "28 January", "2024-02-02")
    assert d.value == "2024-01-28"
    us = one("On January 28, a convoy was hit on the highway.", "January 28", "2024-02-02")
    assert us.value == "2024-01-28"


def test_past_day_month_after_publication_moves_to_the_previous_year() -> None:
    d = one("The depot was bombed on 3 December.", "3 December", "2024-01-10")
    assert d.value == "2023-12-03"


def test_future_day_month_stays_ahead() -> None:
    d = one("The envoys will meet again on 3 February.", "3 February", "2024-01-10")
    assert (d.value, d.relation) == ("2024-02-03", "future")


def test_last_week_is_the_iso_week_before() -> None:
    d = one("Talks stalled last week in the capital.", "last week")
    assert (d.value, d.precision) == ("2024-W04", "week")
    assert (d.earliest, d.latest) == ("2024-01-22", "2024-01-28")


def test_since_a_day_is_ongoing_and_the_most_recent_past_one() -> None:
    d = one("Shelling has continued since October 7.", "October 7")
    assert (d.value, d.relation) == ("2023-10-07", "ongoing")


def test_year_and_since_year() -> None:
    assert one("The base was built in 2014.", "2014").value == "2014"
    assert one("The base was built in 2014.", "2014").precision == "year"
    assert one("Patrols have run since 2015.", "2015").relation == "ongoing"


def test_plans_by_end_of_year_and_by_month_are_future() -> None:
    text = "The mission is to wind down by the end of 2025, and the last units are slated to go by September 2026."
    end = one(text, "the end of 2025", "2024-09-27")
    month = one(text, "September 2026", "2024-09-27")
    assert (end.value, end.precision, end.relation) == ("2025", "year", "future")
    assert end.latest == "2025-12-31" and end.earliest is not None and end.earliest > "2025-06-30"
    assert (month.value, month.precision, month.relation) == ("2026-09", "month", "future")


def test_plans_are_future_even_without_a_publication_date() -> None:
    text = "The mission is to wind down by the end of 2025, and the last units are slated to go by September 2026."
    assert one(text, "the end of 2025", None).relation == "future"
    assert one(text, "September 2026", None).relation == "future"


def test_deadline_weekday_without_a_past_verb_is_ahead() -> None:
    d = one("The court has until Friday to rule.", "Friday")
    assert (d.value, d.relation) == ("2024-02-02", "future")


def test_weekday_in_past_tense_is_the_latest_one_before_publication() -> None:
    assert one("The minister resigned on Friday.", "Friday").value == "2024-01-26"
    assert one("The minister will resign on Friday.", "Friday").value == "2024-02-02"


@pytest.mark.parametrize(
    ("text", "expr", "value", "precision"),
    [
        ("Fighting eased yesterday.", "yesterday", "2024-01-30", "day"),
        ("The council meets today.", "today", "2024-01-31", "day"),
        ("Envoys arrive next month.", "next month", "2024-02", "month"),
        ("The bridge reopened in July 2023.", "July 2023", "2023-07", "month"),
        ("Prices peaked at the end of 2021.", "the end of 2021", "2021", "year"),
        ("The strike came on Monday.", "Monday", "2024-01-29", "day"),
        ("The crops failed last year.", "last year", "2023", "year"),
        ("Harvest ends in mid-July.", "mid-July", "2024-07", "month"),
        ("It happened in the 1990s.", "the 1990s", "199", "range"),
        ("Sales fell in the third quarter.", "the third quarter", "2023-Q3", "range"),
        ("The river froze last summer.", "last summer", "2023-SU", "season"),
        ("The valley flooded last Christmas.", "last Christmas", "2023-12-25", "day"),
    ],
)
def test_relative_expressions(text: str, expr: str, value: str, precision: str) -> None:
    d = one(text, expr)
    assert (d.value, d.precision) == (value, precision)


def test_last_winter_in_january_is_the_one_before_the_current_winter() -> None:
    assert one("The river froze last winter.", "last winter").value == "2022-WI"
    assert one("The river froze last winter.", "last winter", "2024-06-15").value == "2023-WI"


def test_mid_month_keeps_the_month_but_narrows_the_days() -> None:
    d = one("Harvest ends in mid-July.", "mid-July")
    assert d.earliest is not None and d.latest is not None
    assert "2024-07-05" < d.earliest < d.latest < "2024-07-25"


def test_currently_is_present_ref_and_ongoing() -> None:
    d = one("About 900 soldiers are currently deployed there.", "currently")
    assert (d.value, d.relation) == ("PRESENT_REF", "ongoing")


def test_years_earlier_counts_from_the_last_date_in_the_text() -> None:
    text = "The dam opened in 2010. Two years earlier, the valley had flooded."
    assert one(text, "Two years earlier").value == "2008"
    alone = "Two years earlier, the valley had flooded."
    assert one(alone, "Two years earlier").value == "2022"


def test_years_after_counts_forward_from_the_text() -> None:
    text = "The treaty was signed in 1990; 20 years after, it was torn up."
    assert one(text, "20 years after").value == "2010"


def test_ago_counts_from_publication() -> None:
    assert one("The plant closed three days ago.", "three days ago").value == "2024-01-28"
    assert one("The plant closed two years ago.", "two years ago").value == "2022"


def test_earlier_this_year_runs_up_to_publication_and_is_past() -> None:
    d = one("Exports slumped earlier this year.", "earlier this year")
    assert (d.value, d.earliest, d.latest, d.relation) == ("2024", "2024-01-01", PUB, "past")


def test_fractional_durations_use_smaller_units() -> None:
    found = {d.text: d.value for d in find_dates("They waited 2 1/2 years.", "a1", PUB, include_durations=True)}
    assert found == {"2 1/2 years": "P2Y6M"}


def test_durations_and_sets_only_when_asked() -> None:
    text = "The siege lasted three days and patrols now run every week."
    plain = find_dates(text, "a1", PUB)
    assert all(d.kind in ("date", "time") for d in plain)
    full = {d.text: d for d in find_dates(text, "a1", PUB, include_durations=True)}
    assert (full["three days"].value, full["three days"].kind) == ("P3D", "duration")
    assert (full["every week"].value, full["every week"].kind) == ("P1W", "set")


def test_clock_time_keeps_the_time_in_the_value() -> None:
    d = one("The blast came at 10:35 a.m. Sunday.", "10:35 a.m. Sunday")
    assert (d.value, d.kind, d.earliest) == ("2024-01-28T10:35", "time", "2024-01-28")


# --------------------------------------------------------------------------- unknown publication date


def test_without_publication_relative_dates_are_unknown_absolute_ones_resolved() -> None:
    found = {d.text: d for d in find_dates("On Friday and on 4 March 2019 the port shut.", "a1", None)}
    assert (found["Friday"].value, found["Friday"].precision, found["Friday"].earliest) == (
        "UNKNOWN", "unknown", None
    )
    assert found["4 March 2019"].value == "2019-03-04"


def test_anchor_inferred_marks_only_dates_resolved_from_publication() -> None:
    found = {
        d.text: d
        for d in find_dates("Last week and in 2014.", "a1", PUB, anchor_inferred=True)
    }
    assert found["Last week"].anchor_inferred is True
    assert found["2014"].anchor_inferred is False


# --------------------------------------------------------------------------- words that are not dates


@pytest.mark.parametrize(
    "text",
    [
        "Prices may rise and the crowd will march to the square.",
        "Leaves fall in the yard.",
        "The unit has 2500 troops and 1,999 vehicles.",
        "A quarter of the budget went to repairs.",
        "A 35-year-old man was hurt.",
    ],
)
def test_non_dates_are_left_alone(text: str) -> None:
    assert find_dates(text, "a1", PUB, include_durations=True) == ()


def test_version_is_a_nonempty_string() -> None:
    assert isinstance(VERSION, str) and VERSION


# --------------------------------------------------------------------------- properties

_DATEISH = st.sampled_from(
    [
        "last Sunday", "on 28 January", "since October 7", "by the end of 2025", "next month",
        "in 2014", "yesterday", "today", "mid-July", "two years earlier", "Friday", "last week",
        "the weekend", "three days", "every week", "10 p.m.", "the 1990s", "last winter",
        "recently", "currently", "in the third quarter", "20 years after,", "Christmas",
    ]
)
_FILLER = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
_PUBS = st.one_of(
    st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)).map(str)
)


@settings(max_examples=100, deadline=None)
@given(parts=st.lists(st.one_of(_DATEISH, _FILLER), max_size=8), published=_PUBS)
def test_spans_round_trip_and_past_never_after_publication(parts: list[str], published: str | None) -> None:
    text = " ".join(parts)
    for d in find_dates(text, "a1", published, include_durations=True):
        assert text[d.start : d.end] == d.text
        assert d.text == d.text.strip() and d.text
        if d.earliest and d.latest:
            assert d.earliest <= d.latest
        if published and d.relation == "past" and d.latest:
            assert d.latest <= published


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=200), published=_PUBS)
def test_never_crashes_on_arbitrary_text(text: str, published: str | None) -> None:
    for d in find_dates(text, "a1", published, include_durations=True):
        assert text[d.start : d.end] == d.text


def test_bad_publication_string_is_treated_as_unknown() -> None:
    d = one("They met on Friday.", "Friday", "not a date")
    assert d.value == "UNKNOWN"


def test_fast_enough_for_every_article() -> None:
    paragraph = (
        "Last Sunday night, a drone struck a base near the border, officials said on Monday. "
        "The coalition plans to end its mission by the end of 2025, and troops have been "
        "there since 2014. Talks resumed last week and will continue next month. "
    ) * 20
    start = time.perf_counter()
    for _ in range(10):
        find_dates(paragraph, "a1", PUB)
    per_call = (time.perf_counter() - start) / 10
    # About 10 ms on an idle core; the bound leaves room for a loaded CI machine but catches
    # a pattern that starts backtracking.
    assert per_call < 0.2


def test_no_catastrophic_backtracking_on_long_runs() -> None:
    for text in ("1 " * 5000, "the end of " * 500, "-" * 10000, "twenty " * 2000 + "days"):
        start = time.perf_counter()
        find_dates(text, "a1", PUB, include_durations=True)
        assert time.perf_counter() - start < 2.0


def test_relative_clause_on_the_dated_event_sets_its_tense() -> None:
    # The main clause's "planning" is a noun here; "that wounded" tells the attack is past.
    text = ("Officials confirmed a strike on a commander responsible for planning attacks, including "
            "the January 21 drone attack on the base in Syria that wounded seven troops.")
    assert one(text, "January 21").value == "2024-01-21"
    # Without such a clause, a future cue still moves a passed date to next year.
    assert one("The talks will resume on January 2.", "January 2").value == "2025-01-02"
