"""``multipolar read`` as one self-contained HTML file: the text with actors, events, quotes and
claims highlighted inline, the claims-vs-data table beside it; and the "What they say" section
of the ``why`` report. No scripts from anywhere, no network: CSS inline, every text escaped.
"""

from __future__ import annotations

import html as _html
import itertools
from collections import Counter
from typing import Any

from multipolar.explain.numbers import signed
from multipolar.report.html import Document, prose
from multipolar.report.read_terminal import numbers_text

_CSS = """
<style>
main { max-width: 1600px; }
.reading { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1.5rem;
           align-items: start; }
.reading .text { white-space: pre-wrap; line-height: 1.7; font-size: .98rem;
                 border: 1px solid var(--line); padding: 1rem; border-radius: 6px; }
.reading .side { position: sticky; top: .5rem; max-height: 95vh; overflow-y: auto; }
.actor { background: #e3efff; border-bottom: 2px solid #0b5cad; border-radius: 2px; }
.actor.person { background: #eee3ff; border-bottom-color: #6f42c1; }
.actor.igo, .actor.bloc { background: #e6f6ea; border-bottom-color: #1a7f37; }
.event { font-weight: 700; text-decoration: underline wavy #bf8700; }
.event.conflict { text-decoration-color: #cf222e; }
.quote { font-style: italic; background: #fff8c5; }
.claim { box-shadow: inset 0 -1px 0 #8c959f; }
.verdict-supported { color: #1a7f37; font-weight: 600; }
.verdict-mixed { color: #9a6700; font-weight: 600; }
.verdict-not-supported { color: #cf222e; font-weight: 600; }
.verdict-contradicted { color: #cf222e; font-weight: 600; }
.verdict-cannot-check { color: #59636e; }
table.claims td { font-size: .8rem; padding: .25rem .4rem; }
table.claims { min-width: 100%; }
.legend span { margin-right: 1rem; padding: 0 .3rem; }
@media (max-width: 900px) { .reading { grid-template-columns: 1fr; } }
</style>
"""


def _e(text: Any) -> str:
    return _html.escape("" if text is None else str(text), quote=True)


def _slug(verdict: str) -> str:
    return "verdict-" + "-".join(str(verdict).split())


def highlighted(text: str, rd: dict[str, Any]) -> str:
    """The text as HTML with ``<span>`` classes for actors, events, quotes and claims.

    Spans may overlap (an actor inside a quote): the text is cut at every span edge and each
    piece carries the classes and titles of all the spans that cover it.
    """
    spans: list[tuple[int, int, str, str, str | None]] = []  # start, end, class, title, anchor
    names = {a["id"]: a for a in rd.get("actors", [])}
    for m in rd.get("mentions", []):
        a = names.get(m["actor"], {})
        title = f"{a.get('name', m['actor'])} ({a.get('kind', '')}, {a.get('code', '')})"
        spans.append((m["start"], m["end"], f"actor {a.get('kind', '')}", title, None))
    for e in rd.get("events", []):
        tgt = e["target"]["name"] if e.get("target") else "–"
        cls = "event conflict" if e["quad_class"] >= 3 else "event"
        title = f"{e['cameo_code']} {e.get('plover') or ''}: {e['source']['name']} → {tgt}"
        spans.append((e["span"][0], e["span"][1], cls, title, None))
    for q in rd.get("quotes", []):
        who = q.get("speaker_text") or "?"
        to = f" to {q['addressee_text']}" if q.get("addressee_text") else ""
        spans.append((q["start"], q["end"], "quote", f"{q['kind']} quote: {who}{to}", None))
    for i, c in enumerate(_real(rd), 1):
        verdict = (c.get("check") or {}).get("verdict", "")
        spans.append(
            (
                c["start"],
                c["end"],
                "claim",
                f"claim {i}: {c.get('asserts')} — {verdict}",
                f"claim-{i}",
            )
        )
    cuts = sorted({0, len(text)} | {s for s, *_ in spans} | {e for _, e, *_ in spans})
    cuts = [c for c in cuts if 0 <= c <= len(text)]
    starts: dict[int, list[str]] = {}
    for s, _e2, _c, _t, anchor in spans:
        if anchor:
            starts.setdefault(s, []).append(anchor)
    out = []
    for lo, hi in itertools.pairwise(cuts):
        for anchor in starts.get(lo, []):
            out.append(f'<a id="{anchor}"></a>')
        cover = [sp for sp in spans if sp[0] <= lo and hi <= sp[1]]
        piece = _e(text[lo:hi])
        if not cover:
            out.append(piece)
            continue
        classes = " ".join(dict.fromkeys(" ".join(sp[2] for sp in cover).split()))
        title = " | ".join(sp[3] for sp in cover)
        out.append(f'<span class="{_e(classes)}" title="{_e(title)}">{piece}</span>')
    return "".join(out)


