"""What states say of each other in the UN General Debate (the ``ungdc`` source).

* :func:`what_they_say` — for the ``why A B`` report: how A speaks of B and of the comparator,
  and B of A and of the comparator, year by year (sentences that mention the other, how many
  of them are cooperative, conflictual or neutral toward it, the key terms, example sentences);
* :func:`speaker_mentions` — the speaker-year × mentioned-state table of
  ``multipolar read --corpus ungdc``.

The stances come from the sentence stance coder (:mod:`multipolar.sources.text.stance`; its
held-out macro-F1 and accuracy, measured on hand-labelled General Debate sentences, travel with
every answer as ``stance_quality``); the ``balance`` of a year is (cooperative − conflictual) /
(cooperative + conflictual) *sentences*, in [−1, 1], None when no sentence took a side.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from multipolar import states as _states
from multipolar.errors import MultipolarError
from multipolar.jsonutil import jsonable
from multipolar.sources.text.stance import quality
from multipolar.store import Store

QUADS = ("verbal_coop", "material_coop", "verbal_conflict", "material_conflict")
TERMS = ("multilateralism", "hegemony", "unilateral sanctions", "military blocs", "sovereignty")
CITATION = (
    "Baturo, A., Dasandi, N. & Mikhaylov, S. J. (2017). Understanding State Preferences with "
    "Text as Data: Introducing the UN General Debate Corpus. Research & Politics 4(2). "
    "doi:10.1177/2053168017712821"
)


def _term_col(term: str) -> str:
    return "term_" + term.replace(" ", "_")


def _balance(coop: int, conflict: int) -> float | None:
    total = coop + conflict
    return round((coop - conflict) / total, 3) if total else None


def speaker_mentions(store: Store, *, states_only: bool = True) -> pd.DataFrame:
    """Speaker-year × mentioned actor: sentences, cooperative and conflictual sentences, terms.

    Columns: ``speaker`` (the file's ISO3), ``speaker_ccode`` (COW code of the year: CHN
    before 1972 is the Republic of China), ``year``, ``mentioned``, ``mentioned_ccode``, ``sentences``,
    ``coop``, ``conflict``, ``neutral`` (sentences by the speaker's stance toward the mentioned
    state), ``balance`` and one column per key term.
    """
    df = store.frame("ungdc_mentions")
    if states_only:
        df = df[df["mentioned_kind"] == "state"]
    out = pd.DataFrame(
        {
            "speaker": df["iso3"],
            "speaker_ccode": df["ccode"],
            "year": df["year"].astype(int),
            "mentioned": df["mentioned_name"],
            "mentioned_ccode": df["mentioned_ccode"],
            "sentences": df["sentences"].astype(int),
            "coop": df["stance_coop"].astype(int),
            "conflict": df["stance_conflict"].astype(int),
            "neutral": df["stance_neutral"].astype(int),
        }
    )
    out["balance"] = [_balance(c, k) for c, k in zip(out["coop"], out["conflict"], strict=True)]
    for t in TERMS:
        col = _term_col(t)
        if col in df.columns:
            out[t] = df[col].astype(int).to_numpy()
    return out.sort_values(
        ["year", "speaker", "sentences"], ascending=[True, True, False]
    ).reset_index(drop=True)


def _direction(
    m: pd.DataFrame, speeches: pd.DataFrame, speaker: int, about: int, years: list[int]
) -> list[dict[str, Any]]:
    rows = m[
        (m["ccode"] == speaker) & (m["mentioned_ccode"] == about) & (m["mentioned_kind"] == "state")
    ]
    by_year = {int(r["year"]): r for r in rows.to_dict("records")}
    sizes = {
        int(r["year"]): int(r["sentences"])
        for r in speeches[speeches["ccode"] == speaker].to_dict("records")
    }
    out: list[dict[str, Any]] = []
    for y in years:
        r = by_year.get(y)
        n = sizes.get(y)
        if r is None:
            out.append(
                {"year": y, "spoke": n is not None, "sentences": 0, "of": n, "coop": 0,
                 "conflict": 0, "neutral": 0, "balance": None, "terms": {}, "example": None,
                 "example_coop": None, "example_conflict": None}
            )  # fmt: skip
            continue
        coop = int(r["stance_coop"])
        conflict = int(r["stance_conflict"])
        out.append(
            {
                "year": y,
                "spoke": True,
                "sentences": int(r["sentences"]),
                "of": n,
                "coop": coop,
                "conflict": conflict,
                "neutral": int(r["stance_neutral"]),
                "balance": _balance(coop, conflict),
                "terms": {
                    t: int(r[_term_col(t)]) for t in TERMS if int(r.get(_term_col(t), 0) or 0)
                },
                "example": r["example"],
                "example_coop": r["example_coop"],
                "example_conflict": r["example_conflict"],
            }
        )
    return out


def what_they_say(
    store: Store, a: str | int, b: str | int, *, vs: str | int = "United States"
) -> dict[str, Any] | None:
    """How A speaks of B and of ``vs``, and B of A and of ``vs``, in the General Debate by year.

    Returns a JSON-serialisable dict (``directions``: four series ``a_on_b``, ``a_on_vs``,
    ``b_on_a``, ``b_on_vs``, each one record per year of the corpus with ``sentences`` that
    mention the other out of ``of`` sentences of the speech, of them ``coop``/``conflict``/
    ``neutral`` sentences by the speaker's stance, ``balance``, ``terms`` and example
    sentences; ``terms``: each speaker's use of the key terms by year; ``speakers``: who
    spoke; ``stance_quality``: the stance coder's held-out macro-F1 and accuracy), or None when
    the corpus cannot be loaded. The first call codes the corpus and stores it; later calls
    read it.
    """
    sa, sb, sc = (_states.resolve(x) for x in (a, b, vs))
    try:
        m = store.frame("ungdc_mentions")
        speeches = store.frame("ungdc_speeches")
        terms = store.frame("ungdc_terms")
    except MultipolarError:
        return None
    years = sorted(int(y) for y in speeches["year"].unique())
    q = quality()
    rec: dict[str, Any] = {
        "source": "ungdc",
        "years": [years[0], years[-1]] if years else [],
        "states": {
            k: {"ccode": s.ccode, "iso3": s.iso3, "name": _states.name_in(s.ccode)}
            for k, s in (("a", sa), ("b", sb), ("vs", sc))
        },
        "directions": [],
        "terms": {},
        "speakers": {},
        "citation": CITATION,
        "stance_quality": {
            "heldout_macro_f1": q["heldout_macro_f1"],
            "heldout_accuracy": q["heldout_accuracy"],
            "heldout_sentences": int(q["heldout_sentences"]),
        },
        "note": "Mentions are counted exactly. Each sentence that names the other state is "
        "coded cooperative, conflictual or neutral toward it by multipolar's stance coder (cue "
        "words and a small model, one stance per state named): on "
        f"{int(q['heldout_sentences'])} hand-labelled held-out General Debate "
        f"sentences it is right {q['heldout_accuracy']:.0%} of the time (macro-F1 "
        f"{q['heldout_macro_f1']:.2f}); read the counts as estimates, not measurements.",
    }
    for key, x, y in (
        ("a_on_b", sa, sb),
        ("a_on_vs", sa, sc),
        ("b_on_a", sb, sa),
        ("b_on_vs", sb, sc),
    ):
        series = _direction(m, speeches, x.ccode, y.ccode, years)
        rec["directions"].append(
            {
                "key": key,
                "speaker": _states.name_in(x.ccode),
                "about": _states.name_in(y.ccode),
                "by_year": series,
                "sentences": sum(r["sentences"] for r in series),
                "coop": sum(r["coop"] for r in series),
                "conflict": sum(r["conflict"] for r in series),
                "neutral": sum(r["neutral"] for r in series),
                "balance": _balance(
                    sum(r["coop"] for r in series), sum(r["conflict"] for r in series)
                ),
            }
        )
    for k, s in (("a", sa), ("b", sb)):
        t = terms[terms["ccode"] == s.ccode]
        rec["terms"][k] = [
            {"year": int(y), **{r["term"]: int(r["count"]) for r in g.to_dict("records")}}
            for y, g in t.groupby("year")
        ]
        sp = speeches[speeches["ccode"] == s.ccode]
        rec["speakers"][k] = [
            {"year": int(r["year"]), "speaker": r["speaker"], "post": r["post"]}
            for r in sp.sort_values("year").to_dict("records")
        ]
    return jsonable(rec)
