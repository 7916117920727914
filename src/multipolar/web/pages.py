"""Server-rendered pages (Jinja, autoescaped): Pair, State, World, Read, Data.

Each page reads the same :class:`~multipolar.web.queries.Library` answers as the API and
renders them; charts and the year sliders are progressive (``static/app.js`` reads the
page's JSON data blocks and the API). Every page has a permalink that restores it and a
"cite this" box.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from multipolar.web import maps
from multipolar.web.api import read_body
from multipolar.web.app import error_line, run, status_of
from multipolar.web.queries import Library, finite, year_arg

ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("multipolar.web", "templates"),
    autoescape=True,  # every value is escaped unless a template says otherwise
    trim_blocks=True,
    lstrip_blocks=True,
)
ENV.filters["finite"] = finite
ENV.filters["num"] = lambda x, d=2: "–" if finite(x) is None else f"{x:.{d}f}"
ENV.filters["pct"] = lambda x: "–" if finite(x) is None else f"{100 * x:.0f}%"
ENV.filters["q"] = lambda s: quote(str(s), safe="")
VOTE_SOURCES = ["unvotes_votes", "unxml_votes", "import_votes"]


@cache
def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as v

    try:
        return v("multipolar")
    except PackageNotFoundError:
        return "development"


def lib(request: Request) -> Library:
    return request.app.state.library  # type: ignore[no-any-return]


def render(request: Request, template: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    ctx.setdefault("title", "multipolar")
    ctx.setdefault("cite", None)
    ctx.setdefault("sources", [])
    permalink = str(request.url)
    html = ENV.get_template(template).render(
        request=request,
        permalink=permalink,
        version=version(),
        today=dt.date.today().isoformat(),
        **ctx,
    )
    return HTMLResponse(html, status_code=status)


def data_json(obj: Any) -> str:
    """JSON for a ``<script type="application/json">`` block (``</`` cannot close it)."""
    text = json.dumps(obj, ensure_ascii=False, allow_nan=False, default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


ENV.filters["data_json"] = data_json


async def error_page(request: Request, exc: Exception) -> Response:
    status = status_of(exc)
    if request.url.path.startswith("/api/"):
        from starlette.responses import JSONResponse

        return JSONResponse({"error": error_line(exc), "status": status}, status_code=status)
    return render(request, "error.html", status, title="multipolar: error", message=error_line(exc))


async def not_found(request: Request, exc: Exception) -> Response:
    msg = f"error: no page {request.url.path}; start from the search on the home page"
    return render(request, "error.html", 404, title="multipolar: not found", message=msg)


def kept_page(handler: Any) -> Any:
    """Keep a page's HTML under its full URL and the store's identity (a page is a pure
    function of both), so a page asked again is sent without rendering it again."""

    async def wrapped(request: Request) -> Response:
        L = lib(request)
        key = ("page", str(request.url), L.identity(), dt.date.today())
        body = L.answers.peek(key)
        if body is not None:
            return HTMLResponse(body)
        resp = await handler(request)
        if resp.status_code == 200 and isinstance(resp, HTMLResponse):
            L.answers.put(key, bytes(resp.body))
        return resp  # type: ignore[no-any-return]

    wrapped.__name__ = handler.__name__
    wrapped.__doc__ = handler.__doc__
    return wrapped


async def home(request: Request) -> Response:
    return render(request, "home.html", title="multipolar: why do states align?")


async def pair_form(request: Request) -> Response:
    """``/pair?a=China&b=Russia`` (the search form) -> the pair's permalink."""
    q = request.query_params
    a, b = (q.get("a") or "").strip(), (q.get("b") or "").strip()
    if not a or not b:
        return await home(request)
    rest = {k: q[k] for k in ("from", "to", "vs") if q.get(k)}
    url = f"/pair/{quote(a, safe='')}/{quote(b, safe='')}"
    return RedirectResponse(url + (f"?{urlencode(rest)}" if rest else ""), status_code=303)


async def state_form(request: Request) -> Response:
    s = (request.query_params.get("s") or "").strip()
    if not s:
        return await home(request)
    rest = {"year": request.query_params["year"]} if request.query_params.get("year") else {}
    url = f"/state/{quote(s, safe='')}" + (f"?{urlencode(rest)}" if rest else "")
    return RedirectResponse(url, status_code=303)


