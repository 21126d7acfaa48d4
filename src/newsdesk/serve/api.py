"""The HTTP API: thin routes over the store's functions and ``serve.queries``; OpenAPI at /openapi.json.

Every route is a plain ``def``: FastAPI runs it in its thread pool, so a slow query or an analysis
never blocks the event loop. Errors are ``NewsdeskError``s, answered as JSON ``{code, message}``
(see ``app.py``).
"""

from __future__ import annotations

import io
from typing import Optional

from fastapi import APIRouter, HTTPException, Path, Query
from fastapi.responses import Response, StreamingResponse

from ..store.search import search
from ..store.stories import list_stories
from ..store.timeline import actor_timeline
from . import queries, schemas
from .analyzing import Analyzer, AnalyzeRequest, AnalyzeResponse
from .config import ServeConfig
from .exporting import MEDIA_TYPES, SCREEN_FORMATS, ScreenTable, screen_table, stream_export
from .pages import vendor_manifest

# Matches are marked with private-use characters, which article text does not carry, then split.
_OPEN, _CLOSE = "\ue000", "\ue001"

# The filters of `newsdesk search`, one definition for every route that takes them.
ACTOR = Query(None, description="An actor's name or alias, or a Wikidata id (Q…).")
PLACE = Query(None, description="A place name.")
COUNTRY = Query(None, description="An ISO 3166 alpha-2 code or a country name.")
EVENT = Query(None, description="A PLOVER event type, e.g. ASSAULT.")
DATE_FROM = Query(None, alias="from", description="Published on or after (YYYY[-MM[-DD]]).")
DATE_TO = Query(None, alias="to", description="Published on or before (YYYY[-MM[-DD]]).")
VOICE = Query(None, description="headline, byline, body, statement or comment.")
OFFSET = Query(0, ge=0)
# The store keeps every fact with its confidence; a reader sees those at or above each layer's default
# threshold unless it asks for another (store/confident.py).
MIN_CONFIDENCE = Query(None, ge=0.0, le=1.0, description="Show the facts whose calibrated confidence is at "
                       "least this, in every layer (0 shows all the store holds); default: each layer's "
                       "threshold (docs/EVALUATION.md).")


