"""Channel ``forums``: UN General Assembly votes -- identical-vote share, kappa and the pair's
rank (percentile of kappa) among all dyads of the same year, by issue, splits, turning points.

The numbers come from the same functions as ``multipolar agreement`` (one code path); the
verdict is the mean percentile of the pair's kappa among all dyads in its last five years of
common votes (Häge 2011: the raw share ranks every pair of the large majority high).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from multipolar.explain.agreement import DEFAULT_ROLLCALLS, agreement_table, vote_tables
from multipolar.explain.numbers import num
from multipolar.explain.provenance import cite
from multipolar.explain.why.channel import PCT_RULE, Channel, by_percentile, matrix_row
from multipolar.explain.why.charts import COLORS, chart, line
from multipolar.explain.why.context import Ctx
from multipolar.explain.why.narrate import narrate, recent_move
from multipolar.explain.why.wording import (
    EDGE,
    change_word,
    edges,
    issue_label,
    listing,
    names_of_the_year,
    nm,
    pct,
    percentile_text,
    plural,
    years_text,
)
from multipolar.jsonutil import to_records
from multipolar.measures.agreement import agreement
from multipolar.measures.breaks import segments
from multipolar.measures.coalition import pooled_agreement, splits
from multipolar.sources.un_vocabulary import ISSUES

if TYPE_CHECKING:
    from multipolar.explain.why.evidence import Evidence

SPLIT_YEARS = 3  # the roll calls where A and B split, in the last years of their common votes
VOTE_SOURCES = ("unvotes", "unga_unxml")


def source() -> str:
    return cite(*VOTE_SOURCES)


def _rollcall_set(chosen: str) -> str:
    from multipolar.measures.rollcalls import ROLLCALL_SETS

    return f"{chosen} ({ROLLCALL_SETS.get(chosen, 'as stored')})"


#: the pair's yearly agreement, kappa and their ranks among all dyads of the year, in SQL:
#: percentile = 100 x share of the year's dyads at or below the pair (ties count as at or
#: below; NaN left out), as measures.coalition.dyad_percentile computes it
RANKS = """
WITH f AS (SELECT year, ccode1, ccode2, n_votes, agree, kappa FROM {table}
           WHERE year BETWEEN ? AND ?),
     p AS (SELECT * FROM f WHERE ccode1 = ? AND ccode2 = ?),
     ac AS (SELECT year, agree FROM f WHERE ccode1 = ? AND ccode2 = ?),
     bc AS (SELECT year, agree FROM f WHERE ccode1 = ? AND ccode2 = ?),
     r AS (
       SELECT p.year,
         100.0 * count(*) FILTER (WHERE NOT isnan(f.agree) AND f.agree <= p.agree)
           / nullif(count(*) FILTER (WHERE NOT isnan(f.agree)), 0) AS percentile,
         count(*) FILTER (WHERE NOT isnan(f.agree)) AS n_dyads,
         CASE WHEN isnan(any_value(p.kappa)) THEN NULL ELSE
         100.0 * count(*) FILTER (WHERE NOT isnan(f.kappa) AND f.kappa <= p.kappa)
           / nullif(count(*) FILTER (WHERE NOT isnan(f.kappa)), 0) END AS percentile_kappa,
         median(f.agree) FILTER (WHERE NOT isnan(f.agree)) AS median_agree
       FROM p JOIN f USING (year) GROUP BY p.year)
SELECT p.year, p.n_votes, p.agree, p.kappa, ac.agree AS agree_a_vs, bc.agree AS agree_b_vs,
       r.percentile, r.n_dyads, r.percentile_kappa, r.median_agree
