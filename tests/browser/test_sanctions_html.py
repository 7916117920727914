"""The sanctions section of the HTML report in a real headless Chromium, network blocked."""

from __future__ import annotations

import pytest

from multipolar import states
from multipolar.explain.sanctions import sanctions_evidence
from multipolar.report.html import Document
from multipolar.report.sanctions import html_section
from multipolar.sources import gsdb
from multipolar.store import connect

pytestmark = pytest.mark.browser


def test_sanctions_section_renders_offline(shared_data, open_html, tmp_path):
    path = shared_data / gsdb.GSDB_FILE
    tables = gsdb.parse_gsdb({gsdb.GSDB_FILE: path}, states)
    with connect(tmp_path / "store.duckdb") as st:
        st.ingest("gsdb", tables, version="V3", files={gsdb.GSDB_FILE: "test"})
        ev = sanctions_evidence(st, 710, 365, 1949, 2022)
    doc = Document("Sanctions: China and Russia")
    html_section(doc, ev, ("China", "Russia"))
    report = open_html(doc.write(tmp_path / "sanctions.html"), wait_selector=".js-plotly-plot")
    assert report.errors == [] and report.blocked_requests == []
    chart = report.page.locator("#figure-sanctions-common-exposure")
    assert chart.locator("svg.main-svg .trace").count() == 4  # bars, two lines, base rate
    body = report.page.inner_text("body")
    assert "In 2022 China and Russia were both targets of 30 Western sender states" in body
    assert "Cases in which one sanctions the other" in body
