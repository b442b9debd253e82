"""Load storydesk's own spaCy pipeline (tagger, parser, NER) and turn its output into records.

The statistical NER is trained on CoNLL-2003 labels (PER, ORG, LOC, MISC): no open corpus here
annotates GPE/LOC/FAC/NORP at scale. Two components after it give our label set:

1. ``storydesk_label_refiner`` labels untagged repeats of names the model tagged elsewhere in the
   doc, maps PER to PERSON and splits LOC into GPE/LOC/FAC and MISC into NORP/EVENT/MISC with the
   offline gazetteer (countries, cities, demonyms) and a few head words;
2. an ``entity_ruler`` (spaCy's span ruler) built from the curated domain list (Kataeb
   Hezbollah, Tower 22, ...) at load time, overwriting what the model found there, because the
   model has never seen them, except where the model found a longer name around the match
   (:func:`ruler_ents_filter`).

Both are added at load time, not stored in the artifact, so a gazetteer update needs no retrain;
their versions are part of :data:`NLP_VERSION`.

The trained NER component is loaded but disabled; ``storydesk_ner``
(:class:`storydesk.nlp.ner_decode.GreedyNER`) decodes its weights in its place. It finds the same
entities as spaCy's decoder with about half the NER's CPU time (``python -m bench.bench_ner_decode``).

Sentences come from rules (line breaks, spaCy's ``sentencizer``, :func:`sentence_fixes`), not from
the parser: on the news documents of GUM (train+dev) the rules find within-paragraph sentence
boundaries at F1 0.96 where the parser's scored 0.83 (it cuts at quotes, numbers and names).
The tagger and parser are loaded but disabled: only the annotate stage's event finder reads a
parse, and only of the sentences with an event trigger (about 14% of news words), so it asks for
those with :func:`parse_spans`. That cut annotation CPU time by a quarter.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path

import numpy
import spacy
from spacy.attrs import IS_SPACE, POS, SENT_START, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans, registry
from thinc.api import use_ops

from storydesk.errors import ModelMissing
from storydesk.model import EntityLabel, Mention, Sentence
from storydesk.nlp import gazetteer
from storydesk.nlp.ner_decode import DECODER_VERSION, GreedyNER

ARTIFACT_DIR = Path(__file__).resolve().parent / "artifacts" / "spacy_en"
REFINER_VERSION = "refiner-5"  # also covers the tokenizer's token_match below
SENTENCES_VERSION = "rules-1"  # the sentence components: sentencizer + sentence_fixes
#: The components that produce a parse; disabled in :func:`load_nlp`, run by :func:`parse_spans`.
PARSE_PIPES = ("tok2vec", "tagger", "storydesk_tag_to_pos", "parser")
# On: with sentence boundaries and the current NER, CoNLL++ dev F1 0.9038 -> 0.9044 alone and
# 0.9055 with vote_labels (it once cost 0.0003 with an older model that crossed line breaks).
PROPAGATE = True  # label untagged repeats of a tagged name (propagate_entities)

#: Names with a hyphenated Arabic article ("al-Jawari", "el-Sisi", "Al-Tanf") stay one token.
#: spaCy's English infixes split them at the hyphen ("al", "-", "Jawari"), which CoNLL-2003 (the
#: NER's training data) never does, so the NER cut "Mushtaq al-Jawari" after "al". A possessive
#: ("al-Sudani's") is still split off first: token_match only sees what prefixes/suffixes leave.
ARABIC_ARTICLE_NAME = re.compile(r"^(?:[Aa]l|[Ee]l|[Aa][dnrstz]|[Aa]sh)-[A-Z]\w*$")

#: Arabic words that open the name of an armed group or movement ("Saraya al-Fajr", "Kataib
#: Sayyid al-Shuhada", "Jaish al-Mahdi", "Liwa Fatemiyoun"). CoNLL-2003 has almost none of these,
#: and the NER reads "Saraya" as a person; new groups appear faster than a curated list grows, so
#: the name's structure marks it as an organization.
GROUP_PREFIXES = ("saraya", "kataib", "kataeb", "kata'ib", "liwa", "jaish", "jaysh", "harakat",
                  "asaib", "asa'ib", "ansar", "jabhat", "tanzim", "firqat", "quwat")
_ARTICLE_TOKEN = {"REGEX": r"^(?:[Aa]l|[Ee]l|[Aa][dnrstz]|[Aa]sh)-[A-Z]"}
_ARTICLE_WORD = {"IN": ["al", "el", "ad", "an", "ar", "as", "ash", "at", "az"]}


def group_name_patterns() -> list[dict[str, object]]:
    """Return EntityRuler token patterns for group names built on :data:`GROUP_PREFIXES`."""
    head = {"LOWER": {"IN": list(GROUP_PREFIXES)}, "IS_TITLE": True}
    shapes = [
        [head, {"TEXT": _ARTICLE_TOKEN}],  # Saraya al-Fajr
        [head, {"LOWER": _ARTICLE_WORD}, {"IS_TITLE": True}],  # Saraya Al Fajr
        [head, {"IS_TITLE": True}, {"TEXT": _ARTICLE_TOKEN}],  # Kataib Sayyid al-Shuhada
        [head, {"TEXT": _ARTICLE_TOKEN}, {"TEXT": _ARTICLE_TOKEN}],  # Asaib Ahl al-Haq (folded)
    ]
    return [{"label": "ORG", "pattern": p} for p in shapes]


#: What the statistical model's CoNLL labels become before gazetteer refinement.
CONLL_TO_STORYDESK: dict[str, EntityLabel] = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE", "MISC": "MISC"}

# Head words that make a place a natural feature (LOC) or a building/site (FAC): OntoNotes' split.
_LOC_WORDS = frozenset(
    "river sea gulf ocean lake mountains mountain mount valley desert strait peninsula coast "
    "basin plain plains island islands bay canal delta highlands region".split()
)
_FAC_WORDS = frozenset(
    "airport base tower bridge square street road highway camp embassy palace stadium hospital "
    "prison mosque church cathedral shrine dam port harbour harbor station garrison crossing "
    "checkpoint building center centre hotel university museum field compound".split()
)
# Religious, ethnic and political groups: OntoNotes NORP, which CoNLL tags MISC.
_NORP_WORDS = frozenset(
    "shiite shiites shia sunni sunnis muslim muslims christian christians jewish jew jews arab "
    "arabs kurd kurds kurdish yazidi yazidis druze alawite alawites islamist islamists republican "
    "republicans democrat democrats western westerners european europeans catholic catholics "
    "protestant orthodox hindu hindus buddhist buddhists sikh sikhs persian turkmen assyrian "
    "chaldean copt copts baathist jihadist jihadists zionist".split()
)
_EVENT_WORDS = frozenset("war olympics games cup championship summit conference election elections".split())
_WORD = re.compile(r"[\w']+")


@lru_cache(maxsize=65536)
def refine_label(text: str, conll_label: str) -> EntityLabel:
    """Return the storydesk label of an entity the model tagged with a CoNLL label."""
    if conll_label == "LOC":
        curated = gazetteer.match_curated(text, fuzzy=False)
        if curated is not None and curated.type in gazetteer.PLACE_TYPES:
            return curated.type
        words = [w.casefold() for w in _WORD.findall(text)]
        if words and words[-1] in _FAC_WORDS:
            return "FAC"
        if gazetteer.country_code(text) is not None or gazetteer.lookup_city(text) is not None:
            return "GPE"
        if any(w in _LOC_WORDS for w in words):
            return "LOC"
        return "GPE"  # unknown place names in news are mostly towns and provinces
    if conll_label == "MISC":
        words = [w.casefold() for w in _WORD.findall(text)]
        if len(words) == 1 and (words[0] in _NORP_WORDS or gazetteer.demonym_country(text)):
            return "NORP"
        if words and words[-1] in _EVENT_WORDS:
            return "EVENT"
        return "MISC"
    return CONLL_TO_STORYDESK.get(conll_label, "MISC")


def vote_labels(ents: list[Span]) -> list[Span]:
    """Give every occurrence of a name the label most of its occurrences in the doc got.

    One name is one thing within an article; the model, reading a few words either side, calls
    "Magna" an ORG three times and a place once. Only a strict majority relabels (ties stay).
    On CoNLL++ dev: F1 +0.0011.
    """
    votes: dict[str, Counter[str]] = {}
    for ent in ents:
        votes.setdefault(ent.text, Counter())[ent.label_] += 1
    out = []
    for ent in ents:
        count = votes[ent.text]
        if len(count) > 1:
            label, n = count.most_common(1)[0]
            if 2 * n > sum(count.values()) and label != ent.label_:
                ent = Span(ent.doc, ent.start, ent.end, label=label)
        out.append(ent)
    return out


def propagate_entities(doc: Doc) -> list[Span]:
    """Return the doc's entities plus unlabelled repeats of a name the model tagged elsewhere.

    A news article names a person or place in full once and repeats it; the model, which sees
    a few words of context, misses some repeats. A repeat counts only if it is capitalised, does
    not touch an existing entity and the name was tagged with one label throughout the doc.
    """
    labels: dict[tuple[str, ...], set[str]] = {}
    for ent in doc.ents:
        if ent.text[:1].isupper():
            labels.setdefault(tuple(t.text for t in ent), set()).add(ent.label_)
    names = {k: next(iter(v)) for k, v in labels.items() if len(v) == 1}
    if not names:
        return list(doc.ents)
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for key in sorted(names, key=len, reverse=True):
        by_first.setdefault(key[0], []).append(key)
    words = [t.text for t in doc]  # once: doc[i] builds a Token object on every access
    taken = [False] * len(doc)
    for ent in doc.ents:
        for i in range(max(ent.start - 1, 0), min(ent.end + 1, len(doc))):
            taken[i] = True  # adjacent tokens too: never glue a repeat onto an entity
    found = list(doc.ents)
    i = 0
    while i < len(doc):
        for key in by_first.get(words[i], ()):
            end = i + len(key)
            if end <= len(doc) and not any(taken[i:end]) and tuple(words[i:end]) == key:
                found.append(Span(doc, i, end, label=names[key]))
                for j in range(max(i - 1, 0), min(end + 1, len(doc))):
                    taken[j] = True
                i = end - 1
                break
        i += 1
    return sorted(found, key=lambda e: e.start)


@Language.component("storydesk_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break, before the NER and the parser run.

    Headlines, datelines and bylines sit on lines of their own without a full stop; spaCy's NER
    never lets a name cross a sentence start, so this keeps "Nadim Ladki" and "AL-AIN" apart.
    On CoNLL++ dev, the same constraint from the corpus's line structure gained 0.4 points of F1.
    Written as one array update: setting ``Token.is_sent_start`` token by token rescans the doc.
    """
    if len(doc) < 2:
        return doc
    space = doc.to_array([IS_SPACE])
    starts = doc.to_array([SENT_START]).astype("int32")
    changed = False
    for i in numpy.flatnonzero(space[:-1]):
        if "\n" in doc[int(i)].text:
            starts[i + 1] = 1
            changed = True
    if changed:
        doc.from_array([SENT_START], starts.astype("uint64"))
    return doc


