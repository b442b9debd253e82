"""The shipped spaCy pipeline: loads offline, labels, stand-off spans, and the label refiner."""

from __future__ import annotations

import subprocess
import sys

import pytest

from storydesk.errors import ModelMissing
from storydesk.nlp import pipeline
from storydesk.nlp.pipeline import NLP_VERSION, entity_mentions, refine_label, sentences

# Sentences written for these tests (not from any corpus).
TEXT = (
    "Kataeb Hezbollah said on Monday that its fighters had left Tower 22. "
    "Prime Minister Mohammed Shia al-Sudani met Fuad Hussein in Baghdad, and Iraqi officials "
    "later flew to Amman.\n\nThe Pentagon gave no figures."
)


def test_refiner_splits_conll_labels() -> None:
    assert refine_label("Maria Lopez", "PER") == "PERSON"
    assert refine_label("Iraq", "LOC") == "GPE"
    assert refine_label("Baghdad", "LOC") == "GPE"
    assert refine_label("Euphrates River", "LOC") == "LOC"
    assert refine_label("Harir Air Base", "LOC") == "FAC"
    assert refine_label("Iraqi", "MISC") == "NORP"
    assert refine_label("Shiite", "MISC") == "NORP"
    assert refine_label("World Cup", "MISC") == "EVENT"
    assert refine_label("Windows", "MISC") == "MISC"


def test_refiner_propagates_repeats_and_relabels(monkeypatch) -> None:
    import spacy
    from spacy.tokens import Span

    monkeypatch.setattr(pipeline, "PROPAGATE", True)
    nlp = spacy.blank("en")
    doc = nlp("Lina Haddad spoke in Mosul . Later Haddad and Lina Haddad left Mosul for Erbil .")
    doc.ents = [Span(doc, 0, 2, label="PER"), Span(doc, 4, 5, label="LOC"),
                Span(doc, 14, 15, label="LOC")]
    doc = pipeline.label_refiner(doc)
    got = [(e.text, e.label_, e.start) for e in doc.ents]
    # The full name repeats at token 9 and Mosul at 12: both get the label; "Haddad" alone does not.
    assert got == [("Lina Haddad", "PERSON", 0), ("Mosul", "GPE", 4), ("Lina Haddad", "PERSON", 9),
                   ("Mosul", "GPE", 12), ("Erbil", "GPE", 14)]
    for e in doc.ents:
        assert doc.text[e.start_char : e.end_char] == e.text


def test_version_names_model_refiner_and_gazetteer() -> None:
    assert pipeline.REFINER_VERSION in NLP_VERSION
    assert "gazetteer" in NLP_VERSION


def test_missing_artifact_raises_model_missing(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "ARTIFACT_DIR", tmp_path / "nowhere")
    pipeline.load_nlp.cache_clear()
    try:
        with pytest.raises(ModelMissing, match="train_all"):
            pipeline.load_nlp()
    finally:
        pipeline.load_nlp.cache_clear()


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return pipeline.load_nlp()


@pytest.mark.models
def test_pipeline_components_and_labels(nlp) -> None:  # type: ignore[no-untyped-def]
    # Sentences by rules before the NER (names never cross a sentence start); the parse
    # components are loaded but off: events ask for the sentences they need (parse_spans).
    # The trained NER's weights are decoded by storydesk_ner (tests/nlp/test_ner_decode.py).
    assert nlp.pipe_names == ["storydesk_line_breaks", "sentencizer", "storydesk_sentence_fixes",
                              "storydesk_ner", "storydesk_label_refiner", "entity_ruler"]
    assert sorted(nlp.disabled) == sorted([*pipeline.PARSE_PIPES, "ner"])
    assert set(nlp.get_pipe("ner").labels) == {"PER", "ORG", "LOC", "MISC"}
    assert pipeline.load_nlp() is nlp  # cached per process


