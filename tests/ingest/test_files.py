"""Files, folders, stdin and JSON(L) exports: good inputs read, bad ones rejected with a code."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest

from storydesk.config import Config
from storydesk.ingest import documents
from storydesk.model import RawDocument, Rejected

GOOD = (
    "Ferry service resumes on the northern route\n\n"
    "The ferry between the two island towns sailed again on Monday after engineers replaced a "
    "damaged ramp, the operator said, ending a week in which residents had to fly or wait.\n"
)


def run(inputs: list[str], **changes: object) -> dict[str, RawDocument | Rejected]:
    config = Config().replace(**changes) if changes else Config()
    return {Path(d.input).name: d for d in documents(inputs, config)}


def code(item: RawDocument | Rejected) -> str:
    return item.code if isinstance(item, Rejected) else "ok"


def test_folder_of_good_and_bad_files(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, "utf-8")
    (folder / "page.html").write_text(f"<html><body><p>{GOOD}</p></body></html>", "utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blob.txt").write_bytes(b"\x00\x01\x02binary\x00" * 200)
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    with open(folder / "huge.txt", "wb") as fh:  # sparse: 50 MB on paper, nothing on disk
        fh.truncate(50 * 1024 * 1024)
    (folder / "mangled.txt").write_bytes(b"Start " + bytes(range(0x80, 0x100)) * 8 + b" end")
    os.symlink("loop", folder / "loop")  # a link to itself
    (folder / "sub").mkdir()
    os.symlink("..", folder / "sub" / "up")  # a folder loop
    (folder / "notes.py").write_text("print('not an article')\n", "utf-8")
    (folder / ".hidden.txt").write_text(GOOD, "utf-8")

    found = run([str(folder)])
    assert {name: code(item) for name, item in found.items()} == {
        "good.txt": "ok",
        "page.html": "ok",
        "empty.txt": "INGEST-003",
        "blob.txt": "INGEST-002",
        "photo.png": "INGEST-002",
        "huge.txt": "INGEST-004",
        "mangled.txt": "INGEST-011",
        "loop": "INGEST-005",
        "up": "INGEST-005",
        "notes.py": "INGEST-002",
    }
    assert found["good.txt"].content == GOOD.encode()
    assert found["good.txt"].content_type == "text/plain; charset=utf-8"
    assert found["page.html"].content_type.startswith("text/html")


def test_include_and_exclude_globs(tmp_path: Path) -> None:
    for name in ("a.txt", "b.md", "drafts/c.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(GOOD, "utf-8")
    assert set(run([str(tmp_path)], include=("*.txt",))) == {"a.txt", "c.txt"}
    assert set(run([str(tmp_path)], exclude=("drafts",))) == {"a.txt", "b.md"}


def test_missing_path_and_legacy_encoding(tmp_path: Path) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes(("Caf\u00e9 cr\u00e8me on the menu: " + GOOD).encode("cp1252"))
    found = run([str(tmp_path / "nope.txt"), str(latin)])
    assert code(found["nope.txt"]) == "INGEST-001"
    doc = found["latin.txt"]
    assert isinstance(doc, RawDocument) and "charset=" in doc.content_type
    assert "utf-8" not in doc.content_type


def test_utf16_with_bom_is_text(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(GOOD.encode("utf-16"))
    [doc] = run([str(path)]).values()
    assert isinstance(doc, RawDocument) and doc.content_type.endswith("charset=utf-16")


def test_gzip_files_and_gzip_bombs(tmp_path: Path) -> None:
    (tmp_path / "ok.txt.gz").write_bytes(gzip.compress(GOOD.encode()))
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * 3_000_000))
    found = run([str(tmp_path)], max_bytes=1_000_000)
    assert found["ok.txt.gz"].content == GOOD.encode()
    assert code(found["bomb.txt.gz"]) == "INGEST-010"


def test_jsonl_records_keep_metadata_and_reject_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    lines = [
        json.dumps({"url": "https://example.org/a", "title": "Ferry", "text": GOOD, "published": "2026-02-03",
                    "outlet": "Island Post", "authors": ["A. Writer", "B. Editor"]}),
        "{not json",
        json.dumps({"title": "no body"}),
        "",
        json.dumps({"maintext": GOOD, "date_publish": "2026-02-04 10:00:00", "source_domain": "example.net"}),
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    found = list(documents([str(path)], Config()))
    assert [d.input.rsplit("#", 1)[1] for d in found] == ["1", "2", "3", "5"]
    assert [code(d) for d in found] == ["ok", "INGEST-006", "INGEST-006", "ok"]
    first = found[0]
    assert isinstance(first, RawDocument)
    assert first.metadata == {"title": "Ferry", "published": "2026-02-03", "outlet": "Island Post",
                              "author": "A. Writer, B. Editor", "url": "https://example.org/a"}
    assert found[3].metadata["outlet"] == "example.net"


def test_jsonl_record_over_the_cap_is_skipped_alone(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"text": "x" * 5000}) + "\n" + json.dumps({"text": GOOD}) + "\n", "utf-8")
    found = list(documents([str(path)], Config().replace(max_bytes=2000)))
    assert [code(d) for d in found] == ["INGEST-004", "ok"]


def test_json_list_of_records(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"articles": [{"text": GOOD}, {"html": f"<p>{GOOD}</p>"}, 3]}), "utf-8")
    found = list(documents([str(path)], Config()))
    assert [code(d) for d in found] == ["ok", "ok", "INGEST-006"]
    assert found[1].content_type.startswith("text/html")


def test_stdin_is_read_and_sniffed() -> None:
    html = b"<!DOCTYPE html><html><body><p>" + GOOD.encode() + b"</p></body></html>"
    [doc] = documents(["-"], Config(), stdin=io.BytesIO(html))
    assert isinstance(doc, RawDocument) and doc.input == "stdin"
    assert doc.content_type.startswith("text/html")
    [rej] = documents(["-"], Config(), stdin=io.BytesIO(b""))
    assert code(rej) == "INGEST-003"


def test_folders_stream_lazily(tmp_path: Path) -> None:
    for i in range(50):
        (tmp_path / f"{i:03}.txt").write_text(GOOD, "utf-8")
    stream = documents([str(tmp_path)], Config())
    first = next(stream)
    assert first.input.endswith("000.txt")
    (tmp_path / "999.txt").write_text(GOOD, "utf-8")  # listing is per folder, taken when entered
    assert sum(1 for _ in stream) == 49


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads unreadable files")
def test_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(GOOD, "utf-8")
    path.chmod(0)
    try:
        [rej] = documents([str(path)], Config())
        assert code(rej) == "INGEST-005"
    finally:
        path.chmod(0o644)