_OPENERS = frozenset('"“‘\'([')
#: Words that start a sentence after a sentence-final abbreviation ("... in Washington D.C. The
#: six-member team"): closed-class words only, so "the U.S. Army" or "D.C. Council" stay whole.
_SENTENCE_OPENERS = frozenset(
    "The A An He She It They We I You His Her Its Their Our This That These Those There But And "
    "Yet So In On At After Before When While As If However Meanwhile Also Some Many Most".split()
)


@Language.component("storydesk_sentence_fixes")
def sentence_fixes(doc: Doc) -> Doc:
    """Mend the two systematic faults of punctuation rules on news text.

    1. An opening quote or bracket after a full stop (``said. "We will``) is attached to the
       sentence before it; it opens the next one. A quote with a space before it and none after
       it is an opening one.
    2. A sentence that ends with an abbreviation (``U.S.``, ``D.C.``, ``p.m.``) is not split,
       because the tokenizer keeps the full stop inside the token; it is split when a
       closed-class sentence opener follows (see :data:`_SENTENCE_OPENERS`).

    Written by hand because no sentence splitter in a maintained library fixes these on top of
    spaCy's tokens; on GUM news (train+dev) this raised boundary F1 from 0.91 to 0.96
    (``python -m bench.bench_sentences``).
    """
    n = len(doc)
    if n < 3:
        return doc
    starts = doc.to_array([SENT_START]).astype("int32")
    changed = False
    for i in range(1, n - 1):
        tok = doc[i]
        text = tok.text
        if (
            starts[i + 1] == 1 and starts[i] != 1 and text in _OPENERS
            and not tok.whitespace_ and doc[i - 1].whitespace_
        ):
            starts[i], starts[i + 1] = 1, -1
            changed = True
        elif (
            starts[i + 1] != 1 and len(text) > 2 and text[-1] == "." and text[-2].isalpha()
            and tok.whitespace_ and doc[i + 1].text in _SENTENCE_OPENERS and "\n" not in tok.whitespace_
        ):
            starts[i + 1] = 1
            changed = True
    if changed:
        doc.from_array([SENT_START], starts.astype("uint64"))
    return doc


