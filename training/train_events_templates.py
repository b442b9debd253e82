"""Event descriptions for training the event-type classifier, generated from templates we wrote.

Every sentence here is ours: slot fillers (actors, places, weapons, outcomes) and one or more
phrasings per ACLED sub-type (CASE 2021 codes). Place names are partly real and partly made-up
syllable names, so the model learns the event words, not the places. Deterministic for a seed.
"""

from __future__ import annotations

import random

STATE = [
    "government forces", "the army", "soldiers", "security forces", "troops", "the military",
    "police", "police officers", "the national guard", "special forces", "army units",
    "regime forces", "paratroopers", "border guards", "the armed forces", "military units",
    "Syrian government troops", "Afghan security forces", "Nigerian troops", "Iraqi forces",
    "Indian security forces", "Somali national army troops", "Yemeni government forces",
    "Libyan army units", "Pakistani soldiers", "Malian soldiers", "federal police",
    "counter-terrorism units", "marines", "a military patrol", "an army convoy",
]
REBELS = [
    "militants", "rebels", "insurgents", "fighters", "Taliban militants", "Islamic State fighters",
    "ISIS militants", "al-Shabaab fighters", "Boko Haram insurgents", "Maoist rebels",
    "separatists", "jihadists", "an armed group", "a militia", "a rebel faction", "Houthi fighters",
    "tribal fighters", "armed men", "suspected militants", "pro-government militiamen",
    "opposition fighters", "Kurdish fighters", "members of an armed group", "ethnic militia",
    "Naxal cadres", "rebel fighters", "gunmen belonging to a rival militia",
]
CIVILIANS = [
    "civilians", "villagers", "a farmer", "a shopkeeper", "a teacher", "worshippers", "students",
    "a journalist", "residents", "a local trader", "two women", "children", "passengers",
    "a village elder", "a shepherd", "an aid worker", "a family", "a local politician",
    "a businessman", "a man", "a woman", "displaced people", "fishermen", "a health worker",
    "a school principal", "herders", "traders at a market", "a taxi driver",
]
PROTESTERS = [
    "protesters", "demonstrators", "students", "workers", "farmers", "opposition supporters",
    "teachers", "residents", "activists", "women", "traders", "nurses", "lawyers",
    "hundreds of people", "thousands of people", "members of a trade union", "youths",
    "supporters of the ruling party", "retired soldiers", "taxi drivers", "villagers",
]
REAL_PLACES = [
    "Kabul", "Mosul", "Aleppo", "Idlib", "Mogadishu", "Maiduguri", "Sanaa", "Hodeidah", "Benghazi",
    "Tripoli", "Gao", "Mopti", "Peshawar", "Quetta", "Karachi", "Dhaka", "Chittagong", "Kirkuk",
    "Deir ez-Zor", "Raqqa", "Daraa", "Homs", "Kandahar", "Helmand", "Kunduz", "Jalalabad",
    "Marib", "Taiz", "Aden", "Sirte", "Misrata", "Borno", "Kaduna", "Zamfara", "Bamako",
    "Ouagadougou", "Goma", "Beni", "Juba", "Khartoum", "Darfur", "Srinagar", "Manipur",
    "Mindanao", "Marawi", "Baghdad", "Basra", "Anbar", "Diyala", "Gaza", "Hebron", "Nablus",
]
_SYL = ["ka", "ma", "ri", "to", "lan", "bu", "sha", "dor", "vel", "mi", "ra", "ko", "zan", "tu",
        "hel", "gar", "nu", "wa", "di", "sar", "bel", "om", "ya", "fen", "lo", "qa", "zi", "hu"]
ADMIN = ["district", "province", "region", "county", "village", "town", "city", "area", "state",
         "governorate", "upazila", "municipality", "neighbourhood", "sub-district"]
WHEN = [
    "On Monday", "On Tuesday", "On Wednesday", "Late on Thursday", "Early on Friday",
    "On Saturday night", "On Sunday morning", "Yesterday", "On 12 March", "On 3 January",
    "On 21 August", "Last week", "Earlier today", "On the night of 5 May", "In the early hours",
    "", "", "", "",
]
NUM = ["two", "three", "four", "five", "six", "seven", "eight", "ten", "12", "15", "20", "dozens of",
       "at least three", "at least 11", "more than 30", "several", "one", "a", "17", "nine"]
