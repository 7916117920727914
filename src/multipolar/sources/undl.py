"""The UN Digital Library's bulk voting files, which users bring: ``data import FILE --as
undl-ga`` (General Assembly) and ``--as undl-sc`` (Security Council).

The Dag Hammarskjöld Library publishes every recorded vote of both organs as one CSV, one row
per (vote, member state): ``undl_id, ms_code, ms_name, ms_vote, date, session, resolution,
draft, committee_report, meeting, title, agenda_title, subjects, vote_note, total_yes,
total_no, total_abstentions, total_non_voting, total_ms, undl_link`` (``vote_note`` is absent in
the 2025 layout); the Security Council file adds ``permanent_member, description, agenda,
modality``. ``ms_vote`` is Y (yes), N (no), A (abstain) or X (did not vote).

What the parser does (pure: file in, tables out; every decision counted in the report):

* The vote codes become the project's: Y 1, A 2, N 3 (:data:`multipolar.sources.unvotes`'s
  convention); X (did not vote) gives no vote row, as in the other sources, and is counted.
  Any other code refuses the file, naming the codes and how many rows carry them.
* ``ms_code`` (ISO3) is resolved through the state registry in the year of the vote (a code the
  registry does not know refuses the file, naming it): never guessed from ``ms_name``.
* A state listed twice on one vote with the same code counts once; with different codes the
  file is refused.
* ``rcid`` is 100,000,000 + ``undl_id`` (the library's record number), apart from every other
  source's ids; ``year`` = session + 1945 as for the other sources; a vote of an emergency
  special session (``ES-11``) belongs to the regular session open on its date.
* Where the listed votes differ from ``total_yes/no/abstentions``, the roll call keeps both
  and ``count_mismatch`` says how.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from multipolar.errors import FormatError
from multipolar.sources.issue_codes import issue_flags
from multipolar.sources.unvotes import ISSUES, ParseReport, session_year

__all__ = ["GA_COLUMNS", "SC_COLUMNS", "norm_symbol", "parse_undl"]

#: the General Assembly layout (``vote_note`` may be absent)
GA_COLUMNS = (
    "undl_id", "ms_code", "ms_name", "ms_vote", "date", "session", "resolution", "draft",
    "committee_report", "meeting", "title", "agenda_title", "subjects", "vote_note",
    "total_yes", "total_no", "total_abstentions", "total_non_voting", "total_ms", "undl_link",
)  # fmt: skip
SC_COLUMNS = (*GA_COLUMNS, "permanent_member", "description", "agenda", "modality")
OPTIONAL = frozenset({"vote_note", "committee_report", "permanent_member", "description"})
RCID_BASE = 100_000_000
_VOTE = {"Y": 1, "A": 2, "N": 3}
_ES = re.compile(r"ES-?(\d+)", re.IGNORECASE)


def norm_symbol(symbol: Any) -> str | None:
    """One spelling for a resolution symbol across sources (Voeten writes ``R/73/5``).

    >>> norm_symbol("A/RES/73/5"), norm_symbol("R/73/5"), norm_symbol(" A/RES/ES-11/7 ")
    ('R/73/5', 'R/73/5', 'R/ES-11/7')
    >>> norm_symbol(None) is None, norm_symbol("") is None
    (True, True)
    """
    if symbol is None or (isinstance(symbol, float) and symbol != symbol):
        return None
    text = re.sub(r"\s+", "", str(symbol)).upper()
    if not text:
        return None
    return "R/" + text[len("A/RES/") :] if text.startswith("A/RES/") else text


def _session(value: Any, date: pd.Timestamp) -> tuple[int, str | None]:
    from multipolar.sources.unxml import session_of_date

    text = str(value).strip()
    m = _ES.search(text)
    if m:
        return session_of_date(date.date()), f"ES-{int(m.group(1))}"
    try:
        return int(float(text)), None
    except ValueError:
        raise FormatError(f"unreadable session {text!r}") from None


def parse_undl(path: Path, states: Any, *, organ: str) -> dict[str, pd.DataFrame]:
    """Parse a UN Digital Library bulk voting CSV of ``organ`` ``"ga"`` or ``"sc"``.

    Returns ``{"undl_ga_rollcalls", "undl_ga_votes"}`` (the vote panel's columns) or
    ``{"unsc_rollcalls", "unsc_votes"}``; the parse report is in the roll-call table's
    ``attrs["report"]``. Raises :class:`FormatError` (one line) for a file that is not this
    layout, an unknown vote or country code, or a state with two different votes on one roll call.
    """
    columns = GA_COLUMNS if organ == "ga" else SC_COLUMNS
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise FormatError(f"{path.name}: not a UN Digital Library voting CSV ({exc})") from exc
    missing = [c for c in columns if c not in df.columns and c not in OPTIONAL]
    if missing:
        raise FormatError(
            f"{path.name}: not the UN Digital Library {organ.upper()} voting layout: "
            f"missing column(s) {', '.join(missing)}"
        )
    report = ParseReport()
    report.rows_read = len(df)
    notes: dict[str, Any] = {}
    df["ms_vote"] = df["ms_vote"].str.strip().str.upper()
    bad = df.loc[~df["ms_vote"].isin([*_VOTE, "X", ""]), "ms_vote"].value_counts()
    if len(bad):
        shown = ", ".join(f"{k!r} ({v} rows)" for k, v in bad.items())
        raise FormatError(f"{path.name}: unknown ms_vote code(s) {shown}; expected Y, N, A or X")
    ids = pd.to_numeric(df["undl_id"], errors="coerce")
    if ids.isna().any():
        raise FormatError(
            f"{path.name}: {int(ids.isna().sum())} row(s) without a numeric undl_id "
            f"(first at line {int(ids.isna().idxmax()) + 2})"
        )
    df["rcid"] = (RCID_BASE + ids).astype("int64")
    dates = pd.to_datetime(df["date"], errors="coerce", format="mixed")
    if dates.isna().any():
        raise FormatError(
            f"{path.name}: unreadable date {df.loc[dates.isna(), 'date'].iloc[0]!r} "
            f"({int(dates.isna().sum())} rows)"
        )
    df["date_"] = dates
    first = df.drop_duplicates("rcid")
    sess = {
        int(r.rcid): _session(r.session, r.date_)
        for r in first[["rcid", "session", "date_"]].itertuples()
    }
    df["session_"] = df["rcid"].map(lambda r: sess[r][0]).astype("int16")
    df["year"] = session_year(df["session_"])
    # ISO3 -> COW in the year of the vote
    codes: dict[tuple[str, int], int | None] = {}
    unknown: set[str] = set()
    for iso, year in set(zip(df["ms_code"].str.strip().str.upper(), df["year"], strict=True)):
        try:
            codes[(iso, int(year))] = int(
                states.resolve(iso, int(year), un_seat=organ == "ga").ccode
            )
        except LookupError:
            unknown.add(iso)
    if unknown:
        raise FormatError(f"{path.name}: no COW code for ms_code(s) {sorted(unknown)}")
    df["ccode"] = [
        codes[(i, int(y))]
        for i, y in zip(df["ms_code"].str.strip().str.upper(), df["year"], strict=True)
    ]
    voted = df[df["ms_vote"].isin(list(_VOTE))].copy()
    report.set_aside["did not vote (X or empty; no vote row)"] = int(len(df) - len(voted))
    voted["vote"] = voted["ms_vote"].map(_VOTE).astype("int8")
    same = voted.duplicated(["rcid", "ccode", "vote"])
    if same.any():
        report.set_aside["state listed twice with the same vote (counted once)"] = int(same.sum())
        voted = voted[~same]
    clash = voted.duplicated(["rcid", "ccode"], keep=False)
    if clash.any():
        row = voted[clash].iloc[0]
        raise FormatError(
            f"{path.name}: {row['ms_code']} has two different votes on record {row['undl_id']} "
            f"({int(clash.sum())} rows in all)"
        )
    iso3 = states.iso3_map()
    votes = pd.DataFrame(
        {
            "rcid": voted["rcid"].to_numpy(),
            "session": voted["session_"].to_numpy(),
            "year": voted["year"].to_numpy(),
            "ccode": voted["ccode"].astype("int16").to_numpy(),
            "vote": voted["vote"].to_numpy(),
        }
    )
    votes["iso3"] = votes["ccode"].map(iso3).astype("string")
    votes["country"] = votes["ccode"].map(lambda c: states.name_in(int(c))).astype("string")
    votes = votes[["rcid", "session", "year", "ccode", "iso3", "country", "vote"]]
    rc = _rollcalls(first, votes, sess, organ)
    report.rows_kept = len(votes)
    rc.attrs["report"] = {**report.as_dict(), **notes}
    rc.attrs["parse_report"] = report
    prefix = "undl_ga" if organ == "ga" else "unsc"
    return {
        f"{prefix}_rollcalls": rc.sort_values("rcid", ignore_index=True),
        f"{prefix}_votes": votes.sort_values(["rcid", "ccode"], ignore_index=True),
    }


def _count(s: pd.Series) -> pd.Series:
    return pd.to_numeric(s, errors="coerce").astype("Int32")


def _rollcalls(
    first: pd.DataFrame, votes: pd.DataFrame, sess: dict[int, tuple[int, str | None]], organ: str
) -> pd.DataFrame:
    def col(name: str) -> pd.Series:
        return (
            first[name].str.strip().replace("", None)
            if name in first
            else pd.Series(None, index=first.index)
        )

    rc = pd.DataFrame(
        {
            "rcid": first["rcid"].to_numpy(),
            "session": [sess[r][0] for r in first["rcid"]],
            "emergency_session": [sess[r][1] for r in first["rcid"]],
            "date": first["date_"].dt.date.to_numpy(),
            "unres": col("resolution").to_numpy(),
            "draft": col("draft").to_numpy(),
            "title": col("title").to_numpy(),
            "agenda_item_name": col("agenda_title" if organ == "ga" else "agenda").to_numpy(),
            "subjects": col("subjects").fillna("").to_numpy(),
            "meeting": col("meeting").to_numpy(),
            "undl_link": col("undl_link").to_numpy(),
            "yes_count": _count(first["total_yes"]).to_numpy(),
            "no_count": _count(first["total_no"]).to_numpy(),
            "abstain_count": _count(first["total_abstentions"]).to_numpy(),
            "absent": _count(first["total_non_voting"]).to_numpy(),
        }
    )
    if organ == "sc":
        rc["modality"] = col("modality").to_numpy()
    rc["session"] = rc["session"].astype("int16")
    rc["year"] = session_year(rc["session"])
    rc["short"] = rc["title"]
    rc["descr"] = rc["title"]
    rc["recorded"] = True
    tally = votes.pivot_table(index="rcid", columns="vote", values="ccode", aggfunc="size")
    tally = tally.reindex(columns=[1, 2, 3]).fillna(0).astype(int)
    listed = rc["rcid"].map(lambda r: tuple(tally.loc[r]) if r in tally.index else (0, 0, 0))
    mismatch = []
    for (y, a, n), ry, rn, ra in zip(
        listed, rc["yes_count"], rc["no_count"], rc["abstain_count"], strict=True
    ):
        diffs = [
            f"{what}: {c} counted, {lst} listed"
            for what, c, lst in (("in_favour", ry, y), ("against", rn, n), ("abstaining", ra, a))
            if c is not pd.NA and c == c and int(c) != lst
        ]
        mismatch.append("; ".join(diffs) or None)
    rc["count_mismatch"] = mismatch
    if organ == "ga":
        flags = issue_flags(
            rc["title"].fillna(""), agenda=rc["agenda_item_name"], subjects=rc["subjects"]
        )
        for issue in ISSUES:
            rc[issue] = flags[issue].to_numpy(dtype=bool)
        rc["importantvote"] = flags["importantvote"].to_numpy()
        rc["amend"] = False
        rc["para"] = False
    return rc
