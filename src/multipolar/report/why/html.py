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

from multipolar.explain.provenance import cite
from multipolar.explain.why import Evidence
from multipolar.report import maps
from multipolar.report.html import Document
from multipolar.sources.un_vocabulary import VOTE_WORDS

_COLORS = {"a": "#c0392b", "b": "#2c3e91", "vs": "#7f8c8d", "pair": "#8e44ad"}


def source_line(fig: Any, text: str) -> Any:
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
        if f.name == name and isinstance(f.figure, dict):
            f.figure = _with_source({**f.figure, "source": text})


def _with_source(spec: dict[str, Any]) -> dict[str, Any]:
    """A channel's plain chart spec with its ``Source:`` line under the plot."""
    layout = dict(spec["layout"])
    notes = list(layout.get("annotations", []))
    notes.append(
        {
            "text": f"Source: {spec.get('source') or ''}",
            "xref": "paper",
            "yref": "paper",
            "x": 0,
            "y": -0.32,
            "xanchor": "left",
            "yanchor": "top",
            "showarrow": False,
            "font": {"size": 10, "color": "#59636e"},
        }
    )
    layout["annotations"] = notes
    return {"data": spec["data"], "layout": layout}


def _charts(doc: Document, ev: dict[str, Any], names: tuple[str, ...] | None = None) -> None:
    """Draw the channels' charts named ``names`` (None: every chart not drawn yet), once."""
    drawn = set(doc.figure_names)
    for spec in ev.get("charts") or []:
        if spec["name"] in drawn or (names is not None and spec["name"] not in names):
            continue
        doc.figure(_with_source(spec), spec["name"], caption=spec.get("caption"))


def build(ev: dict[str, Any]) -> Document:
    """The HTML document of the evidence dict (:meth:`Evidence.to_dict`); the channels' charts
    are plain Plotly.js specs drawn in the page."""
    st = ev["states"]
    A, B, C = st["a"]["name"], st["b"]["name"], st["vs"]["name"]
    p = ev["period"]
    doc = Document(ev.get("title") or f"{A} and {B}", subtitle=ev.get("subtitle") or None)
    if ev.get("bottom_line", {}).get("text"):
        doc.heading("Bottom line")
        doc.paragraph(ev["bottom_line"]["text"])
    reason = (ev.get("comparator") or {}).get("reason")
    if reason:
        doc.paragraph(f"Comparator: {C} ({reason}).")

    doc.heading("Findings")
    doc.bullets(f"{f['text']} [{f['source']}]" for f in ev["findings"])
    if ev.get("outlook"):
        from multipolar.report.forecast import forecast_section

        forecast_section(doc, ev["outlook"], level=3)
        _source_of(
            doc, "forecast-fan", f"{_votes_source()}; multipolar's backtested forecast model"
        )
    cov = list(ev.get("coverage", []))
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
        "Verdicts describe the data, not causes; a channel that cannot test this pair says "
        "why (not applicable)."
    )
    matrix = pd.DataFrame(ev["evidence_matrix"])
    if not matrix.empty:
        matrix = matrix.drop(
            columns=[c for c in ("key", "score", "last_year", "title") if c in matrix]
        )  # "title" is the terminal's short label of the driver
        matrix = matrix.rename(columns={"base_rate": "the field (base rate)"})
    doc.table(matrix, caption="Claimed drivers and what the data show")

    un = ev["un_votes"]
    doc.heading("UN General Assembly voting")
    if un.get("rollcalls"):
        doc.paragraph(
            f"Roll calls used: {un['rollcalls']}, contested ones only (unanimous votes carry no "
            "information on alignment)."
        )
    if not un.get("by_year"):
        doc.paragraph("No contested UN roll calls on which both states voted in this period.")
    else:
        _charts(doc, ev, ("un-agreement", "un-kappa", "un-percentile"))
        _maps(doc, ev)
    _charts(doc, ev, ("un-issues", "un-together-against"))
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
        sp = sp.assign(vote_a=sp["vote_a"].map(VOTE_WORDS), vote_b=sp["vote_b"].map(VOTE_WORDS))
        sp = sp.rename(columns={"vote_a": A, "vote_b": B})
        doc.table(
            sp, caption=f"Roll calls where {A} and {B} split (most recent first)", max_rows=40
        )

    doc.heading("Ideal points")
    if not ev.get("ideal_points"):
        doc.paragraph("No ideal points for this period.")
    _charts(doc, ev, ("ideal-points",))

    doc.heading("Alliances (ATOP)")
    al = pd.DataFrame(ev["alliances"])
    doc.table(
        al[["pair", "name1", "name2", "type", "from", "to"]] if not al.empty else al,
        caption="Alliance commitments in force (spells of consecutive years, split where a "
        "state's name of the year changes)",
    )

    doc.heading("Capabilities (COW NMC)")
    _charts(doc, ev, ("capabilities",))

    doc.heading("Rivalries and disputes")
    riv = pd.DataFrame(ev["rivalries"])
    doc.table(
        riv[["pair", "name", "from", "to", "types"]] if not riv.empty else riv,
        caption="Strategic rivalries (Thompson, Sakuwa & Suhas)",
    )
    if ev.get("disputes"):
        _charts(doc, ev, ("disputes",))
    else:
        doc.paragraph("No militarized disputes among the three states in this period.")

    doc.heading("Trade and international organisations")
    _charts(doc, ev, ("trade", "igos"))

    for name, heading in (
        ("unsc", "Security Council vetoes"),
        ("conflict", "Armed conflict (UCDP/PRIO)"),
        ("finance", "Chinese official finance (AidData aggregates)"),
    ):
        if any(c["name"] == name for c in ev.get("charts") or []):
            doc.heading(heading)
            _charts(doc, ev, (name,))

    if ev.get("sanctions"):
        from multipolar.report import sanctions as _sanctions

        _sanctions.html_section(doc, ev["sanctions"], {"a": A, "b": B})
        _source_of(doc, "sanctions-common-exposure", cite("gsdb_cases"))

    if ev.get("what_they_say"):
        from multipolar.report.read_html import what_they_say_section

        what_they_say_section(doc, ev["what_they_say"])

    events = ev.get("events")
    if events:
        _events_section(doc, ev, events)

    # a channel added to the registry draws here until it has a section of its own
    if any(c["name"] not in doc.figure_names for c in ev.get("charts") or []):
        doc.heading("More channels")
        _charts(doc, ev)

    if ev.get("gaps"):
        doc.heading("Gaps in the data")
        doc.bullets(ev["gaps"])
    doc.sources(ev["sources"])
    return doc


