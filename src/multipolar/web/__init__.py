"""``multipolar serve``: the web app and JSON API over the library (Starlette, Jinja, uvicorn).

The layer sits beside ``report`` and ``cli``: it calls public ``explain`` functions and renders
their answers; it computes nothing itself. :func:`create_app` builds the ASGI app; see
docs/web.md for the pages, the API and running it behind a reverse proxy.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def create_app(*args: Any, **kwargs: Any) -> Any:
    """The ASGI app (see :func:`multipolar.web.app.create_app`)."""
    from multipolar.web.app import create_app as make

    return make(*args, **kwargs)
