"""The `why` HTML report in a real headless Chromium with the network blocked."""

from __future__ import annotations

import pytest

from multipolar.explain.why import why
from multipolar.report.why_html import build

pytestmark = pytest.mark.browser


def test_why_report_renders_offline(store, open_html, tmp_path):
    ev = why("China", "Russia", store=store).to_dict()
    doc = build(ev)
    path = doc.write(tmp_path / "why-CHN-RUS.html")
    report = open_html(path, wait_selector=".js-plotly-plot")
    assert report.errors == []
    assert report.blocked_requests == []
    charts = report.page.locator(".js-plotly-plot")
    assert charts.count() == len(doc.figure_names) >= 8
    for i in range(charts.count()):  # every chart drew its SVG with data traces
        assert charts.nth(i).locator("svg.main-svg .trace").count() > 0
    body = report.page.inner_text("body")
    assert ev["findings"][0]["text"][:60] in body
    assert "Evidence matrix" in body and "Sources" in body
