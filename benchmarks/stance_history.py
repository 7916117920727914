"""The stance coder against history one can cite (issue 22, item 5); prints a table.

* The People's Republic of China on the Soviet Union: the Sino-Soviet split (border clashes of
  1969, "social-imperialism" in Chinese statements through the 1970s; normalisation at the
  Gorbachev–Deng summit of May 1989) against the partnership after 1991 (the 1996 "strategic
  partnership", the 2001 Treaty of Good-Neighbourliness).
* India on Pakistan across the wars of 1947–48, 1965, 1971 and Kargil (1999), and after the
  2001 Parliament and 2008 Mumbai attacks.

Uses the store's ``ungdc_mentions`` (loads the corpus on first use):

    python benchmarks/stance_history.py
"""

from __future__ import annotations

from multipolar.explain.speeches import speaker_mentions
from multipolar.store import connect

PERIODS = {
    ("China (PRC)", 710, "Soviet Union / Russia", 365): [
        (1972, 1989, "split"), (1990, 1991, "normalised"), (1992, 2024, "after the USSR"),
    ],
    ("India", 750, "Pakistan", 770): [
        (1946, 1964, "Kashmir war and after"), (1965, 1966, "1965 war"), (1967, 1970, ""),
        (1971, 1972, "1971 war"), (1973, 1998, "Simla to the tests"), (1999, 2000, "Kargil"),
        (2001, 2024, "after 2001"),
    ],
}  # fmt: skip


def rows() -> list[dict[str, object]]:
    """One row per speaker, target and period: speeches, sentences, stances, balance."""
    with connect() as st:
        m = speaker_mentions(st)
    out = []
    for (sname, scc, tname, tcc), periods in PERIODS.items():
        for y0, y1, label in periods:
            p = m[
                (m["speaker_ccode"] == scc)
                & (m["mentioned_ccode"] == tcc)
                & m["year"].between(y0, y1)
            ]
            coop, conf, neu = (int(p[c].sum()) for c in ("coop", "conflict", "neutral"))
            bal = round((coop - conf) / (coop + conf), 2) if coop + conf else None
            out.append(
                {"speaker": sname, "on": tname, "years": f"{y0}-{y1}", "period": label,
                 "sentences": int(p["sentences"].sum()), "coop": coop, "conflict": conf,
                 "neutral": neu, "balance": bal}
            )  # fmt: skip
    return out


if __name__ == "__main__":
    for r in rows():
        print(r)
