"""Issue codes for UN roll calls: the coder, its rules file, and its agreement with Voeten.

Real files only: the unvotes roll calls and issue codes (sessions 1-74) and the UN's own
resolution records (unxml, sessions 74-80) in the shared data mirror.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from multipolar.errors import FormatError, InputError
from multipolar.sources.issue_codes import ISSUE_CODES, issue_flags, load_rules
from multipolar.sources.issue_codes_validation import (
    DEV_SESSIONS,
    read_unxml,
    reference_check,
    validation,
    voeten_consistency,
    voeten_reference,
)
from multipolar.sources.unvotes import ISSUES


@pytest.fixture(scope="module")
def reference(shared_data):
    return voeten_reference(shared_data / "unvotes")


@pytest.fixture(scope="module")
def table(shared_data):
    return validation(shared_data / "unvotes", shared_data / "unxml")


# --- the coder ----------------------------------------------------------------------------------


def test_output_columns_and_missing_importance():
    got = issue_flags(["Nuclear disarmament", None, float("nan"), ""])
    assert list(got.columns) == [*ISSUE_CODES, "importantvote"]
    assert len(got) == 4  # rows without text are kept, coded False
    assert got.loc[1:, list(ISSUE_CODES)].to_numpy().sum() == 0
    assert all(got[c].dtype == bool for c in ISSUE_CODES)
    # no importance list exists for the UN's records: missing, never False
    assert str(got["importantvote"].dtype) == "boolean"
    assert got["importantvote"].isna().all()


def test_index_of_a_series_is_kept():
    titles = pd.Series(["Question of Palestine", "World Horse Day"], index=[9059, 9060])
    got = issue_flags(titles)
    assert list(got.index) == [9059, 9060]
    assert got.loc[9059, "me"] and not got.loc[9060].iloc[:6].any()


def test_bad_input_is_one_error():
    with pytest.raises(InputError, match="agenda has 1 rows, titles have 2"):
        issue_flags(["a", "b"], agenda=["x"])
    with pytest.raises(InputError, match="subjects has 3 rows"):
        issue_flags(["a", "b"], subjects=[[], [], []])
    with pytest.raises(InputError, match="not a single string"):
        issue_flags("Nuclear disarmament")


def test_subject_formats_agree_and_only_unbis_terms_count():
    title = ["Status of internally displaced persons"]
    as_pairs = [[["HUMAN RIGHTS", "UNBIS Thesaurus"], ["UN. Human Rights Council", "DHLAUTH"]]]
    assert issue_flags(title, subjects=as_pairs)["hr"].item()
    assert issue_flags(title, subjects=[["HUMAN RIGHTS"]])["hr"].item()
    assert issue_flags(title, subjects=["REFUGEES; HUMAN RIGHTS"])["hr"].item()
    # lists read back from Arrow/Parquet arrive as numpy arrays of numpy arrays
    as_arrays = pd.Series([np.array([np.array(p, dtype=object) for p in as_pairs[0]])])
    assert issue_flags(title, subjects=as_arrays)["hr"].item()
    # a name authority is not a topic: the Council named alone codes nothing
    only_authority = [[["UN. Human Rights Council", "DHLAUTH"]]]
    assert not issue_flags(title, subjects=only_authority)["hr"].item()


def test_conventions_switch():
    # Voeten coded "The Arms Trade Treaty" ec every development session (the word "trade")
    on = issue_flags(["The Arms Trade Treaty"])
    off = issue_flags(["The Arms Trade Treaty"], conventions=False)
    assert on[["di", "ec"]].iloc[0].tolist() == [True, True]
    assert off[["di", "ec"]].iloc[0].tolist() == [True, False]


def test_agenda_item_codes_what_the_title_does_not_say():
    # the 1967 displaced persons are an UNRWA item (me through the agenda, not the title); the
    # catch-all "economic, social and related fields" item codes nothing
    got = issue_flags(
        [
            "Persons displaced as a result of the June 1967 and subsequent hostilities",
            "World Horse Day",
        ],
        agenda=[
            "United Nations Relief and Works Agency for Palestine Refugees in the Near East",
            "Integrated and coordinated implementation of and follow-up to the outcomes of the "
            "major United Nations conferences and summits in the economic, social and related fields",
        ],
    )
    assert got.loc[0, "me"]
    assert not got.loc[1, list(ISSUE_CODES)].any()


def test_rules_file_is_complete_and_labels_match_unvotes():
    rules = load_rules()
    assert set(rules) == set(ISSUE_CODES)
    for code, rule in rules.items():
        assert rule.label == ISSUES[code]
        assert rule.include["title"] is not None


def test_a_broken_rules_file_is_one_error(tmp_path):
    bad = tmp_path / "rules.toml"
    bad.write_text("[me]\ntitle = ['(unclosed']\n", encoding="utf-8")
    with pytest.raises(FormatError, match="no rules for nu, di, hr, co, ec"):
        load_rules(bad)
    full = "".join(f"[{c}]\ntitle = ['x']\n" for c in ISSUE_CODES[1:])
    bad.write_text("[me]\ntitle = ['(unclosed']\n" + full, encoding="utf-8")
    with pytest.raises(FormatError, match=r"\[me\] title: bad regular expression"):
        load_rules(bad)


def test_capitals_in_a_pattern_still_match_any_case(tmp_path):
    rules_file = tmp_path / "rules.toml"
    rules_file.write_text(
        "".join(f"[{c}]\ntitle = ['{'PALESTIN' if c == 'me' else 'zzz'}']\n" for c in ISSUE_CODES),
        encoding="utf-8",
    )
    got = issue_flags(["question of palestine"], rules=load_rules(rules_file))
    assert got["me"].item()


# --- the Voeten descriptions --------------------------------------------------------------------


def test_voeten_texts_on_real_rows(reference):
    r = reference.set_index("rcid")
    # session 72 swaps the fields: title in `short`, "A/72/251 37 - agenda. - SUBJECT" in descr
    assert r.loc[5550, ["title", "agenda", "heading", "kind"]].tolist() == [
        "Jerusalem",
        "The situation in the Middle East",
        "MIDDLE EAST SITUATION",
        "title+agenda",
    ]
    # the suffix " : resolution / adopted by the General Assembly", and one cut short at 255
    assert r.loc[4593, "title"] == "Human Rights Council"
    assert r.loc[4483, "descr"].endswith(": resolution / ado")
    assert r.loc[4483, "title"].endswith("and the other occupied Arab territories")
    # meeting-record text: the last draft named before the vote
    assert r.loc[5645, ["title", "kind"]].tolist() == ["Transparency in armaments", "meeting"]


def test_session_74_matches_the_un_records(shared_data, reference):
    un = read_unxml(shared_data / "unxml" / "74.json")
    s74 = reference[reference["session"] == 74]
    matched = s74["unres"].isin(set(un["symbol"]))
    assert len(s74) == 91 and int(matched.sum()) == 90
    assert s74.loc[~matched, "unres"].tolist() == ["A/RES/74/267"]  # not in the UN extract


# --- the reference: where Voeten's codes can and cannot be used ---------------------------------


def test_unvotes_session_74_has_co_and_ec_copied_from_di(reference):
    # counted from un_roll_call_issues.rda: 16 roll calls each, the same 16
    s74 = reference[reference["session"] == 74]
    assert int(s74["di"].sum()) == 16
    assert (s74["co"] == s74["di"]).all() and (s74["ec"] == s74["di"]).all()
    # in no earlier session of the development set is co == di on every roll call
    for s in DEV_SESSIONS:
        x = reference[reference["session"] == s]
        assert not (x["co"] == x["di"]).all()


def test_reference_check_finds_the_break_in_73_and_74(reference):
    check = reference_check(reference)
    uncoded = check.xs("uncoded", axis=1, level=1)
    # sessions 45-72: every title that holds its issue's word is coded for it
    assert int(uncoded.loc[45:72].to_numpy().sum()) == 0
    assert uncoded.loc[73].to_dict() == {"me": 0, "nu": 0, "di": 2, "hr": 0, "co": 2, "ec": 0}
    assert uncoded.loc[74].to_dict() == {"me": 0, "nu": 0, "di": 3, "hr": 0, "co": 3, "ec": 3}
    # the two uncoded "coloni" titles of 73 are the decolonisation declaration items
    r73 = reference[(reference["session"] == 73) & reference["title"].str.contains("Colonial")]
    assert len(r73) == 2 and not r73["co"].any()


def test_voeten_keeps_recurring_codes_until_73(reference):
    c68 = voeten_consistency(reference, 68, previous=range(64, 68))
    assert (c68["kept"] == c68["before"]).all() and (c68["added"] == 0).all()
    c74 = voeten_consistency(reference, 74, previous=range(70, 74))
    assert c74.loc["co", "kept"] == 0 and c74.loc["ec", "kept"] <= 1


def test_unreliable_flags_follow_the_reference_check(table):
    flagged = table[table["reference_unreliable"]]
    assert set(zip(flagged["sessions"], flagged["issue"], strict=True)) == {
        ("73", "di"),
        ("73", "co"),
        ("74", "di"),
        ("74", "co"),
        ("74", "ec"),
    }


# --- agreement with Voeten ----------------------------------------------------------------------

# Measured 2026-12-02 (precision, recall) with the rules committed in f967d30 before any held-out
# session was scored (docs/issue-codes.md); the test allows MARGIN below each. Issues whose
# reference is unreliable (73: di, co; 74: di, co, ec) are not listed. Meeting-record sets are
# left out: the coder is for resolution titles.
MARGIN = 0.02
MEASURED = {
    ("development", "title", "60-68"): {"me": (0.979, 0.986), "nu": (1.000, 1.000), "di": (0.943, 0.982), "hr": (0.959, 0.991), "co": (0.950, 0.966), "ec": (0.985, 0.825)},
    ("development", "title + library heading", "60-68"): {"me": (0.941, 1.000), "nu": (1.000, 1.000), "di": (0.943, 0.994), "hr": (0.959, 1.000), "co": (0.950, 0.966), "ec": (0.987, 0.975)},
    ("held out", "title", "69-72"): {"me": (0.966, 0.966), "nu": (1.000, 0.985), "di": (0.911, 1.000), "hr": (0.895, 1.000), "co": (0.837, 0.932), "ec": (0.929, 0.848)},
    ("held out", "title + descr agenda, subject", "71-72"): {"me": (1.000, 1.000), "nu": (1.000, 0.971), "di": (0.925, 1.000), "hr": (1.000, 1.000), "co": (1.000, 0.920), "ec": (0.963, 0.929)},
    ("held out", "title", "73"): {"me": (1.000, 0.875), "nu": (1.000, 1.000), "hr": (0.880, 1.000), "ec": (1.000, 0.778)},
    ("held out", "title + descr agenda, subject", "73"): {"me": (1.000, 0.938), "nu": (1.000, 1.000), "hr": (0.880, 1.000), "ec": (1.000, 0.889)},
    ("held out", "UN records", "74"): {"me": (0.933, 1.000), "nu": (1.000, 1.000), "hr": (0.609, 1.000)},
    ("held out", "title", "74"): {"me": (1.000, 0.929), "nu": (1.000, 1.000), "hr": (0.636, 1.000)},
    ("earlier", "title", "45-59"): {"me": (0.993, 0.930), "nu": (1.000, 1.000), "di": (0.936, 0.921), "hr": (0.790, 1.000), "co": (0.792, 0.914), "ec": (0.804, 1.000)},
    ("earlier", "title + library heading", "45-59"): {"me": (0.994, 1.000), "nu": (1.000, 1.000), "di": (0.937, 0.933), "hr": (0.790, 1.000), "co": (0.795, 0.930), "ec": (0.804, 1.000)},
}  # fmt: skip


@pytest.mark.parametrize("key", sorted(MEASURED), ids=" | ".join)
def test_agreement_stays_at_measured_level(table, key):
    got = table.set_index(["set", "fields", "sessions", "issue"])
    for issue, (p, r) in MEASURED[key].items():
        row = got.loc[(*key, issue)]
        assert not row["reference_unreliable"]
        assert row["precision"] >= p - MARGIN, (key, issue, "precision", row["precision"])
        assert row["recall"] >= r - MARGIN, (key, issue, "recall", row["recall"])


def test_held_out_sets_are_not_the_development_set(table):
    held = table[table["set"] == "held out"]["sessions"].unique()
    for s in held:
        first, _, last = s.partition("-")
        sessions = range(int(first), int(last or first) + 1)
        assert not set(sessions) & set(DEV_SESSIONS)


def test_un_records_2019_2026_are_coded_for_every_issue(shared_data):
    frames = [read_unxml(p) for p in sorted((shared_data / "unxml").glob("*.json"))]
    un = pd.concat(frames, ignore_index=True)
    voted = un[un["adoption_type"] == "By a recorded vote"]
    got = issue_flags(voted["title"], agenda=voted["agenda_item_name"], subjects=voted["subjects"])
    assert got[list(ISSUE_CODES)].sum().min() > 0
    by_title = dict(zip(voted["title"], got.to_dict("records"), strict=True))
    tpnw = by_title["Treaty on the Prohibition of Nuclear Weapons"]
    assert tpnw["nu"] and tpnw["di"] and not tpnw["hr"]
    cuba = next(v for t, v in by_title.items() if t.startswith("Necessity of ending the economic"))
    assert cuba["ec"] and not cuba["me"]
    assert np.isnan(got["importantvote"].astype(float)).all()
