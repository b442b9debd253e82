"""Sentence spans for the report: the annotate stage's sentences, or a fallback splitter.

The report must work while annotations are thin (an article with no sentences yet), and the
benchmarks feed it raw text; a small rule-based splitter covers both. It is written here rather
than taken from the annotate stage because stages never import each other.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import Annotations, Article, Sentence

# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) before whitespace and
# an upper-case letter, digit or opening quote; or at a line break (news text puts paragraphs,
# bylines and headlines on their own lines).
_BOUNDARY = re.compile(
    r"([.!?][\"'\u201d\u2019)\]]*)[ \t]+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])|[ \t]*\n\s*"
)
# Abbreviations after which a full stop does not end the sentence.
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Sgt|Rep|Sen|Gov|St|Jr|Sr|Inc|Corp|Co|Ltd|"
    r"No|vs|etc|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|U\.S|U\.N|U\.K|a\.m|p\.m)\.|\b[A-Z]\.)$"
)


def split_sentences(article_id: str, text: str) -> tuple[Sentence, ...]:
    """Split ``text`` into stand-off sentences (whitespace trimmed, empty pieces skipped)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        piece_end = m.end(1) if m.group(1) else m.start()
        if m.group(1) and _ABBREV.search(text[max(start, piece_end - 12) : piece_end]):
            continue  # "Mr. Smith": not a boundary
        spans.append((start, piece_end))
        start = m.end()
    spans.append((start, len(text)))
    out: list[Sentence] = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append(Sentence(article_id=article_id, start=s, end=e, text=text[s:e], index=len(out)))
    return tuple(out)


def sentences_of(article: Article, annotations: Annotations | None) -> Sequence[Sentence]:
    """Return the article's sentences from its annotations, or split them here if there are none."""
    if annotations is not None and annotations.sentences:
        return annotations.sentences
    return split_sentences(article.id, article.text)
