r"""Voting blocs: communities of the weighted agreement graph of one year (or pooled window).

Every state is a node; every dyad an edge weighted by how much the two agree
(:math:`w_{ij}` = the ``agree`` share, or chance-corrected ``kappa`` clipped at 0, since
modularity needs non-negative weights). Blocs are the partition :math:`\{C\}` that
maximises Newman's weighted modularity

.. math::

    Q = \frac{1}{2m} \sum_{ij} \Big( w_{ij} - \gamma \frac{k_i k_j}{2m} \Big)\,
        \delta(c_i, c_j), \qquad k_i = \sum_j w_{ij},\; 2m = \sum_i k_i,

found with the Leiden algorithm (Traag, Waltman & van Eck 2019) as implemented in
igraph's C core (15x faster than ``leidenalg`` on these dense graphs, same optimum).
Modularity compares the agreement inside a bloc with what the states' overall
agreeableness would predict, so a bloc is a group of states that agree with *each other*
more than with everybody else -- in a UN where nearly everybody votes "yes" on nearly
everything, that is what a bloc means.

**Why Leiden with modularity.** The number of blocs is chosen by the criterion itself
(the partition of highest modularity at resolution :math:`\gamma = 1`), not fixed in
advance as k-means or hierarchical clustering would need. Leiden improves on Louvain
(Blondel et al. 2008), which can return badly connected or even disconnected communities;
Leiden's communities are guaranteed connected and, iterated to a fixed point, locally
optimal. It is seeded, so the result is deterministic: ``n_starts`` runs with seeds
``seed, seed+1, ...`` on nodes sorted by ``ccode``, the highest modularity kept (ties: the
first). ``resolution`` > 1 yields more, smaller blocs; < 1 fewer, larger ones (the
reported ``modularity`` is always at :math:`\gamma = 1`). Known limit: modularity cannot
resolve blocs much smaller than :math:`\sqrt{2m}` (Fortunato & Barthélemy 2007).

**Range.** :math:`Q \in [-1/2, 1)`; about 0 when the partition is no better than chance.
UN agreement graphs are dense and their modularity is small (≈ 0.01-0.1) even when the
blocs are sharp (0.016 in 1985, 0.10 in 1960), because every pair of states shares
most votes.

**Missing data.** Dyads absent from the table (the two states never voted together in the
window) are non-edges; dyads with fewer than ``min_votes`` common votes are dropped; a
state with no remaining dyad forms no bloc and is left out. When the table holds several
years (a window), each dyad's weight is the vote-weighted mean over them (``n_votes``).

**Labels.** Each bloc is labelled by its most powerful member (highest CINC in the
``capabilities`` table, ``ccode, year, cinc``) -- or, without capabilities, by its member
of highest weighted degree; each record says which (``label_by`` "cinc" with ``cinc_year``,
or "strength"). A label is the rule's outcome, not a claim that the member leads the bloc's
votes. ``names`` may be a mapping or a function of ``(ccode, year)`` (names of the year).
Bloc ids are 1, 2, ... by decreasing size (ties: the bloc holding the smallest ``ccode``
first).

**Weak partitions.** Below :data:`WEAK_MODULARITY` (0.1) the blocs are barely better
separated than chance; :attr:`BlocResult.warning` says so, and a label such as "Russia sat in
the bloc labelled by the United States" (2016) must not be read as a camp.

References
----------
Traag, V. A., Waltman, L. & van Eck, N. J. (2019). From Louvain to Leiden: guaranteeing
well-connected communities. *Scientific Reports* 9: 5233. doi:10.1038/s41598-019-41695-z

Newman, M. E. J. (2004). Analysis of weighted networks. *Physical Review E* 70: 056131.
doi:10.1103/PhysRevE.70.056131

Fortunato, S. & Barthélemy, M. (2007). Resolution limit in community detection. *PNAS*
104(1): 36-41. doi:10.1073/pnas.0605965104

Hubert, L. & Arabie, P. (1985). Comparing partitions. *Journal of Classification* 2:
193-218. doi:10.1007/BF01908075

Example
-------
>>> import pandas as pd
>>> rows = [(a, b, 0.95 if (a < 100) == (b < 100) else 0.2)
...         for a in (2, 20, 70, 365, 710, 750) for b in (2, 20, 70, 365, 710, 750) if a < b]
>>> dyads = pd.DataFrame(rows, columns=["ccode1", "ccode2", "agree"]).assign(year=1985)
>>> res = blocs(dyads)
>>> [b["members"] for b in res.blocs]
[[2, 20, 70], [365, 710, 750]]
>>> round(res.modularity, 3)  # 2 * (2.85 / 7.5 - (7.5 / 15) ** 2)
0.26
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import igraph as ig
import numpy as np
import pandas as pd

from multipolar.errors import InputError, MeasureError

__all__ = [
    "WEAK_MODULARITY",
    "BlocResult",
    "adjusted_rand_index",
    "bloc_stability",
    "bloc_tracks",
    "blocs",
    "blocs_by_year",
]

Weight = Literal["agree", "kappa"]
Names = Mapping[int, str] | Callable[[int, int | None], str]

#: Modularity below which a partition is reported as weak (issue 23 item 6).
WEAK_MODULARITY = 0.1


@dataclass(frozen=True)
class BlocResult:
    """Blocs of one year (or window): ``blocs`` is ``[{id, members, size, label, leader}]``."""

    year: int | None
    blocs: list[dict[str, Any]]
    modularity: float
    method: str
    years: tuple[int, int] | None = None
    membership: dict[int, int] = field(default_factory=dict)

    @property
    def n_blocs(self) -> int:
        return len(self.blocs)

    @property
    def weak(self) -> bool:
        """Whether modularity is below :data:`WEAK_MODULARITY` (blocs barely separated)."""
        return self.modularity < WEAK_MODULARITY

    @property
    def warning(self) -> str | None:
        """One sentence when the partition is weak, else None.

        >>> BlocResult(1985, [], 0.016, "m").warning[:46]
        'modularity 0.016 is below 0.1: the blocs are b'
        """
        if not self.weak:
            return None
        return (
            f"modularity {self.modularity:.3f} is below {WEAK_MODULARITY:g}: the blocs are barely "
            "better separated than chance, so read a bloc's label as a leaning of its members, "
            "not as a camp they joined"
        )

    def bloc_of(self, ccode: int) -> dict[str, Any] | None:
        """The bloc record holding ``ccode`` (``None`` if the state was not in the graph)."""
        bid = self.membership.get(int(ccode))
        return None if bid is None else self.blocs[bid - 1]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready ``{year, blocs, modularity, method}`` (+ ``years`` of the window)."""
        out = asdict(self)
        out.pop("membership")
        out["years"] = list(self.years) if self.years else None
        out["weak_partition"] = self.weak
        out["warning"] = self.warning
        return out


