"""The ``why`` report as one self-contained HTML file with interactive charts (plotly).

Every chart carries a source line (also in the SVG/PNG files ``--figures`` writes); the world
maps draw outlines shipped with the package (:mod:`multipolar.report.maps`). Importing this
module also gives :class:`multipolar.explain.why.Evidence` its rich display in Jupyter
(:func:`fragment`).
"""

from __future__ import annotations

import html as _html
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from multipolar.explain.why import Evidence
from multipolar.report import maps
from multipolar.report.html import Document

_COLORS = {"a": "#c0392b", "b": "#2c3e91", "vs": "#7f8c8d", "pair": "#8e44ad"}
_VOTE = {1: "yes", 2: "abstain", 3: "no"}


def source_line(fig: go.Figure, text: str) -> go.Figure:
    """Write ``Source: text`` under the chart (it travels with exported SVG/PNG files)."""
    fig.add_annotation(
        text=f"Source: {text}",
        xref="paper",
        yref="paper",
        x=0,
        y=-0.32,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        font={"size": 10, "color": "#59636e"},
    )
    fig.update_layout(margin={"b": 110})
    return fig


def _source_of(doc: Document, name: str, text: str) -> None:
    """Give a chart added by another module's section the source line every chart has."""
    for f in doc._figures:
        if f.name == name:
            source_line(f.figure, text)


