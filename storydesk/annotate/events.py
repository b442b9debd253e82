"""Find event mentions: ACLED type and sub-type, PLOVER category, mode, arguments and context.

Rules find triggers (``drone attack``, ``killed``, ``protest``, ``withdrawal``...) sentence by
sentence; the weapon words around a trigger give the mode and, for generic triggers ("attack",
"targeted"), the sub-type; when no weapon is named the shipped linear classifier
(:mod:`storydesk.annotate.events_classifier`) picks among the sub-types the trigger allows.
Violent and casualty triggers of one sentence make one event (``a drone attack ... resulted in
the death of three soldiers`` is one attack with 3 killed). Arguments come from the named-entity
mentions (and the dependency parse of the trigger's sentence when a parser is given); the date from the sentence,
else the nearest earlier date of the paragraph, else the publication date at week precision.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from storydesk.model import (
    Article,
    Citation,
    ContextTag,
    DateExpr,
    EventMention,
    Mention,
    Sentence,
    cite,
)

from . import events_lexicon as lex
from .events_arguments import VERSION as ARGUMENTS_VERSION
from .events_arguments import Arguments, find_arguments
from .events_classifier import VERSION as CLASSIFIER_VERSION
from .events_classifier import EventTypeClassifier, load_event_classifier
from .events_sentences import VERSION as UNITS_VERSION
from .events_sentences import sentence_units
from .figures_quantities import find_quantities

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Parses character spans of the text: for each, a parsed doc of it and the text offset of its
#: first character, or None (``storydesk.nlp.pipeline.parse_spans`` bound to an article's doc).
Parse = Callable[[Sequence[tuple[int, int]]], Sequence["tuple[Doc, int] | None"]]

VERSION = f"6.lex{lex.VERSION}.args{ARGUMENTS_VERSION}.units{UNITS_VERSION}.clf{CLASSIFIER_VERSION}"

# A mention dated more than this before publication is background, not news.
HISTORICAL_DAYS = 45

_PLURAL_GENERIC = re.compile(r"(?:attacks|strikes|assaults|raids|bombings|explosions|blasts)$", re.IGNORECASE)
_NEGATION = re.compile(
    r"\b(?:not|no|never|n't|without|nor|denied|denies|deny|foiled|thwarted|prevented|averted|"
    r"failed to)\b(?:\s+[\w'-]+){0,3}\s*$",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(?:will|shall|'ll|plans? to|planned|planning|plans for|intends? to|intend|is set to|are set to|"
    r"slated to|scheduled|expected to|going to|to begin|would begin|deadline|announced plans|"
    r"upcoming|forthcoming|prepar(?:e|es|ing) to)\b[^.;]{0,60}$",
    re.IGNORECASE,
)
_HYPOTHETICAL = re.compile(
    r"\b(?:could|might|may|would|if|whether|possible|possibly|potential|potentially|risk of|"
    r"threat of|threatens? to|threatened to|in case|unless|fear(?:s|ed)? (?:of|that)|warn(?:s|ed)? (?:of|that|about))\b"
    r"[^.;]{0,50}$",
    re.IGNORECASE,
)
_RECALLED = re.compile(
    r"\b(?:(?:years?|decades?) (?:ago|earlier|before|after)|back in|at the time|in the past|"
    r"previously|anniversary|used to|history|historic(?:al)?ly)\b",
    re.IGNORECASE,
)
_YEAR_IN = re.compile(r"\b(?:in|since|during|of)\s+((?:19|20)\d\d)\b")
_REQUEST = re.compile(
    r"\b(?:demand(?:s|ed|ing)?|call(?:s|ed|ing)? (?:for|on)|urg(?:e|es|ed|ing)|press(?:ed|ing)? for|"
    r"appeal(?:s|ed)? for|insist(?:s|ed)? on|expel)\b", re.IGNORECASE,
)
_RETREAT_CUE = re.compile(
    r"\b(?:announc\w*|plans?|planned|start(?:ed|s)?|began|begin|complet\w*|conclude\w*|end(?:ed|s)?|"
    r"schedul\w*|slated|due to|timeline|time frame|deadline|agree\w*|decid\w*|ordered|wrap up)\b",
    re.IGNORECASE,
)
# Withdrawal talk, not a withdrawal: options, negotiations, terms of an agreement.
_TALK = re.compile(
    r"\b(?:under discussion|discuss\w*|negotiat\w*|talks? (?:on|about)|timetable under which|"
    r"no dates|options?|proposal|would|could|might|if)\b",
    re.IGNORECASE,
)
_GENERIC_TRIGGER = re.compile(
    r"(?:attack|assault|strike|raid|bombing|explosion|blast)s?|struck|raided|targeted|offensive|"
    r"killed|killing|kills?|death of|deaths of|died|slain|dead|injured|wounded|injuring|wounding|"
    r"injury of|injuries",
    re.IGNORECASE,
)
# Nouns that head an actor phrase that is not a named entity ("US forces", "the militia").
_ACTOR_HEADS = {
    "force", "forces", "troops", "troop", "soldiers", "soldier", "army", "militia", "militias",
    "militants", "militant", "fighters", "fighter", "group", "groups", "faction", "factions",
    "brigade", "brigades", "coalition", "police", "policemen", "government", "authorities",
    "officials", "protesters", "demonstrators", "supporters", "rebels", "insurgents", "gunmen",
    "gunman", "jihadists", "military", "navy", "personnel", "service members", "defences",
    "defenses", "units", "unit", "battalion", "regiment", "forces'", "commander", "commanders",
    "civilians", "residents", "villagers", "workers", "students", "people", "officers", "guards",
}
_ACTOR_LABELS = ("ORG", "PERSON", "GPE", "NORP")
_BAD_ACTOR = re.compile(
    r"^(?:when|while|if|because|as|on|at|in|of|from|under|with|by|to|for|after|before|since|until|"
    r"least|most|none|another|all|each)\b|'s$|\b(?:was|were|is|are|had|has|have|been)\b",
    re.IGNORECASE,
)
_PARTITIVE = re.compile(r"\s+of\s+(?:the|them|those)\s*(?:wounded|injured|dead|killed|casualties)?\b", re.IGNORECASE)
_LABOUR_STRIKE = re.compile(r"\b(?:workers|unions?|teachers|doctors|nurses|drivers|employees)\b", re.IGNORECASE)


@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    rule: lex.TriggerRule


@dataclass(frozen=True, slots=True)
class EventPlan:
    """An article's trigger sentences, found before any parse: what :func:`finish_events` needs.

    ``spans`` are the character spans to parse, one per trigger sentence. The annotate stage
    plans every article of a batch, parses all their spans in one call, then finishes each:
    one parser call per batch instead of one per article (about a third less parse CPU).
    """

    article: Article
    mentions: Sequence[Mention]
    dated: tuple[DateExpr, ...]
    published: dt.date | None
    units: tuple[Sentence, ...]
    found: tuple[tuple[Sentence, list[list[_Hit]]], ...]
    spans: tuple[tuple[int, int], ...]


def plan_events(
    article: Article, sentences: Sequence[Sentence], mentions: Sequence[Mention], dates: Sequence[DateExpr]
) -> EventPlan:
    """Find an article's trigger sentences; the first half of :func:`find_events`."""
    text = article.text
    published = _parse_day(article.published or (article.published_window or (None, None))[1])
    dated = tuple(sorted((d for d in dates if d.earliest and d.value[:1].isdigit()), key=lambda d: d.start))
    units = tuple(sentence_units(text, sentences))
    found: list[tuple[Sentence, list[list[_Hit]]]] = []
    for sent in units:
        if _is_heading(sent.text):
            continue  # "A Deadly Attack": a section title, the paragraph under it tells the event
        hits, aggregate = _triggers(text, sent)
        if not hits:
            continue
        groups = [
            g for g in _group(hits)
            # "attacks ... which caused dozens of injuries": totals, not one event
            if not (aggregate and all(h.rule.family == "casualty" for h in g))
        ]
        found.append((sent, groups))
    spans = tuple((sent.start, sent.end) for sent, groups in found if groups)
    return EventPlan(article, mentions, dated, published, units, tuple(found), spans)


