"""Sentence-level full-text search with filters, snippets and pagination.

A hit is one stored sentence: its document, its offsets in ``document.text`` and a snippet with
the matched words marked. Filters narrow the documents (an actor, a place or country, an event
type, a publication date range) or the sentence itself (``voice``: the segment kind it lies in,
e.g. only what a relayed statement says). SQLite ranks with FTS5's bm25, PostgreSQL with ts_rank.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Optional

from ..errors import UnsupportedInput
from .db import DEFAULT_DB
from .query import parse, to_fts5, to_tsquery
from .rows import normalise_name
from .schema import open_reader
from .timeline import matching_actors

MARKS = ("**", "**")
# The engines mark matches with these private-use characters; Python swaps in the caller's marks, so
# no mark ever has to survive SQL quoting or ts_headline's option syntax.
_OPEN, _CLOSE = "\ue000", "\ue001"
VOICES = ("headline", "byline", "dateline", "body", "statement", "comment", "boilerplate", "other")
_COLUMNS = ("s.doc_id, s.idx, s.char_start, s.char_end, s.text, {snippet} AS snippet, {rank} AS rank, "
            "d.title, d.published, d.source")


@dataclass
class Hit:
    """One matching sentence."""

    doc_id: str
    sentence: int          # index of the sentence in its document
    start: int             # offsets of the sentence in document.text
    end: int
    text: str
    snippet: str           # the sentence (or its matching part) with matches between MARKS
    score: float           # higher is better
    title: Optional[str] = None
    published: Optional[str] = None
    source: Optional[str] = None


@dataclass
class SearchPage:
    """One page of hits, and how many there are in all."""

    query: str
    total: int
    limit: int
    offset: int
    hits: list[Hit] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def search(db: str = DEFAULT_DB, query: str = "", actor: Optional[str] = None, place: Optional[str] = None,
           country: Optional[str] = None, event: Optional[str] = None, date_from: Optional[str] = None,
           date_to: Optional[str] = None, voice: Optional[str] = None, limit: int = 20, offset: int = 0,
           marks: tuple[str, str] = MARKS, min_confidence: Optional[float] = None) -> SearchPage:
    """Search stored sentences; see ``store.query`` for the syntax (AND, OR, -, "phrase", prefix*).

    ``actor`` matches any name or alias of an actor (or a Wikidata id such as Q1234); ``place`` a
    place name; ``country`` an ISO 3166 alpha-2 code or a country name; ``event`` a PLOVER type;
    dates are ISO (``date_to`` inclusive) and compare with the document's publication date.
    """
    if limit < 1 or offset < 0:
        raise UnsupportedInput("search", "limit must be at least 1 and offset at least 0")
    node = parse(query)
    # Filters by actor, place or event read the facts at the confidence thresholds (store.confident).
    with open_reader(db, min_confidence) as conn:
        where, params = sentence_filters(conn, actor, place, country, event, date_from, date_to, voice)
        if conn.dialect == "postgres":
            body, body_params, columns = _postgres(node)
        else:
            body, body_params, columns = _sqlite(node)
        condition = " AND ".join(["TRUE" if conn.dialect == "postgres" else "1"] + where)
        total = conn.one(f"SELECT COUNT(*) {body} AND {condition}", body_params[1] + params)[0]
        rows = conn.rows(f"SELECT {columns} {body} AND {condition} "
                         "ORDER BY rank, d.published DESC, s.doc_id, s.idx LIMIT ? OFFSET ?",
                         body_params[0] + body_params[1] + params + [limit, offset])
    hits = [Hit(doc_id=r[0], sentence=r[1], start=r[2], end=r[3], text=r[4],
                snippet=r[5].replace(_OPEN, marks[0]).replace(_CLOSE, marks[1]), score=-float(r[6]),
                title=r[7], published=r[8], source=r[9]) for r in rows]
    return SearchPage(query=query, total=int(total), limit=limit, offset=offset, hits=hits)


def _sqlite(node) -> tuple[str, tuple[list, list], str]:
    columns = _COLUMNS.format(snippet="snippet(sentences_fts, 0, ?, ?, '…', 24)", rank="bm25(sentences_fts)")
    body = ("FROM sentences_fts JOIN sentences s ON s.id = sentences_fts.rowid JOIN documents d ON d.id = s.doc_id "
            "WHERE sentences_fts MATCH ?")
    return body, ([_OPEN, _CLOSE], [to_fts5(node)]), columns


def _postgres(node) -> tuple[str, tuple[list, list], str]:
    expr, expr_params = to_tsquery(node)
    options = f"StartSel={_OPEN}, StopSel={_CLOSE}, MaxWords=35, MinWords=15, HighlightAll=false"
    columns = _COLUMNS.format(snippet="ts_headline('english', s.text, q.q, ?)", rank="-ts_rank(s.tsv, q.q)")
    body = (f"FROM sentences s JOIN documents d ON d.id = s.doc_id CROSS JOIN (SELECT {expr} AS q) q "
            "WHERE s.tsv @@ q.q")
    # The tsquery's parameters sit in the FROM clause, so they follow the snippet's.
    return body, ([options], expr_params), columns


def sentence_filters(conn, actor, place, country, event, date_from, date_to, voice) -> tuple[list[str], list]:
    """SQL conditions on the sentence ``s`` and its document ``d``, with their parameters."""
    where: list[str] = []
    params: list = []
    if actor:
        if re.fullmatch(r"Q\d+", actor.strip()):
            # The KB id's documents, and those where its name went unlinked (timeline.matching_actors).
            keys = next(iter(matching_actors(conn, actor)), ([""], 0))[0]
            where.append(f"s.doc_id IN (SELECT doc_id FROM actors WHERE actor_key IN ({', '.join('?' * len(keys))}))")
            params.extend(keys)
        else:
            where.append("s.doc_id IN (SELECT doc_id FROM actor_names WHERE name_norm = ?)")
            params.append(normalise_name(actor))
    if place:
        where.append("s.doc_id IN (SELECT doc_id FROM places WHERE name_norm = ?)")
        params.append(normalise_name(place))
    if country:
        where.append("s.doc_id IN (SELECT doc_id FROM places WHERE country = ?)")
        params.append(country_code(country))
    if event:
        where.append("s.doc_id IN (SELECT doc_id FROM events WHERE type = ?)")
        params.append(event.strip().upper())
    for value, op in ((date_from, ">="), (date_to, "<=")):
        if value:
            where.append(f"SUBSTR(d.published, 1, 10) {op} ?")
            params.append(iso_date(value, end=op == "<="))
    if voice:
        if voice not in VOICES:
            raise UnsupportedInput("search", f"voice '{voice}' is not one of {', '.join(VOICES)}")
        where.append("EXISTS (SELECT 1 FROM segments g WHERE g.doc_id = s.doc_id AND g.kind = ? "
                     "AND g.char_start <= s.char_start AND s.char_start < g.char_end)")
        params.append(voice)
    return where, params


def country_code(value: str) -> str:
    """An ISO 3166-1 alpha-2 code from a code or a country name ('Afghanistan' -> 'AF')."""
    value = value.strip()
    if len(value) == 2 and value.isalpha():
        return value.upper()
    import pycountry

    try:
        return pycountry.countries.lookup(value).alpha_2
    except LookupError:
        try:
            return pycountry.countries.search_fuzzy(value)[0].alpha_2
        except LookupError:
            raise UnsupportedInput("search", f"unknown country '{value}'; give an ISO code such as AF") from None


def iso_date(value: str, end: bool = False) -> str:
    """A comparable date string; an inclusive end given as 'YYYY' or 'YYYY-MM' covers the whole period."""
    value = value.strip()
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        raise UnsupportedInput("search", f"date '{value}' is not ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD)")
    return value + "-99" * (2 - value.count("-")) if end else value