def build_api(config: ServeConfig, analyzer: Analyzer) -> APIRouter:
    """The API routes for one store."""
    router = APIRouter()
    db = config.db

    @router.post("/analyze", response_model=AnalyzeResponse, tags=["analysis"])
    def analyze(request: AnalyzeRequest) -> AnalyzeResponse:
        """Analyse one document given as text, HTML or a URL; with `store: true` also store it.

        URLs are fetched under the SSRF rules (public addresses only unless the server allows private
        ones; every redirect re-checked), with a timeout and a size cap."""
        return analyzer.analyze(request)

    @router.get("/documents", tags=["documents"], response_model=schemas.DocumentPage)
    def documents(actor: Optional[str] = ACTOR, place: Optional[str] = PLACE, country: Optional[str] = COUNTRY,
                  event: Optional[str] = EVENT, date_from: Optional[str] = DATE_FROM,
                  date_to: Optional[str] = DATE_TO, voice: Optional[str] = VOICE,
                  limit: int = Query(20, ge=1, le=200), offset: int = OFFSET,
                  min_confidence: Optional[float] = MIN_CONFIDENCE) -> dict:
        """Stored documents, latest ingested first, filtered like `newsdesk search`; paginated."""
        return queries.list_documents(db, limit=limit, offset=offset, actor=actor, place=place, country=country,
                                      event=event, date_from=date_from, date_to=date_to, voice=voice,
                                      min_confidence=min_confidence)

    @router.get("/documents/{doc_id}", tags=["documents"], response_model=schemas.DocumentResponse)
    def document(doc_id: str = Path(..., description="The store id (hash of the normalised text)."),
                 min_confidence: Optional[float] = MIN_CONFIDENCE) -> dict:
        """One document: its analysis record at the confidence thresholds (`confidence.hidden` counts what
        they leave out), and its story and syndication in the store."""
        return _found(queries.get_document(db, doc_id, min_confidence), f"document {doc_id}")

    @router.get("/documents/{doc_id}/brief", tags=["documents"], response_model=schemas.BriefResponse)
    def brief(doc_id: str, min_confidence: Optional[float] = MIN_CONFIDENCE) -> dict:
        """The analyst's brief of one document, as plain text (what `newsdesk analyze --brief` prints)."""
        found = _found(queries.get_document(db, doc_id, min_confidence), f"document {doc_id}")
        return {"doc_id": doc_id, "text": render_brief_text(found["analysis"])}

    @router.get("/search", tags=["search"], response_model=schemas.SearchPage)
    def search_sentences(q: str = Query(..., min_length=1, description='Words, "phrases", OR, -word, prefix*.'),
                         actor: Optional[str] = ACTOR, place: Optional[str] = PLACE,
                         country: Optional[str] = COUNTRY, event: Optional[str] = EVENT,
                         date_from: Optional[str] = DATE_FROM, date_to: Optional[str] = DATE_TO,
                         voice: Optional[str] = VOICE, limit: int = Query(20, ge=1, le=200),
                         offset: int = OFFSET, min_confidence: Optional[float] = MIN_CONFIDENCE) -> dict:
        """Sentence-level full-text search. Each hit has its offsets, a `snippet` with matches between
        `**`, and `parts`: the snippet as [text, matched] pairs, ready to display without parsing."""
        page = search(db, q, actor=actor, place=place, country=country, event=event, date_from=date_from,
                      date_to=date_to, voice=voice, limit=limit, offset=offset, marks=(_OPEN, _CLOSE),
                      min_confidence=min_confidence)
        result = page.to_dict()
        for hit in result["hits"]:
            hit["parts"] = snippet_parts(hit["snippet"])
            hit["snippet"] = hit["snippet"].replace(_OPEN, "**").replace(_CLOSE, "**")
        return result

    @router.get("/actors/{actor_id:path}", tags=["actors"], response_model=schemas.ActorResponse)
    def actor(actor_id: str = Path(..., description="An actor key (wd:Q… or name:…), a Wikidata id or a name."),
              limit: int = Query(100, ge=1, le=1000, description="Items per timeline section."),
              min_confidence: Optional[float] = MIN_CONFIDENCE) -> dict:
        """The actor across the corpus: names, KB facts, dated quotes, events, calls and stances, and the
        actors it shares documents with (nodes and links of a small network)."""
        timeline = _found(actor_timeline(db, actor_name(actor_id), limit=limit, min_confidence=min_confidence),
                          f"actor {actor_id}")
        timeline["network"] = queries.co_actors(db, timeline["actor_keys"], min_confidence=min_confidence)
        timeline["kb_entry"] = kb_entry(timeline["name"], timeline["last_seen"])
        return timeline

    @router.get("/events", tags=["events"], response_model=schemas.EventPage)
    def events(event_type: Optional[str] = Query(None, alias="type", description="PLOVER event type."),
               actor: Optional[str] = Query(None, description="Actor or recipient name."),
               place: Optional[str] = PLACE, country: Optional[str] = COUNTRY,
               date_from: Optional[str] = Query(None, alias="from", description="On or after (event date, "
                                                "else publication date)."),
               date_to: Optional[str] = Query(None, alias="to", description="On or before."),
               doc_id: Optional[str] = None, limit: int = Query(50, ge=1, le=500), offset: int = OFFSET,
               min_confidence: Optional[float] = MIN_CONFIDENCE) -> dict:
        """Events, latest first, with their document and coordinates; paginated."""
        return queries.list_events(db, limit=limit, offset=offset, type=event_type, actor=actor, place=place,
                                   country=country, date_from=date_from, date_to=date_to, doc_id=doc_id,
                                   min_confidence=min_confidence)

    @router.get("/events/timeline", tags=["events"], response_model=list[schemas.TimelineCount])
    def events_timeline(event_type: Optional[str] = Query(None, alias="type"), actor: Optional[str] = None, place: Optional[str] = PLACE,
                        country: Optional[str] = COUNTRY, date_from: Optional[str] = Query(None, alias="from"),
                        date_to: Optional[str] = Query(None, alias="to"), doc_id: Optional[str] = None,
                        min_confidence: Optional[float] = MIN_CONFIDENCE) -> list:
        """Events counted per date and type: the data of the timeline chart."""
        return queries.event_timeline(db, type=event_type, actor=actor, place=place, country=country,
                                      date_from=date_from, date_to=date_to, doc_id=doc_id,
                                      min_confidence=min_confidence)

    @router.get("/places", tags=["events"], response_model=list[schemas.MapPlace])
    def places(country: Optional[str] = COUNTRY, limit: int = Query(500, ge=1, le=5000),
               min_confidence: Optional[float] = MIN_CONFIDENCE) -> list:
        """Places with coordinates, merged across documents: mentions, documents and events by type
        (the data of the map)."""
        return queries.map_places(db, country=country, limit=limit, min_confidence=min_confidence)

    @router.get("/stories", tags=["stories"], response_model=list[schemas.Story])
    def stories(limit: int = Query(20, ge=1, le=200), offset: int = OFFSET,
                min_docs: int = Query(2, ge=1, description="Only stories with at least this many documents.")) -> list:
        """Stories (documents about the same happening), largest and latest first."""
        return list_stories(db, limit=limit, offset=offset, min_docs=min_docs)

    @router.get("/export/{table}", tags=["export"], response_class=StreamingResponse, responses={200: {
        "description": "The table as a file (content-disposition: attachment).",
        "content": {media: {"schema": {"type": "string", "format": "binary"}} for media in MEDIA_TYPES.values()}}})
    def export(table: str, format: str = Query("csv", description="csv, jsonl or parquet (for events also gdelt or acled)."),
               min_confidence: Optional[float] = MIN_CONFIDENCE) -> StreamingResponse:
        """Every row of a store table (or `plover` / `gdelt` for events), streamed as it is written."""
        chunks = stream_export(db, table, format, min_confidence)
        suffix = format if format in MEDIA_TYPES else "csv"  # events?format=gdelt|acled is CSV
        return StreamingResponse(chunks, media_type=MEDIA_TYPES[suffix],
                                 headers={"content-disposition": f'attachment; filename="{table}.{suffix}"'})

    @router.post("/export/screen", tags=["export"], response_class=Response, responses={200: {
        "description": "The rows as a file (content-disposition: attachment).",
        "content": {MEDIA_TYPES[f]: {"schema": {"type": "string", "format": "binary"}} for f in SCREEN_FORMATS}}})
    def export_screen(table: ScreenTable, format: str = Query("csv", description="csv or parquet.")) -> Response:
        """A table as the desk shows it (the rows on screen, filtered and sorted there) as CSV or Parquet,
        written like `newsdesk export` writes a store table: the desk's export buttons."""
        body = screen_table(table, format)
        return Response(body, media_type=MEDIA_TYPES[format],
                        headers={"content-disposition": f'attachment; filename="{table.name}.{format}"'})

    @router.get("/health", tags=["store"], response_model=schemas.Health)
    def health() -> dict:
        """The store's row counts and the vendored map library's versions."""
        return {"ok": True, "counts": queries.store_counts(db), "vendor": vendor_manifest(),
                "token_required": bool(config.token)}

    return router


