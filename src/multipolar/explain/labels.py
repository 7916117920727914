"""Which states to name on a crowded chart: the largest by material capabilities (CINC)."""

from __future__ import annotations

from multipolar.store import Store

__all__ = ["largest_states"]


def largest_states(store: Store, year: int, n: int = 12) -> dict[int, float]:
    """The ``n`` states with the highest CINC in ``year`` (or the last year of NMC before it):
    ``{ccode: cinc}``, largest first. Empty when the capability data start after ``year``.

    Network plots of ~190 states are unreadable with every name; these are the ones a reader
    looks for first.
    """
    t = store.table("cow_nmc")
    last = t.filter(t.year <= int(year)).year.max().to_pyarrow().as_py()
    if last is None:
        return {}
    df = (
        t.filter(t.year == last)
        .select("ccode", "cinc")
        .order_by(t.cinc.desc())
        .limit(n)
        .to_pandas()
    )
    return {int(c): float(v) for c, v in zip(df["ccode"], df["cinc"], strict=True)}
