"""Sentences written by the storydesk authors to check exported sentence embeddings.

``REFERENCE_SENTENCES`` get fp32 vectors stored next to the artifact at export time, so the bench
and tests can measure how far the shipped (quantized or distilled) model drifts from fp32.
``STS_PAIRS`` is a tiny STS-like set: sentence pairs with a graded similarity from 0 (unrelated)
to 5 (same meaning), judged by us; Spearman correlation against it is a sanity check of ranking
quality, not a published benchmark.
"""

from __future__ import annotations

REFERENCE_SENTENCES: tuple[str, ...] = (
    "A drone struck a small military outpost near the border before dawn.",
    "Three soldiers were killed and dozens wounded in the overnight attack.",
    "The prime minister said foreign troops would leave by the end of next year.",
    "Officials in the capital denied that any agreement had been signed.",
    "The militia claimed responsibility in a short statement on social media.",
    "A missile hit a car carrying a senior commander in the city centre.",
    "The coalition will end its mission in two phases, the ministry announced.",
    "About two thousand five hundred troops remain in the country.",
    "Rocket fire targeted an air base in the western desert on Tuesday.",
    "The spokesman refused to say how many fighters had been detained.",
    "Heavy rain flooded several villages in the north of the province.",
    "The football club signed a new striker for the coming season.",
    "Shares of the technology company fell sharply after the earnings report.",
    "The museum reopened its ancient history wing after a long renovation.",
    "Negotiators met again to discuss the timetable for the withdrawal.",
    "Witnesses described a loud explosion followed by a column of smoke.",
    "The group vowed to continue its operations until the occupation ends.",
    "Washington blamed an Iran-backed faction for the deadly strike.",
    "The parliament voted to expel all foreign forces from the territory.",
    "A convoy carrying supplies was ambushed on the main highway.",
    "Protesters gathered outside the embassy and set fire to a gate.",
    "The defence minister travelled to the region for talks with his counterpart.",
    "Nobody was hurt when the projectile landed in an empty field.",
    "The new phone has a larger battery and a brighter screen.",
)

STS_PAIRS: tuple[tuple[str, str, float], ...] = (
    (
        "A drone hit the base and killed three soldiers.",
        "Three troops died when an unmanned aircraft struck the base.",
        5.0,
    ),
    (
        "The militia claimed the attack on the outpost.",
        "The armed group said it was behind the strike on the outpost.",
        4.8,
    ),
    (
        "US forces will leave Iraq by September next year.",
        "American troops are to withdraw from Iraq by next September.",
        4.8,
    ),
    (
        "The commander was killed in a strike on his car in Baghdad.",
        "A senior leader died when his vehicle was hit in the Iraqi capital.",
        4.5,
    ),
    (
        "About 2,500 American troops are stationed in the country.",
        "Roughly 2,500 US soldiers are deployed there.",
        4.8,
    ),
    (
        "The minister denied that talks had broken down.",
        "The minister said negotiations had collapsed.",
        2.0,
    ),
    (
        "A rocket landed near the embassy without causing casualties.",
        "No one was hurt when a rocket fell close to the embassy.",
        4.6,
    ),
    (
        "The coalition mission will end in two phases.",
        "The mission of the international coalition is to be wound down in two stages.",
        4.6,
    ),
    ("Dozens of soldiers were wounded in the attack.", "The attack left many troops injured.", 4.2),
    (
        "The drone attack killed three soldiers in Jordan.",
        "The drone attack killed three soldiers in Syria.",
        3.6,
    ),
    (
        "The militia announced a pause in its attacks.",
        "The militia announced a new wave of attacks.",
        2.2,
    ),
    (
        "The parliament voted to expel foreign troops.",
        "Lawmakers approved a resolution calling for foreign forces to leave.",
        4.4,
    ),
    (
        "The strike targeted a weapons depot near the border.",
        "An arms storage site close to the frontier was hit.",
        4.5,
    ),
    (
        "The prime minister met the visiting delegation.",
        "The head of government held talks with the visitors.",
        4.2,
    ),
    (
        "Protesters stormed the embassy compound.",
        "Demonstrators broke into the grounds of the embassy.",
        4.7,
    ),
    ("The convoy was attacked on the highway.", "The football team won the cup final.", 0.0),
    ("The drone struck an air base.", "The new phone has a larger screen.", 0.0),
    (
        "Officials reported heavy flooding in the north.",
        "The militia fired rockets at the base.",
        0.2,
    ),
    (
        "The government announced a withdrawal timetable.",
        "Shares fell sharply after the earnings report.",
        0.0,
    ),
    ("Soldiers were killed in a drone attack.", "The museum reopened after renovation.", 0.0),
    ("The group vowed to continue fighting.", "The group promised to keep up its attacks.", 4.4),
    (
        "The spokesman gave no figure for the casualties.",
        "The spokesman did not say how many people were hurt.",
        4.6,
    ),
    ("A missile hit the car.", "A drone hit the car.", 3.4),
    (
        "The base came under rocket fire on Tuesday.",
        "The base came under rocket fire on Friday.",
        3.8,
    ),
    (
        "Washington blamed an Iran-backed militia for the strike.",
        "The United States said a group supported by Tehran carried out the attack.",
        4.5,
    ),
    (
        "The talks on the troop withdrawal resumed.",
        "Negotiations about pulling out the soldiers started again.",
        4.6,
    ),
    ("The defence minister visited the region.", "The finance minister presented the budget.", 1.0),
    (
        "An explosion was heard across the city.",
        "Residents reported a loud blast in the city.",
        4.4,
    ),
    (
        "The outpost sits near the border with Syria.",
        "The base is located close to the Syrian frontier.",
        4.5,
    ),
    (
        "The attack was the first to kill US troops in the region since the war began.",
        "It was the first deadly attack on American forces there since the start of the war.",
        4.7,
    ),
    (
        "The army said the situation was under control.",
        "The striker scored twice in the second half.",
        0.0,
    ),
    ("Heavy rain flooded the villages.", "Several villages were under water after the storm.", 4.2),
    ("The company released a new phone.", "The firm launched a new smartphone.", 4.7),
    (
        "The ministry confirmed the death of the commander.",
        "The ministry denied that the commander had been killed.",
        2.4,
    ),
    ("Three soldiers died.", "Thirty soldiers died.", 3.0),
    ("The coalition will leave Baghdad.", "The coalition will stay in Baghdad.", 2.0),
)