def _real(rd: dict[str, Any]) -> list[dict[str, Any]]:
    """The claims proper (sentences that assert something the data could test)."""
    return [c for c in rd.get("claims", []) if c.get("kind", "claim") == "claim"]


def _claims_table(rd: dict[str, Any]) -> str:
    rows = []
    for i, c in enumerate(_real(rd), 1):
        ch = c.get("check") or {}
        verdict = ch.get("verdict", "not checked")
        said = numbers_text(ch) or ch.get("reason") or ""
        if ch.get("holds"):
            said += f" — what holds: {ch['holds']}"
        rule = ch.get("rule") or ""
        ev = ch.get("events")
        if ev:
            said += f"; events in {ev.get('month')}: {ev.get('verdict')}"
            if ev.get("reason"):
                said += f" ({ev['reason']})"
        text = c["text"][:140] + ("…" if len(c["text"]) > 140 else "")
        rows.append(
            f'<tr><td><a href="#claim-{i}">{i}</a></td><td>{_e(text)}</td>'
            f'<td>{_e(c.get("asserts") or "")}</td><td class="{_slug(verdict)}">{_e(verdict)}</td>'
            f"<td>{prose(said)}<br><small>{prose(rule)}</small></td></tr>"
        )
    nots = Counter(
        str(c.get("reason")) for c in rd.get("claims", []) if c.get("kind") == "not a claim"
    )
    note = (
        f"<p><small>{sum(nots.values())} sentence(s) naming a state are not claims ("
        + _e(", ".join(f"{r} {n}" for r, n in nots.most_common()))
        + ").</small></p>"
        if nots
        else ""
    )
    if not rows:
        return "<p>No claims the data could test were found.</p>" + note
    return (
        '<div class="table-wrap"><table class="claims"><caption>Claims checked against the data'
        "</caption><thead><tr><th>#</th><th>claim</th><th>asserts</th><th>verdict</th>"
        "<th>the numbers (year; source) and the rule</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></div>"
        + note
    )


