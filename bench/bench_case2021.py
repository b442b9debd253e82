"""CASE 2021 task 2, subtask 1: weighted F1 of the event-type classifier on the test set.

    .venv/bin/python -m bench.bench_case2021

Subtask 1 is the 25 ACLED sub-types: test snippets labelled with the unseen types (DIPLO,
ATTRIB, ORG_CRIME, NATURAL_DISASTER, MAN_MADE_DISASTER) belong to subtasks 2-3 and are left out.
The test set is read for reporting only; nothing here trains or tunes.
"""

from __future__ import annotations

import csv
import sys
import time

from sklearn.metrics import accuracy_score, f1_score

from bench.results_io import shared_path, write_result
from storydesk.annotate.events_classifier import read_classifier
from storydesk.annotate.events_lexicon import CASE_TO_ACLED

FLOOR = 0.65  # issue 5; the best published system reached 0.839


def main() -> int:
    """Score the shipped classifier on the CASE 2021 subtask-1 test snippets."""
    path = shared_path(
        "data", "case2021-task2-event-classification", "test_dataset",
        "test_set_final_release_with_labels.tsv",
    )
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]
    rows = [r for r in rows if r["SubType"].strip() in CASE_TO_ACLED]
    texts = [r["EventSnippet"] for r in rows]
    gold = [r["SubType"].strip() for r in rows]
    clf = read_classifier()
    t0 = time.perf_counter()
    pred = clf.predict(texts)
    seconds = time.perf_counter() - t0
    weighted = f1_score(gold, pred, average="weighted", zero_division=0)
    macro = f1_score(gold, pred, average="macro", zero_division=0)
    per_label = f1_score(gold, pred, average=None, labels=sorted(set(gold)), zero_division=0)
    write_result(
        "bench_case2021",
        {
            "weighted_f1": weighted,
            "macro_f1": macro,
            "accuracy": accuracy_score(gold, pred),
            "snippets": len(rows),
            "snippets_per_s": len(rows) / seconds if seconds else 0.0,
        },
        command="python -m bench.bench_case2021",
        notes=(
            "Subtask 1 (25 ACLED sub-types; unseen-type snippets excluded). TF-IDF logistic "
            "regression averaged (0.5) with a logistic regression over MiniLM embeddings, both "
            "trained only on template sentences we wrote (training/train_events_templates.py). "
            "The test set was scored twice: the TF-IDF-only model got 0.486, then this planned "
            "TF-IDF+embedding variant (settings fixed beforehand); no other tuning. "
            "Best published weighted F1: 0.839."
        ),
        floors={"weighted_f1": FLOOR},
        details={"per_label_f1": {k: round(float(v), 3) for k, v in zip(sorted(set(gold)), per_label)}},
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
