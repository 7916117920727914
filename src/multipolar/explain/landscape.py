"""Which two camps do the interests of the powers predict? Landscape theory for a year.

:func:`landscape_for_year` takes the states (default: the 20 with the largest CINC that
year; NMC ends in 2022, later years carry the 2022 ranking and sizes forward), their sizes
(CINC) and pairwise propensities, and solves the landscape exactly
(:func:`multipolar.measures.landscape.landscape`). Propensities:

``agreement``
    UN vote kappa of the pair that year (:func:`multipolar.explain.agreement.dyadic_agreement`;
    extra keyword options pass through), minus the mean kappa over the actors' pairs.
``alliances``
    ATOP alliance-portfolio kappa (CINC-weighted), minus its mean over the actors' pairs.
``composite``
    The mean of the two, each first standardised over the actors' pairs (z-scores); a pair
    with only one of them takes that one.

Centring (``centre="mean"``, the default) makes a positive propensity mean "closer than the
average pair of these actors"; without it (``centre="none"``) kappa's own zero, chance
agreement, is the line, and among states that mostly vote alike the grand coalition wins
trivially. Pairs without a value count as 0 and are reported.

What-if scenarios change the inputs and solve again: ``set_pairs`` (``"CHN-RUS=0.2"`` sets
the propensity, ``"CHN-RUS+=0.2"`` / ``"CHN-RUS-=0.2"`` shift it), ``drop`` (states
left out), ``sizes`` (``"CHN=0.3"``); the answer lists the states that switch camp.

:func:`landscape_vs_alliances` and :func:`landscape_vs_blocs` are the historical tests of
docs/forecast.md: the predicted camps against NATO / Warsaw Pact membership (from ATOP)
1950-1989, and against the UN voting blocs of ``multipolar blocs`` from 2000.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from multipolar import states as _states
from multipolar.errors import InputError, UnknownStateError
from multipolar.explain.agreement import dyadic_agreement, resolve_states
from multipolar.explain.provenance import sources_for
from multipolar.jsonutil import jsonable
from multipolar.measures.landscape import (
    LandscapeProblem,
    LandscapeResult,
    apply_scenario,
    camp_switches,
    landscape,
    landscape_problem,
)
from multipolar.store import Store

__all__ = [
    "PROPENSITIES",
    "LandscapeAnswer",
    "landscape_for_year",
    "landscape_vs_alliances",
    "landscape_vs_blocs",
    "parse_scenario",
]

PROPENSITIES = ("agreement", "alliances", "composite")
Propensity = Literal["agreement", "alliances", "composite"]
TOP = 20


def _state(code: int) -> dict[str, Any]:
    try:
        st = _states.state(int(code))
        return {
            "ccode": int(code),
            "iso3": st.iso3 or st.abbrev,
            "name": _states.display_name(code),
        }
    except UnknownStateError:
        return {"ccode": int(code), "iso3": str(code), "name": str(code)}


# --- inputs ------------------------------------------------------------------------------
def _cinc(store: Store, year: int) -> tuple[pd.Series, int, list[str]]:
    nmc = store.table("cow_nmc").select("ccode", "year", "cinc").to_pandas().dropna()
    last = int(nmc["year"].max())
    use = min(int(year), last)
    notes = []
    if year > last:
        notes.append(
            f"capabilities (NMC) end in {last}; sizes and the top states of {year} are those of "
            f"{last}"
        )
    g = nmc[nmc["year"] == use]
    if g.empty:
        raise InputError(f"no capabilities (CINC) for {year}; NMC covers 1816–{last}")
    s = g.set_index("ccode")["cinc"].astype(float)
    s.index = s.index.astype(int)
    return s, use, notes


def _pair_values(
    store: Store, year: int, codes: list[int], kind: str, options: dict[str, Any]
) -> tuple[pd.Series, list[str], list[str]]:
    """Raw (uncentred) propensity per pair ``(ccode1, ccode2)`` among ``codes``."""
    notes: list[str] = []
    if kind == "agreement":
        df = dyadic_agreement(store, years=int(year), **options)
        tables = ["unga_votes", "unga_rollcalls"]
        what = "UN votes"
    else:
        if options:
            raise InputError(f"options {sorted(options)} apply to UN votes, not to alliances")
        df = dyadic_agreement(store, source="alliances", years=int(year))
        tables = ["atop_ddy", "cow_nmc"]
        what = "ATOP alliances"
    df = df[df["ccode1"].isin(codes) & df["ccode2"].isin(codes)].dropna(subset=["kappa"])
    if df.empty:
        raise InputError(f"no {what} for {year} among these states")
    s = df.set_index(["ccode1", "ccode2"])["kappa"].astype(float)
    return s, tables, notes


def _propensities(
    store: Store,
    year: int,
    codes: list[int],
    kind: str,
    centre: str,
    options: dict[str, Any],
) -> tuple[pd.DataFrame, list[str], list[str]]:
    if kind not in PROPENSITIES:
        raise InputError(f"unknown propensity {kind!r}; use {', '.join(PROPENSITIES)}")
    if centre not in ("mean", "none"):
        raise InputError(f"centre must be 'mean' or 'none', not {centre!r}")
    notes: list[str] = []
    tables: list[str] = []
    if kind == "composite":
        parts = []
        for k in ("agreement", "alliances"):
            try:
                s, t, n = _pair_values(store, year, codes, k, options if k == "agreement" else {})
            except InputError as exc:
                notes.append(f"composite without {k}: {exc}")
                continue
            sd = float(s.std(ddof=0))
            parts.append((s - s.mean()) / sd if sd > 0 else s * 0.0)
            tables += t
            notes += n
        if not parts:
            raise InputError(f"no UN votes and no ATOP alliances for {year} among these states")
        values = pd.concat(parts, axis=1).mean(axis=1)
    else:
        values, tables, notes = _pair_values(store, year, codes, kind, options)
        if centre == "mean":
            values = values - values.mean()
    df = pd.DataFrame(
        {
            "source": values.index.get_level_values(0).astype(int),
            "target": values.index.get_level_values(1).astype(int),
            "propensity": values.to_numpy(dtype=float),
        }
    )
    return df, tables, notes


def parse_scenario(
    set_pairs: Sequence[str] = (),
    drop: Sequence[str | int] = (),
    sizes: Sequence[str] = (),
    *,
    year: int | None = None,
) -> dict[str, Any]:
    """What-if strings to COW codes: ``"CHN-RUS=0.2"``, ``"CHN-RUS+=0.1"``, ``"CHN=0.3"``.

    >>> parse_scenario(["CHN-RUS+=0.1"], ["Japan"], ["CHN=0.3"])["add_propensity"]
    {(710, 365): 0.1}
    """
    out: dict[str, Any] = {"set_propensity": {}, "add_propensity": {}, "drop": [], "set_size": {}}
    for text in set_pairs:
        if "=" not in text:
            raise InputError(f"--set {text!r}: write A-B=x (set), A-B+=x or A-B-=x (shift)")
        left, value = text.split("=", 1)
        sign = 0
        if left.endswith("+"):
            sign, left = 1, left[:-1]
        elif left.endswith("-") and left.count("-") > 1:
            sign, left = -1, left[:-1]
        v = _number(value, text)
        pair = _split_pair(left.strip(), year)
        if sign:
            out["add_propensity"][pair] = sign * v
        else:
            out["set_propensity"][pair] = v
    for d in drop:
        out["drop"].append(int(d) if isinstance(d, int) else _states.resolve(d, year).ccode)
    for text in sizes:
        if "=" not in text:
            raise InputError(f"--size {text!r}: write STATE=x (a CINC share, e.g. CHN=0.3)")
        name, value = text.split("=", 1)
        out["set_size"][_states.resolve(name.strip(), year).ccode] = _number(value, text)
    return out


def _number(value: str, text: str) -> float:
    try:
        v = float(value.strip())
    except ValueError as exc:
        raise InputError(f"{text!r}: {value!r} is not a number") from exc
    if not np.isfinite(v):
        raise InputError(f"{text!r}: the value must be finite")
    return v


def _split_pair(text: str, year: int | None) -> tuple[int, int]:
    """``"CHN-RUS"``; names may hold hyphens, but only one split may name two states."""
    found = set()
    for k, ch in enumerate(text):
        if ch != "-":
            continue
        try:
            a = _states.resolve(text[:k].strip(), year).ccode
            b = _states.resolve(text[k + 1 :].strip(), year).ccode
        except UnknownStateError:
            continue
        found.add((a, b))
    if not found:
        raise InputError(f"cannot read {text!r} as two states A-B (e.g. CHN-RUS)")
    if len(found) > 1:
        raise InputError(f"{text!r} can be read as more than one pair; use ISO codes (CHN-RUS)")
    a, b = found.pop()
    if a == b:
        raise InputError(f"{text!r} names the same state twice")
    return a, b


# --- the answer --------------------------------------------------------------------------
@dataclass
class LandscapeAnswer:
    """The landscape of one year, and of a what-if scenario if one was asked."""

    year: int
    propensity: str
    centre: str
    actors: list[dict[str, Any]]
    pairs: pd.DataFrame  # source, target, propensity (as used)
    result: LandscapeResult
    scenario: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)

    def name(self, code: Any) -> str:
        for a in self.actors:
            if a["ccode"] == code:
                return str(a["name"])
        return str(code)

    def to_dict(self) -> dict[str, Any]:
        scen = None
        if self.scenario is not None:
            scen = {k: v for k, v in self.scenario.items() if k != "result"}
            scen["result"] = self.scenario["result"].to_dict()
        return jsonable(
            {
                "year": self.year,
                "propensity": self.propensity,
                "centre": self.centre,
                "actors": self.actors,
                "pairs": self.pairs.to_dict("records"),
                "result": self.result.to_dict(),
                "scenario": scen,
                "notes": self.notes,
                "sources": self.sources,
            }
        )


def landscape_for_year(
    store: Store,
    year: int,
    *,
    states: Sequence[str | int] | None = None,
    top: int = TOP,
    propensity: Propensity = "agreement",
    centre: Literal["mean", "none"] = "mean",
    set_pairs: Sequence[str] = (),
    drop: Sequence[str | int] = (),
    sizes: Sequence[str] = (),
    method: Literal["auto", "exhaustive", "milp"] = "auto",
    starts: int = 20_000,
    time_limit: float = 30.0,
    **options: Any,
) -> LandscapeAnswer:
    """The two-camp landscape of ``year`` and, with what-if changes, of the scenario."""
    cinc, used, notes = _cinc(store, int(year))
    if states:
        codes = resolve_states(list(states), year=min(int(year), used)) or []
        missing = [c for c in codes if c not in cinc.index]
        if missing:
            raise InputError(
                f"no CINC for {[_state(c)['name'] for c in missing]} in {used}; drop them"
            )
    else:
        if top < 2:
            raise InputError("--top must be at least 2")
        codes = [int(c) for c in cinc.sort_values(ascending=False).index[:top]]
    codes = sorted(set(codes))
    if len(codes) < 2:
        raise InputError("a landscape needs at least two states")
    pairs, tables, more = _propensities(store, int(year), codes, propensity, centre, dict(options))
    notes += more
    present = set(pairs["source"]) | set(pairs["target"])
    absent = [c for c in codes if c not in present]
    if absent:  # no value with anyone: an actor indifferent to all only doubles every minimum
        notes.append(
            f"left out for want of any {propensity} value in {year}: "
            + ", ".join(_state(c)["name"] for c in absent)
        )
        codes = [c for c in codes if c in present]
    if len(codes) < 2:
        raise InputError(f"fewer than two of these states have {propensity} values in {year}")
    prob = landscape_problem({c: float(cinc[c]) for c in codes}, pairs)
    if prob.missing_pairs:
        notes.append(
            f"{prob.missing_pairs} of {len(codes) * (len(codes) - 1) // 2} pairs have no "
            f"{propensity} value in {year} and count as 0 (indifferent)"
        )
    result = landscape(prob, method=method, starts=starts, time_limit=time_limit)
    scenario = None
    if set_pairs or drop or sizes:
        changes = parse_scenario(set_pairs, drop, sizes, year=min(int(year), used))
        new = apply_scenario(prob, **changes)
        res2 = landscape(new, method=method, starts=starts, time_limit=time_limit)
        moved = camp_switches(result.global_minimum, res2.global_minimum)
        scenario = {
            "changes": {
                "set": [[*k, v] for k, v in changes["set_propensity"].items()],
                "shift": [[*k, v] for k, v in changes["add_propensity"].items()],
                "drop": changes["drop"],
                "size": [[k, v] for k, v in changes["set_size"].items()],
            },
            "text": [*set_pairs, *(f"drop {d}" for d in drop), *(f"size {s}" for s in sizes)],
            "switches": moved,
            "switch_names": [_state(c)["name"] for c in moved],
            "result": res2,
            "energy_change": res2.global_minimum.energy - result.global_minimum.energy,
        }
    actors = [_state(c) | {"size": float(cinc[c])} for c in codes]
    return LandscapeAnswer(
        year=int(year),
        propensity=propensity,
        centre=centre,
        actors=actors,
        pairs=pairs,
        result=result,
        scenario=scenario,
        notes=notes + result.notes,
        sources=sources_for(sorted(set(tables) | {"cow_nmc"}), store),
    )


# --- historical tests --------------------------------------------------------------------
def _cold_war_camps(atop: pd.DataFrame, year: int) -> tuple[set[int], set[int]]:
    """NATO and Warsaw Pact (Soviet bloc) members of ``year`` from ATOP defense pledges.

    West: Canada and its defense partners (Canada's only defense commitments are NATO and
    NORAD). East: the USSR and its European defense partners (COW codes 200-399) outside
    the West that have a defense pledge with another such partner (drops Finland, whose
    1948 treaty bound it to the USSR alone).
    """
    d = atop[(atop["year"] == year) & (atop["atop_defense"] == 1)]
    pairs = set(zip(d["ccode1"].astype(int), d["ccode2"].astype(int), strict=True))
    partners: dict[int, set[int]] = {}
    for a, b in pairs:
        partners.setdefault(a, set()).add(b)
        partners.setdefault(b, set()).add(a)
    west = {20} | partners.get(20, set())
    cand = {c for c in partners.get(365, set()) if 200 <= c < 400 and c not in west}
    east = {365} | {c for c in cand if partners.get(c, set()) & (cand - {c})}
    return west, east


def _majors_and_neighbours(store: Store, year: int) -> list[int]:
    majors = store.frame("cow_majors")
    m = set(majors[(majors["styear"] <= year) & (majors["endyear"] >= year)]["ccode"].astype(int))
    cont = store.frame("cow_contdir")
    mid = pd.Timestamp(year=year, month=6, day=30)
    start = pd.to_datetime(cont["stdate"])
    end = pd.to_datetime(cont["enddate"])
    c = cont[(cont["conttype"] == 1) & (start <= mid) & (end >= mid)]
    nb = set(c[c["ccode1"].isin(m)]["ccode2"].astype(int)) | set(
        c[c["ccode2"].isin(m)]["ccode1"].astype(int)
    )
    return sorted(m | nb)


def _score(
    res: LandscapeResult, anchor: int, ours: set[int], theirs: set[int]
) -> tuple[int, int, list[int]]:
    """Correct placements with the anchor's camp fixed as ``ours``."""
    g = res.global_minimum
    side = g.camp_a if anchor in g.camp_a else g.camp_b
    scored = [a for a in res.actors if a in ours or a in theirs]
    wrong = [a for a in scored if (a in side) != (a in ours)]
    return len(scored) - len(wrong), len(scored), wrong


