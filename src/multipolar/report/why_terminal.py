"""The ``why`` report in the terminal: findings, a sparkline, the evidence matrix (≤ ~40 lines)."""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

_BARS = "▁▂▃▄▅▆▇█"
_VERDICT_STYLE = {"supported": "green", "mixed": "yellow", "not supported": "red", "no data": "dim"}


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
    a, b, vs = (ev["states"][k] for k in ("a", "b", "vs"))
    period = ev["period"]
    title = f"Why do {a['name']} and {b['name']} align? {period['from']}–{period['to']}, compared with {vs['name']}"
    parts: list[Any] = [Text(title, style="bold")]
    findings = Text()
    for f in ev["findings"]:
        findings.append("• ", style="bold")
        findings.append(f["text"] + "\n")
    findings.rstrip()
    parts.append(findings if findings.plain else Text("no findings"))
    by = ev["un_votes"].get("by_year", [])
    if by:
        spark = Text()
        spark.append("UN agreement ", style="bold")
        spark.append(f"{by[0]['year']} ")
        spark.append(sparkline([r["agree"] for r in by]), style="cyan")
        spark.append(f" {by[-1]['year']}   ")
        spark.append(f"with {vs['iso3'] or vs['name']}: ")
        spark.append(sparkline([r["agree_a_vs"] for r in by]), style="magenta")
        parts.append(spark)
    table = Table(
        title="Evidence matrix (rules: HTML/JSON)",
        title_justify="left",
        header_style="bold",
        box=None,
        pad_edge=False,
    )
    for col in ("driver", "now", "verdict"):
        table.add_column(col, overflow="fold")
    for r in ev["evidence_matrix"]:
        style = _VERDICT_STYLE.get(r["verdict"], "")
        table.add_row(r["driver"], str(r["now"] or "–"), Text(r["verdict"], style=style))
    parts.append(table)
    if ev.get("gaps"):
        parts.append(
            Text(
                f"Gaps: {len(ev['gaps'])} (coverage ends, missing data) — listed in the HTML/JSON.",
                style="dim",
            )
        )
    cites = ", ".join(dict.fromkeys(s["bibtex_key"] or s["name"] for s in ev.get("sources", [])))
    parts.append(Text(f"Sources: {cites}. `multipolar data cite` prints BibTeX.", style="dim"))
    if html_path:
        parts.append(Text(f"Full report with charts: {html_path}", style="bold green"))
    return Group(*parts)


def print_report(ev: dict[str, Any], *, console: Console, html_path: str | None = None) -> None:
    console.print(render(ev, html_path=html_path))
