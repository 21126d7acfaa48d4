"""The few read queries the web desk needs beyond the store's own (search, timeline, stories, export).

They go through the store's one connection type (``open_reader``), use its portable ``?`` SQL, and
reuse its filters: documents are filtered with exactly the conditions of ``newsdesk search``, so a
filter means the same on the command line, in the API and on the pages.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import Optional

from ..confidence import LAYERS
from ..store import confident
from ..store.db import Connection
from ..store.rows import normalise_name
from ..store.schema import open_reader
from ..store.search import country_code, iso_date, sentence_filters

_PLACE_KEY = "COALESCE(CAST(p.geonames_id AS TEXT), p.name_norm)"
_EVENT_DATE = "COALESCE(e.date, SUBSTR(d.published, 1, 10))"
NETWORK_SIZE = 12


def store_counts(db: str, min_confidence: Optional[float] = None) -> dict[str, int]:
    """How many rows the main tables hold: the home page's overview."""
    with open_reader(db, min_confidence) as conn:
        return {table: int(conn.one(f"SELECT COUNT(*) FROM {table}")[0]) for table in
                ("documents", "actors", "places", "quotes", "events", "calls_to_action", "stories")}


def list_documents(db: str, limit: int = 20, offset: int = 0, min_confidence: Optional[float] = None,
                   **filters: Optional[str]) -> dict:
    """A page of documents, newest first by order of ingest, filtered like ``newsdesk search``
    (actor, place, country, event, date_from, date_to, voice)."""
    with open_reader(db, min_confidence) as conn:
        where, params = sentence_filters(conn, **{k: filters.get(k) for k in
                                          ("actor", "place", "country", "event", "date_from", "date_to", "voice")})
        condition = (f"WHERE EXISTS (SELECT 1 FROM sentences s WHERE s.doc_id = d.id AND {' AND '.join(where)})"
                     if where else "")
        total = conn.one(f"SELECT COUNT(*) FROM documents d {condition}", params)[0]
        rows = conn.dicts("SELECT d.id, d.seq, d.title, d.publisher, d.published, d.source, d.language, d.n_words, "
                          f"d.ingested_at, d.analysis FROM documents d {condition} ORDER BY d.seq DESC LIMIT ? OFFSET ?",
                          [*params, limit, offset])
    for row in rows:  # the record's warnings (a language the pipeline does not read): one page, parsed here
        row["warnings"] = json.loads(row.pop("analysis")).get("document", {}).get("warnings", [])
    return {"total": int(total), "limit": limit, "offset": offset, "documents": rows}


def get_document(db: str, doc_id: str, min_confidence: Optional[float] = None) -> Optional[dict]:
    """The stored analysis record and where the store places it (story, syndication); None if unknown.
    The record holds the items at or above the thresholds (``store.confident``); ``confidence`` says
    which thresholds were applied, and how many items of each layer the store holds beyond them."""
    with open_reader(db, min_confidence) as conn:
        row = conn.one("SELECT analysis, seq, source, ingested_at FROM documents WHERE id = ?", (doc_id,))
        if row is None:
            return None
        story = conn.dicts("SELECT s.story_id, s.label, s.n_docs FROM story_members m JOIN stories s "
                           "ON s.story_id = m.story_id WHERE m.doc_id = ?", (doc_id,))
        original = conn.one("SELECT original_id, similarity FROM syndication WHERE doc_id = ?", (doc_id,))
        copies = [r[0] for r in conn.rows("SELECT doc_id FROM syndication WHERE original_id = ? ORDER BY doc_id",
                                          (doc_id,))]
        keys = dict(conn.rows("SELECT actor_id, actor_key FROM actors WHERE doc_id = ?", (doc_id,)))
    store = {"id": doc_id, "seq": row[1], "source": row[2], "ingested_at": row[3],
             "story": story[0] if story else None,
             "copy_of": {"doc_id": original[0], "similarity": original[1]} if original else None,
             "copies": copies, "actor_keys": keys}
    stored = json.loads(row[0])
    analysis = confident.record(stored, min_confidence)
    return {"analysis": analysis, "store": store, "confidence": confidence_summary(stored, analysis, min_confidence)}


