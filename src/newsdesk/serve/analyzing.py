"""POST /analyze: text, HTML or a URL in, the analysis record out, and optionally into the store.

The same readers and pipeline as ``newsdesk analyze`` and ``newsdesk ingest``: the HTML reader
(trafilatura, comments apart), the document assembly, ``pipeline.analyze_documents``, and the
store's one writer. Only the URL fetch differs: it goes through ``serve.fetch`` (SSRF rules).
"""

from __future__ import annotations

import threading
from typing import Literal, Optional

from pydantic import BaseModel, Field, model_validator

from ..errors import (AnalysisTimedOut, DocumentOverBudget, EmptyInput, FetchFailed, InputTooLarge, InternalError,
                      NewsdeskError, NotInStore, UnsupportedInput, UrlRefused)
from ..confidence import keep_confident
from ..model import Analysis
from ..nlp import DEFAULT_MODEL
from ..read.document import RawDocument, document_id
from ..read.encoding import decode_bytes
from ..read.html import from_html
from .config import ServeConfig
from .fetch import fetch_public
from .worker import AnalysisWorker


class AnalyzeRequest(BaseModel):
    """Exactly one of ``text``, ``html`` and ``url``; metadata is optional."""

    text: Optional[str] = Field(None, description="Plain text of one document.")
    html: Optional[str] = Field(None, description="An HTML page; the article and reader comments are extracted apart.")
    url: Optional[str] = Field(None, description="An http(s) URL to fetch (public addresses only, unless the "
                                                 "server allows private ones).")
    title: Optional[str] = None
    publisher: Optional[str] = None
    published: Optional[str] = Field(None, description="ISO 8601 date.")
    store: bool = Field(False, description="Also write the record into the store (documents are keyed by text: "
                                           "storing the same text twice keeps one).")
    min_confidence: Optional[float] = Field(None, ge=0.0, le=1.0, description="Keep the facts whose calibrated "
                                            "confidence is at least this (0 keeps everything); null: each layer's "
                                            "default threshold (newsdesk.confidence).")

    @model_validator(mode="after")
    def one_input(self) -> "AnalyzeRequest":
        given = [name for name in ("text", "html", "url") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of text, html and url")
        return self


class AnalyzeResponse(BaseModel):
    """The analysis record, and the store id when it was stored."""

    analysis: dict
    stored: Optional[str] = Field(None, description="The document's id in the store, when store was true.")
    status: Optional[Literal["added", "already stored"]] = None


class Analyzer:
    """Analyses one request at a time in its worker process (``serve.worker``) and owns the server's
    one store writer, opened on first use."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        self._analysis_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._writer = None
        self._worker: Optional[AnalysisWorker] = None

    def analyze(self, request: AnalyzeRequest) -> AnalyzeResponse:
        raw = self.read(request)
        # In the worker process, under the time limit: never on this process, whose event loop and
        # GIL must stay free for /health and the other requests.
        with self._analysis_lock:
            if self._worker is None:
                self._worker = AnalysisWorker(self.config.model or DEFAULT_MODEL, self.config.analysis_timeout_s)
        # A stored record keeps every fact with its confidence, as ingest stores it (store/confident.py);
        # the answer holds those at the request's thresholds either way.
        analysis = self._worker.analyze(raw, 0.0 if request.store else request.min_confidence)
        stored = status = None
        if request.store:
            stored, status = self.store(analysis, raw)
            analysis = keep_confident(analysis.model_copy(deep=True), request.min_confidence)
        return AnalyzeResponse(analysis=analysis.to_json_dict(), stored=stored, status=status)

    def read(self, request: AnalyzeRequest) -> RawDocument:
        """The request as an assembled document, or a NewsdeskError naming what is wrong with it."""
        if request.url is not None:
            raw = self._from_url(request.url)
        elif request.html is not None:
            raw = from_html(request.html, "<html>")
        else:
            raw = RawDocument(text=request.text or "", source="<text>")
        raw.title = request.title or raw.title
        raw.publisher = request.publisher or raw.publisher
        raw.published = request.published or raw.published
        raw = raw.assemble()
        if not raw.text.strip():
            raise EmptyInput(raw.source or "<text>")
        return raw

    def _from_url(self, url: str) -> RawDocument:
        body, content_type, final = fetch_public(url, allow_private=self.config.allow_private_urls,
                                                 timeout=self.config.fetch_timeout_s,
                                                 max_bytes=self.config.fetch_max_bytes)
        text = decode_bytes(body, final)
        if "html" in content_type or body.lstrip()[:1] == b"<":
            return from_html(text, final, url=final)
        if content_type and not content_type.startswith("text/"):
            raise UnsupportedInput(final, f"content type '{content_type}' is neither text nor HTML")
        return RawDocument(text=text, source=final, url=final)

    def store(self, analysis: Analysis, raw: RawDocument) -> tuple[str, str]:
        """Write the record through the store's writer; return its id and whether it was new."""
        from ..store.writer import Analysed, StoreWriter

        doc_id = document_id(raw.text)
        with self._write_lock:
            if self._writer is None:
                self._writer = StoreWriter(self.config.db)
            result = self._writer.write([Analysed(analysis, doc_id, raw.source or "<api>")])
        return doc_id, "added" if result.added else "already stored"

    def close(self) -> None:
        if self._worker is not None:
            self._worker.close()
        with self._write_lock:
            if self._writer is not None:
                self._writer.close()
                self._writer = None


def http_status(error: NewsdeskError) -> int:
    """The HTTP status for an error raised while handling a request."""
    if isinstance(error, UrlRefused):
        return 403
    if isinstance(error, (InputTooLarge, DocumentOverBudget)):
        return 413
    if isinstance(error, AnalysisTimedOut):
        return 503
    if isinstance(error, InternalError):
        return 500
    if isinstance(error, NotInStore):
        return 404
    if isinstance(error, FetchFailed):
        return 502
    return 400
