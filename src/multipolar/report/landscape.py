"""Rendering a landscape: the two-camp network, the energy table, the what-if switches.

Functions take the JSON-ready dict of
:meth:`multipolar.explain.landscape.LandscapeAnswer.to_dict`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from multipolar.report.html import Document

__all__ = ["energy_rows", "landscape_document", "landscape_figure", "scenario_rows"]

_CAMP = ("#1f77b4", "#d62728")
_POS, _NEG = "#2ca02c", "#d62728"


def _names(ans: Mapping[str, Any]) -> dict[Any, str]:
    return {a["ccode"]: a["name"] for a in ans["actors"]}


def _iso(ans: Mapping[str, Any]) -> dict[Any, str]:
    return {a["ccode"]: a["iso3"] for a in ans["actors"]}


def energy_rows(
    ans: Mapping[str, Any], *, result: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """One row per local minimum: rank, energy, basin (count and share), the two camps."""
    res = result or ans["result"]
    names = _iso(ans)
    rows = []
    for k, m in enumerate(res["local_minima"], start=1):
        rows.append(
            {
                "rank": k,
                "energy": m["energy"],
                "basin": m["basin"],
                "basin share": m["basin_share"],
                "camp A": ", ".join(names.get(a, str(a)) for a in m["camp_a"]),
                "camp B": ", ".join(names.get(a, str(a)) for a in m["camp_b"]),
            }
        )
    return rows


def scenario_rows(ans: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The what-if: its changes, the new global minimum's energy and who switched camp."""
    sc = ans.get("scenario")
    if not sc:
        return []
    g = sc["result"]["global_minimum"]
    names = _iso(ans)
    return [
        {"item": "changes", "value": "; ".join(sc["text"])},
        {"item": "switch camp", "value": ", ".join(sc["switch_names"]) or "nobody"},
        {"item": "camp A", "value": ", ".join(names.get(a, str(a)) for a in g["camp_a"])},
        {"item": "camp B", "value": ", ".join(names.get(a, str(a)) for a in g["camp_b"])},
        {"item": "energy change", "value": f"{sc['energy_change']:+.4g}"},
    ]


def _layout(
    camp_a: list[Any], camp_b: list[Any], sizes: Mapping[Any, float]
) -> dict[Any, tuple[float, float]]:
    """Each camp on a circle of its own, larger actors first (angle order)."""
    xy: dict[Any, tuple[float, float]] = {}
    for cx, members in ((-1.6, camp_a), (1.6, camp_b)):
        ordered = sorted(members, key=lambda a: -sizes.get(a, 0.0))
        n = len(ordered)
        for k, a in enumerate(ordered):
            if n == 1:
                xy[a] = (cx, 0.0)
                continue
            t = 2 * math.pi * k / n + math.pi / 2
            xy[a] = (cx + math.cos(t), math.sin(t))
    return xy


