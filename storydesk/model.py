"""Record types shared by every stage: the ground floor of storydesk.

Everything derived from an article is stand-off: it points at ``(article_id, start, end)``
in :attr:`Article.text`, which never changes once cleaned. Cross-article records (entities,
events, figures, stories) refer to those spans; they never copy text that cannot be traced.

Records are frozen, slotted dataclasses. They serialise with :func:`to_dict` and load with
``from_dict`` class methods so that the store, the engine and the JSON brief share one shape.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

PublishedHow = Literal["metadata", "text", "inferred", "none"]
Precision = Literal["day", "week", "month", "season", "year", "range", "unknown"]
TimeRelation = Literal["past", "ongoing", "future"]
EntityLabel = Literal["PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "MISC"]
ContextTag = Literal["historical", "future", "hypothetical", "negated"]
Approx = Literal["exact", "about", "at least", "more than", "at most", "less than", "vague"]
CopyKind = Literal["original", "exact", "near"]
TimexKind = Literal["date", "time", "duration", "set"]  # TIMEX3 type, lower-cased

T = TypeVar("T")

_WS = re.compile(r"\s+")


def normalize_for_id(text: str) -> str:
    """Fold text to the form its identity is computed from (case, width, whitespace)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _WS.sub(" ", text).strip()


def article_id_for(text: str) -> str:
    """Return the stable id of an article: a hash of its normalized cleaned text."""
    digest = hashlib.sha256(normalize_for_id(text).encode("utf-8")).hexdigest()
    return "a" + digest[:15]


def stable_id(prefix: str, *parts: object) -> str:
    """Return a short deterministic id for a derived record built from ``parts``."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()
    return prefix + digest[:12]


# --------------------------------------------------------------------------- spans


@dataclass(frozen=True, slots=True, kw_only=True)
class Citation:
    """A span of one article's cleaned text: the unit every statement is sourced by."""

    article_id: str
    start: int
    end: int
    text: str

    def resolves(self, article_text: str) -> bool:
        """Say whether this citation's text is exactly ``article_text[start:end]``."""
        return article_text[self.start : self.end] == self.text


def cite(article_id: str, text: str, start: int, end: int) -> Citation:
    """Build a citation for ``text[start:end]`` of an article."""
    return Citation(article_id=article_id, start=start, end=end, text=text[start:end])


# --------------------------------------------------------------------------- input


