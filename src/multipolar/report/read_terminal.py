"""``multipolar read`` in the terminal: the claims checked, then events and quotes (Rich)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from multipolar.explain.numbers import signed
from multipolar.states import possessive

_VERDICT = {
    "supported": "green",
    "mixed": "yellow",
    "not supported": "red",
    "contradicted": "red",
    "not a claim": "dim",
    "cannot check": "dim",
    "no data": "dim",
}


def _short(text: str, n: int = 110) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _who(actor: dict[str, Any] | None) -> str:
    return actor["name"] if actor else "–"


def render(rd: dict[str, Any], *, html_path: str | None = None, max_rows: int = 40) -> Group:
    """A Rich renderable of :meth:`Reading.to_dict`."""
    d = rd["document"]
    pair = " and ".join(a["name"] for a in rd.get("pair", [])) or "no pair of states"
    when = f", dated {d['date']}" if d.get("date") else ""
    parts: list[Any] = [
        Text(
            f"{d['name']}{when}: {d['sentences']:,} sentences, {d['words']:,} words; about {pair}",
            style="bold",
        )
    ]
    for note in rd.get("notes", []):
        parts.append(Text(f"note: {note}", style="yellow"))
    actors = ", ".join(f"{a['name']} ({a['mentions']})" for a in rd.get("actors", [])[:12])
    if actors:
        parts.append(Text(f"Actors: {actors}"))
    parts += _claims(rd.get("claims", []), max_rows)
    events = rd.get("events", [])
    if events:
        t = Table(title="Events (CAMEO, PLOVER)", title_justify="left", header_style="bold")
        for col in ("date", "source", "event", "target", "words"):
            t.add_column(col, overflow="fold")
        for e in events[:max_rows]:
            date = (
                str(e["date"])[:7] if e.get("date_precision") == "month" else str(e["date"] or "–")
            )
            if e.get("date_precision") == "document":
                date += " (text)"
            t.add_row(
                date,
                _who(e["source"]),
                f"{e['cameo_code']} {e.get('plover') or ''}".strip(),
                _who(e.get("target")),
                _short(e.get("trigger", ""), 30),
            )
        parts.append(t)
        if len(events) > max_rows:
            parts.append(Text(f"… {len(events) - max_rows} more events", style="dim"))
    quotes = rd.get("quotes", [])
    if quotes:
        parts.append(Text("Quotes", style="bold"))
        for q in quotes[:max_rows]:
            sp = q.get("speaker_text") or "?"
            to = f" to {q['addressee_text']}" if q.get("addressee_text") else ""
            line = Text(f"• {sp}{to} ({q['kind']}): ")
            line.append(f"“{_short(q['text'], 150)}”", style="italic")
            parts.append(line)
    if rd.get("sources"):
        cites = ", ".join(dict.fromkeys(s.get("bibtex_key") or s["name"] for s in rd["sources"]))
        parts.append(Text(f"Sources: {cites}. `multipolar data cite` prints BibTeX.", style="dim"))
    if html_path:
        parts.append(
            Text(f"Full reading with the text highlighted: {html_path}", style="bold green")
        )
    return Group(*parts)


def print_reading(rd: dict[str, Any], *, console: Console, html_path: str | None = None) -> None:
    console.print(render(rd, html_path=html_path))


def render_corpus(cr: dict[str, Any], *, max_rows: int = 30) -> Group:
    """The folder summary: files read and failed, who speaks about whom by year."""
    c = cr["counts"]
    parts: list[Any] = [
        Text(
            f"{c.get('read', 0)} file(s) read, {c.get('failed', 0) + c.get('not English', 0)} not "
            f"read; {c.get('events', 0):,} events",
            style="bold",
        )
    ]
    for f in cr.get("failed", []):
        parts.append(Text(f"not read: {f['file']}: {f['reason']}", style="yellow"))
    if cr["who_whom"]:
        t = Table(title="Who speaks about whom", title_justify="left", header_style="bold")
        for col in ("year", "source", "target", "events", "coop", "conflict", "balance"):
            t.add_column(
                col, justify="right" if col in ("events", "coop", "conflict", "balance") else "left"
            )
        rows = sorted(cr["who_whom"], key=lambda r: -r["events"])[:max_rows]
        for r in sorted(rows, key=lambda r: (r["year"], -r["events"])):
            t.add_row(str(r["year"]), r["source"], r["target"], str(r["events"]), str(r["coop"]),
                      str(r["conflict"]), signed(r["balance"]))  # fmt: skip
        parts.append(t)
    return Group(*parts)


#: the recent window of "What they say" in the terminal (years, ending at the last speech year)
RECENT_YEARS = 10


def _window(series: list[dict[str, Any]], first: int, last: int) -> dict[str, Any]:
    rows = [r for r in series if first <= r["year"] <= last]
    coop = sum(r["coop"] for r in rows)
    conflict = sum(r["conflict"] for r in rows)
    return {
        "spoke": sum(1 for r in rows if r["spoke"]),
        "named": sum(1 for r in rows if r["sentences"]),
        "sentences": sum(r["sentences"] for r in rows),
        "coop": coop,
        "conflict": conflict,
        "balance": None if not coop + conflict else (coop - conflict) / (coop + conflict),
    }


def _bal(b: float | None) -> str:
    return "–" if b is None else signed(b)


def _renamed(wts: dict[str, Any], y0: int, y1: int) -> str:
    """``" (the Soviet Union before 1992)"``: the names of the year where the span crosses one."""
    from multipolar import states as _states

    out = []
    for k in ("a", "b"):
        code = wts["states"][k].get("ccode")
        if code is None:
            continue
        old, new = _states.name_in(int(code), y0), _states.name_in(int(code), y1)
        if old != new:
            until = next(
                (y for y in range(y1, y0 - 1, -1) if _states.name_in(int(code), y) == old), y0
            )
            out.append(f"{_states.the(old)} until {until}")
        # 710 before 1949 is the Republic of China; the pre-1971 UN seat too
    return f" (names of the year: {'; '.join(out)})" if out else ""


def what_they_say_lines(wts: dict[str, Any] | None) -> list[str]:
    """Lines for the terminal ``why`` report's "What they say" section (empty when None): per
    direction the last ten years and the whole span, so a balance of 1946–2024 (the Sino-Soviet
    split) is never read as today's."""
    if not wts:
        return []
    y0, y1 = wts["years"] or (None, None)
    if y0 is None or y1 is None:
        return []
    q = wts.get("stance_quality") or {}
    acc = (
        f"; stance right {q['heldout_accuracy']:.0%} of the time on held-out sentences" if q else ""
    )
    lines = [
        f"What they say (UN General Debate {y0}–{y1}, coded by multipolar{acc})"
        f"{_renamed(wts, y0, y1)}:"
    ]
    r0 = max(y0, y1 - RECENT_YEARS + 1)
    for d in wts["directions"]:
        series = d["by_year"]
        now, whole = _window(series, r0, y1), _window(series, y0, y1)
        lines.append(
            f"• {d['speaker']} on {d['about']}, {r0}–{y1}: named in {now['named']} of "
            f"{now['spoke']} speeches, {now['sentences']:,} sentence"
            f"{'' if now['sentences'] == 1 else 's'}: {now['coop']:,} cooperative / "
            f"{now['conflict']:,} conflictual (balance {_bal(now['balance'])}); {y0}–{y1}: "
            f"{whole['coop']:,} / {whole['conflict']:,} of {whole['sentences']:,} "
            f"({_bal(whole['balance'])})"
        )
    for k in ("a", "b"):
        name = wts["states"][k]["name"]
        totals: dict[str, int] = {}
        for row in wts["terms"].get(k, []):
            for term, n in row.items():
                if term != "year":
                    totals[term] = totals.get(term, 0) + int(n)
        if totals:
            lines.append(
                f"  {possessive(name)} key terms: "
                + ", ".join(f"{t} {n}" for t, n in sorted(totals.items(), key=lambda kv: -kv[1]))
            )
    if wts.get("note"):  # the full caveat is in the HTML and JSON
        lines.append("  (mentions exact; stances from a fitted coder: estimates, not measurements)")
    return lines


