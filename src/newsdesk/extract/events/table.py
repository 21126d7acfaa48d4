"""The flat event table for analysts: one row per event, in the spirit of GDELT's event table.

Each row names the document, the event's index in it, its type and mode, the actor and the
recipient (id, name, CAMEO code from the knowledge-base link), the place (id, name, country,
coordinates), the date, the modality flags, the evidence offsets and the sentence the event is
stated in. ``newsdesk analyze PATH --events-csv FILE`` writes it with ``EventTableWriter``.
"""

from __future__ import annotations

import csv
from typing import IO, Iterable, Optional

from ...model import Actor, Analysis, Event, Place

EVENT_COLUMNS = [
    "document_id", "event_index", "type", "mode",
    "actor_id", "actor_name", "actor_cameo", "recipient_id", "recipient_name", "recipient_cameo",
    "place_id", "place_name", "place_country", "place_lat", "place_lon",
    "date", "negated", "hypothetical", "confidence", "start", "end", "sentence",
]


def event_rows(analysis: Analysis) -> list[dict]:
    """The rows of one analysis record, in event order."""
    actors = {a.id: a for a in analysis.actors}
    places = {p.id: p for p in analysis.places}
    text = analysis.document.text
    return [_row(analysis.document.id, index, event, actors, places, text)
            for index, event in enumerate(analysis.events)]


def _row(document_id: str, index: int, event: Event, actors: dict[str, Actor], places: dict[str, Place],
         text: str) -> dict:
    actor, recipient = actors.get(event.actor or ""), actors.get(event.recipient or "")
    place = places.get(event.place or "")
    return {
        "document_id": document_id, "event_index": index, "type": event.type, "mode": event.mode or "",
        "actor_id": event.actor or "", "actor_name": _name(actor, event.actor_name), "actor_cameo": _cameo(actor),
        "recipient_id": event.recipient or "", "recipient_name": _name(recipient, event.recipient_name),
        "recipient_cameo": _cameo(recipient),
        "place_id": event.place or "", "place_name": place.name if place else "",
        "place_country": (place.country or "") if place else "",
        "place_lat": _number(place.lat if place else None), "place_lon": _number(place.lon if place else None),
        "date": event.date or "", "negated": int(event.negated), "hypothetical": int(event.hypothetical),
        "confidence": _number(event.confidence), "start": event.start, "end": event.end,
        "sentence": " ".join(text[event.start:event.end].split()),
    }


def _name(actor: Optional[Actor], fallback: Optional[str]) -> str:
    """The actor's canonical name; for a role filler with no actor record, the text's phrase."""
    return actor.name if actor is not None else (fallback or "")


def _cameo(actor: Optional[Actor]) -> str:
    return (actor.kb.cameo or "") if actor is not None and actor.kb is not None else ""


def _number(value: Optional[float]) -> str:
    return "" if value is None else f"{value:g}"


class EventTableWriter:
    """Streams rows as documents are analysed (the CLI writes while it prints)."""

    def __init__(self, handle: IO[str]):
        self.writer = csv.DictWriter(handle, fieldnames=EVENT_COLUMNS)
        self.writer.writeheader()
        self.rows = 0

    def add(self, analysis: Analysis) -> None:
        """Write the rows of one more document."""
        for row in event_rows(analysis):
            self.writer.writerow(row)
            self.rows += 1


def write_event_table(analyses: Iterable[Analysis], handle: IO[str]) -> int:
    """Write the header and every event row of ``analyses`` as CSV; return the number of rows."""
    table = EventTableWriter(handle)
    for analysis in analyses:
        table.add(analysis)
    return table.rows
