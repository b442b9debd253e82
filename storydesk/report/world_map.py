"""An offline map as inline SVG: Natural Earth 110m country outlines and the story's places."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

SHAPES_PATH = Path(__file__).with_name("world_110m.json")


@dataclass(frozen=True, slots=True)
class MapPoint:
    lat: float
    lon: float
    label: str
    kind: str  # "event" or "place": styled differently


@cache
def world_shapes() -> list[dict[str, Any]]:
    """Return the shipped country outlines (built by ``world_shapes_build``)."""
    return json.loads(SHAPES_PATH.read_text("utf-8"))["countries"]


def _view(points: Sequence[MapPoint], aspect: float) -> tuple[float, float, float, float]:
    """Return (lon0, lat0, lon1, lat1) framing the points, padded, at the map's aspect ratio."""
    if not points:
        return -180.0, -60.0, 180.0, 85.0
    lons = [p.lon for p in points]
    lats = [p.lat for p in points]
    pad = max(6.0, 0.3 * max(max(lons) - min(lons), max(lats) - min(lats)))
    lon0, lon1 = min(lons) - pad, max(lons) + pad
    lat0, lat1 = min(lats) - pad, max(lats) + pad
    kx = math.cos(math.radians((lat0 + lat1) / 2))
    w, h = (lon1 - lon0) * kx, lat1 - lat0
    if w / h < aspect:  # too tall: widen
        extra = (h * aspect - w) / kx / 2
        lon0, lon1 = lon0 - extra, lon1 + extra
    else:
        extra = (w / aspect - h) / 2
        lat0, lat1 = lat0 - extra, lat1 + extra
    return max(lon0, -180.0), max(lat0, -90.0), min(lon1, 180.0), min(lat1, 90.0)


def map_svg(points: Sequence[MapPoint], width: int = 640, height: int = 380) -> str:
    """Return an ``<svg>`` map framing ``points`` over country outlines (all text escaped)."""
    # Frame the events when there are any: a capital far away (Washington in a story set in Syria)
    # is still drawn if it falls in view, but it should not zoom the map out to the whole world.
    framing = [p for p in points if p.kind == "event"] or list(points)
    lon0, lat0, lon1, lat1 = _view(framing, width / height)
    sx = width / (lon1 - lon0)
    sy = height / (lat1 - lat0)

    def xy(lon: float, lat: float) -> str:
        return f"{(lon - lon0) * sx:.1f},{(lat1 - lat) * sy:.1f}"

    paths = []
    for country in world_shapes():
        d = []
        for ring in country["rings"]:
            xs = [p[0] for p in ring]
            ys = [p[1] for p in ring]
            if max(xs) < lon0 or min(xs) > lon1 or max(ys) < lat0 or min(ys) > lat1:
                continue
            d.append("M" + "L".join(xy(x, y) for x, y in ring) + "Z")
        if d:
            paths.append(
                f'<path class="land" d="{"".join(d)}"><title>{escape(country["name"])}</title></path>'
            )
    marks = []
    for p in points:
        if not (lon0 <= p.lon <= lon1 and lat0 <= p.lat <= lat1):
            continue  # out of the frame; the place is still listed in the brief
        x, y = (p.lon - lon0) * sx, (lat1 - p.lat) * sy
        marks.append(
            f'<g class="pt {escape(p.kind)}"><circle cx="{x:.1f}" cy="{y:.1f}" r="5">'
            f"<title>{escape(p.label)}</title></circle>"
            f'<text x="{x + 7:.1f}" y="{y + 4:.1f}">{escape(p.label[:40])}</text></g>'
        )
    return (
        f'<svg class="map" role="img" aria-label="Map of the places in this story" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
        f'<rect class="sea" width="{width}" height="{height}"/>'
        + "".join(paths)
        + "".join(marks)
        + "</svg>"
    )
