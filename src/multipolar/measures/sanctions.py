r"""Sanctions between states: group expansion, common exposure, mutual sanctions, base rates.

The input is the directed dyad-year table of the Global Sanctions Data Base
(``gsdb_sanctions_dyad``: ``case_id, year, sender, sender_kind, sender_ccode, sender_group,
target, target_kind, target_ccode, target_group, types``; Felbermayr et al. 2020,
doi:10.1016/j.euroecorev.2020.103561). A *case* is one GSDB row: one sanction regime with its
senders, target(s), years and types; a case counts in every year from its ``begin`` to its
``end``.

1. :func:`expand_groups` turns groups (the EU, the UN, the League of Arab States, …) into their
   member states in each year, on either side, and keeps which group a row came through.
2. :func:`flag_western` marks the rows imposed by Western senders under a stated definition
   (a table passed in; multipolar's own is ``multipolar.sources.gsdb.western_definition()``).
3. :func:`common_exposure` counts, by year, the senders that sanction both A and B;
   :func:`one_sanctions_other` lists the rows in which one of the pair sanctions the other;
   :func:`exposure_base_rate` places the pair among all pairs of states in the system.

All functions are pure: tables in, tables out, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from multipolar.errors import MeasureError

STATE_COLUMNS = [
    "case_id",
    "year",
    "sender_ccode",
    "target_ccode",
    "sender",
    "target",
    "sender_via",
    "target_via",
    "types",
]
_DYAD_REQUIRED = [
    "case_id",
    "year",
    "sender",
    "sender_kind",
    "sender_ccode",
    "sender_group",
    "target",
    "target_kind",
    "target_ccode",
    "target_group",
]


def _require(df: pd.DataFrame, cols: Iterable[str], what: str) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise MeasureError(f"{what} lacks the column(s) {', '.join(missing)}")


def member_years(groups: pd.DataFrame, last_year: int) -> pd.DataFrame:
    """One row per ``(group, ccode, year)`` of the membership table, open ends to ``last_year``.

    ``groups`` has ``group, ccode, from_year, to_year`` (``to_year`` null while ongoing).

    >>> g = pd.DataFrame({"group": ["EU", "EU"], "ccode": [200, 220], "from_year": [1973, 1958],
    ...                   "to_year": [2019, None]})
    >>> m = member_years(g, 2020)
    >>> sorted(m.loc[m["year"] == 2020, "ccode"].tolist()), len(m)
    ([220], 110)
    """
    _require(groups, ["group", "ccode", "from_year", "to_year"], "groups")
    g = groups[["group", "ccode", "from_year", "to_year"]].copy()
    g["to_year"] = pd.to_numeric(g["to_year"]).fillna(last_year).clip(upper=last_year)
    g = g[g["to_year"] >= g["from_year"]]
    n = (g["to_year"] - g["from_year"] + 1).astype(int).to_numpy()
    rep = g.loc[g.index.repeat(n)].reset_index(drop=True)
    offset = np.concatenate([np.arange(k) for k in n]) if len(n) else np.array([], dtype=int)
    rep["year"] = rep["from_year"].astype(int).to_numpy() + offset
    out = rep[["group", "ccode", "year"]].drop_duplicates(ignore_index=True)
    return out.astype({"group": "string", "ccode": "int64", "year": "int64"})


def _side(dyad: pd.DataFrame, side: str, members: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``dyad`` with ``side`` as states: direct state rows plus group rows expanded."""
    kind = dyad[f"{side}_kind"]
    direct = dyad[kind == "state"].copy()
    direct[f"{side}_via"] = pd.NA
    grp = dyad[kind == "group"]
    m = members.rename(columns={"group": f"{side}_group", "ccode": "_member"})
    exp = grp.merge(m, on=[f"{side}_group", "year"], how="inner")
    exp[f"{side}_ccode"] = exp["_member"]
    exp[f"{side}_via"] = exp[f"{side}_group"]
    exp = exp.drop(columns=["_member"])
    out = pd.concat([direct, exp], ignore_index=True)
    out[f"{side}_ccode"] = out[f"{side}_ccode"].astype("int64")
    out[f"{side}_via"] = out[f"{side}_via"].astype("string")
    return out


