"""Issue codes for UN roll calls: agreement with Voeten's codes, and speed against a plain loop.

Run: ``MULTIPOLAR_MIRROR=../shared/data python benchmarks/issue_codes.py``. Prints

1. the validation table of ``docs/issue-codes.md`` (precision/recall per set and issue, with
   Voeten's keyword conventions on and off);
2. the same for a naive coder a user might write first: one keyword per issue, the word of its
   name (``CORE_WORDS``), on the title;
3. the reference check (titles that hold their issue's word but that Voeten did not code) and
   his own year-to-year consistency on recurring titles, sessions 69–74;
4. the time to code every roll call title 1946–2019 plus the UN records 2019–2026, ours
   (vectorised, one regular expression per issue and field) against a per-row loop over the
   same rules, with equal results asserted.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pandas as pd

from multipolar.sources.issue_codes import ISSUE_CODES, IssueRule, issue_flags, load_rules
from multipolar.sources.issue_codes_validation import (
    CORE_WORDS,
    read_unxml,
    reference_check,
    validation,
    voeten_consistency,
    voeten_reference,
)

COLUMNS = ["set", "fields", "sessions", "issue", "reference", "precision", "recall"]


def _naive_rules() -> dict[str, IssueRule]:
    none = dict.fromkeys(("title", "agenda", "subjects"))
    return {
        code: IssueRule(
            code=code,
            label=code,
            include={**none, "title": re.compile(word, re.IGNORECASE)},
            exclude=dict(none),
            conventions=None,
        )
        for code, word in CORE_WORDS.items()
    }


def _loop(titles, agenda, subjects, shipped) -> pd.DataFrame:
    """The baseline: for each roll call, for each issue, search each field in turn.

    The same patterns, compiled the plain way (case-insensitive, on the text as it is).
    """

    def plain(rx):
        return None if rx is None else re.compile(rx.pattern, re.IGNORECASE)

    rules = {
        c: IssueRule(
            code=c,
            label=r.label,
            include={f: plain(x) for f, x in r.include.items()},
            exclude={f: plain(x) for f, x in r.exclude.items()},
            conventions=plain(r.conventions),
        )
        for c, r in shipped.items()
    }
    rows = []
    for t, a, subj in zip(titles, agenda, subjects, strict=True):
        row = {}
        for code in ISSUE_CODES:
            r = rules[code]
            hit = False
            for field, text in (("title", t), ("agenda", a)):
                inc, exc = r.include[field], r.exclude[field]
                if inc is not None and inc.search(text) and not (exc and exc.search(text)):
                    hit = True
            inc, exc = r.include["subjects"], r.exclude["subjects"]
            for term in subj:
                if inc is not None and inc.search(term) and not (exc and exc.search(term)):
                    hit = True
            if r.conventions is not None and (r.conventions.search(t) or r.conventions.search(a)):
                hit = True
            row[code] = hit
        rows.append(row)
    return pd.DataFrame(rows)


def main() -> None:
    mirror = Path(os.environ.get("MULTIPOLAR_MIRROR", "../shared/data"))
    unvotes, unxml = mirror / "unvotes", mirror / "unxml"
    pd.set_option("display.width", 160)
    pd.set_option("display.max_rows", 200)

    for label, kw in (
        ("rules, conventions on", {}),
        ("rules, conventions off", {"conventions": False}),
        ("naive: the issue's word in the title", {"rules": _naive_rules()}),
    ):
        t = validation(unvotes, unxml, **kw)
        t = t.assign(
            precision=t["precision"].round(3),
            recall=t["recall"].round(3),
            issue=t["issue"] + t["reference_unreliable"].map({True: " (*)", False: ""}),
        )
        print(f"\n== {label}  (*) reference unreliable: see reference check\n")
        print(t[COLUMNS].to_string(index=False))

    ref = voeten_reference(unvotes)
    check = reference_check(ref).loc[69:74]
    print("\n== reference check: titles with the issue's word / of them not coded by Voeten\n")
    print(
        pd.DataFrame(
            {
                c: check[(c, "titles")].astype(str) + "/" + check[(c, "uncoded")].astype(str)
                for c in ISSUE_CODES
            }
        ).to_string()
    )
    print(
        "\n== Voeten's consistency: recurring titles coded before (previous 4 sessions) / kept / added\n"
    )
    for s in range(69, 75):
        c = voeten_consistency(ref, s, previous=range(s - 4, s))
        cells = " ".join(f"{i}:{r.before}/{r.kept}/+{r.added}" for i, r in c.iterrows())
        print(f"  {s} ({int(c['recurring'].iloc[0])} recurring): {cells}")

    # speed: every titled roll call 1946-2019 and every UN record 2019-2026, all fields
    titled = ref[ref["title"] != ""]
    un = pd.concat([read_unxml(p) for p in sorted(unxml.glob("*.json"))], ignore_index=True)
    titles = pd.concat([titled["title"], un["title"]], ignore_index=True).fillna("")
    agenda = pd.concat([titled["agenda"], un["agenda_item_name"].fillna("")], ignore_index=True)
    subjects = [[h] if h else [] for h in titled["heading"]] + [
        [s[0] for s in v if len(s) < 2 or "unbis" in str(s[1]).lower()] for v in un["subjects"]
    ]
    rules = load_rules()
    t0 = time.perf_counter()
    ours = issue_flags(titles, agenda=agenda, subjects=subjects)
    t_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    base = _loop(titles, agenda, subjects, rules)
    t_base = time.perf_counter() - t0
    pd.testing.assert_frame_equal(ours[list(ISSUE_CODES)], base, check_dtype=False)
    print(
        f"\n== speed: {len(titles):,} roll calls (titles, agenda items, subjects): ours "
        f"{t_ours:.3f} s, per-row loop {t_base:.3f} s, ratio {t_base / t_ours:.1f}; equal results"
    )


if __name__ == "__main__":
    main()
