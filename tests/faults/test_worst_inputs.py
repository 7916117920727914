"""Every command with its worst inputs: a non-zero exit, at most two lines on stderr, no traceback.

One table of (command line, what the line must say). The commands run in-process through
Typer's runner on the session's real store (tests/conftest.py), so the whole table takes a
few seconds; ``test_worst_inputs_in_a_real_process`` runs a sample as real subprocesses,
where stderr is exactly what a user sees.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from multipolar.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def bad(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of bad inputs: empty, blank-cell, binary and header-only files, a plain file."""
    d = tmp_path_factory.mktemp("bad")
    (d / "empty.csv").write_text("")
    (d / "header.csv").write_text("source,target,sign\n")
    (d / "blank.csv").write_text("source,target,sign\nA,,1\nA,B,-1\n")
    (d / "nosign.csv").write_text("source,target\nA,B\n")
    (d / "zero.csv").write_text("source,target,sign\nA,B,0\n")
    (d / "loop.csv").write_text("source,target,sign\nA,A,1\n")
    (d / "twice.csv").write_text("source,target,sign\nUSA,Russia,-1\nUnited States,China,1\n")
    (d / "weights.csv").write_text("source,target,sign,weight\nA,B,1,-3\n")
    (d / "binary.csv").write_bytes(bytes(range(256)) * 40)
    (d / "junk.txt").write_text("hello\n")
    (d / "afile").write_text("x")
    (d / "outdir").mkdir()
    return d


def _cases(d: Path) -> list[tuple[list[str], str]]:
    """(arguments, a piece of the message) for each bad input."""
    return [
        # root
        (["--bogus"], "No such option"),
        (["nope"], "No such command"),
        # why
        (["why", "China", "China"], "error:"),
        (["why", "Narnia", "Russia"], "unknown state"),
        (["why", "China", "Russia", "--vs", "Indiana"], "unknown state"),
        (["why", "China", "Russia", "--json", f"{d / 'outdir'}/"], "is a folder"),
        (["why", "China", "Russia", "--html", str(d / "afile" / "x.html")], "is a file"),
        (["why", "China", "Russia", "--figures", str(d / "afile")], "is a file"),
        (["why", "China", "Russia", "--from", "abc"], "Invalid value"),
        (["why", "China"], "name two states"),
        # forecast, landscape, read
        (["forecast", "Narnia", "China"], "unknown state"),
        (["forecast", "China", "Russia", "--horizon", "-3"], "--horizon"),
        (["landscape", "--year", "3000"], "no UN votes"),
        (["landscape", "--year", "1985", "--set", "nope"], "--set"),
        (["read", str(d / "missing.txt")], "no file"),
        # agreement, idealpoints
        (["agreement", "--states", "Narnia,China"], "unknown state"),
        (["agreement", "--states", "China,Russia", "-o", str(d / "x.xyz")], "cannot write"),
        (["agreement", "--states", "China,Russia", "--format", "nope"], "error:"),
        (["idealpoints", "--states", "Narnia"], "unknown state"),
        (["idealpoints", "--states", "China", "--from", "2000", "--to", "1990"], "error:"),
        # blocs, polarity
        (["blocs"], "give --year"),
        (["blocs", "--year", "1800"], "no UN votes"),
        (["blocs", "--year", "1985", "--weight", "nope"], "--weight"),
        (["blocs", "--year", "1985", "--window", "0"], "window must be a positive"),
        (["blocs", "--year", "1985", "--resolution", "-1"], "resolution must be positive"),
        (["blocs", "--states", "China", "--from", "2000"], "--from YEAR and --to YEAR"),
        (["blocs", "--states", "China", "--from", "1800", "--to", "1990"], "UN votes"),
        (["blocs", "--year", "1985", "--html", "/proc/x/blocs.html"], "cannot write"),
        (["polarity", "--from", "-5"], "--from -5"),
        (["polarity", "--from", "2000", "--to", "1990"], "after"),
        (["polarity", "--from", "1990", "--to", "2000", "--html", "/proc/p.html"], "cannot write"),
        (["polarity", "--to", "3000"], "--to 3000"),
        # balance
        (["balance"], "give --year"),
        (["balance", "--year", "2015"], "no negative ties"),
        (["balance", "--year", "2019"], "no ties"),
        (["balance", "--year", "1985", "--time-limit", "-1"], "--time-limit"),
        (["balance", "--year", "1985", "--time-limit", "0"], "--time-limit"),
        (["balance", "--year", "1985", "--conflict", "nope"], "--conflict"),
        (["balance", "--year", "1985", "--positive", "friendship"], "unknown tie kind"),
        (["balance", "--year", "1985", "--signed-by", "nope"], "--signed-by"),
        (["balance", "--year", "1985", "--agree-above", "nan"], "kappa thresholds"),
        (["balance", "--edges", str(d / "empty.csv")], "is empty"),
        (["balance", "--edges", str(d / "header.csv")], "no edges"),
        (["balance", "--edges", str(d / "blank.csv")], "empty target"),
        (["balance", "--edges", str(d / "nosign.csv")], "lacks column"),
        (["balance", "--edges", str(d / "zero.csv")], "not 0"),
        (["balance", "--edges", str(d / "loop.csv")], "self-loops"),
        (["balance", "--edges", str(d / "twice.csv")], "both name"),
        (["balance", "--edges", str(d / "weights.csv"), "--weighted"], "positive numbers"),
        (["balance", "--edges", str(d / "binary.csv")], "error:"),
        (["balance", "--edges", str(d / "missing.csv")], "no edge file"),
        # events
        (["events", "import", str(d / "nothing-*.csv")], "no file matches"),
        (["events", "import", str(d / "junk.txt")], "failed"),
        (["events", "import", str(d / "junk.txt"), "--as", "phoenix"], "unknown event format"),
        (["events", "pull", "--from", "2013-01-01", "--to", "2013-01-02"], "2013-04-01"),
        (["events", "pull", "--from", "nope", "--to", "2019-01-01"], "not a date"),
        (["events", "pull", "--from", "2019-01-02", "--to", "2019-01-01"], "before"),
        (["events", "dyad", "Narnia", "China"], "error:"),
        (["events", "dyad", "China", "Russia", "--top", "-1"], "--top"),
        (["events", "top", "--n", "-5"], "--n"),
        (["events", "top", "--pair", "China"], "--pair"),
        (["events", "top", "--backend", "nope"], "error:"),
        # states, data, export
        (["states", "resolve", "Narnia"], "unknown state"),
        (["states", "resolve", "Korea"], "ambiguous"),
        (["data", "show", "nope"], "error:"),
        (["data", "cite", "nope"], "error:"),
        (["data", "pull", "nope"], "error:"),
        (["data", "forget", "nope"], "nothing named"),
        (["data", "import", str(d / "missing.rda"), "--as", "unvotes-voeten"], "error:"),
        (["data", "import", str(d / "junk.txt"), "--as", "nope"], "error:"),
        (["export", "nope", "-o", str(d / "x.csv")], "error:"),
        (["export", "cow_nmc", "-o", "/proc/x.csv"], "cannot write"),
        (["export", "cow_nmc", "-o", str(d / "x.xyz")], "cannot write"),
        (["export", "cow_nmc", "-o", str(d / "outdir")], "is a folder"),
    ]


