"""World maps that work offline: country outlines shipped with the package, drawn by plotly.

The geometry (``report/data/world.json``, built by ``tools/make_world_geometry.py``) is
Natural Earth 1:10m Admin 0 – Countries 5.1.1, simplified, in the public domain. Each
country is a plotly layout shape (an SVG path in data coordinates: x = longitude + 180,
y = 90 − latitude, in tenths of a degree), so the map is part of the figure itself: no tile,
topojson or font is fetched when the report is made or viewed, and ``--figures`` exports it
like any other chart. An invisible marker at each country's centre carries the hover text.

States are matched to outlines by ISO3 (:attr:`multipolar.states.State.iso3`): historical
states take their successor's outline where they share its code (the Soviet Union is drawn
as Russia), and those without one (East Germany) are listed in the caption instead.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

import plotly.graph_objects as go

__all__ = ["bloc_map", "bloc_map_figure", "label_largest", "value_map", "world"]

NO_DATA = "#e5e7eb"
#: blue (low) to red (high), colour-blind safe (ColorBrewer RdYlBu, reversed)
RAMP = ["#313695", "#4575b4", "#74add1", "#abd9e9", "#fee090", "#fdae61", "#f46d43", "#d73027"]
PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b",
           "#e377c2", "#7f7f7f", "#bcbd22"]  # fmt: skip
SOURCE = "Outlines: Natural Earth (public domain), simplified."


@cache
def world() -> dict[str, Any]:
    """The shipped geometry: ``{source, licence, projection, viewbox, names, paths}``."""
    text = resources.files("multipolar.report").joinpath("data/world.json").read_text("utf-8")
    return dict(json.loads(text))


_TOKEN = re.compile(r"([Mlz])(-?\d+)?\s?(-?\d+)?")


@cache
def _absolute(iso3: str) -> tuple[str, tuple[float, float]]:
    """The country's path with absolute coordinates (plotly shapes read M, L, Z) and a
    centre (the middle of its largest part's bounding box) for the hover marker."""
    d = world()["paths"][iso3]
    out: list[str] = []
    x = y = 0
    parts: list[list[tuple[int, int]]] = []
    for cmd, a, b in _TOKEN.findall(d):
        if cmd == "M":
            x, y = int(a), int(b)
            out.append(f"M{x},{y}")
            parts.append([(x, y)])
        elif cmd == "l":
            x, y = x + int(a), y + int(b)
            out.append(f"L{x},{y}")
            parts[-1].append((x, y))
        else:
            out.append("Z")
    big = max(parts, key=lambda p: (max(q[0] for q in p) - min(q[0] for q in p))
              * (max(q[1] for q in p) - min(q[1] for q in p)))  # fmt: skip
    cx = (max(q[0] for q in big) + min(q[0] for q in big)) / 2
    cy = (max(q[1] for q in big) + min(q[1] for q in big)) / 2
    return "".join(out), (cx, cy)


def _ramp(v: float, lo: float, hi: float) -> str:
    t = 0.0 if hi <= lo else min(max((v - lo) / (hi - lo), 0.0), 1.0)
    return RAMP[min(int(t * len(RAMP)), len(RAMP) - 1)]


def _figure(fills: Mapping[str, str], hover: Mapping[str, str], title: str) -> go.Figure:
    geo = world()
    shapes = []
    xs, ys, texts = [], [], []
    for iso3 in geo["paths"]:
        path, (cx, cy) = _absolute(iso3)
        shapes.append(
            {
                "type": "path",
                "path": path,
                "fillcolor": fills.get(iso3, NO_DATA),
                "line": {"color": "#ffffff", "width": 0.4},
                "layer": "below",
            }
        )
        xs.append(cx)
        ys.append(cy)
        texts.append(hover.get(iso3, f"{geo['names'].get(iso3, iso3)}: no data"))
    fig = go.Figure(
        go.Scatter(
            x=xs,
            y=ys,
            mode="markers",
            marker={"size": 6, "opacity": 0},
            text=texts,
            hoverinfo="text",
            showlegend=False,
        )
    )
    x0, y0, w, h = geo["viewbox"]
    fig.update_layout(
        title=title,
        shapes=shapes,
        template="plotly_white",
        height=520,
        margin={"l": 10, "r": 10, "t": 50, "b": 50},
        xaxis={"visible": False, "range": [x0, x0 + w], "fixedrange": False},
        yaxis={"visible": False, "range": [y0 + h, y0], "scaleanchor": "x"},
        legend={"orientation": "h", "y": -0.02},
    )
    return fig


def _spec(fills: Mapping[str, str], hover: Mapping[str, str], title: str) -> dict[str, Any]:
    """:func:`_figure` as a plain Plotly.js spec (no validated plotly figure is built)."""
    geo = world()
    shapes, xs, ys, texts = [], [], [], []
    for iso3 in geo["paths"]:
        path, (cx, cy) = _absolute(iso3)
        shapes.append({"type": "path", "path": path, "fillcolor": fills.get(iso3, NO_DATA),
                       "line": {"color": "#ffffff", "width": 0.4}, "layer": "below"})  # fmt: skip
        xs.append(cx)
        ys.append(cy)
        texts.append(hover.get(iso3, f"{geo['names'].get(iso3, iso3)}: no data"))
    x0, y0, w, h = geo["viewbox"]
    return {
        "data": [
            {
                "type": "scatter",
                "x": xs,
                "y": ys,
                "mode": "markers",
                "marker": {"size": 6, "opacity": 0},
                "text": texts,
                "hoverinfo": "text",
                "showlegend": False,
            }
        ],
        "layout": {
            "title": {"text": title},
            "shapes": shapes,
            "height": 520,
            "margin": {"l": 10, "r": 10, "t": 50, "b": 50},
            "xaxis": {"visible": False, "range": [x0, x0 + w], "fixedrange": False},
            "yaxis": {"visible": False, "range": [y0 + h, y0], "scaleanchor": "x"},
            "legend": {"orientation": "h", "y": -0.02},
            "plot_bgcolor": "#ffffff",
        },
    }


def _iso(ccode: int) -> str | None:
    from multipolar import states

    st = states.state(int(ccode))
    return st.iso3 if st.iso3 and st.iso3 in world()["paths"] else None


def value_map(
    values: Mapping[int, float | None],
    *,
    title: str,
    label: str,
    names: Mapping[int, str] | None = None,
    lo: float = 0.0,
    hi: float = 1.0,
    highlight: Mapping[int, str] | None = None,
    fmt: str = "{:.0%}",
) -> tuple[dict[str, Any], list[int]]:
    """A world map coloured by a value per state (``ccode -> value`` in ``lo``..``hi``), as a
    plain Plotly.js spec.

    ``highlight`` colours some states apart (``ccode -> colour``, e.g. the pair itself).
    Returns the figure and the codes that have no outline (to say so in a caption).
    """
    fills: dict[str, str] = {}
    hover: dict[str, str] = {}
    missing = []
    for code, v in values.items():
        iso = _iso(code)
        if iso is None:
            missing.append(int(code))
            continue
        name = (names or {}).get(code, iso)
        if v is None:
            hover[iso] = f"{name}: no data"
            continue
        fills[iso] = _ramp(float(v), lo, hi)
        hover[iso] = f"{name}: {label} {fmt.format(v)}"
    for code, colour in (highlight or {}).items():
        iso = _iso(code)
        if iso:
            fills[iso] = colour
            hover[iso] = f"{(names or {}).get(code, iso)} (the pair)"
    fig = _spec(fills, hover, title)
    for k, colour in enumerate(RAMP):  # a stepped legend of the colour ramp
        a = lo + (hi - lo) * k / len(RAMP)
        b = lo + (hi - lo) * (k + 1) / len(RAMP)
        fig["data"].append(
            {
                "type": "scatter",
                "x": [None],
                "y": [None],
                "mode": "markers",
                "marker": {"size": 12, "color": colour, "symbol": "square"},
                "name": f"{fmt.format(a)}–{fmt.format(b)}",
            }
        )
    return fig, missing


def bloc_map(
    membership: Mapping[int, Any],
    labels: Mapping[Any, str],
    *,
    title: str,
    names: Mapping[int, str] | None = None,
) -> tuple[go.Figure, list[int]]:
    """A world map coloured by bloc (``ccode -> bloc id``; ``labels``: bloc id -> legend text)."""
    order = list(dict.fromkeys(labels))
    colour = {b: PALETTE[k % len(PALETTE)] for k, b in enumerate(order)}
    fills: dict[str, str] = {}
    hover: dict[str, str] = {}
    missing = []
    for code, bloc in membership.items():
        iso = _iso(code)
        if iso is None:
            missing.append(int(code))
            continue
        fills[iso] = colour.get(bloc, NO_DATA)
        hover[iso] = f"{(names or {}).get(code, iso)}: {labels.get(bloc, bloc)}"
    fig = _figure(fills, hover, title)
    for b in order:
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker={"size": 12, "color": colour[b], "symbol": "square"},
                name=str(labels[b]),
            )
        )
    return fig, missing


