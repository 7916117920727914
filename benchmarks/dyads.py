"""Dyad-year panels with eight covariates, against the pandas merges a user would write.

Run: ``MULTIPOLAR_MIRROR=../shared/data python benchmarks/dyads.py``.

Times, each as a whole process (``multipolar dyads ... -o panel.parquet`` in a subprocess:
Python start, store, the one DuckDB query, the parquet file and its dictionary):

* every non-directed COW dyad-year 1816-2022 (about 1.07 M rows) with votes, atop, nmc,
  trade, mids, contiguity, democracy, gdp; goal < 20 s, peak memory < 2 GB;
* the directed panel (about 2.14 M rows), same covariates; goal < 40 s;

then, in this process, times the non-directed panel built by our one query (COPY to parquet)
and built the pandas way (the tables read from the store into
DataFrames, spells expanded to years, one ``merge`` per covariate, peace years by grouped
shift/ffill) and asserts that every column equals ours. The UN vote similarity table is
computed once before timing (it is cached in the store, as on any second run). The machine
is shared: the load average is printed with the figures.
"""

from __future__ import annotations

import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from multipolar.explain.agreement import dyadic_agreement
from multipolar.explain.dyads import dyads
from multipolar.store import connect

ADD = "votes,atop,nmc,trade,mids,contiguity,democracy,gdp"
FIRST, LAST = 1816, 2022


def _whole_process(out: Path, *extra: str) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system, all threads) and peak RSS (MB) of one
    ``multipolar dyads`` process. On a shared machine the CPU time is the steadier figure."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu0 = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    t0 = time.perf_counter()
    cmd = [sys.executable, "-m", "multipolar", "dyads", "--from", str(FIRST), "--to", str(LAST)]
    subprocess.run([*cmd, "--add", ADD, *extra, "-o", str(out)], check=True)
    wall = time.perf_counter() - t0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime - cpu0
    return wall, cpu, max(usage.ru_maxrss, before) / 1024


def _years(df: pd.DataFrame, start: pd.Series, end: pd.Series) -> pd.DataFrame:
    """Spells expanded to one row a year (the pandas way: repeat, then add a counter)."""
    n = (end - start + 1).clip(lower=0).to_numpy()
    out = df.loc[df.index.repeat(n)].copy()
    out["year"] = np.repeat(start.to_numpy(), n) + out.groupby(level=0).cumcount().to_numpy()
    return out.reset_index(drop=True)


def _pandas_panel(units: pd.DataFrame, st) -> pd.DataFrame:
    """The panel built with pandas merges from the store's tables."""
    k = ["ccode1", "ccode2", "year"]
    d = units[[*k, "extended"]].copy()

    def within(col: pd.Series, lo: int, hi: int, zero: bool) -> pd.Series:
        col = col.fillna(0) if zero else col
        return col.where(d["year"].between(lo, hi))

    v = dyadic_agreement(st, source="votes")
    v = v.rename(columns={"n_votes": "un_votes", "agree": "un_agree", "s_sq": "un_s",
                          "kappa": "un_kappa", "pi": "un_pi"})  # fmt: skip
    d = d.merge(v[[*k, "un_votes", "un_agree", "un_s", "un_kappa", "un_pi"]], on=k, how="left")
    atop = st.frame("atop_ddy")
    cols = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]
    d = d.merge(atop[k + cols], on=k, how="left")
    for c in cols:
        d[c] = within(d[c], 1815, 2018, True)
    nmc = st.frame("cow_nmc")
    ncols = ["milex", "milper", "irst", "pec", "tpop", "upop", "cinc"]
    for side in "12":
        s = nmc[["ccode", "year", *ncols]].rename(
            columns={"ccode": f"ccode{side}", **{c: f"{c}{side}" for c in ncols}}
        )
        d = d.merge(s, on=[f"ccode{side}", "year"], how="left")
    trade = st.frame("cow_trade_ndy")
    tcols = ["flow1", "flow2", "smoothflow1", "smoothflow2"]
    d = d.merge(trade[k + tcols], on=k, how="left")
    for c in tcols:
        d[c] = within(d[c], 1870, 2014, False)
    mids = st.frame("gml_mid_ddydisps")
    m = mids.groupby(k).agg(gmlmidonset=("gmlmidonset", "max"),
                            gmlmidongoing=("gmlmidongoing", "max")).reset_index()  # fmt: skip
    m["gmlmidonsets"] = (
        mids[mids["gmlmidonset"] == 1].groupby(k)["dispnum"].nunique().reindex(
            pd.MultiIndex.from_frame(m[k])).fillna(0).to_numpy()
    )  # fmt: skip
    d = d.merge(m, on=k, how="left")
    for c in ["gmlmidonset", "gmlmidongoing", "gmlmidonsets"]:
        d[c] = within(d[c], 1816, 2010, True)
    cont = st.frame("cow_contdir")
    cy = _years(
        cont, pd.to_datetime(cont["stdate"]).dt.year, pd.to_datetime(cont["enddate"]).dt.year
    )
    cy = cy.groupby(k, as_index=False)["conttype"].min()
    d = d.merge(cy, on=k, how="left")
    d["conttype"] = within(d["conttype"], 1816, 2016, True)
    dem = st.frame("ccode_democracy")
    gdp = st.frame("cow_sdp_gdp")
    for frame, cols_, lo, hi in [
        (dem, ["v2x_polyarchy", "polity2", "xm_qudsest"], 1816, 2020),
        (gdp, ["wbgdp2011est", "wbpopest", "sdpest", "wbgdppc2011est"], 1800, 2016),
    ]:
        for side in "12":
            s = frame[["ccode", "year", *cols_]].rename(
                columns={"ccode": f"ccode{side}", **{c: f"{c}{side}" for c in cols_}}
            )
            d = d.merge(s, on=[f"ccode{side}", "year"], how="left")
            for c in cols_:
                d[f"{c}{side}"] = within(d[f"{c}{side}"], lo, hi, False)
    d["cinc_share1"] = d["cinc1"] / (d["cinc1"] + d["cinc2"]).replace(0, np.nan)
    lo_, hi_ = d[["cinc1", "cinc2"]].min(axis=1), d[["cinc1", "cinc2"]].max(axis=1)
    d["cinc_ratio"] = (hi_ / lo_.replace(0, np.nan)).where(d["cinc1"].notna() & d["cinc2"].notna())
    d = d.sort_values(k, ignore_index=True)
    dyad = [d["ccode1"], d["ccode2"]]
    onset_year = d["year"].where(d["gmlmidonset"] == 1)
    last = onset_year.groupby(dyad).shift(1).groupby(dyad).ffill()
    first = d.groupby(dyad)["year"].transform("min")
    d["gmlmid_peaceyears"] = (d["year"] - last.fillna(first - 1) - 1).where(
        d["gmlmidonset"].notna()
    )
    before = (d["gmlmidonset"] == 1).astype(int).groupby(dyad).cumsum() - (d["gmlmidonset"] == 1)
    d["gmlmid_spell"] = (1 + before).where(d["gmlmidonset"].notna())
    return d


