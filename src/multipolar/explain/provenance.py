"""Provenance records for reports: which sources (and versions) a result used, cited."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from multipolar import sources
from multipolar.store import Store


def short_citation(bibtex: str) -> str:
    """``Author, Author & Author (year), "Title", venue, doi`` from the first BibTeX entry.

    TeX dashes become typographic ones ("1815--1944" reads "1815–1944").

    >>> short_citation('@article{k, author = {Doe, Jane and Roe, Rick}, title = {On {X}},'
    ...                ' journal = {J}, year = {2001}, doi = {10.1/x}}')
    'Doe & Roe (2001), "On X", J, doi:10.1/x'
    """
    entry = bibtex.split("\n@")[0]

    def field(name: str) -> str | None:
        m = re.search(rf"\b{name}\s*=\s*\{{((?:[^{{}}]|\{{[^{{}}]*\}})*)\}}", entry, re.S)
        if not m:
            return None
        text = re.sub(r"[{}]", "", re.sub(r"\s+", " ", m.group(1))).strip()
        return text.replace("---", "—").replace("--", "–")  # TeX dashes read as dashes

    authors = [a.strip() for a in (field("author") or "").split(" and ") if a.strip()]
    surnames = [a.split(",")[0] if "," in a else a.split()[-1] for a in authors]
    who = (
        surnames[0] + " et al."
        if len(surnames) > 3
        else " & ".join([", ".join(surnames[:-1]), surnames[-1]])
        if len(surnames) > 1
        else (surnames[0] if surnames else "")
    )
    parts = [f"{who} ({field('year')})", f'"{field("title")}"']
    venue = field("journal") or field("booktitle") or field("publisher")
    if venue:
        parts.append(venue)
    doi = field("doi")
    if doi:
        parts.append(f"doi:{doi}")
    elif field("note"):
        parts.append(str(field("note")))
    return ", ".join(parts)


def sources_for(tables: Iterable[str], store: Store | None = None) -> list[dict[str, Any]]:
    """``[{name, version, coverage, citation, bibtex_key}]`` for the sources behind ``tables``.

    The version is the one loaded in ``store`` when given (an imported release shows as such).
    """
    loaded = {}
    if store is not None:
        loaded = {r["source"]: r for r in store.catalog().to_dict("records")}
        by_table = {t: r["source"] for r in loaded.values() for t in _tables(r["tables"])}
    else:
        by_table = {}
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for table in tables:
        name = by_table.get(table) or sources.TABLE_SOURCE.get(table)
        if name is None or name in seen:
            continue
        seen.add(name)
        src = sources.SOURCES.get(name)
        version = loaded[name]["version"] if name in loaded else (src.version if src else "")
        if src is None:  # an imported file (e.g. a newer Voeten release)
            base = sources.get("unvotes")
            out.append(
                {
                    "name": name,
                    "version": version,
                    "coverage": None,
                    "citation": short_citation(base.bibtex),
                    "bibtex_key": base.citation_key,
                }
            )
            continue
        out.append(
            {
                "name": name,
                "version": version,
                "coverage": f"{src.coverage[0]}–{src.coverage[1]}",
                "citation": short_citation(src.bibtex),
                "bibtex_key": src.citation_key,
            }
        )
    return out


def _tables(text: str) -> list[str]:
    import json

    return list(json.loads(text))


def cite(*names: str) -> str:
    """A short source line for a finding, read from the source cards (never typed):
    ``"atop_alliance 5.1 (Leeds et al. 2002)"``; names are source names or table names, joined
    with "; "."""
    out: list[str] = []
    for n in names:
        name = sources.TABLE_SOURCE.get(n, n)
        src = sources.SOURCES.get(name)
        if src is None:
            continue
        who = re.sub(r" \((\w+)$", r" \1", short_citation(src.bibtex).split("), ")[0])
        text = (
            f"{src.name} {src.version.split(' ')[0]}, {src.coverage[0]}–{src.coverage[1]} ({who})"
        )
        if text not in out:
            out.append(text)
    return "; ".join(out)
