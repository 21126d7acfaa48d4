"""An actor across the corpus: names, knowledge-base links, and what they said and did over time.

Actors are per document in the analysis record; across documents they are joined by ``actor_key``
(the Wikidata id when the knowledge base linked them, else the normalised name). A name given by
the user is looked up among every name and alias; when it fits several actors (two Clintons), the
one in most documents is shown and the others are listed as ``other_matches``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Optional

from .db import DEFAULT_DB, Connection
from .rows import actor_key, main_names, merge_names, normalise_name
from .schema import open_reader

SECTION_LIMIT = 200
_WHEN = "COALESCE({date}, SUBSTR(d.published, 1, 10))"


def actor_timeline(db: str = DEFAULT_DB, name: str = "", limit: int = SECTION_LIMIT,
                   min_confidence: Optional[float] = None) -> Optional[dict]:
    """The actor's profile and dated quotes, events, calls to action and stances; None if unknown.

    Each section lists at most ``limit`` items, oldest first, and says how many there are in all
    (``<section>_total``), so nothing is cut silently.
    """
    with open_reader(db, min_confidence) as conn:
        groups = matching_actors(conn, name)
        if not groups:
            return None
        keys = groups[0][0]
        marks = ", ".join("?" * len(keys))
        profile = _profile(conn, keys, marks)
        profile["other_matches"] = [{"actor_keys": k, "documents": n} for k, n in groups[1:]]
        for section, sql in _SECTIONS.items():
            query = sql.format(keys=marks)
            total = conn.one(f"SELECT COUNT(*) FROM ({query}) x", keys)[0]
            profile[section] = conn.dicts(f"SELECT * FROM ({query}) x ORDER BY date, seq, char_start LIMIT ?",
                                          [*keys, limit])
            profile[f"{section}_total"] = int(total)
    for call in profile["calls_to_action"]:
        call["addressees"] = json.loads(call["addressees"])
    for stance in profile["stances"]:
        stance["evidence"] = json.loads(stance["evidence"])
    return profile


def matching_actors(conn: Connection, name: str) -> list[tuple[list[str], int]]:
    """Groups of actor keys that are one actor: those whose main name is the one asked for first,
    then by the number of documents.

    A KB-linked key ('wd:Q…') takes in the name key of its canonical name (documents where the same
    name went unlinked), as ``rows.merge_names`` decides.
    """
    if re.fullmatch(r"Q\d+", name.strip()):
        where, param = "a.wikidata = ?", name.strip()
    else:
        where, param = ("EXISTS (SELECT 1 FROM actor_names n WHERE n.doc_id = a.doc_id AND n.actor_id = a.actor_id "
                        "AND n.name_norm = ?)"), normalise_name(name)
    found = {r[0] for r in conn.rows(f"SELECT DISTINCT a.actor_key FROM actors a WHERE {where}", (param,))}
    if not found:
        return []
    merged = merge_names((key, actor_key(None, n)) for key, n, count in conn.rows(
        "SELECT actor_key, name, COUNT(*) FROM actors WHERE wikidata IS NOT NULL GROUP BY actor_key, name")
        for _ in range(count))
    groups: dict[str, list[str]] = {}
    for key in sorted(found):
        groups.setdefault(merged.get(key, key), [])
    for name_key, linked in merged.items():
        if linked in groups:
            groups[linked].append(name_key)
    ranked = []
    for head, extra in groups.items():
        keys = [head, *sorted(set(extra) - {head})]
        marks = ", ".join("?" * len(keys))
        names = Counter({actor_key(None, n): int(c) for n, c in conn.rows(
            f"SELECT name, COUNT(*) FROM actors WHERE actor_key IN ({marks}) GROUP BY name", keys)})
        documents = conn.one(f"SELECT COUNT(DISTINCT doc_id) FROM actors WHERE actor_key IN ({marks})", keys)[0]
        # An actor whose main name is the one asked for comes before actors that only carry it as an
        # alias or a stray name (a misattributed mention, a wrong KB link).
        named = actor_key(None, name) in main_names(names) if not re.fullmatch(r"Q\d+", name.strip()) else True
        ranked.append((keys, int(documents), named))
    ranked.sort(key=lambda g: (not g[2], -g[1], g[0]))
    return [(keys, documents) for keys, documents, _named in ranked]


def _profile(conn: Connection, keys: list[str], marks: str) -> dict:
    rows = conn.dicts("SELECT a.doc_id, a.name, a.type, a.aliases, a.roles, a.wikidata, a.cameo, a.n_mentions, "
                      "SUBSTR(d.published, 1, 10) AS published FROM actors a JOIN documents d ON d.id = a.doc_id "
                      f"WHERE a.actor_key IN ({marks})", keys)
    names, types, roles, kb = Counter(), Counter(), Counter(), Counter()
    for row in rows:
        names[row["name"]] += 1
        names.update(json.loads(row["aliases"]))
        types[row["type"]] += 1
        roles.update(json.loads(row["roles"]))
        if row["wikidata"] or row["cameo"]:
            kb[(row["wikidata"], row["cameo"])] += 1
    dates = sorted(r["published"] for r in rows if r["published"])
    canonical = Counter(r["name"] for r in rows).most_common(1)[0][0]
    return {
        "actor_keys": keys, "name": canonical, "type": types.most_common(1)[0][0],
        "aliases": [n for n, _ in names.most_common() if n != canonical],
        "kb": [{"wikidata": w, "cameo": c, "documents": n} for (w, c), n in kb.most_common()],
        "roles": [r for r, _ in roles.most_common(20)],
        "documents": len({r["doc_id"] for r in rows}), "mentions": sum(r["n_mentions"] for r in rows),
        "first_seen": dates[0] if dates else None, "last_seen": dates[-1] if dates else None,
    }


# Each section joins its facts to the actor's per-document ids through ``actors``.
_SECTIONS = {
    "quotes": (
        f"SELECT q.doc_id, d.title, {_WHEN.format(date='NULL')} AS date, d.seq, q.kind, q.cue, q.text, "
        "q.char_start, q.char_end FROM quotes q JOIN actors a ON a.doc_id = q.doc_id AND a.actor_id = q.speaker "
        "JOIN documents d ON d.id = q.doc_id WHERE a.actor_key IN ({keys})"),
    "events": (
        f"SELECT e.doc_id, d.title, {_WHEN.format(date='e.date')} AS date, d.seq, e.type, "
        "CASE WHEN e.actor = a.actor_id THEN 'actor' ELSE 'recipient' END AS role, e.actor_name, e.recipient_name, "
        "e.place_name, e.negated, e.hypothetical, e.text, e.char_start, e.char_end FROM events e "
        "JOIN actors a ON a.doc_id = e.doc_id AND (a.actor_id = e.actor OR a.actor_id = e.recipient) "
        "JOIN documents d ON d.id = e.doc_id WHERE a.actor_key IN ({keys})"),
    "calls_to_action": (
        f"SELECT c.doc_id, d.title, {_WHEN.format(date='NULL')} AS date, d.seq, c.action, c.addressees, c.text, "
        "c.char_start, c.char_end FROM calls_to_action c JOIN actors a ON a.doc_id = c.doc_id "
        "AND a.actor_id = c.speaker JOIN documents d ON d.id = c.doc_id WHERE a.actor_key IN ({keys})"),
    "stances": (
        f"SELECT t.doc_id, d.title, {_WHEN.format(date='NULL')} AS date, d.seq, "
        "CASE WHEN t.holder = a.actor_id THEN 'holder' ELSE 'target' END AS role, t.holder_name, t.target_name, "
        "t.polarity, t.evidence, t.char_start, t.char_end FROM stances t JOIN actors a ON a.doc_id = t.doc_id "
        "AND (a.actor_id = t.holder OR a.actor_id = t.target) JOIN documents d ON d.id = t.doc_id "
        "WHERE a.actor_key IN ({keys})"),
}
