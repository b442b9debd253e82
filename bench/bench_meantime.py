"""MEANTIME (English): cross-document entity coreference of named mentions.

Gold named-entity mentions (syntactic type NAM) of all 120 articles go through
``storydesk.link.canonical_entities`` at once; the key is the corpus-level instance of each
mention (a document-level entity when it has no corpus instance). Pronouns and nominals are out
of scope: canonical entities join names. An exact-string baseline runs side by side.

    .venv/bin/python -m bench.bench_meantime
"""

from __future__ import annotations

import tarfile
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from bench.results_io import shared_path, write_result
from storydesk.link import canonical_entities
from storydesk.link.coref_scores import clusters_from_labels, conll_scores
from storydesk.link.entities import default_curated
from storydesk.model import EntityLabel, Mention, normalize_for_id

_LABELS: dict[str, EntityLabel] = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}


def _read(path: Path) -> tuple[list[Mention], dict[tuple[str, int, int], str]]:
    """Return the named mentions of one article and their gold chain ids."""
    root = ET.parse(path).getroot()
    doc = root.get("doc_id") or path.stem
    offsets: dict[str, tuple[int, int]] = {}
    parts, pos = [], 0
    for tok in root.iter("token"):
        text = tok.text or ""
        offsets[tok.get("t_id", "")] = (pos, pos + len(text))
        parts.append(text)
        pos += len(text) + 1
    text = " ".join(parts)
    markables = root.find("Markables")
    spans: dict[str, tuple[int, int, str]] = {}
    targets: dict[str, tuple[str, str]] = {}
    for el in markables if markables is not None else ():
        if el.tag == "ENTITY_MENTION":
            anchors = [offsets[a.get("t_id", "")] for a in el.iter("token_anchor") if a.get("t_id") in offsets]
            if anchors:
                spans[el.get("m_id", "")] = (anchors[0][0], anchors[-1][1], el.get("syntactic_type", ""))
        elif el.tag == "ENTITY":
            chain = el.get("instance_id") or f"{doc}:{el.get('m_id')}"
            targets[el.get("m_id", "")] = (chain, el.get("ent_type", ""))
    relations = root.find("Relations")
    mentions: list[Mention] = []
    gold: dict[tuple[str, int, int], str] = {}
    for rel in relations.iter("REFERS_TO") if relations is not None else ():
        target = rel.find("target")
        if target is None or target.get("m_id") not in targets:
            continue
        chain, etype = targets[target.get("m_id", "")]
        for src in rel.iter("source"):
            span = spans.get(src.get("m_id", ""))
            if span is None or span[2] != "NAM":
                continue
            start, end, _ = span
            key = (doc, start, end)
            if key in gold:
                continue
            gold[key] = chain
            mentions.append(
                Mention(article_id=doc, start=start, end=end, label=_LABELS.get(etype, "MISC"), text=text[start:end])
            )
    return mentions, gold


def main() -> None:
    """Score canonical entities on MEANTIME named mentions; write bench/results/meantime.json."""
    t0 = time.perf_counter()
    archive = shared_path("data", "meantime-en", "meantime_newsreader_english_oct15.tar.gz")
    mentions: list[Mention] = []
    gold: dict[tuple[str, int, int], str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(archive) as tar:
            tar.extractall(tmp, filter="data")
        for path in sorted(Path(tmp).glob("*/intra_cross-doc_annotation/*/*.xml")):
            ms, g = _read(path)
            mentions.extend(ms)
            gold.update(g)
    t1 = time.perf_counter()
    entities = canonical_entities(mentions, curated=default_curated())
    link_seconds = time.perf_counter() - t1
    ours = {(c.article_id, c.start, c.end): e.id for e in entities for c in e.mentions}
    key = clusters_from_labels(gold)
    scores = conll_scores(key, clusters_from_labels({k: ours.get(k, k) for k in gold}))
    exact = {(m.article_id, m.start, m.end): normalize_for_id(m.text) for m in mentions}
    baseline = conll_scores(key, clusters_from_labels(exact))
    metrics = {**scores, "exact_match_conll_f1": baseline["conll_f1"], "mentions": len(gold),
               "gold_entities": len(key), "entities": len(entities), "link_seconds": link_seconds,
               "seconds": time.perf_counter() - t0}
    write_result(
        "meantime",
        metrics,
        command=".venv/bin/python -m bench.bench_meantime",
        notes=(
            "MEANTIME English, intra_cross-doc_annotation, all 120 articles at once; gold named "
            "mentions (syntactic_type NAM) with their corpus-level instance as key. "
            "storydesk.link.canonical_entities with the shared curated list; exact_match = "
            "case-folded identical strings. Reported, no floor."
        ),
    )


if __name__ == "__main__":
    main()
