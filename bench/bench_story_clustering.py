"""Story clustering: storydesk.link.stories vs a TF-IDF + agglomerative baseline, same run.

Clust-McMs test (event-centric clusters) and WikiRef220 (topic clusters). Both systems are tuned
on the Clust-McMs dev split only (our join threshold; the baseline's distance threshold); test
sets are scored once. Entity overlap uses the shipped annotate stage when it loads; otherwise the
run goes on with text and time only and says so in the notes.

    .venv/bin/python -m bench.bench_story_clustering
"""

from __future__ import annotations

import gzip
import io
import json
import re
import tarfile
import time
from collections.abc import Sequence

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score

from bench.results_io import shared_path, write_result
from storydesk.errors import StorydeskError
from storydesk.link import StoryModel, stories
from storydesk.link.coref_scores import b_cubed, clusters_from_labels
from storydesk.link.stories import article_lead
from storydesk.model import Annotations, Article

NOISE_CLUSTER = 166


def _clust_mcms(split: str) -> tuple[list[Article], list[str]]:
    path = shared_path("data", "mmds2025-event-news-clusters", f"mds_ac_{split}_final.json.gz")
    with gzip.open(path) as fh:
        data = json.load(fh)
    arts, gold = [], []
    for a, c in zip(data["articles"], data["clusters"]):
        text = "\n".join(s["content"] for s in a["sentences"])
        arts.append(Article(id=f"m{a['ID']}", input=str(a["ID"]), title=a.get("title"), text=text))
        # Cluster 166 is the set's bucket of unrelated articles: each is its own story.
        gold.append(f"noise-{a['ID']}" if c == NOISE_CLUSTER else str(c))
    return arts, gold


def _wikiref() -> tuple[list[Article], list[str]]:
    path = shared_path("data", "wikiref220-news-clustering", "WikiRef220.tar.gz")
    arts, gold = [], []
    with tarfile.open(path) as tar:
        for member in sorted(tar.getmembers(), key=lambda m: m.name):
            if not member.isfile() or not member.name.endswith(".txt"):
                continue
            raw = tar.extractfile(member).read().decode("utf-8", "replace")  # type: ignore[union-attr]
            name = member.name.rsplit("/", 1)[-1]
            lines = [ln for ln in io.StringIO(raw).read().splitlines() if ln.strip()]
            title = lines[0].strip() if lines else None
            arts.append(Article(id=f"w{len(arts)}", input=name, title=title, text="\n".join(lines[1:]) or raw))
            gold.append(re.split(r"[ .(]", name, maxsplit=1)[0])
    return arts, gold


def _annotate(arts: Sequence[Article]) -> tuple[dict[str, Annotations], str]:
    """Run the real annotate stage; fall back to none (text-only clustering) if it cannot load."""
    try:
        from storydesk.annotate import annotations
        from storydesk.config import Config

        result = annotations(list(arts), Config())
        return {a.article_id: a for a in result.records}, "annotate stage"
    except (ImportError, StorydeskError) as exc:  # the model may not be trained yet on this checkout
        return {}, f"no annotations ({type(exc).__name__}: {exc})"[:200]


def _scores(gold: Sequence[str], pred: Sequence[str]) -> tuple[float, float]:
    ids = range(len(gold))
    key = clusters_from_labels(dict(zip(ids, gold)))
    resp = clusters_from_labels(dict(zip(ids, pred)))
    return b_cubed(key, resp).f1, adjusted_rand_score(gold, pred)


def _ours(arts: Sequence[Article], anns: dict[str, Annotations], model: StoryModel) -> list[str]:
    found = stories(arts, anns, model=model)
    label = {aid: s.id for s in found for aid in s.article_ids}
    return [label[a.id] for a in arts]


def _baseline(arts: Sequence[Article], distance: float) -> list[str]:
    x = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform([article_lead(a) for a in arts])
    pred = AgglomerativeClustering(
        n_clusters=None, distance_threshold=distance, metric="cosine", linkage="average"
    ).fit_predict(x.toarray())
    return [str(p) for p in pred]


def main() -> None:
    """Tune both systems on Clust-McMs dev, score both test sets; write story_clustering.json."""
    t0 = time.perf_counter()
    dev, dev_gold = _clust_mcms("dev")
    test, test_gold = _clust_mcms("test")
    wiki, wiki_gold = _wikiref()
    anns, how = _annotate([*dev, *test, *wiki])
    best = (-1.0, StoryModel())
    for thr in np.arange(0.15, 0.56, 0.05):
        for w_ent in (0.0, 0.25, 0.5):
            model = StoryModel(threshold=float(thr), w_entity=w_ent)
            f = _scores(dev_gold, _ours(dev, anns, model))[0]
            if f > best[0]:
                best = (f, model)
    # "ours" is what users run: the shipped defaults (StoryModel()). The dev grid's best point
    # is reported beside it, so a default that drifts from the dev optimum shows.
    grid_model = best[1]
    model = StoryModel()
    default_dev = _scores(dev_gold, _ours(dev, anns, model))[0]
    base_best = (-1.0, 0.8)
    for d in np.arange(0.5, 0.99, 0.05):
        f = _scores(dev_gold, _baseline(dev, float(d)))[0]
        if f > base_best[0]:
            base_best = (f, float(d))
    metrics: dict[str, float] = {}
    for name, arts, gold in (("clust_mcms", test, test_gold), ("wikiref220", wiki, wiki_gold)):
        b3, ari = _scores(gold, _ours(arts, anns, model))
        gb3, _ = _scores(gold, _ours(arts, anns, grid_model))
        bb3, bari = _scores(gold, _baseline(arts, base_best[1]))
        metrics.update({f"{name}_b3_f1": b3, f"{name}_ari": ari, f"{name}_grid_best_b3_f1": gb3,
                        f"{name}_baseline_b3_f1": bb3, f"{name}_baseline_ari": bari})
    metrics.update({"dev_b3_f1": default_dev, "grid_best_dev_b3_f1": best[0],
                    "baseline_dev_b3_f1": base_best[0],
                    "threshold": model.threshold, "w_entity": model.w_entity,
                    "grid_best_threshold": grid_model.threshold, "grid_best_w_entity": grid_model.w_entity,
                    "baseline_distance": base_best[1], "seconds": time.perf_counter() - t0})
    write_result(
        "story_clustering",
        metrics,
        command=".venv/bin/python -m bench.bench_story_clustering",
        notes=(
            "Clust-McMs test (426 articles, 103 clusters; the 109 articles of its catch-all cluster 166 "
            "count as singletons, in dev too) and WikiRef220 (220 articles, 16 topics). "
            "ours = storydesk.link.stories with its shipped defaults (online, single pass, blocked "
            "candidates); grid_best = the dev grid's best threshold and entity weight; baseline = "
            "TF-IDF of title+lead + average-link agglomerative (cosine). Both tuned on Clust-McMs "
            f"dev only. No publication dates in these sets. Entities: {how}. "
            "B3 F1 via storydesk.link.coref_scores, ARI via scikit-learn."
        ),
    )


if __name__ == "__main__":
    main()
