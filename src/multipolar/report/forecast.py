"""Rendering a pair forecast: the fan chart, the HTML section, terminal lines, the docs table.

Every function takes the JSON-ready dict of
:meth:`multipolar.explain.forecast.PairForecast.to_dict` (which is also what
:func:`multipolar.explain.forecast.where_it_is_going` returns), so the ``why`` report, the
``forecast`` command and a notebook render the same record.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from multipolar.report.html import Document

__all__ = [
    "backtest_markdown",
    "fan_chart",
    "forecast_document",
    "forecast_lines",
    "forecast_section",
]

_PAIR = "#8e44ad"
_OTHERS = ("#c0392b", "#2c3e91")


def _rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[k : k + 2], 16) for k in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def _band(
    fig: Any,
    fc: Sequence[Mapping[str, Any]],
    lo: str,
    hi: str,
    colour: str,
    name: str,
    alpha: float,
) -> None:
    import plotly.graph_objects as go

    years = [r["year"] for r in fc]
    fig.add_trace(
        go.Scatter(
            x=years + years[::-1],
            y=[r[hi] for r in fc] + [r[lo] for r in fc][::-1],
            mode="lines",
            fill="toself",
            fillcolor=_rgba(colour, alpha),
            line={"width": 0},
            hoverinfo="skip",
            name=name,
        )
    )


def fan_chart(rec: Mapping[str, Any]) -> Any:
    """A plotly fan chart: the history, the forecast and its 80 % / 95 % intervals."""
    import plotly.graph_objects as go

    st = rec["states"]
    pair = f"{st['a']['name']}–{st['b']['name']}"
    fig = go.Figure()
    fc = rec["forecast"]
    hist = rec["history"]
    v0 = rec["now"]["value"]
    join = [
        {"year": rec["now"]["year"], "mean": v0, "lo80": v0, "hi80": v0, "lo95": v0, "hi95": v0}
    ]
    _band(fig, join + list(fc), "lo95", "hi95", _PAIR, "95% interval", 0.15)
    _band(fig, join + list(fc), "lo80", "hi80", _PAIR, "80% interval", 0.3)
    fig.add_trace(
        go.Scatter(
            x=[r["year"] for r in hist],
            y=[r["value"] for r in hist],
            mode="lines+markers",
            name=pair,
            line={"color": _PAIR},
            marker={"size": 4},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[j["year"] for j in join] + [r["year"] for r in fc],
            y=[j["mean"] for j in join] + [r["mean"] for r in fc],
            mode="lines+markers",
            name=f"{pair} forecast",
            line={"color": _PAIR, "dash": "dash"},
            marker={"size": 5},
        )
    )
    for k, comp in enumerate(rec.get("comparators") or []):
        colour = _OTHERS[k % len(_OTHERS)]
        fig.add_trace(
            go.Scatter(
                x=[r["year"] for r in comp["history"]],
                y=[r["value"] for r in comp["history"]],
                mode="lines",
                name=comp["label"],
                line={"color": colour, "width": 1},
            )
        )
        fig.add_trace(
            go.Scatter(
                x=[r["year"] for r in comp["forecast"]],
                y=[r["mean"] for r in comp["forecast"]],
                mode="lines",
                name=f"{comp['label']} forecast",
                line={"color": colour, "width": 1, "dash": "dash"},
            )
        )
    yrange = {"agreement": [0, 1], "kappa": [-1, 1]}.get(rec["measure"])
    fig.update_layout(
        title=f"{pair}: {rec['label']}, forecast to {fc[-1]['year']} ({rec['model'].replace('_', ' ')} model)",
        template="plotly_white",
        height=440,
        margin={"l": 60, "r": 20, "t": 60, "b": 40},
        # beside the plot: below it, the rows of a long legend ran into the source line
        legend={"orientation": "v", "x": 1.02, "y": 1, "yanchor": "top", "font": {"size": 11}},
        hovermode="x unified",
    )
    fig.update_yaxes(title=rec["label"], range=yrange)
    fig.update_xaxes(title="year")
    return fig


def forecast_section(
    doc: Document,
    rec: Mapping[str, Any] | None,
    *,
    heading: str = "Where it is going",
    level: int = 2,
    reason: str | None = None,
) -> None:
    """Add the forecast section (heading, claim, fan chart, backtest sentence) to ``doc``.

    With ``rec`` None the section says why there is no forecast (``reason``).
    """
    doc.heading(heading, level)
    if rec is None:
        doc.paragraph(reason or "No forecast for this pair.")
        return
    doc.paragraph(rec["statement"])
    doc.figure(
        fan_chart(rec),
        "forecast-fan",
        caption="Shaded: 80% and 95% prediction intervals. " + rec["skill"]["sentence"],
    )
    if rec.get("notes"):
        doc.bullets(rec["notes"])


def forecast_lines(rec: Mapping[str, Any] | None, *, reason: str | None = None) -> list[str]:
    """Terminal lines: the claim and the backtest skill in one sentence each."""
    if rec is None:
        return [reason or "No forecast for this pair."]
    return [rec["statement"], rec["skill"]["sentence"]]


def forecast_document(rec: Mapping[str, Any]) -> Document:
    """A self-contained HTML report of one pair forecast."""
    st = rec["states"]
    fc = rec["forecast"]
    doc = Document(
        f"Where is {st['a']['name']}–{st['b']['name']} alignment going?",
        subtitle=f"{rec['label']}, {rec['history'][0]['year']}–{rec['now']['year']}, "
        f"forecast to {fc[-1]['year']}",
    )
    forecast_section(doc, rec, heading="Forecast")
    doc.table(
        [
            {
                "year": r["year"],
                "forecast": r["mean"],
                "80% interval": f"{r['lo80']:.3f} – {r['hi80']:.3f}",
                "95% interval": f"{r['lo95']:.3f} – {r['hi95']:.3f}",
                "P(higher than now)": r["p_rise"],
            }
            for r in fc
        ],
        caption="Forecast by year",
    )
    sk = rec["skill"]
    doc.heading("How good is the model?")
    doc.paragraph(sk["sentence"])
    doc.paragraph(
        "MASE is the mean absolute error divided by the dyad's mean absolute year-on-year "
        "change (Hyndman & Koehler 2006); below 1 relative to no change means the model "
        "beats carrying the last value forward. docs/forecast.md has the full table."
    )
    doc.table(
        [
            {
                "model": sk["model"],
                "MASE": sk["mase"],
                "vs no change": sk["vs_no_change"],
                "vs dyad mean": sk["vs_dyad_mean"],
                "80% coverage": sk["coverage80"],
                "95% coverage": sk["coverage95"],
                "forecasts scored": sk["n"],
            }
        ],
        caption="Backtest, horizons together",
    )
    doc.sources(rec.get("sources", []))
    return doc


def backtest_markdown(summary: pd.DataFrame | Sequence[Mapping[str, Any]]) -> str:
    """A Markdown table of a backtest summary (model, h, n, MASE, ratios, coverage, Brier)."""
    df = summary if isinstance(summary, pd.DataFrame) else pd.DataFrame(list(summary))
    has_h = "h" in df.columns
    head = (
        ["model"]
        + (["h"] if has_h else [])
        + [
            "n",
            "MASE",
            "vs no change",
            "vs dyad mean",
            "80% coverage",
            "95% coverage",
            "Brier (rise)",
        ]
    )
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in df.to_dict("records"):
        cells = (
            [f"`{r['model']}`"]
            + ([str(int(r["h"]))] if has_h else [])
            + [
                f"{int(r['n']):,}",
                f"{r['mase']:.3f}",
                f"{r['vs_no_change']:.3f}",
                f"{r['vs_dyad_mean']:.3f}",
                f"{100 * r['coverage80']:.1f}%",
                f"{100 * r['coverage95']:.1f}%",
                f"{r['brier']:.3f}",
            ]
        )
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
