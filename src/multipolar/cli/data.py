"""``multipolar data``: pull, list, show, cite and import the datasets; ``export`` a table."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from multipolar import sources
from multipolar.cli._common import FormatOpt, open_store
from multipolar.report.output import console, emit
from multipolar.sources.un_vocabulary import VOTE_WORDS

app = typer.Typer(help="Get the data, see what is loaded, cite it.", no_args_is_help=True)
#: Voeten's vote codes (absent and non-member rows appear only in some imported releases)
VOTE_LABELS = VOTE_WORDS
PANEL = ("unga_votes", "unga_rollcalls")


@app.command("pull")
def pull(
    names: list[str] = typer.Argument(
        None,
        help="Sources to pull (default: all but those loaded on first use, the coded speeches).",
    ),
    force: bool = typer.Option(False, "--force", help="Reload even if current."),
) -> None:
    """Download (or read from MULTIPOLAR_MIRROR), verify sha256 and load sources into the store."""
    todo = names or [n for n in sources.names() if not sources.get(n).on_demand]
    for name in todo:
        sources.get(name)  # fail early on an unknown name, before any work
    err = console(stderr=True)
    if not names:
        for name in sources.names():
            if sources.get(name).on_demand:
                err.print(
                    f"{name} ({sources.get(name).title}) is loaded on first use or with "
                    f"`multipolar data pull {name}`"
                )
    t0 = time.perf_counter()
    with open_store() as st:
        for name in todo:
            t = time.perf_counter()
            rows = st.load(name, force=force)
            err.print(
                f"{name}: {sum(rows.values()):,} rows in {', '.join(rows)} ({time.perf_counter() - t:.1f} s)"
            )
    err.print(f"store ready: {st.path} ({time.perf_counter() - t0:.1f} s)")


def short_hashes(files: dict[str, str], shown: int = 3) -> str:
    """The first ``shown`` sha256 prefixes of a table's files and how many more, so that a
    table read from thousands of files (the UN speeches: 7,000+) stays one row in `data list`.

    >>> short_hashes({"a": "0" * 64, "b": "1" * 64})
    '0000000000 1111111111'
    >>> short_hashes({str(i): f"{i:064d}" for i in range(7052)})
    '0000000000 0000000000 0000000000 +7,049 files'
    """
    values = list(files.values())
    text = " ".join(v[:10] for v in values[:shown])
    return text + (f" +{len(values) - shown:,} files" if len(values) > shown else "")


@app.command("list")
def list_(fmt: str = FormatOpt) -> None:
    """Per loaded source (the table view; json and csv: per table): its tables, rows, first and
    last year, sha256 of its files, citation."""
    with open_store() as st:
        st.verify()  # a damaged store says so here, not in the next command that reads it
        import pandas as pd

        from multipolar.store import summary

        df = summary(st, by="source" if fmt == "table" else "table")
    if df.empty:
        console(stderr=True).print("the store is empty; run `multipolar data pull`")
        emit([], fmt=fmt)
        return
    if fmt == "table":
        years = [
            f"{a}–{b}" if pd.notna(a) else "–"
            for a, b in zip(df["first_year"], df["last_year"], strict=True)
        ]
        df = pd.DataFrame(
            {
                "source": df["source"],
                "version": df["version"],
                "tables": df["table"],
                "rows": df["rows"].map("{:,}".format),
                "years": years,
                "sha256": df["sha256"].map(short_hashes),
                "cite": df["citation"],
            }
        )
        width = console().width
        caption = None
        if width < 120:  # a narrow terminal: hashes and keys are in --format json/csv
            df = df.drop(columns=["sha256"] + (["cite"] if width < 110 else []))
            caption = "sha256 and citation keys: --format json, or multipolar data cite"
        if width < 100:  # source and version in one column that wraps between words
            df.insert(0, "source (version)", df.pop("source") + " " + df.pop("version"))
        emit(df, fmt=fmt, title="multipolar store", caption=caption, max_rows=None)
        return
    emit(df, fmt=fmt, title="multipolar store", max_rows=None)


@app.command("show")
def show(name: str = typer.Argument(..., help="Source name.")) -> None:
    """Print the source's card: coverage, columns, missing values, quirks, citation, files."""
    from rich.markdown import Markdown

    console().print(Markdown(sources.get(name).card()))