def finish_events(
    plan: EventPlan,
    parses: Sequence[tuple[Doc, int] | None] = (),
    *,
    classifier: EventTypeClassifier | None | Literal["shipped"] = "shipped",
) -> tuple[EventMention, ...]:
    """Build the event mentions of a plan; ``parses`` answer ``plan.spans`` in order (or are empty)."""
    article, text, sentences = plan.article, plan.article.text, plan.units
    if classifier == "shipped":
        classifier = load_event_classifier()
    parsed = dict(zip((start for start, _ in plan.spans), parses))
    # one batched classifier call per article: per-sentence calls cost more than the rules
    # (not per batch of articles: the int8 encoder quantises each call's activations together,
    # so an article's scores would depend on the articles batched with it)
    needs: list[tuple[Sentence, str]] = []
    for sent, groups in plan.found:
        generic = [h for g in groups for h in g if h.rule.code is None and h.rule.family in ("violent", "casualty")]
        if generic:
            needs.append((sent, _trigger_window(text, sent, generic[0])))
    scores: dict[int, dict[str, float]] = {}
    if isinstance(classifier, EventTypeClassifier) and needs:
        probs = classifier.proba([window for _, window in needs])
        scores = {
            s.start: {label: float(p) for label, p in zip(classifier.labels, row)}
            for (s, _), row in zip(needs, probs)
        }
    out: list[EventMention] = []
    unit_index = {s.start: i for i, s in enumerate(sentences)}
    for sent, groups in plan.found:
        for group in groups:
            event = _build(article, sent, group, plan.mentions, plan.dated, plan.published,
                           scores.get(sent.start), parsed.get(sent.start))
            if event is None:
                continue
            if all(h.rule.family == "casualty" for h in group) and _protest_nearby(
                sent, groups, out, unit_index
            ):
                continue  # "14 people were injured" after a rally: the protest's toll, not an attack
            out.append(_resolve_anaphor(text, event, out, sentences))
    return tuple(out)


