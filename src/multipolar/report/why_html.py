"""The ``why`` report as one self-contained HTML file with interactive charts (plotly)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from multipolar.report.html import Document

_COLORS = {"a": "#c0392b", "b": "#2c3e91", "vs": "#7f8c8d", "pair": "#8e44ad"}
_VOTE = {1: "yes", 2: "abstain", 3: "no"}


def _layout(
    fig: go.Figure, title: str, ytitle: str, *, yrange: list[float] | None = None
) -> go.Figure:
    fig.update_layout(
        title=title,
        template="plotly_white",
        height=420,
        margin={"l": 60, "r": 20, "t": 60, "b": 40},
        legend={"orientation": "h", "y": -0.15},
        hovermode="x unified",
    )
    fig.update_yaxes(title=ytitle, range=yrange)
    fig.update_xaxes(title="year")
    return fig


def _lines(
    df: pd.DataFrame, series: dict[str, tuple[str, str]], title: str, ytitle: str, **kw: Any
) -> go.Figure:
    fig = go.Figure()
    for col, (label, color) in series.items():
        fig.add_trace(
            go.Scatter(
                x=df["year"],
                y=df[col],
                mode="lines+markers",
                name=label,
                line={"color": color},
                marker={"size": 4},
            )
        )
    return _layout(fig, title, ytitle, **kw)


def build(ev: dict[str, Any]) -> Document:
    """The HTML document of the evidence dict (:meth:`Evidence.to_dict`)."""
    st = ev["states"]
    A, B, C = st["a"]["name"], st["b"]["name"], st["vs"]["name"]
    p = ev["period"]
    doc = Document(
        f"Why do {A} and {B} align?",
        subtitle=f"{p['from']}–{p['to']}, compared with {C} and with all other pairs of states",
    )

    doc.heading("Findings")
    doc.bullets(f"{f['text']} [{f['source']}]" for f in ev["findings"])

    doc.heading("Evidence matrix")
    doc.paragraph(
        "Each usual explanation of an alignment, the measure that tests it, its value at the "
        "start and end of the period, and the verdict under the rule written beside it. "
        "Verdicts describe the data, not causes."
    )
    doc.table(pd.DataFrame(ev["evidence_matrix"]), caption="Claimed drivers and what the data show")

    un = ev["un_votes"]
    doc.heading("UN General Assembly voting")
    by = pd.DataFrame(un.get("by_year", []))
    if by.empty:
        doc.paragraph("No contested UN roll calls on which both states voted in this period.")
    else:
        doc.figure(
            _lines(
                by,
                {
                    "agree": (f"{A}–{B}", _COLORS["pair"]),
                    "agree_a_vs": (f"{A}–{C}", _COLORS["a"]),
                    "agree_b_vs": (f"{B}–{C}", _COLORS["b"]),
                },
                "Identical-vote share on contested roll calls",
                "agreement",
                yrange=[0, 1],
            ),
            "un-agreement",
            caption="Share of contested roll calls with identical votes "
            "(unanimous votes excluded). Source: unvotes.",
        )
        doc.figure(
            _lines(
                by,
                {"kappa": (f"{A}–{B} kappa", _COLORS["pair"])},
                "Chance-corrected agreement (Cohen's kappa, quadratic weights)",
                "kappa",
                yrange=[-1, 1],
            ),
            "un-kappa",
            caption="Kappa corrects agreement for the states' own vote margins (Häge 2011).",
        )
        doc.figure(
            _lines(
                by,
                {"percentile": (f"{A}–{B}", _COLORS["pair"])},
                "Rank of the pair among all dyads (percentile of agreement)",
                "percentile",
                yrange=[0, 100],
            ),
            "un-percentile",
        )
    iss = pd.DataFrame(un.get("by_issue", []))
    if not iss.empty:
        fig = go.Figure(
            go.Bar(
                x=iss["label"],
                y=iss["agree"],
                text=[f"n={n}" for n in iss["n_votes"]],
                marker_color=_COLORS["pair"],
            )
        )
        fig = _layout(
            fig,
            f"{A}–{B} agreement by issue area, {p['from']}–{p['to']}",
            "agreement",
            yrange=[0, 1],
        )
        fig.update_xaxes(title="issue area")
        doc.figure(
            fig, "un-issues", caption="Pooled over the period: identical votes / shared votes."
        )
    tog = pd.DataFrame(un.get("together_against_vs", []))
    if not tog.empty:
        doc.figure(
            _lines(
                tog,
                {"share": (f"{A} and {B} together against {C}", _COLORS["vs"])},
                f"Voting together against {C}",
                "share of roll calls",
                yrange=[0, 1],
            ),
            "un-together-against",
        )
    sp = pd.DataFrame(un.get("splits", []))
    if not sp.empty:
        sp = sp.assign(vote_a=sp["vote_a"].map(_VOTE), vote_b=sp["vote_b"].map(_VOTE))
        sp = sp.rename(columns={"vote_a": A, "vote_b": B})
        doc.table(
            sp, caption=f"Roll calls where {A} and {B} split (most recent first)", max_rows=40
        )

    doc.heading("Ideal points")
    ip = pd.DataFrame(ev["ideal_points"])
    if ip.empty:
        doc.paragraph("No ideal points for this period.")
    else:
        fig = go.Figure()
        for key in ("a", "b", "vs"):
            d = ip[ip["ccode"] == st[key]["ccode"]].sort_values("year")
            if d.empty:
                continue
            color = _COLORS[key]
            fig.add_trace(
                go.Scatter(
                    x=list(d["year"]) + list(d["year"][::-1]),
                    y=list(d["ideal"] + 1.96 * d["se"]) + list((d["ideal"] - 1.96 * d["se"])[::-1]),
                    fill="toself",
                    fillcolor=color,
                    opacity=0.2,
                    line={"width": 0},
                    hoverinfo="skip",
                    showlegend=False,
                )
            )
            fig.add_trace(
                go.Scatter(
                    x=d["year"],
                    y=d["ideal"],
                    mode="lines",
                    name=st[key]["name"],
                    line={"color": color},
                )
            )
        doc.figure(
            _layout(
                fig,
                "Ideal points on the main dimension of UN voting (95% intervals)",
                "ideal point (positive: US side)",
            ),
            "ideal-points",
            caption="Dynamic ordinal IRT fitted on all states (docs/idealpoints.md).",
        )

    doc.heading("Alliances (ATOP)")
    al = pd.DataFrame(ev["alliances"])
    doc.table(
        al[["pair", "type", "from", "to"]] if not al.empty else al,
        caption="Alliance commitments in force (spells of consecutive years)",
    )

    doc.heading("Capabilities (COW NMC)")
    cap = pd.DataFrame(ev["capabilities"])
    if not cap.empty:
        doc.figure(
            _lines(
                cap,
                {
                    "cinc_a": (A, _COLORS["a"]),
                    "cinc_b": (B, _COLORS["b"]),
                    "cinc_vs": (C, _COLORS["vs"]),
                    "combined_ab": (f"{A} + {B}", _COLORS["pair"]),
                },
                "Share of world material capabilities (CINC)",
                "CINC",
            ),
            "capabilities",
        )

    doc.heading("Rivalries and disputes")
    riv = pd.DataFrame(ev["rivalries"])
    doc.table(
        riv[["pair", "name", "from", "to", "types"]] if not riv.empty else riv,
        caption="Strategic rivalries (Thompson & Dreyer)",
    )
    mid = pd.DataFrame(ev["disputes"])
    if not mid.empty:
        fig = go.Figure()
        for pair, d in mid.groupby("pair"):
            fig.add_trace(go.Bar(x=d["year"], y=d["n_disputes"], name=str(pair)))
        fig = _layout(fig, "Militarized interstate disputes by year (GML MID)", "disputes")
        fig.update_layout(barmode="stack")
        doc.figure(fig, "disputes")
    else:
        doc.paragraph("No militarized disputes among the three states in this period.")

    doc.heading("Trade and international organisations")
    tr = pd.DataFrame(ev["trade"])
    if not tr.empty:
        doc.figure(
            _lines(
                tr,
                {
                    "share_a": (f"share of {A}'s trade", _COLORS["a"]),
                    "share_b": (f"share of {B}'s trade", _COLORS["b"]),
                },
                f"{A}–{B} trade as a share of each one's total trade",
                "share",
            ),
            "trade",
        )
    ig = pd.DataFrame(ev["igos"])
    if not ig.empty:
        doc.figure(
            _lines(
                ig,
                {"shared_igos": ("shared IGO memberships", _COLORS["pair"])},
                f"Intergovernmental organisations both {A} and {B} belong to",
                "IGOs",
            ),
            "igos",
        )

    events = ev.get("events")
    if events:
        doc.heading("News events")
        monthly = pd.DataFrame(events.get("pair", {}).get("monthly", []))
        if not monthly.empty and "balance" in monthly:
            fig = go.Figure(
                go.Bar(
                    x=monthly["month"],
                    y=monthly["balance"],
                    name=f"{A}–{B}",
                    marker_color=_COLORS["pair"],
                )
            )
            comp = events.get("comparator") or {}
            for key, label, color in (
                ("a_vs", f"{A}–{C}", _COLORS["a"]),
                ("b_vs", f"{B}–{C}", _COLORS["b"]),
            ):
                m = pd.DataFrame((comp.get(key) or {}).get("monthly", []))
                if not m.empty:
                    fig.add_trace(
                        go.Scatter(
                            x=m["month"],
                            y=m["balance"],
                            name=label,
                            mode="lines+markers",
                            line={"color": color},
                        )
                    )
            fig = _layout(
                fig,
                "Cooperation minus conflict, share of events per month",
                "(coop − conflict) / events",
                yrange=[-1, 1],
            )
            fig.update_xaxes(title="month")
            doc.figure(fig, "events-balance")
        for direction, rows in (events.get("top_events") or {}).items():
            if rows:
                doc.table(
                    pd.DataFrame(rows), caption=f"Most reported events {direction}", max_rows=10
                )

    if ev.get("gaps"):
        doc.heading("Gaps in the data")
        doc.bullets(ev["gaps"])
    doc.sources(ev["sources"])
    return doc
