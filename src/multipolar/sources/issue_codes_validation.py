"""How well :func:`~multipolar.sources.issue_codes.issue_flags` reproduces Voeten's issue codes.

The design (``docs/issue-codes.md``): the rules were written reading the Voeten codes of
sessions 60–68 only (:data:`DEV_SESSIONS`) and committed before any other session was scored.
Sessions 69–74 (2014–2019) are the held-out report, 45–59 (1990–2004) an older check:

* ``title``: the title alone (what every source has);
* ``title + descr agenda, subject``: sessions 71–73, whose unvotes ``descr`` holds the agenda
  item and one library subject heading ("A/71/251 39 - agenda item. - SUBJECT--HEADING");
* ``UN records``: session 74 roll calls matched by symbol (unvotes ``unres`` = UN ``symbol``) to
  the UN's own records, coded from their title, ``agenda_item_name`` and UNBIS ``subjects`` —
  the coder as the UN-records parser uses it;
* ``title + library heading``: sessions whose unvotes ``short`` is a library heading in capitals.

The reference breaks at the end of the series. In sessions 45–72 every roll call whose title
holds the word of its issue's name ("Palestin", "nuclear", "disarmament", "human rights",
"coloni", "economic") is coded for it, as a keyword search must; in session 73 two of five
"disarmament" titles and both "coloni" titles are not, and in session 74 ``co`` and ``ec``
equal ``di`` on all 91 roll calls (:func:`reference_check`). Such issues are marked
``reference_unreliable``: their figures say nothing about the coder.

The reference is Voeten's codes as the unvotes package ships them (Robinson,
https://github.com/dgrtwo/unvotes); see :mod:`multipolar.sources.issue_codes` for the
references.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from multipolar.errors import FormatError, InputError
from multipolar.sources.issue_codes import ISSUE_CODES, IssueRule, issue_flags

DEV_SESSIONS = tuple(range(60, 69))  # 2005–2013: the only codes read while writing the rules
HELD_OUT_SESSIONS = tuple(range(69, 75))  # 2014–2019
EARLIER_SESSIONS = tuple(range(45, 60))  # 1990–2004, not read either


# the word of each issue's name: a keyword search codes every title that holds it
CORE_WORDS = {
    "me": "palestin",
    "nu": "nuclear",
    "di": "disarmament",
    "hr": "human rights",
    "co": "coloni",
    "ec": "economic",
}


@dataclass(frozen=True)
class ValidationSet:
    """One row group of :func:`validation`: which roll calls, coded from which fields."""

    name: str
    # 'title', 'title + library heading', 'title + descr agenda, subject', 'UN records',
    # 'meeting-record title'
    fields: str
    sessions: tuple[int, ...]


VALIDATION_SETS = (
    ValidationSet("development", "title", DEV_SESSIONS),
    ValidationSet("development", "title + library heading", DEV_SESSIONS),
    ValidationSet("held out", "title", (69, 70, 71, 72)),
    ValidationSet("held out", "title + descr agenda, subject", (71, 72)),
    ValidationSet("held out", "title", (73,)),
    ValidationSet("held out", "title + descr agenda, subject", (73,)),
    ValidationSet("held out", "UN records", (74,)),
    ValidationSet("held out", "title", (74,)),
    ValidationSet("development", "meeting-record title", DEV_SESSIONS),
    ValidationSet("held out", "meeting-record title", (71, 72)),
    ValidationSet("earlier", "title", EARLIER_SESSIONS),
    ValidationSet("earlier", "title + library heading", EARLIER_SESSIONS),
)


# --- the Voeten/unvotes descriptions -----------------------------------------------------------

_SUFFIX = re.compile(
    r"\s*:?\s*(?:resolution\s*)?/?\s*ad\w*ted\s+\w{1,3}\s+(?:the\s+)?gen\w*\s+ass\w*\s*\.?\s*$",
    re.IGNORECASE,
)
_TAIL = re.compile(r"\s*:\s*([^:]*)$")
_BOILERPLATE = "resolution / adopted by the general assembly"
_MEETING = re.compile(r"^\s*The (?:Acting )?President\b[^:]{0,40}:", re.IGNORECASE)
_ENTITLED = re.compile(r"entitled\s*,?\s*_\s*(.+?)\s*<d3>", re.IGNORECASE | re.DOTALL)
_QUOTED = re.compile(r"\bis\s*_\s*(.+?)\s*<d3>", re.IGNORECASE | re.DOTALL)
_AGENDA_DESCR = re.compile(r"^A/\d+/\d+\s+\S+\s+-\s+(.*?)\.?\s+-\s+(.*)$", re.DOTALL)


def _text(v: object) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
        return ""
    return str(v).strip()


def _strip_suffix(text: str) -> str:
    text = _SUFFIX.sub("", text)
    m = _TAIL.search(text)  # a suffix cut short by the 255-character field: ' : resolution / ado'
    if m and len(m.group(1).strip()) >= 2:
        tail = " ".join(m.group(1).lower().split())
        if _BOILERPLATE.startswith(tail):
            text = text[: m.start()]
    return text.strip()


def _one_voeten_text(short: object, descr: object) -> tuple[str, str, str, str]:
    s, d = _text(short), _text(descr)
    m = _AGENDA_DESCR.match(d)
    if m:  # sessions 71–73: the title is in `short`, `descr` is "A/71/251 39 - agenda. - SUBJECT"
        return _strip_suffix(s), m.group(1).strip(), m.group(2).strip(), "title+agenda"
    if _MEETING.match(d):  # meeting-record text: the last draft named before the vote
        named = _ENTITLED.findall(d) or _QUOTED.findall(d)
        return (" ".join(named[-1].split()) if named else ""), "", "", "meeting"
    # up to session 70: `descr` is the title; `short`, when in capitals, a library heading
    heading = s if s and s.upper() == s and any(c.isalpha() for c in s) else ""
    title = _strip_suffix(d)
    return title, "", heading, "title" if title else "none"


def voeten_texts(rollcalls: pd.DataFrame) -> pd.DataFrame:
    """Title, agenda name, subject heading and kind of text of unvotes roll calls.

    A minimal normalisation of the ``short``/``descr`` fields, enough to validate the coder:
    drops the " : resolution / adopted by the General Assembly" suffix (also when cut short);
    takes the title from ``short`` where sessions 71–73 put it there (``descr`` then holds
    "A/71/251 39 - agenda item. - SUBJECT"); from meeting-record text ("The President: ...
    entitled _X<d3> ...") the last draft named. ``kind`` is ``title``, ``title+agenda``,
    ``meeting`` or ``none`` (nothing usable).

    >>> rc = pd.DataFrame({"short": ["Jerusalem : resolution / adopted by the General Assembly"],
    ...                    "descr": ["A/72/251 37 - The situation in the Middle East. - MIDDLE EAST SITUATION"]})
    >>> voeten_texts(rc).iloc[0].tolist()
    ['Jerusalem', 'The situation in the Middle East', 'MIDDLE EAST SITUATION', 'title+agenda']
    """
    parts = [
        _one_voeten_text(s, d) for s, d in zip(rollcalls["short"], rollcalls["descr"], strict=True)
    ]
    return pd.DataFrame(
        parts, columns=["title", "agenda", "heading", "kind"], index=rollcalls.index
    )


# --- reading the two sources --------------------------------------------------------------------


def read_unxml(path: Path | str) -> pd.DataFrame:
    """The UN's resolution records: JSON Lines, or one JSON array, one record per resolution."""
    path = Path(path)
    text = path.read_text(encoding="utf-8").strip()
    try:
        if text.startswith("["):
            rows = json.loads(text)
        else:
            rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    except json.JSONDecodeError as exc:
        raise FormatError(f"{path.name}: neither JSON Lines nor a JSON array ({exc})") from exc
    return pd.DataFrame(rows)


def voeten_reference(unvotes_dir: Path | str) -> pd.DataFrame:
    """The unvotes roll calls with Voeten's six flags as booleans and :func:`voeten_texts`."""
    from multipolar.sources._rdata import read_rdata, require_columns

    d = Path(unvotes_dir)
    rc = read_rdata(d / "un_roll_calls.rda", "un_roll_calls")
    iss = read_rdata(d / "un_roll_call_issues.rda", "un_roll_call_issues")
    require_columns(rc, ["rcid", "session", "unres", "short", "descr"], "un_roll_calls")
    require_columns(iss, ["rcid", "short_name"], "un_roll_call_issues")
    rc = rc.assign(rcid=rc["rcid"].astype("int64"), session=rc["session"].astype("int64"))
    for code in ISSUE_CODES:
        coded = set(iss.loc[iss["short_name"] == code, "rcid"].astype("int64"))
        rc[code] = rc["rcid"].isin(coded)
    return pd.concat([rc, voeten_texts(rc)], axis=1)


# --- scoring ------------------------------------------------------------------------------------


def agreement(flags: pd.DataFrame, reference: pd.DataFrame) -> pd.DataFrame:
    """Precision and recall of ``flags`` against ``reference``, per issue.

    Both are boolean frames with the issue columns, aligned row by row. precision = TP /
    (TP + FP), recall = TP / (TP + FN); NaN when the denominator is 0.

    >>> ref = pd.DataFrame({c: [True, False, False] for c in ISSUE_CODES})
    >>> got = pd.DataFrame({c: [True, True, False] for c in ISSUE_CODES})
    >>> a = agreement(got, ref)
    >>> a.loc["me", ["tp", "fp", "fn"]].astype(int).tolist(), a.loc["me", ["precision", "recall"]].tolist()
    ([1, 1, 0], [0.5, 1.0])
    """
    if len(flags) != len(reference):
        raise InputError(f"flags have {len(flags)} rows, the reference {len(reference)}")
    rows = []
    for code in ISSUE_CODES:
        f = np.asarray(flags[code], dtype=bool)
        r = np.asarray(reference[code], dtype=bool)
        tp, fp, fn = int((f & r).sum()), int((f & ~r).sum()), int((~f & r).sum())
        rows.append(
            {
                "issue": code,
                "n": len(f),
                "reference": int(r.sum()),
                "tp": tp,
                "fp": fp,
                "fn": fn,
                "precision": tp / (tp + fp) if tp + fp else np.nan,
                "recall": tp / (tp + fn) if tp + fn else np.nan,
            }
        )
    return pd.DataFrame(rows).set_index("issue")


def _coded(
    vset: ValidationSet,
    ref: pd.DataFrame,
    unxml_dir: Path | str,
    conventions: bool,
    rules: Mapping[str, IssueRule] | None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(rows, flags) of one validation set."""
    if vset.fields == "meeting-record title":
        on_title = (ref["kind"] == "meeting") & (ref["title"] != "")
    else:
        on_title = ref["kind"].isin(["title", "title+agenda"])
    rows = ref[ref["session"].isin(list(vset.sessions)) & on_title]
    if 74 in vset.sessions:  # the roll calls the UN records also hold, for a like-for-like pair
        un = read_unxml(Path(unxml_dir) / "74.json")
        un = un[["symbol", "title", "agenda_item_name", "subjects"]].rename(
            columns={"title": "un_title"}
        )
        rows = rows.merge(un, left_on="unres", right_on="symbol", how="inner", validate="1:1")
    titles, agenda, subjects = rows["title"], None, None
    if vset.fields == "title + library heading":
        subjects = rows["heading"]
    elif vset.fields == "title + descr agenda, subject":
        rows = rows[rows["kind"] == "title+agenda"]
        titles, agenda, subjects = rows["title"], rows["agenda"], rows["heading"]
    elif vset.fields == "UN records":
        titles, agenda, subjects = rows["un_title"], rows["agenda_item_name"], rows["subjects"]
    elif vset.fields not in ("title", "meeting-record title"):
        raise InputError(f"unknown validation fields {vset.fields!r}")
    got = issue_flags(
        titles, agenda=agenda, subjects=subjects, conventions=conventions, rules=rules
    )
    return rows, got


def validation(
    unvotes_dir: Path | str,
    unxml_dir: Path | str,
    *,
    sets: Sequence[ValidationSet] = VALIDATION_SETS,
    conventions: bool = True,
    rules: Mapping[str, IssueRule] | None = None,
) -> pd.DataFrame:
    """Precision and recall of :func:`issue_flags` against Voeten's codes, per set and issue.

    Each set holds the roll calls of its sessions that carry a resolution title (votes on a
    paragraph or an amendment of it included). Roll calls described by meeting-record text
    (184 of 829 in sessions 60–68, 74 of 243 in 71–72, none in 69–70 and 73–74) are their own
    sets, coded from the last draft the record names (none for many paragraph votes).
    Returns one row per set and issue: ``set``, ``fields``, ``sessions``, ``issue``, the
    :func:`agreement` columns and ``reference_unreliable``.
    """
    ref = voeten_reference(unvotes_dir)
    check = reference_check(ref)
    out = []
    for vset in sets:
        rows, got = _coded(vset, ref, unxml_dir, conventions, rules)
        t = agreement(got, rows).reset_index()
        s = vset.sessions
        t.insert(0, "sessions", f"{s[0]}-{s[-1]}" if len(s) > 1 else str(s[0]))
        t.insert(0, "fields", vset.fields)
        t.insert(0, "set", vset.name)
        broken = check[check.index.isin(list(s))]
        t["reference_unreliable"] = [bool((broken[(c, "uncoded")] > 0).any()) for c in t["issue"]]
        out.append(t)
    return pd.concat(out, ignore_index=True)


def reference_check(ref: pd.DataFrame) -> pd.DataFrame:
    """Per session and issue: titles holding the issue's word (:data:`CORE_WORDS`), and how
    many of them Voeten did not code.

    Voeten's codes are keyword searches in the descriptions, so a title that names its issue
    ("Nuclear disarmament", "... Colonial Countries and Peoples") is coded for it; an
    ``uncoded`` count above 0 means the reference did not follow its own procedure there.
    Columns are (issue, 'titles') and (issue, 'uncoded'), indexed by session.
    """
    rows = ref[ref["kind"].isin(["title", "title+agenda"])]
    parts = {}
    for code, word in CORE_WORDS.items():
        has = rows["title"].str.contains(word, case=False, regex=False)
        parts[(code, "titles")] = has.groupby(rows["session"]).sum()
        parts[(code, "uncoded")] = (has & ~rows[code]).groupby(rows["session"]).sum()
    return pd.DataFrame(parts).astype(int)


def voeten_consistency(ref: pd.DataFrame, session: int, *, previous: Sequence[int]) -> pd.DataFrame:
    """Does Voeten code a recurring resolution in ``session`` as in the ``previous`` sessions?

    Titles are matched on their letters (case and punctuation ignored). For each issue:
    ``before`` = recurring titles coded in most of the previous sessions, ``kept`` = those also
    coded in ``session``, ``added`` = recurring titles coded now but not before. A reference
    that codes the same text alike has kept = before and added = 0.
    """
    rows = ref[ref["kind"].isin(["title", "title+agenda"])]
    key = rows["title"].str.lower().str.replace(r"[^a-z]", "", regex=True)
    rows = rows.assign(key=key)
    before = rows[rows["session"].isin(list(previous))].groupby("key")[list(ISSUE_CODES)].mean()
    now = rows[rows["session"] == session].drop_duplicates("key").set_index("key")
    common = now.index.intersection(before.index)
    out = []
    for code in ISSUE_CODES:
        was = before.loc[common, code].to_numpy() > 0.5
        is_ = now.loc[common, code].to_numpy(dtype=bool)
        out.append(
            {
                "issue": code,
                "recurring": len(common),
                "before": int(was.sum()),
                "kept": int((was & is_).sum()),
                "added": int((~was & is_).sum()),
            }
        )
    return pd.DataFrame(out).set_index("issue")
