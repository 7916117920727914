"""A Rich progress bar that satisfies :class:`multipolar.sources.Progress`."""

from __future__ import annotations

from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from multipolar.report.output import console


class RichProgress:
    """Download progress on standard error (one bar per file, removed when done)."""

    def __init__(self) -> None:
        self._bar = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            console=console(stderr=True),
            transient=True,
        )
        self._task: TaskID | None = None

    def start(self, name: str, total: int | None) -> None:
        """A bar for ``name``: "downloading NAME", or NAME itself if it begins with "coding"
        (a source whose parse takes long reports the bytes it has coded)."""
        self._bar.start()
        label = name if name.startswith("coding ") else f"downloading {name}"
        self._task = self._bar.add_task(label, total=total)

    def advance(self, n: int) -> None:
        if self._task is not None:
            self._bar.advance(self._task, n)

    def finish(self) -> None:
        if self._task is not None:
            self._bar.remove_task(self._task)
            self._task = None
        self._bar.stop()
