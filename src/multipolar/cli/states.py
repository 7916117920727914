"""``multipolar states``: resolve names to COW states."""

from __future__ import annotations

from pathlib import Path

import typer

from multipolar import states
from multipolar.cli._common import FormatOpt, OutOpt, out_path
from multipolar.errors import MultipolarError
from multipolar.report.output import emit

app = typer.Typer(
    help="The COW state registry: resolve names, codes and capitals.", no_args_is_help=True
)


@app.command("resolve")
def resolve(
    names: list[str] = typer.Argument(
        ..., help="Names, capitals, ISO2/ISO3, COW abbreviations or codes."
    ),
    year: int | None = typer.Option(
        None, "--year", "-y", help="Year that decides historical cases."
    ),
    un_seat: bool = typer.Option(
        False, "--un-seat", help="Holder of the UN seat (China before 1971: 713)."
    ),
    fmt: str = FormatOpt,
    out: Path | None = OutOpt,
) -> None:
    """Print the COW code, ISO3, name of the year and period of each input.

    The name is the one the state had in --year ("Russia --year 1985" is the Soviet Union; China
    before 1949 the Republic of China); the period names the code's years by name. Of several
    names, one that does not resolve gets a row with the reason and the others go on; the
    command then exits 1 and says how many failed.
    """
    rows: list[dict[str, object]] = []
    bad = 0
    for name in names:
        try:
            row = states.describe(name, year, un_seat=un_seat)
        except MultipolarError as exc:
            if len(names) == 1:
                raise  # one name: the usual one-line error
            bad += 1
            rows.append(
                {
                    "input": name,
                    "ccode": None,
                    "iso3": None,
                    "name": None,
                    "period": None,
                    "error": str(exc),
                }
            )
            continue
        rows.append({**row, "error": None})
    if not bad:
        rows = [{k: v for k, v in r.items() if k != "error"} for r in rows]
    emit(rows, fmt=fmt, out=out_path(out), title=f"states{f' in {year}' if year else ''}")
    if bad:
        typer.echo(
            f"error: {bad} of {len(names)} names did not resolve (see the error column)", err=True
        )
        raise typer.Exit(1)


@app.command("list")
def list_states(
    year: int | None = typer.Option(
        None, "--year", "-y", help="Only members of the system in YEAR."
    ),
    fmt: str = FormatOpt,
    out: Path | None = OutOpt,
) -> None:
    """List the states of the COW system (optionally those that were members in YEAR).

    The COW list (v2016) ends in 2016: a state in the system then has an open spell ("1816–")
    and ``open`` true, not an end in 2016.
    """
    reg = states.registry()
    rows = [
        {
            **s.as_dict(),
            "spells": reg.span_text(s.ccode),
            "open": any(e >= reg.last_year for _, e in reg.years(s.ccode)),
        }
        for s in states.all_states()
        if year is None or reg.member(s.ccode, year)
    ]
    emit(rows, fmt=fmt, out=out_path(out), max_rows=None)
