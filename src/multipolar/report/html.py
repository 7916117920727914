"""A small, self-contained HTML document builder for reports.

One call builds one file that opens anywhere, offline: all CSS is inline, plotly.js is
inlined **once** (from the installed ``plotly`` package, never a CDN) and only when the
document holds at least one chart, and every piece of user text is HTML-escaped.

>>> doc = Document("Blocs in 1985", subtitle="UN General Assembly votes")
>>> doc.heading("Summary")
>>> doc.paragraph("USA & USSR sat in <different> blocs.")
>>> doc.table([{"bloc": "United States", "size": 31}], caption="Blocs")
>>> html = doc.render()
>>> "USA &amp; USSR sat in &lt;different&gt; blocs." in html
True
>>> "cdn" in html.lower()
False

Figures are plotly ``Figure`` objects; :meth:`Document.write_figures` also exports each of
them as SVG/PNG through kaleido driving a local Chromium (``/usr/bin/chromium`` when it
exists, else ``$BROWSER_PATH`` or whatever kaleido finds); if that browser cannot run, each
figure is written as a standalone HTML file instead and a :class:`UserWarning` says so.
"""

from __future__ import annotations

import html as _html
import json
import math
import os
import re
import shutil
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from multipolar.errors import InputError
from multipolar.report.output import atomic_write

__all__ = ["Document", "FigureExportWarning"]

_DEFAULT_BROWSER = "/usr/bin/chromium"

_CSS = """
:root { --fg:#1f2328; --muted:#59636e; --line:#d1d9e0; --bg:#ffffff; --accent:#0b5cad;
        --zebra:#f6f8fa; }
* { box-sizing: border-box; }
html { font-size: 16px; }
body { margin: 0; background: var(--bg); color: var(--fg);
       font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
                    sans-serif; line-height: 1.55; }
main { max-width: 1100px; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
header.doc { border-bottom: 2px solid var(--line); margin-bottom: 1.5rem; }
header.doc h1 { margin: 0 0 .25rem; font-size: 1.9rem; line-height: 1.2; }
header.doc p.subtitle { margin: 0 0 1rem; color: var(--muted); font-size: 1.1rem; }
h2 { margin-top: 2.2rem; font-size: 1.4rem; border-bottom: 1px solid var(--line);
     padding-bottom: .2rem; }
h3 { margin-top: 1.6rem; font-size: 1.15rem; }
h4, h5, h6 { margin-top: 1.2rem; font-size: 1rem; }
p, ul { max-width: 75ch; }
li { margin: .15rem 0; }
.table-wrap { overflow-x: auto; margin: 1rem 0 1.5rem; }
table { border-collapse: collapse; font-size: .92rem; min-width: 40%; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .7rem; text-align: left;
         vertical-align: top; }
th { background: var(--zebra); font-weight: 600; }
tbody tr:nth-child(even) { background: var(--zebra); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
p.note { color: var(--muted); font-size: .85rem; margin-top: -.8rem; }
figure { margin: 1.5rem 0 2rem; }
figure .chart { width: 100%; min-height: 420px; }
figcaption { color: var(--muted); font-size: .9rem; margin-top: .3rem; }
section.sources { margin-top: 3rem; border-top: 2px solid var(--line); font-size: .9rem; }
section.sources li { margin: .4rem 0; }
section.sources .version { color: var(--muted); }
a { color: var(--accent); }
@media print { main { max-width: none; } figure { break-inside: avoid; } }
"""


class FigureExportWarning(UserWarning):
    """Figures could not be exported as images; standalone HTML files were written instead."""


@dataclass
class _Figure:
    name: str
    figure: Any  # plotly.graph_objects.Figure (kept untyped: plotly ships no stubs)
    caption: str | None