def find_events(
    article: Article,
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    dates: Sequence[DateExpr],
    parse: Parse | None = None,
    *,
    classifier: EventTypeClassifier | None | Literal["shipped"] = "shipped",
) -> tuple[EventMention, ...]:
    """Return the event mentions of an article, one per reported event per sentence.

    ``parse`` gives the dependency parse that arguments are read from: it is asked once per
    article for the sentences that have a trigger (parsing only those, not the whole text, is
    most of what the annotate stage saved by making the parser on-demand). Without it,
    arguments come from the entity mentions and surface rules alone.

    ``classifier`` picks sub-types for generic triggers: the shipped model by default, None for
    rules alone (fast, and what logic tests use), or another trained model.

    The same as :func:`plan_events`, the parse of ``plan.spans``, then :func:`finish_events`.
    """
    plan = plan_events(article, sentences, mentions, dates)
    parses = parse(list(plan.spans)) if parse is not None and plan.spans else ()
    return finish_events(plan, parses, classifier=classifier)


# Words either side of a trigger that the classifier reads. The embedding half costs about 0.2 ms
# of CPU per token, and joined sentence units run to hundreds of tokens; the words around the
# trigger carry the weapon and target, the rest of a long sentence mostly other clauses.
WINDOW_WORDS = 12
_WORDS_BEFORE = re.compile(r"(?:\S+\s+){0,%d}$" % WINDOW_WORDS)
_WORDS_AFTER = re.compile(r"(?:\s*\S+){0,%d}" % WINDOW_WORDS)


def _trigger_window(text: str, sent: Sentence, hit: _Hit) -> str:
    """Return the trigger with up to WINDOW_WORDS words either side, inside its sentence."""
    before = _WORDS_BEFORE.search(text, max(sent.start, hit.start - 200), hit.start)
    after = _WORDS_AFTER.match(text, hit.end, min(sent.end, hit.end + 200))
    start = before.start() if before else hit.start
    end = after.end() if after else hit.end
    return text[start:end].strip()


