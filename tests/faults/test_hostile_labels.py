"""Hostile labels in the HTML reports, opened in headless Chromium.

Before: the HTML tables escaped every label, but plotly.js reads a small HTML subset in
legends, hovers and tick labels, so a node label ``<a href=…>`` became a live link in the
chart. Now every string plotly draws is escaped on the way in (:func:`plotly_safe`): the
label shows as its own characters and no element, link or script comes from it.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import plotly.graph_objects as go
import pytest
from typer.testing import CliRunner

from multipolar.cli import app
from multipolar.report.html import Document

pytestmark = pytest.mark.browser
CHROMIUM = os.environ.get("MULTIPOLAR_CHROMIUM", "/usr/bin/chromium")

HOSTILE = [
    '<a href="https://evil.example/">click</a>',
    '<img src="x" onerror="window.__pwned=1">',
    "<script>window.__pwned=2</script>",
    '<b style="font-size:90px">big</b><br>two lines',
    "Bosnia & Herzegovina",
    '"><svg onload="window.__pwned=3">',
]


def _chromium(path: Path) -> dict:
    """Open ``path`` in headless Chromium (in a child process) and probe it."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("MULTIPOLAR_REQUIRE_BROWSER") == "1":
            pytest.fail(f"no Chromium at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM}")
    pytest.importorskip("playwright.sync_api")
    probe = Path(__file__).with_name("_chromium_probe.py")
    r = subprocess.run(
        [sys.executable, str(probe), str(path)], capture_output=True, text=True, timeout=180
    )
    assert r.returncode == 0, r.stderr[-2000:]
    return json.loads(r.stdout.strip().splitlines()[-1])


def _check(path: Path, fault, kind: str) -> None:
    seen = _chromium(path)
    probe, hovers = seen["probe"], seen["hovers"]
    ok = (
        probe["links"] == 0
        and probe["imgs"] == 0
        and probe["injected"] == 0
        and probe["bold"] == 0
        and probe["pwned"] is None
        and not seen["errors"]
        and not seen["blocked"]
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
    assert ok, (shown, seen["errors"], seen["blocked"], [h for h in hovers if h][:2])


def test_hostile_labels_in_a_document_chart(tmp_path: Path, fault) -> None:
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
    _check(path, fault, "hostile label in an HTML chart")


def test_hostile_node_labels_in_the_balance_report(tmp_path: Path, fault) -> None:
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
    _check(html, fault, "hostile label in an HTML chart")
