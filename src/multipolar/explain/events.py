"""Event evidence for a question about two states: how they treat each other, month by month.

* :func:`dyad_events` — the monthly series of events each way (counts by QuadClass,
  Goldstein sum and mean);
* :func:`top_event_types` — the most frequent CAMEO event types each way;
* :func:`top_events` — the most reported single events of a month (optionally of a pair);
* :func:`events_evidence` — the JSON-ready record the ``why`` report uses: the pair's
  cooperation/conflict balance and the same with a comparator, and the most reported recent
  events each way; ``None`` when no event data were imported.

Months without any reported event between the two states have no row: an absent month means
"no report in the imported files", not "neutral relations" (the files may not cover it).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from multipolar import states
from multipolar.errors import InputError, NotLoadedError
from multipolar.measures.events import QUADS, Weight, dyad_event_types, dyad_month
from multipolar.sources.events import cameo_table
from multipolar.store import Store
from multipolar.store.events import events_table, registered

SERIES_COLUMNS = [
    "month", "direction", "n_events", "verbal_coop", "material_coop", "verbal_conflict",
    "material_conflict", "goldstein_sum", "goldstein_mean",
]  # fmt: skip
CITATIONS = [
    "Goldstein, J. S. (1992). A Conflict-Cooperation Scale for WEIS Events Data. Journal of "
    "Conflict Resolution 36(2): 369-385. doi:10.1177/0022002792036002007",
    "Leetaru, K. & Schrodt, P. A. (2013). GDELT: Global Data on Events, Location and Tone, "
    "1979-2012. ISA Annual Convention.",
    "Boschee, E. et al. (2015). ICEWS Coded Event Data. Harvard Dataverse. doi:10.7910/DVN/28075",
]


BIBTEX = [
    """@article{goldstein1992conflict,
  author = {Goldstein, Joshua S.},
  title = {A Conflict-Cooperation Scale for {WEIS} Events Data},
  journal = {Journal of Conflict Resolution}, volume = {36}, number = {2}, pages = {369--385},
  year = {1992}, doi = {10.1177/0022002792036002007}
}""",
    """@inproceedings{leetaru2013gdelt,
  author = {Leetaru, Kalev and Schrodt, Philip A.},
  title = {{GDELT}: Global Data on Events, Location and Tone, 1979--2012},
  booktitle = {ISA Annual Convention}, year = {2013}
}""",
    """@misc{boschee2015icews,
  author = {Boschee, Elizabeth and Lautenschlager, Jennifer and O'Brien, Sean and Shellman,
            Steve and Starz, James and Ward, Michael},
  title = {{ICEWS} Coded Event Data}, publisher = {Harvard Dataverse}, year = {2015},
  doi = {10.7910/DVN/28075}
}""",
]


def coverage(store: Store | None = None, backend: str | None = None) -> dict[str, Any] | None:
    """What the imported event files hold: ``{files, events, first, last, text}``.

    Event data are only as complete as the files imported: one 15-minute GDELT update holds
    about 2,000 events of all the world's states, so the coverage is stated as files × time
    span, never as a month. None when nothing was imported.
    """
    try:
        recs = registered(store) if store is not None else None
        t = events_table(backend, store=store)
    except NotLoadedError:
        return None
    if recs is not None and not recs:
        return None
    row = t.aggregate(n=t.count(), lo=t.date.min(), hi=t.date.max()).to_pandas().iloc[0]
    n_files = len(recs) if recs is not None else None
    lo = pd.Timestamp(row["lo"]).date().isoformat() if pd.notna(row["lo"]) else None
    hi = pd.Timestamp(row["hi"]).date().isoformat() if pd.notna(row["hi"]) else None
    files = (
        f"{n_files} imported file{'s' if n_files != 1 else ''}" if n_files else "the imported files"
    )
    text = (
        f"{files} with {int(row['n']):,} events dated {lo} to {hi}; a month without events "
        "between two states means no report in these files, not calm relations"
    )
    if n_files is not None and n_files <= 3:
        text += (
            " (so few files are a sample of the news of their days, not a series: read the "
            "monthly figures as anecdotes)"
        )
    return {"files": n_files, "events": int(row["n"]), "first": lo, "last": hi, "text": text}


def _state(x: str | int | states.State, year: int | None = None) -> states.State:
    return x if isinstance(x, states.State) else states.resolve(x, year)


def _label(s: states.State) -> str:
    return s.iso3 or s.abbrev


def _month_bounds(
    start: dt.date | str | None, end: dt.date | str | None
) -> tuple[dt.date | None, dt.date | None]:
    """Parse ``YYYY-MM`` / ``YYYY-MM-DD`` bounds: start is a month's first day, end its last."""

    def parse(v: dt.date | str | None, last: bool) -> dt.date | None:
        if v is None or isinstance(v, dt.date):
            return v
        text = str(v).strip()
        try:
            if len(text) == 7:
                d = dt.date.fromisoformat(text + "-01")
                if last:
                    nxt = dt.date(d.year + d.month // 12, d.month % 12 + 1, 1)
                    return nxt - dt.timedelta(days=1)
                return d
            if len(text) == 4:
                return dt.date(int(text), 12, 31) if last else dt.date(int(text), 1, 1)
            return dt.date.fromisoformat(text)
        except ValueError:
            raise InputError(f"bad date {text!r}; use YYYY, YYYY-MM or YYYY-MM-DD") from None

    lo, hi = parse(start, False), parse(end, True)
    if lo and hi and hi < lo:
        raise InputError(f"end {hi} is before start {lo}")
    return lo, hi


def _events(
    codes: list[int],
    start: dt.date | None,
    end: dt.date | None,
    backend: str | None,
    store: Store | None,
) -> ir.Table:
    t = events_table(backend, start=start, end=end, store=store)
    t = t.filter(t.source_ccode.isin(codes), t.target_ccode.isin(codes))
    if start:
        t = t.filter(t.date >= start)
    if end:
        t = t.filter(t.date <= end)
    return t


def dyad_events(
    a: str | int | states.State,
    b: str | int | states.State,
    *,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    weight: Weight = None,
    backend: str | None = None,
    store: Store | None = None,
) -> pd.DataFrame:
    """Monthly events from A to B and from B to A.

    One row per month and direction (``CHN->RUS``) that has events: ``month`` (``YYYY-MM``),
    ``direction``, ``n_events``, the four QuadClass counts, ``goldstein_sum`` and
    ``goldstein_mean`` (see :func:`multipolar.measures.events.dyad_month`). ``start``/``end``
    take ``YYYY``, ``YYYY-MM`` or a date; ``backend`` is ``duckdb`` or ``pyspark``.
    """
    sa, sb = _state(a), _state(b)
    if sa.ccode == sb.ccode:
        raise InputError(f"A and B are the same state ({sa.name})")
    lo, hi = _month_bounds(start, end)
    ev = _events([sa.ccode, sb.ccode], lo, hi, backend, store)
    df = dyad_month(ev, directed=True, weight=weight).to_pandas()
    names = {sa.ccode: _label(sa), sb.ccode: _label(sb)}
    if df.empty:
        return pd.DataFrame(columns=SERIES_COLUMNS)
    df["month"] = [f"{int(y):04d}-{int(m):02d}" for y, m in zip(df.year, df.month, strict=True)]
    df["direction"] = [
        f"{names[int(x)]}->{names[int(y)]}" for x, y in zip(df.ccode1, df.ccode2, strict=True)
    ]
    order = {f"{names[sa.ccode]}->{names[sb.ccode]}": 0, f"{names[sb.ccode]}->{names[sa.ccode]}": 1}
    df["_o"] = df.direction.map(order)
    df = df.sort_values(["month", "_o"]).reset_index(drop=True)
    for col in ["n_events", *QUADS.values()]:
        df[col] = df[col].astype("int64")
    return df[SERIES_COLUMNS]


def top_event_types(
    a: str | int | states.State,
    b: str | int | states.State,
    *,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    n: int = 5,
    weight: Weight = None,
    backend: str | None = None,
    store: Store | None = None,
) -> pd.DataFrame:
    """The ``n`` most frequent CAMEO event types each way: direction, cameo_code, event,
    quad, n_events, goldstein."""
    sa, sb = _state(a), _state(b)
    lo, hi = _month_bounds(start, end)
    ev = _events([sa.ccode, sb.ccode], lo, hi, backend, store)
    df = dyad_event_types(ev, directed=True, weight=weight).to_pandas()
    cols = ["direction", "cameo_code", "event", "quad", "n_events", "goldstein"]
    if df.empty:
        return pd.DataFrame(columns=cols)
    names = {sa.ccode: _label(sa), sb.ccode: _label(sb)}
    cameo = cameo_table()
    df["direction"] = [
        f"{names[int(x)]}->{names[int(y)]}" for x, y in zip(df.ccode1, df.ccode2, strict=True)
    ]
    df["event"] = [cameo.name(c) for c in df.cameo_code]
    df["quad"] = [QUADS[int(q)] for q in df.quad_class]
    df["_first"] = df.ccode1 != sa.ccode
    df = df.sort_values(["_first", "n_events", "cameo_code"], ascending=[True, False, True])
    return df.groupby("direction", sort=False).head(n)[cols].reset_index(drop=True)


def top_events(
    month: str | None = None,
    *,
    pair: tuple[str | int, str | int] | None = None,
    n: int = 20,
    backend: str | None = None,
    store: Store | None = None,
) -> pd.DataFrame:
    """The most reported single events of ``month`` (``YYYY-MM``; all months if None),
    between ``pair`` (both directions) if given, ranked by mentions then articles.

    Columns: date, source, target (state or actor), cameo_code, event, quad, goldstein,
    num_mentions, num_articles, source_url, source_dataset.
    """
    lo, hi = _month_bounds(month, month) if month else (None, None)
    t = events_table(backend, start=lo, end=hi, store=store)
    if lo and hi:
        t = t.filter(t.date >= lo, t.date <= hi)
    if pair:
        sa, sb = _state(pair[0]), _state(pair[1])
        codes = [sa.ccode, sb.ccode]
        t = t.filter(t.source_ccode.isin(codes), t.target_ccode.isin(codes))
        t = t.filter(t.source_ccode != t.target_ccode)
    ranked = t.order_by(
        [ibis.desc(t.num_mentions.fill_null(0)), ibis.desc(t.num_articles.fill_null(0)),
         t.date, t.event_id]
    ).limit(n)  # fmt: skip
    df = ranked.to_pandas()
    return _describe(df)


def _who(ccode: Any, actor: Any) -> str:
    """``USAGOV`` (GDELT actor code), ``Russia (RUS)`` (ICEWS name), or the state's code."""
    name = actor if isinstance(actor, str) else ""
    if ccode is None or pd.isna(ccode):
        return name
    label = _label(states.state(int(ccode)))
    if not name or name == label:
        return label
    return name if name.startswith(label) else f"{name} ({label})"


def _describe(df: pd.DataFrame) -> pd.DataFrame:
    cols = [
        "date", "source", "target", "cameo_code", "event", "quad", "goldstein", "num_mentions",
        "num_articles", "source_url", "source_dataset",
    ]  # fmt: skip
    if df.empty:
        return pd.DataFrame(columns=cols)
    cameo = cameo_table()
    df = df.copy()
    df["source"] = [_who(c, a) for c, a in zip(df.source_ccode, df.source_actor, strict=True)]
    df["target"] = [_who(c, a) for c, a in zip(df.target_ccode, df.target_actor, strict=True)]
    df["event"] = [cameo.name(c) for c in df.cameo_code]
    df["quad"] = [QUADS[int(q)] for q in df.quad_class]
    df["date"] = [pd.Timestamp(d).date().isoformat() for d in df.date]
    for col in ("num_mentions", "num_articles"):
        df[col] = df[col].astype("Int64")
    return df[cols].reset_index(drop=True)


def _balance(df: pd.DataFrame, c1: int, c2: int) -> list[dict[str, Any]]:
    lo, hi = min(c1, c2), max(c1, c2)
    part = df[(df.ccode1 == lo) & (df.ccode2 == hi)].sort_values(["year", "month"])
    out = []
    for r in part.itertuples():
        coop = int(r.verbal_coop + r.material_coop)
        conflict = int(r.verbal_conflict + r.material_conflict)
        out.append(
            {
                "month": f"{int(r.year):04d}-{int(r.month):02d}",
                "n_events": int(r.n_events),
                "cooperation": coop,
                "conflict": conflict,
                "balance": round((coop - conflict) / int(r.n_events), 4),
                "goldstein_mean": round(float(r.goldstein_mean), 4),
            }
        )
    return out


def _summary(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    n = sum(r["n_events"] for r in rows)
    if not n:
        return None
    coop = sum(r["cooperation"] for r in rows)
    conflict = sum(r["conflict"] for r in rows)
    g = sum(r["goldstein_mean"] * r["n_events"] for r in rows) / n
    return {
        "months": len(rows),
        "n_events": n,
        "share_coop": round(coop / n, 4),
        "balance": round((coop - conflict) / n, 4),
        "goldstein_mean": round(g, 4),
    }


def events_evidence(
    a_ccode: int,
    b_ccode: int,
    vs_ccode: int | None = None,
    *,
    months: int = 24,
    n_top: int = 5,
    backend: str | None = None,
    store: Store | None = None,
) -> dict[str, Any] | None:
    """Event evidence for the ``why`` report (JSON-serialisable), or None without event data.

    Non-directed monthly balance (``(coop − conflict) / n``, in −1…1, and the Goldstein mean)
    of A–B, and of A–C and B–C for the comparator C, over the last ``months`` months that
    have any of these events; a summary of each; and the ``n_top`` most reported single
    events A→B and B→A in that window.
    """
    try:
        if store is not None and not registered(store):
            return None
        codes = [c for c in (a_ccode, b_ccode, vs_ccode) if c is not None]
        ev = _events(codes, None, None, backend, store)
    except NotLoadedError:
        return None
    df = dyad_month(ev, directed=False).to_pandas()
    cov = coverage(store, backend)
    if df.empty:
        empty = {"a": a_ccode, "b": b_ccode, "monthly": [], "summary": None}
        return {"pair": empty, "comparator": None, "top_events": {}, "window": None,
                "citations": CITATIONS, "coverage": cov}  # fmt: skip
    key = df.year.astype("int64") * 12 + df.month.astype("int64") - 1
    last = int(key.max())
    df = df[key > last - months]
    first = int(key[key > last - months].min())
    window = {"from": _month_of(first), "to": _month_of(last)}
    pair = _balance(df, a_ccode, b_ccode)
    out: dict[str, Any] = {
        "pair": {"a": a_ccode, "b": b_ccode, "monthly": pair, "summary": _summary(pair)},
        "comparator": None,
        "window": window,
        "citations": CITATIONS,
        "coverage": cov,
    }
    if vs_ccode is not None:
        av, bv = _balance(df, a_ccode, vs_ccode), _balance(df, b_ccode, vs_ccode)
        out["comparator"] = {
            "vs": vs_ccode,
            "a_vs": {"monthly": av, "summary": _summary(av)},
            "b_vs": {"monthly": bv, "summary": _summary(bv)},
        }
    lo, _ = _month_bounds(window["from"], None)
    top: dict[str, list[dict[str, Any]]] = {}
    for key, (x, y) in {"a_to_b": (a_ccode, b_ccode), "b_to_a": (b_ccode, a_ccode)}.items():
        t = _events([x, y], lo, None, backend, store)
        t = t.filter(t.source_ccode == x, t.target_ccode == y)
        ranked = t.order_by(
            [ibis.desc(t.num_mentions.fill_null(0)), ibis.desc(t.num_articles.fill_null(0)),
             ibis.desc(t.date), t.event_id]
        ).limit(n_top)  # fmt: skip
        recs = _describe(ranked.to_pandas()).to_dict("records")
        top[key] = [{k: _plain(v) for k, v in r.items()} for r in recs]
    out["top_events"] = top
    return out


def _month_of(key: int) -> str:
    return f"{key // 12:04d}-{key % 12 + 1:02d}"


def _plain(v: Any) -> Any:
    if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA:
        return None
    if hasattr(v, "item"):
        return v.item()
    return v
