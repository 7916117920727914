"""The units of a panel as SQL: state-years or dyad-years of the COW or Gleditsch–Ward system.

Pure SQL builders (no connection): each returns a ``SELECT`` over the store's membership tables.

Membership rule (peacesciencer's ``create_stateyears``/``create_dyadyears``): a state is in
year *t* when one of its spells touches *t*; two states form a dyad in year *t* when one spell
of each overlaps the other *on some day of t* (so the German Federal Republic, 260, and the
united Germany, 255, which follow each other on 2–3 October 1990, are no dyad in 1990).

Extension past the data (peacesciencer's ``mry = TRUE``): the membership lists end (COW on
2016-12-31, G-W on 2017-12-31); a spell still open on that last day continues to the end of
the panel. Rows after the list's last year carry ``extended = 1``.
"""

from __future__ import annotations

from typing import Literal

System = Literal["cow", "gw"]
Unit = Literal["state", "dyad", "directed"]

#: each system's membership table, code column and the spell dates as SQL
SYSTEMS: dict[str, dict[str, str]] = {
    "cow": {
        "table": "cow_states",
        "code": "ccode",
        "spells": "SELECT ccode AS code, make_date(styear, stmonth, stday) AS st, "
        "make_date(endyear, endmonth, endday) AS en FROM cow_states",
    },
    "gw": {
        "table": "gw_states",
        "code": "gwcode",
        "spells": "SELECT gwcode AS code, startdate AS st, enddate AS en FROM gw_states",
    },
}

#: the COW<->G-W crosswalk (the G-W panels carry the COW codes the covariates are keyed on)
CROSSWALK = "cow_gw_years"


def _years(first: int, last: int) -> str:
    return f"SELECT range::INTEGER AS year FROM range({int(first)}, {int(last)} + 1)"


def _spells(system: System, last: int) -> str:
    """Spells with the ones open on the list's last day carried to 31 December of ``last``."""
    base = SYSTEMS[system]["spells"]
    return (
        f"WITH s AS ({base}), m AS (SELECT max(en) AS data_end FROM s) "
        f"SELECT code, st, CASE WHEN en = data_end THEN greatest(en, make_date({int(last)}, 12, 31)) "
        f"ELSE en END AS en, year(data_end) AS data_last FROM s, m"
    )


def units_sql(*, system: System, unit: Unit, first: int, last: int) -> str:
    """A ``SELECT`` of the panel's units with their keys and the ``extended`` flag.

    State-years: ``ccode, year, extended`` (G-W: ``gwcode, ccode, year, extended``).
    Dyad-years: ``ccode1, ccode2, year, extended`` with ``ccode1 < ccode2``, or both orders
    for ``unit="directed"`` (G-W: ``gwcode1, gwcode2`` first, ordered on them, and the COW codes
    from the crosswalk). ``extended`` is 1 after the membership list's last year, else 0.

    Two states that follow each other on 2–3 October 1990 form no dyad; the list ends in 1991
    and the states in it then continue into 1992 (``extended``):

    >>> import duckdb
    >>> con = duckdb.connect()
    >>> _ = con.execute("CREATE TABLE cow_states AS SELECT * FROM (VALUES "
    ...     "(2, 1816, 1, 1, 1991, 12, 31), (260, 1955, 5, 5, 1990, 10, 2), "
    ...     "(255, 1990, 10, 3, 1991, 12, 31)) "
    ...     "t(ccode, styear, stmonth, stday, endyear, endmonth, endday)")
    >>> sql = units_sql(system="cow", unit="dyad", first=1990, last=1992)
    >>> con.execute(sql + " ORDER BY year, ccode1, ccode2").fetchall()
    [(2, 255, 1990, 0), (2, 260, 1990, 0), (2, 255, 1991, 0), (2, 255, 1992, 1)]
    """
    code = SYSTEMS[system]["code"]
    spells, years = _spells(system, last), _years(first, last)
    if unit == "state":
        core = (
            f"SELECT DISTINCT s.code AS {code}, y.year, (y.year > s.data_last)::INTEGER AS extended "
            f"FROM ({spells}) s JOIN ({years}) y ON y.year BETWEEN year(s.st) AND year(s.en)"
        )
        if system == "cow":
            return core
        return (
            f"SELECT u.gwcode, cw.ccode, u.year, u.extended FROM ({core}) u "
            f"LEFT JOIN {_crosswalk()} cw ON cw.gwcode = u.gwcode AND cw.year = {_cw_year('u.year')}"
        )
    order = "<>" if unit == "directed" else "<"
    core = (
        f"SELECT DISTINCT a.code AS {code}1, b.code AS {code}2, y.year, "
        f"(y.year > a.data_last)::INTEGER AS extended "
        f"FROM ({spells}) a JOIN ({spells}) b "
        f"ON a.code {order} b.code AND a.st <= b.en AND b.st <= a.en "
        f"JOIN ({years}) y ON y.year BETWEEN year(greatest(a.st, b.st)) AND year(least(a.en, b.en))"
    )
    if system == "cow":
        return core
    return (
        f"SELECT u.gwcode1, u.gwcode2, c1.ccode AS ccode1, c2.ccode AS ccode2, u.year, u.extended "
        f"FROM ({core}) u "
        f"LEFT JOIN {_crosswalk()} c1 ON c1.gwcode = u.gwcode1 AND c1.year = {_cw_year('u.year')} "
        f"LEFT JOIN {_crosswalk()} c2 ON c2.gwcode = u.gwcode2 AND c2.year = {_cw_year('u.year')}"
    )


def _crosswalk() -> str:
    """``(gwcode, year, ccode)``, one row per G-W state-year of the crosswalk."""
    return (
        f"(SELECT gwcode, year, min(ccode) AS ccode FROM {CROSSWALK} "
        f"WHERE gwcode IS NOT NULL GROUP BY gwcode, year)"
    )


def _cw_year(year: str) -> str:
    """The crosswalk year to read for ``year``: after its last year a state keeps its last code."""
    return f"least({year}, (SELECT max(year) FROM {CROSSWALK}))"


def relevant_sql(*, first: int, last: int, keys: tuple[str, str] = ("ccode1", "ccode2")) -> str:
    """A ``WHERE`` condition on the units ``u`` keeping politically relevant dyads.

    Relevant (Lemke and Reed 2001; peacesciencer's ``filter_prd``): contiguous by land
    (``cow_contdir`` type 1) or with a COW major power (``cow_majors``) in the year. Both lists
    end in 2016; contiguity and major-power spells still open then continue, as membership does.
    """
    a, b = keys
    years = _years(first, last)
    land = (
        f"SELECT ccode1, ccode2, y.year FROM cow_contdir c JOIN ({years}) y "
        f"ON y.year BETWEEN year(c.stdate) AND CASE WHEN c.enddate = "
        f"(SELECT max(enddate) FROM cow_contdir) THEN {int(last)} ELSE year(c.enddate) END "
        f"WHERE c.conttype = 1"
    )
    major = (
        f"SELECT ccode, y.year FROM cow_majors m JOIN ({years}) y "
        f"ON y.year BETWEEN m.styear AND CASE WHEN m.endyear = "
        f"(SELECT max(endyear) FROM cow_majors) THEN {int(last)} ELSE m.endyear END"
    )
    return (
        f"(EXISTS (SELECT 1 FROM ({land}) l WHERE l.ccode1 = u.{a} AND l.ccode2 = u.{b} "
        f"AND l.year = u.year) OR EXISTS (SELECT 1 FROM ({major}) m WHERE m.year = u.year "
        f"AND (m.ccode = u.{a} OR m.ccode = u.{b})))"
    )
