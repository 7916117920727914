"""``multipolar dyads``: analysis-ready dyad-year or state-year panels with covariates."""

from __future__ import annotations

from pathlib import Path

import typer

from multipolar.cli._common import FormatOpt, open_store, split_names
from multipolar.errors import InputError


def dyads(
    first: int | None = typer.Option(None, "--from", help="First year (default 1816)."),
    last: int | None = typer.Option(None, "--to", help="Last year (default: last year)."),
    add: list[str] = typer.Option(
        None,
        "--add",
        "-a",
        help="Covariates, comma-separated: votes, idealpoints, atop, nmc, trade, imf_trade, mids, "
        "mid5, rivalry, tss_rivalry, contiguity, capdist, democracy, gdp, majors, igos, "
        "sanctions, arms (docs/dyads.md).",
    ),
    directed: bool = typer.Option(False, "--directed", help="Directed dyads (both orders)."),
    states: bool = typer.Option(False, "--states", help="State-years instead of dyad-years."),
    system: str = typer.Option(
        "cow", "--system", help="cow (Correlates of War) or gw (Gleditsch–Ward)."
    ),
    relevant: bool = typer.Option(
        False,
        "--relevant",
        help="Politically relevant dyads only (land-contiguous or a major power).",
    ),
    rollcalls: str | None = typer.Option(
        None,
        "--rollcalls",
        help="UN roll calls of votes/idealpoints: resolutions (default), bsv or all.",
    ),
    cite: Path | None = typer.Option(
        None, "--cite", help="Write the BibTeX of every source used to FILE."
    ),
    out: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help="Write the panel to FILE (.parquet, .csv or .dta) and FILE's data dictionary beside it.",
    ),
    fmt: str = FormatOpt,
) -> None:
    """Dyad-year or state-year panels of the COW or G-W system, covariates joined by name.

    One DuckDB query: every dyad-year (or state-year) of the membership lists, extended past
    their last year as peacesciencer does (flag `extended`), one left join per covariate;
    outside a source's years its columns are missing, never zero. With -o a data dictionary
    (column, meaning, unit, source, years) is written beside the file.

    Example:

        multipolar dyads --from 1946 --to 2022 --add votes,atop,nmc,trade,mids,contiguity,democracy,gdp -o panel.parquet --cite panel.bib
    """
    from multipolar.explain.dyads import dyads as make_dyads
    from multipolar.explain.dyads import state_years
    from multipolar.report.output import emit
    from multipolar.report.panels import write_panel

    if states and (directed or relevant):
        raise InputError("--states builds state-years; --directed and --relevant are for dyads")
    names = split_names(add)
    with open_store() as st:
        if states:
            panel = state_years(st, first, last, system=system)
        else:
            panel = make_dyads(st, first, last, directed=directed, system=system, relevant=relevant)
        panel = panel.add(*names, rollcalls=rollcalls) if names or rollcalls else panel
        if out is not None:
            w = write_panel(panel, out, cite=cite)
            from multipolar.report.output import console

            console(stderr=True).print(
                f"wrote {w.rows:,} rows to {w.path}; data dictionary {w.dictionary}"
                + (f"; BibTeX {w.cite}" if w.cite else "")
            )
            return
        if cite is not None:
            from multipolar.report.output import atomic_write

            text = panel.bibtex()
            atomic_write(Path(cite), lambda p: p.write_text(text, encoding="utf-8"))
        emit(panel.to_pandas(), fmt=fmt, title=repr(panel))
