"""Sanctions evidence for a pair of states: common exposure to Western sanctions, sanctions
between them, and how the pair compares with all pairs of states (GSDB V3, 1949–2022).

:func:`sanctions_evidence` reads ``gsdb_sanctions_dyad`` and ``gsdb_cases`` from the store,
expands groups to their members (``multipolar.sources.gsdb.group_memberships``), marks the
Western rows (``multipolar.sources.gsdb.western_definition``) and returns JSON-serialisable
records; :func:`sanctions_matrix_row` turns them into one evidence-matrix row with its rule.
The measures are those of :mod:`multipolar.measures.sanctions`; docs/sanctions.md has the
definitions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from multipolar import states as _states
from multipolar.errors import InputError, NotLoadedError
from multipolar.jsonutil import jsonable
from multipolar.measures.sanctions import (
    common_exposure,
    expand_groups,
    exposure_base_rate,
    flag_western,
    one_sanctions_other,
    shared_senders,
)
from multipolar.sources.gsdb import group_memberships, western_definition
from multipolar.store import Store

COVERAGE = (1949, 2022)
EDGE = 5  # years that make "the last years of the period" for the verdict
PERCENTILE_SUPPORTED = 90.0
SOURCE = "gsdb (GSDB V3, Felbermayr et al. 2020; Kirilakha et al. 2021)"
DRIVER = "Common exposure to Western sanctions"
RULE = (
    "supported if in the last year of the period (GSDB ends 2022) both are targets of at least "
    "one common Western sender, the pair is at or above the 90th percentile of all pairs of "
    "states on the number of such senders, and neither sanctions the other directly; mixed if "
    "they shared a Western sender in any of the last 5 years; not supported otherwise"
)


def _name(code: int) -> str:
    """The state's display name (:func:`multipolar.states.name_in`, one way for all reports)."""
    return _states.name_in(code)


def _population(first: int, last: int) -> pd.DataFrame:
    """States in the COW system each year (years after the registry's end use its last year)."""
    reg = _states.registry()
    end = reg.last_year
    rows = [
        (y, c) for y in range(first, last + 1) for c in reg.states if reg.member(c, min(y, end))
    ]
    return pd.DataFrame(rows, columns=["year", "ccode"])


#: the expanded, Western-flagged dyad-years of the last stores asked (store, data versions)
_MEMO: dict[tuple[str, str], tuple[pd.DataFrame, pd.DataFrame, dict[str, Any]]] = {}


def _expanded(store: Any) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """The cases and every dyad-year with groups expanded to their members and the Western
    flag set (the slow part, done once per store and data version in a process)."""
    import json

    key = (
        str(getattr(store, "path", id(store))),
        json.dumps(store.data_versions(), sort_keys=True),
    )
    if key not in _MEMO:
        dyad = store.frame("gsdb_sanctions_dyad")
        cases = store.frame("gsdb_cases")
        groups = group_memberships()
        rows = expand_groups(dyad, groups)
        expansion = dict(rows.attrs)
        rows = flag_western(rows, western_definition(), groups)
        _MEMO.clear()
        _MEMO[key] = (cases, rows, expansion)
    store.note_read("gsdb_sanctions_dyad", "gsdb_cases")  # also when remembered
    return _MEMO[key]


