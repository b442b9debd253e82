"""Answer key of the bundled example story, as data: build.py writes it to expected.json.

Every string here is an exact substring of the article text it is attached to (build.py
checks that), so tests and benches can find spans without guessing. Article ids are the
two-digit prefixes of the file names ("01" = text/01-gulf-ledger.txt).
"""

from __future__ import annotations

from typing import Any

SLUG = "euphrates-drone-strikes"
STORY_TITLE = "Drone attacks on US bases in eastern Syria and the Iraq-US withdrawal timetable"

# --------------------------------------------------------------------------- articles
# chrome: lines a cleaner must remove (exact, whole lines), with a hint of why.
# optional: boilerplate-like lines a cleaner may keep or remove; neither is an error.
# headings: section headings that are real content and must stay.

ARTICLES: list[dict[str, Any]] = [
    {
        "id": "01",
        "stem": "01-gulf-ledger",
        "outlet": "Gulf Ledger",
        "title": "Drone Attack Wounds Seven US Troops at Oil Field Base in Eastern Syria",
        "byline": "Nadia Karam",
        "published": "2026-02-09",
        "published_source": "text",
        "published_time": "2026-02-09T07:15:00+03:00",
        "chrome": [
            ["By Nadia Karam February 9, 2026 214", "byline"],
            ["No time to read?", "summary-prompt"],
            ["Get a summary", "summary-prompt"],
            ["Previous Article", "navigation"],
            ["Falcons Edge Past Harbour City in Late Penalty Drama", "related-headline"],
            ["Next Article", "navigation"],
            ["Fuel Subsidy Reform Draws Mixed Reaction Among Small Traders", "related-headline"],
        ],
        "optional": [],
        "headings": ["Night Attack", "Pattern of Escalation"],
    },
    {
        "id": "02",
        "stem": "02-levant-monitor",
        "outlet": "Levant Monitor",
        "title": "Who Are Saraya al-Fajr, the Group Behind Sunday's Drone Attack?",
        "byline": "Karim Saleh",
        "published": "2026-02-10",
        "published_source": "text",
        "published_time": "2026-02-10T09:30:00+02:00",
        "chrome": [
            ["By Karim Saleh | 10 February 2026 | 5 min read", "byline"],
            ["Share this article", "share"],
            ["Facebook Twitter WhatsApp Telegram", "share"],
            ["All rights reserved to Levant Monitor.", "copyright"],
            ["Subscribe to Levant Monitor's daily briefing", "subscribe"],
        ],
        "optional": [],
        "headings": [
            "Who are the Fajr Brigades?",
            "A campaign that is growing",
            "What Washington wants",
        ],
    },
    {
        "id": "03",
        "stem": "03-northern-wire",
        "outlet": "Northern Wire",
        "title": "Rockets Land Near US Base at Syria's Conoco Gas Field, No Injuries Reported",
        "byline": None,
        "published": "2026-02-13",
        "published_source": "text",
        "published_time": "2026-02-13T16:05:00+00:00",
        "chrome": [
            ["Northern Wire | February 13, 2026 | Updated 18:42", "byline"],
            ["Subscribe to our newsletter", "subscribe"],
            ["More Stories", "related-heading"],
            ["Central Bank Holds Rates Steady for Third Straight Month", "related-headline"],
            ["Marathon Organisers Add Night Race to Spring Calendar", "related-headline"],
            ["Wheat Harvest Forecast Trimmed After Dry Winter", "related-headline"],
        ],
        "optional": [],
        "headings": [],
    },
    {
        "id": "04",
        "stem": "04-desert-courier",
        "outlet": "Desert Courier Agency",
        "title": "US Drone Strike Kills Militia Commander Near Iraq-Syria Border",
        "byline": None,
        "published": "2026-02-17",
        "published_source": "text",
        "published_time": "2026-02-17T11:20:00+03:00",
        "chrome": [
            ["Desert Courier Agency", "outlet-name"],
            ["Tuesday, 17 February 2026 - 11:20", "dateline"],
            ["Reading time: 3 min", "reading-time"],
            ["Tags: Iraq, Syria, United States, Security", "tags"],
            ["Copyright © 2026 Desert Courier Agency. All rights reserved.", "copyright"],
        ],
        "optional": [],
        "headings": [],
    },
    {
        "id": "05",
        "stem": "05-two-rivers-herald",
        "outlet": "Two Rivers Herald",
        "title": "Militia Drone Chief Killed in American Strike Near Al-Qaim",
        "byline": "Herald Desk",
        "published": "2026-02-17",
        "published_source": "text",
        "published_time": "2026-02-17T19:05:00+03:00",
        "chrome": [
            ["Posted by Herald Desk on February 17, 2026 | 87 views", "byline"],
            ["Related:", "related-heading"],
            ["Water Levels in the Tigris Fall to a Ten-Year Low", "related-headline"],
            ["Comments (0)", "comments"],
            ["Leave a comment", "comments"],
        ],
        "optional": [
            "The following report was distributed by Desert Courier Agency.",
            "The Herald will update this story as more information becomes available.",
        ],
        "headings": [],
        "duplicate_of": "04",
    },
    {
        "id": "06",
        "stem": "06-crescent-review",
        "outlet": "Crescent Review",
        "title": "Saraya Al Fajr Mourns Its Commander and Vows Response to American Aggression",
        "byline": None,
        "published": "2026-02-18",
        "published_source": "text",
        "published_time": None,  # the page has no date meta: only the visible dateline
        "chrome": [
            ["Crescent Review - Wednesday 18 February 2026 - 09:05", "dateline"],
            ["Print | Font size: A+ A-", "tools"],
            ["Read also:", "related-heading"],
            ["Exhibition of Calligraphy Opens in Basra Next Week", "related-headline"],
            ["© Crescent Review 2026", "copyright"],
        ],
        "optional": ["Translated from the Arabic"],
        "headings": ["Anger in Anbar"],
    },
    {
        "id": "07",
        "stem": "07-northern-wire",
        "outlet": "Northern Wire",
        "title": "Iraq and US Open Talks on Coalition Timetable as Attacks Pause",
        "byline": None,
        "published": "2026-02-25",
        "published_source": "text",
        "published_time": "2026-02-25T14:40:00+00:00",
        "chrome": [
            ["Northern Wire | February 25, 2026", "byline"],
            ["More Stories", "related-heading"],
            ["Port Authority Unveils Plan to Double Container Capacity", "related-headline"],
            ["Young Chess Players Shine at Regional Championship", "related-headline"],
            ["Power Cuts Ease as New Gas Turbines Come Online", "related-headline"],
        ],
        "optional": [],
        "headings": ["What is on the table", "Pressure from the street"],
    },
    {
        "id": "08",
        "stem": "08-mashriq-review",
        "outlet": "Mashriq Review",
        "title": "The Fajr Brigades Have Already Changed the Debate in Baghdad",
        "byline": "Omar Sinjari",
        "published": None,
        "published_source": "none",
        "published_time": None,
        "chrome": [
            ["Opinion", "section-label"],
            ["By Omar Sinjari", "byline"],
            ["Share on X | Copy link", "share"],
            [
                (
                    "The views expressed in this article are the author's own and do not "
                    "necessarily reflect those of Mashriq Review."
                ),
                "disclaimer",
            ],
            ["Mashriq Review © All rights reserved", "copyright"],
        ],
        "optional": [
            "Omar Sinjari is a researcher at the Tigris Institute for Strategic Studies in Erbil.",
        ],
        "headings": ["A war of attrition", "The arithmetic of withdrawal", "What comes next"],
    },
    {
        "id": "09",
        "stem": "09-levant-monitor",
        "outlet": "Levant Monitor",
        "title": "Thousands Rally in Baghdad to Demand US Withdrawal",
        "byline": "Rasha Nouri",
        "published": "2026-03-07",
        "published_source": "text",
        "published_time": "2026-03-07T10:10:00+02:00",
        "chrome": [
            ["By Rasha Nouri | 7 March 2026 | 4 min read", "byline"],
            ["Share this article", "share"],
            ["Facebook Twitter WhatsApp Telegram", "share"],
            ["Most Read", "related-heading"],
            ["1. Date Growers Turn to Solar Pumps as Fuel Costs Climb", "related-headline"],
            ["2. Amman Film Week Announces Its Jury", "related-headline"],
            ["3. New Rail Link to Connect Two Northern Cities by 2028", "related-headline"],
            ["All rights reserved to Levant Monitor.", "copyright"],
        ],
        "optional": [],
        "headings": ["Scuffles at the bridge"],
    },
    {
        "id": "10",
        "stem": "10-desert-courier",
        "outlet": "Desert Courier Agency",
        "title": (
            "Iraq and US Agree Timetable for Coalition Drawdown, "
            "Eastern Syria Bases to Close by Year-End"
        ),
        "byline": None,
        "published": "2026-03-13",
        "published_source": "text",
        "published_time": "2026-03-13T08:45:00+03:00",
        "chrome": [
            ["Desert Courier Agency", "outlet-name"],
            ["Friday, 13 March 2026 - 08:45", "dateline"],
            ["Reading time: 4 min", "reading-time"],
            ["Tags: Iraq, Syria, United States, Diplomacy", "tags"],
            ["Copyright © 2026 Desert Courier Agency. All rights reserved.", "copyright"],
        ],
        "optional": [],
        "headings": [],
    },
    {
        "id": "11",
        "stem": "11-euphrates-post",
        "outlet": "Euphrates Post",
        "title": "Drones Shot Down Near Al-Omar Base Days After Withdrawal Deal",
        "byline": "Hussein Daher",
        "published": "2026-03-20",
        "published_source": "text",
        "published_time": "2026-03-20T06:50:00+03:00",
        "chrome": [
            ["By Hussein Daher March 20, 2026 1,032", "byline"],
            ["No time to read?", "summary-prompt"],
            ["Get a summary", "summary-prompt"],
            ["Previous Article", "navigation"],
            ["Riverside Stun Champions in Overtime Thriller", "related-headline"],
            ["Next Article", "navigation"],
            ["Spring Rains Lift Hopes for Barley Farmers in Nineveh", "related-headline"],
        ],
        "optional": [],
        "headings": ["Interception", "A fragile truce"],
    },
]

