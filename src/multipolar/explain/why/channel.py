"""The channel protocol of ``why``: one kind of evidence, one module, one registry entry.

A channel is a :class:`Channel` record built at the bottom of its module (``CHANNEL =
Channel(...)``) and listed in :mod:`multipolar.explain.why.registry`. It owns:

- ``collect(ctx)``: the SQL that selects the pair's rows and the numbers, JSON-serialisable,
  stored in ``Evidence`` under ``field`` (the JSON key); it records its period with
  ``ctx.cover`` and its base rate in ``ctx.baselines[key]``;
- ``applies(ctx)``: ``None`` when the channel applies to the pair, else the reason it does not
  (the matrix row then reads "not applicable" with that reason);
- ``findings(ev)``: sentences ``{text, source, values}`` (every number with its year);
- ``row(ev)``: its evidence-matrix row (:func:`matrix_row`), ``None`` for a section outside
  the matrix (ideal points, blocs, events, forecast);
- ``chart(ev)``: figures as plain dicts (``{"name", "title", "data", "layout", "caption",
  "source"}``, Plotly.js JSON), no plotting library in ``explain``;
- ``tables``: the store tables it reads (their spans come from one query); ``cards``
  (default ``tables``): the names whose source cards cite it (:func:`multipolar.explain.provenance.sources_for`), never typed.

``tie`` sorts a channel for the bottom line: ties between the two (what they do with each
other: votes, alliances, trade, rivalry) come before shared context (what they share against
others: together against a third power, power, sanctions). ``tier`` orders the ties by what
they cost the two, the costliest first (Fearon 1997 on costly signals; Morrow 2000 on
alliances): a standing commitment (1 a defense or offense pact), then costly acts together
(2 joint Security Council vetoes, 3 arms transfers, 4 fighting on the same side; bilateral acts
before coalitions), then material interdependence (5 two-way trade, 6 one-way official
finance), then positions and memberships (7 UN votes, 8 co-sponsorship, 9 shared IGOs), and
last the absence of hostility (10). The strongest tie is the first supported one in this
order, whatever its percentile: a percentile says how unusual a pair is on one channel, not
that identical votes bind more than a treaty.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from multipolar.explain._pair import VERDICTS, matrix_row

__all__ = ["PCT_RULE", "VERDICTS", "Channel", "by_percentile", "matrix_row", "restate"]

if TYPE_CHECKING:
    from multipolar.explain.why.context import Ctx
    from multipolar.explain.why.evidence import Evidence

#: the rule of the percentile verdicts, written once
PCT_RULE = (
    "supported at or above the 75th percentile (the top quarter of dyads), mixed at or above "
    "the 50th"
)


def restate(
    key: str,
    r: dict[str, Any],
    *,
    driver: str | None = None,
    score: float | None = None,
    last_year: int | None = None,
) -> dict[str, Any]:
    """The row ``r`` of an evidence function (a :func:`matrix_row`) as this channel's row:
    its key, its driver name (default ``r``'s), the channel's score and the data's last year."""
    return matrix_row(
        key, driver or r["driver"], r["measure"], r["then"], r["now"], r["trend"], r["verdict"],
        r["rule"], score, r["base_rate"], last_year=last_year,
    )  # fmt: skip


def _nothing(_ev: Evidence) -> list[dict[str, Any]]:
    return []


def _always(_ctx: Ctx) -> str | None:
    return None


@dataclass(frozen=True)
class Channel:
    """One channel of evidence (see the module docstring for the protocol)."""

    key: str
    field: str
    title: str
    stage: str
    tables: tuple[str, ...]
    collect: Callable[[Ctx], Any]
    findings: Callable[[Evidence], list[dict[str, Any]]] = _nothing
    row: Callable[[Evidence], dict[str, Any] | None] | None = None
    applies: Callable[[Ctx], str | None] = _always
    chart: Callable[[Evidence], list[dict[str, Any]]] = _nothing
    tie: bool = True
    #: the order of the ties by cost, 1 (costliest) to 10 (see the module docstring)
    tier: int = 10
    #: source-card or table names for the report's sources (default: ``tables``)
    cards: tuple[str, ...] = ()
    #: the value of ``field`` when the channel does not apply or has nothing
    empty: Any = None


def by_percentile(p: float | None) -> str:
    """The verdict of a percentile under :data:`PCT_RULE`.

    >>> by_percentile(80), by_percentile(50), by_percentile(10), by_percentile(None)
    ('supported', 'mixed', 'not supported', 'no data')
    """
    if p is None or p != p:
        return "no data"
    return "supported" if p >= 75 else "mixed" if p >= 50 else "not supported"
