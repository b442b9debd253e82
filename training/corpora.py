"""Read the training corpora under ../shared/data into spaCy Docs, with an explicit label mapping.

Readers are hand-written (not ``spacy convert``) because we need control over three things spaCy's
converters do not give: CoNLL-2003 IOB1 decoding into our label set, GUM's license-by-genre filter,
and GMB's silver labels mapped onto CoNLL's conventions.
"""

from __future__ import annotations

import csv
import gzip
import io
import os
from collections.abc import Iterator
from pathlib import Path

from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("STORYDESK_SHARED", ROOT.parent / "shared")) / "data"
TRAINING = SHARED / "training"

#: CoNLL-2003 labels are what the statistical NER learns; finer labels (GPE, NORP, FAC) come from
#: the refiner component afterwards (see storydesk/nlp/pipeline.py), because no open corpus we have
#: splits LOC into GPE/LOC/FAC or MISC into NORP at scale.
CONLL_LABELS = ("PER", "ORG", "LOC", "MISC")

#: GMB (silver, Groningen Meaning Bank) tags onto CoNLL labels. GMB ``gpe`` is mostly demonyms
#: ("British", "Iraqi"), which CoNLL tags MISC; ``geo`` is any place, CoNLL's LOC. Time and
#: natural-phenomenon tags are not CoNLL entities, so they become O.
GMB_TO_CONLL = {"per": "PER", "org": "ORG", "geo": "LOC", "gpe": "MISC", "art": "MISC", "eve": "MISC"}

#: GUM genres whose texts are non-commercial (CC BY-NC-SA): kept out of the default model.
GUM_NC_GENRES = ("essay", "fiction", "letter", "podcast", "whow")


def _open_text(path: Path, encoding: str = "utf-8") -> io.TextIOBase:
    return io.TextIOWrapper(gzip.open(path), encoding=encoding)  # type: ignore[return-value]


def _iob_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Decode IOB1 or IOB2 tags into (start, end, label) token spans."""
    spans: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, lab = tag.partition("-")
        begins = prefix == "B" or (prefix == "I" and lab != label)
        if tag == "O" or begins:
            if label:
                spans.append((start, i, label))
            start, label = (i, lab) if tag != "O" else (-1, "")
    return spans


def read_conll_ner(path: Path, vocab: Vocab, sents_per_doc: int = 0) -> Iterator[Doc]:
    """Yield one Doc per -DOCSTART- document (or per ``sents_per_doc`` sentences) with CoNLL ents."""
    words: list[str] = []
    tags: list[str] = []
    starts: list[bool] = []
    n_sents = 0

    def flush() -> Doc | None:
        if not words:
            return None
        doc = Doc(vocab, words=list(words), sent_starts=list(starts))
        doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in _iob_spans(tags)]
        words.clear(), tags.clear(), starts.clear()
        return doc

    sentence_open = False
    with _open_text(path) as fh:
        for line in fh:
            line = line.strip()
            if line.startswith("-DOCSTART-"):
                if (doc := flush()) is not None:
                    yield doc
                n_sents, sentence_open = 0, False
                continue
            if not line:
                if sentence_open:
                    n_sents += 1
                    sentence_open = False
                    if sents_per_doc and n_sents >= sents_per_doc:
                        if (doc := flush()) is not None:
                            yield doc
                        n_sents = 0
                continue
            parts = line.split()
            words.append(parts[0])
            # IOB tags restart at sentence boundaries: close spans there.
            tags.append(parts[-1] if sentence_open or parts[-1] == "O" else "B" + parts[-1][1:])
            starts.append(not sentence_open)
            sentence_open = True
    if (doc := flush()) is not None:
        yield doc


def read_conllu(path: Path, vocab: Vocab, sents_per_doc: int = 10,
                skip_genres: tuple[str, ...] = ()) -> Iterator[Doc]:
    """Yield Docs of ``sents_per_doc`` UD sentences with tags, POS, heads and deps."""
    batch: list[list[list[str]]] = []
    skip = False

    def build(sents: list[list[list[str]]]) -> Doc:
        words, spaces, tags, pos, heads, deps, starts = [], [], [], [], [], [], []
        for rows in sents:
            offset = len(words)
            mwt_end, mwt_space = -1, True
            for cols in rows:
                if "-" in cols[0]:
                    a, b = cols[0].split("-")
                    mwt_end, mwt_space = int(b), "SpaceAfter=No" not in cols[9]
                    continue
                idx = int(cols[0])
                words.append(cols[1])
                if idx < mwt_end:
                    spaces.append(False)
                elif idx == mwt_end:
                    spaces.append(mwt_space)
                else:
                    spaces.append("SpaceAfter=No" not in cols[9])
                tags.append(cols[4])
                pos.append(cols[3])
                head = int(cols[6])
                heads.append(offset + head - 1 if head else offset + idx - 1)
                deps.append("ROOT" if cols[7] == "root" else cols[7])
                starts.append(idx == 1)
        return Doc(vocab, words=words, spaces=spaces, tags=tags, pos=pos, heads=heads,
                   deps=deps, sent_starts=starts)

    rows: list[list[str]] = []
    with _open_text(path) as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line.startswith("# newdoc id"):
                doc_id = line.split("=", 1)[1].strip()
                genre = doc_id.split("_")[1] if doc_id.startswith("GUM_") else ""
                skip = genre in skip_genres
                if batch:
                    yield build(batch)
                    batch = []
            if line.startswith("#"):
                continue
            if not line:
                if rows and not skip:
                    batch.append(rows)
                    if len(batch) >= sents_per_doc:
                        yield build(batch)
                        batch = []
                rows = []
                continue
            cols = line.split("\t")
            if "." in cols[0]:  # empty nodes of enhanced UD: not part of basic trees
                continue
            rows.append(cols)
    if rows and not skip:
        batch.append(rows)
    if batch:
        yield build(batch)


def read_gmb(path: Path, vocab: Vocab, sents_per_doc: int = 10) -> Iterator[Doc]:
    """Yield Docs of GMB sentences with their tags mapped through :data:`GMB_TO_CONLL`."""
    sents: list[tuple[list[str], list[str]]] = []

    def build() -> Doc:
        words, tags, starts = [], [], []
        for w, t in sents:
            words += w
            tags += t
            starts += [True] + [False] * (len(w) - 1)
        doc = Doc(vocab, words=words, sent_starts=starts)
        doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in _iob_spans(tags)]
        return doc

    with _open_text(path, encoding="latin-1") as fh:
        reader = csv.reader(fh)
        next(reader)
        cur_w: list[str] = []
        cur_t: list[str] = []
        for row in reader:
            if len(row) < 4:
                continue
            if row[0].startswith("Sentence") and cur_w:
                sents.append((cur_w, cur_t))
                cur_w, cur_t = [], []
                if len(sents) >= sents_per_doc:
                    yield build()
                    sents = []
            tag = row[3]
            if tag != "O":
                prefix, lab = tag.split("-", 1)
                mapped = GMB_TO_CONLL.get(lab)
                tag = f"{prefix}-{mapped}" if mapped else "O"
            cur_w.append(row[1])
            cur_t.append(tag)
        if cur_w:
            sents.append((cur_w, cur_t))
    if sents:
        yield build()


def gmb_words(path: Path) -> Iterator[str]:
    """Yield the words of the GMB corpus in order (its text only; no labels)."""
    with _open_text(path, encoding="latin-1") as fh:
        reader = csv.reader(fh)
        next(reader)
        for row in reader:
            if len(row) >= 2 and row[1]:
                yield row[1]
