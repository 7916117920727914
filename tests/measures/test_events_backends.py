"""Dyad-month aggregation of events: known answers, laws, and DuckDB = PySpark.

The same Ibis expression runs on the store's DuckDB and on a local Spark session reading the
same Parquet files; results must be identical (Goldstein sums are exact integer tenths).
"""

from __future__ import annotations

import csv
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from multipolar import states
from multipolar.measures.events import dyad_event_types, dyad_month, dyad_year
from multipolar.store import Store, connect
from multipolar.store.events import events_table, import_events

DATA = Path(os.environ.get("MULTIPOLAR_MIRROR") or Path(__file__).parents[3] / "shared" / "data")
ICEWS = DATA / "icews" / "events.2018.sample.tab"
FILES = [DATA / "gdelt" / "events.csv", DATA / "gdelt" / "20191024143000.export.CSV", ICEWS]


@pytest.fixture(scope="module")
def events_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MULTIPOLAR_HOME", str(tmp_path_factory.mktemp("events-home")))
        st = connect()
        import_events(FILES, store=st)
        yield st
        st.close()


def _sorted(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return df.sort_values(keys).reset_index(drop=True)


def test_known_answer_china_russia_icews(events_store: Store) -> None:
    # By hand from the ICEWS file: China -> Russian Federation events in June 2018, with
    # QuadClass from the CAMEO root (01-05, 06-09, 10-14, 15-20) and the ICEWS codebook's
    # Goldstein scores (cameo-codes.csv).
    with open(DATA / "cameo" / "cameo-codes.csv", encoding="cp1252", newline="") as fh:
        score = {r["code"]: float(r["goldstein"]) for r in csv.DictReader(fh)}
    with open(ICEWS, encoding="utf-8", newline="") as fh:
        rows = [
            r for r in csv.DictReader(fh, delimiter="\t")
            if r["Source Country"] == "China" and r["Target Country"] == "Russian Federation"
        ]  # fmt: skip
    assert rows, "the sample holds China -> Russia events"
    quads = Counter(
        1 if int(r["CAMEO Code"][:2]) <= 5 else 2 if int(r["CAMEO Code"][:2]) <= 9
        else 3 if int(r["CAMEO Code"][:2]) <= 14 else 4
        for r in rows
    )  # fmt: skip
    gsum = sum(score[r["CAMEO Code"]] for r in rows)
    ev = events_table(store=events_store)
    ev = ev.filter(ev.source_dataset == "icews")
    got = dyad_month(ev).filter(lambda t: (t.ccode1 == 710) & (t.ccode2 == 365)).to_pandas()
    assert len(got) == 1
    r = got.iloc[0]
    assert (r.year, r.month, r.n_events) == (2018, 6, len(rows))
    assert [r.verbal_coop, r.material_coop, r.verbal_conflict, r.material_conflict] == [
        quads[1], quads[2], quads[3], quads[4],
    ]  # fmt: skip
    assert r.goldstein_sum == pytest.approx(gsum, abs=1e-12)
    assert r.goldstein_mean == pytest.approx(gsum / len(rows), abs=1e-12)
    assert r.share_coop == pytest.approx((quads[1] + quads[2]) / len(rows))


def test_laws_on_real_events(events_store: Store) -> None:
    ev = events_table(store=events_store)
    keys = ["ccode1", "ccode2", "year", "month"]
    directed = dyad_month(ev).to_pandas()
    undirected = dyad_month(ev, directed=False).to_pandas()
    weighted = dyad_month(ev, weight="mentions").to_pandas()
    # non-directed counts are the sum of both directions
    d = directed.assign(
        lo=directed[["ccode1", "ccode2"]].min(axis=1), hi=directed[["ccode1", "ccode2"]].max(axis=1)
    )
    summed = d.groupby(["lo", "hi", "year", "month"], as_index=False)["n_events"].sum()
    summed = summed.rename(columns={"lo": "ccode1", "hi": "ccode2"})
    both = undirected.merge(summed, on=keys, suffixes=("", "_dir"))
    assert len(both) == len(undirected) and (both.n_events == both.n_events_dir).all()
    assert (undirected.ccode1 < undirected.ccode2).all()
    # bounds
    for df in (directed, undirected, weighted):
        quads = df[["verbal_coop", "material_coop", "verbal_conflict", "material_conflict"]]
        assert (quads.sum(axis=1) == df.n_events).all()
        assert df.share_coop.between(0, 1).all() and df.goldstein_mean.between(-10, 10).all()
    # weighting by mentions never lowers a count (every weight >= 1)
    m = directed.merge(weighted, on=keys, suffixes=("", "_w"))
    assert len(m) == len(directed) and (m.n_events_w >= m.n_events).all()
    # root-code counts add up to the same totals
    roots = dyad_month(ev, by="root").to_pandas()
    assert (roots[[f"root{r:02d}" for r in range(1, 21)]].sum(axis=1) == roots.n_events).all()
    # a year is the sum of its months
    years = dyad_year(ev).to_pandas()
    by_year = directed.groupby(["ccode1", "ccode2", "year"], as_index=False)["n_events"].sum()
    assert _sorted(years[["ccode1", "ccode2", "year", "n_events"]], keys[:3]).equals(
        _sorted(by_year, keys[:3])
    )


def test_normalise_gdelt_on_a_raw_table_matches_the_import(events_store: Store) -> None:
    # the BigQuery path: GDELT's own columns -> normalise_gdelt -> dyad_month, here with the
    # raw 2.0 export read by DuckDB under the codebook's column names
    from multipolar.measures.events import normalise_gdelt
    from multipolar.sources.events.gdelt import COLUMNS, country_codes

    path = DATA / "gdelt" / "20191024143000.export.CSV"
    names = {f"column{i:02d}": name for i, name in enumerate(COLUMNS[61])}
    raw = events_store.con.read_csv(
        str(path), delim="\t", header=False, quote="", all_varchar=True
    ).rename({v: k for k, v in names.items()})
    ev = normalise_gdelt(raw, ccodes=country_codes(states, 2019))
    got = dyad_month(ev, directed=False).to_pandas()
    imported = events_table(store=events_store)
    want = dyad_month(imported.filter(imported.source_dataset == "gdelt2"), directed=False)
    keys = ["ccode1", "ccode2", "year", "month"]
    pd.testing.assert_frame_equal(
        _sorted(got, keys), _sorted(want.to_pandas()[got.columns], keys), check_dtype=False
    )


CASES = [
    pytest.param(dyad_month, {"directed": True}, id="month-directed-quad"),
    pytest.param(
        dyad_month,
        {"directed": False, "weight": "mentions", "by": "root"},
        id="month-nd-mentions-root",
    ),
    pytest.param(dyad_year, {"directed": False}, id="year-nd-quad"),
    pytest.param(dyad_event_types, {"weight": "mentions"}, id="event-types"),
]


@pytest.mark.spark
@pytest.mark.parametrize(("measure", "options"), CASES)
def test_duckdb_and_spark_give_identical_results(
    events_store: Store, measure: object, options: dict[str, object]
) -> None:
    duck = measure(events_table("duckdb", store=events_store), **options).to_pandas()  # type: ignore[operator]
    spark = measure(events_table("pyspark", store=events_store), **options).to_pandas()  # type: ignore[operator]
    assert len(duck) > 100
    keys = [c for c in ("ccode1", "ccode2", "year", "month", "cameo_code") if c in duck.columns]
    duck, spark = _sorted(duck, keys), _sorted(spark[duck.columns], keys)
    pd.testing.assert_frame_equal(duck, spark, check_dtype=False, check_exact=True)
    assert list(duck.dtypes.map(lambda t: t.kind)) == list(spark.dtypes.map(lambda t: t.kind))