@dataclass(frozen=True, slots=True, kw_only=True)
class RawDocument:
    """Bytes as they arrived, before cleaning, with whatever metadata came with them."""

    input: str  # path, URL, "stdin", or "path#line" for a JSONL record
    content: bytes
    content_type: str  # "text/plain", "text/html", "application/json", ...
    url: str | None = None
    metadata: Mapping[str, str] = field(default_factory=dict)  # title, published, outlet, ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Rejected:
    """An input or record that a stage refused, with a stable code and a reason for humans."""

    input: str
    stage: str
    code: str  # e.g. "INGEST-002"
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RemovedLine:
    """A line that cleaning removed from an article, kept so removal stays auditable."""

    text: str
    reason: str  # short code: "byline", "summary-prompt", "related-headline", "copyright", ...
    line_no: int  # 0-based line number in the extracted text before cleaning


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """A cleaned article. ``text`` never changes once cleaned; spans point into it."""

    id: str
    input: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    byline: str | None = None
    published: str | None = None  # ISO date "YYYY-MM-DD" (or datetime)
    published_how: PublishedHow = "none"
    published_window: tuple[str, str] | None = None  # set when published_how == "inferred"
    language: str = "en"
    text: str
    removed: tuple[RemovedLine, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleCopy:
    """One arrival of an article: the original or an exact/near duplicate collapsed into it."""

    article_id: str
    input: str
    kind: CopyKind
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None
    similarity: float = 1.0


# --------------------------------------------------------------------------- annotations


@dataclass(frozen=True, slots=True, kw_only=True)
class Sentence:
    article_id: str
    start: int
    end: int
    text: str
    index: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """A named-entity mention."""

    article_id: str
    start: int
    end: int
    label: EntityLabel
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DateExpr:
    """A temporal expression normalized against the article's publication date.

    ``value`` is TIMEX3-like (``2024-01-28``, ``2024-W05``, ``2024-01``, ``2024``, ``PRESENT_REF``);
    ``earliest``/``latest`` give the ISO day range it covers, for comparisons.
    """

    article_id: str
    start: int
    end: int
    text: str
    value: str
    precision: Precision
    relation: TimeRelation = "past"
    earliest: str | None = None
    latest: str | None = None
    anchor_inferred: bool = False  # resolved against an inferred publication date
    kind: TimexKind = "date"  # "duration"/"set" values are P3D-style, not points in time


@dataclass(frozen=True, slots=True, kw_only=True)
class EventMention:
    """One report of an event in one article, with its arguments as spans where found."""

    article_id: str
    start: int  # the trigger
    end: int
    text: str
    sentence: Citation
    event_type: str  # ACLED event type, e.g. "Explosions/Remote violence"
    sub_event_type: str | None = None  # ACLED sub-event type, e.g. "Air/drone strike"
    plover: str | None = None  # PLOVER category, e.g. "ASSAULT"
    mode: str | None = None  # drone, missile, rocket, airstrike, ...
    actor1: Citation | None = None
    actor2: Citation | None = None
    location: Citation | None = None
    date: str | None = None  # TIMEX-like value
    date_earliest: str | None = None
    date_latest: str | None = None
    time_precision: int | None = None  # ACLED: 1 day, 2 week, 3 month-or-coarser
    killed: int | None = None
    injured: int | None = None
    context: tuple[ContextTag, ...] = ()
    victims: tuple[Citation, ...] = ()  # named people killed/injured, e.g. a commander


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure:
    """A quantity with what it counts: ``about 2,500 US troops in Iraq``."""

    article_id: str
    start: int
    end: int
    text: str
    value: float
    unit: str  # what is counted: "troops", "attacks", "killed", "USD", ...
    subject: str | None = None  # "US troops"
    approx: Approx = "exact"
    place: str | None = None
    time: str | None = None  # TIMEX-like value or None for "now"
    sentence: Citation | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Annotations:
    """Everything the annotate stage found in one article."""

    article_id: str
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    dates: tuple[DateExpr, ...] = ()
    events: tuple[EventMention, ...] = ()
    figures: tuple[Figure, ...] = ()


# --------------------------------------------------------------------------- linked records


@dataclass(frozen=True, slots=True, kw_only=True)
class Location:
    name: str
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    geo_precision: int | None = None  # ACLED: 1 exact place, 2 near/district, 3 region/country


@dataclass(frozen=True, slots=True, kw_only=True)
class Entity:
    """A canonical person, organization or place, with the spellings it went by."""

    id: str
    name: str
    type: EntityLabel
    aliases: tuple[str, ...] = ()
    mentions: tuple[Citation, ...] = ()
    location: Location | None = None  # for places


@dataclass(frozen=True, slots=True, kw_only=True)
class SourcedValue:
    value: Any
    sources: tuple[str, ...]  # article ids
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Conflict:
    """A disagreement between sources about one attribute of one event or figure."""

    attribute: str
    values: tuple[SourcedValue, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """One real-world event, however many reports of it there are."""

    id: str
    type: str
    subtype: str | None = None
    plover: str | None = None
    date: str | None = None
    time_precision: int | None = None
    location: Location | None = None
    actor1: str | None = None
    actor2: str | None = None
    mode: str | None = None
    killed: int | None = None  # the conservative value
    injured: int | None = None
    sources: tuple[str, ...] = ()  # article ids
    mentions: tuple[Citation, ...] = ()  # the sentences that report it
    values: Mapping[str, tuple[SourcedValue, ...]] = field(default_factory=dict)
    conflicts: tuple[Conflict, ...] = ()
    context: tuple[ContextTag, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class FigureGroup:
    """The same figure as reported by one or more sources."""

    id: str
    subject: str | None
    value: float
    unit: str
    approx: Approx = "exact"
    place: str | None = None
    time: str | None = None
    sources: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()
    conflicts: tuple[Conflict, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Story:
    id: str
    title: str
    article_ids: tuple[str, ...]


# --------------------------------------------------------------------------- the brief


@dataclass(frozen=True, slots=True, kw_only=True)
class Bullet:
    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class TimelineEntry:
    date: str
    precision: Precision
    kind: Literal["past", "planned", "background"]
    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceInfo:
    article_id: str
    input: str
    outlet: str | None
    title: str | None
    byline: str | None
    published: str | None
    published_how: PublishedHow
    removed: tuple[RemovedLine, ...] = ()
    copies: tuple[ArticleCopy, ...] = ()
    language: str = "en"


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryBrief:
    story_id: str
    headline: str
    summary: tuple[Bullet, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    events: tuple[Event, ...] = ()
    figures: tuple[FigureGroup, ...] = ()
    entities: tuple[Entity, ...] = ()
    contradictions: tuple[Conflict, ...] = ()
    sources: tuple[SourceInfo, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Brief:
    generated_at: str
    stories: tuple[StoryBrief, ...]


# --------------------------------------------------------------------------- (de)serialisation


_SCALARS = (str, int, float, bool, type(None))


@functools.cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    """The field names of a dataclass type, or None for anything else (cached per type)."""
    if dataclasses.is_dataclass(cls):
        return tuple(f.name for f in dataclasses.fields(cls))
    return None


def to_dict(record: Any) -> Any:
    """Turn a record (or nested records, tuples, mappings) into JSON-ready data."""
    cls = type(record)
    if cls in _SCALARS:
        return record
    names = _field_names(cls)
    if names is not None:
        return {name: to_dict(getattr(record, name)) for name in names}
    if isinstance(record, (list, tuple)):
        return [to_dict(x) for x in record]
    if isinstance(record, Mapping):
        return {str(k): to_dict(v) for k, v in record.items()}
    return record


@functools.cache
def _field_types(cls: type) -> tuple[tuple[str, Any], ...]:
    import typing

    # Cached: get_type_hints re-evaluates every annotation string on each call.
    hints = typing.get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))


def from_dict(cls: type[T], data: Mapping[str, Any]) -> T:
    """Build a record of type ``cls`` from :func:`to_dict` output (nested records included)."""
    return _converter(cls)(data)  # type: ignore[misc]


@functools.cache
def _converter(tp: Any) -> Any:
    """Return a function that turns JSON data into a value of type ``tp`` (None: keep the value).

    The type is inspected once and a converter built for it; loading stored annotations used to
    inspect the type hints again for every value (12 ms per article, the largest cost of reading
    a story's annotations back; bench_pipeline profile).
    """
    import types
    import typing

    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        # As before: the first non-None member decides (our unions are ``X | None``).
        members = [a for a in args if a is not type(None)]
        return _converter(members[0]) if members else None
    if dataclasses.is_dataclass(tp):
        fields = tuple((name, _converter(t)) for name, t in _field_types(tp))

        def build(data: Mapping[str, Any], cls: type = tp) -> Any:
            kwargs = {}
            for name, conv in fields:
                if name in data:
                    value = data[name]
                    kwargs[name] = value if conv is None or value is None else conv(value)
            return cls(**kwargs)

        return build
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _converter(args[0])
            if item is None:
                return tuple
            return lambda values: tuple(None if v is None else item(v) for v in values)
        convs = tuple(_converter(a) for a in args)
        return lambda values: tuple(v if c is None or v is None else c(v) for c, v in zip(convs, values))
    if origin in (Mapping, dict) or tp is Mapping:
        item = _converter(args[1]) if len(args) == 2 else None
        if item is None:
            return dict
        return lambda values: {k: None if v is None else item(v) for k, v in values.items()}
    return None


# --------------------------------------------------------------------------- stage results


@dataclass(frozen=True, slots=True, kw_only=True)
class StageResult:
    """What a stage returns for a batch: new records, rejections and counters."""

    records: tuple[Any, ...] = ()
    rejected: tuple[Rejected, ...] = ()
    stats: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkedStory:
    """What the link stage knows about one story: its articles and the cross-article records."""

    story: Story
    entities: tuple[Entity, ...] = ()
    events: tuple[Event, ...] = ()
    figures: tuple[FigureGroup, ...] = ()
