"""Vote agreement and alliance similarity on the real data, against a plain pandas baseline."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from multipolar.explain.agreement import dyadic_agreement
from multipolar.measures.agreement import agreement
from multipolar.measures.alliances import alliance_ties

SAMPLE_YEARS = [1950, 1971, 1991, 2019]
USA, UK, CUBA, RUSSIA, ISRAEL, CHINA = 2, 200, 40, 365, 666, 710


@pytest.fixture(scope="module")
def votes(store) -> pd.DataFrame:
    return store.frame("unga_votes")


@pytest.fixture(scope="module")
def rollcalls(store) -> pd.DataFrame:
    return store.frame("unga_rollcalls")


@pytest.fixture(scope="module")
def all_votes(store) -> pd.DataFrame:
    return dyadic_agreement(store, rollcalls="all")


def _pandas_baseline(votes: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """What a user would write: the votes merged with themselves on rcid, grouped by dyad."""
    v = votes.loc[votes["year"].isin(years), ["rcid", "year", "ccode", "vote"]]
    split = v.groupby("rcid")["vote"].nunique()
    v = v[v["rcid"].isin(split[split > 1].index)]
    m = v.merge(v, on=["rcid", "year"], suffixes=("1", "2"))
    m = m[m["ccode1"] < m["ccode2"]].copy()
    x = m["vote1"].astype(float)
    y = m["vote2"].astype(float)
    m["same"] = x == y
    m["d_abs"] = (x - y).abs()
    m["d_sq"] = (x - y) ** 2
    for k in (1, 2, 3):
        m[f"x{k}"] = x == k
        m[f"y{k}"] = y == k
    g = m.groupby(["ccode1", "ccode2", "year"])
    out = g.agg(
        n_votes=("same", "size"),
        agree=("same", "mean"),
        d_abs=("d_abs", "mean"),
        d_sq=("d_sq", "mean"),
        **{c: (c, "mean") for c in ["x1", "x2", "x3", "y1", "y2", "y3"]},
    ).reset_index()
    px = out[["x1", "x2", "x3"]].to_numpy()
    py = out[["y1", "y2", "y3"]].to_numpy()
    w = (np.subtract.outer([1, 2, 3], [1, 2, 3]) ** 2).astype(float)
    d_e_kappa = np.einsum("nk,kl,nl->n", px, w, py)
    mean = (px + py) / 2
    d_e_pi = np.einsum("nk,kl,nl->n", mean, w, mean)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["kappa"] = np.where(d_e_kappa > 0, 1 - out["d_sq"] / d_e_kappa, np.nan)
        out["pi"] = np.where(d_e_pi > 0, 1 - out["d_sq"] / d_e_pi, np.nan)
    out["s_abs"] = 1 - 2 * out["d_abs"] / 2
    out["s_sq"] = 1 - 2 * out["d_sq"] / 4
    return out.sort_values(["year", "ccode1", "ccode2"], ignore_index=True)


def test_equals_the_pandas_self_join(votes, rollcalls, all_votes):
    ours = agreement(votes, rollcalls, years=(min(SAMPLE_YEARS), max(SAMPLE_YEARS)))
    ours = ours[ours["year"].isin(SAMPLE_YEARS)].reset_index(drop=True)
    base = _pandas_baseline(votes, SAMPLE_YEARS)
    key = ["ccode1", "ccode2", "year", "n_votes"]
    assert len(ours) == len(base) > 20_000
    np.testing.assert_array_equal(ours[key].to_numpy(), base[key].to_numpy())
    # the identical-vote share is the same floating-point number (count / count)
    np.testing.assert_array_equal(ours["agree"].to_numpy(), base["agree"].to_numpy())
    for col in ("s_abs", "s_sq", "kappa", "pi"):
        np.testing.assert_allclose(ours[col], base[col], rtol=1e-10, atol=1e-12, equal_nan=True)
    # the cached store result is the same table
    cached = all_votes[all_votes["year"].isin(SAMPLE_YEARS)].reset_index(drop=True)
    pd.testing.assert_frame_equal(cached[ours.columns], ours, check_dtype=False)


@pytest.mark.parametrize("session", [74, 76, 80])
def test_china_russia_from_the_un_records(all_votes, session, unxml_pair):
    # counted from the UN's JSON with the json module (tests/conftest.py): each recorded vote
    # once, contested roll calls both voted on, identical votes
    n, same = unxml_pair(session, "CHINA", "RUSSIAN FEDERATION")
    row = all_votes[(all_votes["ccode1"] == RUSSIA) & (all_votes["ccode2"] == CHINA)]
    row = row[row["year"] == session + 1945].iloc[0]
    assert (row["n_votes"], row["agree"]) == (n, same / n)


def test_us_israel_closer_than_us_cuba_after_1990(store):
    df = dyadic_agreement(store, states=["United States", "Israel", "Cuba"], years=(1991, 2025))
    usa = df[df["ccode1"] == USA].pivot(index="year", columns="ccode2", values="agree")
    assert list(usa.index) == list(range(1991, 2026))
    assert (usa[ISRAEL] > usa[CUBA]).all()


def test_unanimous_votes_excluded_by_default(votes, rollcalls):
    # 1955 (session 10) has 10 roll calls on which every state present voted alike
    strict = agreement(votes, rollcalls, years=1955, states=[USA, RUSSIA])
    loose = agreement(votes, rollcalls, years=1955, states=[USA, RUSSIA], include_unanimous=True)
    assert loose["n_votes"].iloc[0] > strict["n_votes"].iloc[0]
    assert loose["agree"].iloc[0] > strict["agree"].iloc[0]


def test_issue_window_and_important_restrict(votes, rollcalls, all_votes):
    pair = {"states": [USA, ISRAEL], "years": (2010, 2019)}
    allv = agreement(votes, rollcalls, **pair)
    hr = agreement(votes, rollcalls, issue="hr", **pair)
    imp = agreement(votes, rollcalls, important=True, **pair)
    for sub in (hr, imp):  # years without an important (or hr) vote drop out
        both = sub.merge(allv, on=["ccode1", "ccode2", "year"], suffixes=("", "_all"))
        assert len(both) == len(sub) > 0
        assert (both["n_votes"] < both["n_votes_all"]).all()
    pooled = agreement(votes, rollcalls, window=3, **pair)
    # a 3-year window pools the joint counts of the three sessions
    yearly = agreement(votes, rollcalls, states=[USA, ISRAEL], years=(2008, 2019))
    n3 = yearly["n_votes"].rolling(3).sum().to_numpy()[2:]
    assert pooled["n_votes"].tolist() == n3.astype(int).tolist()


def test_one_state_gives_its_dyads_with_everybody(votes, rollcalls):
    df = agreement(votes, rollcalls, years=2019, states=[CHINA])
    assert ((df["ccode1"] == CHINA) | (df["ccode2"] == CHINA)).all()
    assert len(df) > 180


def test_alliance_similarity_sanity(store):
    df = dyadic_agreement(store, source="alliances", states=[USA, UK, RUSSIA])
    assert df["year"].min() == 1816 and df["year"].max() == 2018
    s = df.pivot_table(index="year", columns=["ccode1", "ccode2"], values="s_abs")
    k = df.pivot_table(index="year", columns=["ccode1", "ccode2"], values="kappa")
    cold_war = slice(1949, 1991)
    # NATO allies' portfolios are far more alike than the superpowers'
    assert (s.loc[cold_war, (USA, UK)] > s.loc[cold_war, (USA, RUSSIA)] + 0.2).all()
    assert (k.loc[cold_war, (USA, UK)] > k.loc[cold_war, (USA, RUSSIA)]).all()
    assert (df[["s_abs", "s_wt", "kappa", "pi"]].abs() <= 1 + 1e-9).all().all()


def test_alliance_ties_are_valued_and_non_directed(store):
    ties = alliance_ties(store.frame("atop_ddy"))
    assert (ties["ccode1"] < ties["ccode2"]).all()
    assert set(ties["tie"].unique()) <= {1, 2, 3}
    nato = ties[(ties["ccode1"] == USA) & (ties["ccode2"] == UK) & ties["year"].between(1950, 1990)]
    assert len(nato) == 41 and (nato["tie"] == 3).all()


def test_dyadic_agreement_caches_by_options(store):
    first = dyadic_agreement(store, issue="nu", years=(2015, 2019), states=["China", "Russia"])
    options = first.attrs["options"]
    assert store.load_result("agreement", options) is not None
    again = dyadic_agreement(store, issue="nu", years=(2015, 2019), states=["China", "Russia"])
    pd.testing.assert_frame_equal(first, again)