def test_every_command_fails_in_one_line(store, bad: Path) -> None:
    failures = []
    for args, expected in _cases(bad):
        # a writer cannot open the store while this process holds it read-only (the session's
        # store): event imports run against a home of their own, as another process would
        env = {"MULTIPOLAR_HOME": str(bad / "home")} if args[:2] == ["events", "import"] else None
        res = runner.invoke(app, args, env=env)
        lines = res.stderr.strip().splitlines()
        problems = []
        if res.exit_code == 0:
            problems.append("exit 0")
        if len(lines) > 2:
            problems.append(f"{len(lines)} lines on stderr")
        crashed = res.exception is not None and not isinstance(res.exception, SystemExit)
        if "Traceback" in res.stderr or crashed:
            problems.append(f"traceback ({res.exception!r})")
        if "internal error" in res.stderr:
            problems.append("internal error")
        if expected not in res.stderr:
            problems.append(f"message lacks {expected!r}")
        if problems:
            failures.append(f"{' '.join(args)}: {', '.join(problems)}: {res.stderr.strip()[:300]}")
    assert not failures, "\n".join(failures)


def test_worst_inputs_in_a_real_process(store, bad: Path) -> None:
    # the same promise where stderr is the real one: a sample of the table, as subprocesses
    env = {**os.environ}
    for args in (
        ["balance", "--edges", str(bad / "blank.csv")],
        ["events", "top", "--n", "abc"],
    ):
        r = subprocess.run(
            [sys.executable, "-m", "multipolar", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        lines = r.stderr.strip().splitlines()
        assert r.returncode != 0 and len(lines) <= 2 and "Traceback" not in r.stderr, (
            args,
            r.stderr,
        )