@pytest.mark.models
def test_arabic_article_names_stay_whole(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The strike killed Mushtaq al-Jawari, and el-Amin's aide said it was well-known.")
    words = [t.text for t in doc]
    assert "al-Jawari" in words and "el-Amin" in words and "'s" in words
    assert "well" in words  # ordinary hyphenated words still split as before
    assert "Mushtaq al-Jawari" in {e.text for e in doc.ents}


@pytest.mark.models
def test_entities_on_own_sentences(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(TEXT)
    got = {(e.text, e.label_) for e in doc.ents}
    assert ("Kataeb Hezbollah", "ORG") in got
    assert ("Tower 22", "FAC") in got
    assert ("Baghdad", "GPE") in got
    assert ("Iraqi", "NORP") in got
    assert any(t == "Fuad Hussein" and lab == "PERSON" for t, lab in got)
    assert any("al-Sudani" in t and lab == "PERSON" for t, lab in got)


@pytest.mark.models
def test_mentions_and_sentences_are_stand_off(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(TEXT)
    mentions = entity_mentions(doc, "a1")
    assert mentions
    for m in mentions:
        assert TEXT[m.start : m.end] == m.text
        assert m.article_id == "a1"
    sents = sentences(doc, "a1")
    assert len(sents) >= 3
    for s in sents:
        assert TEXT[s.start : s.end] == s.text and s.text == s.text.strip()
    assert [s.index for s in sents] == list(range(len(sents)))


@pytest.mark.models
def test_tags_and_parse(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The soldiers left the base on Sunday.")
    assert not doc.has_annotation("DEP")  # off by default
    doc = pipeline.parse_doc(nlp, doc)
    assert [t.tag_ for t in doc][:3] == ["DT", "NNS", "VBD"]
    assert doc[2].dep_ == "ROOT" and doc[1].dep_ == "nsubj" and doc[1].head.i == 2
    assert doc[2].pos_ == "VERB"


@pytest.mark.models
def test_parse_spans_parses_only_the_asked_sentences_with_their_offsets(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Residents said the market reopened on Monday.\n"
            "Militants ambushed a patrol near Mosul on Tuesday. Nobody was hurt.")
    doc = nlp(text)
    start = text.index("Militants")
    end = text.index("Tuesday.") + len("Tuesday.")
    (parsed, offset), missing = pipeline.parse_spans(nlp, doc, [(start, end), (3, 3)])
    assert missing is None  # an empty span holds no token
    assert offset == start and parsed.text == text[start:end]
    verb = next(t for t in parsed if t.text == "ambushed")
    assert text[offset + verb.idx : offset + verb.idx + len(verb)] == "ambushed"
    assert {c.text for c in verb.children if c.dep_ == "nsubj"} == {"Militants"}
    assert [(e.text, e.label_) for e in parsed.ents] == [
        (e.text, e.label_) for e in doc.ents if start <= e.start_char < end
    ]
    assert not doc.has_annotation("DEP")  # the article's doc is left as it was


@pytest.mark.models
@pytest.mark.parametrize(("text", "starts"), [
    # an opening quote after a full stop opens the next sentence
    ('The colonel said the road was safe. "We cleared it twice," he added.',
     ["The colonel", '"We cleared']),
    # a sentence ending in an abbreviation, then a closed-class opener
    ("The delegation landed in Washington D.C. The talks begin on Monday.",
     ["The delegation", "The talks"]),
    # ... but an abbreviation inside a name or before a proper noun stays put
    ("U.S. Army engineers and D.C. Council staff met in the U.S. Capitol on Friday.",
     ["U.S. Army"]),
    ("Mr. Hakim arrived at 9 a.m. and left at noon. He spoke to no one.",
     ["Mr. Hakim", "He spoke"]),
])
def test_sentences_from_rules_with_news_fixes(nlp, text: str, starts: list[str]) -> None:  # type: ignore[no-untyped-def]
    got = [s.text for s in nlp(text).sents]
    assert [g[: len(s)] for g, s in zip(got, starts)] == starts and len(got) == len(starts), got


def test_ruler_keeps_longer_model_names_and_drops_leading_the() -> None:
    import spacy
    from spacy.tokens import Span

    nlp = spacy.blank("en")
    doc = nlp("the Kurdistan Democratic Party met in the Gulf .")
    model = [Span(doc, 1, 4, label="ORG")]
    matches = [Span(doc, 1, 2, label="GPE", span_id="Kurdistan"), Span(doc, 6, 8, label="LOC", span_id="Persian Gulf")]
    got = sorted((e.text, e.label_) for e in pipeline.ruler_ents_filter(model, matches))
    assert got == [("Gulf", "LOC"), ("Kurdistan Democratic Party", "ORG")]
    # A match as long as, or longer than, what the model found wins (the model never saw our names).
    model = [Span(doc, 1, 2, label="PER")]
    got = [(e.text, e.label_) for e in pipeline.ruler_ents_filter(model, [Span(doc, 1, 2, label="GPE")])]
    assert got == [("Kurdistan", "GPE")]


def test_vote_gives_a_name_its_majority_label() -> None:
    import spacy
    from spacy.tokens import Span

    nlp = spacy.blank("en")
    doc = nlp("Magna rose . Magna fell . Magna said . Lear and Lear")
    ents = [Span(doc, 0, 1, label="ORG"), Span(doc, 3, 4, label="LOC"), Span(doc, 6, 7, label="ORG"),
            Span(doc, 9, 10, label="ORG"), Span(doc, 11, 12, label="PER")]
    got = [(e.text, e.label_) for e in pipeline.vote_labels(ents)]
    # Two of three say ORG: the odd one is relabelled. A tie (Lear) stays as it was.
    assert got == [("Magna", "ORG"), ("Magna", "ORG"), ("Magna", "ORG"), ("Lear", "ORG"), ("Lear", "PER")]


def test_line_breaks_start_sentences_so_names_stay_on_their_line() -> None:
    import spacy

    nlp = spacy.blank("en")
    doc = pipeline.line_breaks(nlp("IRAQ: TWO KILLED\nBy Sam Ortiz\nBAGHDAD, Jan 4 - A drone struck. Then more."))
    # Exactly the tokens after a line break start a sentence; nothing else is decided here.
    assert [t.text for t in doc if t.is_sent_start] == ["IRAQ", "By", "BAGHDAD"]
    assert next(t for t in doc if t.text == "Then").is_sent_start is None


def test_shipped_weights_are_half_precision_on_disk_and_float32_in_memory() -> None:
    import json

    meta = json.loads((pipeline.ARTIFACT_DIR / "meta.json").read_text("utf-8"))
    assert meta["storydesk"]["weights_dtype"] == "float16"
    nlp = pipeline.load_nlp()
    assert nlp.vocab.vectors.data.dtype == "float32"
    for name in ("tok2vec", "ner", "parser"):
        for node in nlp.get_pipe(name).model.walk():
            for param in node.param_names:
                if node.has_param(param):
                    assert node.get_param(param).dtype == "float32", (name, node.name, param)


def test_loaded_pipeline_holds_blas_to_one_thread() -> None:
    from threadpoolctl import threadpool_info

    from storydesk.nlp.pipeline import load_nlp

    load_nlp()
    blas = [p for p in threadpool_info() if p["user_api"] == "blas"]
    assert blas and all(p["num_threads"] == 1 for p in blas)


_ALLOCATE = """
import resource, sys
import numpy as np
from storydesk.nlp.pipeline import keep_arrays_in_the_heap
if sys.argv[1] == "tuned":
    assert keep_arrays_in_the_heap()
faults = []
for _ in range(5):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    arrays = [np.ones(n * 2**20 // 8) for n in (3, 24, 12, 30, 8)]  # MB, like NER batches
    del arrays
    faults.append(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
print(*faults)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc only")
def test_big_arrays_reuse_heap_memory_instead_of_faulting_it_in_again() -> None:
    def faults(mode: str) -> list[int]:
        out = subprocess.run([sys.executable, "-c", _ALLOCATE, mode], capture_output=True,
                             text=True, check=True).stdout
        return [int(x) for x in out.split()]

    default, tuned = faults("default"), faults("tuned")
    # glibc's defaults unmap and trim the freed arrays, so every round faults ~8 MB in again.
    assert min(default[1:]) > 1000
    # Kept in the heap: the first round faults the memory in, later rounds reuse it.
    assert max(tuned[1:]) < 100, tuned
