"""The ``multipolar`` command line: a thin layer over the library (Typer + Rich).

Each command parses its arguments, calls one public function and hands the result to the
shared writer :func:`multipolar.report.output.emit`. Whatever goes wrong, the user sees one
line on standard error and a non-zero exit status; ``--debug`` shows the traceback:

==========================================  ======  ==================================
what happened                               exit    the line says
==========================================  ======  ==================================
a :class:`MultipolarError` (bad input, a      1     the error's own message
download, a damaged store)
a bad option or argument (usage error)        2     what is wrong and ``CMD --help``
a file that cannot be read or written         1     the path and the system's reason
(``OSError``)
a DuckDB error that means a damaged store     1     that the store is damaged and how
                                                    to rebuild it
Ctrl-C (SIGINT), whatever it interrupted    130     that it was interrupted
SIGTERM (``kill PID``), the same way         143     that it was terminated
anything else (a bug)                         1     ``internal error`` and ``--debug``
==========================================  ======  ==================================
"""

from __future__ import annotations

import inspect
import signal
import sys
import threading
from typing import Any

import typer
from typer._click.core import Context  # typer 0.29 vendors click
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer.core import TyperGroup, TyperOption
from typer.exceptions import Abort, Exit

from multipolar.errors import MultipolarError

#: set by the SIGINT handler: an error raised while unwinding an interrupt is the interrupt
_INTERRUPTED = threading.Event()
#: set by the SIGTERM handler: the interrupt was a request to stop (exit 143, not 130)
_TERMINATED = threading.Event()
#: set once the interrupt line was printed (so that it is printed once)
_INTERRUPT_REPORTED = threading.Event()
#: True when run as the program (``multipolar.__main__``), not in-process (tests, notebooks)
_STANDALONE = False
_INTERRUPT_LINE = "interrupted; nothing half-written was kept"


def _on_sigint(signum: int, frame: Any) -> None:
    _INTERRUPTED.set()
    if signum == signal.SIGTERM:
        _TERMINATED.set()
    signal.default_int_handler(signum, frame)  # raises KeyboardInterrupt


def interrupt_line() -> tuple[str, int]:
    """The line and exit status of an interrupt: Ctrl-C (SIGINT) 130, SIGTERM 143 (128 + 15)."""
    if _TERMINATED.is_set():
        return "terminated; nothing half-written was kept", 143
    return _INTERRUPT_LINE, 130


def _quiet_excepthook(previous: Any) -> Any:
    """``sys.excepthook`` that drops a KeyboardInterrupt a C extension prints on its way out.

    pyreadr's Cython callbacks cannot raise: an interrupt inside one is printed (its traceback
    through ``sys.excepthook``, then "Exception ignored in …" through ``sys.unraisablehook``)
    and becomes a read error. The interrupt itself is reported by :func:`_message`."""

    def hook(kind: Any, value: Any, tb: Any) -> None:
        if isinstance(value, KeyboardInterrupt):
            _INTERRUPTED.set()
            return
        previous(kind, value, tb)

    return hook


def _quiet_unraisablehook(previous: Any) -> Any:
    def hook(unraisable: Any) -> None:
        if isinstance(unraisable.exc_value, KeyboardInterrupt):
            _INTERRUPTED.set()
            return
        previous(unraisable)

    return hook


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _usage_line(exc: UsageError) -> str:
    where = exc.ctx.command_path if exc.ctx is not None else "multipolar"
    return f"error: {_one_line(exc.format_message())} (see `{where} --help`)"


def _message(exc: BaseException) -> tuple[str, int]:
    """The one line (and exit status) for an exception that reached the command line."""
    if _INTERRUPTED.is_set() or isinstance(exc, KeyboardInterrupt):
        return interrupt_line()
    if isinstance(exc, MultipolarError):
        return f"error: {_one_line(exc)}", 1
    if type(exc).__module__.split(".")[0] in ("duckdb", "_duckdb"):
        from multipolar.store.core import store_error

        damaged = store_error(exc)
        if damaged is not None:
            return f"error: {_one_line(damaged)}", 1
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return f"error: {where}{exc.strerror or _one_line(exc)}", 1
    detail = _one_line(f"{type(exc).__name__}: {exc}")[:300]
    return (
        f"error: internal error ({detail}); run `multipolar --debug …` for the traceback and "
        "report it",
        1,
    )