DUPLICATES = [
    {
        "original": "04",
        "copy": "05",
        "kind": "near",
        "edits": [
            "new title and a syndication line before the dateline",
            "'A US drone strike' became 'An American drone strike'",
            "the paragraph about pictures on social media was dropped",
            "'the US charge d'affaires' became 'the American charge d'affaires'",
            "a closing 'will update this story' line and a comments block were added",
        ],
    }
]

UNDATED = [
    {
        "article": "08",
        # after the first round of talks (24 Feb, "last week's meeting"), before the protest
        # it calls planned (6 March) and the talks it calls due (12 March)
        "window": ["2026-02-25", "2026-03-05"],
        "tight_window": ["2026-03-02", "2026-03-05"],
        "why": (
            "no date in the text, no date meta in the HTML; 'last week's meeting' is the 24 Feb "
            "round, 'due on March 12' and 'plan to hold in Tahrir Square on March 6' are still "
            "ahead"
        ),
    }
]

# Chrome that exists only in the HTML pages (cookie banners, comment boxes, footers): it
# must not reach an article's cleaned text when the HTML form is ingested.
HTML_ONLY_CHROME = [
    "We use cookies to improve your experience and for analytics.",
    "Manage preferences",
    "Be the first to comment.",
    "Read and join the conversation",
    "Syndicated content remains the property of its owners.",
    "Font size:",
]

# --------------------------------------------------------------------------- dates
# Every temporal expression a date tagger should find in the CONTENT (chrome excluded),
# resolved against the publication date. relation: past / ongoing / future.
# precision follows storydesk.model.Precision. value is TIMEX-like.