def confidence_summary(stored: dict, shown: dict, min_confidence: Optional[float]) -> dict:
    """The thresholds a record was read at and, per layer, how many stored items they left out (what
    the desk's "show less certain facts" would add)."""
    hidden = {layer: len(stored.get(field) or []) - len(shown.get(field) or [])
              for layer, field in LAYERS.items()}
    return {"min_confidence": min_confidence, "thresholds": confident.limits(min_confidence),
            "defaults": confident.limits(None),
            "hidden": {layer: n for layer, n in hidden.items() if n > 0}}


def _event_filters(conn: Connection, filters: dict) -> tuple[str, list]:
    """WHERE clause and parameters for events (``e``, its document ``d``)."""
    where, params = [], []
    if filters.get("type"):
        where.append("e.type = ?")
        params.append(filters["type"].strip().upper())
    if filters.get("actor"):
        where.append("EXISTS (SELECT 1 FROM actor_names n WHERE n.doc_id = e.doc_id "
                     "AND (n.actor_id = e.actor OR n.actor_id = e.recipient) AND n.name_norm = ?)")
        params.append(normalise_name(filters["actor"]))
    if filters.get("place"):
        where.append("EXISTS (SELECT 1 FROM places p WHERE p.doc_id = e.doc_id AND p.place_id = e.place "
                     "AND p.name_norm = ?)")
        params.append(normalise_name(filters["place"]))
    if filters.get("country"):
        where.append("e.country = ?")
        params.append(country_code(filters["country"]))
    if filters.get("doc_id"):
        where.append("e.doc_id = ?")
        params.append(filters["doc_id"])
    for key, op in (("date_from", ">="), ("date_to", "<=")):
        if filters.get(key):
            where.append(f"{_EVENT_DATE} {op} ?")
            params.append(iso_date(filters[key], end=op == "<="))
    return ("WHERE " + " AND ".join(where)) if where else "", params


def list_events(db: str, limit: int = 50, offset: int = 0, min_confidence: Optional[float] = None,
                **filters: Optional[str]) -> dict:
    """A page of events, latest first, with their document and their place's coordinates.

    ``date`` is the event's own date where the text gave one, else the document's publication date
    (``dated_by`` says which: 'event', 'published', or null when neither is known)."""
    with open_reader(db, min_confidence) as conn:
        where, params = _event_filters(conn, filters)
        body = ("FROM events e JOIN documents d ON d.id = e.doc_id "
                "LEFT JOIN places p ON p.doc_id = e.doc_id AND p.place_id = e.place ")
        total = conn.one(f"SELECT COUNT(*) {body} {where}", params)[0]
        rows = conn.dicts(
            f"SELECT e.doc_id, e.idx, e.type, e.actor, e.actor_name, e.recipient, e.recipient_name, e.place_name, "
            f"e.country, {_EVENT_DATE} AS date, CASE WHEN e.date IS NOT NULL THEN 'event' "
            "WHEN d.published IS NOT NULL THEN 'published' END AS dated_by, "
            "e.negated, e.hypothetical, e.char_start, e.char_end, e.text, e.confidence, d.title, p.lat, p.lon "
            # Undated events last on both back ends (they sort NULLs differently).
            f"{body} {where} ORDER BY CASE WHEN {_EVENT_DATE} IS NULL THEN 1 ELSE 0 END, date DESC, d.seq DESC, e.idx "
            "LIMIT ? OFFSET ?", [*params, limit, offset])
    for row in rows:
        row["negated"], row["hypothetical"] = bool(row["negated"]), bool(row["hypothetical"])
    return {"total": int(total), "limit": limit, "offset": offset, "events": rows}


def event_timeline(db: str, min_confidence: Optional[float] = None, **filters: Optional[str]) -> list[dict]:
    """Events counted per date and type (the timeline chart), oldest first; undated events left out."""
    with open_reader(db, min_confidence) as conn:
        where, params = _event_filters(conn, filters)
        condition = f"{where} AND" if where else "WHERE"
        rows = conn.rows(f"SELECT {_EVENT_DATE} AS day, e.type, COUNT(*) FROM events e "
                         f"JOIN documents d ON d.id = e.doc_id {condition} {_EVENT_DATE} IS NOT NULL "
                         "GROUP BY day, e.type ORDER BY day, e.type", params)
    return [{"date": day, "type": kind, "count": int(n)} for day, kind, n in rows]


