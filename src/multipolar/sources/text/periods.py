"""The years a sentence refers to (pure): "in 2014", "since 2014", "between 2010 and 2015",
"by 2030", "after the Cold War", "in the 1990s", "in April", "last year", "over the past
decade", "for more than 60 years". Used by :mod:`multipolar.sources.text.propositions`."""

from __future__ import annotations

import re
from typing import Any

ERAS = (
    (re.compile(r"\b(?:end of the|after the|since the|post-)\s*cold war\b", re.I), 1991),
    (re.compile(r"\b(?:annexation of crimea|crimea)\b", re.I), 2014),
    (re.compile(r"\bcollapse of the soviet union|soviet collapse\b", re.I), 1992),
)

_YEAR = r"(1[89]\d\d|20\d\d)"

_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "sixty": 60}  # fmt: skip


def period_of(text: str, year: int | None = None) -> dict[str, Any] | None:
    """The years a sentence refers to: ``{"from", "to", "text"}`` (None: no period named).

    ``year`` (the document's year) resolves "last year" and "the past decade".

    >>> period_of("Trade collapsed after 2014.")
    {'from': 2014, 'to': None, 'text': 'after 2014'}
    >>> period_of("It was lower in 2022 than in 2021.")
    {'from': 2021, 'to': 2022, 'text': 'in 2022 … in 2021'}
    >>> period_of("They signed a pact in 2005.")
    {'from': 2005, 'to': 2005, 'text': 'in 2005'}
    >>> period_of("Since the end of the Cold War they vote alike.")['from']
    1991
    """
    m = re.search(rf"\bbetween\s+{_YEAR}\s+and\s+{_YEAR}", text)
    if m is None:
        m = re.search(rf"\bfrom\s+{_YEAR}\s+(?:to|until|through)\s+{_YEAR}", text)
    if m:
        return {"from": int(m.group(1)), "to": int(m.group(2)), "text": m.group(0)}
    m = re.search(rf"\b(since|after|from|starting in)\s+{_YEAR}\b", text, re.I)
    if m:
        return {"from": int(m.group(2)), "to": None, "text": m.group(0)}
    m = re.search(rf"\b(by|until|through|before)\s+{_YEAR}\b", text, re.I)
    if m:
        y = int(m.group(2))
        return {"from": None, "to": y, "text": m.group(0)}
    m = re.search(r"\bin the (1[89]\d0|20\d0)s\b", text)
    if m:
        y = int(m.group(1))
        return {"from": y, "to": y + 9, "text": m.group(0)}
    ins = list(re.finditer(rf"\b(?:in|of|during)\s+{_YEAR}\b", text))
    if ins:
        ys = [int(x.group(1)) for x in ins]
        return {
            "from": min(ys),
            "to": max(ys),
            "text": " … ".join(x.group(0) for x in ins),
        }
    for rx, first in ERAS:
        m = rx.search(text)
        if m:
            return {"from": first, "to": None, "text": m.group(0)}
    if year is not None:
        m = re.search(
            r"\b(?i:in|on|since|last) (?:\d{1,2} )?(January|February|March|April|May|June|July|"
            r"August|September|October|November|December)\b(?! \d{4})",
            text,
        )
        if m:  # "in April", in a text of 2012: 2012 (the text's month is not known here)
            return {"from": year, "to": year, "text": m.group(0)}
        m = re.search(
            r"\b(?:for|over|in) (?:the (?:past|last) )?(?:more than |over |almost |nearly |some )?"
            r"(\d+|two|three|four|five|six|seven|eight|nine|ten|sixty) (years|decades)\b",
            text,
            re.I,
        )
        if m:
            n = _WORDS.get(m.group(1).lower()) or int(m.group(1))
            n *= 10 if m.group(2).lower() == "decades" else 1
            return {"from": year - n, "to": None, "text": m.group(0)}
        if re.search(r"\blast year\b", text, re.I):
            return {"from": year - 1, "to": year - 1, "text": "last year"}
        m = re.search(r"\b(?:over|in|during) the (?:past|last) decade\b", text, re.I)
        if m:
            return {"from": year - 10, "to": None, "text": m.group(0)}
        m = re.search(r"\bin recent years\b", text, re.I)
        if m:
            return {"from": year - 5, "to": None, "text": m.group(0)}
    m = re.search(rf"\b{_YEAR}\b", text)
    if m:
        y = int(m.group(1))
        return {"from": y, "to": y, "text": m.group(0)}
    return None