def landscape_figure(
    ans: Mapping[str, Any], *, result: Mapping[str, Any] | None = None, top_edges: int = 60
) -> Any:
    """The global minimum as a two-camp network (node size: CINC; edges: strongest ties)."""
    import plotly.graph_objects as go

    res = result or ans["result"]
    g = res["global_minimum"]
    sizes = {s["actor"]: s["size"] for s in res["sizes"]}
    names = _names(ans)
    xy = _layout(g["camp_a"], g["camp_b"], sizes)
    pairs = [p for p in ans["pairs"] if p["source"] in xy and p["target"] in xy]
    weight = {
        (p["source"], p["target"]): p["propensity"] * sizes[p["source"]] * sizes[p["target"]]
        for p in pairs
    }
    strongest = sorted(weight, key=lambda k: -abs(weight[k]))[:top_edges]
    wmax = max((abs(weight[k]) for k in strongest), default=1.0) or 1.0
    fig = go.Figure()
    for sign, colour, label in (
        (1, _POS, "positive propensity"),
        (-1, _NEG, "negative propensity"),
    ):
        first = True
        for a, b in strongest:
            w = weight[(a, b)]
            if (w > 0) != (sign > 0) or w == 0:
                continue
            fig.add_trace(
                go.Scatter(
                    x=[xy[a][0], xy[b][0]],
                    y=[xy[a][1], xy[b][1]],
                    mode="lines",
                    line={"color": colour, "width": 0.5 + 4 * abs(w) / wmax},
                    opacity=0.55,
                    hoverinfo="skip",
                    name=label,
                    legendgroup=label,
                    showlegend=first,
                )
            )
            first = False
    smax = max(sizes.values()) or 1.0
    for k, (camp, members) in enumerate((("A", g["camp_a"]), ("B", g["camp_b"]))):
        fig.add_trace(
            go.Scatter(
                x=[xy[a][0] for a in members],
                y=[xy[a][1] for a in members],
                mode="markers+text",
                text=[_iso(ans).get(a, str(a)) for a in members],
                textposition="top center",
                hovertext=[f"{names.get(a, a)}: CINC {sizes[a]:.3f}" for a in members],
                hoverinfo="text",
                marker={
                    "size": [10 + 40 * math.sqrt(sizes[a] / smax) for a in members],
                    "color": _CAMP[k],
                    "line": {"width": 1, "color": "#333"},
                },
                name=f"camp {camp} ({len(members)})",
            )
        )
    fig.update_layout(
        title=f"Landscape {ans['year']}: the global minimum (energy {g['energy']:.4g})",
        template="plotly_white",
        height=560,
        xaxis={"visible": False},
        yaxis={"visible": False, "scaleanchor": "x"},
        legend={"orientation": "h", "y": -0.05},
    )
    return fig


def landscape_document(ans: Mapping[str, Any]) -> Document:
    """A self-contained HTML report: camps, network, energy table, what-if, inputs."""
    res = ans["result"]
    g = res["global_minimum"]
    iso = _iso(ans)
    doc = Document(
        f"Landscape of alignments, {ans['year']}",
        subtitle=f"{len(ans['actors'])} states, sizes CINC, propensity: {ans['propensity']} "
        f"(centred: {ans['centre']}) — Axelrod & Bennett (1993)",
    )
    doc.heading("Predicted camps")
    doc.paragraph(
        f"Camp A: {', '.join(iso.get(a, str(a)) for a in g['camp_a'])}. "
        f"Camp B: {', '.join(iso.get(a, str(a)) for a in g['camp_b'])}. "
        f"Energy {g['energy']:.4g}; {len(res['local_minima'])} local minim"
        f"{'um' if len(res['local_minima']) == 1 else 'a'}; the global one attracts "
        f"{100 * (g['basin_share'] or 0):.1f}% of starting configurations."
    )
    doc.paragraph(res["method"])
    doc.figure(
        landscape_figure(ans),
        "landscape-network",
        caption="Node size: CINC. Edges: the strongest size-weighted propensities "
        "(green: want to be together, red: antagonism).",
    )
    doc.table(energy_rows(ans), caption="Local minima (energy table)")
    if ans.get("scenario"):
        doc.heading("What if")
        doc.table(scenario_rows(ans), caption="Scenario")
        doc.figure(
            landscape_figure(ans, result=ans["scenario"]["result"]),
            "landscape-scenario",
            caption="The global minimum of the scenario.",
        )
        doc.table(
            energy_rows(ans, result=ans["scenario"]["result"]),
            caption="Local minima of the scenario",
        )
    doc.heading("Inputs")
    doc.table(
        [{"state": a["name"], "iso3": a["iso3"], "CINC": a["size"]} for a in ans["actors"]],
        caption="Sizes",
    )
    doc.table(
        [
            {
                "a": iso.get(p["source"], p["source"]),
                "b": iso.get(p["target"], p["target"]),
                "propensity": p["propensity"],
            }
            for p in sorted(ans["pairs"], key=lambda p: -abs(p["propensity"]))
        ],
        caption="Propensities (strongest first)",
        max_rows=60,
    )
    if ans.get("notes"):
        doc.bullets(ans["notes"])
    doc.sources(ans.get("sources", []))
    return doc
