"""Compare our UN ideal points with the published Bailey–Strezhnev–Voeten (BSV) estimates.

    MULTIPOLAR_MIRROR=../shared/data python benchmarks/bsv_compare.py BSV.csv [options]

``BSV.csv`` is the published file a user has downloaded (e.g. Voeten's Dataverse
``IdealpointestimatesAll_Jun2024.csv``, or any extract of it): columns ``ccode``,
``session``, ``IdealPointAll`` (``NVotesAll`` optional); year = session + 1945. The file is
not part of the project and this script never runs in the tests.

Our estimates come from ``--ours OURS.csv`` (columns ``ccode, year, ideal``, e.g. written
by ``multipolar idealpoints --format csv``) or, without it, from a fresh fit on the store
(``--rollcalls``, ``--walk-scale``, ``--prior-scale`` choose the settings).

Printed: the pooled Pearson r over every state-year both have; the median and minimum
within-year Pearson and Spearman r (years with at least 5 common states); the Soviet-bloc
placement 1965–1980 (mean of USSR, Ukraine, Belarus, Czechoslovakia, Bulgaria, Hungary in
standard deviations from the year mean of the common states, ours and BSV's, sign
aligned); the per-year table. With ``NVotesAll`` in the file and ``--votes``, also the
share of state-sessions whose ``NVotesAll`` equals our count of votes on contested roll
calls of the chosen roll-call set.

BSV's scale is not ours (theirs is set inside their model; ours is standardised after the
fit), so only correlations and standardised placements are compared.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd

BLOC = {
    365: "USSR",
    369: "Ukraine",
    370: "Belarus",
    315: "Czechoslovakia",
    355: "Bulgaria",
    310: "Hungary",
}
MIN_STATES = 5


def read_bsv(path: Path) -> pd.DataFrame:
    """The published file as ``ccode, year, bsv`` (and ``nvotes`` when present)."""
    df = pd.read_csv(path)
    missing = {"ccode", "session", "IdealPointAll"} - set(df.columns)
    if missing:
        raise SystemExit(f"{path}: lacks columns {sorted(missing)}")
    out = pd.DataFrame(
        {
            "ccode": df["ccode"].astype(int),
            "year": df["session"].astype(int) + 1945,
            "bsv": df["IdealPointAll"].astype(float),
        }
    )
    if "NVotesAll" in df.columns:
        out["nvotes"] = df["NVotesAll"].astype(int)
    return out.dropna(subset=["bsv"])


def fit_ours(args: argparse.Namespace) -> pd.DataFrame:
    from multipolar.measures.idealpoints import IdealPoints
    from multipolar.store import connect

    with connect() as st:
        votes = st.frame("unga_votes")
        rollcalls = st.frame("unga_rollcalls")
    votes = votes[(votes["year"] >= args.first) & (votes["year"] <= args.last)]
    settings: dict[str, object] = {"rollcalls": args.rollcalls}
    if args.walk_scale is not None:
        settings["walk_scale"] = args.walk_scale
    if args.prior_scale is not None:
        settings["prior_scale"] = args.prior_scale
    t0 = time.perf_counter()
    est = IdealPoints(**settings).fit(votes, rollcalls)
    print(f"fitted {settings} in {time.perf_counter() - t0:.1f} s, {est.n_iter_} sweeps")
    return est.ideal_[["ccode", "year", "ideal"]]


def within_year(m: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for year, g in m.groupby("year"):
        if len(g) < MIN_STATES:
            continue
        rows.append(
            {
                "year": year,
                "n": len(g),
                "pearson": g["ideal"].corr(g["bsv"]),
                "spearman": g["ideal"].corr(g["bsv"], method="spearman"),
            }
        )
    return pd.DataFrame(rows).set_index("year")


def bloc_placement(m: pd.DataFrame, first: int = 1965, last: int = 1980) -> pd.DataFrame:
    """Bloc mean in sd from the year mean (of the common states), ours and BSV's."""
    rows = []
    for year, g in m[(m["year"] >= first) & (m["year"] <= last)].groupby("year"):
        bloc = g["ccode"].isin(list(BLOC))
        if not bloc.any() or len(g) < MIN_STATES:
            continue
        row = {"year": year, "n_bloc": int(bloc.sum())}
        for col in ("ideal", "bsv"):
            z = (g[col] - g[col].mean()) / g[col].std(ddof=0)
            row[col] = float(z[bloc].mean())
        rows.append(row)
    return pd.DataFrame(rows).set_index("year")


