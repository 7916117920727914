r"""Cooperation and conflict between states from coded news events, as Ibis expressions.

Every function takes an Ibis table of events in the normalised schema
(:data:`multipolar.sources.events.EVENT_SCHEMA`) and returns an Ibis expression: nothing is
computed until the caller executes it, on whichever backend holds the table — the embedded
DuckDB store, a local or remote Spark session, or BigQuery, where GDELT is hosted
(:func:`normalise_gdelt` maps GDELT's own table to the schema). The expressions use only
portable operations (filters, ``CASE``, integer sums), so every backend returns the same
numbers; Goldstein sums are accumulated in integer tenths (all CAMEO Goldstein scores have
one decimal), so they are exact and do not depend on the order of summation.

For a dyad :math:`(i, j)` and period :math:`t`, with event weight :math:`w_e` (1, or the
event's ``num_mentions`` when ``weight="mentions"``) over the events :math:`E_{ijt}` from
:math:`i` to :math:`j` (or between them, if non-directed):

.. math::

    n_{ijt} = \sum_{e \in E_{ijt}} w_e, \qquad
    q^{(k)}_{ijt} = \sum_{e \in E_{ijt}} w_e [\mathrm{quad}_e = k], \quad k = 1..4

    G_{ijt} = \sum_{e \in E_{ijt}} w_e\, g_e, \qquad
    \bar G_{ijt} = G_{ijt} / n_{ijt}, \qquad
    \mathrm{share\_coop}_{ijt} = (q^{(1)}_{ijt} + q^{(2)}_{ijt}) / n_{ijt}

where :math:`g_e \in [-10, 10]` is the Goldstein (1992) score of the event's CAMEO code and
QuadClass :math:`k` is 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
4 material conflict (Leetaru & Schrodt 2013). :math:`\bar G` lies in :math:`[-10, 10]`,
``share_coop`` in :math:`[0, 1]`.

Missing data: events whose source or target has no COW code (non-state actors, regions,
territories) and events of a state with itself (domestic events) are left out; dyad-periods
without events have no row (absence of reports is not evidence of neutrality — join to a
dyad frame and fill with 0 only if that reading is intended). With ``weight="mentions"`` an
event without a mention count (ICEWS) weighs 1.

When to prefer which: counts by QuadClass answer "how much of each kind"; the Goldstein mean
is a one-number balance that lets a few violent events outweigh many statements (use
``share_coop`` when that is not wanted); weighting by mentions favours salient events but
also heavily reported crises. Machine-coded event counts grow with news volume: compare
dyads within the same source and period, or normalise by the states' total events.

References
----------
- Goldstein, J. S. (1992). A Conflict-Cooperation Scale for WEIS Events Data. *Journal of
  Conflict Resolution* 36(2): 369–385. doi:10.1177/0022002792036002007
- Leetaru, K. & Schrodt, P. A. (2013). GDELT: Global Data on Events, Location and Tone,
  1979–2012. ISA Annual Convention, San Francisco.
- Boschee, E. et al. (2015). ICEWS Coded Event Data. Harvard Dataverse.
  doi:10.7910/DVN/28075
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import ibis
import ibis.expr.types as ir

from multipolar.errors import InputError

QUADS: dict[int, str] = {
    1: "verbal_coop",
    2: "material_coop",
    3: "verbal_conflict",
    4: "material_conflict",
}

Weight = Literal["mentions"] | None
By = Literal["quad", "root"]


def _weight(events: ir.Table, weight: Weight) -> ir.IntegerValue:
    if weight is None:
        return ibis.literal(1, "int64")
    if weight == "mentions":
        return events.num_mentions.cast("int64").fill_null(1)
    raise InputError(f"weight must be None or 'mentions', not {weight!r}")


def dyadic(events: ir.Table, *, directed: bool = True, weight: Weight = None) -> ir.Table:
    """Events between two different states, with ``ccode1``, ``ccode2``, ``year``, ``month``, ``w``.

    Directed: ``ccode1`` is the source, ``ccode2`` the target. Non-directed:
    ``ccode1 < ccode2`` whichever acted. ``w`` is the event's weight (see module docs).
    """
    t = events.filter(
        events.source_ccode.notnull(),
        events.target_ccode.notnull(),
        events.source_ccode != events.target_ccode,
    )
    s, g = t.source_ccode.cast("int32"), t.target_ccode.cast("int32")
    c1, c2 = (s, g) if directed else (ibis.least(s, g), ibis.greatest(s, g))
    return t.mutate(
        ccode1=c1,
        ccode2=c2,
        year=t.date.year().cast("int32"),
        month=t.date.month().cast("int32"),
        w=_weight(t, weight),
    )


def _aggregate(t: ir.Table, keys: list[str], by: By) -> ir.Table:
    w = t.w
    tenths = (t.goldstein * 10).round().cast("int64")
    metrics: dict[str, ir.Value] = {"n_events": w.sum()}
    if by == "quad":
        for k, name in QUADS.items():
            metrics[name] = (t.quad_class == k).ifelse(w, 0).sum()
    elif by == "root":
        for r in range(1, 21):
            metrics[f"root{r:02d}"] = (t.root_code == r).ifelse(w, 0).sum()
    else:
        raise InputError(f"by must be 'quad' or 'root', not {by!r}")
    metrics["_coop"] = (t.quad_class <= 2).ifelse(w, 0).sum()
    metrics["_g10"] = (tenths * w).sum()
    out = t.group_by(keys).aggregate(**metrics)
    gsum = out._g10.cast("float64") / 10.0
    return out.mutate(
        goldstein_sum=gsum,
        goldstein_mean=gsum / out.n_events.cast("float64"),
        share_coop=out._coop.cast("float64") / out.n_events.cast("float64"),
    ).drop("_coop", "_g10")


def dyad_month(
    events: ir.Table, *, directed: bool = True, weight: Weight = None, by: By = "quad"
) -> ir.Table:
    """Dyad-month event counts, Goldstein sum and mean, and share of cooperative events.

    Output columns: ``ccode1, ccode2, year, month, n_events``, then the four QuadClass
    counts ``verbal_coop, material_coop, verbal_conflict, material_conflict``
    (``by="quad"``) or ``root01 … root20`` (``by="root"``), then ``goldstein_sum``,
    ``goldstein_mean`` and ``share_coop``. Counts are weighted sums when
    ``weight="mentions"``. See the module docstring for formulas, range, missing data and
    references (Goldstein 1992; Leetaru & Schrodt 2013; Boschee et al. 2015).

    >>> import datetime as dt, ibis
    >>> ev = ibis.memtable({
    ...     "date": [dt.date(2019, 10, 1), dt.date(2019, 10, 9), dt.date(2019, 10, 20)],
    ...     "source_ccode": [710, 710, 365], "target_ccode": [365, 365, 710],
    ...     "quad_class": [1, 4, 2], "root_code": [4, 19, 6],
    ...     "goldstein": [1.0, -10.0, 6.0], "num_mentions": [10, 2, None]})
    >>> row = dyad_month(ev).filter(lambda t: t.ccode1 == 710).to_pyarrow().to_pylist()[0]
    >>> row["n_events"], row["verbal_coop"], row["material_conflict"], row["goldstein_mean"]
    (2, 1, 1, -4.5)
    >>> nd = dyad_month(ev, directed=False, weight="mentions").to_pyarrow().to_pylist()[0]
    >>> nd["ccode1"], nd["ccode2"], nd["n_events"], nd["goldstein_sum"], nd["share_coop"]
    (365, 710, 13, -4.0, 0.8461538461538461)
    """
    t = dyadic(events, directed=directed, weight=weight)
    return _aggregate(t, ["ccode1", "ccode2", "year", "month"], by)


def dyad_year(
    events: ir.Table, *, directed: bool = True, weight: Weight = None, by: By = "quad"
) -> ir.Table:
    """As :func:`dyad_month`, per dyad-year (columns ``ccode1, ccode2, year, …``).

    >>> import datetime as dt, ibis
    >>> ev = ibis.memtable({
    ...     "date": [dt.date(2019, 1, 1), dt.date(2019, 12, 9)],
    ...     "source_ccode": [2, 2], "target_ccode": [20, 20], "quad_class": [1, 3],
    ...     "root_code": [5, 11], "goldstein": [3.5, -2.0], "num_mentions": [1, 1]})
    >>> r = dyad_year(ev).to_pyarrow().to_pylist()[0]
    >>> r["year"], r["n_events"], r["goldstein_sum"], r["share_coop"]
    (2019, 2, 1.5, 0.5)
    """
    t = dyadic(events, directed=directed, weight=weight)
    return _aggregate(t, ["ccode1", "ccode2", "year"], by)


def dyad_event_types(events: ir.Table, *, directed: bool = True, weight: Weight = None) -> ir.Table:
    """Events per dyad and CAMEO code: ``ccode1, ccode2, cameo_code, quad_class, n_events,
    goldstein``, for "what did A do to B". Rank with ``order_by(ibis.desc("n_events"))``.

    >>> import datetime as dt, ibis
    >>> ev = ibis.memtable({
    ...     "date": [dt.date(2019, 1, 1)] * 3, "source_ccode": [2, 2, 2],
    ...     "target_ccode": [20, 20, 20], "cameo_code": ["040", "040", "111"],
    ...     "quad_class": [1, 1, 3], "root_code": [4, 4, 11], "goldstein": [1.0, 1.0, -2.0],
    ...     "num_mentions": [1, 1, 1]})
    >>> t = dyad_event_types(ev).order_by(ibis.desc("n_events"))
    >>> t.to_pyarrow().to_pylist()[0]["cameo_code"]
    '040'
    """
    t = dyadic(events, directed=directed, weight=weight)
    return t.group_by(["ccode1", "ccode2", "cameo_code", "quad_class"]).aggregate(
        n_events=t.w.sum(), goldstein=t.goldstein.max()
    )


def normalise_gdelt(
    raw: ir.Table, *, ccodes: Mapping[str, int], dataset: str = "gdelt2"
) -> ir.Table:
    """GDELT's own event table (BigQuery ``gdelt-bq.gdeltv2.events``, or a raw export read
    with the codebook's column names) as the normalised event schema.

    ``ccodes`` maps CAMEO country codes to COW codes (e.g. ``{"CHN": 710, "RUS": 365}``);
    unlike the file import it is one mapping for all years. ``root_code`` is the first two
    digits of ``EventCode``; QuadClass and Goldstein are GDELT's. The result feeds
    :func:`dyad_month` on the backend that holds ``raw``, so the aggregation runs where the
    data are.

    >>> import ibis
    >>> raw = ibis.memtable({
    ...     "GLOBALEVENTID": [1], "SQLDATE": [20191024], "Actor1Code": ["CHN"],
    ...     "Actor1CountryCode": ["CHN"], "Actor2Code": ["RUSGOV"], "Actor2CountryCode": ["RUS"],
    ...     "EventCode": ["042"], "QuadClass": [1], "GoldsteinScale": [1.9],
    ...     "NumMentions": [4], "NumArticles": [4], "SOURCEURL": ["https://example.org"]})
    >>> ev = normalise_gdelt(raw, ccodes={"CHN": 710, "RUS": 365})
    >>> r = ev.to_pyarrow().to_pylist()[0]
    >>> r["date"].isoformat(), r["source_ccode"], r["target_ccode"], r["root_code"]
    ('2019-10-24', 710, 365, 4)
    """
    codes = ibis.memtable(
        {"code": list(ccodes), "ccode": [int(v) for v in ccodes.values()]},
    )
    src = codes.rename(a_code="code", a_ccode="ccode")
    tgt = codes.rename(b_code="code", b_ccode="ccode")
    t = raw.left_join(src, raw.Actor1CountryCode == src.a_code)
    t = t.left_join(tgt, t.Actor2CountryCode == tgt.b_code)
    datestr = t.SQLDATE.cast("string")
    code = t.EventCode.cast("string")
    return t.select(
        event_id=t.GLOBALEVENTID.cast("string"),
        date=datestr.as_date("%Y%m%d"),
        source_actor=t.Actor1Code,
        source_ccode=t.a_ccode.cast("int32"),
        target_actor=t.Actor2Code,
        target_ccode=t.b_ccode.cast("int32"),
        cameo_code=code,
        root_code=code.substr(0, 2).cast("int8"),
        quad_class=t.QuadClass.cast("int8"),
        goldstein=t.GoldsteinScale.cast("float64"),
        num_mentions=t.NumMentions.cast("int32"),
        num_articles=t.NumArticles.cast("int32"),
        source_url=t.SOURCEURL.cast("string"),
        source_dataset=ibis.literal(dataset),
        source_file=ibis.literal(""),
    )
