"""Dyadic alignment for a question: which states, which years, from votes or alliances.

:func:`dyadic_agreement` is the one code path behind ``multipolar agreement``, the ``why``
report and the system view. It loads the tables from the store, computes the measure for
*all* dyad-years with the given computation options (issue, important votes, unanimous
roll calls, window, kappa/pi weights), caches that table in the store
(:meth:`multipolar.store.Store.save_result`, keyed by the options, the measure version and
the data versions) and then selects the requested states and years. Selecting after
computing gives exactly the numbers a restricted computation would (unanimity is judged
among all states, windows reach back before the first year shown), so every question with
the same computation options reuses one cached table; within a process the last few
tables read are also kept in memory (keyed by store, options and data versions).
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from multipolar import states as _states
from multipolar.errors import InputError
from multipolar.explain.agreement_file import MEASURE_VERSION as _MEASURE_VERSION
from multipolar.measures.agreement import ISSUES, _rollcall_years, agreement, year_range
from multipolar.measures.alliances import alliance_similarity
from multipolar.measures.coincidence import Rule, coincidence
from multipolar.measures.rollcalls import DEFAULT as DEFAULT_ROLLCALLS
from multipolar.measures.rollcalls import select_rollcalls
from multipolar.store import Store

__all__ = [
    "DEFAULT_ROLLCALLS",
    "MEASURE_VERSION",
    "SOURCES",
    "coincidence_with",
    "dyadic_agreement",
    "resolve_states",
    "vote_tables",
]

#: Bumped whenever a code change moves the numbers (invalidates cached results); defined in
#: the light module the kept-export path imports
MEASURE_VERSION = _MEASURE_VERSION
#: Tables each source of evidence reads.
SOURCES: dict[str, tuple[str, ...]] = {
    "votes": ("unga_votes", "unga_rollcalls"),
    "alliances": ("atop_ddy", "cow_nmc"),
    "unsc": ("unsc_votes", "unsc_rollcalls"),
}


#: Full tables already read in this process (store, options, data versions) -> table: the
#: system view and the ``why`` report ask for many years in a row.
_MEMO: OrderedDict[tuple[str, str, str], pd.DataFrame] = OrderedDict()
_MEMO_SIZE = 4


def resolve_states(
    states: Sequence[int | str] | None, *, year: int | None = None
) -> list[int] | None:
    """COW codes of ``states`` (codes or names, resolved as of ``year``); None stays None."""
    if states is None:
        return None
    codes: list[int] = []
    for s in states:
        code = int(s) if isinstance(s, int | np.integer) else _states.resolve(s, year).ccode
        if code not in codes:
            codes.append(code)
    return codes


def dyadic_agreement(
    store: Store,
    *,
    source: Literal["votes", "alliances", "unsc"] = "votes",
    states: Sequence[int | str] | None = None,
    years: tuple[int | None, int | None] | int | None = None,
    issue: str | None = None,
    important: bool = False,
    include_unanimous: bool = False,
    window: int = 1,
    weights: Literal["quadratic", "linear"] = "quadratic",
    rollcalls: str = DEFAULT_ROLLCALLS,
) -> pd.DataFrame:
    """Alignment of every selected dyad-year, from UN votes or alliance portfolios.

    Parameters
    ----------
    store
        An open store (tables are loaded from their sources on first use).
    source
        ``"votes"``: :func:`multipolar.measures.agreement.agreement` -- columns
        ``ccode1, ccode2, year, n_votes, agree, s_abs, s_sq, kappa, pi``.
        ``"alliances"``: :func:`multipolar.measures.alliances.alliance_similarity` on ATOP
        with CINC weights -- ``ccode1, ccode2, year, n_states, s_abs, s_wt, kappa, pi``.
        ``"unsc"``: the same vote measures on the Security Council's recorded votes, from a UN
        Digital Library file the user imported (``data import FILE --as undl-sc``).
    states
        COW codes or names (resolved as of the last year asked, else today's state). Two or
        more: the dyads among them; one: its dyads with every state; None: all dyads.
    years
        A year or an inclusive ``(first, last)`` range; None for all.
    issue, important, include_unanimous, window
        Vote options (see :func:`~multipolar.measures.agreement.agreement`); only the
        default values are accepted with ``source="alliances"``.
    weights
        Disagreement weights of kappa and pi.
    rollcalls
        The roll-call set (:data:`multipolar.measures.rollcalls.ROLLCALL_SETS`): ``resolutions``
        (default, comparable across the 2019 change of source), ``bsv`` or ``all``.

    The result's ``attrs`` carry ``source``, ``tables`` and the computation ``options``.
    """
    if source not in SOURCES:
        raise InputError(f"unknown source {source!r}; use 'votes', 'alliances' or 'unsc'")
    if issue is not None and issue not in ISSUES:
        raise InputError(f"unknown issue {issue!r}; choose one of {', '.join(ISSUES)}")
    if window < 1:
        raise InputError(f"window must be a positive number of years; got {window}")
    if weights not in ("quadratic", "linear"):
        raise InputError(f"weights must be 'quadratic' or 'linear', not {weights!r}")
    if source == "unsc" and not store.has_table("unsc_votes"):
        raise InputError(
            "no Security Council votes in the store: import the UN Digital Library's file "
            "with `multipolar data import FILE --as undl-sc`"
        )
    if source != "votes" and (issue or important):
        raise InputError("issue areas and important votes apply to UN General Assembly votes only")
    if source == "alliances" and (issue or important or include_unanimous or window != 1):
        raise InputError(
            "issue, important votes, unanimous roll calls and windows apply to UN votes only; "
            "drop them or use source='votes'"
        )
    first, last = year_range(years)
    codes = resolve_states(states, year=last)
    if codes is not None and len(codes) == 0:
        raise InputError("no states given")

    options: dict[str, Any] = {
        "version": MEASURE_VERSION,
        "source": source,
        "weights": weights,
    }
    if source in ("votes", "unsc"):
        options |= {
            "issue": issue,
            "important": important,
            "include_unanimous": include_unanimous,
            "window": window,
            "rollcalls": rollcalls,
        }
    memo_key = (
        str(getattr(store, "path", id(store))),
        json.dumps(options, sort_keys=True),
        json.dumps(store.data_versions(), sort_keys=True),
    )
    full = _MEMO.get(memo_key)
    if full is not None:  # kept results computed from this one depend on its tables
        store.note_read(*SOURCES[source])
    if full is None and (codes is not None or first is not None or last is not None):
        # a slice of a kept result: read only its rows (SQL on its Parquet file), not the whole
        kept_file = store.result_file("agreement", options)
        if kept_file is not None:
            store.note_read(*SOURCES[source])
            out = _select_sql(store, f"read_parquet('{kept_file}')", codes, first, last)
            out.attrs = {"source": source, "tables": list(SOURCES[source]), "options": options}
            return out
    if full is None:
        full = store.load_result("agreement", options)
    if full is None:
        if source == "votes":
            votes, rc = vote_tables(store, rollcalls=rollcalls, columns=["rcid", "ccode", "vote"])
            full = agreement(
                votes,
                rc,
                issue=issue,
                important=important,
                include_unanimous=include_unanimous,
                window=window,
                weights=weights,
            )
        elif source == "unsc":
            full = agreement(
                _columns(store, "unsc_votes", ["rcid", "ccode", "vote"]),
                _columns(store, "unsc_rollcalls", ["rcid", "session", "year"]),
                include_unanimous=include_unanimous,
                window=window,
                weights=weights,
            )
        else:
            full = alliance_similarity(
                store.frame("atop_ddy"),
                _columns(store, "cow_nmc", ["ccode", "year", "cinc"]),
                capability="cinc",
                weights=weights,
            )
        # kept in the order of every answer: a whole-table Parquet export is then a file copy
        full = full.sort_values(["year", "ccode1", "ccode2"], ignore_index=True)
        full.attrs = {}
        store.save_result("agreement", options, full)
    _MEMO[memo_key] = full
    _MEMO.move_to_end(memo_key)
    while len(_MEMO) > _MEMO_SIZE:
        _MEMO.popitem(last=False)
    out = _select(full, codes, first, last)
    out.attrs = {"source": source, "tables": list(SOURCES[source]), "options": options}
    return out


def _columns(store: Store, table: str, columns: list[str]) -> pd.DataFrame:
    """Only the columns a measure needs (skips the vote table's country-name strings)."""
    return store.table(table).select(*columns).to_pandas()


def vote_tables(
    store: Store,
    *,
    rollcalls: str = DEFAULT_ROLLCALLS,
    columns: Sequence[str] = ("rcid", "year", "ccode", "vote"),
    states: Sequence[int] | None = None,
    years: tuple[int, int] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The panel's votes and roll calls restricted to a roll-call set (the measures' inputs);
    ``states`` (COW codes) and ``years`` select the votes in SQL (the roll calls stay whole)."""
    rc = _columns(
        store,
        "unga_rollcalls",
        [
            "rcid",
            "session",
            "year",
            "importantvote",
            "amend",
            "para",
            "descr",
            "source",
            "recorded",
            *ISSUES,
        ],
    )
    rc = select_rollcalls(rc, rollcalls)
    if states is None and years is None:
        votes = _columns(store, "unga_votes", list(columns))
    else:
        store.ensure("unga_votes")
        where, params = ["TRUE"], []
        if states is not None:
            where.append(f"ccode IN ({', '.join(str(int(c)) for c in states)})")
        if years is not None:
            where.append("year BETWEEN ? AND ?")
            params += [int(years[0]), int(years[1])]
        cols = ", ".join(f'"{c}"' for c in columns)
        with store.reading():
            votes = store.raw.execute(
                f"SELECT {cols} FROM unga_votes WHERE {' AND '.join(where)}", params
            ).df()
    votes = votes[votes["rcid"].isin(rc["rcid"])]
    return votes, rc


def coincidence_with(
    store: Store,
    *,
    reference: int | str = 2,
    states: Sequence[int | str] | None = None,
    years: tuple[int | None, int | None] | int | None = None,
    issue: str | None = None,
    important: bool = False,
    rollcalls: str = DEFAULT_ROLLCALLS,
    rule: Rule = "by-year",
) -> pd.DataFrame:
    """Each state's voting coincidence with ``reference`` (the State Department's measure).

    See :func:`multipolar.measures.coincidence.coincidence` for the formulas (the rule changed
    with the 2017 report). ``issue``/``important``/``rollcalls`` select the roll calls counted.
    """
    first, last = year_range(years)
    ref = resolve_states([reference], year=last)
    codes = resolve_states(states, year=last)
    votes, rc = vote_tables(store, rollcalls=rollcalls)
    keep = _rollcall_years(rc, issue=issue, important=important)
    votes = votes[votes["rcid"].isin(keep.index)]
    if first is not None:
        votes = votes[votes["year"] >= first]
    if last is not None:
        votes = votes[votes["year"] <= last]
    assert ref is not None
    out = coincidence(votes, reference=ref[0], rule=rule, states=codes)
    out.attrs = {
        "source": "votes",
        "tables": list(SOURCES["votes"]),
        "options": {"reference": ref[0], "issue": issue, "important": important,
                    "rollcalls": rollcalls, "rule": rule},
    }  # fmt: skip
    return out


def agreement_table(store: Store, *, rollcalls: str = DEFAULT_ROLLCALLS) -> str:
    """A SQL FROM expression for the kept default vote agreement (every dyad-year, the options
    of :func:`dyadic_agreement` with ``rollcalls``; its Parquet file), computed and kept first if
    needed: for SQL that ranks a pair among all dyads without loading the table."""
    options = {
        "version": MEASURE_VERSION,
        "source": "votes",
        "weights": "quadratic",
        "issue": None,
        "important": False,
        "include_unanimous": False,
        "window": 1,
        "rollcalls": rollcalls,
    }
    kept_file = store.result_file("agreement", options)
    if kept_file is None:
        dyadic_agreement(store, rollcalls=rollcalls)
        kept_file = store.result_file("agreement", options)
    if kept_file is None:
        raise InputError(
            "the agreement of all dyads could not be kept (is MULTIPOLAR_HOME/cache writable?)"
        )
    store.note_read(*SOURCES["votes"])
    return "read_parquet('" + str(kept_file).replace("'", "''") + "')"


def _select_sql(
    store: Store, source: str, codes: list[int] | None, first: int | None, last: int | None
) -> pd.DataFrame:
    """:func:`_select` in SQL on a kept result (``source``: a FROM expression)."""
    where, params = ["TRUE"], []
    if first is not None:
        where.append("year >= ?")
        params.append(first)
    if last is not None:
        where.append("year <= ?")
        params.append(last)
    if codes is not None:
        inlist = ", ".join(str(int(c)) for c in codes)
        op = "AND" if len(codes) > 1 else "OR"
        where.append(f"(ccode1 IN ({inlist}) {op} ccode2 IN ({inlist}))")
    q = f"SELECT * FROM {source} WHERE {' AND '.join(where)} ORDER BY year, ccode1, ccode2"
    with store.reading():
        return store.raw.execute(q, params).df()


def _select(
    df: pd.DataFrame, codes: list[int] | None, first: int | None, last: int | None
) -> pd.DataFrame:
    keep = np.ones(len(df), dtype=bool)
    year = df["year"].to_numpy()
    if first is not None:
        keep &= year >= first
    if last is not None:
        keep &= year <= last
    if codes is not None:
        in1 = df["ccode1"].isin(codes).to_numpy()
        in2 = df["ccode2"].isin(codes).to_numpy()
        keep &= (in1 & in2) if len(codes) > 1 else (in1 | in2)
    out = df.loc[keep]
    return out.sort_values(["year", "ccode1", "ccode2"], ignore_index=True)