DATES: list[dict[str, Any]] = [
    # 01, published Monday 2026-02-09
    {"article": "01", "text": "late on Sunday", "value": "2026-02-08", "precision": "day", "relation": "past"},
    {"article": "01", "text": "on Monday", "value": "2026-02-09", "precision": "day", "relation": "past"},
    {"article": "01", "text": "so far this year", "value": "2026", "precision": "year", "relation": "ongoing"},
    {"article": "01", "text": "shortly before 11 p.m.", "value": "2026-02-08T23", "precision": "day", "relation": "past", "optional": True},
    {"article": "01", "text": "Sunday's strike", "value": "2026-02-08", "precision": "day", "relation": "past"},
    {"article": "01", "text": "since mid-January", "value": "2026-01", "precision": "month", "relation": "past"},
    {"article": "01", "text": "late last year", "value": "2025", "precision": "year", "relation": "past"},
    {"article": "01", "text": "Sunday's attack", "value": "2026-02-08", "precision": "day", "relation": "past"},
    # 02, published Tuesday 2026-02-10
    {"article": "02", "text": "two days ago", "value": "2026-02-08", "precision": "day", "relation": "past"},
    {"article": "02", "text": "a year ago", "value": "2025-02", "precision": "month", "relation": "past", "optional": True},
    {"article": "02", "text": "in October", "value": "2025-10", "precision": "month", "relation": "past", "note": "October before a February publication date is last year's"},
    {"article": "02", "text": "since mid-January", "value": "2026-01", "precision": "month", "relation": "past"},
    {"article": "02", "text": "Until Sunday", "value": "2026-02-08", "precision": "day", "relation": "past"},
    {"article": "02", "text": "in 2019", "value": "2019", "precision": "year", "relation": "past", "background": True},
    {"article": "02", "text": "in the coming weeks", "value": "FUTURE_REF", "precision": "unknown", "relation": "future", "optional": True},
    {"article": "02", "text": "last week", "value": "2026-W06", "precision": "week", "relation": "past"},
    # 03, published Friday 2026-02-13
    {"article": "03", "text": "on Thursday", "value": "2026-02-12", "precision": "day", "relation": "past"},
    {"article": "03", "text": "four days after", "value": "2026-02-08", "precision": "day", "relation": "past", "note": "four days before Thursday 12 Feb"},
    {"article": "03", "text": "since January 15", "value": "2026-01-15", "precision": "day", "relation": "past"},
    {"article": "03", "text": "Sunday's drone strike", "value": "2026-02-08", "precision": "day", "relation": "past"},
    {"article": "03", "text": "on Friday", "value": "2026-02-13", "precision": "day", "relation": "past"},
    {"article": "03", "text": "on Wednesday", "value": "2026-02-11", "precision": "day", "relation": "past"},
    {"article": "03", "text": "in 2014", "value": "2014", "precision": "year", "relation": "past", "background": True},
    # 04, published Tuesday 2026-02-17
    {"article": "04", "text": "Feb 17", "value": "2026-02-17", "precision": "day", "relation": "past"},
    {"article": "04", "text": "early on Tuesday", "value": "2026-02-17", "precision": "day", "relation": "past"},
    {"article": "04", "text": "February 8", "value": "2026-02-08", "precision": "day", "relation": "past"},
    {"article": "04", "text": "in January", "value": "2026-01", "precision": "month", "relation": "past"},
    # 05 (near-copy of 04), published 2026-02-17
    {"article": "05", "text": "Feb 17", "value": "2026-02-17", "precision": "day", "relation": "past"},
    {"article": "05", "text": "early on Tuesday", "value": "2026-02-17", "precision": "day", "relation": "past"},
    {"article": "05", "text": "February 8", "value": "2026-02-08", "precision": "day", "relation": "past"},
    {"article": "05", "text": "in January", "value": "2026-01", "precision": "month", "relation": "past"},
    # 06, published Wednesday 2026-02-18
    {"article": "06", "text": "on Tuesday evening", "value": "2026-02-17", "precision": "day", "relation": "past"},
    {"article": "06", "text": "ten days ago", "value": "2026-02-08", "precision": "day", "relation": "past"},
    {"article": "06", "text": "before the end of this year", "value": "2026", "precision": "year", "relation": "future", "context": "hypothetical", "note": "a demand, not a plan"},
    {"article": "06", "text": "on Thursday", "value": "2026-02-19", "precision": "day", "relation": "future", "note": "the funeral, announced for the day after publication"},
    {"article": "06", "text": "since the middle of January", "value": "2026-01", "precision": "month", "relation": "past"},
    # 07, published Wednesday 2026-02-25
    {"article": "07", "text": "on Tuesday", "value": "2026-02-24", "precision": "day", "relation": "past"},
    {"article": "07", "text": "a week after", "value": "2026-02-17", "precision": "day", "relation": "past", "note": "a week before Tuesday 24 Feb"},
    {"article": "07", "text": "on March 12", "value": "2026-03-12", "precision": "day", "relation": "future"},
    {"article": "07", "text": "last Tuesday's strike", "value": "2026-02-17", "precision": "day", "relation": "past", "note": "'last Tuesday' on a Wednesday is the Tuesday of the week before, not yesterday"},
    {"article": "07", "text": "on Sunday", "value": "2026-02-22", "precision": "day", "relation": "past"},
    {"article": "07", "text": "on March 6", "value": "2026-03-06", "precision": "day", "relation": "future"},
    {"article": "07", "text": "before the holy month ends", "value": "2026-03", "precision": "month", "relation": "future", "optional": True},
    # 08, undated (window 2026-02-25 .. 2026-03-05); values as a reader who knows the story reads them
    {"article": "08", "text": "on March 12", "value": "2026-03-12", "precision": "day", "relation": "future", "anchor_inferred": True},
    {"article": "08", "text": "early in February", "value": "2026-02", "precision": "month", "relation": "past", "anchor_inferred": True},
    {"article": "08", "text": "the 2019 peak", "value": "2019", "precision": "year", "relation": "past", "background": True},
    {"article": "08", "text": "last week's meeting", "value": "2026-02-24", "precision": "day", "relation": "past", "anchor_inferred": True, "note": "with no publication date only the week is knowable; the story says 24 Feb"},
    {"article": "08", "text": "by the end of 2026", "value": "2026", "precision": "year", "relation": "future", "context": "hypothetical", "note": "'If Washington agrees to leave ... by the end of 2026'"},
    {"article": "08", "text": "on March 6", "value": "2026-03-06", "precision": "day", "relation": "future", "anchor_inferred": True},
    # 09, published Saturday 2026-03-07
    {"article": "09", "text": "on Friday", "value": "2026-03-06", "precision": "day", "relation": "past"},
    {"article": "09", "text": "last month", "value": "2026-02", "precision": "month", "relation": "past"},
    {"article": "09", "text": "on Friday evening", "value": "2026-03-06", "precision": "day", "relation": "past"},
    {"article": "09", "text": "on Thursday", "value": "2026-03-12", "precision": "day", "relation": "future", "note": "the meeting still ahead on a Saturday: next Thursday"},
    {"article": "09", "text": "Friday's rally", "value": "2026-03-06", "precision": "day", "relation": "past"},
    {"article": "09", "text": "mid-January", "value": "2026-01", "precision": "month", "relation": "past"},
    # 10, published Friday 2026-03-13
    {"article": "10", "text": "March 13", "value": "2026-03-13", "precision": "day", "relation": "past"},
    {"article": "10", "text": "on Thursday", "value": "2026-03-12", "precision": "day", "relation": "past"},
    {"article": "10", "text": "by September 30, 2026", "value": "2026-09-30", "precision": "day", "relation": "future"},
    {"article": "10", "text": "by the end of 2026", "value": "2026", "precision": "year", "relation": "future"},
    {"article": "10", "text": "until March 2027", "value": "2027-03", "precision": "month", "relation": "future"},
    {"article": "10", "text": "on April 2", "value": "2026-04-02", "precision": "day", "relation": "future"},
    {"article": "10", "text": "six weeks", "value": "P6W", "precision": "unknown", "relation": "past", "optional": True},
    {"article": "10", "text": "February 8", "value": "2026-02-08", "precision": "day", "relation": "past"},
    {"article": "10", "text": "On February 17", "value": "2026-02-17", "precision": "day", "relation": "past"},
    {"article": "10", "text": "by the end of September", "value": "2026-09", "precision": "month", "relation": "future"},
    {"article": "10", "text": "Last Friday", "value": "2026-03-06", "precision": "day", "relation": "past", "note": "'last Friday' on a Friday is a week ago"},
    # 11, published Friday 2026-03-20
    {"article": "11", "text": "late on Wednesday", "value": "2026-03-18", "precision": "day", "relation": "past"},
    {"article": "11", "text": "last week", "value": "2026-W11", "precision": "week", "relation": "past"},
    {"article": "11", "text": "in February", "value": "2026-02", "precision": "month", "relation": "past"},
    {"article": "11", "text": "on Thursday", "value": "2026-03-19", "precision": "day", "relation": "past"},
    {"article": "11", "text": "by the end of September", "value": "2026-09", "precision": "month", "relation": "future"},
    {"article": "11", "text": "by the end of 2026", "value": "2026", "precision": "year", "relation": "future"},
    {"article": "11", "text": "until March 2027", "value": "2027-03", "precision": "month", "relation": "future"},
    {"article": "11", "text": "two weeks after", "value": "2026-03-06", "precision": "week", "relation": "past"},
    {"article": "11", "text": "on Wednesday", "value": "2026-03-18", "precision": "day", "relation": "past"},
]

