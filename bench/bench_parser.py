"""UD English EWT test: UAS, LAS and tag accuracy of the shipped tagger and parser.

Run: ``.venv/bin/python -m bench.bench_parser`` (``--split dev`` for the dev set).

Gold tokenization and gold sentences (one Doc per sentence), punctuation included, as in the
CoNLL 2018 shared task. ``las`` compares universal relations (``nmod:poss`` counts as ``nmod``,
as CoNLL 2018 does); ``las_full`` compares the full labels with subtypes.
"""

from __future__ import annotations

import argparse
import time

from spacy.tokens import Doc

from bench.results_io import shared_path, write_result


def main() -> None:
    """Parse EWT test sentences and write bench/results/parser_ewt.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("test", "dev"), default="test")
    args = parser.parse_args()
    path = shared_path("data", "training", "ud-english-ewt", f"en_ewt-ud-{args.split}.conllu.gz")
    from storydesk.nlp.pipeline import NLP_VERSION, PARSE_PIPES, load_nlp
    from training.corpora import read_conllu

    nlp = load_nlp()
    procs = [(n, nlp.get_pipe(n)) for n in PARSE_PIPES]  # disabled in load_nlp: run on demand
    n = uas = las = las_full = tags = upos = 0
    n_sents = 0
    t0 = time.perf_counter()
    for gold in read_conllu(path, nlp.vocab, sents_per_doc=1):
        doc = Doc(nlp.vocab, words=[t.text for t in gold], spaces=[bool(t.whitespace_) for t in gold])
        for _, proc in procs:
            doc = proc(doc)
        n_sents += 1
        for g, p in zip(gold, doc):
            n += 1
            tags += g.tag_ == p.tag_
            upos += g.pos_ == p.pos_
            if g.head.i == p.head.i:
                uas += 1
                gd, pd = g.dep_.lower(), p.dep_.lower()
                las_full += gd == pd
                las += gd.split(":")[0] == pd.split(":")[0]
    seconds = time.perf_counter() - t0
    metrics = {"uas": uas / n, "las": las / n, "las_full": las_full / n, "tag_acc": tags / n,
               "pos_acc": upos / n}
    write_result(
        "parser_ewt" if args.split == "test" else "parser_ewt_dev",
        metrics,
        command=f".venv/bin/python -m bench.bench_parser --split {args.split}",
        notes=(f"UD English EWT 2.16 {args.split}: {n_sents} sentences, {n} words, gold tokens and "
               f"sentences, punctuation included; tag_acc is PTB XPOS, pos_acc UPOS (mapped from the "
               f"tag); model {NLP_VERSION}; {n / seconds:.0f} words/s while scoring."),
        floors={"las": 0.80} if args.split == "test" else None,
    )


if __name__ == "__main__":
    main()
