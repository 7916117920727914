"""Start-up stays light (issue 10): ``multipolar --help`` and ``states resolve`` import no pandas,
Ibis, DuckDB, numpy or plotly; each command's module is imported only when it is used.

Timings are measured by ``benchmarks/startup.py``, not here; these tests check the imports.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from multipolar.cli import COMMANDS, load_command

HEAVY = ("pandas", "ibis", "duckdb", "numpy", "plotly", "scipy", "pyarrow")

_PROBE = """
import atexit, sys
atexit.register(lambda: print("HEAVY=" + ",".join(m for m in {heavy!r} if m in sys.modules),
                              file=sys.stderr))
sys.argv = ["multipolar", *{args!r}]
from multipolar.__main__ import main
main()
"""


def _heavy_modules(*args: str) -> tuple[list[str], subprocess.CompletedProcess[str]]:
    code = _PROBE.format(heavy=HEAVY, args=list(args))
    r = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=os.environ, timeout=300
    )
    line = next(x for x in r.stderr.splitlines() if x.startswith("HEAVY="))
    return [m for m in line.removeprefix("HEAVY=").split(",") if m], r


def test_help_imports_no_heavy_library():
    heavy, r = _heavy_modules("--help")
    assert r.returncode == 0 and "why" in r.stdout and "landscape" in r.stdout
    assert heavy == []


def test_states_resolve_imports_no_heavy_library(store):
    _heavy_modules("states", "resolve", "China")  # builds the registry cache if needed
    heavy, r = _heavy_modules("states", "resolve", "China", "Moscow", "--format", "json")
    assert r.returncode == 0 and '"ccode": 710' in r.stdout and '"ccode": 365' in r.stdout
    assert heavy == []


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_root_help_lines_are_the_commands_own(name):
    cmd = load_command(name)
    assert cmd.get_short_help_str(limit=200) == COMMANDS[name][3]


def test_command_help_paragraphs_reflow_to_the_terminal():
    # Typer keeps a docstring's line breaks after its first paragraph; load_command joins them
    cmd = load_command("forecast")
    assert "rolling-origin backtest over the dyads of the 20 states" in cmd.help
    sub = load_command("data").commands["pull"]
    assert "\n" not in sub.help.split("\n\n")[0]
