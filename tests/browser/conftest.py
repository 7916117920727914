"""Open local HTML files in a real headless Chromium (Debian's ``/usr/bin/chromium``).

The ``open_html`` fixture loads a file, blocks every request that is not ``file://``
(counting them), collects console errors and uncaught page errors, and hands back a
:class:`PageReport` whose ``page`` stays open until the test ends.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest


@dataclass
class PageReport:
    """What happened while a local HTML file loaded."""

    page: Any  # playwright.sync_api.Page
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    blocked_requests: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        """Console errors and uncaught exceptions together."""
        return self.console_errors + self.page_errors


@pytest.fixture
def open_html(chromium_browser: Any) -> Iterator[Callable[..., PageReport]]:
    """``open_html(path, wait_selector=None, timeout_ms=30000) -> PageReport``."""
    contexts: list[Any] = []

    def _open(
        path: str | os.PathLike[str],
        *,
        wait_selector: str | None = None,
        timeout_ms: int = 30_000,
    ) -> PageReport:
        url = Path(path).resolve().as_uri()
        context = chromium_browser.new_context(offline=False)
        contexts.append(context)
        page = context.new_page()
        report = PageReport(page=page)

        def _route(route: Any) -> None:
            req_url = route.request.url
            if req_url.startswith("file://"):
                route.continue_()
            else:
                report.blocked_requests.append(req_url)
                route.abort()

        context.route("**/*", _route)
        page.on(
            "console",
            lambda msg: report.console_errors.append(msg.text) if msg.type == "error" else None,
        )
        page.on("pageerror", lambda exc: report.page_errors.append(str(exc)))
        page.goto(url, wait_until="load", timeout=timeout_ms)
        if wait_selector:
            page.wait_for_selector(wait_selector, timeout=timeout_ms)
        page.wait_for_load_state("networkidle", timeout=timeout_ms)
        return report

    yield _open
    for context in contexts:
        context.close()
