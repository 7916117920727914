"""The sanctions section of the ``why`` report: terminal lines and an HTML section with a chart.

Both render the record of :func:`multipolar.explain.sanctions.sanctions_evidence` and compute
nothing; ``names`` are the pair's display names, ``(A, B)`` or ``{"a": A, "b": B}``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from multipolar.report.html import Document
from multipolar.report.why.terminal import sparkline

_COLORS = {"a": "#c0392b", "b": "#2c3e91", "pair": "#8e44ad", "base": "#7f8c8d"}


def _names(names: Sequence[str] | Mapping[str, str]) -> tuple[str, str]:
    if isinstance(names, Mapping):
        return str(names["a"]), str(names["b"])
    a, b = names
    return str(a), str(b)


def _last_shared(by: list[dict[str, Any]]) -> dict[str, Any] | None:
    hit = [r for r in by if r["shared_states"] >= 1]
    return hit[-1] if hit else None


def headline(evidence: Mapping[str, Any], names: Sequence[str] | Mapping[str, str]) -> str:
    """One sentence: the pair's common exposure in the last year of the period, with the base rate."""
    A, B = _names(names)
    by = list(evidence.get("by_year") or [])
    if not by:
        return f"No sanctions data for {A} and {B} in this period (GSDB covers 1949–2022)."
    r = by[-1]
    base = (
        "" if r.get("base_rate") is None else f"{100 * r['base_rate']:.0f}% of all pairs of states"
    )
    if r["shared_states"] >= 1:
        text = (
            f"In {r['year']} {A} and {B} were both targets of {r['shared_states']} Western "
            f"sender states ({r['shared_senders']} as GSDB records senders: "
            f"{', '.join(r['shared_names'])})"
        )
        if base:
            text += f"; {base} shared at least one, the pair ranks at the {r['percentile']:.0f}th percentile"
        return text + "."
    text = f"In {r['year']} no Western sender sanctioned both {A} and {B}"
    if base:
        text += f" ({base} shared at least one)"
    prev = _last_shared(by)
    if prev is not None:
        text += f"; the last year they shared one was {prev['year']}"
    return text + "."


def mutual_sentence(evidence: Mapping[str, Any], names: Sequence[str] | Mapping[str, str]) -> str:
    """One sentence on cases in which one of the pair sanctions the other."""
    A, B = _names(names)
    rows = list(evidence.get("one_sanctions_other") or [])
    if not rows:
        p = evidence.get("period") or {}
        return f"GSDB records no sanction between {A} and {B} in {p.get('from')}–{p.get('to')}."
    parts = []
    for m in rows:
        via = f" as a member of the {m['via']}" if m.get("via") else ""
        if m.get("target_via"):
            via = f" as a member of the {m['target_via']}"
        parts.append(f"{m['sender']} on {m['target']}{via} {m['years']} (case {m['case_id']})")
    return "Sanctions between them: " + "; ".join(parts) + "."


def terminal_lines(
    evidence: Mapping[str, Any], names: Sequence[str] | Mapping[str, str]
) -> list[str]:
    """Plain lines for the terminal report: the headline, a sparkline and sanctions between them."""
    by = list(evidence.get("by_year") or [])
    lines = [headline(evidence, names)]
    if by:
        top = max(max(r["senders_a"], r["senders_b"], r["shared_states"]) for r in by) or 1
        spark = sparkline([float(r["shared_states"]) for r in by], lo=0.0, hi=float(top))
        lines.append(
            f"Shared Western sender states {by[0]['year']} {spark} {by[-1]['year']} "
            f"(max {max(r['shared_states'] for r in by)})"
        )
    lines.append(mutual_sentence(evidence, names))
    return lines