def parse_spans(nlp: Language, doc: Doc, spans: Sequence[tuple[int, int]]) -> list[tuple[Doc, int] | None]:
    """Parse the character spans ``spans`` of ``doc``; return ``(parsed doc, offset)`` for each.

    Each span becomes a doc of its own (tokens, sentence starts and entities copied) that the
    disabled :data:`PARSE_PIPES` then annotate; ``offset`` is the span's first character in
    ``doc.text``, so a token's place in the article is ``offset + token.idx``. None for a span
    that holds no token. The parse is that of the sentence alone, as the parser was trained.
    """
    return parse_many(nlp, [(doc, spans)])[0]


def parse_many(
    nlp: Language, requests: Sequence[tuple[Doc, Sequence[tuple[int, int]]]]
) -> list[list[tuple[Doc, int] | None]]:
    """:func:`parse_spans` for several docs at once: one pass of each parse component over all
    their spans, which costs a third less than one pass per doc on news batches. A span's parse
    does not depend on the other spans it is batched with (each is its own doc)."""
    subs: list[Doc] = []
    where: list[list[tuple[int, int] | None]] = []
    for doc, spans in requests:
        mine: list[tuple[int, int] | None] = []
        for start, end in spans:
            span = doc.char_span(start, end, alignment_mode="expand") if end > start else None
            if span is None or len(span) == 0:
                mine.append(None)
                continue
            mine.append((len(subs), span.start_char))
            subs.append(_sub_doc(span))
        where.append(mine)
    for name in PARSE_PIPES:
        proc = nlp.get_pipe(name)
        subs = list(proc.pipe(subs, batch_size=256)) if hasattr(proc, "pipe") else [proc(d) for d in subs]
    return [[None if w is None else (subs[w[0]], w[1]) for w in mine] for mine in where]


