"""``why A B C …``: a group of three or more states -- pairwise UN agreement (identical-vote
share and kappa, each with its rank among all dyads) and the group against a comparator.

The pairs are ranked by kappa, as the pair view ranks them (the raw share ranks every pair of
the large majority high); the raw share and its rank are shown beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from multipolar import states as _states
from multipolar.errors import InputError
from multipolar.explain.agreement import dyadic_agreement
from multipolar.explain.numbers import num
from multipolar.explain.provenance import sources_for
from multipolar.explain.why import votes
from multipolar.explain.why.context import (
    COMPARATORS,
    SPINE,
    data_spans,
    resolve_state,
    state_record,
)
from multipolar.explain.why.evidence import GroupEvidence
from multipolar.explain.why.wording import (
    EDGE,
    listing,
    pct,
    percentile_text,
    plural,
    the,
    years_text,
)
from multipolar.jsonutil import to_records
from multipolar.measures.coalition import contested, percentile_of
from multipolar.store import Store, connect

RANKING = (
    "pairs are ranked by kappa (chance-corrected agreement) pooled over the last five years, "
    "as the pair view ranks them; the identical-vote share and its rank are shown beside it"
)


def why_group(
    names: Sequence[str | int],
    *,
    vs: str | int | None = None,
    start: int | None = None,
    end: int | None = None,
    store: Store | None = None,
) -> GroupEvidence:
    """UN-vote evidence on a group of three or more states, pairwise and against ``vs``.

    ``pairs``: for every pair, the identical-vote share and kappa pooled over the last
    five years of their common votes and the pair's percentile among all dyads then;
    ``with_vs``: each member's agreement with ``vs`` over the same years;
    ``together_against_vs``: per year, the share of contested roll calls on which every
    member voted alike and ``vs`` otherwise (roll calls where any of them was absent are
    left out).
    """
    if len(names) < 3:
        raise InputError("a group needs three or more states; for two use why(A, B)")
    own = store is None
    st = store if store is not None else connect()
    try:
        spans = data_spans(st, (SPINE, "unga_votes"))
        vlo, vhi = spans[SPINE]
        last = min(end if end is not None else vhi, vhi)
        first = max(start if start is not None else vlo, vlo)
        if first > last:
            raise InputError(f"--from {first} is after --to {last} (UN votes cover {vlo}–{vhi})")
        members = [resolve_state(n, last, start) for n in names]
        codes = [m.ccode for m in members]
        if len(set(codes)) < len(codes):
            raise InputError("a state is named twice in the group")
        if vs is None:
            vs = next(c for c in COMPARATORS if c not in codes)
        sc = resolve_state(vs, last, start)
        if sc.ccode in codes:
            raise InputError(f"the comparator {vs!r} is in the group; choose another with --vs")
        alld = dyadic_agreement(st, years=(first, last))
        mine = alld[alld["ccode1"].isin(codes) & alld["ccode2"].isin(codes)]
        gaps: list[str] = []
        if mine.empty:
            raise InputError("these states never voted on the same contested UN roll calls")
        y1 = int(mine["year"].max())
        window = alld[alld["year"] > y1 - EDGE]
        pooled = (
            window.assign(hit=window["agree"] * window["n_votes"])
            .groupby(["ccode1", "ccode2"])[["hit", "n_votes"]]
            .sum()
        )
        field_agree = (pooled["hit"] / pooled["n_votes"]).to_numpy()
        field_kappa = window.groupby(["ccode1", "ccode2"])["kappa"].mean().dropna().to_numpy()
        pairs = []
        for i, x in enumerate(codes):
            for y in codes[i + 1 :]:
                lo, hi = min(x, y), max(x, y)
                w = window[(window["ccode1"] == lo) & (window["ccode2"] == hi)]
                if w.empty:
                    gaps.append(
                        f"{_states.name_in(x, y1)} and {_states.name_in(y, y1)} shared no "
                        f"contested roll call in {years_text(y1 - EDGE + 1, y1)}."
                    )
                    continue
                n = int(w["n_votes"].sum())
                agree = float((w["agree"] * w["n_votes"]).sum() / n)
                pairs.append(
                    {
                        "ccode1": x,
                        "ccode2": y,
                        "name1": _states.name_in(x, y1),
                        "name2": _states.name_in(y, y1),
                        "n_votes": n,
                        "agree": agree,
                        "kappa": float(w["kappa"].mean()),
                        "percentile": percentile_of(agree, field_agree),
                        "percentile_kappa": percentile_of(float(w["kappa"].mean()), field_kappa),
                    }
                )
        with_vs = []
        for x in codes:
            lo, hi = min(x, sc.ccode), max(x, sc.ccode)
            w = window[(window["ccode1"] == lo) & (window["ccode2"] == hi)]
            n = int(w["n_votes"].sum())
            with_vs.append(
                {
                    "ccode": x,
                    "name": _states.name_in(x, y1),
                    "n_votes": n,
                    "agree": float((w["agree"] * w["n_votes"]).sum() / n) if n else None,
                }
            )
        votes = st.frame("unga_votes")[["rcid", "year", "ccode", "vote"]]
        votes = contested(votes[(votes["year"] >= first) & (votes["year"] <= last)])
        wide = votes[votes["ccode"].isin([*codes, sc.ccode])].pivot_table(
            index=["rcid", "year"], columns="ccode", values="vote", aggfunc="first"
        )
        wide = wide.reindex(columns=[*codes, sc.ccode]).dropna()
        alike = wide[codes].nunique(axis=1) == 1
        hit = alike & (wide[codes[0]] != wide[sc.ccode])
        tog = hit.groupby(level="year").agg(["size", "sum"]).reset_index()
        tog.columns = ["year", "n_votes", "together"]
        tog["share"] = tog["together"] / tog["n_votes"]
        ev = GroupEvidence(
            states=[state_record(m, y1) for m in members],
            vs=state_record(sc, y1),
            period={"from": int(mine["year"].min()), "to": y1},
            ranking=RANKING,
            pairs=sorted(pairs, key=lambda r: -r["kappa"]),
            with_vs=with_vs,
            together_against_vs=to_records(tog),
            gaps=gaps,
            sources=sources_for([SPINE, "unga_votes", "cow_states"], st),
        )
        ev.title, ev.findings = group_findings(ev)
        return ev
    finally:
        if own:
            st.close()


def group_findings(gev: GroupEvidence) -> tuple[str, list[dict[str, Any]]]:
    y1 = gev.period["to"]
    names = [s["name"] for s in gev.states]
    title = (
        f"How closely do {listing(names)} vote together? "
        f"{years_text(max(gev.period['from'], y1 - EDGE + 1), y1)}"
    )
    out: list[dict[str, Any]] = []
    if gev.pairs:
        hi = max(gev.pairs, key=lambda r: r["kappa"])
        lo = min(gev.pairs, key=lambda r: r["kappa"])
        out.append(
            {
                "text": (
                    f"Ranked by kappa (chance-corrected agreement), the closest pair is "
                    f"{hi['name1']}–{hi['name2']}: kappa {num(hi['kappa'])}, "
                    f"{percentile_text(hi['percentile_kappa'])} of all dyads (identical votes on "
                    f"{pct(hi['agree'])} of {plural(hi['n_votes'], 'contested roll call')}, "
                    f"{percentile_text(hi['percentile'])} by that raw share); the most distant, "
                    f"{lo['name1']}–{lo['name2']}: kappa {num(lo['kappa'])}, "
                    f"{percentile_text(lo['percentile_kappa'])} ({pct(lo['agree'])}, "
                    f"{percentile_text(lo['percentile'])} by the raw share)."
                ),
                "source": votes.source(),
                "values": {"closest": hi, "most_distant": lo},
            }
        )
    tog = pd.DataFrame(gev.together_against_vs)
    if not tog.empty:
        recent = tog[tog["year"] > y1 - EDGE]
        n = int(recent["n_votes"].sum())
        share = float(recent["together"].sum() / n) if n else None
        out.append(
            {
                "text": (
                    f"In {years_text(int(recent['year'].min()), y1)} all {len(names)} voted the "
                    f"same way against {the(gev.vs['name'])} on {pct(share)} of the "
                    f"{plural(n, 'contested roll call')} on which all of them voted."
                ),
                "source": votes.source(),
                "values": {"share": share, "n_votes": n},
            }
        )
    wv = [r for r in gev.with_vs if r["agree"] is not None]
    if wv:
        out.append(
            {
                "text": f"Agreement with {the(gev.vs['name'])}: "
                + ", ".join(f"{r['name']} {pct(r['agree'])}" for r in wv)
                + ".",
                "source": votes.source(),
                "values": {"with_vs": wv},
            }
        )
    return title, out