def _value(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.2f}" if abs(v) < 10 else f"{v:,.1f}" if abs(v) < 1000 else f"{v:,.0f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def _source(src: str) -> str:
    return str(src).split(" (")[0]


def numbers_text(check: dict[str, Any]) -> str:
    """The deciding numbers, each with its year(s) and source table."""
    out = []
    for n in check.get("numbers") or []:
        out.append(f"{n['what']}: {_value(n['value'])} ({n['year']}; {_source(n['source'])})")
    return "; ".join(out)


def _claims(claims: list[dict[str, Any]], max_rows: int) -> list[Any]:
    """The claims table: the sentence, what it asserts, the verdict, the numbers with years;
    then one line counting the sentences that are not claims, by reason."""
    parts: list[Any] = []
    real = [c for c in claims if c.get("kind", "claim") == "claim"]
    nots = Counter(str(c.get("reason")) for c in claims if c.get("kind") == "not a claim")
    if real:
        t = Table(
            title="Claims checked against the data (each against the channel it names)",
            title_justify="left",
            header_style="bold",
            box=None,
            pad_edge=False,
        )
        for col in ("#", "claim", "asserts", "verdict", "the numbers (year; source)"):
            t.add_column(col, overflow="fold")
        for i, c in enumerate(real[:max_rows], 1):  # numbered as the HTML numbers them
            ch = c.get("check") or {}
            verdict = str(ch.get("verdict", "not checked"))
            said = numbers_text(ch) or str(ch.get("reason") or "–")
            if ch.get("holds"):
                said += f" — holds: {ch['holds']}"
            ev = ch.get("events")
            if ev and ev.get("verdict") != "cannot check":
                said += f"; events {ev.get('month')}: {ev.get('verdict')}"
            t.add_row(
                str(i),
                _short(c["text"], 60),
                str(c.get("asserts") or ""),
                Text(verdict, style=_VERDICT.get(verdict, "")),
                said,
            )
        parts.append(t)
        if len(real) > max_rows:
            parts.append(
                Text(f"… {len(real) - max_rows} more claims in the HTML/JSON", style="dim")
            )
    if nots:
        reasons = ", ".join(f"{r} {n}" for r, n in nots.most_common())
        parts.append(
            Text(
                f"{sum(nots.values())} sentence(s) naming a state are not claims ({reasons})",
                style="dim",
            )
        )
    return parts
