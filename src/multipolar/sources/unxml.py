"""The UN's own General Assembly resolution records, sessions 74–80 and the 10th and 11th
emergency special sessions (``unga_unxml``), parsed into the tables of the vote panel.

One record per adopted resolution (UN DGACM's machine-readable resolutions, as extracted by
the UNxml/GAresolutions project): symbol, title, date, agenda item, subjects, adoption type and,
for a recorded vote, the member states voting yes, no and abstaining, by name in capitals.

What the parser does with the traps of the real files (every one counted in the report):

* JSON Lines, or one JSON array per file; dates as text ("2 March 2022") or ISO.
* Names in UN style ("RUSSIAN FEDERATION", "BOLIVIA (PLURINATIONAL STATE OF)", "TÜRKİYE" and its
  misspellings) go through the state registry with ``un_names=True`` ("CONGO" is the Republic
  of the Congo); an unmapped name fails the load, naming it. Non-members that appear in a list
  (the State of Palestine, the Holy See) are set aside and counted, never read as members.
* A member state not listed on a recorded vote was absent or did not vote: it gets no vote row
  (never a "no"), and the roll call records how many members were absent (``absent``), from
  the membership of the date: the 193 members of the United Nations since 14 July 2011.
* A name listed twice in one list counts once; a record whose counts differ from its lists
  keeps both: the votes are the lists (state by state), the official counts are in
  ``yes_count``/``no_count``/``abstain_count`` and the difference is described in
  ``count_mismatch`` (and in the report).
* Resolutions adopted without a vote are kept as roll calls with ``recorded = False`` and no
  votes (they measure consensus); records with no adoption type are kept with ``recorded``
  missing.
* ``session`` of an emergency special session's resolution is the regular session open on its
  date (``data/unga_sessions.csv``: A/RES/ES-11/1 of 2 March 2022 belongs to session 76); ``year`` = session + 1945
  as in the Voeten data; ``date`` is the adoption date.

* Issue codes (me, nu, di, hr, co, ec) come from the title, agenda item and UNBIS subjects by
  the rules of :mod:`multipolar.sources.issue_codes` (validated on the years Voeten coded,
  ``docs/issue-codes.md``); ``importantvote`` is missing (no State Department list here).

Tables: ``unxml_rollcalls`` (one row per resolution, the columns of ``unga_rollcalls`` plus the
UN's fields) and ``unxml_votes`` (rcid, session, year, ccode, iso3, country, vote 1/2/3).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from multipolar.errors import FormatError
from multipolar.sources.codes import read_data_csv
from multipolar.sources.issue_codes import issue_flags
from multipolar.sources.unvotes import ISSUES, ParseReport, session_year

#: mirror paths of the files, in the order read
FILES = tuple(f"unxml/{s}.json" for s in (*range(74, 81), "ES-10", "ES-11"))
RCID_BASE = 1_000_000  # rcid = RCID_BASE + session * 1000 + k (k >= 900: emergency sessions)
UN_MEMBERS = 193  # since South Sudan's admission, 14 July 2011 (A/RES/65/308)
_SINCE = dt.date(2011, 7, 14)

_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}  # fmt: skip
_TENS = {"seventy": 70, "eighty": 80, "ninety": 90}
_TENTHS = {"seventieth": 70, "eightieth": 80, "ninetieth": 90}
_VOTES = (("MS_in_favour", 1), ("MS_abstaining", 2), ("MS_against", 3))


def read_records(path: Path) -> list[dict[str, Any]]:
    """The records of one file: a JSON array, or JSON Lines (one object a line)."""
    text = path.read_text(encoding="utf-8")
    stripped = text.lstrip()
    try:
        if stripped.startswith("["):
            data = json.loads(stripped)
        else:
            data = [json.loads(line) for line in text.splitlines() if line.strip()]
    except json.JSONDecodeError as exc:
        raise FormatError(
            f"{path.name}: not JSON or JSON Lines ({exc.msg}, line {exc.lineno})"
        ) from exc
    if not all(isinstance(r, dict) for r in data):
        raise FormatError(f"{path.name}: expected one JSON object per resolution")
    return data


def parse_date(value: Any) -> dt.date | None:
    """``"2 March 2022"``, ``"2019-10-10 00:00:00"`` or ``"2019-10-10"`` -> a date (None if empty).

    >>> parse_date("2 March 2022"), parse_date("2019-10-10 00:00:00")
    (datetime.date(2022, 3, 2), datetime.date(2019, 10, 10))
    """
    if value is None or str(value).strip() in ("", "N.A."):
        return None
    text = str(value).strip()
    for fmt in ("%d %B %Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise FormatError(f"unreadable adoption date {text!r}")


def session_number(text: str) -> tuple[int | None, str | None]:
    """``"Seventy-sixth session"`` -> (76, None); ``"Eleventh emergency special session"`` ->
    (None, "ES-11").

    >>> session_number("Seventy-sixth session"), session_number("Tenth emergency special session")
    ((76, None), (None, 'ES-10'))
    """
    words = str(text).lower().replace("-", " ").split()
    if "emergency" in words:
        return None, f"ES-{_ORDINALS[words[0]]}"
    n = 0
    for w in words:
        if w in _TENS:
            n += _TENS[w]
        elif w in _ORDINALS:
            n += _ORDINALS[w]
        elif w in _TENTHS:
            n += _TENTHS[w]
    if not n:
        raise FormatError(f"unreadable session {text!r}")
    return n, None


def session_of_date(date: dt.date) -> int:
    """The regular session open on ``date``, from the opening dates in
    ``data/unga_sessions.csv``; outside them, rule 1 of the Assembly's rules of procedure (the
    Tuesday of the third week of September, counting from the first week with a working day).

    >>> session_of_date(dt.date(2022, 3, 2)), session_of_date(dt.date(2023, 10, 27))
    (76, 78)
    """
    opened = _openings()
    year_open = opened.get(date.year - 1945)
    if year_open is None:
        sept1 = dt.date(date.year, 9, 1)
        w = sept1.weekday()
        monday = sept1 - dt.timedelta(days=w) if w <= 4 else sept1 + dt.timedelta(days=7 - w)
        year_open = monday + dt.timedelta(days=15)
    return date.year - 1945 if date >= year_open else date.year - 1946


@cache
def _openings() -> dict[int, dt.date]:
    rows = read_data_csv("multipolar.sources", "data/unga_sessions.csv")
    return {int(r["session"]): dt.date.fromisoformat(r["opened"]) for r in rows}


def _subjects(value: Any) -> str:
    """The UNBIS thesaurus terms of a record, separated by '; ' (other schemes are agenda
    references such as 'A/79/251' or library authority codes)."""
    terms = []
    for item in value or []:
        if isinstance(item, list | tuple):
            term, scheme = (item[0], item[1]) if len(item) > 1 else (item[0], "UNBIS Thesaurus")
        else:
            term, scheme = item, "UNBIS Thesaurus"
        if scheme == "UNBIS Thesaurus" and isinstance(term, str) and term.strip():
            terms.append(term.strip())
    return "; ".join(terms)


def _count(value: Any) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


def parse_unxml(paths: Mapping[str, Path], states: Any) -> dict[str, pd.DataFrame]:
    """Parse the UN resolution files into ``unxml_rollcalls`` and ``unxml_votes``.

    ``paths`` maps each of :data:`FILES` to a local copy; ``states`` is the state registry
    (:mod:`multipolar.states`). The parse report (names, mismatches, non-members set aside)
    is in ``attrs["report"]`` of the roll-call table. Raises :class:`FormatError` on an
    unmapped member-state name, an unreadable date or session, or a file that is not JSON.
    """
    report = ParseReport()
    notes: dict[str, Any] = {"count_mismatches": [], "non_member_votes": {}, "no_adoption_type": []}
    rc_rows: list[dict[str, Any]] = []
    vote_rows: list[tuple[int, int, str, int]] = []  # rcid, session, name, vote
    seen: dict[str, frozenset[tuple[int | None, int]]] = {}
    codes: dict[str, int | None] = {}
    sponsors: dict[str, list[tuple[str, str]]] = {}  # symbol -> [(entry, role)], repeats merged
    rcids: dict[str, tuple[int, int]] = {}  # symbol -> (rcid, session)
    for file in FILES:
        records = read_records(paths[file])
        report.rows_read += len(records)
        per_session: dict[int, int] = {}
        for rec in records:
            symbol = str(rec.get("symbol") or "").strip()
            ballot = frozenset(
                (_code(str(n).strip(), states, codes), v)
                for col, v in _VOTES
                for n in rec.get(col) or []
                if str(n).strip()
            )
            for role in ("sponsors", "additional_sponsors"):
                for entry in rec.get(role) or []:
                    if str(entry).strip():
                        sponsors.setdefault(symbol, []).append((str(entry).strip(), role))
            if symbol in seen:  # the files repeat some records (other sponsors, name spellings)
                same = seen[symbol] == ballot
                key = "repeated record, same votes" if same else "repeated record, other votes"
                report.set_aside[key] = report.set_aside.get(key, 0) + 1
                if not same:
                    notes.setdefault("repeated_with_other_votes", []).append(symbol)
                continue
            seen[symbol] = ballot
            date = parse_date(rec.get("adoption_date"))
            regular, es = session_number(rec.get("session", ""))
            if date is None:
                raise FormatError(f"{file}: {symbol} has no adoption date")
            if date < _SINCE:
                raise FormatError(
                    f"{file}: {symbol} is dated {date}, before the membership this parser "
                    "assumes (193 members since 14 July 2011)"
                )
            session = regular if regular is not None else session_of_date(date)
            k = per_session.get(session, 900 if es else 0) + 1
            per_session[session] = k
            rcid = RCID_BASE + session * 1000 + k
            rcids[symbol] = (rcid, session)
            kind = str(rec.get("adoption_type") or "").strip()
            recorded: bool | None = (
                True
                if kind == "By a recorded vote"
                else False
                if kind == "Without a vote"
                else None
            )
            if recorded is None:
                notes["no_adoption_type"].append(symbol)
            counts = {col: _count(rec.get(f"{col}_count")) for col, _ in _VOTES}
            listed: dict[str, int] = {}
            for col, code in _VOTES:
                names = rec.get(col) or []
                if not isinstance(names, list):
                    raise FormatError(f"{file}: {symbol} field {col} is not a list")
                uniq = list(dict.fromkeys(str(n).strip() for n in names if str(n).strip()))
                listed[col] = len(uniq)
                vote_rows.extend((rcid, session, name, code) for name in uniq)
            mismatch = [
                f"{col.removeprefix('MS_')}: {counts[col]} counted, {listed[col]} listed"
                for col, _ in _VOTES
                if recorded and counts[col] is not None and counts[col] != listed[col]
            ]
            if mismatch:
                notes["count_mismatches"].append({"symbol": symbol, "differences": mismatch})
            title = str(rec.get("title") or "").strip()
            rc_rows.append(
                {
                    "rcid": rcid,
                    "session": session,
                    "date": date,
                    "unres": symbol,
                    "title": title,
                    "short": title,
                    "descr": title,
                    "agenda_item": str(rec.get("agenda_item") or "").strip() or None,
                    "agenda_item_name": str(rec.get("agenda_item_name") or "").strip() or None,
                    "subjects": _subjects(rec.get("subjects")),
                    "committee": str(rec.get("committee") or "").strip() or None,
                    "adoption_type": kind or None,
                    "emergency_session": es,
                    "recorded": recorded,
                    "yes_count": counts["MS_in_favour"],
                    "no_count": counts["MS_against"],
                    "abstain_count": counts["MS_abstaining"],
                    "count_mismatch": "; ".join(mismatch) or None,
                    "listed_votes": sum(listed.values()),
                }
            )
    rc = pd.DataFrame(rc_rows)
    votes = pd.DataFrame(vote_rows, columns=["rcid", "session", "name", "vote"])
    unknown = sorted(name for name, code in codes.items() if code == -1)
    if unknown:
        raise FormatError(f"unxml: no COW code for the member-state name(s) {unknown}")
    notes["names"] = len(codes)
    votes["ccode"] = votes["name"].map(codes)
    member = votes["ccode"].notna()
    for name, n in votes.loc[~member, "name"].value_counts().items():
        notes["non_member_votes"][str(name)] = int(n)
    if (~member).any():
        report.set_aside["votes of non-members (not counted)"] = int((~member).sum())
    votes = votes[member].copy()
    votes["ccode"] = votes["ccode"].astype("int16")
    dup = votes.duplicated(["rcid", "ccode"], keep=False)
    if dup.any():  # one state in two lists of one record (or two spellings of its name)
        bad = votes.loc[dup, "rcid"].nunique()
        report.set_aside["state listed with two different votes (dropped)"] = int(dup.sum())
        notes["conflicting_votes_rollcalls"] = int(bad)
        votes = votes[~dup]
    members = {c for c in codes.values() if c is not None}
    if len(members) != UN_MEMBERS:
        raise FormatError(
            f"unxml: the vote lists name {len(members)} member states, not the {UN_MEMBERS} "
            "UN members since 2011; the membership the absent counts rest on is wrong"
        )
    n_voting = votes.groupby("rcid").size()
    rc["year"] = session_year(rc["session"].astype("int16"))
    rc["absent"] = np.where(
        rc["recorded"].fillna(False).astype(bool),
        UN_MEMBERS - rc["rcid"].map(n_voting).fillna(0).astype(int),
        pd.NA,
    )
    rc["absent"] = rc["absent"].astype("Int16")
    flags = issue_flags(rc["title"], agenda=rc["agenda_item_name"], subjects=rc["subjects"])
    for issue in ISSUES:
        rc[issue] = flags[issue].to_numpy(dtype=bool)
    rc["importantvote"] = flags["importantvote"].to_numpy()  # missing: no importance list
    rc["amend"] = False
    rc["para"] = False
    rc["recorded"] = rc["recorded"].astype("boolean")
    iso = states.iso3_map()
    votes["year"] = session_year(votes["session"].astype("int16"))
    votes["iso3"] = votes["ccode"].map(iso).astype("string")
    votes["country"] = votes["ccode"].map(lambda c: states.name_in(int(c))).astype("string")
    votes = votes.astype({"rcid": "int32", "session": "int16", "vote": "int8"})
    votes = votes[["rcid", "session", "year", "ccode", "iso3", "country", "vote"]]
    rc = rc.astype({"rcid": "int32", "session": "int16", "listed_votes": "int32"})
    report.rows_kept = len(rc)
    report.set_aside["resolutions adopted without a vote (kept, no votes)"] = int(
        (rc["recorded"] == False).sum()  # noqa: E712
    )
    spons = sponsor_table(sponsors, rcids, states, codes, notes)
    for kind, n in notes["sponsor_entries_set_aside"].items():
        report.set_aside[f"sponsor entries: {kind} (not counted)"] = n
    rc.attrs["report"] = {**report.as_dict(), **notes}
    return {
        "unxml_rollcalls": rc.sort_values("rcid", ignore_index=True),
        "unxml_votes": votes.sort_values(["rcid", "ccode"], ignore_index=True),
        "unxml_sponsors": spons,
    }


_INTRODUCED = re.compile(r"^INTRODUCED IN THE COMMITTEE BY THE REPRESENTATIVE OF ", re.IGNORECASE)
_ON_BEHALF = re.compile(
    r"^(?P<state>.+?)\s*\(?\s*(?:(?:ON|OF) BEHALF OF|IN ITS CAPACITY AS) (?P<group>.+?)\)?$",
    re.IGNORECASE,
)


def sponsor_entry(entry: str) -> tuple[str, str, str | None]:
    """``(state name, kind, on behalf of)`` of one entry of a record's sponsor lists.

    ``kind`` is ``own`` (a state sponsoring in its own name), ``on_behalf`` (a state sponsoring
    for a group it chairs: the group's members are not listed) or ``bureau`` (a draft
    introduced by a committee's officer for its bureau or a working group: no state sponsors).

    >>> sponsor_entry("CUBA")
    ('CUBA', 'own', None)
    >>> sponsor_entry("EGYPT (ON BEHALF OF THE STATES MEMBERS OF THE UNITED NATIONS THAT ARE "
    ...               "MEMBERS OF THE LEAGUE OF ARAB STATES)")[1:]
    ('on_behalf', 'THE STATES MEMBERS OF THE UNITED NATIONS THAT ARE MEMBERS OF THE LEAGUE OF ARAB STATES')
    >>> sponsor_entry("INTRODUCED IN THE COMMITTEE BY THE REPRESENTATIVE OF GHANA ON BEHALF OF THE BUREAU")
    ('GHANA', 'bureau', 'THE BUREAU')
    """
    text = " ".join(entry.split())
    introduced = bool(_INTRODUCED.match(text))
    text = _INTRODUCED.sub("", text)
    m = _ON_BEHALF.match(text)
    # a name with its own parentheses (BOLIVIA (PLURINATIONAL STATE OF)) has no ON BEHALF
    state, group = (m.group("state").strip(), m.group("group").strip()) if m else (text, None)
    kind = "bureau" if introduced else "on_behalf" if group else "own"
    return state, kind, group


_NO_STATE = re.compile(
    r"^(?:was )?submitted by |^on the basis of |^the amendment |^annex|^the representative of "
    r"| and on the basis of informal consultations",
    re.IGNORECASE,
)
_SEP = re.compile(r",|;|\.\s|\s+and\s+", re.IGNORECASE)


@cache
def _sponsor_aliases() -> dict[str, str]:
    rows = read_data_csv("multipolar.sources", "data/un_sponsor_aliases.csv")
    return {r["entry"]: r["name"] for r in rows}


def split_top_level(text: str) -> list[str]:
    """Split a list of names at commas, semicolons, full stops and "and", but never inside
    parentheses ("Nigeria (on behalf of the Group of 77 and China)" stays whole).

    >>> split_top_level("Austria, Bosnia and Herzegovina and Uganda (on behalf of the Group of 77 and China)")
    ['Austria', 'Bosnia', 'Herzegovina', 'Uganda (on behalf of the Group of 77 and China)']
    """
    out, depth, start = [], 0, 0
    i = 0
    while i < len(text):
        ch = text[i]
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        m = _SEP.match(text, i) if depth == 0 else None
        if m and m.end() > i:
            out.append(text[start:i])
            start = i = m.end()
            continue
        i += 1
    out.append(text[start:])
    return [p.strip(" ,.") for p in out if p.strip(" ,.")]


def _resolve_sponsor(name: str, states: Any, codes: dict[str, int | None]) -> int:
    """COW code of one sponsor's name (0: a non-member; -1: not a state name)."""
    text = " ".join(name.split()).strip(" ,.")
    text = _sponsor_aliases().get(text.upper(), text)
    code = _code(text, states, codes)
    squeezed = text.replace(" ", "")
    if code == -1 and squeezed != text:  # "GE RMANY": a name the PDF extraction broke
        code = _code(squeezed, states, codes)
    return 0 if code is None else int(code)


def sponsors_in(
    entry: str, states: Any, codes: dict[str, int | None]
) -> list[tuple[int, str, str | None]] | None:
    """``[(ccode, kind, on behalf of)]`` named by one sponsor entry (ccode 0: a non-member), or
    None when the entry names no state it can read. A list of names ("Australia and Nigeria",
    "Armenia, China, Egypt") gives each; the list is taken apart only when the whole entry is
    not one name ("Bosnia and Herzegovina" is one)."""
    state, kind, group = sponsor_entry(entry)
    code = _resolve_sponsor(state, states, codes)
    if code != -1:
        return [(code, kind, group)]
    parts = split_top_level(" ".join(entry.split()))
    if len(parts) < 2:
        return None
    out: list[tuple[int, str, str | None]] = []
    i = 0
    while i < len(parts):  # rejoin pieces a split tore apart ("Bosnia", "Herzegovina")
        for j in range(len(parts), i, -1):
            joined = " and ".join(parts[i:j])
            st, kd, gr = sponsor_entry(joined)
            c = _resolve_sponsor(st, states, codes)
            if c != -1:
                out.append((c, kd, gr))
                i = j
                break
        else:
            return None
    return out


def sponsor_table(
    sponsors: Mapping[str, list[tuple[str, str]]],
    rcids: Mapping[str, tuple[int, int]],
    states: Any,
    codes: dict[str, int | None],
    notes: dict[str, Any],
) -> pd.DataFrame:
    """``unxml_sponsors``: one row per (resolution, sponsoring state) with the kind of sponsorship.

    A state listed twice on one resolution (in both lists, or in two copies of a repeated
    record) counts once, as ``sponsor`` if it is in the first list. Entries for a committee's
    bureau name no sponsoring state and are set aside; so are non-members (the State of
    Palestine sponsors for the Group of 77); every set-aside entry is counted in the report. An
    entry that is a list of names ("Australia and Nigeria", "Armenia, China, Egypt") counts each
    name; a name the PDF extraction broke ("GE RMANY") is read without its stray spaces; an entry
    that names no state is set aside and listed in the report (``sponsor_entries_unreadable``),
    never guessed.
    """
    rows: dict[tuple[int, int], dict[str, Any]] = {}
    aside: dict[str, int] = {}
    unreadable: set[str] = set()
    for symbol, entries in sponsors.items():
        if symbol not in rcids:
            continue
        rcid, session = rcids[symbol]
        for entry, role in entries:
            name, kind, _group = sponsor_entry(entry)
            if kind == "bureau" or _NO_STATE.search(name):
                what = "introduced or submitted by an officer or committee (no state sponsor)"
                aside[what] = aside.get(what, 0) + 1
                continue
            found = sponsors_in(entry, states, codes)
            if found is None:
                unreadable.add(entry)
                what = "unreadable (extraction debris; listed in the report)"
                aside[what] = aside.get(what, 0) + 1
                continue
            for code, kind, group in found:
                if code == 0:
                    aside["non-member sponsor"] = aside.get("non-member sponsor", 0) + 1
                    continue
                key = (rcid, code)
                if key in rows:
                    continue
                rows[key] = {
                    "rcid": rcid,
                    "session": session,
                    "ccode": code,
                    "role": "sponsor" if role == "sponsors" else "additional",
                    "kind": kind,
                    "on_behalf_of": group,
                }
    notes["sponsor_entries_unreadable"] = sorted(unreadable)
    notes["sponsor_entries_set_aside"] = aside
    out = pd.DataFrame(
        list(rows.values()),
        columns=["rcid", "session", "ccode", "role", "kind", "on_behalf_of"],
    )
    out["year"] = session_year(out["session"].astype("int16"))
    out = out.astype({"rcid": "int32", "session": "int16", "ccode": "int16"})
    out = out.astype({"role": "string", "kind": "string", "on_behalf_of": "string"})
    return out[["rcid", "session", "year", "ccode", "role", "kind", "on_behalf_of"]].sort_values(
        ["rcid", "ccode"], ignore_index=True
    )


def _code(name: str, states: Any, cache: dict[str, int | None]) -> int | None:
    """COW code of a UN member-state name (None: a non-member such as Palestine; -1: unknown)."""
    if name not in cache:
        try:
            cache[name] = int(states.resolve(name, un_names=True).ccode)
        except LookupError as exc:
            text = str(exc)
            cache[name] = None if ("not a member" in text or "observer" in text) else -1
    return cache[name]
