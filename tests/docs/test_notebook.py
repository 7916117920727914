"""The China–Russia notebook in docs/ runs top to bottom on the test store (nbclient)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[2] / "docs" / "china-russia.ipynb"


def test_the_china_russia_notebook_runs(store, tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    # the session holds the store's lock: the kernel reads a checkpointed copy of it
    store.raw.execute("CHECKPOINT")
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(store.path, home / store.path.name)
    monkeypatch.setenv("MULTIPOLAR_HOME", str(home))  # the kernel inherits the environment
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=240, kernel_name="python3")
    client.execute()  # raises CellExecutionError on the first failing cell
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("multipolar-why" in h for h in html)  # the evidence object displayed itself
    text = "".join(o.get("text", "") for o in outputs)
    assert "lowest: −0.22 in 1993" in text