# Dates that appear only in chrome: a correct pipeline never turns them into timeline entries.
CHROME_DATES = [
    {"article": "06", "text": "Next Week", "line": "Exhibition of Calligraphy Opens in Basra Next Week"},
    {"article": "09", "text": "by 2028", "line": "3. New Rail Link to Connect Two Northern Cities by 2028"},
]

# --------------------------------------------------------------------------- places and entities

PLACES: list[dict[str, Any]] = [
    {"id": "al-omar", "name": "Al-Omar oil field", "aliases": ["Al-Omar oil field", "Al-Omar field", "Al-Omar"], "lat": 35.08, "lon": 40.59, "country": "SY", "geo_precision": 2, "gazetteer": "curated", "fallback": "Al Mayadin", "note": "approximate coordinates of the oil field east of Mayadin; tolerate 0.2 degrees"},
    {"id": "conoco", "name": "Conoco gas field", "aliases": ["Conoco gas field", "Conoco field"], "lat": 35.40, "lon": 40.33, "country": "SY", "geo_precision": 2, "gazetteer": "curated", "fallback": "Deir ez-Zor", "note": "approximate; north-east of Deir ez-Zor city; tolerate 0.2 degrees"},
    {"id": "deir-ez-zor", "name": "Deir ez-Zor", "aliases": ["Deir ez-Zor", "Deir al-Zour", "Deir Ezzor"], "lat": 35.33588, "lon": 40.14084, "country": "SY", "geo_precision": 3, "gazetteer": "geonames", "note": "the city and the province carry the same name; in this story it is mostly the province"},
    {"id": "al-qaim", "name": "Al-Qaim", "aliases": ["Al-Qaim", "Qaim"], "lat": 34.39251, "lon": 40.98945, "country": "IQ", "geo_precision": 1, "gazetteer": "geonames"},
    {"id": "albu-kamal", "name": "Albu Kamal", "aliases": ["Albu Kamal"], "lat": 34.45226, "lon": 40.91854, "country": "SY", "geo_precision": 1, "gazetteer": "geonames"},
    {"id": "mayadin", "name": "Mayadin", "aliases": ["Mayadin"], "lat": 35.01982, "lon": 40.45154, "country": "SY", "geo_precision": 1, "gazetteer": "geonames"},
    {"id": "baghdad", "name": "Baghdad", "aliases": ["Baghdad"], "lat": 33.34058, "lon": 44.40088, "country": "IQ", "geo_precision": 1, "gazetteer": "geonames"},
    {"id": "tahrir-square", "name": "Tahrir Square", "aliases": ["Tahrir Square"], "lat": 33.3336, "lon": 44.4139, "country": "IQ", "geo_precision": 1, "gazetteer": "curated", "fallback": "Baghdad"},
    {"id": "erbil", "name": "Erbil", "aliases": ["Erbil"], "lat": 36.19117, "lon": 44.00943, "country": "IQ", "geo_precision": 1, "gazetteer": "geonames"},
    {"id": "ramadi", "name": "Ramadi", "aliases": ["Ramadi"], "lat": 33.42056, "lon": 43.30778, "country": "IQ", "geo_precision": 1, "gazetteer": "geonames"},
    {"id": "anbar", "name": "Anbar", "aliases": ["Anbar"], "lat": 33.4, "lon": 42.0, "country": "IQ", "geo_precision": 3, "gazetteer": "region"},
    {"id": "ain-al-asad", "name": "Ain al-Asad air base", "aliases": ["Ain al-Asad"], "lat": 33.80, "lon": 42.44, "country": "IQ", "geo_precision": 1, "gazetteer": "curated"},
]