def map_places(db: str, country: Optional[str] = None, limit: int = 500,
               min_confidence: Optional[float] = None) -> list[dict]:
    """Places with coordinates across the store, merged by GeoNames id (else name): mentions, documents,
    and the events located there by type, most mentioned first."""
    where, params = "WHERE p.lat IS NOT NULL AND p.lon IS NOT NULL", []
    if country:
        where += " AND p.country = ?"
        params.append(country_code(country))
    with open_reader(db, min_confidence) as conn:
        places = conn.dicts(
            f"SELECT {_PLACE_KEY} AS place_key, MIN(p.name) AS name, MIN(p.kind) AS kind, MIN(p.country) AS country, "
            "AVG(p.lat) AS lat, AVG(p.lon) AS lon, SUM(p.n_mentions) AS mentions, COUNT(DISTINCT p.doc_id) AS documents "
            f"FROM places p {where} GROUP BY place_key ORDER BY mentions DESC, place_key LIMIT ?", [*params, limit])
        events: dict[str, Counter] = defaultdict(Counter)
        for key, kind, n in conn.rows(f"SELECT {_PLACE_KEY} AS place_key, e.type, COUNT(*) FROM events e "
                                      "JOIN places p ON p.doc_id = e.doc_id AND p.place_id = e.place "
                                      f"{where} GROUP BY place_key, e.type", params):
            events[key][kind] += int(n)
    for place in places:
        place["mentions"], place["documents"] = int(place["mentions"]), int(place["documents"])
        place["events"] = dict(events[place["place_key"]].most_common())
    return places


def co_actors(db: str, keys: list[str], size: int = NETWORK_SIZE, min_confidence: Optional[float] = None) -> dict:
    """The actors that share documents with the actor ``keys``: the ``size`` most frequent, and how often
    each pair of them shares a document (the network on the actor page)."""
    marks = ", ".join("?" * len(keys))
    with open_reader(db, min_confidence) as conn:
        rows = conn.rows(f"SELECT actor_key, name, COUNT(DISTINCT doc_id), SUM(n_mentions) FROM actors WHERE doc_id IN "
                         f"(SELECT doc_id FROM actors WHERE actor_key IN ({marks})) AND actor_key NOT IN ({marks}) "
                         "GROUP BY actor_key, name", [*keys, *keys])
        nodes = _merge_by_name(rows)[:size]
        member = {key: node["id"] for node in nodes for key in node["actor_keys"]}
        links: Counter = Counter()
        if member:
            marks = ", ".join("?" * len(member))
            for a, b, n in conn.rows(
                    "SELECT a.actor_key, b.actor_key, COUNT(DISTINCT a.doc_id) FROM actors a JOIN actors b "
                    "ON b.doc_id = a.doc_id AND a.actor_key < b.actor_key "
                    f"WHERE a.actor_key IN ({marks}) AND b.actor_key IN ({marks}) GROUP BY a.actor_key, b.actor_key",
                    [*member, *member]):
                pair = tuple(sorted((member[a], member[b])))
                if pair[0] != pair[1]:
                    links[pair] += int(n)
    return {"nodes": nodes, "links": [{"source": a, "target": b, "documents": n} for (a, b), n in links.items()]}


def _merge_by_name(rows: list[tuple[str, str, int, int]]) -> list[dict]:
    """One node per actor: keys whose commonest names normalise alike (a KB-linked and an unlinked
    'Ashraf Ghani') are one node. Sorted by shared documents, then by mentions in them."""
    by_key: dict[str, Counter] = defaultdict(Counter)
    mentions: Counter = Counter()
    for key, name, n, mentioned in rows:
        by_key[key][name] += int(n)
        mentions[key] += int(mentioned or 0)
    nodes: dict[str, dict] = {}
    for key, names in by_key.items():
        name = names.most_common(1)[0][0]
        node = nodes.setdefault(normalise_name(name), {"id": key, "name": name, "actor_keys": [], "documents": 0,
                                                       "mentions": 0})
        node["actor_keys"].append(key)
        node["documents"] += sum(names.values())
        node["mentions"] += mentions[key]
    return sorted(nodes.values(), key=lambda n: (-n["documents"], -n["mentions"], n["name"]))
