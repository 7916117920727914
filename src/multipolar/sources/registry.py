"""The declared sources: one card per dataset (data, in ``cards/NAME.toml``) plus its parser.

A card holds what a reader needs to know of a dataset — name, version, title, description,
citation keys (entries of ``references.bib``), licence, unit of analysis, coverage, the pinned
files (paths into ``pins.csv``), the tables it produces, its columns with units, missing-value
codes and quirks. This module only pairs each card with its parser.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources

from multipolar.sources.aiddata import parse_aiddata_gcdf
from multipolar.sources.base import Parser, Source
from multipolar.sources.gsdb import parse_gsdb
from multipolar.sources.imf_dots import parse_imf_dots
from multipolar.sources.mid import parse_cow_mid, parse_tss_rivalries
from multipolar.sources.peacesciencer import (
    binary,
    capitals_table,
    contdir_table,
    cow_states_table,
    gw_states_table,
    simple,
)
from multipolar.sources.pins import FILES, manifest
from multipolar.sources.sipri import parse_sipri_tiv
from multipolar.sources.ucdp import parse_ucdp_acd
from multipolar.sources.ungdc import parse_ungdc
from multipolar.sources.unsc import parse_unsc_vetoes
from multipolar.sources.unvotes import parse_unvotes
from multipolar.sources.unxml import parse_unxml

_COW_SPELL_INTS = [
    "ccode",
    "styear",
    "stmonth",
    "stday",
    "endyear",
    "endmonth",
    "endday",
    "version",
]

#: the parser of each declared source
PARSERS: dict[str, Parser] = {
    "unvotes": parse_unvotes,
    "unga_unxml": parse_unxml,
    "gsdb": parse_gsdb,
    "ungdc": parse_ungdc,
    "cow_states": simple(
        "peacesciencer/cow_states.rda",
        "cow_states",
        ints=_COW_SPELL_INTS,
        required=["stateabb", "ccode", "statenme", "styear", "endyear"],
        iso3=False,
        transform=cow_states_table,
    ),
    "cow_nmc": simple(
        "peacesciencer/cow_nmc.rda",
        "cow_nmc",
        ints=["ccode", "year"],
        required=["ccode", "year", "cinc"],
    ),
    "atop_alliance": simple(
        "peacesciencer/atop_alliance.rda",
        "atop_ddy",
        ints=["ccode1", "ccode2", "year"],
        required=["ccode1", "ccode2", "year", "atop_defense"],
        transform=binary(
            ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]
        ),
    ),
    "cow_alliance": simple(
        "peacesciencer/cow_alliance.rda",
        "cow_alliance",
        ints=["ccode1", "ccode2", "year"],
        required=["ccode1", "ccode2", "year"],
        transform=binary(["cow_defense", "cow_neutral", "cow_nonagg", "cow_entente"]),
    ),
    "td_rivalries": simple(
        "peacesciencer/td_rivalries.rda",
        "td_rivalries",
        ints=["rivalryno", "ccode1", "ccode2", "styear", "endyear"],
        required=["ccode1", "ccode2", "styear", "endyear"],
    ),
    "gml_mid_ddydisps": simple(
        "peacesciencer/gml_mid_ddydisps.rda",
        "gml_mid_ddydisps",
        ints=["dispnum", "ccode1", "ccode2", "year"],
        required=["dispnum", "ccode1", "ccode2", "year"],
    ),
    "cow_contdir": simple(
        "peacesciencer/cow_contdir.rda",
        "cow_contdir",
        ints=["ccode1", "ccode2", "conttype"],
        required=["ccode1", "ccode2", "conttype"],
        transform=contdir_table,
    ),
    "cow_majors": simple(
        "peacesciencer/cow_majors.rda",
        "cow_majors",
        ints=_COW_SPELL_INTS,
        required=["ccode", "styear", "endyear"],
    ),
    "cow_trade_sy": simple(
        "peacesciencer/cow_trade_sy.rda",
        "cow_trade_sy",
        ints=["ccode", "year"],
        required=["ccode", "year", "imports", "exports"],
    ),
    "cow_trade_ndy": simple(
        "peacesciencer/cow_trade_ndy.rda",
        "cow_trade_ndy",
        ints=["ccode1", "ccode2", "year"],
        required=["ccode1", "ccode2", "year", "flow1"],
    ),
    "cow_igo_ndy": simple(
        "peacesciencer/cow_igo_ndy.rda",
        "cow_igo_ndy",
        ints=["ccode1", "ccode2", "year", "dyadigos"],
        required=["ccode1", "ccode2", "year", "dyadigos"],
    ),
    # read by the state registry itself: no ISO3 lookup here
    "capitals": simple(
        "peacesciencer/cow_capitals.rda",
        "capitals",
        ints=["ccode"],
        required=["ccode", "capital"],
        transform=capitals_table,
        iso3=False,
    ),
    "ccode_democracy": simple(
        "peacesciencer/ccode_democracy.rda",
        "ccode_democracy",
        ints=["ccode", "year"],
        required=["ccode", "year", "v2x_polyarchy", "polity2", "xm_qudsest"],
    ),
    "cow_sdp_gdp": simple(
        "peacesciencer/cow_sdp_gdp.rda",
        "cow_sdp_gdp",
        ints=["ccode", "year"],
        required=["ccode", "year", "wbgdp2011est", "wbpopest", "sdpest", "wbgdppc2011est"],
    ),
    "gw_states": simple(
        "peacesciencer/gw_states.rda",
        "gw_states",
        ints=["gwcode"],
        required=["gwcode", "stateabb", "statename", "startdate", "enddate"],
        transform=gw_states_table,
        iso3=False,
    ),
    "cow_gw_years": simple(
        "peacesciencer/cow_gw_years.rda",
        "cow_gw_years",
        ints=["year", "gwcode", "ccode"],
        required=["year", "gwcode", "ccode"],
        iso3=False,
    ),
    "cow_mid_ddydisps": parse_cow_mid,
    "tss_rivalries": parse_tss_rivalries,
    "ucdp_acd": parse_ucdp_acd,
    "unsc_vetoes": parse_unsc_vetoes,
    "aiddata_gcdf": parse_aiddata_gcdf,
    "imf_dots": parse_imf_dots,
    "sipri_tiv": parse_sipri_tiv,
}


@cache
def bibliography() -> dict[str, str]:
    """Every BibTeX entry of ``references.bib`` by key."""
    text = resources.files("multipolar.sources").joinpath("references.bib").read_text("utf-8")
    out = {}
    for entry in re.split(r"(?=^@)", text, flags=re.M):
        m = re.match(r"@\w+\{([^,\s]+),", entry)
        if m:
            out[m.group(1)] = entry.strip()
    return out


def _manifest_files(card: dict) -> tuple:
    """The files a card's ``[manifest]`` table names (a corpus pinned file by file)."""
    m = card.get("manifest")
    if not m:
        return ()
    return tuple(
        manifest(
            m["name"],
            repo=m["repo"],
            commit=m["commit"],
            prefix=m["prefix"],
            repo_prefix=m["repo_prefix"],
        )
    )


