"""multipolar: why do states align? Evidence from public IR data, with validated measures.

>>> import multipolar as mp
>>> mp.resolve("PRC").ccode
710

``mp.why("China", "Russia")`` returns the evidence object of ``multipolar why``;
``mp.read(text)`` the actors, events, quotes and checked claims of a text (``multipolar read``);
``mp.connect()`` opens the local store (DuckDB through Ibis).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from multipolar.errors import MultipolarError
from multipolar.states import State, resolve
from multipolar.store import connect

if TYPE_CHECKING:
    from multipolar.explain.read import Reading
    from multipolar.explain.why import Evidence

__version__ = "0.1.0"
__all__ = ["MultipolarError", "State", "__version__", "connect", "read", "resolve", "why"]


def why(a: str | int, b: str | int, **options: Any) -> Evidence:
    """The evidence on why ``a`` and ``b`` align (see :func:`multipolar.explain.why.why`)."""
    from multipolar.explain.why import why as _why

    return _why(a, b, **options)


def read(text: str | bytes, **options: Any) -> Reading:
    """Read a text or a file (see :func:`multipolar.explain.read.read`)."""
    from multipolar.explain.read import read as _read

    return _read(text, **options)