#: every command: name -> (module, object, kind, the line `multipolar --help` shows). The
#: modules (and pandas, DuckDB, Ibis, plotly behind them) are imported only when a command is
#: run or its own help is asked for; `tests/cli/test_startup.py` checks the lines against the
#: commands' docstrings.
COMMANDS: dict[str, tuple[str, str, str, str]] = {
    "why": ("multipolar.cli.why", "why", "command",
            "Why do A and B align? A bottom line, findings, an evidence matrix and charts, "
            "with every source cited."),
    "read": ("multipolar.cli.read", "read", "command",
             "Read a text: actors, CAMEO/PLOVER events, quotes and claims checked against the "
             "data."),
    "data": ("multipolar.cli.data", "app", "group", "Get the data, see what is loaded, cite it."),
    "events": ("multipolar.cli.events", "app", "group",
               "News event data (GDELT 1.0/2.0, ICEWS): import, pull, dyad series, top events."),
    "states": ("multipolar.cli.states", "app", "group",
               "The COW state registry: resolve names, codes and capitals."),
    "export": ("multipolar.cli.data", "export", "command",
               "Write a stored table to csv, parquet or Stata dta (by extension)."),
    "idealpoints": ("multipolar.cli.idealpoints", "idealpoints", "command",
                    "Dynamic ordinal ideal points from UN General Assembly votes (ideal, se, 95% "
                    "interval)."),
    "agreement": ("multipolar.cli.agreement", "agreement", "command",
                  "Dyadic alignment: vote agreement, Signorino-Ritter S, Cohen's kappa and "
                  "Scott's pi."),
    "blocs": ("multipolar.cli.system", "blocs", "command",
              "UN voting blocs of a year, or the blocs of named states over time (with ARI)."),
    "polarity": ("multipolar.cli.system", "polarity", "command",
                 "Yearly polarity: CON concentration, effective poles, top three, UN "
                 "bipolarity."),
    "balance": ("multipolar.cli.system", "balance", "command",
                "Structural balance: triad census and the exact frustration index with two "
                "camps."),
    "forecast": ("multipolar.cli.forecast", "forecast", "command",
                 "Forecast a pair's yearly alignment with 80% and 95% intervals, backtested."),
    "landscape": ("multipolar.cli.forecast", "landscape", "command",
                  "Two camps that the sizes and propensities of the powers predict (landscape "
                  "theory)."),
    "dyads": ("multipolar.cli.dyads", "dyads", "command",
              "Dyad-year or state-year panels of the COW or G-W system, covariates joined by "
              "name."),
    "serve": ("multipolar.cli.serve", "serve", "command",
              "Serve the web app and JSON API: pairs, states, the world, reading texts, the "
              "data."),
}  # fmt: skip


def load_command(name: str) -> Any:
    """The click command ``name``, built from its module (imported now)."""
    import importlib

    import typer.main

    module, attr, kind, _ = COMMANDS[name]
    obj = getattr(importlib.import_module(module), attr)
    if kind == "group":
        return _reflowed(typer.main.get_command(obj))
    single = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    single.command(name)(obj)
    return _reflowed(typer.main.get_command(single))


def _reflowed(command: Any) -> Any:
    """``command`` (and its subcommands) with docstring paragraphs joined into one line each, so
    the help reflows to the terminal's width (Typer keeps the docstring's own line breaks after
    the first paragraph). Paragraphs that are lists or indented are left as written."""
    if command.help:
        paragraphs = inspect.cleandoc(command.help).split("\n\n")
        command.help = "\n\n".join(
            p if any(x[:1] in " -•*\b" for x in p.splitlines()) else " ".join(p.split("\n"))
            for p in paragraphs
        )
    for sub in getattr(command, "commands", {}).values():
        _reflowed(sub)
    return command


_display_type_rich = TyperOption.display_type_rich


def _flag_type_rich(self: TyperOption, ctx: Context) -> str | None:
    """The type shown after an option in help: none for a flag (``--no-html``, ``--help``),
    which takes no value (Typer 0.29 shows ``<bool>``)."""
    return None if self.is_flag else _display_type_rich(self, ctx)


TyperOption.display_type_rich = _flag_type_rich  # type: ignore[method-assign]


