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

How well the rules reproduce Voeten's codes on sessions held out while they were written is
measured by :func:`multipolar.sources.issue_codes_validation.validation` and reported in
``docs/issue-codes.md``.

References: Bailey, M. A., Strezhnev, A. & Voeten, E. (2017). Estimating dynamic state
preferences from United Nations voting data. *Journal of Conflict Resolution* 61(2), 430–456.
doi:10.1177/0022002715595700. Voeten, E., Strezhnev, A. & Bailey, M., United Nations General
Assembly Voting Data, Harvard Dataverse, hdl:1902.1/12379 (codebook, issue codes).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from multipolar.errors import FormatError, InputError
from multipolar.sources.un_vocabulary import ISSUE_CODES

FIELDS = ("title", "agenda", "subjects")
RULES_PATH = Path(__file__).with_name("data") / "issue_rules.toml"


@dataclass(frozen=True)
class IssueRule:
    """The patterns of one issue: include/exclude per field, and Voeten conventions."""

    code: str
    label: str
    include: Mapping[str, re.Pattern[str] | None]
    exclude: Mapping[str, re.Pattern[str] | None]
    conventions: re.Pattern[str] | None


_UPPER = re.compile(r"(?<!\\)[A-Z]")  # a capital that is not an escape such as \b or \S


def _compile(patterns: Sequence[str], where: str) -> re.Pattern[str] | None:
    """One alternation of the patterns, matched against lower-cased text.

    Texts are lower-cased once, so lower-case patterns need no IGNORECASE (four times faster
    in CPython's re); a pattern with capitals gets the flag.
    """
    if not patterns:
        return None
    alternation = "|".join(f"(?:{p})" for p in patterns)
    flags = re.IGNORECASE if _UPPER.search(alternation) else 0
    try:
        return re.compile(alternation, flags)
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
        if isinstance(item, list | tuple | np.ndarray):  # np.ndarray: lists read back from Arrow
            if len(item) == 0 or (len(item) > 1 and "unbis" not in str(item[1]).lower()):
                continue
            item = item[0]
        if isinstance(item, str) and item.strip():
            out.append(item.strip())
    return out


@dataclass(frozen=True)
class _Field:
    """A text column as its distinct lower-cased values and each row's position among them."""

    codes: np.ndarray
    uniques: list[str]

    @classmethod
    def of(cls, texts: pd.Series) -> _Field:
        codes, uniques = pd.factorize(texts)
        return cls(np.asarray(codes), [str(u).lower() for u in uniques])

    def search(self, rx: re.Pattern[str]) -> np.ndarray:
        """Per distinct value: does ``rx`` match?"""
        return np.fromiter(
            (rx.search(u) is not None for u in self.uniques), bool, len(self.uniques)
        )

    def hits(self, inc: re.Pattern[str] | None, exc: re.Pattern[str] | None) -> np.ndarray:
        """Per row: an include pattern matches and no exclude pattern does."""
        if inc is None:
            return np.zeros(len(self.codes), dtype=bool)
        hit = self.search(inc)
        if exc is not None:
            hit &= ~self.search(exc)
        return hit[self.codes]


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
    subjects : per roll call its subject terms: a list of strings, a list of ``[term, scheme]``
        pairs as in the UN records (only ``UNBIS Thesaurus`` terms count), or one string with
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
    t_col = _texts(titles, None, "titles")
    n = len(t_col)
    t, a = _Field.of(t_col), _Field.of(_texts(agenda, n, "agenda"))
    if subjects is None:
        per_row: list[list[str]] = []
        owner = np.array([], dtype=np.int64)
    else:
        per_row = [_terms(v) for v in _texts_list(subjects, n)]
        owner = np.repeat(np.arange(n), [len(x) for x in per_row])
    subj = _Field.of(pd.Series([term for x in per_row for term in x], dtype=object))
    rules = rules if rules is not None else _default_rules()
    out = {}
    for code in ISSUE_CODES:
        rule = rules[code]
        flag = t.hits(rule.include["title"], rule.exclude["title"])
        flag |= a.hits(rule.include["agenda"], rule.exclude["agenda"])
        if len(owner):
            hit = subj.hits(rule.include["subjects"], rule.exclude["subjects"])
            flag |= np.bincount(owner[hit], minlength=n).astype(bool)
        if conventions and rule.conventions is not None:
            flag |= t.hits(rule.conventions, None) | a.hits(rule.conventions, None)
        out[code] = flag
    df = pd.DataFrame(out, index=index if index is not None else pd.RangeIndex(n))
    df["importantvote"] = pd.array([pd.NA] * n, dtype="boolean")
    return df


def _texts_list(values: Iterable[object], n: int) -> list[object]:
    if isinstance(values, str):
        raise InputError("subjects must be one entry per roll call, not a single string")
    vals = values.to_list() if isinstance(values, pd.Series) else list(values)
    if len(vals) != n:
        raise InputError(f"subjects has {len(vals)} rows, titles have {n}")
    return vals
