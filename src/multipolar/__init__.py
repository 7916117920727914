"""multipolar: why do states align? Evidence from public IR data, with validated measures.

>>> import multipolar as mp
>>> mp.resolve("PRC").ccode
710

``mp.why("China", "Russia")`` returns the evidence object of ``multipolar why``;
``mp.connect()`` opens the local store (DuckDB through Ibis).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from multipolar.errors import MultipolarError

if TYPE_CHECKING:
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
__all__ = ["MultipolarError", "State", "__version__", "connect", "resolve", "why"]


def why(a: str | int, b: str | int, **options: Any) -> Evidence:
    """The evidence on why ``a`` and ``b`` align (see :func:`multipolar.explain.why.why`)."""
    from multipolar.explain.why import why as _why

    return _why(a, b, **options)
