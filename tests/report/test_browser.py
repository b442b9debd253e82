"""The HTML brief in headless Chromium: the map and the timeline chart are drawn, offline.

Set ``STORYDESK_SCREENSHOT_OUT=docs/brief-screenshot.png`` to keep the screenshot.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from storydesk.report import brief, render

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def _png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit RGB/RGBA non-interlaced PNG into rows (enough for Chromium's screenshots)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and color in (2, 6)
            bpp = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line) if bpp == 3 else bytes(v for k, v in enumerate(line) if k % 4 != 3))
        prev = line
    return width, height, rows


def _count(rows: list[bytes], rgb: tuple[int, int, int], tol: int = 6) -> int:
    n = 0
    for row in rows:
        for i in range(0, len(row), 3):
            if all(abs(row[i + k] - rgb[k]) <= tol for k in range(3)):
                n += 1
    return n


@pytest.mark.skipif(CHROMIUM is None, reason="needs a Chromium binary")
def test_map_and_timeline_are_drawn(story_inputs, tmp_path):
    b = brief(story_inputs["stories"], story_inputs["articles"], story_inputs["annotations"],
              story_inputs["copies"], story_inputs["config"])
    b = dataclasses.replace(b, generated_at="2026-04-01T12:00:00Z")
    (page,) = render(b, tmp_path, ["html"])
    shot = tmp_path / "shot.png"
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--window-size=1000,1500", f"--screenshot={shot}", page.as_uri()],
        check=True, capture_output=True, timeout=90,
    )
    _, _, rows = _png_pixels(shot.read_bytes())
    assert _count(rows, (0xDF, 0xEA, 0xF3)) > 5000  # the map's sea
    assert _count(rows, (0xF4, 0xF1, 0xEA)) > 2000  # land drawn from the shipped outlines
    assert _count(rows, (0x2C, 0x6F, 0xBB), tol=12) > 30  # timeline dots (and place markers)
    if out := os.environ.get("STORYDESK_SCREENSHOT_OUT"):
        Path(out).write_bytes(shot.read_bytes())
