"""World maps as inline SVG from the outlines shipped with the package (no tiles, no fetch).

The geometry is ``report/data/world.json`` (Natural Earth 1:10m Admin 0, simplified, public
domain; see :mod:`multipolar.report.maps`), read as a file of the package; each country is an
SVG ``<path>`` with ``data-iso3`` so ``static/app.js`` can recolour it when a year slider
moves. States are matched to outlines by ISO3; a state without an outline is listed by the
page, not drawn. Colours only: the values come from the library's answers.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

from markupsafe import Markup, escape

NO_DATA = "#e5e7eb"
#: the state a map is about
SELF = "#111827"
#: blue (disagree) to red (agree), ColorBrewer RdYlBu reversed (colour-blind safe); the same
#: ramp as the static reports
RAMP = ["#313695", "#4575b4", "#74add1", "#abd9e9", "#fee090", "#fdae61", "#f46d43", "#d73027"]
PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b",
           "#e377c2", "#7f7f7f", "#bcbd22"]  # fmt: skip
SOURCE = "Outlines: Natural Earth (public domain), simplified."


@cache
def world() -> dict[str, Any]:
    text = resources.files("multipolar").joinpath("report/data/world.json").read_text("utf-8")
    return dict(json.loads(text))


def ramp(v: float | None, lo: float = -1.0, hi: float = 1.0) -> str:
    """The colour of ``v`` on :data:`RAMP` between ``lo`` and ``hi`` (grey when missing)."""
    if v is None or v != v:
        return NO_DATA
    t = min(max((v - lo) / (hi - lo), 0.0), 1.0)
    return RAMP[min(int(t * len(RAMP)), len(RAMP) - 1)]


def kappa_fills(rows: list[dict[str, Any]]) -> dict[str, str]:
    return {r["iso3"]: ramp(r.get("kappa")) for r in rows if r.get("iso3")}


def kappa_titles(rows: list[dict[str, Any]], year: int) -> dict[str, str]:
    out = {}
    for r in rows:
        if r.get("iso3"):
            k = r.get("kappa")
            ks = "–" if k is None or k != k else f"{k:.2f}"
            out[r["iso3"]] = f"{r['name']} {year}: kappa {ks} on {r['n_votes']} votes"
    return out


def bloc_fills(blocs: dict[str, Any]) -> dict[str, str]:
    return {
        m["iso3"]: PALETTE[(m["bloc"] - 1) % len(PALETTE)]
        for m in blocs["membership"]
        if m.get("iso3")
    }


def bloc_titles(blocs: dict[str, Any]) -> dict[str, str]:
    labels = {b["id"]: b.get("label") or f"bloc {b['id']}" for b in blocs["blocs"]}
    return {
        m["iso3"]: f"{m['name']} {blocs['year']}: {labels.get(m['bloc'], m['bloc'])}"
        for m in blocs["membership"]
        if m.get("iso3")
    }


def svg(fills: Mapping[str, str], titles: Mapping[str, str], *, label: str = "World map") -> Markup:
    """The world as one ``<svg>``: every outline filled from ``fills`` (grey: no data)."""
    geo = world()
    x0, y0, w, h = geo["viewbox"]
    parts = [
        f'<svg class="map" viewBox="{x0} {y0} {w} {h}" role="img" aria-label="{escape(label)}"'
        ' xmlns="http://www.w3.org/2000/svg">'
    ]
    for iso3, d in geo["paths"].items():
        name = titles.get(iso3) or f"{geo['names'].get(iso3, iso3)}: no data"
        parts.append(
            f'<path data-iso3="{escape(iso3)}" d="{escape(d)}" fill="{escape(fills.get(iso3, NO_DATA))}">'
            f"<title>{escape(name)}</title></path>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
