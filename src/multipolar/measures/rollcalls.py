"""Named sets of UN roll calls, so that a series means the same thing in every year.

The vote panel joins two sources that hold different kinds of roll calls: the Voeten/unvotes
data (1946–2018) record votes on whole resolutions, on amendments and on separate paragraphs;
the UN's own records (2019 on) hold only adopted resolutions. A measure computed on "every roll
call" therefore changes meaning in 2019. Three sets are offered:

``resolutions`` (the default)
    Votes on whole draft resolutions only: roll calls flagged as votes on an amendment
    (``amend``) or on a separate paragraph (``para``) are left out in every session, and every
    roll call of the UN's records is kept. Comparable across the whole panel. Voeten did not
    flag amendments and paragraphs in sessions 40–51, 68–70 and 73–74; whatever such votes
    those sessions hold stay in (there is no way to tell them apart).
``bsv``
    The "All" set of Bailey, Strezhnev & Voeten's published ideal points and agreement
    scores: every roll call, except the votes on amendments and paragraphs of sessions 52–67
    and 71–72 (1997–2012, 2016–2017), which their set leaves out. Use it to reproduce their
    published numbers (agreement equals theirs in every dyad-year).
``all``
    Every roll call in the panel.

Roll calls without a recorded vote (resolutions adopted by consensus, ``recorded`` false) are
kept in every set; they hold no votes, so no vote measure counts them.

References
----------
Bailey, M. A., Strezhnev, A. & Voeten, E. (2017). Estimating dynamic state preferences from
United Nations voting data. *Journal of Conflict Resolution* 61(2): 430–456.
doi:10.1177/0022002715595700
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from multipolar.errors import InputError

__all__ = ["DEFAULT", "ROLLCALL_SETS", "rollcall_mask", "select_rollcalls"]

#: the sets by name, with their rule in one line
ROLLCALL_SETS: dict[str, str] = {
    "resolutions": "votes on whole resolutions only (no amendment or paragraph votes): comparable "
    "across 1946–2026",
    "bsv": "Bailey, Strezhnev & Voeten's set: all roll calls but the amendment and paragraph "
    "votes of sessions 52–67 and 71–72",
    "all": "every roll call (amendment and paragraph votes only to 2018)",
}
#: what every measure uses unless told otherwise
DEFAULT = "resolutions"
#: sessions in which the BSV set leaves out amendment and paragraph votes
BSV_SESSIONS = (*range(52, 68), 71, 72)


def _flag(rollcalls: pd.DataFrame, column: str) -> np.ndarray:
    if column not in rollcalls.columns:
        return np.zeros(len(rollcalls), dtype=bool)
    return rollcalls[column].astype("boolean").fillna(False).to_numpy(dtype=bool)


def rollcall_mask(rollcalls: pd.DataFrame, name: str = DEFAULT) -> np.ndarray:
    """Which rows of ``rollcalls`` belong to the set ``name`` (see the module docstring).

    ``rollcalls`` needs ``session`` and, where present, the ``amend`` and ``para`` flags.

    >>> rc = pd.DataFrame({"rcid": [1, 2, 3], "session": [30, 60, 60],
    ...                    "amend": [True, False, None], "para": [False, True, None]})
    >>> [rollcall_mask(rc, s).tolist() for s in ("resolutions", "bsv", "all")]
    [[False, False, True], [True, False, True], [True, True, True]]
    """
    if name not in ROLLCALL_SETS:
        raise InputError(
            f"unknown roll-call set {name!r}; use one of: "
            + "; ".join(f"{k} ({v})" for k, v in ROLLCALL_SETS.items())
        )
    if name == "all":
        return np.ones(len(rollcalls), dtype=bool)
    part = _flag(rollcalls, "amend") | _flag(rollcalls, "para")
    if name == "bsv":
        session = pd.to_numeric(rollcalls["session"]).to_numpy()
        part &= np.isin(session, BSV_SESSIONS)
    return ~part


def select_rollcalls(rollcalls: pd.DataFrame, name: str = DEFAULT) -> pd.DataFrame:
    """The rows of ``rollcalls`` in the set ``name``."""
    return rollcalls.loc[rollcall_mask(rollcalls, name)]