def expand_groups(
    dyad: pd.DataFrame, groups: pd.DataFrame, *, keep_self: bool = False
) -> pd.DataFrame:
    r"""State-to-state dyad-years: every group sender or target replaced by its members that year.

    A row whose sender is group :math:`g` in year :math:`t` becomes one row per member
    :math:`i \in M_g(t)` with ``sender_ccode = i`` and ``sender_via = g``; likewise for targets
    (``target_via``). Membership :math:`M_g(t)` comes from ``groups`` (``group, ccode,
    from_year, to_year``; multipolar's list is ``multipolar.sources.gsdb.group_memberships()``,
    where a state is a member in the years it belonged at year's end).

    Rules, each counted in ``out.attrs`` (nothing disappears unseen):

    * ``other_rows``: input rows with a non-state side (a territory, a non-state actor) —
      they have no state to expand to and are left out;
    * ``no_members``: ``{group: rows}`` for group rows with no listed member that year
      (groups without a membership list, or years outside it);
    * ``self_dyads``: rows where a member would sanction itself (the League of Arab States'
      boycott and a member's own case; ECOWAS on ECOWAS) — left out unless ``keep_self``;
    * ``duplicates``: the same ``(case_id, year, sender_ccode, target_ccode)`` reached twice
      (a state listed by name and through its group in one case) — one row kept, the direct
      one when there is one.

    Output columns: ``case_id, year, sender_ccode, target_ccode, sender, target, sender_via,
    target_via, types`` plus any type-flag columns of the input (``trade`` … ``other``).
    ``sender``/``target`` keep the GSDB name (the group's name for expanded rows).

    >>> d = pd.DataFrame({"case_id": [1, 1], "year": [2020, 2020], "sender": ["EU", "Norway"],
    ...     "sender_kind": ["group", "state"], "sender_ccode": [None, 385],
    ...     "sender_group": ["EU", None], "target": ["Russia"] * 2, "target_kind": ["state"] * 2,
    ...     "target_ccode": [365, 365], "target_group": [None, None], "types": ["trade"] * 2})
    >>> g = pd.DataFrame({"group": ["EU", "EU"], "ccode": [200, 220], "from_year": [1973, 1958],
    ...                   "to_year": [2019, None]})
    >>> expand_groups(d, g)[["sender_ccode", "sender_via"]].to_dict("records")
    [{'sender_ccode': 220, 'sender_via': 'EU'}, {'sender_ccode': 385, 'sender_via': None}]
    """
    _require(dyad, _DYAD_REQUIRED, "the sanctions dyad table")
    flags = [c for c in ("trade", "arms", "military", "financial", "travel", "other") if c in dyad]
    keep = [*_DYAD_REQUIRED, *(["types"] if "types" in dyad else []), *flags]
    d = dyad[keep].copy()
    d["year"] = d["year"].astype("int64")
    if "types" not in d:
        d["types"] = ""
    last = int(d["year"].max()) if len(d) else 0
    members = (
        member_years(groups, last) if len(d) else pd.DataFrame(columns=["group", "ccode", "year"])
    )
    other = (~d["sender_kind"].isin(["state", "group"])) | (
        ~d["target_kind"].isin(["state", "group"])
    )
    d = d[~other]
    no_members: dict[str, int] = {}
    known = set(zip(members["group"], members["year"], strict=True))
    for side in ("sender", "target"):
        g = d.loc[d[f"{side}_kind"] == "group", [f"{side}_group", "year"]]
        miss = [
            str(grp)
            for grp, y in zip(g[f"{side}_group"], g["year"], strict=True)
            if (grp, int(y)) not in known
        ]
        for grp in miss:
            no_members[grp] = no_members.get(grp, 0) + 1
    out = _side(d, "sender", members)
    out = _side(out, "target", members)
    self_rows = out["sender_ccode"] == out["target_ccode"]
    n_self = int(self_rows.sum())
    if not keep_self:
        out = out[~self_rows]
    key = ["case_id", "year", "sender_ccode", "target_ccode"]
    out = out.assign(
        _rank=out["sender_via"].notna().astype(int) + out["target_via"].notna().astype(int)
    )
    out = out.sort_values([*key, "_rank", "sender", "target"], kind="stable")
    dup = out.duplicated(key)
    out = out[~dup].drop(columns=["_rank"])
    out = out[[*STATE_COLUMNS, *flags]].reset_index(drop=True)
    out["case_id"] = out["case_id"].astype("int64")
    out.attrs = {
        "other_rows": int(other.sum()),
        "no_members": no_members,
        "self_dyads": n_self,
        "duplicates": int(dup.sum()),
    }
    return out


