"""The sections of ``why`` outside the evidence matrix, in the channel pattern: ideal points,
voting blocs, the emergency special session on Ukraine (ES-11), news events and the forecast.
Each is a :class:`~multipolar.explain.why.channel.Channel` without a matrix row."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from multipolar import states as _states
from multipolar.errors import InputError, MultipolarError
from multipolar.explain.coverage import emergency_session_coverage
from multipolar.explain.events import events_evidence
from multipolar.explain.forecast import where_it_is_going
from multipolar.explain.idealpoints import ideal_points_for
from multipolar.explain.numbers import num
from multipolar.explain.why import votes
from multipolar.explain.why.channel import Channel
from multipolar.explain.why.charts import COLORS, chart
from multipolar.explain.why.context import SPINE, Ctx
from multipolar.explain.why.wording import nm, plural, the, years_text
from multipolar.jsonutil import to_records
from multipolar.sources.un_vocabulary import VOTE_WORDS

if TYPE_CHECKING:
    from multipolar.explain.why.evidence import Evidence


# --- ideal points ------------------------------------------------------------------------
def collect_ideal(ctx: Ctx) -> list[dict[str, Any]]:
    lo, hi = ctx.clip("unga_rollcalls")
    if lo > hi:
        ctx.cover("ideal points", "unvotes", [])
        return []
    try:
        df = ideal_points_for(ctx.st, states=list(dict.fromkeys(ctx.codes)), years=(lo, hi))
    except InputError as exc:
        ctx.gaps.append(f"No ideal points: {exc}.")
        ctx.cover("ideal points", "unvotes", [])
        return []
    for code in sorted(set(ctx.codes) - set(df["ccode"])):
        ctx.gaps.append(
            f"{ctx.name(code)} has no ideal points in {years_text(lo, hi)} (no contested votes)."
        )
    a, b, _ = ctx.codes
    both = sorted(set(df.loc[df["ccode"] == a, "year"]) & set(df.loc[df["ccode"] == b, "year"]))
    ctx.cover("ideal points", "unvotes", both)
    return to_records(df[["year", "ccode", "ideal", "se"]].sort_values(["year", "ccode"]))


def ideal_findings(ev: Evidence) -> list[dict[str, Any]]:
    """Positions within one year (higher: nearer the United States' side that year, not an
    absolute scale across years) and the distance of each to the comparator over time."""
    ip = pd.DataFrame(ev.ideal_points)
    if ip.empty:
        return []
    a, b, c = ev.codes()
    wide = ip.pivot_table(index="year", columns="ccode", values="ideal")
    if a not in wide or b not in wide:
        return []
    both = wide.dropna(subset=[a, b])
    if both.empty:
        return []
    y = int(both.index.max())
    cur = ip[ip["year"] == y].set_index("ccode")
    vals: dict[str, Any] = {}
    bits = []
    for key, code in zip(("a", "b", "vs"), (a, b, c), strict=True):
        if code in cur.index:
            vals[key] = {"ideal": float(cur.loc[code, "ideal"]), "se": float(cur.loc[code, "se"])}
            bits.append(
                f"{nm(code, y)} {num(vals[key]['ideal'])} (± {1.96 * vals[key]['se']:.2f})".replace(
                    "+", ""
                )
            )
    text = (
        f"On the main dimension of UN voting in {y} (ideal points; within a year, higher means "
        f"nearer the side {nm(2, y)} votes on; ±: half-width of the 95% interval): "
        f"{', '.join(bits)}."
    )
    if c in wide:
        d = both.dropna(subset=[c])
        if len(d) >= 2:
            y0 = int(d.index.min())
            dist = {
                k: (abs(d.loc[y0, code] - d.loc[y0, c]), abs(d.loc[y, code] - d.loc[y, c]))
                for k, code in (("a", a), ("b", b))
                if y in d.index
            }
            if dist:
                C = nm(c, y)
                if nm(c, y0) != C:  # the name of the year: the Soviet Union in 1948
                    C += f" ({nm(c, y0)} in {y0})"
                text += (
                    f" Distance to {C}: {nm(a, y)} {num(dist['a'][0])} in {y0}, "
                    f"{num(dist['a'][1])} in {y}; {nm(b, y)} {num(dist['b'][0])} in {y0}, "
                    f"{num(dist['b'][1])} in {y}."
                )
                vals["distance_to_vs"] = {"from": y0, "to": y, **dist}
    return [
        {
            "text": text,
            "source": votes.source() + "; multipolar's dynamic ordinal item-response model",
            "values": {"year": y, **vals},
        }
    ]


def ideal_charts(ev: Evidence) -> list[dict[str, Any]]:
    ip = pd.DataFrame(ev.ideal_points)
    if ip.empty:
        return []
    data: list[dict[str, Any]] = []
    for key in ("a", "b", "vs"):
        d = ip[ip["ccode"] == ev.states[key]["ccode"]].sort_values("year")
        if d.empty:
            continue
        up = (d["ideal"] + 1.96 * d["se"]).tolist()
        dn = (d["ideal"] - 1.96 * d["se"]).tolist()
        ys = d["year"].tolist()
        data.append(
            {
                "type": "scatter",
                "x": ys + ys[::-1],
                "y": up + dn[::-1],
                "fill": "toself",
                "fillcolor": COLORS[key],
                "opacity": 0.2,
                "line": {"width": 0},
                "hoverinfo": "skip",
                "showlegend": False,
            }
        )
        data.append(
            {
                "type": "scatter",
                "x": ys,
                "y": d["ideal"].tolist(),
                "mode": "lines",
                "name": ev.states[key]["name"],
                "line": {"color": COLORS[key]},
            }
        )
    return [
        chart(
            "ideal-points",
            "Ideal points on the main dimension of UN voting (95% intervals)",
            "ideal point (within a year, higher: nearer the US side)",
            data,
            votes.source() + "; multipolar's dynamic ordinal item-response model",
            caption="Each state's position on the main dimension of UN voting, estimated from "
            "every state's votes; compare states within a year, and distances over time, "
            "rather than one state's level across years; the bands are 95% intervals.",
        )
    ]


IDEAL = Channel(
    key="ideal_points",
    field="ideal_points",
    title="Ideal points",
    stage="ideal points (the first fit takes about a minute; later runs reuse it)",
    tables=("unga_rollcalls",),
    collect=collect_ideal,
    findings=ideal_findings,
    chart=ideal_charts,
    cards=votes.CHANNEL.cards,
    empty=[],
)


# --- Ukraine (ES-11) ---------------------------------------------------------------------
def collect_ukraine(ctx: Ctx) -> list[dict[str, Any]]:
    """Each state's vote on the resolutions of the 11th emergency special session (Ukraine);
    empty when the stored roll calls carry no ``emergency_session`` column."""
    cols = set(ctx.st.raw.execute("SELECT * FROM unga_rollcalls LIMIT 0").df().columns)
    if "emergency_session" not in cols:
        return []
    sel = ctx.st.raw.execute(
        "SELECT * FROM unga_rollcalls WHERE emergency_session = 'ES-11' AND year BETWEEN ? AND ?",
        [ctx.first, ctx.last],
    ).df()
    if sel.empty:
        return []
    codes = list(ctx.codes)
    ids = ",".join(str(int(r)) for r in sel["rcid"])
    v = ctx.st.raw.execute(
        f"SELECT rcid, ccode, vote FROM unga_votes WHERE rcid IN ({ids}) "
        f"AND ccode IN ({','.join(str(c) for c in codes)})"
    ).df()
    wide = v.pivot_table(index="rcid", columns="ccode", values="vote", aggfunc="first")
    out = []
    for r in sel.sort_values(["date", "rcid"]).itertuples(index=False):
        row = {
            "rcid": int(r.rcid),
            "date": str(getattr(r, "date", "") or ""),
            "unres": getattr(r, "unres", None),
            "title": getattr(r, "title", None) or getattr(r, "descr", None),
        }
        for key, code in zip(("vote_a", "vote_b", "vote_vs"), codes, strict=True):
            val = wide.at[r.rcid, code] if r.rcid in wide.index and code in wide.columns else None
            row[key] = (
                VOTE_WORDS.get(int(val), "?") if val is not None and pd.notna(val) else "absent"
            )
        out.append(row)
    for key, code in (("vote_a", codes[0]), ("vote_b", codes[1])):
        if out and all(r[key] == "absent" for r in out):  # not a member, or never voted
            ctx.gaps.append(f"{ctx.name(code)} cast no vote in the emergency session on Ukraine.")
            return []
    held = emergency_session_coverage(ctx.st, "ES-11")
    if held["later_known"]:  # the records stop before votes a reader will ask about
        ctx.gaps.append(held["note"])
        for row in out:
            row["coverage_note"] = held["note"]
    return out


def ukraine_findings(ev: Evidence) -> list[dict[str, Any]]:
    rows = ev.ukraine_votes
    if not rows:
        return []
    a, b, c = ev.codes()
    y = ev.period["to"]
    A, B = nm(a, y), nm(b, y)
    first = rows[0]
    diff = sum(1 for r in rows if r["vote_a"] != r["vote_b"])
    did = {"yes": "voted yes", "no": "voted no", "abstain": "abstained", "absent": "was absent"}
    held = listing_res(rows)
    return [
        {
            "text": (
                f"On the {plural(len(rows), 'recorded vote')} of the emergency special session on "
                f"Ukraine (ES-11) in the records ({held}), {A} and {B} "
                f"{'voted differently ' + plural(diff, 'time') if diff else 'never voted differently'}; on "
                f"{first.get('unres') or 'the first'} {A} {did.get(first['vote_a'], first['vote_a'])}, "
                f"{B} {did.get(first['vote_b'], first['vote_b'])} and {nm(c, y)} "
                f"{did.get(first['vote_vs'], first['vote_vs'])}."
                + (f" {rows[-1]['coverage_note']}" if rows[-1].get("coverage_note") else "")
            ),
            "source": votes.source(),
            "values": {"n": len(rows), "differ": diff},
        }
    ]


def listing_res(rows: list[dict[str, Any]]) -> str:
    """``"A/RES/ES-11/1 to A/RES/ES-11/6, 2022–2023"``: the resolutions and their years."""
    res = [str(r["unres"]) for r in rows if r.get("unres")]
    years = sorted({str(r["date"])[:4] for r in rows if str(r.get("date") or "")[:4].isdigit()})
    span = (f", {years[0]}–{years[-1]}" if len(years) > 1 else f", {years[0]}") if years else ""
    if not res:
        return "no resolution numbers" + span
    return (f"{res[0]} to {res[-1]}" if len(res) > 1 else res[0]) + span


UKRAINE = Channel(
    key="ukraine",
    field="ukraine_votes",
    title="Ukraine (ES-11)",
    stage="the emergency special session on Ukraine",
    tables=("unga_rollcalls",),
    collect=collect_ukraine,
    findings=ukraine_findings,
    cards=votes.CHANNEL.cards,
    empty=[],
)


# --- blocs -------------------------------------------------------------------------------
def collect_blocs(ctx: Ctx) -> dict[str, Any] | None:
    """The UN voting bloc (Leiden communities, docs/system.md) each sat in, in the last year
    of their common votes; the label and its rule come from :mod:`multipolar.explain.system`."""
    un = ctx.memo.get("un_votes") or {}
    if not un.get("by_year"):
        return None
    from multipolar.explain.system import blocs_for_year

    a, b, _ = ctx.codes
    year = int(un["by_year"][-1]["year"])
    rec: dict[str, Any] = {"year": year, "ccode1": a, "ccode2": b, "same_bloc": None,
                           "bloc1": None, "bloc2": None, "n_blocs": None, "text": ""}  # fmt: skip
    try:
        res = blocs_for_year(ctx.st, year)
    except MultipolarError as exc:
        ctx.gaps.append(f"No voting blocs for {year}: {exc}.")
        return None
    na, nb = ctx.name(a, year), ctx.name(b, year)
    brief = []
    for code in (a, b):
        bl = res.bloc_of(code)
        brief.append(
            None
            if bl is None
            else {
                "id": bl["id"],
                "size": bl["size"],
                "leader": bl["leader"],
                "label": the(_states.name_in(int(bl["leader"]), year)),
            }
        )
    rec["bloc1"], rec["bloc2"], rec["n_blocs"] = brief[0], brief[1], res.n_blocs
    modularity = float(res.modularity) if res.modularity == res.modularity else None
    rec["modularity"] = modularity
    b1, b2 = brief
    if b1 is None or b2 is None:
        rec["text"] = (
            f"{na if b1 is None else nb} cast no UN votes counted in {year}, so it sat in no bloc."
        )
        return rec
    rec["same_bloc"] = b1["id"] == b2["id"]
    weak = (
        f" (modularity {modularity:.2f}, below 0.1: the blocs are weakly separated)"
        if modularity is not None and modularity < 0.1
        else ""
    )
    if rec["same_bloc"]:
        rec["text"] = (
            f"{na} and {nb} sat in the same UN voting bloc in {year}: the one whose member with "
            f"the largest CINC share is {b1['label']}, {plural(int(b1['size']), 'state')} of "
            f"{plural(int(res.n_blocs), 'bloc')}{weak}."
        )
    else:
        rec["text"] = (
            f"{na} and {nb} sat in different UN voting blocs in {year}: {na} in the one whose "
            f"member with the largest CINC share is {b1['label']} "
            f"({plural(int(b1['size']), 'state')}), {nb} in {b2['label']}'s "
            f"({plural(int(b2['size']), 'state')}){weak}."
        )
    return rec


def bloc_findings(ev: Evidence) -> list[dict[str, Any]]:
    if not ev.blocs or not ev.blocs.get("text"):
        return []
    return [
        {
            "text": ev.blocs["text"],
            "source": votes.source() + "; Leiden communities",
            "values": {k: ev.blocs.get(k) for k in ("year", "same_bloc", "bloc1", "bloc2")},
        }
    ]


BLOCS = Channel(
    key="blocs",
    field="blocs",
    title="Voting blocs",
    stage="voting blocs",
    tables=("unga_rollcalls",),
    collect=collect_blocs,
    findings=bloc_findings,
    cards=votes.CHANNEL.cards,
    empty=None,
)


# --- events ------------------------------------------------------------------------------
def collect_events(ctx: Ctx) -> dict[str, Any] | None:
    a, b, c = ctx.codes
    ev = events_evidence(a, b, c if c not in (a, b) else None, store=ctx.st)
    if ev is None:
        ctx.gaps.append(
            "No news event data are loaded (multipolar events import FILE adds GDELT or ICEWS "
            "events and a monthly cooperation/conflict section)."
        )
    elif ev.get("coverage", {}).get("text"):
        ctx.gaps.append(str(ev["coverage"]["text"]))
    return ev


EVENTS = Channel(
    key="events",
    field="events",
    title="News events",
    stage="news events",
    tables=(),
    collect=collect_events,
    empty=None,
)


# --- forecast ----------------------------------------------------------------------------
def collect_outlook(ctx: Ctx) -> dict[str, Any] | None:
    """Where the pair's alignment is going: only for a pair whose votes reach the last year
    of votes in the store (a forecast starts from there)."""
    un = ctx.memo.get("un_votes") or {}
    a, b, c = ctx.codes
    if not un.get("span") or ctx.last < ctx.span(SPINE)[1]:
        return None
    return where_it_is_going(ctx.st, a, b, vs=c if c not in (a, b) else None, gaps=ctx.gaps)


OUTLOOK = Channel(
    key="forecast",
    field="outlook",
    title="Forecast",
    stage="where it is going (forecast)",
    tables=(),
    collect=collect_outlook,
    empty=None,
)
