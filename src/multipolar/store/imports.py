"""Importing files a user has (e.g. the newest Voeten UNGA release) into the store.

An imported Voeten-format release becomes ``import_votes``/``import_rollcalls`` and the vote
panel prefers it for every session it holds (:mod:`multipolar.store.panel`); ``data pull``
never touches it; ``multipolar data forget unvotes-voeten`` removes it.

The file is validated as a whole before anything is written: what it covers (sessions, years,
roll calls, votes, states) is compared with what the panel holds for those sessions. A file that
holds fewer roll calls or votes than the panel for any session it covers, or that looks
implausible for a UN vote file (under 10 voters per roll call on the median), would shrink the
panel: it is refused unless ``replace=True`` (``--replace``), and the error says what it found.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from multipolar import states as _states
from multipolar.errors import FormatError, InputError
from multipolar.sources import sha256_file
from multipolar.sources.unvotes import ParseReport, parse_voeten
from multipolar.store import panel
from multipolar.store.core import Store

KINDS = {
    "unvotes-voeten": "UNGA roll calls in Voeten's Dataverse format",
    "undl-ga": "the UN Digital Library's General Assembly voting CSV (newest record per roll call)",
    "undl-sc": "the UN Digital Library's Security Council voting CSV (table unsc_votes)",
}
MIN_MEDIAN_VOTERS = 10  # the smallest UN (1946) had 51 members; a real file is far above this


@dataclass
class ImportResult:
    path: str
    kind: str
    sha256: str
    tables: dict[str, int]
    report: ParseReport
    found: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "kind": self.kind,
            "sha256": self.sha256,
            "tables": self.tables,
            **self.found,
            **self.report.as_dict(),
        }


def _span(first: int, last: int, what: str) -> str:
    return f"{what} {first}" if first == last else f"{what}s {first}–{last}"


def _n(n: int, what: str) -> str:
    return f"{n:,} {what}" + ("" if n == 1 else "s")


def coverage(votes: pd.DataFrame, rollcalls: pd.DataFrame) -> dict[str, Any]:
    """What a vote file covers: sessions, years, roll calls, votes, states, voters per roll call."""
    per_rc = votes.groupby("rcid").size()
    sessions = sorted(int(s) for s in rollcalls["session"].dropna().unique())
    return {
        "sessions": _span(sessions[0], sessions[-1], "session") if sessions else "no session",
        "years": (
            _span(sessions[0] + 1945, sessions[-1] + 1945, "year").split(" ", 1)[1]
            if sessions
            else "none"
        ),
        "n_sessions": len(sessions),
        "rollcalls": len(rollcalls),
        "votes": len(votes),
        "states": int(votes["ccode"].nunique()),
        "median_voters_per_rollcall": float(per_rc.median()) if len(per_rc) else 0.0,
    }


def _panel_counts(store: Store) -> pd.DataFrame:
    """Roll calls and votes per session in the panel as it is (empty if nothing is loaded)."""
    if not panel.is_built(store):
        return pd.DataFrame(columns=["session", "rollcalls", "votes", "source"]).set_index(
            "session"
        )
    return store.sql(
        """SELECT p.session, p.source, coalesce(r.n, 0) AS rollcalls, coalesce(v.n, 0) AS votes
           FROM _vote_panel p
           LEFT JOIN (SELECT session, count(*) AS n FROM unga_rollcalls WHERE recorded
                      GROUP BY session) r USING (session)
           LEFT JOIN (SELECT session, count(*) AS n FROM unga_votes GROUP BY session) v
                USING (session)"""
    ).set_index("session")


def import_file(
    store: Store, path: str | Path, *, kind: str, replace: bool = False
) -> ImportResult:
    """Parse ``path`` as ``kind``, validate it as a whole and load it into ``store`` atomically.

    Raises :class:`InputError` (nothing written) when the file would shrink the panel and
    ``replace`` is False; :class:`FormatError` when it holds no votes.
    """
    path = Path(path)
    if kind not in KINDS:
        raise InputError(f"unknown import kind {kind!r}; known: {', '.join(KINDS)}")
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    if kind.startswith("undl-"):
        return _import_undl(store, path, kind)
    report = ParseReport()
    tables = parse_voeten(path, _states, report)
    votes, rollcalls = tables["import_votes"], tables["import_rollcalls"]
    if not len(votes):
        raise FormatError(f"{path.name}: no votes coded 1, 2 or 3 were found")
    found = coverage(votes, rollcalls)
    current = _panel_counts(store)
    mine = pd.DataFrame(
        {
            "rollcalls": rollcalls.groupby("session").size(),
            "votes": votes.groupby("session").size(),
        }
    ).fillna(0)
    both = mine.join(current.add_suffix("_panel"), how="inner")
    smaller = both[
        (both["rollcalls"] < both["rollcalls_panel"]) | (both["votes"] < both["votes_panel"])
    ]
    problems = []
    if len(smaller):
        s = smaller.index
        problems.append(
            f"in {len(smaller)} of the {len(both)} sessions it covers (e.g. session {int(s[0])}) it "
            f"holds fewer roll calls or votes than the panel ({int(smaller['votes'].sum()):,} votes "
            f"against {int(smaller['votes_panel'].sum()):,})"
        )
    if found["median_voters_per_rollcall"] < MIN_MEDIAN_VOTERS:
        problems.append(
            f"a median of {found['median_voters_per_rollcall']:.0f} voters per roll call is not "
            "a UN vote file"
        )
    if problems and not replace:
        raise InputError(
            f"{path.name} covers {found['sessions']} ({found['years']}): "
            f"{_n(found['rollcalls'], 'roll call')}, {_n(found['votes'], 'vote')} of "
            f"{_n(found['states'], 'state')}; {'; '.join(problems)}. Nothing was changed; add "
            "--replace to load it anyway"
        )
    found["replaces_sessions"] = len(both)
    sha = sha256_file(path)
    rows = store.ingest(
        kind, tables, version=f"file {path.name}", files={path.name: sha}, replaces=()
    )
    return ImportResult(str(path), kind, sha, rows, report, found)


def _import_undl(store: Store, path: Path, kind: str) -> ImportResult:
    """A UN Digital Library bulk file: validated whole, loaded in one transaction. For the
    General Assembly it joins the vote panel as the newest record of every roll call it holds."""
    from multipolar.sources.undl import parse_undl

    organ = kind.removeprefix("undl-")
    tables = parse_undl(path, _states, organ=organ)
    votes, rollcalls = (tables[t] for t in sorted(tables, key=lambda t: not t.endswith("votes")))
    if not len(votes):
        raise FormatError(f"{path.name}: no Y, N or A votes were found")
    found = coverage(votes, rollcalls)
    if found["median_voters_per_rollcall"] < (MIN_MEDIAN_VOTERS if organ == "ga" else 5):
        raise InputError(
            f"{path.name}: a median of {found['median_voters_per_rollcall']:.0f} voters per roll "
            f"call is not a UN {organ.upper()} vote file. Nothing was changed"
        )
    report: ParseReport = rollcalls.attrs["parse_report"]
    sha = sha256_file(path)
    rows = store.ingest(kind, tables, version=f"file {path.name}", files={path.name: sha})
    return ImportResult(str(path), kind, sha, rows, report, found)


def _tables(text: str) -> list[str]:
    return list(json.loads(text))
