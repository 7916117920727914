"""The system view for a question about a year or a span: blocs, polarity, balance.

Each function loads what it needs from the store, calls the pure measures
(:mod:`multipolar.measures.blocs`, :mod:`~multipolar.measures.polarity`,
:mod:`~multipolar.measures.balance`) and returns typed, JSON-ready records. UN agreement
comes from :func:`multipolar.explain.agreement.dyadic_agreement` (cached in the store).

Data coverage shapes what can be asked: UN votes 1946-2019, capabilities 1816-2022, COW
major powers to 2016 (later years carry the 2016 list forward), ATOP alliances to 2018,
rivalries and MIDs to 2010. Answers say when a source does not reach the year asked.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from multipolar import states as _states
from multipolar.errors import InputError, UnknownStateError
from multipolar.explain.agreement import dyadic_agreement, resolve_states
from multipolar.measures.balance import (
    BalanceResult,
    SignedGraph,
    combine_signed,
    frustration_index,
    signed_graph,
)
from multipolar.measures.blocs import (
    WEAK_MODULARITY,
    BlocResult,
    bloc_stability,
    blocs,
    blocs_by_year,
)
from multipolar.measures.blocs import bloc_tracks as _tracks
from multipolar.measures.polarity import bipolarity_by_year, bipolarity_change, concentration
from multipolar.store import Store

__all__ = [
    "NEGATIVE",
    "POSITIVE",
    "BlocTracks",
    "SystemBalance",
    "balance_for_year",
    "bloc_of",
    "bloc_tracks",
    "blocs_for_year",
    "blocs_series",
    "polarity_series",
]

#: Kinds of positive and negative ties a signed network can be built from.
POSITIVE = ("alliances", "agreement")
NEGATIVE = ("rivalries", "mids", "agreement")
#: Default agreement thresholds on Cohen's kappa (quadratic weights): >= 0.8 a positive tie,
#: <= -0.15 (agreeing less than chance) a negative one -- in 2015 about the top 6 % and the
#: bottom 8 % of the 18,528 dyads. Lower/raise them with ``agree_above``/``agree_below``
#: (denser networks take the exact solver longer; past the time limit you get the gap).
AGREE_ABOVE = 0.8
AGREE_BELOW = -0.15
#: ATOP obligations that count as an alliance tie.
ALLIANCE_TYPES = ("atop_defense", "atop_offense")

Weight = Literal["agree", "kappa"]


def _name(ccode: int, year: int | None = None) -> str:
    """The state's name in ``year`` (:func:`multipolar.states.display_name`)."""
    return _states.display_name(ccode, year)


def label_rule(bloc: dict[str, Any], year: int | None) -> str:
    """The rule behind a bloc's label, in words: "led, in material capabilities (CINC 1985),
    by the Soviet Union" (or "labelled by its most connected member, …" without CINC)."""
    name = _states.the(str(bloc["label"]))
    if bloc.get("label_by") == "cinc":
        cy = bloc.get("cinc_year") or year
        return f"led, in material capabilities (CINC {cy}), by {name}"
    return f"labelled by its most connected member (weighted agreement), {name}"


def _with_rules(res: BlocResult) -> BlocResult:
    """The result with each bloc's ``label_rule`` (labels are names of the result's year)."""
    blocs_ = [{**b, "label_rule": label_rule(b, res.year)} for b in res.blocs]
    return replace(res, blocs=blocs_)


def _capabilities(store: Store) -> pd.DataFrame:
    return store.table("cow_nmc").select("ccode", "year", "cinc").to_pandas()


# --- blocs -------------------------------------------------------------------------------
def blocs_for_year(
    store: Store,
    year: int,
    *,
    window: int = 1,
    weight: Weight = "agree",
    resolution: float = 1.0,
    seed: int = 0,
) -> BlocResult:
    """UN voting blocs of ``year`` (pooling ``window`` years up to it)."""
    dyads = dyadic_agreement(store, years=int(year), window=window)
    if dyads.empty:
        raise InputError(f"no UN votes for {year}; UN vote data cover 1946-2019")
    return _blocs(dyads, _capabilities(store), weight=weight, resolution=resolution, seed=seed)