def western_state_years(
    western: pd.DataFrame, groups: pd.DataFrame, years: tuple[int, int]
) -> pd.DataFrame:
    """The ``(ccode, year)`` pairs that count as Western under the definition ``western``.

    ``western`` has ``kind, ccode, group, from_year, to_year``: ``state`` rows list a state
    (open ends: every year), ``member_of`` rows count every member of ``group`` in its
    membership years (from ``groups``); ``group`` rows are used by :func:`flag_western`.

    >>> w = pd.DataFrame({"kind": ["state", "member_of"], "ccode": [2, None],
    ...                   "group": [None, "EU"], "from_year": [None, None], "to_year": [None, None]})
    >>> g = pd.DataFrame({"group": ["EU"], "ccode": [200], "from_year": [1973], "to_year": [2019]})
    >>> sorted(western_state_years(w, g, (2019, 2020)).itertuples(index=False, name=None))
    [(2, 2019), (2, 2020), (200, 2019)]
    """
    _require(western, ["kind", "ccode", "group", "from_year", "to_year"], "the Western definition")
    lo, hi = years
    parts = []
    st = western[western["kind"] == "state"]
    if len(st):
        spell = pd.DataFrame(
            {
                "group": "_",
                "ccode": st["ccode"].astype("int64").to_numpy(),
                "from_year": pd.to_numeric(st["from_year"]).fillna(lo).astype(int).to_numpy(),
                "to_year": pd.to_numeric(st["to_year"]).to_numpy(),
            }
        )
        parts.append(member_years(spell, hi)[["ccode", "year"]])
    via = set(western.loc[western["kind"] == "member_of", "group"].dropna().astype(str))
    if via:
        g = groups[groups["group"].isin(via)]
        parts.append(member_years(g, hi)[["ccode", "year"]])
    if not parts:
        return pd.DataFrame({"ccode": pd.Series(dtype="int64"), "year": pd.Series(dtype="int64")})
    out = pd.concat(parts, ignore_index=True).drop_duplicates()
    out = out[(out["year"] >= lo) & (out["year"] <= hi)]
    return out.sort_values(["ccode", "year"], ignore_index=True)


def flag_western(rows: pd.DataFrame, western: pd.DataFrame, groups: pd.DataFrame) -> pd.DataFrame:
    r"""``rows`` (from :func:`expand_groups`) with a boolean column ``western``.

    A row is Western when its sender acted as a Western state or through a Western group:

    .. math:: W_r = [\,via_r = \varnothing \wedge (s_r, t_r) \in \mathcal{W}\,] \vee [\,via_r \in \mathcal{G}_W\,]

    where :math:`\mathcal{W}` is the set of Western state-years (:func:`western_state_years`)
    and :math:`\mathcal{G}_W` the groups listed as Western (``kind == "group"``). A Western
    state acting through a non-Western group (the United States implementing a UN embargo) is
    not a Western row: the case is the UN's. A non-Western member of a Western group (Turkey
    in NATO's 1962 pipe embargo) is.

    >>> r = pd.DataFrame({"year": [2020, 2020, 2020], "sender_ccode": [2, 2, 640],
    ...                   "sender_via": [None, "UN", "NATO"]})
    >>> w = pd.DataFrame({"kind": ["state", "group"], "ccode": [2, None], "group": [None, "NATO"],
    ...                   "from_year": [None, None], "to_year": [None, None]})
    >>> flag_western(r, w, pd.DataFrame(columns=["group", "ccode", "from_year", "to_year"]))["western"].tolist()
    [True, False, True]
    """
    _require(rows, ["year", "sender_ccode", "sender_via"], "the state dyad table")
    out = rows.copy()
    if out.empty:
        out["western"] = pd.Series(dtype=bool)
        return out
    years = (int(out["year"].min()), int(out["year"].max()))
    wy = western_state_years(western, groups, years)
    key = pd.MultiIndex.from_arrays(
        [out["sender_ccode"].astype("int64"), out["year"].astype("int64")]
    )
    as_state = key.isin(pd.MultiIndex.from_arrays([wy["ccode"], wy["year"]]))
    wgroups = set(western.loc[western["kind"] == "group", "group"].dropna().astype(str))
    via = out["sender_via"].astype("string")
    out["western"] = (via.isna().to_numpy() & as_state) | via.isin(wgroups).fillna(False).to_numpy(
        dtype=bool
    )
    return out