@dataclass
class Document:
    """An HTML report built block by block and rendered to one self-contained file.

    Parameters
    ----------
    title:
        The document's title (``<title>`` and the top heading).
    subtitle:
        An optional line under the title.
    """

    title: str
    subtitle: str | None = None
    _blocks: list[str] = field(default_factory=list, init=False, repr=False)
    _figures: list[_Figure] = field(default_factory=list, init=False, repr=False)

    # --- building ------------------------------------------------------------------------
    def heading(self, text: str, level: int = 2) -> None:
        """Add a section heading (``level`` 2-6; level 1 is the title)."""
        if not 2 <= level <= 6:
            raise ValueError(f"heading level must be 2..6, got {level}")
        slug = _slug(text) or f"section-{len(self._blocks)}"
        self._blocks.append(f'<h{level} id="{_esc(slug)}">{_esc(text)}</h{level}>')

    def paragraph(self, text: str) -> None:
        """Add a paragraph of plain text (escaped)."""
        self._blocks.append(f"<p>{_esc(text)}</p>")

    def markup(self, html: str) -> None:
        """Add a block of HTML built by a report module (it must escape any user text itself,
        e.g. with :func:`html.escape`); no scripts, no external resources."""
        self._blocks.append(html)

    def bullets(self, items: Iterable[object]) -> None:
        """Add an unordered list; every item is escaped text, a `command` set as code."""
        lis = "".join(f"<li>{prose(_cell_text(item))}</li>" for item in items)
        self._blocks.append(f"<ul>{lis}</ul>")

    def table(
        self,
        data: pd.DataFrame | Sequence[Mapping[str, Any]],
        caption: str | None = None,
        max_rows: int | None = None,
    ) -> None:
        """Add a table from a DataFrame or a list of records.

        Lists and dicts inside cells are shown as compact text; numbers are right-aligned
        and floats shown with up to 4 significant decimals. With ``max_rows`` only the first
        rows are shown and a note says how many were left out.
        """
        df = data if isinstance(data, pd.DataFrame) else pd.DataFrame(list(data))
        total = len(df)
        shown = df if max_rows is None else df.head(max_rows)
        head = "".join(f'<th scope="col">{_esc(str(c))}</th>' for c in shown.columns)
        rows = []
        for rec in shown.itertuples(index=False, name=None):
            cells = []
            for value in rec:
                cls = ' class="num"' if _is_number(value) else ""
                cells.append(f"<td{cls}>{_esc(_cell_text(value))}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        cap = f"<caption>{_esc(caption)}</caption>" if caption else ""
        block = (
            f'<div class="table-wrap"><table>{cap}<thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>"
        )
        if len(shown) < total:
            block += f'<p class="note">Showing {len(shown)} of {total} rows.</p>'
        self._blocks.append(block)

    def figure(self, figure: Any, name: str, caption: str | None = None) -> None:
        """Add a plotly figure; ``name`` (unique in the document) names its exported file."""
        slug = _slug(name)
        if not slug:
            raise ValueError(f"figure name {name!r} has no usable characters")
        if any(f.name == slug for f in self._figures):
            raise ValueError(f"a figure named {slug!r} is already in this document")
        # a plotly figure is kept as its plain spec: no second validated figure is built
        plain = figure if isinstance(figure, dict) else figure.to_plotly_json()
        spec = plain_safe(plain)
        self._figures.append(_Figure(slug, spec, caption))
        self._blocks.append(f"\x00figure:{slug}\x00")

    def sources(self, records: Iterable[Mapping[str, Any]]) -> None:
        """Add the closing list of sources: records with ``name``, ``version``, ``citation``."""
        items = []
        for rec in records:
            name = _esc(str(rec.get("name", "")))
            version = rec.get("version")
            ver = f' <span class="version">({_esc(str(version))})</span>' if version else ""
            citation = rec.get("citation")
            cit = f"<br>{_esc(str(citation))}" if citation else ""
            items.append(f"<li><strong>{name}</strong>{ver}{cit}</li>")
        self._blocks.append(
            f'<section class="sources"><h2 id="sources">Sources</h2><ul>{"".join(items)}</ul>'
            "</section>"
        )

    # --- output --------------------------------------------------------------------------
    @property
    def figure_names(self) -> list[str]:
        """Names (slugs) of the figures, in document order."""
        return [f.name for f in self._figures]

    def render(self) -> str:
        """The whole document as one HTML string (plotly.js inlined once if needed)."""
        figs = {f.name: f for f in self._figures}
        body = []
        for block in self._blocks:
            if block.startswith("\x00figure:"):
                body.append(_figure_html(figs[block[len("\x00figure:") : -1]]))
            else:
                body.append(block)
        script = ""
        if self._figures:
            script = f'<script type="text/javascript">{_plotlyjs()}</script>\n'
        sub = f'<p class="subtitle">{_esc(self.subtitle)}</p>' if self.subtitle else ""
        return (
            "<!DOCTYPE html>\n"
            '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="generator" content="multipolar">\n'
            f"<title>{_esc(self.title)}</title>\n<style>{_CSS}</style>\n{script}</head>\n"
            f'<body>\n<main>\n<header class="doc"><h1>{_esc(self.title)}</h1>{sub}</header>\n'
            + "\n".join(body)
            + "\n</main>\n</body>\n</html>\n"
        )

    def write(self, path: str | os.PathLike[str]) -> Path:
        """Write the rendered document atomically (temporary file, then ``os.replace``)."""
        target = Path(path)
        _atomic_write_text(target, self.render())
        return target

    def write_figures(
        self,
        directory: str | os.PathLike[str],
        fmt: str = "svg",
        *,
        browser_path: str | None = None,
        width: int = 1000,
        height: int = 600,
    ) -> list[Path]:
        """Export every figure to ``directory/<name>.<fmt>`` (``svg`` or ``png``).

        Uses kaleido with a local Chromium (no network: MathJax is off and plotly.js comes
        from the plotly package). If the browser cannot be started, each figure is written
        as ``<name>.html`` (standalone, plotly.js inline) and a :class:`FigureExportWarning`
        is issued. Returns the written paths.
        """
        if fmt not in {"svg", "png"}:
            raise ValueError(f"fmt must be 'svg' or 'png', got {fmt!r}")
        out = Path(directory)
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"cannot write figures into {out}: {exc.strerror or exc}") from exc
        if not self._figures:
            return []
        paths = [out / f"{f.name}.{fmt}" for f in self._figures]
        try:
            figs = [_Figure(f.name, _as_plotly(f.figure), f.caption) for f in self._figures]
            _kaleido_export(figs, paths, fmt, browser_path, width, height)
            missing = [p for p in paths if not p.exists() or p.stat().st_size == 0]
            if missing:
                raise RuntimeError(f"kaleido wrote no file for {missing[0].name}")
            return paths
        except Exception as exc:
            warnings.warn(
                f"could not export figures as {fmt} ({type(exc).__name__}: {exc}); "
                "wrote standalone HTML files instead",
                FigureExportWarning,
                stacklevel=2,
            )
            html_paths = []
            for f in self._figures:
                p = out / f"{f.name}.html"
                single = Document(f.caption or f.name)
                single.figure(f.figure, f.name)
                _atomic_write_text(p, single.render())
                html_paths.append(p)
            return html_paths


