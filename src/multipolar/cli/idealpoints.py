"""``multipolar idealpoints``: UN ideal points per state and year, with uncertainty."""

from __future__ import annotations

from pathlib import Path

import typer

from multipolar.cli._common import FormatOpt, OutOpt, open_store, out_path, split_names
from multipolar.explain.idealpoints import ideal_points_for
from multipolar.report.output import console, emit


def idealpoints(
    states: list[str] = typer.Option(
        None, "--states", "-s", help="States to show, comma-separated (default: all)."
    ),
    first: int | None = typer.Option(None, "--from", help="First year to show."),
    last: int | None = typer.Option(None, "--to", help="Last year to show."),
    issue: str | None = typer.Option(
        None, "--issue", help="Fit on one issue only: me, nu, di, hr, co or ec."
    ),
    rollcalls: str = typer.Option(
        "bsv",
        "--rollcalls",
        help="Roll calls fitted: bsv (default: Bailey-Strezhnev-Voeten's set), resolutions "
        "(whole resolutions only) or all.",
    ),
    out: Path | None = OutOpt,
    fmt: str = FormatOpt,
) -> None:
    """Dynamic ordinal ideal points from UN General Assembly votes (ideal, se, 95% interval).

    Fitted on all states and years (cached in the store), so scores are on one scale:
    mean 0, sd 1 over all state-years, the United States positive. See docs/idealpoints.md.
    """
    names = split_names(states)

    # a spinner while the fit runs (10-20 s), shown only when there is a fit to wait for; a
    # log (stderr not a terminal) gets the line
    err = console(stderr=True)
    line = "fitting ideal points on all UN votes (about 10 seconds; cached afterwards)"
    status = err.status(line + "…")

    def announce() -> None:
        if err.is_terminal:
            status.start()
        else:
            err.print(line)

    try:
        with open_store() as st:
            df = ideal_points_for(
                st,
                states=names or None,
                years=(first, last),
                issue=issue,
                rollcalls=rollcalls,
                on_fit=announce,
            )
    finally:
        status.stop()
    span = f"{first or ''}–{last or ''}" if first or last else "all years"
    title = f"UN ideal points{f' ({issue})' if issue else ''}, {span}, roll calls: {rollcalls}"
    emit(df, fmt=fmt, out=out_path(out), title=title, max_rows=None if names else 200)
