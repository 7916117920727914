"""Channel ``igos``: shared membership in intergovernmental organisations (COW IGO 3.0), and
the pair's percentile among all dyads in its last year of data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from multipolar.explain.provenance import cite
from multipolar.explain.why.channel import PCT_RULE, Channel, by_percentile, matrix_row
from multipolar.explain.why.charts import COLORS, chart, line
from multipolar.explain.why.context import Ctx
from multipolar.explain.why.wording import change_word, years_text
from multipolar.measures.coalition import percentile_of

if TYPE_CHECKING:
    from multipolar.explain.why.evidence import Evidence


def collect(ctx: Ctx) -> list[dict[str, Any]]:
    a, b, _ = ctx.codes
    ctx.data_end("Shared-IGO data (COW IGO 3.0)", "cow_igo_ndy")
    d = ctx.st.raw.execute(
        "SELECT year, dyadigos FROM cow_igo_ndy WHERE ccode1 = ? AND ccode2 = ? "
        "AND year BETWEEN ? AND ? AND dyadigos IS NOT NULL ORDER BY year",
        [min(a, b), max(a, b), ctx.first, ctx.last],
    ).df()
    if d.empty:
        ctx.gaps.append(
            f"No shared-IGO data for {ctx.pair_name()} in {years_text(ctx.first, ctx.last)}."
        )
        ctx.cover("IGOs", "cow_igo_ndy", [])
        return []
    final = int(d["year"].max())
    field = ctx.st.raw.execute(
        "SELECT dyadigos FROM cow_igo_ndy WHERE year = ? AND dyadigos IS NOT NULL", [final]
    ).df()["dyadigos"]
    mine = int(d.loc[d["year"] == final, "dyadigos"].iloc[0])
    out: list[dict[str, Any]] = [
        {"year": int(r.year), "shared_igos": int(r.dyadigos), "percentile": None}
        for r in d.itertuples(index=False)
    ]
    out[-1]["percentile"] = percentile_of(float(mine), field.to_numpy())
    ctx.baselines["igos"] = {"year": final, "median": float(field.median())}
    ctx.cover("IGOs", "cow_igo_ndy", d["year"].tolist())
    return out


def row(ev: Evidence) -> dict[str, Any]:
    driver = "Shared membership in international organisations"
    if not ev.igos:
        return matrix_row("igos", driver, "shared IGO memberships", None, None, "n/a",
                          "no data", "no COW IGO data for the pair in the period")  # fmt: skip
    r0, r1 = ev.igos[0], ev.igos[-1]
    p = r1["percentile"]
    base = ev.baselines.get("igos") or {}
    return matrix_row(
        "igos",
        driver,
        "shared IGO memberships, percentile among all dyads",
        f"{r0['shared_igos']} in {r0['year']}",
        f"{r1['shared_igos']} in {r1['year']} (p{p:.0f})"
        if p is not None
        else f"{r1['shared_igos']} in {r1['year']}",
        change_word(float(r0["shared_igos"]), float(r1["shared_igos"]), 2),
        by_percentile(p),
        f"percentile of the pair's count among all dyads in the last year of data: {PCT_RULE}",
        p,
        f"the median dyad shared {base['median']:.0f} IGOs in {base['year']}" if base else None,
        last_year=int(r1["year"]),
    )


def charts(ev: Evidence) -> list[dict[str, Any]]:
    if not ev.igos:
        return []
    A, B = ev.name("a"), ev.name("b")
    ys = [r["year"] for r in ev.igos]
    return [
        chart(
            "igos",
            f"Intergovernmental organisations both {A} and {B} belong to",
            "IGOs",
            [
                line(
                    ys,
                    [r["shared_igos"] for r in ev.igos],
                    "shared IGO memberships",
                    COLORS["pair"],
                )
            ],
            cite("cow_igo_ndy"),
        )
    ]


CHANNEL = Channel(
    key="igos",
    field="igos",
    title="Shared IGOs",
    stage="shared IGOs (COW)",
    tables=("cow_igo_ndy",),
    collect=collect,
    row=row,
    chart=charts,
    tie=True,
    empty=[],
    tier=9,
)
