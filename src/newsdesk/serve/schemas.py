"""The API's response models: what each route answers, for the OpenAPI schema and the API reference.

Every model allows extra keys (``extra="allow"``): a field the store or the record grows is passed on,
never dropped by the response's validation, and the schema names what a client can rely on.
"""

from __future__ import annotations

from typing import Optional

from pydantic import BaseModel, ConfigDict, Field

from ..model import Analysis


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Page(_Open):
    total: int = Field(description="Rows matching, in all.")
    limit: int
    offset: int


class DocumentSummary(_Open):
    id: str = Field(description="The store id (hash of the normalised text).")
    seq: int = Field(description="Order of first sight in the store.")
    title: Optional[str] = None
    publisher: Optional[str] = None
    published: Optional[str] = Field(None, description="ISO 8601 date, as the input says.")
    source: Optional[str] = None
    language: str = Field(description="ISO 639-1 code of the detected language.")
    n_words: int
    ingested_at: str
    warnings: list[str] = Field(default_factory=list, description="What makes the record less reliable, e.g. "
                                "a text in another language than the pipeline's.")


class DocumentPage(Page):
    documents: list[DocumentSummary]


class Confidence(_Open):
    min_confidence: Optional[float] = Field(None, description="The threshold asked for; null: each layer's default.")
    thresholds: dict[str, float] = Field(description="The threshold applied to each layer.")
    defaults: dict[str, float] = Field(description="Each layer's default threshold (calibration.json).")
    hidden: dict[str, int] = Field(description="Per layer, the stored items below the thresholds (left out).")


class StoreInfo(_Open):
    id: str
    seq: int
    source: Optional[str] = None
    ingested_at: str
    story: Optional[dict] = Field(None, description="{story_id, label, n_docs} of the document's story.")
    copy_of: Optional[dict] = Field(None, description="{doc_id, similarity} of the original this repeats.")
    copies: list[str] = Field(description="Ids of the syndicated copies of this document.")
    actor_keys: dict[str, str] = Field(description="The record's actor ids → cross-document actor keys.")


class DocumentResponse(_Open):
    analysis: Analysis = Field(description="The analysis record (newsdesk.analysis/1) at the thresholds.")
    store: StoreInfo
    confidence: Confidence


class BriefResponse(_Open):
    doc_id: str
    text: str = Field(description="The brief as plain text.")


class SearchHit(_Open):
    doc_id: str
    sentence: int = Field(description="Index of the sentence in its document.")
    start: int = Field(description="Offset of the sentence in document.text.")
    end: int
    text: str
    snippet: str = Field(description="The matching part, matches between **.")
    parts: list[tuple[str, bool]] = Field(description="The snippet as [text, matched] pairs.")
    score: float
    title: Optional[str] = None
    published: Optional[str] = None
    source: Optional[str] = None


class SearchPage(Page):
    query: str
    hits: list[SearchHit]


class Network(_Open):
    nodes: list[dict] = Field(description="{id, name, actor_keys, documents, mentions} per co-occurring actor.")
    links: list[dict] = Field(description="{source, target, documents}: documents shared by two of them.")


class ActorResponse(_Open):
    actor_keys: list[str]
    name: str
    type: str
    aliases: list[str]
    kb: list[dict] = Field(description="{wikidata, cameo, documents} per KB link seen.")
    roles: list[str]
    documents: int
    mentions: int
    first_seen: Optional[str] = None
    last_seen: Optional[str] = None
    other_matches: list[dict]
    quotes: list[dict]
    events: list[dict]
    calls_to_action: list[dict]
    stances: list[dict]
    quotes_total: int
    events_total: int
    calls_to_action_total: int
    stances_total: int
    network: Network
    kb_entry: Optional[dict] = None


class EventRow(_Open):
    doc_id: str
    idx: int
    type: str = Field(description="PLOVER event type.")
    actor: Optional[str] = None
    actor_name: Optional[str] = None
    recipient: Optional[str] = None
    recipient_name: Optional[str] = None
    place_name: Optional[str] = None
    country: Optional[str] = None
    date: Optional[str] = None
    dated_by: Optional[str] = Field(None, description="'event', 'published', or null.")
    negated: bool
    hypothetical: bool
    char_start: int
    char_end: int
    text: str
    confidence: Optional[float] = None
    title: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None


class EventPage(Page):
    events: list[EventRow]


class TimelineCount(_Open):
    date: str
    type: str
    count: int


class MapPlace(_Open):
    place_key: str
    name: str
    kind: Optional[str] = None
    country: Optional[str] = None
    lat: float
    lon: float
    mentions: int
    documents: int
    events: dict[str, int] = Field(description="Events located here, by PLOVER type.")


class Story(_Open):
    story_id: int
    label: str
    n_docs: int
    n_copies: int
    first_date: Optional[str] = None
    last_date: Optional[str] = None
    top_actors: list[tuple[str, int]]
    top_places: list[tuple[str, int]]
    dates: list[tuple[str, int]]
    built_at: str
    documents: list[str]


class Health(_Open):
    ok: bool
    counts: dict[str, int]
    vendor: Optional[dict] = Field(None, description="The vendored map library's and API reference's versions.")
    token_required: bool
