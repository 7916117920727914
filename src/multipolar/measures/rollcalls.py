"""Named roll-call sets: which UN roll calls a measure counts.

The Voeten / unvotes data hold every recorded vote of the General Assembly plenary: on
whole draft resolutions, and also on amendments, on separate paragraphs and (in some
sessions) on procedural motions. Which of them belong in a measure is a choice that moves
the numbers, so it is named and documented here once, and every measure takes the name:

``all``
    Every roll call in the table.

``bsv``
    The set of Bailey, Strezhnev & Voeten's published estimates and agreement scores
    ("All" in their files): every roll call except the votes on amendments and on separate
    paragraphs (``amend`` or ``para`` true) **in sessions 52–67 and 71–72** (1997–2012,
    2016–2017). In those sessions the unvotes data carry 10–40 such votes a session, taken
    from the meeting records, that BSV's data do not; in the other sessions both hold the
    same roll calls (amendment and paragraph votes included), so nothing else is dropped.
    Checked against BSV's published ``NVotesAll`` (votes per state and session on
    contested roll calls): equal to our count under this rule for every state-session
    checked (1,629 state-sessions of 38 states across 1946–2019; 78 % before the rule, 0 %
    inside those sessions).

``resolutions``
    Votes on whole draft resolutions only: no vote on an amendment or a separate
    paragraph (``amend`` or ``para`` true) in any session, and no vote known only from a
    passage of the meeting record (the motions of sessions 52–67 and 71–72, such as
    no-action motions; :func:`multipolar.sources.rollcall_text.is_meeting_record`). This is
    the set comparable with the UN's own records of 2019 on, which hold adopted
    resolutions only; rows of those records (``source`` ``unga_unxml``) are all kept.
    Procedural votes of the early sessions that the data do not flag (rulings of the
    chair, agenda decisions) remain, and so do rejected drafts (the Voeten data do not say
    which drafts failed).

``resolutions`` is the default of every measure (:data:`DEFAULT`): a series then counts the
same kind of vote in every year. Voeten flags amendment and paragraph votes only in sessions
1–39, 52–67 and 71–72; whatever unflagged ones sessions 40–51, 68–70 and 73–74 hold stay in.

Rows with a column ``recorded`` that is false (resolutions adopted without a vote, in the
UN's records) are no roll calls and are left out of every set. Missing ``amend`` / ``para``
flags count as false.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from multipolar.errors import InputError
from multipolar.sources.rollcall_text import is_meeting_record
from multipolar.sources.un_vocabulary import FIRST_SESSION_YEAR

__all__ = [
    "BSV_SESSIONS",
    "DEFAULT",
    "ROLLCALL_SETS",
    "rollcall_mask",
    "select_rollcalls",
    "truthy",
]

#: what every measure counts unless told otherwise (comparable across the change of source)
DEFAULT = "resolutions"

#: Sessions in which BSV's "All" set leaves out amendment and paragraph votes.
BSV_SESSIONS = frozenset([*range(52, 68), 71, 72])

#: The named sets and their one-line rules (the module docstring has the full ones).
ROLLCALL_SETS: Mapping[str, str] = {
    "all": "every roll call",
    "bsv": (
        "Bailey-Strezhnev-Voeten's 'All' set: no amendment or paragraph votes in sessions "
        "52-67 and 71-72 (1997-2012, 2016-2017)"
    ),
    "resolutions": (
        "votes on whole draft resolutions only: no amendment, paragraph or meeting-record "
        "motion votes in any session (comparable with the UN's own records from 2019)"
    ),
}


def truthy(values: pd.Series) -> np.ndarray:
    """A flag column as a numpy bool array: true for True, non-zero numbers, "1"/"true"/"yes".

    Missing values are false. Works for boolean, numeric and text columns (the Voeten
    files carry ``amend`` / ``para`` as 0/1, as text, or as booleans with gaps).

    >>> import pandas as pd
    >>> truthy(pd.Series([True, None, False], dtype="boolean")).tolist()
    [True, False, False]
    >>> truthy(pd.Series(["1", "0", None, "TRUE"])).tolist()
    [True, False, False, True]
    """
    if pd.api.types.is_bool_dtype(values.dtype):
        return values.astype("boolean").fillna(False).to_numpy(dtype=bool)
    if pd.api.types.is_numeric_dtype(values.dtype):
        return (values.astype("Float64").fillna(0) != 0).to_numpy(dtype=bool)
    text = values.astype("string").str.strip().str.lower()
    return text.isin(["1", "1.0", "true", "yes"]).fillna(False).to_numpy(dtype=bool)


def _flag(rollcalls: pd.DataFrame, column: str) -> np.ndarray:
    if column not in rollcalls.columns:
        return np.zeros(len(rollcalls), dtype=bool)
    return truthy(rollcalls[column])


def _sessions(rollcalls: pd.DataFrame) -> np.ndarray:
    if "session" in rollcalls.columns:
        return pd.to_numeric(rollcalls["session"], errors="coerce").to_numpy()
    if "year" in rollcalls.columns:
        return pd.to_numeric(rollcalls["year"], errors="coerce").to_numpy() - FIRST_SESSION_YEAR
    raise InputError("rollcalls lacks both 'session' and 'year'; pass st.frame('unga_rollcalls')")


def rollcall_mask(rollcalls: pd.DataFrame, name: str = DEFAULT) -> np.ndarray:
    """Boolean mask (one entry per row of ``rollcalls``) of the roll calls in set ``name``.

    ``rollcalls`` is the ``unga_rollcalls`` table (columns used: ``session`` or ``year``,
    ``amend``, ``para``, ``descr``, and ``source``, ``recorded`` where present). ``name``
    is one of :data:`ROLLCALL_SETS`; the rules are in the module docstring. Raises
    :class:`~multipolar.errors.InputError` for an unknown name.

    >>> import pandas as pd
    >>> rc = pd.DataFrame({"rcid": [1, 2, 3, 4], "session": [51, 60, 60, 60],
    ...     "amend": [True, None, True, None], "para": [None, None, None, None],
    ...     "descr": ["", "Nuclear disarmament", "The President: I put to the vote ...",
    ...               "The President: I shall now put to the vote the motion ..."]})
    >>> rollcall_mask(rc, "all").tolist()
    [True, True, True, True]
    >>> rollcall_mask(rc, "bsv").tolist()  # the 1996 amendment vote stays, 2005's goes
    [True, True, False, True]
    >>> rollcall_mask(rc, "resolutions").tolist()
    [False, True, False, False]
    """
    if name not in ROLLCALL_SETS:
        raise InputError(
            f"unknown roll-call set {name!r}; choose one of {', '.join(ROLLCALL_SETS)}"
        )
    n = len(rollcalls)
    keep = np.ones(n, dtype=bool)
    if "recorded" in rollcalls.columns:
        recorded = rollcalls["recorded"].astype("boolean").fillna(True)
        keep &= recorded.to_numpy(dtype=bool)
    if name == "all":
        return keep
    part = _flag(rollcalls, "amend") | _flag(rollcalls, "para")
    if name == "bsv":
        in_window = np.isin(_sessions(rollcalls), list(BSV_SESSIONS))
        return keep & ~(part & in_window)
    # resolutions
    if "descr" in rollcalls.columns:
        part |= is_meeting_record(rollcalls["descr"]).to_numpy(dtype=bool)
    if "source" in rollcalls.columns:
        source = rollcalls["source"].astype("string").fillna("")
        part &= (source != "unga_unxml").to_numpy(dtype=bool)
    return keep & ~part


def select_rollcalls(rollcalls: pd.DataFrame, name: str = DEFAULT) -> pd.DataFrame:
    """The rows of ``rollcalls`` in the set ``name``."""
    return rollcalls.loc[rollcall_mask(rollcalls, name)]
