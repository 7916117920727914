"""Channel ``power``: the pair's combined material capabilities (COW NMC 7.0, CINC) against
the comparator's -- a balancing coalition matches the comparator together but not alone.

Not applicable when the comparator is allied with both (ATOP, the last year of its data in
the period): pooling power against an ally is not balancing. CINC weighs population and heavy
industry heavily (China's share passes the United States' in the 1990s); the finding says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from multipolar.explain.provenance import cite
from multipolar.explain.why.channel import Channel, matrix_row
from multipolar.explain.why.charts import COLORS, chart, line
from multipolar.explain.why.context import Ctx
from multipolar.explain.why.third_power import allied_with_both
from multipolar.explain.why.wording import gap_word, nm, pct, pct_pair
from multipolar.jsonutil import to_records
from multipolar.states import possessive

if TYPE_CHECKING:
    from multipolar.explain.why.evidence import Evidence

CAVEAT = (
    "CINC averages shares of population, urban population, iron and steel, energy, military "
    "personnel and spending, so population and heavy industry weigh heavily"
)


def collect(ctx: Ctx) -> list[dict[str, Any]]:
    a, b, c = ctx.codes
    ctx.data_end("Capability data (NMC 7.0)", "cow_nmc")
    df = ctx.st.raw.execute(
        "SELECT year, ccode, cinc FROM cow_nmc WHERE ccode IN (?, ?, ?) AND year BETWEEN ? AND ?",
        [a, b, c, ctx.first, ctx.last],
    ).df()
    if df.empty:
        ctx.gaps.append("No capability (CINC) data for these states in this period.")
        ctx.cover("capabilities", "cow_nmc", [])
        return []
    wide = df.pivot_table(index="year", columns="ccode", values="cinc")
    wide = wide.reindex(columns=list(dict.fromkeys([a, b, c])))
    out = pd.DataFrame(
        {
            "year": wide.index.astype(int),
            "cinc_a": wide[a].to_numpy(),
            "cinc_b": wide[b].to_numpy(),
            # the comparator's share; none when it is one of the pair (the channel does not apply)
            "cinc_vs": wide[c].to_numpy() if c not in (a, b) else float("nan"),
        }
    )
    out["combined_ab"] = out["cinc_a"] + out["cinc_b"]  # NaN when either is missing
    ctx.cover("capabilities", "cow_nmc", out.dropna(subset=["cinc_a", "cinc_b"])["year"].tolist())
    return to_records(out)


def _complete(ev: Evidence) -> pd.DataFrame:
    if not ev.capabilities:
        return pd.DataFrame()
    return pd.DataFrame(ev.capabilities).dropna(subset=["cinc_a", "cinc_b", "cinc_vs"])


def findings(ev: Evidence) -> list[dict[str, Any]]:
    cap = (
        pd.DataFrame(ev.capabilities).dropna(subset=["cinc_a", "cinc_b"])
        if ev.capabilities
        else pd.DataFrame()
    )
    if cap.empty:
        return []
    a, b, c = ev.codes()
    r = cap.iloc[-1]
    y = int(r.year)
    both, against = pct_pair(r.combined_ab, r.cinc_vs)
    vs = f", against {against} for {nm(c, y)}" if pd.notna(r.cinc_vs) else ""
    return [
        {
            "text": (
                f"In {y} {nm(a, y)} held {pct(r.cinc_a)} of the world's material capabilities "
                f"(CINC), {nm(b, y)} {pct(r.cinc_b)}: together {both}{vs} "
                f"({CAVEAT})."
            ),
            "source": cite("cow_nmc"),
            "values": {
                "year": y,
                "cinc_a": r.cinc_a,
                "cinc_b": r.cinc_b,
                "cinc_vs": r.cinc_vs,
                "combined_ab": r.combined_ab,
            },
        }
    ]


def row(ev: Evidence) -> dict[str, Any]:
    A, B, C = ev.name("a"), ev.name("b"), ev.name("vs")
    driver = "Complementary power"
    measure = f"combined CINC share of {A} and {B} vs {C}"
    reason = ev.not_applicable.get("power")
    if reason:
        return matrix_row("power", driver, measure, None, None, "n/a", "not applicable", reason)
    cap = _complete(ev)
    if cap.empty:
        return matrix_row("power", driver, measure, None, None, "n/a", "no data",
                          "no capability data for the three")  # fmt: skip
    r0, r1 = cap.iloc[0], cap.iloc[-1]
    alone = max(r1.cinc_a, r1.cinc_b) >= r1.cinc_vs
    together = r1.combined_ab >= r1.cinc_vs
    verdict = "supported" if together and not alone else "mixed" if together else "not supported"
    return matrix_row(
        "power",
        driver,
        measure,
        " vs ".join(pct_pair(r0.combined_ab, r0.cinc_vs)) + f" in {int(r0.year)}",
        " vs ".join(pct_pair(r1.combined_ab, r1.cinc_vs)) + f" in {int(r1.year)}",
        gap_word(float(r0.combined_ab - r0.cinc_vs), float(r1.combined_ab - r1.cinc_vs), 0.01),
        verdict,
        f"supported if together they match {possessive(C)} capabilities but neither does alone "
        f"(a balancing coalition); mixed if one already does alone; not applicable when {C} is "
        f"allied with both. {CAVEAT}",
        None,
        None,
        last_year=int(r1.year),
    )


def charts(ev: Evidence) -> list[dict[str, Any]]:
    cap = pd.DataFrame(ev.capabilities)
    if cap.empty:
        return []
    A, B, C = ev.name("a"), ev.name("b"), ev.name("vs")
    return [
        chart(
            "capabilities",
            "Share of world material capabilities (CINC)",
            "CINC",
            [
                line(cap["year"], cap["cinc_a"], A, COLORS["a"]),
                line(cap["year"], cap["cinc_b"], B, COLORS["b"]),
                line(cap["year"], cap["cinc_vs"], C, COLORS["vs"]),
                line(cap["year"], cap["combined_ab"], f"{A} + {B}", COLORS["pair"]),
            ],
            cite("cow_nmc"),
            caption=CAVEAT + ".",
        )
    ]


CHANNEL = Channel(
    key="power",
    field="capabilities",
    title="Power vs {vs}",
    stage="capabilities (COW NMC)",
    tables=("cow_nmc", "atop_ddy"),
    collect=collect,
    findings=findings,
    row=row,
    applies=allied_with_both,
    chart=charts,
    tie=False,
    cards=("cow_nmc",),
    empty=[],
)
