"""The JSON API under ``/api/``: one endpoint per question the pages ask.

Field names are the library's (``ccode``, ``year``, ``n_votes``, ``agree``, ``kappa`` …; the
``why`` evidence is :meth:`multipolar.explain.why.Evidence.to_dict` as is). Lists page with
``page`` (from 1) and ``per_page`` (at most :data:`MAX_PER_PAGE`); a table endpoint also
answers ``format=csv``. Errors are ``{"error": "<the CLI's line>", "status": N}``: 404 for
a state no name resolves to, 400 for a bad year or argument, 413 for a body over the limit,
503 for a store being rebuilt or a question over the time limit. The description is
``/api/openapi.json`` (``openapi.json`` beside this module).
"""

from __future__ import annotations

import csv
import io
import json
from importlib import resources
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from multipolar.errors import InputError
from multipolar.web.app import TooLarge, error_line, run, status_of
from multipolar.web.queries import Library, year_arg

PER_PAGE = 50
MAX_PER_PAGE = 500


def lib(request: Request) -> Library:
    return request.app.state.library  # type: ignore[no-any-return]


def error_response(exc: BaseException) -> JSONResponse:
    status = status_of(exc)
    return JSONResponse({"error": error_line(exc), "status": status}, status_code=status)


def paged(request: Request, rows: list[dict[str, Any]], extra: dict[str, Any]) -> Response:
    """``rows`` as one page (JSON) or all of them (``format=csv``)."""
    if request.query_params.get("format") == "csv":
        return csv_response(rows, request.url.path.strip("/").replace("/", "-") + ".csv")
    page = _int(request, "page", 1, 1, 10**6)
    per = _int(request, "per_page", PER_PAGE, 1, MAX_PER_PAGE)
    chunk = rows[(page - 1) * per : page * per]
    more = page * per < len(rows)
    nxt = None
    if more:
        nxt = str(request.url.include_query_params(page=page + 1, per_page=per))
    return JSONResponse(
        {**extra, "total": len(rows), "page": page, "per_page": per, "next": nxt, "rows": chunk}
    )


def _int(request: Request, name: str, default: int, lo: int, hi: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise InputError(f"{name} must be a whole number, not {raw[:40]!r}") from None
    if not lo <= value <= hi:
        raise InputError(f"{name} must be between {lo} and {hi}; got {value}")
    return value


def csv_response(rows: list[dict[str, Any]], filename: str) -> Response:
    buf = io.StringIO()
    cols: list[str] = []
    for r in rows:
        cols += [c for c in r if c not in cols]
    w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore")
    w.writeheader()
    for r in rows:
        w.writerow({k: _cell(v) for k, v in r.items()})
    return Response(
        buf.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{_safe(filename)}"'},
    )


def _cell(v: Any) -> Any:
    return json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)[:120]


def period(request: Request) -> tuple[int | None, int | None]:
    q = request.query_params
    year = year_arg(q.get("year"), "year")
    if year is not None:
        return year, year
    start, end = year_arg(q.get("from"), "from"), year_arg(q.get("to"), "to")
    if start is not None and end is not None and start > end:
        raise InputError(f"--from {start} is after --to {end}")
    return start, end


def endpoint(fn: Any) -> Any:
    """Wrap ``fn(request) -> Response`` so a library error becomes the JSON error."""

    async def wrapped(request: Request) -> Response:
        try:
            return await fn(request)  # type: ignore[no-any-return]
        except Exception as exc:
            from multipolar.errors import MultipolarError

            if isinstance(exc, MultipolarError | ValueError | LookupError):
                return error_response(exc)
            raise

    wrapped.__name__ = fn.__name__
    wrapped.__doc__ = fn.__doc__
    return wrapped


# --- endpoints -----------------------------------------------------------------------------
@endpoint
async def states(request: Request) -> Response:
    q = request.query_params.get("q", "")[:60]
    limit = _int(request, "limit", 10, 1, 50)
    return JSONResponse({"q": q, "rows": Library.search(q, limit)})


@endpoint
async def pair(request: Request) -> Response:
    a, b = request.path_params["a"], request.path_params["b"]
    start, end = period(request)
    vs = request.query_params.get("vs") or None
    data = await run(request, lambda: lib(request).why(a, b, vs=vs, start=start, end=end))
    return JSONResponse(data)


@endpoint
async def agreement(request: Request) -> Response:
    a, b = request.path_params["a"], request.path_params["b"]
    start, end = period(request)
    rows = await run(request, lambda: lib(request).agreement(a, b, start=start, end=end))
    return paged(request, rows, {"source": "UN General Assembly votes"})


@endpoint
async def rollcalls(request: Request) -> Response:
    a, b = request.path_params["a"], request.path_params["b"]
    start, end = period(request)
    divergent = request.query_params.get("divergent") in ("1", "true", "yes")
    data = await run(
        request, lambda: lib(request).rollcalls(a, b, start=start, end=end, divergent=divergent)
    )
    extra = {k: v for k, v in data.items() if k != "rows"}
    return paged(request, data["rows"], {**extra, "from": start, "to": end})


