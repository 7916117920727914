"""The planted claims (tests/data/planted_claims.csv) read and checked through the real store.

The table was written before the checker (its expected verdicts computed by hand from the raw
files, tests/data/planted_claims_hand.py); each sentence is read alone, dated as its row says.
The test asks what issue 22 asks: no claim whose data contradict it comes out *supported*, and
at least 80% of the claims the data can settle (expected supported, contradicted or mixed) get
the expected verdict. The confusion table is printed (``pytest -s``) and written to the log.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from multipolar.explain.read import read

DATA = Path(__file__).resolve().parents[1] / "data"
TABLE = DATA / "planted_claims.csv"
#: written after the checker was built, before it was run on them; never tuned on
HELD_OUT = DATA / "planted_claims_heldout.csv"
#: a second held-out set, written after the first was reported; never tuned on either
HELD_OUT_2 = DATA / "planted_claims_heldout2.csv"
SETTLED = ("supported", "contradicted", "mixed")


def _rows(table: Path = TABLE) -> list[dict[str, str]]:
    with table.open(encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def _verdict(rd) -> str:
    """The verdict of the sentence: its claim's, or "not a claim" when the reading has no
    claim row or marks it not a claim."""
    if not rd.claims:
        return "not a claim"
    c = rd.claims[0]
    return "not a claim" if c["kind"] == "not a claim" else c["check"]["verdict"]


@pytest.fixture(scope="module")
def results(store):
    out = []
    for r in _rows():
        rd = read(r["sentence"], date=r["date"], store=store)
        out.append((r, _verdict(rd), rd))
    return out


def test_the_table_is_as_issue_22_asks():
    rows = _rows()
    pairs = {r["pair"] for r in rows}
    kinds = Counter(r["expected"] for r in rows)
    assert len(pairs) >= 8 and len(rows) >= 40
    assert kinds["contradicted"] >= 10 and kinds["cannot check"] >= 3
    assert kinds["not a claim"] >= 5
    assert all(r["numbers"] and r["how"] for r in rows if r["kind"] == "claim")


def test_no_contradicted_claim_is_supported(results):
    wrong = [
        (r["id"], r["sentence"])
        for r, got, _ in results
        if r["expected"] == "contradicted" and got == "supported"
    ]
    assert wrong == []


def test_accuracy_on_claims_the_data_settle(results):
    confusion = Counter((r["expected"], got) for r, got, _ in results)
    print("\nplanted claims: expected -> got")
    for (exp, got), n in sorted(confusion.items()):
        print(f"  {exp:>13} -> {got:<13} {n}")
    settled = [(r, got) for r, got, _ in results if r["expected"] in SETTLED]
    right = sum(1 for r, got in settled if got == r["expected"])
    print(f"  accuracy on settled claims: {right}/{len(settled)}")
    assert right / len(settled) >= 0.80
    nots = [(r["id"], got) for r, got, _ in results if r["expected"] == "not a claim"]
    assert sum(1 for _, got in nots if got == "not a claim") >= 0.8 * len(nots), nots
    later = [(r["id"], got) for r, got, _ in results if r["expected"] == "cannot check"]
    assert all(got == "cannot check" for _, got in later), later


def test_checks_carry_numbers_with_years_and_sources(results):
    for r, got, rd in results:
        if got not in SETTLED:
            continue
        nums = rd.claims[0]["check"]["numbers"]
        assert nums, r["id"]
        assert all(n["year"] not in (None, "") and n["source"] for n in nums), r["id"]


def test_data_after_the_texts_date_are_not_used(results):
    # annual series: years before the text's year only; vetoes: up to the date itself
    for r, got, rd in results:
        if got not in SETTLED:
            continue
        c = rd.claims[0]
        limit = int(r["date"][:4]) - (0 if c["channel"] == "vetoes" else 1)
        assert c["check"]["years"]["to"] <= limit, (r["id"], c["check"]["years"])


def test_past_the_data_names_the_last_year(results):
    byid = {r["id"]: rd for r, _, rd in results}
    assert "2020" in byid["cr6"].claims[0]["check"]["reason"]  # trade totals end in 2020
    assert "2018" in byid["bc5"].claims[0]["check"]["reason"]  # ATOP ends in 2018


def test_held_out_claims(store):
    """The held-out rows: reported (docs/read.md), guarded against a contradicted claim marked
    supported and against accuracy falling under 80% on the claims the data settle."""
    got = [(r, _verdict(read(r["sentence"], date=r["date"], store=store))) for r in _rows(HELD_OUT)]
    confusion = Counter((r["expected"], v) for r, v in got)
    print("\nheld-out planted claims: expected -> got")
    for (exp, v), n in sorted(confusion.items()):
        print(f"  {exp:>13} -> {v:<13} {n}")
    assert not [r["id"] for r, v in got if r["expected"] == "contradicted" and v == "supported"]
    settled = [(r, v) for r, v in got if r["expected"] in SETTLED]
    right = sum(1 for r, v in settled if v == r["expected"])
    print(f"  accuracy on settled held-out claims: {right}/{len(settled)}")
    assert right / len(settled) >= 0.80


def test_trade_partner_ranks(store):
    # by hand (planted_claims_hand.py ranks: the DOTS workbooks, aggregates left out): in 2020
    # China is Russia's largest partner ($100.2 bn; Germany $45.1 bn next); Russia is not
    # China's (the United States $577.5 bn, Japan, Korea, ... before Russia's $100.2 bn)
    rd = read("China is Russia's largest trading partner.", date="2021-06-01", store=store)
    c = rd.claims[0]
    assert c["rank"] == {"rank": 1, "at_most": False, "of": 365, "partner": 710}
    assert c["check"]["verdict"] == "supported" and c["check"]["years"] == {
        "from": 2020,
        "to": 2020,
    }
    rd = read("Russia is China's largest trading partner.", date="2021-06-01", store=store)
    ch = rd.claims[0]["check"]
    assert ch["verdict"] == "contradicted" and ch["numbers"][0]["value"] > 1


def test_a_change_in_one_year_is_read_against_the_year_before(store):
    # by hand (planted_claims_hand.dots_trade on the India and Russia DOTS workbooks): India-
    # Russia trade 2017 8,598; 2018 10,087; 2019 10,106; 2020 8,518 (US$ m). "Fell in 2020"
    # read "no trade totals for India-Russia in 2020" (one year, no change to measure)
    rd = read(
        "Trade between India and Russia fell sharply in 2020.", date="2025-06-01", store=store
    )
    ch = rd.claims[0]["check"]
    assert ch["verdict"] == "supported" and ch["years"] == {"from": 2019, "to": 2020}
    assert [round(n["value"]) for n in ch["numbers"][:2]] == [10106, 8518]
    rd = read("Trade between India and Russia fell in 2018.", date="2025-06-01", store=store)
    ch = rd.claims[0]["check"]
    assert ch["verdict"] == "contradicted" and ch["years"] == {"from": 2017, "to": 2018}


@pytest.mark.parametrize(
    ("text", "verdict", "k0", "k1"),
    [
        # by hand (planted_claims_hand.votes_documented on un_votes.rda: contested roll calls,
        # quadratic-weighted kappa by session year; in sessions 68-70 Voeten flags no amendment
        # or paragraph vote and the data hold no meeting-record motion, so all roll calls are
        # the `resolutions` set): China-Russia 0.550 (2013), 0.619 (2015); Turkey-Russia 0.089,
        # 0.223; Russia-Ukraine -0.056, 0.064. Dated 2016: the years read are 2013-2015
        ("China and Russia have moved closer at the UN since 2013.", "mixed", 0.55, 0.62),
        ("Turkey has moved closer to Russia at the UN since 2013.", "supported", 0.09, 0.22),
        (
            "Russia and Ukraine have drifted apart at the United Nations since 2013.",
            "contradicted",
            -0.06,
            0.06,
        ),
        ("Turkey has moved away from Russia in UN votes since 2013.", "contradicted", 0.09, 0.22),
    ],
)
def test_a_vote_trend_is_the_pairs_kappa_at_both_ends(store, text, verdict, k0, k1):
    rd = read(text, date="2016-06-01", store=store)
    ch = rd.claims[0]["check"]
    assert rd.claims[0]["channel"] == "votes" and rd.claims[0]["change"] in ("rise", "fall")
    assert ch["verdict"] == verdict and ch["years"] == {"from": 2013, "to": 2015}
    assert [n["value"] for n in ch["numbers"][:2]] == [k0, k1]


def test_chinese_official_finance(store):
    # by hand, pandas on aiddata/cow_gcdf.csv (oof_adj + oda_adj + vof_adj, 2021 US$): Russia
    # 2013-2020 $91,043 m; Venezuela 2011-2013 mean $11,167 m, 2018-2020 mean $101 m; the
    # United States has no row (not a recipient AidData covers)
    c = read(
        "China has lent billions to Russia since 2013.", date="2021-06-01", store=store
    ).claims[0]
    assert c["check"]["verdict"] == "supported"
    assert round(c["check"]["numbers"][0]["value"]) == 91043
    c = read("Chinese loans to Venezuela have dried up.", date="2021-06-01", store=store).claims[0]
    assert c["check"]["verdict"] == "supported"
    assert [round(n["value"]) for n in c["check"]["numbers"][:2]] == [11167, 101]
    c = read("China lends money to the United States.", date="2021-06-01", store=store).claims[0]
    assert c["check"]["verdict"] == "cannot check" and "not among" in c["check"]["reason"]
    c = read("Russia lends money to China.", date="2021-06-01", store=store).claims[0]
    assert (
        c["check"]["verdict"] == "cannot check"
        and "China's official finance only" in c["check"]["reason"]
    )


def test_a_prediction_is_checked_from_the_writers_year_and_its_size(store):
    # by hand (planted_claims_hand.py trade): China-Russia 2014 $91,180 m, 2020 $100,191 m (a
    # 1.10-fold rise); Brazil-China 2010 $55,250 m, 2020 $103,349 m (1.87-fold)
    c = read(
        "Trade between China and Russia will double by 2020.", date="2015-06-01", store=store
    ).claims[0]
    assert c["factor"] == 2.0 and c["future"]
    ch = c["check"]
    assert ch["years"] == {"from": 2014, "to": 2020}  # from the last year the writer saw
    assert ch["verdict"] == "mixed" and "1.10-fold" in ch["holds"]
    c = read(
        "Trade between Brazil and China doubled after 2010.", date="2021-06-01", store=store
    ).claims[0]
    assert c["check"]["verdict"] == "supported"


def test_second_held_out_set(store):
    """Reported (docs/read.md: 15/21 when first run, short of 80%: the misses are all *cannot
    check* or *mixed* but one *not a claim*); guarded only against a contradicted claim marked
    supported -- an accuracy floor here would be tuned to the result."""
    got = [
        (r, _verdict(read(r["sentence"], date=r["date"], store=store))) for r in _rows(HELD_OUT_2)
    ]
    confusion = Counter((r["expected"], v) for r, v in got)
    print("\nsecond held-out set: expected -> got")
    for (exp, v), n in sorted(confusion.items()):
        print(f"  {exp:>13} -> {v:<13} {n}")
    settled = [(r, v) for r, v in got if r["expected"] in SETTLED]
    print(f"  accuracy: {sum(v == r['expected'] for r, v in settled)}/{len(settled)}")
    assert not [r["id"] for r, v in got if r["expected"] == "contradicted" and v == "supported"]


def test_the_sources_of_a_checked_claim_are_cited(store):
    rd = read(
        "China and Russia vote together at the United Nations more often than most pairs.",
        date="2020-06-01",
        store=store,
    )
    names = {s["name"] for s in rd.sources}
    assert "unvotes" in names and all(s["citation"] for s in rd.sources)


def test_they_inherits_the_pair_of_the_sentence_before_in_its_paragraph():
    """docs/read.md: "They" / "Both" / "The two countries" takes the pair the sentence right
    before names jointly, within a paragraph (no blank line between); the row says so."""
    text = "China and Russia are closely linked. They have interests in commerce and production."
    rd = read(text, check=False)
    c = next(c for c in rd.claims if c["text"].startswith("They"))
    assert c["inherited"] and c["pair"] == [710, 365] and c["channel"] == "trade"
    assert "(from the sentence before)" in c["asserts"]
    rd = read(text.replace(". They", ".\n\nThey"), check=False)  # a new paragraph: no pair
    assert not any(c["inherited"] for c in rd.claims)
    # under the reader's six-word floor, a "They" sentence is a candidate too
    rd = read("China and Russia are close partners in the world. They vote together.", check=False)
    c = next(c for c in rd.claims if c["text"] == "They vote together.")
    assert c["inherited"] and (c["channel"], c["polarity"]) == ("votes", "together")
    rd = read(
        "China and Russia are close partners in the world.\n\nThey vote together.", check=False
    )
    assert [c["text"] for c in rd.claims] == ["China and Russia are close partners in the world."]


def test_asserts_says_what_is_not_measured_in_words():
    from multipolar.explain.claims import asserts

    prop = {"kind": "claim", "states": [710, 365], "channel": None, "polarity": "together"}
    assert asserts(prop) == "China–Russia · no measured channel (says: together)"
    assert asserts({**prop, "polarity": None}) == "China–Russia · no measured channel"
    prop = {**prop, "channel": "votes"}
    assert asserts(prop) == "China–Russia · UN votes: together"
