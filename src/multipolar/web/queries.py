"""The questions the web app asks, each one call of a public ``explain`` function.

Every function opens the store read-only for the duration of the call (so a ``data pull`` can
take the file between requests), calls the library and returns JSON-ready records with the
library's own field names. Nothing is computed here beyond turning frames into records.

Answers are kept twice: the library's kept answers (``multipolar.store.answers``: what
``multipolar why`` or ``make demo`` computed) and a small in-process LRU keyed by the question
and the store file's identity (inode, size, modification time), so a rebuilt store is never
answered from memory.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from multipolar import config
from multipolar import states as _states
from multipolar.errors import InputError, NotLoadedError

#: how many answers each worker keeps in memory
LRU_SIZE = 256


class Answers:
    """A thread-safe LRU of answers keyed by (question, arguments, store identity)."""

    def __init__(self, size: int = LRU_SIZE) -> None:
        self.size = size
        self._data: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def peek(self, key: tuple[Any, ...]) -> Any:
        """The kept value of ``key``, or None."""
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                self.hits += 1
                return self._data[key]
        return None

    def put(self, key: tuple[Any, ...], value: Any) -> None:
        with self._lock:
            self._data[key] = value
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def get(self, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                self.hits += 1
                return self._data[key]
        value = compute()
        with self._lock:
            self.misses += 1
            self._data[key] = value
            while len(self._data) > self.size:
                self._data.popitem(last=False)
        return value


class Library:
    """The web app's view of one store: the questions, answered and kept."""

    def __init__(self, path: str | Path | None = None, *, lru_size: int = LRU_SIZE) -> None:
        self.path = Path(path) if path else config.store_path()
        self.answers = Answers(lru_size)

    def identity(self) -> tuple[int, int, int]:
        """The store file's (inode, size, mtime_ns): changes when ``data pull`` rewrites it."""
        try:
            s = os.stat(self.path)
        except FileNotFoundError:
            return (0, 0, 0)
        return (s.st_ino, s.st_size, s.st_mtime_ns)

    @contextmanager
    def store(self) -> Iterator[Any]:
        from multipolar.store import connect

        st = connect(self.path, read_only=True)
        try:
            yield st
        finally:
            st.close()

    def _kept(self, name: str, args: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        return self.answers.get((name, args, self.identity()), compute)

    # --- states -------------------------------------------------------------------------
    @staticmethod
    def resolve(text: str, year: int | None = None) -> dict[str, Any]:
        """A state record ``{ccode, iso3, abbrev, name}`` (the name of ``year``)."""
        st = _states.resolve(text, year)
        return {**st.as_dict(), "name": _states.name_in(st.ccode, year)}

    @staticmethod
    def search(q: str, limit: int = 10) -> list[dict[str, Any]]:
        """States whose name, ISO3 or COW abbreviation starts with (then contains) ``q``."""
        key = _states.norm(q)
        if not key:
            return []
        hits: list[tuple[int, str, Any]] = []
        for s in _states.all_states():
            name = _states.name_in(s.ccode)
            words = [_states.norm(name), (s.iso3 or "").lower(), s.abbrev.lower()]
            if any(w.startswith(key) for w in words):
                hits.append((0, name, s))
            elif key in words[0]:
                hits.append((1, name, s))
        hits.sort(key=lambda h: (h[0], h[1]))
        return [{**s.as_dict(), "name": name} for _, name, s in hits[:limit]]

    # --- pair ---------------------------------------------------------------------------
    def why(
        self, a: str, b: str, *, vs: str | None, start: int | None, end: int | None
    ) -> dict[str, Any]:
        """The ``why`` evidence as the library's JSON (kept answers first, as the CLI does)."""

        def compute() -> dict[str, Any]:
            from multipolar.store import answers

            request = answers.why_request([a, b], vs=vs, start=start, end=end)
            kept = answers.lookup(self.path, "why", request)
            if kept is not None:
                return kept[0]
            from multipolar.explain.why import why

            with self.store() as st:
                return dict(why(a, b, vs=vs, start=start, end=end, store=st).to_dict())

        return dict(self._kept("why", (a.casefold(), b.casefold(), vs, start, end), compute))

    def agreement(
        self, a: str, b: str, *, start: int | None, end: int | None
    ) -> list[dict[str, Any]]:
        """Yearly agreement of the pair (``dyadic_agreement``'s columns)."""

        def compute() -> list[dict[str, Any]]:
            from multipolar.explain.agreement import dyadic_agreement

            with self.store() as st:
                df = dyadic_agreement(st, states=[a, b], years=(start, end))
            return records(df)

        return list(self._kept("agreement", (a, b, start, end), compute))

    def rollcalls(
        self, a: str, b: str, *, start: int | None, end: int | None, divergent: bool = False
    ) -> dict[str, Any]:
        """The pair's roll calls (or the divergent ones) with the count of unanimous ones."""

        def compute() -> dict[str, Any]:
            from multipolar.explain import pair

            fn = pair.divergent_rollcalls if divergent else pair.pair_rollcalls
            with self.store() as st:
                df = fn(st, a, b, start=start, end=end)
            return {"rows": records(df), **{k: v for k, v in df.attrs.items()}}

        return dict(self._kept("rollcalls", (a, b, start, end, divergent), compute))

    def positions(self, a: str, b: str, *, start: int | None, end: int | None) -> dict[str, Any]:
        def compute() -> dict[str, Any]:
            from multipolar.explain.pair import position_matrix

            with self.store() as st:
                return position_matrix(st, a, b, start=start, end=end)

        return dict(self._kept("positions", (a, b, start, end), compute))

    def issues(self, a: str, b: str, *, start: int | None, end: int | None) -> list[dict[str, Any]]:
        def compute() -> list[dict[str, Any]]:
            from multipolar.explain.pair import agreement_by_issue

            with self.store() as st:
                return agreement_by_issue(st, a, b, start=start, end=end)

        return list(self._kept("issues", (a, b, start, end), compute))

    # --- state --------------------------------------------------------------------------
    def partners(self, state: str, year: int) -> dict[str, Any]:
        def compute() -> dict[str, Any]:
            from multipolar.explain.state import partners

            with self.store() as st:
                df = partners(st, state, year)
            return {"rows": records(df), **df.attrs}

        return dict(self._kept("partners", (state, year), compute))

    def vote_years(self) -> tuple[int, int]:
        def compute() -> tuple[int, int]:
            from multipolar.explain.state import vote_years

            with self.store() as st:
                return vote_years(st)

        return tuple(self._kept("vote_years", (), compute))  # type: ignore[return-value]

    def ideal_points(self, states: list[str]) -> list[dict[str, Any]]:
        """Ideal points as fitted in the store; a fit (minutes) is never started by a request."""

        def not_fitted() -> None:
            raise NotLoadedError(
                "the ideal points are not fitted in this store yet; run `multipolar idealpoints` "
                "once (it keeps the fit)"
            )

        def compute() -> list[dict[str, Any]]:
            from multipolar.explain.idealpoints import ideal_points_for

            with self.store() as st:
                return records(ideal_points_for(st, states=states, on_fit=not_fitted))

        return list(self._kept("idealpoints", tuple(states), compute))

    # --- world --------------------------------------------------------------------------
    def blocs(self, year: int) -> dict[str, Any]:
        def compute() -> dict[str, Any]:
            from multipolar.explain.system import blocs_for_year

            with self.store() as st:
                res = blocs_for_year(st, year)
            out = res.to_dict()
            out["membership"] = [
                {"ccode": c, "iso3": _states.state(c).iso3, "name": _states.name_in(c, year),
                 "bloc": b}
                for c, b in sorted(res.membership.items())
            ]  # fmt: skip
            return out

        return dict(self._kept("blocs", (year,), compute))

    def polarity(self) -> list[dict[str, Any]]:
        def compute() -> list[dict[str, Any]]:
            from multipolar.explain.system import polarity_series

            with self.store() as st:
                return records(polarity_series(st))

        return list(self._kept("polarity", (), compute))

    def vetoes(self) -> dict[str, Any]:
        """UN Security Council vetoes when the store holds them (``unsc_vetoes``), else a note."""

        def compute() -> dict[str, Any]:
            with self.store() as st:
                if "unsc_vetoes" not in st.con.list_tables():
                    return {"rows": [], "note": "no UN Security Council vetoes in this store yet"}
                return {"rows": records(st.frame("unsc_vetoes")), "note": None}

        return dict(self._kept("vetoes", (), compute))

    # --- read, forecast, data -----------------------------------------------------------
    def read(self, text: str, *, date: str | None) -> dict[str, Any]:
        def compute() -> dict[str, Any]:
            from multipolar.explain.read import read

            with self.store() as st:
                return dict(read(text, date=date, store=st, name="pasted text").to_dict())

        # keyed by the text's hash: the LRU never holds the texts themselves
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return dict(self._kept("read", (digest, date), compute))

    def forecast(self, a: str, b: str, *, horizon: int) -> dict[str, Any]:
        def compute() -> dict[str, Any]:
            from multipolar.explain.forecast import forecast_pair

            with self.store() as st:
                res = forecast_pair(st, a, b, horizon=horizon)
            return to_jsonable(res)

        return dict(self._kept("forecast", (a, b, horizon), compute))

    def sources(self) -> dict[str, Any]:
        def compute() -> dict[str, Any]:
            from multipolar.explain.provenance import sources_for
            from multipolar.store import summary

            with self.store() as st:
                tables = records(summary(st))
                cited = sources_for([t["table"] for t in tables], st)
            stat = self.path.stat()
            store = {
                "file": self.path.name,  # not the server's folders
                "bytes": stat.st_size,
                "modified": dt.datetime.fromtimestamp(stat.st_mtime, dt.UTC).isoformat(
                    timespec="seconds"
                ),
            }
            return {"tables": tables, "sources": cited, "store": store}

        return dict(self._kept("sources", (), compute))


def records(df: Any) -> list[dict[str, Any]]:
    """A frame's rows as JSON-ready dicts (missing values become None, never zero)."""
    from multipolar.jsonutil import to_records

    return list(to_records(df))


def to_jsonable(obj: Any) -> dict[str, Any]:
    from multipolar.jsonutil import jsonable

    if hasattr(obj, "to_dict"):
        obj = obj.to_dict()
    return dict(jsonable(obj))


def year_arg(value: str | None, name: str) -> int | None:
    """A year from a query string (None when absent); a bad one is an :class:`InputError`."""
    if value is None or value == "":
        return None
    try:
        year = int(value)
    except ValueError:
        raise InputError(f"{name} must be a year such as 2019, not {value[:40]!r}") from None
    if not 1816 <= year <= 2100:
        raise InputError(f"{name} {year} is outside 1816-2100")
    return year


def finite(x: Any) -> Any:
    """``x`` or None when it is a NaN (for templates)."""
    return None if isinstance(x, float) and math.isnan(x) else x
