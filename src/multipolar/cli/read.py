"""``multipolar read``: actors, coded events, quotes and claims of a text, each claim checked."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from multipolar.cli._common import open_store
from multipolar.errors import InputError
from multipolar.report.output import atomic_write, console, emit


class _EventsOut:
    """Streams events into a temporary file; :meth:`commit` moves it into place (nothing
    half-written: on any error the temporary file is removed)."""

    def __init__(self, path: Path) -> None:
        import tempfile

        from multipolar.sources.events.text import TEXT_HEADER

        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed by commit/abort)
            "w", encoding="utf-8", dir=self.path.parent, prefix=f".{self.path.name}.",
            suffix=".tmp", delete=False,
        )  # fmt: skip
        self.tmp = Path(fh.name)
        self.fh = fh
        self.fh.write(TEXT_HEADER + "\n")
        self.written = 0
        self.undated = 0
        self.unsure = 0
        self.name = "text"

    def __call__(self, event: dict[str, Any]) -> None:
        from multipolar.sources.events.text import text_event_line
        from multipolar.sources.text.coder import EXPORT_CONFIDENCE

        if event.get("confidence", 0.0) < EXPORT_CONFIDENCE:
            self.unsure += 1
            return
        line = text_event_line(event, name=self.name)
        if line is None:
            self.undated += 1
            return
        self.fh.write(line + "\n")
        self.written += 1

    def commit(self) -> None:
        import os

        self.fh.close()
        os.chmod(self.tmp, 0o644)
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        self.fh.close()
        self.tmp.unlink(missing_ok=True)


def read(
    source: str = typer.Argument(
        None, help="A text file, a folder (read as a corpus) or - for standard input."
    ),
    date: str | None = typer.Option(None, "--date", help="The text's date, YYYY-MM-DD."),
    html: Path | None = typer.Option(
        None, "--html", help="Write the HTML reading here (default read-NAME.html)."
    ),
    json_path: Path | None = typer.Option(None, "--json", help="Write the reading as JSON."),
    events_out: Path | None = typer.Option(
        None,
        "--events-out",
        help="Write the coded events (event schema; `events import` reads it).",
    ),
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
    corpus: str | None = typer.Option(
        None, "--corpus", help="A declared corpus instead of SOURCE: ungdc (UN General Debate)."
    ),
    no_html: bool = typer.Option(False, "--no-html", help="Do not write the HTML."),
    no_check: bool = typer.Option(
        False, "--no-check", help="Do not check claims against the data."
    ),
    speaker: str | None = typer.Option(
        None, "--speaker", help="The state that speaks (a speech): its stance toward others."
    ),
) -> None:
    """Read a text: actors, CAMEO/PLOVER events, quotes and claims checked against the data."""
    if fmt not in ("table", "json"):
        raise InputError(f"unknown format {fmt!r}; use table or json")
    if corpus is not None:
        _corpus(corpus, fmt, json_path)
        return
    if source is None:
        raise InputError("give a FILE, a folder, - for standard input, or --corpus ungdc")
    out = _EventsOut(events_out) if events_out else None
    try:
        if source != "-" and Path(source).is_dir():
            _folder(Path(source), date, fmt, json_path, out)
        else:
            _one(source, date, fmt, html, json_path, out, no_html, no_check, speaker)
    except BaseException:
        if out:
            out.abort()
        raise
    if out:
        out.commit()
        msg = f"wrote {out.written:,} events to {out.path}"
        if out.undated:
            msg += f" ({out.undated} without a date left out: give --date)"
        if out.unsure:
            msg += f" ({out.unsure} below confidence 0.7 left out)"
        console(stderr=True).print(msg)


def _input(path: Path) -> Path | bytes:
    """The file to read: a regular file as its path, a FIFO's bytes (read like standard input);
    a device such as /dev/zero, a socket or a missing path is refused in one line."""
    import stat

    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise InputError(f"no file {path}") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if stat.S_ISREG(mode):
        return path
    if stat.S_ISFIFO(mode):
        with open(path, "rb") as fh:
            return fh.read()
    kind = "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file"
    raise InputError(f"cannot read {path}: it is {kind}, not a text file")


def _one(
    source: str,
    date: str | None,
    fmt: str,
    html: Path | None,
    json_path: Path | None,
    out: _EventsOut | None,
    no_html: bool,
    no_check: bool,
    speaker: str | None = None,
) -> None:
    from multipolar.explain.read import read as read_text
    from multipolar.report.read_html import build
    from multipolar.report.read_terminal import print_reading

    err = console(stderr=True)
    data: Path | bytes
    if source == "-":
        data, name = sys.stdin.buffer.read(), "stdin"
    else:
        data, name = _input(Path(source)), Path(source).name
    if out:
        out.name = name
    with err.status("reading…"):
        if no_check:
            rd = read_text(data, date=date, check=False, name=name, on_event=out, speaker=speaker)
        else:
            with open_store() as st:
                rd = read_text(data, date=date, store=st, name=name, on_event=out, speaker=speaker)
    d = rd.to_dict()
    html_path = None
    if not no_html:
        stem = Path(name).stem if name != "stdin" else "stdin"
        target = html or Path(f"read-{stem}.html")
        html_path = str(build(d).write(target))
    if json_path:
        atomic_write(
            json_path,
            lambda p: p.write_text(json.dumps(d, indent=1, ensure_ascii=False), encoding="utf-8"),
        )
        err.print(f"wrote the reading as JSON to {json_path}")
    if fmt == "json":
        sys.stdout.write(json.dumps(d, indent=1, ensure_ascii=False) + "\n")
        return
    print_reading(d, console=console(), html_path=html_path)


def _folder(
    root: Path, date: str | None, fmt: str, json_path: Path | None, out: _EventsOut | None
) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from multipolar.explain.read import read_corpus
    from multipolar.report.read_terminal import render_corpus

    bar = Progress(
        TextColumn("[bold]reading"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
        console=console(stderr=True), transient=True,
    )  # fmt: skip
    with bar:
        task = bar.add_task("", total=None)

        def step(i: int, n: int, name: str) -> None:
            bar.update(task, total=n, completed=i, description=name)

        cr = read_corpus(root, date=date, progress=step, on_event=out)
    d = cr.to_dict()
    if json_path:
        atomic_write(
            json_path,
            lambda p: p.write_text(json.dumps(d, indent=1, ensure_ascii=False), encoding="utf-8"),
        )
    if fmt == "json":
        sys.stdout.write(json.dumps(d, indent=1, ensure_ascii=False) + "\n")
        return
    console().print(render_corpus(d))


def _corpus(name: str, fmt: str, json_path: Path | None) -> None:
    from multipolar.explain.speeches import speaker_mentions

    if name != "ungdc":
        raise InputError(f"unknown corpus {name!r}; the declared corpus is ungdc")
    err = console(stderr=True)
    with (
        open_store() as st,
        err.status("loading the General Debate corpus (coded once: a few minutes)…"),
    ):
        df = speaker_mentions(st)
    if json_path:
        from multipolar.jsonutil import to_records

        atomic_write(
            json_path,
            lambda p: p.write_text(json.dumps(to_records(df), indent=1), encoding="utf-8"),
        )
        err.print(f"wrote {len(df):,} speaker-year × state rows to {json_path}")
    if fmt == "json":
        emit(df, fmt="json")
        return
    top = df.sort_values("sentences", ascending=False).head(30)
    emit(
        top,
        fmt="table",
        title="UN General Debate: the most-mentioned states, by speaker and year",
        caption=f"{len(df):,} speaker-year × state rows; --json PATH or --format json for all",
        max_rows=None,
    )
