"""NER quality: CoNLL++ test exact-span F1 per type, and recall of names in the example articles.

Run: ``.venv/bin/python -m bench.bench_ner`` (``--split dev`` scores CoNLL++ dev instead; the test
split is for reporting only and was never used to train or tune). ``--only examples`` or
``--only conllpp`` runs one part.

Our labels are mapped to CoNLL's explicitly (:data:`TO_CONLL`). Documents are fed whole with the gold
tokenization (the CoNLL tokens) and the corpus's sentence (line) boundaries, the usual CoNLL
protocol, through every component of the shipped pipeline, including the label refiner and the
curated entity ruler. At run time the pipeline gets the same constraint from line breaks
(``storydesk_line_breaks``): no name crosses a headline, dateline or byline.
"""

from __future__ import annotations

import argparse
import gzip
import re
import time
from collections import Counter
from pathlib import Path

from spacy.tokens import Doc

from bench.results_io import shared_path, write_result

#: storydesk label -> CoNLL label. GPE/LOC/FAC are all CoNLL LOC; NORP and EVENT are CoNLL MISC.
TO_CONLL = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
            "NORP": "MISC", "EVENT": "MISC", "MISC": "MISC"}
TYPES = ("PER", "ORG", "LOC", "MISC")


def read_conll(path: str) -> list[tuple[list[str], list[bool], set[tuple[int, int, str]]]]:
    """Read an IOB1/IOB2 CoNLL file into (words, sentence starts, gold spans) per document."""
    docs = []
    words: list[str] = []
    starts: list[bool] = []
    tags: list[str] = []
    new_sent = True

    def flush() -> None:
        if words:
            docs.append((list(words), list(starts), spans(tags)))
        words.clear(), starts.clear(), tags.clear()

    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line.startswith("-DOCSTART-"):
                flush()
                new_sent = True
                continue
            if not line:
                new_sent = True
                continue
            parts = line.split()
            tag = parts[-1]
            if new_sent and tag.startswith("I-"):
                tag = "B-" + tag[2:]  # spans never cross sentence boundaries
            words.append(parts[0])
            starts.append(new_sent)
            tags.append(tag)
            new_sent = False
    flush()
    return docs


def spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """Decode IOB1/IOB2 tags into exact (start, end, type) token spans."""
    out: set[tuple[int, int, str]] = set()
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, lab = tag.partition("-")
        if tag == "O" or prefix == "B" or lab != label:
            if label:
                out.add((start, i, label))
            start, label = (i, lab) if tag != "O" else (-1, "")
    return out


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Return precision, recall and F1 from counts (0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


#: Names a reader sees in ../shared/examples/iraq-withdrawal, with the spellings used there and the
#: labels that count as right (places: any of GPE/LOC/FAC). Names only, never sentences.
PLACE = ("GPE", "LOC", "FAC")
EXPECTED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Mohammed Shia al-Sudani": (("Mohammed Shia al-Sudani", "Muhammad Shia al-Sudani",
                                 "Mohammed Shiite al-Sudani", "al-Sudani", "Al-Sudani"), ("PERSON",)),
    "Akram al-Kaabi": (("Akram al-Kaabi",), ("PERSON",)),
    "Hassan Nasrallah": (("Hassan Nasrallah",), ("PERSON",)),
    "Fuad Hussein": (("Fuad Hussein",), ("PERSON",)),
    "Qassem Soleimani": (("Qassem Soleimani",), ("PERSON",)),
    "Donald Trump": (("Donald Trump",), ("PERSON",)),
    "Dmitry Polyansky": (("Dmitry Polyansky",), ("PERSON",)),
    "Sayyad Jiyad": (("Sayyad Jiyad",), ("PERSON",)),
    "Alina Romanovsky": (("Alina Romanovsky",), ("PERSON",)),
    "Abu Taqwa": (("Abu Taqwa",), ("PERSON",)),
    "Mushtaq al-Jawari": (("Mushtaqa al-Jawari",), ("PERSON",)),
    "Gamal Khattab": (("Gamal Khattab",), ("PERSON",)),
    "Kataeb Hezbollah": (("Kataeb Hezbollah",), ("ORG",)),
    "Harakat al-Nujaba": (("Harakat al-Nujaba", "Harakat An-Nujaba", "Al-Nujaba"), ("ORG",)),
    "Popular Mobilization Forces": (("Popular Mobilization Forces", "PMF"), ("ORG",)),
    "Hezbollah": (("Hezbollah",), ("ORG",)),
    "Hamas": (("Hamas",), ("ORG",)),
    "Islamic State": (("ISIS", "Daesh"), ("ORG",)),
    "Reuters": (("Reuters",), ("ORG",)),
    "Pentagon": (("Pentagon",), ("ORG", "FAC")),
    "Kurdistan Regional Government": (("Kurdistan Regional Government",), ("ORG", "GPE")),
    "Century Foundation": (("Century Foundation",), ("ORG",)),
    "Iraq": (("Iraq",), PLACE),
    "Baghdad": (("Baghdad",), PLACE),
    "Syria": (("Syria",), PLACE),
    "Iran": (("Iran",), PLACE),
    "Israel": (("Israel",), PLACE),
    "Lebanon": (("Lebanon",), PLACE),
    "Jordan": (("Jordan",), PLACE),
    "Gaza": (("Gaza", "Gaza Strip"), PLACE),
    "Washington": (("Washington",), PLACE + ("ORG",)),
    "Tehran": (("Tehran",), PLACE + ("ORG",)),
    "Kurdistan": (("Kurdistan",), PLACE),
    "Hasakah": (("Hasakah",), PLACE),
    "Deir ez-Zor": (("Deir ez-Zor",), PLACE),
    "Yemen": (("Yemen",), PLACE),
    "Ukraine": (("Ukraine",), PLACE),
    "Turkey": (("Turkey",), PLACE),
    "Tower 22": (("Tower 22",), PLACE),
    "Al-Tanf": (("Al-Tanf", "Tanf"), PLACE),
    "Al-Walid border crossing": (("Al-Walid",), PLACE),
    "Middle East": (("Middle East",), PLACE),
    "Iraqi": (("Iraqi",), ("NORP",)),
    "American": (("American", "Americans"), ("NORP",)),
    "Syrian": (("Syrian",), ("NORP",)),
    "Iranian": (("Iranian",), ("NORP",)),
    "Israeli": (("Israeli",), ("NORP",)),
    "Shiite": (("Shiite",), ("NORP",)),
}


def example_recall(nlp, folder: Path) -> tuple[dict[str, float], dict]:  # type: ignore[no-untyped-def]
    """Score recall of :data:`EXPECTED` occurrences in the example articles.

    An occurrence counts as found when an entity covers it (it may be longer: ``Prime Minister
    Mohammed Shia al-Sudani`` covers ``al-Sudani``), and as typed when that entity's label is one
    of the expected ones. A spelling inside a longer listed spelling is not counted twice.
    """
    found = typed = total = 0
    names_seen: set[str] = set()
    names_found: set[str] = set()
    missed: list[str] = []
    mistyped: list[str] = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text("utf-8")
        doc = nlp(text)
        ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        for name, (spellings, labels) in EXPECTED.items():
            taken: list[tuple[int, int]] = []
            for sp in sorted(spellings, key=len, reverse=True):
                for m in re.finditer(r"(?<![\w-])" + re.escape(sp) + r"(?![\w-])", text):
                    if any(a <= m.start() and m.end() <= b for a, b in taken):
                        continue
                    taken.append((m.start(), m.end()))
                    total += 1
                    names_seen.add(name)
                    cover = [lab for a, b, lab in ents if a <= m.start() and m.end() <= b]
                    if cover:
                        found += 1
                        names_found.add(name)
                        if any(lab in labels for lab in cover):
                            typed += 1
                        else:
                            mistyped.append(f"{sp} as {cover[0]} ({path.name[:3]})")
                    else:
                        near = [text[a:b] for a, b, _ in ents if a < m.end() and m.start() < b]
                        missed.append(f"{sp} ({path.name[:3]}" + (f"; got {near[0]!r})" if near else ")"))
    metrics = {
        "occurrence_recall": found / total,
        "occurrence_recall_typed": typed / total,
        "name_recall": len(names_found) / len(names_seen),
        "occurrences": total,
        "names": len(names_seen),
    }
    details = {"missed": missed, "mistyped": mistyped,
               "names_never_found": sorted(names_seen - names_found)}
    return metrics, details