def _blocs(dyads: pd.DataFrame, cap: pd.DataFrame, **options: Any) -> BlocResult:
    return _with_rules(blocs(dyads, capabilities=cap, names=_name, **options))


def blocs_series(
    store: Store,
    start: int,
    end: int,
    *,
    window: int = 1,
    weight: Weight = "agree",
    resolution: float = 1.0,
    seed: int = 0,
) -> list[BlocResult]:
    """:func:`blocs_for_year` for every year from ``start`` to ``end`` with UN votes."""
    if start > end:
        raise InputError(f"--from {start} is after --to {end}")
    dyads = dyadic_agreement(store, years=(start, end), window=window)
    if dyads.empty:
        raise InputError(f"no UN votes in {start}-{end}; UN vote data cover 1946-2019")
    first, last = int(dyads["year"].min()), int(dyads["year"].max())
    if start < first or end > last:
        raise InputError(
            f"UN votes cover {first}-{last} of the years asked; --from {start} --to {end} reaches "
            f"outside them (ask for {max(start, first)}-{min(end, last)})"
        )
    cap = _capabilities(store)
    results = blocs_by_year(
        dyads,
        capabilities=cap,
        names=_name,
        weight=weight,
        resolution=resolution,
        seed=seed,
    )
    return [_with_rules(r) for r in results]


@dataclass(frozen=True)
class BlocTracks:
    """Named states' blocs year by year, and how stable the whole partition was."""

    tracks: pd.DataFrame  # year, ccode, state, bloc, label, leader, size
    stability: pd.DataFrame  # year, previous_year, ari, n_common, n_blocs, modularity
    results: list[BlocResult] = field(repr=False, default_factory=list)

    def table(self) -> pd.DataFrame:
        """One row per year and state with the year's ARI, number of blocs and modularity."""
        out = self.tracks.merge(
            self.stability[["year", "ari", "n_blocs", "modularity"]], on="year", how="left"
        )
        out["weak_partition"] = out["modularity"] < WEAK_MODULARITY
        return out


def bloc_tracks(
    store: Store,
    start: int,
    end: int,
    states: Sequence[int | str],
    *,
    window: int = 1,
    weight: Weight = "agree",
    resolution: float = 1.0,
    seed: int = 0,
) -> BlocTracks:
    """Which bloc each of ``states`` sat in from ``start`` to ``end`` (ARI between years)."""
    codes = resolve_states(list(states), year=end) or []
    if not codes:
        raise InputError("name at least one state to track (--states China,Russia)")
    results = blocs_series(
        store, start, end, window=window, weight=weight, resolution=resolution, seed=seed
    )
    tracks = _tracks(results, codes)
    tracks.insert(
        2,
        "state",
        [_name(int(c), int(y)) for c, y in zip(tracks["ccode"], tracks["year"], strict=True)],
    )
    return BlocTracks(tracks=tracks, stability=bloc_stability(results), results=results)


