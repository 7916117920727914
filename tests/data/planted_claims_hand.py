"""The hand computations behind tests/data/planted_claims.csv, on the raw files only.

Run once by hand (``python tests/data/planted_claims_hand.py``); it reads the raw files of the
mirror (``MULTIPOLAR_MIRROR``) with pandas/pyreadr and prints the numbers the table quotes.
It never imports multipolar: the expected verdicts must not come from the code they judge.
"""

from __future__ import annotations

import os
import re
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadr

RAW = Path(os.environ.get("MULTIPOLAR_MIRROR", ""))  # checked in main(); importing needs none
ISO2 = {"CHN": "CN", "RUS": "RU", "USA": "US", "GBR": "GB", "DEU": "DE", "FRA": "FR",
        "IND": "IN", "PAK": "PK", "ISR": "IL", "UKR": "UA", "BRA": "BR", "TUR": "TR",
        "CUB": "CU"}  # fmt: skip
PAIRS = [("CHN", "RUS"), ("USA", "GBR"), ("DEU", "FRA"), ("IND", "PAK"), ("USA", "ISR"),
         ("RUS", "UKR"), ("BRA", "CHN"), ("TUR", "RUS"), ("USA", "CUB"), ("CHN", "USA"), ("CUB", "RUS")]  # fmt: skip


def votes_percentiles(y0: int, y1: int) -> None:
    """Identical-vote share and Cohen's kappa (yes/abstain/no) of every dyad per year over
    all recorded roll calls of un_votes.rda; the pair's percentile = share of the year's dyads
    at or below it; printed as the mean over y0..y1."""
    v = pyreadr.read_r(RAW / "unvotes/un_votes.rda")["un_votes"]
    rc = pyreadr.read_r(RAW / "unvotes/un_roll_calls.rda")["un_roll_calls"]
    rc["year"] = pd.to_datetime(rc["date"]).dt.year
    v = v.merge(rc[["rcid", "year"]], on="rcid")
    rows = {p: [] for p in PAIRS}
    for year in range(y0, y1 + 1):
        d = v[v["year"] == year].pivot_table(
            index="country_code", columns="rcid", values="vote", aggfunc="first", observed=True
        )
        codes = list(d.index)
        P = d.notna().to_numpy(float)
        Y = [(d == c).to_numpy(float) for c in ("yes", "abstain", "no")]
        n = P @ P.T
        agree = sum(y @ y.T for y in Y)
        pe = sum((y @ P.T) * (P @ y.T) for y in Y) / np.where(n > 0, n, np.nan) ** 2
        po = agree / np.where(n > 0, n, np.nan)
        kappa = (po - pe) / (1 - pe)
        iu = np.triu_indices(len(codes), 1)
        all_po, all_k = po[iu], kappa[iu]
        all_po, all_k = all_po[~np.isnan(all_po)], all_k[~np.isnan(all_k)]
        for p in PAIRS:
            i, j = codes.index(ISO2[p[0]]), codes.index(ISO2[p[1]])
            rows[p].append(
                (year, po[i, j], 100 * (all_po <= po[i, j]).mean(), kappa[i, j],
                 100 * (all_k <= kappa[i, j]).mean(), np.median(all_po))
            )  # fmt: skip
    for p, r in rows.items():
        df = pd.DataFrame(r, columns=["year", "agree", "pct_agree", "kappa", "pct_kappa", "med"])
        print(p, df.round(3).to_string(index=False), sep="\n")
        print(
            "  mean pct_kappa",
            round(df.pct_kappa.mean(), 1),
            "mean agree",
            round(df.agree.mean(), 3),
        )


def votes_documented(y0: int, y1: int) -> None:
    """The pair's kappa percentile as the project's docs define kappa (docs of
    measures.agreement, implemented here independently): year = session + 1945; roll calls
    where every state present cast the same vote dropped; Cohen's kappa with quadratic
    disagreement weights on the scale yes 1, abstain 2, no 3 (w = 1 - (k - l)^2 / 4)."""
    v = pyreadr.read_r(RAW / "unvotes/un_votes.rda")["un_votes"]
    rc = pyreadr.read_r(RAW / "unvotes/un_roll_calls.rda")["un_roll_calls"]
    rc["year"] = rc["session"].astype(int) + 1945
    v = v.merge(rc[["rcid", "year"]], on="rcid")
    v = v[v.groupby("rcid")["vote"].transform("nunique") > 1]  # contested roll calls only
    cats = ("yes", "abstain", "no")
    rows = {p: [] for p in PAIRS}
    for year in range(y0, y1 + 1):
        d = v[v["year"] == year].pivot_table(
            index="country_code", columns="rcid", values="vote", aggfunc="first", observed=True
        )
        codes = list(d.index)
        Y = [(d == c).to_numpy(float) for c in cats]
        C = {(k, m): Y[k] @ Y[m].T for k in range(3) for m in range(3)}
        n = sum(C.values())
        nn = np.where(n > 0, n, np.nan)
        row = [sum(C[(k, m)] for m in range(3)) / nn for k in range(3)]
        col = [sum(C[(k, m)] for k in range(3)) / nn for m in range(3)]
        w = {(k, m): 1 - (k - m) ** 2 / 4 for k in range(3) for m in range(3)}
        po = sum(w[km] * C[km] for km in C) / nn
        pe = sum(w[(k, m)] * row[k] * col[m] for k in range(3) for m in range(3))
        with np.errstate(invalid="ignore", divide="ignore"):
            kappa = (po - pe) / (1 - pe)
        iu = np.triu_indices(len(codes), 1)
        all_k = kappa[iu]
        all_k = all_k[~np.isnan(all_k)]
        for p in PAIRS:
            i, j = codes.index(ISO2[p[0]]), codes.index(ISO2[p[1]])
            rows[p].append((year, kappa[i, j], 100 * (all_k <= kappa[i, j]).mean()))
    for p, r in rows.items():
        df = pd.DataFrame(r, columns=["year", "kappa_w", "pct_kappa_w"])
        print(p, df.round(3).to_string(index=False), sep="\n")
        print("  mean pct_kappa_w", round(df.pct_kappa_w.mean(), 1))


