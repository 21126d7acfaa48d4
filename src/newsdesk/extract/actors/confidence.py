"""Confidence of an actor record: the share of records like it that are a real actor of the story.

Measured on the realnews dev split (2026-12-07, ~600 records; ``docs/EVALUATION.md``) by what
the record shows: its type, how many times the text names it, and whether the knowledge base
links it (the KB agrees the name is an actor). Few buckets: 39 documents support no finer
estimate.

| type | mentions | KB link | confidence | right / records (after the filters of ``index._acts``) |
|---|---|---|---|---|
| organization | 1 | no | 0.65 | 90 / 129 |
| group, other | 1 | any | 0.7 | 31 / 44 |
| country | any | any | 0.8 | 51 / 66 |
| person | 1 | no | 0.85 | 89 / 104 |
| organization (linked or 2+), group/other 2+ | | | 0.9 | 129 / 140 |
| person | 2+ | no | 0.93 | 58 / 62 |
| person | any | yes | 0.97 | 48 / 48 |
"""

from __future__ import annotations

from ...model import Actor


def actor_confidence(actor: Actor) -> float:
    """The confidence of one actor record (table in the module doc)."""
    mentions = len(actor.mentions or [])
    linked = bool(actor.kb)
    if actor.type == "person":
        return 0.97 if linked else 0.85 if mentions <= 1 else 0.93
    if actor.type == "organization":
        if mentions <= 1:
            return 0.9 if linked else 0.65
        return 0.9
    if actor.type == "country":
        return 0.8
    return 0.7 if mentions <= 1 else 0.9


def with_confidence(actors: list[Actor]) -> list[Actor]:
    """Set ``confidence`` on every actor; returns the same list."""
    for actor in actors:
        actor.confidence = actor_confidence(actor)
    return actors