def bloc_of(
    store: Store, a: int | str, b: int | str, year: int, *, window: int = 1
) -> dict[str, Any]:
    """One line for the ``why`` report: do ``a`` and ``b`` sit in the same UN bloc in ``year``?

    Returns ``{year, ccode1, ccode2, same_bloc, bloc1, bloc2, text}`` (``same_bloc`` None
    and an explanatory ``text`` when there are no UN votes for that year or state), and when
    both sat in a bloc the year's ``modularity`` and ``warning``. States carry the name of the
    year ("the Soviet Union" in 1985); each bloc its ``label_rule`` ("led, in material
    capabilities (CINC 2016), by the United States"); below a modularity of 0.1 the text ends
    with the warning (issue 23 item 6).
    """
    ca, cb = resolve_states([a, b], year=year) or [0, 0]
    na, nb = (_states.the(_name(c, year)) for c in (ca, cb))
    record: dict[str, Any] = {
        "year": int(year),
        "ccode1": ca,
        "ccode2": cb,
        "same_bloc": None,
        "bloc1": None,
        "bloc2": None,
    }
    try:
        res = blocs_for_year(store, year, window=window)
    except InputError as exc:
        record["text"] = f"No UN voting blocs for {year}: {exc}."
        return record
    ba, bb = res.bloc_of(ca), res.bloc_of(cb)
    brief = ("id", "label", "label_rule", "size")
    record["bloc1"] = {k: ba[k] for k in brief} if ba else None
    record["bloc2"] = {k: bb[k] for k in brief} if bb else None
    if ba is None or bb is None:
        missing = na if ba is None else nb
        record["text"] = f"{missing} cast no UN votes counted in {year}, so it sat in no bloc."
        record["text"] = record["text"][:1].upper() + record["text"][1:]
        return record
    same = ba["id"] == bb["id"]
    record["same_bloc"] = same
    record["modularity"] = res.modularity
    record["warning"] = res.warning
    of = f"{res.n_blocs} blocs"
    if same:
        record["text"] = (
            f"{na} and {nb} sat in the same UN voting bloc in {year}: the one "
            f"{ba['label_rule']} ({ba['size']} states; {of})."
        )
    else:
        record["text"] = (
            f"{na} and {nb} sat in different UN voting blocs in {year}: {na} in the one "
            f"{ba['label_rule']} ({ba['size']} states), {nb} in the one {bb['label_rule']} "
            f"({bb['size']} states); {of}."
        )
    if res.warning:
        record["text"] += f" Warning: {res.warning}."
    record["text"] = record["text"][:1].upper() + record["text"][1:]
    return record


# --- polarity ----------------------------------------------------------------------------
def polarity_series(
    store: Store,
    start: int | None = None,
    end: int | None = None,
    *,
    votes: bool = True,
    window: int = 1,
    seed: int = 0,
) -> pd.DataFrame:
    """Yearly polarity: ``year, con_major, con_all, poles_effective, top3, n_blocs,
    modularity, bipolarity`` (+ ``top3_share, n_major, majors_carried``).

    Capability columns cover the NMC years (1816-2022), voting columns the UN years
    (1946-2019; NaN elsewhere). ``attrs["bipolarity_change"]`` compares the means up to
    and after 1991; ``attrs["notes"]`` says how major powers after 2016 were set.
    """
    nmc = _capabilities(store)
    majors = store.frame("cow_majors")
    lo_data, hi_data = int(nmc["year"].min()), int(nmc["year"].max())
    for flag, value in (("--from", start), ("--to", end)):
        if value is not None and not lo_data <= int(value) <= hi_data:
            raise InputError(
                f"{flag} {value} is outside the capability data (NMC, {lo_data}-{hi_data})"
            )
    first = lo_data if start is None else int(start)
    last = hi_data if end is None else int(end)
    if first > last:
        raise InputError(f"--from {first} is after --to {last}")
    con = concentration(nmc, majors, years=range(first, last + 1))
    out = con.copy()
    out["n_blocs"] = np.nan
    out["modularity"] = np.nan
    out["bipolarity"] = np.nan
    lo, hi = max(first, 1946), min(last, 2019)
    if votes and lo <= hi:
        dyads = dyadic_agreement(store, years=(lo, hi), window=window)
        if not dyads.empty:
            results = blocs_by_year(dyads, capabilities=nmc, seed=seed)
            bl = pd.DataFrame(
                {
                    "year": [r.year for r in results],
                    "n_blocs": [r.n_blocs for r in results],
                    "modularity": [r.modularity for r in results],
                }
            )
            bp = bipolarity_by_year(dyads)[["year", "bipolarity"]]
            votes_df = bl.merge(bp, on="year", how="outer")
            out = out.drop(columns=["n_blocs", "modularity", "bipolarity"]).merge(
                votes_df, on="year", how="left"
            )
    cols = [
        "year",
        "con_major",
        "con_all",
        "poles_effective",
        "top3",
        "n_blocs",
        "modularity",
        "bipolarity",
        "top3_share",
        "n_major",
        "n_states",
        "majors_carried",
    ]
    out = out[cols]
    out["n_blocs"] = out["n_blocs"].astype("Int64")
    last_major = int(majors["endyear"].max())
    notes = []
    if (out["year"] > last_major).any():
        notes.append(
            f"COW's major-power list ends in {last_major}; later years use the {last_major} "
            "list (USA, UK, France, Germany, Russia, China, Japan)."
        )
    out.attrs = {
        "bipolarity_change": bipolarity_change(out.dropna(subset=["bipolarity"])),
        "notes": notes,
        "tables": ["cow_nmc", "cow_majors", "unga_votes", "unga_rollcalls"],
    }
    return out


