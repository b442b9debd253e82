"""Duplicate detection at store scale: rebuild time for 5,000 articles, and copy recall.

Run from the repository root::

    .venv/bin/python -m bench.bench_clean_dedupe

The 5,000 articles are made at run time from sentences of the Multi-News validation sample
(../shared/data/multinews-sample), each a random draw of 20-40 sentences, so lengths and
vocabulary are those of real news while ids are unique. Into that pool go 250 exact copies
(case and punctuation changed) and 250 syndicated copies (an agency intro line, a sentence
dropped, a few words edited). Measured: building the index from scratch (what a run does when
it rebuilds from the store), dumps/loads, and matching every article; copies found, and
originals wrongly matched.
"""

from __future__ import annotations

import ast
import csv
import gzip
import random
import re
import time

from bench.results_io import shared_path, write_result
from storydesk.clean import DuplicateIndex
from storydesk.model import Article, article_id_for

N = 5000
N_EXACT = 250
N_NEAR = 250


def sentence_pool() -> list[str]:
    path = shared_path("data", "multinews-sample", "sample_validation.csv.gz")
    csv.field_size_limit(1 << 30)
    pool: list[str] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            docs = row["documents"]
            try:
                texts = ast.literal_eval(docs)
            except (ValueError, SyntaxError):
                texts = [docs]
            for text in texts:
                pool.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 6)
    return pool


def make_articles(pool: list[str], rng: random.Random) -> list[Article]:
    out: list[Article] = []
    for i in range(N):
        text = " ".join(rng.sample(pool, rng.randint(20, 40)))
        out.append(Article(id=article_id_for(text), input=f"synthetic-{i}", text=text))
    return out


def exact_copy(a: Article) -> Article:
    text = a.text.upper().replace(",", " ,").replace(".", " .")
    return Article(id=article_id_for(text), input=a.input + "-exact", text=text)


def near_copy(a: Article, rng: random.Random) -> Article:
    sentences = re.split(r"(?<=[.!?])\s+", a.text)
    del sentences[rng.randrange(len(sentences))]
    words = " ".join(sentences).split()
    for _ in range(3):
        words[rng.randrange(len(words))] = "edited"
    text = "The following report was distributed by a news agency. " + " ".join(words)
    return Article(id=article_id_for(text), input=a.input + "-near", text=text)


def main() -> None:
    rng = random.Random(20260221)
    pool = sentence_pool()
    originals = make_articles(pool, rng)
    words = sum(len(a.text.split()) for a in originals) / len(originals)

    t0, c0 = time.perf_counter(), time.process_time()
    index = DuplicateIndex(threshold=0.8)
    for a in originals:
        index.add(a)
    build_s, build_cpu = time.perf_counter() - t0, time.process_time() - c0

    t0 = time.perf_counter()
    blob = index.dumps()
    dumps_s = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    loaded = DuplicateIndex.loads(blob)
    loads_s, loads_cpu = time.perf_counter() - t0, time.process_time() - c0

    sources = rng.sample(originals, N_EXACT + N_NEAR)
    exact = [(exact_copy(a), a.id) for a in sources[:N_EXACT]]
    near = [(near_copy(a, rng), a.id) for a in sources[N_EXACT:]]
    t0 = time.perf_counter()
    exact_found = sum(1 for c, src in exact if (m := loaded.match(c)) and m[:2] == (src, "exact"))
    near_hits = [loaded.match(c) for c, _ in near]
    near_found = sum(1 for (c, src), m in zip(near, near_hits) if m and m[0] == src and m[1] == "near")
    # an original queried against the others (itself excluded) must find nothing
    false_matches = 0
    for a in originals[:1000]:
        m = loaded.match(Article(id=a.id, input=a.input, text=a.text + " "))
        if m is not None and m[0] != a.id:
            false_matches += 1
    match_s = time.perf_counter() - t0
    queries = len(exact) + len(near) + 1000
    sims = sorted(m[2] for m in near_hits if m)
    print(f"{N} articles (mean {words:.0f} words): build {build_s:.2f}s ({build_cpu:.2f}s CPU), dumps {dumps_s:.3f}s "
          f"({len(blob) / 1e6:.1f} MB), loads {loads_s:.2f}s, {queries / match_s:.0f} matches/s")
    print(f"exact copies found {exact_found}/{N_EXACT}, near copies found {near_found}/{N_NEAR} "
          f"(similarity min {sims[0] if sims else 0}), false matches {false_matches}/1000")
    write_result(
        "clean_dedupe",
        {
            "articles": N,
            "build_seconds": build_s,
            "build_cpu_seconds": build_cpu,
            "build_articles_per_s": N / build_s,
            "build_articles_per_cpu_s": N / build_cpu,
            "dumps_seconds": dumps_s,
            "loads_seconds": loads_s,
            "loads_cpu_seconds": loads_cpu,
            "serialised_mb": len(blob) / 1e6,
            "match_per_s": queries / match_s,
            "exact_recall": exact_found / N_EXACT,
            "near_recall": near_found / N_NEAR,
            "false_match_rate": false_matches / 1000,
        },
        command="python -m bench.bench_clean_dedupe",
        floors={"exact_recall": 1.0, "near_recall": 0.95},
        notes="Synthetic articles from Multi-News validation sentences (20-40 sentences each); "
        "threshold 0.8 on estimated Jaccard of word 3-shingles, 128 permutations; one process. "
        "Wall-clock times depend on how busy the shared machine is; *_cpu_* are this process's CPU time.",
    )


if __name__ == "__main__":
    main()
