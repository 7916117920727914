"""The normalised event schema shared by GDELT 1.0, GDELT 2.0 and ICEWS (and, later, text).

One row is one coded event: *who* (source actor) did *what* (a CAMEO code) to *whom*
(target actor), *when*, and how often the news reported it.

==================  ===========  ===========================================================
column              type         meaning
==================  ===========  ===========================================================
``event_id``        string       the provider's event id (GDELT ``GLOBALEVENTID``, ICEWS
                                 ``Event ID``), unique within ``source_dataset``
``date``            date32       the day the event happened (GDELT ``SQLDATE``, ICEWS
                                 ``Event Date``), not the day it was published
``source_actor``    string       GDELT: the CAMEO actor code (``USAGOV``); ICEWS: the actor
                                 name (``Foreign Affairs (Bangladesh)``); null if none
``source_ccode``    int32        COW code of the source actor's country, null when the actor
                                 has no country or the code names no COW state (a region
                                 such as ``EUR``, a territory such as ``HKG``)
``target_actor``    string       as ``source_actor``, for the target
``target_ccode``    int32        as ``source_ccode``, for the target
``cameo_code``      string       the CAMEO event code with its leading zero (``"040"``,
                                 ``"0834"``)
``root_code``       int8         the CAMEO root (1–20): the first two digits of the code
``quad_class``      int8         1 verbal cooperation (roots 01–05), 2 material cooperation
                                 (06–09), 3 verbal conflict (10–14), 4 material conflict
                                 (15–20)
``goldstein``       float64      Goldstein (1992) conflict–cooperation score of the code,
                                 −10 (most conflictual) to +10 (most cooperative)
``num_mentions``    int32        GDELT ``NumMentions``: mentions in all articles of the
                                 first 15 minutes (2.0) or the day (1.0); null for ICEWS
``num_articles``    int32        GDELT ``NumArticles``; null for ICEWS
``source_url``      string       GDELT ``SOURCEURL`` (the first article); null for the
                                 57-column GDELT 1.0 back-files and ICEWS
``source_dataset``  string       ``gdelt1``, ``gdelt2``, ``icews`` or ``text`` (events coded
                                 from a text by ``multipolar read``)
``source_file``     string       sha256 of the file the row came from (for provenance and
                                 for removing one file's rows)
==================  ===========  ===========================================================

QuadClass and Goldstein follow the GDELT codebook (Leetaru & Schrodt 2013); for ICEWS, which
ships only CAMEO codes, both are derived from the CAMEO tables (:mod:`.cameo`).
"""

from __future__ import annotations

import pyarrow as pa

EVENT_SCHEMA = pa.schema(
    [
        pa.field("event_id", pa.string(), nullable=False),
        pa.field("date", pa.date32(), nullable=False),
        pa.field("source_actor", pa.string()),
        pa.field("source_ccode", pa.int32()),
        pa.field("target_actor", pa.string()),
        pa.field("target_ccode", pa.int32()),
        pa.field("cameo_code", pa.string(), nullable=False),
        pa.field("root_code", pa.int8(), nullable=False),
        pa.field("quad_class", pa.int8(), nullable=False),
        pa.field("goldstein", pa.float64()),
        pa.field("num_mentions", pa.int32()),
        pa.field("num_articles", pa.int32()),
        pa.field("source_url", pa.string()),
        pa.field("source_dataset", pa.string(), nullable=False),
        pa.field("source_file", pa.string(), nullable=False),
    ]
)

#: Names of the normalised columns, in order.
EVENT_COLUMNS: tuple[str, ...] = tuple(EVENT_SCHEMA.names)

#: QuadClass labels (GDELT codebook, Leetaru & Schrodt 2013).
QUAD_LABELS: dict[int, str] = {
    1: "verbal_coop",
    2: "material_coop",
    3: "verbal_conflict",
    4: "material_conflict",
}

#: Dataset kinds the parsers understand.
KINDS: tuple[str, ...] = ("gdelt1", "gdelt2", "icews", "text")


def quad_of_root(root: int) -> int:
    """QuadClass of a CAMEO root code (1–20), as GDELT assigns it.

    >>> [quad_of_root(r) for r in (1, 5, 6, 9, 10, 14, 15, 20)]
    [1, 1, 2, 2, 3, 3, 4, 4]
    """
    if not 1 <= root <= 20:
        raise ValueError(f"CAMEO root code must be 1-20, got {root}")
    return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4
