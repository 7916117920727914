"""Channel ``security``: formal security ties between the two (ATOP 5.1 dyad-years).

Spells of consecutive years per commitment type, split where either state's name of the year
changes (code 710 is the Republic of China to 1949 and the People's Republic from 1949, so
the 1945 treaty and the 1950 treaty are separate spells). The verdict reads the last ATOP year
of the period: a defense or offense pact supports, a lesser commitment is mixed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from multipolar import states as _states
from multipolar.explain.provenance import cite
from multipolar.explain.why.channel import Channel, matrix_row
from multipolar.explain.why.context import Ctx
from multipolar.explain.why.wording import EDGE, listing, nm, spells, years_text

if TYPE_CHECKING:
    from multipolar.explain.why.evidence import Evidence

ATOP_TYPES = {
    "atop_defense": "defense",
    "atop_offense": "offense",
    "atop_neutral": "neutrality",
    "atop_nonagg": "non-aggression",
    "atop_consul": "consultation",
}
ORDER = ["defense", "offense", "neutrality", "non-aggression", "consultation"]


def _abbr(code: int) -> str:
    st = _states.state(code)
    return st.iso3 or st.abbrev


def named_spells(years: list[int], x: int, y: int) -> list[tuple[int, int]]:
    """Spells of consecutive years, split where the name of the year of ``x`` or ``y``
    changes (a state's name marks a change of government the data keep under one code)."""
    out: list[tuple[int, int]] = []
    for s, e in spells(years):
        start = s
        for yr in range(s + 1, e + 1):
            if (_states.name_in(x, yr), _states.name_in(y, yr)) != (
                _states.name_in(x, yr - 1),
                _states.name_in(y, yr - 1),
            ):
                out.append((start, yr - 1))
                start = yr
        out.append((start, e))
    return out


def _pairs(codes: tuple[int, int, int]) -> tuple[tuple[int, int], ...]:
    a, b, c = codes
    return ((a, b), (a, c), (b, c))


def collect(ctx: Ctx) -> list[dict[str, Any]]:
    ctx.data_end("ATOP alliance data", "atop_ddy")
    lo, hi = ctx.clip("atop_ddy")
    codes = list(ctx.codes)
    q = ",".join(str(int(c)) for c in codes)
    df = ctx.st.raw.execute(
        f"SELECT ccode1, ccode2, year, {', '.join(ATOP_TYPES)} FROM atop_ddy "
        f"WHERE ccode1 IN ({q}) AND ccode2 IN ({q}) AND year BETWEEN ? AND ?",
        [lo, hi],
    ).df()
    rows: list[dict[str, Any]] = []
    for x, y in _pairs(ctx.codes):
        d = df[((df.ccode1 == x) & (df.ccode2 == y)) | ((df.ccode1 == y) & (df.ccode2 == x))]
        for col, label in ATOP_TYPES.items():
            yrs = d.loc[d[col] == 1, "year"].astype(int).tolist()
            for s, e in named_spells(yrs, x, y):
                rows.append(
                    {
                        "pair": f"{_abbr(x)}–{_abbr(y)}",
                        "ccode1": x,
                        "ccode2": y,
                        "name1": _states.name_in(x, s),
                        "name2": _states.name_in(y, s),
                        "type": label,
                        "from": s,
                        "to": e,
                    }
                )
    a, b, _ = ctx.codes
    ab = [r for r in rows if {r["ccode1"], r["ccode2"]} == {a, b}]
    # the years of the pair's ties (North Korea-China: 1961-2018); with none, the years ATOP
    # covers, since a dyad-year without a tie is a recorded absence of commitment, not missing
    # data (Brazil-South Africa read "no alliances data for this pair in 1946-2025")
    ctx.cover(
        "alliances",
        "atop_alliance",
        [y for r in ab for y in range(r["from"], r["to"] + 1)] or list(range(lo, hi + 1)),
        note=f"ATOP data end in {ctx.span('atop_ddy')[1]}"
        + ("" if ab else "; no commitment between them recorded"),
    )
    if lo <= hi:
        year = hi
        n_def, _n = ctx.st.raw.execute(
            "SELECT count(*) FILTER (WHERE atop_defense = 1), count(*) FROM atop_ddy "
            "WHERE year = ? AND ccode1 < ccode2",
            [year],
        ).fetchone() or (0, 0)
        total = _system_dyads(year)
        ctx.baselines["security"] = {
            "year": year,
            "defense_share": n_def / total if total else None,
            "n_dyads": total,
        }
    return rows


def _system_dyads(year: int) -> int:
    """Number of non-directed dyads among the COW system members of ``year``."""
    reg = _states.registry()
    n = sum(1 for c in reg.states if reg.member(c, year))
    return n * (n - 1) // 2


def _of_pair(rows: list[dict[str, Any]], a: int, b: int) -> list[dict[str, Any]]:
    return [r for r in rows if {r["ccode1"], r["ccode2"]} == {a, b}]


def atop_end(ev: Evidence) -> int:
    sp = ev.baselines.get("security")
    return int(sp["year"]) if sp else ev.period["to"]


def findings(ev: Evidence) -> list[dict[str, Any]]:
    a, b, _ = ev.codes()
    end = atop_end(ev)
    span_end = min(ev.period["to"], end)
    ab = sorted(_of_pair(ev.alliances, a, b), key=lambda r: (r["from"], r["type"]))
    A, B = nm(a, span_end), nm(b, span_end)
    src = cite("atop_ddy")
    if not ab:
        return [
            {
                "text": f"ATOP records no alliance commitment of any kind between {A} and {B} in "
                f"{years_text(ev.period['from'], span_end)}.",
                "source": src,
                "values": {"types": []},
            }
        ]
    by_type: dict[str, list[str]] = {}
    for r in ab:
        label = years_text(r["from"], r["to"])
        names = {r["name1"], r["name2"]}
        if names != {nm(a, span_end).removeprefix("the "), nm(b, span_end).removeprefix("the ")}:
            label += f" ({r['name1']}–{r['name2']})"
        by_type.setdefault(r["type"], []).append(label)
    bits = [f"{t} {listing(by_type[t])}" for t in ORDER if t in by_type]
    ends = f"; ATOP data end in {end}" if ev.period["to"] > end else ""
    return [
        {
            "text": (
                f"ATOP records these commitments between {A} and {B}: {'; '.join(bits)}{ends}. "
                "(ATOP's dyad-year file names no treaty; a spell may come from a multilateral one.)"
            ),
            "source": src,
            "values": {"spells": ab},
        }
    ]


def row(ev: Evidence) -> dict[str, Any]:
    a, b, _ = ev.codes()
    ab = _of_pair(ev.alliances, a, b)
    base = ev.baselines.get("security")
    if base is None:
        return matrix_row("security", "Formal security ties", "ATOP commitments between them",
                          None, None, "n/a", "no data",
                          "the ATOP data end before the period")  # fmt: skip
    year = int(base["year"])
    current = {r["type"] for r in ab if r["from"] <= year <= r["to"]}
    verdict = (
        "supported" if current & {"defense", "offense"} else "mixed" if current else "not supported"
    )
    first_types = {r["type"] for r in ab if r["from"] < ev.period["from"] + EDGE}
    last_year = max((r["to"] for r in ab), default=None)
    rate = base.get("defense_share")
    return matrix_row(
        "security",
        "Formal security ties",
        "ATOP commitments between them",
        # the types in force at some time in the first EDGE years, with those years (Hungary-
        # Soviet Union read "defense, non-aggression, offense in 1946": ATOP starts them in 1948)
        (", ".join(sorted(first_types)) or "none")
        + f" in {years_text(ev.period['from'], min(ev.period['from'] + EDGE - 1, year))}",
        (", ".join(sorted(current)) or "none") + f" in {year}",
        f"last tie {last_year}" if last_year else "none in the period",
        verdict,
        f"supported if a defense or offense pact is in force in {year} (the last year of ATOP "
        "data in the period), mixed if only neutrality, non-aggression or consultation",
        None,
        f"{100 * rate:.1f}% of all dyads had a defense pact in {year}"
        if rate is not None
        else None,
        last_year=year,
    )


CHANNEL = Channel(
    key="security",
    field="alliances",
    title="Security ties (ATOP)",
    stage="alliances (ATOP)",
    tables=("atop_ddy",),
    collect=collect,
    findings=findings,
    row=row,
    tie=True,
    empty=[],
    tier=1,
)
