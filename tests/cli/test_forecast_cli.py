"""``multipolar forecast`` and ``multipolar landscape`` end to end on the real store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from multipolar.cli import forecast as forecast_cli


@pytest.fixture(scope="module")
def app(store):
    from multipolar.cli import _Group

    a = typer.Typer(cls=_Group)

    @a.callback()
    def _root(ctx: typer.Context) -> None:
        ctx.ensure_object(dict)

    a.command("forecast")(forecast_cli.forecast)
    a.command("landscape")(forecast_cli.landscape)
    return a


def _run(app, args, code=0):
    res = CliRunner().invoke(app, args)
    assert res.exit_code == code, res.output
    return res


def test_forecast_china_russia_json_and_html(app, tmp_path: Path):
    html = tmp_path / "f.html"
    out = json.loads(
        _run(app, ["forecast", "China", "Russia", "--format", "json", "--html", str(html)]).stdout
    )[0]
    assert out["states"]["a"]["iso3"] == "CHN" and len(out["forecast"]) == 5
    assert "forecast-fan" in html.read_text(encoding="utf-8")


def test_forecast_table_and_file(app, tmp_path: Path):
    res = _run(app, ["forecast", "China", "Russia", "--measure", "kappa", "-n", "3"])
    assert "Probability that China–Russia" in res.stdout and "backtest" in res.stdout
    _run(app, ["forecast", "China", "Russia", "-o", str(tmp_path / "f.csv")])
    import pandas as pd

    df = pd.read_csv(tmp_path / "f.csv")
    assert {"year", "value", "mean", "lo80", "hi95"} <= set(df.columns)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["China", "Russia", "-n", "15"], "beyond 10 years"),
        (["East Germany", "Brunei"], "at least 10"),
        (["China", "Russia", "--measure", "votes"], "unknown measure"),
        (["China", "Atlantis"], "unknown state"),
    ],
)
def test_forecast_bad_input_is_one_line(app, args, message):
    res = _run(app, ["forecast", *args], code=1)
    lines = [ln for ln in res.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:") and message in lines[0]


def test_landscape_2019_json_html_and_what_if(app, tmp_path: Path):
    html = tmp_path / "l.html"
    out = json.loads(
        _run(
            app,
            [
                "landscape",
                "--year",
                "2019",
                "--set",
                "CHN-RUS=-5",
                "--drop",
                "India",
                "--format",
                "json",
                "--html",
                str(html),
            ],
        ).stdout
    )[0]
    assert len(out["actors"]) == 20 and out["result"]["exact"]
    assert out["scenario"]["switches"] and 750 not in out["scenario"]["result"]["actors"]
    text = html.read_text(encoding="utf-8")
    assert "landscape-network" in text and "landscape-scenario" in text


def test_landscape_table_and_errors(app):
    res = _run(app, ["landscape", "--year", "1985", "--states", "USA,Russia,UK,France,China"])
    assert "local minima" in res.stdout and "exhaustive" in res.stdout
    bad = _run(app, ["landscape", "--year", "2019", "--propensity", "trade"], code=1)
    assert "unknown propensity" in bad.output
    bad = _run(app, ["landscape", "--year", "2019", "--set", "CHN-RUS"], code=1)
    assert "A-B=x" in bad.output
