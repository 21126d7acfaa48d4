"""Stories: documents about the same happening, grouped by shared actors and places, time and wording.

Clustering is rebuilt over the whole store after each ingest (order-independent, so a resumed run
gives the same stories as an uninterrupted one). Candidate pairs come from shared entities only
(an inverted index, skipping entities so common they say nothing, such as a country every article
names), so the work grows with the store, not with its square. A pair is linked when

    score = 0.5 · cosine(TF-IDF of title + lead) + 0.3 · weighted Jaccard(entities, idf) + 0.2 · time

passes ``LINK_SCORE`` and the texts share enough words (``MIN_COSINE``); two dated reports more than
``MAX_DAYS`` apart are different happenings. Linked documents form stories (connected components);
a syndicated copy always joins its original's story.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby, islice
from operator import itemgetter
from typing import Optional

import numpy as np

from .db import DEFAULT_DB, Connection, connect
from .rows import actor_key, merge_names
from .schema import now_iso, require_schema

LEAD_SENTENCES = 12     # the title and the first sentences carry what a report is about
MAX_DAYS = 7
MIN_COSINE = 0.2
LINK_SCORE = 0.4
TOP = 5


@dataclass
class _Doc:
    id: str
    seq: int
    title: str
    published: Optional[date]
    text: str
    entities: set[str] = field(default_factory=set)


# From this many stored documents the rebuild after an ingest runs in a child process (see
# ``rebuild_after_ingest``); below it the child's start (a fresh interpreter, ~5-15 s) costs more than
# the rebuild itself.
APART_FROM_DOCS = 500


def rebuild_after_ingest(writer) -> int:
    """The rebuild that ends an ingest or a batch load: in a fresh process from ``APART_FROM_DOCS``
    stored documents. Why: the rebuild reads every stored document's lead and entities, and its
    memory grows with the store; in the ingest's process it came on top of the spaCy pipeline and of
    what the run had left in the heap (issue 18), and freed memory is rarely given back to the
    system. A child's memory is returned whole when it exits."""
    count = int(writer.conn.one("SELECT COUNT(*) FROM documents")[0])
    if count < APART_FROM_DOCS:
        return rebuild_stories(writer)
    import multiprocessing

    # spawn, not fork: the parent holds the pipeline (a forked child would touch and copy its pages)
    # and an open database connection.
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(rebuild_store, (writer.db,))


def rebuild_store(db: str) -> int:
    """Rebuild the stories of the store at ``db`` (a child process's entry point)."""
    from .writer import StoreWriter

    with StoreWriter(db, syndication=False) as writer:
        return rebuild_stories(writer)


def rebuild_stories(writer) -> int:
    """Recluster every stored document and replace the stories; returns how many stories (≥ 2 docs)."""
    docs = _load(writer.conn)
    copies = dict(writer.conn.rows("SELECT doc_id, original_id FROM syndication"))
    groups = cluster(docs, copies)
    stories, members = _describe(writer.conn, docs, groups, copies)
    writer.replace_stories(stories, members)
    return sum(1 for s in stories if s["n_docs"] >= 2)


