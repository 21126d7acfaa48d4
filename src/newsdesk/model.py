"""The analysis record: pydantic models that are the single source of the JSON Schema.

The minimum contract lives in ``../shared/contract/analysis-json.md``; every field it names is
here with the same name and meaning. Fields beyond the contract are extensions and are marked so
in their descriptions. Offsets are Python ``str`` indices into ``document.text``, end exclusive.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

SCHEMA_ID = "newsdesk.analysis/1"

Span = tuple[int, int]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DocumentInfo(_Record):
    id: str = Field(description="Stable id: a hash of the normalised text unless the input gives one.")
    source: Optional[str] = Field(None, description="Path or URL the document was read from.")
    title: Optional[str] = None
    publisher: Optional[str] = Field(None, description="The outlet or group the text is credited to.")
    published: Optional[str] = Field(None, description="ISO 8601 date, only when the input says so.")
    language: str = Field("en", description="ISO 639-1 code, detected from the text (py3langid).")
    text: str = Field(description="The text every offset refers to.")
    warnings: list[str] = Field(default_factory=list, description="Extension: what makes this record less "
                                "reliable, e.g. a text in another language than the pipeline's.")


SegmentKind = Literal["headline", "byline", "dateline", "body", "statement", "comment", "boilerplate", "other"]


class Segment(_Record):
    kind: SegmentKind
    start: int
    end: int
    speaker: Optional[str] = Field(None, description="Actor id of the voice, else null.")
    speaker_name: Optional[str] = Field(None, description="Extension: the voice's name as the text gives it.")
    place: Optional[str] = Field(None, description="Extension: a dateline's place as written ('KABUL', 'new delhi'), "
                                                   "where the story was filed; null on other kinds.")


ActorType = Literal["person", "organization", "group", "country", "other"]


class KBLink(_Record):
    wikidata: Optional[str] = None
    cameo: Optional[str] = None


class Actor(_Record):
    id: str
    name: str = Field(description="Canonical name, e.g. 'Ahmad Massoud'.")
    type: ActorType
    aliases: list[str] = Field(default_factory=list)
    mentions: list[Span] = Field(default_factory=list, description="Every mention, pronouns resolved where possible.")
    kb: Optional[KBLink] = None
    roles: list[str] = Field(default_factory=list)
    confidence: Optional[float] = Field(None, description="Extension: calibrated 0..1, the share of such items that are right (docs/EVALUATION.md).")


PlaceKind = Literal["country", "admin1", "admin2", "city", "region", "other"]


class Place(_Record):
    id: str
    name: str
    kind: PlaceKind
    country: Optional[str] = Field(None, description="ISO 3166-1 alpha-2.")
    lat: Optional[float] = None
    lon: Optional[float] = None
    geonames_id: Optional[int] = None
    mentions: list[Span] = Field(default_factory=list)
    confidence: Optional[float] = Field(None, description="Extension: resolution confidence, 0..1.")


QuoteKind = Literal["direct", "indirect", "block"]


class Quote(_Record):
    start: int
    end: int
    speaker: Optional[str] = Field(None, description="Actor id; null only when the text really does not say.")
    kind: QuoteKind
    cue: Optional[str] = Field(None, description="The reporting expression, e.g. 'wrote in this message'.")
    speaker_span: Optional[Span] = Field(None, description="Extension: the mention that names the speaker.")
    cue_span: Optional[Span] = Field(None, description="Extension: offsets of the cue.")
    parent: Optional[int] = Field(None, description="Extension: index of the quote this one is nested in.")
    confidence: Optional[float] = Field(None, description="Extension: calibrated 0..1, the share of such items that are right (docs/EVALUATION.md).")


class Event(_Record):
    type: str
    actor: Optional[str] = None
    recipient: Optional[str] = None
    place: Optional[str] = None
    date: Optional[str] = None
    start: int
    end: int
    negated: bool = False
    hypothetical: bool = False
    mode: Optional[str] = Field(None, description="Extension: the PLOVER mode where the text tells it, e.g. 'aerial'.")
    trigger: Optional[Span] = Field(None, description="Extension: offsets of the words that evoke the event.")
    actor_name: Optional[str] = Field(None, description="Extension: the actor's canonical name, else the text of its phrase.")
    actor_span: Optional[Span] = Field(None, description="Extension: offsets of the phrase that fills the actor role.")
    recipient_name: Optional[str] = Field(None, description="Extension: the recipient's name, else the text of its phrase.")
    recipient_span: Optional[Span] = Field(None, description="Extension: offsets of the phrase that fills the recipient role.")
    confidence: Optional[float] = Field(None, description="Extension: 0..1, the share of events at this confidence that are right (type and span; docs/EVALUATION.md).")
    mentions: list[Span] = Field(default_factory=list, description="Extension: the other clauses that tell the same incident again (evidence; the event's own clause is start/end).")
    # How sure the coder is of the type alone (not serialised): what ranks a snippet's primary event.
    _type_score: float = PrivateAttr(0.0)


CallForm = Literal["imperative", "let", "performative", "reported", "modal"]


class CallToAction(_Record):
    speaker: Optional[str] = Field(None, description="Actor id of who makes the call: the voice, or the reported caller.")
    addressees: list[str] = Field(default_factory=list, description="Whom the call addresses, as the text names them.")
    action: str = Field(description="The verb phrase of the act asked for, e.g. 'join our stronghold in Panjshir'.")
    start: int
    end: int
    form: Optional[CallForm] = Field(None, description="Extension: imperative, let (let us), performative "
                                     "(I call on), reported (X called on), modal (X must/should).")
    action_span: Optional[Span] = Field(None, description="Extension: offsets of the action.")
    addressee_spans: list[Span] = Field(default_factory=list, description="Extension: offsets of each addressee name.")
    confidence: Optional[float] = Field(None, description="Extension: calibrated 0..1, the share of such items that are right (docs/EVALUATION.md).")


class TimeMention(_Record):
    """Extension: a time expression and its resolved value."""

    start: int
    end: int
    text: str
    value: Optional[str] = Field(None, description="ISO 8601 at the text's precision (YYYY-MM-DD, YYYY-Www, "
                                 "YYYY-MM, YYYY); null when it cannot be resolved.")
    granularity: Optional[Literal["day", "week", "month", "year"]] = None


class Stance(_Record):
    holder: str
    target: str
    polarity: float = Field(ge=-1.0, le=1.0)
    evidence: list[Span] = Field(default_factory=list)
    confidence: Optional[float] = Field(None, description="Extension: calibrated 0..1, the share of such items that are right (docs/EVALUATION.md).")


class Technique(_Record):
    technique: str
    start: int
    end: int
    confidence: Optional[float] = Field(None, description="Extension: calibrated 0..1, the share of such items that are right (docs/EVALUATION.md).")


class Analogy(_Record):
    start: int
    end: int
    reference: str
    kb_id: Optional[str] = Field(None, description="The history knowledge-base entry (history.yaml); null for "
                                                   "an open reference, a past thing the knowledge base lacks.")
    reference_span: Optional[list[int]] = Field(None, description="[start, end] of the words naming the past thing.")
    form: Optional[str] = Field(None, description="The comparison construction: similarity, renewal, invocation, "
                                                 "eponym or backward.")
    confidence: Optional[float] = Field(None, description="Extension: calibrated 0..1, the share of such items that are right (docs/EVALUATION.md).")


class Analysis(_Record):
    """One document's analysis record (``newsdesk.analysis/1``)."""

    schema_: str = Field(SCHEMA_ID, alias="schema")
    document: DocumentInfo
    segments: list[Segment] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    calls_to_action: list[CallToAction] = Field(default_factory=list)
    stances: list[Stance] = Field(default_factory=list)
    techniques: list[Technique] = Field(default_factory=list)
    analogies: list[Analogy] = Field(default_factory=list)
    dates: list[TimeMention] = Field(default_factory=list, description="Extension: time expressions, resolved "
                                     "against the document date.")

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def to_json_dict(self) -> dict:
        """The record as the contract's JSON object (``schema`` key, all keys present)."""
        return self.model_dump(by_alias=True, mode="json")


def json_schema() -> dict:
    """The JSON Schema of the analysis record, generated from the models."""
    return Analysis.model_json_schema(by_alias=True)