_ANAPHOR = re.compile(
    r"\b(?:the|this|that|such an?)\s+(?:(?:recent|latest|deadly|same|last|previous|fatal)\s+)?$",
    re.IGNORECASE,
)
_GENERIC_NOUNS = {"attack", "strike", "assault", "raid", "bombing", "operation"}
_CASUALTY_RE = re.compile(
    "|".join(r.pattern for r in lex.TRIGGERS if r.family == "casualty"), re.IGNORECASE
)


def _resolve_anaphor(
    text: str, event: EventMention, earlier: list[EventMention], sentences: Sequence[Sentence]
) -> EventMention:
    """Give "the attack" (or "... were killed" just after an attack) the earlier event's type.

    Reports tell an event once with its weapon and then refer back to it; without this, "the
    attack" would be typed on its own sentence and dated by the publication date.
    """
    if event.mode is not None or event.plover != "ASSAULT":
        return event
    lead = text[max(event.sentence.start, event.start - 30) : event.start]
    anaphor = event.text.lower() in _GENERIC_NOUNS and bool(_ANAPHOR.search(lead))
    casualty = bool(_CASUALTY_RE.fullmatch(event.text))
    if not (anaphor or casualty):
        return event
    index = {s.start: i for i, s in enumerate(sentences)}
    here = index.get(event.sentence.start)
    reach = 3 if anaphor else 1
    for prev in reversed(earlier):
        there = index.get(prev.sentence.start)
        if here is None or there is None or here - there > reach:
            break
        if prev.plover != "ASSAULT" or prev.context or prev.mode is None:
            continue
        own_date = event.time_precision == 1
        return dataclasses.replace(
            event,
            event_type=prev.event_type,
            sub_event_type=prev.sub_event_type,
            mode=prev.mode,
            date=event.date if own_date else prev.date,
            date_earliest=event.date_earliest if own_date else prev.date_earliest,
            date_latest=event.date_latest if own_date else prev.date_latest,
            time_precision=event.time_precision if own_date else prev.time_precision,
            location=event.location or prev.location,
        )
    return event


def _protest_nearby(
    sent: Sentence, groups: list[list[_Hit]], earlier: list[EventMention], unit_index: dict[int, int]
) -> bool:
    """Say whether a casualty-only sentence belongs to a protest told here or just before."""
    if any(h.rule.family in ("protest", "riot") for g in groups for h in g):
        return True
    here = unit_index.get(sent.start)
    for prev in reversed(earlier):
        there = unit_index.get(prev.sentence.start)
        if here is None or there is None or here - there > 2:
            return False
        if prev.plover == "PROTEST" or prev.event_type in ("Protests", "Riots"):
            return True
        if prev.plover == "ASSAULT":
            return False
    return False


def _is_heading(sentence: str) -> bool:
    words = sentence.split()
    if not words or len(words) > 16 or sentence.rstrip()[-1:] in ".!?\"”'’:":
        return False
    small = {"a", "an", "the", "of", "to", "from", "in", "on", "for", "and", "with", "by", "at", "due"}
    capitalised = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha() or w in small)
    return capitalised >= len(words) - 1


def _triggers(text: str, sent: Sentence) -> tuple[list[_Hit], bool]:
    """Return the trigger hits of a sentence, and whether an aggregate ("dozens of attacks") was skipped."""
    hits: list[_Hit] = []
    aggregate = False
    for m in lex.TRIGGER_RE.finditer(text, sent.start, sent.end):
        rule = lex.TRIGGERS[int(m.lastgroup[1:])]  # type: ignore[index]
        plural = rule.family == "violent" and rule.code is None and _PLURAL_GENERIC.search(m.group())
        if plural and lex.AGGREGATE_RE.search(text, sent.start, m.start()):
            # "dozens of attacks", "a series of strikes": an aggregate (a figure), not one event
            aggregate = True
            continue
        if rule.family == "violent" and m.group().lower() in ("strike", "strikes"):
            before = text[sent.start : m.start()]
            if _LABOUR_STRIKE.search(before[-60:]):
                continue
        hits.append(_Hit(m.start(), m.end(), rule))
    return hits, aggregate


