"""Getting pinned files: from a mirror folder, a mirror URL, or the pinned download URL.

A file is moved into place only when it is whole and its sha256 is the pinned one; a bad or
partial file is removed. Nothing here prints: progress goes to an optional hook.

Every download is bounded three ways, so that no mirror can keep a command waiting or fill
the disk:

* **an overall deadline**, :func:`deadline_for` the expected size: ``MIN_SECONDS`` plus the
  size at ``MIN_RATE`` bytes per second (60 s + 20 s per MB), checked after every read; one read
  waits at most ``timeout`` (30 s) — a mirror that trickles one byte every few seconds is cut
  off at the deadline, not after hours;
* **the pinned size**: a body (or a ``Content-Length``) larger than the pinned size is refused
  after reading at most ``size + 1`` bytes;
* **the pinned sha256**, checked before the file is moved into place.

The ``.part`` file is removed on every way out: an error, a timeout, Ctrl-C, a refused
body; one left by a killed process is replaced by the next attempt.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path
from typing import Any, Protocol

from multipolar import config
from multipolar.errors import ChecksumError, DownloadError
from multipolar.sources.base import RemoteFile

_VERIFIED: set[tuple[str, int, float]] = set()
_OFFLINE_HINT = (
    "set MULTIPOLAR_MIRROR=DIR to read the files from a local copy (laid out like shared/data), "
    "or load a file you have with `multipolar data import PATH --as KIND`"
)
#: every download gets at least this many seconds ...
MIN_SECONDS = 60.0
#: ... plus its expected size at this rate (bytes per second): 20 s per MB
MIN_RATE = 50_000.0


def deadline_for(size: int | None) -> float:
    """Seconds a download of ``size`` bytes may take in all: ``MIN_SECONDS + size / MIN_RATE``.

    >>> deadline_for(394), deadline_for(10_000_000)
    (60.00788, 260.0)
    """
    return MIN_SECONDS + (size or 0) / MIN_RATE


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
    A download cut off mid-file is tried once more.
    """
    dest = local_path(file)
    if dest.exists() and _is_verified(dest, file.sha256):
        return dest
    _part(dest).unlink(missing_ok=True)  # left by a killed process
    mirror = config.mirror()
    if mirror and not mirror.startswith(("http://", "https://")):
        src = Path(mirror).expanduser() / file.path
        if not src.is_file():
            raise DownloadError(
                f"{file.path} is not in MULTIPOLAR_MIRROR={mirror} (looked for {src})"
            )
        _copy_verified(src, dest, file.sha256, size=file.size)
        return dest
    url = mirror.rstrip("/") + "/" + file.path if mirror else file.url
    for attempt in (1, 2):
        try:
            download(
                url, dest, sha256=file.sha256, size=file.size, progress=progress, name=file.path
            )
            break
        except _CutOff:
            if attempt == 2:
                raise
    return dest


def _part(dest: Path) -> Path:
    return dest.with_name(dest.name + ".part")


def _is_verified(path: Path, sha256: str) -> bool:
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime)
    if key in _VERIFIED:
        return True
    if sha256_file(path) == sha256:
        _VERIFIED.add(key)
        return True
    return False


def _copy_verified(src: Path, dest: Path, sha256: str, *, size: int | None = None) -> None:
    if size is not None and src.stat().st_size != size:
        raise ChecksumError(
            f"{src} has {src.stat().st_size:,} bytes, not the pinned {size:,}; the mirror's copy "
            "is not the pinned file (nothing was copied)"
        )
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = _part(dest)
    try:
        shutil.copyfile(src, part)
        _check_and_place(part, dest, sha256, origin=str(src))
    except BaseException:
        part.unlink(missing_ok=True)
        raise


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


def _what(size: int | None, bound: int | None) -> str:
    if size is not None:
        return f"pinned {size:,} bytes (the mirror does not serve the pinned file)"
    return f"at most {bound or 0:,} bytes such a file can have"


class _CutOff(DownloadError):
    """The connection dropped mid-file (worth one more try)."""