def figure(evidence: Mapping[str, Any], names: Sequence[str] | Mapping[str, str]) -> go.Figure:
    """By year: Western sender states of each, those of both, and the share of all pairs sharing one."""
    A, B = _names(names)
    by = pd.DataFrame(evidence.get("by_year") or [])
    fig = go.Figure()
    if by.empty:
        return fig
    fig.add_trace(
        go.Bar(
            x=by["year"],
            y=by["shared_states"],
            name=f"sanctioning both {A} and {B}",
            marker_color=_COLORS["pair"],
            customdata=[", ".join(n) for n in by["shared_names"]],
            hovertemplate="%{y} states (%{customdata})<extra></extra>",
        )
    )
    for col, label, color in (
        ("senders_a", f"sanctioning {A}", _COLORS["a"]),
        ("senders_b", f"sanctioning {B}", _COLORS["b"]),
    ):
        fig.add_trace(
            go.Scatter(
                x=by["year"],
                y=by[col],
                mode="lines",
                name=label,
                line={"color": color},
            )
        )
    if "base_rate" in by and by["base_rate"].notna().any():
        fig.add_trace(
            go.Scatter(
                x=by["year"],
                y=100 * by["base_rate"],
                mode="lines",
                name="% of all pairs of states sharing one (right axis)",
                line={"color": _COLORS["base"], "dash": "dot"},
                yaxis="y2",
            )
        )
    fig.update_layout(
        title="Western sender states by year (GSDB V3; groups counted by their members)",
        template="plotly_white",
        height=420,
        margin={"l": 60, "r": 60, "t": 60, "b": 40},
        legend={"orientation": "h", "y": -0.2},
        hovermode="x unified",
        yaxis={"title": "sender states"},
        yaxis2={
            "title": "% of pairs",
            "overlaying": "y",
            "side": "right",
            "range": [0, 100],
            "tickmode": "linear",
            "tick0": 0,
            "dtick": 25,
            "showgrid": False,
        },
        xaxis={"title": "year"},
    )
    return fig


def html_section(
    doc: Document, evidence: Mapping[str, Any], names: Sequence[str] | Mapping[str, str]
) -> None:
    """Add the sanctions section to ``doc``: text, chart, shared senders, cases, gaps."""
    A, B = _names(names)
    doc.heading("Sanctions (GSDB)")
    doc.paragraph(headline(evidence, names))
    doc.paragraph(mutual_sentence(evidence, names))
    w = evidence.get("western") or {}
    doc.paragraph(
        "Western senders: "
        + ", ".join(w.get("states", []))
        + ", the members of the "
        + ", ".join(w.get("members_of", []))
        + " from accession, and cases sent by "
        + ", ".join(w.get("groups", []))
        + ". A group's case counts once per member state in the chart; a state acting "
        "through the UN or another non-Western body is not a Western sender. See "
        "docs/sanctions.md."
    )
    if evidence.get("by_year"):
        doc.figure(
            figure(evidence, names),
            "sanctions-common-exposure",
            caption="Bars: states sanctioning both in the same year. Lines: states sanctioning "
            "each. Dotted: the base rate among all pairs of states in the COW system. Source: "
            "GSDB V3 (Felbermayr et al. 2020).",
        )
    shared = pd.DataFrame(evidence.get("shared_senders") or [])
    if not shared.empty:
        doc.table(
            shared[["sender", "years", "cases_a", "cases_b"]].rename(
                columns={"cases_a": f"cases against {A}", "cases_b": f"cases against {B}"}
            ),
            caption=f"Western senders (as GSDB records them) that sanctioned both {A} and {B}",
        )
    mutual = pd.DataFrame(evidence.get("one_sanctions_other") or [])
    if not mutual.empty:
        doc.table(
            mutual[["case_id", "sender", "target", "via", "years", "types", "objective"]],
            caption="Cases in which one sanctions the other (via: as a member of a group)",
        )
    cases = pd.DataFrame(evidence.get("cases") or [])
    if not cases.empty:
        doc.table(
            cases[
                [
                    "case_id",
                    "target_name",
                    "senders",
                    "begin",
                    "end",
                    "types",
                    "objective",
                    "success",
                    "western",
                    "shared",
                ]
            ].rename(columns={"target_name": "target"}),
            caption=f"Sanction cases against {A} or {B} in the period (GSDB case ids)",
            max_rows=60,
        )
    if evidence.get("gaps"):
        doc.bullets(evidence["gaps"])