def _group(hits: list[_Hit]) -> list[list[_Hit]]:
    """Put the violent and casualty triggers of a sentence together; others stand alone by family."""
    violent = [h for h in hits if h.rule.family in ("violent", "casualty")]
    if any(h.rule.code == "DISR_WEAP" for h in hits) and not any(h.rule.family == "casualty" for h in violent):
        # "air defences shot down two drones approaching the base": the drones are the attack that
        # was stopped, one event (ACLED's Disrupted weapons use), not an attack and an interception.
        violent = []
    groups: list[list[_Hit]] = []
    if violent and any(h.rule.family == "violent" for h in violent):
        groups.append(violent)
    elif violent:
        groups.append(violent)  # "three soldiers were killed": a killing without a named attack
    for family in ("protest", "riot", "strategic"):
        fam = [h for h in hits if h.rule.family == family]
        if family == "strategic":
            by_code: dict[str | None, list[_Hit]] = {}
            for h in fam:
                by_code.setdefault(h.rule.code, []).append(h)
            groups.extend(by_code.values())
        elif fam:
            groups.append(fam)
    if any(h.rule.family == "riot" for h in hits) and any(h.rule.family == "protest" for h in hits):
        # a protest that turned violent is one riot event
        merged = [h for g in groups for h in g if h.rule.family in ("protest", "riot")]
        groups = [g for g in groups if g[0].rule.family not in ("protest", "riot")] + [merged]
    return groups


def _head(group: list[_Hit]) -> _Hit:
    """Pick the most informative trigger of a group: typed with a weapon, then typed, then first."""
    def rank(h: _Hit) -> tuple[int, int]:
        score = 0
        if h.rule.family == "casualty":
            score = 3
        elif h.rule.code is None:
            score = 2
        elif h.rule.mode is None:
            score = 1
        return score, h.start

    return min(group, key=rank)