def run_examples() -> None:
    """Score recall on the five example articles and write bench/results/ner_examples.json."""
    folder = shared_path("examples", "iraq-withdrawal")
    from storydesk.nlp.pipeline import NLP_VERSION, load_nlp

    metrics, details = example_recall(load_nlp(), folder)
    write_result(
        "ner_examples",
        metrics,
        command=".venv/bin/python -m bench.bench_ner --only examples",
        notes=(f"Recall of {metrics['names']:.0f} names ({metrics['occurrences']:.0f} occurrences) a "
               f"reader sees in ../shared/examples/iraq-withdrawal (list in bench/bench_ner.py); "
               f"details list every miss; model {NLP_VERSION}."),
        details=details,
    )
    for line in details["missed"] + ["-- mistyped:"] + details["mistyped"]:
        print("  ", line)


def main() -> None:
    """Run the example-recall and CoNLL++ parts (the CoNLL++ floor gates the exit status)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("test", "dev"), default="test")
    parser.add_argument("--only", choices=("examples", "conllpp"))
    args = parser.parse_args()
    if args.only != "conllpp":
        run_examples()
    if args.only != "examples":
        run_conllpp(args.split)


def score_conllpp(nlp, path: Path) -> tuple[dict[str, float], dict[str, dict[str, float]], int, int, float]:  # type: ignore[no-untyped-def]
    """Score ``nlp`` on a CoNLL file: (metrics, per-type details, docs, tokens, seconds)."""
    gold_docs = read_conll(str(path))
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    t0 = time.perf_counter()
    n_tokens = 0
    for words, starts, gold in gold_docs:
        doc = Doc(nlp.vocab, words=words, sent_starts=starts)
        for _, proc in nlp.pipeline:
            doc = proc(doc)
        n_tokens += len(doc)
        pred = {(e.start, e.end, TO_CONLL[e.label_]) for e in doc.ents if e.label_ in TO_CONLL}
        for s in pred & gold:
            tp[s[2]] += 1
        for s in pred - gold:
            fp[s[2]] += 1
        for s in gold - pred:
            fn[s[2]] += 1
    seconds = time.perf_counter() - t0
    p, r, f = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    metrics = {"f1": f, "precision": p, "recall": r}
    details: dict[str, dict[str, float]] = {}
    for t in TYPES:
        tp_, fp_, fn_ = tp[t], fp[t], fn[t]
        pt, rt, ft = prf(tp_, fp_, fn_)
        metrics[f"f1_{t}"] = ft
        details[t] = {"precision": round(pt, 4), "recall": round(rt, 4), "f1": round(ft, 4),
                      "gold": tp_ + fn_, "predicted": tp_ + fp_}
    return metrics, details, len(gold_docs), n_tokens, seconds


#: The pinned floor of CoNLL++ test F1 (issue #4); tests/nlp/test_model_quality.py checks it too.
CONLLPP_TEST_FLOOR = 0.86


def run_conllpp(split: str) -> None:
    """Score the shipped pipeline on CoNLL++ and write bench/results/ner_conllpp.json."""
    path = shared_path("data", "conllpp-ner", f"conllpp_{split}.txt.gz")
    from storydesk.nlp.pipeline import NLP_VERSION, load_nlp

    metrics, details, n_docs, n_tokens, seconds = score_conllpp(load_nlp(), path)
    name = "ner_conllpp" if split == "test" else "ner_conllpp_dev"
    write_result(
        name,
        metrics,
        command=f".venv/bin/python -m bench.bench_ner --split {split}",
        notes=(f"CoNLL++ {split} ({n_docs} docs, {n_tokens} tokens, gold tokenization), "
               f"exact-span micro F1 with labels mapped to CoNLL by TO_CONLL; model {NLP_VERSION}; "
               f"{n_tokens / seconds:.0f} tokens/s while scoring."),
        floors={"f1": CONLLPP_TEST_FLOOR} if split == "test" else None,
        details={"per_type": details, "label_map": TO_CONLL},
    )


if __name__ == "__main__":
    main()
