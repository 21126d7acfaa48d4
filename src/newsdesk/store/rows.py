"""From one analysis record to the rows of every store table: pure functions, no database.

Every fact row carries the document id and the character offsets of the text it came from, so any
row traces back to its words. Actor and place ids are local to a document; their names are copied
next to the ids (``speaker_name``, ``actor_name`` …) so that a table read on its own, or exported,
still says who is meant.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from typing import Iterable, Optional

from ..model import Analysis
from .sentences import split_sentences

Row = dict[str, object]


def normalise_name(name: str) -> str:
    """Lower-case, accents and punctuation dropped, spaces collapsed: 'U.N.' and 'UN' meet."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    folded = re.sub(r"[.’'`]", "", folded)
    return re.sub(r"[\W_]+", " ", folded).strip()


def actor_key(wikidata: Optional[str], name: str) -> str:
    """The cross-document identity of an actor: its Wikidata id when linked, else its name."""
    return f"wd:{wikidata}" if wikidata else f"name:{normalise_name(name)}"


def document_row(analysis: Analysis, doc_id: str, seq: int, now: str) -> Row:
    """The ``documents`` row: metadata, sizes and the full record as JSON."""
    info = analysis.document
    return {
        "id": doc_id, "seq": seq, "external_id": info.id if info.id != doc_id else None,
        "source": info.source, "title": info.title, "publisher": info.publisher, "published": info.published,
        "language": info.language, "n_chars": len(info.text), "n_words": len(info.text.split()),
        "analysis": json.dumps(analysis.to_json_dict(), ensure_ascii=False), "ingested_at": now,
    }


def fact_rows(analysis: Analysis, doc_id: str) -> dict[str, list[Row]]:
    """Rows for every fact table, keyed by table name (tables with no rows are present and empty)."""
    text = analysis.document.text
    actor_names = {a.id: a.name for a in analysis.actors}
    places = {p.id: p for p in analysis.places}
    return {
        "segments": [_segment(doc_id, i, s, actor_names) for i, s in enumerate(analysis.segments)],
        "actors": [_actor(doc_id, a) for a in analysis.actors],
        "actor_names": _actor_names(doc_id, analysis),
        "places": [_place(doc_id, p) for p in analysis.places],
        "mentions": _mentions(doc_id, analysis),
        "quotes": [{"doc_id": doc_id, "idx": i, "kind": q.kind, "speaker": q.speaker,
                    "speaker_name": actor_names.get(q.speaker or ""), "cue": q.cue, "parent": q.parent,
                    "char_start": q.start, "char_end": q.end, "text": text[q.start:q.end],
                    "confidence": q.confidence} for i, q in enumerate(analysis.quotes)],
        "events": [_event(doc_id, i, e, actor_names, places, text) for i, e in enumerate(analysis.events)],
        "calls_to_action": [{"doc_id": doc_id, "idx": i, "speaker": c.speaker,
                             "speaker_name": actor_names.get(c.speaker or ""),
                             "addressees": json.dumps(c.addressees, ensure_ascii=False), "action": c.action,
                             "char_start": c.start, "char_end": c.end, "text": text[c.start:c.end],
                             "confidence": c.confidence} for i, c in enumerate(analysis.calls_to_action)],
        "stances": [_stance(doc_id, i, s, actor_names) for i, s in enumerate(analysis.stances)],
        "techniques": [{"doc_id": doc_id, "idx": i, "technique": t.technique, "char_start": t.start,
                        "char_end": t.end, "text": text[t.start:t.end], "confidence": t.confidence}
                       for i, t in enumerate(analysis.techniques)],
        "analogies": [{"doc_id": doc_id, "idx": i, "reference": a.reference, "char_start": a.start,
                       "char_end": a.end, "text": text[a.start:a.end], "confidence": a.confidence}
                      for i, a in enumerate(analysis.analogies)],
        "sentences": [{"doc_id": doc_id, "idx": i, "char_start": s, "char_end": e, "text": text[s:e]}
                      for i, (s, e) in enumerate(split_sentences(text))],
    }


def _segment(doc_id: str, idx: int, seg, actor_names: dict) -> Row:
    return {"doc_id": doc_id, "idx": idx, "kind": seg.kind, "speaker": seg.speaker,
            "speaker_name": seg.speaker_name or actor_names.get(seg.speaker or ""),
            "char_start": seg.start, "char_end": seg.end}


def _actor(doc_id: str, actor) -> Row:
    wikidata = actor.kb.wikidata if actor.kb else None
    first = min(actor.mentions) if actor.mentions else (None, None)
    return {"doc_id": doc_id, "actor_id": actor.id, "actor_key": actor_key(wikidata, actor.name),
            "name": actor.name, "type": actor.type, "aliases": json.dumps(actor.aliases, ensure_ascii=False),
            "roles": json.dumps(actor.roles, ensure_ascii=False), "wikidata": wikidata,
            "cameo": actor.kb.cameo if actor.kb else None, "n_mentions": len(actor.mentions),
            "char_start": first[0], "char_end": first[1], "confidence": actor.confidence}


def _actor_names(doc_id: str, analysis: Analysis) -> list[Row]:
    seen: set[tuple[str, str]] = set()
    rows = []
    for actor in analysis.actors:
        for name in [actor.name, *actor.aliases]:
            norm = normalise_name(name)
            if norm and (actor.id, norm) not in seen:
                seen.add((actor.id, norm))
                rows.append({"doc_id": doc_id, "actor_id": actor.id, "name_norm": norm})
    return rows


def _place(doc_id: str, place) -> Row:
    first = min(place.mentions) if place.mentions else (None, None)
    return {"doc_id": doc_id, "place_id": place.id, "name": place.name, "name_norm": normalise_name(place.name),
            "kind": place.kind, "country": place.country, "lat": place.lat, "lon": place.lon,
            "geonames_id": place.geonames_id, "confidence": place.confidence, "n_mentions": len(place.mentions),
            "char_start": first[0], "char_end": first[1]}


def _mentions(doc_id: str, analysis: Analysis) -> list[Row]:
    spans = {("actor", a.id, s, e) for a in analysis.actors for s, e in a.mentions}
    spans |= {("place", p.id, s, e) for p in analysis.places for s, e in p.mentions}
    return [{"doc_id": doc_id, "kind": k, "ref_id": ref, "char_start": s, "char_end": e}
            for k, ref, s, e in sorted(spans)]


def _event(doc_id: str, idx: int, event, actor_names: dict, places: dict, text: str) -> Row:
    place = places.get(event.place or "")
    trigger, actor, recipient = event.trigger or (None, None), event.actor_span or (None, None), \
        event.recipient_span or (None, None)
    where = _mention_within(place.mentions, event.start, event.end) if place else (None, None)
    return {"doc_id": doc_id, "idx": idx, "type": event.type, "actor": event.actor,
            "actor_name": actor_names.get(event.actor or ""), "recipient": event.recipient,
            "recipient_name": actor_names.get(event.recipient or ""), "place": event.place,
            "place_name": place.name if place else None, "country": place.country if place else None,
            "date": event.date, "negated": bool(event.negated), "hypothetical": bool(event.hypothetical),
            "char_start": event.start, "char_end": event.end, "text": text[event.start:event.end],
            "mode": event.mode, "confidence": event.confidence, "date_precision": date_precision(event.date),
            "trigger_start": trigger[0], "trigger_end": trigger[1], "actor_start": actor[0], "actor_end": actor[1],
            "recipient_start": recipient[0], "recipient_end": recipient[1], "place_start": where[0],
            "place_end": where[1]}


def _mention_within(mentions: list, start: int, end: int) -> tuple[Optional[int], Optional[int]]:
    """The place's first mention inside the event's span: the words that place this event. None when
    the place was inferred from elsewhere in the document (no span is better than a wrong one)."""
    for m_start, m_end in sorted(mentions):
        if start <= m_start and m_end <= end:
            return m_start, m_end
    return None, None


_PRECISION = ((re.compile(r"^\d{4}-\d{2}-\d{2}"), "day"), (re.compile(r"^\d{4}-W\d{2}$"), "week"),
              (re.compile(r"^\d{4}-\d{2}$"), "month"), (re.compile(r"^\d{4}$"), "year"))


def date_precision(value: Optional[str]) -> Optional[str]:
    """'day', 'week', 'month' or 'year' for an ISO 8601 date at the text's precision (extract/dates)."""
    for pattern, precision in _PRECISION:
        if value and pattern.match(value):
            return precision
    return None


def _stance(doc_id: str, idx: int, stance, actor_names: dict) -> Row:
    first = min(stance.evidence) if stance.evidence else (None, None)
    return {"doc_id": doc_id, "idx": idx, "holder": stance.holder, "holder_name": actor_names.get(stance.holder),
            "target": stance.target, "target_name": actor_names.get(stance.target), "polarity": stance.polarity,
            "evidence": json.dumps([list(span) for span in stance.evidence]),
            "char_start": first[0], "char_end": first[1], "confidence": stance.confidence}


def main_names(names: Counter, share: float = 0.25) -> set[str]:
    """An entity's main names: its commonest, and any carried by at least ``share`` of its rows."""
    if not names:
        return set()
    total, top = sum(names.values()), names.most_common(1)[0][1]
    return {name for name, n in names.items() if n == top or n >= share * total}


def merge_names(linked: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Map a name key to the one linked key (KB id, geonames id) that carries that name.

    ``linked`` holds one (linked key, name key) pair per linked row. A document where a name went
    unlinked then counts for the linked entity. Only a linked key's main names take part: a KB link
    made in error ('Melania Trump' linked to Donald Trump once) must not pull every unlinked
    'Melania Trump' in. A name that two linked keys carry as a main name (two people called John
    Smith) is left out too.
    """
    rows: dict[str, Counter] = {}
    for key, name_key in linked:
        rows.setdefault(key, Counter())[name_key] += 1
    owners: dict[str, set[str]] = {}
    for key, names in rows.items():
        for name_key in main_names(names):
            owners.setdefault(name_key, set()).add(key)
    return {name_key: next(iter(keys)) for name_key, keys in owners.items() if len(keys) == 1}