# --- helpers -----------------------------------------------------------------------------
#: trace attributes whose strings plotly.js draws as text (its pseudo-HTML: <a href>, <b>, <br>)
_PLOTLY_TEXT = ("name", "text", "hovertext", "x", "y", "z", "labels", "customdata", "header",
                "cells", "values", "ticktext", "title")  # fmt: skip


def plotly_safe(figure: Any) -> Any:
    """A copy of a plotly figure whose every label is text, never markup.

    plotly.js reads a small HTML subset in labels, legends, hovers and tick text (``<a
    href>``, ``<b>``, ``<br>``, ``<span style>``): a state or node label ``<a href=…>`` would
    become a live link. ``&``, ``<`` and ``>`` in the strings of the trace attributes it draws
    (names, text, hover text, category axes, custom data) and in the layout's titles,
    annotations and tick text are written as entities, which plotly.js shows as the
    characters themselves. Numbers and dates are untouched.
    """
    import plotly.graph_objects as go

    spec = figure.to_plotly_json() if hasattr(figure, "to_plotly_json") else dict(figure)
    data = [
        {k: (_esc_deep(v) if k in _PLOTLY_TEXT else v) for k, v in dict(trace).items()}
        for trace in spec.get("data", [])
    ]
    layout = _esc_layout(spec.get("layout", {}))
    return go.Figure(data=data, layout=layout)