def vote_counts(bsv: pd.DataFrame, rollcalls_set: str) -> None:
    from multipolar.measures.rollcalls import rollcall_mask
    from multipolar.store import connect

    with connect() as st:
        votes = st.frame("unga_votes")
        rollcalls = st.frame("unga_rollcalls")
    keep = rollcalls.loc[rollcall_mask(rollcalls, rollcalls_set), "rcid"]
    v = votes[votes["rcid"].isin(keep) & votes["vote"].isin([1, 2, 3])]
    spread = v.groupby("rcid")["vote"].agg(["min", "max"])
    contested = spread.index[spread["min"] < spread["max"]]
    n = v[v["rcid"].isin(contested)].groupby(["ccode", "year"]).size().rename("ours")
    m = bsv.dropna(subset=["nvotes"]).merge(n.reset_index(), on=["ccode", "year"], how="left")
    m["ours"] = m["ours"].fillna(0).astype(int)
    m = m[m["year"] <= int(votes["year"].max())]
    equal = m["ours"] == m["nvotes"]
    print(
        f"NVotesAll = our contested votes ({rollcalls_set!r} set): {equal.mean():.1%} of "
        f"{len(m):,} state-sessions"
    )
    # the panel takes 2019 on from the UN's own records, BSV from Voeten's release
    for label, part in (("to 2018", m["year"] <= 2018), ("from 2019", m["year"] >= 2019)):
        if part.any():
            print(f"  {label}: {equal[part].mean():.1%} of {int(part.sum()):,}")
    off = m[~equal]
    if len(off):
        print("first mismatches:")
        print(off.head(15).to_string(index=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bsv", type=Path, help="the published BSV csv (or an extract)")
    parser.add_argument("--ours", type=Path, help="our estimates csv (ccode, year, ideal)")
    parser.add_argument("--from", dest="first", type=int, default=1946)
    parser.add_argument("--to", dest="last", type=int, default=2019)
    parser.add_argument(
        "--rollcalls", default="bsv", help="roll-call set of the fit (BSV's own: bsv)"
    )
    parser.add_argument("--walk-scale", type=float)
    parser.add_argument("--prior-scale", type=float)
    parser.add_argument("--votes", action="store_true", help="check NVotesAll too")
    parser.add_argument("--table", action="store_true", help="print the per-year table")
    args = parser.parse_args()

    bsv = read_bsv(args.bsv)
    ours = pd.read_csv(args.ours) if args.ours else fit_ours(args)
    m = ours.merge(bsv, on=["ccode", "year"])
    m = m[(m["year"] >= args.first) & (m["year"] <= args.last)]
    if m.empty:
        raise SystemExit("no state-year in common")
    # the sign is a convention: align ours with BSV's (both put the United States high)
    if m["ideal"].corr(m["bsv"]) < 0:
        m["ideal"] = -m["ideal"]
    print(
        f"{len(m):,} common state-years, {m['ccode'].nunique()} states, "
        f"{m['year'].min()}-{m['year'].max()}"
    )
    print(f"pooled Pearson r {m['ideal'].corr(m['bsv']):.3f}")
    wy = within_year(m)
    print(
        f"within-year Pearson r: median {wy['pearson'].median():.3f}, min "
        f"{wy['pearson'].min():.3f} ({wy['pearson'].idxmin()}); Spearman: median "
        f"{wy['spearman'].median():.3f}, min {wy['spearman'].min():.3f}"
    )
    bp = bloc_placement(m)
    if not bp.empty:
        print(
            f"Soviet bloc 1965-1980, sd from the year mean of the common states: ours "
            f"{bp['ideal'].mean():.2f}, BSV {bp['bsv'].mean():.2f}"
        )
    if args.table:
        table = wy.join(bp[["ideal", "bsv"]].rename(columns=lambda c: f"bloc_{c}"), how="left")
        print(table.round(3).to_string())
    if args.votes:
        vote_counts(bsv, args.rollcalls)


if __name__ == "__main__":
    main()