@kept_page
async def pair_page(request: Request) -> Response:
    a, b = request.path_params["a"], request.path_params["b"]
    q = request.query_params
    start, end = year_arg(q.get("from"), "from"), year_arg(q.get("to"), "to")
    year = year_arg(q.get("year"), "year")
    vs = q.get("vs") or None
    L = lib(request)
    ev = await run(request, lambda: L.why(a, b, vs=vs, start=start, end=end))
    first, last = ev["period"]["from"], ev["period"]["to"]
    series = await run(request, lambda: L.agreement(a, b, start=first, end=last))
    ry = year if year is not None else last
    rolls = await run(request, lambda: L.rollcalls(a, b, start=ry, end=ry))
    pos = await run(request, lambda: L.positions(a, b, start=first, end=last))
    div = await run(request, lambda: L.rollcalls(a, b, start=first, end=last, divergent=True))
    by_issue = await run(request, lambda: L.issues(a, b, start=first, end=last))
    names = {k: v["name"] for k, v in ev["states"].items()}
    api = f"/api/pair/{quote(a, safe='')}/{quote(b, safe='')}"
    return render(
        request,
        "pair.html",
        title=f"{ev.get('title') or names['a'] + ' and ' + names['b']} · multipolar",
        ev=ev,
        names=names,
        a=a,
        b=b,
        vs=vs or "",
        start=start,
        end=end,
        series=series,
        rollyear=ry,
        rolls=rolls,
        pos=pos,
        divergent=div["rows"][:25],
        n_divergent=len(div["rows"]),
        by_issue=by_issue,
        api=api,
        qs=urlencode({k: v for k, v in (("from", first), ("to", last)) if v is not None}),
        sources=ev.get("sources") or [],
    )


@kept_page
async def state_page(request: Request) -> Response:
    name = request.path_params["state"]
    L = lib(request)
    lo, hi = await run(request, L.vote_years)
    year = year_arg(request.query_params.get("year"), "year") or hi
    st = Library.resolve(name, year) if year else Library.resolve(name)
    part = await run(request, lambda: L.partners(name, year))
    rows = part["rows"]
    ranked = [r for r in rows if r.get("rank") is not None]
    ideal: list[dict[str, Any]] = []
    ideal_note = None
    try:
        ideal = await run(request, lambda: L.ideal_points([str(st["ccode"])]))
    except Exception as exc:  # no ideal points fitted in a read-only store: say so, go on
        ideal_note = error_line(exc)
    srcs = await run(request, L.sources)
    return render(
        request,
        "state.html",
        title=f"{st['name']} in {year} · multipolar",
        st=st,
        name=name,
        year=year,
        lo=lo,
        hi=hi,
        closest=ranked[:10],
        distant=list(reversed(ranked[-10:])),
        n_partners=len(rows),
        n_unranked=part.get("n_unranked", 0),
        min_votes=part.get("min_votes"),
        ideal=ideal,
        ideal_note=ideal_note,
        map_svg=maps.svg(
            {**maps.kappa_fills(rows), **({st["iso3"]: maps.SELF} if st["iso3"] else {})},
            {**maps.kappa_titles(rows, year), **({st["iso3"]: st["name"]} if st["iso3"] else {})},
        ),
        ramp=maps.RAMP,
        map_data=rows,
        api=f"/api/state/{quote(name, safe='')}",
        sources=_vote_sources(srcs),
    )


def _vote_sources(
    srcs: dict[str, Any], tables: tuple[str, ...] = ("cow_states",)
) -> list[dict[str, Any]]:
    """The sources of the UN votes (and of ``tables``) among the store's sources."""
    keep = {t["source"] for t in srcs["tables"] if t["table"] in (*VOTE_SOURCES, *tables)}
    return [s for s in srcs["sources"] if s["name"] in keep] or srcs["sources"][:3]


@kept_page
async def world_page(request: Request) -> Response:
    L = lib(request)
    lo, hi = await run(request, L.vote_years)
    year = year_arg(request.query_params.get("year"), "year") or hi
    blocs = await run(request, lambda: L.blocs(year))
    vet = await run(request, L.vetoes)
    srcs = await run(request, L.sources)
    return render(
        request,
        "world.html",
        title=f"UN voting blocs in {year} · multipolar",
        year=year,
        lo=lo,
        hi=hi,
        blocs=blocs,
        map_svg=maps.svg(maps.bloc_fills(blocs), maps.bloc_titles(blocs)),
        vetoes=vet,
        sources=_vote_sources(srcs, ("cow_states", "cow_nmc", "cow_majors", "unsc_vetoes")),
    )


async def read_page(request: Request) -> Response:
    if request.method == "GET":
        return render(request, "read.html", title="Read a text · multipolar", reading=None)
    text, date = await read_body(request)
    reading = await run(request, lambda: lib(request).read(text, date=date))
    return render(
        request,
        "read.html",
        title="Reading · multipolar",
        reading=reading,
        text=text,
        date=date or "",
        sources=reading.get("sources") or [],
    )


async def data_page(request: Request) -> Response:
    srcs = await run(request, lib(request).sources)
    L = lib(request)
    return render(
        request,
        "data.html",
        title="Data · multipolar",
        tables=srcs["tables"],
        sources=srcs["sources"],
        store=srcs["store"],
        cache={"hits": L.answers.hits, "misses": L.answers.misses, "size": L.answers.size},
    )


async def about_api(request: Request) -> Response:
    return RedirectResponse("/api/openapi.json")


def routes() -> list[Route]:
    return [
        Route("/", home),
        Route("/pair", pair_form),
        Route("/pair/{a}/{b}", pair_page),
        Route("/state", state_form),
        Route("/state/{state}", state_page),
        Route("/world", world_page),
        Route("/read", read_page, methods=["GET", "POST"]),
        Route("/data", data_page),
        Route("/api", about_api),
    ]
