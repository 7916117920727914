"""The declared sources: one record per dataset, with its files, citation and parser."""

from __future__ import annotations

from multipolar.sources.base import Source
from multipolar.sources.peacesciencer import (
    binary,
    capitals_table,
    contdir_table,
    cow_states_table,
    simple,
)
from multipolar.sources.pins import FILES
from multipolar.sources.unvotes import ISSUES, parse_unvotes

_PS = "GPL-2 (peacesciencer); the underlying data carry their original projects' terms"
_PEACESCIENCER_BIB = """@article{miller2022peacesciencer,
  author = {Miller, Steven V.},
  title = {peacesciencer: An R Package for Quantitative Peace Science Research},
  journal = {Conflict Management and Peace Science},
  volume = {39}, number = {6}, pages = {755--779}, year = {2022},
  doi = {10.1177/07388942221077926}
}"""


def _src(name: str, files: list[str], **kw: object) -> Source:
    return Source(name=name, files=tuple(FILES[f] for f in files), **kw)  # type: ignore[arg-type]


SOURCES: dict[str, Source] = {}


def _add(src: Source) -> None:
    SOURCES[src.name] = src


_add(
    _src(
        "unvotes",
        ["unvotes/un_votes.rda", "unvotes/un_roll_calls.rda", "unvotes/un_roll_call_issues.rda"],
        version="2019@7eb7034",
        title="UN General Assembly roll-call votes",
        description=(
            "Every recorded UNGA roll-call vote 1946–2019 (sessions 1–74): 6,203 roll calls, "
            "870,109 state votes, with descriptions, importance and six issue areas."
        ),
        citation_key="bailey2017estimating",
        bibtex="""@article{bailey2017estimating,
  author = {Bailey, Michael A. and Strezhnev, Anton and Voeten, Erik},
  title = {Estimating Dynamic State Preferences from United Nations Voting Data},
  journal = {Journal of Conflict Resolution},
  volume = {61}, number = {2}, pages = {430--456}, year = {2017},
  doi = {10.1177/0022002715595700}
}
@misc{voeten2009unvotes,
  author = {Voeten, Erik and Strezhnev, Anton and Bailey, Michael},
  title = {United Nations General Assembly Voting Data},
  publisher = {Harvard Dataverse}, year = {2009}, note = {hdl:1902.1/12379}
}
@misc{robinson2017unvotes,
  author = {Robinson, David},
  title = {unvotes: United Nations General Assembly Voting Data}, year = {2017},
  note = {R package}, url = {https://github.com/dgrtwo/unvotes}
}""",
        licence="CC0 (Voeten data); MIT (unvotes package)",
        unit="state × roll call (unga_votes); roll call (unga_rollcalls)",
        coverage=(1946, 2019),
        tables=("unga_votes", "unga_rollcalls"),
        parser=parse_unvotes,
        columns={
            "rcid": "roll-call id",
            "session": "UNGA session (1 = 1946)",
            "year": "session + 1945 (the Voeten convention)",
            "ccode": "COW code of the voting state (for the session's year)",
            "vote": "1 yes, 2 abstain, 3 no (absent and non-member are not rows)",
            "importantvote": "on the US State Department's list of important votes (from 1983)",
            **{k: f"issue flag: {v}" for k, v in ISSUES.items()},
        },
        quirks=(
            "The Chinese seat was held by the Republic of China (713) until session 26 (1971).",
            "Germany: FRG 260 and GDR 265 for sessions 28–45, Germany 255 from 1991.",
            "Yemen: YAR 678 and Yemen People's Republic 680 until 1990, Yemen 679 after.",
            "Belarus (370) and Ukraine (369) voted as Soviet republics from 1946.",
            "Year is session + 1945 even for votes taken early in the following calendar year.",
        ),
    )
)

_add(
    _src(
        "cow_states",
        ["peacesciencer/cow_states.rda"],
        version="v2016",
        title="COW State System Membership",
        description="Membership spells of every state in the COW international system, 1816–2016.",
        citation_key="cow2017states",
        bibtex="""@misc{cow2017states,
  author = {{Correlates of War Project}},
  title = {State System Membership List, v2016}, year = {2017},
  url = {https://correlatesofwar.org/data-sets/state-system-membership/}
}""",
        licence=_PS,
        unit="state membership spell",
        coverage=(1816, 2016),
        tables=("cow_states",),
        parser=simple(
            "peacesciencer/cow_states.rda",
            "cow_states",
            ints=[
                "ccode",
                "styear",
                "stmonth",
                "stday",
                "endyear",
                "endmonth",
                "endday",
                "version",
            ],
            required=["stateabb", "ccode", "statenme", "styear", "endyear"],
            iso3=False,
            transform=cow_states_table,
        ),
        columns={
            "ccode": "COW code",
            "stateabb": "COW abbreviation",
            "statenme": "name",
            "styear/endyear": "spell start and end years",
        },
        quirks=("States can have several spells (e.g. occupation: Norway 1940–1945).",),
    )
)

