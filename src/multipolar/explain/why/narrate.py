"""Narration of a series through the segments of its piecewise-linear fit (measures.breaks).

Facts, not fits: a number "in YEAR" or "by YEAR" is the observed value of that year; a fitted
level reads "about" or "held near" and is never attached to the last year.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from multipolar.explain.numbers import num as _num

if TYPE_CHECKING:
    from multipolar.explain.why.evidence import Evidence

#: change in kappa (or agreement share) below which a segment "held near" a level
FLAT = 0.10


# --- turning points ----------------------------------------------------------------------
def narrate(
    segments: list[dict[str, Any]],
    series: pd.DataFrame,
    col: str,
    label: str,
    *,
    recent: dict[str, Any] | None = None,
) -> str:
    """One sentence through the segments of a piecewise-linear fit (measures.breaks).

    A segment whose fitted change is under ``max(FLAT, 0.2 × the series' range)`` "held
    near" its level; otherwise it "rose" or "fell" between the observed values at its ends
    (when noise makes the observed ends disagree with the fitted direction, the segment
    "varied … around a fitted line that rises" and the observed ends are given: a fitted value
    is never given as the value of a year). A jump between
    segments is said ("dropped to … in 2009"); the lowest or highest value, when it lies
    inside a segment, is named there.

    >>> segs = [{"start": 1991, "end": 2008, "fit_start": 0.79, "fit_end": 0.81,
    ...          "obs_start": 0.56, "obs_end": 0.82},
    ...         {"start": 2009, "end": 2019, "fit_start": 0.49, "fit_end": 0.74,
    ...          "obs_start": 0.52, "obs_end": 0.69}]
    >>> s = pd.DataFrame({"year": [1991, 2008, 2009, 2019], "k": [0.56, 0.82, 0.52, 0.69]})
    >>> narrate(segs, s, "k", "kappa")
    'kappa held near 0.80 from 1991 to 2008, then dropped to 0.52 in 2009 and rose to 0.69 by 2019'

    With ``recent`` (:func:`recent_move`: the last five years moved by 0.1 or more), a level
    last segment ends where that movement starts and the observed values follow with their
    years, so no fitted level is attached to the last year:

    >>> s2 = pd.DataFrame({"year": range(1999, 2026), "k": [0.55] * 22 + [0.69, 0.56, 0.55, 0.53, 0.51]})
    >>> seg2 = [{"start": 1999, "end": 2025, "fit_start": 0.57, "fit_end": 0.55,
    ...          "obs_start": 0.55, "obs_end": 0.51}]
    >>> narrate(seg2, s2, "k", "kappa", recent=recent_move(s2, "k"))
    'kappa held near 0.56 from 1999 to 2020, then 0.69 in 2021, 0.56 in 2022 and 0.51 in 2025'

    A last year far off a level segment is said, also in a one-segment series:

    >>> one = [{"start": 2009, "end": 2025, "fit_start": 0.42, "fit_end": 0.40,
    ...         "obs_start": 0.41, "obs_end": 0.04}]
    >>> t = pd.DataFrame({"year": [2009, 2024, 2025], "k": [0.41, 0.40, 0.04]})
    >>> narrate(one, t, "k", "kappa")
    'kappa held near 0.41 from 2009 to 2024, then fell to 0.04 in 2025'
    """
    if not segments:
        return ""
    d = series.dropna(subset=[col])
    span = float(d[col].max() - d[col].min()) if len(d) else 0.0
    flat = max(FLAT, 0.2 * span)
    extreme: tuple[int, str] | None = None
    if len(d) >= 3:
        bounds = {int(s["start"]) for s in segments} | {int(s["end"]) for s in segments}
        for idx, word in ((d[col].idxmin(), "lowest"), (d[col].idxmax(), "highest")):
            yr = int(d.loc[idx, "year"])
            if yr not in bounds:
                extreme = (yr, f" ({word}: {_num(float(d.loc[idx, col]))} in {yr})")
                break
    parts: list[str] = []
    prev_end: float | None = None
    for i, s in enumerate(segments):
        dfit = s["fit_end"] - s["fit_start"]
        dobs = s["obs_end"] - s["obs_start"]
        jump = None if prev_end is None else s["fit_start"] - prev_end
        lead = "" if i == 0 else "then "
        # a last year far off a level segment (USA–UK 2025: 0.04 against a level near 0.41)
        # is said, not averaged away
        is_last = i == len(segments) - 1
        cut = is_last and recent is not None and recent["from"] > s["start"]
        last = _last_move(s, flat) if is_last and not cut else None
        until = s["end"] - 1 if last else s["end"]
        if cut and abs(dfit) < flat:
            until = recent["from"] - 1 if recent else until
        if abs(dfit) < flat:
            level = (s["fit_start"] + s["fit_end"]) / 2
            if jump is not None and abs(jump) >= flat:
                verb = "jumped" if jump > 0 else "dropped"
                text = (
                    f"{lead}{verb} to {_num(s['obs_start'])} in {s['start']} and held near "
                    f"{_num(level)} until {until}"
                )
            elif i == 0:
                text = f"held near {_num(level)} from {s['start']} to {until}"
            else:
                text = f"{lead}held near {_num(level)} until {until}"
        else:
            up = dfit > 0
            verb = "rose" if up else "fell"
            agrees = (dobs > 0) == up and abs(dobs) >= flat / 2
            if agrees:
                v0, v1 = s["obs_start"], s["obs_end"]
                if jump is not None and abs(jump) >= flat and (jump > 0) != up:
                    jverb = "jumped" if jump > 0 else "dropped"
                    text = (
                        f"{lead}{jverb} to {_num(v0)} in {s['start']} and {verb} to "
                        f"{_num(v1)} by {s['end']}"
                    )
                else:
                    text = (
                        f"{lead}{verb} from {_num(v0)} in {s['start']} to {_num(v1)} "
                        f"{'in' if i == 0 else 'by'} {s['end']}"
                    )
            else:
                # facts, not fits: the fitted ends are not the values of those years, so
                # the sentence gives the fit's direction and the observed ends
                text = (
                    f"{lead}varied over {s['start']}–{s['end']} around a fitted line that "
                    f"{'rises' if up else 'falls'} (observed {_num(s['obs_start'])} in "
                    f"{s['start']}, {_num(s['obs_end'])} in {s['end']})"
                )
        in_recent = recent is not None and extreme is not None and extreme[0] >= recent["from"]
        if extreme and s["start"] <= extreme[0] <= s["end"] and not in_recent:
            text += extreme[1]
        if last:
            text += f", then {last}"
        if cut and recent is not None:
            text += (
                f", then {recent['text']}"
                if abs(dfit) < flat
                else (f"; in the last five years {recent['text']}")
            )
        parts.append(text)
        prev_end = s["fit_end"]
    return f"{label} " + ", ".join(parts)


def _last_move(s: dict[str, Any], flat: float) -> str | None:
    """ "fell to 0.04 in 2025" when a level segment's last observed value departs from its
    fitted end by at least ``flat``; None otherwise (and for rising or falling segments,
    whose sentence already ends on the observed value).

    >>> seg = {"start": 2009, "end": 2025, "fit_start": 0.42, "fit_end": 0.40, "obs_end": 0.04}
    >>> _last_move(seg, 0.17), _last_move({**seg, "obs_end": 0.35}, 0.17)
    ('fell to 0.04 in 2025', None)
    """
    if abs(s["fit_end"] - s["fit_start"]) >= flat or s["end"] <= s["start"]:
        return None
    dep = s["obs_end"] - s["fit_end"]
    if abs(dep) < flat:
        return None
    return f"{'rose' if dep > 0 else 'fell'} to {_num(s['obs_end'])} in {s['end']}"


def recent_trend(ev: Evidence) -> dict[str, Any] | None:
    """The direction of the pair's kappa in the last segment of its turning-point fit (as
    :func:`narrate` words it): ``word`` rising/falling/steady (or ``varied`` for a recent swing
    that ends within 0.05 of where it began), ``verb`` risen/fallen/held steady/varied,
    ``since`` the segment's first year and ``kappa_since`` its observed kappa, the last ``kappa``
    and its ``year``, ``then`` a last year far off a level segment ("fell to 0.04 in 2025");
    None without a fit. When the last five years moved by 0.1 or more (:func:`recent_move`),
    the observed movement decides instead: ``since`` is the first of those years and ``after``
    lists the observed values before the last ("0.69 in 2021", "0.56 in 2022")."""
    by = pd.DataFrame(ev.un_votes.get("by_year", []))
    segs = ev.un_votes.get("turning_points", {}).get("kappa", [])
    if by.empty:
        return None
    move = recent_move(by, "kappa", share="agree" if "agree" in by else None)
    if move is not None:
        # facts, not fits: the last five years moved by 0.1 or more; the observed path. A
        # swing that ends near where it began "varied" (Hungary–Russia: 0.08 in 2021, -0.17 in
        # 2022, 0.12 in 2025 is not "held steady")
        change = move["change"]
        word = "rising" if change >= FLAT / 2 else "falling" if change <= -FLAT / 2 else "varied"
        (y0, k0), *_, (y1, k1) = move["points"]
        return {
            "word": word,
            "verb": {"rising": "risen", "falling": "fallen", "varied": "varied"}[word],
            "then": None,
            "since": y0,
            "kappa_since": float(k0),
            "kappa": float(k1),
            "year": y1,
            "after": move["labels"][:-1],
            "last": move["labels"][-1],
        }
    if not segs:
        return None
    s = segs[-1]
    d = s["fit_end"] - s["fit_start"]
    k = by["kappa"].dropna()
    flat = max(FLAT, 0.2 * float(k.max() - k.min())) if len(k) else FLAT  # as narrate()
    word = "rising" if d >= flat else "falling" if d <= -flat else "steady"
    verb = {"rising": "risen", "falling": "fallen", "steady": "held steady"}[word]
    return {
        "word": word,
        "verb": verb,
        "then": _last_move(s, flat),  # e.g. "fell to 0.04 in 2025", or None
        "since": int(s["start"]),
        "kappa_since": float(s["obs_start"]),
        "kappa": float(by["kappa"].iloc[-1]),
        "year": int(by["year"].iloc[-1]),
    }


#: a year whose kappa is this low while this share of votes was identical: both voted one way
#: on nearly every roll call, which chance correction discounts (Czechoslovakia-Hungary 1989:
#: kappa -0.02 on 93% identical votes); the share is said beside the kappa
PARADOX_KAPPA, PARADOX_SHARE = 0.2, 0.85


def _label(row: Any, col: str, share: str | None) -> str:
    """ "0.88 in 2015", or "−0.02 in 1989 with 93% of votes identical" for a low kappa on votes
    that were nearly all the same."""
    text = f"{_num(float(row[col]))} in {int(row['year'])}"
    if share is not None and row[col] <= PARADOX_KAPPA and row[share] >= PARADOX_SHARE:
        text += f" with {round(100 * float(row[share]))}% of votes identical"
    return text


def recent_move(
    series: pd.DataFrame, col: str, *, years: int = 5, tol: float = FLAT, share: str | None = None
) -> dict[str, Any] | None:
    """The observed path of ``col`` over the last ``years`` years when it moved by ``tol`` or
    more between any two of them: the first year, the year after the largest one-year change
    (when inside), the year of the extreme (when inside) and the last year. None when flat.

    >>> s = pd.DataFrame({"year": range(2019, 2026), "k": [0.7, 0.7, 0.69, 0.56, 0.55, 0.53, 0.51]})
    >>> m = recent_move(s, "k")
    >>> m["text"]
    '0.69 in 2021, 0.56 in 2022 and 0.51 in 2025'
    >>> recent_move(s.assign(k=0.6), "k") is None
    True

    A dip between two similar ends is kept (the extreme):

    >>> d = pd.DataFrame({"year": range(2021, 2026), "k": [0.30, 0.25, 0.22, 0.12, 0.27]})
    >>> recent_move(d, "k")["text"]
    '0.30 in 2021, 0.12 in 2024 and 0.27 in 2025'
    """
    d = series.dropna(subset=[col]).sort_values("year")
    if d.empty:
        return None
    y1 = int(d["year"].max())
    w = d[d["year"] > y1 - years]
    if len(w) < 2:
        return None
    vals = w[col].astype(float).tolist()
    yrs = w["year"].astype(int).tolist()
    if max(vals) - min(vals) < tol:
        return None
    keep = {0, len(vals) - 1}
    steps = [abs(vals[i + 1] - vals[i]) for i in range(len(vals) - 1)]
    keep.add(steps.index(max(steps)) + 1)
    # the extreme: the value farthest from the first, so a dip or peak between the ends
    # is never hidden behind two similar end values
    far = max(range(len(vals)), key=lambda i: abs(vals[i] - vals[0]))
    keep.add(far)
    points = [(yrs[i], vals[i]) for i in sorted(keep)]
    parts = [_label(w.iloc[i], col, share) for i in sorted(keep)]
    text = ", ".join(parts[:-1]) + " and " + parts[-1]
    return {"from": yrs[0], "to": yrs[-1], "points": points, "labels": parts, "text": text,
            "change": vals[-1] - vals[0]}  # fmt: skip
