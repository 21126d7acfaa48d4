"""The server's analysis worker: a child process, so that no analysis runs on the server's process.

Why a process and not a thread: a thread shares the GIL, and one long C call (a regex, a parse) holds
it, so a thread pool did not keep ``/health`` answering (issue 18: 150 bytes froze the server). The
child loads the pipeline once and analyses one request at a time; when a request runs past the time
limit the child is killed, the request gets E026 (HTTP 503), and the next request starts a fresh one.
"""

from __future__ import annotations

import multiprocessing
import threading
from typing import Optional

from ..errors import AnalysisTimedOut, InternalError, NewsdeskError
from ..model import Analysis
from ..read.document import RawDocument

# Loading spaCy and the knowledge files in a fresh child; not counted in the request's time limit.
START_TIMEOUT_S = 600.0


class AnalysisWorker:
    """One child process that analyses documents; ``analyze`` is safe to call from many threads."""

    def __init__(self, model: str, timeout_s: float) -> None:
        self.model, self.timeout_s = model, timeout_s
        self._lock = threading.Lock()
        self._process = None
        self._conn = None

    def analyze(self, raw: RawDocument, min_confidence: Optional[float] = None) -> Analysis:
        """The analysis of ``raw`` (``min_confidence``: see ``newsdesk.confidence``), or the
        NewsdeskError that stopped it (E025, E026, E023 …)."""
        with self._lock:
            self._start()
            self._conn.send((raw, min_confidence))
            if not self._conn.poll(self.timeout_s):
                self._stop()
                raise AnalysisTimedOut(raw.source or "<text>", seconds=self.timeout_s, option="--analysis-timeout")
            try:
                kind, value = self._conn.recv()
            except (EOFError, OSError) as exc:  # the child died (out of memory, a signal)
                self._stop()
                raise InternalError(raw.source or "<text>", f"the analysis worker died: {type(exc).__name__}")
        if kind == "error":
            cls, where, detail, fields = value
            raise cls(where, detail, **fields)
        return value

    def _start(self) -> None:
        if self._process is not None and self._process.is_alive():
            return
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child, self.model, self.timeout_s), daemon=True)
        self._process.start()
        child.close()
        self._conn = parent
        if not parent.poll(START_TIMEOUT_S):
            self._stop()
            raise InternalError("analysis worker", "it did not start")
        kind, value = parent.recv()
        if kind == "error":
            self._stop()
            cls, where, detail, fields = value
            raise cls(where, detail, **fields)

    def _stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join(5)
        if self._conn is not None:
            self._conn.close()
        self._process = self._conn = None

    def close(self) -> None:
        with self._lock:
            self._stop()


def _error_message(exc: NewsdeskError) -> tuple:
    return ("error", (type(exc), exc.where, exc.detail, exc.fields))


def _serve(conn, model: str, timeout_s: float) -> None:
    """The child's loop: load the pipeline, then analyse each document it is sent."""
    from ..budget import Budget
    from ..ingest import analyse_batch
    from ..nlp import load_pipeline

    from ..batch.processor import WARM_UP

    try:
        load_pipeline(model)
        # Every stage loads its knowledge files on first use: read them now, not in the first
        # request's time limit.
        analyse_batch([RawDocument(text=WARM_UP).assemble()], model=model, budget=Budget(seconds=0))
    except NewsdeskError as exc:
        conn.send(_error_message(exc))
        return
    conn.send(("ready", None))
    # The parent enforces the time limit by killing this process; the budget's own timer is set a
    # little later so that a slow document normally ends as E026 without losing the warm child.
    budget = Budget.from_env()
    budget = Budget(max_chars=budget.max_chars, seconds=timeout_s * 0.9, batch_chars=budget.batch_chars)
    while True:
        try:
            raw, min_confidence = conn.recv()
        except EOFError:
            return
        try:
            [result] = analyse_batch([raw], model=model, budget=budget, min_confidence=min_confidence)
        except NewsdeskError as exc:
            result = exc
        except Exception as exc:  # a bug: reported without internals, the child goes on
            result = InternalError(raw.source or "<text>", type(exc).__name__)
        conn.send(_error_message(result) if isinstance(result, NewsdeskError) else ("ok", result))
