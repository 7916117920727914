"""``multipolar events``: import GDELT/ICEWS files, pull GDELT days, a pair's monthly series."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from multipolar.cli._common import FormatOpt, OutOpt, open_store, out_path
from multipolar.config import GDELT1_BASE_URL
from multipolar.errors import InputError
from multipolar.report.output import console, emit

if TYPE_CHECKING:
    from multipolar.measures.events import Weight
    from multipolar.store.events import ImportReport

app = typer.Typer(
    help="News event data (GDELT 1.0/2.0, ICEWS): import, pull, dyad series, top events.",
    no_args_is_help=True,
)

BackendOpt = typer.Option(
    None, "--backend", help="duckdb (default) or pyspark; default from MULTIPOLAR_BACKEND."
)


def _report_rows(reports: list[ImportReport], fmt: str) -> None:
    if fmt == "json":
        emit([r.as_dict() for r in reports], fmt="json")
        return
    rows = [
        {
            "file": r.file,
            "kind": r.kind,
            "status": r.status,
            "read": r.rows_read,
            "imported": r.imported,
            "rejected": r.rejected,
            "duplicates": r.duplicates,
            "reasons": "; ".join(f"{k}: {v:,}" for k, v in r.reasons.items()) or r.error or "",
        }
        for r in reports
    ]
    unknown = {
        r.file: ", ".join(f"{k} ({v})" for k, v in list(r.unknown_countries.items())[:8])
        for r in reports
        if r.unknown_countries
    }
    err = console(stderr=True)
    for name, text in unknown.items():
        err.print(f"{name}: actors' countries that are not COW states (kept, no ccode): {text}")
    notes = {note for r in reports for note in r.notes if not note.startswith("invalid UTF-8")}
    for note in sorted(notes):
        err.print(f"note: {note}")
    skipped = sum(r.duplicates for r in reports)
    if skipped:
        err.print(
            f"{skipped:,} event(s) already in the store (same dataset and event id) were skipped"
        )
    recovered = [r for r in reports if r.status == "recovered"]
    if recovered:
        err.print(
            f"registered again {len(recovered)} imported file(s) "
            f"({sum(r.imported for r in recovered):,} events) that the store had lost track of "
            "(it was rebuilt); their Parquet files were kept"
        )
    emit(rows, fmt=fmt, title="event import", max_rows=None)


def _exit_if_failed(reports: list[ImportReport]) -> None:
    failed = [r for r in reports if r.status == "failed"]
    if failed:
        console(stderr=True).print(f"{len(failed)} of {len(reports)} file(s) failed")
        raise typer.Exit(1)


@app.command("import")
def import_(
    paths: list[str] = typer.Argument(..., help="Files, globs, folders or .zip files."),
    kind: str = typer.Option(
        None, "--as", help="gdelt1, gdelt2, icews or text (default: detected)."
    ),
    fmt: str = FormatOpt,
) -> None:
    """Import event files into partitioned Parquet; per file: rows read, imported, rejected."""
    with open_store() as st, console(stderr=True).status("importing events…") as status:
        from multipolar.store.events import import_events

        reports = import_events(
            paths,
            kind=kind,
            store=st,
            on_file=lambda name, k, n: status.update(f"importing {name} ({k} of {n})…"),
        )
    _report_rows(reports, fmt)
    _exit_if_failed(reports)


def _date(text: str, flag: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{flag} {text!r} is not a date; use YYYY-MM-DD") from None


@app.command("pull")
def pull(
    start: str = typer.Option(..., "--from", help="First day, YYYY-MM-DD."),
    end: str = typer.Option(..., "--to", help="Last day, YYYY-MM-DD (inclusive)."),
    base_url: str = typer.Option(GDELT1_BASE_URL, "--base-url", help="Where the daily zips are."),
    fmt: str = FormatOpt,
) -> None:
    """Download GDELT 1.0 daily files (YYYYMMDD.export.CSV.zip) and import them."""
    lo, hi = _date(start, "--from"), _date(end, "--to")
    with open_store() as st:
        from multipolar.report.progress import RichProgress
        from multipolar.store.events import pull_gdelt

        reports = pull_gdelt(lo, hi, base_url=base_url, store=st, progress=RichProgress())
    _report_rows(reports, fmt)
    _exit_if_failed(reports)


@app.command("dyad")
def dyad(
    a: str = typer.Argument(..., help="First state (name, ISO3, COW code)."),
    b: str = typer.Argument(..., help="Second state."),
    start: str = typer.Option(None, "--from", help="YYYY, YYYY-MM or YYYY-MM-DD."),
    end: str = typer.Option(None, "--to", help="YYYY, YYYY-MM or YYYY-MM-DD."),
    mentions: bool = typer.Option(False, "--mentions", help="Weight events by mentions."),
    n: int = typer.Option(5, "--top", help="Event types to list each way."),
    fmt: str = FormatOpt,
    out: Path = OutOpt,
    backend: str = BackendOpt,
) -> None:
    """Monthly events A->B and B->A (counts by QuadClass, Goldstein) and top event types."""
    weight: Weight = "mentions" if mentions else None
    if n < 1:
        raise InputError(f"--top must be at least 1, not {n}")
    with open_store() as st:
        from multipolar.explain.events import dyad_events, top_event_types

        series = dyad_events(a, b, start=start, end=end, weight=weight, backend=backend, store=st)
        types = top_event_types(
            a, b, start=start, end=end, n=n, weight=weight, backend=backend, store=st
        )
    if series.empty:
        console(stderr=True).print(f"no events between {a} and {b} in the imported files")
    emit(series, fmt=fmt, out=out_path(out), title=f"events {a} – {b}, by month", max_rows=None)
    if fmt == "table" and out is None and not types.empty:
        emit(types, fmt="table", title="most frequent event types each way", max_rows=None)


@app.command("top")
def top(
    month: str = typer.Option(None, "--month", help="YYYY-MM (default: all months)."),
    pair: str = typer.Option(None, "--pair", help="Two states, A,B."),
    n: int = typer.Option(20, "--n", help="How many events."),
    fmt: str = FormatOpt,
    out: Path = OutOpt,
    backend: str = BackendOpt,
) -> None:
    """The most reported events (by mentions) of a month, optionally between two states."""
    pair_t: tuple[str, str] | None = None
    if n < 1:
        raise InputError(f"--n must be at least 1, not {n}")
    if pair:
        parts = [p.strip() for p in pair.split(",") if p.strip()]
        if len(parts) != 2:
            raise InputError(f"--pair takes two states, A,B; got {pair!r}")
        pair_t = (parts[0], parts[1])
    with open_store() as st:
        from multipolar.explain.events import top_events

        df = top_events(month, pair=pair_t, n=n, backend=backend, store=st)
    if fmt == "table" and out is None:
        df = df.assign(source_url=df.source_url.map(_short))
    emit(df, fmt=fmt, out=out_path(out), title=f"most reported events {month or ''}".strip())


def _short(url: object, width: int = 60) -> str:
    if not isinstance(url, str) or not url:
        return ""
    return url if len(url) <= width else url[: width - 1] + "…"
