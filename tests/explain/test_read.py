"""`read()` on the opinion piece in ../shared/corpus (read from there, never copied here).

Hand-coded answers for the piece (the issue's list): it names China, Russia, the USA, NATO, the
EU and ASEAN; Li Zhanshu's trip to Russia in September (the piece dated November 2022) is a
visit (CAMEO 04x) from China to Russia dated 2022-09; Wang Yi's quoted pledge has him (China)
as speaker and his Russian counterpart (Russia) as addressee; its claims map to drivers: the
commerce sentence to economic interdependence, the multilateralism sentence to multilateral
forums, "resolve will only increase" to the trend, the sentence on opposing military blocs to
security ties, the one on sanctions and long-arm jurisdiction to sanctions.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from multipolar.errors import InputError
from multipolar.explain.read import read, read_corpus
from multipolar.explain.why import why

# the corpus comes from the environment (tests/conftest.py sets MULTIPOLAR_CORPUS)
PIECE = Path(os.environ["MULTIPOLAR_CORPUS"]) / "why-china-russia-stick-together.txt"


@pytest.fixture(scope="module")
def reading(shared_data):
    assert PIECE.is_file(), PIECE
    return read(PIECE, date="2022-11-01", check=False)


def _claim(rd, word):
    hits = [c for c in rd.claims if word.lower() in c["text"].lower()]
    assert hits, f"no claim with {word!r}"
    return hits[0]


def test_actors_of_the_piece(reading):
    ids = {a["id"] for a in reading.actors}
    assert {
        "state:710",
        "state:365",
        "state:2",
        "igo:IGOWSTNAT",
        "igo:IGOEUREEC",
        "igo:IGOSEAASN",
    } <= ids
    assert [a["id"] for a in reading.pair] == ["state:710", "state:365"]
    for m in reading.mentions:  # every mention keeps its character span
        assert m["end"] > m["start"]
    text = PIECE.read_text("utf-8")
    assert all(text[m["start"] : m["end"]] == m["text"] for m in reading.mentions)


def test_events_only_where_a_clause_states_one(reading):
    # by the annotation rules (docs/read.md): "Li Zhanshu's trip to Russia" is a noun phrase (no
    # event); Wang Yi's reported pledge "China would also firmly assist Russia" is an intention
    # (AGREE) dated by "in October"; no conflict event anywhere in the piece
    assert not [e for e in reading.events if "Zhanshu" in e["source"]["name"]]
    pledge = [e for e in reading.events if e["category"] == "AGREE" and e["trigger"] == "assist"]
    assert pledge and pledge[0]["source"]["ccode"] == 710 and pledge[0]["target"]["ccode"] == 365
    assert str(pledge[0]["date"]) == "2022-10-01" and pledge[0]["date_precision"] == "month"
    assert all(e["quad_class"] <= 2 for e in reading.events)


def test_wang_yis_pledge(reading):
    q = [q for q in reading.quotes if q["speaker"] and "Wang" in q["speaker"]["name"]]
    assert q and q[0]["kind"] == "direct"
    assert q[0]["speaker_state"] == 710
    assert q[0]["addressee"]["ccode"] == 365


def test_claims_map_to_drivers(reading):
    assert _claim(reading, "commerce")["driver"] == "economic"
    assert _claim(reading, "multilateralism")["driver"] == "forums"
    resolve = _claim(reading, "only increase")
    assert resolve["driver"] == "trend" and resolve["kind"] == "forecast"
    assert "security" in _claim(reading, "military blocs")["drivers"]
    assert _claim(reading, "long-arm")["driver"] == "sanctions"
    assert all(c["pair"] == [710, 365] for c in reading.claims)
    keys = {
        "economic",
        "forums",
        "third_power",
        "security",
        "igos",
        "rivalry",
        "power",
        "trend",
        "sanctions",
        "other",
    }
    assert {c["driver"] for c in reading.claims} <= keys


def test_claims_are_checked_against_the_evidence_matrix(store):
    rd = read(PIECE, date="2022-11-01", store=store)
    for c in rd.claims:
        ch = c["check"]
        assert ch["verdict"]
        if c["driver"] in ("other", "sanctions") and "key" not in ch:
            assert ch["verdict"] == "cannot check" and ch["reason"]
        elif c["driver"] == "trend":
            assert ch["note"].startswith("a forecast claim") and ch["rule"]
            # the direction now, in the words of the why report's bottom line for the pair
            word, since = ch["verdict"].split(" since ")
            verb = {"rising": "risen", "falling": "fallen", "steady": "held steady"}[word]
            line = why(710, 365, vs=2, store=store).bottom_line["text"]
            assert f"has {verb} since {since} (kappa {ch['now'].split()[1]}" in line
        else:
            assert ch["key"] == c["driver"] and ch["rule"] and ch["sources"]
            assert ch["verdict"] in ("supported", "mixed", "not supported", "no data")
        if c["events"]:
            assert ch["events"]["verdict"] in (
                "cannot check",
                "events recorded",
                "no events recorded",
            )
    assert rd.sources and rd.to_dict()["claims"]


def test_bad_inputs_are_one_line_errors(tmp_path):
    with pytest.raises(InputError, match="empty"):
        read("   ")
    with pytest.raises(InputError, match="no file"):
        read(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="folder"):
        read(tmp_path)


def test_a_folder_is_read_as_a_corpus_with_bad_files_named(tmp_path, shared_data):
    (tmp_path / "a.txt").write_text(PIECE.read_text("utf-8"), encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "junk.bin").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "sub").mkdir()
    speech = shared_data / "ungdc" / "Session 77 - 2022" / "RUS_77_2022.txt"
    (tmp_path / "sub" / "rus.txt").write_bytes(speech.read_bytes())
    seen = []
    cr = read_corpus(tmp_path, date="2022-11-01", progress=lambda i, n, name: seen.append((i, n)))
    assert cr.counts["read"] == 2 and cr.counts["failed"] == 2
    assert sorted(f["file"] for f in cr.failed) == ["empty.txt", "junk.bin"]
    assert seen[-1] == (4, 4)
    assert any(r["source"] == "China" and r["target"] == "Russia" for r in cr.who_whom)
    assert all(-1 <= r["balance"] <= 1 for r in cr.who_whom)
