"""``multipolar blocs``, ``polarity`` and ``balance``: the shape of the whole system.

Each command calls one function of :mod:`multipolar.explain.system`, hands the result to
the shared writer and, with ``--html PATH``, writes a self-contained report with charts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import typer

from multipolar import states as _states
from multipolar.cli._common import FormatOpt, OutOpt, open_store, out_path, split_names
from multipolar.errors import InputError
from multipolar.explain import system as _system
from multipolar.explain.labels import largest_states
from multipolar.explain.provenance import sources_for
from multipolar.report.maps import bloc_map_figure, label_largest
from multipolar.report.output import check_target, emit

HtmlOpt = typer.Option(None, "--html", help="Also write an HTML report with charts to PATH.")
_PALETTE = [
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#17becf",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
]


def blocs(
    year: int | None = typer.Option(None, "--year", "-y", help="One year: its blocs."),
    first: int | None = typer.Option(None, "--from", help="First year (with --states)."),
    last: int | None = typer.Option(None, "--to", help="Last year (with --states)."),
    states: list[str] = typer.Option(
        None, "--states", "-s", help="States to track over --from..--to, comma-separated."
    ),
    window: int = typer.Option(1, "--window", help="Pool N years of votes (trailing)."),
    weight: str = typer.Option("agree", "--weight", help="Edge weight: agree or kappa."),
    resolution: float = typer.Option(1.0, "--resolution", help="Modularity resolution."),
    seed: int = typer.Option(0, "--seed", help="Seed of the Leiden runs."),
    out: Path | None = OutOpt,
    fmt: str = FormatOpt,
    html: Path | None = HtmlOpt,
) -> None:
    """UN voting blocs of a year, or the blocs of named states over time (with ARI).

    Blocs are Leiden communities maximising modularity on the agreement graph, labelled by
    their most powerful member (CINC). See docs/system.md.
    """
    if weight not in ("agree", "kappa"):
        raise InputError(f"--weight must be agree or kappa, not {weight!r}")
    names = split_names(states)
    opts: dict[str, Any] = {"window": window, "weight": weight, "resolution": resolution}
    opts["seed"] = seed
    if names:
        if year is not None and (first is None and last is None):
            first = last = year
        if first is None or last is None:
            raise InputError("tracking states needs --from YEAR and --to YEAR")
        with open_store() as st:
            tracks = _system.bloc_tracks(st, first, last, names, **opts)
        table = tracks.table()
        if html is not None:
            _tracks_html(tracks, html, first, last)
        emit(table, fmt=fmt, out=out_path(out), title=f"Blocs {first}-{last}")
        return
    if year is None:
        raise InputError("give --year YEAR, or --from/--to with --states to track states")
    with open_store() as st:
        res = _system.blocs_for_year(st, year, **opts)
        network = _system.bloc_network(st, res, window=window) if html is not None else None
        largest = largest_states(st, year) if html is not None else {}
    if html is not None and network is not None:
        _blocs_html(res, network, html, largest)
    if fmt == "json" or out is not None:
        emit([res.to_dict()], fmt=fmt, out=out_path(out))
        return
    rows = [
        {
            "bloc": b["id"],
            "label": b["label"],
            "rule": b["label_rule"],
            "size": b["size"],
            "members": _names(b["members"], res.year),
        }
        for b in res.blocs
    ]
    if res.warning:
        typer.echo(f"warning: {res.warning}", err=True)
    emit(
        rows,
        fmt=fmt,
        title=f"UN voting blocs, {res.year}" + (f" ({window}-year window)" if window > 1 else ""),
        caption=f"modularity {res.modularity:.4f} · {res.method}",
    )


def polarity(
    first: int | None = typer.Option(None, "--from", help="First year (default 1816)."),
    last: int | None = typer.Option(None, "--to", help="Last year (default 2022)."),
    votes: bool = typer.Option(True, "--votes/--no-votes", help="Add UN bloc/bipolarity."),
    out: Path | None = OutOpt,
    fmt: str = FormatOpt,
    html: Path | None = HtmlOpt,
) -> None:
    """Yearly polarity: CON concentration, effective poles, top three, UN bipolarity."""
    with open_store() as st:
        df = _system.polarity_series(st, first, last, votes=votes)
    if html is not None:
        _polarity_html(df, html)
    for note in df.attrs.get("notes", []):
        typer.echo(f"note: {note}", err=True)
    cols = ["year", "con_major", "con_all", "poles_effective", "top3", "n_blocs", "modularity",
            "bipolarity"]  # fmt: skip
    table = df[cols]
    if fmt == "table" and out is None:  # readable top three: "CHN 23.3%, USA 12.1%, IND 9.9%"
        table = table.assign(top3=[_top3_text(t) for t in table["top3"]])
    emit(
        table,
        fmt=fmt,
        out=out_path(out),
        title="Polarity",
        caption="CON: Singer, Bremer & Stuckey (1972); poles: inverse Herfindahl of majors",
    )


def balance(
    year: int | None = typer.Option(None, "--year", "-y", help="Year of the signed network."),
    states: list[str] = typer.Option(None, "--states", "-s", help="Only these states."),
    edges: Path | None = typer.Option(
        None, "--edges", help="CSV source,target,sign[,weight] instead of the data."
    ),
    signed_by: str | None = typer.Option(
        None,
        "--signed-by",
        help="agreement: sign every tie by UN voting (kappa thresholds), both + and -; "
        "overrides --positive/--negative.",
    ),
    positive: str = typer.Option(
        "alliances", "--positive", help="Positive ties: alliances, agreement (comma-separated)."
    ),
    negative: str = typer.Option(
        "rivalries,mids", "--negative", help="Negative ties: rivalries, mids, agreement."
    ),
    agree_above: float = typer.Option(
        _system.AGREE_ABOVE, "--agree-above", help="Kappa at or above: positive tie."
    ),
    agree_below: float = typer.Option(
        _system.AGREE_BELOW, "--agree-below", help="Kappa at or below: negative tie."
    ),
    conflict: str = typer.Option(
        "negative", "--conflict", help="A pair both + and -: negative, positive or drop."
    ),
    weighted: bool = typer.Option(False, "--weighted", help="Minimise frustrated weight."),
    time_limit: float = typer.Option(
        30.0, "--time-limit", help="Seconds for the whole computation (reading, census, solve)."
    ),
    out: Path | None = OutOpt,
    fmt: str = FormatOpt,
    html: Path | None = HtmlOpt,
) -> None:
    """Structural balance: triad census and the exact frustration index with two camps."""
    if conflict not in ("negative", "positive", "drop"):
        raise InputError(f"--conflict must be negative, positive or drop, not {conflict!r}")
    if not time_limit > 0:
        raise InputError(f"--time-limit must be a positive number of seconds, not {time_limit:g}")
    if signed_by is not None:
        if signed_by != "agreement":
            raise InputError(f"--signed-by takes agreement, not {signed_by!r}")
        positive = negative = "agreement"
    if html is not None:
        check_target(html)
    if out is not None:
        check_target(out)
    with open_store() as st:
        sb = _system.balance_for_year(
            st,
            year,
            positive=split_names([positive]),
            negative=split_names([negative]),
            edges_file=edges,
            states=split_names(states) or None,
            agree_above=agree_above,
            agree_below=agree_below,
            conflict=conflict,  # type: ignore[arg-type]
            weighted=weighted,
            time_limit=time_limit,
        )
    if html is not None:
        _balance_html(sb, html)
    for note in sb.notes:
        typer.echo(f"note: {note}", err=True)
    record = sb.to_dict()
    if fmt == "json" or out is not None:
        emit([record], fmt=fmt, out=out_path(out))
        return
    r = sb.result
    rows = [
        {"measure": "nodes", "value": r.nodes},
        {"measure": "edges", "value": r.edges},
        {"measure": "frustration index", "value": r.frustration},
        {"measure": "optimal", "value": r.optimal},
        {"measure": "gap", "value": r.gap},
        {"measure": "balance index (1 - 2L/m)", "value": r.balance_index},
        {
            "measure": "triangles (balanced / unbalanced)",
            "value": f"{r.triads['balanced']} / {r.triads['unbalanced']}",
        },
        {"measure": "camp A", "value": ", ".join(_names(r.partition["camp_a"], sb.year))},
        {"measure": "camp B", "value": ", ".join(_names(r.partition["camp_b"], sb.year))},
        {"measure": "seconds", "value": r.seconds},
    ]
    title = f"Structural balance, {year}" if year else "Structural balance"
    emit(rows, fmt=fmt, title=title, caption=r.method, max_rows=None)


# --- display helpers ---------------------------------------------------------------------
def _top3_text(top: Any) -> str:
    parts = []
    for item in top if isinstance(top, list) else []:
        st = _states.state(int(item["ccode"]))
        parts.append(f"{st.iso3 or st.abbrev} {100 * float(item['share']):.1f}%")
    return ", ".join(parts)


def _names(codes: list[Any], year: int | None = None) -> list[str]:
    """Names of the year for state codes (labels of a user's edge list stay as they are)."""
    return [_system._name(c, year) if isinstance(c, int) else str(c) for c in codes]


def _sources(tables: list[str]) -> list[dict[str, str]]:
    return sources_for(tables)


def _blocs_html(
    res: Any,
    network: tuple[pd.DataFrame, pd.DataFrame],
    path: Path,
    largest: dict[int, float] | None = None,
) -> None:
    import plotly.graph_objects as go

    from multipolar.report.html import Document

    nodes, edges = network
    doc = Document(f"UN voting blocs, {res.year}", subtitle=res.method)
    doc.paragraph(
        f"{res.n_blocs} blocs; modularity {res.modularity:.4f}. Each bloc is labelled by its "
        "most powerful member in material capabilities (CINC), not by who leads its votes."
        + (f" Warning: {res.warning}." if res.warning else "")
    )
    doc.table(
        [
            {
                "bloc": b["id"],
                "label": b["label"],
                "size": b["size"],
                "members": ", ".join(_names(b["members"], res.year)),
            }
            for b in res.blocs
        ],
        caption="Blocs",
    )
    pos = nodes.set_index("ccode")[["x", "y"]]
    ex, ey = [], []
    for a, b in zip(edges["ccode1"], edges["ccode2"], strict=True):
        ex += [pos.at[a, "x"], pos.at[b, "x"], None]
        ey += [pos.at[a, "y"], pos.at[b, "y"], None]
    fig = go.Figure(
        go.Scatter(
            x=ex,
            y=ey,
            mode="lines",
            line={"width": 0.5, "color": "#bbb"},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    for k, (bid, g) in enumerate(nodes.groupby("bloc")):
        fig.add_trace(
            go.Scatter(
                x=g["x"],
                y=g["y"],
                mode="markers",
                text=g["state"],
                hoverinfo="text",
                marker={"size": 9, "color": _PALETTE[k % len(_PALETTE)]},
                name=f"{bid}: {g['label'].iloc[0]} ({len(g)})",
            )
        )
    fig.update_layout(
        title="Agreement network (classical scaling; each state's 3 closest ties)",
        xaxis={"visible": False},
        yaxis={"visible": False},
        template="plotly_white",
    )
    label_largest(fig, nodes, largest or {})
    doc.figure(fig, "agreement-network", caption="Distance reads as disagreement.")
    bloc_map_figure(doc, res)
    doc.sources(_sources(["unga_votes", "cow_nmc"]))
    doc.write(path)


def _tracks_html(tracks: Any, path: Path, first: int, last: int) -> None:
    import plotly.graph_objects as go

    from multipolar.report.html import Document

    t = tracks.tracks
    doc = Document(f"UN voting blocs, {first}-{last}", subtitle="bloc of each named state")
    fig = go.Figure()
    labels = sorted(t["label"].dropna().unique())
    colour = {lab: _PALETTE[k % len(_PALETTE)] for k, lab in enumerate(labels)}
    for lab in labels:
        g = t[t["label"] == lab]
        fig.add_trace(
            go.Scatter(
                x=g["year"],
                y=g["state"],
                mode="markers",
                name=str(lab),
                marker={"symbol": "square", "size": 10, "color": colour[lab]},
            )
        )
    fig.update_layout(
        title="Bloc membership (colour: the bloc's most powerful member)", template="plotly_white"
    )
    doc.figure(fig, "bloc-membership")
    s = tracks.stability
    fig2 = go.Figure(go.Scatter(x=s["year"], y=s["ari"], mode="lines+markers", name="ARI"))
    fig2.update_layout(
        title="Stability: adjusted Rand index with the previous year",
        template="plotly_white",
        yaxis={"range": [-0.1, 1.05]},
    )
    doc.figure(fig2, "bloc-stability")
    doc.table(tracks.table(), caption="Blocs by year", max_rows=500)
    doc.sources(_sources(["unga_votes", "cow_nmc"]))
    doc.write(path)


def _polarity_html(df: pd.DataFrame, path: Path) -> None:
    import plotly.graph_objects as go

    from multipolar.report.html import Document

    doc = Document(
        "Polarity of the international system",
        subtitle=f"{int(df['year'].min())}-{int(df['year'].max())}",
    )
    for note in df.attrs.get("notes", []):
        doc.paragraph(note)
    change = df.attrs.get("bipolarity_change")
    if change and change.get("n_after"):
        doc.paragraph(
            f"UN bipolarity averaged {change['before']:.3f} up to {change['split']} and "
            f"{change['after']:.3f} after ({change['change']:+.3f})."
        )
    for name, cols, title in [
        ("concentration", ["con_major", "con_all"], "Capability concentration (CON)"),
        ("poles", ["poles_effective"], "Effective number of poles (major powers)"),
        ("un-structure", ["bipolarity", "modularity"], "UN voting: bipolarity and modularity"),
    ]:
        fig = go.Figure([go.Scatter(x=df["year"], y=df[c], mode="lines", name=c) for c in cols])
        fig.update_layout(title=title, template="plotly_white")
        doc.figure(fig, name)
    shown = df[
        [
            "year",
            "con_major",
            "con_all",
            "poles_effective",
            "top3_share",
            "n_blocs",
            "modularity",
            "bipolarity",
        ]
    ]
    doc.table(shown, caption="Yearly values", max_rows=300)
    doc.sources(_sources(df.attrs.get("tables", ["cow_nmc", "cow_majors"])))
    doc.write(path)


def _balance_html(sb: Any, path: Path) -> None:
    import igraph as ig
    import plotly.graph_objects as go

    from multipolar.report.html import Document

    r = sb.result
    doc = Document("Structural balance" + (f", {sb.year}" if sb.year else ""), subtitle=r.method)
    doc.paragraph(
        f"{r.nodes} nodes, {r.edges} edges; frustration index {r.frustration:g} "
        f"({'optimal' if r.optimal else f'gap {r.gap:.1%}'}); "
        f"{r.triads['unbalanced']} of {r.triads['triangles']} triangles unbalanced."
    )
    for note in sb.notes:  # the same notes the command line prints
        doc.paragraph(f"Note: {note}")
    camp = {v: 0 for v in r.partition["camp_a"]} | {v: 1 for v in r.partition["camp_b"]}
    nodes = list(camp)
    idx = {v: k for k, v in enumerate(nodes)}
    e = sb.edges
    pos_edges = [
        (idx[a], idx[b])
        for a, b, s in zip(e["source"], e["target"], e["sign"], strict=True)
        if int(s) > 0 and a in idx and b in idx
    ]
    g = ig.Graph(n=len(nodes), edges=pos_edges)
    import random

    ig.set_random_number_generator(random.Random(0))
    try:
        layout = g.layout_fruchterman_reingold() if nodes else []
    finally:
        ig.set_random_number_generator(random)
    xy = {v: (layout[idx[v]][0] + (-30 if camp[v] == 0 else 30), layout[idx[v]][1]) for v in nodes}
    frustrated = {(a, b) for a, b, _ in r.frustrated_edges}
    fig = go.Figure()
    for sign, colour, label in [(1, "#2ca02c", "positive"), (-1, "#d62728", "negative")]:
        for fr in (False, True):
            ex: list[Any] = []
            ey: list[Any] = []
            for a, b, s in zip(e["source"], e["target"], e["sign"], strict=True):
                is_fr = (a, b) in frustrated or (b, a) in frustrated
                if int(s) != sign or is_fr != fr or a not in xy or b not in xy:
                    continue
                ex += [xy[a][0], xy[b][0], None]
                ey += [xy[a][1], xy[b][1], None]
            if ex:
                fig.add_trace(
                    go.Scatter(
                        x=ex,
                        y=ey,
                        mode="lines",
                        hoverinfo="skip",
                        name=f"{label}{' (frustrated)' if fr else ''}",
                        line={
                            "color": colour,
                            "width": 2.0 if fr else 0.6,
                            "dash": "dash" if fr else "solid",
                        },
                    )
                )
    for k, name in enumerate(("camp A", "camp B")):
        members = [v for v in nodes if camp[v] == k]
        fig.add_trace(
            go.Scatter(
                x=[xy[v][0] for v in members],
                y=[xy[v][1] for v in members],
                mode="markers",
                text=_names(members, sb.year),
                hoverinfo="text",
                name=f"{name} ({len(members)})",
                marker={"size": 9, "color": _PALETTE[k]},
            )
        )
    fig.update_layout(
        title="Signed network and its two camps",
        template="plotly_white",
        xaxis={"visible": False},
        yaxis={"visible": False},
    )
    doc.figure(fig, "signed-network", caption="Dashed: frustrated edges.")
    doc.table(
        [
            {"camp": "A", "states": ", ".join(_names(r.partition["camp_a"], sb.year))},
            {"camp": "B", "states": ", ".join(_names(r.partition["camp_b"], sb.year))},
        ],
        caption="Two-camp partition"
        + (" (optimal)" if r.optimal else " (best found, not proven optimal)"),
    )
    doc.table(
        [
            {
                "a": _names([t[0]], sb.year)[0],
                "b": _names([t[1]], sb.year)[0],
                "c": _names([t[2]], sb.year)[0],
                "signs": t[3],
            }
            for t in r.unbalanced_triads
        ],
        caption="Unbalanced triads",
        max_rows=200,
    )
    if sb.tables:
        doc.sources(_sources(sb.tables))
    doc.write(path)