def _sub_doc(span: Span) -> Doc:
    """Copy a span's tokens, sentence starts and entities into a new doc.

    ``Span.as_doc`` copies every attribute and cost 1.7 ms a sentence (more than parsing it).
    """
    words = [t.text for t in span]
    spaces = [bool(t.whitespace_) for t in span]
    spaces[-1] = False
    starts = [True] + [t.is_sent_start is True for t in span[1:]]
    first = span.start
    ents = ["O"] * len(words)
    for ent in span.ents:
        ents[ent.start - first] = f"B-{ent.label_}"
        for i in range(ent.start - first + 1, ent.end - first):
            ents[i] = f"I-{ent.label_}"
    return Doc(span.doc.vocab, words=words, spaces=spaces, sent_starts=starts, ents=ents)


def parse_doc(nlp: Language, doc: Doc) -> Doc:
    """Run the disabled parse components over a whole doc (benchmarks and tools; not annotate)."""
    for name in PARSE_PIPES:
        doc = nlp.get_pipe(name)(doc)
    return doc


class TagToPos:
    """Set ``token.pos`` from ``token.tag`` by table lookup (EWT's most frequent pairing).

    Packaged in place of spaCy's ``attribute_ruler``, whose one-token-per-tag Matcher patterns
    cost 9% of annotation time on Timeline17; this is one array lookup per doc. The table is
    saved as ``table.json`` in the component's folder (tags such as "PRP$" do not survive a
    config value: the config reader treats "$" as interpolation).
    """

    def __init__(self, vocab) -> None:  # type: ignore[no-untyped-def]
        self.vocab = vocab
        self.pairs: list[tuple[str, str]] = []
        self.table: dict[int, int] = {}

    def set_table(self, pairs: list[tuple[str, str]]) -> None:
        self.pairs = sorted(pairs)
        self.table = {self.vocab.strings.add(tag): self.vocab.strings.add(pos) for tag, pos in self.pairs}

    def __call__(self, doc: Doc) -> Doc:
        if len(doc):
            tags = doc.to_array([TAG])
            pos = numpy.fromiter((self.table.get(int(t), 0) for t in tags), dtype="uint64", count=len(tags))
            doc.from_array([POS], pos)
        return doc

    def to_disk(self, path: Path, exclude: object = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "table.json").write_text(json.dumps(self.pairs), "utf-8")

    def from_disk(self, path: Path, exclude: object = ()) -> TagToPos:
        self.set_table([(t, p) for t, p in json.loads((Path(path) / "table.json").read_text("utf-8"))])
        return self


