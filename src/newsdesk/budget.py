"""The per-document budget of size and time, and the byte budget of a parse batch (issue 18).

A document over ``max_chars`` is refused before parsing (E025); a document whose analysis runs past
``seconds`` is stopped and skipped (E026); either way the batch goes on. Parse batches are cut so that
one ``nlp.pipe`` call never holds more than ``batch_chars`` characters of text, which is what keeps
memory bounded whatever the records (85 records of 700 kB in one batch took 7.9 GB).

The defaults can be changed for every command with ``NEWSDESK_MAX_DOC_CHARS``,
``NEWSDESK_MAX_RUN_CHARS`` (characters without whitespace), ``NEWSDESK_DOC_SECONDS`` and ``NEWSDESK_BATCH_CHARS`` (0 seconds: no time budget).
"""

from __future__ import annotations

import os
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator, Optional, Sequence

from .errors import AnalysisTimedOut, DocumentOverBudget
from .read.document import RawDocument

# Ten times the longest document of the 6,397-article corpus (58 k characters): a book chapter fits.
MAX_DOC_CHARS = 500_000
# The longest run without whitespace in the corpus is 373 characters (a URL); the tokenizer and the
# stages slow down badly on far longer runs (200 kB of emoji ran past 120 s).
MAX_RUN_CHARS = 5_000
# A document of MAX_DOC_CHARS parses in about 30 s on one contended core; normal ones in under 1 s.
DOC_SECONDS = 120.0
# A parse batch's transient is about 3 kB per character (pipeline, tensors and the batch's analyses:
# 205 MB for the corpus' longest document, 58 k characters; ~500 MB for 32 documents of 165 k).
# Why 150,000: the peak of a run is the transient of its heaviest batch, and with 1 M a longer run
# met heavier batches (32 corpus documents hold 80-250 k characters), so memory grew with the run's
# length (issue 18); at 150 k the cap binds within the first hundred documents of the corpus and
# splits only one batch in seven.
BATCH_CHARS = 150_000


@dataclass(frozen=True)
class Budget:
    """Limits for one document and one parse batch."""

    max_chars: int = MAX_DOC_CHARS
    max_run: int = MAX_RUN_CHARS
    seconds: float = DOC_SECONDS
    batch_chars: int = BATCH_CHARS

    @classmethod
    def from_env(cls) -> "Budget":
        """The defaults, overridden by the NEWSDESK_* variables of the module docstring."""
        return cls(max_chars=int(os.environ.get("NEWSDESK_MAX_DOC_CHARS", MAX_DOC_CHARS)),
                   max_run=int(os.environ.get("NEWSDESK_MAX_RUN_CHARS", MAX_RUN_CHARS)),
                   seconds=float(os.environ.get("NEWSDESK_DOC_SECONDS", DOC_SECONDS)),
                   batch_chars=int(os.environ.get("NEWSDESK_BATCH_CHARS", BATCH_CHARS)))

    def refusal(self, raw: RawDocument) -> Optional[DocumentOverBudget]:
        """The E025 error for a document over the size budget, else None."""
        where = raw.source or raw.url or "<input>"
        if len(raw.text) > self.max_chars:
            return DocumentOverBudget(where, f"is {len(raw.text):,} characters", cap=f"{self.max_chars:,} characters",
                                      option="NEWSDESK_MAX_DOC_CHARS")
        run = max(map(len, raw.text.split()), default=0)
        if run > self.max_run:
            return DocumentOverBudget(where, f"holds a run of {run:,} characters without a space",
                                      cap=f"{self.max_run:,} characters per run", option="NEWSDESK_MAX_RUN_CHARS")
        return None

    def timed_out(self, raw: RawDocument) -> AnalysisTimedOut:
        return AnalysisTimedOut(raw.source or raw.url or "<input>", seconds=self.seconds,
                                option="NEWSDESK_DOC_SECONDS")

    def batches(self, raws: Sequence[RawDocument]) -> Iterator[list[int]]:
        """Indices of ``raws`` cut into runs of at most ``batch_chars`` characters (a longer one alone)."""
        run: list[int] = []
        size = 0
        for index, raw in enumerate(raws):
            if run and size + len(raw.text) > self.batch_chars:
                yield run
                run, size = [], 0
            run.append(index)
            size += len(raw.text)
        if run:
            yield run


class Expired(BaseException):
    """Raised inside the analysis when its time is up. A BaseException, so that no ``except
    Exception`` of a stage can swallow it."""


def can_time_out() -> bool:
    """Whether this thread can stop a running analysis (SIGALRM reaches only the main thread)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise ``Expired`` in this (main) thread after ``seconds``; a no-op elsewhere or for 0 s.

    Python code is stopped at its next bytecode; a C call (one regex, the parse of one batch) first
    returns, which the linear-time regexes and the size budget keep short.
    """
    if seconds <= 0 or not can_time_out():
        yield
        return
    outer_delay, outer_interval = signal.getitimer(signal.ITIMER_REAL)
    if outer_delay and outer_delay <= seconds:  # an outer alarm (pytest-timeout …) comes first: keep it
        yield
        return

    def expire(_signum, _frame):
        raise Expired()

    previous = signal.signal(signal.SIGALRM, expire)
    started = time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_delay:  # re-arm the outer alarm with what was left of it
            left = max(outer_delay - (time.monotonic() - started), 0.001)
            signal.setitimer(signal.ITIMER_REAL, left, outer_interval)
