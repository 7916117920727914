"""Why Brazil–Zimbabwe 2016 rests on 5 votes in the `bsv` set (issue 21, item 18).

Counted by hand from the raw tables (Voeten's votes as shipped by unvotes): session 71 holds
114 roll calls dated 2016: 39 flagged as amendment or paragraph votes and 75 not; Brazil voted
on 74 of the 75. Zimbabwe has a recorded yes / no / abstain on only 5 of the 75 (all in
December 2016), but on 34 of the 39 flagged ones, mostly taken
at the same meetings; the unvotes data keep no row for an absent state. The `bsv` and
`resolutions` sets drop the flagged votes, so the pair shares 5; `all` keeps them: 40
(docs/measures.md, "Brazil–Zimbabwe 2016").
"""

from __future__ import annotations

from multipolar.explain.agreement import dyadic_agreement

_COUNTS = """
with r as (
  select rcid, coalesce(amend, false) or coalesce(para, false) as flagged
  from unvotes_rollcalls where session = 71 and year(date) = 2016
)
select r.flagged,
  count(*) filter (where bra.vote is not null) as brazil,
  count(*) filter (where zwe.vote is not null) as zimbabwe,
  count(*) filter (where bra.vote is not null and zwe.vote is not null) as both_voted
from r
left join unvotes_votes bra on bra.rcid = r.rcid and bra.ccode = 140
left join unvotes_votes zwe on zwe.rcid = r.rcid and zwe.ccode = 552
group by r.flagged order by r.flagged
"""


def test_zimbabwe_votes_in_session_71(store):
    rows = store.raw.execute(_COUNTS).fetchall()
    assert rows == [(False, 74, 5, 5), (True, 39, 34, 34)]


def test_the_sets_count_what_the_data_hold(store):
    for rollcalls, n in (("bsv", 5), ("resolutions", 5), ("all", 40)):
        got = dyadic_agreement(store, states=[140, 552], years=2016, rollcalls=rollcalls)
        assert int(got.iloc[0]["n_votes"]) == n, rollcalls
