"""One UN vote panel from 1946 to the latest session, assembled session by session.

``unga_votes`` and ``unga_rollcalls`` are views over the tables of the sources that hold UN
votes; each session comes from exactly one of them, in this order of preference:

1. a Voeten-format release the user imported (``multipolar data import FILE --as
   unvotes-voeten``; tables ``import_votes``/``import_rollcalls``) — for every session it holds;
2. the Voeten/unvotes data (``unvotes_votes``/``unvotes_rollcalls``) for sessions 1–73
   (1946–2018);
3. the UN's own resolution records (``unxml_votes``/``unxml_rollcalls``) from session 74
   (2019–20) on.

On top of these, a UN Digital Library bulk file the user imported (``data import FILE --as
undl-ga``; tables ``undl_ga_votes``/``undl_ga_rollcalls``) is the newest record: it takes
precedence roll call by roll call, matched on the resolution's symbol (``A/RES/73/5`` is
Voeten's ``R/73/5``; amendment and paragraph votes of the other sources are kept), and adds
every roll call the others lack (the emergency session's votes of 24 February 2025, ES-11/7–9).

Session 74 is in both 2 and 3; the panel takes it from the UN's records (they hold the whole
session, the unvotes copy stops in January 2020) and the overlap tests the UN parser. Each roll
call records where it came from (``source``); ``_vote_panel`` lists the source of every session.
The views are rebuilt in the same transaction as any load that changes one of their parts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multipolar.store.core import Store

#: bumped when the views' definition changes (a store rebuilds them on next use)
VERSION = "2"
#: the panel's tables (views)
PANEL_TABLES = ("unga_votes", "unga_rollcalls")
#: the declared sources the panel is built from (the import is optional)
PROVIDERS = ("unvotes", "unga_unxml")
#: last session taken from unvotes; later ones come from the UN's records
LAST_VOETEN_SESSION = 73
#: (catalog source, source label, votes table, roll-call table), by preference
_PARTS = (
    ("unvotes-voeten", "unvotes-voeten", "import_votes", "import_rollcalls"),
    ("unvotes", "unvotes", "unvotes_votes", "unvotes_rollcalls"),
    ("unga_unxml", "unga_unxml", "unxml_votes", "unxml_rollcalls"),
)
#: the UN Digital Library import: newest, roll call by roll call (source label, tables)
UNDL = ("undl-ga", "undl_ga_votes", "undl_ga_rollcalls")
#: the tables the panel reads (a load that writes one of them rebuilds the views)
PART_TABLES = frozenset(t for part in _PARTS for t in part[2:]) | frozenset(UNDL[1:])
#: the SQL spelling of a symbol shared by all sources (sources.undl.norm_symbol)
_NORM = "CASE WHEN upper(regexp_replace({c}, '\\s', '', 'g')) LIKE 'A/RES/%' THEN 'R/' || substr(upper(regexp_replace({c}, '\\s', '', 'g')), 7) ELSE upper(regexp_replace({c}, '\\s', '', 'g')) END"

_FLAGS = frozenset(
    ("recorded", "importantvote", "amend", "para", "me", "nu", "di", "hr", "co", "ec")
)
VOTE_COLUMNS = ("rcid", "session", "year", "ccode", "iso3", "country", "vote")
#: roll-call columns in the order the view shows them (those a part lacks are null)
ROLLCALL_COLUMNS = (
    "rcid", "session", "year", "date", "source", "recorded", "unres", "title", "short", "descr",
    "importantvote", "amend", "para", "me", "nu", "di", "hr", "co", "ec", "emergency_session",
    "agenda_item", "agenda_item_name", "subjects", "committee", "adoption_type", "yes_count",
    "no_count", "abstain_count", "absent", "count_mismatch",
)  # fmt: skip


def _tables(store: Store) -> set[str]:
    rows = store.raw.execute("SELECT table_name FROM information_schema.tables").fetchall()
    return {r[0] for r in rows}


def _sessions(store: Store, table: str) -> list[int]:
    rows = store.raw.execute(f'SELECT DISTINCT session FROM "{table}" ORDER BY 1').fetchall()
    return [int(r[0]) for r in rows if r[0] is not None]


def plan(store: Store) -> list[tuple[int, str]]:
    """``[(session, source)]``: where each session of the panel comes from."""
    have = _tables(store)
    taken: dict[int, str] = {}
    for source, label, votes, rollcalls in _PARTS:
        if votes not in have or rollcalls not in have:
            continue
        for session in _sessions(store, rollcalls):
            if session in taken:
                continue
            if source == "unvotes" and session > LAST_VOETEN_SESSION and "unxml_rollcalls" in have:
                continue
            if source == "unga_unxml" and session <= LAST_VOETEN_SESSION:
                continue  # never: the UN's records start at session 74
            taken[session] = label
    return sorted(taken.items())


def _columns(store: Store, table: str) -> list[str]:
    rows = store.raw.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
        "ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [r[0] for r in rows]


def rebuild(store: Store) -> list[tuple[int, str]]:
    """(Re)create ``_vote_panel`` and the two views; call inside the caller's transaction.

    Without any vote source loaded the views are dropped (and ``ensure`` loads the sources).
    """
    raw = store.raw
    layout = plan(store)
    raw.execute("INSERT OR REPLACE INTO _meta VALUES ('panel_version', ?)", [VERSION])
    raw.execute("CREATE OR REPLACE TABLE _vote_panel (session INTEGER, source VARCHAR)")
    if layout:
        raw.executemany("INSERT INTO _vote_panel VALUES (?, ?)", [list(r) for r in layout])
    for view in PANEL_TABLES:
        raw.execute(f'DROP VIEW IF EXISTS "{view}"')
    if not layout:
        return layout
    by_source: dict[str, list[int]] = {}
    for session, label in layout:
        by_source.setdefault(label, []).append(session)
    votes_sql, rc_sql = [], []
    for _source, label, votes, rollcalls in _PARTS:
        sessions = by_source.get(label)
        if not sessions:
            continue
        where = f"session IN ({', '.join(str(s) for s in sessions)})"
        cols = set(_columns(store, rollcalls))
        extra = [f"'{label}' AS source"]
        if "recorded" not in cols:
            extra.append("TRUE AS recorded")  # every Voeten roll call is a recorded vote
        keep = _quoted(c for c in _columns(store, rollcalls) if c != "source")
        rc_sql.append(f'SELECT {keep}, {", ".join(extra)} FROM "{rollcalls}" WHERE {where}')
        votes_sql.append(f'SELECT {_quoted(VOTE_COLUMNS)} FROM "{votes}" WHERE {where}')
    union_rc = " UNION ALL BY NAME ".join(f"({q})" for q in rc_sql)
    present = set()
    for _source, label, _votes, rollcalls in _PARTS:
        if label in by_source:
            present |= set(_columns(store, rollcalls)) | {"source", "recorded"}
    have = _tables(store)
    if set(UNDL[1:]) <= have:
        label, undl_votes, undl_rc = UNDL
        present |= set(_columns(store, undl_rc)) | {"source"}
        norm = _NORM.format(c="unres")
        taken = f'SELECT {norm} FROM "{undl_rc}" WHERE unres IS NOT NULL'
        superseded = (
            f"unres IS NOT NULL AND {norm} IN ({taken}) "
            "AND NOT coalesce(CAST(amend AS BOOLEAN), FALSE) "
            "AND NOT coalesce(CAST(para AS BOOLEAN), FALSE)"
        )
        base_rc = union_rc
        union_rc = (
            f"(SELECT * FROM ({base_rc}) WHERE NOT ({superseded})) UNION ALL BY NAME "
            f"""(SELECT *, '{label}' AS source FROM "{undl_rc}")"""
        )
        dropped = f"SELECT rcid FROM ({base_rc}) WHERE {superseded}"
        votes_sql = [
            f"SELECT * FROM ({' UNION ALL '.join(votes_sql)}) WHERE rcid NOT IN ({dropped})",
            f'SELECT {_quoted(VOTE_COLUMNS)} FROM "{undl_votes}"',
        ]
    ordered = [c for c in ROLLCALL_COLUMNS if c in present]
    ordered += sorted(present - set(ordered))
    select = [
        f'CAST("{c}" AS BOOLEAN) AS "{c}"' if c in _FLAGS else f'"{c}"' for c in ordered
    ]  # an all-null flag of one part must not turn the union's flag into a number
    raw.execute(f"CREATE VIEW unga_rollcalls AS SELECT {', '.join(select)} FROM ({union_rc})")
    raw.execute("CREATE VIEW unga_votes AS " + " UNION ALL ".join(votes_sql))
    return layout


def _quoted(columns: Any) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def is_built(store: Store) -> bool:
    """Whether the panel views exist, made by this version of the code."""
    row = store.raw.execute("SELECT value FROM _meta WHERE key = 'panel_version'").fetchall()
    return bool(row) and row[0][0] == VERSION and set(PANEL_TABLES) <= _tables(store)


def describe(store: Store) -> list[dict[str, Any]]:
    """The panel's layout as spans: ``[{source, first_session, last_session, years}]``."""
    out: list[dict[str, Any]] = []
    for session, label in plan(store):
        if out and out[-1]["source"] == label and out[-1]["last_session"] == session - 1:
            out[-1]["last_session"] = session
        else:
            out.append({"source": label, "first_session": session, "last_session": session})
    for span in out:
        span["years"] = f"{span['first_session'] + 1945}–{span['last_session'] + 1945}"
    return out