def _spells(years: Sequence[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for y in sorted(set(int(x) for x in years)):
        if out and y == out[-1][1] + 1:
            out[-1][1] = y
        else:
            out.append([y, y])
    return out


def _spell_text(years: Sequence[int]) -> str:
    return ", ".join(f"{a}–{b}" if a != b else str(a) for a, b in _spells(years))


def _body(rows: pd.DataFrame) -> pd.Series:
    """The sender as GSDB records it: the group a row came through, else the state's code."""
    return rows["sender_via"].astype("string").fillna(rows["sender_ccode"].astype("string"))


def _body_name(key: str) -> str:
    return _name(int(key)) if key.isdigit() else key


def _empty(a: int, b: int, first: int, last: int, gaps: list[str]) -> dict[str, Any]:
    return {
        "states": {"a": {"ccode": a, "name": _name(a)}, "b": {"ccode": b, "name": _name(b)}},
        "coverage": {"from": COVERAGE[0], "to": COVERAGE[1]},
        "period": {"from": first, "to": last},
        "source": SOURCE,
        "western": _western_record(),
        "by_year": [],
        "shared_senders": [],
        "cases": [],
        "one_sanctions_other": [],
        "expansion": {},
        "gaps": gaps,
    }


def _western_record() -> dict[str, Any]:
    w = western_definition()
    return {
        "states": [str(n) for n in w.loc[w["kind"] == "state", "name"]],
        "members_of": [str(g) for g in w.loc[w["kind"] == "member_of", "group"]],
        "groups": [str(g) for g in w.loc[w["kind"] == "group", "group"]],
        "definition": "docs/sanctions.md (Western senders); src/multipolar/sources/data/western.csv",
    }


def sanctions_evidence(store: Store, a: int, b: int, first: int, last: int) -> dict[str, Any]:
    """The sanctions evidence on states ``a`` and ``b`` (COW codes) for ``first``–``last``.

    Records (all JSON-serialisable):

    * ``by_year``: for each year of the period within GSDB's coverage, the Western sender
      states of each (``senders_a``, ``senders_b``), those of both (``shared_states``), the
      same counted as GSDB records senders (``shared_senders``: the EU once, not 27 times,
      with their ``shared_names``), the cases against each, and the base rate: how many pairs
      of states in the system share at least one Western sender (``n_pairs_sharing`` of
      ``n_pairs``, ``base_rate``) and the pair's ``percentile``;
    * ``shared_senders``: each Western sender (as recorded) that targeted both in the same
      year, with the years;
    * ``cases``: every case against either in the period (id, target, senders as GSDB writes
      them, years, types, objective, outcome, whether it is Western, whether it is shared);
    * ``one_sanctions_other``: each case in which one of the pair sanctions the other, with
      the group it came through (``via``) when it did;
    * ``expansion``: what group expansion left out (rows with a non-state side, groups without
      a membership list, a member that would sanction itself, double listings);
    * ``gaps``: sentences on coverage (GSDB 1949–2022; COW system membership ends 2016).
    """
    if a == b:
        raise InputError("sanctions evidence needs two different states")
    gaps: list[str] = []
    lo, hi = max(first, COVERAGE[0]), min(last, COVERAGE[1])
    if last > COVERAGE[1]:
        gaps.append(
            f"Sanctions data (GSDB V3) end in {COVERAGE[1]}; the years "
            f"{COVERAGE[1] + 1}–{last} have none."
        )
    if first < COVERAGE[0]:
        gaps.append(f"Sanctions data (GSDB V3) begin in {COVERAGE[0]}; earlier years have none.")
    if lo > hi:
        gaps.append(f"GSDB covers {COVERAGE[0]}–{COVERAGE[1]}; this period has no sanctions data.")
        return _empty(a, b, first, last, gaps)
    try:
        cases, all_rows, expansion = _expanded(store)
    except NotLoadedError:
        gaps.append("Sanctions data (GSDB) are not loaded in the store.")
        return _empty(a, b, lo, hi, gaps)
    rows = all_rows[(all_rows["year"] >= lo) & (all_rows["year"] <= hi)].copy()
    rows["sender_body"] = _body(rows)
    wr = rows[rows["western"]]

    by_state = common_exposure(wr, a, b, years=(lo, hi))
    by_body = common_exposure(wr, a, b, years=(lo, hi), sender="sender_body")
    base = exposure_base_rate(wr, a, b, _population(lo, hi)).set_index("year")
    shared_b = shared_senders(wr, a, b, sender="sender_body")
    names_by_year = shared_b.groupby("year")["sender_body"].agg(
        lambda s: sorted(_body_name(str(k)) for k in s)
    )
    reg = _states.registry()
    if hi > reg.last_year:
        gaps.append(
            f"COW state-system membership ends in {reg.last_year}; the base rate for "
            f"{reg.last_year + 1}–{hi} uses the {reg.last_year} list of states."
        )
    by_year = []
    for s_row, b_row in zip(by_state.to_dict("records"), by_body.to_dict("records"), strict=True):
        y = int(s_row["year"])
        br = base.loc[y] if y in base.index else None
        by_year.append(
            {
                "year": y,
                "senders_a": s_row["n_senders_a"],
                "senders_b": s_row["n_senders_b"],
                "shared_states": s_row["n_shared"],
                "shared_senders": b_row["n_shared"],
                "shared_names": names_by_year.get(y, []),
                "cases_a": s_row["n_cases_a"],
                "cases_b": s_row["n_cases_b"],
                "n_pairs": None if br is None else int(br["n_pairs"]),
                "n_pairs_sharing": None if br is None else int(br["n_pairs_sharing"]),
                "base_rate": None if br is None else float(br["base_rate"]),
                "percentile": None
                if br is None or pd.isna(br["percentile"])
                else float(br["percentile"]),
            }
        )

    shared_list = []
    for key, d in shared_b.groupby("sender_body", sort=False):
        years = d["year"].astype(int).tolist()
        shared_list.append(
            {
                "sender": _body_name(str(key)),
                "ccode": int(str(key)) if str(key).isdigit() else None,
                "group": None if str(key).isdigit() else str(key),
                "from": min(years),
                "to": max(years),
                "years": _spell_text(years),
                "n_years": len(years),
                "cases_a": sorted({c for cs in d["cases_a"] for c in cs}),
                "cases_b": sorted({c for cs in d["cases_b"] for c in cs}),
            }
        )
    shared_list.sort(key=lambda r: (-r["n_years"], r["sender"]))
    shared_cases = {c for r in shared_list for c in r["cases_a"] + r["cases_b"]}

    mine = rows[rows["target_ccode"].isin([a, b]) & ~rows["sender_ccode"].isin([a, b])]
    west_cases = set(mine.loc[mine["western"], "case_id"].astype(int))
    cases_out = []
    for code, key in ((a, "a"), (b, "b")):
        ids = sorted(set(mine.loc[mine["target_ccode"] == code, "case_id"].astype(int)))
        for r in cases[cases["case_id"].isin(ids)].sort_values("case_id").to_dict("records"):
            cid = int(r["case_id"])
            cases_out.append(
                {
                    "case_id": cid,
                    "target": key,
                    "target_name": _name(code),
                    "gsdb_target": r["target"],
                    "senders": r["senders"],
                    "begin": int(r["begin"]),
                    "end": int(r["end"]),
                    "types": r["types"],
                    "objective": r["objective"],
                    "success": r["success"],
                    "western": cid in west_cases,
                    "shared": cid in shared_cases,
                }
            )

    mutual = one_sanctions_other(rows, a, b)
    mutual_out = []
    # a case that reaches the pair through a group (the sender as an EU member, the target as
    # a member of the EEU: Russia's 2022 export restrictions on the Eurasian Economic Union,
    # case 1280) is no direct sanction of one on the other
    for (cid, sender, via, tvia), d in mutual.groupby(
        [
            "case_id",
            "sender_ccode",
            mutual["sender_via"].fillna(""),
            mutual["target_via"].fillna(""),
        ],
        sort=True,
    ):
        info = cases[cases["case_id"] == cid]
        gsdb_name = str(d["sender"].iloc[0])
        mutual_out.append(
            {
                "case_id": int(cid),
                "sender": _name(int(sender)) if via else gsdb_name,
                "sender_ccode": int(sender),
                "target": str(d["target"].iloc[0])
                if pd.isna(d["target_via"].iloc[0])
                else _name(b if int(sender) == a else a),
                "via": via or None,
                "target_via": tvia or None,
                # one of the pair on the other itself, not through a group on either side
                "direct": not via and not tvia,
                "years": _spell_text(d["year"].tolist()),
                "from": int(d["year"].min()),
                "to": int(d["year"].max()),
                "types": None if info.empty else info["types"].iloc[0],
                "objective": None if info.empty else info["objective"].iloc[0],
            }
        )
    mutual_out.sort(key=lambda r: (r["from"], r["case_id"]))
    return jsonable(
        {
            "states": {
                "a": {"ccode": a, "name": _name(a)},
                "b": {"ccode": b, "name": _name(b)},
            },
            "coverage": {"from": COVERAGE[0], "to": COVERAGE[1]},
            "period": {"from": lo, "to": hi},
            "source": SOURCE,
            "western": _western_record(),
            "by_year": by_year,
            "shared_senders": shared_list,
            "cases": cases_out,
            "one_sanctions_other": mutual_out,
            "expansion": expansion,
            "gaps": gaps,
        }
    )


def _names(names: Sequence[str] | Mapping[str, str]) -> tuple[str, str]:
    if isinstance(names, Mapping):
        return str(names["a"]), str(names["b"])
    a, b = names
    return str(a), str(b)


def _fmt(r: Mapping[str, Any]) -> str:
    shown = r.get("percentile") is not None and r["shared_states"] >= 1
    pct = f", p{r['percentile']:.0f}" if shown else ""
    n = r["shared_senders"]
    return f"{r['shared_states']} states ({n} sender{'s' if n != 1 else ''}) in {r['year']}{pct}"


def _exposure_spells(by: list[dict[str, Any]]) -> str:
    """The trend as the spells of shared exposure: exposure comes and goes with cases (15 states
    in 1950–1985, none in 1992–2013, 29–30 from 2014 for China–Russia), so a fitted slope would
    call it flat. E.g. "shared since 2014 (none in 1992–2013)", "none since 1991", "never"."""
    if not by:
        return "n/a"
    on = [r["shared_states"] >= 1 for r in by]
    years = [int(r["year"]) for r in by]
    if not any(on):
        return "never shared"
    i = len(on) - 1
    while i > 0 and on[i - 1] == on[-1]:
        i -= 1
    if not on[-1]:
        return f"none since {years[i]}"
    if i == 0:
        return f"shared every year since {years[0]}"
    j = i - 1
    while j > 0 and not on[j - 1]:
        j -= 1
    gap = f"{years[j]}–{years[i - 1]}" if j < i - 1 else str(years[j])
    return f"shared since {years[i]} (none in {gap})"


def sanctions_matrix_row(
    evidence: Mapping[str, Any], names: Sequence[str] | Mapping[str, str]
) -> dict[str, Any]:
    """The evidence-matrix row "Common exposure to Western sanctions", with its rule.

    ``names`` are the pair's display names (``(A, B)`` or ``{"a": A, "b": B}``). Keys:
    ``key="sanctions", driver, measure, then, now, trend, verdict, rule``; ``then``/``now``
    give the shared Western sender states (and senders as recorded) in the first and last year
    of the period within GSDB's coverage, with the pair's percentile among all pairs. The
    verdict follows :data:`RULE`: the pair's standing against the base rate, not an absolute
    count.
    """
    A, B = _names(names)
    by = list(evidence.get("by_year") or [])
    measure = (
        f"Western sender states sanctioning both {A} and {B} (the EU and other Western groups "
        "counted by their members; senders as GSDB records them in brackets) and the pair's "
        "percentile among all pairs of states"
    )
    base = {"key": "sanctions", "driver": DRIVER, "measure": measure, "rule": RULE}
    if not by:
        return {**base, "then": None, "now": None, "trend": "n/a", "verdict": "no data"}
    first, final = by[0], by[-1]
    recent = [r for r in by if r["year"] > final["year"] - EDGE]
    direct_now = any(
        m["direct"] and m["from"] <= final["year"] <= m["to"]
        for m in evidence.get("one_sanctions_other") or []
    )
    pct = final.get("percentile")
    if (
        final["shared_states"] >= 1
        and pct is not None
        and pct >= PERCENTILE_SUPPORTED
        and not direct_now
    ):
        verdict = "supported"
    elif any(r["shared_states"] >= 1 for r in recent):
        verdict = "mixed"
    else:
        verdict = "not supported"
    trend_text = _exposure_spells(by)
    now = _fmt(final)
    if final.get("base_rate") is not None:
        now += f"; {100 * final['base_rate']:.0f}% of pairs share one"
    return {**base, "then": _fmt(first), "now": now, "trend": trend_text, "verdict": verdict}
