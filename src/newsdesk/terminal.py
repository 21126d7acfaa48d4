"""The consoles every command prints through, and the progress display of long runs.

On a terminal rich fits output to the window. Written to a pipe or a file, rich would assume 80
columns and wrap every long line; a pipe goes to another program or a file, where a wrapped line
is a broken record. So piped output is not wrapped: messages soft-wrap (one line stays one line) and
tables are as wide as their content. Framed layouts (the brief, ``--help``) keep a fixed width,
wide enough for their content, since a frame has to have one.
"""

from __future__ import annotations

import sys
import time
from typing import Optional, TextIO

from rich.console import Console

# Framed layouts written to a pipe: wide enough that their text is not cut at 80 columns.
FRAME_WIDTH = 160
# Tables written to a pipe: rich needs a number; a table never grows past its content.
PIPE_WIDTH = 100_000


def _is_tty(stream: TextIO) -> bool:
    return bool(getattr(stream, "isatty", None)) and stream.isatty()


def listing_console() -> Console:
    """Standard output for listings and tables: the window's width, or unwrapped when piped."""
    if _is_tty(sys.stdout):
        return Console(soft_wrap=False)
    return Console(soft_wrap=True, width=PIPE_WIDTH)


def frame_console() -> Console:
    """Standard output for framed layouts (panels that fill their width): the window, or FRAME_WIDTH."""
    return Console(soft_wrap=False, width=None if _is_tty(sys.stdout) else FRAME_WIDTH)


def message_console() -> Console:
    """Standard error for messages and summaries: a message is one line when piped."""
    return Console(stderr=True, soft_wrap=not _is_tty(sys.stderr))


def set_help_width() -> None:
    """``--help`` written to a pipe: FRAME_WIDTH instead of 80 columns (typer reads this at render time)."""
    if _is_tty(sys.stdout):
        return
    try:
        from typer import rich_utils
    except ImportError:  # pragma: no cover - typer without rich prints plain help
        return
    if rich_utils.MAX_WIDTH is None:  # TERMINAL_WIDTH in the environment wins
        rich_utils.MAX_WIDTH = FRAME_WIDTH


class CountProgress:
    """A progress line on stderr for runs whose total is unknown (``analyze`` over files, JSONL, stdin).

    Shown only when asked: ``enabled`` is the command's choice (by default, whether stderr is a
    terminal), so a pipe or a log file gets no control characters.
    """

    def __init__(self, label: str, enabled: bool) -> None:
        self.label, self.enabled = label, enabled
        self.bar = None
        self.task = None
        self.started = time.perf_counter()

    def __enter__(self) -> "CountProgress":
        if self.enabled:
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(TextColumn(f"[bold]{self.label}[/bold]"), BarColumn(),
                                TextColumn("{task.completed} docs"), TextColumn("{task.fields[rate]}"),
                                TimeElapsedColumn(), TextColumn("{task.fields[counts]}"),
                                console=Console(stderr=True), transient=False,
                                # the records go to stdout as they are; never through the bar
                                redirect_stdout=False, redirect_stderr=False)
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=None, rate="", counts="")
        return self

    def update(self, done: int, failed: int, words: int) -> None:
        """Record one more document (analysed or failed) and the running totals."""
        if self.bar is None:
            return
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        self.bar.update(self.task, completed=done + failed, rate=f"{words / elapsed:,.0f} words/s",
                        counts=f"failed {failed}" if failed else "")

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def progress_wanted(flag: Optional[bool]) -> bool:
    """``--progress`` / ``--no-progress`` if given. By default: when stderr is a terminal and stdout is
    not (``analyze big.jsonl --json > out.jsonl``); when both are the terminal, the records scrolling
    by are the progress, and a bar drawn between them would garble both."""
    if flag is not None:
        return flag
    return _is_tty(sys.stderr) and not _is_tty(sys.stdout)
