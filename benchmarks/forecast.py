"""Alignment forecasts: the full backtest, one pair, and statsmodels fitted per dyad.

Run: ``MULTIPOLAR_MIRROR=../shared/data python benchmarks/forecast.py`` to time

1. the full rolling-origin backtest (every candidate model, origins every 5 years from 1970,
   horizons 1-5, all dyads among the top-20 CINC states; goal < 60 s on 2 cores),
2. our vectorised local linear trend against statsmodels' ``UnobservedComponents`` fitted
   dyad by dyad in a loop (the baseline a user would write) on the dyads of one origin,
   asserting that our maximum likelihood is at least statsmodels' (within 0.05) for nine
   dyads in ten and printing the ratio,
3. one pair's forecast on a built store (goal < 1 s).

``--write-docs`` regenerates the generated blocks of docs/forecast.md (between
``<!-- generated:NAME -->`` and ``<!-- /generated:NAME -->``): the backtest tables for
agreement, kappa and distance and the historical tests of the landscape, from the store
as it is (so they follow the data when the UN vote panel grows).
"""

from __future__ import annotations

import argparse
import re
import resource
import time
import warnings
from pathlib import Path

import numpy as np

DOCS = Path(__file__).resolve().parents[1] / "docs" / "forecast.md"


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _statsmodels_loop(y: np.ndarray, horizon: int) -> tuple[np.ndarray, np.ndarray]:
    import statsmodels.api as sm

    means, params = [], []
    for row in y:
        mod = sm.tsa.UnobservedComponents(row, "local linear trend")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = mod.fit(disp=False)
        means.append(res.forecast(horizon))
        params.append(res.params)
    return np.array(means), np.array(params)


def benchmark() -> None:
    from multipolar.explain.forecast import (
        _long,
        _pairs,
        _panel,
        backtest_alignment,
        forecast_pair,
        top_cinc,
    )
    from multipolar.measures.forecast import LocalLinearTrend, llt_loglik
    from multipolar.store import connect

    with connect() as st:
        for measure in ("agreement", "kappa"):
            _long(st, measure, {})  # agreement table cached in the store beforehand
            t0 = time.perf_counter()
            bt = backtest_alignment(st, measure=measure, use_cache=False)
            t = time.perf_counter() - t0
            n = int(bt.overall["n"].iloc[0])
            print(
                f"full backtest, {measure}: {t:.2f} s, {len(bt.overall)} models x {n:,} "
                f"forecasts, {bt.n_dyads} dyads, best {bt.best}; rss {_rss_mb():.0f} MB"
            )
        # the local linear trend, ours vs statsmodels per dyad, on the dyads of 2010
        long = _long(st, "agreement", {})
        tops, _ = top_cinc(st, [2010])
        y, years = _panel(long, _pairs(tops[2010]))
        hist = y[:, : int(np.flatnonzero(years == 2010)[0]) + 1]
        keep = (~np.isnan(hist)).sum(axis=1) >= 10
        hist = hist[keep]
        t0 = time.perf_counter()
        ours = LocalLinearTrend(horizon=5).fit(hist)
        fc = ours.forecast(5)
        t_ours = time.perf_counter() - t0
        t0 = time.perf_counter()
        sm_mean, sm_params = _statsmodels_loop(hist, 5)
        t_sm = time.perf_counter() - t0
        # statsmodels starts exactly diffuse; compare both optima under one definition of
        # the likelihood (approximate diffuse start, first two innovations left out)
        ll_ours = np.array(
            [
                llt_loglik(r, s2, s2 * ql, s2 * qs)
                for r, s2, ql, qs in zip(
                    hist, ours.sigma2_, ours.q_level_, ours.q_slope_, strict=True
                )
            ]
        )
        ll_sm = np.array(
            [
                llt_loglik(r, max(q[0], 1e-12), q[1], q[2])
                for r, q in zip(hist, sm_params, strict=True)
            ]
        )
        ok = ll_ours >= ll_sm - 0.05
        diff = np.abs(fc.mean - sm_mean)
        print(
            f"local linear trend, {len(hist)} dyads (origin 2010): ours {t_ours:.2f} s, "
            f"statsmodels per dyad {t_sm:.1f} s, ratio {t_sm / t_ours:.0f}x; our likelihood >= "
            f"statsmodels' - 0.05 for {ok.mean():.0%}; forecasts differ by median "
            f"{np.median(diff):.4f} (max {diff.max():.3f})"
        )
        short = ll_sm - ll_ours
        print(
            f"  shortfall quantiles 50/90/99/max: {np.quantile(short, [0.5, 0.9, 0.99, 1]).round(3)}"
        )
        assert ok.mean() >= 0.9, "our grid MLE fell short of statsmodels on too many dyads"
        forecast_pair(st, "China", "Russia")  # warm the cached backtest
        t0 = time.perf_counter()
        forecast_pair(st, "China", "Russia", vs="USA")
        print(
            f"forecast China-Russia (built store, cached backtest): {time.perf_counter() - t0:.2f} s"
        )


