"""Score the whole pipeline against the bundled example story's answer key (expected.json).

    python -m bench.bench_example_story

Runs ``storydesk brief`` on ``examples/euphrates-drone-strikes/text`` and ``html`` into a fresh
store, then checks the brief and the store against the key written with the story: chrome
removed and content kept, the syndicated copy collapsed, each real event reported once with its
sources, the recorded contradictions, the entity spellings that are one entity (and the look-alikes
that are not), the figures with their corroboration, dates with their values, and places with
coordinates. The story and its key are ours (fictional, written for storydesk), so this gate can
be read and tuned on freely; it is not a substitute for the external benchmarks.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

from .results_io import ROOT, write_result

EXAMPLE = ROOT / "examples" / "euphrates-drone-strikes"


def _nn(path: str) -> str | None:
    m = re.search(r"(\d\d)-[\w-]+\.(?:txt|html)$", path)
    return m.group(1) if m else None


def _day(value: str | None) -> date | None:
    if not value or not re.match(r"\d{4}-\d\d-\d\d", value):
        return None
    return date.fromisoformat(value[:10])


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.casefold()).strip()


def main() -> None:
    from storydesk.config import load_config
    from storydesk.pipeline import run_brief
    from storydesk.store import open_store

    key = json.loads((EXAMPLE / "expected.json").read_text("utf-8"))
    details: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        config = load_config(db=str(Path(tmp) / "s.db"), formats=("json",))
        t0 = time.perf_counter()
        with open_store(config.db) as store:
            run_brief([str(EXAMPLE / "text"), str(EXAMPLE / "html")], store, config, out)
            seconds = time.perf_counter() - t0
            articles = {a.id: a for a in store.articles()}
            copies = store.copies()
            annotations = store.get_annotations()
        brief = json.loads((out / "brief.json").read_text("utf-8"))

    nn_to_id: dict[str, str] = {}
    for c in copies:
        if (nn := _nn(c.input)) is not None:
            nn_to_id[nn] = c.article_id
    id_to_nns: dict[str, set[str]] = defaultdict(set)
    for nn, aid in nn_to_id.items():
        id_to_nns[aid].add(nn)
    metrics: dict[str, float] = {"seconds": seconds}

    # ---- articles: chrome removed, content kept, the copy collapsed
    removed_ok = removed_total = 0
    for art in key["articles"]:
        aid = nn_to_id.get(art["id"])
        a = articles.get(aid) if aid else None
        if a is None or art.get("duplicate_of"):
            continue
        text_lines = {ln.strip() for ln in a.text.splitlines()}
        for chrome in art["chrome_lines"]:
            removed_total += 1
            removed_ok += chrome["text"].strip() not in text_lines
    metrics["chrome_removed"] = removed_ok / max(1, removed_total)
    dup = key["duplicates"][0]
    metrics["syndicated_copy_collapsed"] = float(nn_to_id.get(dup["copy"]) == nn_to_id.get(dup["original"]))
    metrics["articles_stored"] = len(articles)

    story = max(brief["stories"], key=lambda s: len(s["sources"]))
    metrics["stories"] = len(brief["stories"])

    # ---- events: each real event once, with its sources
    events = [e for st in brief["stories"] for e in st["events"]]
    current = [e for e in events if not set(e.get("context") or []) & {"historical", "future", "hypothetical", "negated"}]
    matched = 0
    fragments = []
    conflicts_found = 0
    event_details = []
    by_event_id: dict[str, dict] = {}
    for exp in key["events"]:
        exp_ids = {nn_to_id[n] for n in exp["sources"] if n in nn_to_id}
        exp_day = _day(exp["date"])
        candidates = []
        for e in current:
            srcs = set(e.get("sources") or [])
            d = _day(e.get("date"))
            if not srcs & exp_ids or d is None or exp_day is None or abs((d - exp_day).days) > 2:
                continue
            candidates.append((len(srcs & exp_ids), e))
        fragments.append(len(candidates))
        best = max(candidates, key=lambda c: c[0])[1] if candidates else None
        ok = best is not None and len(set(best["sources"]) & exp_ids) >= max(1, len(exp_ids) // 2)
        matched += ok
        if best is not None:
            by_event_id[exp["id"]] = best
        event_details.append(
            {"event": exp["id"], "what": exp["what"], "matched": ok, "fragments": len(candidates),
             "sources_expected": len(exp_ids), "sources_found": len(set(best["sources"]) & exp_ids) if best else 0}
        )
    metrics["event_recall"] = matched / len(key["events"])
    metrics["event_reports_per_real_event"] = sum(fragments) / max(1, len([f for f in fragments if f]))
    metrics["current_events_in_brief"] = len(current)
    metrics["event_overcount"] = len(current) / len(key["events"])
    details["events"] = event_details

    # ---- contradictions
    conflict_details = []
    for c in key["contradictions"]:
        e = by_event_id.get(c["event"])
        attr = c["attribute"]
        found = False
        if e is not None:
            for conf in e.get("conflicts") or []:
                if conf["attribute"] in (attr, attr.replace(" ", "_"), "victims" if attr == "victim" else attr):
                    found = len(conf["values"]) >= 2
        conflicts_found += found
        conflict_details.append({"conflict": c["id"], "attribute": attr, "found": found})
    metrics["contradiction_recall"] = conflicts_found / len(key["contradictions"])
    details["contradictions"] = conflict_details

    # ---- entities: the spellings of one entity land in one entity; look-alikes stay apart
    alias_to_entity: dict[str, set[str]] = defaultdict(set)
    for st in brief["stories"]:
        for ent in st["entities"]:
            for alias in [ent["name"], *ent.get("aliases", [])]:
                alias_to_entity[_fold(alias)].add(ent["id"])
    together = total_pairs = 0
    entity_details = []
    for ent in key["entities"]:
        spellings = [s for s in ent["aliases"] if _fold(s) in alias_to_entity]
        ids = [alias_to_entity[_fold(s)] for s in ent["aliases"]]
        found = [i for i in ids if i]
        pairs = ok_pairs = 0
        for i in range(len(ids)):
            for j in range(i + 1, len(ids)):
                pairs += 1
                ok_pairs += bool(ids[i] & ids[j])
        together += ok_pairs
        total_pairs += pairs
        entity_details.append(
            {"entity": ent["name"], "spellings": len(ent["aliases"]), "found": len(found), "pairs_together": f"{ok_pairs}/{pairs}",
             "missing": [s for s in ent["aliases"] if _fold(s) not in alias_to_entity]}
        )
    metrics["alias_pairs_merged"] = together / max(1, total_pairs)
    apart = 0
    for d in key["distinct_entities"]:
        a, b = alias_to_entity.get(_fold(d["a"]), set()), alias_to_entity.get(_fold(d["b"]), set())
        apart += not (a & b)
    metrics["look_alikes_kept_apart"] = apart / len(key["distinct_entities"])
    details["entities"] = entity_details

    # ---- figures: value found with its corroboration
    fig_ok = 0
    fig_details = []
    for f in key["figures"]:
        exp_ids = {nn_to_id[n] for n in f["sources"] if n in nn_to_id}
        best = None
        for g in story["figures"]:
            if abs(float(g["value"]) - float(f["value"])) < 1e-6:
                overlap = len(set(g["sources"]) & exp_ids)
                if best is None or overlap > best[0]:
                    best = (overlap, g)
        ok = best is not None and best[0] == len(exp_ids) and len(best[1]["sources"]) == len(exp_ids)
        fig_ok += ok
        fig_details.append({"figure": f["id"], "value": f["value"], "sources_expected": len(exp_ids),
                            "sources_found": best[0] if best else 0, "exact": ok})
    metrics["figure_corroboration_exact"] = fig_ok / len(key["figures"])
    metrics["figures_in_brief"] = len(story["figures"])
    details["figures"] = fig_details

    # ---- dates: expected spans found with the right value
    found_dates = right_dates = 0
    for d in key["dates"]:
        aid = nn_to_id.get(d["article"])
        ann = annotations.get(aid) if aid else None
        if ann is None or d.get("optional"):
            continue
        hits = [x for x in ann.dates if d["text"] in x.text or x.text in d["text"]]
        found_dates += bool(hits)
        right_dates += any(x.value == d["value"] or x.value.startswith(d["value"]) for x in hits)
    n_dates = len([d for d in key["dates"] if not d.get("optional")])
    metrics["dates_found"] = found_dates / max(1, n_dates)
    metrics["dates_value_correct"] = right_dates / max(1, n_dates)

    # ---- places: geocoded within the key's tolerance
    located = 0
    for p in key["places"]:
        best = None
        for ent in story["entities"]:
            names = {_fold(n) for n in [ent["name"], *ent.get("aliases", [])]}
            if names & {_fold(a) for a in p["aliases"]} and ent.get("location"):
                best = ent["location"]
        if best and best.get("lat") is not None:
            located += abs(best["lat"] - p["lat"]) <= 0.25 and abs(best["lon"] - p["lon"]) <= 0.25
    metrics["places_geocoded"] = located / len(key["places"])

    # ---- every citation resolves
    cits = bad = 0

    def walk(node: object) -> None:
        nonlocal cits, bad
        if isinstance(node, dict):
            if {"article_id", "start", "end", "text"} <= node.keys():
                cits += 1
                bad += articles[node["article_id"]].text[node["start"] : node["end"]] != node["text"]
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(brief)
    metrics["citations"] = cits
    metrics["citations_resolving"] = (cits - bad) / max(1, cits)

    for name, rows in details.items():
        print(f"\n{name}:", file=sys.stderr)
        for row in rows:
            print("  " + json.dumps(row), file=sys.stderr)
    write_result(
        "example_story",
        metrics,
        command="python -m bench.bench_example_story",
        notes=(
            "The whole pipeline on the bundled fictional example story (text and HTML copies, 22 "
            "inputs), scored against its answer key examples/euphrates-drone-strikes/expected.json."
        ),
        floors={"citations_resolving": 1.0, "chrome_removed": 0.95, "syndicated_copy_collapsed": 1.0},
        details=details,
    )


if __name__ == "__main__":
    main()