def _layout(
    fig: go.Figure, title: str, ytitle: str, *, yrange: list[float] | None = None
) -> go.Figure:
    fig.update_layout(
        title=title,
        template="plotly_white",
        height=440,
        margin={"l": 60, "r": 20, "t": 60, "b": 110},
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
    doc = Document(ev.get("title") or f"{A} and {B}", subtitle=ev.get("subtitle") or None)
    if ev.get("bottom_line", {}).get("text"):
        doc.heading("Bottom line")
        doc.paragraph(ev["bottom_line"]["text"])

    doc.heading("Findings")
    doc.bullets(f"{f['text']} [{f['source']}]" for f in ev["findings"])
    if ev.get("outlook"):
        from multipolar.report.forecast import forecast_section

        forecast_section(doc, ev["outlook"], level=3)
        _source_of(doc, "forecast-fan", f"{VOTES}; multipolar's backtested forecast model")
    cov = [c for c in ev.get("coverage", [])]
    if cov:
        doc.table(
            [
                {
                    "section": c["section"],
                    "source": c["source"],
                    "years with data for this pair": (
                        f"{c['from']}–{c['to']}" if c["from"] is not None else "none"
                    ),
                    "note": c["text"],
                }
                for c in cov
            ],
            caption=f"Period of each section (asked: {p['from']}–{p['to']})",
        )

    doc.heading("Evidence matrix")
    doc.paragraph(
        "Each usual explanation of an alignment, the measure that tests it, its value at the "
        "start and end of the period, and the verdict under the rule written beside it. "
        "Verdicts describe the data, not causes."
    )
    matrix = pd.DataFrame(ev["evidence_matrix"])
    if not matrix.empty:
        matrix = matrix.drop(columns=[c for c in ("key", "score") if c in matrix])
        matrix = matrix.rename(columns={"base_rate": "the field (base rate)"})
    doc.table(matrix, caption="Claimed drivers and what the data show")

    un = ev["un_votes"]
    doc.heading("UN General Assembly voting")
    by = pd.DataFrame(un.get("by_year", []))
    if un.get("rollcalls"):
        doc.paragraph(
            f"Roll calls used: {un['rollcalls']}, contested ones only (unanimous votes carry no "
            "information on alignment)."
        )
    if by.empty:
        doc.paragraph("No contested UN roll calls on which both states voted in this period.")
    else:
        doc.figure(
            source_line(
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
                VOTES,
            ),
            "un-agreement",
            caption="Share of contested roll calls with identical votes "
            "(unanimous votes excluded).",
        )
        kfig = _lines(
            by,
            {"kappa": (f"{A}–{B} kappa", _COLORS["pair"])},
            "Chance-corrected agreement (Cohen's kappa, quadratic weights) and its turning points",
            "kappa",
            yrange=[-1, 1],
        )
        for k, seg in enumerate(un.get("turning_points", {}).get("kappa", [])):
            kfig.add_trace(
                go.Scatter(
                    x=[seg["start"], seg["end"]],
                    y=[seg["fit_start"], seg["fit_end"]],
                    mode="lines",
                    line={"color": "#1f2328", "width": 2, "dash": "dot"},
                    name="piecewise-linear fit" if k == 0 else None,
                    showlegend=k == 0,
                    hoverinfo="skip",
                )
            )
        doc.figure(
            source_line(kfig, VOTES),
            "un-kappa",
            caption="Kappa corrects agreement for the states' own vote margins (Häge 2011). The "
            "dotted lines are the best piecewise-linear fit (breaks chosen by BIC), whose "
            "segments the findings narrate.",
        )
        doc.figure(
            source_line(
                _lines(
                    by,
                    {"percentile": (f"{A}–{B}", _COLORS["pair"])},
                    "Rank of the pair among all dyads (percentile of agreement)",
                    "percentile",
                    yrange=[0, 100],
                ),
                VOTES,
            ),
            "un-percentile",
        )
        _maps(doc, ev)
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
            source_line(fig, VOTES),
            "un-issues",
            caption="Pooled over the period: identical votes / shared votes.",
        )
    tog = pd.DataFrame(un.get("together_against_vs", []))
    if not tog.empty:
        doc.figure(
            source_line(
                _lines(
                    tog,
                    {"share": (f"{A} and {B} together against {C}", _COLORS["vs"])},
                    f"Voting together against {C}",
                    "share of roll calls",
                    yrange=[0, 1],
                ),
                VOTES,
            ),
            "un-together-against",
        )
    uk = ev.get("ukraine_votes") or []
    if uk:
        doc.table(
            [
                {
                    "resolution": r.get("unres"),
                    "date": r.get("date"),
                    "title": r.get("title"),
                    A: r["vote_a"],
                    B: r["vote_b"],
                    C: r["vote_vs"],
                }
                for r in uk
            ],
            caption="The emergency special session on Ukraine (ES-11): each state's vote",
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
            source_line(
                _layout(
                    fig,
                    "Ideal points on the main dimension of UN voting (95% intervals)",
                    "ideal point (positive: US side)",
                ),
                VOTES + "; multipolar's dynamic ordinal item-response model",
            ),
            "ideal-points",
            caption="Each state's position on the main dimension of UN voting, estimated from "
            "every state's votes of every year on one common scale (positive: the side of the "
            "United States); the bands are 95% intervals.",
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
            source_line(
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
                "COW National Material Capabilities 7.0 (Singer et al. 1972)",
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
        doc.figure(source_line(fig, "GML MID 2.2.1 (Gibler, Miller & Little 2016)"), "disputes")
    else:
        doc.paragraph("No militarized disputes among the three states in this period.")

    doc.heading("Trade and international organisations")
    tr = pd.DataFrame(ev["trade"])
    if not tr.empty:
        doc.figure(
            source_line(
                _lines(
                    tr,
                    {
                        "share_a": (f"share of {A}'s trade", _COLORS["a"]),
                        "share_b": (f"share of {B}'s trade", _COLORS["b"]),
                    },
                    f"{A}–{B} trade as a share of each one's total trade",
                    "share",
                ),
                "COW Trade 4.0 (Barbieri, Keshk & Pollins 2009)",
            ),
            "trade",
        )
    ig = pd.DataFrame(ev["igos"])
    if not ig.empty:
        doc.figure(
            source_line(
                _lines(
                    ig,
                    {"shared_igos": ("shared IGO memberships", _COLORS["pair"])},
                    f"Intergovernmental organisations both {A} and {B} belong to",
                    "IGOs",
                ),
                "COW IGO 3.0 (Pevehouse et al. 2020)",
            ),
            "igos",
        )

    if ev.get("sanctions"):
        from multipolar.report import sanctions as _sanctions

        _sanctions.html_section(doc, ev["sanctions"], {"a": A, "b": B})
        _source_of(doc, "sanctions-common-exposure", "GSDB V3 (Felbermayr et al. 2020)")

    if ev.get("what_they_say"):
        from multipolar.report.read_html import what_they_say_section

        what_they_say_section(doc, ev["what_they_say"])

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
            span = (events.get("coverage") or {}).get("text") or "imported event files"
            doc.figure(source_line(fig, f"news events ({span})"), "events-balance")
        if (events.get("coverage") or {}).get("text"):
            doc.paragraph(f"Coverage: {events['coverage']['text']}")
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


VOTES = (
    "UN General Assembly roll calls: unvotes (Bailey, Strezhnev & Voeten 2017) to 2018, "
    "the UN's own voting records from 2019"
)


def _maps(doc: Document, ev: dict[str, Any]) -> None:
    """Two world maps: every state's agreement with A and with B in the last common year."""
    from multipolar import states

    m = ev["un_votes"].get("map") or {}
    year = m.get("year")
    for key, side in (("with_a", "a"), ("with_b", "b")):
        rows = m.get(key) or []
        if not rows:
            continue
        code = ev["states"][side]["ccode"]
        name = states.name_in(code, year)
        values = {r["ccode"]: r["agree"] for r in rows}
        names = {c: states.name_in(c, year) for c in values}
        names[code] = name
        fig, missing = maps.value_map(
            values,
            title=f"Agreement with {name} on contested UN roll calls, {year}",
            label="identical votes",
            names=names,
            highlight={code: "#1f2328"},
        )
        note = (
            f" Not drawn (no outline today): {', '.join(names[c] for c in missing)}."
            if missing
            else ""
        )
        doc.figure(
            source_line(fig, f"{VOTES}. {maps.SOURCE}"),
            f"map-{key.replace('_', '-')}",
            caption=f"Each state's identical-vote share with {name} in {year}; {name} in black, "
            "grey: no votes in common. Today's borders." + note,
        )


def fragment(ev: dict[str, Any]) -> str:
    """A small HTML block for notebooks: title, bottom line, findings and the matrix."""
    esc = _html.escape
    rows = "".join(
        f"<tr><td>{esc(r['driver'])}</td><td>{esc(str(r['now'] or '–'))}</td>"
        f"<td><b>{esc(r['verdict'])}</b></td><td>{esc(r['rule'])}</td></tr>"
        for r in ev.get("evidence_matrix", [])
    )
    items = "".join(f"<li>{esc(f['text'])}</li>" for f in ev.get("findings", []))
    bottom = esc((ev.get("bottom_line") or {}).get("text", ""))
    return (
        f"<div class='multipolar-why'><h3>{esc(ev.get('title', ''))}</h3>"
        f"<p><i>{esc(ev.get('subtitle', ''))}</i></p><p><b>Bottom line.</b> {bottom}</p>"
        f"<ul>{items}</ul><table><thead><tr><th>driver</th><th>now</th><th>verdict</th>"
        f"<th>rule</th></tr></thead><tbody>{rows}</tbody></table></div>"
    )


Evidence.html_renderer = fragment


def build_group(ev: dict[str, Any]) -> Document:
    """The HTML document of a group's evidence (:meth:`GroupEvidence.to_dict`)."""
    doc = Document(ev["title"], subtitle=f"compared with {ev['vs']['name']}")
    doc.heading("Findings")
    doc.bullets(f"{f['text']} [{f['source']}]" for f in ev["findings"])
    codes = [s["ccode"] for s in ev["states"]]
    names = [s["name"] for s in ev["states"]]
    cell: dict[tuple[int, int], float] = {}
    for p in ev["pairs"]:
        cell[(p["ccode1"], p["ccode2"])] = cell[(p["ccode2"], p["ccode1"])] = p["agree"]
    z = [[1.0 if x == y else cell.get((x, y)) for y in codes] for x in codes]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=names,
            y=names,
            zmin=0,
            zmax=1,
            colorscale="RdBu_r",
            text=[[f"{100 * v:.0f}%" if v is not None else "" for v in row] for row in z],
            texttemplate="%{text}",
        )
    )
    fig.update_layout(title="Identical-vote share, last 5 years", template="plotly_white")
    doc.figure(source_line(fig, VOTES), "group-agreement")
    tog = pd.DataFrame(ev["together_against_vs"])
    if not tog.empty:
        doc.figure(
            source_line(
                _lines(
                    tog,
                    {"share": (f"all together against {ev['vs']['name']}", _COLORS["vs"])},
                    f"The group voting together against {ev['vs']['name']}",
                    "share of roll calls",
                    yrange=[0, 1],
                ),
                VOTES,
            ),
            "group-together-against",
        )
    doc.table(pd.DataFrame(ev["pairs"]), caption="Pairs (last 5 years of common votes)")
    if ev.get("gaps"):
        doc.heading("Gaps in the data")
        doc.bullets(ev["gaps"])
    doc.sources(ev["sources"])
    return doc
