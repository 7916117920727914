"""Provenance records for reports: which sources (and versions) a result used, cited."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from multipolar import sources
from multipolar.store import Store


def _authors(entry: str) -> list[str]:
    """The ``author`` field's names, split at "and" outside braces: a braced name is one
    (corporate) author, kept in its braces."""
    m = re.search(r"\bauthor\s*=\s*\{((?:[^{}]|\{[^{}]*\})*)\}", entry, re.S)
    if not m:
        return []
    names, depth, cur = [], 0, ""
    for token in re.split(r"(\{|\}|\s+and\s+)", re.sub(r"\s+", " ", m.group(1))):
        if token == "{" or token == "}":
            depth += 1 if token == "{" else -1
        if depth == 0 and re.fullmatch(r"\s+and\s+", token or ""):
            names.append(cur.strip())
            cur = ""
        else:
            cur += token or ""
    return [n for n in (*names, cur.strip()) if n]


_ACCENTS = {"'": "\u0301", "`": "\u0300", '"': "\u0308", "^": "\u0302", "~": "\u0303"}


def _plain(tex: str) -> str:
    r"""A BibTeX field as text: accents ({\\'a} -> á), \\& -> &, TeX dashes, no braces.

    >>> _plain("M{\\'a}rquez, William \\& Mary, 1815--1944")
    'Márquez, William & Mary, 1815–1944'
    """
    text = re.sub(
        r"\\(['`\"^~])\{?([A-Za-z])\}?",
        lambda m: unicodedata.normalize("NFC", m.group(2) + _ACCENTS[m.group(1)]),
        re.sub(r"\s+", " ", tex),
    )
    text = re.sub(r"[{}]", "", text.replace("\\&", "&")).strip()
    return text.replace("---", "—").replace("--", "–")  # TeX dashes read as dashes


def _surname(name: str) -> str:
    """ "Doe, Jane" and "Jane Doe" -> "Doe"; "{United Nations, Department …}" -> the whole name."""
    if name.startswith("{") and name.endswith("}") and not name.startswith("{\\"):
        return _plain(name[1:-1])
    name = _plain(name)
    return name.split(",")[0] if "," in name else name.split()[-1]


def short_citation(bibtex: str) -> str:
    """``Author, Author & Author (year), "Title", venue, doi`` from the first BibTeX entry.

    TeX dashes become typographic ones ("1815--1944" reads "1815–1944").

    >>> short_citation('@article{k, author = {Doe, Jane and Roe, Rick}, title = {On {X}},'
    ...                ' journal = {J}, year = {2001}, doi = {10.1/x}}')
    'Doe & Roe (2001), "On X", J, doi:10.1/x'
    >>> short_citation('@misc{k, author = {{United Nations, Office and Department}},'
    ...                ' title = {T}, year = {2026}}')
    'United Nations, Office and Department (2026), "T"'
    """
    entry = bibtex.split("\n@")[0]

    def field(name: str) -> str | None:
        m = re.search(rf"\b{name}\s*=\s*\{{((?:[^{{}}]|\{{[^{{}}]*\}})*)\}}", entry, re.S)
        if not m:
            return None
        return _plain(m.group(1))

    short = field("shortauthor")  # biblatex's short form of a long (corporate) author
    surnames = [short] if short else [_surname(a) for a in _authors(entry)]
    etal = surnames[-1:] == ["others"]  # BibTeX's "and others"
    if etal:
        surnames = surnames[:-1]
    who = (
        surnames[0] + " et al."
        if surnames and (etal or len(surnames) > 3)
        else " & ".join([", ".join(surnames[:-1]), surnames[-1]])
        if len(surnames) > 1
        else (surnames[0] if surnames else "")
    )
    parts = [f"{who} ({field('year') or 'n.d.'})", f'"{field("title")}"']
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