def _span(years: list[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def write_docs() -> None:
    from multipolar.explain.forecast import backtest_alignment
    from multipolar.explain.landscape import landscape_vs_alliances, landscape_vs_blocs
    from multipolar.report.forecast import backtest_markdown
    from multipolar.store import connect

    blocks: dict[str, str] = {}
    with connect() as st:
        for measure in ("agreement", "kappa", "distance"):
            bt = backtest_alignment(st, measure=measure, use_cache=False, keep_results=True)
            res = bt.results
            assert res is not None
            from multipolar.measures.forecast import backtest_summary

            late = backtest_summary(res[res["origin"] >= 1995], by=("model",))
            text = [
                f"Origins {bt.origins[0]}–{bt.origins[-1]} every 5 years, horizons 1–{bt.horizon}, "
                f"{bt.n_dyads} dyads; best: `{bt.best}`. {bt.skill()['sentence']}",
                "",
                "All horizons together:",
                "",
                backtest_markdown(bt.overall),
                "",
                "Origins from 1995 only (after the end of the Cold War):",
                "",
                backtest_markdown(late),
                "",
                "By horizon:",
                "",
                backtest_markdown(bt.summary),
            ]
            if bt.notes:
                text += ["", *(f"Note: {n}." for n in bt.notes)]
            blocks[f"backtest-{measure}"] = "\n".join(text)
        cw = landscape_vs_alliances(st)
        acc = cw["correct"].sum() / cw["n_scored"].sum()
        maj = (cw["majority"] * cw["n_scored"]).sum() / cw["n_scored"].sum()
        miss = cw[cw["misplaced"] != ""][["year", "misplaced"]]
        blocks["landscape-coldwar"] = "\n".join(
            [
                f"{len(cw)} years ({int(cw['year'].min())}–{int(cw['year'].max())}), "
                f"{int(cw['n_actors'].min())}–{int(cw['n_actors'].max())} actors a year, "
                f"{int(cw['n_scored'].sum())} actor-years scored: **{100 * acc:.1f}%** placed "
                f"correctly (majority guess: {100 * maj:.1f}%); {int((cw['accuracy'] == 1).sum())} "
                "years without a single error.",
                "",
                "Years with misplaced actors: "
                + "; ".join(f"{int(r.year)} {r.misplaced}" for r in miss.itertuples())
                + ".",
            ]
        )
        bl = landscape_vs_blocs(st)
        acc = bl["correct"].sum() / bl["n_scored"].sum()
        maj = (bl["majority"] * bl["n_scored"]).sum() / bl["n_scored"].sum()
        skipped = bl.attrs.get("skipped", [])
        miss = bl[bl["misplaced"] != ""][["year", "misplaced"]]
        blocks["landscape-blocs"] = "\n".join(
            [
                f"{len(bl)} years ({int(bl['year'].min())}–{int(bl['year'].max())}), top-20 CINC "
                f"states, {int(bl['n_scored'].sum())} actor-years scored: **{100 * acc:.1f}%** "
                f"placed correctly (majority guess: {100 * maj:.1f}%)."
                + (f" Skipped (no UN votes in the store): {_span(skipped)}." if skipped else ""),
                "",
                "Misplaced: "
                + "; ".join(f"{int(r.year)} {r.misplaced}" for r in miss.itertuples())
                + ".",
            ]
        )
    text = DOCS.read_text(encoding="utf-8")
    for name, body in blocks.items():
        pattern = re.compile(
            rf"(<!-- generated:{name} -->\n).*?(\n<!-- /generated:{name} -->)", re.DOTALL
        )
        if not pattern.search(text):
            raise SystemExit(f"docs/forecast.md has no generated:{name} block")
        text = pattern.sub(lambda m, b=body: m.group(1) + b + m.group(2), text)
    DOCS.write_text(text, encoding="utf-8")
    print(f"wrote {len(blocks)} generated blocks into {DOCS}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write-docs", action="store_true", help="regenerate docs/forecast.md tables")
    args = ap.parse_args()
    if args.write_docs:
        write_docs()
    else:
        benchmark()
