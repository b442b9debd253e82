"""Generate a corpus of hostile input files (never committed: built fresh by each test or bench).

Each file comes with what a safe outcome is: a rejection with one of the given codes, or an
article whose text passes a check. The good articles written next to them must all come through.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.test_ingest_pipeline import write_articles

#: Right-to-left override, left-to-right override, isolates: characters that reorder display.
BIDI = "\u202e\u202d\u2066\u2067\u2068\u2069"
MB = 1024 * 1024


def deep_json(depth: int) -> bytes:
    """Return a JSON array nested ``depth`` levels deep."""
    return b"[" * depth + b"]" * depth


def billion_laughs_feed(levels: int = 9) -> bytes:
    """Return an RSS feed whose title expands to 10**levels "lol"s through nested entities."""
    ents = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, levels + 1)
    ]
    top = f"&lol{levels};"
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [{"".join(ents)}]><rss version="2.0"><channel>'
        f"<title>{top}</title><item><title>{top}</title><description>{top}</description>"
        f"<guid>x1</guid></item></channel></rss>"
    ).encode()


def _gzip_bomb(path: Path, size: int) -> None:
    """Write ``size`` bytes of zeros gzipped (about 1000:1) without holding them in memory."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * MB
    with path.open("wb") as fh:
        for _ in range(size // MB):
            fh.write(comp.compress(block))
        fh.write(comp.flush())


def _zip_bomb(path: Path, size: int) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf, zf.open("inner.txt", "w") as fh:
        block = b"A" * MB
        for _ in range(size // MB):
            fh.write(block)


def _scripted_html() -> bytes:
    body = "".join(
        f"<p onclick=\"alert({i})\">The harbour authority said repairs on pier {i} would finish "
        f"within weeks, and that ferries would run on the usual timetable meanwhile.</p>"
        f"<script>document.write('<img src=x onerror=alert({i})>')</script>"
        f"<iframe src=\"javascript:alert({i})\"></iframe>"
        for i in range(12)
    )
    return (
        "<!doctype html><html><head><title>Harbour repairs</title>"
        "<script>fetch('http://169.254.169.254/latest/meta-data/')</script>"
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\"></head>"
        f"<body onload=\"alert('x')\"><article><h1>Harbour repairs</h1>{body}</article>"
        "<svg onload=alert(2)><script>alert(3)</script></svg><object data=\"evil.swf\"></object>"
        "</body></html>"
    ).encode()


_SCRIPT_MARKERS = ("<script", "alert(", "onerror", "onclick", "onload", "javascript:", "<iframe")


def _no_script(text: str) -> bool:
    low = text.lower()
    return "harbour authority" in low and not any(m in low for m in _SCRIPT_MARKERS)


@dataclass(frozen=True)
class Hostile:
    """One hostile file and what counts as a safe outcome for it."""

    name: str
    codes: frozenset[str] = frozenset()  # rejection codes that are fine
    article_ok: Callable[[str], bool] | None = None  # when an article is fine: a check on its text
    inputs: tuple[str, ...] = ()  # sub-inputs (``name#n``) expected, for JSONL files
    notes: str = ""


@dataclass
class Corpus:
    folder: Path
    hostile: list[Hostile] = field(default_factory=list)
    good: list[str] = field(default_factory=list)  # file names (or name#n) of good articles


def build(folder: Path, *, big: bool = True, n_good: int = 6, seed: int = 3) -> Corpus:
    """Write the hostile files and ``n_good`` good articles into ``folder``.

    ``big`` adds the files that cost disk and time (50 MB text, 10 MB line, bombs of 100 MB+).
    """
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    corpus = Corpus(folder)
    good = write_articles(folder, n_good, seed=seed)
    corpus.good += [p.name for p in good]
    add = corpus.hostile.append

    def put(name: str, data: bytes, **expect: object) -> None:
        (folder / name).write_bytes(data)
        add(Hostile(name=name, **expect))  # type: ignore[arg-type]

    put("random.txt", rng.randbytes(200_000), codes=frozenset({"INGEST-002", "INGEST-011", "CLEAN-003"}))
    put("elf.txt", b"\x7fELF\x02\x01\x01" + rng.randbytes(4000), codes=frozenset({"INGEST-002"}))
    put("nul-head.txt", b"Plain words\x00\x00\x00" * 500, codes=frozenset({"INGEST-002", "CLEAN-003"}))
    put(
        "nul-sprinkled.txt",
        # NULs past the first 8 kB that ingest sniffs, so clean has to deal with them
        b"The ministry announced a new road between two towns on Monday. " * 150 + b"Mon\x00day\x00\x00. " * 3,
        codes=frozenset({"CLEAN-003"}),
        article_ok=lambda t: "\x00" not in t and "ministry" in t,
    )
    put(
        "invalid-utf8.txt",
        b"Caf\xe9 au lait \xff\xfe\xfd costs more; " * 60 + b"\xc3\x28\xa0\xa1\xe2\x28\xa1" * 200,
        codes=frozenset({"INGEST-011", "CLEAN-003", "CLEAN-002"}),
        article_ok=lambda t: "\ufffd" not in t or t.count("\ufffd") / len(t) < 0.02,
    )
    put(
        "bidi.txt",
        ("\u202eevil.exe\u202c " + "The council reported that the water project was on time. " * 10 + BIDI).encode(),
        codes=frozenset(),
        article_ok=lambda t: "water project" in t,
        notes="kept as text: bidi controls are data; renderers must isolate them",
    )
    put("controls.txt", bytes(range(1, 32)) * 300, codes=frozenset({"INGEST-002", "CLEAN-003", "CLEAN-002"}))
    put("deep.json", deep_json(100_000), codes=frozenset({"INGEST-006"}))
    (folder / "deep.jsonl").write_bytes(deep_json(100_000) + b"\n")
    add(Hostile(name="deep.jsonl#1", codes=frozenset({"INGEST-006"})))
    # a JSONL export with a broken line in the middle: the lines around it still count
    lines = [
        json.dumps({"title": f"Record {i}", "text": f"Record {i}: " + "The mayor opened a new library branch. " * 12 + f"(id {i})"})
        for i in range(5)
    ]
    lines.insert(2, '{"title": "broken", "text": "unterminated')
    (folder / "export.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    add(Hostile(name="export.jsonl#3", codes=frozenset({"INGEST-006"})))
    corpus.good += [f"export.jsonl#{n}" for n in (1, 2, 4, 5, 6)]
    put("laughs.rss", billion_laughs_feed(), codes=frozenset({"INGEST-006"}))
    put("laughs.xml", billion_laughs_feed(), codes=frozenset({"INGEST-006"}))
    put(
        "scripts.html",
        _scripted_html(),
        codes=frozenset(),
        article_ok=_no_script,
    )
    put(
        "nested.html",
        b"<html><body>" + b"<div>" * 100_000 + b"Deep text about a bridge. " * 40 + b"</div>" * 100_000 + b"</body></html>",
        codes=frozenset({"CLEAN-001", "CLEAN-002"}),
        article_ok=lambda t: "bridge" in t and "<div" not in t,
    )
    put(
        "unclosed.html",
        b"<html><body>" + b"<div><p><b><i><span>" * 20_000 + b"A sentence about the port. " * 40,
        codes=frozenset({"CLEAN-001", "CLEAN-002"}),
        article_ok=lambda t: "port" in t and "<span" not in t,
    )
    put("longword.txt", b"A" * 2_000_000 + b" and then some words about nothing.", codes=frozenset({"CLEAN-002"}),
        article_ok=lambda t: len(t) > 0)
    put("newlines.txt", b"x\n" * 2_000_000, codes=frozenset({"CLEAN-004"}))
    _zip_bomb(folder / "zip-bomb.txt", 64 * MB if big else 2 * MB)  # a zip under a .txt name
    add(Hostile(name="zip-bomb.txt", codes=frozenset({"INGEST-002"})))
    _zip_bomb(folder / "archive.zip", 2 * MB)
    add(Hostile(name="archive.zip", codes=frozenset({"INGEST-002"})))
    (folder / "small-bomb.txt.gz").write_bytes(gzip.compress(b"\0" * 2 * MB))
    add(Hostile(name="small-bomb.txt.gz", codes=frozenset({"INGEST-002", "CLEAN-003", "INGEST-010"})))
    if big:
        _gzip_bomb(folder / "gzip-bomb.txt", 1024 * MB)  # 1 GB of zeros in about 1 MB
        add(Hostile(name="gzip-bomb.txt", codes=frozenset({"INGEST-010"})))
        with (folder / "big50.txt").open("wb") as fh:  # 50 MB of real text, not a sparse file
            block = b"The committee discussed the harbour budget again today. " * 1000
            while fh.tell() < 50 * MB:
                fh.write(block)
        add(Hostile(name="big50.txt", codes=frozenset({"INGEST-004"})))
        line = b"The port reopened and the ferries ran again as planned " * (10 * MB // 55)
        (folder / "oneline.txt").write_bytes(line)  # ~10 MB, no newline at all
        add(Hostile(name="oneline.txt", codes=frozenset({"CLEAN-002"}), article_ok=lambda t: "ferries" in t))
    os.symlink(folder / "loop", folder / "loop")
    add(Hostile(name="loop", codes=frozenset({"INGEST-005"})))
    (folder / "empty.txt").write_bytes(b"")
    add(Hostile(name="empty.txt", codes=frozenset({"INGEST-003"})))
    return corpus


def expected_names(corpus: Corpus) -> set[str]:
    """Return every input name the run must account for (hostile and good)."""
    return {h.name for h in corpus.hostile} | set(corpus.good)


def assess(corpus: Corpus, articles: dict[str, str], rejections: dict[str, str]) -> list[str]:
    """Return what went wrong: inputs unaccounted for, unsafe outcomes, good articles lost.

    ``articles`` maps input names (file name, or ``name#n``) to stored text; ``rejections``
    maps input names to codes.
    """
    problems: list[str] = []
    for h in corpus.hostile:
        if h.name in articles:
            if h.article_ok is None or not h.article_ok(articles[h.name]):
                problems.append(f"{h.name}: stored as an article, which is not a safe outcome")
        elif h.name in rejections:
            if rejections[h.name] not in h.codes:
                problems.append(f"{h.name}: rejected {rejections[h.name]}, expected one of {sorted(h.codes)}")
        else:
            problems.append(f"{h.name}: neither an article nor a rejection")
    for name in corpus.good:
        if name not in articles:
            problems.append(f"good input {name} was not stored ({rejections.get(name, 'no rejection')})")
    return problems
