"""Tests for the ONNX sentence embedder: loading, shapes, normalisation, fidelity to fp32."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from storydesk.errors import ModelMissing
from storydesk.nlp import embed
from storydesk.nlp.embed import EMBED_DIM, Embedder, artifact_dir, load_embedder

_HAVE_MODEL = (artifact_dir() / "model.onnx").is_file()
needs_model = pytest.mark.skipif(not _HAVE_MODEL, reason="embedding artifact not built")


def test_missing_artifact_raises_model_missing(tmp_path: Path) -> None:
    with pytest.raises(ModelMissing, match="export_embeddings"):
        Embedder(tmp_path)


def test_corrupt_artifact_raises_model_missing(tmp_path: Path) -> None:
    (tmp_path / "model.onnx").write_bytes(b"not an onnx graph")
    (tmp_path / "tokenizer.json").write_text("{}")
    with pytest.raises(ModelMissing):
        Embedder(tmp_path)


def test_version_is_a_nonempty_string() -> None:
    assert isinstance(embed.EMBED_VERSION, str) and embed.EMBED_VERSION


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    if not _HAVE_MODEL:
        pytest.skip("embedding artifact not built: run python -m training.export_embeddings")
    return load_embedder()


@pytest.mark.models
def test_load_is_cached(embedder: Embedder) -> None:
    assert load_embedder() is embedder


@pytest.mark.models
def test_encode_shape_dtype_and_unit_norm(embedder: Embedder) -> None:
    texts = ["A drone hit the outpost at night.", "", "x" * 5000, "Troops will leave next year."]
    vecs = embedder.encode(texts)
    assert vecs.shape == (4, EMBED_DIM) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert np.isfinite(vecs).all()


@pytest.mark.models
def test_encode_empty_sequence(embedder: Embedder) -> None:
    assert embedder.encode([]).shape == (0, EMBED_DIM)


@pytest.mark.models
def test_encode_rejects_a_bare_string(embedder: Embedder) -> None:
    with pytest.raises(TypeError):
        embedder.encode("one sentence")  # type: ignore[arg-type]


@pytest.mark.models
def test_order_is_kept_whatever_the_batching(embedder: Embedder) -> None:
    texts = [
        "Short one.",
        "A much longer sentence about rockets fired at an air base in the desert overnight.",
        "Medium length sentence on talks.",
        "The parliament voted.",
    ]
    whole = embedder.encode(texts, batch_size=64)
    single = np.vstack([embedder.encode([t]) for t in texts])
    # Activations are quantized per batch (dynamic int8), so batch company shifts a vector
    # slightly (measured cosine >= 0.978 between batchings), never its meaning.
    assert ((whole * single).sum(axis=1) > 0.96).all()
    assert (whole @ single.T).argmax(axis=1).tolist() == [0, 1, 2, 3]


@pytest.mark.models
def test_same_batch_gives_identical_vectors(embedder: Embedder) -> None:
    texts = ["The convoy was ambushed on the highway.", "Talks resumed on Monday."]
    assert np.array_equal(embedder.encode(texts), embedder.encode(texts))


@pytest.mark.models
def test_close_to_fp32_reference(embedder: Embedder) -> None:
    from training.export_embeddings_checks import REFERENCE_SENTENCES

    ref = np.load(artifact_dir() / "reference_fp32.npy")
    vecs = embedder.encode(list(REFERENCE_SENTENCES))
    cos = (vecs * ref).sum(axis=1)
    assert cos.mean() > 0.98 and cos.min() > 0.95


@pytest.mark.models
def test_paraphrase_beats_unrelated(embedder: Embedder) -> None:
    a, b, c = embedder.encode(
        [
            "Three soldiers died when a drone struck the base.",
            "A drone attack on the base killed three troops.",
            "The bakery sells fresh bread every morning.",
        ]
    )
    assert float(a @ b) > float(a @ c) + 0.3


def test_shipped_artifact_is_small() -> None:
    if not _HAVE_MODEL:
        pytest.skip("embedding artifact not built")
    total = sum(p.stat().st_size for p in artifact_dir().iterdir() if p.is_file())
    assert total < 30 * 1024 * 1024


@pytest.mark.models
def test_copy_of_artifact_loads(tmp_path: Path) -> None:
    if not _HAVE_MODEL:
        pytest.skip("embedding artifact not built")
    for name in ("model.onnx", "tokenizer.json"):
        shutil.copy2(artifact_dir() / name, tmp_path / name)
    emb = Embedder(tmp_path, threads=1)
    assert emb.encode(["hello"]).shape == (1, EMBED_DIM)