def _dots_files() -> dict[str, Path]:
    out = {}
    for f in sorted((RAW / "imf_dots").glob("DOTS_*.xlsx")):
        name = pd.read_excel(f, sheet_name="Exports, FOB", header=None, nrows=5).iloc[3, 1]
        out[str(name)] = f
    return out


def dots_trade(a: str, b: str, files: dict[str, Path]) -> pd.Series:
    """A's exports to B + B's exports to A (both FOB, US$ m), per year, from the two workbooks."""

    def exports(rep: str, partner: str) -> pd.Series:
        x = pd.read_excel(files[rep], sheet_name="Exports, FOB", header=None)
        years = x.iloc[6, 2:].astype(str).str[:4]
        row = x[x.iloc[:, 1].astype(str).str.strip() == partner].iloc[0, 2:]
        s = pd.to_numeric(row.astype(str).str.replace(" e", ""), errors="coerce")
        s.index = years.astype(int)
        return s

    return exports(a, b) + exports(b, a)


def dots_partner_ranks(reporter: str, year: int, files: dict[str, Path]) -> pd.Series:
    """Every partner's total trade with ``reporter`` in ``year`` (the reporter's exports to it
    plus its exports to the reporter, both from the workbooks; partners without a workbook or
    with one side missing are left out), largest first."""

    def row(x: pd.DataFrame, name: str) -> float | None:
        years = x.iloc[6, 2:].astype(str).str[:4]
        col = [i for i, y in enumerate(years) if y == str(year)]
        hit = x[x.iloc[:, 1].astype(str).str.strip() == name]
        if hit.empty or not col:
            return None
        v = pd.to_numeric(str(hit.iloc[0, 2 + col[0]]).replace(" e", ""), errors="coerce")
        return None if pd.isna(v) else float(v)

    own = pd.read_excel(files[reporter], sheet_name="Exports, FOB", header=None)
    totals = {}
    for name, f in files.items():
        if name == reporter:
            continue
        out = row(own, name)
        back = row(pd.read_excel(f, sheet_name="Exports, FOB", header=None), reporter)
        if out is not None and back is not None:
            totals[name] = out + back
    agg = re.compile(
        r"World|Economies|Union|Euro Area|Emerging|Developing|Advanced|Middle East|Sub-Saharan|"
        r"Hemisphere|Europe$|Asia$|Africa$|Countries|Other|not specified|Export Earnings"
    )  # IMF aggregates and regions are no partners
    out = pd.Series(totals).sort_values(ascending=False)
    return out[[not agg.search(n) for n in out.index]]


def main() -> None:
    if not os.environ.get("MULTIPOLAR_MIRROR"):
        sys.exit("set MULTIPOLAR_MIRROR to the folder of the raw files")
    warnings.simplefilter("ignore")  # openpyxl/pandas engine notices, one per workbook
    what = sys.argv[1:] or ["votes", "trade"]
    if "votes" in what:
        votes_percentiles(2015, 2019)
    if "kappa" in what:
        votes_documented(2015, 2019)
    if "ranks" in what:
        files = _dots_files()
        for rep in ("Russian Federation", "China, P.R.: Mainland"):
            r = dots_partner_ranks(rep, 2020, files)
            print(rep, 2020, "partners", len(r))
            print(r.head(10).round(0).to_string())
    if "trade" in what:
        files = _dots_files()
        print(sorted(files))
        for a, b in [
            ("China, P.R.: Mainland", "Russian Federation"),
            ("China, P.R.: Mainland", "Brazil"),
            ("United States", "United Kingdom"),
            ("Germany", "France"),
            ("India", "Pakistan"),
            ("Russian Federation", "Ukraine"),
            ("United States", "Israel"),
        ]:
            try:
                s = dots_trade(a, b, files)
                print(a, b, s.loc[2010:].round(0).to_dict())
            except (KeyError, IndexError) as exc:
                print(a, b, "missing", exc)


if __name__ == "__main__":
    main()
