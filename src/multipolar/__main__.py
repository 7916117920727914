"""``python -m multipolar`` and the ``multipolar`` console script.

Ctrl-C is reported the same way wherever it lands -- while the heavy libraries load (where
a C extension turns it into ``ImportError: initialization failed``), inside a command, or
while Typer parses: one line, exit status 130. Once reported, later SIGINTs are ignored (DuckDB
re-raises an interrupt it handled, which would otherwise kill the exiting process).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from typing import Any

_LINE = "interrupted; nothing half-written was kept"
_TERM_LINE = "terminated; nothing half-written was kept"


def main() -> None:
    """Entry point: import the command line and run it, with Ctrl-C handled throughout."""
    interrupted: list[int] = []
    try:
        _main(interrupted)
    except KeyboardInterrupt:  # a signal between the command's end and the late handlers
        _stop(term=_term(interrupted))


def _main(interrupted: list[int]) -> None:

    def on_sigint(signum: int, frame: Any) -> None:
        interrupted.append(signum)
        signal.default_int_handler(signum, frame)

    signal.signal(signal.SIGINT, on_sigint)
    signal.signal(signal.SIGTERM, on_sigint)  # SIGTERM is handled like Ctrl-C (exit 143)
    try:
        from multipolar import cli
    except BaseException:
        if interrupted:
            _stop(term=signal.SIGTERM in interrupted)
        raise
    cli._STANDALONE = True
    try:
        cli.main()
    except KeyboardInterrupt:
        _stop(reported=cli._INTERRUPT_REPORTED.is_set(), term=_term(interrupted))
    except SystemExit as exc:
        if exc.code in (130, 143) or interrupted or cli._INTERRUPTED.is_set():
            _stop(reported=cli._INTERRUPT_REPORTED.is_set(), term=_term(interrupted))
        # the output is written; a Ctrl-C or SIGTERM while the program winds down (other
        # threads, the atexit hooks, flushing the output) is still reported with its one line
        signal.signal(signal.SIGINT, _late)
        signal.signal(signal.SIGTERM, _late)
        _finish(exc)


def _finish(exc: SystemExit) -> None:
    """End a finished command with its exit status, leaving no moment in which a signal kills
    the process (status -2) or is lost.

    CPython's own shutdown runs the ``atexit`` hooks, then resets every Python signal handler
    to the default (``_PySignal_Fini``) and only then collects garbage and unloads the modules
    (DuckDB, pyarrow, pandas: 0.1-0.5 s). A Ctrl-C there killed the process with status -2
    after "store ready" (issue 21, the SIGINT fault of ``data pull``). So the shutdown is done
    here, in CPython's order: other threads are joined and the ``atexit`` hooks run while the
    ``_late`` handlers report a signal; then the signals are ignored, the output is flushed and
    the process exits with ``os._exit`` -- every store connection was closed by its ``with``
    block, and nothing is left for the interpreter's teardown to do but free memory.
    """
    import atexit
    import threading

    shutdown = getattr(threading, "_shutdown", None)  # what CPython calls first: thread pools'
    if shutdown is not None:  # exit hooks, then a join of the other non-daemon threads
        shutdown()
    atexit._run_exitfuncs()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    code = exc.code
    if code is not None and not isinstance(code, int):  # sys.exit("message")
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(f"{code}\n")
        code = 1
    try:
        for stream in dict.fromkeys((sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__)):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        raise exc from None  # CPython reports an output it cannot flush (status 120)
    os._exit(code or 0)


def _late(signum: int, frame: Any) -> None:
    _stop(term=signum == signal.SIGTERM)


def _term(interrupted: list[int]) -> bool:
    from multipolar import cli

    return signal.SIGTERM in interrupted or cli._TERMINATED.is_set()


def _stop(*, reported: bool = False, term: bool = False) -> None:
    """Exit 130 now (143 after SIGTERM). ``os._exit``: an interrupt that went through a C extension's
    ``PyRun_String`` leaves CPython's "unhandled KeyboardInterrupt" flag set even though it was
    handled, and the interpreter would then kill itself with SIGINT at exit (status -2).
    Everything was already closed and rolled back by the ``with`` blocks on the way out."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if not reported:
        sys.stderr.write((_TERM_LINE if term else _LINE) + "\n")
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(143 if term else 130)


if __name__ == "__main__":
    main()