# Places that appear only in chrome lines: a correct brief does not list them.
CHROME_ONLY_PLACES = ["Nineveh"]

ENTITIES: list[dict[str, Any]] = [
    {"id": "rubaie", "name": "Hamid al-Rubaie", "type": "PERSON", "role": "adviser to the Iraqi prime minister, head of the Iraqi negotiating team",
     "aliases": {"Hamid al-Rubaie": ["02", "03"], "Hameed al-Rubaiy": ["07", "10"], "Al-Rubaiy": ["07"], "Hamid Rubaie": ["08", "11"], "Hamid al-Rubai'e": ["09"]}},
    {"id": "dulaimi", "name": "Abu Yaser al-Dulaimi", "type": "PERSON", "role": "Saraya al-Fajr commander killed on 17 Feb (per US officials and most outlets)",
     "aliases": {"Abu Yaser al-Dulaimi": ["04", "05", "08", "09", "10"], "Abu Yasir al-Dulaimi": ["07"], "Abu Yaser": ["02", "06"]}},
    {"id": "sattar-jubouri", "name": "Sattar al-Jubouri", "type": "PERSON", "role": "the commander killed on 17 Feb according to the group's statement in 06",
     "aliases": {"Sattar al-Jubouri": ["06"]}},
    {"id": "ahmed-jubouri", "name": "Ahmed al-Jubouri", "type": "PERSON", "role": "member of parliament for Anbar",
     "aliases": {"Ahmed al-Jubouri": ["06", "10"]}},
    {"id": "saedi", "name": "Kadhim al-Saedi", "type": "PERSON", "role": "Saraya al-Fajr spokesman",
     "aliases": {"Kadhim al-Saedi": ["02", "09", "10"], "Kazim al-Saadi": ["06"]}},
    {"id": "haddad", "name": "Lina Haddad", "type": "PERSON", "role": "analyst, Mashriq Policy Forum",
     "aliases": {"Lina Haddad": ["01", "02", "11"]}},
    {"id": "sinjari", "name": "Omar Sinjari", "type": "PERSON", "role": "researcher, Tigris Institute for Strategic Studies; author of 08",
     "aliases": {"Omar Sinjari": ["07", "08"]}},
    {"id": "holloway", "name": "Karen Holloway", "type": "PERSON", "role": "US deputy assistant secretary of defense, head of the US delegation",
     "aliases": {"Karen Holloway": ["07", "10"], "Holloway": ["07"]}},
    {"id": "marsh", "name": "Evan Marsh", "type": "PERSON", "role": "US Central Command spokesman",
     "aliases": {"Evan Marsh": ["01"]}},
    {"id": "mashhadani", "name": "Firas al-Mashhadani", "type": "PERSON", "role": "Iraqi government spokesman",
     "aliases": {"Firas al-Mashhadani": ["04", "05"]}},
    {"id": "fajr", "name": "Saraya al-Fajr", "type": "ORG", "role": "Iraqi armed group behind the attacks",
     "aliases": {"Saraya al-Fajr": ["01", "02", "03", "04", "05", "07", "08", "09", "10", "11"], "Saraya Al Fajr": ["06"], "Fajr Brigades": ["02", "06", "08", "09", "10"]}},
    {"id": "sdf", "name": "Syrian Democratic Forces", "type": "ORG", "role": "US partner force in eastern Syria",
     "aliases": {"Syrian Democratic Forces": ["01", "02", "03", "08", "11"], "SDF": ["01", "03", "11"]}},
    {"id": "centcom", "name": "US Central Command", "type": "ORG", "role": "US military command",
     "aliases": {"US Central Command": ["01"], "Central Command": ["01"]}},
    {"id": "isis", "name": "Islamic State group", "type": "ORG", "role": "background: the coalition's original target",
     "aliases": {"Islamic State group": ["02", "03", "08", "10"], "ISIS": ["07"], "Islamic State": ["07"]}},
    {"id": "mpf", "name": "Mashriq Policy Forum", "type": "ORG", "role": "think tank in Amman",
     "aliases": {"Mashriq Policy Forum": ["01", "02", "11"]}},
    {"id": "tigris-institute", "name": "Tigris Institute for Strategic Studies", "type": "ORG", "role": "think tank",
     "aliases": {"Tigris Institute for Strategic Studies": ["07", "08"]}},
]

# Pairs that look alike but are different entities: merging them is an error.
DISTINCT = [
    {"a": "Sattar al-Jubouri", "b": "Ahmed al-Jubouri", "why": "a militia commander and an MP who share a surname (06 says so)"},
    {"a": "Abu Yaser al-Dulaimi", "b": "Sattar al-Jubouri", "why": "two different names given for the commander killed on 17 Feb: a contradiction, not an alias"},
    {"a": "Al-Omar oil field", "b": "Omar Sinjari", "why": "a place and a person sharing a word"},
    {"a": "Mashriq Policy Forum", "b": "Mashriq Review", "why": "a think tank and an outlet"},
]

