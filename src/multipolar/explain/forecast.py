"""Where is an alignment going? Forecasts of a pair's yearly alignment, backtested.

:func:`forecast_pair` forecasts a pair's yearly UN agreement, Cohen's kappa or ideal-point
distance ``horizon`` years ahead with 80 % and 95 % prediction intervals and the
probability that the last forecast year is higher than now. The model is the one that
forecast best in :func:`backtest_alignment` -- a rolling-origin evaluation over all dyads
among the 20 states with the largest CINC in each origin year (origins every 5 years from
1970, horizons 1-5) -- unless one is named. Models and scores are those of
:mod:`multipolar.measures.forecast`; backtest summaries are cached in the store (keyed by
the options and the data versions), so a forecast on a built store takes well under a
second.

Data: agreement and kappa come from :func:`multipolar.explain.agreement.dyadic_agreement`
(extra keyword options pass through to it, e.g. ``issue="hr"``), distances from
:func:`multipolar.explain.idealpoints.ideal_points_for` (:math:`|\\theta_a - \\theta_b|`).
Capabilities (NMC) end in 2022; for later years the 2022 ranking is carried forward.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from multipolar import states as _states
from multipolar.errors import InputError
from multipolar.explain.agreement import dyadic_agreement
from multipolar.explain.numbers import num
from multipolar.explain.provenance import sources_for
from multipolar.jsonutil import jsonable
from multipolar.measures.forecast import (
    MODELS,
    backtest,
    backtest_summary,
    make_model,
)
from multipolar.store import Store

__all__ = [
    "FORECAST_VERSION",
    "MEASURES",
    "BacktestResult",
    "PairForecast",
    "backtest_alignment",
    "forecast_pair",
    "top_cinc",
    "where_it_is_going",
]

#: Bumped whenever a code change moves forecasts or backtest figures (invalidates caches).
FORECAST_VERSION = "forecast-1"
Measure = Literal["agreement", "kappa", "distance"]
#: measure -> (column, bounds, label)
MEASURES: dict[str, tuple[str, tuple[float, float], str]] = {
    "agreement": ("agree", (0.0, 1.0), "UN agreement"),
    "kappa": ("kappa", (-1.0, 1.0), "UN vote kappa"),
    "distance": ("distance", (0.0, float("inf")), "ideal-point distance"),
}
MIN_YEARS = 10
MAX_HORIZON = 10
#: the longest horizon even with ``force``: the forecast's paths grow with it (a million
#: years ran for minutes, 10⁹ ran out of memory), and a century is past any use
FORCED_MAX_HORIZON = 100
TOP = 20
FIRST_ORIGIN = 1970
ORIGIN_STEP = 5
BACKTEST_HORIZON = 5
CANDIDATES = tuple(MODELS)


def _name(code: int) -> str:
    """The state's present name in prose ("United States", not COW's "United States of America")."""
    return _states.name_in(int(code))


def _iso(code: int) -> str:
    st = _states.state(int(code))
    return st.iso3 or st.abbrev


# --- data --------------------------------------------------------------------------------
def top_cinc(
    store: Store, years: Sequence[int], *, top: int = TOP
) -> tuple[dict[int, list[int]], list[str]]:
    """The ``top`` states by CINC in each year (NMC ends 2022: later years use 2022's list)."""
    nmc = store.table("cow_nmc").select("ccode", "year", "cinc").to_pandas().dropna()
    last = int(nmc["year"].max())
    out: dict[int, list[int]] = {}
    for y in years:
        use = min(int(y), last)
        g = nmc[nmc["year"] == use].sort_values(["cinc", "ccode"], ascending=[False, True])
        out[int(y)] = [int(c) for c in g["ccode"].head(top)]
    notes = []
    if any(int(y) > last for y in years):
        notes.append(
            f"capabilities (NMC) end in {last}; the top {top} of later years are those of {last}"
        )
    return out, notes


def _long(store: Store, measure: str, options: dict[str, Any]) -> pd.DataFrame:
    """``ccode1, ccode2, year, value`` for every dyad-year of the measure."""
    if measure not in MEASURES:
        raise InputError(f"unknown measure {measure!r}; use agreement, kappa or distance")
    if measure == "distance":
        if options:
            raise InputError(
                f"options {sorted(options)} apply to agreement and kappa, not to distance"
            )
        from multipolar.explain.idealpoints import ideal_points_for

        ip = ideal_points_for(store)[["ccode", "year", "ideal"]]
        m = ip.merge(ip, on="year", suffixes=("1", "2"))
        m = m[m["ccode1"] < m["ccode2"]]
        return pd.DataFrame(
            {
                "ccode1": m["ccode1"].to_numpy(),
                "ccode2": m["ccode2"].to_numpy(),
                "year": m["year"].to_numpy(),
                "value": (m["ideal1"] - m["ideal2"]).abs().to_numpy(),
            }
        )
    col = MEASURES[measure][0]
    df = dyadic_agreement(store, **options)
    return df[["ccode1", "ccode2", "year"]].assign(value=df[col].to_numpy())


def _panel(long: pd.DataFrame, dyads: Sequence[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """Wide array (dyads x consecutive years) of the long table for the listed dyads."""
    years = np.arange(int(long["year"].min()), int(long["year"].max()) + 1)
    key = pd.MultiIndex.from_tuples(list(dyads), names=["ccode1", "ccode2"])
    sub = long.set_index(["ccode1", "ccode2"])
    sub = sub[sub.index.isin(key)].reset_index()
    wide = sub.pivot_table(
        index=["ccode1", "ccode2"], columns="year", values="value", aggfunc="first"
    )
    wide = wide.reindex(index=key, columns=years)
    return wide.to_numpy(dtype=float), years


def _pairs(codes: Sequence[int]) -> list[tuple[int, int]]:
    cs = sorted(set(int(c) for c in codes))
    return [(a, b) for k, a in enumerate(cs) for b in cs[k + 1 :]]


# --- backtest ----------------------------------------------------------------------------
@dataclass
class BacktestResult:
    """Rolling-origin backtest of every candidate model on one measure."""

    measure: str
    options: dict[str, Any]
    origins: list[int]
    horizon: int
    top: int
    summary: pd.DataFrame  # model, h, n, mase, ..., vs_no_change, vs_dyad_mean
    overall: pd.DataFrame  # one row per model, all horizons together
    best: str
    seconds: float
    n_dyads: int
    notes: list[str] = field(default_factory=list)
    results: pd.DataFrame | None = field(default=None, repr=False)

    def skill(self, model: str | None = None) -> dict[str, Any]:
        """The chosen (or named) model's figures over all horizons, and a sentence on them."""
        m = model or self.best
        row = self.overall.set_index("model").loc[m]
        beats = float(row["vs_no_change"]) < 1
        pct = abs(1 - float(row["vs_no_change"])) * 100
        first, last = self.origins[0], self.origins[-1]
        sentence = (
            f"In a rolling-origin backtest over {self.n_dyads} dyads among the {self.top} states "
            f"with the largest CINC (origins {first}–{last} every {ORIGIN_STEP} years, horizons "
            f"1–{self.horizon}), the {m.replace('_', ' ')} model's errors were {pct:.0f}% "
            f"{'smaller' if beats else 'larger'} than no change's (MASE {row['mase']:.2f} vs "
            f"{row['mase'] / row['vs_no_change']:.2f}; {row['vs_dyad_mean']:.2f} of the dyad "
            f"mean's); its 80% intervals covered {100 * row['coverage80']:.0f}% and its 95% "
            f"intervals {100 * row['coverage95']:.0f}% of outcomes."
        )
        return {
            "model": m,
            "mase": float(row["mase"]),
            "vs_no_change": float(row["vs_no_change"]),
            "vs_dyad_mean": float(row["vs_dyad_mean"]),
            "coverage80": float(row["coverage80"]),
            "coverage95": float(row["coverage95"]),
            "brier": float(row["brier"]),
            "n": int(row["n"]),
            "beats_no_change": beats,
            "origins": [first, last],
            "horizon": self.horizon,
            "sentence": sentence,
        }

    def to_dict(self) -> dict[str, Any]:
        return jsonable(
            {
                "measure": self.measure,
                "options": self.options,
                "origins": self.origins,
                "horizon": self.horizon,
                "top": self.top,
                "best": self.best,
                "seconds": self.seconds,
                "n_dyads": self.n_dyads,
                "notes": self.notes,
                "summary": self.summary.to_dict("records"),
                "overall": self.overall.to_dict("records"),
                "skill": self.skill(),
            }
        )


def backtest_alignment(
    store: Store,
    *,
    measure: Measure = "kappa",
    origins: Sequence[int] | None = None,
    horizon: int = BACKTEST_HORIZON,
    top: int = TOP,
    models: Sequence[str] = CANDIDATES,
    keep_results: bool = False,
    use_cache: bool = True,
    **options: Any,
) -> BacktestResult:
    """Rolling-origin backtest over all dyads among the ``top`` CINC states of each origin.

    At each origin (default: every 5 years from 1970 to the year before the last data) the
    panel is the dyads among the top states of that year with at least 10 observed years up
    to it; each model is fitted on those dyads' data up to the origin and forecasts the next
    ``horizon`` years. ``best`` is the model with the lowest MASE over all horizons.
    Summaries are cached in the store unless ``use_cache`` is False or ``keep_results``
    asks for the row-level forecasts too.
    """
    t0 = time.perf_counter()
    cache_opts = {
        "version": FORECAST_VERSION,
        "measure": measure,
        "origins": list(origins) if origins is not None else None,
        "horizon": horizon,
        "top": top,
        "models": list(models),
        "options": options,
    }
    if use_cache and not keep_results:
        cached = store.load_result("forecast-backtest", cache_opts)
        if cached is not None and len(cached):
            meta = json.loads(str(cached["meta"].iloc[0]))
            summary = cached.drop(columns="meta")
            return _result(measure, options, meta, summary, None)
    long = _long(store, measure, dict(options))
    first_year, last_year = int(long["year"].min()), int(long["year"].max())
    if origins is None:
        origins = list(range(FIRST_ORIGIN, last_year, ORIGIN_STEP))
    origins = [int(o) for o in origins]
    bad = [o for o in origins if not first_year < o < last_year]
    if bad:
        raise InputError(f"origins {bad} leave no years to forecast in {first_year}–{last_year}")
    tops, notes = top_cinc(store, origins, top=top)
    panels_by_origin = {o: _pairs(tops[o]) for o in origins}
    all_dyads = sorted(set().union(*map(set, panels_by_origin.values())))
    y, years = _panel(long, all_dyads)
    index = {d: k for k, d in enumerate(all_dyads)}
    rows = {o: [index[d] for d in panels_by_origin[o]] for o in origins}
    bounds = MEASURES[measure][1]
    res = backtest(
        y,
        years.tolist(),
        origins=origins,
        panels=rows,
        horizon=horizon,
        models=list(models),
        min_years=MIN_YEARS,
        bounds=bounds,
    )
    if measure == "distance":
        notes.append(
            "ideal points are smoothed over all years, so distances up to an origin already "
            "carry some information from later votes (a mild look-ahead)"
        )
    summary = backtest_summary(res)
    meta = {
        "origins": origins,
        "horizon": horizon,
        "top": top,
        "seconds": round(time.perf_counter() - t0, 3),
        "n_dyads": int(res["series"].nunique()),
        "notes": notes,
        "overall": backtest_summary(res, by=("model",)).to_dict("records"),
    }
    if use_cache:
        store.save_result(
            "forecast-backtest", cache_opts, summary.assign(meta=json.dumps(jsonable(meta)))
        )
    out = _result(measure, options, meta, summary, res if keep_results else None)
    return out


def _result(
    measure: str,
    options: dict[str, Any],
    meta: dict[str, Any],
    summary: pd.DataFrame,
    results: pd.DataFrame | None,
) -> BacktestResult:
    overall = pd.DataFrame(meta["overall"])
    best = str(overall.sort_values(["mase", "model"]).iloc[0]["model"])
    return BacktestResult(
        measure=measure,
        options=dict(options),
        origins=list(meta["origins"]),
        horizon=int(meta["horizon"]),
        top=int(meta["top"]),
        summary=summary.reset_index(drop=True),
        overall=overall,
        best=best,
        seconds=float(meta["seconds"]),
        n_dyads=int(meta["n_dyads"]),
        notes=list(meta["notes"]),
        results=results,
    )


# --- one pair ----------------------------------------------------------------------------
@dataclass
class PairForecast:
    """A pair's alignment series, its forecast with intervals, and the model's backtest."""

    states: dict[str, dict[str, Any] | None]
    measure: str
    label: str
    model: str
    horizon: int
    history: list[dict[str, Any]]
    forecast: list[dict[str, Any]]
    now: dict[str, Any]
    p_rise: float
    statement: str
    skill: dict[str, Any]
    comparators: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return jsonable(asdict(self))

    def table(self) -> pd.DataFrame:
        """History and forecast in one table: ``year, value, mean, lo80, hi80, lo95, hi95``."""
        h = pd.DataFrame(self.history)
        f = pd.DataFrame(self.forecast)
        return pd.concat([h, f], ignore_index=True)


def forecast_pair(
    store: Store,
    a: str | int,
    b: str | int,
    *,
    measure: Measure = "agreement",
    horizon: int = 5,
    vs: str | int | None = None,
    model: str = "auto",
    force: bool = False,
    **options: Any,
) -> PairForecast:
    """Forecast the alignment of ``a`` and ``b`` ``horizon`` years past their last data.

    ``model="auto"`` uses the best model of :func:`backtest_alignment` for the measure and
    options; name one of :data:`multipolar.measures.forecast.MODELS` to override. Refuses
    pairs with fewer than 10 observed years and horizons beyond 10 years (``force`` allows
    the latter, up to :data:`FORCED_MAX_HORIZON`, 100 years). ``vs`` adds the forecasts of ``a``–``vs`` and ``b``–``vs``.
    """
    if measure not in MEASURES:
        raise InputError(f"unknown measure {measure!r}; use agreement, kappa or distance")
    if horizon < 1:
        raise InputError(f"--horizon must be at least 1 year, got {horizon}")
    if horizon > FORCED_MAX_HORIZON:
        raise InputError(
            f"--horizon must be at most {FORCED_MAX_HORIZON} years, even with --force "
            f"(got {horizon:,}); beyond {MAX_HORIZON} the backtest says nothing about accuracy"
        )
    if horizon > MAX_HORIZON and not force:
        raise InputError(
            f"a {horizon}-year horizon is beyond {MAX_HORIZON} years, where the backtest says "
            "nothing about accuracy; pass --force (force=True) to forecast anyway"
        )
    if model != "auto" and model not in MODELS:
        raise InputError(f"unknown model {model!r}; choose auto or one of {', '.join(MODELS)}")
    sa, sb = _states.resolve(a), _states.resolve(b)
    if sa.ccode == sb.ccode:
        raise InputError(f"{a!r} and {b!r} are the same state ({sa.name}); name two states")
    sc = _states.resolve(vs) if vs is not None else None
    if sc is not None and sc.ccode in (sa.ccode, sb.ccode):
        raise InputError(f"the comparator {vs!r} is one of the pair; choose a third state")
    bt = backtest_alignment(store, measure=measure, **options)
    chosen = bt.best if model == "auto" else model
    long = _long(store, measure, dict(options))
    last_year = int(long["year"].max())
    tops, notes = top_cinc(store, [last_year])
    pairs = [(min(sa.ccode, sb.ccode), max(sa.ccode, sb.ccode))]
    if sc is not None:
        pairs += [(min(x, sc.ccode), max(x, sc.ccode)) for x in (sa.ccode, sb.ccode)]
    panel = _pairs(tops[last_year])
    dyads = pairs + [d for d in panel if d not in pairs]
    y, years = _panel(long, dyads)
    label = MEASURES[measure][2]
    series = y[0]
    observed = ~np.isnan(series)
    if observed.sum() < MIN_YEARS:
        raise InputError(
            f"{_name(sa.ccode)} and {_name(sb.ccode)} have {int(observed.sum())} years of {label}; a forecast "
            f"needs at least {MIN_YEARS}"
        )
    fc_rows = _fit_forecast(chosen, y, years, horizon, measure, force)
    main = fc_rows[0]
    assert main is not None  # the pair has enough years (checked above)
    origin = main["origin"]
    if origin < last_year:
        notes.append(f"the pair's last {label} value is from {origin}; the forecast starts there")
    hist = [
        {"year": int(yr), "value": float(v)}
        for yr, v in zip(years, series, strict=True)
        if np.isfinite(v)
    ]
    now = {"year": origin, "value": main["y0"]}
    final = main["forecast"][-1]
    word = "higher" if measure != "distance" else "larger"
    statement = (
        f"Probability that {_name(sa.ccode)}–{_name(sb.ccode)} {label} in {final['year']} is {word} "
        f"than in {origin} ({num(main['y0'])}): {100 * main['p_rise'][-1]:.0f}%; forecast "
        f"{num(final['mean'])}, 80% interval {num(final['lo80'])} to {num(final['hi80'])}, 95% "
        f"interval {num(final['lo95'])} to {num(final['hi95'])} ({chosen.replace('_', ' ')} model)."
    )
    comps = []
    if sc is not None:
        for k, other in ((1, sa), (2, sb)):
            r = fc_rows[k]
            if r is None:
                notes.append(
                    f"{_name(other.ccode)} and {_name(sc.ccode)} have too few years for a forecast"
                )
                continue
            sub = y[k]
            comps.append(
                {
                    "pair": [other.ccode, sc.ccode],
                    "label": f"{_name(other.ccode)}–{_name(sc.ccode)}",
                    "history": [
                        {"year": int(yr), "value": float(v)}
                        for yr, v in zip(years, sub, strict=True)
                        if np.isfinite(v)
                    ],
                    "forecast": r["forecast"],
                    "p_rise": r["p_rise"][-1],
                }
            )
    skill = bt.skill(chosen)
    if horizon > bt.horizon:
        notes.append(
            f"the backtest covers horizons 1–{bt.horizon}; years beyond have no measured accuracy"
        )
    notes += bt.notes
    tables = ["unga_votes", "unga_rollcalls", "cow_nmc"]
    return PairForecast(
        states={
            "a": {"ccode": sa.ccode, "iso3": sa.iso3, "name": _name(sa.ccode)},
            "b": {"ccode": sb.ccode, "iso3": sb.iso3, "name": _name(sb.ccode)},
            "vs": None
            if sc is None
            else {"ccode": sc.ccode, "iso3": sc.iso3, "name": _name(sc.ccode)},
        },
        measure=measure,
        label=label,
        model=chosen,
        horizon=horizon,
        history=hist,
        forecast=main["forecast"],
        now=now,
        p_rise=main["p_rise"][-1],
        statement=statement,
        skill=skill,
        comparators=comps,
        notes=list(dict.fromkeys(notes)),
        sources=sources_for(tables, store),
    )


def _fit_forecast(
    model: str, y: np.ndarray, years: np.ndarray, horizon: int, measure: str, force: bool
) -> list[dict[str, Any] | None]:
    """Forecast rows 0..2 of the panel ``y`` (row 0 the pair) from each row's last data."""
    bounds = MEASURES[measure][1]
    out: list[dict[str, Any] | None] = []
    for k in range(min(3, y.shape[0])):
        row = y[k]
        obs = np.flatnonzero(~np.isnan(row))
        if len(obs) < MIN_YEARS:
            out.append(None)
            continue
        end = int(obs[-1])
        hist = y[:, : end + 1]
        if model == "local_linear_trend":
            fitted = make_model(model, horizon=horizon, bounds=bounds).fit(hist[k : k + 1])
            fc = fitted.forecast(horizon)
            i = 0
        else:
            fitted = make_model(model, horizon=horizon, bounds=bounds).fit(hist)
            fc = fitted.forecast(horizon)
            i = k
        origin = int(years[end])
        rows = []
        for h in range(horizon):
            rows.append(
                {
                    "year": origin + h + 1,
                    "mean": float(fc.mean[i, h]),
                    "lo80": float(fc.lo80[i, h]),
                    "hi80": float(fc.hi80[i, h]),
                    "lo95": float(fc.lo95[i, h]),
                    "hi95": float(fc.hi95[i, h]),
                    "p_rise": float(fc.p_rise[i, h]),
                }
            )
        out.append(
            {
                "origin": origin,
                "y0": float(row[end]),
                "forecast": rows,
                "p_rise": [r["p_rise"] for r in rows],
            }
        )
    while len(out) < 3:
        out.append(None)
    return out


def where_it_is_going(
    store: Store,
    a: str | int,
    b: str | int,
    *,
    vs: str | int | None = None,
    measure: Measure = "kappa",
    horizon: int = 5,
    gaps: list[str] | None = None,
    **options: Any,
) -> dict[str, Any] | None:
    """The ``why`` report's "Where it is going" section as a JSON-ready dict, or None.

    Keys: ``states, measure, label, model, horizon, history, forecast (year, mean, lo80,
    hi80, lo95, hi95, p_rise), now, p_rise, statement, skill (with its ``sentence``),
    comparators, notes, sources``. When the pair has fewer than 10 years of data (or the
    horizon is refused) the reason is appended to ``gaps`` and None is returned.
    """
    try:
        return forecast_pair(
            store, a, b, measure=measure, horizon=horizon, vs=vs, **options
        ).to_dict()
    except InputError as exc:
        if gaps is not None:
            gaps.append(f"No forecast: {exc}.")
        return None