def blocs(
    dyads: pd.DataFrame,
    *,
    seed: int = 0,
    weight: Weight = "agree",
    resolution: float = 1.0,
    capabilities: pd.DataFrame | None = None,
    names: Names | None = None,
    min_votes: int = 1,
    n_starts: int = 10,
) -> BlocResult:
    """Voting blocs of the agreement graph in ``dyads`` (see the module docstring).

    Parameters
    ----------
    dyads:
        Tidy non-directed dyads: ``ccode1 < ccode2``, ``year``, the ``weight`` column and
        optionally ``n_votes``. Several years are pooled (vote-weighted mean).
    seed, n_starts:
        Leiden runs with seeds ``seed .. seed + n_starts - 1``; the best is kept.
    weight:
        ``"agree"`` (share of agreement, in [0, 1]) or ``"kappa"`` (clipped at 0).
    resolution:
        Modularity resolution :math:`\\gamma` (1 = standard modularity).
    capabilities:
        ``ccode, year, cinc`` used to label blocs by their most powerful member.
    names:
        ``{ccode: name}`` or a function ``(ccode, year) -> name`` for the labels (default:
        the ccode as text).
    min_votes:
        Dyads with fewer common votes (``n_votes``) are dropped.
    """
    if weight not in ("agree", "kappa"):
        raise InputError(f"weight must be 'agree' or 'kappa', got {weight!r}")
    if resolution <= 0:
        raise InputError(f"resolution must be positive, got {resolution}")
    if n_starts < 1:
        raise InputError("n_starts must be at least 1")
    missing = {"ccode1", "ccode2", weight} - set(dyads.columns)
    if missing:
        raise InputError(f"dyads lack column(s) {sorted(missing)}; pass agreement() output")
    edges, years = _pool(dyads, weight=weight, min_votes=min_votes)
    if edges.empty:
        raise MeasureError("no dyad with a usable agreement weight; nothing to cluster")
    nodes = np.unique(np.concatenate([edges["ccode1"].to_numpy(), edges["ccode2"].to_numpy()]))
    index = {int(c): i for i, c in enumerate(nodes)}
    graph = ig.Graph(
        n=len(nodes),
        edges=np.column_stack(
            [edges["ccode1"].map(index).to_numpy(), edges["ccode2"].map(index).to_numpy()]
        ).tolist(),
    )
    w = edges["w"].to_numpy(dtype=float)
    graph.es["weight"] = w.tolist()
    best: list[int] | None = None
    best_q = -np.inf
    for s in range(seed, seed + n_starts):
        labels = _leiden(graph, seed=s, resolution=resolution)
        q = float(graph.modularity(labels, weights="weight", resolution=resolution))
        if q > best_q + 1e-12:
            best_q, best = q, labels
    assert best is not None
    modularity = float(graph.modularity(best, weights="weight")) if w.sum() > 0 else 0.0
    year = years[1] if years else None
    records, membership = _records(
        nodes, np.asarray(best), graph, capabilities=capabilities, names=names, year=year
    )
    method = (
        f"leiden-modularity[igraph](resolution={resolution:g}, weight={weight}, seed={seed}, "
        f"starts={n_starts})"
    )
    return BlocResult(
        year=year,
        blocs=records,
        modularity=round(modularity, 12),
        method=method,
        years=years,
        membership=membership,
    )