# --------------------------------------------------------------------------- events

EVENTS: list[dict[str, Any]] = [
    {
        "id": "E1",
        "what": "Saraya al-Fajr drone attack on the coalition base at the Al-Omar oil field",
        "date": "2026-02-08", "time_precision": 1, "time": "about 23:00",
        "type": "Explosions/Remote violence", "subtype": "Air/drone strike", "plover": "ASSAULT",
        "location": "al-omar", "actor1": "Saraya al-Fajr", "actor2": "US forces",
        "killed": 0, "injured": 7,
        "sources": {
            "01": {"mode": "drone", "killed": 0, "injured": 7, "evidence": "Seven American service members were wounded late on Sunday when an explosive-laden drone struck a coalition outpost at the Al-Omar oil field"},
            "02": {"mode": "drone", "injured": 7, "evidence": "The drone attack that wounded seven American troops at the Al-Omar oil field two days ago"},
            "03": {"mode": "drone", "injured": 7, "evidence": "Sunday's drone strike on the Al-Omar oil field, in which seven troops were hurt"},
            "04": {"mode": "drone", "injured": 7, "evidence": "the February 8 drone attack on the Al-Omar oil field in Syria that wounded seven American troops"},
            "05": {"mode": "drone", "injured": 7, "copy_of": "04", "evidence": "the February 8 drone attack on the Al-Omar oil field in Syria that wounded seven American troops"},
            "06": {"mode": "drone", "injured": None, "injured_text": "dozens of casualties", "claimed_by": "Saraya al-Fajr", "killed": 0, "evidence": "its booby-trapped aircraft caused \"dozens of casualties among the soldiers of the occupation\"", "note": "'booby-trapped aircraft' is a translation of drones; the same paragraph gives the US figure of seven wounded, none killed"},
            "08": {"mode": None, "evidence": "as happened at the Al-Omar field early in February"},
            "10": {"mode": "drone", "injured": 7, "evidence": "the February 8 drone attack on the Al-Omar oil field, which wounded seven American troops"},
        },
        "conflicts": ["C4"],
        "context": [],
    },
    {
        "id": "E2",
        "what": "Rocket attack near the coalition base at the Conoco gas field",
        "date": "2026-02-12", "time_precision": 1, "time": "after 19:00",
        "type": "Explosions/Remote violence", "subtype": "Shelling/artillery/missile attack", "plover": "ASSAULT",
        "location": "conoco", "actor1": "Saraya al-Fajr", "actor2": "US forces",
        "killed": 0, "injured": 0,
        "sources": {
            "03": {"mode": "rocket", "killed": 0, "injured": 0, "evidence": "Several rockets struck near a US-led coalition base at the Conoco gas field in eastern Syria on Thursday"},
        },
        "conflicts": [],
        "context": [],
    },
    {
        "id": "E3",
        "what": "US strike on a car near Al-Qaim killing a Saraya al-Fajr commander",
        "date": "2026-02-17", "time_precision": 1, "time": "about 02:30",
        "type": "Explosions/Remote violence", "subtype": "Air/drone strike", "plover": "ASSAULT",
        "location": "al-qaim", "actor1": "US forces", "actor2": "Saraya al-Fajr",
        "killed": 2, "injured": None,
        "sources": {
            "04": {"mode": "drone", "killed": 2, "victim": "Abu Yaser al-Dulaimi", "evidence": "A US drone strike early on Tuesday killed a senior commander of the Iraqi armed group Saraya al-Fajr and another man near the town of Al-Qaim"},
            "05": {"mode": "drone", "killed": 2, "victim": "Abu Yaser al-Dulaimi", "copy_of": "04", "evidence": "An American drone strike early on Tuesday killed a senior commander of the Iraqi armed group Saraya al-Fajr and another man near the town of Al-Qaim"},
            "06": {"mode": "missile", "killed": 3, "victim": "Sattar al-Jubouri", "evidence": "the martyrdom of three of its members in an American missile strike that targeted their vehicle in the Al-Qaim district"},
            "07": {"mode": "drone", "killed": 2, "victim": "Abu Yasir al-Dulaimi", "evidence": "which killed two men including the commander Abu Yasir al-Dulaimi"},
            "08": {"mode": None, "victim": "Abu Yaser al-Dulaimi", "evidence": "the strike near Qaim that killed Abu Yaser al-Dulaimi"},
            "09": {"mode": "drone", "victim": "Abu Yaser al-Dulaimi", "evidence": "the commander killed in a US drone strike near Al-Qaim last month"},
            "10": {"mode": "drone", "killed": 2, "killed_claimed_by_group": 3, "victim": "Abu Yaser al-Dulaimi", "evidence": "On February 17 a US drone strike near Al-Qaim killed two people, including the commander Abu Yaser al-Dulaimi"},
        },
        "conflicts": ["C1", "C2", "C3"],
        "context": [],
    },
    {
        "id": "E4",
        "what": "First round of Iraq-US talks on a coalition timetable, in Baghdad",
        "date": "2026-02-24", "time_precision": 1,
        "type": "Strategic developments", "subtype": "Other", "plover": "CONSULT",
        "location": "baghdad", "actor1": "Government of Iraq", "actor2": "Government of the United States",
        "killed": None, "injured": None,
        "sources": {
            "07": {"evidence": "Iraqi and American officials met in Baghdad on Tuesday for a first round of talks"},
            "08": {"evidence": "At last week's meeting, Hamid Rubaie, who leads the Iraqi team"},
        },
        "conflicts": [],
        "context": [],
    },
    {
        "id": "E5",
        "what": "Rally in Tahrir Square demanding US withdrawal; tear gas at Al-Jumhuriya Bridge",
        "date": "2026-03-06", "time_precision": 1,
        "type": "Protests", "subtype": "Protest with intervention", "plover": "PROTEST",
        "location": "tahrir-square", "actor1": "Protesters (supporters of armed factions)", "actor2": "Iraqi security forces",
        "killed": 0, "injured": 14,
        "sources": {
            "09": {"injured": 14, "evidence": "Thousands of supporters of Iraqi armed factions rallied in Baghdad's Tahrir Square on Friday"},
            "10": {"injured": 14, "evidence": "Last Friday, thousands of supporters of the armed factions rallied in central Baghdad"},
            "11": {"evidence": "thousands of supporters of the factions rallied in Baghdad's Tahrir Square"},
        },
        "planned_in": {"07": "on March 6", "08": "on March 6"},
        "conflicts": ["C5"],
        "context": [],
    },
    {
        "id": "E6",
        "what": "Iraq and the US sign a withdrawal timetable in Baghdad (second round of talks)",
        "date": "2026-03-12", "time_precision": 1,
        "type": "Strategic developments", "subtype": "Agreement", "plover": "AGREE",
        "location": "baghdad", "actor1": "Government of Iraq", "actor2": "Government of the United States",
        "killed": None, "injured": None,
        "sources": {
            "10": {"evidence": "Iraq and the United States agreed on Thursday on a timetable"},
            "11": {"evidence": "The agreement signed in Baghdad last week"},
        },
        "planned_in": {"07": "on March 12", "08": "on March 12", "09": "on Thursday"},
        "conflicts": [],
        "context": [],
    },
    {
        "id": "E7",
        "what": "Two drones shot down near the Al-Omar base; no one hurt; Saraya al-Fajr denies a role",
        "date": "2026-03-18", "time_precision": 1, "time": "about 22:00",
        "type": "Explosions/Remote violence", "subtype": "Air/drone strike", "plover": "ASSAULT",
        "location": "al-omar", "actor1": "Unidentified armed group", "actor2": "US forces",
        "killed": 0, "injured": 0,
        "sources": {
            "11": {"mode": "drone", "killed": 0, "injured": 0, "evidence": "Coalition air defences shot down two drones approaching the base at the Al-Omar oil field"},
        },
        "notes": "Saraya al-Fajr denies involvement ('We did not carry out this operation'): its claim is negated; do not make it actor1",
        "conflicts": [],
        "context": [],
    },
]

