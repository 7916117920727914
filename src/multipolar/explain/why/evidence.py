"""The evidence objects of ``why``: numbers and sentences, JSON-serialisable, no rendering."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar

from multipolar.jsonutil import jsonable


@dataclass
class Evidence:
    """All the evidence on one pair of states (A, B) and a comparator (vs).

    Each channel's numbers sit in :attr:`sections` under the channel's ``field`` and appear at
    the top level of :meth:`to_dict` (``un_votes``, ``alliances``, ``trade``, ``sanctions`` …);
    ``ev.un_votes`` reads them as attributes.
    """

    states: dict[str, dict[str, Any]]
    period: dict[str, int]
    title: str = ""
    subtitle: str = ""
    comparator: dict[str, Any] = field(default_factory=dict)
    bottom_line: dict[str, Any] = field(default_factory=dict)
    findings: list[dict[str, Any]] = field(default_factory=list)
    evidence_matrix: list[dict[str, Any]] = field(default_factory=list)
    coverage: list[dict[str, Any]] = field(default_factory=list)
    baselines: dict[str, Any] = field(default_factory=dict)
    #: channel key -> the reason it does not apply to this pair
    not_applicable: dict[str, str] = field(default_factory=dict)
    sections: dict[str, Any] = field(default_factory=dict)
    charts: list[dict[str, Any]] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)

    #: set by :mod:`multipolar.report.why.html` when imported, as ``multipolar.why`` does (the
    #: report layer renders; this layer only holds the numbers)
    html_renderer: ClassVar[Callable[[dict[str, Any]], str] | None] = None

    def __getattr__(self, name: str) -> Any:
        sections = self.__dict__.get("sections")
        if sections is not None and name in sections:
            return sections[name]
        raise AttributeError(name)

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON schema (see docs/why.md); stable field names."""
        out = asdict(self)
        sections = out.pop("sections")
        charts = out.pop("charts")
        tail = {k: out.pop(k) for k in ("gaps", "sources")}
        out.update(sections)
        out["charts"] = charts
        out.update(tail)
        return jsonable(out)

    def name(self, key: str) -> str:
        return str(self.states[key]["name"])

    def codes(self) -> tuple[int, int, int]:
        return (self.states["a"]["ccode"], self.states["b"]["ccode"], self.states["vs"]["ccode"])

    def _repr_html_(self) -> str | None:
        """Rich display in Jupyter: title, bottom line, findings and the evidence matrix."""
        render = Evidence.html_renderer
        return render(self.to_dict()) if render is not None else None

    def __repr__(self) -> str:
        return f"<Evidence {self.title} {self.subtitle}>"


@dataclass
class GroupEvidence:
    """Three or more states: their pairwise UN agreement and the group against a comparator."""

    states: list[dict[str, Any]]
    vs: dict[str, Any]
    period: dict[str, int]
    title: str = ""
    ranking: str = ""
    pairs: list[dict[str, Any]] = field(default_factory=list)
    with_vs: list[dict[str, Any]] = field(default_factory=list)
    together_against_vs: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return jsonable(asdict(self))