SOURCE = [
    "", "", "", " according to local sources", " officials said", " a spokesman said",
    " residents reported", " the ministry said in a statement", " local media reported",
    " police said", " a monitoring group said", " witnesses said",
]
TAIL = [
    "", "", "", "", " No group has claimed responsibility.", " The incident drew condemnation.",
    " An investigation has been opened.", " The area was cordoned off.",
    " It was not immediately clear who was behind it.", " Casualty figures could not be verified.",
    " The situation remained tense.", " Security was tightened in the area afterwards.",
]


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYL) for _ in range(rng.randint(2, 3))).capitalize()


def _place(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.35:
        return rng.choice(REAL_PLACES)
    if r < 0.7:
        return f"{_name(rng)} {rng.choice(ADMIN)}"
    if r < 0.85:
        return f"the {rng.choice(['village', 'town', 'city'])} of {_name(rng)}"
    return _name(rng)


def _num(rng: random.Random) -> str:
    return rng.choice(NUM)


# Each template is a format string over the slots: {s} state, {r} rebels, {c} civilians,
# {p} protesters, {pl} place, {pl2} second place, {n} a number, {n2} another number.
TEMPLATES: dict[str, list[str]] = {
    "ARMED_CLASH": [
        "{W} {s} clashed with {r} in {pl}, leaving {n} dead.",
        "Fighting broke out between {s} and {r} near {pl}{S}.",
        "{W} {r} and {s} exchanged fire in {pl}; {n} fighters were killed.",
        "{s} engaged {r} in a gun battle in {pl} that lasted several hours.",
        "{r} ambushed {s} on the road to {pl}, sparking heavy fighting. {n} soldiers died.",
        "{W} {r} attacked a military checkpoint in {pl} and {s} returned fire, killing {n} attackers.",
        "Two rival militias fought each other in {pl}{S}, with {n} casualties.",
        "{s} and {r} clashed overnight on the outskirts of {pl}.",
        "Heavy clashes erupted in {pl} between {r} and {s}, killing {n} people.",
        "{s} repelled an assault by {r} on their positions in {pl}.",
        "A firefight between {s} and {r} was reported in {pl}.",
        "{r} stormed an army post in {pl}; the ensuing battle killed {n} soldiers and {n2} militants.",
        "Rival factions of {r} clashed in {pl} over control of a checkpoint.",
        "{s} killed {n} {r} during an armed encounter in {pl}.",
        "{W} an army patrol came under fire from {r} in {pl}, and both sides suffered losses.",
    ],
    "GOV_REGAINS_TERIT": [
        "{W} {s} recaptured {pl} from {r} after days of fighting.",
        "{s} regained control of {pl}, which had been held by {r}{S}.",
        "{s} retook the town of {pl} from {r}.",
        "The army announced that {pl} had been liberated from {r}.",
        "{s} drove {r} out of {pl} and took back the area.",
        "After a week-long offensive, {s} reclaimed {pl} from {r}.",
        "{s} re-entered {pl} after {r} were pushed out of the district.",
        "Government troops restored state control over {pl} following clashes with {r}.",
        "{s} seized back several villages around {pl} from {r}.",
    ],
    "NON_STATE_ACTOR_OVERTAKES_TER": [
        "{r} moved into {pl} after {s} left and now run its checkpoints.",
        "{W} {r} seized control of {pl} after fighting with {s}.",
        "{r} captured the town of {pl} from {s}{S}.",
        "{r} overran an army base in {pl} and took over the district.",
        "{r} took control of {pl} following clashes with {s}.",
        "{r} advanced and captured several villages around {pl}.",
        "{pl} fell to {r} after {s} retreated under attack.",
        "{r} raised their flag over {pl} after routing {s}.",
        "{r} claimed to have recaptured {pl} from {s} in a counter-attack.",
        "{r} stormed {pl} and now control the town centre.",
    ],
    "AIR_STRIKE": [
        "A drone fired missiles at a car in {pl}, killing {n} people.",
        "{W} warplanes bombed {pl}, killing {n} people.",
        "An airstrike hit a building in {pl}{S}, killing {n} {r}.",
        "{W} a drone strike targeted a vehicle carrying {r} near {pl}.",
        "Fighter jets pounded positions of {r} in {pl}.",
        "Air raids on {pl} killed {n} civilians and wounded {n2}.",
        "Helicopter gunships struck {r} hideouts in {pl}.",
        "A US drone killed a senior commander of {r} in {pl}.",
        "The air force carried out strikes on {r} targets near {pl}.",
        "Coalition aircraft struck a weapons depot in {pl}.",
        "{W} an unmanned aerial vehicle fired on a car in {pl}, killing {n} occupants.",
        "Russian and Syrian jets conducted air raids on {pl}.",
        "Military aircraft bombed a training camp of {r} in {pl}{S}.",
        "A drone attack hit a military base in {pl}.",
        "A US strike in {pl} killed a militia commander.",
    ],
    "ART_MISS_ATTACK": [
        "{W} {s} shelled {pl}, killing {n} people.",
        "Artillery fire hit residential areas of {pl}{S}.",
        "{r} fired mortar shells at {pl}, wounding {n}.",
        "Rockets fired by {r} landed in {pl}.",
        "A missile struck {pl}, killing {n} civilians.",
        "{s} bombarded {r} positions in {pl} with heavy artillery.",
        "{W} several mortar rounds fell on a market in {pl}.",
        "{r} launched Grad rockets at {pl}.",
        "Tank and artillery shelling of {pl} continued overnight.",
        "A ballistic missile was fired at {pl}{S}.",
        "A rocket attack on a base in {pl} caused damage but no casualties.",
        "Shells fired from across the border hit {pl}.",
        "A missile strike in {pl} killed a senior official.",
    ],
    "SUIC_BOMB": [
        "A man wearing an explosive belt blew himself up among {c} in {pl}.",
        "An attacker detonated a vehicle packed with explosives at the gate of a base in {pl}.",
        "{W} a suicide bomber blew himself up in {pl}, killing {n} people.",
        "A suicide car bomb exploded at a checkpoint in {pl}{S}.",
        "A female suicide bomber detonated her explosive vest at a market in {pl}.",
        "A suicide attacker rammed an explosives-laden vehicle into a base in {pl}.",
        "{n} people were killed when a suicide bomber struck a mosque in {pl}.",
        "A suicide bombing targeted {s} in {pl}.",
        "{r} claimed a suicide attack that killed {n} soldiers in {pl}.",
        "Two suicide bombers detonated their vests near a crowd in {pl}.",
    ],
    "REM_EXPLOS": [
        "{n} soldiers died when their vehicle struck a mine on the road to {pl}.",
        "A bomb hidden in a cart went off in a crowded bazaar in {pl}, wounding {n}.",
        "{W} a roadside bomb exploded near a vehicle in {pl}, killing {n}.",
        "An improvised explosive device went off in {pl}{S}.",
        "A landmine blast killed {n} {c} in {pl}.",
        "A bomb planted on a motorcycle exploded in {pl}.",
        "An IED targeted a patrol of {s} in {pl}, wounding {n} soldiers.",
        "A car bomb exploded outside a government office in {pl}.",
        "A magnetic bomb attached to a car detonated in {pl}.",
        "An explosive device hidden in a bag blew up at a bus station in {pl}.",
        "{n} soldiers were wounded when their vehicle hit a mine near {pl}.",
        "A remotely detonated bomb hit a convoy in {pl}.",
        "An explosion caused by a planted bomb damaged a bridge in {pl}.",
        "A blast from an explosive device struck a market in {pl}.",
    ],
    "GRENADE": [
        "{W} unidentified men hurled a grenade at a shop in {pl}, injuring {n}.",
        "A grenade attack on a police station in {pl} wounded {n} officers.",
        "Attackers threw a hand grenade into a crowd in {pl}{S}.",
        "A grenade was lobbed at the house of a politician in {pl}.",
        "{n} people were injured when a grenade exploded at a bus stop in {pl}.",
        "Militants tossed a grenade at {s} in {pl}.",
        "A hand grenade was thrown into a market in {pl}, wounding {n}.",
    ],
    "CHEM_WEAP": [
        "Victims in {pl} described a strange smell and difficulty breathing after the attack.",
        "{W} a chemical attack hit {pl}, killing {n} people.",
        "Chlorine gas was used in an attack on {pl}{S}.",
        "Residents of {pl} suffered breathing problems after a suspected gas attack.",
        "Barrels filled with toxic gas were dropped on {pl}.",
        "Sarin was used against civilians in {pl}, investigators said.",
        "{n} people died of suffocation after poison gas was released in {pl}.",
        "Shells carrying chemical agents struck {pl}.",
    ],
    "ATTACK": [
        "{W} gunmen shot dead {c} in {pl}.",
        "{r} killed {n} {c} in {pl}{S}.",
        "Unidentified attackers stabbed {c} to death in {pl}.",
        "{r} attacked {c} in {pl}, killing {n} and injuring {n2}.",
        "Armed men opened fire on a bus in {pl}, killing {n} passengers.",
        "{c} was beaten and killed by {r} in {pl}.",
        "{r} raided a village in {pl} and killed {n} residents.",
        "{s} allegedly tortured and killed {c} in {pl}.",
        "{r} executed {n} {c} they accused of spying in {pl}.",
        "Gunmen on motorcycles attacked {c} in {pl}.",
        "{c} was shot and wounded by unknown assailants in {pl}.",
        "{r} assaulted {c} in {pl}, leaving them seriously injured.",
        "Unknown assailants killed {c} in {pl} and fled.",
        "{r} massacred {n} {c} in {pl}.",
    ],
    "ABDUCT_DISSAP": [
        "{W} {r} abducted {c} in {pl}.",
        "{n} {c} were kidnapped by {r} in {pl}{S}.",
        "Armed men kidnapped {c} from their home in {pl}.",
        "{c} went missing after being taken away by {s} in {pl}.",
        "{r} took {n} {c} hostage in {pl}.",
        "{c} was forcibly disappeared after being picked up by men in plain clothes in {pl}.",
        "Gunmen seized {c} on the road to {pl} and demanded a ransom.",
        "{r} abducted {n} students from a school in {pl}.",
    ],
    "SEX_VIOL": [
        "{W} {c} was raped by {r} in {pl}.",
        "{r} sexually assaulted {c} in {pl}{S}.",
        "A girl was gang-raped by armed men in {pl}.",
        "{s} were accused of raping {n} women in {pl}.",
        "Women in {pl} reported sexual violence by {r}.",
        "A woman was raped and beaten by members of {r} near {pl}.",
        "{c} was sexually abused by {s} at a checkpoint in {pl}.",
    ],
    "MOB_VIOL": [
        "{W} a mob lynched a suspected thief in {pl}.",
        "Angry villagers beat {c} to death in {pl} over an accusation of witchcraft.",
        "A crowd attacked and burned the house of {c} in {pl}{S}.",
        "Vigilantes beat {n} suspected robbers in {pl}.",
        "Supporters of two rival parties attacked each other with sticks and machetes in {pl}.",
        "A mob set upon {c} accused of blasphemy in {pl}.",
        "Residents of {pl} attacked a man suspected of stealing cattle and killed him.",
        "Members of two communities fought with clubs and knives in {pl}, injuring {n}.",
        "Party activists attacked each other in {pl}, leaving {n} injured.",
    ],
    "PEACE_PROTEST": [
        "{W} {p} protested in {pl} against rising prices.",
        "{p} held a peaceful demonstration in {pl} demanding higher wages.",
        "{p} marched through {pl} to denounce the government.",
        "{p} staged a sit-in outside the governor's office in {pl}{S}.",
        "{p} gathered in {pl} to call for the release of detained activists.",
        "A rally was held in {pl} in support of the opposition.",
        "{p} formed a human chain in {pl} to protest against the new law.",
        "{p} went on strike in {pl} over unpaid salaries.",
        "{p} demonstrated peacefully in {pl} against power cuts.",
        "{p} held placards and chanted slogans in {pl}.",
        "{p} protested outside the embassy in {pl}.",
        "{p} began a hunger strike in {pl}.",
        "{p} blocked a road in {pl} for an hour to protest a lack of water, then dispersed.",
    ],
    "PROTEST_WITH_INTER": [
        "{W} police dispersed {p} in {pl} with tear gas.",
        "Police arrested {n} {p} during a protest in {pl}{S}.",
        "Security forces broke up a demonstration in {pl} and detained {n} people.",
        "{p} protesting in {pl} were dispersed by police using water cannon.",
        "Police prevented {p} from marching in {pl} and detained organisers.",
        "Officers fired tear gas to break up a rally of {p} in {pl}.",
        "A protest by {p} in {pl} was disrupted by police, who arrested several participants.",
        "Police detained {n} activists who gathered in {pl} to demonstrate.",
    ],
    "FORCE_AGAINST_PROTEST": [
        "{W} police opened fire on {p} in {pl}, killing {n}.",
        "Security forces fired live ammunition at {p} in {pl}{S}.",
        "{n} protesters were killed when troops shot at a demonstration in {pl}.",
        "Police beat {p} with batons in {pl}, injuring {n}.",
        "Officers violently attacked a peaceful march in {pl}, wounding {n} demonstrators.",
        "Soldiers shot dead {n} demonstrators in {pl}.",
        "Police brutally assaulted {p} taking part in a sit-in in {pl}.",
        "Security forces used lethal force against {p} in {pl}.",
    ],
    "VIOL_DEMONSTR": [
        "{p} ransacked government offices in {pl} to protest against new taxes.",
        "{p} smashed windows and pelted police with stones during a protest in {pl}.",
        "{W} {p} threw stones at police in {pl} during a protest.",
        "Rioters burned tyres and vandalised shops in {pl}{S}.",
        "{p} set fire to a police station in {pl} during a demonstration.",
        "Protesters clashed with police in {pl} and damaged vehicles.",
        "{p} rioted in {pl}, torching cars and looting stores.",
        "Angry {p} stormed the municipal building in {pl} and set it ablaze.",
        "Demonstrators hurled petrol bombs at security forces in {pl}.",
        "{p} blocked the highway in {pl}, burned tyres and attacked passing vehicles.",
        "Students vandalised the university offices in {pl} to protest exam results.",
    ],
    "AGREEMENT": [
        "{W} the government and {r} signed a peace agreement in {pl}.",
        "The warring sides agreed to a ceasefire in {pl}{S}.",
        "{r} and {s} reached a deal to exchange prisoners.",
        "Leaders of two rival communities signed an accord in {pl}.",
        "A truce was agreed between {r} and {s} in {pl}.",
        "The parties reached an agreement to withdraw forces from {pl}.",
        "The government and {r} agreed on a roadmap for peace talks.",
        "A local peace deal was signed between two clans in {pl}.",
        "{r} accepted a ceasefire brokered by mediators in {pl}.",
    ],
    "ARREST": [
        "Police picked up {c} in {pl} and charged them with sedition.",
        "{c} was held by security agents in {pl} and taken to a police station.",
        "{W} police arrested {n} suspects in {pl}.",
        "{s} detained a senior member of {r} in {pl}{S}.",
        "A journalist was arrested in {pl} for criticising the government.",
        "Police took {n} opposition activists into custody in {pl}.",
        "{s} apprehended {n} suspected militants during a raid in {pl}.",
        "Authorities arrested the leader of a political party in {pl}.",
        "Police detained {c} on charges of incitement in {pl}.",
        "{n} people were arrested in {pl} in connection with the killing.",
    ],
    "CHANGE_TO_GROUP_ACT": [
        "{W} {r} announced they would merge with another armed group.",
        "{r} pledged allegiance to the Islamic State{S}.",
        "The army imposed a curfew in {pl}.",
        "{r} relocated their headquarters from {pl} to the mountains.",
        "{s} launched military exercises near {pl}.",
        "{r} appointed a new leader after the death of their commander.",
        "{n} members of {r} surrendered to the authorities in {pl}.",
        "{s} deployed additional troops to {pl}.",
        "{r} announced a unilateral halt to their operations.",
        "The military test-fired a new missile near {pl}.",
        "{r} split into two factions after a leadership dispute.",
    ],
    "DISR_WEAP": [
        "{W} {s} seized a large cache of weapons in {pl}.",
        "Bomb disposal experts defused an explosive device in {pl}{S}.",
        "Air defences intercepted a drone over {pl}.",
        "{s} foiled a bomb plot in {pl} and recovered explosives.",
        "Police found and destroyed an arms depot belonging to {r} in {pl}.",
        "A missile fired at {pl} was shot down by air defence systems.",
        "{s} discovered an IED on a road near {pl} and safely detonated it.",
        "Troops confiscated rifles and ammunition from {r} in {pl}.",
        "A landmine was found and removed near {pl}.",
    ],
    "HQ_ESTABLISHED": [
        "{W} {r} set up a new base in {pl}.",
        "{r} established their headquarters in {pl}{S}.",
        "{s} built a new military outpost in {pl}.",
        "{r} opened a training camp near {pl}.",
        "A new command post was established by {s} in {pl}.",
        "{r} took over a school in {pl} and turned it into their headquarters.",
    ],
    "NON_VIOL_TERRIT_TRANSFER": [
        "{W} {r} withdrew from {pl} without a fight.",
        "{s} handed over control of {pl} to local forces{S}.",
        "{r} took over {pl} after {s} pulled out peacefully.",
        "{s} evacuated their positions in {pl}, leaving the area to {r}.",
        "Control of {pl} was transferred to {r} under a local agreement.",
        "{r} abandoned {pl} and moved east.",
        "{r} entered {pl} unopposed after government troops left.",
    ],
    "PROPERTY_DISTRUCT": [
        "{W} {r} set fire to houses in {pl}.",
        "Unknown people torched {n} vehicles in {pl}{S}.",
        "{r} looted shops and burned crops in {pl}.",
        "Attackers destroyed a telecom tower in {pl}.",
        "A school was burned down by unidentified men in {pl}.",
        "{s} demolished homes in {pl}.",
        "Arsonists burned the office of a political party in {pl}.",
        "{r} vandalised a church in {pl}.",
        "{r} blew up a bridge near {pl}.",
    ],
    "OTHER": [
        "{W} the bodies of {n} people were found in {pl}{S}.",
        "{r} distributed leaflets threatening residents of {pl}.",
        "A mass grave was discovered in {pl}.",
        "{r} released {n} prisoners in {pl}.",
        "{r} issued threats against teachers in {pl}.",
        "Military jets flew over {pl} in a show of force.",
        "{r} held a public meeting in {pl}.",
    ],
}


def generate(per_label: int = 220, seed: int = 13) -> list[tuple[str, str]]:
    """Return ``(text, label)`` pairs, ``per_label`` for each label, deterministic for ``seed``."""
    rng = random.Random(seed)
    out: list[tuple[str, str]] = []
    for label, templates in sorted(TEMPLATES.items()):
        for i in range(per_label):
            template = templates[i % len(templates)]
            source = rng.choice(SOURCE)
            text = template.format(
                W=rng.choice(WHEN) + ("," if rng.random() < 0.5 else ""),
                s=rng.choice(STATE),
                r=rng.choice(REBELS),
                c=rng.choice(CIVILIANS),
                p=rng.choice(PROTESTERS),
                pl=_place(rng),
                pl2=_place(rng),
                n=_num(rng),
                n2=_num(rng),
                S=("," + source) if source else "",
            )
            text = text.replace(" ,", "").replace(",,", ",").strip().lstrip(",").strip()
            text = text[0].upper() + text[1:]
            text += rng.choice(TAIL)
            out.append((text, label))
    return out