# Future / planned items: timeline entries of kind "planned", never past events.
PLANNED: list[dict[str, Any]] = [
    {"date": "2026-02-19", "precision": "day", "what": "funeral of the men killed on 17 Feb, in Ramadi", "sources": {"06": "on Thursday"}},
    {"date": "2026-03-06", "precision": "day", "what": "rally in Tahrir Square (later held: E5)", "sources": {"07": "on March 6", "08": "on March 6"}},
    {"date": "2026-03-12", "precision": "day", "what": "second round of talks in Baghdad (later held: E6)", "sources": {"07": "on March 12", "08": "on March 12", "09": "on Thursday"}},
    {"date": "2026-04-02", "precision": "day", "what": "review meeting in Washington", "sources": {"10": "on April 2"}},
    {"date": "2026-09-30", "precision": "day", "what": "coalition leaves its outposts in Deir ez-Zor province", "sources": {"10": "by September 30, 2026", "11": "by the end of September"}},
    {"date": "2026-09", "precision": "month", "what": "coalition headquarters in Baghdad closes", "sources": {"10": "by the end of September"}},
    {"date": "2026", "precision": "year", "what": "all US forces out of eastern Syria (by the end of 2026)", "sources": {"10": "by the end of 2026", "11": "by the end of 2026"}},
    {"date": "2027-03", "precision": "month", "what": "US advisers stay in the Kurdistan region until March 2027", "sources": {"10": "until March 2027", "11": "until March 2027"}},
]

# Hypothetical or demanded futures: not plans; mark them hypothetical if shown at all.
HYPOTHETICAL = [
    {"article": "06", "text": "before the end of this year", "what": "an MP's demand to expel foreign forces"},
    {"article": "08", "text": "by the end of 2026", "what": "the author's conditional ('If Washington agrees ...')"},
]

# Background, not part of the story's timeline proper.
BACKGROUND = [
    {"date": "2014", "what": "coalition formed to fight the Islamic State group", "sources": {"03": "in 2014"}},
    {"date": "2019", "what": "peak of some 3,000 US personnel in Syria", "sources": {"02": "in 2019", "08": "the 2019 peak"}},
    {"date": "2025-10", "what": "Saraya al-Fajr's name first appears", "sources": {"02": "in October"}},
]

# --------------------------------------------------------------------------- figures

