"""``multipolar forecast A B`` and ``multipolar landscape --year Y``: where alignments go.

Each command calls one function of :mod:`multipolar.explain.forecast` or
:mod:`multipolar.explain.landscape`, prints a short answer (or hands the record to the
shared writer) and, with ``--html PATH``, writes a self-contained report with charts.
"""

from __future__ import annotations

from pathlib import Path

import typer

from multipolar.cli._common import FormatOpt, OutOpt, open_store, out_path, split_names
from multipolar.errors import InputError

HtmlOpt = typer.Option(None, "--html", help="Also write an HTML report with charts to PATH.")


def forecast(
    a: str = typer.Argument(..., help="First state (name, capital, ISO code, COW code)."),
    b: str = typer.Argument(..., help="Second state."),
    measure: str = typer.Option(
        "agreement", "--measure", "-m", help="agreement, kappa or distance (ideal points)."
    ),
    horizon: int = typer.Option(5, "--horizon", "-n", help="Years ahead (at most 10)."),
    vs: str | None = typer.Option(None, "--vs", help="Also forecast each state with this one."),
    model: str = typer.Option(
        "auto", "--model", help="auto (the backtest's best) or a model name (docs/forecast.md)."
    ),
    force: bool = typer.Option(
        False, "--force", help="Allow horizons beyond 10 years (at most 100)."
    ),
    out: Path | None = OutOpt,
    fmt: str = FormatOpt,
    html: Path | None = HtmlOpt,
) -> None:
    """Forecast a pair's yearly alignment with 80% and 95% intervals, backtested.

    The model is the one that forecast best in a rolling-origin backtest over the dyads of
    the 20 states with the largest CINC (docs/forecast.md).
    """
    from multipolar.explain.forecast import forecast_pair
    from multipolar.report.output import console, emit

    with open_store() as st:
        res = forecast_pair(
            st,
            a,
            b,
            measure=measure,  # type: ignore[arg-type]
            horizon=horizon,
            vs=vs,
            model=model,
            force=force,
        )
    rec = res.to_dict()
    if html is not None:
        from multipolar.report.forecast import forecast_document

        forecast_document(rec).write(html)
        console(stderr=True).print(f"wrote the forecast report to {html}")
    if out is not None:
        emit(res.table(), out=out_path(out))
        return
    if fmt == "json":
        emit([rec], fmt="json")
        return
    if fmt == "csv":
        emit(res.table(), fmt="csv")
        return
    from multipolar.report.forecast import forecast_lines

    term = console()
    for note in rec["notes"]:
        console(stderr=True).print(f"note: {note}")
    rows = [
        {
            "year": r["year"],
            "forecast": r["mean"],
            "80% low": r["lo80"],
            "80% high": r["hi80"],
            "95% low": r["lo95"],
            "95% high": r["hi95"],
            "P(higher than now)": r["p_rise"],
        }
        for r in rec["forecast"]
    ]
    st_a, st_b = rec["states"]["a"], rec["states"]["b"]
    emit(rows, fmt="table", title=f"{st_a['name']}–{st_b['name']}: {res.label}")
    for line in forecast_lines(rec):
        term.print(line)


def landscape(
    year: int = typer.Option(..., "--year", "-y", help="Year of sizes and propensities."),
    states: list[str] = typer.Option(
        None, "--states", "-s", help="States (comma-separated; default: the top CINC states)."
    ),
    top: int = typer.Option(20, "--top", help="Without --states: this many top-CINC states."),
    propensity: str = typer.Option(
        "agreement", "--propensity", "-p", help="agreement (UN kappa), alliances or composite."
    ),
    centre: str = typer.Option("mean", "--centre", help="mean (default) or none."),
    set_pairs: list[str] = typer.Option(
        None, "--set", help='What-if: "CHN-RUS=0.2" sets, "CHN-RUS+=0.2" shifts (repeatable).'
    ),
    drop: list[str] = typer.Option(None, "--drop", help="What-if: leave STATE out (repeatable)."),
    size: list[str] = typer.Option(
        None, "--size", help='What-if: "CHN=0.3" sets a CINC size (repeatable).'
    ),
    out: Path | None = OutOpt,
    fmt: str = FormatOpt,
    html: Path | None = HtmlOpt,
) -> None:
    """Two camps that the sizes and propensities of the powers predict (landscape theory).

    Exact: every configuration is enumerated up to 22 states (global minimum, all local
    minima and their basins); beyond, the global minimum is an exact MILP (HiGHS).
    """
    from multipolar.explain.landscape import landscape_for_year
    from multipolar.report.landscape import energy_rows, scenario_rows
    from multipolar.report.output import console, emit

    if centre not in ("mean", "none"):
        raise InputError(f"--centre must be mean or none, not {centre!r}")
    with open_store() as st:
        ans = landscape_for_year(
            st,
            year,
            states=split_names(states) or None,
            top=top,
            propensity=propensity,  # type: ignore[arg-type]
            centre=centre,  # type: ignore[arg-type]
            set_pairs=list(set_pairs or []),
            drop=split_names(drop),
            sizes=list(size or []),
        )
    rec = ans.to_dict()
    if html is not None:
        from multipolar.report.landscape import landscape_document

        landscape_document(rec).write(html)
        console(stderr=True).print(f"wrote the landscape report to {html}")
    if fmt == "json" or (out is not None and out.suffix.lower() == ".json"):
        emit([rec], fmt="json", out=out_path(out))
        return
    for note in rec["notes"]:
        console(stderr=True).print(f"note: {note}")
    rows = energy_rows(rec)
    if out is not None:
        emit(rows, out=out_path(out))
        return
    if fmt == "table":  # energies are products of CINC shares: show 4 significant digits
        rows = [
            r | {"energy": f"{r['energy']:.4g}", "basin share": f"{r['basin share']:.4g}"}
            for r in rows
        ]
    emit(
        rows,
        fmt=fmt,
        title=f"Landscape {year}: local minima ({ans.propensity}, centred {ans.centre})",
        caption=rec["result"]["method"],
        max_rows=None,
    )
    if rec.get("scenario") and fmt == "table":
        emit(scenario_rows(rec), fmt="table", title="What if", max_rows=None)