class HttpStatusError(DownloadError):
    """The server answered with an HTTP status other than 200 (``status``)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def _request_url(exc: Exception, url: str) -> Any:
    """The URL of the request that failed (after redirects), else ``url``."""
    import httpx

    try:
        return exc.request.url  # type: ignore[attr-defined]
    except (AttributeError, RuntimeError):  # an error raised without its request
        return httpx.URL(url)


def download(
    url: str,
    dest: Path,
    *,
    sha256: str | None = None,
    size: int | None = None,
    progress: Progress | None = None,
    name: str | None = None,
    timeout: float = 30.0,
    deadline: float | None = None,
    max_bytes: int | None = None,
) -> Path:
    """Stream ``url`` to ``dest`` through a ``.part`` file; verify ``size`` and ``sha256`` if given.

    ``size`` is the expected size in bytes: a larger ``Content-Length`` is refused before the
    body is read, and a larger body after ``size + 1`` bytes. Without a pinned size,
    ``max_bytes`` bounds the body the same way. ``deadline`` (seconds; default
    :func:`deadline_for` the size, or the ``Content-Length`` up to ``max_bytes``) bounds the
    whole download; ``timeout`` bounds one read.
    The file appears at ``dest`` only when complete (and verified); on any failure or
    interrupt the partial file is removed and a one-line :class:`DownloadError` /
    :class:`ChecksumError` is raised.
    """
    bound = size if size is not None else max_bytes
    limit = deadline_for(size if size is not None else 0) if deadline is None else float(deadline)
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = _part(dest)
    received = 0
    total: int | None = None
    started = time.monotonic()
    import httpx  # here: a run that downloads nothing does not load it

    per_read = httpx.Timeout(min(timeout, limit))
    try:
        with httpx.stream("GET", url, follow_redirects=True, timeout=per_read) as resp:
            if resp.status_code != 200:
                moved = f" (redirected to {resp.url})" if str(resp.url) != url else ""
                raise HttpStatusError(
                    f"download of {url}{moved} failed: HTTP {resp.status_code}", resp.status_code
                )
            length = resp.headers.get("content-length")
            total = int(length) if length and length.isdigit() else None
            if bound is not None and total is not None and total > bound:
                raise ChecksumError(
                    f"{url} announces {total:,} bytes, more than the {_what(size, bound)}; "
                    "refused before reading it"
                )
            if deadline is None and size is None:
                limit = deadline_for(total if total is not None else bound)
            if progress:
                progress.start(name or dest.name, total if total is not None else size)
            cap = None if bound is None else bound + 1
            with open(part, "wb") as fh:
                for chunk in resp.iter_raw():  # as received: a chunk size would wait to fill it
                    if cap is not None and received + len(chunk) > cap:
                        chunk = chunk[: cap - received]
                    fh.write(chunk)
                    received += len(chunk)
                    if progress:
                        progress.advance(len(chunk))
                    if cap is not None and received >= cap:
                        raise ChecksumError(
                            f"{url} sent more than the {_what(size, bound)}; stopped after "
                            f"{received:,} bytes"
                        )
                    if time.monotonic() - started > limit:
                        raise DownloadError(
                            f"download of {url} took longer than its {limit:.0f} s deadline "
                            f"(got {received:,} bytes; the deadline allows "
                            f"{MIN_RATE / 1000:.0f} kB/s after {MIN_SECONDS:.0f} s); try again "
                            f"later, or {_OFFLINE_HINT}"
                        )
    except (DownloadError, ChecksumError):
        part.unlink(missing_ok=True)
        raise
    except httpx.ConnectError as exc:
        part.unlink(missing_ok=True)
        failed = _request_url(exc, url)
        host = failed.host
        via = "" if host == httpx.URL(url).host else f", redirected there from {url}"
        raise DownloadError(f"cannot reach {host} ({exc}{via}); {_OFFLINE_HINT}") from exc
    except httpx.TooManyRedirects as exc:
        part.unlink(missing_ok=True)
        raise DownloadError(
            f"{url} redirects in a loop (last to {_request_url(exc, url)}); running again will "
            "not help: the server (or MULTIPOLAR_MIRROR) is misconfigured"
        ) from exc
    except httpx.TimeoutException as exc:
        part.unlink(missing_ok=True)
        raise DownloadError(
            f"download of {url} timed out (no data for {min(timeout, limit):.0f} s after "
            f"{received:,} bytes); {_OFFLINE_HINT}"
        ) from exc
    except OSError as exc:  # writing the .part file (disk full, no permission)
        part.unlink(missing_ok=True)
        raise DownloadError(f"cannot write {part}: {exc.strerror or exc}") from exc
    except httpx.HTTPError as exc:
        part.unlink(missing_ok=True)
        raise _CutOff(
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
        raise _CutOff(
            f"download of {url} was cut off after {received:,} of {total:,} bytes; run the command again"
        )
    if sha256 is None:
        os.replace(part, dest)
        return dest
    _check_and_place(part, dest, sha256, origin=url)
    return dest