def _build(
    article: Article,
    sent: Sentence,
    group: list[_Hit],
    mentions: Sequence[Mention],
    dated: Sequence[DateExpr],
    published: dt.date | None,
    scores: dict[str, float] | None,
    parsed: tuple[Doc, int] | None,
) -> EventMention | None:
    text = article.text
    head = _head(group)
    family = head.rule.family
    mode = head.rule.mode if head.rule.mode not in ("explosives", "demonstration", "withdrawal") else None
    near_mode = _nearest_mode(text, sent, head)
    if mode is None:
        mode = near_mode
    code = _code(text, sent, head, group, mode, scores)
    if code is None:
        return None
    event_type, sub_type, plover = lex.CASE_TO_ACLED[code]
    if family == "strategic" and head.rule.mode == "withdrawal":
        window = text[sent.start : sent.end]
        if _REQUEST.search(window):
            if any(h.rule.family == "protest" for h in _triggers(text, sent)[0]):
                return None  # "rallied ... to demand the full withdrawal": the protest's demand, one event
            plover = "REQUEST"
        elif _RETREAT_CUE.search(window) and not _TALK.search(window):
            plover = "RETREAT"
        else:
            return None  # "the withdrawal of forces needs a decision": talk about it, not an event
        mode = "withdrawal"
    elif family == "strategic" and head.rule.mode == "talks":
        plover = "CONSULT"
    elif family in ("protest", "riot"):
        mode = mode if mode in ("riot",) else (head.rule.mode or mode)
    args: Arguments = find_arguments(text, sent, head.start, head.end, mentions, *(parsed or ()))
    args = dataclasses.replace(
        args,
        actor1=_entity_like(text, args.actor1, mentions),
        actor2=_entity_like(text, args.actor2, mentions),
    )
    killed, injured = _casualties(text, sent, args)
    context = _context(text, sent, head, published)
    date_expr, how = _date_for(text, sent, head, dated, context)
    if how == "future-date" and "future" not in context:
        context = context + ("future",)
    day_dated = how in ("sentence", "future-date") and date_expr is not None and _precision(date_expr) <= 2
    if not _anchored(text, sent, head, group, mode, context, day_dated, killed, injured, args):
        # "the attack", "injuries", "strikes on Iraqi soil": talk about an event told elsewhere (or
        # about attacks in general) with no date, toll or victim of its own; as a separate mention
        # it would become a second event dated by the publication date.
        return None
    date = earliest = latest = None
    precision: int | None = None
    if date_expr is not None:
        date, earliest, latest = date_expr.value, date_expr.earliest, date_expr.latest
        precision = _precision(date_expr)
        if how == "paragraph":
            precision = max(precision, 2)
    elif published is not None:
        date = published.isoformat()
        earliest = (published - dt.timedelta(days=6)).isoformat()
        latest = published.isoformat()
        precision = 2
    window = article.published_window if article.published is None else None
    if window and (date_expr is None or date_expr.anchor_inferred):
        # The article is undated and its publication window only estimated, so "Friday" or
        # "last week" can fall anywhere in that window: say so, rather than pin a day that
        # would keep this report from joining other reports of the same event.
        open_ = _parse_day(window[0])
        if open_ is not None and earliest is not None:
            earliest = min(earliest, (open_ - dt.timedelta(days=7)).isoformat())
        latest = max(latest or window[1], window[1])
        precision = 3
    if published is not None and latest is not None and "future" not in context and how != "published":
        last = _parse_day(latest)
        if last is not None and (published - last).days > HISTORICAL_DAYS and "historical" not in context:
            context = context + ("historical",)
    if date_expr is not None and date_expr.relation == "future" and "future" not in context:
        context = context + ("future",)
    return EventMention(
        article_id=article.id,
        start=head.start,
        end=head.end,
        text=text[head.start : head.end],
        sentence=cite(article.id, text, sent.start, sent.end),
        event_type=event_type,
        sub_event_type=sub_type,
        plover=plover,
        mode=mode if (family != "strategic" or head.rule.mode) and mode != "talks" else None,
        actor1=args.actor1,
        actor2=args.actor2,
        location=args.location,
        date=date,
        date_earliest=earliest,
        date_latest=latest,
        time_precision=precision,
        killed=killed,
        injured=injured,
        context=tuple(sorted(set(context), key=("historical", "future", "hypothetical", "negated").index)),
        victims=args.victims,
    )


def _entity_like(text: str, actor: Citation | None, mentions: Sequence[Mention]) -> Citation | None:
    """Keep an actor span only if it names someone: an ORG/PERSON/GPE/NORP mention or a force noun.

    The argument finder returns clause fragments too ("Thursday on a timetable under", "when
    security"); an actor column of those is worse than an empty one.
    """
    if actor is None:
        return None
    words = actor.text.split()
    if not words or len(words) > 8 or _BAD_ACTOR.search(actor.text):
        return None
    for m in mentions:
        if m.label in _ACTOR_LABELS and actor.start <= m.start and m.end <= actor.end:
            return actor
    head = words[-1].lower().strip("\"'”’.,")
    if head in _ACTOR_HEADS or " ".join(words[-2:]).lower() in _ACTOR_HEADS:
        return actor
    return None


def _anchored(
    text: str,
    sent: Sentence,
    head: _Hit,
    group: list[_Hit],
    mode: str | None,
    context: tuple[ContextTag, ...],
    day_dated: bool,
    killed: int | None,
    injured: int | None,
    args: Arguments,
) -> bool:
    """Say whether a mention reports an event of its own rather than referring to one.

    Anchors: its own day- or week-precise date in the sentence, a toll, a named victim, an
    indefinite article ("a drone struck", "an attack hit"), or a weapon-typed trigger that is not
    a back-reference ("the strike", "the attack"). A month or a year ("since the wave of attacks
    began in January") dates a campaign, not an event; plural generic triggers ("attacks",
    "strikes") and casualty words without a number are talk about events. Context-tagged
    mentions (future, negated...) are kept: the brief already keeps them out of current events.
    """
    family = head.rule.family
    if context or family == "strategic":
        return True
    head_text = text[head.start : head.end]
    lead = text[max(sent.start, head.start - 40) : head.start]
    if family in ("protest", "riot"):
        # "protesters had suffered", "urged protesters", "the right to protest": people or the
        # idea, not a gathering; "protested", "rallied", "a protest", "went on strike" report one
        return not (
            head_text.lower() in ("protesters", "demonstrators", "marchers", "protester", "demonstrator")
            or re.search(r"\bto\s+$", lead)
        ) or day_dated or bool(
            lex.FORCE_RE.search(text, sent.start, sent.end) or lex.INTERVENTION_RE.search(text, sent.start, sent.end)
        )
    if killed or injured or args.victims:
        return True
    if all(h.rule.family == "casualty" for h in group):
        return False  # "none had caused serious injuries", "the dead commander"
    plural = bool(_PLURAL_GENERIC.search(head_text)) and head.rule.code is None and head.rule.mode is None
    if plural:
        return False
    if day_dated or _INDEFINITE.search(lead):
        return True
    typed = head.rule.code is not None or mode is not None
    return typed and not _DEFINITE.search(lead)


