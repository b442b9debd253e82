"""Coverage-guided fuzzing (atheris/libFuzzer) of the parsers and stages, time-bounded.

Each target runs in its own process for ``--seconds`` with storydesk instrumented; any exception
other than a coded rejection is a crash and libFuzzer saves the input under ``--artifacts``.
Needs the fuzz extra (``pip install 'storydesk[fuzz]'``). Run from the repository root::

    .venv/bin/python -m bench.fuzz_atheris [--seconds 60] [--targets ingest,clean,...]
"""

from __future__ import annotations

import argparse
import io
import re
import subprocess
import sys
import tempfile
from pathlib import Path

TARGETS = ("ingest", "clean", "feed", "json", "dates", "events")
CONTENT_TYPES = ("text/plain", "text/html", "application/json", "text/markdown", "text/html; charset=utf-16",
                 "text/plain; charset=latin-1", "application/xhtml+xml", "")


def _target(name: str):  # type: ignore[no-untyped-def]
    """Import storydesk instrumented and return the one-input function of target ``name``."""
    import atheris

    with atheris.instrument_imports(include=["storydesk"]):
        from storydesk import clean
        from storydesk.annotate import dates, events, figures
        from storydesk.config import Config
        from storydesk.errors import RejectedInput
        from storydesk.ingest import documents
        from storydesk.ingest.feeds import parse_feed
        from storydesk.ingest.records import record_document, records
        from storydesk.model import Article, RawDocument, Sentence

    config = Config().replace(min_chars=20, max_bytes=200_000, fetch_timeout=0.2, fetch_retries=0)

    def sentences(aid: str, text: str) -> list[Sentence]:
        out = []
        for m in re.finditer(r"[^.\n]+", text):
            if m.group().strip():
                out.append(Sentence(article_id=aid, start=m.start(), end=m.end(), text=m.group(), index=len(out)))
        return out

    def ingest(data: bytes) -> None:
        docs = [d for d in documents(["-"], config, stdin=io.BytesIO(data)) if isinstance(d, RawDocument)]
        result = clean.articles(docs, config)
        if any(r.code == "CLEAN-005" for r in result.rejected):
            raise RuntimeError(result.rejected)

    def clean_one(data: bytes) -> None:
        fdp = atheris.FuzzedDataProvider(data)
        ctype = CONTENT_TYPES[fdp.ConsumeIntInRange(0, len(CONTENT_TYPES) - 1)]
        meta = {"published": fdp.ConsumeUnicodeNoSurrogates(12), "title": fdp.ConsumeUnicodeNoSurrogates(20)}
        doc = RawDocument(input="fuzz", content=fdp.ConsumeBytes(fdp.remaining_bytes()), content_type=ctype, metadata=meta)
        result = clean.articles([doc], config)
        if any(r.code == "CLEAN-005" for r in result.rejected):
            raise RuntimeError(result.rejected)

    def feed(data: bytes) -> None:
        try:
            parse_feed(data)
        except RejectedInput:
            pass

    def json_records(data: bytes) -> None:
        try:
            for sub, record in records(data, "fuzz.json", 200_000):
                try:
                    record_document(record, sub, 200_000)
                except RejectedInput:
                    pass
        except RejectedInput:
            pass

    def date_finder(data: bytes) -> None:
        fdp = atheris.FuzzedDataProvider(data)
        pub = fdp.ConsumeUnicodeNoSurrogates(12) if fdp.ConsumeBool() else None
        text = fdp.ConsumeUnicodeNoSurrogates(2000)
        for d in dates.find_dates(text, "a1", pub, include_durations=True):
            if text[d.start : d.end] != d.text:
                raise AssertionError(d)

    def event_finders(data: bytes) -> None:
        fdp = atheris.FuzzedDataProvider(data)
        pub = ("2024-01-31", "0001-01-01", "9999-12-31", None)[fdp.ConsumeIntInRange(0, 3)]
        text = fdp.ConsumeUnicodeNoSurrogates(2000)
        art = Article(id="a1", input="fuzz", text=text, published=pub)
        found = dates.find_dates(text, "a1", pub)
        sents = sentences("a1", text)
        for rec in (*events.find_events(art, sents, (), found, None), *figures.find_figures(art, sents, (), found)):
            if text[rec.start : rec.end] != rec.text:
                raise AssertionError(rec)

    return {"ingest": ingest, "clean": clean_one, "feed": feed, "json": json_records,
            "dates": date_finder, "events": event_finders}[name]


def child(name: str, seconds: int, artifacts: str) -> None:
    """Fuzz one target in this process until libFuzzer's time limit ends it."""
    import atheris

    one = _target(name)
    atheris.Setup(
        [sys.argv[0], f"-max_total_time={seconds}", "-timeout=30", "-rss_limit_mb=3000",
         f"-artifact_prefix={artifacts}/{name}-", "-print_final_stats=1"],
        one,
    )
    atheris.Fuzz()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60, help="time per target")
    parser.add_argument("--targets", default=",".join(TARGETS))
    parser.add_argument("--artifacts", default=None, help="where crashing inputs are saved")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.seconds, args.artifacts)
        return
    from bench.results_io import ROOT, write_result

    artifacts = Path(args.artifacts or tempfile.mkdtemp(prefix="storydesk-fuzz-"))
    artifacts.mkdir(parents=True, exist_ok=True)
    metrics: dict[str, float] = {}
    details: dict[str, dict] = {}
    crashed = 0
    targets = [t for t in args.targets.split(",") if t]
    for name in targets:
        proc = subprocess.run(
            [sys.executable, "-m", "bench.fuzz_atheris", "--child", name, "--seconds", str(args.seconds),
             "--artifacts", str(artifacts)],
            cwd=ROOT, capture_output=True, text=True, timeout=args.seconds * 4 + 300, check=False,
        )
        runs = re.findall(r"stat::number_of_executed_units:\s*(\d+)", proc.stderr)
        runs = runs or re.findall(r"Done (\d+) runs", proc.stderr)
        crashes = sorted(p.name for p in artifacts.glob(f"{name}-*"))
        ok = proc.returncode == 0 and not crashes
        crashed += not ok
        metrics[f"{name}_inputs"] = int(runs[-1]) if runs else 0
        metrics[f"{name}_crashes"] = len(crashes) + (0 if proc.returncode == 0 or crashes else 1)
        details[name] = {"returncode": proc.returncode, "crash_files": crashes,
                         "tail": proc.stderr[-1500:] if not ok else ""}
        print(f"{name}: {metrics[f'{name}_inputs']:.0f} inputs, {'ok' if ok else 'CRASH'}", flush=True)
    metrics["inputs"] = sum(v for k, v in metrics.items() if k.endswith("_inputs"))
    metrics["targets_crash_free"] = (len(targets) - crashed) / len(targets)
    write_result(
        "fuzz_atheris",
        metrics,
        command=f"python -m bench.fuzz_atheris --seconds {args.seconds} --targets {','.join(targets)}",
        notes=f"atheris {_atheris_version()} (libFuzzer), storydesk instrumented, {args.seconds} s per target "
        "on a shared 2-core machine; crashes = inputs saved by libFuzzer",
        floors={"targets_crash_free": 1.0},
        details=details,
    )


def _atheris_version() -> str:
    from importlib.metadata import version

    return version("atheris")


if __name__ == "__main__":
    main()
