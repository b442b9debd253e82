"""Build ``world_110m.json``: compact country outlines for the offline map in the HTML brief.

Run once, at development time, not at run time::

    pip download --no-deps geopandas==0.14.4   # ships Natural Earth 110m "naturalearth_lowres"
    unzip geopandas-0.14.4-py3-none-any.whl 'geopandas/datasets/naturalearth_lowres/*'
    python -m storydesk.report.world_shapes_build geopandas/datasets/naturalearth_lowres

Natural Earth is public domain. The shapefile is read with a few lines of ``struct`` rather than
pyshp/fiona so that building the file adds no dependency to the project; only polygon records
(shape type 5) and two attribute columns are needed.
"""

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path

OUT = Path(__file__).with_name("world_110m.json")
#: Coordinates are rounded to this many decimals: 0.1 degree is below one pixel on the brief's map.
DECIMALS = 1


def read_dbf(path: Path) -> list[dict[str, str]]:
    """Read every record of a dBase III file as strings."""
    data = path.read_bytes()
    n_records, header_len, record_len = struct.unpack("<IHH", data[4:12])
    fields: list[tuple[str, int]] = []
    pos = 32
    while data[pos] != 0x0D:
        name = data[pos : pos + 11].split(b"\0", 1)[0].decode("ascii")
        fields.append((name, data[pos + 16]))
        pos += 32
    rows = []
    for i in range(n_records):
        rec = data[header_len + i * record_len : header_len + (i + 1) * record_len]
        off = 1  # deletion flag
        row = {}
        for name, length in fields:
            row[name] = rec[off : off + length].decode("latin-1").strip()
            off += length
        rows.append(row)
    return rows


def read_polygons(path: Path) -> list[list[list[tuple[float, float]]]]:
    """Read the rings of every polygon record of a .shp file."""
    data = path.read_bytes()
    pos = 100
    shapes = []
    while pos < len(data):
        _, content_len = struct.unpack(">ii", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + content_len * 2]
        pos += 8 + content_len * 2
        (shape_type,) = struct.unpack("<i", body[:4])
        if shape_type != 5:
            shapes.append([])
            continue
        n_parts, n_points = struct.unpack("<ii", body[36:44])
        parts = list(struct.unpack(f"<{n_parts}i", body[44 : 44 + 4 * n_parts]))
        pts_off = 44 + 4 * n_parts
        points = [struct.unpack("<dd", body[pts_off + 16 * k : pts_off + 16 * k + 16]) for k in range(n_points)]
        rings = []
        for j, start in enumerate(parts):
            end = parts[j + 1] if j + 1 < n_parts else n_points
            rings.append(points[start:end])
        shapes.append(rings)
    return shapes


def simplify(ring: list[tuple[float, float]]) -> list[list[float]]:
    """Round a ring to :data:`DECIMALS` and drop repeated points."""
    out: list[list[float]] = []
    for x, y in ring:
        p = [round(x, DECIMALS), round(y, DECIMALS)]
        if not out or out[-1] != p:
            out.append(p)
    return out


def build(folder: Path) -> dict:
    """Return the compact shapes mapping built from a naturalearth_lowres folder."""
    rows = read_dbf(folder / "naturalearth_lowres.dbf")
    shapes = read_polygons(folder / "naturalearth_lowres.shp")
    countries = []
    for row, rings in zip(rows, shapes):
        kept = [r for r in (simplify(r) for r in rings) if len(r) >= 4]
        if kept:
            countries.append({"iso3": row.get("iso_a3", ""), "name": row.get("name", ""), "rings": kept})
    return {
        "source": "Natural Earth 1:110m admin-0 countries (public domain), via geopandas 0.14.4 "
        "naturalearth_lowres; rounded to 0.1 degree",
        "countries": countries,
    }


if __name__ == "__main__":
    result = build(Path(sys.argv[1]))
    OUT.write_text(json.dumps(result, separators=(",", ":")), "utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes, {len(result['countries'])} countries)")