@Language.factory("storydesk_tag_to_pos")
def make_tag_to_pos(nlp: Language, name: str) -> TagToPos:
    """Factory for :class:`TagToPos` (part of the packaged pipeline; its table is on disk)."""
    return TagToPos(nlp.vocab)


@Language.factory("storydesk_ner", default_config={"model_pipe": "ner"})
def make_greedy_ner(nlp: Language, name: str, model_pipe: str) -> GreedyNER:
    """Factory for :class:`storydesk.nlp.ner_decode.GreedyNER` over the trained ``model_pipe``."""
    return GreedyNER(nlp.get_pipe(model_pipe))


@Language.component("storydesk_label_refiner")
def label_refiner(doc: Doc) -> Doc:
    """Relabel the NER's CoNLL entities with storydesk labels (GPE/LOC/FAC, NORP, ...)."""
    new = []
    changed = False
    for ent in vote_labels(propagate_entities(doc) if PROPAGATE else list(doc.ents)):
        if ent.label_ in CONLL_TO_STORYDESK:
            label = refine_label(ent.text, ent.label_)
            new.append(Span(doc, ent.start, ent.end, label=label))
            changed = True
        else:
            new.append(ent)
    if changed:
        doc.ents = new
    return doc


def ruler_ents_filter(entities: list[Span], matches: list[Span]) -> list[Span]:
    """Merge the curated ruler's matches into the model's entities.

    A match wins over what it overlaps (the model has never seen our domain's names), except
    where the model found a longer name around it: "Kurdistan" stays inside "Kurdistan Democratic
    Party", "U.N." inside "U.N. Council". A leading "the" is matched (it is what makes "the Gulf"
    the Persian Gulf) but is not part of the name, as in CoNLL and OntoNotes. On CoNLL++ dev the
    old overwrite-everything ruler cost 0.4 points of F1, all from these two cases.
    """
    trimmed = []
    for span in matches:
        if len(span) > 1 and span[0].lower_ == "the":
            span = Span(span.doc, span.start + 1, span.end, label=span.label, span_id=span.id)
        if not any(e.start <= span.start and span.end <= e.end and len(e) > len(span) for e in entities):
            trimmed.append(span)
    kept = filter_spans(trimmed)
    return kept + [e for e in entities if not any(k.start < e.end and e.start < k.end for k in kept)]


