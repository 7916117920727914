"""Charts as plain data: Plotly.js figure specs (dicts and lists), no plotting library here.

A chart is ``{"name", "title", "caption", "source", "data", "layout"}``; ``data`` and
``layout`` are Plotly.js JSON, which the report layer hands to the page as they are. Missing
values are ``None`` (a gap in the line), never 0.
"""

from __future__ import annotations

from typing import Any

COLORS = {"a": "#c0392b", "b": "#2c3e91", "vs": "#7f8c8d", "pair": "#8e44ad"}


def values(seq: Any) -> list[Any]:
    """A JSON list; NaN becomes None (a gap), never 0."""
    out: list[Any] = []
    for v in list(seq):
        if isinstance(v, float) and v != v:
            out.append(None)
        elif hasattr(v, "item"):
            x = v.item()
            out.append(None if isinstance(x, float) and x != x else x)
        else:
            out.append(v)
    return out


def layout(title: str, ytitle: str, *, yrange: list[float] | None = None) -> dict[str, Any]:
    return {
        "title": {"text": title},
        "template": "plotly_white",
        "height": 440,
        "margin": {"l": 60, "r": 20, "t": 60, "b": 110},
        "legend": {"orientation": "h", "y": -0.15},
        "hovermode": "x unified",
        "yaxis": {"title": {"text": ytitle}, **({"range": yrange} if yrange else {})},
        "xaxis": {"title": {"text": "year"}},
    }


def line(x: Any, y: Any, name: str, color: str, **kw: Any) -> dict[str, Any]:
    return {
        "type": "scatter",
        "x": values(x),
        "y": values(y),
        "mode": "lines+markers",
        "name": name,
        "line": {"color": color},
        "marker": {"size": 4},
        **kw,
    }


def chart(
    name: str,
    title: str,
    ytitle: str,
    data: list[dict[str, Any]],
    source: str,
    *,
    caption: str | None = None,
    yrange: list[float] | None = None,
    **layout_extra: Any,
) -> dict[str, Any]:
    lay = layout(title, ytitle, yrange=yrange)
    lay.update(layout_extra)
    return {
        "name": name,
        "title": title,
        "caption": caption,
        "source": source,
        "data": data,
        "layout": lay,
    }