@endpoint
async def positions(request: Request) -> Response:
    a, b = request.path_params["a"], request.path_params["b"]
    start, end = period(request)
    return JSONResponse(
        await run(request, lambda: lib(request).positions(a, b, start=start, end=end))
    )


@endpoint
async def issues(request: Request) -> Response:
    a, b = request.path_params["a"], request.path_params["b"]
    start, end = period(request)
    rows = await run(request, lambda: lib(request).issues(a, b, start=start, end=end))
    return paged(request, rows, {"from": start, "to": end})


@endpoint
async def forecast(request: Request) -> Response:
    a, b = request.path_params["a"], request.path_params["b"]
    horizon = _int(request, "horizon", 5, 1, 20)
    return JSONResponse(await run(request, lambda: lib(request).forecast(a, b, horizon=horizon)))


@endpoint
async def partners(request: Request) -> Response:
    name = request.path_params["state"]
    year = year_arg(request.query_params.get("year"), "year")
    if year is None:
        year = (await run(request, lib(request).vote_years))[1]
    data = await run(request, lambda: lib(request).partners(name, year))
    extra = {k: v for k, v in data.items() if k != "rows"}
    return paged(request, data["rows"], {**extra, "year": year})


@endpoint
async def idealpoints(request: Request) -> Response:
    name = request.path_params["state"]
    code = str(Library.resolve(name)["ccode"]) if not name.isdigit() else name
    rows = await run(request, lambda: lib(request).ideal_points([code]))
    return paged(request, rows, {})


@endpoint
async def blocs(request: Request) -> Response:
    year = year_arg(request.query_params.get("year"), "year")
    if year is None:
        year = (await run(request, lib(request).vote_years))[1]
    data = await run(request, lambda: lib(request).blocs(year))
    if request.query_params.get("format") == "csv":
        return csv_response(data["membership"], f"blocs-{year}.csv")
    return JSONResponse(data)


@endpoint
async def polarity(request: Request) -> Response:
    return paged(request, await run(request, lib(request).polarity), {})


@endpoint
async def vetoes(request: Request) -> Response:
    data = await run(request, lib(request).vetoes)
    return paged(request, data["rows"], {"note": data["note"]})


@endpoint
async def read(request: Request) -> Response:
    """POST a text: the body as text/plain, or a form field ``text`` or file ``file``."""
    text, date = await read_body(request)
    return JSONResponse(await run(request, lambda: lib(request).read(text, date=date)))


async def read_body(request: Request) -> tuple[str, str | None]:
    """The text of a read request (plain body, form field or uploaded file) and its date."""
    ctype = request.headers.get("content-type", "")
    date = request.query_params.get("date") or None
    if ctype.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        limit = request.app.state.max_body
        form = await request.form(max_files=1, max_fields=10, max_part_size=limit)
        date = str(form.get("date") or "") or date
        upload = form.get("file")
        text = str(form.get("text") or "")
        if upload is not None and not isinstance(upload, str) and upload.filename:
            raw = await upload.read(limit + 1)
            if len(raw) > limit:
                raise TooLarge(f"the file is over the limit of {limit / 1e6:.0f} MB")
            text = _decode(raw)
    else:
        text = _decode(await request.body())
    if not text.strip():
        raise InputError("the text is empty; paste a text or choose a file")
    return text, date


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("the file is not UTF-8 text; save it as plain text (UTF-8)") from None


@endpoint
async def sources(request: Request) -> Response:
    data = await run(request, lib(request).sources)
    if request.query_params.get("format") == "csv":
        return csv_response(data["tables"], "store-tables.csv")
    return JSONResponse(data)


async def bibtex(request: Request) -> Response:
    from multipolar import sources as registry

    seen: list[str] = []
    for name in registry.names():
        bib = registry.get(name).bibtex
        if bib not in seen:
            seen.append(bib)
    return Response(
        "\n\n".join(seen) + "\n",
        media_type="application/x-bibtex; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="multipolar.bib"'},
    )


async def openapi(request: Request) -> Response:
    text = resources.files("multipolar.web").joinpath("openapi.json").read_text("utf-8")
    return Response(text, media_type="application/json")


async def not_found(request: Request) -> Response:
    msg = f"error: no API endpoint {request.url.path}; see /api/openapi.json"
    return JSONResponse({"error": msg, "status": 404}, status_code=404)


def routes() -> list[Route]:
    return [
        Route("/states", states),
        Route("/pair/{a}/{b}", pair),
        Route("/pair/{a}/{b}/agreement", agreement),
        Route("/pair/{a}/{b}/rollcalls", rollcalls),
        Route("/pair/{a}/{b}/positions", positions),
        Route("/pair/{a}/{b}/issues", issues),
        Route("/pair/{a}/{b}/forecast", forecast),
        Route("/state/{state}/partners", partners),
        Route("/state/{state}/idealpoints", idealpoints),
        Route("/world/blocs", blocs),
        Route("/world/polarity", polarity),
        Route("/world/vetoes", vetoes),
        Route("/read", read, methods=["POST"]),
        Route("/data/sources", sources),
        Route("/data/bibtex", bibtex),
        Route("/openapi.json", openapi),
        Route("/{rest:path}", not_found),
    ]
