"""Trade claims: a change in the pair's total trade (IMF DOTS, COW before it) or a rank among
a state's partners (:func:`multipolar.explain.trade.partner_ranks`)."""

from __future__ import annotations

from typing import Any

from multipolar.explain.claims.base import (
    TEN,
    Checker,
    cannot,
    change_verdict,
    done,
    name,
    number,
    pair_name,
    years_read,
    years_text,
)


def _trade_series(
    ck: Checker, a: int, b: int, lo: int, hi: int
) -> tuple[list[tuple[int, float]], str]:
    lo_c, hi_c = min(a, b), max(a, b)
    rows = ck.st.raw.execute(
        "SELECT year, total_musd FROM imf_dots_ndy WHERE ccode1 = ? AND ccode2 = ? AND year "
        "BETWEEN ? AND ? AND total_musd IS NOT NULL AND NOT coalesce(estimate, FALSE) ORDER BY year",
        [lo_c, hi_c, lo, hi],
    ).fetchall()
    if rows:
        return [
            (int(y), float(v)) for y, v in rows
        ], "imf_dots_ndy (IMF DOTS, exports FOB both ways)"
    if "cow_trade_ndy" not in ck.spans:
        return [], ""
    rows = ck.st.raw.execute(
        "SELECT year, flow1 + flow2 FROM cow_trade_ndy WHERE ccode1 = ? AND ccode2 = ? AND year "
        "BETWEEN ? AND ? AND flow1 IS NOT NULL AND flow2 IS NOT NULL ORDER BY year",
        [lo_c, hi_c, lo, hi],
    ).fetchall()
    return [(int(y), float(v)) for y, v in rows], "cow_trade_ndy (COW Trade 4.0, imports both ways)"


def _last_total(ck: Checker, a: int, b: int) -> int | None:
    row = ck.st.raw.execute(
        "SELECT max(year) FROM imf_dots_ndy WHERE ccode1 = ? AND ccode2 = ? AND total_musd IS NOT "
        "NULL AND NOT coalesce(estimate, FALSE)",
        [min(a, b), max(a, b)],
    ).fetchone()
    return int(row[0]) if row and row[0] is not None else None


def check_trade(ck: Checker, prop: dict[str, Any], a: int, b: int) -> dict[str, Any]:
    """A trade claim: a rank ("largest trading partner": :func:`check_rank`) or a change in
    the pair's total (both directions, US$ m current; a year without both is missing, and
    Russia's one-sided IMF estimates never count) between the first and last year read."""
    last = _last_total(ck, a, b)
    if last is not None:  # the pair's totals may end before the table does (Russia: 2020)
        ck.spans = {**ck.spans, "imf_dots_ndy": (ck.spans["imf_dots_ndy"][0], last)}
    yrs = years_read(ck, prop, "trade", TEN)
    if isinstance(yrs, dict):
        if last is not None:
            yrs["reason"] += f" (totals in both directions for {pair_name(a, b, last)})"
        return yrs
    lo, hi = yrs
    if prop.get("change") is not None and not prop.get("rank") and lo == hi:
        lo = hi - 1  # "fell in 2020": 2020 against the year before
    series, src = _trade_series(ck, a, b, lo, hi)
    if len(series) < 2:
        return cannot(
            f"no trade totals (both directions) for {pair_name(a, b, hi)} in {years_text(lo, hi)}"
        )
    what = "trade"
    if prop.get("rank"):  # "China is Russia's largest trading partner": the rank, first
        return check_rank(ck, prop, prop["rank"], hi, src)
    if prop.get("change") is None:
        nums = [number(series[-1][0], round(series[-1][1], 1), f"{what} (US$ m)", src)]
        return cannot(
            "the sentence names trade but no change, rank or amount the data could test",
            numbers=nums,
        )
    verdict, nums, rule, holds = change_verdict(prop, series, "US$ m", what, src, 1)
    return done(prop, verdict, nums, rule, (series[0][0], series[-1][0]), holds, ["imf_dots_ndy"])


def check_rank(
    ck: Checker, prop: dict[str, Any], rk: dict[str, Any], hi: int, src: str
) -> dict[str, Any]:
    """A claimed rank among a state's trade partners, in the last year with a total (or the
    year claimed): :func:`multipolar.explain.trade.partner_ranks` (SQL, states only)."""
    from multipolar.explain.trade import partner_ranks

    p = prop.get("period") or {}
    year = p["to"] if p.get("to") is not None else p["from"] if p.get("from") else hi
    ref, partner = int(rk["of"]), int(rk["partner"])
    df = partner_ranks(ck.st, ref, partner, year - 2, year)
    if df.empty:
        return cannot(f"no trade total for {pair_name(ref, partner, year)} in {year - 2}–{year}")
    r = df.iloc[-1]
    y = int(r["year"])
    got = int(r["rank"])
    nums = [
        number(y, got, f"{name(partner, y)}'s rank among {name(ref, y)}'s trade partners", src),
        number(y, f"{float(r['share']):.1%}", f"share of {name(ref, y)}'s trade", src),
        number(y, int(r["partners"]), f"{name(ref, y)}'s partners with a total", src),
    ]
    ok = got <= rk["rank"] if rk["at_most"] else got == rk["rank"]
    verdict = "supported" if ok else "contradicted"
    rule = (
        "the rank claimed against the rank by total trade (both directions) among the state's "
        "partners with a total, in the last year before the text's date (or the year claimed)"
    )
    return done(prop, verdict, nums, rule, (y, y), None, ["imf_dots_ndy"])
