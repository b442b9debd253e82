"""Re-join sentence fragments before reading events and figures out of them.

A statistical sentence splitter sometimes cuts inside a sentence (at quotes, numbers or names:
``The recent attack`` | ``on the American "Tower`` | ``22`` | ``" military site ...``). Events and
figures need the whole clause (trigger, target, casualties), so consecutive pieces of one line
are joined until one ends like a sentence. A line break always ends a unit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storydesk.model import Sentence

VERSION = "1"

_FINAL = re.compile(r"[.!?…][\"'”’)\]]*$")
MAX_CHARS = 1000  # a runaway join (a page without full stops) stays bounded


def sentence_units(text: str, sentences: Sequence[Sentence]) -> list[Sentence]:
    """Return the sentences with fragments of one sentence merged into one span."""
    units: list[Sentence] = []
    for sent in sorted(sentences, key=lambda s: s.start):
        if units:
            last = units[-1]
            gap = text[last.end : sent.start]
            if (
                "\n" not in gap
                and not _FINAL.search(last.text.rstrip())
                and sent.end - last.start <= MAX_CHARS
                and sent.start >= last.end
            ):
                units[-1] = Sentence(
                    article_id=last.article_id, start=last.start, end=sent.end,
                    text=text[last.start : sent.end], index=last.index,
                )
                continue
        units.append(sent)
    return units