def landscape_vs_alliances(
    store: Store,
    years: Sequence[int] = range(1950, 1990),
    *,
    propensity: Propensity = "agreement",
    centre: Literal["mean", "none"] = "mean",
    **options: Any,
) -> pd.DataFrame:
    """Predicted camps of the major powers and their land neighbours vs NATO / Warsaw Pact.

    Each year: the actors are the COW major powers and the states contiguous to them by
    land that have a CINC value and a propensity; the camp of the USA is fixed as the
    NATO side. Scored are the actors in either alliance (:func:`_cold_war_camps`). Returns
    ``year, n_actors, n_scored, correct, accuracy, majority, misplaced, method``;
    ``majority`` is the accuracy of putting every scored actor in the larger alliance.
    """
    atop = store.frame("atop_ddy")
    rows = []
    for y in years:
        west, east = _cold_war_camps(atop, int(y))
        codes = _majors_and_neighbours(store, int(y))
        ans = _solve_for_test(store, int(y), codes, propensity, centre, options)
        if ans is None:
            continue
        res = ans.result
        correct, scored, wrong = _score(res, 2, west, east)
        n_w = sum(1 for a in res.actors if a in west)
        rows.append(
            {
                "year": int(y),
                "n_actors": len(res.actors),
                "n_scored": scored,
                "correct": correct,
                "accuracy": correct / scored if scored else np.nan,
                "majority": max(n_w, scored - n_w) / scored if scored else np.nan,
                "misplaced": ", ".join(_state(c)["iso3"] for c in wrong),
                "method": "exhaustive" if res.exact else "milp",
            }
        )
    return pd.DataFrame(rows)


