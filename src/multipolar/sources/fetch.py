"""Getting pinned files: from a mirror folder, a mirror URL, or the pinned download URL.

A file is moved into place only when it is whole and its sha256 is the pinned one; a bad or
partial file is removed. Nothing here prints: progress goes to an optional hook.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path
from typing import Protocol

import httpx

from multipolar import config
from multipolar.errors import ChecksumError, DownloadError
from multipolar.sources.base import RemoteFile

_CHUNK = 1 << 16
_VERIFIED: set[tuple[str, int, float]] = set()
_OFFLINE_HINT = (
    "set MULTIPOLAR_MIRROR=DIR to read the files from a local copy (laid out like shared/data), "
    "or load a file you have with `multipolar data import PATH --as KIND`"
)


class Progress(Protocol):
    """What a progress display must offer (the CLI passes a Rich one)."""

    def start(self, name: str, total: int | None) -> None: ...

    def advance(self, n: int) -> None: ...

    def finish(self) -> None: ...


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def local_path(file: RemoteFile) -> Path:
    """Where a verified copy of ``file`` lives under ``MULTIPOLAR_HOME``."""
    return config.raw_dir() / file.path


def fetch(file: RemoteFile, *, progress: Progress | None = None) -> Path:
    """Return the local path of ``file``, fetching and verifying it first if needed.

    Order: an existing verified copy; ``MULTIPOLAR_MIRROR`` (folder or http(s) base URL);
    the pinned URL. Raises :class:`ChecksumError` (file removed) or :class:`DownloadError`.
    """
    dest = local_path(file)
    if dest.exists() and _is_verified(dest, file.sha256):
        return dest
    mirror = config.mirror()
    if mirror and not mirror.startswith(("http://", "https://")):
        src = Path(mirror).expanduser() / file.path
        if not src.is_file():
            raise DownloadError(
                f"{file.path} is not in MULTIPOLAR_MIRROR={mirror} (looked for {src})"
            )
        _copy_verified(src, dest, file.sha256)
    else:
        url = mirror.rstrip("/") + "/" + file.path if mirror else file.url
        download(url, dest, sha256=file.sha256, progress=progress, name=file.path)
    return dest


def _is_verified(path: Path, sha256: str) -> bool:
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime)
    if key in _VERIFIED:
        return True
    if sha256_file(path) == sha256:
        _VERIFIED.add(key)
        return True
    return False


def _copy_verified(src: Path, dest: Path, sha256: str) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    shutil.copyfile(src, part)
    _check_and_place(part, dest, sha256, origin=str(src))


def _check_and_place(part: Path, dest: Path, sha256: str, *, origin: str) -> None:
    got = sha256_file(part)
    if got != sha256:
        part.unlink(missing_ok=True)
        raise ChecksumError(
            f"checksum mismatch for {dest.name} from {origin}: expected sha256 {sha256[:12]}…, "
            f"got {got[:12]}… (the file was removed; the source may have changed or the copy is "
            "corrupt)"
        )
    os.replace(part, dest)
    stat = dest.stat()
    _VERIFIED.add((str(dest), stat.st_size, stat.st_mtime))


def download(
    url: str,
    dest: Path,
    *,
    sha256: str | None = None,
    progress: Progress | None = None,
    name: str | None = None,
    timeout: float = 30.0,
) -> Path:
    """Stream ``url`` to ``dest`` through a ``.part`` file; verify ``sha256`` if given.

    The file appears at ``dest`` only when complete (and verified); on any failure the partial
    file is removed and a one-line :class:`DownloadError` / :class:`ChecksumError` is raised.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    received = 0
    total: int | None = None
    try:
        with httpx.stream("GET", url, follow_redirects=True, timeout=timeout) as resp:
            if resp.status_code != 200:
                raise DownloadError(f"download of {url} failed: HTTP {resp.status_code}")
            length = resp.headers.get("content-length")
            total = int(length) if length and length.isdigit() else None
            if progress:
                progress.start(name or dest.name, total)
            with open(part, "wb") as fh:
                for chunk in resp.iter_raw(_CHUNK):
                    fh.write(chunk)
                    received += len(chunk)
                    if progress:
                        progress.advance(len(chunk))
    except httpx.ConnectError as exc:
        part.unlink(missing_ok=True)
        host = httpx.URL(url).host
        raise DownloadError(f"cannot reach {host} ({exc}); {_OFFLINE_HINT}") from exc
    except httpx.TimeoutException as exc:
        part.unlink(missing_ok=True)
        raise DownloadError(f"download of {url} timed out; {_OFFLINE_HINT}") from exc
    except (httpx.HTTPError, OSError) as exc:
        part.unlink(missing_ok=True)
        raise DownloadError(
            f"download of {url} was cut off after {received:,} bytes ({exc.__class__.__name__}); "
            "run the command again"
        ) from exc
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    finally:
        if progress:
            progress.finish()
    if total is not None and received != total:
        part.unlink(missing_ok=True)
        raise DownloadError(
            f"download of {url} was cut off after {received:,} of {total:,} bytes; run the command again"
        )
    if sha256 is None:
        os.replace(part, dest)
        return dest
    _check_and_place(part, dest, sha256, origin=url)
    return dest