# --- balance -----------------------------------------------------------------------------
@dataclass(frozen=True)
class SystemBalance:
    """A signed network of one year and its structural balance."""

    year: int | None
    result: BalanceResult
    edges: pd.DataFrame  # source, target, sign[, weight]
    signed_by: dict[str, Any]
    notes: list[str]
    tables: list[str]

    def to_dict(self) -> dict[str, Any]:
        out = {"year": self.year, **self.result.to_dict()}
        nodes = [c for camp in ("camp_a", "camp_b") for c in self.result.partition.get(camp, [])]
        out["names"] = {str(c): _name(c, self.year) for c in nodes if isinstance(c, int)}
        out["signed_by"] = self.signed_by
        out["notes"] = self.notes
        return out


def balance_for_year(
    store: Store,
    year: int | None,
    *,
    positive: Sequence[str] = ("alliances",),
    negative: Sequence[str] = ("rivalries", "mids"),
    edges_file: str | Path | None = None,
    states: Sequence[int | str] | None = None,
    agree_above: float = AGREE_ABOVE,
    agree_below: float = AGREE_BELOW,
    conflict: Literal["negative", "positive", "drop"] = "negative",
    weighted: bool = False,
    time_limit: float = 30.0,
    seed: int = 0,
) -> SystemBalance:
    """Structural balance of the signed network of ``year`` (or of a user's edge list).

    Positive ties: ``alliances`` (an ATOP defense or offense obligation that year) and/or
    ``agreement`` (UN vote kappa >= ``agree_above``). Negative ties: ``rivalries``
    (Thompson-Dreyer strategic rivalry active that year), ``mids`` (a militarized dispute
    dyad-year, GML MID) and/or ``agreement`` (kappa <= ``agree_below``). A pair with both
    signs follows ``conflict``. ``states`` restricts the network to those states (all of
    them are nodes, tied or not). ``edges_file``: a CSV ``source,target,sign[,weight]``
    replaces all of that (labels that all name states are read as states; see
    :func:`_read_edges`; ``year`` may be None).

    A network built from the data must have negative ties: without them every state falls
    in one camp and the frustration is 0 by construction, not by balance (rivalry and dispute
    data end in 2010, so ``year=2015`` with the default ties has none). Such a request, or one
    with no ties at all, raises :class:`InputError` saying which data are missing and that
    ``agreement`` ties (UN votes, 1946-2019) can sign the network instead. An edge list
    without negative ties is the user's own: it is solved, with a note.

    ``time_limit`` (seconds, positive) covers the whole computation from this call: reading
    the ties, the triad census, the heuristic and the exact solve.
    """
    started = time.perf_counter()
    if not time_limit > 0:
        raise InputError(f"--time-limit must be a positive number of seconds, not {time_limit}")
    if not -1 <= agree_below < agree_above <= 1:  # also refuses NaN
        raise InputError(
            f"kappa thresholds need -1 <= --agree-below < --agree-above <= 1; got "
            f"{agree_below} and {agree_above}"
        )
    notes: list[str] = []
    tables: list[str] = []
    codes = resolve_states(list(states), year=year) if states else None
    if edges_file is not None:
        edges, label_notes = _read_edges(Path(edges_file), year=year)
        notes += label_notes
        signed_by: dict[str, Any] = {"edges_file": str(edges_file)}
        node_list = None
    else:
        if year is None:
            raise InputError("give --year, or --edges FILE with a signed edge list")
        bad = [p for p in positive if p not in POSITIVE]
        bad += [n for n in negative if n not in NEGATIVE]
        if bad:
            raise InputError(
                f"unknown tie kind(s) {bad}; positive: {', '.join(POSITIVE)}; "
                f"negative: {', '.join(NEGATIVE)}"
            )
        pos, neg, tables = _ties(
            store, int(year), positive, negative, agree_above, agree_below, notes
        )
        if codes is not None:
            pos = pos[pos["ccode1"].isin(codes) & pos["ccode2"].isin(codes)]
            neg = neg[neg["ccode1"].isin(codes) & neg["ccode2"].isin(codes)]
        edges = combine_signed(pos, neg, conflict=conflict)
        signed_by = {
            "positive": list(positive),
            "negative": list(negative),
            "agree_above": agree_above if "agreement" in positive else None,
            "agree_below": agree_below if "agreement" in negative else None,
            "alliance_types": list(ALLIANCE_TYPES) if "alliances" in positive else None,
            "conflict": conflict,
        }
        node_list = codes
        _refuse_uninformative(edges, int(year), negative, notes, among=codes is not None)
    if codes is not None and edges_file is not None:
        keep = edges["source"].isin(codes) & edges["target"].isin(codes)
        edges = edges[keep]
        if edges.empty:
            raise InputError(f"the edge list has no edge between the states given ({states})")
    if edges_file is not None and not edges["sign"].map(_is_negative).any():
        notes.append(
            "the edge list has no negative ties: it is balanced by construction (one camp, "
            "frustration 0)"
        )
    if node_list is None:
        graph: pd.DataFrame | SignedGraph = edges
    else:
        graph = signed_graph(edges, nodes=list(node_list), weighted=weighted)
    remaining = time_limit - (time.perf_counter() - started)
    result = frustration_index(graph, weighted=weighted, time_limit=max(remaining, 1e-3), seed=seed)
    return SystemBalance(
        year=None if year is None else int(year),
        result=result,
        edges=edges.reset_index(drop=True),
        signed_by=signed_by,
        notes=notes,
        tables=tables,
    )


