"""Canonical entities: spelling variants join, look-alikes stay apart."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storydesk.link import CuratedName, EntityIndex, canonical_entities
from storydesk.link.names import fuzzy_same, name_key, short_form_matches
from storydesk.model import Location

from .records import article, cite, mention

A = article(
    "Prime Minister Mohammed Shia al-Sudani met envoys in Baghdad. Later, al-Sudani said the "
    "Popular Mobilization Forces answer to the state. Kataeb Hezbollah denied a role. Tower 22 "
    "sits near the border. Officials in Iran stayed silent.",
    published="2024-02-01",
)
B = article(
    "Muhammad Shiite al-Sudani spoke to reporters. Sudani called the PMF a state body. "
    "Hezbollah in Lebanon issued its own statement. Drones hit T22 again. ISIS cells remain, and "
    "Daesh remnants were blamed in Iraq.",
    published="2024-02-02",
)

MENTIONS = [
    mention(A, "Mohammed Shia al-Sudani", "PERSON"),
    mention(A, "al-Sudani", "PERSON", nth=1),
    mention(A, "Baghdad", "GPE"),
    mention(A, "Popular Mobilization Forces", "ORG"),
    mention(A, "Kataeb Hezbollah", "ORG"),
    mention(A, "Tower 22", "FAC"),
    mention(A, "Iran", "GPE"),
    mention(B, "Muhammad Shiite al-Sudani", "PERSON"),
    mention(B, "Sudani", "PERSON", nth=1),
    mention(B, "PMF", "ORG"),
    mention(B, "Hezbollah", "ORG"),
    mention(B, "Lebanon", "GPE"),
    mention(B, "T22", "FAC"),
    mention(B, "ISIS", "ORG"),
    mention(B, "Daesh", "ORG"),
    mention(B, "Iraq", "GPE"),
]
CURATED = [CuratedName(name="Islamic State", aliases=("ISIS", "IS", "ISIL", "Daesh"))]


def _by_alias(entities):
    return {alias: e for e in entities for alias in e.aliases}


def test_transliteration_and_name_containment_join_one_person():
    ents = _by_alias(canonical_entities(MENTIONS, curated=CURATED))
    person = ents["Mohammed Shia al-Sudani"]
    assert ents["Muhammad Shiite al-Sudani"] is person
    assert ents["Sudani"] is person and ents["al-Sudani"] is person
    assert person.type == "PERSON" and len(person.mentions) == 4
    assert {c.article_id for c in person.mentions} == {A.id, B.id}


def test_acronyms_short_forms_and_curated_synonyms():
    ents = _by_alias(canonical_entities(MENTIONS, curated=CURATED))
    assert ents["PMF"] is ents["Popular Mobilization Forces"]
    assert ents["Popular Mobilization Forces"].name == "Popular Mobilization Forces"
    assert ents["T22"] is ents["Tower 22"]
    assert ents["ISIS"] is ents["Daesh"]


def test_look_alikes_stay_apart():
    ents = _by_alias(canonical_entities(MENTIONS, curated=CURATED))
    assert ents["Hezbollah"] is not ents["Kataeb Hezbollah"]
    assert ents["Iraq"] is not ents["Iran"]
    assert not fuzzy_same(name_key("Iraq"), name_key("Iran"))
    assert not fuzzy_same(name_key("Austria"), name_key("Australia"))
    assert fuzzy_same(name_key("Harakat al-Nujaba"), name_key("Harakat An-Nujaba"))


def test_surname_shared_by_two_people_is_not_guessed():
    t = article("Ali Hassan Kareem and Omar Saad Kareem spoke. Kareem said no more.")
    ents = canonical_entities(
        [mention(t, "Ali Hassan Kareem", "PERSON"), mention(t, "Omar Saad Kareem", "PERSON"),
         mention(t, "Kareem", "PERSON", nth=2)]
    )
    assert len(ents) == 3


def test_short_form_rule():
    assert short_form_matches("T22", "Tower 22")
    assert not short_form_matches("T22", "Tower 23")
    assert not short_form_matches("B22", "Tower 22")


def test_places_are_geocoded_and_citations_resolve():
    def lookup(name: str) -> Location | None:
        return Location(name="Baghdad", lat=33.3, lon=44.4, country="IQ", geo_precision=1) if name == "Baghdad" else None

    ents = canonical_entities(MENTIONS, curated=CURATED, lookup_place=lookup)
    texts = {A.id: A.text, B.id: B.text}
    for e in ents:
        for c in e.mentions:
            assert texts[c.article_id][c.start : c.end] == c.text
    baghdad = _by_alias(ents)["Baghdad"]
    assert baghdad.location is not None and baghdad.location.country == "IQ"
    index = EntityIndex(ents)
    assert index.resolve(cite(A, "al-Sudani", 1)) is _by_alias(ents)["Sudani"]
    # A span that is not itself a mention resolves through the names inside it.
    assert index.resolve(cite(A, "Kataeb Hezbollah denied")) is _by_alias(ents)["Kataeb Hezbollah"]


@settings(max_examples=25, deadline=None)
@given(st.permutations(MENTIONS))
def test_order_independent(perm):
    assert canonical_entities(perm, curated=CURATED) == canonical_entities(MENTIONS, curated=CURATED)


def test_arabic_transliterations_kunya_and_translated_group_names_join():
    t = article(
        "Hamid al-Rubaie led the talks. Hameed al-Rubaiy said more. Kadhim al-Saedi spoke for "
        "Saraya al-Fajr; Kazim al-Saadi denied it. The Fajr Brigades named Abu Yaser as commander. "
        "Abu Yaser al-Dulaimi was killed. Ali Hassan and Ali Hussein were both there."
    )
    ents = _by_alias(canonical_entities([
        mention(t, "Hamid al-Rubaie", "PERSON"), mention(t, "Hameed al-Rubaiy", "PERSON"),
        mention(t, "Kadhim al-Saedi", "PERSON"), mention(t, "Kazim al-Saadi", "PERSON"),
        mention(t, "Saraya al-Fajr", "ORG"), mention(t, "Fajr Brigades", "ORG"),
        mention(t, "Abu Yaser", "PERSON"), mention(t, "Abu Yaser al-Dulaimi", "PERSON"),
        mention(t, "Ali Hassan", "PERSON"), mention(t, "Ali Hussein", "PERSON"),
    ]))
    assert ents["Hamid al-Rubaie"] is ents["Hameed al-Rubaiy"]
    assert ents["Kadhim al-Saedi"] is ents["Kazim al-Saadi"]
    assert ents["Saraya al-Fajr"] is ents["Fajr Brigades"]
    assert ents["Abu Yaser"] is ents["Abu Yaser al-Dulaimi"]
    assert ents["Ali Hassan"] is not ents["Ali Hussein"]  # one skeleton, two names