_INDEFINITE = re.compile(r"(?:^|\s)(?:an?|another)\s+(?:[\w'-]+\s+){0,3}$", re.IGNORECASE)
_DEFINITE = re.compile(
    r"(?:^|\s)(?:the|this|that|these|those|such|its|their|his|her|its|last|latest)\s+(?:[\w'-]+\s+){0,2}$",
    re.IGNORECASE,
)


def _nearest_mode(text: str, sent: Sentence, head: _Hit) -> str | None:
    best: tuple[int, str] | None = None
    for m in lex.MODE_RE.finditer(text, sent.start, sent.end):
        mode = lex.MODES[int(m.lastgroup[1:])][1]  # type: ignore[index]
        if m.start() >= head.start and m.end() <= head.end:
            return mode
        dist = head.start - m.end() if m.end() <= head.start else m.start() - head.end
        if best is None or dist < best[0]:
            best = (dist, mode)
    return best[1] if best else None


def _code(
    text: str,
    sent: Sentence,
    head: _Hit,
    group: list[_Hit],
    mode: str | None,
    scores: dict[str, float] | None,
) -> str | None:
    """Decide the CASE/ACLED sub-type code of an event."""
    rule = head.rule
    window = text[sent.start : sent.end]
    if rule.family == "protest":
        if any(h.rule.family == "riot" for h in group):
            return "VIOL_DEMONSTR"
        if lex.FORCE_RE.search(window):
            return "FORCE_AGAINST_PROTEST"
        if lex.INTERVENTION_RE.search(window):
            return "PROTEST_WITH_INTER"
        return "PEACE_PROTEST"
    if rule.code is not None:
        return rule.code
    if mode in lex.MODE_TO_CASE:
        return lex.MODE_TO_CASE[mode]
    allowed = lex.GENERIC_CODES
    if scores:
        best = max(allowed, key=lambda c: scores.get(c, 0.0))
        if scores.get(best, 0.0) > 0:
            return best
    if lex.CIVILIAN_RE.search(window):
        return "ATTACK"
    return "ARMED_CLASH"


def _casualties(text: str, sent: Sentence, args: Arguments) -> tuple[int | None, int | None]:
    """Count the killed and injured a sentence reports, ACLED-style for vague words."""
    killed = injured = 0
    found_k = found_i = False
    for q in find_quantities(text, sent.start, sent.end):
        if q.is_year:
            continue
        left = text[max(sent.start, q.start - 40) : q.start]
        # the counted noun: "three American soldiers", "dozens of injuries"
        unit_m = re.match(r"(?:\s+of)?((?:\s+(?!(?:were|was|who|have|had|are|and|in|on|at|by)\b)[A-Za-z][\w'’-]*){0,4})", text[q.end : sent.end])
        unit_words = unit_m.group(1).split() if unit_m else []
        after = q.end + (unit_m.end() if unit_m else 0)
        right = text[after : min(sent.end, after + 60)]
        if any(w.lower() in lex.NOT_PEOPLE for w in unit_words):
            continue
        if _PARTITIVE.match(text, q.end, sent.end):
            continue  # "three of the wounded": part of a toll counted already
        value = int(q.value)
        words = {w.lower() for w in unit_words}
        kind = None
        if lex.KILLED_RIGHT.match(right) or words & lex.KILLED_UNITS:
            kind = "killed"
        elif lex.INJURED_RIGHT.match(right) or words & lex.INJURED_UNITS:
            kind = "injured"
        elif lex.KILLED_LEFT.search(left):
            kind = "killed"
        elif lex.INJURED_LEFT.search(left):
            kind = "injured"
        if kind == "killed":
            killed += value
            found_k = True
            if lex.KILLED_RIGHT.match(right):
                # "Abu Taqwa, the commander, and one fighter were killed": the named victims count too
                clause = max(text.rfind(";", sent.start, q.start), sent.start)
                killed += sum(1 for v in args.victims if clause <= v.start and v.end <= q.start)
        elif kind == "injured":
            injured += value
            found_i = True
    if not found_k and args.victims:
        killed, found_k = 1, True  # a named victim and no number: at least one
    return (killed if found_k else None), (injured if found_i else None)


