"""multipolar: why do states align? Evidence from public IR data, with validated measures.

>>> import multipolar as mp
>>> mp.resolve("PRC").ccode
710

``mp.why("China", "Russia")`` returns the evidence object of ``multipolar why``;
``mp.forecast("China", "Russia")`` the pair's alignment forecast (``multipolar forecast``);
``mp.landscape(2019)`` the two camps landscape theory predicts (``multipolar landscape``);
``mp.read(text)`` the actors, events, quotes and checked claims of a text (``multipolar read``);
``mp.connect()`` opens the local store (DuckDB through Ibis).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from multipolar.errors import MultipolarError

if TYPE_CHECKING:
    from multipolar.explain.forecast import PairForecast
    from multipolar.explain.landscape import LandscapeAnswer
    from multipolar.explain.read import Reading
    from multipolar.explain.why import Evidence
    from multipolar.states import State, resolve
    from multipolar.store import connect

# ``connect``, ``resolve`` and ``State`` are imported on first use (PEP 562): ``import
# multipolar`` stays cheap, so the command line can install its Ctrl-C handling before the
# heavy libraries (DuckDB, Ibis, pandas) load.
_LAZY = {
    "connect": "multipolar.store",
    "resolve": "multipolar.states",
    "State": "multipolar.states",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'multipolar' has no attribute {name!r}")


__version__ = "0.1.0"
__all__ = [
    "MultipolarError",
    "State",
    "__version__",
    "connect",
    "forecast",
    "landscape",
    "read",
    "resolve",
    "why",
]


def why(a: str | int, b: str | int, **options: Any) -> Evidence:
    """The evidence on why ``a`` and ``b`` align (see :func:`multipolar.explain.why.why`).

    In Jupyter the result displays itself (title, bottom line, findings, evidence matrix).
    """
    import multipolar.report.why.html  # noqa: F401  (gives Evidence its HTML display)
    from multipolar.explain.why import why as _why

    return _why(a, b, **options)


def forecast(a: str | int, b: str | int, **options: Any) -> PairForecast:
    """The alignment forecast of ``a`` and ``b`` (see
    :func:`multipolar.explain.forecast.forecast_pair`; ``store=`` to pass an open store)."""
    from multipolar.explain.forecast import forecast_pair

    store = options.pop("store", None)
    if store is not None:
        return forecast_pair(store, a, b, **options)
    from multipolar.store import connect  # the module's own name is lazy (see _LAZY)

    with connect() as st:
        return forecast_pair(st, a, b, **options)


def landscape(year: int, **options: Any) -> LandscapeAnswer:
    """The landscape of ``year`` (see :func:`multipolar.explain.landscape.landscape_for_year`;
    ``store=`` to pass an open store)."""
    from multipolar.explain.landscape import landscape_for_year

    store = options.pop("store", None)
    if store is not None:
        return landscape_for_year(store, year, **options)
    from multipolar.store import connect  # the module's own name is lazy (see _LAZY)

    with connect() as st:
        return landscape_for_year(st, year, **options)


def read(text: str | bytes, **options: Any) -> Reading:
    """Read a text or a file (see :func:`multipolar.explain.read.read`)."""
    from multipolar.explain.read import read as _read

    return _read(text, **options)
