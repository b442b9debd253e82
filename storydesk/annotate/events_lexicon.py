"""The event lexicon: trigger words, modes, and the ACLED / PLOVER / CASE-2021 type tables.

Types follow the ACLED Codebook (2019+): six event types and 25 sub-event types. The PLOVER
category of each sub-type follows the PLOVER ontology (Halterman et al. 2023): armed violence is
ASSAULT, crowd-control and arrests are COERCE, demonstrations and riots PROTEST, agreements AGREE,
bases and deployments MOBILIZE, withdrawals RETREAT and demands REQUEST. The CASE 2021 task 2
labels are the ACLED sub-types under short codes; :data:`CASE_TO_ACLED` maps them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

VERSION = "3"

Family = Literal["violent", "casualty", "protest", "riot", "strategic"]

#: CASE 2021 task 2 code -> (ACLED event type, ACLED sub-event type, PLOVER category)
CASE_TO_ACLED: dict[str, tuple[str, str, str]] = {
    "ARMED_CLASH": ("Battles", "Armed clash", "ASSAULT"),
    "GOV_REGAINS_TERIT": ("Battles", "Government regains territory", "ASSAULT"),
    "NON_STATE_ACTOR_OVERTAKES_TER": ("Battles", "Non-state actor overtakes territory", "ASSAULT"),
    "AIR_STRIKE": ("Explosions/Remote violence", "Air/drone strike", "ASSAULT"),
    "ART_MISS_ATTACK": ("Explosions/Remote violence", "Shelling/artillery/missile attack", "ASSAULT"),
    "SUIC_BOMB": ("Explosions/Remote violence", "Suicide bomb", "ASSAULT"),
    "REM_EXPLOS": ("Explosions/Remote violence", "Remote explosive/landmine/IED", "ASSAULT"),
    "GRENADE": ("Explosions/Remote violence", "Grenade", "ASSAULT"),
    "CHEM_WEAP": ("Explosions/Remote violence", "Chemical weapon", "ASSAULT"),
    "ATTACK": ("Violence against civilians", "Attack", "ASSAULT"),
    "ABDUCT_DISSAP": ("Violence against civilians", "Abduction/forced disappearance", "ASSAULT"),
    "SEX_VIOL": ("Violence against civilians", "Sexual violence", "ASSAULT"),
    "PEACE_PROTEST": ("Protests", "Peaceful protest", "PROTEST"),
    "PROTEST_WITH_INTER": ("Protests", "Protest with intervention", "PROTEST"),
    "FORCE_AGAINST_PROTEST": ("Protests", "Excessive force against protesters", "COERCE"),
    "VIOL_DEMONSTR": ("Riots", "Violent demonstration", "PROTEST"),
    "MOB_VIOL": ("Riots", "Mob violence", "ASSAULT"),
    "AGREEMENT": ("Strategic developments", "Agreement", "AGREE"),
    "ARREST": ("Strategic developments", "Arrests", "COERCE"),
    "CHANGE_TO_GROUP_ACT": ("Strategic developments", "Change to group/activity", "MOBILIZE"),
    "DISR_WEAP": ("Strategic developments", "Disrupted weapons use", "COERCE"),
    "HQ_ESTABLISHED": ("Strategic developments", "Headquarters or base established", "MOBILIZE"),
    "NON_VIOL_TERRIT_TRANSFER": ("Strategic developments", "Non-violent transfer of territory", "RETREAT"),
    "PROPERTY_DISTRUCT": ("Strategic developments", "Looting/property destruction", "COERCE"),
    "OTHER": ("Strategic developments", "Other", "OTHER"),
}
ACLED_TO_CASE: dict[str, str] = {sub: code for code, (_, sub, _) in CASE_TO_ACLED.items()}

#: Violent CASE codes: what a generic trigger ("attack", "killed") may be typed as.
VIOLENT_CODES = (
    "ARMED_CLASH", "AIR_STRIKE", "ART_MISS_ATTACK", "SUIC_BOMB", "REM_EXPLOS", "GRENADE",
    "CHEM_WEAP", "ATTACK", "ABDUCT_DISSAP", "SEX_VIOL", "MOB_VIOL", "GOV_REGAINS_TERIT",
    "NON_STATE_ACTOR_OVERTAKES_TER",
)
#: What a generic trigger ("the attack", "targeted") may become: the other violent sub-types
#: (territory, abduction, sexual or mob violence) have triggers of their own.
GENERIC_CODES = ("ARMED_CLASH", "ATTACK", "AIR_STRIKE", "ART_MISS_ATTACK", "REM_EXPLOS", "SUIC_BOMB", "GRENADE")
PROTEST_CODES = ("PEACE_PROTEST", "PROTEST_WITH_INTER", "FORCE_AGAINST_PROTEST", "VIOL_DEMONSTR", "MOB_VIOL")


@dataclass(frozen=True, slots=True)
class TriggerRule:
    """A trigger pattern and what it means; ``code`` None means the sentence decides."""

    pattern: str
    family: Family
    code: str | None
    mode: str | None = None


# Order matters only for readability: the matcher prefers the longest match at each position.
TRIGGERS: tuple[TriggerRule, ...] = (
    # Explosions/Remote violence with the weapon in the trigger
    TriggerRule(r"(?:drone|UAV|unmanned aerial vehicle)[- ](?:strike|attack|raid)s?", "violent", "AIR_STRIKE", "drone"),
    TriggerRule(r"air[- ]?strikes?|air[- ]?raids?|aerial (?:bombardment|attack|strike)s?|bombing raids?|warplanes? (?:struck|pounded|bombed)", "violent", "AIR_STRIKE", "airstrike"),
    TriggerRule(r"missile (?:strike|attack|barrage)s?", "violent", "ART_MISS_ATTACK", "missile"),
    TriggerRule(r"rocket (?:strike|attack|fire|barrage)s?", "violent", "ART_MISS_ATTACK", "rocket"),
    TriggerRule(r"mortar (?:strike|attack|fire|rounds?|shells?)", "violent", "ART_MISS_ATTACK", "mortar"),
    TriggerRule(r"artillery (?:strike|attack|fire|barrage)s?|shelling|shelled|bombardment", "violent", "ART_MISS_ATTACK", "artillery"),
    TriggerRule(r"suicide (?:bomb(?:ing|er)?|attack|blast|car bomb(?:ing)?)s?", "violent", "SUIC_BOMB", "suicide bomb"),
    TriggerRule(r"(?:car|truck|roadside|bicycle|motorcycle|magnetic|sticky) bomb(?:ing)?s?|IEDs?|improvised explosive devices?|landmines?|land mines?|explosive devices?", "violent", "REM_EXPLOS", "IED"),
    TriggerRule(r"grenade (?:attack|explosion)s?|(?:hurled|lobbed|threw) (?:a |an )?(?:hand )?grenades?", "violent", "GRENADE", "grenade"),
    TriggerRule(r"chemical (?:attack|weapons? attack)s?|gas attacks?|(?:sarin|chlorine) (?:attack|gas)", "violent", "CHEM_WEAP", "chemical"),
    TriggerRule(r"bombings?|bombed|explosions?|blasts?|exploded|detonated", "violent", None, "explosives"),
    TriggerRule(r"(?:rockets?|missiles?|mortars?|shells?|drones?|bombs?) (?:hit|hits|struck|landed|slammed into|fell on|exploded)", "violent", None, None),
    # Battles
    TriggerRule(r"clash(?:es|ed)?|gun ?battles?|firefights?|fighting|fought|skirmish(?:es)?|ambush(?:ed|es)?|exchanged? (?:of )?fire", "violent", "ARMED_CLASH", None),
    TriggerRule(r"recaptured|retook|regained control|liberated", "violent", "GOV_REGAINS_TERIT", None),
    TriggerRule(r"seized control|took control|overran|captured the (?:town|city|village|district)", "violent", "NON_STATE_ACTOR_OVERTAKES_TER", None),
    # Violence against civilians
    TriggerRule(r"abduct(?:ed|ion|ions|s)?|kidnap(?:ped|ping|pings|s)?|forced disappearances?|forcibly disappeared", "violent", "ABDUCT_DISSAP", "abduction"),
    TriggerRule(r"raped|rapes?|sexual(?:ly)? (?:assault(?:ed)?|violence|abuse[sd]?)", "violent", "SEX_VIOL", None),
    TriggerRule(r"massacred?|massacres|executed|beheaded|lynched", "violent", "ATTACK", None),
    TriggerRule(r"assassinat(?:ed|ion)|shot dead|gunned down|stabbed", "violent", None, None),
    # Generic violence: the sentence (mode words, classifier) decides the sub-type
    TriggerRule(r"attack(?:s|ed)?|assault(?:s|ed)?|strikes?|struck|raid(?:s|ed)?|targeted|offensive", "violent", None, None),
    TriggerRule(r"killed|killing|kills?|death of|deaths of|died|slain|dead", "casualty", None, None),
    TriggerRule(r"injured|wounded|injuring|wounding|injury of|injuries", "casualty", None, None),
    # Protests and riots
    TriggerRule(r"protest(?:s|ers|ed|ing)?|demonstrat(?:ion|ions|ors|ed|ing)|rall(?:y|ies|ied)|march(?:es|ed)? (?:on|through|to(?:wards)?)|marchers|sit-ins?|on strike|general strike|hunger strike|walk-?outs?", "protest", None, "demonstration"),
    TriggerRule(r"riot(?:s|ers|ed|ing)?|vandali[sz]ed|looted|looting|torched|set ablaze", "riot", "VIOL_DEMONSTR", "riot"),
    TriggerRule(r"(?:an? |the )?(?:angry )?mobs?", "riot", "MOB_VIOL", "riot"),
    # Strategic developments
    TriggerRule(r"arrest(?:ed|s)?|detain(?:ed|s)?|apprehended|taken into custody", "strategic", "ARREST", "arrest"),
    TriggerRule(r"cease-?fire|truce|peace (?:deal|agreement|accord)|signed (?:an? )?(?:deal|agreement|accord)|reached (?:an? )?(?:deal|agreement)|agreed", "strategic", "AGREEMENT", None),
    TriggerRule(r"(?:set up|established?|establishing|built) (?:a |an |its |their |new |nine |several )*(?:military )?(?:bases?|headquarters|camps?|outposts?)", "strategic", "HQ_ESTABLISHED", None),
    TriggerRule(r"(?:seized|confiscated) (?:weapons|arms|explosives|ammunition)|defused|weapons caches?|arms caches?|intercepted|shot down", "strategic", "DISR_WEAP", "seizure"),
    TriggerRule(r"(?:first|second|third|fourth|new|next|another|final|latest) round of (?:talks|negotiations)|held talks|(?:met|meet|meeting) for talks", "strategic", "OTHER", "talks"),
    TriggerRule(r"withdrawal|withdraw(?:s|n|ing)?|pull(?:ed|ing)? out|pull-?out|(?:operations|mission|missions) (?:are |is )?(?:slated |scheduled |set |due )?to (?:wrap up|wind down|end)|end (?:the|its|their) (?:military )?(?:mission|presence)|conclude (?:their|its|the) (?:anti-ISIS )?(?:military )?mission", "strategic", "OTHER", "withdrawal"),
)

_TRIGGER_GROUPS = "|".join(f"(?P<t{i}>{r.pattern})" for i, r in enumerate(TRIGGERS))
TRIGGER_RE = re.compile(r"(?<![\w-])(?:" + _TRIGGER_GROUPS + r")(?![\w-])", re.IGNORECASE)

#: Mode words: (pattern, mode). The nearest one to a trigger gives the event's mode.
MODES: tuple[tuple[str, str], ...] = (
    (r"drones?|UAVs?|unmanned aerial vehicles?|quadcopters?|kamikaze drones?", "drone"),
    # "marches" for drones: a known machine-translation error (Arabic "masirat", drones, read
    # as "masirat", marches). Only "by marches" / "with marches" counts, so real marches stay
    # protests; the mode is "drone" because that is what the source meant.
    (r"(?<=\bby )marches|(?<=\bwith )marches", "drone"),
    (r"air[- ]?strikes?|air[- ]?raids?|warplanes?|fighter jets?|jets|aircraft|helicopter gunships?|gunships?|bombers", "airstrike"),
    (r"missiles?|ballistic", "missile"),
    (r"rockets?|Katyushas?", "rocket"),
    (r"mortars?", "mortar"),
    (r"artillery|shelling|shells|howitzers?|tank fire", "artillery"),
    (r"IEDs?|improvised explosive|roadside bombs?|landmines?|land mines?|explosive devices?|car bombs?|booby[- ]trap", "IED"),
    (r"suicide (?:bomb|bomber|attack|vest)s?|suicide", "suicide bomb"),
    (r"grenades?", "grenade"),
    (r"chemical|chlorine|sarin|nerve agent|toxic gas", "chemical"),
    (r"gunfire|gunmen|gunman|shot|shooting|opened fire|gunshots?|rifles?|snipers?|firearms?|live ammunition", "gunfire"),
    (r"stabbed|knives|knife|machetes?", "knife"),
    (r"set fire|torched|arson|set ablaze", "arson"),
)
MODE_RE = re.compile(
    r"(?<![\w-])(?:" + "|".join(f"(?P<m{i}>{p})" for i, (p, _) in enumerate(MODES)) + r")(?![\w-])",
    re.IGNORECASE,
)

#: The sub-type a mode implies when the trigger itself is generic ("a drone targeted ...").
MODE_TO_CASE: dict[str, str] = {
    "drone": "AIR_STRIKE",
    "airstrike": "AIR_STRIKE",
    "missile": "ART_MISS_ATTACK",
    "rocket": "ART_MISS_ATTACK",
    "mortar": "ART_MISS_ATTACK",
    "artillery": "ART_MISS_ATTACK",
    "IED": "REM_EXPLOS",
    "suicide bomb": "SUIC_BOMB",
    "grenade": "GRENADE",
    "chemical": "CHEM_WEAP",
}

#: Words before a plural trigger that make it an aggregate ("dozens of attacks"), not one event.
AGGREGATE_RE = re.compile(
    r"\b(?:series|wave|spate|string|number|frequency|dozens|hundreds|scores|tens|thousands|"
    r"repeated|regular|increasing|intensifying|intensified|successive|continued|ongoing|"
    r"further|more|multiple|numerous|several|many|frequent|daily|nightly|recurring|such|"
    r"these|those|\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten)\b(?:\s+of)?"
    r"(?:\s+[\w-]+){0,3}\s*$",
    re.IGNORECASE,
)

#: Protest cues that move a protest to "with intervention" or "excessive force".
INTERVENTION_RE = re.compile(
    r"\b(?:tear ?gas|water cannons?|dispersed|disperse|batons?|rubber bullets|arrested|detained|"
    r"baton-charged|broke up)\b", re.IGNORECASE,
)
FORCE_RE = re.compile(
    r"\b(?:live (?:ammunition|rounds|fire)|opened fire|shot|killed|fired on|fired at)\b", re.IGNORECASE
)
#: Civilian targets: a generic attack on them is ACLED "Violence against civilians".
CIVILIAN_RE = re.compile(
    r"\b(?:civilians?|villagers|residents|worshippers|students|journalists?|farmers|women|"
    r"children|passers-?by|shoppers|pilgrims|aid workers|teachers|a man|a woman|a family)\b",
    re.IGNORECASE,
)

#: Casualty words on either side of a number.
KILLED_LEFT = re.compile(
    r"(?:killing|killed|kill|kills|death of|deaths of|lives of|life of|claimed the lives of|"
    r"execut(?:ed|ing)|massacred|shot dead|shooting dead)\s+(?:the\s+|at least\s+|some\s+)?$",
    re.IGNORECASE,
)
INJURED_LEFT = re.compile(
    r"(?:injuring|injured|injure|wounding|wounded|wound|injury of|injuries to|injuries of|hurting|"
    r"hurt)\s+(?:the\s+|at least\s+|some\s+)?$",
    re.IGNORECASE,
)
KILLED_RIGHT = re.compile(
    r"^[\s,]*(?:(?:who|which|that)\s+)?(?:(?:were|was|have been|had been|are|is|being|got)\s+)?"
    r"(?:reportedly\s+|allegedly\s+|also\s+)?(?:killed|dead|died|slain|deaths|fatalities|"
    r"executed|perished|lost their lives)\b",
    re.IGNORECASE,
)
INJURED_RIGHT = re.compile(
    r"^[\s,]*(?:(?:who|which|that)\s+)?(?:(?:were|was|have been|had been|are|is|being|got)\s+)?"
    r"(?:reportedly\s+|allegedly\s+|also\s+|seriously\s+|critically\s+|slightly\s+|lightly\s+)?"
    r"(?:injured|wounded|hurt|injuries|casualties)\b",
    re.IGNORECASE,
)
KILLED_UNITS = {"deaths", "fatalities", "dead", "death", "killed", "bodies", "lives"}
INJURED_UNITS = {"injuries", "injured", "wounded", "injury", "casualties"}
#: Counted things that are not people: never casualties ("plans to kill 700 wild animals").
NOT_PEOPLE = {
    "animals", "cattle", "livestock", "sheep", "goats", "camels", "cows", "birds", "dogs",
    "elephants", "attacks", "strikes", "rockets", "drones", "missiles", "bases", "vehicles",
    "houses", "homes", "buildings", "years", "days", "months", "weeks", "hours", "times",
}
