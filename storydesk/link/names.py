"""Name keys for canonical entities: transliteration folding, acronyms, short forms, guards."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from rapidfuzz import fuzz

# Arabic article variants written as a separate or hyphenated token ("al-Sudani", "An-Nujaba").
_PARTICLES = frozenset({"al", "el", "an", "ar", "as", "ad", "ash", "at", "az", "ul", "bin", "ibn"})
# Legal-form words that do not change which company is meant ("Boeing Co." is "Boeing").
_CORPORATE = frozenset({"co", "corp", "corporation", "inc", "incorporated", "ltd", "limited", "plc",
                        "llc", "company", "sa", "sas", "ag", "nv", "gmbh"})
_STOP = frozenset({"the", "of", "and", "for", "in", "on", "a", "an", "de", "du", "la", "le", "&"})

# Spelling families seen in transliterated news names; each maps to one key spelling.
_SPELLINGS: dict[str, str] = {
    **dict.fromkeys(
        ("mohammed", "muhammad", "mohammad", "mohamed", "muhammed", "mohamad", "mohammmed",
         "mohamud", "mehmed", "muhamad"),
        "muhammad",
    ),
    **dict.fromkeys(("shia", "shiite", "shiah", "shi'ite", "shiites", "shias", "shi'a"), "shia"),
    **dict.fromkeys(("sunni", "sunnite", "sunnis"), "sunni"),
    **dict.fromkeys(("kataeb", "kataib", "kata'ib", "katai'b", "kata'eb"), "kataib"),
    **dict.fromkeys(("hezbollah", "hizbollah", "hizballah", "hizbullah", "hezbolla"), "hezbollah"),
    **dict.fromkeys(("qaeda", "qaida", "qa'ida", "qa'eda"), "qaeda"),
    **dict.fromkeys(("ahmed", "ahmad"), "ahmad"),
    **dict.fromkeys(("hussein", "husain", "hussain", "husayn", "hossein"), "husayn"),
    **dict.fromkeys(("mobilization", "mobilisation"), "mobilization"),
    **dict.fromkeys(("organization", "organisation"), "organization"),
    **dict.fromkeys(("defense", "defence"), "defense"),
}

# Pairs that look alike but name different things; fuzzy matching must never join them.
CONFUSABLE: frozenset[frozenset[str]] = frozenset(
    frozenset(p)
    for p in (
        ("iraq", "iran"),
        ("iraqi", "iranian"),
        ("austria", "australia"),
        ("niger", "nigeria"),
        ("sudan", "south sudan"),
        ("guinea", "guinea bissau"),
        ("dominica", "dominican republic"),
        ("slovakia", "slovenia"),
        ("georgia", "georgia state"),
        ("congo", "dr congo"),
        ("korea", "north korea"),
        ("korea", "south korea"),
        ("north korea", "south korea"),
        ("hezbollah", "kataib hezbollah"),
    )
)

_APOS = re.compile(r"[\u2018\u2019\u02bc\u02bf\u02be'`´]")
_NONWORD = re.compile(r"[^\w\s]+")
_SHORT_FORM = re.compile(r"^([a-z]+)(\d+)$")


@functools.lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Fold case, accents, apostrophes and punctuation so spellings compare as keys."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _APOS.sub("", text)
    text = _NONWORD.sub(" ", text.replace("-", " "))
    return " ".join(text.split())


def name_tokens(text: str) -> tuple[str, ...]:
    """Return the content tokens of a name with spelling families unified and particles dropped."""
    toks = fold(text).split()
    if toks and toks[0] == "the":
        toks = toks[1:]
    out = [_SPELLINGS.get(t, t) for t in toks if t not in _PARTICLES]
    while len(out) > 1 and out[-1] in _CORPORATE:
        out.pop()
    # Possessive and plural noise ("Iraq's" folds to "iraqs"): only strip when a longer form stays.
    return tuple(out) if out else tuple(toks)


@functools.lru_cache(maxsize=200_000)
def name_key(text: str) -> str:
    """Return the exact-match key of a name (spelling families and particles normalized)."""
    return " ".join(name_tokens(text))


def acronym(text: str) -> str | None:
    """Return the initials of a multi-word name (Popular Mobilization Forces -> pmf)."""
    toks = [t for t in fold(text).split() if t not in _STOP and t not in _PARTICLES]
    if len(toks) < 2:
        return None
    return "".join(t[0] for t in toks if t)


def is_acronym_form(text: str) -> bool:
    """Say whether a surface form is written as an acronym (PMF, I.S., ISIS)."""
    letters = re.sub(r"[.\s]", "", text)
    return 2 <= len(letters) <= 7 and letters.isalpha() and letters.isupper()


def short_form_matches(short: str, long: str) -> bool:
    """Say whether ``short`` is a letter+number short form of ``long`` (T22 / Tower 22)."""
    m = _SHORT_FORM.match(fold(short).replace(" ", ""))
    if not m:
        return False
    letters, number = m.groups()
    toks = fold(long).split()
    if number not in toks:
        return False
    words = [t for t in toks if not t.isdigit() and t not in _STOP]
    return bool(words) and "".join(w[0] for w in words) == letters


def confusable(a: str, b: str) -> bool:
    """Say whether two keys are a known look-alike pair that must stay apart."""
    return frozenset((a, b)) in CONFUSABLE


_DIGRAPHS = (("dh", "z"), ("th", "t"), ("kh", "k"), ("gh", "g"), ("sh", "s"), ("q", "k"), ("ph", "f"))
_VOWELS = re.compile(r"[aeiouy]+")


@functools.lru_cache(maxsize=100_000)
def skeleton(token: str) -> str:
    """Return a token's consonant skeleton for transliteration variants of Arabic names.

    "hamid"/"hameed" -> "hmd", "kadhim"/"kazim" -> "kzm", "rubaie"/"rubaiy" -> "rb": Latin
    spellings of one Arabic name differ mostly in vowels, doubled letters and digraphs.
    """
    t = token
    for a, b in _DIGRAPHS:
        t = t.replace(a, b)
    t = re.sub(r"(.)\1+", r"\1", t)
    return t[:1] + _VOWELS.sub("", t[1:])


def _skeleton_same(x: str, y: str) -> bool:
    # Same first letter, a skeleton of two consonants or more, and still alike as strings:
    # "hamid"/"hameed" pass; "hamid"/"hammad" share "hmd" too, a risk accepted only for people
    # (the caller), where two spellings of one name in one story are far likelier.
    # "hassan"/"husayn" share "hsn" too but are two names: the string ratio (50) keeps them apart.
    sx = skeleton(x)
    return x[0] == y[0] and sx == skeleton(y) and len(sx) >= 2 and fuzz.ratio(x, y) >= 70


def transliteration_same(a: str, b: str) -> bool:
    """Say whether two person-name keys are transliteration variants, token by token."""
    ta, tb = a.split(), b.split()
    if len(ta) != len(tb) or a == b:
        return a == b
    return all(x == y or _skeleton_same(x, y) for x, y in zip(ta, tb))


#: Arabic group-name heads and their usual English renderings: "Kataib Hezbollah" is reported as
#: "Hezbollah Brigades", "Jaish al-Mahdi" as "the Mahdi Army", "Saraya al-Fajr" as "Fajr Brigades".
GROUP_TRANSLATIONS: dict[str, tuple[str, ...]] = {
    "saraya": ("brigades", "companies"),
    "kataib": ("brigades", "battalions"),
    "liwa": ("brigade",),
    "jaish": ("army",),
    "jaysh": ("army",),
    "harakat": ("movement",),
}


def translated_forms(key: str) -> tuple[str, ...]:
    """Return the English forms of an Arabic group-name key ("saraya fajr" -> "fajr brigades")."""
    toks = key.split()
    if len(toks) < 2 or toks[0] not in GROUP_TRANSLATIONS:
        return ()
    rest = " ".join(toks[1:])
    return tuple(f"{rest} {word}" for word in GROUP_TRANSLATIONS[toks[0]])


def fuzzy_same(a: str, b: str) -> bool:
    """Say whether two name keys are spelling variants, with guards against look-alikes.

    rapidfuzz alone joins Iraq/Iran (ratio 75) or Hezbollah/Kataeb Hezbollah (partial 100), so
    the guards require the same token count, each token pair close, and long enough keys.
    """
    if a == b:
        return True
    if confusable(a, b):
        return False
    ta, tb = a.split(), b.split()
    if len(ta) != len(tb) or min(len(a), len(b)) < 6:
        return False
    for x, y in zip(ta, tb):
        if x == y:
            continue
        # A differing token must be long and nearly identical: "nujaba"/"nujabaa", not "iraq"/"iran".
        if min(len(x), len(y)) < 5 or fuzz.ratio(x, y) < 80 or x[0] != y[0]:
            return False
    return fuzz.ratio(a, b) >= 88


def block_keys(key: str) -> Iterable[str]:
    """Yield blocking keys for a name key: its tokens and a 4-letter prefix of each token."""
    for t in key.split():
        if t in _STOP:
            continue
        yield "t:" + t
        if len(t) >= 5:
            yield "p:" + t[:4]
        sk = skeleton(t)
        if len(sk) >= 2:
            yield "s:" + sk
