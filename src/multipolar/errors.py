"""One exception tree for multipolar.

Every error a user can cause derives from :class:`MultipolarError`; errors caused by bad
input also derive from :class:`ValueError` (or :class:`LookupError`) so that callers can
catch them the usual Python way. Messages are one line and say what to do next; the CLI
prints ``str(err)`` and exits non-zero (``--debug`` shows the traceback).
"""

from __future__ import annotations


class MultipolarError(Exception):
    """Base of every error multipolar raises on purpose."""


# --- shared: states ---------------------------------------------------------------------
class UnknownStateError(MultipolarError, LookupError, ValueError):
    """A name, code or capital that resolves to no state (the message names close matches)."""

    def __init__(
        self, text: str, suggestions: list[str] | None = None, *, detail: str = ""
    ) -> None:
        self.text = text
        self.suggestions = list(suggestions or [])
        msg = f"unknown state {text!r}"
        if detail:
            msg += f" ({detail})"
        if self.suggestions:
            msg += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(msg)

    def __reduce__(self):  # keep pickling (multiprocessing, pytest-xdist) working
        return (self.__class__, (self.text, self.suggestions))


class InputError(MultipolarError, ValueError):
    """An argument a user gave is invalid (a year outside the data, A = B, an unknown option)."""


# --- sources ----------------------------------------------------------------------------
class SourceError(MultipolarError):
    """Getting or reading a dataset failed."""


class UnknownSourceError(SourceError, LookupError, ValueError):
    """No source of that name is declared."""


class DownloadError(SourceError):
    """The file could not be fetched (host unreachable, connection cut, HTTP error)."""


class ChecksumError(SourceError):
    """A fetched file's sha256 is not the pinned one (the file has been removed)."""


class FormatError(SourceError, ValueError):
    """A file is not in the expected format (e.g. missing columns)."""


# --- store ------------------------------------------------------------------------------
class StoreError(MultipolarError):
    """The local DuckDB store cannot be used as asked."""


class SchemaVersionError(StoreError):
    """The store was written by a newer multipolar (schema version too high)."""


class NotLoadedError(StoreError, LookupError):
    """A table was asked for that the store does not hold and no source provides."""


# --- measures ---------------------------------------------------------------------------
class MeasureError(MultipolarError):
    """A measure cannot be computed on the input given."""


class ConvergenceWarning(UserWarning):
    """An iterative estimator stopped before meeting its tolerance."""
