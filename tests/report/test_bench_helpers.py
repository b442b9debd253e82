"""The Timeline17 bench's own parsing: gold timelines and one-sentence-per-line inputs."""

from __future__ import annotations

import datetime as dt

from bench.bench_timeline17 import line_sentences, read_gold


def test_read_gold(tmp_path):
    p = tmp_path / "tl.txt"
    p.write_text(
        "2020-05-01\nThe bridge reopened to traffic .\n--------------------------------\n"
        "2020-05-03\nFerries resumed .\nThe port was busy .\n--------------------------------\n",
        "utf-8",
    )
    gold = read_gold(p)
    assert gold == {dt.date(2020, 5, 1): ["The bridge reopened to traffic ."],
                    dt.date(2020, 5, 3): ["Ferries resumed .", "The port was busy ."]}


def test_line_sentences_are_stand_off():
    text = "  First line here .\n\nSecond one .  \nlast"
    sents = line_sentences("x", text)
    assert [s.text for s in sents] == ["First line here .", "Second one .", "last"]
    assert all(text[s.start : s.end] == s.text for s in sents)

