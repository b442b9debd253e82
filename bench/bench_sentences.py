"""Sentence boundaries on real running text: the shipped rules against the parser's sentences.

Run: ``.venv/bin/python -m bench.bench_sentences``

GUM (UD English GUM, ../shared/data/training/ud-english-gum) keeps each document's paragraphs
(``# newpar``) and the spacing between tokens (``SpaceAfter=No``), so the raw text of a document
can be rebuilt: paragraphs one per line, as trafilatura gives an article. Each splitter then runs
on that text as the annotate stage runs it (line breaks always end a sentence), and only the
boundaries *inside* a paragraph are scored, by their character offset: a line break is given.

Scored: ``rules`` (the shipped pipeline: line breaks, spaCy's sentencizer, storydesk's quote and
abbreviation fixes) and ``parser`` (the dependency parser's sentences, how storydesk split text
before). ``news`` is GUM's news genre, the text storydesk reads; ``all`` every genre. The fixes were
written looking at errors on train; dev and test were not looked at, and test is for reporting.
"""

from __future__ import annotations

import argparse
import gzip
import time
from collections.abc import Iterator
from pathlib import Path

from bench.results_io import shared_path, write_result


def gum_documents(path: Path) -> Iterator[tuple[str, list[list[str]]]]:
    """Yield ``(doc id, paragraphs)`` with each paragraph a list of sentence texts."""
    doc_id: str | None = None
    paragraphs: list[list[str]] = []
    paragraph: list[str] = []
    tokens: list[str] = []
    skip: set[int] = set()

    def end_sentence() -> None:
        if tokens:
            paragraph.append("".join(tokens).strip())
            tokens.clear()

    def end_paragraph() -> None:
        end_sentence()
        if paragraph:
            paragraphs.append(list(paragraph))
            paragraph.clear()

    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line.startswith("# newdoc id ="):
                end_paragraph()
                if doc_id and paragraphs:
                    yield doc_id, list(paragraphs)
                doc_id, paragraphs = line.split("=", 1)[1].strip(), []
            elif line.startswith("# newpar") and not line.startswith("# newpar_block"):
                end_paragraph()
            elif line.startswith("#"):
                continue
            elif not line.strip():
                end_sentence()
            else:
                cols = line.split("\t")
                space = "" if "SpaceAfter=No" in cols[9] else " "
                if "." in cols[0]:  # an empty node
                    continue
                if "-" in cols[0]:  # a multiword token: its surface form, not its parts
                    first, last = (int(x) for x in cols[0].split("-"))
                    skip = set(range(first, last + 1))
                    tokens.append(cols[1] + space)
                    continue
                if int(cols[0]) == 1:
                    skip = set()
                if int(cols[0]) not in skip:
                    tokens.append(cols[1] + space)
    end_paragraph()
    if doc_id and paragraphs:
        yield doc_id, paragraphs


def rebuild(paragraphs: list[list[str]]) -> tuple[str, set[int]]:
    """Return the document's text and the offsets of sentence starts inside paragraphs."""
    text = ""
    inner: set[int] = set()
    for paragraph in paragraphs:
        if text:
            text += "\n"
        for i, sentence in enumerate(paragraph):
            if i:
                text += " "
                inner.add(len(text))
            text += sentence
    return text, inner


def score(split, docs: list[tuple[str, list[list[str]]]]) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Precision, recall and F1 of within-paragraph sentence starts."""
    tp = fp = fn = 0
    for _, paragraphs in docs:
        text, gold = rebuild(paragraphs)
        line_starts = {0} | {i + 1 for i, c in enumerate(text) if c == "\n"}
        pred = {s for s in split(text) if s not in line_starts}
        tp += len(pred & gold)
        fp += len(pred - gold)
        fn += len(gold - pred)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "boundaries": float(tp + fn)}


def main() -> None:
    """Score both splitters on GUM and write bench/results/sentences_gum.json."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.parse_args()
    from storydesk.annotate import _trimmed_sents
    from storydesk.nlp.pipeline import NLP_VERSION, load_nlp, parse_doc

    nlp = load_nlp()

    def rules(text: str) -> list[int]:
        return [s.start_char for s in _trimmed_sents(nlp(text), text)]

    def parser(text: str) -> list[int]:
        with nlp.select_pipes(disable=["sentencizer", "storydesk_sentence_fixes"]):
            doc = parse_doc(nlp, nlp(text))
        return [s.start_char for s in _trimmed_sents(doc, text)]

    folder = shared_path("data", "training", "ud-english-gum")
    splits = {
        "traindev": [d for f in ("train", "dev") for d in gum_documents(folder / f"en_gum-ud-{f}.conllu.gz")],
        "test": list(gum_documents(folder / "en_gum-ud-test.conllu.gz")),
    }
    metrics: dict[str, float] = {}
    t0 = time.perf_counter()
    for split_name, docs in splits.items():
        for genre, subset in (("news", [d for d in docs if "_news_" in d[0]]), ("all", docs)):
            for name, fn in (("rules", rules), ("parser", parser)):
                result = score(fn, subset)
                for key in ("p", "r", "f1"):
                    metrics[f"{split_name}_{genre}_{name}_{key}"] = round(result[key], 4)
                metrics[f"{split_name}_{genre}_boundaries"] = result["boundaries"]
    write_result(
        "sentences_gum",
        metrics,
        command=".venv/bin/python -m bench.bench_sentences",
        notes=(f"UD English GUM documents rebuilt as raw text (paragraphs one per line); "
               f"within-paragraph sentence starts scored by character offset. rules = the shipped "
               f"line breaks + sentencizer + fixes, parser = the dependency parser's sentences. "
               f"Fixes written on train errors; test is for reporting. Model {NLP_VERSION}; "
               f"{time.perf_counter() - t0:.0f} s."),
        floors={"test_all_rules_f1": 0.93, "traindev_news_rules_f1": 0.93},
    )


if __name__ == "__main__":
    main()
