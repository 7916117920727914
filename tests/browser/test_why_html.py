"""The `why` HTML report in a real headless Chromium with the network blocked."""

from __future__ import annotations

import pytest

from multipolar.explain.why import why
from multipolar.report.why.html import build

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
    assert "Evidence matrix" in body and "Sources" in body and "Bottom line" in body
    assert ev["title"] in body and "1815--" not in body and "`" not in body
    # the comparator once read "United States (the United States, the system's leading power
    # (the default comparator))"; the matrix's headers once included the terminal's "title"
    assert "Comparator: United States (the system's leading power, the default comparator)." in body
    headers = report.page.locator("table:has(caption:has-text('Claimed drivers')) th")
    assert "driver" in headers.all_inner_texts() and "title" not in headers.all_inner_texts()


def test_world_maps_render_offline(store, open_html, tmp_path):
    """The maps ship their outlines: with every non-file request blocked, each country is drawn."""
    ev = why("China", "Russia", store=store).to_dict()
    doc = build(ev)
    assert {"map-with-a", "map-with-b"} <= set(doc.figure_names)
    report = open_html(doc.write(tmp_path / "why.html"), wait_selector="#figure-map-with-a svg")
    assert report.errors == [] and report.blocked_requests == []
    shapes = report.page.locator("#figure-map-with-a .shapelayer path")
    assert shapes.count() >= 200  # 244 outlines in report/data/world.json
    fills = {shapes.nth(i).evaluate("e => e.style.fill") for i in range(0, shapes.count(), 7)}
    assert len(fills) >= 4  # coloured by agreement, not one flat colour
    report.page.locator("#figure-map-with-a").screenshot(path=str(tmp_path / "map.png"))


def test_events_section_renders_when_events_are_loaded(
    store, shared_data, open_html, tmp_path, monkeypatch
):
    from multipolar.explain.events import events_evidence
    from multipolar.store import connect
    from multipolar.store.events import import_events

    ev = why("China", "Russia", store=store).to_dict()
    monkeypatch.setenv("MULTIPOLAR_HOME", str(tmp_path))  # event Parquet goes under it
    events_home = connect(tmp_path / "events.duckdb")
    try:
        import_events([shared_data / "gdelt" / "20191024143000.export.CSV"], store=events_home)
        ev["events"] = events_evidence(710, 365, 2, store=events_home)
    finally:
        events_home.close()
    assert ev["events"] is not None and ev["events"]["pair"]["monthly"]
    doc = build(ev)
    assert "events-balance" in doc.figure_names
    report = open_html(doc.write(tmp_path / "why.html"), wait_selector="#figure-events-balance svg")
    assert report.errors == [] and report.blocked_requests == []
    assert "News events" in report.page.inner_text("body")


def test_bloc_map_renders_offline(store, open_html, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from multipolar.cli import app

    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(app, ["blocs", "--year", "2019", "--html", "blocs.html"])
    assert r.exit_code == 0, r.stderr
    report = open_html(tmp_path / "blocs.html", wait_selector="#figure-bloc-map svg")
    assert report.errors == [] and report.blocked_requests == []
    assert report.page.locator("#figure-bloc-map .shapelayer path").count() >= 200
    net = report.page.inner_text("#figure-agreement-network")
    assert "China" in net and "United States" in net  # the largest states are named
