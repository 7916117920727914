"""multipolar: why do states align? Evidence from public IR data, with validated measures.

>>> import multipolar as mp
>>> mp.resolve("PRC").ccode
710
"""

from __future__ import annotations

from multipolar.errors import MultipolarError
from multipolar.states import State, resolve
from multipolar.store import connect

__version__ = "0.1.0"
__all__ = ["MultipolarError", "State", "__version__", "connect", "resolve"]
