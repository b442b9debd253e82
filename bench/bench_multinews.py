"""Multi-News sample: ROUGE of storydesk's summary next to LexRank and TextRank, same length.

    .venv/bin/python -m bench.bench_multinews                      # test split: the reported run
    .venv/bin/python -m bench.bench_multinews --split validation   # development (prints only)

All three systems get the same sentences from the same splitter and the same word budget; the
output is cut at the budget (as ROUGE's ``-l``). LexRank (Erkan and Radev 2004: TF-IDF cosine,
threshold 0.1, power iteration) and TextRank (Mihalcea and Tarau 2004: word-overlap similarity
normalised by log lengths, PageRank d=0.85) are implemented here in a few lines each because sumy
needs NLTK data downloads at run time. Our system is :mod:`storydesk.report.summary` exactly as
the brief uses it (filters, LexRank+signals, MMR, attribution compression), with the shared
sentence embedder when it is installed, else TF-IDF. Every citation our summaries carry is
checked against the article text (metric ``citations_resolved``).
"""

from __future__ import annotations

import argparse
import ast
import csv
import gzip
import math
import re
import sys
import time
from collections.abc import Sequence

import numpy as np
from rouge_score import rouge_scorer

from storydesk.model import Article
from storydesk.report.sentence_vectors import sentence_vectors, tfidf_vectors
from storydesk.report.sentences import split_sentences
from storydesk.report.summary import bullets_for, candidates_for, lexrank, summarize, weights_for

from .results_io import shared_path, write_result

WORDS = 250  # word budget for every system; the references average about 230 words
_TOKEN = re.compile(r"\w+")


def load_split(split: str) -> list[tuple[list[str], str]]:
    """Return (documents, reference summary) pairs of one split of the sample."""
    path = shared_path("data", "multinews-sample", f"sample_{split}.csv.gz")
    csv.field_size_limit(sys.maxsize)
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            docs = [d for d in ast.literal_eval(row["documents"]) if d.strip()]
            ref = row["summary"].lstrip("\u2013- ").strip()
            out.append((docs, ref))
    return out


def truncate(sentences: Sequence[str], words: int = WORDS) -> str:
    """Join sentences and cut the result at ``words`` words."""
    out: list[str] = []
    for s in sentences:
        toks = s.split()
        room = words - len(out)
        if room <= 0:
            break
        out.extend(toks[:room])
    return " ".join(out)


def _pick_by_score(texts: Sequence[str], scores: np.ndarray) -> list[str]:
    order = np.argsort(-scores, kind="stable")
    picked, n = [], 0
    for i in order:
        picked.append(texts[i])
        n += len(texts[i].split())
        if n >= WORDS:
            break
    return picked


def lexrank_summary(texts: Sequence[str]) -> list[str]:
    """Return LexRank's sentences (thresholded cosine graph, Erkan and Radev 2004)."""
    v = tfidf_vectors(texts)
    sim = v @ v.T
    graph = (sim >= 0.1).astype(float)
    return _pick_by_score(texts, lexrank(graph))


def textrank_summary(texts: Sequence[str]) -> list[str]:
    """Return TextRank's sentences (Mihalcea and Tarau 2004 sentence similarity)."""
    toks = [set(_TOKEN.findall(t.lower())) for t in texts]
    lens = [len(_TOKEN.findall(t)) for t in texts]
    n = len(texts)
    sim = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            if lens[i] > 1 and lens[j] > 1:
                s = len(toks[i] & toks[j]) / (math.log(lens[i]) + math.log(lens[j]))
                sim[i, j] = sim[j, i] = s
    return _pick_by_score(texts, lexrank(sim))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="test", choices=["test", "validation"])
    ap.add_argument("--limit", type=int, default=0, help="first N clusters only (development)")
    ap.add_argument("--no-embedder", action="store_true", help="use TF-IDF even if the embedder is installed")
    args = ap.parse_args()

    embedder, vectors_name = None, "TF-IDF"
    if not args.no_embedder:
        try:
            from storydesk.nlp.embed import load_embedder

            embedder, vectors_name = load_embedder(), "MiniLM embeddings (storydesk.nlp.embed)"
        except Exception as exc:  # noqa: BLE001 - any failure means: fall back, and say so
            print(f"embedder not available ({exc}); using TF-IDF", file=sys.stderr)

    data = load_split(args.split)
    if args.limit:
        data = data[: args.limit]
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    systems = ("storydesk", "lexrank", "textrank")
    sums: dict[str, dict[str, float]] = {s: {} for s in systems}
    n_cits = n_ok = 0
    t0 = time.time()
    for k, (docs, ref) in enumerate(data):
        articles = {f"d{i}": Article(id=f"d{i}", input=f"d{i}", text=d) for i, d in enumerate(docs)}
        all_sents = [s.text for a in articles.values() for s in split_sentences(a.id, a.text)]
        cands = candidates_for(list(articles), articles, {})
        vecs = sentence_vectors([c.sentence.text for c in cands], embedder)
        chosen = [cands[i] for i in summarize(cands, vecs, max_items=40, max_words=WORDS, weights=weights_for(embedder))]
        bullets = bullets_for(chosen)
        for b in bullets:
            for c in b.citations:
                n_cits += 1
                n_ok += articles[c.article_id].text[c.start : c.end] == c.text
        outputs = {
            "storydesk": truncate([c.text for b in bullets for c in b.citations]),
            "lexrank": truncate(lexrank_summary(all_sents)) if all_sents else "",
            "textrank": truncate(textrank_summary(all_sents)) if all_sents else "",
        }
        for name, text in outputs.items():
            scores = scorer.score(ref, text)
            for m, sc in scores.items():
                sums[name][m] = sums[name].get(m, 0.0) + sc.fmeasure
        if (k + 1) % 50 == 0:
            print(f"{k + 1}/{len(data)} clusters, {time.time() - t0:.0f}s", file=sys.stderr)
    n = len(data)
    metrics: dict[str, float] = {}
    for name in systems:
        for m in ("rouge1", "rouge2", "rougeL"):
            metrics[f"{name}_{m}_f1"] = sums[name][m] / n
    metrics["citations_checked"] = n_cits
    metrics["citations_resolved"] = n_ok / n_cits if n_cits else 1.0
    metrics["clusters"] = n
    if args.split != "test" or args.limit:
        print({k: round(v, 4) for k, v in metrics.items()})
        return
    notes = (
        f"Multi-News 250-cluster test sample (../shared/data/multinews-sample), {WORDS}-word budget "
        f"for all systems, rouge-score F1 with Porter stemming. storydesk uses {vectors_name}; "
        "weights were set on the validation sample only. LexRank/TextRank are this bench's own "
        "implementations, run on all sentences of the same splitter (no chrome/quote/question filter). "
        "Not comparable to full-test-set numbers in the literature (sampling; abstractive systems)."
    )
    write_result(
        "multinews",
        metrics,
        command=".venv/bin/python -m bench.bench_multinews",
        notes=notes,
        floors={"citations_resolved": 1.0},
    )


if __name__ == "__main__":
    main()
