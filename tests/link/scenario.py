"""A small hand-written story in the shape of the Iraq example (my own wording, not the articles)."""

from __future__ import annotations

from storydesk.model import Annotations

from .records import article, event, figure, mention

EXPLOSION = "Explosions/Remote violence"

P1 = article(
    "Militants struck the outpost known as Tower 22 with a drone on Sunday. Three American soldiers "
    "died in the raid and at least 40 were hurt. Roughly 2,500 US troops remain in Iraq today. "
    "In Baghdad a drone killed Abu Taqwa of Harakat al-Nujaba on 4 January.",
    title="Drone raid on Tower 22 kills three soldiers", published="2024-01-29", outlet="one",
)
P2 = article(
    "An unmanned aircraft hit T22, a small base near the border, on January 28. The assault killed "
    "three service members and wounded 34 others. About 2,500 American troops are in Iraq. "
    "Back in 2003 some 130,000 US troops were in Iraq. A missile strike in Baghdad on January 4 "
    "killed Mushtaq al-Jawari, a commander of Harakat An-Nujaba.",
    title="Base near border hit by drone", published="2024-01-30", outlet="two",
)
P3 = article(
    "Officials said around 2,500 U.S. troops are stationed in Iraq. A US strike in Baghdad on "
    "January 4 killed Kazem al-Jafari, the Nujaba commander. The Tower 22 attack in January was "
    "recalled by officials.",
    title="Coalition talks continue", published="2025-06-10", outlet="three",
)
P4 = article(
    "Nearly 2,500 troops from the US are in Iraq, officials say. They plan to leave by 2026.",
    title="Drawdown plan", published="2025-07-01", outlet="four",
)


def annotations() -> dict[str, Annotations]:
    """Return hand-built annotations for the four articles."""
    tower = {"location": "Tower 22", "date": "2024-01-28", "date_earliest": "2024-01-28",
             "date_latest": "2024-01-28", "time_precision": 1}
    baghdad = {"date": "2024-01-04", "date_earliest": "2024-01-04", "date_latest": "2024-01-04",
               "time_precision": 1}
    a1 = Annotations(
        article_id=P1.id,
        mentions=(mention(P1, "Tower 22", "FAC"), mention(P1, "Iraq", "GPE"), mention(P1, "Baghdad", "GPE"),
                  mention(P1, "Abu Taqwa", "PERSON"), mention(P1, "Harakat al-Nujaba", "ORG")),
        events=(
            event(P1, "struck", EXPLOSION, sub_event_type="Air/drone strike", mode="drone",
                  killed=3, injured=40, **tower),
            event(P1, "killed", EXPLOSION, sub_event_type="Air/drone strike", mode="drone", killed=1,
                  location="Baghdad", victims=("Abu Taqwa",), **baghdad),
        ),
        figures=(figure(P1, "Roughly 2,500 US troops", 2500, "troops", subject="US troops", approx="about",
                        place="Iraq"),),
    )
    a2 = Annotations(
        article_id=P2.id,
        mentions=(mention(P2, "T22", "FAC"), mention(P2, "Iraq", "GPE"), mention(P2, "Baghdad", "GPE"),
                  mention(P2, "Mushtaq al-Jawari", "PERSON"), mention(P2, "Harakat An-Nujaba", "ORG")),
        events=(
            event(P2, "hit", EXPLOSION, sub_event_type="Air/drone strike", mode="drone", killed=3,
                  injured=34, location="T22", date="2024-01-28", date_earliest="2024-01-28",
                  date_latest="2024-01-28", time_precision=1),
            event(P2, "strike", EXPLOSION, sub_event_type="Shelling/artillery/missile attack",
                  mode="missile", killed=1, location="Baghdad", victims=("Mushtaq al-Jawari",), **baghdad),
        ),
        figures=(
            figure(P2, "About 2,500 American troops", 2500, "troops", subject="American troops", approx="about",
                   place="Iraq"),
            figure(P2, "some 130,000 US troops", 130000, "troops", subject="US troops", approx="about",
                   place="Iraq", time="2003"),
        ),
    )
    a3 = Annotations(
        article_id=P3.id,
        mentions=(mention(P3, "Iraq", "GPE"), mention(P3, "Baghdad", "GPE"), mention(P3, "Kazem al-Jafari", "PERSON"),
                  mention(P3, "Tower 22", "FAC")),
        events=(
            event(P3, "strike", EXPLOSION, sub_event_type="Air/drone strike", killed=1, location="Baghdad",
                  victims=("Kazem al-Jafari",), **baghdad),
            event(P3, "attack", EXPLOSION, location="Tower 22", date="2024-01", date_earliest="2024-01-01",
                  date_latest="2024-01-31", time_precision=3, context=("historical",)),
        ),
        figures=(figure(P3, "around 2,500 U.S. troops", 2500, "troops", subject="U.S. troops", approx="about",
                        place="Iraq"),),
    )
    a4 = Annotations(
        article_id=P4.id,
        mentions=(mention(P4, "Iraq", "GPE"),),
        figures=(figure(P4, "Nearly 2,500 troops", 2500, "troops", subject="troops", approx="about",
                        place="Iraq"),),
    )
    return {a.article_id: a for a in (a1, a2, a3, a4)}


ARTICLES = {a.id: a for a in (P1, P2, P3, P4)}