class _Group(TyperGroup):
    """Turns every error into one line on stderr and a non-zero exit status (see above), and
    imports a command's module only when the command is used (``multipolar --help`` lists the
    commands from :data:`COMMANDS` without importing them)."""

    _listing = False

    def list_commands(self, ctx: Context) -> list[str]:
        return [*COMMANDS, *(c for c in super().list_commands(ctx) if c not in COMMANDS)]

    def get_command(self, ctx: Context, cmd_name: str) -> Any:
        if cmd_name in self.commands or cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        if self._listing:  # the root help only needs the one-line help
            from typer.core import TyperCommand

            return TyperCommand(cmd_name, help=COMMANDS[cmd_name][3])
        self.add_command(load_command(cmd_name), cmd_name)
        return self.commands[cmd_name]

    def format_help(self, ctx: Context, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: Context | None = None,
        **extra: Any,
    ) -> Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except NoArgsIsHelpError:
            raise
        except UsageError as exc:  # a bad option of the root command itself
            typer.echo(_usage_line(exc), err=True)
            raise Exit(2) from exc

    def invoke(self, ctx: Context) -> Any:
        previous = previous_term = None
        if threading.current_thread() is threading.main_thread():
            previous = signal.signal(signal.SIGINT, _on_sigint)
            previous_term = signal.signal(signal.SIGTERM, _on_sigint)
        hooks = sys.excepthook, sys.unraisablehook
        sys.excepthook = _quiet_excepthook(hooks[0])
        sys.unraisablehook = _quiet_unraisablehook(hooks[1])
        _INTERRUPTED.clear()
        try:
            return super().invoke(ctx)
        except NoArgsIsHelpError:
            raise
        except UsageError as exc:
            typer.echo(_usage_line(exc), err=True)
            ctx.exit(2)
        except (Exit, Abort):
            raise
        except (Exception, KeyboardInterrupt) as exc:
            debug = isinstance(ctx.obj, dict) and ctx.obj.get("debug")
            if debug and not isinstance(exc, KeyboardInterrupt):
                raise
            line, code = _message(exc)
            typer.echo(line, err=True)
            if code in (130, 143):
                _INTERRUPT_REPORTED.set()
            ctx.exit(code)
        finally:
            if not (_STANDALONE and _INTERRUPTED.is_set()):  # the program only exits after that
                sys.excepthook, sys.unraisablehook = hooks
            if previous is not None:
                # after an interrupt the program only exits: ignore the SIGINT DuckDB re-raises
                late = _STANDALONE and _INTERRUPTED.is_set()
                signal.signal(signal.SIGINT, signal.SIG_IGN if late else previous)
            if previous_term is not None:
                late = _STANDALONE and _INTERRUPTED.is_set()
                signal.signal(signal.SIGTERM, signal.SIG_IGN if late else previous_term)


app = typer.Typer(
    cls=_Group,
    name="multipolar",
    help="Why do states align? Evidence from UN votes, alliances, capabilities, rivalries, "
    "trade and events, with every number traced to its source.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _print_version(value: bool) -> None:
    if value:
        from multipolar import __version__

        typer.echo(f"multipolar {__version__}")
        raise Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    debug: bool = typer.Option(False, "--debug", help="Show the full traceback on errors."),
    version: bool = typer.Option(
        False,
        "--version",
        help="Print the version and exit.",
        callback=_print_version,
        is_eager=True,
    ),
) -> None:
    ctx.ensure_object(dict)["debug"] = debug


def safe_streams() -> None:
    """Standard output and error that never fail on a character the locale cannot encode.

    Under a non-UTF-8 locale (``LC_ALL=C`` with ``PYTHONUTF8=0``, a Latin-1 terminal) the
    streams are ASCII or Latin-1: a state's name, a dash or a box-drawing character would raise
    UnicodeEncodeError. They are reconfigured to replace such characters (``?``) instead; Rich
    then draws its tables with ASCII boxes. Files are always written as UTF-8.
    """
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding.startswith("utf") or not hasattr(stream, "reconfigure"):
            continue
        try:
            stream.reconfigure(errors="replace")
        except (OSError, ValueError):  # a closed or detached stream
            continue


def main() -> None:
    """Console-script entry point."""
    safe_streams()
    app(prog_name="multipolar")
