"""Chrome removal on plain text: every chrome line gone with its reason, every content line kept."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storydesk.clean.chrome import is_paragraph, line_rule, strip_chrome

# Written for these tests: a page as copied from a news site, chrome and all.
PAGE = """\
Floodwater Recedes in River Towns as Repairs Begin

By Marta Lindqvist March 3, 2026 1,284

No time to read?
Get a summary

Water levels on the lower river fell through the night on Monday, allowing crews to reach three towns that had been cut off since the weekend, the regional emergency office said.

What the crews found

Engineers reported damage to two road bridges and a pumping station, and said repairs to the station would take at least ten days, according to a statement issued in the morning.

Share this article
Facebook Twitter WhatsApp

Residents who left their homes were told they could return once inspectors had checked the water supply, which officials expect to happen by the end of the week.

Previous Article

Local Bakery Wins Regional Prize for Rye Bread

Next Article
Cycling Club Plans Spring Tour Along the Coast
More Stories
Council Approves New Bus Timetable
Museum Extends Opening Hours for Summer
Subscribe to our newsletter
Copyright © 2026 Valley Courier. All rights reserved.
"""

CONTENT = [
    "Floodwater Recedes in River Towns as Repairs Begin",
    "Water levels on the lower river fell through the night on Monday",
    "What the crews found",
    "Engineers reported damage to two road bridges",
    "Residents who left their homes were told",
]

CHROME = {
    "By Marta Lindqvist March 3, 2026 1,284": "byline",
    "No time to read?": "summary-prompt",
    "Get a summary": "summary-prompt",
    "Share this article": "share-prompt",
    "Facebook Twitter WhatsApp": "share-prompt",
    "Previous Article": "navigation",
    "Local Bakery Wins Regional Prize for Rye Bread": "related-headline",
    "Next Article": "navigation",
    "Cycling Club Plans Spring Tour Along the Coast": "related-headline",
    "More Stories": "related-header",
    "Council Approves New Bus Timetable": "related-headline",
    "Museum Extends Opening Hours for Summer": "related-headline",
    "Subscribe to our newsletter": "subscribe-prompt",
    "Copyright © 2026 Valley Courier. All rights reserved.": "copyright",
}


def test_every_chrome_line_removed_with_its_reason_and_line_number() -> None:
    cleaned = strip_chrome(PAGE)
    assert {r.text: r.reason for r in cleaned.removed} == CHROME
    lines = PAGE.split("\n")
    for r in cleaned.removed:
        assert lines[r.line_no].strip() == r.text


def test_every_content_line_kept_in_order() -> None:
    text = strip_chrome(PAGE).text
    positions = [text.index(c) for c in CONTENT]
    assert positions == sorted(positions)
    for chrome in CHROME:
        assert chrome not in text


def test_header_metadata() -> None:
    cleaned = strip_chrome(PAGE)
    assert cleaned.title == "Floodwater Recedes in River Towns as Repairs Begin"
    assert cleaned.byline == "Marta Lindqvist"
    assert cleaned.published == "2026-03-03"
    assert cleaned.outlet == "Valley Courier"


def test_dateline_and_outlet_headers() -> None:
    page = (
        "Port Strike Ends After Pay Deal\n"
        "Harbour Times | 12 April 2026 | Updated 09:15\n"
        "Dock workers returned to the quays on Sunday after the union accepted a pay offer that "
        "ends a strike of nine days, the port authority said in a statement.\n"
        "Tags: Ports, Labour\n"
        "All rights reserved to Harbour Times.\n"
    )
    cleaned = strip_chrome(page)
    assert cleaned.published == "2026-04-12"
    assert cleaned.outlet == "Harbour Times"
    assert [r.reason for r in cleaned.removed] == ["dateline", "tags", "copyright"]


def test_byline_alone_label_and_disclaimer() -> None:
    page = (
        "Why the Harbour Deal Matters\n\nOpinion\nBy Ines Okafor\nShare on X | Copy link\n\n"
        "The agreement reached this week is less a settlement than a pause, and both sides know that "
        "the hardest questions about automation were left for another year.\n\n"
        "The views expressed in this article are the author's own and do not reflect those of the paper.\n"
    )
    cleaned = strip_chrome(page)
    assert cleaned.byline == "Ines Okafor"
    assert cleaned.published is None
    assert [r.reason for r in cleaned.removed] == ["label", "byline", "share-prompt", "disclaimer"]


def test_sentences_that_look_like_chrome_stay() -> None:
    page = (
        "Report on the Ferry Contract\n\n"
        "By the end of 2026 the ferry operator will have replaced every vessel on the route, the "
        "ministry said, and all rights reserved under the old contract will lapse on that date.\n\n"
        "Related costs\n\n"
        "The cost of the new vessels, about 40 million euros, will be shared between the region and "
        "the operator over a period of twelve years, according to the contract.\n"
    )
    cleaned = strip_chrome(page)
    assert cleaned.removed == ()
    assert cleaned.byline is None


def test_heading_after_a_related_block_is_kept_when_prose_follows() -> None:
    page = (
        "Title Line Here\n\nFirst paragraph of the piece goes on long enough to count as prose for "
        "the rule that decides it, with more words.\n\nRead also:\nA Headline From Elsewhere\n\n"
        "Back to the story\n\nThe second paragraph carries the article on after the inserted links, "
        "and it also runs long enough to be prose.\n"
    )
    cleaned = strip_chrome(page)
    assert "Back to the story" in cleaned.text
    assert "A Headline From Elsewhere" not in cleaned.text


def test_first_line_that_is_prose_is_not_a_title() -> None:
    page = "On Monday the council voted to rebuild the old bridge over the river, ending a debate of many years about the cost.\n"
    assert strip_chrome(page).title is None


def test_line_rules_never_fire_on_prose() -> None:
    prose = (
        "Subscribe to the view that the council acted too late and you will find plenty of residents "
        "who agree, but the records show the warnings came only a day before the flood."
    )
    assert is_paragraph(prose)
    assert line_rule(prose) is None


_line = st.one_of(
    st.sampled_from([*CHROME, *CONTENT, "", "  ", "Section heading"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=80),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_line, max_size=25))
def test_removed_and_kept_lines_partition_the_input(lines: list[str]) -> None:
    raw = "\n".join(lines)
    cleaned = strip_chrome(raw)
    removed_at = {r.line_no for r in cleaned.removed}
    kept = [line.rstrip() for i, line in enumerate(lines) if i not in removed_at and line.strip()]
    assert [line for line in cleaned.text.split("\n") if line.strip()] == kept
    for r in cleaned.removed:
        assert lines[r.line_no].strip() == r.text
        assert not (is_paragraph(r.text) and len(r.text.split()) >= 25)  # prose is never chrome