def _card(name: str) -> Source:
    raw = resources.files("multipolar.sources").joinpath(f"cards/{name}.toml").read_text("utf-8")
    card = tomllib.loads(raw)
    bib = bibliography()
    keys = list(card["citation_keys"])
    missing = [k for k in keys if k not in bib]
    if missing:  # a packaging error, caught by the tests
        raise KeyError(f"cards/{name}.toml cites {missing}, not in references.bib")
    return Source(
        name=card["name"],
        version=card["version"],
        title=card["title"],
        description=card["description"],
        citation_key=keys[0],
        bibtex="\n".join(bib[k] for k in keys),
        licence=card["licence"],
        unit=card["unit"],
        coverage=(int(card["coverage"][0]), int(card["coverage"][1])),
        files=tuple(FILES[f] for f in card["files"]) + _manifest_files(card),
        on_demand=card.get("pull") == "on demand",
        tables=tuple(card["tables"]),
        parser=PARSERS[name],
        columns=dict(card.get("columns", {})),
        quirks=tuple(card.get("quirks", ())),
        missing=card.get("missing", "NA (R missing) is read as null; no sentinel codes."),
    )


#: every declared source by name
SOURCES: dict[str, Source] = {name: _card(name) for name in PARSERS}
#: which source provides each stored table
TABLE_SOURCE: dict[str, str] = {t: s.name for s in SOURCES.values() for t in s.tables}