def cluster(docs: list[_Doc], copies: dict[str, str]) -> list[list[int]]:
    """Group document indexes into stories; each group sorted by first sight, groups by their first."""
    parent = list(range(len(docs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    index = {d.id: i for i, d in enumerate(docs)}
    for copy, original in copies.items():
        if copy in index and original in index:
            union(index[copy], index[original])
    for i, j in _linked_pairs(docs):
        union(i, j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in sorted(range(len(docs)), key=lambda k: docs[k].seq):
        groups[find(i)].append(i)
    return sorted(groups.values(), key=lambda g: docs[g[0]].seq)


def _linked_pairs(docs: list[_Doc]) -> list[tuple[int, int]]:
    """Linked pairs (i < j), in order. Streamed: each document is compared with the later documents
    that share an informative entity with it, one document at a time. Why: the set of every candidate
    pair grows with the square of an entity's holders, and the cap on holders grows with the store
    (2 %), so holding every pair and its row products at once grew faster than the store (issue 18)."""
    if len(docs) < 2:
        return []
    idf, holders = _entity_index(docs)
    if not holders:
        return []
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1, max_features=200_000,
                             dtype=np.float32).fit_transform(f"{d.title}\n{d.text}" for d in docs)
    linked = []
    for i, doc in enumerate(docs):
        partners = sorted({j for key in doc.entities if key in holders
                           for j in islice(holders[key], bisect_right(holders[key], i), None)})
        if not partners:
            continue
        # The same row products as one product over all pairs, so the sums (and links) are identical.
        cosine = np.asarray(matrix[[i] * len(partners)].multiply(matrix[partners]).sum(axis=1)).ravel()
        for j, cos in zip(partners, cosine):
            if cos < MIN_COSINE:
                continue
            timing = _time_score(doc.published, docs[j].published)
            if timing is None:
                continue
            score = 0.5 * cos + 0.3 * _weighted_jaccard(doc.entities, docs[j].entities, idf) + 0.2 * timing
            if score >= LINK_SCORE:
                linked.append((i, j))
    return linked


def _entity_index(docs: list[_Doc]) -> tuple[dict[str, float], dict[str, list[int]]]:
    """Each entity's idf, and the holders (ascending document indexes) of the informative ones."""
    holders: dict[str, list[int]] = defaultdict(list)
    for i, doc in enumerate(docs):
        for key in doc.entities:
            holders[key].append(i)
    n = len(docs)
    idf = {key: math.log((1 + n) / (1 + len(held))) + 1 for key, held in holders.items()}
    # An entity in more than this many documents links too much to mean one happening.
    cap = max(50, int(0.02 * n))
    return idf, {key: held for key, held in holders.items() if 1 < len(held) <= cap}


def _weighted_jaccard(a: set[str], b: set[str], idf: dict[str, float]) -> float:
    union = sum(idf[k] for k in a | b)
    return sum(idf[k] for k in a & b) / union if union else 0.0


def _time_score(a: Optional[date], b: Optional[date]) -> Optional[float]:
    """1 on the same day, falling to 0 at MAX_DAYS + 1; None (never linked) beyond; 0.5 if unknown."""
    if a is None or b is None:
        return 0.5
    days = abs((a - b).days)
    return None if days > MAX_DAYS else 1.0 - days / (MAX_DAYS + 1)


def _load(conn: Connection) -> list[_Doc]:
    docs = [_Doc(id=r[0], seq=r[1], title=r[2] or "", published=_date(r[3]), text="")
            for r in conn.rows("SELECT id, seq, title, published FROM documents ORDER BY seq")]
    index = {d.id: d for d in docs}
    # The lead from the stored sentences: no need to decode every full analysis record.
    # Streamed, each document's lead joined as soon as it is whole: the rows of every lead at once
    # were the rebuild's largest transient (12 tuples per document).
    with conn.snapshot():
        _names, rows = conn.stream("SELECT doc_id, text FROM sentences WHERE idx < ? ORDER BY doc_id, idx",
                                   (LEAD_SENTENCES,))
        for doc_id, sentences in groupby(rows, key=itemgetter(0)):
            if doc_id in index:
                index[doc_id].text = "\n".join(text for _id, text in sentences)
    actors, places = entity_rows(conn)
    for doc_id, key, _name in actors + places:
        index[doc_id].entities.add(key)
    return docs


def entity_rows(conn: Connection) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """(doc id, entity key, name) for every actor and place, keys merged across documents: an actor
    is its KB id where any document linked its name (see ``rows.merge_names``), a place its
    geonames id likewise, else the normalised name."""
    actors = conn.rows("SELECT doc_id, actor_key, name FROM actors")
    merged = merge_names((key, actor_key(None, name)) for _d, key, name in actors if key.startswith("wd:"))
    actors = [(doc_id, merged.get(key, key), name) for doc_id, key, name in actors]
    places = conn.rows("SELECT doc_id, geonames_id, name_norm, name FROM places")
    merged = merge_names((f"place:{gid}", f"place:{norm}") for _d, gid, norm, _n in places if gid is not None)
    places = [(doc_id, f"place:{gid}" if gid is not None else merged.get(f"place:{norm}", f"place:{norm}"), name)
              for doc_id, gid, norm, name in places]
    return actors, places


def _date(value: Optional[str]) -> Optional[date]:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _describe(conn: Connection, docs: list[_Doc], groups: list[list[int]],
              copies: dict[str, str]) -> tuple[list[dict], list[dict]]:
    """Story rows (label, counts, top actors, places, dates) and membership rows."""
    actor_rows, place_rows = entity_rows(conn)
    actor_names, place_names = _names(actor_rows), _names(place_rows)
    stories, members, now = [], [], now_iso()
    for story_id, group in enumerate(groups, start=1):
        ids = [docs[i].id for i in group]
        dates = sorted(d.published.isoformat() for i in group if (d := docs[i]).published)
        stories.append({
            "story_id": story_id, "label": _label(docs[group[0]]), "n_docs": len(ids),
            "n_copies": sum(1 for doc_id in ids if doc_id in copies),
            "first_date": dates[0] if dates else None, "last_date": dates[-1] if dates else None,
            "top_actors": json.dumps(_top(ids, actor_names), ensure_ascii=False),
            "top_places": json.dumps(_top(ids, place_names), ensure_ascii=False),
            "dates": json.dumps(sorted(Counter(dates).most_common(10))), "built_at": now,
        })
        members.extend({"story_id": story_id, "doc_id": doc_id} for doc_id in ids)
    return stories, members


def _names(rows: list[tuple[str, str, str]]) -> dict[str, dict[str, str]]:
    """doc id -> {entity key: display name}, the display name being the key's commonest name overall."""
    per_doc: dict[str, dict[str, str]] = defaultdict(dict)
    spelled: dict[str, Counter] = defaultdict(Counter)
    for doc_id, key, name in rows:
        per_doc[doc_id][key] = name
        spelled[key][name] += 1
    best = {key: counts.most_common(1)[0][0] for key, counts in spelled.items()}
    return {doc_id: {key: best[key] for key in keys} for doc_id, keys in per_doc.items()}


def _top(ids: list[str], names: dict[str, dict[str, str]]) -> list[list]:
    counts: Counter = Counter()
    shown: dict[str, str] = {}
    for doc_id in ids:
        for key, name in names.get(doc_id, {}).items():
            counts[key] += 1
            shown[key] = name
    return [[shown[key], n] for key, n in counts.most_common(TOP)]


def _label(doc: _Doc) -> str:
    label = doc.title or next((line for line in doc.text.splitlines() if line.strip()), doc.id)
    return label.strip()[:160]


def list_stories(db: str = DEFAULT_DB, limit: int = 20, offset: int = 0, min_docs: int = 2) -> list[dict]:
    """Stories with at least ``min_docs`` documents, largest and latest first, JSON fields decoded."""
    with connect(db) as conn:
        require_schema(conn)
        rows = conn.dicts("SELECT * FROM stories WHERE n_docs >= ? ORDER BY n_docs DESC, last_date DESC, story_id "
                          "LIMIT ? OFFSET ?", (min_docs, limit, offset))
        for row in rows:
            for key in ("top_actors", "top_places", "dates"):
                row[key] = json.loads(row[key])
            row["documents"] = [r[0] for r in conn.rows(
                "SELECT m.doc_id FROM story_members m JOIN documents d ON d.id = m.doc_id "
                "WHERE m.story_id = ? ORDER BY d.seq", (row["story_id"],))]
    return rows
