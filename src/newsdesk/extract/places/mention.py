"""The hand-over between the place stages: a ``Mention`` is one name in the text with its
gazetteer senses and what the context says about it (kind cue, country cue, qualifier)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ...knowledge.gazetteer import Entry

LOCAL_KINDS = ("city", "admin2", "admin1")


@dataclass
class Mention:
    """One place mention before resolution."""

    start: int
    end: int
    key: str  # folded name the gazetteer is asked about
    source: str
    senses: list[Entry]
    surface: str
    label: str = ""
    cue: Optional[str] = None  # kind said by the context: admin1, admin2, city, country, region
    cue_country: Optional[str] = None  # country said by the context ("Afghan province of")
    qualifier: Optional[Entry] = None  # the state or country after a comma
    region_of: Optional[Entry] = None  # 'north-east Syria': the country or state it is part of
    site: bool = False
    town_key: Optional[str] = None  # the town named inside a site's name ('hanover' of 'Hanover police station')  # a building or ground standing where its town is (sites.py)
    use: str = "location"  # location | demonym | namesake | team (usage.py)


def inside_of(entry: Entry, container: Entry) -> bool:
    """Whether ``entry`` lies in ``container`` (a country or a first-level division)."""
    if container.kind == "country":
        return entry.country == container.country and entry.kind != "country"
    return entry.admin1 == container.admin1 and entry.id != container.id


__all__ = ["LOCAL_KINDS", "Mention", "inside_of"]