def shared_senders(
    rows: pd.DataFrame, a: int, b: int, *, sender: str = "sender_ccode"
) -> pd.DataFrame:
    """Per year, each sender that sanctions both ``a`` and ``b`` (any case, either route).

    Columns ``year, <sender>, cases_a, cases_b, via_a, via_b``: the case ids against each
    (sorted lists) and the groups the sender acted through (empty list when only directly).
    ``sender`` names the column that identifies a sender: the state (``sender_ccode``, the
    default) or any other key, e.g. the group for rows that came through one, so that the EU
    counts once.
    The sender must target each of them in the same year; ``a`` and ``b`` themselves never
    appear (a state does not sanction itself). Symmetric: swapping ``a`` and ``b`` swaps the
    ``_a``/``_b`` columns.

    >>> r = pd.DataFrame({"case_id": [1, 2, 3], "year": [2020, 2020, 2020],
    ...                   "sender_ccode": [2, 2, 200], "target_ccode": [710, 365, 365],
    ...                   "sender_via": [None, None, None]})
    >>> shared_senders(r, 710, 365)[["year", "sender_ccode", "cases_a", "cases_b"]].to_dict("records")
    [{'year': 2020, 'sender_ccode': 2, 'cases_a': [1], 'cases_b': [2]}]
    """
    _require(rows, ["case_id", "year", sender, "target_ccode", "sender_via"], "rows")
    if a == b:
        raise MeasureError("common exposure needs two different states")
    cols = ["year", sender, "cases", "via"]

    def side(code: int) -> pd.DataFrame:
        d = rows[(rows["target_ccode"] == code) & ~rows["sender_ccode"].isin([a, b])]
        if d.empty:
            return pd.DataFrame(columns=cols)
        g = d.groupby(["year", sender], sort=True)
        return pd.DataFrame(
            {
                "cases": g["case_id"].agg(lambda s: sorted({int(x) for x in s})),
                "via": g["sender_via"].agg(lambda s: sorted({str(x) for x in s.dropna()})),
            }
        ).reset_index()

    sa, sb = side(a), side(b)
    m = sa.merge(sb, on=["year", sender], suffixes=("_a", "_b"))
    if m.empty:
        return pd.DataFrame(
            {
                "year": pd.Series(dtype="int64"),
                sender: pd.Series(dtype=rows[sender].dtype),
                "cases_a": pd.Series(dtype=object),
                "cases_b": pd.Series(dtype=object),
                "via_a": pd.Series(dtype=object),
                "via_b": pd.Series(dtype=object),
            }
        )
    m = m.astype({"year": "int64"})
    return m[["year", sender, "cases_a", "cases_b", "via_a", "via_b"]].sort_values(
        ["year", sender], ignore_index=True
    )


