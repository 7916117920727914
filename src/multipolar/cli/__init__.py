"""The ``multipolar`` command line: a thin layer over the library (Typer + Rich).

Each command parses its arguments, calls one public function and hands the result to the
shared writer :func:`multipolar.report.output.emit`. Errors print one line and exit 1;
``--debug`` shows the traceback.
"""

from __future__ import annotations

from typing import Any

import typer
from typer._click.core import Context  # typer 0.29 vendors click
from typer.core import TyperGroup

from multipolar.errors import MultipolarError


class _Group(TyperGroup):
    """Turns :class:`MultipolarError` into one line on stderr and exit code 1."""

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except MultipolarError as exc:
            if isinstance(ctx.obj, dict) and ctx.obj.get("debug"):
                raise
            typer.echo(f"error: {exc}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            typer.echo("interrupted; nothing half-written was kept", err=True)
            ctx.exit(130)


app = typer.Typer(
    cls=_Group,
    name="multipolar",
    help="Why do states align? Evidence from UN votes, alliances, capabilities, rivalries, "
    "trade and events, with every number traced to its source.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def _root(
    ctx: typer.Context,
    debug: bool = typer.Option(False, "--debug", help="Show the full traceback on errors."),
) -> None:
    ctx.ensure_object(dict)["debug"] = debug


from multipolar.cli import agreement as _agreement  # noqa: E402
from multipolar.cli import data as _data  # noqa: E402
from multipolar.cli import events as _events  # noqa: E402
from multipolar.cli import forecast as _forecast  # noqa: E402
from multipolar.cli import idealpoints as _idealpoints  # noqa: E402
from multipolar.cli import read as _read  # noqa: E402
from multipolar.cli import states as _states  # noqa: E402
from multipolar.cli import system as _system  # noqa: E402
from multipolar.cli import why as _why  # noqa: E402

app.command("why")(_why.why)
app.command("read")(_read.read)
app.add_typer(_data.app, name="data")
app.add_typer(_events.app, name="events")
app.add_typer(_states.app, name="states")
app.command("export")(_data.export)
app.command("idealpoints")(_idealpoints.idealpoints)
app.command("agreement")(_agreement.agreement)
app.command("blocs")(_system.blocs)
app.command("polarity")(_system.polarity)
app.command("balance")(_system.balance)
app.command("forecast")(_forecast.forecast)
app.command("landscape")(_forecast.landscape)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="multipolar")
