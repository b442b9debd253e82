"""Event mentions on hand-written sentences: types, mode, arguments, casualties, dates, context."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storydesk.annotate import events_lexicon as lex
from storydesk.annotate.events import find_events
from storydesk.annotate.events_classifier import load_event_classifier, read_classifier
from storydesk.annotate.figures_quantities import VAGUE_COUNTS
from storydesk.model import Article, DateExpr, EventMention, Mention, Sentence


def _article(text: str, published: str | None = "2024-02-01") -> Article:
    return Article(id="a1", input="test", text=text, published=published)


def _sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    for line in re.finditer(r"[^\n]+", text):
        for m in re.finditer(r"\S.*?(?:[.!?](?=\s|$)|$)", line.group()):
            start = line.start() + m.start()
            end = line.start() + m.end()
            if end > start:
                out.append(Sentence(article_id="a1", start=start, end=end, text=text[start:end], index=len(out)))
    return out


def _mention(text: str, phrase: str, label: str, nth: int = 0) -> Mention:
    start = [m.start() for m in re.finditer(re.escape(phrase), text)][nth]
    return Mention(article_id="a1", start=start, end=start + len(phrase), label=label, text=phrase)  # type: ignore[arg-type]


def _date(text: str, phrase: str, value: str, earliest: str, latest: str, precision: str = "day",
          relation: str = "past") -> DateExpr:
    start = text.index(phrase)
    return DateExpr(
        article_id="a1", start=start, end=start + len(phrase), text=phrase, value=value,
        precision=precision, relation=relation, earliest=earliest, latest=latest,  # type: ignore[arg-type]
    )


def _events(text: str, mentions: list[Mention] | None = None, dates: list[DateExpr] | None = None,
            published: str | None = "2024-02-01") -> tuple[EventMention, ...]:
    # rules alone: the shipped classifier (and its embedder) is exercised in the models test below
    return find_events(_article(text, published), _sentences(text), mentions or [], dates or [], classifier=None)


def test_drone_attack_is_an_air_strike_with_casualties_location_and_date() -> None:
    text = ("Late on Sunday, a drone attack on an American outpost near the Harbin base killed "
            "two soldiers and wounded at least 25 service members.")
    dates = [_date(text, "Late on Sunday", "2024-01-28", "2024-01-28", "2024-01-28")]
    mentions = [_mention(text, "American", "NORP"), _mention(text, "Harbin", "FAC")]
    (ev,) = _events(text, mentions, dates)
    assert (ev.event_type, ev.sub_event_type, ev.plover, ev.mode) == (
        "Explosions/Remote violence", "Air/drone strike", "ASSAULT", "drone")
    assert ev.text == "drone attack"
    assert (ev.killed, ev.injured) == (2, 25)
    assert ev.date == "2024-01-28" and ev.time_precision == 1
    assert ev.actor2 is not None and ev.actor2.text == "American"
    assert ev.location is not None and ev.location.text == "Harbin"
    assert ev.context == ()


def test_death_of_and_injury_of_phrasing() -> None:
    text = "The strike caused the death of four guards and the injury of at least 30 workers."
    (ev,) = _events(text)
    assert (ev.killed, ev.injured) == (4, 30)


def test_marches_read_as_drones_only_after_by() -> None:
    attack = _events("The watchtower was targeted by marches near the border, killing one guard.")
    assert attack[0].mode == "drone" and attack[0].sub_event_type == "Air/drone strike"
    protest = _events("Students held marches through the capital demanding cheaper bread.")
    assert all(e.mode != "drone" for e in protest)


def test_missile_and_us_strike_get_modes_and_actor() -> None:
    text = "Last week, the Americans killed Karim Dawood, a militia leader, in a missile strike in Basra."
    mentions = [_mention(text, "Americans", "NORP"), _mention(text, "Karim Dawood", "PERSON"),
                _mention(text, "Basra", "GPE")]
    dates = [_date(text, "Last week", "2024-W04", "2024-01-22", "2024-01-28", "week")]
    (ev,) = _events(text, mentions, dates)
    assert ev.sub_event_type == "Shelling/artillery/missile attack" and ev.mode == "missile"
    assert [v.text for v in ev.victims] == ["Karim Dawood"]
    assert ev.killed == 1
    assert ev.location is not None and ev.location.text == "Basra"
    assert ev.time_precision == 2 and ev.date_earliest == "2024-01-22"


def test_named_victim_and_counted_fighter_add_up() -> None:
    text = "Omar Haddad, the group's commander, and one fighter were killed."
    (ev,) = _events(text, [_mention(text, "Omar Haddad", "PERSON")])
    assert ev.killed == 2


def test_vague_counts_follow_acled() -> None:
    assert VAGUE_COUNTS["dozens"] == 12 and VAGUE_COUNTS["tens"] == 10 and VAGUE_COUNTS["hundreds"] == 100
    (ev,) = _events("Shelling of the market killed dozens of people.")
    assert ev.killed == 12
    (ev,) = _events("Clashes in the valley left hundreds wounded.")
    assert ev.injured == 100


def test_context_future_hypothetical_negated_historical() -> None:
    future = _events("The rebels will stage a protest in the capital next month.")
    assert "future" in future[0].context
    hypo = _events("Officials fear that militias could attack the airport.")
    assert "hypothetical" in hypo[0].context
    neg = _events("Police said there was no attack on the convoy.")
    assert "negated" in neg[0].context
    text = "The bombing of the embassy in 2003 still shapes the city."
    hist = _events(text, published="2025-06-01")
    assert "historical" in hist[0].context


def test_old_dated_event_in_a_later_article_is_historical() -> None:
    text = "On 28 January 2024, a drone struck the Harbin outpost, killing three soldiers."
    dates = [_date(text, "28 January 2024", "2024-01-28", "2024-01-28", "2024-01-28")]
    (old,) = _events(text, dates=dates, published="2025-06-15")
    assert old.context == ("historical",)
    (fresh,) = _events(text, dates=dates, published="2024-01-31")
    assert fresh.context == ()


def test_date_falls_back_to_paragraph_then_publication() -> None:
    text = "On 4 March, fighters stormed a checkpoint. The attack lasted two hours.\nRockets hit the town."
    dates = [_date(text, "4 March", "2024-03-04", "2024-03-04", "2024-03-04")]
    evs = _events(text, dates=dates, published="2024-03-10")
    by_text = {e.text: e for e in evs}
    # "The attack lasted two hours" refers back to the storming: not a second event
    assert "attack" not in by_text
    rockets = next(e for e in evs if e.mode == "rocket")
    assert rockets.date == "2024-03-10" and rockets.time_precision == 2
    assert rockets.date_earliest == "2024-03-04"


def test_aggregates_are_not_events_and_headings_are_skipped() -> None:
    text = "Escalating Attacks\nThe base has faced dozens of attacks since October."
    assert _events(text) == ()


def test_protest_subtypes_and_arrests_and_withdrawal_request() -> None:
    (p,) = _events("Teachers protested outside the ministry over unpaid wages.")
    assert (p.event_type, p.sub_event_type, p.plover) == ("Protests", "Peaceful protest", "PROTEST")
    (p,) = _events("Police fired tear gas to disperse demonstrators in the square.")
    assert p.sub_event_type == "Protest with intervention"
    evs = _events("Police detained five activists in the port city.")
    assert [e.sub_event_type for e in evs] == ["Arrests"]
    (w,) = _events("Lawmakers demanded the withdrawal of foreign troops from the country.")
    assert (w.sub_event_type, w.plover, w.mode) == ("Other", "REQUEST", "withdrawal")


def test_labour_strike_is_not_a_military_strike() -> None:
    evs = _events("Dock workers went on strike at the harbour.")
    assert [e.event_type for e in evs] == ["Protests"]


def test_actor1_from_by_phrase_and_modifier() -> None:
    text = "An attack launched by Hamas on Israel shocked the region."
    mentions = [_mention(text, "Hamas", "ORG"), _mention(text, "Israel", "GPE")]
    (ev,) = _events(text, mentions)
    assert ev.actor1 is not None and ev.actor1.text == "Hamas"
    text = "A Turkish airstrike hit a village."
    (ev,) = _events(text, [_mention(text, "Turkish", "NORP")])
    assert ev.actor1 is not None and ev.actor1.text == "Turkish"


def test_output_is_deterministic_and_sourced() -> None:
    text = "Gunmen shot dead a shopkeeper in Dara town. Later, rockets hit a market."
    first = _events(text)
    assert first == _events(text)
    for ev in first:
        assert text[ev.start : ev.end] == ev.text
        assert ev.sentence.resolves(text)


def test_every_trigger_rule_compiles_to_one_group() -> None:
    assert lex.TRIGGER_RE.groups >= len(lex.TRIGGERS)
    assert set(lex.MODE_TO_CASE.values()) <= set(lex.CASE_TO_ACLED)


_WORDS = st.sampled_from(
    ["attack", "killed", "drone", "by", "marches", "in", "Baghdad", "three", "dozens", "of",
     "wounded", "protest", "police", "2,500", "at least", "no", "will", ".", ",", "\n", "The",
     "strike", "on", "withdrawal", "demanded", "é", "—", "  ", "2003", "Tower 22", "killing"]
)


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.lists(_WORDS, max_size=40).map(" ".join), st.text(max_size=200)))
def test_spans_round_trip_on_arbitrary_text(text: str) -> None:
    sentences = _sentences(text)
    mentions = [
        Mention(article_id="a1", start=m.start(), end=m.end(), label="GPE", text=m.group())
        for m in re.finditer(r"Baghdad", text)
    ]
    for ev in find_events(_article(text), sentences, mentions, [], classifier=None):
        assert text[ev.start : ev.end] == ev.text
        for c in (ev.sentence, ev.actor1, ev.actor2, ev.location, *ev.victims):
            if c is not None:
                assert c.resolves(text)
        assert ev.killed is None or ev.killed >= 0


def test_classifier_artifact_round_trip(tmp_path: Path) -> None:
    import numpy as np

    from storydesk.annotate.events_classifier import EventTypeClassifier, make_vectorizer

    # a hand-set two-label model: "shelled" votes for shelling, "detained" for arrests
    ids = make_vectorizer().transform(["shelled", "detained"]).indices  # type: ignore[attr-defined]
    order = np.argsort(ids)
    columns = ids[order]
    coef = np.array([[0.0, 5.0], [5.0, 0.0]])[:, order]  # rows: ARREST, ART_MISS_ATTACK
    clf = EventTypeClassifier(labels=("ARREST", "ART_MISS_ATTACK"), columns=columns,
                              idf=np.ones(2), default_idf=2.0, coef=coef, intercept=np.zeros(2))
    clf.save(tmp_path)
    loaded = read_classifier(tmp_path)
    probe = ["rebels shelled a village", "the army detained two suspects"]
    assert loaded.predict(probe) == clf.predict(probe) == ["ART_MISS_ATTACK", "ARREST"]
    assert abs(sum(loaded.scores(probe[0]).values()) - 1.0) < 1e-9


@pytest.mark.models
def test_generic_trigger_gets_a_typed_subtype_from_the_classifier() -> None:
    text = "Gunmen attacked a village market, killing five civilians."
    rules = _events(text)
    assert rules[0].sub_event_type == "Attack"  # rules alone: civilians named, so an attack on them
    clf = load_event_classifier()
    if clf is None:
        pytest.skip("the shipped event classifier artifact is absent")
    (ev,) = find_events(_article(text), _sentences(text), [], [], classifier=clf)
    assert ev.event_type in ("Violence against civilians", "Battles")
    assert ev.killed == 5


def test_the_attack_refers_back_to_the_typed_event() -> None:
    text = "On 4 March, a drone struck a fuel depot near Kalto. The attack was condemned by the mayor."
    dates = [_date(text, "4 March", "2024-03-04", "2024-03-04", "2024-03-04")]
    # the back-reference adds no second event (it would be dated by the publication date)
    (first,) = _events(text, dates=dates, published="2024-03-10")
    assert first.sub_event_type == "Air/drone strike" and first.date == "2024-03-04"
    text = "On 4 March, a drone struck a fuel depot near Kalto. The attack killed two guards."
    first, second = _events(text, dates=dates, published="2024-03-10")
    assert second.mode == "drone" and second.date == "2024-03-04" and second.killed == 2
    other = _events("A drone struck a depot. Separately, an Israeli attack hit a port.", published="2024-03-10")
    assert other[1].mode != "drone"


def test_arguments_from_a_dependency_parse() -> None:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from storydesk.annotate.events_arguments import find_arguments

    def parse(words: list[str], heads: list[int], deps: list[str], pos: list[str]) -> Doc:
        spaces = [True] * (len(words) - 2) + [False, False]
        return Doc(Vocab(), words=words, spaces=spaces, heads=heads, deps=deps, pos=pos)

    doc = parse(["Rebels", "ambushed", "the", "patrol", "near", "Tessit", "."], [1, 1, 3, 1, 1, 4, 1],
                ["nsubj", "ROOT", "det", "dobj", "prep", "pobj", "punct"],
                ["NOUN", "VERB", "DET", "NOUN", "ADP", "PROPN", "PUNCT"])
    text = doc.text
    sent = Sentence(article_id="a1", start=0, end=len(text), text=text, index=0)
    args = find_arguments(text, sent, 7, 15, [], doc)
    assert (args.actor1.text, args.actor2.text, args.location.text) == ("Rebels", "the patrol", "Tessit")  # type: ignore[union-attr]
    doc = parse(["The", "patrol", "was", "ambushed", "by", "rebels", "."], [1, 3, 3, 3, 3, 4, 3],
                ["det", "nsubjpass", "auxpass", "ROOT", "agent", "pobj", "punct"],
                ["DET", "NOUN", "AUX", "VERB", "ADP", "NOUN", "PUNCT"])
    text = doc.text
    sent = Sentence(article_id="a1", start=0, end=len(text), text=text, index=0)
    args = find_arguments(text, sent, text.index("ambushed"), text.index("ambushed") + 8, [], doc)
    assert (args.actor1.text, args.actor2.text) == ("rebels", "The patrol")  # type: ignore[union-attr]


def test_events_read_arguments_from_a_parse_of_their_sentence_alone() -> None:
    """The annotate stage parses only trigger sentences, each as its own doc at an offset."""
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    # A deliberately odd parse ("Tessit" as the subject): the surface rules say "Rebels", so an
    # actor of "Tessit" at the right place in the article shows the parse was read, and where.
    parsed = Doc(Vocab(), words=["Rebels", "ambushed", "the", "patrol", "near", "Tessit", "."],
                 spaces=[True] * 5 + [False, False], heads=[1, 1, 3, 1, 5, 1, 1],
                 deps=["dep", "ROOT", "det", "dobj", "case", "nsubj", "punct"],
                 pos=["NOUN", "VERB", "DET", "NOUN", "ADP", "PROPN", "PUNCT"])
    prefix = "Markets in Gao reopened on Monday.\n"
    text = prefix + parsed.text
    asked: list[list[tuple[int, int]]] = []

    def parse(spans):  # type: ignore[no-untyped-def]
        asked.append(list(spans))
        return [(parsed, len(prefix)) for _ in spans]

    start = text.index("Tessit")
    mentions = [Mention(article_id="a1", start=start, end=start + 6, label="GPE", text="Tessit")]
    (without,) = find_events(_article(text), _sentences(text), mentions, [], None, classifier=None)
    assert without.actor1 is not None and without.actor1.text == "Rebels"
    (ev,) = find_events(_article(text), _sentences(text), mentions, [], parse, classifier=None)
    assert asked == [[(len(prefix), len(text))]]  # once per article, only the trigger sentence
    assert ev.actor1 is not None and ev.actor1.text == "Tessit"
    assert ev.actor1.start == start and text[ev.actor1.start : ev.actor1.end] == "Tessit"


def test_planned_end_of_mission_is_a_future_retreat() -> None:
    text = "The allies said their training missions are slated to wrap up by the end of 2027."
    start = text.index("the end of 2027")
    d = DateExpr(article_id="a1", start=start, end=start + 15, text="the end of 2027", value="2027",
                 precision="year", relation="future", earliest="2027-12-01", latest="2027-12-31")
    (ev,) = _events(text, dates=[d], published="2026-01-10")
    assert (ev.plover, ev.mode) == ("RETREAT", "withdrawal")
    assert "future" in ev.context and ev.date == "2027" and ev.time_precision == 3
    assert ev.actor1 is None or "2027" not in ev.actor1.text


def test_split_fragments_are_rejoined_before_reading_events() -> None:
    from storydesk.annotate.events_sentences import sentence_units

    text = 'Late on Sunday a drone attack on the "Post\n22" camp killed two guards. Next one.\nA heading'
    cut = [text.index("attack on"), text.index('"Post') + 5]
    pieces = [(0, cut[0]), (cut[0], cut[1]), (text.index("22"), text.index("Next") - 1),
              (text.index("Next"), text.index("\nA")), (text.index("A heading"), len(text))]
    sents = [Sentence(article_id="a1", start=a, end=b, text=text[a:b], index=i) for i, (a, b) in enumerate(pieces)]
    units = sentence_units(text, sents)
    # joined within a line until a full stop; the line break after "Post" still ends a unit
    assert [u.text for u in units] == [text[: cut[1]], text[pieces[2][0] : pieces[2][1]], "Next one.", "A heading"]
    for u in units:
        assert text[u.start : u.end] == u.text


def test_intercepted_attack_is_one_disrupted_weapons_event() -> None:
    found = _events("Coalition air defences shot down two drones approaching the base late on Wednesday.")
    assert [(e.event_type, e.sub_event_type) for e in found] == [("Strategic developments", "Disrupted weapons use")]
    # With casualties the attack that got through is still told apart.
    found = _events("Air defences shot down two drones, but a third struck the base and wounded two soldiers.")
    assert any(e.event_type == "Explosions/Remote violence" for e in found)
