"""storydesk's greedy NER decoder against spaCy's own: identical entities, and how much faster.

Run: ``.venv/bin/python -m bench.bench_ner_decode [--t17 300]``

Both decoders read the same trained weights (``storydesk/nlp/ner_decode.py`` says why the
decoder exists). On two sets the docs go through the components before the NER once, then each
decoder annotates its own copies:

- CoNLL++ dev (gold tokens and sentence starts), one doc at a time as ``bench_ner`` scores it;
- a spread sample of Timeline17's real articles (every k-th), batched 32 at a time as the
  annotate stage runs it. Its CPU time is the speed comparison, best of two interleaved rounds.

``identical_docs`` is the fraction of docs whose entities (token start, end, label) are the same;
the gate wants every one.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from spacy.tokens import Doc, DocBin

from bench.results_io import shared_path, write_result


def _copies(docs: list[Doc]) -> list[Doc]:
    return list(DocBin(docs=docs, store_user_data=False).get_docs(docs[0].vocab)) if docs else []


def _ents(docs: list[Doc]) -> list[list[tuple[int, int, str]]]:
    return [[(e.start, e.end, e.label_) for e in d.ents] for d in docs]


def _run(proc, docs: list[Doc], batch: int) -> tuple[float, list[list[tuple[int, int, str]]]]:  # type: ignore[no-untyped-def]
    docs = _copies(docs)
    t = time.process_time()
    if batch == 1:
        docs = [proc(d) for d in docs]
    else:
        docs = list(proc.pipe(docs, batch_size=batch))
    return time.process_time() - t, _ents(docs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--t17", type=int, default=300, help="Timeline17 articles in the spread sample")
    args = ap.parse_args()

    from bench.bench_ner import read_conll
    from bench.bench_pipeline import _t17_records
    from storydesk.nlp.pipeline import load_nlp

    nlp = load_nlp()
    spacy_ner, greedy = nlp.get_pipe("ner"), nlp.get_pipe("storydesk_ner")
    before = nlp.pipe_names[: nlp.pipe_names.index("storydesk_ner")]

    conll = []
    for words, starts, _ in read_conll(str(shared_path("data", "conllpp-ner", "conllpp_dev.txt.gz"))):
        doc = Doc(nlp.vocab, words=words, sent_starts=starts)
        for name in before:
            doc = nlp.get_pipe(name)(doc)
        conll.append(doc)
    with tempfile.TemporaryDirectory() as tmp:
        records = _t17_records(Path(tmp))
    step = max(1, len(records) // args.t17)
    texts = [r["text"] for r in records[::step][: args.t17]]
    with nlp.select_pipes(enable=before):
        t17 = list(nlp.pipe(texts, batch_size=32))
    words = sum(len(t.split()) for t in texts)

    _, conll_ref = _run(spacy_ner, conll, 1)
    _, conll_new = _run(greedy, conll, 1)
    cpu = {"spacy": [], "greedy": []}
    for _ in range(2):
        for name, proc in (("spacy", spacy_ner), ("greedy", greedy)):
            seconds, ents = _run(proc, t17, 32)
            cpu[name].append(seconds)
            if name == "spacy":
                t17_ref = ents
            else:
                t17_new = ents
    same_conll = sum(a == b for a, b in zip(conll_ref, conll_new)) / len(conll)
    same_t17 = sum(a == b for a, b in zip(t17_ref, t17_new)) / len(t17)
    spacy_s, greedy_s = min(cpu["spacy"]), min(cpu["greedy"])
    metrics = {
        "identical_docs_conllpp_dev": same_conll,
        "identical_docs_t17": same_t17,
        "docs_conllpp_dev": len(conll),
        "docs_t17": len(t17),
        "entities_t17": sum(map(len, t17_new)),
        "ner_cpu_s_spacy": spacy_s,
        "ner_cpu_s_greedy": greedy_s,
        "ner_words_per_cpu_s_spacy": words / spacy_s,
        "ner_words_per_cpu_s_greedy": words / greedy_s,
        "cpu_saved": 1 - greedy_s / spacy_s,
    }
    write_result(
        "ner_decode",
        metrics,
        command=f".venv/bin/python -m bench.bench_ner_decode --t17 {args.t17}",
        notes=(f"Same trained NER weights, two decoders. CoNLL++ dev one doc at a time; {len(t17)} "
               f"Timeline17 articles ({words} words, every {step}th) in batches of 32. NER CPU is "
               "the component alone (tok2vec included), best of two interleaved rounds."),
        floors={"identical_docs_conllpp_dev": 1.0, "identical_docs_t17": 1.0},
    )


if __name__ == "__main__":
    main()