FIGURES: list[dict[str, Any]] = [
    {"id": "F1", "subject": "US troops", "unit": "troops", "value": 1200, "approx": "about", "place": "eastern Syria", "time": None,
     "sources": {"02": "Roughly 1,200 US troops", "04": "About 1,200 US troops", "05": "About 1,200 US troops", "07": "about 1,200 US troops", "08": "some 1,200 US soldiers", "10": "About 1,200 US troops"},
     "independent_articles": 5, "outlets": 4, "note": "05 is a copy of 04 and does not add corroboration; 04 and 10 are the same outlet",
     "look_alikes": ["F2", "F3"]},
    {"id": "F2", "subject": "US personnel", "unit": "troops", "value": 3000, "approx": "about", "place": "Syria", "time": "2019",
     "sources": {"02": "some 3,000 American personnel", "08": "some 3,000 at the 2019 peak"},
     "independent_articles": 2, "outlets": 2, "note": "historical peak: must not be merged with F1"},
    {"id": "F3", "subject": "coalition personnel", "unit": "troops", "value": 2000, "approx": "about", "place": "Iraq", "time": None,
     "sources": {"04": "around 2,000 coalition personnel", "05": "around 2,000 coalition personnel", "07": "Around 2,000 coalition personnel", "10": "about 2,000 coalition personnel"},
     "independent_articles": 3, "outlets": 2, "note": "a different place from F1"},
    {"id": "F4", "subject": "attacks claimed by Saraya al-Fajr since mid-January", "unit": "attacks", "value": 23, "approx": "exact", "place": "Syria and Iraq", "time": "2026-02-10",
     "sources": {"02": "23 attacks"}, "independent_articles": 1, "outlets": 1,
     "note": "Levant Monitor's own count on 10 Feb"},
    {"id": "F5", "subject": "operations claimed by Saraya al-Fajr since January 15", "unit": "attacks", "value": 24, "approx": "exact", "place": None, "time": "2026-02-13",
     "sources": {"03": "24 operations"}, "independent_articles": 1, "outlets": 1,
     "note": "the group's own count three days later, including the 12 Feb rockets: an update of F4, not a conflict"},
    {"id": "F6", "subject": "US troops wounded at Al-Omar", "unit": "injured", "value": 7, "approx": "exact", "place": "Al-Omar oil field", "time": "2026-02-08",
     "sources": {"01": "Seven American service members", "02": "wounded seven American troops", "03": "seven service members", "04": "wounded seven American troops", "05": "wounded seven American troops", "10": "wounded seven American troops"},
     "independent_articles": 5, "outlets": 4, "conflicts": ["C4"]},
    {"id": "F7", "subject": "people killed in the 17 Feb strike", "unit": "killed", "value": 2, "approx": "exact", "place": "Al-Qaim", "time": "2026-02-17",
     "sources": {"04": "Two individuals were killed", "05": "Two individuals were killed", "07": "killed two men", "10": "killed two people"},
     "independent_articles": 3, "outlets": 2, "conflicts": ["C2"]},
    {"id": "F8", "subject": "protest crowd in Tahrir Square", "unit": "people", "value": 5000, "approx": "about", "place": "Tahrir Square", "time": "2026-03-06",
     "sources": {"09": "around 5,000"}, "independent_articles": 1, "outlets": 1, "conflicts": ["C5"]},
    {"id": "F9", "subject": "people injured at the protest", "unit": "injured", "value": 14, "approx": "at least", "place": "Baghdad", "time": "2026-03-06",
     "sources": {"09": "At least 14 people were injured", "10": "At least 14 people were injured"},
     "independent_articles": 2, "outlets": 2},
]

# Numbers that are not key figures (distances, counts of objects): a figure extractor may
# find them, a brief should not headline them.
MINOR_NUMBERS = [
    {"article": "01", "text": "roughly 80 kilometres"},
    {"article": "03", "text": "at least three rockets"},
    {"article": "03", "text": "about 10 km"},
    {"article": "06", "text": "two missiles"},
    {"article": "11", "text": "two drones"},
    {"article": "11", "text": "about two kilometres"},
]

# --------------------------------------------------------------------------- contradictions

CONTRADICTIONS: list[dict[str, Any]] = [
    {"id": "C1", "event": "E3", "attribute": "mode",
     "values": [{"value": "drone", "sources": ["04", "05", "07", "09", "10"]}, {"value": "missile", "sources": ["06"]}]},
    {"id": "C2", "event": "E3", "attribute": "killed",
     "values": [{"value": 2, "sources": ["04", "05", "07", "10"]}, {"value": 3, "sources": ["06"]}],
     "note": "10 also reports the group's figure of three, attributed to the group"},
    {"id": "C3", "event": "E3", "attribute": "victim",
     "values": [{"value": "Abu Yaser al-Dulaimi", "sources": ["04", "05", "07", "08", "09", "10"]}, {"value": "Sattar al-Jubouri", "sources": ["06"]}]},
    {"id": "C4", "event": "E1", "attribute": "injured",
     "values": [{"value": 7, "sources": ["01", "02", "03", "04", "05", "10"]}, {"value": "dozens (claimed by Saraya al-Fajr)", "sources": ["06"]}],
     "note": "a vague claim by a party to the fight; the conservative value is 7"},
    {"id": "C5", "event": "E5", "attribute": "crowd size",
     "values": [{"value": "several thousand (police)", "sources": ["09"]}, {"value": "more than 20,000 (organisers)", "sources": ["09"]}, {"value": "around 5,000 (Levant Monitor reporters)", "sources": ["09"]}],
     "note": "three estimates inside one article"},
]


def answer_key() -> dict[str, Any]:
    """Return the whole answer key as JSON-ready data."""
    articles = []
    for a in ARTICLES:
        articles.append(
            {
                "id": a["id"],
                "text_path": f"text/{a['stem']}.txt",
                "html_path": f"html/{a['stem']}.html",
                "outlet": a["outlet"],
                "outlet_in_text": a.get("outlet_in_text"),
                "title": a["title"],
                "byline": a["byline"],
                "published": a["published"],
                "published_source": a["published_source"],
                "html_published_meta": a["published_time"],
                "duplicate_of": a.get("duplicate_of"),
                "chrome_lines": [{"text": t, "reason": r} for t, r in a["chrome"]],
                "optional_lines": a["optional"],
                "content_headings": a["headings"],
            }
        )
    return {
        "schema_version": 1,
        "slug": SLUG,
        "fictional": True,
        "notice": "Fictional story written for storydesk; no third-party text. Places are real, "
        "events, people, groups and outlets are invented.",
        "story": {"title": STORY_TITLE, "first_event": "2026-02-08", "last_article": "2026-03-20"},
        "articles": articles,
        "duplicates": DUPLICATES,
        "undated": UNDATED,
        "events": EVENTS,
        "contradictions": CONTRADICTIONS,
        "entities": ENTITIES,
        "distinct_entities": DISTINCT,
        "places": PLACES,
        "chrome_only_places": CHROME_ONLY_PLACES,
        "html_only_chrome": HTML_ONLY_CHROME,
        "figures": FIGURES,
        "minor_numbers": MINOR_NUMBERS,
        "dates": DATES,
        "chrome_dates": CHROME_DATES,
        "planned": PLANNED,
        "hypothetical": HYPOTHETICAL,
        "background": BACKGROUND,
    }
