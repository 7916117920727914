"""``multipolar serve``: the web app and JSON API (uvicorn over :mod:`multipolar.web`)."""

from __future__ import annotations

import typer

from multipolar.errors import InputError


def serve(
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Address to bind (default: this machine only)."
    ),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    workers: int = typer.Option(
        1, "--workers", help="Worker processes (each keeps its own answers)."
    ),
    time_limit: float = typer.Option(
        60.0, "--time-limit", help="Seconds a question may take before it is answered 503."
    ),
) -> None:
    """Serve the web app and JSON API: pairs, states, the world, reading texts, the data.

    The store is opened read-only; build it first with `multipolar data pull`."""
    import logging
    import os

    import uvicorn

    from multipolar import config

    if not 1 <= port <= 65535:
        raise InputError(f"--port must be between 1 and 65535; got {port}")
    if workers < 1:
        raise InputError(f"--workers must be at least 1; got {workers}")
    path = config.store_path()
    if not path.is_file():
        raise InputError(f"no store at {path}; build it first with `multipolar data pull`")
    os.environ["MULTIPOLAR_SERVE_TIME_LIMIT"] = str(time_limit)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    shown = f"[{host}]" if ":" in host else host
    typer.echo(
        f"multipolar serve: http://{shown}:{port}/ (store {path}, read-only; Ctrl-C stops)",
        err=True,
    )
    uvicorn.run(
        "multipolar.web.app:from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=False,
        log_level="warning",
        timeout_graceful_shutdown=5,
    )
