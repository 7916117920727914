"""``multipolar why A B``: the evidence report on why two states align."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from multipolar.cli._common import open_store
from multipolar.errors import InputError
from multipolar.explain.why import why as why_evidence
from multipolar.report.output import atomic_write, check_target, console
from multipolar.report.why_html import build
from multipolar.report.why_terminal import print_report


def why(
    a: str = typer.Argument(..., help="First state (name, capital, ISO code, COW code)."),
    b: str = typer.Argument(..., help="Second state."),
    vs: str = typer.Option("United States", "--vs", help="Comparator state."),
    start: int | None = typer.Option(
        None, "--from", help="First year (default 1946 or when both exist)."
    ),
    end: int | None = typer.Option(
        None, "--to", help="Last year (default 2019, the last UN session)."
    ),
    html: Path | None = typer.Option(
        None, "--html", help="Write the HTML report here (default why-A-B.html)."
    ),
    json_path: Path | None = typer.Option(None, "--json", help="Write the evidence as JSON."),
    figures: Path | None = typer.Option(
        None, "--figures", help="Also write each chart as SVG into DIR."
    ),
    no_html: bool = typer.Option(False, "--no-html", help="Do not write the HTML report."),
) -> None:
    """Why do A and B align? Findings, an evidence matrix and charts, with every source cited."""
    for target in (None if no_html else html, json_path):
        if target is not None:
            check_target(target)  # refuse an unwritable path before the work, not after
    if figures is not None and figures.exists() and not figures.is_dir():
        raise InputError(f"--figures {figures} is a file; give a folder")
    err = console(stderr=True)
    with open_store() as st, err.status("assembling evidence…") as status:
        ev = why_evidence(
            a, b, vs=vs, start=start, end=end, store=st, on_stage=lambda msg: status.update(msg)
        )
    data = ev.to_dict()
    html_path = None
    if not no_html:
        iso = [data["states"][k]["iso3"] or str(data["states"][k]["ccode"]) for k in ("a", "b")]
        target = html or Path(f"why-{iso[0]}-{iso[1]}.html")
        doc = build(data)
        html_path = str(doc.write(target))
        if figures:
            written = doc.write_figures(figures, "svg")
            err.print(f"wrote {len(written)} figures to {figures}")
    if json_path:
        atomic_write(
            json_path, lambda p: p.write_text(json.dumps(data, indent=1, ensure_ascii=False))
        )
        err.print(f"wrote the evidence as JSON to {json_path}")
    print_report(data, console=console(), html_path=html_path)
