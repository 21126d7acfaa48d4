"""Sites: buildings and grounds that news uses as places, each standing where its town is.

Two sources: the shipped list of well-known sites (``knowledge/data/sites.tsv``, built by
``scripts/build_sites.py`` from airportsdata and a sourced supplement: "the White House" →
Washington, "Heathrow Airport" → London), and names ending in a site word ("Düsseldorf airport",
"Kanpur Central railway station", "al-Hawl refugee camp"), which stand where the town inside them
is, or, with no known town inside, are places with null coordinates. A site is its own place
(its own name, kind ``other``), at its town's point.

Reads the Doc, the gazetteer and the word lists; writes ``Mention`` objects with ``site`` set.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Optional

from spacy.tokens import Span

from ...errors import SiteListError
from ...knowledge.gazetteer import Entry, Gazetteer, fold
from ...nlp import span_text
from .mention import Mention
from .scan import _Scan, _capitalised, _senses

MAX_SITE_WORDS = 6  # longest site name read ('Elizabethtown Hospital for Crippled Children' is longer)
MIN_TOWN_POPULATION = 15_000  # as for a town found by the gazetteer alone (recognition.py)


@lru_cache(maxsize=1)
def _site_table() -> dict[str, tuple[str, str, str]]:
    """Folded site name → (name, town's gazetteer id, town's name)."""
    path = resources.files("newsdesk.knowledge").joinpath("data/sites.tsv")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SiteListError(str(path), f"the site list cannot be read ({exc.__class__.__name__})") from exc
    table = {}
    for number, line in enumerate(text.splitlines(), 1):
        fields = line.split("\t")
        if len(fields) != 4:
            raise SiteListError(str(path), f"row {number} has {len(fields)} fields, not 4")
        table[fields[0]] = (fields[1], fields[2], fields[3])
    return table


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    """First words of the listed sites' names: a site can only start at one of them."""
    return frozenset(key.split()[0] for key in _site_table())


@lru_cache(maxsize=1)
def _prefixes() -> frozenset[str]:
    """Every word prefix of a listed site's name ('the', 'the white', 'the white house')."""
    return frozenset(" ".join(key.split()[:n]) for key in _site_table() for n in range(1, len(key.split()) + 1))


def _town(gazetteer: Gazetteer, town_id: str, town: str) -> Optional[Entry]:
    return next((e for e in gazetteer.lookup(town) if e.id == town_id), None)


def find_sites(scan: _Scan, mentions: list[Mention]) -> list[Mention]:
    """Every site mention of the document, left to right, not overlapping each other.
    ``mentions`` are the places found so far: a small town they name may stand inside a site."""
    doc, found, i = scan.doc, [], 0
    known = {m.key for m in mentions if m.senses}
    table, firsts = _site_table(), _first_words()
    # Flags read once as an array: only a capitalised token or 'the' can open a site, so most
    # tokens are skipped without building a Token object.
    capital = doc.to_array(["IS_TITLE", "IS_UPPER"]).any(axis=1).tolist()
    while i < len(doc):
        if not capital[i] and doc[i].lower_ != "the":
            i += 1
            continue
        listed = _listed_site(scan, table, i) if fold(doc[i].text) in firsts else None
        site = listed or _headed_site(scan, i, known)
        if site is None:
            i += 1
            continue
        found.append(site)
        i = doc.char_span(site.start, site.end, alignment_mode="expand").end
    towns = [m for m in mentions if m.senses and m.senses[0].kind in ("city", "admin2")]
    for site in found:
        town = _town_beside(doc, site, towns) if site.source == "facility" else None
        if town is not None:
            site.senses, site.town_key = list(town.senses), town.key
    return found


def _town_beside(doc, site: Mention, towns: list[Mention]) -> Optional[Mention]:
    """The town the sentence puts a named site in: 'Piccadilly station in Manchester', 'in Port
    Elizabeth at the Nelson Mandela Bay Stadium'. The text's own 'in' outweighs a town read
    inside the name (Nelson, Lancashire, of 'Nelson Mandela Bay Stadium')."""
    span = doc.char_span(site.start, site.end, alignment_mode="expand")
    after = span.end
    if after + 1 < len(doc) and doc[after].lower_ == "in":
        town = next((m for m in towns if m.start == doc[after + 1].idx), None)
        if town is not None:
            return town
    before = span.start - 1
    if before > 0 and doc[before].lower_ == "the":
        before -= 1
    if before < 2 or doc[before].lower_ != "at":
        return None
    town = next((m for m in towns if m.end == doc[before - 1].idx + len(doc[before - 1].text)), None)
    if town is None:
        return None
    first = doc.char_span(town.start, town.end, alignment_mode="expand").start
    return town if first > 0 and doc[first - 1].lower_ == "in" else None