@registry.misc("storydesk.ruler_ents_filter.v1")
def make_ruler_ents_filter():  # type: ignore[no-untyped-def]
    """Registry entry for :func:`ruler_ents_filter` (span ruler ``ents_filter`` setting)."""
    return ruler_ents_filter


#: The artifact stores its weights and vectors as float16 (half the size, 24 -> 14 MB); they are
#: widened back to float32 at load, because spaCy's CPU kernels compute in float32. Measured on
#: CoNLL++ dev: 99.95% of entities and 99.93% of dependency arcs identical to the float32 model.
SHIPPED_DTYPE = "float16"


def cast_weights(nlp: Language, dtype: str) -> None:
    """Cast every component's parameters and the static vector table to ``dtype`` in place."""
    for _, proc in nlp.components:
        model = getattr(proc, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            for name in node.param_names:
                if node.has_param(name):
                    node.set_param(name, node.get_param(name).astype(dtype))
    vectors = nlp.vocab.vectors
    if vectors.shape[0]:
        vectors.data = vectors.data.astype(dtype)


def _artifact_version() -> str:
    try:
        meta = json.loads((ARTIFACT_DIR / "meta.json").read_text("utf-8"))
    except (OSError, ValueError):
        return "missing"
    return f"{meta.get('name', 'spacy_en')}-{meta.get('version', '0')}"


#: Part of the annotate cache key: changes when the model, the refiner or the gazetteer changes.
NLP_VERSION: str = (
    f"{_artifact_version()}+{DECODER_VERSION}+{REFINER_VERSION}+{SENTENCES_VERSION}"
    f"+{gazetteer.GAZETTEER_VERSION}"
)


@cache
def one_blas_thread() -> None:
    """Hold OpenBLAS to one thread in this process.

    Workers already run one per core, so BLAS threads would only oversubscribe the cores, and
    an OpenBLAS product's rounding can depend on its thread count: one thread keeps every run's
    annotations identical whatever the engine and the machine's core count.
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


#: glibc's malloc settings while annotating (see :func:`keep_arrays_in_the_heap`).
MMAP_THRESHOLD = 32 * 2**20  # the largest glibc accepts from mallopt (HEAP_MAX_SIZE / 2)
TRIM_THRESHOLD = 512 * 2**20


@cache
def keep_arrays_in_the_heap() -> bool:
    """Tell glibc's malloc to serve the NER's big arrays from the heap and keep freed memory.

    By default glibc maps every block over its mmap threshold afresh and unmaps it on free; the
    threshold adapts upwards as blocks are freed, but only to 32 MiB, and the heap's top is
    handed back to the OS above twice the threshold. The NER's layers allocate arrays of tens of
    MB per batch of long articles, so every batch paid page faults to map and zero them again:
    on 300 Timeline17 articles, 329,000 minor page faults and 3.7 s of system time for 22 s of
    annotation. Fixing the threshold at 32 MiB and the trim threshold at 512 MiB gave 164,000
    faults and 1.3 s of system time, for ~25 MB more peak memory (docs/scaling.md, tenth session).

    No library sets these (they are process-wide, and only the process that annotates knows its
    allocation pattern); glibc reads ``MALLOC_*_`` variables only at start-up, so a running
    worker needs ``mallopt``. Returns False where there is no glibc (macOS, musl): nothing to do.
    """
    import ctypes
    import ctypes.util
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    m_trim_threshold, m_mmap_threshold = -1, -3  # from glibc's malloc.h
    return bool(mallopt(m_mmap_threshold, MMAP_THRESHOLD)) and bool(mallopt(m_trim_threshold, TRIM_THRESHOLD))


@cache
def load_nlp() -> Language:
    """Load the shipped spaCy pipeline (once per process), offline.

    Raises :class:`storydesk.errors.ModelMissing` when the artifact is absent or unreadable.
    """
    if not (ARTIFACT_DIR / "meta.json").is_file():
        raise ModelMissing(
            f"the spaCy model is missing from {ARTIFACT_DIR}: reinstall storydesk, or retrain it "
            "with `python -m training.train_all` (needs the training corpora and storydesk[train])"
        )
    try:
        # The layers' matrix products go to numpy (OpenBLAS), not thinc's default blis: the blis
        # wheel runs its Haswell (AVX2) kernel here, while OpenBLAS picks the machine's widest
        # (AVX-512 on the development machine). The NER ran ~20% faster with identical
        # entities (docs/scaling.md). The parser's per-step products stay on blis.
        with use_ops("numpy", use_blis=False):
            nlp = spacy.load(ARTIFACT_DIR)
        one_blas_thread()
        keep_arrays_in_the_heap()
    except (OSError, ValueError, KeyError) as exc:
        raise ModelMissing(f"the spaCy model in {ARTIFACT_DIR} cannot be loaded ({exc}): "
                           "reinstall storydesk or retrain it with `python -m training.train_all`"
                           ) from exc
    if nlp.meta.get("storydesk", {}).get("weights_dtype", "float32") != "float32":
        cast_weights(nlp, "float32")
    nlp.tokenizer.token_match = ARABIC_ARTICLE_NAME.match  # type: ignore[attr-defined]
    nlp.add_pipe("storydesk_line_breaks", before=nlp.pipe_names[0])
    nlp.add_pipe("sentencizer", after="storydesk_line_breaks")  # keeps the line-break starts
    nlp.add_pipe("storydesk_sentence_fixes", after="sentencizer")
    for name in PARSE_PIPES:
        nlp.disable_pipe(name)
    # The trained NER's weights, decoded by storydesk_ner (same entities, about half the NER CPU).
    nlp.add_pipe("storydesk_ner", after="ner")
    nlp.disable_pipe("ner")
    nlp.add_pipe("storydesk_label_refiner", after="storydesk_ner")
    ruler = nlp.add_pipe("span_ruler", name="entity_ruler", after="storydesk_label_refiner",
                         config={"spans_key": None, "annotate_ents": True, "overwrite": False, "validate": False,
                                 "ents_filter": {"@misc": "storydesk.ruler_ents_filter.v1"}})
    # The ruler runs every earlier component over its phrase patterns unless they are disabled;
    # matching is on ORTH, so tokenizing is all it needs (saves ~0.7 s of CPU per load).
    with nlp.select_pipes(enable=["entity_ruler"]):
        ruler.add_patterns(gazetteer.entity_ruler_patterns())  # type: ignore[attr-defined]
        ruler.add_patterns(group_name_patterns())  # type: ignore[attr-defined]
    return nlp


def entity_mentions(doc: Doc, article_id: str) -> tuple[Mention, ...]:
    """Return the doc's named entities as stand-off mentions (offsets into ``doc.text``)."""
    return tuple(
        Mention(article_id=article_id, start=e.start_char, end=e.end_char, label=e.label_, text=e.text)
        for e in doc.ents
        if e.label_ in _LABELS
    )


def sentences(doc: Doc, article_id: str) -> tuple[Sentence, ...]:
    """Return the doc's sentences as stand-off records, whitespace trimmed from their ends."""
    out: list[Sentence] = []
    for s in doc.sents:
        stripped = s.text.strip()
        if not stripped:
            continue
        start = s.start_char + s.text.index(stripped[0])
        out.append(Sentence(article_id=article_id, start=start, end=start + len(stripped),
                            text=stripped, index=len(out)))
    return tuple(out)


_LABELS: frozenset[str] = frozenset(("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "MISC"))
