"""Hostile labels in the HTML reports, opened in headless Chromium.

Before: the HTML tables escaped every label, but plotly.js reads a small HTML subset in
legends, hovers and tick labels, so a node label ``<a href=…>`` became a live link in the
chart. Now every string plotly draws is escaped on the way in (:func:`plotly_safe`): the
label shows as its own characters and no element, link or script comes from it.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import plotly.graph_objects as go
import pytest
from typer.testing import CliRunner

from multipolar.cli import app
from multipolar.report.html import Document

pytestmark = pytest.mark.browser

HOSTILE = [
    '<a href="https://evil.example/">click</a>',
    '<img src="x" onerror="window.__pwned=1">',
    "<script>window.__pwned=2</script>",
    '<b style="font-size:90px">big</b><br>two lines',
    "Bosnia & Herzegovina",
    '"><svg onload="window.__pwned=3">',
]

_PROBE = """() => ({
  links: document.querySelectorAll('a[href*="evil"], a[*|href*="evil"]').length,
  imgs: document.querySelectorAll('img').length,
  injected: document.querySelectorAll('[onerror], [onload], svg svg').length,
  bold: document.querySelectorAll('.main-svg b, .main-svg [style*="90px"]').length,
  pwned: window.__pwned === undefined ? null : window.__pwned,
  text: Array.from(document.querySelectorAll('.main-svg')).map(s => s.textContent).join(' '),
})"""


def _hover_all(page) -> list[str]:
    """Hover every point of every chart (plotly's own Fx.hover) and return the hover layers.

    Plotly drops hovers less than 50 ms apart, so each waits 60 ms."""
    points = page.evaluate(
        """() => Array.from(document.querySelectorAll('.js-plotly-plot')).flatMap((gd, g) =>
            gd.data.flatMap((t, c) => t.hoverinfo === 'skip' ? [] :
                Array.from({length: (t.x || []).length}, (_, p) => [g, c, p])))"""
    )
    out = []
    for g, c, p in points:
        out.append(
            page.evaluate(
                """([g, c, p]) => {
                    const gd = document.querySelectorAll('.js-plotly-plot')[g];
                    Plotly.Fx.hover(gd, [{curveNumber: c, pointNumber: p}]);
                    const layer = gd.querySelector('.hoverlayer');
                    return layer ? layer.innerHTML : '';
                }""",
                [g, c, p],
            )
        )
        page.wait_for_timeout(60)
    return out


def _check(report, fault, kind: str) -> None:
    page = report.page
    hovers = _hover_all(page)
    probe = page.evaluate(_PROBE)
    ok = (
        probe["links"] == 0
        and probe["imgs"] == 0
        and probe["injected"] == 0
        and probe["bold"] == 0
        and probe["pwned"] is None
        and not report.errors
        and not report.blocked_requests
        and all("<a " not in h and "<img" not in h and "<b>" not in h for h in hovers)
        # the label is shown as its own characters, in the chart or in a hover
        and (
            '<a href="https://evil.example/">' in probe["text"]
            or any('&lt;a href="https://evil.example/"&gt;' in h for h in hovers)
        )
    )
    for _ in HOSTILE:
        fault(kind, ok)
    shown = {k: v for k, v in probe.items() if k != "text"}
    assert ok, (shown, report.errors, report.blocked_requests, [h for h in hovers if h][:2])


def test_hostile_labels_in_a_document_chart(open_html, tmp_path: Path, fault) -> None:
    # the builder every report uses: legends, markers' hover text, category axis, title
    doc = Document("Hostile labels")
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=HOSTILE, y=list(range(6)), text=HOSTILE, mode="markers",
                             hoverinfo="text", name=HOSTILE[0]))  # fmt: skip
    fig.add_trace(go.Bar(x=HOSTILE, y=[1] * 6, name=HOSTILE[1], hovertext=HOSTILE))
    fig.update_layout(title=HOSTILE[3])
    doc.figure(fig, "hostile")
    doc.table([{"label": h} for h in HOSTILE], caption=HOSTILE[2])
    path = doc.write(tmp_path / "hostile.html")
    _check(open_html(path, wait_selector=".main-svg"), fault, "hostile label in an HTML chart")


def test_hostile_node_labels_in_the_balance_report(open_html, tmp_path: Path, fault) -> None:
    edges = tmp_path / "edges.csv"
    with open(edges, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["source", "target", "sign"])
        for i, a in enumerate(HOSTILE):
            for j, b in enumerate(HOSTILE[i + 1 :], start=i + 1):
                w.writerow([a, b, 1 if (i + j) % 3 else -1])
    html = tmp_path / "balance.html"
    res = CliRunner().invoke(
        app, ["balance", "--edges", str(edges), "--html", str(html), "--format", "json"]
    )
    assert res.exit_code == 0, res.stderr
    out = json.loads(res.stdout)[0]
    camps = out["partition"]["camp_a"] + out["partition"]["camp_b"]
    assert sorted(camps) == sorted(HOSTILE)  # the labels stay the user's, byte for byte
    _check(open_html(html, wait_selector=".main-svg"), fault, "hostile label in an HTML chart")