FROM p JOIN r USING (year) LEFT JOIN ac USING (year) LEFT JOIN bc USING (year)
ORDER BY p.year
"""


def contested_rcids(ctx: Ctx, rcids: list[int], y0: int, y1: int) -> set[int]:
    """The roll calls of ``rcids`` that were not unanimous among all states present, in SQL
    (the rule of :func:`multipolar.measures.coalition.contested`, on every state's votes)."""
    with ctx.st.reading():
        rows = ctx.st.raw.execute(
            "SELECT rcid FROM unga_votes WHERE year BETWEEN ? AND ? GROUP BY rcid "
            "HAVING min(vote) <> max(vote)",
            [y0, y1],
        ).fetchall()
    keep = set(rcids)
    return {int(r[0]) for r in rows if int(r[0]) in keep}


def pair_ranks(ctx: Ctx, table: str, lo: int, hi: int) -> pd.DataFrame:
    """The pair's ``by_year`` rows (see :data:`RANKS`), read from the stored agreement."""
    a, b, c = ctx.codes
    params = [lo, hi, min(a, b), max(a, b), min(a, c), max(a, c), min(b, c), max(b, c)]
    with ctx.st.reading():
        df = ctx.st.raw.execute(RANKS.format(table=table), params).df()
    df["year"] = df["year"].astype(int)
    df["n_votes"] = df["n_votes"].astype(int)
    df["n_dyads"] = df["n_dyads"].astype(int)
    return df


def collect(ctx: Ctx) -> dict[str, Any]:
    st, (a, b, c) = ctx.st, ctx.codes
    out: dict[str, Any] = {
        "by_year": [],
        "by_issue": [],
        "splits": [],
        "turning_points": {"kappa": [], "agree": []},
        "rollcalls": None,
        "span": None,
        "map": None,
    }
    lo, hi = ctx.clip("unga_rollcalls")
    vlo, vhi = ctx.span("unga_rollcalls")
    if lo > hi:
        ctx.gaps.append(f"UN votes cover {vlo}–{vhi}; {years_text(ctx.first, ctx.last)} has none.")
        ctx.cover("UN votes", "unvotes", [])
        return out
    ctx.data_end("UN votes", "unga_rollcalls")
    table = agreement_table(st, rollcalls=DEFAULT_ROLLCALLS)
    out["rollcalls"] = _rollcall_set(DEFAULT_ROLLCALLS)
    by_year = pair_ranks(ctx, table, lo, hi)
    if by_year.empty:
        ctx.gaps.append(
            f"{ctx.name(a)} and {ctx.name(b)} never voted on the same contested UN roll call in "
            f"{years_text(lo, hi)}."
        )
        ctx.cover("UN votes", "unvotes", [])
        return out
    out["by_year"] = to_records(by_year)
    y0, y1 = int(by_year["year"].min()), int(by_year["year"].max())
    out["span"] = {"from": y0, "to": y1}
    out["map"] = {"year": y1}
    with st.reading():
        last_year = st.raw.execute(
            f"SELECT ccode1, ccode2, agree FROM {table} WHERE year = ? AND "
            "(ccode1 IN (?, ?) OR ccode2 IN (?, ?)) AND NOT isnan(agree)",
            [y1, a, b, a, b],
        ).df()
    for key, code in (("with_a", a), ("with_b", b)):
        part = last_year[(last_year["ccode1"] == code) | (last_year["ccode2"] == code)]
        other = np.where(part["ccode1"] == code, part["ccode2"], part["ccode1"])
        out["map"][key] = [
            {"ccode": int(o), "agree": float(v)} for o, v in zip(other, part["agree"], strict=True)
        ]
    ctx.cover("UN votes", "unvotes", by_year["year"].tolist())
    for col in ("kappa", "agree"):
        out["turning_points"][col] = to_records(segments(by_year["year"], by_year[col]))

    # the same roll calls as the agreement, the votes of the three only
    votes, _ = vote_tables(st, rollcalls=DEFAULT_ROLLCALLS, states=[a, b, c], years=(y0, y1))
    rcids = votes["rcid"].unique().tolist()
    with st.reading():
        rollcalls = st.raw.execute(
            "SELECT * FROM unga_rollcalls WHERE year BETWEEN ? AND ?", [y0, y1]
        ).df()
    rollcalls = rollcalls[rollcalls["rcid"].isin(rcids)]
    live = votes[votes["rcid"].isin(contested_rcids(ctx, rcids, y0, y1))]
    for issue, label in ISSUES.items():
        rows = agreement(
            live, rollcalls, states=[a, b], issue=issue, years=(y0, y1), include_unanimous=True
        )
        n, agree = pooled_agreement(rows)
        out["by_issue"].append({"issue": issue, "label": label, "n_votes": n, "agree": agree})
    out["by_issue_span"] = {"from": y0, "to": y1}

    ctx.memo["contested"] = live
    ctx.memo["rollcalls"] = rollcalls
    recent = live[live["year"] > y1 - SPLIT_YEARS]
    sp = splits(recent, a, b).merge(rollcalls[["rcid", "short", "descr"]], on="rcid", how="left")
    sp["descr"] = sp["descr"].fillna(sp["short"]).fillna("")
    out["splits"] = to_records(
        sp.sort_values(["year", "rcid"], ascending=[False, False])[
            ["rcid", "year", "descr", "vote_a", "vote_b"]
        ]
    )
    return out


def _runs(years: list[int]) -> list[list[int]]:
    """Consecutive runs of sorted ``years``: [1975, 1976, 1980] -> [[1975, 1976], [1980]]."""
    out: list[list[int]] = []
    for y in years:
        if out and y == out[-1][-1] + 1:
            out[-1].append(y)
        else:
            out.append([y])
    return out


def findings(ev: Evidence) -> list[dict[str, Any]]:
    a, b, c = ev.codes()
    un = ev.un_votes
    by = pd.DataFrame(un.get("by_year", []))
    if by.empty:
        return []
    out: list[dict[str, Any]] = []
    last, first = by.iloc[-1], by.iloc[0]
    y1, y0 = int(last.year), int(first.year)
    A, B, C = nm(a, y1), nm(b, y1), nm(c, y1)
    move = recent_move(by, "kappa", share="agree")
    story = narrate(
        un.get("turning_points", {}).get("kappa", []),
        by,
        "kappa",
        "Chance-corrected agreement (kappa)",
        recent=move,
    )
    # years inside the span with no kappa (no or too few common votes), three or more in a row:
    # said, so a trend is never read across them (South Africa cast no vote in 1975-1993)
    have = set(by.loc[by["kappa"].notna(), "year"].astype(int))
    holes = [y for y in range(y0, y1 + 1) if y not in have]
    runs = [(r[0], r[-1]) for r in _runs(holes) if len(r) >= 3]
    if runs:
        story += (
            "; no kappa for "
            + listing([f"{lo}–{hi}" for lo, hi in runs])
            + (" (no or too few common votes)")
        )
    out.append(
        {
            "text": (
                f"In {y1} {A} and {B} cast identical votes on {pct(last.agree)} of "
                f"{plural(int(last.n_votes), 'contested UN roll call')} (kappa "
                f"{num(last.kappa)}). {story}"
                # a series from 1946 of Serbia and Russia is Yugoslavia's and the Soviet Union's
                # first: the names of the year are said where the narration crosses them
                + (f" ({renamed})" if (renamed := names_of_the_year((a, b), y0, y1)) else "")
                + "."
            ),
            "source": source(),
            "values": {
                "year": y1,
                "agree": last.agree,
                "n_votes": int(last.n_votes),
                "kappa": last.kappa,
                "first_year": y0,
                "first_agree": first.agree,
                "first_kappa": first.kappa,
                "turning_points": un.get("turning_points", {}).get("kappa", []),
            },
        }
    )
    if pd.notna(last.percentile):
        out.append(
            {
                "text": (
                    f"In {y1} the pair ranked {percentile_text(last.percentile_kappa)} of all "
                    f"{int(last.n_dyads):,} dyads voting by kappa, which discounts the large "
                    f"majority's common votes ({percentile_text(last.percentile)} by the raw "
                    f"share; the median dyad agreed on {pct(last.median_agree)})"
                    + (
                        f"; with {C}, {A} agreed on {pct(last.agree_a_vs)} and {B} on "
                        f"{pct(last.agree_b_vs)}."
                        if c not in (a, b)
                        else "."
                    )
                ),
                "source": source(),
                "values": {
                    "year": y1,
                    "percentile": last.percentile,
                    "percentile_kappa": last.percentile_kappa,
                    "n_dyads": int(last.n_dyads),
                    "median_agree": last.median_agree,
                    "agree_a_vs": last.agree_a_vs,
                    "agree_b_vs": last.agree_b_vs,
                },
            }
        )
    issues = [r for r in un.get("by_issue", []) if r["agree"] is not None and r["n_votes"] >= 20]
    if len(issues) >= 2:
        hi = max(issues, key=lambda r: r["agree"])
        lo = min(issues, key=lambda r: r["agree"])
        out.append(
            {
                "text": (
                    f"Over their common votes of {years_text(y0, y1)} they agreed most on "
                    f"{issue_label(hi['label'])} ({pct(hi['agree'])} of "
                    f"{plural(hi['n_votes'], 'vote')}) and least on {issue_label(lo['label'])} "
                    f"({pct(lo['agree'])} of {plural(lo['n_votes'], 'vote')})."
                ),
                "source": source(),
                "values": {"from": y0, "to": y1, "most": hi, "least": lo},
            }
        )
    return out


def row(ev: Evidence) -> dict[str, Any]:
    by = pd.DataFrame(ev.un_votes.get("by_year", []))
    driver = "Shared positions in multilateral forums"
    if by.empty:
        return matrix_row("forums", driver, "UN identical-vote share", None, None, "n/a",
                          "no data", "no contested UN roll calls both voted on")  # fmt: skip
    then, now, y0, y1 = edges(by, "percentile_kappa")
    k_then, k_now, _, _ = edges(by, "kappa")
    a_now = edges(by, "agree")[1]
    med = float(by.loc[by["year"] > y1 - EDGE, "median_agree"].mean())
    last = by.iloc[-1]
    return matrix_row(
        "forums",
        driver,
        "UN votes: chance-corrected agreement (kappa), percentile among all dyads",
        f"kappa {num(k_then)} (p{then:.0f}), mean of {years_text(y0, min(y0 + EDGE - 1, y1))}"
        if then is not None and k_then is not None
        else None,
        f"kappa {num(k_now)} (p{now:.0f}), mean of {years_text(max(y1 - EDGE + 1, y0), y1)}; "
        f"{num(float(last.kappa))} in {int(last.year)}"
        if now is not None and k_now is not None
        else None,
        # the word is about the rank (the cell's pNN), not kappa: USA-UK's kappa fell from 0.68
        # to 0.43 while its rank held at p76-p77, which "steady" alone misread
        f"rank {change_word(then, now, 5.0)}",
        by_percentile(now),
        f"mean percentile of the pair's kappa among all dyads in its last {EDGE} years of "
        f"common votes: {PCT_RULE}. Kappa, not the raw share, because the raw share ranks "
        "every pair of the large majority high (Häge 2011)",
        now,
        f"the median dyad cast identical votes on {pct(med)} of roll calls in "
        f"{years_text(max(y1 - EDGE + 1, y0), y1)}; this pair on {pct(a_now)}",
        last_year=y1,
    )


def charts(ev: Evidence) -> list[dict[str, Any]]:
    un = ev.un_votes
    by = pd.DataFrame(un.get("by_year", []))
    if by.empty:
        return []
    A, B, C = ev.name("a"), ev.name("b"), ev.name("vs")
    src = source()
    out = [
        chart(
            "un-agreement",
            "Identical-vote share on contested roll calls",
            "agreement",
            [
                line(by["year"], by["agree"], f"{A}–{B}", COLORS["pair"]),
                line(by["year"], by["agree_a_vs"], f"{A}–{C}", COLORS["a"]),
                line(by["year"], by["agree_b_vs"], f"{B}–{C}", COLORS["b"]),
            ],
            src,
            caption="Share of contested roll calls with identical votes "
            "(unanimous votes excluded).",
            yrange=[0, 1],
        )
    ]
    kdata = [line(by["year"], by["kappa"], f"{A}–{B} kappa", COLORS["pair"])]
    for k, seg in enumerate(un.get("turning_points", {}).get("kappa", [])):
        kdata.append(
            {
                "type": "scatter",
                "x": [seg["start"], seg["end"]],
                "y": [seg["fit_start"], seg["fit_end"]],
                "mode": "lines",
                "line": {"color": "#1f2328", "width": 2, "dash": "dot"},
                "name": "piecewise-linear fit",
                "showlegend": k == 0,
                "hoverinfo": "skip",
            }
        )
    out.append(
        chart(
            "un-kappa",
            "Chance-corrected agreement (Cohen's kappa, quadratic weights) and its turning points",
            "kappa",
            kdata,
            src,
            caption="Kappa corrects agreement for the states' own vote margins (Häge 2011). The "
            "dotted lines are the best piecewise-linear fit (breaks chosen by BIC); the findings "
            "give observed values, the fit only as 'about'.",
            yrange=[-1, 1],
        )
    )
    out.append(
        chart(
            "un-percentile",
            "Rank of the pair among all dyads (percentile of kappa and of the raw share)",
            "percentile",
            [
                line(by["year"], by["percentile_kappa"], f"{A}–{B}, kappa", COLORS["pair"]),
                line(by["year"], by["percentile"], f"{A}–{B}, raw share", COLORS["vs"]),
            ],
            src,
            yrange=[0, 100],
        )
    )
    iss = pd.DataFrame(un.get("by_issue", []))
    if not iss.empty:
        span = un.get("by_issue_span") or ev.period
        title = f"{A}–{B} agreement by issue area, {years_text(span['from'], span['to'])}"
        out.append(
            chart(
                "un-issues",
                title,
                "agreement",
                [
                    {
                        "type": "bar",
                        "x": list(iss["label"]),
                        "y": [None if v is None or v != v else v for v in iss["agree"]],
                        "text": [f"n={n}" for n in iss["n_votes"]],
                        "marker": {"color": COLORS["pair"]},
                    }
                ],
                src,
                caption="Pooled over the period: identical votes / shared votes.",
                yrange=[0, 1],
                xaxis={"title": {"text": "issue area"}},
            )
        )
    return out


CHANNEL = Channel(
    key="forums",
    field="un_votes",
    title="UN votes (kappa rank)",
    stage="UN votes: agreement, kappa, ranks, issues, splits, turning points",
    tables=("unga_rollcalls", "unga_votes"),
    collect=collect,
    findings=findings,
    row=row,
    chart=charts,
    tie=True,
    cards=("import_votes", "unvotes_votes", "unxml_votes"),
    empty={},
    tier=7,
)