def _context(text: str, sent: Sentence, head: _Hit, published: dt.date | None) -> tuple[ContextTag, ...]:
    tags: list[ContextTag] = []
    clause_start = _clause_start(text, sent, head.start)
    before = text[clause_start : head.start]
    lead = text[max(clause_start, head.start - 40) : head.start]
    if _NEGATION.search(lead) or re.search(r"\bno\s+$", lead, re.IGNORECASE):
        tags.append("negated")
    if _FUTURE.search(before) or _FUTURE.search(text[clause_start : head.end]):
        tags.append("future")
    if _HYPOTHETICAL.search(before):
        tags.append("hypothetical")
    sentence_text = text[sent.start : sent.end]
    if _RECALLED.search(sentence_text):
        tags.append("historical")
    elif published is not None:
        for m in _YEAR_IN.finditer(sentence_text):
            if int(m.group(1)) < published.year - 1:
                tags.append("historical")
                break
    return tuple(tags)


def _clause_start(text: str, sent: Sentence, pos: int) -> int:
    """Return where the clause holding ``pos`` begins (after ; or a sentence-initial comma run)."""
    cut = max(text.rfind(";", sent.start, pos), text.rfind(":", sent.start, pos))
    return sent.start if cut < 0 else cut + 1


def _date_for(
    text: str, sent: Sentence, head: _Hit, dated: Sequence[DateExpr], context: tuple[ContextTag, ...]
) -> tuple[DateExpr | None, str]:
    """Pick the event's date: in the sentence, else earlier in the paragraph, else none."""
    want_future = "future" in context
    usable = [d for d in dated if d.relation != "future" or want_future]
    inside = [d for d in usable if sent.start <= d.start < sent.end]
    if inside:
        return min(inside, key=lambda d: abs(d.start - head.start)), "sentence"
    ahead = [d for d in dated if d.relation == "future" and sent.start <= d.start < sent.end]
    if ahead:
        # "called for a demonstration ... on March 6": the only date is ahead, so is the event
        return min(ahead, key=lambda d: abs(d.start - head.start)), "future-date"
    paragraph_start = text.rfind("\n", 0, sent.start) + 1
    earlier = [d for d in usable if paragraph_start <= d.start < sent.start]
    if earlier:
        return earlier[-1], "paragraph"
    return None, "published"


def _precision(d: DateExpr) -> int:
    if d.precision == "day":
        return 1
    if d.precision == "week":
        return 2
    if d.earliest and d.latest:
        a, b = _parse_day(d.earliest), _parse_day(d.latest)
        if a and b and (b - a).days <= 7:
            return 1 if a == b else 2
    return 3


def _parse_day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
    # a hostile "published: 0001-01-01" made "published - 6 days" overflow and lose the article
    return day if _FIRST_DAY <= day <= _LAST_DAY else None


_FIRST_DAY, _LAST_DAY = dt.date(100, 1, 1), dt.date(9000, 12, 31)


__all__ = ["VERSION", "Citation", "EventPlan", "find_events", "finish_events", "plan_events"]