def label_largest(fig: go.Figure, nodes: Any, weights: Mapping[int, float], n: int = 12) -> None:
    """Write the names of the ``n`` largest states (by ``weights``, e.g. CINC) beside their
    nodes in a network plot (``nodes``: a frame with ``ccode, state, x, y``)."""
    top = sorted((c for c in nodes["ccode"] if c in weights), key=lambda c: -float(weights[c]))[:n]
    sel = nodes[nodes["ccode"].isin(top)]
    fig.add_trace(
        go.Scatter(
            x=sel["x"],
            y=sel["y"],
            mode="text",
            text=sel["state"],
            textposition="top center",
            textfont={"size": 11, "color": "#1f2328"},
            hoverinfo="skip",
            showlegend=False,
        )
    )


def bloc_map_figure(doc: Any, res: Any) -> None:
    """Add the world map of a year's UN voting blocs to a report (``res``: a ``BlocResult``)."""
    from multipolar import states

    year = res.year
    names = {c: states.name_in(c, year) for c in res.membership}
    labels = {
        b["id"]: f"{b['id']}: led by {states.name_in(int(b['leader']), year)} ({b['size']})"
        for b in res.blocs
    }
    fig, missing = bloc_map(res.membership, labels, title=f"UN voting blocs, {year}", names=names)
    fig.add_annotation(text=f"Source: UN General Assembly roll calls; {SOURCE}", xref="paper",
                       yref="paper", x=0, y=-0.1, showarrow=False, xanchor="left", yanchor="top",
                       font={"size": 10, "color": "#59636e"})  # fmt: skip
    note = (
        f" Not drawn (no outline today): {', '.join(names[c] for c in missing)}." if missing else ""
    )
    fig.update_layout(margin={"b": 90})
    doc.figure(fig, "bloc-map", caption="Each state coloured by its bloc; today's borders." + note)
