"""``multipolar agreement``: how closely states align in UN votes or alliance portfolios."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from multipolar.cli._common import FormatOpt, OutOpt, open_store, out_path, split_names
from multipolar.errors import InputError, UnknownStateError
from multipolar.report.output import emit

if TYPE_CHECKING:
    import pandas as pd

_MEASURES = {
    "votes": "agree: identical votes · S (abs, sq) · kappa, pi (chance-corrected, Häge 2011)",
    "alliances": "ATOP portfolios · S (abs), s_wt CINC-weighted · kappa, pi (Häge 2011)",
}


def agreement(
    states: list[str] = typer.Option(
        None, "--states", "-s", help="States, comma-separated (two: one dyad; one: its dyads)."
    ),
    first: int | None = typer.Option(None, "--from", help="First year."),
    last: int | None = typer.Option(None, "--to", help="Last year."),
    issue: str | None = typer.Option(
        None, "--issue", help="UN votes on one issue: me, nu, di, hr, co or ec."
    ),
    important: bool = typer.Option(False, "--important", help="Important votes only."),
    include_unanimous: bool = typer.Option(
        False, "--include-unanimous", help="Keep roll calls on which everybody voted alike."
    ),
    window: int = typer.Option(1, "--window", help="Pool N years (trailing window)."),
    source: str = typer.Option(
        "votes",
        "--source",
        help="votes (UNGA), alliances (ATOP) or unsc (Security Council, after data import --as undl-sc).",
    ),
    weights: str = typer.Option(
        "quadratic", "--weights", help="Disagreement weights of kappa and pi: quadratic, linear."
    ),
    rollcalls: str = typer.Option(
        "resolutions",
        "--rollcalls",
        help="Roll calls counted: resolutions (default: whole resolutions only, comparable "
        "across the 2019 change of source), bsv (Bailey-Strezhnev-Voeten's set) or all.",
    ),
    measure: str = typer.Option(
        "similarity",
        "--measure",
        help="similarity (agree, S, kappa, pi for every dyad) or coincidence (each state with "
        "--with, as the US State Department reports it).",
    ),
    with_: str = typer.Option("United States", "--with", help="Reference state of coincidence."),
    rule: str = typer.Option(
        "by-year",
        "--coincidence-rule",
        help="by-year (the Department's formula of each year: votes-only to 2016, "
        "partial-credit from 2017), votes-only or partial-credit.",
    ),
    out: Path | None = OutOpt,
    fmt: str = FormatOpt,
) -> None:
    """Dyadic alignment: vote agreement, Signorino-Ritter S, Cohen's kappa and Scott's pi.

    Every dyad and year unless --states is given. With --measure coincidence: each state's
    voting coincidence with the USA (or --with) by year. See docs/measures.md for the formulas.
    """
    if source not in ("votes", "alliances", "unsc"):
        raise InputError(f"--source must be votes, alliances or unsc, not {source!r}")
    if measure not in ("similarity", "coincidence"):
        raise InputError(f"--measure must be similarity or coincidence, not {measure!r}")
    names = split_names(states)
    if measure == "coincidence":
        if source != "votes":
            raise InputError("--measure coincidence is a measure of UN votes; drop --source")
        _coincidence(names, with_, first, last, issue, important, rollcalls, rule, out, fmt)
        return
    from multipolar.explain.agreement import dyadic_agreement, resolve_states

    with open_store() as st:
        df = dyadic_agreement(
            st,
            source=source,  # type: ignore[arg-type]
            states=names or None,
            years=(first, last),
            issue=issue,
            important=important,
            include_unanimous=include_unanimous,
            window=window,
            weights=weights,  # type: ignore[arg-type]
            rollcalls=rollcalls,
        )
        if df.empty and (first is not None or last is not None):
            span = _data_span(st, source)
            asked = (
                f"{first}–{last}" if first is not None and last is not None
                else f"from {first}" if first is not None else f"to {last}"
            )  # fmt: skip
            raise InputError(
                f"no {_WHAT.get(source, 'alliance data')} {asked} for these "
                f"states; the data cover {span}"
            )
    if out is not None or fmt != "table":
        emit(df, fmt=fmt, out=out_path(out))
        return
    codes = (resolve_states(names, year=last) or []) if names else []
    lo, hi = (first or df["year"].min(), last or df["year"].max()) if len(df) else (first, last)
    span = f"{lo}" if lo == hi else f"{lo or ''}–{hi or ''}"
    what = (
        f"UN votes ({rollcalls})"
        if source == "votes"
        else "Security Council votes"
        if source == "unsc"
        else "alliance portfolios"
    )
    if issue:
        what += f" ({issue})"
    if important:
        what += ", important votes"
    if len(codes) == 2:
        title = f"{_label(codes[0])} – {_label(codes[1])}: {what}, {span}"
        shown = df.drop(columns=["ccode1", "ccode2"])
        emit(shown, fmt=fmt, title=title, caption=_MEASURES[source], max_rows=None)
        return
    emit(_with_names(df), fmt=fmt, title=f"Agreement in {what}, {span}", caption=_MEASURES[source])


def _coincidence(
    names: list[str],
    reference: str,
    first: int | None,
    last: int | None,
    issue: str | None,
    important: bool,
    rollcalls: str,
    rule: str,
    out: Path | None,
    fmt: str,
) -> None:
    from multipolar.explain.agreement import coincidence_with
    from multipolar.measures.coincidence import RULES

    with open_store() as st:
        df = coincidence_with(
            st,
            reference=reference,
            states=names or None,
            years=(first, last),
            issue=issue,
            important=important,
            rollcalls=rollcalls,
            rule=rule,  # type: ignore[arg-type]
        )
    if out is not None or fmt != "table":
        emit(df, fmt=fmt, out=out_path(out))
        return
    ref = _label(int(df.attrs["options"]["reference"]))
    shown = df.drop(columns=["reference"])
    shown.insert(0, "state", [_label(int(c)) for c in shown.pop("ccode")])
    rules = sorted(set(shown["rule"]))
    emit(
        shown,
        fmt=fmt,
        title=f"Voting coincidence with {ref} (UN votes, {rollcalls})",
        caption=" · ".join(f"{r}: {RULES[r]}" for r in rules),
        max_rows=None if names else 200,
    )


_WHAT = {"votes": "UN votes", "unsc": "Security Council votes"}


def _data_span(st, source: str) -> str:  # type: ignore[no-untyped-def]
    table = {"votes": "unga_rollcalls", "unsc": "unsc_rollcalls"}.get(source, "atop_ddy")
    lo, hi = st.sql(f"SELECT min(year), max(year) FROM {table}").iloc[0]
    return f"{int(lo)}–{int(hi)}"


def _label(ccode: int) -> str:
    from multipolar import states as _states

    try:
        return _states.state(ccode).name
    except UnknownStateError:
        return str(ccode)


def _with_names(df: pd.DataFrame) -> pd.DataFrame:
    """COW abbreviations in place of the codes (terminal display only; files keep codes)."""
    import pandas as pd

    from multipolar import states as _states

    codes = pd.unique(pd.concat([df["ccode1"], df["ccode2"]]))
    abbrev = {}
    for c in codes:
        try:
            abbrev[c] = _states.state(int(c)).abbrev
        except UnknownStateError:
            abbrev[c] = ""
    out = df.drop(columns=["ccode1", "ccode2"])
    out.insert(0, "state1", df["ccode1"].map(abbrev))
    out.insert(1, "state2", df["ccode2"].map(abbrev))
    return out
