"""One state's UN voting partners in a year: every other state ranked by agreement with it.

:func:`partners` answers "who are India's closest partners in 2025" (and the most distant):
the dyads of :func:`multipolar.explain.agreement.dyadic_agreement` that include the state, in
one year, ranked by Cohen's kappa (chance-corrected, quadratic weights; Häge 2011), ties
broken by the raw share of identical votes. Names are those of the year
(:func:`multipolar.states.name_in`). A state with no UN votes that year (not yet a member, or
a year after the data end) raises :class:`~multipolar.errors.InputError` saying which years
the votes cover; a partner whose kappa is undefined (both cast one kind of vote throughout)
is ranked last, never counted as zero.

Source: UN General Assembly votes (Voeten, Strezhnev & Bailey, hdl:1902.1/12379; the UN's
own records after 2019).
"""

from __future__ import annotations

import pandas as pd

from multipolar import states as _states
from multipolar.errors import InputError
from multipolar.explain.agreement import dyadic_agreement, resolve_states
from multipolar.store import Store

__all__ = ["partners", "vote_years"]


def vote_years(store: Store) -> tuple[int, int]:
    """First and last session year of the UN votes in the store."""
    t = store.table("unga_rollcalls")
    row = t.aggregate(lo=t.year.min(), hi=t.year.max()).to_pandas().iloc[0]
    return int(row["lo"]), int(row["hi"])


#: fewer shared votes than this and kappa says little: such partners are listed, unranked, last
MIN_VOTES = 10


def partners(
    store: Store, state: str | int, year: int, *, min_votes: int = MIN_VOTES
) -> pd.DataFrame:
    """Every state that voted with ``state`` in ``year``, closest first.

    Columns ``rank, ccode, iso3, name, kappa, agree, n_votes, year``; ``attrs["ccode"]`` is
    the state asked about. Most distant partners are the last ranked rows; partners with
    fewer than ``min_votes`` shared votes follow them with ``rank`` missing (counted in
    ``attrs["n_unranked"]``).
    """
    codes = resolve_states([state], year=year)
    assert codes is not None
    code = codes[0]
    dyads = dyadic_agreement(store, states=[code], years=int(year))
    if dyads.empty:
        lo, hi = vote_years(store)
        if not lo <= year <= hi:
            raise InputError(f"no UN votes for {year}; the votes in the store cover {lo}-{hi}")
        raise InputError(f"{_states.name_in(code, year)} cast no UN votes in {year}")
    other = dyads["ccode2"].where(dyads["ccode1"] == code, dyads["ccode1"]).astype(int)
    out = pd.DataFrame(
        {
            "ccode": other.to_numpy(),
            "iso3": [_states.state(c).iso3 for c in other],
            "name": [_states.name_in(c, year) for c in other],
            "kappa": dyads["kappa"].to_numpy(),
            "agree": dyads["agree"].to_numpy(),
            "n_votes": dyads["n_votes"].astype(int).to_numpy(),
            "year": int(year),
        }
    )
    out["_few"] = out["n_votes"] < min_votes
    out = out.sort_values(
        ["_few", "kappa", "agree"], ascending=[True, False, False], na_position="last"
    ).drop(columns="_few")
    n_ranked = int((out["n_votes"] >= min_votes).sum())
    ranks = [*range(1, n_ranked + 1), *([None] * (len(out) - n_ranked))]
    out.insert(0, "rank", pd.array(ranks, dtype="Int64"))
    out = out.reset_index(drop=True)
    out.attrs = {"ccode": code, "n_unranked": len(out) - n_ranked, "min_votes": min_votes}
    return out
