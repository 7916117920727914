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
from multipolar.states import State, resolve
from multipolar.store import connect

if TYPE_CHECKING:
    from multipolar.explain.why import Evidence

__version__ = "0.1.0"
__all__ = ["MultipolarError", "State", "__version__", "connect", "resolve", "why"]


def why(a: str | int, b: str | int, **options: Any) -> Evidence:
    """The evidence on why ``a`` and ``b`` align (see :func:`multipolar.explain.why.why`).

    In Jupyter the result displays itself (title, bottom line, findings, evidence matrix).
    """
    import multipolar.report.why_html  # noqa: F401  (gives Evidence its HTML display)
    from multipolar.explain.why import why as _why

    return _why(a, b, **options)
