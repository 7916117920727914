"""``agreement -o FILE`` of a kept result, straight from the store: a DuckDB query, no pandas.

:func:`kept_agreement` gives the query that selects the dyad-years
:func:`multipolar.explain.agreement.dyadic_agreement` would return -- same rows, same order
(year, ccode1, ccode2) -- from the result file the store keeps (``MULTIPOLAR_HOME/cache``, valid while the
fingerprints of the tables it read are unchanged: :mod:`multipolar.store.kept`); the writer (:func:`multipolar.report.output.copy_query`) copies it to the file
with DuckDB's ``COPY``. Importing this module loads neither pandas nor Ibis: a kept
export costs Python's start-up, DuckDB's import and the copy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Bumped whenever a code change moves the numbers or the kept file's layout (invalidates
#: cached results). Since agreement-3 the kept file is sorted (year, ccode1, ccode2), missing
#: values stored as nulls: the file is then the export itself.
MEASURE_VERSION = "agreement-3"


@dataclass
class KeptQuery:
    """A read-only DuckDB connection to the store and the SELECT of the rows to write;
    ``file`` is the kept Parquet file when the SELECT is the whole of it, in its order (then
    a Parquet export is a copy of the file)."""

    con: Any
    sql: str
    file: Path | None = None

    def close(self) -> None:
        self.con.close()


def kept_agreement(
    store_path: Path,
    *,
    source: str = "votes",
    states: Sequence[int | str] | None = None,
    years: tuple[int | None, int | None] = (None, None),
    issue: str | None = None,
    important: bool = False,
    include_unanimous: bool = False,
    window: int = 1,
    weights: str = "quadratic",
    rollcalls: str = "resolutions",
) -> KeptQuery | None:
    """The query of the kept agreement table for these options, or None (nothing kept, data
    changed, the store busy or absent): then compute with ``dyadic_agreement``.

    ``states`` are resolved as ``dyadic_agreement`` does (as of the last year; two or more:
    the dyads among them; one: its dyads with every state).
    """
    import duckdb

    from multipolar.errors import MultipolarError
    from multipolar.store.kept import result_file

    first, last = years
    if first is not None and last is not None and first > last:
        return None  # dyadic_agreement says what is wrong
    codes: list[int] | None = None
    if states is not None:
        from multipolar import states as _states  # its registry: only to resolve names

        codes = []
        for s in states:
            code = s if isinstance(s, int) else _states.resolve(s, last).ccode
            if code not in codes:
                codes.append(int(code))
        if not codes:
            return None
    options: dict[str, Any] = {"version": MEASURE_VERSION, "source": source, "weights": weights}
    if source == "votes":
        options |= {
            "issue": issue,
            "important": important,
            "include_unanimous": include_unanimous,
            "window": window,
            "rollcalls": rollcalls,
        }
    if not Path(store_path).is_file():
        return None
    try:
        con = duckdb.connect(str(store_path), read_only=True)
    except duckdb.Error:  # held by a writer, damaged: the usual path says what is wrong
        return None
    try:
        found = result_file(con, Path(store_path), "agreement", options)
    except (duckdb.Error, MultipolarError):  # a store of another version, a changed table
        con.close()
        return None
    if found is None:
        con.close()
        return None
    table = "read_parquet('" + str(found).replace("'", "''") + "')"
    where = ["TRUE"]  # whole numbers only: written into the query, which COPY cannot bind
    if first is not None:
        where.append(f"year >= {int(first)}")
    if last is not None:
        where.append(f"year <= {int(last)}")
    if codes is not None:
        listed = ", ".join(str(c) for c in codes)
        both = "AND" if len(codes) > 1 else "OR"
        where.append(f"(ccode1 IN ({listed}) {both} ccode2 IN ({listed}))")
    # NaN is written as missing, as the pandas writer does (and JSON has no NaN)
    columns = [
        f'CASE WHEN isnan("{name}") THEN NULL ELSE "{name}" END AS "{name}"'
        if typ in ("DOUBLE", "FLOAT")
        else f'"{name}"'
        for name, typ, *_ in con.execute(f"DESCRIBE SELECT * FROM {table}").fetchall()
    ]
    sql = (
        f"SELECT {', '.join(columns)} FROM {table} WHERE {' AND '.join(where)} "
        "ORDER BY year, ccode1, ccode2"
    )
    whole = first is None and last is None and codes is None
    return KeptQuery(con, sql, found if whole else None)
