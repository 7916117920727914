"""Pinned files: every raw file multipolar reads, with its download URL and sha256.

The pins are data, in ``pins.csv`` next to this module: for each file its mirror path, the GitHub
repository, commit and path of the raw file listed in ``shared/data/PROVENANCE.md``, its sha256 and
size in bytes. A source with many files (a corpus) may add a manifest of its own through
:func:`manifest`. The key of every file is its path relative to a mirror (``MULTIPOLAR_MIRROR``)
and to the local cache.

>>> pinned("peacesciencer/cow_majors.rda").size
394
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources
from urllib.parse import quote

from multipolar.errors import UnknownSourceError
from multipolar.sources.base import RemoteFile

RAW_GITHUB = "https://raw.githubusercontent.com/"


def raw_url(repo: str, commit: str, repo_path: str) -> str:
    """The raw GitHub URL of ``repo_path`` at ``commit`` (spaces and the like percent-encoded)."""
    return f"{RAW_GITHUB}{repo}/{commit}/{quote(repo_path)}"


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("multipolar.sources").joinpath(name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines))


@cache
def _files() -> dict[str, RemoteFile]:
    return {
        r["path"]: RemoteFile(
            path=r["path"],
            url=raw_url(r["repo"], r["commit"], r["repo_path"]),
            sha256=r["sha256"],
            size=int(r["size"]),
        )
        for r in _rows("pins.csv")
    }


def manifest(
    name: str, *, repo: str, commit: str, prefix: str, repo_prefix: str
) -> list[RemoteFile]:
    """Pinned files from a manifest ``name`` in this package (columns ``path, sha256, size``).

    ``path`` is relative to ``prefix`` in the mirror and to ``repo_prefix`` in the repository.
    """
    return [
        RemoteFile(
            path=f"{prefix}/{r['path']}",
            url=raw_url(repo, commit, f"{repo_prefix}/{r['path']}"),
            sha256=r["sha256"],
            size=int(r["size"]),
        )
        for r in _rows(name)
    ]


#: every pin of ``pins.csv`` by mirror path
FILES: dict[str, RemoteFile] = _files()


def pinned(path: str) -> RemoteFile:
    """The pinned declaration of the file at ``path`` (mirror layout, e.g. ``unvotes/un_votes.rda``)."""
    try:
        return _files()[path]
    except KeyError:
        raise UnknownSourceError(f"no pinned file {path!r}") from None
