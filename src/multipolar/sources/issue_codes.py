"""Issue codes for UN General Assembly roll calls, from titles, agenda items and subjects.

The Voeten/unvotes roll calls (sessions 1–74) carry six issue flags (Bailey, Strezhnev &
Voeten 2017): ``me`` Palestinian conflict, ``nu`` nuclear weapons and nuclear material, ``di``
arms control and disarmament, ``hr`` human rights, ``co`` colonialism, ``ec`` economic
development. The UN's own resolution records (``unxml``, sessions 74–80) have none.
:func:`issue_flags` codes any roll call from its text with keyword rules kept as data in
``data/issue_rules.toml``, the procedure Voeten's codebook describes ("based on searches in
descriptions ... a rudimentary visual check").

A roll call is coded for issue *i* when any of its fields codes it:

.. math::

    \\mathrm{flag}_i = T_i(\\text{title}) \\lor A_i(\\text{agenda}) \\lor
    \\bigvee_{s \\in \\text{subjects}} S_i(s) \\lor C_i(\\text{title}, \\text{agenda})

where a field codes *i* when one of its include patterns matches and none of its exclude
patterns does (``subjects`` term by term), and :math:`C_i` are Voeten's recurring keyword hits
kept for continuity (``conventions``; off with ``conventions=False``).

Importance: Voeten's ``importantvote`` marks the votes the U.S. State Department lists in
*Voting Practices in the United Nations*. That list is not in the UN's records nor in the data
here, so :func:`issue_flags` returns ``importantvote`` as missing (``<NA>``), never ``False``.

How well the rules reproduce Voeten's codes on held-out sessions is measured by
:func:`validation` and reported in ``docs/issue-codes.md``.

References: Bailey, M. A., Strezhnev, A. & Voeten, E. (2017). Estimating dynamic state
preferences from United Nations voting data. *Journal of Conflict Resolution* 61(2), 430–456.
doi:10.1177/0022002715595700. Voeten, E., Strezhnev, A. & Bailey, M., United Nations General
Assembly Voting Data, Harvard Dataverse, hdl:1902.1/12379 (codebook, issue codes).
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from multipolar.errors import FormatError, InputError

ISSUE_CODES = ("me", "nu", "di", "hr", "co", "ec")
FIELDS = ("title", "agenda", "subjects")
RULES_PATH = Path(__file__).with_name("data") / "issue_rules.toml"

# The validation design (docs/issue-codes.md): rules were written reading only these sessions'
# Voeten codes; the report sessions were not looked at while writing them.
DEV_SESSIONS = tuple(range(60, 69))  # 2005–2013
REPORT_SESSIONS = tuple(range(69, 75))  # 2014–2019; 71–73 carry agenda and subject in descr
EARLIER_SESSIONS = tuple(range(45, 60))  # 1990–2004, not read either
DEFECTIVE_REFERENCE = {74: ("co", "ec")}  # in unvotes session 74, co == ec == di on all 91


@dataclass(frozen=True)
class IssueRule:
    """The patterns of one issue: include/exclude per field, and Voeten conventions."""

    code: str
    label: str
    include: Mapping[str, re.Pattern[str] | None]
    exclude: Mapping[str, re.Pattern[str] | None]
    conventions: re.Pattern[str] | None


def _compile(patterns: Sequence[str], where: str) -> re.Pattern[str] | None:
    if not patterns:
        return None
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    except re.error as exc:
        raise FormatError(f"{where}: bad regular expression ({exc})") from exc


def load_rules(path: Path | str | None = None) -> dict[str, IssueRule]:
    """Read the rules file (default: the shipped ``data/issue_rules.toml``).

    Raises :class:`FormatError` naming the issue and field of a bad pattern or a missing issue.
    """
    if path is None:
        return _default_rules()
    return _read_rules(Path(path))


@lru_cache(maxsize=1)
def _default_rules() -> dict[str, IssueRule]:
    return _read_rules(RULES_PATH)


def _read_rules(path: Path) -> dict[str, IssueRule]:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise FormatError(f"{path.name}: not a readable TOML rules file ({exc})") from exc
    missing = [c for c in ISSUE_CODES if c not in raw]
    if missing:
        raise FormatError(f"{path.name} has no rules for {', '.join(missing)}")
    rules = {}
    for code in ISSUE_CODES:
        spec = raw[code]
        where = f"{path.name} [{code}]"
        rules[code] = IssueRule(
            code=code,
            label=str(spec.get("label", code)),
            include={f: _compile(spec.get(f, []), f"{where} {f}") for f in FIELDS},
            exclude={
                f: _compile(spec.get(f"{f}_exclude", []), f"{where} {f}_exclude") for f in FIELDS
            },
            conventions=_compile(spec.get("conventions", []), f"{where} conventions"),
        )
    return rules


def _texts(values: Iterable[object] | None, n: int | None, what: str) -> pd.Series:
    """One string per row ('' for missing), as a Series with a RangeIndex."""
    if values is None:
        return pd.Series([""] * (n or 0), dtype=object)
    if isinstance(values, str):
        raise InputError(f"{what} must be one text per roll call, not a single string")
    s = pd.Series(values.to_list() if isinstance(values, pd.Series) else list(values), dtype=object)
    if n is not None and len(s) != n:
        raise InputError(f"{what} has {len(s)} rows, titles have {n}")
    return s.map(lambda v: v if isinstance(v, str) else "" if _missing(v) else str(v))


def _missing(v: object) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v))


def _terms(v: object) -> list[str]:
    """Subject terms of one row: a string (';'-separated), a list of strings or of [term, scheme].

    Of ``[term, scheme]`` pairs only UNBIS Thesaurus terms are kept: the other schemes of the
    UN records are name authorities (bodies, instruments) and agenda numbers.
    """
    if _missing(v):
        return []
    if isinstance(v, str):
        return [t.strip() for t in v.split(";") if t.strip()]
    out = []
    for item in v if isinstance(v, Iterable) else [v]:
        if isinstance(item, list | tuple):
            if not item or (len(item) > 1 and "unbis" not in str(item[1]).lower()):
                continue
            item = item[0]
        if isinstance(item, str) and item.strip():
            out.append(item.strip())
    return out


def _field_hits(text: pd.Series, inc: re.Pattern[str] | None, exc: re.Pattern[str] | None):
    if inc is None:
        return np.zeros(len(text), dtype=bool)
    hit = np.array(text.str.contains(inc, regex=True), dtype=bool)  # a writable copy
    if exc is not None:
        hit &= ~np.array(text.str.contains(exc, regex=True), dtype=bool)
    return hit


def issue_flags(
    titles: Iterable[object],
    *,
    agenda: Iterable[object] | None = None,
    subjects: Iterable[object] | None = None,
    conventions: bool = True,
    rules: Mapping[str, IssueRule] | None = None,
) -> pd.DataFrame:
    """Code roll calls for Voeten's six issues from their text.

    Parameters
    ----------
    titles : the resolution (or draft, amendment) titles, one per roll call; missing -> ''.
    agenda : agenda-item names (the UN records' ``agenda_item_name``), same length, optional.
    subjects : per roll call the subject terms (UNBIS thesaurus, library authorities): a list
        of strings, a list of ``[term, scheme]`` pairs as in the UN records, or one string with
        terms separated by ``;``; optional.
    conventions : keep Voeten's recurring keyword hits (``conventions`` in the rules file),
        e.g. "The Arms Trade Treaty" as ``ec``; default True for continuity with 1946–2018.
    rules : rules from :func:`load_rules`; default the shipped file.

    Returns
    -------
    DataFrame with one row per title (the titles' index if they were a Series, else a
    RangeIndex), boolean columns ``me nu di hr co ec`` and ``importantvote`` (nullable boolean,
    always missing: no importance list exists for the UN's records).

    A row with no text is coded False on every issue (it is kept, not dropped). Raises
    :class:`InputError` when ``agenda`` or ``subjects`` differ in length from ``titles``.

    Examples
    --------
    >>> issue_flags(["Nuclear disarmament", "The right to food", "Harmony with nature"])
          me     nu     di     hr     co     ec  importantvote
    0  False   True   True  False  False  False           <NA>
    1  False  False  False   True  False  False           <NA>
    2  False  False  False  False  False  False           <NA>
    >>> issue_flags(
    ...     ["Question of Western Sahara"],
    ...     agenda=["Implementation of the Declaration on the Granting of Independence"
    ...             " to Colonial Countries and Peoples"],
    ...     subjects=[[["WESTERN SAHARA", "UNBIS Thesaurus"], ["DECOLONIZATION", "UNBIS Thesaurus"]]],
    ... )[["co", "ec"]]
         co     ec
    0  True  False
    """
    index = titles.index if isinstance(titles, pd.Series) else None
    t = _texts(titles, None, "titles")
    n = len(t)
    a = _texts(agenda, n, "agenda")
    if subjects is None:
        subj = pd.Series([], dtype=object)
        owner = np.array([], dtype=np.int64)
    else:
        per_row = [_terms(v) for v in _texts_list(subjects, n)]
        owner = np.repeat(np.arange(n), [len(x) for x in per_row])
        subj = pd.Series([term for x in per_row for term in x], dtype=object)
    rules = rules if rules is not None else _default_rules()
    out = {}
    for code in ISSUE_CODES:
        rule = rules[code]
        flag = _field_hits(t, rule.include["title"], rule.exclude["title"])
        flag |= _field_hits(a, rule.include["agenda"], rule.exclude["agenda"])
        if len(subj):
            hit = _field_hits(subj, rule.include["subjects"], rule.exclude["subjects"])
            flag |= np.bincount(owner[hit], minlength=n).astype(bool)
        if conventions and rule.conventions is not None:
            flag |= np.array(t.str.contains(rule.conventions, regex=True), dtype=bool)
            flag |= np.array(a.str.contains(rule.conventions, regex=True), dtype=bool)
        out[code] = flag
    df = pd.DataFrame(out, index=index if index is not None else pd.RangeIndex(n))
    df["importantvote"] = pd.array([pd.NA] * n, dtype="boolean")
    return df


def _texts_list(values: Iterable[object], n: int) -> list[object]:
    vals = values.to_list() if isinstance(values, pd.Series) else list(values)
    if len(vals) != n:
        raise InputError(f"subjects has {len(vals)} rows, titles have {n}")
    return vals


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


def _strip_suffix(text: str) -> str:
    text = _SUFFIX.sub("", text)
    m = _TAIL.search(text)  # a suffix cut short by the 255-character field: ' : resolution / ado'
    if m and len(m.group(1).strip()) >= 2:
        tail = " ".join(m.group(1).lower().split())
        if _BOILERPLATE.startswith(tail):
            text = text[: m.start()]
    return text.strip()


def _one_voeten_text(short: object, descr: object) -> tuple[str, str, str, str]:
    s = "" if _missing(short) else str(short).strip()
    d = "" if _missing(descr) else str(descr).strip()
    m = _AGENDA_DESCR.match(d)
    if m:  # sessions 71–73: the title is in `short`, `descr` is "A/71/251 39 - agenda. - SUBJECT"
        return _strip_suffix(s), m.group(1).strip(), m.group(2).strip(), "title+agenda"
    if _MEETING.match(d):  # meeting-record text: the last draft named before the vote
        named = _ENTITLED.findall(d) or _QUOTED.findall(d)
        return (" ".join(named[-1].split()) if named else ""), "", "", "meeting"
    # sessions up to 70: `descr` is the title; `short`, when in capitals, a library heading
    heading = s if s and s.upper() == s and any(c.isalpha() for c in s) else ""
    title = _strip_suffix(d)
    return title, "", heading, "title" if title else "none"


def voeten_texts(rollcalls: pd.DataFrame) -> pd.DataFrame:
    """Title, agenda name, subject heading and kind of text for unvotes roll calls.

    A minimal normalisation of the ``short``/``descr`` fields, enough to validate the coder:
    drops the " : resolution / adopted by the General Assembly" suffix (also when cut short),
    takes the title from ``short`` where sessions 71–73 put it there (``descr`` then holds
    "A/71/251 39 - agenda item. - SUBJECT"), and from meeting-record text ("The President:
    ... entitled _X<d3> ...") the last draft named. ``kind`` is ``title``, ``title+agenda``,
    ``meeting`` or ``none`` (no usable text: a vote on a paragraph named only by number).
    """
    parts = [
        _one_voeten_text(s, d) for s, d in zip(rollcalls["short"], rollcalls["descr"], strict=True)
    ]
    return pd.DataFrame(
        parts, columns=["title", "agenda", "heading", "kind"], index=rollcalls.index
    )


# --- validation ---------------------------------------------------------------------------------


def agreement(flags: pd.DataFrame, reference: pd.DataFrame) -> pd.DataFrame:
    """Precision and recall of ``flags`` against ``reference``, per issue.

    Both are boolean frames with the issue columns, aligned row by row. precision = TP /
    (TP + FP), recall = TP / (TP + FN); NaN when the denominator is 0.

    >>> ref = pd.DataFrame({c: [True, False, False] for c in ISSUE_CODES})
    >>> got = pd.DataFrame({c: [True, True, False] for c in ISSUE_CODES})
    >>> agreement(got, ref).loc["me", ["tp", "fp", "fn", "precision", "recall"]].tolist()
    [1.0, 1.0, 0.0, 0.5, 1.0]
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
    return (
        pd.DataFrame(rows)
        .set_index("issue")
        .astype({"n": float, "reference": float, "tp": float, "fp": float, "fn": float})
    )


def read_unxml(path: Path | str) -> pd.DataFrame:
    """The UN's resolution records: JSON Lines, or one JSON array, one record per resolution."""
    path = Path(path)
    text = path.read_text(encoding="utf-8").strip()
    try:
        rows = (
            json.loads(text)
            if text.startswith("[")
            else [json.loads(line) for line in text.splitlines() if line.strip()]
        )
    except json.JSONDecodeError as exc:
        raise FormatError(f"{path.name}: not JSON Lines nor a JSON array ({exc})") from exc
    return pd.DataFrame(rows)


def voeten_reference(unvotes_dir: Path | str) -> pd.DataFrame:
    """The unvotes roll calls with their Voeten flags as booleans and :func:`voeten_texts`."""
    from multipolar.sources._rdata import read_rdata

    d = Path(unvotes_dir)
    rc = read_rdata(d / "un_roll_calls.rda", "un_roll_calls")
    iss = read_rdata(d / "un_roll_call_issues.rda", "un_roll_call_issues")
    rc = rc.assign(rcid=rc["rcid"].astype("int64"), session=rc["session"].astype("int64"))
    for code in ISSUE_CODES:
        coded = set(iss.loc[iss["short_name"] == code, "rcid"].astype("int64"))
        rc[code] = rc["rcid"].isin(coded)
    return pd.concat([rc, voeten_texts(rc)], axis=1)


# (name, sessions, fields): the sets :func:`validation` reports, in order
VALIDATION_SETS = (
    ("development, title", DEV_SESSIONS, "title"),
    ("held out, title", tuple(range(69, 74)), "title"),
    ("held out, title + descr agenda and subject", (71, 72, 73), "descr"),
    ("74, UN records: title + agenda + subjects", (74,), "unxml"),
    ("74, unvotes title", (74,), "title74"),
    ("earlier, title", EARLIER_SESSIONS, "title"),
)


def validation(
    unvotes_dir: Path | str,
    unxml_dir: Path | str,
    *,
    conventions: bool = True,
    rules: Mapping[str, IssueRule] | None = None,
) -> pd.DataFrame:
    """Precision and recall of :func:`issue_flags` against Voeten's codes, per set and issue.

    The sets (:data:`VALIDATION_SETS`) hold the roll calls on a resolution title (votes on a
    paragraph or an amendment included, meeting-record text excluded):

    * development, title: sessions 60–68, the only codes read while writing the rules;
    * held out, title: sessions 69–73, coded from the title alone;
    * held out, title + descr agenda and subject: sessions 71–73, whose ``descr`` holds the
      agenda item and one library subject heading;
    * 74, UN records: session 74 roll calls matched by symbol (``unres`` = ``symbol``) to the
      UN's records, coded from their title, ``agenda_item_name`` and ``subjects``;
    * 74, unvotes title: the same roll calls, coded from the unvotes title;
    * earlier, title: sessions 45–59 (1990–2004), older wording the rules were not written for.

    Returns one row per set and issue with the :func:`agreement` columns, ``set``, ``sessions``
    and ``reference_defective`` (session 74: ``co`` and ``ec`` equal ``di`` on every roll call
    in unvotes, so they are no reference).
    """
    ref = voeten_reference(unvotes_dir)
    on_title = ref[ref["kind"].isin(["title", "title+agenda"])]
    out = []
    for name, sessions, how in VALIDATION_SETS:
        rows = on_title[on_title["session"].isin(list(sessions))]
        if how == "descr":
            rows = rows[rows["kind"] == "title+agenda"]
            got = issue_flags(
                rows["title"],
                agenda=rows["agenda"],
                subjects=rows["heading"],
                conventions=conventions,
                rules=rules,
            )
        elif how in ("unxml", "title74"):
            un = read_unxml(Path(unxml_dir) / "74.json")
            rows = rows.merge(
                un[["symbol", "title", "agenda_item_name", "subjects"]].rename(
                    columns={"title": "un_title"}
                ),
                left_on="unres",
                right_on="symbol",
                how="inner",
                validate="1:1",
            )
            if how == "unxml":
                got = issue_flags(
                    rows["un_title"],
                    agenda=rows["agenda_item_name"],
                    subjects=rows["subjects"],
                    conventions=conventions,
                    rules=rules,
                )
            else:
                got = issue_flags(rows["title"], conventions=conventions, rules=rules)
        else:
            got = issue_flags(rows["title"], conventions=conventions, rules=rules)
        t = agreement(got, rows).reset_index()
        t.insert(
            0,
            "sessions",
            f"{min(sessions)}-{max(sessions)}" if len(sessions) > 1 else str(sessions[0]),
        )
        t.insert(0, "set", name)
        defective = DEFECTIVE_REFERENCE.get(sessions[0], ()) if len(sessions) == 1 else ()
        t["reference_defective"] = t["issue"].isin(defective)
        out.append(t)
    return pd.concat(out, ignore_index=True)
