"""Places: toponyms in the text, resolved against the gazetteer to a kind, a country and a point.

The stages, in order, with what each reads and writes:

1. ``recognition`` (with ``scan``, ``shapes`` and ``sites``) reads the parsed Doc, the
   gazetteer, the site list (``knowledge/data/sites.tsv``) and the word lists of
   ``knowledge/data/places.yaml``; it writes ``Mention`` objects (``mention``): a span, its
   folded name, how it was found (``source``), its gazetteer senses, and what the words around
   it say (a kind cue, a country cue, a qualifier after a comma, the town inside a site's name).
   For the record, ``shapes.direction_regions`` turns "north-east Syria" into a region of its own.
2. ``usage`` reads the mentions and the Doc and writes each mention's ``use``: a location, or a
   demonym, an organisation's namesake ("Aleppo University"), a team ("Wales beat Hungary"), a
   site that acts ("the Kremlin denied"), or an unknown name nothing calls a place. The record
   lists locations; the geoparsing corpora's convention (``toponyms=True``) lists all.
3. ``focus`` reads every mention (whatever its use) and writes the document's focus: the
   countries and first-level divisions the article is about, from its unambiguous names,
   demonyms, qualifiers and regions, each name's own mentions left out when it is scored.
4. ``resolution`` reads the mentions and the focus and writes ``Place`` records: one sense per
   distinct name (prior + focus + qualifier + cues + nearness to the other places; a direction
   word as a noun only within the focus; a site in the sense of the town the text names), the
   listed mentions, and a confidence calibrated on realnews dev. Names the gazetteer does not
   know stay places with null coordinates: coordinates are never invented.
"""

from __future__ import annotations

from typing import Sequence

from spacy.tokens import Doc

from ...knowledge.gazetteer import load_gazetteer
from ...model import Place
from ...nlp import doc_text
from .recognition import recognise
from .resolution import resolve
from .shapes import direction_regions
from .usage import ALL_USES, mark_uses
from .scan import _person_words, _Scan, _words


def find_places(doc: Doc, skip_spans: Sequence[tuple[int, int]] = (), toponyms: bool = False) -> list[Place]:
    """Every place the document mentions as a location, one entry per distinct place with all
    its mentions.

    ``toponyms=True`` lists every toponym as the geoparsing corpora annotate them: demonyms,
    places inside organisation names and teams named after places too, and countries at the
    gazetteer's feature point rather than their area centre. ``skip_spans`` are char
    ranges whose mentions are ignored. The result is a pure function of the parsed Doc (and the
    shipped gazetteer); places are in order of first mention.
    """
    scan = _Scan(doc, load_gazetteer(), _words(), text=doc_text(doc))
    scan.person_words = _person_words(doc, scan.gazetteer)
    mentions = recognise(scan)
    mentions = [m for m in mentions if not any(m.start < e and s < m.end for s, e in skip_spans)]
    if not toponyms:
        mentions = direction_regions(scan, mentions)  # the analyst's 'north-east Syria'
    mark_uses(doc, scan.text, mentions, scan.words)
    # The record's country point is the middle of its territory, as an analyst gives it; the
    # geoparsing corpora give GeoNames' feature point (docs/GAZETTEER.md, "Country points").
    return resolve(mentions, uses=ALL_USES if toponyms else ("location",), area_centres=not toponyms)


__all__ = ["find_places"]