def common_exposure(
    rows: pd.DataFrame,
    a: int,
    b: int,
    *,
    years: tuple[int, int] | None = None,
    sender: str = "sender_ccode",
) -> pd.DataFrame:
    r"""Per year, how many senders sanction both ``a`` and ``b``, and how many each has.

    With :math:`S_x(t)` the set of senders with at least one case against :math:`x` in year
    :math:`t`:

    .. math:: n_{shared}(t) = |S_a(t) \cap S_b(t)|, \qquad
              J(t) = \frac{|S_a(t) \cap S_b(t)|}{|S_a(t) \cup S_b(t)|}

    ``n_shared`` is a count of senders (0 to :math:`\min(|S_a|, |S_b|)`); ``jaccard`` is in
    [0, 1] and undefined (NaN) when neither is sanctioned. Pass rows already restricted (e.g.
    ``rows[rows.western]``) to count Western senders only. Columns ``year, n_senders_a,
    n_senders_b, n_shared, jaccard, n_cases_a, n_cases_b``; ``n_cases_x`` counts distinct
    cases against :math:`x` that year. With ``years`` every year of the span appears (zeros
    for years without sanctions); without it only years in which ``a`` or ``b`` is a target.
    ``sender`` is the column that identifies a sender (see :func:`shared_senders`); rows in
    which ``a`` or ``b`` is the sender are left out (one sanctioning the other is not common
    exposure: see :func:`one_sanctions_other`). Symmetric in ``a`` and ``b`` (``n_shared``,
    ``jaccard``; the per-state columns swap).

    >>> r = pd.DataFrame({"case_id": [1, 2, 3], "year": [2020, 2020, 2020],
    ...                   "sender_ccode": [2, 2, 200], "target_ccode": [710, 365, 365],
    ...                   "sender_via": [None, None, None]})
    >>> common_exposure(r, 710, 365).to_dict("records")
    [{'year': 2020, 'n_senders_a': 1, 'n_senders_b': 2, 'n_shared': 1, 'jaccard': 0.5, 'n_cases_a': 1, 'n_cases_b': 2}]
    """
    _require(rows, ["case_id", "year", "sender_ccode", sender, "target_ccode"], "rows")
    if a == b:
        raise MeasureError("common exposure needs two different states")
    d = rows[rows["target_ccode"].isin([a, b]) & ~rows["sender_ccode"].isin([a, b])]
    sets: dict[int, dict[int, set[object]]] = {a: {}, b: {}}
    for code, y, key in zip(d["target_ccode"], d["year"], d[sender], strict=True):
        sets[int(code)].setdefault(int(y), set()).add(key)
    cases = {
        code: d[d["target_ccode"] == code].groupby("year")["case_id"].nunique() for code in (a, b)
    }
    if years is not None:
        index = list(range(years[0], years[1] + 1))
    else:
        index = sorted(set(sets[a]) | set(sets[b]))
    out = []
    for y in index:
        sa = sets[a].get(y, set())
        sb = sets[b].get(y, set())
        union = len(sa | sb)
        out.append(
            {
                "year": int(y),
                "n_senders_a": len(sa),
                "n_senders_b": len(sb),
                "n_shared": len(sa & sb),
                "jaccard": len(sa & sb) / union if union else float("nan"),
                "n_cases_a": int(cases[a].get(y, 0)),
                "n_cases_b": int(cases[b].get(y, 0)),
            }
        )
    cols = ["year", "n_senders_a", "n_senders_b", "n_shared", "jaccard", "n_cases_a", "n_cases_b"]
    return pd.DataFrame(out, columns=cols)


def one_sanctions_other(rows: pd.DataFrame, a: int, b: int) -> pd.DataFrame:
    """The rows in which ``a`` sanctions ``b`` or ``b`` sanctions ``a``, by case and year.

    Rows that came through a group (``sender_via`` or ``target_via`` set: the USSR as a UN
    member in the 1951 embargo on China) are kept and marked by those columns; a reading of
    "one sanctions the other" should weigh them apart from direct cases. Same columns as
    ``rows``, sorted by year and case.

    >>> r = pd.DataFrame({"case_id": [56, 7], "year": [1960, 1960], "sender_ccode": [365, 2],
    ...                   "target_ccode": [710, 710], "sender_via": [None, None],
    ...                   "target_via": [None, None]})
    >>> one_sanctions_other(r, 710, 365)["case_id"].tolist()
    [56]
    """
    _require(rows, ["case_id", "year", "sender_ccode", "target_ccode"], "rows")
    hit = ((rows["sender_ccode"] == a) & (rows["target_ccode"] == b)) | (
        (rows["sender_ccode"] == b) & (rows["target_ccode"] == a)
    )
    return rows[hit].sort_values(["year", "case_id"], ignore_index=True)


def shared_sender_counts(rows: pd.DataFrame) -> pd.DataFrame:
    r"""For every year and unordered pair of targets, the number of senders sanctioning both.

    :math:`n_{ij}(t) = |S_i(t) \cap S_j(t)|` for :math:`i < j`, listed only where
    :math:`n_{ij}(t) \ge 1` (all other pairs share none). Columns ``year, ccode1, ccode2,
    n_shared``. Cost: :math:`\sum_{t,s} k_{ts}^2` for sender :math:`s` with :math:`k_{ts}`
    targets in year :math:`t` (a self-join on year and sender).

    >>> r = pd.DataFrame({"year": [2020] * 4, "sender_ccode": [2, 2, 200, 200],
    ...                   "target_ccode": [710, 365, 365, 710]})
    >>> shared_sender_counts(r).to_dict("records")
    [{'year': 2020, 'ccode1': 365, 'ccode2': 710, 'n_shared': 2}]
    """
    _require(rows, ["year", "sender_ccode", "target_ccode"], "rows")
    u = rows[["year", "sender_ccode", "target_ccode"]].drop_duplicates()
    u = u.astype({"year": "int64", "sender_ccode": "int64", "target_ccode": "int64"})
    m = u.merge(u, on=["year", "sender_ccode"], suffixes=("1", "2"))
    m = m[m["target_ccode1"] < m["target_ccode2"]]
    out = m.groupby(["year", "target_ccode1", "target_ccode2"]).size().reset_index(name="n_shared")
    out = out.rename(columns={"target_ccode1": "ccode1", "target_ccode2": "ccode2"})
    return out.astype({"n_shared": "int64"}).sort_values(
        ["year", "ccode1", "ccode2"], ignore_index=True
    )


