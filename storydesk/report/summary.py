"""The cited summary: extractive, multi-document, redundancy controlled.

Sentences are scored by graph centrality (LexRank-like PageRank over cosine similarities), closeness
to the story centroid, position in their article (news puts the gist first), how many other
articles say something similar, and whether they carry an event or a figure. Bullets are then
picked greedily with maximal marginal relevance (MMR) so that the same fact told by five outlets
is one bullet, not five. A sentence is compressed only by dropping a leading attribution clause
("According to the ministry, ..."), and the citation covers exactly the words kept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..model import Annotations, Article, Bullet, Citation, Sentence
from .sentences import sentences_of

# --------------------------------------------------------------------------- candidates


@dataclass(frozen=True, slots=True, kw_only=True)
class Candidate:
    """A sentence that may go into the summary, with the signals used to score it."""

    sentence: Sentence
    position: int  # 0-based index among its article's kept sentences
    n_in_article: int
    has_event: bool = False
    has_figure: bool = False


_CHROME = re.compile(
    r"^(by\s+[A-Z]|no time to read|previous article|next article|read more|more stories|related:|"
    r"advertisement|subscribe|sign up|click here|follow us|share this|watch:|listen:|photo:|"
    r"image:|updated:|published:|copyright)|\u00a9|all rights reserved|https?://|www\.|"
    r"\bmin read\b|\bget a summary\b|\bcookies?\b",
    re.IGNORECASE,
)
# Starts in lower case, with punctuation, or with a quote mark that closes rather than opens.
_FRAGMENT = re.compile(r"^(?:[a-z]|[^\w\"'\u201c\u2018(\[]|[\"'\u201d\u2019]\s|[\"'\u201c\u201d\u2018\u2019][a-z])")
_QUOTE_OPEN = "\"'\u201c\u2018"
_QUOTE_CLOSE = "\"'\u201d\u2019"
_WORD = re.compile(r"[A-Za-z0-9][\w'-]*")


def rejection_reason(text: str) -> str | None:
    """Say why a sentence cannot be a summary bullet, or None when it can."""
    words = _WORD.findall(text)
    if len(words) < 7:
        return "too-short"
    if len(words) > 70:
        return "too-long"
    if _CHROME.search(text):
        return "chrome"
    if _FRAGMENT.match(text):
        return "fragment"  # a piece of a sentence cut by a segmentation error
    stripped = text.rstrip(_QUOTE_CLOSE + ")] ")
    if stripped.endswith("?"):
        return "question"
    if not stripped.endswith((".", "!")):
        return "headline-like"  # no closing punctuation: a headline, caption or list item
    capitalised = sum(1 for w in words if w[0].isupper())
    if len(words) < 14 and capitalised / len(words) > 0.6:
        return "headline-like"
    if text[0] in _QUOTE_OPEN and text.rstrip()[-1] in _QUOTE_CLOSE and text.count(text[0]) <= 2:
        return "quote-only"  # a bare quotation without who said it
    return None


def candidates_for(
    article_ids: Sequence[str],
    articles: Mapping[str, Article],
    annotations: Mapping[str, Annotations],
) -> list[Candidate]:
    """Collect the summary-worthy sentences of the given articles, in article order."""
    out: list[Candidate] = []
    for aid in article_ids:
        article = articles.get(aid)
        if article is None:
            continue
        ann = annotations.get(aid)
        event_starts = [e.sentence.start for e in ann.events] if ann else []
        figure_spans = [(f.start, f.end) for f in ann.figures] if ann else []
        kept = [s for s in sentences_of(article, ann) if rejection_reason(s.text) is None]
        for pos, sent in enumerate(kept):
            out.append(
                Candidate(
                    sentence=sent,
                    position=pos,
                    n_in_article=len(kept),
                    has_event=any(sent.start <= st < sent.end for st in event_starts),
                    has_figure=any(sent.start <= a and b <= sent.end for a, b in figure_spans),
                )
            )
    return out


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True, slots=True, kw_only=True)
class Weights:
    """How much each signal counts; fixed on the Multi-News validation split, never on test."""

    centrality: float = 1.0
    centroid: float = 1.0
    position: float = 0.8
    agreement: float = 0.4
    event: float = 0.15
    figure: float = 0.1
    mmr_lambda: float = 0.7
    duplicate: float = 0.7  # cosine above which two sentences say the same thing
    agreement_sim: float = 0.5  # cosine above which another article "says the same"
    off_topic: float = 0.25  # below this share of the 90th-percentile centroid similarity


#: For TF-IDF vectors.
DEFAULT_WEIGHTS = Weights()
#: For sentence embeddings, whose cosines run much higher than TF-IDF's for unrelated sentences.
EMBEDDING_WEIGHTS = Weights(duplicate=0.85, agreement_sim=0.7, off_topic=0.5)


def weights_for(embedder: object | None) -> Weights:
    """Return the weights calibrated for the vectors in use."""
    return DEFAULT_WEIGHTS if embedder is None else EMBEDDING_WEIGHTS


def lexrank(sim: np.ndarray, damping: float = 0.85, iterations: int = 50) -> np.ndarray:
    """Return continuous LexRank scores (PageRank over a cosine-similarity graph), max 1."""
    n = sim.shape[0]
    if n == 0:
        return np.zeros(0)
    graph = np.clip(sim, 0.0, None).copy()
    np.fill_diagonal(graph, 0.0)
    row = graph.sum(axis=1, keepdims=True)
    row[row == 0] = 1.0
    trans = graph / row
    scores = np.full(n, 1.0 / n)
    for _ in range(iterations):
        new = (1 - damping) / n + damping * trans.T @ scores
        if np.abs(new - scores).sum() < 1e-8:
            scores = new
            break
        scores = new
    return scores / scores.max()


def score_candidates(
    cands: Sequence[Candidate], vectors: np.ndarray, weights: Weights = DEFAULT_WEIGHTS
) -> tuple[np.ndarray, np.ndarray]:
    """Return (score, on_topic mask) for every candidate."""
    n = len(cands)
    if n == 0:
        return np.zeros(0), np.zeros(0, dtype=bool)
    sim = vectors @ vectors.T
    centroid = vectors.mean(axis=0)
    norm = np.linalg.norm(centroid) or 1.0
    to_centroid = vectors @ (centroid / norm)
    top = float(np.percentile(to_centroid, 90)) if n > 1 else float(to_centroid.max())
    on_topic = to_centroid >= max(1e-6, weights.off_topic * top)
    cmax = float(to_centroid.max()) or 1.0
    article_of = np.array([c.sentence.article_id for c in cands])
    n_articles = len(set(article_of.tolist()))
    agree = np.zeros(n)
    if n_articles > 1:
        close = sim >= weights.agreement_sim
        for i in range(n):
            others = set(article_of[close[i]].tolist()) - {article_of[i]}
            agree[i] = len(others) / (n_articles - 1)
    position = np.array([1.0 / np.sqrt(1.0 + c.position) for c in cands])
    score = (
        weights.centrality * lexrank(sim)
        + weights.centroid * to_centroid / cmax
        + weights.position * position
        + weights.agreement * agree
        + weights.event * np.array([c.has_event for c in cands], dtype=float)
        + weights.figure * np.array([c.has_figure for c in cands], dtype=float)
    )
    return score, on_topic


def select_mmr(
    scores: np.ndarray,
    vectors: np.ndarray,
    allowed: np.ndarray,
    max_items: int,
    *,
    lengths: Sequence[int] | None = None,
    max_words: int | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
) -> list[int]:
    """Pick up to ``max_items`` indices by MMR, skipping near-duplicates and off-topic rows."""
    if len(scores) == 0:
        return []
    rel = scores / (scores.max() or 1.0)
    chosen: list[int] = []
    words = 0
    pool = set(np.flatnonzero(allowed).tolist())
    while pool and len(chosen) < max_items:
        best, best_val = -1, -np.inf
        for i in pool:
            redundancy = float(max(vectors[i] @ vectors[j] for j in chosen)) if chosen else 0.0
            val = weights.mmr_lambda * rel[i] - (1 - weights.mmr_lambda) * redundancy
            if val > best_val:
                best, best_val = i, val
        pool.discard(best)
        if chosen and max(float(vectors[best] @ vectors[j]) for j in chosen) >= weights.duplicate:
            continue
        chosen.append(best)
        if lengths is not None and max_words is not None:
            words += lengths[best]
            if words >= max_words:
                break
    return chosen


# --------------------------------------------------------------------------- compression

# Only a leading dateline ("BAGHDAD, Feb 17 (Agency) - ") or attribution is dropped: what
# follows it is the reported fact, word for word.
_ATTRIBUTION = re.compile(
    r"^(?:[A-Z][A-Z .'-]{2,30},?\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s+)?\([^()]{2,40}\)\s+[-\u2013\u2014]+\s+"
    r"|(?i:according to) [^,;:\"\u201c]{3,80},\s+"
    r"|(?:in a statement(?: on \w+)?,\s+)?(?:the |a )?[A-Z][\w.'-]*(?:\s+[\w.'-]+){0,6}?\s+"
    r"(?:said|says|told reporters|announced|confirmed)(?: on \w+| late \w+| \w+day)?,?\s+that\s+)",
)


def compress(sentence: Sentence) -> Citation:
    """Return the citation of the sentence, minus a leading attribution clause when there is one."""
    text = sentence.text
    m = _ATTRIBUTION.match(text)
    start = sentence.start
    if m and len(_WORD.findall(text[m.end() :])) >= 6:
        start += m.end()
    return Citation(
        article_id=sentence.article_id,
        start=start,
        end=sentence.end,
        text=text[start - sentence.start :],
    )


def bullet_text(citation: Citation) -> str:
    """Return the bullet's display text: the cited words, with the first letter capitalised."""
    t = citation.text
    return t[:1].upper() + t[1:]


