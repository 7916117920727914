"""The channels of ``why``, in order: the order of collection, findings, the evidence matrix,
the JSON and the HTML report. Adding a channel is one line here (see docs/why.md, "Where a new
channel goes").

``MATRIX`` keys are stable (the validation table and other tools use them): forums,
third_power, security, economic, igos, rivalry, power, sanctions, speeches; reserved for the
channels being added: unsc, arms, conflict, finance, cosponsor.
"""

from __future__ import annotations

from multipolar.explain.why import (
    arms,
    conflict,
    cosponsor,
    economic,
    finance,
    igos,
    power,
    predecessors,
    rivalry,
    sanctions,
    sections,
    security,
    speeches,
    third_power,
    unsc,
    votes,
)
from multipolar.explain.why.channel import Channel

#: every channel and section, in order (votes first: later channels reuse its contested votes)
CHANNELS: tuple[Channel, ...] = (
    votes.CHANNEL,
    third_power.CHANNEL,
    predecessors.CHANNEL,
    unsc.CHANNEL,
    sections.UKRAINE,
    sections.IDEAL,
    security.CHANNEL,
    economic.CHANNEL,
    finance.CHANNEL,
    arms.CHANNEL,
    igos.CHANNEL,
    cosponsor.CHANNEL,
    rivalry.CHANNEL,
    rivalry.DISPUTES,
    conflict.CHANNEL,
    power.CHANNEL,
    sections.BLOCS,
    sections.EVENTS,
    sanctions.CHANNEL,
    speeches.CHANNEL,
    sections.OUTLOOK,
)
#: the keys of the evidence matrix, reserved ones included (stable: tests and tables use them)
KEYS = (
    "forums",
    "third_power",
    "security",
    "economic",
    "igos",
    "rivalry",
    "power",
    "sanctions",
    "speeches",
    "unsc",
    "arms",
    "conflict",
    "finance",
    "cosponsor",
)


def by_key(key: str) -> Channel:
    """The channel registered under ``key``."""
    for ch in CHANNELS:
        if ch.key == key:
            return ch
    raise KeyError(key)


def tables() -> tuple[str, ...]:
    """Every store table a channel reads (their spans come from one query)."""
    return tuple(dict.fromkeys(t for ch in CHANNELS for t in ch.tables))
