"""The Ukraine session's coverage sentence, against the mirror's ES-11 file (read by hand:
six records, A/RES/ES-11/1 of 2 March 2022 to A/RES/ES-11/6 of 23 February 2023)."""

from __future__ import annotations

from multipolar.explain.coverage import emergency_session_coverage


def test_es11_coverage_says_what_is_missing(store):
    c = emergency_session_coverage(store, "ES-11")
    assert c["held"] == [f"A/RES/ES-11/{i}" for i in range(1, 7)]
    assert c["last_date"] == "2023-02-23"
    assert c["note"].startswith("The records hold ES-11/1–6 (the last of 23 February 2023)")
    assert "24 February 2025" in c["note"] and "--as undl-ga" in c["note"]
