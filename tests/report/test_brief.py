"""The brief's content: cited summary, timeline kinds, sections present when inputs are thin."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from storydesk.config import Config
from storydesk.model import Annotations, Article, LinkedStory, Sentence, Story
from storydesk.report import brief
from storydesk.report.sentences import split_sentences
from storydesk.report.summary import compress, lexrank, rejection_reason, select_mmr
from storydesk.report.timeline import DatedSentence, select_entries


def _build(inp: dict):
    return brief(inp["stories"], inp["articles"], inp["annotations"], inp["copies"], inp["config"])


def _all_citations(story):
    for b in story.summary:
        yield from b.citations
    for t in story.timeline:
        yield from t.citations


def test_every_citation_resolves_to_the_cleaned_text(story_inputs):
    story = _build(story_inputs).stories[0]
    cits = list(_all_citations(story))
    assert cits
    for c in cits:
        assert story_inputs["articles"][c.article_id].text[c.start : c.end] == c.text


def test_summary_has_5_to_10_bullets_and_no_chrome_or_questions(story_inputs):
    story = _build(story_inputs).stories[0]
    assert 5 <= len(story.summary) <= 10
    texts = " ".join(b.text for b in story.summary)
    assert "views" not in texts  # the byline line with a view counter
    assert "?" not in texts
    assert story.headline == "Drone hits fuel depot in Qasr Lami"


def test_bullet_text_is_its_citation_with_a_capital(story_inputs):
    for b in _build(story_inputs).stories[0].summary:
        assert len(b.citations) == 1
        assert b.text[1:] == b.citations[0].text[1:]
        assert b.text[0] == b.citations[0].text[0].upper()


def test_leading_attribution_is_dropped_and_the_citation_covers_the_rest():
    text = "According to the harbour master, the ferry left two hours late because of the storm."
    s = Sentence(article_id="x", start=10, end=10 + len(text), text=text, index=0)
    c = compress(s)
    assert c.text == "the ferry left two hours late because of the storm."
    assert c.start == 10 + text.index("the ferry")
    wire = "KIRKUK, Mar 3 (Delta Wire) - Engineers restored power to the northern districts on Monday."
    c = compress(Sentence(article_id="x", start=0, end=len(wire), text=wire, index=0))
    assert c.text == "Engineers restored power to the northern districts on Monday." and c.start == wire.index("Eng")
    plain = Sentence(article_id="x", start=0, end=34, text="The ferry left late in the storm..", index=0)
    assert compress(plain).text == plain.text


def test_timeline_kinds_past_planned_background(story_inputs):
    tl = _build(story_inputs).stories[0].timeline
    kinds = {t.date: t.kind for t in tl}
    assert kinds["2026-03-03"] == "past"
    assert kinds["2026-06"] == "planned"
    assert kinds["2019-SP"] == "background"
    assert [t.date for t in tl][:2] == ["2019-SP", "2026-01"]  # ordered by first day
    assert all(t.citations for t in tl)


def test_thin_inputs_give_empty_sections_never_invented(story_inputs):
    inp = dict(story_inputs)
    inp["annotations"] = {}
    inp["stories"] = [LinkedStory(story=inp["stories"][0].story)]
    story = _build(inp).stories[0]
    assert story.events == () and story.figures == () and story.entities == ()
    assert story.contradictions == () and story.timeline == ()
    assert story.summary  # sentences are split by the report itself
    assert len(story.sources) == 3


def test_empty_story_and_no_stories():
    empty = LinkedStory(story=Story(id="s0", title="Nothing", article_ids=("missing",)))
    b = brief([empty], {}, {}, {}, Config())
    assert b.stories[0].summary == () and b.stories[0].headline == "Nothing"
    assert brief([], {}, {}, {}, Config()).stories == ()


def test_near_identical_sentences_make_one_bullet():
    body = "Rescue teams pulled eleven people from the collapsed market hall in the old quarter."
    other = [
        "The city council ordered an inspection of every building of the same age in the district.",
        "Shops around the market stayed closed while engineers checked the walls on the next morning.",
        "The hall had been renovated four years ago with money from a regional building fund.",
        "Families of the missing waited outside the cordon through the night and into the morning.",
        "Police said they had opened an investigation into the contractor who did the renovation.",
    ]
    articles, anns = {}, {}
    for i in range(4):
        text = body + "\n" + "\n".join(other[i:] + other[:i]) + "\n"
        aid = f"m{i}"
        articles[aid] = Article(id=aid, input=f"{aid}.txt", text=text, outlet=f"Outlet {i}")
        anns[aid] = Annotations(article_id=aid, sentences=split_sentences(aid, text))
    story = LinkedStory(story=Story(id="s", title="Market hall", article_ids=tuple(articles)))
    bullets = brief([story], articles, anns, {}, Config()).stories[0].summary
    assert sum(1 for b in bullets if "eleven people" in b.text) == 1
    assert len({b.text for b in bullets}) == len(bullets)


def test_rejection_reasons():
    assert rejection_reason("Is the ceasefire over after the second night of shelling in the town?") == "question"
    assert rejection_reason("Previous Article: council approves the new budget for next year.") == "chrome"
    assert rejection_reason("Drone Strike Hits Depot Near Border Town") == "headline-like"
    assert rejection_reason("\u201cWe will not leave this town, whatever happens to us.\u201d") == "quote-only"
    assert rejection_reason("-Omar field, where the two drones were shot down before dawn.") == "fragment"
    assert rejection_reason("said the talks would go on next week in the capital city.") == "fragment"
    assert rejection_reason("\" and threatened to strike again unless the soldiers leave.") == "fragment"
    assert rejection_reason("The council approved the new budget for the coming year on Monday.") is None


def test_lexrank_prefers_the_hub_sentence():
    v = np.array([[1, 0, 0], [0.8, 0.6, 0], [0.8, 0, 0.6], [0, 0, 1.0]], dtype=float)
    v = v / np.linalg.norm(v, axis=1, keepdims=True)
    scores = lexrank(v @ v.T)
    assert scores.argmax() in (0, 2) and scores.max() == 1.0


def test_mmr_skips_duplicates():
    v = np.array([[1.0, 0], [1.0, 0], [0, 1.0]])
    picked = select_mmr(np.array([1.0, 0.99, 0.5]), v, np.array([True, True, True]), 3)
    assert picked == [0, 2]


def test_adjacent_near_identical_timeline_entries_are_not_repeated():
    import datetime as dt

    texts = ["Troops crossed the river at dawn near the bridge.",
             "Troops crossed the river at dawn near the old bridge.",
             "Parliament voted on the budget after a long debate."]
    items = [
        DatedSentence(sentence=Sentence(article_id=f"a{i}", start=0, end=len(t), text=t, index=0),
                      date=d, precision="day", first_day=dt.date.fromisoformat(d),
                      last_day=dt.date.fromisoformat(d), future=False,
                      published=None)
        for i, (t, d) in enumerate(zip(texts, ["2024-05-01", "2024-05-02", "2024-05-03"]))
    ]
    v = np.array([[1.0, 0.1], [0.99, 0.12], [0.0, 1.0]])
    v = v / np.linalg.norm(v, axis=1, keepdims=True)
    chosen = select_entries(items, v, n_dates=3)
    assert [d for d, _ in chosen] == ["2024-05-01", "2024-05-03"]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab. ?!\n\"A1Mr")), max_size=120))
def test_split_sentences_is_stand_off(text):
    for s in split_sentences("x", text):
        assert text[s.start : s.end] == s.text and s.text.strip() == s.text and s.text


def test_vague_and_decade_dates_are_not_placed_on_the_timeline():
    from storydesk.model import DateExpr
    from storydesk.report.timeline import date_key

    def expr(value: str, precision: str, earliest: str | None = None) -> DateExpr:
        return DateExpr(article_id="x", start=0, end=3, text="now", value=value,
                        precision=precision, earliest=earliest)  # type: ignore[arg-type]

    assert date_key(expr("PRESENT_REF", "range", "2026-03-01")) is None
    assert date_key(expr("199X", "range", "1990-01-01")) is None
    assert date_key(expr("2024-SU", "season", "2024-06-21"))[1] == "season"
    assert date_key(expr("2024-01-28T10:35", "day"))[0] == "2024-01-28"
    assert date_key(expr("2024-01-28T10:35", "range", "2024-01-28"))[:2] == ("2024-01-28", "day")


class _BagOfWordsEmbedder:
    """A deterministic stand-in for the MiniLM embedder: hashed bag of words."""

    def encode(self, texts):
        import zlib

        out = np.zeros((len(texts), 64), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in t.lower().split():
                out[i, zlib.crc32(w.encode()) % 64] += 1.0
        return out


def test_brief_with_an_embedder(story_inputs):
    inp = story_inputs
    b = brief(inp["stories"], inp["articles"], inp["annotations"], inp["copies"], inp["config"],
              embedder=_BagOfWordsEmbedder())
    story = b.stories[0]
    assert 5 <= len(story.summary) <= 10 and story.timeline
    for c in _all_citations(story):
        assert inp["articles"][c.article_id].text[c.start : c.end] == c.text


def test_event_dates_place_sentences_without_a_date_in_them(story_inputs):
    import dataclasses as dc

    inp = dict(story_inputs)
    ann = inp["annotations"]["c_wire"]
    aid, text = "c_wire", inp["articles"]["c_wire"].text
    phrase = "Aid groups warned that hospitals rely on the depot for their generators."
    start = text.index(phrase)
    from storydesk.model import Citation, EventMention

    ev = EventMention(article_id=aid, start=start, end=start + 6, text=text[start : start + 6],
                      sentence=Citation(article_id=aid, start=start, end=start + len(phrase), text=phrase),
                      event_type="Strategic developments", date="2026-03-07", date_earliest="2026-03-07",
                      time_precision=1)
    inp["annotations"] = {**inp["annotations"], aid: dc.replace(ann, events=(ev,))}
    tl = _build(inp).stories[0].timeline
    entry = next(t for t in tl if t.date == "2026-03-07")
    assert entry.text == phrase and entry.kind == "past" and entry.precision == "day"
    assert entry.citations[0].start == start
