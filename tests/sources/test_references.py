"""The bibliography every report cites from (``sources/references.bib``) and its short form.

Known answers are the entries themselves: the odadata entry had no year and no closing brace
(`multipolar data cite` printed "Williams (None)" and a .bib that BibTeX rejects), the UN's
corporate author read "United Nations, … & Management", Márquez kept his TeX accent."""

from __future__ import annotations

import re

import pytest

from multipolar.explain.provenance import short_citation
from multipolar.sources.registry import bibliography

ENTRIES = bibliography()


def _balanced(text: str) -> bool:
    depth = 0
    for ch in re.sub(r"\\[{}]", "", text):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


@pytest.mark.parametrize("key", sorted(ENTRIES))
def test_every_entry_is_whole_bibtex(key):
    entry = ENTRIES[key]
    assert _balanced(entry) and entry.rstrip().endswith("}"), key
    assert entry.count("\n@") == 0  # one entry, not two run together
    for field in ("author", "title", "year"):
        assert re.search(rf"\b{field}\s*=\s*\{{", entry), (key, field)


@pytest.mark.parametrize("key", sorted(ENTRIES))
def test_every_short_citation_is_plain_text(key):
    text = short_citation(ENTRIES[key])
    assert not re.search(r"[\\{}]|None|\bothers\b|\(n\.d\.\)", text), text


def test_corporate_authors_accents_and_others():
    # a corporate author is one name; its biblatex shortauthor stands for it in the short form
    corporate = ENTRIES["un2026resolutions"].replace("shortauthor", "x")
    assert short_citation(corporate).startswith(
        "United Nations, Department for General Assembly and Conference Management (2026)"
    )
    assert short_citation(ENTRIES["un2026resolutions"]).startswith("UN DGACM (2026)")
    marquez = next(k for k, e in ENTRIES.items() if "rquez, Xavier" in e)
    assert short_citation(ENTRIES[marquez]).startswith("Márquez (2016)")
    plover = next(k for k, e in ENTRIES.items() if "{PLOVER}: Political" in e)
    assert short_citation(ENTRIES[plover]).startswith("Schrodt et al. (2021)")
    assert short_citation(ENTRIES["williams2023odadata"]).startswith("Williams (2023)")