# --------------------------------------------------------------------------- the summary


def summarize(
    cands: Sequence[Candidate],
    vectors: np.ndarray,
    max_items: int,
    *,
    max_words: int | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
) -> list[int]:
    """Return the indices of the chosen candidates, in the order they should be read."""
    scores, on_topic = score_candidates(cands, vectors, weights)
    lengths = [len(_WORD.findall(c.sentence.text)) for c in cands]
    picked = select_mmr(
        scores, vectors, on_topic, max_items, lengths=lengths, max_words=max_words, weights=weights
    )
    return picked


def bullets_for(chosen: Sequence[Candidate]) -> tuple[Bullet, ...]:
    """Turn chosen sentences into bullets, each citing exactly the words it shows."""
    out = []
    for c in chosen:
        cit = compress(c.sentence)
        out.append(Bullet(text=bullet_text(cit), citations=(cit,)))
    return tuple(out)


def headline_for(
    titles: Sequence[str], title_vectors: np.ndarray, summary_vectors: np.ndarray, fallback: str
) -> str:
    """Pick the article title closest to what the summary says; else ``fallback``."""
    if not titles or summary_vectors.shape[0] == 0 or title_vectors.shape[0] == 0:
        return fallback
    centroid = summary_vectors.mean(axis=0)
    sims = title_vectors @ centroid
    return titles[int(np.argmax(sims))]
