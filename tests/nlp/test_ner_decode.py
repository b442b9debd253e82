"""storydesk's greedy NER decoder finds exactly the entities spaCy's own decoder finds."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.tokens import Doc, DocBin, Span

from storydesk.nlp import pipeline
from storydesk.nlp.ner_decode import GreedyNER

pytestmark = pytest.mark.models

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "euphrates-drone-strikes" / "text"

# Written for these tests: names at the very end, across line breaks, beside spaces and quotes.
EDGE_TEXTS = [
    "",
    "Baghdad",
    "Talks in Geneva",
    "   \n\n  ",
    "Officials in Erbil said Kataeb Hezbollah fired at Ain al-Asad\nAir Base on Tuesday.",
    'The envoy, Lina Haddad, told Reuters: "We met Fuad Hussein and Masrour Barzani."',
    "HARIR, Iraq (Gulf Ledger) -\nA drone struck near the Euphrates River  at dawn, said U.S. Central Command",
    "New York  Times  reporter \t Sami Nasser met the United Nations Security Council envoy",
]


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return pipeline.load_nlp()


def _pre_ner(nlp, texts: list[str]) -> list[Doc]:  # type: ignore[no-untyped-def]
    before = nlp.pipe_names[: nlp.pipe_names.index("storydesk_ner")]
    with nlp.select_pipes(enable=before):
        return list(nlp.pipe(texts))


def _copies(docs: list[Doc]) -> list[Doc]:
    return list(DocBin(docs=docs).get_docs(docs[0].vocab))


def _ents(docs: list[Doc]) -> list[list[tuple[int, int, str]]]:
    return [[(e.start, e.end, e.label_) for e in d.ents] for d in docs]


def _texts() -> list[str]:
    articles = [p.read_text("utf-8") for p in sorted(EXAMPLE.glob("*.txt"))]
    paragraphs = [p for a in articles for p in a.split("\n\n") if p.strip()]
    return EDGE_TEXTS + articles + paragraphs


def test_greedy_decoder_is_the_loaded_ner(nlp) -> None:  # type: ignore[no-untyped-def]
    decoder = nlp.get_pipe("storydesk_ner")
    assert isinstance(decoder, GreedyNER) and decoder.supported
    assert decoder.ner is nlp.get_pipe("ner") and "ner" in nlp.disabled


@pytest.mark.parametrize("batch_size", [1, 3, 32])
def test_same_entities_as_spacy(nlp, batch_size: int) -> None:  # type: ignore[no-untyped-def]
    docs = _pre_ner(nlp, _texts())
    spacy_ner, greedy = nlp.get_pipe("ner"), nlp.get_pipe("storydesk_ner")
    expected = _ents(list(spacy_ner.pipe(_copies(docs), batch_size=batch_size)))
    got = _ents(list(greedy.pipe(_copies(docs), batch_size=batch_size)))
    assert got == expected
    assert sum(map(len, got)) > 50  # the example story is full of names
    # Every token outside an entity is marked O, as spaCy's NER leaves it.
    one = greedy(_copies(docs[4:5])[0])
    assert all(t.ent_iob_ in ("B", "I", "O") for t in one)


def test_single_doc_call_matches_spacy(nlp) -> None:  # type: ignore[no-untyped-def]
    docs = _pre_ner(nlp, EDGE_TEXTS)
    for ref, new in zip(_copies(docs), _copies(docs)):
        assert _ents([nlp.get_pipe("storydesk_ner")(new)]) == _ents([nlp.get_pipe("ner")(ref)])


def test_preset_entities_go_to_spacy(nlp) -> None:  # type: ignore[no-untyped-def]
    (doc,) = _pre_ner(nlp, ["Mosul and Kirkuk lie north of Baghdad."])
    doc.set_ents([Span(doc, 0, 1, label="ORG")], default="missing")
    ref, new = _copies([doc, doc])
    assert _ents([nlp.get_pipe("storydesk_ner")(new)]) == _ents([nlp.get_pipe("ner")(ref)])
    assert ("Mosul", "ORG") in {(e.text, e.label_) for e in new.ents}  # the preset is kept


def test_unsupported_model_falls_back_to_spacy() -> None:
    class Stub:
        def __init__(self) -> None:
            self.cfg = {"beam_width": 4}
            self.model = None

        def pipe(self, docs, batch_size):  # type: ignore[no-untyped-def]
            return (d for d in docs)

    decoder = GreedyNER(Stub())
    assert not decoder.supported
    assert list(decoder.pipe(["a", "b"], batch_size=2)) == ["a", "b"]
