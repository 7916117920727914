"""Making results JSON-serialisable (shared by explain, report and cli)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["jsonable", "to_records"]


def to_records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """JSON-ready records: numpy scalars to Python, NaN to None, dates to ISO strings."""
    out = []
    for row in df.to_dict("records"):
        out.append({str(k): jsonable(v) for k, v in row.items()})
    return out


def jsonable(v: Any) -> Any:
    """A value made JSON-serialisable (NaN -> None, numpy -> Python, dates -> ISO)."""
    if v is None:
        return None
    if isinstance(v, float):
        return None if math.isnan(v) else v
    if hasattr(v, "item") and not isinstance(v, (list, dict, str)):
        try:
            return jsonable(v.item())
        except (ValueError, AttributeError):
            pass
    if isinstance(v, Mapping):
        return {str(k): jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [jsonable(x) for x in v]
    if hasattr(v, "isoformat"):
        return v.isoformat()
    if type(v).__name__ in ("NAType", "NaTType"):  # pandas' NA and NaT (pandas not imported)
        return None
    return v
