"""The ASGI application: routes, limits, security headers, one log line per request.

:func:`create_app` builds a Starlette app over a store (opened read-only per question, see
:mod:`multipolar.web.queries`). Limits: a request body over ``max_body`` bytes is refused
with 413 before it is read; a question that takes longer than ``time_limit`` seconds is
answered 503 (the worker thread is abandoned, not the server). Every response carries a
Content-Security-Policy without inline scripts (all JavaScript is in ``static/``), and errors
carry the same one line the CLI prints (``error: …``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import anyio
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from multipolar.errors import InputError, MultipolarError, NotLoadedError, UnknownStateError
from multipolar.web.queries import Library

log = logging.getLogger("multipolar.web")

#: a pasted or uploaded text for ``read`` may be this large (bytes)
MAX_BODY = 2_000_000
#: seconds a question may take before the request is answered 503
TIME_LIMIT = 60.0

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class TooLarge(MultipolarError):
    """A request body over the limit."""


class TooSlow(MultipolarError):
    """A question that took longer than the time limit."""


def error_line(exc: BaseException) -> str:
    """The CLI's line for ``exc``: ``error: <message on one line>``."""
    return "error: " + " ".join(str(exc).split())


def status_of(exc: BaseException) -> int:
    if isinstance(exc, UnknownStateError):
        return 404
    if isinstance(exc, TooLarge):
        return 413
    if isinstance(exc, TooSlow | NotLoadedError):
        return 503
    if isinstance(exc, InputError | ValueError):
        return 400
    return 503  # a store being rebuilt, a store error: try again


class Guard:
    """ASGI middleware: body limit, security headers, one log line per request."""

    def __init__(self, app: ASGIApp, *, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = {"code": 500}
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            await self._too_large(scope, receive, send, int(length), status)
        else:
            seen = {"n": 0}

            async def counted() -> Message:
                msg = await receive()
                if msg["type"] == "http.request":
                    seen["n"] += len(msg.get("body", b""))
                    if seen["n"] > self.max_body:
                        raise TooLarge(self._limit_text(seen["n"]))
                return msg

            async def headed(msg: Message) -> None:
                if msg["type"] == "http.response.start":
                    status["code"] = msg["status"]
                    msg["headers"] = [*msg.get("headers", []), *HEADERS]
                await send(msg)

            await self.app(scope, counted, headed)
        ms = (time.perf_counter() - started) * 1000
        query = scope.get("query_string", b"").decode("latin-1")
        path = scope["path"] + (f"?{query}" if query else "")
        log.info("%s %s %d %.1fms", scope["method"], path[:300], status["code"], ms)

    def _limit_text(self, n: int) -> str:
        return (
            f"the request is {n / 1e6:.1f} MB; the limit is {self.max_body / 1e6:.0f} MB "
            "(read a longer text with `multipolar read FILE`)"
        )

    async def _too_large(
        self, scope: Scope, receive: Receive, send: Send, n: int, status: dict[str, int]
    ) -> None:
        status["code"] = 413
        resp = JSONResponse({"error": self._limit_text(n), "status": 413}, status_code=413)
        resp.headers["connection"] = "close"
        await resp(scope, receive, _with_headers(send))


def _with_headers(send: Send) -> Send:
    async def wrapped(msg: Message) -> None:
        if msg["type"] == "http.response.start":
            msg["headers"] = [*msg.get("headers", []), *HEADERS]
        await send(msg)

    return wrapped


async def run(request: Request, fn: Callable[[], Any]) -> Any:
    """Answer ``fn()`` in a worker thread within the app's time limit."""
    limit = request.app.state.time_limit
    try:
        with anyio.fail_after(limit):
            return await anyio.to_thread.run_sync(fn, abandon_on_cancel=True)
    except TimeoutError:
        raise TooSlow(
            f"the answer took longer than {limit:g} s; it is still being computed, try again "
            "in a minute"
        ) from None


def static_dir() -> Path:
    return Path(str(resources.files("multipolar.web").joinpath("static")))


def plotly_js() -> Path:
    """plotly.min.js as shipped inside the installed ``plotly`` Python package (no CDN)."""
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def create_app(
    store: str | Path | None = None,
    *,
    time_limit: float = TIME_LIMIT,
    max_body: int = MAX_BODY,
    lru_size: int = 256,
) -> ASGIApp:
    """The web app over the store at ``store`` (default: ``MULTIPOLAR_HOME``'s)."""
    from multipolar.web import api, pages

    async def plotly_file(request: Request) -> Response:
        from starlette.responses import FileResponse

        return FileResponse(
            plotly_js(),
            media_type="text/javascript",
            headers={"cache-control": "public, max-age=86400"},
        )

    routes = [
        *pages.routes(),
        Route("/static/plotly.min.js", plotly_file),
        Mount("/static", StaticFiles(directory=static_dir()), name="static"),
        Mount("/api", routes=api.routes()),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={
            MultipolarError: pages.error_page,
            404: pages.not_found,
        },
    )
    app.state.library = Library(store, lru_size=lru_size)
    app.state.time_limit = time_limit
    app.state.max_body = max_body
    return Guard(app, max_body=max_body)


def from_environment() -> ASGIApp:
    """The app as ``multipolar serve`` starts it in each worker (options from the environment)."""
    import os

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    log.setLevel(logging.INFO)
    return create_app(time_limit=float(os.environ.get("MULTIPOLAR_SERVE_TIME_LIMIT", TIME_LIMIT)))