def _found(value, what: str):
    if value is None:
        raise HTTPException(status_code=404, detail=f"{what} is not in the store")
    return value


def actor_name(actor_id: str) -> str:
    """What ``actor_timeline`` looks up for an id: 'wd:Q1' -> 'Q1', 'name:x y' -> 'x y', else the id."""
    for prefix in ("wd:", "name:"):
        if actor_id.startswith(prefix):
            return actor_id[len(prefix):]
    return actor_id


def snippet_parts(snippet: str) -> list[list]:
    """'a \ue000b\ue001 c' -> [['a ', False], ['b', True], [' c', False]]."""
    parts: list[list] = []
    for i, piece in enumerate(snippet.replace(_CLOSE, _OPEN).split(_OPEN)):
        if piece:
            parts.append([piece, i % 2 == 1])
    return parts


def render_brief_text(record: dict) -> str:
    """The brief as plain text, rendered by ``newsdesk.brief`` into a recording console."""
    from rich.console import Console

    from ..brief import render_brief
    from ..model import Analysis

    console = Console(record=True, width=72, file=io.StringIO(), color_system=None)
    render_brief(Analysis.model_validate(record), console)
    return console.export_text()


def kb_entry(name: str, date: Optional[str]) -> Optional[dict]:
    """The knowledge base's entry for an actor's name on a date (codes in force then), if any."""
    from ..knowledge.actors_kb import describe

    return describe(name, date)["link"]
