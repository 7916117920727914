"""What the stored UN records hold of an emergency special session, said plainly.

The UN's machine-readable records in the mirror stop before some votes a reader will ask about
(the Ukraine session's votes of 24 February 2025): every report that shows the session says
which of its resolutions it has, the date of the last, which known votes are later, and how to
add them (``multipolar data import FILE --as undl-ga``). Known dates are data
(``sources/data/emergency_votes_known.csv``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from multipolar.sources.codes import read_data_csv
from multipolar.store import Store

__all__ = ["emergency_session_coverage"]


def _number(symbol: str) -> int:
    m = re.search(r"/(\d+)\s*$", symbol or "")
    return int(m.group(1)) if m else 0


def emergency_session_coverage(store: Store, session: str = "ES-11") -> dict[str, Any]:
    """``{session, held, first, last, last_date, later_known, note}`` for an emergency session.

    ``held`` lists the resolution symbols with a recorded vote in the store, ``later_known`` the
    known votes dated after the last one held, and ``note`` one sentence a report prints, e.g.
    "The records hold ES-11/1–6 (the last of 23 February 2023); the votes of 24 February 2025
    are not in them: `multipolar data import FILE --as undl-ga` adds them."
    """
    rows = store.sql(
        "SELECT unres, date, source FROM unga_rollcalls WHERE emergency_session = ? "
        "AND recorded ORDER BY date, unres",
        [session],
    )
    held = [str(u) for u in rows["unres"] if u is not None]
    last_date = rows["date"].max() if len(rows) else None
    last = dt.date.fromisoformat(str(last_date)[:10]) if last_date is not None else None
    known = [
        r
        for r in read_data_csv("multipolar.sources", "data/emergency_votes_known.csv")
        if r["emergency_session"] == session
    ]
    later = [r for r in known if last is None or dt.date.fromisoformat(r["date"]) > last]
    nums = sorted(_number(s) for s in held)
    span = f"{session}/{nums[0]}" + (f"–{nums[-1]}" if nums[-1] != nums[0] else "") if nums else ""
    if not held:
        note = f"The records hold no recorded vote of {session}."
    else:
        note = f"The records hold {span} (the last of {last:%-d %B %Y})"
        note += (
            "; "
            + "; ".join(f"{r['what']} are not in them" for r in later)
            + ": `multipolar data import FILE --as undl-ga` adds them."
            if later
            else "."
        )
    return {
        "session": session,
        "held": held,
        "first": held[0] if held else None,
        "last": held[-1] if held else None,
        "last_date": last.isoformat() if last else None,
        "later_known": later,
        "note": note,
    }
