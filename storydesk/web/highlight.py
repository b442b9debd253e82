"""Cut an article's text into runs that carry the stand-off spans covering them.

Spans from different layers (entities, dates, events, figures, a cited sentence) overlap
freely, so nesting HTML tags per span would not close properly. Instead the text is cut at every
span boundary; each run lists the marks covering it and the template draws one element per run.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Mark:
    """One stand-off span to highlight: ``kind`` picks the style, ``href`` an optional link."""

    start: int
    end: int
    kind: str  # "entity", "date", "event", "figure", "cited"
    label: str
    href: str | None = None


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of text between two span boundaries, with the marks that cover all of it."""

    start: int
    end: int
    text: str
    marks: tuple[Mark, ...] = ()

    @property
    def kinds(self) -> list[str]:
        """Return the distinct mark kinds, in a stable order, for CSS classes."""
        return sorted({m.kind for m in self.marks})

    @property
    def href(self) -> str | None:
        """Return the link of the first mark that has one (entity pages before event pages)."""
        for kind in ("entity", "event", "figure", "date"):
            for m in self.marks:
                if m.kind == kind and m.href:
                    return m.href
        return None

    @property
    def title(self) -> str:
        """Return a tooltip naming every mark on this run."""
        return "; ".join(dict.fromkeys(m.label for m in self.marks))

    def to_dict(self) -> dict[str, object]:
        """Return the run as JSON-ready data."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kinds": self.kinds,
            "href": self.href,
            "title": self.title,
        }


def runs(text: str, marks: Sequence[Mark]) -> list[Run]:
    """Cut ``text`` at every mark boundary; return runs covering the whole text, in order.

    Marks outside the text or empty are ignored (they cannot be drawn), so the runs always
    concatenate back to ``text`` exactly.
    """
    usable = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    cuts = sorted({0, len(text), *(m.start for m in usable), *(m.end for m in usable)})
    # Sweep once: marks sorted by start enter the active set, and leave when their end passes.
    by_start = sorted(usable, key=lambda m: (m.start, m.end))
    out: list[Run] = []
    active: list[Mark] = []
    i = 0
    for a, b in itertools.pairwise(cuts):
        while i < len(by_start) and by_start[i].start <= a:
            active.append(by_start[i])
            i += 1
        active = [m for m in active if m.end > a]
        out.append(
            Run(start=a, end=b, text=text[a:b], marks=tuple(m for m in active if m.start <= a))
        )
    return out
