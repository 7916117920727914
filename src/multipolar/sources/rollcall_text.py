r"""One clean title per UN roll call, and a key that matches recurring resolutions.

The Voeten / unvotes roll-call table describes each vote in two text fields, ``short`` and
``descr``, whose content changes over the sessions (read from the data, sessions 1–74):

========  ======================================================================
sessions  layout
========  ======================================================================
1–39      ``descr``: upper-case description of the vote ("TO ADOPT ... DRAFT
          RESOLUTION ..."); ``short``: upper-case subject
40–57     ``descr``: the resolution's title; ``short``: upper-case subject
58–70     ``descr``: the title plus " : resolution / adopted by the General
          Assembly" (in most rows; often misspelt or cut short); ``short``: a
          subject, the title cut at 60 characters, or empty
71–73     **swapped**: ``short`` holds the title (with the suffix) and ``descr``
          the agenda item ("A/71/251 39 - Question of Palestine. - PALESTINE
          QUESTION")
74        ``short`` and ``descr`` both hold the title
52–67,    votes on paragraphs, amendments and motions: ``short`` empty, ``descr``
71–72     a passage of the meeting record ("The President: I shall now put to
          the vote operative paragraph 7 of draft resolution A/52/L.13. A")
========  ======================================================================

:func:`rollcall_title` gives every roll call one readable title from these fields;
:func:`title_key` turns a title (from here, or the UN's own records, whose ``title`` is the
bare resolution title) into a match key; :func:`is_meeting_record` flags the votes that
are known only from a passage of the meeting record (no resolution title of their own).
All three are pure and vectorised (pandas ``Series`` in, ``Series`` out, same index).

Rules of :func:`rollcall_title`, in order:

1. the title source is ``short`` where ``descr`` is an agenda-item reference (it starts
   with a document symbol such as ``A/71/251``) and ``short`` is not empty (the 2016–2018
   swap); else ``descr``; else ``short``;
2. a meeting-record passage becomes the title of the draft it names ("Draft resolution XI
   is entitled _Nuclear disarmament<d3>" gives "Nuclear disarmament") followed by
   " (separate vote)", or else the passage without the speaker ("The Acting President:")
   and without the trailing page artefact, cut at 200 characters;
3. the suffix ": resolution / adopted by the General Assembly" (any spelling, also cut
   short) and an agenda-item reference prefix ("A/73/251 101hh - ") with its subject tail
   (". - SUBJECT--HEADING") are removed; whitespace is collapsed; a final full stop is
   dropped.

Rules of :func:`title_key`: Unicode decomposed (NFKD) and folded to ASCII (accents
dropped), upper case, every run of characters other than letters and digits replaced by
one space (so "non-nuclear", "non‑nuclear" with a non-breaking hyphen and "non nuclear"
agree), trimmed; ordinals 1–99 in words ("4TH" and "fourth" give "FOURTH", "24th" and
"twenty-fourth" give "TWENTY FOURTH": the UN's records spell them out, Voeten's often do
not); "UNITED STATES OF AMERICA" written "UNITED STATES" (the annual Cuba-embargo
resolution says "United States" until 2002 and "United States of America" after); the
misspellings found in the recurring series corrected ("UNITES STATES", 2004;
"COMITTEE", 2006; "TREATY PN THE", 2007) and "BEHAVIOR" written "BEHAVIOUR" (Voeten
2019 against the UN's spelling of the same resolution). Keys of fewer than 3 characters
are returned empty (nothing to match).

Titles that differ in wording keep different keys: "including Jerusalem" (1997–2001) and
"including East Jerusalem" (2002 on) are two resolutions for bridging, as they are two
texts.

Examples
--------
>>> import pandas as pd
>>> short = pd.Series(["CUBA, U.S. EMBARGO", "Necessity of ending the economic, commercial "
...     "and financial embargo imposed by the United States of America against Cuba : "
...     "resolution / adopted by the General Assembly"])
>>> descr = pd.Series(["Necessity of ending the economic, commercial and financial embargo "
...     "imposed by the United States against Cuba", "A/71/251 39 - Necessity of ending the "
...     "economic, commercial and financial embargo imposed by the United States of America "
...     "against Cuba. - CUBA--UNITED STATES"])
>>> titles = rollcall_title(short, descr, pd.Series([47, 71]))
>>> titles.tolist()[1]
'Necessity of ending the economic, commercial and financial embargo imposed by the United States of America against Cuba'
>>> key = title_key(titles)
>>> key[0] == key[1]
True
>>> key[0][:40]
'NECESSITY OF ENDING THE ECONOMIC COMMERC'
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

__all__ = ["is_meeting_record", "rollcall_title", "title_key"]

#: descr of a vote known only from the meeting record (speaker, or the chair's formula)
_RECORD = re.compile(
    r"^\s*(?:The\s+(?:Acting\s+)?President\b|I\s+(?:shall|now|next|first)\b.*\bput\b"
    r"|.*\b(?:put|putting)\s+to\s+the\s+vote\b|.*\brecorded\s+vote\s+has\s+(?:also\s+)?"
    r"been\s+requested\b)",
    re.IGNORECASE | re.DOTALL,
)
#: "Draft resolution XI is entitled _Nuclear disarmament<d3>" (Mac Roman quote artefacts)
_ENTITLED = re.compile(r"entitled\s*[_\"“']\s*([^<”\"]{3,300}?)\s*(?:<d3>|”|\")")
#: the speaker at the start of a passage: "The Acting President (spoke in Arabic):"
_SPEAKER = re.compile(r"^\s*The\s+(?:Acting\s+)?President(?:\s*\([^)]*\))?\s*:\s*", re.IGNORECASE)
#: agenda-item reference: "A/73/251 101hh - " (document symbol, item number, dash)
_AGENDA = re.compile(r"^A/\d+/\d+")
_AGENDA_PREFIX = re.compile(r"^\s*A/\d+/\d+(?:/[A-Za-z0-9.]+)?\s+[0-9A-Za-z\[\]]+\s+-\s+")
#: its subject-heading tail ". - CUBA--UNITED STATES" and any further ";A/73/251 ..." items
_AGENDA_TAIL = re.compile(r"\.?\s+-\s+[^;]*(?:;.*)?$")
#: ": resolution / adopted by the General Assembly", misspelt or cut short
_SUFFIX = re.compile(r"\s*:\s*(?:draft\s+)?resolution\b\s*(?:/[^:]*)?$", re.IGNORECASE)
#: the page artefact that ends many passages: "... has been requested. A"
_TRAILING_A = re.compile(r"(?<=[.:])\s+A\s*$")
_SPACES = re.compile(r"\s+")
_MAX_RECORD = 200

#: key spellings on the upper-case ASCII text with punctuation removed: found -> written
_KEY_FIXES = {
    "UNITES STATES": "UNITED STATES",  # session 59 (2004), Cuba embargo
    "UNITED STATES OF AMERICA": "UNITED STATES",
    "BEHAVIOR": "BEHAVIOUR",  # Voeten 2019 against the UN's own spelling
    "COMITTEE": "COMMITTEE",  # session 61 (2006), Israeli practices
    "TREATY PN THE": "TREATY ON THE",  # session 62 (2007), Bangkok Treaty
}
_KEY_FIX = re.compile(r"\b(?:" + "|".join(sorted(_KEY_FIXES, key=len, reverse=True)) + r")\b")
_NON_ALNUM = re.compile(r"[^0-9A-Z]+")
_ORDINAL = re.compile(r"\b(\d{1,2})(?:ST|ND|RD|TH)\b")
_DIGIT = re.compile(r"\d")
_UNITS = (
    "",
    "FIRST",
    "SECOND",
    "THIRD",
    "FOURTH",
    "FIFTH",
    "SIXTH",
    "SEVENTH",
    "EIGHTH",
    "NINTH",
    "TENTH",
    "ELEVENTH",
    "TWELFTH",
    "THIRTEENTH",
    "FOURTEENTH",
    "FIFTEENTH",
    "SIXTEENTH",
    "SEVENTEENTH",
    "EIGHTEENTH",
    "NINETEENTH",
)
_TENS = ("", "", "TWENTY", "THIRTY", "FORTY", "FIFTY", "SIXTY", "SEVENTY", "EIGHTY", "NINETY")
_TENTHS = {"TWENTY": "TWENTIETH", "THIRTY": "THIRTIETH", "FORTY": "FORTIETH"}
_TENTHS |= {"FIFTY": "FIFTIETH", "SIXTY": "SIXTIETH", "SEVENTY": "SEVENTIETH"}
_TENTHS |= {"EIGHTY": "EIGHTIETH", "NINETY": "NINETIETH"}


def _ordinal(match: re.Match[str]) -> str:
    """'24TH' -> 'TWENTY FOURTH' (1-99; other numbers unchanged)."""
    n = int(match.group(1))
    if not 0 < n < 100:
        return match.group(0)
    if n < 20:
        return _UNITS[n]
    tens, unit = divmod(n, 10)
    return f"{_TENS[tens]} {_UNITS[unit]}" if unit else _TENTHS[_TENS[tens]]


def _clean(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return _SPACES.sub(" ", str(value)).strip()


def _is_record(text: str) -> bool:
    return bool(text) and _RECORD.match(text) is not None


def is_meeting_record(descr: pd.Series) -> pd.Series:
    """True where ``descr`` is a passage of the meeting record rather than a title.

    These are the votes on paragraphs, amendments and motions of sessions 52–67 and 71–72
    ("The President: I shall now put to the vote ..."). Missing ``descr`` gives False.

    >>> import pandas as pd
    >>> is_meeting_record(pd.Series(["The President: I next put to the vote paragraph 7. A",
    ...                              "Nuclear disarmament", None])).tolist()
    [True, False, False]
    """
    codes, uniq = pd.factorize(descr.to_numpy(dtype=object), use_na_sentinel=True)
    flags = np.array([_is_record(_clean(u)) for u in uniq] + [False], dtype=bool)
    return pd.Series(flags[codes], index=descr.index, dtype=bool)


def _record_title(text: str) -> str:
    names = _ENTITLED.findall(text)
    if names:  # the last draft named in the passage is the one put to the vote
        return f"{names[-1].strip()} (separate vote)"
    plain = _TRAILING_A.sub("", _SPEAKER.sub("", text)).strip()
    if len(plain) > _MAX_RECORD:
        plain = re.sub(r"\s+\S*$", "", plain[:_MAX_RECORD]) + " …"
    return plain


def _title_one(short: str, descr: str) -> str:
    agenda = bool(short) and _AGENDA.match(descr) is not None
    if agenda:
        base = short
    elif _is_record(descr):
        base = _record_title(descr)
    else:
        base = descr or short
    out = _SUFFIX.sub("", base)
    if _AGENDA_PREFIX.match(out):
        out = _AGENDA_TAIL.sub("", _AGENDA_PREFIX.sub("", out))
    out = _SPACES.sub(" ", out).strip()
    return out[:-1].rstrip() if out.endswith(".") else out


def rollcall_title(short: pd.Series, descr: pd.Series, session: pd.Series) -> pd.Series:
    """One readable title per roll call from the Voeten / unvotes ``short`` and ``descr``.

    ``session`` (the UN session number) is accepted so that rules tied to sessions can be
    added without changing callers; the present rules read the text alone, so a newer
    release with the same layouts is handled wherever they appear. Returns a string
    ``Series`` on the index of ``descr``; empty where both fields are empty. See the module
    docstring for the rules.
    """
    if not len(short) == len(descr) == len(session):
        raise ValueError("short, descr and session must have the same length")
    pairs = pd.MultiIndex.from_arrays(
        [
            [_clean(x) for x in short.to_numpy(dtype=object)],
            [_clean(x) for x in descr.to_numpy(dtype=object)],
        ]
    )
    codes, uniq = pd.factorize(pairs)
    titles = np.array([_title_one(s, d) for s, d in uniq], dtype=object)
    return pd.Series(titles[codes], index=descr.index, dtype=str)


def _key_of(value: str) -> str:
    """ASCII upper case, every non-alphanumeric run a space, ordinals in words, respellings."""
    if not value.isascii():
        value = "".join(
            " " if unicodedata.category(c)[0] in "PSZC" else c
            for c in unicodedata.normalize("NFKD", value)
        )
        value = value.encode("ascii", "ignore").decode("ascii")
    text = _NON_ALNUM.sub(" ", value.upper()).strip()
    if _DIGIT.search(text):
        text = _ORDINAL.sub(_ordinal, text)
    for _ in range(2):  # a corrected spelling may make another rule apply ("UNITES STATES OF")
        text = _KEY_FIX.sub(lambda m: _KEY_FIXES[m.group(0)], text)
    return text


def title_key(title: pd.Series) -> pd.Series:
    """Match key of each title: ASCII, upper case, punctuation to spaces, known respellings.

    Equal keys mean "the same text" for bridging recurring resolutions across sessions and
    between the Voeten data and the UN's own records; see the module docstring for the
    rules. Missing titles give an empty key.

    >>> import pandas as pd
    >>> title_key(pd.Series(["Mongolia’s international security and nuclear-weapon-free "
    ...                      "status", "Côte d'Ivoire", None, "A"])).tolist()
    ['MONGOLIA S INTERNATIONAL SECURITY AND NUCLEAR WEAPON FREE STATUS', 'COTE D IVOIRE', '', '']
    """
    codes, uniq = pd.factorize(title.to_numpy(dtype=object), use_na_sentinel=True)
    keys = [_key_of(_clean(u)) for u in uniq]
    table = np.array([k if len(k) >= 3 else "" for k in keys] + [""], dtype=object)
    return pd.Series(table[codes], index=title.index, dtype=str)
