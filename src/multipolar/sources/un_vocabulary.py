"""The UN General Assembly vote vocabulary, defined once: vote codes, issue codes, sessions.

Every module that reads or writes UN votes takes these from here (the unvotes parser, the
agreement and ideal-point measures, the issue coder, the ``why`` report, ``data`` commands).

- Vote codes (Voeten): 1 yes, 2 abstain, 3 no, 8 absent, 9 not a member.
- Issue codes (Voeten): me, nu, di, hr, co, ec with their descriptions.
- Sessions: the regular session ``s`` opens in September of year ``s + 1945`` (session 74
  opens in 2019); ``year`` in the data is the year the session opens.
"""

from __future__ import annotations

#: vote code -> word, as the Voeten data code them
VOTE_WORDS: dict[int, str] = {1: "yes", 2: "abstain", 3: "no", 8: "absent", 9: "not a member"}
#: word -> vote code, for the three votes cast
VOTE_CODES: dict[str, int] = {"yes": 1, "abstain": 2, "no": 3}
#: issue flag column -> description (Voeten's six issue areas)
ISSUES: dict[str, str] = {
    "me": "Palestinian conflict",
    "nu": "Nuclear weapons and nuclear material",
    "di": "Arms control and disarmament",
    "hr": "Human rights",
    "co": "Colonialism",
    "ec": "Economic development",
}
#: the issue codes in their usual order
ISSUE_CODES: tuple[str, ...] = tuple(ISSUES)
#: year = session + FIRST_SESSION_YEAR
FIRST_SESSION_YEAR = 1945


def session_of(year: int) -> int:
    """The regular session that opens in ``year``.

    >>> session_of(2019), session_of(1946)
    (74, 1)
    """
    return year - FIRST_SESSION_YEAR


def year_of(session: int) -> int:
    """The year regular session ``session`` opens.

    >>> year_of(74)
    2019
    """
    return session + FIRST_SESSION_YEAR


def session_text(year: int) -> str:
    """The UN session that opens in ``year``, e.g. ``session 74, 2019–20``.

    >>> session_text(2019), session_text(1999)
    ('session 74, 2019–20', 'session 54, 1999–00')
    """
    return f"session {session_of(year)}, {year}–{(year + 1) % 100:02d}"