@app.command("cite")
def cite(names: list[str] = typer.Argument(None, help="Sources (default: all).")) -> None:
    """Print BibTeX for the sources (``events``: the event data and the Goldstein scale)."""
    seen: set[str] = set()
    if names and "events" in names:
        from multipolar.explain.events import BIBTEX

        for bib in BIBTEX:
            typer.echo(bib + "\n")
        names = [n for n in names if n != "events"]
        if not names:
            return
    for name in names or sources.names():
        bib = sources.get(name).bibtex
        if bib not in seen:
            seen.add(bib)
            typer.echo(bib + "\n")


@app.command("import")
def import_(
    path: Path = typer.Argument(..., help="File to import."),
    kind: str = typer.Option(
        ...,
        "--as",
        help="Kind of file: unvotes-voeten (Voeten's Dataverse UNGA format), undl-ga or "
        "undl-sc (the UN Digital Library's General Assembly / Security Council voting CSV).",
    ),
    replace: bool = typer.Option(
        False, "--replace", help="Load it even where it holds less than the panel has now."
    ),
    fmt: str = FormatOpt,
) -> None:
    """Import a file you have (e.g. the newest Voeten UNGA release) into the store.

    The vote panel prefers an imported Voeten release for every session it holds, and a UN
    Digital Library GA file for every roll call it holds (the newest record); `data pull`
    keeps them; `data forget KIND` removes one. A Security Council file becomes `unsc_votes`.

    Example:
        multipolar data import ga_voting.csv --as undl-ga
    """
    with open_store() as st:
        from multipolar.store import import_file

        result = import_file(st, path, kind=kind, replace=replace)
    emit([result.as_dict()], fmt=fmt, title="imported")


@app.command("forget")
def forget(
    name: str = typer.Argument(..., help="A loaded source or import, e.g. unvotes-voeten."),
) -> None:
    """Remove a loaded source or import from the store (its tables and catalog entry)."""
    with open_store() as st:
        dropped = st.forget(name)
    console(stderr=True).print(f"removed {name}: {', '.join(dropped)}")


def export(
    table: str = typer.Argument(..., help="Stored table, e.g. unga_votes, cow_nmc, atop_ddy."),
    output: Path = typer.Option(..., "--output", "-o", help="FILE.csv, FILE.parquet or FILE.dta."),
) -> None:
    """Write a stored table to csv, parquet or Stata dta (by extension).

    Stata files carry a label for every documented column, value labels for vote codes and a
    data label naming the source and its version.
    """
    with open_store() as st:
        df = st.frame(table)
    name = sources.TABLE_SOURCE.get(table)
    src = sources.SOURCES.get(name) if name else None
    if src is not None:
        labels = dict(src.columns)
        data_label = f"{table}: {src.title}, {src.name} {src.version}"
    elif table in PANEL:  # the vote panel: unvotes to 2018, the UN's own records after
        parts = [sources.SOURCES[n] for n in ("unga_unxml", "unvotes") if n in sources.SOURCES]
        labels = {k: v for p in parts for k, v in p.columns.items()}
        data_label = f"{table}: UN General Assembly votes, panel of " + " and ".join(
            f"{p.name} {p.version}" for p in reversed(parts)
        )
    else:
        labels, data_label = {}, table
    values = {"vote": VOTE_LABELS} if "vote" in df.columns else None
    from multipolar.report.output import write_file

    path = write_file(
        df, output, variable_labels=labels, value_labels=values, data_label=data_label
    )
    console(stderr=True).print(f"wrote {len(df):,} rows of {table} to {path}")