_COVERAGE = {
    "alliances": "ATOP alliances cover 1815-2018",
    "rivalries": "strategic rivalries 1816-2010",
    "mids": "militarized disputes 1816-2010",
    "agreement": "UN votes 1946-2019",
}


def _refuse_uninformative(
    edges: pd.DataFrame, year: int, negative: Sequence[str], notes: list[str], *, among: bool
) -> None:
    """Raise :class:`InputError` for a network that cannot carry a balance result."""
    where = " among the states given" if among else ""
    missing = "; ".join(notes) or "; ".join(_COVERAGE[k] for k in negative if k in _COVERAGE)
    hint = (
        "sign the network by UN voting instead (`--signed-by agreement`, 1946-2019), or pick a "
        "year the data cover"
    )
    if edges.empty:
        raise InputError(f"the signed network of {year} has no ties{where} ({missing}); {hint}")
    if not (edges["sign"] < 0).any():
        kinds = ", ".join(negative)
        raise InputError(
            f"the signed network of {year} has no negative ties{where} (from {kinds}: "
            f"{missing or 'none recorded that year'}), so every state would fall in one camp and "
            f"the frustration would be 0 by construction; {hint}"
        )


def _ties(
    store: Store,
    year: int,
    positive: Sequence[str],
    negative: Sequence[str],
    above: float,
    below: float,
    notes: list[str],
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    empty = pd.DataFrame({"ccode1": pd.Series(dtype="int64"), "ccode2": pd.Series(dtype="int64")})
    pos, neg, tables = [empty], [empty], []
    if "agreement" in positive or "agreement" in negative:
        tables += ["unga_votes", "unga_rollcalls"]
        dy = dyadic_agreement(store, years=year)
        if dy.empty:
            notes.append(f"no UN votes for {year} (UN data cover 1946-2019): no agreement ties")
        else:
            if "agreement" in positive:
                pos.append(dy.loc[dy["kappa"] >= above, ["ccode1", "ccode2"]])
            if "agreement" in negative:
                neg.append(dy.loc[dy["kappa"] <= below, ["ccode1", "ccode2"]])
    if "alliances" in positive:
        tables.append("atop_ddy")
        atop = store.table("atop_ddy")
        atop = atop.filter(atop.year == year).to_pandas()
        if atop.empty:
            notes.append(f"no ATOP alliance data for {year} (ATOP covers 1815-2018)")
        else:
            tie = atop[list(ALLIANCE_TYPES)].fillna(0).astype(int).sum(axis=1) > 0
            pos.append(atop.loc[tie, ["ccode1", "ccode2"]])
    if "rivalries" in negative:
        tables.append("td_rivalries")
        riv = store.frame("td_rivalries")
        if year > int(riv["endyear"].max()):
            notes.append(f"strategic rivalry data end in {int(riv['endyear'].max())}")
        active = riv[(riv["styear"] <= year) & (riv["endyear"] >= year)]
        neg.append(active[["ccode1", "ccode2"]])
    if "mids" in negative:
        tables.append("gml_mid_ddydisps")
        mid = store.table("gml_mid_ddydisps")
        mid = mid.filter(mid.year == year).select("ccode1", "ccode2").to_pandas()
        if mid.empty:
            notes.append(f"no militarized disputes recorded for {year} (GML MIDs cover 1816-2010)")
        neg.append(mid)
    p = pd.concat(pos, ignore_index=True).dropna().astype("int64")
    n = pd.concat(neg, ignore_index=True).dropna().astype("int64")
    return p, n, tables


def _read_edges(path: Path, *, year: int | None = None) -> tuple[pd.DataFrame, list[str]]:
    """A user's signed edge list ``source,target,sign[,weight]`` and notes on its labels.

    Labels of digits are COW codes (or any node number) and stay numbers. Text labels are
    read as states only when *every* text label names a state exactly
    (:func:`multipolar.states.resolve` in ``year``); otherwise all of them stay the user's
    labels, as given -- any signed network works, and no label is ever re-mapped to a state
    it merely resembles. Close state names are suggested (in a note) only for the few labels
    that failed when most named states, the sign of a typo. Two labels naming one state
    ("USA", "United States") are an error, not a silent merge. An empty file or an empty
    cell is an error naming the line.
    """
    if not path.is_file():
        raise InputError(f"no edge file at {path}")
    try:
        df = pd.read_csv(path, dtype=str, skipinitialspace=True, keep_default_na=False)
    except pd.errors.EmptyDataError:
        raise InputError(
            f"the edge file {path} is empty; it needs a header source,target,sign and one row "
            "per edge"
        ) from None
    except (pd.errors.ParserError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"cannot read {path} as CSV: {' '.join(str(exc).split())}") from exc
    df.columns = [str(c).strip().lower() for c in df.columns]
    need = {"source", "target", "sign"} - set(df.columns)
    if need:
        raise InputError(f"{path.name} lacks column(s) {sorted(need)}; need source,target,sign")
    keep = ["source", "target", "sign"] + (["weight"] if "weight" in df.columns else [])
    df = df[keep].apply(lambda col: col.str.strip())
    if df.empty:
        raise InputError(f"the edge file {path} has a header but no edges")
    blank = df[["source", "target", "sign"]].eq("")
    if blank.any().any():
        rows = blank.any(axis=1).to_numpy().nonzero()[0]
        col = blank.columns[blank.iloc[rows[0]].to_numpy()][0]
        raise InputError(
            f"{path.name} line {rows[0] + 2} has an empty {col} ({len(rows)} row(s) with an "
            "empty source, target or sign); fill or remove them"
        )
    mapping, notes = _node_labels(pd.unique(pd.concat([df["source"], df["target"]])), year)
    for col in ("source", "target"):
        df[col] = df[col].map(mapping)
    return df, notes


def _node_labels(labels: Sequence[str], year: int | None) -> tuple[dict[str, Any], list[str]]:
    """``{label: COW code or the label}`` by the rule of :func:`_read_edges`, and notes."""
    mapping: dict[str, Any] = {t: int(t) for t in labels if t.isdigit()}
    texts = [t for t in labels if not t.isdigit()]
    if not texts:
        return mapping, []
    reg = _states.registry()
    codes: dict[str, int] = {}
    failed: dict[str, str] = {}
    for text in texts:
        key = _states.norm(text)
        if key not in reg.names and key not in reg.iso3_index and key not in reg.ambiguous:
            failed[text] = "not a state name"  # no suggestion computed: it may be any label
            continue
        try:
            codes[text] = _states.resolve(text, year).ccode
        except UnknownStateError as exc:
            failed[text] = str(exc)
    if failed:
        mapping.update({t: t for t in texts})
        notes = []
        if codes:
            shown = list(failed.items())[:5]
            if len(failed) <= 5:  # a few failures among state names: likely typos
                shown = [
                    (t, why + _did_you_mean(t) if why == "not a state name" else why)
                    for t, why in shown
                ]
            listed = "; ".join(f"{t!r}: {why}" for t, why in shown)
            more = f" (and {len(failed) - 5} more)" if len(failed) > 5 else ""
            notes.append(
                f"{len(codes)} of {len(texts)} labels name states, but {len(failed)} do not "
                f"({listed}{more}), so every label is kept as given, none read as a state"
            )
        return mapping, notes
    by_code: dict[int, str] = {int(k): k for k in mapping}
    for text, code in codes.items():
        if code in by_code:
            raise InputError(
                f"labels {by_code[code]!r} and {text!r} both name {_name(code)} ({code}); use one "
                "label per state"
            )
        by_code[code] = text
        mapping[text] = code
    return mapping, []


def _is_negative(sign: object) -> bool:
    text = str(sign).strip().lower()
    return text.startswith("-") or text in ("negative", "neg")


def _did_you_mean(text: str) -> str:
    close = _states.suggest(text)
    return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""


def bloc_network(
    store: Store, result: BlocResult, *, window: int = 1, ties: int = 3
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes and strongest ties of a year's agreement graph, placed for drawing.

    Nodes ``ccode, state, bloc, label, x, y``: classical scaling (first two dimensions) of
    the agreement matrix, so distance reads as disagreement. Edges ``ccode1, ccode2,
    agree``: each state's ``ties`` strongest agreements (drawing all ~18,000 would hide it).
    """
    if result.year is None:
        raise InputError("the bloc result has no year")
    dyads = dyadic_agreement(store, years=int(result.year), window=window).dropna(subset=["agree"])
    nodes = np.array(sorted(result.membership))
    idx = {int(c): k for k, c in enumerate(nodes)}
    d = dyads[dyads["ccode1"].isin(idx) & dyads["ccode2"].isin(idx)]
    n = len(nodes)
    a = np.full((n, n), float(d["agree"].mean()) if len(d) else 0.0)
    i = d["ccode1"].map(idx).to_numpy()
    j = d["ccode2"].map(idx).to_numpy()
    a[i, j] = a[j, i] = d["agree"].to_numpy()
    np.fill_diagonal(a, 1.0)
    centre = np.eye(n) - 1.0 / n
    vals, vecs = np.linalg.eigh(centre @ a @ centre)
    xy = vecs[:, -2:][:, ::-1] * np.sqrt(np.clip(vals[-2:][::-1], 0, None))
    node_df = pd.DataFrame(
        {
            "ccode": nodes,
            "state": [_name(int(c), result.year) for c in nodes],
            "bloc": [result.membership[int(c)] for c in nodes],
            "x": xy[:, 0],
            "y": xy[:, 1] if n > 1 else 0.0,
        }
    )
    node_df["label"] = node_df["bloc"].map({b["id"]: b["label"] for b in result.blocs})
    long = pd.concat(
        [
            d.rename(columns={"ccode1": "a", "ccode2": "b"}),
            d.rename(columns={"ccode2": "a", "ccode1": "b"}),
        ]
    )
    top = long.sort_values("agree", ascending=False).groupby("a").head(ties)
    edges = pd.DataFrame(
        {
            "ccode1": np.minimum(top["a"], top["b"]),
            "ccode2": np.maximum(top["a"], top["b"]),
            "agree": top["agree"],
        }
    ).drop_duplicates(["ccode1", "ccode2"])
    return node_df, edges.reset_index(drop=True)
