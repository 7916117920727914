"""The HTML document builder's output renders in a real browser, offline and cleanly."""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go
import pytest

from multipolar.report.html import Document

pytestmark = pytest.mark.browser


def _document() -> Document:
    doc = Document("Browser check <b>not bold</b>", subtitle="every chart type we use")
    doc.heading("Text")
    doc.paragraph("Escaped: <script>window.__injected = 1;</script> & done")
    doc.bullets(["one", "<img src=x onerror='window.__injected=2'>"])
    doc.table([{"state": "China", "bloc": 1, "share": 0.2154}], caption="A table")
    doc.heading("Charts")
    doc.figure(go.Figure(go.Scatter(x=[1990, 2000, 2010], y=[0.3, 0.4, 0.5])), "lines")
    doc.figure(go.Figure(go.Bar(x=["USA", "CHN"], y=[0.14, 0.21])), "bars")
    doc.figure(go.Figure(go.Heatmap(z=[[1, 0.5], [0.5, 1]])), "heatmap", caption="heat")
    doc.sources([{"name": "NMC", "version": "7.0", "citation": "Singer, Bremer & Stuckey"}])
    return doc


def test_document_renders_offline_without_errors(tmp_path: Path, open_html) -> None:
    doc = _document()
    path = doc.write(tmp_path / "doc.html")
    report = open_html(path, wait_selector=".js-plotly-plot .main-svg")
    assert report.errors == []
    assert report.blocked_requests == []
    page = report.page
    plots = page.query_selector_all(".js-plotly-plot")
    assert len(plots) == len(doc.figure_names) == 3
    for plot in plots:
        svg = plot.query_selector("svg.main-svg")
        assert svg is not None
        box = svg.bounding_box()
        assert box is not None and box["width"] > 0 and box["height"] > 0
        # something was drawn: traces live in the svg as paths/rects
        assert plot.query_selector_all("svg.main-svg path, svg.main-svg rect, image")
    # escaped text stayed text
    assert page.evaluate("typeof window.__injected") == "undefined"
    assert "<b>not bold</b>" in page.title()
    # plotly.js is inlined exactly once, from the installed package
    from plotly.offline import get_plotlyjs

    html = path.read_text(encoding="utf-8")
    assert html.count(get_plotlyjs()[:500]) == 1


def test_network_requests_are_blocked_and_counted(tmp_path: Path, open_html) -> None:
    # a control: the fixture must see and block a remote request (a test that cannot fail
    # is a defect)
    path = tmp_path / "remote.html"
    path.write_text('<!DOCTYPE html><img src="https://example.invalid/x.png">', "utf-8")
    report = open_html(path)
    assert report.blocked_requests == ["https://example.invalid/x.png"]


def test_write_figures_exports_svg_with_local_chromium(tmp_path: Path, chromium_browser) -> None:
    doc = _document()
    paths = doc.write_figures(tmp_path / "figs", fmt="svg")
    assert [p.name for p in paths] == ["lines.svg", "bars.svg", "heatmap.svg"]
    for p in paths:
        text = p.read_text(encoding="utf-8")
        assert text.lstrip().startswith("<svg") and "</svg>" in text


def test_write_figures_falls_back_to_html(tmp_path: Path) -> None:
    from multipolar.report.html import FigureExportWarning

    doc = _document()
    with pytest.warns(FigureExportWarning):
        paths = doc.write_figures(tmp_path / "figs", browser_path=str(tmp_path / "no-browser"))
    assert [p.suffix for p in paths] == [".html"] * 3
    assert all("Plotly.newPlot" in p.read_text(encoding="utf-8") for p in paths)
