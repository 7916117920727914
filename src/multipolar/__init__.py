"""multipolar: why do states align? Evidence from public IR data, with validated measures.

>>> import multipolar as mp
>>> mp.resolve("PRC").ccode
710

``mp.why("China", "Russia")`` returns the evidence object of ``multipolar why``;
``mp.forecast("China", "Russia")`` the pair's alignment forecast (``multipolar forecast``);
``mp.landscape(2019)`` the two camps landscape theory predicts (``multipolar landscape``);
``mp.read(text)`` the actors, events, quotes and checked claims of a text (``multipolar read``);
``mp.dyads(1946, 2022).add("atop").add("nmc").to_pandas()`` a dyad-year panel with covariates
(``multipolar dyads``; ``mp.state_years`` for state-years);
``mp.connect()`` opens the local store (DuckDB through Ibis).
"""

from __future__ import annotations

import numbers
import os
from typing import TYPE_CHECKING, Any

from multipolar.errors import InputError, MultipolarError

if TYPE_CHECKING:
    from multipolar.explain.dyads import Panel
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
    "dyads",
    "forecast",
    "landscape",
    "read",
    "resolve",
    "state_years",
    "why",
]


def _state_arg(value: Any, what: str) -> str | int:
    """A state given to a public function: a name (str) or a COW code (int), else InputError."""
    if isinstance(value, bool) or not isinstance(value, str | numbers.Integral):
        raise InputError(
            f"{what} must be a state's name (str) or COW code (int), not "
            f"{type(value).__name__} {value!r}"
        )
    return value if isinstance(value, str) else int(value)


def _year_arg(value: Any, what: str, *, optional: bool = True) -> int | None:
    """A year given to a public function: an int (``None`` where optional), else InputError.

    A year given as text (``'2019'``) is refused with the fix rather than converted: the
    Python API takes numbers, as the docstrings say."""
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        hint = (
            f"; give it as a number: {value.strip()}"
            if isinstance(value, str) and value.strip().isdigit()
            else ""
        )
        raise InputError(f"{what} must be a year (int), not {type(value).__name__} {value!r}{hint}")
    return int(value)


def _check_options(options: dict[str, Any]) -> None:
    for key in ("vs",):
        if options.get(key) is not None:
            _state_arg(options[key], key)
    for key in ("start", "end", "year"):
        if key in options:
            _year_arg(options[key], key)
    if "horizon" in options:
        h = options["horizon"]
        if isinstance(h, bool) or not isinstance(h, numbers.Integral):
            raise InputError(f"horizon must be a whole number of years (int), not {h!r}")
    if "states" in options and options["states"] is not None:
        if isinstance(options["states"], str | numbers.Integral):
            raise InputError("states must be a list of names or codes, e.g. ['China', 'Russia']")
        for x in options["states"]:
            _state_arg(x, "each of states")


def why(a: str | int, b: str | int, **options: Any) -> Evidence:
    """The evidence on why ``a`` and ``b`` align (see :func:`multipolar.explain.why.why`).

    In Jupyter the result displays itself (title, bottom line, findings, evidence matrix).
    """
    _state_arg(a, "a")
    _state_arg(b, "b")
    _check_options(options)
    import multipolar.report.why.html  # noqa: F401  (gives Evidence its HTML display)
    from multipolar.explain.why import why as _why

    return _why(a, b, **options)


def forecast(a: str | int, b: str | int, **options: Any) -> PairForecast:
    """The alignment forecast of ``a`` and ``b`` (see
    :func:`multipolar.explain.forecast.forecast_pair`; ``store=`` to pass an open store)."""
    _state_arg(a, "a")
    _state_arg(b, "b")
    _check_options(options)
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
    _year_arg(year, "year", optional=False)
    _check_options(options)
    from multipolar.explain.landscape import landscape_for_year

    store = options.pop("store", None)
    if store is not None:
        return landscape_for_year(store, year, **options)
    from multipolar.store import connect  # the module's own name is lazy (see _LAZY)

    with connect() as st:
        return landscape_for_year(st, year, **options)


def read(text: str | bytes | os.PathLike[str] | None = None, **options: Any) -> Reading:
    """Read a text or a file (see :func:`multipolar.explain.read.read`).

    A ``str`` is the text itself, never a file name; give a file as a :class:`pathlib.Path`
    or ``path="op-ed.txt"``."""
    if text is not None and not isinstance(text, str | bytes | os.PathLike):
        raise InputError(
            f"read() takes the text (str or bytes) or a path (pathlib.Path, or path=), "
            f"not {type(text).__name__}"
        )
    from multipolar.explain.read import read as _read

    return _read(text, **options)


def dyads(first: int | None = None, last: int | None = None, **options: Any) -> Panel:
    """Dyad-years of the COW (or G-W) system, to add covariates to by name (see
    :func:`multipolar.explain.dyads.dyads`; ``store=`` to pass an open store, else the default
    store is opened and kept by the panel)."""
    from multipolar.explain.dyads import dyads as _dyads

    store = options.pop("store", None)
    if store is None:
        from multipolar.store import connect  # the module's own name is lazy (see _LAZY)

        store = connect()
    return _dyads(store, first, last, **options)


def state_years(first: int | None = None, last: int | None = None, **options: Any) -> Panel:
    """State-years of the COW (or G-W) system (see :func:`multipolar.explain.dyads.state_years`;
    ``store=`` to pass an open store)."""
    from multipolar.explain.dyads import state_years as _state_years

    store = options.pop("store", None)
    if store is None:
        from multipolar.store import connect  # the module's own name is lazy (see _LAZY)

        store = connect()
    return _state_years(store, first, last, **options)
