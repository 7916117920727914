"""Ideal points for a question: which states, which years, which issue.

The estimate is always fitted on every state and every year of the stored UN votes (on
one issue if asked), so that all answers share one scale; the question only filters the
rows shown. Fits are cached in the store, keyed by the settings (the roll-call set among
them), the issue, the model version and the version of the vote data
(:meth:`multipolar.store.Store.save_result`), so the fit runs once per store.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd

from multipolar import states as _states
from multipolar.errors import InputError, UnknownStateError
from multipolar.measures.idealpoints import ISSUES, IdealPoints, ideal_points
from multipolar.measures.rollcalls import ROLLCALL_SETS
from multipolar.store import Store

__all__ = ["MODEL_VERSION", "ideal_points_for"]

#: Bumped whenever a code change moves the estimates (invalidates cached fits).
MODEL_VERSION = "idealpoints-2"  # 2: prior on every state-year, bridging by title, sets

COLUMNS = ["ccode", "state", "year", "ideal", "se", "lo", "hi", "n_votes"]


def _ccodes(states: Sequence[int | str] | None) -> list[int] | None:
    if states is None:
        return None
    out = []
    for s in states:
        out.append(int(s) if isinstance(s, int) else _states.resolve(s).ccode)
    return out


def _abbrev(ccode: int) -> str:
    try:
        return _states.state(ccode).abbrev
    except UnknownStateError:
        return ""


def ideal_points_for(
    store: Store,
    *,
    states: Sequence[int | str] | None = None,
    years: tuple[int | None, int | None] | None = None,
    issue: str | None = None,
    rollcalls: str | None = None,
    settings: Mapping[str, Any] | None = None,
    on_fit: Callable[[], None] | None = None,
) -> pd.DataFrame:
    """Ideal points (``ccode, state, year, ideal, se, lo, hi, n_votes``) for a question.

    ``states`` are COW codes or names (resolved by :func:`multipolar.states.resolve`;
    ``None`` keeps all); ``years`` an inclusive ``(first, last)`` with ``None`` for open
    ends; ``issue`` one of :data:`multipolar.measures.idealpoints.ISSUES`; ``rollcalls``
    the roll-call set fitted (a name of :data:`multipolar.measures.rollcalls.ROLLCALL_SETS`;
    ``None``: the estimator's default, :data:`multipolar.measures.idealpoints.DEFAULT_ROLLCALLS`); ``settings`` go to
    :class:`~multipolar.measures.idealpoints.IdealPoints`. ``on_fit`` is called before a
    fit that is not cached (the CLI uses it to say that this takes a while).
    """
    if issue is not None and issue not in ISSUES:
        raise InputError(f"unknown issue {issue!r}; choose one of {', '.join(ISSUES)}")
    if rollcalls is not None and rollcalls not in ROLLCALL_SETS:
        raise InputError(
            f"unknown roll-call set {rollcalls!r}; choose one of {', '.join(ROLLCALL_SETS)}"
        )
    codes = _ccodes(states)
    first, last = years if years is not None else (None, None)
    if first is not None and last is not None and first > last:
        raise InputError(f"--from {first} is after --to {last}")
    chosen = dict(settings or {})
    if rollcalls is not None:
        chosen["rollcalls"] = rollcalls
    params = IdealPoints(**chosen).get_params()
    options = {"model": MODEL_VERSION, "issue": issue, "settings": params}
    df = store.load_result("idealpoints", options)
    if df is None:
        if on_fit is not None:
            on_fit()
        votes = store.frame("unga_votes")
        rollcalls = store.frame("unga_rollcalls")
        df = ideal_points(votes, rollcalls, issue=issue, **params)
        store.save_result("idealpoints", options, df)
    df = df.copy()
    if codes is not None:
        df = df[df["ccode"].isin(codes)]
    if first is not None:
        df = df[df["year"] >= first]
    if last is not None:
        df = df[df["year"] <= last]
    if codes is not None and df.empty:
        raise InputError(
            f"no ideal points for ccode {codes} in the years asked; they cast no contested votes"
        )
    df["state"] = [_abbrev(c) for c in df["ccode"]]
    df = df.sort_values(["ccode", "year"], ignore_index=True)
    return df.loc[:, COLUMNS]