_add(
    _src(
        "cow_nmc",
        ["peacesciencer/cow_nmc.rda"],
        version="7.0",
        title="COW National Material Capabilities",
        description=(
            "Military expenditure and personnel, iron and steel, energy, total and urban "
            "population, and the Composite Index of National Capability (CINC), 1816–2022."
        ),
        citation_key="singer1972capability",
        bibtex="""@incollection{singer1972capability,
  author = {Singer, J. David and Bremer, Stuart and Stuckey, John},
  title = {Capability Distribution, Uncertainty, and Major Power War, 1820--1965},
  booktitle = {Peace, War, and Numbers}, editor = {Russett, Bruce},
  publisher = {Sage}, address = {Beverly Hills}, pages = {19--48}, year = {1972}
}
@article{singer1987reconstructing,
  author = {Singer, J. David},
  title = {Reconstructing the Correlates of War Dataset on Material Capabilities of States, 1816--1985},
  journal = {International Interactions}, volume = {14}, number = {2}, pages = {115--132},
  year = {1987}, doi = {10.1080/03050628808434695}
}""",
        licence=_PS,
        unit="state-year",
        coverage=(1816, 2022),
        tables=("cow_nmc",),
        parser=simple(
            "peacesciencer/cow_nmc.rda",
            "cow_nmc",
            ints=["ccode", "year"],
            required=["ccode", "year", "cinc"],
        ),
        columns={
            "milex": "military expenditure (thousands of current USD; £ before 1914)",
            "milper": "military personnel (thousands)",
            "irst": "iron and steel (thousand tons)",
            "pec": "primary energy consumption (thousand coal-ton equivalents)",
            "tpop": "total population (thousands)",
            "upop": "urban population (thousands)",
            "cinc": "share of the system's capabilities, 0–1",
        },
        missing="components missing in the original are NA; CINC is computed from those present.",
    )
)

_add(
    _src(
        "atop_alliance",
        ["peacesciencer/atop_alliance.rda"],
        version="5.1",
        title="ATOP alliance commitments (directed dyad-years)",
        description=(
            "Alliance Treaty Obligations and Provisions: whether state 1 has a defense, offense, "
            "neutrality, non-aggression or consultation commitment to state 2 in a year."
        ),
        citation_key="leeds2002atop",
        bibtex="""@article{leeds2002atop,
  author = {Leeds, Brett Ashley and Ritter, Jeffrey M. and Mitchell, Sara McLaughlin and Long, Andrew G.},
  title = {Alliance Treaty Obligations and Provisions, 1815--1944},
  journal = {International Interactions}, volume = {28}, number = {3}, pages = {237--260},
  year = {2002}, doi = {10.1080/03050620213653}
}""",
        licence=_PS,
        unit="directed dyad-year with at least one commitment",
        coverage=(1815, 2018),
        tables=("atop_ddy",),
        parser=simple(
            "peacesciencer/atop_alliance.rda",
            "atop_ddy",
            ints=["ccode1", "ccode2", "year"],
            required=["ccode1", "ccode2", "year", "atop_defense"],
            transform=binary(
                ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]
            ),
        ),
        columns={
            "atop_defense": "1 if a defense pact",
            "atop_offense": "1 if an offense pact",
            "atop_neutral": "1 if a neutrality pact",
            "atop_nonagg": "1 if non-aggression",
            "atop_consul": "1 if a consultation pact",
        },
        quirks=("Dyad-years without any commitment are absent (read as 0).",),
    )
)

_add(
    _src(
        "cow_alliance",
        ["peacesciencer/cow_alliance.rda"],
        version="4.1",
        title="COW Formal Alliances (directed dyad-years)",
        description="Defense, neutrality, non-aggression and entente alliances, 1816–2012.",
        citation_key="gibler2009alliances",
        bibtex="""@book{gibler2009alliances,
  author = {Gibler, Douglas M.},
  title = {International Military Alliances, 1648--2008},
  publisher = {CQ Press}, address = {Washington, DC}, year = {2009},
  doi = {10.4135/9781604265781}
}""",
        licence=_PS,
        unit="directed dyad-year with an alliance",
        coverage=(1816, 2012),
        tables=("cow_alliance",),
        parser=simple(
            "peacesciencer/cow_alliance.rda",
            "cow_alliance",
            ints=["ccode1", "ccode2", "year"],
            required=["ccode1", "ccode2", "year"],
            transform=binary(["cow_defense", "cow_neutral", "cow_nonagg", "cow_entente"]),
        ),
    )
)

