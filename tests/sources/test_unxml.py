"""The UN's own resolution records (sessions 74–80, ES-10, ES-11) on the real files.

Expected figures are counted here from the raw JSON with the standard library (independently of
the parser), or come from PROVENANCE.md / the UN's own record of the vote (A/ES-11/PV.5 for
ES-11/1: 141 in favour, 5 against, 35 abstaining).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from multipolar import states
from multipolar.errors import FormatError
from multipolar.sources.unxml import FILES, parse_date, parse_unxml, session_of_date


def _raw(shared_data: Path) -> list[dict]:
    return [
        json.loads(line)
        for f in FILES
        for line in (shared_data / f).read_text("utf-8").splitlines()
        if line.strip()
    ]


@pytest.fixture(scope="module")
def parsed(shared_data: Path) -> dict:
    return parse_unxml({f: shared_data / f for f in FILES}, states)


def test_every_record_is_read_and_repeats_are_counted(parsed, shared_data):
    raw = _raw(shared_data)
    symbols = [r["symbol"] for r in raw]
    rc = parsed["unxml_rollcalls"]
    report = rc.attrs["report"]
    assert report["rows_read"] == len(raw) == 2231
    assert len(rc) == len(set(symbols))  # one roll call per resolution symbol
    assert report["repeated record, same votes"] == len(symbols) - len(set(symbols))
    # recorded / without a vote as the files say (after dropping repeats)
    first = {}
    for r in raw:
        first.setdefault(r["symbol"], r)
    recorded = sum(r["adoption_type"] == "By a recorded vote" for r in first.values())
    assert int(rc["recorded"].sum()) == recorded
    assert int((rc["recorded"] == False).sum()) == sum(  # noqa: E712
        r["adoption_type"] == "Without a vote" for r in first.values()
    )
    assert sorted(report["no_adoption_type"]) == sorted(
        s for s, r in first.items() if not r["adoption_type"]
    )


def test_votes_are_the_deduplicated_lists(parsed, shared_data):
    first: dict[str, dict] = {}
    for r in _raw(shared_data):
        first.setdefault(r["symbol"], r)
    lists = ("MS_in_favour", "MS_against", "MS_abstaining")
    n = sum(len(set(r[k])) for r in first.values() for k in lists)
    assert len(parsed["unxml_votes"]) == n == 128_399


def test_every_name_maps_and_the_membership_is_193(parsed, shared_data):
    votes = parsed["unxml_votes"]
    assert votes["ccode"].nunique() == 193
    assert votes["vote"].isin([1, 2, 3]).all()
    raw_names = {
        n
        for r in _raw(shared_data)
        for k in ("MS_in_favour", "MS_against", "MS_abstaining")
        for n in r[k]
    }
    for name in raw_names:  # e.g. "TÜRKÝYE", "CÔTE D'IVOIRE", "NETHERLANDS (KINGDOM OF THE)"
        states.resolve(name, un_names=True)


def test_absent_members_are_not_votes(parsed):
    rc = parsed["unxml_rollcalls"].set_index("rcid")
    n = parsed["unxml_votes"].groupby("rcid").size()
    rec = rc[rc["recorded"].fillna(False).astype(bool)]
    assert (rec["absent"] == 193 - n.reindex(rec.index).fillna(0)).all()
    assert not rc.loc[rc["recorded"] == False, "absent"].notna().any()  # noqa: E712


def test_count_mismatches_are_reported_with_the_list_used(parsed):
    rc = parsed["unxml_rollcalls"].set_index("unres")
    mismatches = {m["symbol"] for m in rc.attrs["report"]["count_mismatches"]}
    assert mismatches == {"A/RES/75/254 A-C", "A/RES/77/293"}
    assert rc.loc["A/RES/77/293", "abstain_count"] == 59  # the count says 59 ...
    votes = parsed["unxml_votes"]
    rcid = rc.loc["A/RES/77/293", "rcid"]
    assert (votes[(votes.rcid == rcid)]["vote"] == 2).sum() == 58  # ... the list names 58
    # 75/290 A lists every state twice: each counts once and the counts then agree
    rcid = rc.loc["A/RES/75/290 A", "rcid"]
    assert (votes.rcid == rcid).sum() == rc.loc["A/RES/75/290 A", "listed_votes"] == 90 + 47


def test_es_11_1_votes_from_the_file(parsed, shared_data):
    raw = next(r for r in _raw(shared_data) if r["symbol"] == "A/RES/ES-11/1")
    assert (int(raw["MS_in_favour_count"]), int(raw["MS_against_count"])) == (141, 5)
    rc = parsed["unxml_rollcalls"].set_index("unres").loc["A/RES/ES-11/1"]
    assert rc["date"] == dt.date(2022, 3, 2) and rc["session"] == 76 and rc["year"] == 2021
    assert rc["emergency_session"] == "ES-11"
    v = parsed["unxml_votes"]
    mine = v[v.rcid == rc["rcid"]].set_index("ccode")["vote"]
    assert mine[710] == 2 and "CHINA" in raw["MS_abstaining"]  # China abstained
    assert mine[365] == 3 and "RUSSIAN FEDERATION" in raw["MS_against"]  # Russia against
    assert mine[2] == 1 and "UNITED STATES" in raw["MS_in_favour"]
    assert mine[750] == 2 and "INDIA" in raw["MS_abstaining"]
    assert (mine == 1).sum() == 141 and (mine == 3).sum() == 5 and (mine == 2).sum() == 35


def test_dates_in_both_formats_and_sessions_of_emergency_votes():
    assert parse_date("2 March 2022") == dt.date(2022, 3, 2)
    assert parse_date("2019-10-10 00:00:00") == dt.date(2019, 10, 10)
    # session 77 opened on 13 September 2022, session 78 on 5 September 2023 (UN press releases)
    assert session_of_date(dt.date(2022, 9, 12)) == 76
    assert session_of_date(dt.date(2022, 9, 13)) == 77
    assert session_of_date(dt.date(2023, 9, 4)) == 77 and session_of_date(dt.date(2023, 9, 5)) == 78
    # outside the list, rule 1: 1 Sept 2030 is a Sunday, so the session opens Tuesday 17 Sept
    assert (
        session_of_date(dt.date(2030, 9, 16)) == 84 and session_of_date(dt.date(2030, 9, 17)) == 85
    )


def _one_file(tmp_path: Path, shared_data: Path, records: list[dict], *, as_array: bool) -> dict:
    paths = {f: shared_data / f for f in FILES}
    p = tmp_path / "ES-10.json"
    text = json.dumps(records) if as_array else "\n".join(json.dumps(r) for r in records)
    p.write_text(text, "utf-8")
    paths["unxml/ES-10.json"] = p
    return paths


def test_a_json_array_file_reads_like_json_lines(tmp_path, shared_data, parsed):
    records = [json.loads(x) for x in (shared_data / "unxml/ES-10.json").read_text().splitlines()]
    out = parse_unxml(_one_file(tmp_path, shared_data, records, as_array=True), states)
    assert out["unxml_votes"].equals(parsed["unxml_votes"])


def test_an_unknown_member_name_fails_loudly(tmp_path, shared_data):
    records = [json.loads(x) for x in (shared_data / "unxml/ES-10.json").read_text().splitlines()]
    records[0]["MS_in_favour"] = [*records[0]["MS_in_favour"], "FREEDONIA"]
    with pytest.raises(FormatError, match="FREEDONIA"):
        parse_unxml(_one_file(tmp_path, shared_data, records, as_array=False), states)


def test_a_non_member_in_a_list_is_set_aside_and_counted(tmp_path, shared_data):
    records = [json.loads(x) for x in (shared_data / "unxml/ES-10.json").read_text().splitlines()]
    records[0]["MS_in_favour"] = [*records[0]["MS_in_favour"], "STATE OF PALESTINE"]
    out = parse_unxml(_one_file(tmp_path, shared_data, records, as_array=False), states)
    report = out["unxml_rollcalls"].attrs["report"]
    assert report["non_member_votes"] == {"STATE OF PALESTINE": 1}
    assert report["votes of non-members (not counted)"] == 1


def test_session_74_overlap_with_unvotes_agrees(store):
    """Session 74 is in both sources: every state's vote on every common resolution agrees."""
    uv = store.sql(
        "SELECT r.unres, v.ccode, v.vote FROM unvotes_votes v JOIN unvotes_rollcalls r "
        "USING (rcid) WHERE r.session = 74"
    )
    ux = store.sql(
        "SELECT r.unres, v.ccode, v.vote FROM unxml_votes v JOIN unxml_rollcalls r "
        "USING (rcid) WHERE r.session = 74"
    )
    common = set(uv["unres"]) & set(ux["unres"])
    assert len(common) == 90  # of 91 unvotes roll calls and 90 recorded votes in the UN file
    m = uv[uv.unres.isin(common)].merge(
        ux[ux.unres.isin(common)], on=["unres", "ccode"], how="outer", suffixes=("_v", "_u")
    )
    both = m.dropna()
    rate = float((both["vote_v"] == both["vote_u"]).mean())
    disagreements = both[both["vote_v"] != both["vote_u"]]
    print(
        f"session 74: {len(both):,} state votes on {len(common)} resolutions, agreement {rate:.4f}"
    )
    print(disagreements.to_string())
    assert rate >= 0.99
    # the same states voted (absent in one is absent in the other)
    assert len(m) == len(both)