def exposure_base_rate(
    rows: pd.DataFrame, a: int, b: int, population: pd.DataFrame
) -> pd.DataFrame:
    r"""Per year, how common shared senders are among all pairs of states, and where A–B stands.

    ``population`` (``year, ccode``) lists the states in the system each year; with
    :math:`N_t` of them there are :math:`P_t = N_t(N_t-1)/2` pairs. Using
    :func:`shared_sender_counts` on ``rows`` (restricted to the population):

    .. math:: \text{base\_rate}_t = \frac{\#\{i<j : n_{ij}(t) \ge 1\}}{P_t}, \qquad
              \text{percentile}_t = 100 \cdot \frac{\#\{i<j : n_{ij}(t) \le n_{ab}(t)\}}{P_t}

    (ties count as at most, as in :func:`multipolar.measures.coalition.dyad_percentile`; pairs
    sharing no sender count as 0). A pair sharing one sender when 4% of pairs share any sits at
    the 96th percentile or above: the base rate says how rare sharing is. ``percentile`` is
    NaN in years when ``a`` or ``b`` is not in the population. Columns ``year, n_states,
    n_pairs, n_pairs_sharing, base_rate, n_shared, percentile``.

    >>> r = pd.DataFrame({"year": [2020] * 3, "sender_ccode": [2, 2, 2],
    ...                   "target_ccode": [710, 365, 700]})
    >>> pop = pd.DataFrame({"year": 2020, "ccode": [2, 365, 700, 710]})
    >>> exposure_base_rate(r, 710, 365, pop)[["n_pairs", "n_pairs_sharing", "base_rate",
    ...                                       "percentile"]].to_dict("records")
    [{'n_pairs': 6, 'n_pairs_sharing': 3, 'base_rate': 0.5, 'percentile': 100.0}]
    """
    _require(population, ["year", "ccode"], "population")
    if a == b:
        raise MeasureError("a base rate for a pair needs two different states")
    pop = (
        population[["year", "ccode"]].drop_duplicates().astype({"year": "int64", "ccode": "int64"})
    )
    r = rows[["year", "sender_ccode", "target_ccode"]].astype(
        {"year": "int64", "target_ccode": "int64"}
    )
    r = r.merge(pop, left_on=["year", "target_ccode"], right_on=["year", "ccode"]).drop(
        columns=["ccode"]
    )
    counts = shared_sender_counts(r)
    lo, hi = min(a, b), max(a, b)
    n = pop.groupby("year")["ccode"].nunique()
    pairs = n * (n - 1) // 2
    sharing = counts.groupby("year").size().reindex(n.index, fill_value=0)
    pair_k = (
        counts[(counts["ccode1"] == lo) & (counts["ccode2"] == hi)]
        .set_index("year")["n_shared"]
        .reindex(n.index, fill_value=0)
    )
    above = (
        counts.assign(k=counts["year"].map(pair_k).fillna(0))
        .query("n_shared > k")
        .groupby("year")
        .size()
        .reindex(n.index, fill_value=0)
    )
    inside = (
        pop[pop["ccode"].isin([a, b])]
        .groupby("year")["ccode"]
        .nunique()
        .reindex(n.index, fill_value=0)
        == 2
    )
    safe = pairs.where(pairs > 0)
    cols = ["year", "n_states", "n_pairs", "n_pairs_sharing", "base_rate", "n_shared", "percentile"]
    df = pd.DataFrame(
        {
            "year": n.index.astype("int64"),
            "n_states": n.to_numpy(dtype="int64"),
            "n_pairs": pairs.to_numpy(dtype="int64"),
            "n_pairs_sharing": sharing.to_numpy(dtype="int64"),
            "base_rate": (sharing / safe).to_numpy(dtype=float),
            "n_shared": pd.array(pair_k.where(inside).to_numpy(), dtype="Int64"),
            "percentile": (100.0 * (pairs - above) / safe).where(inside).to_numpy(dtype=float),
        },
        columns=cols,
    )
    return df.reset_index(drop=True)
