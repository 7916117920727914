r"""Voting coincidence with one state, as the U.S. State Department reports it.

Every year since 1984 the State Department's report to Congress, *Voting Practices in the United
Nations*, gives each member state's "voting coincidence" with the United States on the recorded
General Assembly votes of that year. The formula changed with the 2017 report:

``votes-only`` (the reports through 2016)
    .. math:: C = \frac{I}{I + O}

    :math:`I` identical votes (both yes or both no), :math:`O` opposite votes (one yes, the
    other no). Abstentions and absences are left out ("votes only": "calculated using only
    votes on which both the United States and the other country in question voted Yes or No";
    *Voting Practices in the United Nations 2008*, Format and methodology).

``partial-credit`` (the reports from 2017 on)
    .. math:: C = \frac{I + \tfrac12 P}{I + O + P}

    where a partial agreement :math:`P` is a vote on which one of the two abstained and the
    other voted yes or no, credited with half a point; a vote on which both abstained counts
    as identical; absences are left out (*Voting Practices in the United Nations 2017*,
    April 2018).

``by-year`` (default) applies the formula of the report for each year: ``votes-only`` through
2016, ``partial-credit`` from 2017. ``year`` is the session's year (session + 1945): the report
for a calendar year covers the session that opens in its September, so the two agree.

Range 0–1 (``NaN`` when the denominator is 0). Unlike :func:`~multipolar.measures.agreement.
agreement`, unanimous roll calls are kept: the Department counts every recorded vote. Any
subset of roll calls can be given (an issue, the important votes, the Israel-related
resolutions of the reports' annex), and any state can be the reference.

References
----------
U.S. Department of State (1985–2024). *Voting Practices in the United Nations*. Report to
Congress submitted pursuant to Public Laws 101-246 and 108-447. Washington, DC.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from multipolar.errors import InputError

__all__ = ["RULES", "coincidence"]

Rule = Literal["by-year", "votes-only", "partial-credit"]
#: the formulas by name, and the first year of the partial-credit formula
RULES: dict[str, str] = {
    "votes-only": "identical / (identical + opposite); abstentions and absences left out",
    "partial-credit": "(identical + ½ partial) / (identical + opposite + partial); both "
    "abstaining is identical, absences left out",
    "by-year": "votes-only through 2016, partial-credit from 2017 (the State Department's rule)",
}
FIRST_PARTIAL_CREDIT_YEAR = 2017
COLUMNS = [
    "ccode", "year", "reference", "n_votes", "identical", "opposite", "partial",
    "both_abstain", "coincidence", "rule",
]  # fmt: skip


def coincidence(
    votes: pd.DataFrame,
    *,
    reference: int = 2,
    rule: Rule = "by-year",
    states: list[int] | None = None,
) -> pd.DataFrame:
    """Each state's voting coincidence with ``reference`` by year.

    Parameters
    ----------
    votes
        ``rcid, year, ccode, vote`` (1 yes, 2 abstain, 3 no) on the roll calls to count (filter
        them first: an issue, important votes, a roll-call set). Other vote codes are missing.
    reference
        The COW code the others are compared with (2, the United States).
    rule
        ``by-year`` (default), ``votes-only`` or ``partial-credit`` (see the module docstring).
    states
        Only these states' rows (default every state that voted with the reference).

    Returns
    -------
    DataFrame ``ccode, year, reference, n_votes, identical, opposite, partial, both_abstain,
    coincidence, rule`` — counts of the roll calls both voted on; ``rule`` is the formula used.

    Examples
    --------
    >>> v = pd.DataFrame({"rcid": [1, 1, 2, 2, 3, 3, 4, 4], "year": 2016,
    ...                   "ccode": [2, 20] * 4, "vote": [1, 1, 1, 3, 1, 2, 2, 2]})
    >>> coincidence(v)[["identical", "opposite", "partial", "coincidence"]].to_dict("records")
    [{'identical': 1, 'opposite': 1, 'partial': 1, 'coincidence': 0.5}]
    >>> coincidence(v.assign(year=2017))["coincidence"].round(4).tolist()  # (2 + 0.5) / 4
    [0.625]
    """
    if rule not in RULES:
        raise InputError(f"unknown coincidence rule {rule!r}; use one of {', '.join(RULES)}")
    for col in ("rcid", "year", "ccode", "vote"):
        if col not in votes.columns:
            raise InputError(f"the vote table needs a {col!r} column")
    v = votes.loc[votes["vote"].isin([1, 2, 3]), ["rcid", "year", "ccode", "vote"]]
    ref = v.loc[v["ccode"] == reference, ["rcid", "vote"]].drop_duplicates("rcid")
    if ref.empty:
        return pd.DataFrame(columns=COLUMNS)
    other = v[v["ccode"] != reference]
    if states is not None:
        other = other[other["ccode"].isin(list(states))]
    pair = other.merge(ref, on="rcid", suffixes=("", "_ref"))
    a = pair["vote"].to_numpy()
    r = pair["vote_ref"].to_numpy()
    yn = (a != 2) & (r != 2)
    pair = pair.assign(
        identical=(yn & (a == r)).astype(np.int64),
        opposite=(yn & (a != r)).astype(np.int64),
        partial=((a == 2) ^ (r == 2)).astype(np.int64),
        both_abstain=((a == 2) & (r == 2)).astype(np.int64),
    )
    out = (
        pair.groupby(["ccode", "year"], as_index=False)[
            ["identical", "opposite", "partial", "both_abstain"]
        ]
        .sum()
        .astype("int64")
    )
    out["n_votes"] = out[["identical", "opposite", "partial", "both_abstain"]].sum(axis=1)
    partial_rule = (
        np.full(len(out), rule == "partial-credit")
        if rule != "by-year"
        else out["year"].to_numpy() >= FIRST_PARTIAL_CREDIT_YEAR
    )
    i, o, p, b = (
        out[c].to_numpy(dtype=float) for c in ("identical", "opposite", "partial", "both_abstain")
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        old = i / (i + o)
        new = (i + b + 0.5 * p) / (i + b + o + p)
    out["coincidence"] = np.where(partial_rule, new, old)
    out["identical"] = np.where(
        partial_rule, out["identical"] + out["both_abstain"], out["identical"]
    )
    out["rule"] = np.where(partial_rule, "partial-credit", "votes-only")
    out["reference"] = int(reference)
    return out.loc[:, COLUMNS].sort_values(["year", "ccode"], ignore_index=True)
