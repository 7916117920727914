"""The `read` HTML in a real headless Chromium with the network blocked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from multipolar.explain.read import read
from multipolar.report.read_html import build

pytestmark = pytest.mark.browser
# the corpus comes from the environment (tests/conftest.py sets MULTIPOLAR_CORPUS)
PIECE = Path(os.environ["MULTIPOLAR_CORPUS"]) / "why-china-russia-stick-together.txt"


def test_read_report_highlights_the_text_offline(store, open_html, tmp_path):
    rd = read(PIECE, date="2022-11-01", store=store).to_dict()
    path = build(rd).write(tmp_path / "read.html")
    report = open_html(path, wait_selector="#text")
    assert report.errors == [] and report.blocked_requests == []
    page = report.page
    assert page.locator("#text .actor").count() >= len(rd["mentions"]) * 0.9
    assert page.locator("#text .event").count() >= 1 and page.locator("#text .quote").count() >= 1
    real = [c for c in rd["claims"] if c["kind"] == "claim"]  # not-a-claim rows are counted
    assert page.locator("table.claims tbody tr").count() == len(real)
    # the text shown is the text read, character for character
    assert page.inner_text("#text").split() == PIECE.read_text("utf-8").split()
    # a claim's link jumps to its sentence in the text
    assert page.locator("#claim-1").count() == 1
    title = page.locator("#text .actor").first.get_attribute("title")
    assert "China" in title or "Russia" in title