def _events_section(doc: Document, ev: dict[str, Any], events: dict[str, Any]) -> None:
    st = ev["states"]
    A, B, C = st["a"]["name"], st["b"]["name"], st["vs"]["name"]
    doc.heading("News events")
    monthly = pd.DataFrame(events.get("pair", {}).get("monthly", []))
    if not monthly.empty and "balance" in monthly:
        data: list[dict[str, Any]] = [
            {
                "type": "bar",
                "x": list(monthly["month"]),
                "y": list(monthly["balance"]),
                "name": f"{A}–{B}",
                "marker": {"color": _COLORS["pair"]},
            }
        ]
        comp = events.get("comparator") or {}
        for key, label, color in (
            ("a_vs", f"{A}–{C}", _COLORS["a"]),
            ("b_vs", f"{B}–{C}", _COLORS["b"]),
        ):
            m = pd.DataFrame((comp.get(key) or {}).get("monthly", []))
            if not m.empty:
                data.append(
                    {
                        "type": "scatter",
                        "x": list(m["month"]),
                        "y": list(m["balance"]),
                        "name": label,
                        "mode": "lines+markers",
                        "line": {"color": color},
                    }
                )
        span = (events.get("coverage") or {}).get("text") or "imported event files"
        spec = {
            "source": f"news events ({span})",
            "data": data,
            "layout": {
                "title": {"text": "Cooperation minus conflict, share of events per month"},
                "height": 440,
                "yaxis": {"title": {"text": "(coop − conflict) / events"}, "range": [-1, 1]},
                "xaxis": {"title": {"text": "month"}},
                "legend": {"orientation": "h", "y": -0.15},
                "margin": {"l": 60, "r": 20, "t": 60, "b": 110},
            },
        }
        doc.figure(_with_source(spec), "events-balance")
    if (events.get("coverage") or {}).get("text"):
        doc.paragraph(f"Coverage: {events['coverage']['text']}")
    for direction, rows in (events.get("top_events") or {}).items():
        if rows:
            doc.table(pd.DataFrame(rows), caption=f"Most reported events {direction}", max_rows=10)


def _votes_source() -> str:
    """The UN vote sources, read from their source cards (never typed)."""
    return cite("unvotes", "unga_unxml")


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
            _with_source({**fig, "source": f"{_votes_source()}. {maps.SOURCE}"}),
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
    heat = {
        "source": _votes_source(),
        "data": [
            {
                "type": "heatmap",
                "z": z,
                "x": names,
                "y": names,
                "zmin": 0,
                "zmax": 1,
                "colorscale": "RdBu",
                "reversescale": True,
                "text": [[f"{100 * v:.0f}%" if v is not None else "" for v in row] for row in z],
                "texttemplate": "%{text}",
            }
        ],
        "layout": {"title": {"text": "Identical-vote share, last 5 years"}, "height": 480},
    }
    doc.figure(_with_source(heat), "group-agreement")
    tog = pd.DataFrame(ev["together_against_vs"])
    if not tog.empty:
        spec = {
            "source": _votes_source(),
            "data": [
                {
                    "type": "scatter",
                    "x": tog["year"].tolist(),
                    "y": tog["share"].tolist(),
                    "mode": "lines+markers",
                    "name": f"all together against {ev['vs']['name']}",
                    "line": {"color": _COLORS["vs"]},
                }
            ],
            "layout": {
                "title": {"text": f"The group voting together against {ev['vs']['name']}"},
                "height": 440,
                "yaxis": {"title": {"text": "share of roll calls"}, "range": [0, 1]},
                "xaxis": {"title": {"text": "year"}},
                "margin": {"l": 60, "r": 20, "t": 60, "b": 110},
            },
        }
        doc.figure(_with_source(spec), "group-together-against")
    if ev.get("ranking"):
        doc.paragraph(f"Ranking: {ev['ranking']}.")
    doc.table(pd.DataFrame(ev["pairs"]), caption="Pairs (last 5 years of common votes)")
    if ev.get("gaps"):
        doc.heading("Gaps in the data")
        doc.bullets(ev["gaps"])
    doc.sources(ev["sources"])
    return doc
