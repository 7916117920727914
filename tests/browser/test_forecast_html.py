"""Forecast and landscape HTML in a real headless Chromium with the network blocked."""

from __future__ import annotations

import pytest

from multipolar.explain.forecast import forecast_pair
from multipolar.explain.landscape import landscape_for_year
from multipolar.report.forecast import forecast_document, forecast_section
from multipolar.report.html import Document
from multipolar.report.landscape import landscape_document

pytestmark = pytest.mark.browser


def _charts_drawn(report, n):
    charts = report.page.locator(".js-plotly-plot")
    assert charts.count() == n
    for i in range(n):
        assert charts.nth(i).locator("svg.main-svg .trace").count() > 0


def test_forecast_report_renders_offline(store, open_html, tmp_path):
    rec = forecast_pair(store, "China", "Russia", vs="USA").to_dict()
    doc = forecast_document(rec)
    report = open_html(doc.write(tmp_path / "f.html"), wait_selector="#figure-forecast-fan svg")
    assert report.errors == [] and report.blocked_requests == []
    _charts_drawn(report, 1)
    # the fan chart holds the two bands, the history and the forecast (+ 2 comparators x 2)
    traces = report.page.locator("#figure-forecast-fan svg.main-svg .trace").count()
    assert traces >= 8
    body = report.page.inner_text("body")
    assert rec["statement"][:40] in body and "rolling-origin backtest" in body


def test_forecast_section_for_why_and_landscape_report(store, open_html, tmp_path):
    doc = Document("section test")
    forecast_section(doc, None, reason="No forecast: too few years.")
    forecast_section(doc, forecast_pair(store, "USA", "Russia", measure="kappa").to_dict())
    report = open_html(doc.write(tmp_path / "s.html"), wait_selector="#figure-forecast-fan svg")
    assert report.errors == [] and "too few years" in report.page.inner_text("body")
    ans = landscape_for_year(store, 2019, set_pairs=["CHN-RUS=-5"]).to_dict()
    lreport = open_html(
        landscape_document(ans).write(tmp_path / "l.html"),
        wait_selector="#figure-landscape-network svg",
    )
    assert lreport.errors == [] and lreport.blocked_requests == []
    _charts_drawn(lreport, 2)
    body = lreport.page.inner_text("body")
    assert "Local minima" in body and "What if" in body and "Sources" in body