_add(
    _src(
        "td_rivalries",
        ["peacesciencer/td_rivalries.rda"],
        version="2012",
        title="Thompson & Dreyer strategic rivalries",
        description="Strategic rivalries 1494–2010 with start, end, region and type.",
        citation_key="thompson2012handbook",
        bibtex="""@book{thompson2012handbook,
  author = {Thompson, William R. and Dreyer, David R.},
  title = {Handbook of International Rivalries, 1494--2010},
  publisher = {CQ Press}, address = {Washington, DC}, year = {2012},
  doi = {10.4135/9781608712465}
}""",
        licence=_PS,
        unit="rivalry (dyad spell)",
        coverage=(1494, 2010),
        tables=("td_rivalries",),
        parser=simple(
            "peacesciencer/td_rivalries.rda",
            "td_rivalries",
            ints=["rivalryno", "ccode1", "ccode2", "styear", "endyear"],
            required=["ccode1", "ccode2", "styear", "endyear"],
        ),
        columns={"type1..3": "spatial, positional, ideological or interventionary"},
        quirks=("endyear 2010 means ongoing at the end of the data.",),
    )
)

_add(
    _src(
        "gml_mid_ddydisps",
        ["peacesciencer/gml_mid_ddydisps.rda"],
        version="2.2.1",
        title="GML militarized interstate disputes (directed dyad-years)",
        description="Militarized interstate disputes, one row per directed dispute dyad-year.",
        citation_key="gibler2016analysis",
        bibtex="""@article{gibler2016analysis,
  author = {Gibler, Douglas M. and Miller, Steven V. and Little, Erin K.},
  title = {An Analysis of the Militarized Interstate Dispute (MID) Dataset, 1816--2001},
  journal = {International Studies Quarterly}, volume = {60}, number = {4}, pages = {719--730},
  year = {2016}, doi = {10.1093/isq/sqw045}
}""",
        licence=_PS,
        unit="directed dispute dyad-year",
        coverage=(1816, 2010),
        tables=("gml_mid_ddydisps",),
        parser=simple(
            "peacesciencer/gml_mid_ddydisps.rda",
            "gml_mid_ddydisps",
            ints=["dispnum", "ccode1", "ccode2", "year"],
            required=["dispnum", "ccode1", "ccode2", "year"],
        ),
        columns={"hostlev": "highest hostility level (1–5)", "gmlmidonset": "1 in the onset year"},
    )
)

_add(
    _src(
        "cow_contdir",
        ["peacesciencer/cow_contdir.rda"],
        version="3.2",
        title="COW Direct Contiguity",
        description="Land and sea contiguity spells between states (types 1–5).",
        citation_key="stinnett2002contiguity",
        bibtex="""@article{stinnett2002contiguity,
  author = {Stinnett, Douglas M. and Tir, Jaroslav and Schafer, Philip and Diehl, Paul F.
            and Gochman, Charles},
  title = {The Correlates of War (COW) Project Direct Contiguity Data, Version 3.0},
  journal = {Conflict Management and Peace Science}, volume = {19}, number = {2}, pages = {59--67},
  year = {2002}, doi = {10.1177/073889420201900203}
}""",
        licence=_PS,
        unit="contiguity spell (directed dyad)",
        coverage=(1816, 2016),
        tables=("cow_contdir",),
        parser=simple(
            "peacesciencer/cow_contdir.rda",
            "cow_contdir",
            ints=["ccode1", "ccode2", "conttype"],
            required=["ccode1", "ccode2", "conttype"],
            transform=contdir_table,
        ),
        columns={"conttype": "1 land; 2–5 separated by up to 12, 24, 150, 400 miles of water"},
    )
)

_add(
    _src(
        "cow_majors",
        ["peacesciencer/cow_majors.rda"],
        version="v2016",
        title="COW major powers",
        description="Spells of major-power status in the COW state system, 1816–2016.",
        citation_key="cow2017states",
        bibtex=SOURCES["cow_states"].bibtex,
        licence=_PS,
        unit="major-power spell",
        coverage=(1816, 2016),
        tables=("cow_majors",),
        parser=simple(
            "peacesciencer/cow_majors.rda",
            "cow_majors",
            ints=[
                "ccode",
                "styear",
                "stmonth",
                "stday",
                "endyear",
                "endmonth",
                "endday",
                "version",
            ],
            required=["ccode", "styear", "endyear"],
        ),
    )
)

