"""Channel ``arms``: SIPRI arms transfers between the two, in either direction, by year and
period, from the 7 exporters the mirror holds (one vintage, 2022-07-28).

The numbers come from :func:`multipolar.explain.arms.arms_evidence` (SQL on the pair's rows)
and the matrix row from :func:`multipolar.explain.arms.arms_matrix_row`, whose rule is
:data:`multipolar.explain.arms.ARMS_RULE`: supported when, over 2012–2021, one is among the
other's 3 largest suppliers by TIV among the 7 held exporters with at least 10% of the other's
TIV from them and the other takes at least 2% of the supplier's TIV to states. A direction whose
exporter is not held is unknown (null), never zero.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from multipolar.explain.arms import COVERAGE, HELD_NOTE, arms_evidence, arms_matrix_row, held
from multipolar.explain.provenance import cite
from multipolar.explain.why.channel import Channel, matrix_row
from multipolar.explain.why.charts import COLORS, chart
from multipolar.explain.why.context import Ctx
from multipolar.explain.why.wording import nm, years_text

if TYPE_CHECKING:
    from multipolar.explain.why.evidence import Evidence

TABLES = ("sipri_tiv_dyad",)
DRIVER = "Arms transfers"


def _uncovered(ctx: Ctx) -> str | None:
    """Why the data cannot show arms transfers between the two in the period, or None. Arms
    transfers fit any pair: a pair the seven tables do not cover is "no data", not "not
    applicable"."""
    a, b, _ = ctx.codes
    lo, hi = max(ctx.first, COVERAGE[0]), min(ctx.last, COVERAGE[1])
    if lo > hi:
        return f"SIPRI TIV (vintage 2022-07-28) covers {COVERAGE[0]}–{COVERAGE[1]}"
    if not any(held(c, y) for c in (a, b) for y in range(lo, hi + 1)):
        return (
            f"neither {nm(a, hi)} nor {nm(b, hi)} is among the 7 exporters whose SIPRI tables "
            "the data hold"
        )
    return None


def collect(ctx: Ctx) -> dict[str, Any] | None:
    a, b, _ = ctx.codes
    reason = _uncovered(ctx)
    if reason:  # the matrix row says why; nothing to collect
        ctx.baselines["arms_no_data"] = reason
        return None
    ev = arms_evidence(ctx.st, a, b, first=ctx.first, last=ctx.last)
    ctx.data_end("Arms-transfer data (SIPRI TIV, vintage 2022-07-28)", "sipri_tiv_dyad")
    # the years with data for the pair are the years a direction is covered (a held exporter):
    # a covered year without deliveries is a recorded zero, not the end of the data (North
    # Korea-China read "data end 1995: arms transfers", the last Chinese delivery, though the
    # Chinese table runs to 2021)
    covered = [
        r["year"]
        for r in ev["by_year"]
        if r["exporter_ab"] is not None or r["exporter_ba"] is not None
    ]
    delivered = [
        r["year"] for r in ev["by_year"] if (r["tiv_ab"] or 0) > 0 or (r["tiv_ba"] or 0) > 0
    ]
    note = "SIPRI TIV from 7 exporters only"
    if covered and (not delivered or delivered[-1] < covered[-1]):
        note += f"; last delivery between them in {delivered[-1]}" if delivered else "; no delivery"
    ctx.cover("arms transfers", "sipri_tiv_dyad", covered, note)
    ctx.gaps.extend(g for g in ev["gaps"] if "ends in" not in g)  # data_end said it
    ev["matrix"] = arms_matrix_row({**ev, "names": {"a": ctx.name(a), "b": ctx.name(b)}})
    ev.pop("citations", None)  # the report's sources come from the channel's tables
    return ev


def findings(ev: Evidence) -> list[dict[str, Any]]:
    d = ev.arms
    if not d:
        return []
    a, b = d["a"], d["b"]
    sentences, values = [], []
    for side, frm, to in (("ba", b, a), ("ab", a, b)):
        per = [p for p in d["by_period"] if p.get("direction") == side and p["tiv"] > 0]
        if not per:
            continue
        now = nm(frm, d["to"])
        parts = [
            f"{p['tiv']:,} TIV m in {p['period']}"
            + (f" (as {then})" if (then := nm(frm, int(p["period"][-4:]))) != now else "")
            for p in per
        ]
        sentences.append(f"from {now} to {nm(to, d['to'])}: " + "; ".join(parts))
        values.append({"direction": side, "periods": per})
    if not sentences:
        return []
    return [
        {
            "text": (
                "Deliveries of major arms "
                + "; ".join(sentences)
                + f" (SIPRI trend-indicator values, vintage {d['vintage']}; from 7 exporters "
                "only)."
            ),
            "source": cite("sipri_tiv_dyad"),
            "values": {"directions": values},
        }
    ]


def row(ev: Evidence) -> dict[str, Any] | None:
    d = ev.arms
    reason = ev.not_applicable.get("arms")
    if reason:
        return matrix_row("arms", DRIVER, "SIPRI TIV between the two", None, None, "n/a",
                          "not applicable", reason)  # fmt: skip
    if not d:
        return matrix_row("arms", DRIVER, "SIPRI TIV between the two", None, None, "n/a",
                          "no data", ev.baselines.get("arms_no_data") or HELD_NOTE)  # fmt: skip
    m = dict(d["matrix"])
    m.pop("key")
    return matrix_row("arms", **m, last_year=d["to"])


def charts(ev: Evidence) -> list[dict[str, Any]]:
    d = ev.arms
    if not d:
        return []
    by = pd.DataFrame(d["by_year"])
    names = {"ab": nm(d["a"], d["to"]), "ba": nm(d["b"], d["to"])}
    data = []
    for side, other, color in (("ab", "ba", COLORS["a"]), ("ba", "ab", COLORS["b"])):
        if by[f"exporter_{side}"].isna().all():
            continue
        data.append(
            {
                "type": "bar",
                "x": [int(y) for y in by["year"]],
                "y": [None if pd.isna(v) else int(v) for v in by[f"tiv_{side}"]],
                "name": f"{names[side]} to {names[other]}",
                "marker": {"color": color},
            }
        )
    return [
        chart(
            "arms",
            f"Arms deliveries between {names['ab']} and {names['ba']} (SIPRI TIV, millions)",
            "TIV m",
            data,
            cite("sipri_tiv_dyad"),
            caption=(
                f"{years_text(d['from'], d['to'])}; {HELD_NOTE}; vintage {d['vintage']}. "
                "A direction whose exporter is not held is not drawn (unknown, not zero)."
            ),
            barmode="group",
        )
    ]


CHANNEL = Channel(
    key="arms",
    field="arms",
    title="Arms transfers (SIPRI TIV)",
    stage="arms (SIPRI)",
    tables=TABLES,
    collect=collect,
    findings=findings,
    row=row,
    chart=charts,
    tie=True,
    empty=None,
    tier=3,
)
