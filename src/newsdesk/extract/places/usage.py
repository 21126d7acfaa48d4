"""How each place name is used: as a location, or as something named after a place.

The analysis record lists locations, as an analyst would (shared/eval/realnews GUIDE): not
demonyms or adjectives ("European"), not organisations named after a place ("Middle East
Institute", found as ``embedded`` mentions), and not sports teams named after their country or
town ("Wales beat Hungary 2-0"). These mentions still inform the document's focus (a story with
"Syrian" in it is about Syria) and are kept when the toponym convention of the geoparsing corpora
is asked for (``find_places(doc, toponyms=True)``: LGL and GeoWebNews annotate adjectival and
metonymic toponyms too).

Reads the mentions and the Doc; writes ``Mention.use``: ``location``, ``demonym``, ``namesake``
``team``, ``actor`` (a seat of power that speaks or acts: 'the Kremlin denied') or ``unplaced`` (a name the gazetteer does not know, with nothing in the text that
says it is a place: 'Cleggmania', 'Zeynep' tagged GPE by the small model).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from .mention import Mention
from .scan import _dateline, _kind_context

WORD = re.compile(r"[a-z]+")
SCORE = re.compile(r"(?<![\d.,/-])\d{1,2}-\d{1,2}(?![\d/-])")  # '2-0', '1-1'; not '2014-15' nor '9/11-1'
ALL_USES = ("location", "demonym", "namesake", "team", "unplaced", "actor")
BIG_CITY = 100_000  # a lower-case name is taken when it may be a city this big
SMALL_TOWN = 15_000  # as small as the towns the gazetteer alone may not find (recognition.py)
MIN_SPORTS_WORDS = 4  # distinct sports words a document needs (with a score, or twice as many)


def mark_uses(doc: Doc, text: str, mentions: list[Mention], words: dict) -> None:
    """Set ``use`` on every mention (see the module docstring)."""
    sports = _sports_document(doc, text, words)
    containers = {m.start for m in mentions if any(e.kind in ("country", "admin1", "admin2") for e in m.senses)}
    located = set()
    for mention in mentions:
        if mention.source == "demonym":
            mention.use = "demonym"
        elif mention.site and not _named_for_its_use(mention, words) and _acting(doc, mention):
            mention.use = "actor"  # 'the White House did not comment': the government, not the building
        elif mention.site and _modifier(doc, mention):
            mention.use = "namesake"  # 'his White House battle', 'a Kremlin critic'
        elif _lower_case(mention) and not _strong(mention):
            # All lower case ('ayodhya ko jail bana diya hai'): the model tags words of other
            # languages; only a country, a state or a big city is taken on so little.
            mention.use = "unplaced"
        elif mention.source == "embedded":
            mention.use = "namesake"  # 'Aleppo University': the organisation, not the city
        elif _stray_organisation(mention, mentions):
            mention.use = "unplaced"
        elif mention.senses and _currency(doc, mention, words):
            mention.use = "namesake"
        elif mention.region_of is not None:
            mention.use = "location"
        elif mention.key in words["water_names"]:
            # 'cross the Mediterranean' is a place; 'a Pacific port city' describes the city.
            mention.use = "namesake" if _modifier(doc, mention) else "location"
        elif sports and not _located(doc, mention, words):
            mention.use = "team"
        elif not mention.senses and not _said_to_be_a_place(doc, mention, words) \
                and not (text.startswith(", ", mention.end) and mention.end + 2 in containers):
            # ('Thruxton, Hampshire': a name qualified by a known division is a place.)
            mention.use = "unplaced"
        else:
            mention.use = "location"
            located.add(mention.key)
    if located:
        # One sense per document: a name the text once places ('based in Cape Town') is a place
        # wherever else it stands ('CAPE TOWN, May 25').
        for mention in mentions:
            if mention.use in ("team", "unplaced") and mention.key in located:
                mention.use = "location"


def _stray_organisation(mention: Mention, mentions: list[Mention]) -> bool:
    """An ORG-tagged name read as a place only by its context ('the second-largest army in Nato')
    that is merely a small town, in a country no other place of the story lies in: more likely
    the organisation than a village of 5,600 in the Philippines. (A small town in the country the
    story is about stays: local news names its towns so.)"""
    # (label '': the same name's other uses, which one sense per document made places too)
    if mention.source != "relabel" or mention.label not in ("ORG", "") or not mention.senses:
        return False
    best = mention.senses[0]
    if best.kind != "city" or best.population >= SMALL_TOWN:
        return False
    return not any(m.senses and m.key != mention.key and m.senses[0].country == best.country for m in mentions)


def _named_for_its_use(mention: Mention, words: dict) -> bool:
    """A site whose name says what it is for ('Piccadilly station', 'Heathrow Airport') is a
    building even as a subject ('Piccadilly station … have reopened'); only a seat of power
    named without such a word ('the White House', 'the Kremlin') speaks for a government."""
    return any(word in words["site_heads"] for word in WORD.findall(mention.key))


def _acting(doc: Doc, mention: Mention) -> bool:
    """Whether the site is the subject of a verb or the agent after 'by' ('the White House did
    not comment', 'favoured by the Kremlin')."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    return root.dep_ in ("nsubj", "nsubjpass") or root.dep_ == "pobj" and root.head.lower_ == "by"


def _modifier(doc: Doc, mention: Mention) -> bool:
    """'a Pacific port city', 'his White House bid' (a possessive before a site names the
    presidency or the campaign, not the building)."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    before = doc[span.start - 1] if span.start > 0 else None
    possessed = mention.site and before is not None and before.tag_ == "PRP$"
    return span.root.dep_ in ("compound", "amod") or possessed


def _currency(doc: Doc, mention: Mention, words: dict) -> bool:
    """'HONG KONG DOLLAR', 'the Sri Lanka rupee': the currency, not the country."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span is not None and span.end < len(doc) and doc[span.end].lower_ in words["currency_words"]


def _lower_case(mention: Mention) -> bool:
    return not any(c.isupper() for c in mention.surface)


def _strong(mention: Mention) -> bool:
    """A country, state or region, or a city of BIG_CITY people among the name's senses."""
    return any(e.kind in ("country", "admin1", "region") or e.kind == "city" and e.population >= BIG_CITY
               for e in mention.senses)


def _said_to_be_a_place(doc: Doc, mention: Mention, words: dict) -> bool:
    """An unknown name is a place when the text says so: a locative preposition before it ('in
    Bunagana'), a kind noun ('Chittapur taluk', 'Goalpara district'), a feature word in it ('Nile
    Delta', 'Black Sea', 'Garo Hills'), or a dateline; ``mark_uses`` adds a qualifier after a comma."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or any(c.isdigit() for c in mention.surface):
        return False  # 'the grade K-8 district' is a school district's grades, not a place
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    inside = {t.lower_ for t in span}
    return (mention.site or before in words["locative_prepositions"] or before in ("from", "to", "at") and mention.label in ("GPE", "LOC") and span[0].pos_ == "PROPN"
                and not (span.start > 1 and doc[span.start - 2].lower_ == "according")
            or after in words["kind_nouns"] or after in words["feature_words"] or bool(inside & words["feature_words"])
            or mention.cue is not None or _dateline(doc, span) or _kind_context(doc, words, span)
            or mention.source == "relabel" and not mention.senses)


def _sports_document(doc: Doc, text: str, words: dict) -> bool:
    """Several distinct sports words, and a score or many more of them."""
    found = set(WORD.findall(text.lower())) & words["sports_words"]  # the text once, no Token objects
    if len(found) < MIN_SPORTS_WORDS:
        return False
    return len(found) >= 2 * MIN_SPORTS_WORDS or SCORE.search(text) is not None


def _located(doc: Doc, mention: Mention, words: dict) -> bool:
    """Whether the syntax makes the name a location: a locative word before it, a kind noun
    after it ('Kabul province'), a qualifier, or a dateline ('CAPE TOWN, May 25')."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return True
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    return (before in words["sports_locatives"] or after in words["kind_nouns"] or mention.cue is not None
            or mention.qualifier is not None or mention.source == "qualifier" or _dateline(doc, span))


__all__ = ["ALL_USES", "mark_uses"]
