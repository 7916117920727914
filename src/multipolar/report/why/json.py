"""The ``why`` evidence as JSON: the documented schema (docs/why.md), written as it is."""

from __future__ import annotations

import json as _json
from typing import Any


def render(ev: dict[str, Any]) -> str:
    """The evidence dict (:meth:`Evidence.to_dict`) as indented JSON; missing values are
    ``null``, never 0."""
    return _json.dumps(ev, indent=1, ensure_ascii=False)
