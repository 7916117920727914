"""``multipolar why A B [C …]``: the evidence report on why two states align (or a group)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from multipolar.cli._common import open_store
from multipolar.errors import InputError
from multipolar.report.output import atomic_write, check_target, console


def why(
    names: list[str] = typer.Argument(
        ..., help="Two states (name, capital, ISO code, COW code), or three or more for a group."
    ),
    vs: str | None = typer.Option(
        None,
        "--vs",
        help="Comparator state (default: the United States; Russia when the United States is one "
        "of the pair, China when both are; the report says why).",
    ),
    start: int | None = typer.Option(
        None, "--from", help="First year (default: when both exist and UN votes begin)."
    ),
    end: int | None = typer.Option(
        None, "--to", help="Last year (default: the last year of UN votes in the store)."
    ),
    html: Path | None = typer.Option(
        None, "--html", help="Write the HTML report here (default why-A-B.html)."
    ),
    json_path: Path | None = typer.Option(None, "--json", help="Write the evidence as JSON."),
    figures: Path | None = typer.Option(
        None, "--figures", help="Also write each chart as SVG into DIR (with or without HTML)."
    ),
    no_html: bool = typer.Option(False, "--no-html", help="Do not write the HTML report."),
    fmt: str = typer.Option(
        "table", "--format", "-f", help="table (the report) or json (the evidence, on stdout)."
    ),
    out: Path | None = typer.Option(
        None, "--output", "-o", help="Write to FILE by extension: .json (evidence) or .html."
    ),
    no_predecessors: bool = typer.Option(
        False,
        "--no-predecessors",
        help="Keep a predecessor's record apart (West Germany for Germany, the two Yemens).",
    ),
) -> None:
    """Why do A and B align? A bottom line, findings, an evidence matrix and charts, with every
    source cited. With three or more states: their pairwise agreement and the group against
    the comparator."""
    from multipolar import config
    from multipolar.store import answers

    if len(names) < 2:
        raise InputError("name two states (or three or more for a group)")
    if fmt not in ("table", "json"):
        raise InputError(f"unknown format {fmt!r}; use table or json")
    if out is not None:
        suffix = out.suffix.lower()
        if suffix == ".json":
            json_path = out  # --json FILE is the same as -o FILE.json
        elif suffix in (".html", ".htm"):
            html = out
        else:
            raise InputError(
                f"cannot write {suffix or 'a file without extension'}; use .json or .html"
            )
    _check_years(start, end)
    _check_names([*names, *([vs] if vs else [])])
    for target in (None if no_html else html, json_path):
        if target is not None:
            check_target(target)  # refuse an unwritable path before the work, not after
    if figures is not None and figures.exists() and not figures.is_dir():
        raise InputError(f"--figures {figures} is a file; give a folder")
    err = console(stderr=True)
    group = len(names) > 2
    kind = "why-group" if group else "why"
    request = answers.why_request(
        names, vs=vs, start=start, end=end, predecessors=not no_predecessors
    )
    kept = None if figures else answers.lookup(config.store_path(), kind, request)
    if kept is not None:  # the same question on the same data and code: answered as before
        _output(kept[0], kept[1], group, html, json_path, no_html, None, fmt)
        return
    from multipolar.explain.why import why as why_evidence
    from multipolar.explain.why import why_group
    from multipolar.report.why.html import build, build_group

    with open_store() as st, err.status("assembling evidence…") as status:
        if len(names) == 2:
            ev = why_evidence(
                names[0],
                names[1],
                vs=vs,
                start=start,
                end=end,
                store=st,
                on_stage=lambda msg: status.update(msg),
                predecessors=not no_predecessors,
            )
        else:
            ev = why_group(names, vs=vs, start=start, end=end, store=st)  # type: ignore[assignment]
        data = ev.to_dict()
        doc = build_group(data) if group else build(data)
        text = doc.render()
        answers.save(st, kind, request, data, text)
    _output(data, text, group, html, json_path, no_html, (doc, figures) if figures else None, fmt)


def _check_years(start: int | None, end: int | None) -> None:
    """Refuse years that cannot be (negative, before the state system) before any work."""
    for flag, year in (("--from", start), ("--to", end)):
        if year is not None and year < _FIRST_YEAR:
            raise InputError(
                f"{flag} {year} is not a year of the data; give a year from {_FIRST_YEAR} on"
            )
    if start is not None and end is not None and start > end:
        raise InputError(f"--from {start} is after --to {end}")


#: the first year of the COW state system: no evidence (and no state) before it
_FIRST_YEAR = 1816


def _check_names(names: list[str]) -> None:
    """Unknown names are refused before the store is opened (as fast as `states resolve`).

    Only a name that resolves in no year is refused here; one that is ambiguous without a year
    ("Congo") is left to the library, which resolves it in the period asked."""
    from multipolar import states
    from multipolar.errors import UnknownStateError

    for name in names:
        try:
            states.resolve(name)
        except UnknownStateError as exc:
            if "ambiguous" not in str(exc):
                raise


def _output(
    data: dict,
    text: str,
    group: bool,
    html: Path | None,
    json_path: Path | None,
    no_html: bool,
    figures: tuple | None,
    fmt: str = "table",
) -> None:
    """Write the HTML, figures and JSON, and print the terminal report (or, with
    ``fmt="json"``, the evidence as JSON on standard output)."""
    from multipolar.report.why.json import render as render_json
    from multipolar.report.why.terminal import print_report, render_group

    err = console(stderr=True)
    codes = (
        [s["iso3"] or str(s["ccode"]) for s in data["states"]]
        if group
        else [data["states"][k]["iso3"] or str(data["states"][k]["ccode"]) for k in ("a", "b")]
    )
    html_path = None
    if not no_html:
        target = html or Path(f"why-{'-'.join(codes)}.html")
        html_path = str(atomic_write(target, lambda p: p.write_text(text, encoding="utf-8")))
    if figures:
        doc, folder = figures
        written = doc.write_figures(folder, "svg")
        err.print(f"wrote {len(written)} figures to {folder}")
    if json_path:
        atomic_write(json_path, lambda p: p.write_text(render_json(data), encoding="utf-8"))
        err.print(f"wrote the evidence as JSON to {json_path}")
    if fmt == "json":
        sys.stdout.write(render_json(data) + "\n")
        return
    if group:
        out = console()
        out.print(render_group(data))
        if html_path:
            out.print(f"Full report with charts: {html_path}")
        return
    print_report(data, console=console(), html_path=html_path)