def _listed_site(scan: _Scan, table: dict, i: int) -> Optional[Mention]:
    """The longest well-known site starting at token ``i`` ('the White House', 'Heathrow
    Airport'). Grows the span word by word while it is still the start of some listed name."""
    doc, prefixes, found = scan.doc, _prefixes(), None
    if not _capitalised(doc[i]) and doc[i].lower_ != "the":
        return None
    for j in range(i + 1, min(len(doc), i + MAX_SITE_WORDS) + 1):
        key = fold(span_text(doc[i:j]))
        if key not in prefixes:
            break
        row = table.get(key)
        town = _town(scan.gazetteer, row[1], row[2]) if row is not None else None
        if town is not None:
            found = _site(doc[i:j], [town], "site")
    return found


def _headed_site(scan: _Scan, i: int, known: set[str]) -> Optional[Mention]:
    """'Düsseldorf airport', 'Kanpur Central railway station': a capitalised name, site
    modifiers, then a site word at token ``i`` onwards; its town is the place named inside."""
    doc, words = scan.doc, scan.words
    if not _capitalised(doc[i]) or doc[i].is_sent_start and doc[i].pos_ != "PROPN" or doc[i].lower_ in words["stop_words"]:
        return None
    if i > 0 and _capitalised(doc[i - 1]) and not doc[i].is_sent_start:
        return None  # inside a longer name: 'West Bank refugee camp' is no site 'Bank refugee camp'
    j = i
    while j < len(doc) and j - i < MAX_SITE_WORDS and (_capitalised(doc[j]) or doc[j].lower_ in words["site_modifiers"]
                                                          or doc[j].text in ("-", "'s", "’s")):
        if doc[j].lower_ in words["site_heads"] and j > i:
            return _named_site(scan, doc[i:j], doc[i:j + 1], known)
        j += 1
    if j < len(doc) and doc[j].lower_ in words["site_heads"] and j > i:
        return _named_site(scan, doc[i:j], doc[i:j + 1], known)
    return None


def _named_site(scan: _Scan, name: Span, whole: Span, known: set[str]) -> Optional[Mention]:
    """The site ``whole`` whose name part is ``name``; none when the name is only demonyms or
    modifiers ('a Syrian refugee camp', 'Central station' describe, they do not name)."""
    words = [t for t in name if _capitalised(t) and t.lower_ not in scan.words["site_modifiers"]]
    if not words or not all(t.is_alpha for t in words) or all(scan.gazetteer.demonym(t.text) is not None for t in words):
        return None
    senses, town_key = _towns_inside(scan, name, known)
    site = _site(whole, senses, "facility")
    site.town_key = town_key
    return site


def _towns_inside(scan: _Scan, span: Span, known: set[str]) -> tuple[list[Entry], Optional[str]]:
    """The senses of the longest place name inside the site's name: a country or division, a
    town of MIN_TOWN_POPULATION, or any town the document names elsewhere ('Hanover police
    station' beside 'in Hanover'); and that name, folded (None when there is none)."""
    for length in range(len(span), 0, -1):
        for start in range(span.start, span.end - length + 1):
            part = scan.doc[start:start + length]
            if not _capitalised(part[0]) or not _capitalised(part[-1]):
                continue
            # A small town inside a site's name is more often a namesake ('Piccadilly station').
            named = fold(span_text(part)) in known
            senses = [e for e in _senses(scan.gazetteer, span_text(part)) if e.kind in ("country", "admin1", "admin2")
                      or e.kind == "city" and (named or e.population >= MIN_TOWN_POPULATION)]
            if senses:
                return senses, fold(span_text(part))
    return [], None


def _site(span: Span, senses: list[Entry], source: str) -> Mention:
    text = span_text(span)
    if text.lower().startswith("the "):
        text = text[4:]
        start = span.start_char + 4
    else:
        start = span.start_char
    return Mention(start, span.end_char, fold(text), source, senses, text, site=True)


__all__ = ["find_sites"]