def main() -> None:
    load = os.getloadavg()  # printed again at the end
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1/5/15 min), "
        f"Python {platform.python_version()}, pandas {pd.__version__}"
    )
    with connect() as st:
        dyadic_agreement(st, source="votes")  # computed once and cached (a second run's state)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "panel.parquet"
        wall, cpu, peak = _whole_process(out)
        ours = pd.read_parquet(out)
        print(f"ours, non-directed: {len(ours):,} rows x {ours.shape[1]} columns, whole process "
              f"{wall:.1f} s wall, {cpu:.1f} s CPU, peak RSS {peak:.0f} MB (goals < 20 s, < 2 GB)")  # fmt: skip
        dout = Path(tmp) / "directed.parquet"
        dwall, dcpu, dpeak = _whole_process(dout, "--directed")
        n_dir = len(pd.read_parquet(dout, columns=["year"]))
        print(f"ours, directed: {n_dir:,} rows, whole process {dwall:.1f} s wall, {dcpu:.1f} s CPU, peak RSS "
              f"{dpeak:.0f} MB (goal < 40 s)")  # fmt: skip
    units = ours[["ccode1", "ccode2", "year", "extended"]]
    with connect() as st, tempfile.TemporaryDirectory() as tmp:
        panel = dyads(st, FIRST, LAST).add(ADD)
        t0, c0 = time.perf_counter(), time.process_time()
        panel.copy_to(Path(tmp) / "ours.parquet", fmt="parquet")
        t_ours, c_ours = time.perf_counter() - t0, time.process_time() - c0
        print(f"ours in this process (one query, COPY to parquet): {t_ours:.1f} s wall, "
              f"{c_ours:.1f} s CPU")  # fmt: skip
        t0, c0 = time.perf_counter(), time.process_time()
        base = _pandas_panel(units, st)
        base.to_parquet(Path(tmp) / "pandas.parquet", index=False)
        t_base, c_base = time.perf_counter() - t0, time.process_time() - c0
    print(f"pandas in this process (units given; tables read, merged, written to parquet): "
          f"{t_base:.1f} s wall, {c_base:.1f} s CPU; max RSS of this process "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")  # fmt: skip
    ours = ours.sort_values(["ccode1", "ccode2", "year"], ignore_index=True)
    assert len(base) == len(ours)
    for col in ours.columns:
        a = pd.to_numeric(ours[col], errors="coerce").astype("float64")
        b = pd.to_numeric(base[col], errors="coerce").astype("float64")
        np.testing.assert_allclose(a.to_numpy(), b.to_numpy(), rtol=1e-12, equal_nan=True,
                                   err_msg=col)  # fmt: skip
    print(f"identical: {len(ours):,} rows, all {ours.shape[1]} columns equal (missing where "
          f"missing); in-process ratio pandas / ours {t_base / t_ours:.2f} wall, "
          f"{c_base / c_ours:.2f} CPU")  # fmt: skip
    end = os.getloadavg()
    print(f"load average at the end {end[0]:.1f} / {end[1]:.1f} / {end[2]:.1f}")


if __name__ == "__main__":
    main()
