"""Key figures on hand-written sentences: unit, subject, hedge, place, time, and what is skipped."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from storydesk.annotate.figures import find_figures
from storydesk.annotate.figures_quantities import find_quantities
from storydesk.model import Article, DateExpr, Figure, Mention, Sentence


def _sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    for line in re.finditer(r"[^\n]+", text):
        for m in re.finditer(r"\S.*?(?:[.!?](?=\s|$)|$)", line.group()):
            start, end = line.start() + m.start(), line.start() + m.end()
            out.append(Sentence(article_id="a1", start=start, end=end, text=text[start:end], index=len(out)))
    return out


def _figures(text: str, mentions: list[Mention] | None = None, dates: list[DateExpr] | None = None) -> tuple[Figure, ...]:
    article = Article(id="a1", input="test", text=text, published="2024-02-01")
    return find_figures(article, _sentences(text), mentions or [], dates or [])


def _gpe(text: str, name: str) -> list[Mention]:
    return [
        Mention(article_id="a1", start=m.start(), end=m.end(), label="GPE", text=name)
        for m in re.finditer(re.escape(name), text)
    ]


def test_troop_figures_with_places_and_hedges() -> None:
    text = "Roughly 1,200 French troops are based in Chad, while about 400 French troops are stationed in Niger."
    figs = _figures(text, _gpe(text, "Chad") + _gpe(text, "Niger"))
    assert [(f.value, f.unit, f.subject, f.approx, f.place, f.time) for f in figs] == [
        (1200, "troops", "French troops", "about", "Chad", None),
        (400, "troops", "French troops", "about", "Niger", None),
    ]
    for f in figs:
        assert text[f.start : f.end] == f.text


def test_elliptical_second_number_borrows_the_unit() -> None:
    text = "There are now about 600 Dutch soldiers in Mali and 250 in Jordan."
    figs = _figures(text, _gpe(text, "Mali") + _gpe(text, "Jordan"))
    assert [(f.value, f.unit, f.place) for f in figs] == [(600, "soldiers", "Mali"), (250, "soldiers", "Jordan")]


def test_past_figure_gets_its_year_and_is_not_the_current_one() -> None:
    text = ("The number of British troops in Kenya fell from about 8,000 during the emergency in 1955, "
            "and there are still 300 British troops in the country.")
    figs = _figures(text, _gpe(text, "Kenya"))
    past, now = figs
    assert (past.value, past.unit, past.time, past.place) == (8000, "troops", "1955", "Kenya")
    assert (now.value, now.unit, now.time, now.place) == (300, "troops", None, "Kenya")


def test_counts_of_things_and_vague_quantities() -> None:
    figs = _figures("Rebels hold an estimated 3.5 million small arms and carried out dozens of raids.")
    assert [(f.value, f.unit, f.approx) for f in figs] == [(3_500_000, "small arms", "about"), (12, "raids", "vague")]
    figs = _figures("The group is blamed for more than 60 attacks on convoys.")
    assert [(f.value, f.unit, f.approx) for f in figs] == [(60, "attacks", "more than")]


def test_years_dates_ordinals_durations_and_chrome_are_skipped() -> None:
    text = ("By Jane Roe March 3, 2024 417\nOn 12 March 2019 the 3rd brigade left Outpost 7 after "
            "ten years. Many sources agree.")
    assert _figures(text) == ()


def test_quantities_parse_words_digits_and_hedges() -> None:
    text = "at least 40 men, twenty-five boats, 1.5 billion dollars, a dozen cars, tens of thousands"
    got = [(text[q.start : q.end], q.value, q.approx) for q in find_quantities(text)]
    assert got == [
        ("at least 40", 40, "at least"),
        ("twenty-five", 25, "exact"),
        ("1.5 billion", 1_500_000_000, "exact"),
        ("a dozen", 12, "exact"),
        ("tens of thousands", 10_000, "vague"),
    ]


def test_dates_from_the_date_layer_give_the_time() -> None:
    text = "Some 90,000 refugees crossed the border by the end of 2022."
    start = text.index("the end of 2022")
    d = DateExpr(article_id="a1", start=start, end=start + 15, text="the end of 2022", value="2022",
                 precision="year", earliest="2022-12-01", latest="2022-12-31")
    (fig,) = _figures(text, dates=[d])
    assert (fig.value, fig.unit, fig.approx, fig.time) == (90_000, "refugees", "about", "2022")


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200) | st.lists(st.sampled_from(
    ["about", "2,500", "US", "troops", "in", "Iraq", "dozens", "of", "attacks", "2003", ",", ".",
     "\n", "the number of", "and", "900", "—", "$", "5", "%", "Tower", "22"]), max_size=30).map(" ".join))
def test_spans_round_trip_on_arbitrary_text(text: str) -> None:
    for f in _figures(text, _gpe(text, "Iraq")):
        assert text[f.start : f.end] == f.text
        assert f.sentence is not None and f.sentence.resolves(text)


def test_a_range_after_its_unit_does_not_crash() -> None:
    # The unit ("deaths nationwide") comes before the range; nothing lies between the number and
    # the unit's end. This raised IndexError on a Timeline17 article and lost its annotations.
    text = "Officials put the number of deaths nationwide at 200 to 300 deaths, a count the group rejected."
    figs = _figures(text)
    for f in figs:
        assert text[f.start : f.end] == f.text
