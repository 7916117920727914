"""The ``why`` report in the terminal: title, bottom line, findings, a sparkline, the matrix.

About 90 lines at 80 columns (China–Russia); wider terminals get longer lines (Rich reads the width). Cells
wrap at word boundaries instead of being cut.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

#: findings printed in the terminal (all are in the HTML and JSON)
TERMINAL_FINDINGS = 6
_BARS = "▁▂▃▄▅▆▇█"
_VERDICT_STYLE = {"supported": "green", "mixed": "yellow", "not supported": "red", "no data": "dim",
                  "not applicable": "dim"}  # fmt: skip


def sparkline(values: list[float | None], *, lo: float = 0.0, hi: float = 1.0) -> str:
    """One character per value, scaled from ``lo`` to ``hi`` (gaps as spaces).

    >>> sparkline([0.0, 0.5, 1.0, None])
    '▁▅█ '
    """
    out = []
    for v in values:
        if v is None:
            out.append(" ")
            continue
        x = min(max((v - lo) / (hi - lo) if hi > lo else 0.0, 0.0), 1.0)
        out.append(_BARS[round(x * (len(_BARS) - 1))])
    return "".join(out)


def render(ev: dict[str, Any], *, html_path: str | None = None) -> Group:
    """A Rich renderable of the evidence dict (:meth:`Evidence.to_dict`)."""
    vs = ev["states"]["vs"]
    parts: list[Any] = [
        Text(ev.get("title") or "why", style="bold"),
        Text(ev.get("subtitle") or "", style="dim"),
    ]
    if ev.get("bottom_line", {}).get("text"):
        parts.append(Text("Bottom line: ", style="bold") + Text(ev["bottom_line"]["text"]))
    findings = Text()
    for f in ev["findings"][:TERMINAL_FINDINGS]:
        findings.append("• ", style="bold")
        findings.append(f["text"] + "\n")
    more = len(ev["findings"]) - TERMINAL_FINDINGS
    if more > 0:
        findings.append(f"({more} more finding{'s' if more > 1 else ''} in the HTML/JSON)\n")
    findings.rstrip()
    parts.append(findings if findings.plain else Text("no findings"))
    if (ev.get("outlook") or {}).get("statement"):
        parts.append(Text("Where it is going: ", style="bold") + Text(ev["outlook"]["statement"]))
    if ev.get("what_they_say"):
        from multipolar.report.read_terminal import what_they_say_lines

        parts.append(Text("\n".join(what_they_say_lines(ev["what_they_say"]))))
    by = ev["un_votes"].get("by_year", [])
    if by:
        spark = Text()
        spark.append("UN agreement ", style="bold")
        spark.append(f"{by[0]['year']} ")
        spark.append(sparkline([r["agree"] for r in by]), style="cyan")
        spark.append(f" {by[-1]['year']}")
        parts.append(spark)
        a = ev["states"]["a"]
        with_vs = Text()
        with_vs.append(f"{a['iso3'] or a['name']} with {vs['iso3'] or vs['name']} ", style="bold")
        with_vs.append(sparkline([r["agree_a_vs"] for r in by]), style="magenta")
        parts.append(with_vs)
    table = Table(
        title="Evidence matrix (pNN: percentile among all dyads; rules in the HTML/JSON)",
        title_justify="left",
        header_style="bold",
        box=None,
        pad_edge=False,
        expand=False,
    )
    table.add_column("driver", overflow="fold")
    table.add_column("now", overflow="fold")
    table.add_column("verdict", no_wrap=True)
    short_vs = vs["iso3"] or vs["name"]
    for r in ev["evidence_matrix"]:
        style = _VERDICT_STYLE.get(r["verdict"], "")
        label = str(r.get("title") or r["driver"]).replace("{vs}", short_vs)
        table.add_row(label, str(r["now"] or "–"), Text(r["verdict"], style=style))
    parts.append(table)
    to = ev["period"]["to"]
    by_end: dict[int, list[str]] = {}
    for c in ev.get("coverage", []):
        if c.get("to") and c["to"] < to and c["section"] not in by_end.get(c["to"], []):
            by_end.setdefault(int(c["to"]), []).append(str(c["section"]))
    if by_end:
        ends = "; ".join(f"{y}: {', '.join(by_end[y])}" for y in sorted(by_end, reverse=True))
        parts.append(Text(f"Data end before {to}: {ends}.", style="dim"))
    if ev.get("gaps"):
        parts.append(
            Text(
                f"Gaps: {len(ev['gaps'])} (where data end or are missing), listed in the HTML/JSON.",
                style="dim",
            )
        )
    cites = ", ".join(dict.fromkeys(s["bibtex_key"] or s["name"] for s in ev.get("sources", [])))
    parts.append(Text(f"Sources: {cites}. multipolar data cite prints BibTeX.", style="dim"))
    if html_path:
        parts.append(Text(f"Full report with charts: {html_path}", style="bold green"))
    return Group(*parts)


def render_group(ev: dict[str, Any]) -> Group:
    """A Rich renderable of a group's evidence (:meth:`GroupEvidence.to_dict`)."""
    parts: list[Any] = [Text(ev["title"], style="bold")]
    findings = Text()
    for f in ev["findings"]:
        findings.append("• ", style="bold")
        findings.append(f["text"] + "\n")
    findings.rstrip()
    parts.append(findings)
    names = [s["name"] for s in ev["states"]]
    codes = [s["ccode"] for s in ev["states"]]
    cell = {}
    for p in ev["pairs"]:
        cell[(p["ccode1"], p["ccode2"])] = cell[(p["ccode2"], p["ccode1"])] = p
    table = Table(
        title="Kappa and identical-vote share, last 5 years (pNN: percentile among all dyads "
        "by kappa, as the pairs are ranked)",
        title_justify="left",
        header_style="bold",
        box=None,
        pad_edge=False,
    )
    table.add_column("")
    for s in ev["states"]:
        table.add_column(s["iso3"] or s["name"], justify="right", no_wrap=True)
    for name, x in zip(names, codes, strict=True):
        row = [name]
        for y in codes:
            p = cell.get((x, y))
            row.append("–" if p is None else _group_cell(p))
        table.add_row(*row)
    parts.append(table)
    for g in ev.get("gaps", []):
        parts.append(Text(g, style="dim"))
    return Group(*parts)


def _group_cell(p: dict[str, Any]) -> str:
    """``κ 0.45 p80 · 81%``: kappa with its percentile, then the identical-vote share."""
    pk = p.get("percentile_kappa")
    rank = f" p{pk:.0f}" if pk is not None else ""
    return f"κ {p['kappa']:.2f}{rank} · {100 * p['agree']:.0f}%".replace("-", "−")


def print_report(ev: dict[str, Any], *, console: Console, html_path: str | None = None) -> None:
    console.print(render(ev, html_path=html_path))