_trade_bib = """@article{barbieri2009trading,
  author = {Barbieri, Katherine and Keshk, Omar M. G. and Pollins, Brian M.},
  title = {Trading Data: Evaluating our Assumptions and Coding Rules},
  journal = {Conflict Management and Peace Science}, volume = {26}, number = {5}, pages = {471--491},
  year = {2009}, doi = {10.1177/0738894209343887}
}"""

_add(
    _src(
        "cow_trade_sy",
        ["peacesciencer/cow_trade_sy.rda"],
        version="4.0",
        title="COW national trade totals",
        description="Total imports and exports per state-year, 1870–2014 (current million USD).",
        citation_key="barbieri2009trading",
        bibtex=_trade_bib,
        licence=_PS,
        unit="state-year",
        coverage=(1870, 2014),
        tables=("cow_trade_sy",),
        parser=simple(
            "peacesciencer/cow_trade_sy.rda",
            "cow_trade_sy",
            ints=["ccode", "year"],
            required=["ccode", "year", "imports", "exports"],
        ),
        columns={"imports": "million current USD", "exports": "million current USD"},
    )
)

_add(
    _src(
        "cow_trade_ndy",
        ["peacesciencer/cow_trade_ndy.rda"],
        version="4.0",
        title="COW dyadic trade",
        description="Trade flows between pairs of states, 1870–2014 (current million USD).",
        citation_key="barbieri2009trading",
        bibtex=_trade_bib,
        licence=_PS,
        unit="non-directed dyad-year (ccode1 < ccode2)",
        coverage=(1870, 2014),
        tables=("cow_trade_ndy",),
        parser=simple(
            "peacesciencer/cow_trade_ndy.rda",
            "cow_trade_ndy",
            ints=["ccode1", "ccode2", "year"],
            required=["ccode1", "ccode2", "year", "flow1"],
        ),
        columns={
            "flow1": "imports of ccode1 from ccode2 (million current USD)",
            "flow2": "imports of ccode2 from ccode1 (million current USD)",
            "smoothflow1/2": "the same, smoothed by COW",
        },
        missing="-9 in the original is NA here (peacesciencer).",
    )
)

_add(
    _src(
        "cow_igo_ndy",
        ["peacesciencer/cow_igo_ndy.rda"],
        version="3.0",
        title="COW shared IGO memberships",
        description="Number of intergovernmental organisations both states belong to, 1816–2014.",
        citation_key="pevehouse2020tracking",
        bibtex="""@article{pevehouse2020tracking,
  author = {Pevehouse, Jon C. W. and Nordstrom, Timothy and McManus, Roseanne W. and Jamison, Anne Spencer},
  title = {Tracking Organizations in the World: The Correlates of War IGO Version 3.0 Datasets},
  journal = {Journal of Peace Research}, volume = {57}, number = {3}, pages = {492--503},
  year = {2020}, doi = {10.1177/0022343319881175}
}""",
        licence=_PS,
        unit="non-directed dyad-year (ccode1 < ccode2)",
        coverage=(1816, 2014),
        tables=("cow_igo_ndy",),
        parser=simple(
            "peacesciencer/cow_igo_ndy.rda",
            "cow_igo_ndy",
            ints=["ccode1", "ccode2", "year", "dyadigos"],
            required=["ccode1", "ccode2", "year", "dyadigos"],
        ),
        columns={"dyadigos": "count of shared full IGO memberships"},
    )
)

_add(
    _src(
        "capitals",
        ["peacesciencer/cow_capitals.rda"],
        version="2022@fe150a2",
        title="Capitals of COW states",
        description="Capital cities of COW states with dates and coordinates, 1816–2024.",
        citation_key="miller2022peacesciencer",
        bibtex=_PEACESCIENCER_BIB,
        licence=_PS,
        unit="capital spell",
        coverage=(1816, 2024),
        tables=("capitals",),
        parser=simple(
            "peacesciencer/cow_capitals.rda",
            "capitals",
            ints=["ccode"],
            required=["ccode", "capital"],
            transform=capitals_table,
            iso3=False,
        ),  # read by the state registry itself: no ISO3 lookup here
        columns={"capital": "capital city", "lat/lng": "coordinates (degrees)"},
    )
)

#: which source provides each stored table
TABLE_SOURCE: dict[str, str] = {t: s.name for s in SOURCES.values() for t in s.tables}