def blocs_by_year(dyads: pd.DataFrame, **options: Any) -> list[BlocResult]:
    """:func:`blocs` for every ``year`` in ``dyads`` (each year on its own), in order."""
    if "year" not in dyads.columns:
        raise InputError("dyads lack a 'year' column")
    return [blocs(group, **options) for _, group in dyads.groupby("year", sort=True)]


def adjusted_rand_index(a: Sequence[Any], b: Sequence[Any]) -> float:
    r"""Adjusted Rand index of two labelings of the same items (Hubert & Arabie 1985).

    .. math::

        ARI = \frac{\sum_{ij}\binom{n_{ij}}{2} - E}{\tfrac12\big[\sum_i\binom{a_i}{2}
              + \sum_j\binom{b_j}{2}\big] - E},\quad
        E = \frac{\sum_i\binom{a_i}{2}\sum_j\binom{b_j}{2}}{\binom{n}{2}}

    with :math:`n_{ij}` the contingency table and :math:`a_i, b_j` its margins. 1 for
    identical partitions (up to relabelling), about 0 for chance, can be negative. When
    both partitions are trivial (all in one group, or all singletons) it is 1.

    >>> adjusted_rand_index([1, 1, 2, 2], ["x", "x", "y", "y"])
    1.0
    >>> round(adjusted_rand_index([1, 1, 2, 2, 3, 3], [1, 1, 1, 2, 2, 2]), 4)
    0.2424
    """
    if len(a) != len(b):
        raise InputError("the two labelings must have the same length")
    n = len(a)
    if n < 2:
        return 1.0
    _, ia = np.unique(np.asarray(a, dtype=object).astype(str), return_inverse=True)
    _, ib = np.unique(np.asarray(b, dtype=object).astype(str), return_inverse=True)
    table = np.zeros((ia.max() + 1, ib.max() + 1), dtype=np.int64)
    np.add.at(table, (ia, ib), 1)

    def comb2(x: np.ndarray) -> float:
        return float((x * (x - 1) // 2).sum())

    sum_ij = comb2(table)
    sum_a = comb2(table.sum(axis=1))
    sum_b = comb2(table.sum(axis=0))
    expected = sum_a * sum_b / (n * (n - 1) / 2)
    max_index = (sum_a + sum_b) / 2
    if max_index == expected:
        return 1.0
    return float((sum_ij - expected) / (max_index - expected))


def bloc_stability(results: Iterable[BlocResult]) -> pd.DataFrame:
    """ARI between each year's partition and the previous one's, on the states in both.

    Returns ``year, previous_year, ari, n_common, n_blocs, modularity`` (the first year has
    ``ari`` NaN).
    """
    rows = []
    prev: BlocResult | None = None
    for res in results:
        ari, common = np.nan, 0
        if prev is not None:
            shared = sorted(set(prev.membership) & set(res.membership))
            common = len(shared)
            if common >= 2:
                ari = adjusted_rand_index(
                    [prev.membership[c] for c in shared], [res.membership[c] for c in shared]
                )
        rows.append(
            {
                "year": res.year,
                "previous_year": prev.year if prev is not None else None,
                "ari": ari,
                "n_common": common,
                "n_blocs": res.n_blocs,
                "modularity": res.modularity,
            }
        )
        prev = res
    return pd.DataFrame(rows)


def bloc_tracks(results: Iterable[BlocResult], ccodes: Sequence[int]) -> pd.DataFrame:
    """Which bloc each of ``ccodes`` sat in, year by year.

    Returns ``year, ccode, bloc, label, leader, size`` (bloc NaN/None when the state was
    not in that year's graph).
    """
    rows = []
    for res in results:
        for c in ccodes:
            rec = res.bloc_of(int(c))
            rows.append(
                {
                    "year": res.year,
                    "ccode": int(c),
                    "bloc": rec["id"] if rec else None,
                    "label": rec["label"] if rec else None,
                    "leader": rec["leader"] if rec else None,
                    "size": rec["size"] if rec else None,
                }
            )
    return pd.DataFrame(rows, columns=["year", "ccode", "bloc", "label", "leader", "size"])


# --- helpers -----------------------------------------------------------------------------
def _pool(
    dyads: pd.DataFrame, *, weight: str, min_votes: int
) -> tuple[pd.DataFrame, tuple[int, int] | None]:
    df = dyads[dyads[weight].notna()].copy()
    if "n_votes" in df.columns:
        df = df[df["n_votes"].fillna(0) >= min_votes]
    a = df["ccode1"].astype("int64").to_numpy()
    b = df["ccode2"].astype("int64").to_numpy()
    if (a == b).any():
        raise InputError("dyads hold self-pairs (ccode1 == ccode2)")
    df["ccode1"], df["ccode2"] = np.minimum(a, b), np.maximum(a, b)
    df["w"] = df[weight].astype(float)
    if weight == "kappa":
        df["w"] = df["w"].clip(lower=0.0)
    if (df["w"] < 0).any():
        raise InputError(f"{weight} weights must be non-negative for modularity")
    years: tuple[int, int] | None = None
    if "year" in df.columns and len(df):
        years = (int(df["year"].min()), int(df["year"].max()))
    n = df["n_votes"].astype(float) if "n_votes" in df.columns else pd.Series(1.0, df.index)
    df["wn"] = df["w"] * n
    df["n"] = n
    pooled = df.groupby(["ccode1", "ccode2"], sort=True)[["wn", "n"]].sum().reset_index()
    pooled["w"] = np.where(pooled["n"] > 0, pooled["wn"] / pooled["n"].where(pooled["n"] > 0), 0)
    return pooled[["ccode1", "ccode2", "w"]], years


def _records(
    nodes: np.ndarray,
    membership: np.ndarray,
    graph: ig.Graph,
    *,
    capabilities: pd.DataFrame | None,
    names: Names | None,
    year: int | None,
) -> tuple[list[dict[str, Any]], dict[int, int]]:
    power, cinc_year = _power(capabilities, year)
    strength = np.asarray(graph.strength(weights="weight"), dtype=float)
    groups: dict[int, list[int]] = {}
    for i, m in enumerate(membership):
        groups.setdefault(int(m), []).append(i)
    ordered = sorted(groups.values(), key=lambda idx: (-len(idx), int(nodes[idx[0]])))
    records: list[dict[str, Any]] = []
    member_of: dict[int, int] = {}
    for bid, idx in enumerate(ordered, start=1):
        members = [int(nodes[i]) for i in idx]
        if power:
            leader = max(members, key=lambda c: (power.get(c, -1.0), -c))
        else:
            leader = int(nodes[max(idx, key=lambda i: (strength[i], -int(nodes[i])))])
        if callable(names):
            label = names(leader, year)
        else:
            label = (names or {}).get(leader, str(leader))
        records.append(
            {
                "id": bid,
                "members": members,
                "size": len(members),
                "label": label,
                "leader": leader,
                "label_by": "cinc" if power else "strength",
                "cinc_year": cinc_year if power else None,
            }
        )
        member_of.update(dict.fromkeys(members, bid))
    return records, member_of


def _leiden(graph: ig.Graph, *, seed: int, resolution: float) -> list[int]:
    """igraph's Leiden (C) on modularity, iterated to a fixed point, with a seeded RNG.

    igraph draws from a process-wide generator; it is swapped for a seeded one and igraph's
    default (Python's ``random`` module) put back afterwards.
    """
    ig.set_random_number_generator(random.Random(seed))
    try:
        clusters = graph.community_leiden(
            objective_function="modularity",
            weights="weight",
            resolution=resolution,
            n_iterations=-1,
        )
    finally:
        ig.set_random_number_generator(random)
    return list(clusters.membership)


def _power(
    capabilities: pd.DataFrame | None, year: int | None
) -> tuple[dict[int, float], int | None]:
    """``{ccode: cinc}`` of ``year`` (or the latest NMC year before it) and that year."""
    if capabilities is None or capabilities.empty:
        return {}, None
    cap = capabilities
    used = year
    if "year" in cap.columns and year is not None:
        cap = cap[cap["year"] == year]
        if cap.empty:  # e.g. a UN year after the last NMC year: use the latest available
            last = capabilities.loc[capabilities["year"] <= year, "year"].max()
            cap = capabilities[capabilities["year"] == last]
            used = None if pd.isna(last) else int(last)
    cap = cap.dropna(subset=["cinc"])
    power = {int(c): float(v) for c, v in zip(cap["ccode"], cap["cinc"], strict=True)}
    return power, used