def _esc_deep(value: Any) -> Any:
    if isinstance(value, str):
        return _html.escape(value, quote=False)
    if isinstance(value, dict):
        return {k: _esc_deep(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_esc_deep(v) for v in value]
    if hasattr(value, "dtype") and getattr(value.dtype, "kind", "") in "OUS":
        return [_esc_deep(v) for v in value.tolist()]
    return value


def _esc_layout(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _esc_layout(v, k) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_esc_layout(v, key) for v in value]
    if key in ("text", "ticktext", "title", "name") and isinstance(value, str):
        return _html.escape(value, quote=False)
    return value


def _esc(text: str) -> str:
    return _html.escape(text, quote=True)


def prose(text: object) -> str:
    """Escaped text in which `a command` is set as code (never shown with its backticks).

    >>> prose("run `multipolar events import` <now>")
    'run <code>multipolar events import</code> &lt;now&gt;'
    """
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", _esc("" if text is None else str(text)))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80]


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return f"{value:.4g}" if abs(value) < 1e6 else f"{value:,.0f}"
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, default=str, ensure_ascii=False)
    try:
        if pd.isna(value):  # type: ignore[call-overload]
            return ""
    except (TypeError, ValueError):
        pass
    if hasattr(value, "tolist"):  # numpy arrays / scalars
        return _cell_text(value.tolist())
    return str(value)


_PLOTLYJS: str | None = None


def _plotlyjs() -> str:
    global _PLOTLYJS
    if _PLOTLYJS is None:
        from plotly.offline import get_plotlyjs

        _PLOTLYJS = get_plotlyjs()
    return _PLOTLYJS


def plain_safe(spec: Mapping[str, Any]) -> dict[str, Any]:
    """A plain Plotly.js figure spec (``{"data": [...], "layout": {...}}``) with every label
    escaped as :func:`plotly_safe` does, without building a validated plotly figure (which
    costs far more than the page needs)."""
    data = [
        {k: (_esc_deep(v) if k in _PLOTLY_TEXT else v) for k, v in dict(trace).items()}
        for trace in spec.get("data", [])
    ]
    return {"data": data, "layout": _esc_layout(dict(spec.get("layout", {})))}


def _as_plotly(figure: Any) -> Any:
    """A plotly figure for export (plain specs are built into one only here)."""
    if isinstance(figure, dict):
        import plotly.graph_objects as go

        return go.Figure(data=figure["data"], layout=figure["layout"])
    return figure


def _plain_html(fig: _Figure) -> str:
    div_id = f"fig-{fig.name}"
    spec = json.dumps(fig.figure, ensure_ascii=False).replace("</", "<\\/")
    return (
        f'<div id="{div_id}" class="plotly-graph-div" style="height:100%; width:100%;"></div>'
        f'<script type="text/javascript">(function(){{var s={spec};'
        f'Plotly.newPlot("{div_id}", s.data, s.layout, {{"displaylogo": false, '
        f'"responsive": true}});}})();</script>'
    )


def _figure_html(fig: _Figure) -> str:
    if isinstance(fig.figure, dict):
        cap = f"<figcaption>{_esc(fig.caption)}</figcaption>" if fig.caption else ""
        return (
            f'<figure id="figure-{fig.name}"><div class="chart">{_plain_html(fig)}</div>'
            f"{cap}</figure>"
        )
    div = fig.figure.to_html(
        full_html=False,
        include_plotlyjs=False,
        include_mathjax=False,
        div_id=f"fig-{fig.name}",
        config={"displaylogo": False, "responsive": True},
        default_width="100%",
    )
    cap = f"<figcaption>{_esc(fig.caption)}</figcaption>" if fig.caption else ""
    return f'<figure id="figure-{fig.name}"><div class="chart">{div}</div>{cap}</figure>'


def _atomic_write_text(target: Path, text: str) -> None:
    atomic_write(target, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def _browser(browser_path: str | None) -> str | None:
    if browser_path:
        return browser_path
    if os.path.exists(_DEFAULT_BROWSER):
        return _DEFAULT_BROWSER
    env = os.environ.get("BROWSER_PATH")
    if env:
        return env
    return shutil.which("chromium") or shutil.which("google-chrome")


def _kaleido_export(
    figures: list[_Figure],
    paths: list[Path],
    fmt: str,
    browser_path: str | None,
    width: int,
    height: int,
) -> None:
    import kaleido

    kopts: dict[str, Any] = {"mathjax": False}
    browser = _browser(browser_path)
    if browser:
        kopts["path"] = browser
    jobs = [
        {"fig": f.figure, "path": str(p), "opts": {"format": fmt, "width": width, "height": height}}
        for f, p in zip(figures, paths, strict=True)
    ]
    kaleido.write_fig_from_object_sync(jobs, kopts=kopts)
