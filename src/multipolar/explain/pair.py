"""Two states' UN roll calls: each side's vote, the 3×3 position matrix, the divergent votes.

The questions the pair page of ``multipolar serve`` asks beside ``why``: which roll calls
did A and B both vote on in a year (and how did each vote, and the Assembly), how often did
each combination of yes/abstain/no occur, and on which contested roll calls did they split.

Definitions (the same as :func:`multipolar.measures.agreement.agreement`):

* the roll calls are the default set (:data:`multipolar.measures.rollcalls.DEFAULT`) of the
  vote panel; ``year`` is the session's year;
* votes are coded 1 yes, 2 abstain, 3 no; absent or non-member is *missing*: a roll call
  counts for the pair only when both voted (pairwise deletion);
* unanimous roll calls (every state present cast the same vote) are left out, so the share
  on the diagonal of :func:`position_matrix` is the ``agree`` of
  :func:`multipolar.explain.agreement.dyadic_agreement`;
* the tally (``yes``, ``abstain``, ``no``) counts every state's recorded vote;
  ``contested`` is ``min(yes, no) / (yes + no)`` (0: one-sided, 0.5: the Assembly split in
  half; missing when nobody voted yes or no).

Source: the UN General Assembly votes of Voeten, Strezhnev & Bailey (hdl:1902.1/12379) and
the UN's own records after 2019 (see ``multipolar data list``).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from multipolar import states as _states
from multipolar.errors import InputError
from multipolar.explain.agreement import DEFAULT_ROLLCALLS, resolve_states
from multipolar.measures.agreement import ISSUES
from multipolar.measures.rollcalls import select_rollcalls
from multipolar.store import Store

__all__ = [
    "VOTE_NAMES",
    "agreement_by_issue",
    "divergent_rollcalls",
    "pair_rollcalls",
    "position_matrix",
]

#: vote codes of the panel
VOTE_NAMES = {1: "yes", 2: "abstain", 3: "no"}

_RC_COLUMNS = [
    "rcid", "year", "date", "unres", "title", "short", "descr", "importantvote", "amend", "para",
    "recorded", "source", *ISSUES,
]  # fmt: skip


def _codes(a: str | int, b: str | int, year: int | None) -> tuple[int, int]:
    codes = [c for x in (a, b) for c in resolve_states([x], year=year) or []]
    if codes[0] == codes[1]:
        raise InputError(
            f"{a!r} and {b!r} are the same state ({_states.name_in(codes[0], year)}); "
            "name two different states"
        )
    return codes[0], codes[1]


def pair_rollcalls(
    store: Store,
    a: str | int,
    b: str | int,
    *,
    start: int | None = None,
    end: int | None = None,
) -> pd.DataFrame:
    """Every non-unanimous roll call of ``start``–``end`` that both ``a`` and ``b`` voted on.

    Columns ``rcid, year, date, unres, title, short, descr, importantvote, vote_a, vote_b, same,
    distance, yes, abstain, no, contested`` (votes as words, see the module docstring) and the
    issue flags of :data:`multipolar.measures.agreement.ISSUES` (missing where the source does
    not code issues, e.g. the UN's records after 2019), newest first.
    ``attrs``: ``ccode_a``, ``ccode_b``, ``n_dropped_unanimous`` (counted, not silently lost).
    """
    if start is not None and end is not None and start > end:
        raise InputError(f"--from {start} is after --to {end}")
    ca, cb = _codes(a, b, end)
    rc = store.table("unga_rollcalls").select(*_RC_COLUMNS)
    if start is not None:
        rc = rc.filter(rc.year >= start)
    if end is not None:
        rc = rc.filter(rc.year <= end)
    rcs = select_rollcalls(rc.to_pandas(), DEFAULT_ROLLCALLS)
    votes = store.table("unga_votes")
    votes = votes.filter(votes.vote.isin([1, 2, 3]))
    if start is not None:
        votes = votes.filter(votes.year >= start)
    if end is not None:
        votes = votes.filter(votes.year <= end)
    pair_votes = votes.filter(votes.ccode.isin([ca, cb]))
    # the tally of only the roll calls the pair voted on (a semi-join in DuckDB)
    shared = votes.filter(votes.rcid.isin(pair_votes.rcid))
    tally = (
        shared.group_by("rcid")
        .aggregate(
            yes=(shared.vote == 1).sum(),
            abstain=(shared.vote == 2).sum(),
            no=(shared.vote == 3).sum(),
        )
        .to_pandas()
    )
    mine = pair_votes.select("rcid", "ccode", "vote").to_pandas()
    wide = mine.pivot_table(index="rcid", columns="ccode", values="vote", aggfunc="first")
    if ca not in wide.columns or cb not in wide.columns:
        wide = pd.DataFrame(columns=[ca, cb], dtype="float64")
    wide = wide[[ca, cb]].dropna()
    out = rcs.merge(tally, on="rcid").merge(
        wide.rename(columns={ca: "va", cb: "vb"}), left_on="rcid", right_index=True
    )
    kinds = (out[["yes", "abstain", "no"]] > 0).sum(axis=1)
    unanimous = kinds <= 1
    out = out.loc[~unanimous].copy()
    out["vote_a"] = out["va"].astype(int).map(VOTE_NAMES)
    out["vote_b"] = out["vb"].astype(int).map(VOTE_NAMES)
    out["same"] = out["va"] == out["vb"]
    yn = out["yes"] + out["no"]
    out["contested"] = (out[["yes", "no"]].min(axis=1) / yn).where(yn > 0)
    out["distance"] = (out["va"] - out["vb"]).abs().astype(int)
    for col in ("yes", "abstain", "no"):
        out[col] = out[col].astype(int)
    out = out.sort_values(["year", "date", "rcid"], ascending=False, ignore_index=True)
    cols = ["rcid", "year", "date", "unres", "title", "short", "descr", "importantvote", "vote_a",
            "vote_b", "same", "distance", "yes", "abstain", "no", "contested", *ISSUES]  # fmt: skip
    out = out[cols]
    out.attrs = {"ccode_a": ca, "ccode_b": cb, "n_dropped_unanimous": int(unanimous.sum())}
    return out


def position_matrix(
    store: Store,
    a: str | int,
    b: str | int,
    *,
    start: int | None = None,
    end: int | None = None,
) -> dict[str, Any]:
    """The 3×3 table of joint votes of ``a`` (rows) and ``b`` (columns), with its shares.

    Returns ``{ccode_a, ccode_b, from, to, n_votes, agree, votes: ["yes","abstain","no"],
    counts: [[…]×3], shares: [[…]×3]}``; ``agree`` is the share on the diagonal (None when
    they shared no vote).
    """
    rows = pair_rollcalls(store, a, b, start=start, end=end)
    order = list(VOTE_NAMES.values())
    counts = [[0, 0, 0] for _ in order]
    for va, vb in zip(rows["vote_a"], rows["vote_b"], strict=True):
        counts[order.index(va)][order.index(vb)] += 1
    n = len(rows)
    return {
        "ccode_a": rows.attrs["ccode_a"],
        "ccode_b": rows.attrs["ccode_b"],
        "from": int(rows["year"].min()) if n else start,
        "to": int(rows["year"].max()) if n else end,
        "n_votes": n,
        "agree": sum(counts[i][i] for i in range(3)) / n if n else None,
        "votes": order,
        "counts": counts,
        "shares": [[c / n if n else None for c in row] for row in counts],
    }


def divergent_rollcalls(
    store: Store,
    a: str | int,
    b: str | int,
    *,
    start: int | None = None,
    end: int | None = None,
) -> pd.DataFrame:
    """The roll calls on which ``a`` and ``b`` voted differently, most divergent first.

    Ordered by the distance of their votes (yes against no before either against abstain),
    then by how contested the roll call was (``contested``, descending), then newest first.
    Same columns as :func:`pair_rollcalls`.
    """
    rows = pair_rollcalls(store, a, b, start=start, end=end)
    out = rows.loc[~rows["same"]].sort_values(
        ["distance", "contested", "year", "rcid"],
        ascending=[False, False, False, False],
        ignore_index=True,
        na_position="last",
    )
    out.attrs = rows.attrs
    return out


def agreement_by_issue(
    store: Store,
    a: str | int,
    b: str | int,
    *,
    start: int | None = None,
    end: int | None = None,
) -> list[dict[str, Any]]:
    """The pair's share of identical votes on each issue area, pooled over the period.

    One record per issue of :data:`~multipolar.measures.agreement.ISSUES` (Voeten's codes):
    ``{issue, label, n_votes, agree, from, to}``; ``n_votes`` counts the pair's contested
    roll calls flagged with the issue (a roll call may carry several), ``agree`` is None when
    there are none. Roll calls without issue codes (missing flags) count for no issue.
    """
    rows = pair_rollcalls(store, a, b, start=start, end=end)
    out = []
    for issue, label in ISSUES.items():
        flagged = rows[rows[issue].fillna(False).astype(bool)]
        n = len(flagged)
        out.append(
            {
                "issue": issue,
                "label": label,
                "n_votes": n,
                "agree": float(flagged["same"].mean()) if n else None,
                "from": int(flagged["year"].min()) if n else None,
                "to": int(flagged["year"].max()) if n else None,
            }
        )
    return out
