"""Open an HTML file in headless Chromium, hover every chart point, print what was found.

Run as a child process by test_hostile_labels.py (a second Playwright in the test process
would clash with the one tests/browser keeps open): ``python _chromium_probe.py FILE``
prints one JSON object: the probe of the page, console and page errors, blocked requests
(everything that is not ``file://``) and the hover layers.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("MULTIPOLAR_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip

PROBE = """() => ({
  links: document.querySelectorAll('a[href*="evil"], a[*|href*="evil"]').length,
  imgs: document.querySelectorAll('img').length,
  injected: document.querySelectorAll('[onerror], [onload], svg svg').length,
  bold: document.querySelectorAll('.main-svg b, .main-svg [style*="90px"]').length,
  pwned: window.__pwned === undefined ? null : window.__pwned,
  text: Array.from(document.querySelectorAll('.main-svg')).map(s => s.textContent).join(' '),
})"""

POINTS = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).flatMap((gd, g) =>
    gd.data.flatMap((t, c) => t.hoverinfo === 'skip' ? [] :
        Array.from({length: (t.x || []).length}, (_, p) => [g, c, p])))"""

HOVER = """([g, c, p]) => {
    const gd = document.querySelectorAll('.js-plotly-plot')[g];
    Plotly.Fx.hover(gd, [{curveNumber: c, pointNumber: p}]);
    const layer = gd.querySelector('.hoverlayer');
    return layer ? layer.innerHTML : '';
}"""


def main(path: str) -> None:
    errors: list[str] = []
    blocked: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context()

        def route(r) -> None:  # type: ignore[no-untyped-def]
            if r.request.url.startswith("file://"):
                r.continue_()
            else:
                blocked.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(Path(path).resolve().as_uri(), wait_until="load", timeout=30_000)
        page.wait_for_selector(".main-svg", timeout=30_000)
        hovers = []
        for point in page.evaluate(POINTS):
            hovers.append(page.evaluate(HOVER, point))
            page.wait_for_timeout(60)  # plotly drops hovers less than 50 ms apart
        probe = page.evaluate(PROBE)
        browser.close()
    print(json.dumps({"probe": probe, "errors": errors, "blocked": blocked, "hovers": hovers}))


if __name__ == "__main__":
    main(sys.argv[1])