def build(rd: dict[str, Any]) -> Document:
    """The HTML document of :meth:`Reading.to_dict`."""
    d = rd["document"]
    pair = " and ".join(a["name"] for a in rd.get("pair", [])) or "no pair of states"
    doc = Document(
        f"Reading: {d['name']}",
        subtitle=f"{d['sentences']:,} sentences, {d['words']:,} words"
        + (f", dated {d['date']}" if d.get("date") else "")
        + f"; about {pair}",
    )
    doc.markup(_CSS)
    for note in rd.get("notes", []):
        doc.paragraph(f"Note: {note}")
    doc.heading("The text and its claims")
    doc.markup(
        '<p class="legend"><span class="actor">state</span><span class="actor person">person'
        '</span><span class="actor igo">IGO / bloc</span><span class="event">event</span>'
        '<span class="event conflict">conflict event</span><span class="quote">quote</span>'
        '<span class="claim">claim</span> (hover for details)</p>'
    )
    text = rd.get("text")
    body = (
        highlighted(text, rd)
        if text
        else _e("The text is too large to show inline; its records are below and in the JSON.")
    )
    doc.markup(
        f'<div class="reading"><div class="text" id="text">{body}</div>'
        f'<div class="side">{_claims_table(rd)}</div></div>'
    )
    events = rd.get("events", [])
    doc.heading("Events")
    if events:
        doc.table(
            [
                {
                    "date": str(e["date"]) if e.get("date") else None,
                    "precision": e.get("date_precision"),
                    "source": e["source"]["name"],
                    "CAMEO": e["cameo_code"],
                    "PLOVER": e.get("plover"),
                    "target": e["target"]["name"] if e.get("target") else None,
                    "words": e.get("trigger"),
                    "event id": e["event_id"],
                }
                for e in events
            ],
            caption="Coded events (same schema as GDELT/ICEWS; --events-out writes them)",
            max_rows=500,
        )
    else:
        doc.paragraph("No events were coded.")
    doc.heading("Quotes")
    if rd.get("quotes"):
        doc.table(
            [
                {
                    "kind": q["kind"],
                    "speaker": q.get("speaker_text"),
                    "speaker's state": (q.get("speaker") or {}).get("name")
                    if (q.get("speaker") or {}).get("kind") != "person"
                    else q.get("speaker_state"),
                    "addressee": q.get("addressee_text"),
                    "quote": q["text"],
                }
                for q in rd["quotes"]
            ],
            max_rows=200,
        )
    else:
        doc.paragraph("No attributed quotes were found.")
    doc.heading("Actors")
    doc.table(
        [
            {
                "actor": a["name"],
                "kind": a["kind"],
                "code": a["code"],
                "COW": a["ccode"],
                "mentions": a["mentions"],
                "named as": ", ".join(list(a["as"])[:6]),
            }
            for a in rd.get("actors", [])
        ],
        max_rows=300,
    )
    doc.sources(rd.get("sources", []))
    return doc


def what_they_say_section(doc: Document, wts: dict[str, Any] | None) -> None:
    """Add the "What they say" section (General Debate, by year) to the why report's document."""
    if not wts:
        return
    st = wts["states"]
    doc.heading("What they say")
    y0, y1 = wts["years"] or ("?", "?")
    doc.paragraph(
        f"How {st['a']['name']} speaks of {st['b']['name']} and of {st['vs']['name']}, and "
        f"{st['b']['name']} of {st['a']['name']} and of {st['vs']['name']}, in the UN General "
        f"Debate {y0}–{y1}: sentences that name the other, and how many of them are cooperative "
        "or conflictual toward it (balance = (coop − conflict) / (coop + conflict) sentences). "
        + wts.get("note", "")
    )
    dirs = {d["key"]: d for d in wts["directions"]}
    years = [r["year"] for r in wts["directions"][0]["by_year"]]
    rows = []
    for i, y in enumerate(years):
        if not any(d["by_year"][i]["sentences"] for d in dirs.values()):
            continue  # 1946–2024: only the years in which one of them named the other
        row: dict[str, Any] = {"year": y}
        for d in dirs.values():
            r = d["by_year"][i]
            label = f"{d['speaker']} on {d['about']}"
            if not r["spoke"]:
                row[label] = "no speech"
                continue
            bal = "" if r["balance"] is None else f", {signed(r['balance'])}"
            row[label] = f"{r['sentences']} ({r['coop']}+/{r['conflict']}−{bal})"
        rows.append(row)
    doc.table(
        rows, caption="Sentences naming the other (cooperative+/conflictual− sentences, balance)"
    )
    terms = []
    for k in ("a", "b"):
        for r in wts["terms"].get(k, []):
            terms.append({"speaker": st[k]["name"], **r})
    if terms:
        doc.table(terms, caption="Key terms of the debate, uses per speech")
    examples = []
    for d in wts["directions"]:
        for r in reversed(d["by_year"]):
            ex = r.get("example_conflict") or r.get("example_coop") or r.get("example")
            if ex:
                examples.append(f"{d['speaker']} on {d['about']} ({r['year']}): “{ex}”")
                break
    if examples:
        doc.bullets(examples)
    doc.paragraph(f"Source: {wts.get('citation', '')}")