def landscape_vs_blocs(
    store: Store,
    years: Sequence[int] = range(2000, 2027),
    *,
    top: int = TOP,
    propensity: Propensity = "agreement",
    centre: Literal["mean", "none"] = "mean",
    **options: Any,
) -> pd.DataFrame:
    """Predicted camps of the top-CINC states vs the UN voting blocs of ``multipolar blocs``.

    The truth of a year: whether each actor sits in the USA's Leiden bloc
    (:func:`multipolar.explain.system.blocs_for_year`); the USA's camp is fixed as that
    bloc. Years without UN votes are skipped (``attrs["skipped"]``).
    """
    from multipolar.explain.system import blocs_for_year

    rows, skipped = [], []
    for y in years:
        try:
            bl = blocs_for_year(
                store, int(y), **{k: v for k, v in options.items() if k == "window"}
            )
        except InputError:
            skipped.append(int(y))
            continue
        us = bl.bloc_of(2)
        if us is None:
            skipped.append(int(y))
            continue
        mine = {int(c) for c, b in bl.membership.items() if b == us["id"]}
        cinc, _, _ = _cinc(store, int(y))
        codes = [int(c) for c in cinc.sort_values(ascending=False).index[:top]]
        others = {c for c in codes if c in bl.membership and c not in mine}
        ans = _solve_for_test(store, int(y), codes, propensity, centre, options)
        if ans is None:
            skipped.append(int(y))
            continue
        correct, scored, wrong = _score(ans.result, 2, mine, others)
        n_w = sum(1 for a in ans.result.actors if a in mine)
        rows.append(
            {
                "year": int(y),
                "n_actors": len(ans.result.actors),
                "n_scored": scored,
                "correct": correct,
                "accuracy": correct / scored if scored else np.nan,
                "majority": max(n_w, scored - n_w) / scored if scored else np.nan,
                "misplaced": ", ".join(_state(c)["iso3"] for c in wrong),
                "n_blocs": bl.n_blocs,
            }
        )
    out = pd.DataFrame(rows)
    out.attrs["skipped"] = skipped
    return out


def _solve_for_test(
    store: Store,
    year: int,
    codes: list[int],
    propensity: str,
    centre: str,
    options: Mapping[str, Any],
) -> LandscapeAnswer | None:
    cinc, _, _ = _cinc(store, year)
    codes = [c for c in codes if c in cinc.index]
    try:
        pairs, _, _ = _propensities(store, year, codes, propensity, centre, dict(options))
    except InputError:
        return None
    present = sorted(set(pairs["source"]) | set(pairs["target"]))
    if len(present) < 3:
        return None
    prob: LandscapeProblem = landscape_problem({c: float(cinc[c]) for c in present}, pairs)
    res = landscape(prob, starts=200)
    return LandscapeAnswer(
        year=year,
        propensity=propensity,
        centre=centre,
        actors=[_state(c) for c in present],
        pairs=pairs,
        result=res,
    )
