"""Local-news shapes: places that only their neighbours reveal.

One sense per document ('Panjshir' a place in one sentence is a place in the others); names
listed beside a town near it ("Paris and Roxton"); names before plural division nouns ("Harper
and Kingman counties"); party affiliations ("D-Calif."); qualifiers after a comma ("Hanover,
N.H."); the kind and country cues said around a name ("the Afghan province of Panjshir").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Optional

from spacy.tokens import Doc, Span, Token

from ...knowledge.gazetteer import Entry, distance_km, fold
from ...nlp import span_text, span_tokens, tokens
from .mention import LOCAL_KINDS, Mention, inside_of
from .scan import PLACE_LABELS, _Scan, _capitalised, _mention, _name_token, _person_word, _senses, _taken_tokens, _trim

LIST_WORDS = {",", "and", "or", "&"}
LIST_KM = 150  # how near a listed name must lie to the place it is listed with
PLURAL_DIVISIONS = {"counties": "County", "parishes": "Parish", "boroughs": "Borough"}
# ', D-Calif.', ', R-Elbow Lake,': party letter, hyphen, home state or town, then punctuation.
PARTY_AFFILIATION = re.compile(r"(?<=[,(] )[DRI]-((?:[A-Z][a-z]*\.?)(?: ?[A-Z][a-z]*\.?){0,2}?)(?=[,.;)]|$)")


def _same_name_elsewhere(scan: _Scan, mentions: list[Mention]) -> list[Mention]:
    """One sense per document: a name that is a place in one sentence ('in Panjshir', 'WINONA --')
    is a place where spaCy tagged it something else with no place context ('the Panjshir
    resistance', 'Winona' as ORG), or left it untagged ('Aleppo Mayor …')."""
    known = Counter(m.key for m in mentions if m.senses and m.source in ("ner", "relabel", "gazetteer"))
    if not known:
        return []
    taken = [(m.start, m.end) for m in mentions]
    candidates: dict[str, list[Span]] = defaultdict(list)
    lengths = sorted({len(key.split()) for key in known}, reverse=True)
    others = _other_entities(scan)
    # A longer name that is itself a place ('Avondale Estates' beside a known 'Avondale') is
    # left whole for the later passes.
    inner = [part for span in others if fold(span_text(span)) not in known and not scan.gazetteer.lookup(span_text(span))
             for part in _known_inside(span, known, lengths)]
    for span in [*others, *inner, *_untagged_runs(scan, known)]:
        if fold(span_text(span)) not in known or any(_person_word(scan, t) for t in span_tokens(span)):
            continue
        if not any(span.start_char < e and s < span.end_char for s, e in taken):
            candidates[fold(span_text(span))].append(span)
    found = []
    for key, spans in candidates.items():
        # 'Obama' tagged GPE once and PERSON ten times is the person: the place reading must
        # hold at least a third of the name's uses.
        if known[key] * 2 >= len(spans):
            found.extend(_mention(span, "relabel", _senses(scan.gazetteer, span_text(span))) for span in spans)
    return found


def _known_inside(span: Span, known: Counter, lengths: list[int]) -> list[Span]:
    """Known place names inside a longer name: 'DeKalb' in 'DeKalb Police', 'Houston' in 'the
    Houston Rockets', 'Anderson County' in 'Anderson County Sheriff'. Why: the document names
    the place on its own elsewhere, so (one sense per document) the organisation is named after
    it; unlike `_inner_matches`, no population floor or stop list is needed here."""
    found, i = [], span.start
    doc = span.doc
    while i < span.end:
        hit = next((doc[i:i + n] for n in lengths if i + n <= span.end and _capitalised(doc[i])
                    and _capitalised(doc[i + n - 1]) and fold(doc[i:i + n].text) in known), None)
        if hit is not None:
            found.append(hit)
        i = hit.end if hit is not None else i + 1
    return found


def _other_entities(scan: _Scan) -> list[Span]:
    """Entities with a label other than a place's, trimmed ('the Panjshir' → 'Panjshir')."""
    spans = []
    for ent in scan.doc.ents:
        if ent.label_ in PLACE_LABELS or ent.label_ in ("CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY", "TIME"):
            continue
        start, end = _trim(scan.doc, ent.start, ent.end)
        if start < end:
            spans.append(scan.doc[start:end])
    return spans


def _untagged_runs(scan: _Scan, known: Counter) -> list[Span]:
    """Untagged capitalised tokens (single words and known multi-word names) whose name is known."""
    doc, lengths = scan.doc, sorted({len(key.split()) for key in known}, reverse=True)
    tagged = doc.to_array("ENT_TYPE").tolist()
    capital = doc.to_array(["IS_TITLE", "IS_UPPER"]).any(axis=1).tolist()
    spans = []
    for i in range(len(doc)):
        if tagged[i] or not capital[i] or not _name_token(doc[i]):
            continue
        for n in lengths:
            if i + n <= len(doc) and not any(tagged[i:i + n]) and fold(doc[i:i + n].text) in known:
                spans.append(doc[i:i + n])
                break
    return spans


def _coordinated(scan: _Scan, mentions: list[Mention]) -> list[Mention]:
    """'Paris and Roxton', 'Cleveland, Columbus, Dayton and Cincinnati', 'Bicester and
    Kidlington': a name listed next to a town or county is a town too, whatever spaCy tagged it,
    when one of its senses lies near one of the listed place's senses. Why near: a list of places
    in local news is a list of neighbours, and the distance keeps a person listed beside a place
    ('Smith and Paris') out."""
    doc, taken = scan.doc, _taken_tokens(scan, mentions)
    queue, found = [m for m in mentions if m.senses and m.senses[0].kind in LOCAL_KINDS], []
    while queue:
        mention = queue.pop()
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        for run in (_listed_after(doc, span.end), _listed_before(doc, span.start)):
            # No person-word guard here: 'Avondale Mayor Ed Rieker' makes 'Avondale' a person
            # word, yet 'Decatur, Avondale Estates' lists the town; nearness is the guard.
            if run is None or any(t.i in taken for t in run):
                continue
            senses = _senses(scan.gazetteer, run.text)
            if any(_near_any(e, mention.senses) for e in senses if e.kind in LOCAL_KINDS):
                new = _mention(run, "relabel", senses)
                found.append(new)
                queue.append(new)
                taken.update(range(run.start, run.end))
    return found


def _near_any(entry: Entry, others: list[Entry]) -> bool:
    return any(entry.id != o.id and (km := distance_km(entry, o)) is not None and km < LIST_KM for o in others)


def _listed_after(doc: Doc, i: int) -> Optional[Span]:
    """The capitalised name after ', ' / ' and ' / ' or ' at token ``i``, else None."""
    while i < len(doc) and doc[i].text in LIST_WORDS:
        i += 1
    end = i
    while end < len(doc) and end - i < 4 and _capitalised(doc[end]) and doc[end].is_alpha:
        end += 1
    if end == i or i == 0 or doc[i - 1].text not in LIST_WORDS:
        return None
    return doc[i:end]


def _listed_before(doc: Doc, i: int) -> Optional[Span]:
    """The capitalised name before ' and ' / ', ' ending just before token ``i``, else None."""
    j = i
    while j > 0 and doc[j - 1].text in LIST_WORDS:
        j -= 1
    start = j
    while start > 0 and j - start < 4 and _capitalised(doc[start - 1]) and doc[start - 1].is_alpha:
        start -= 1
    if start == j or j == i or doc[start].is_sent_start:
        return None
    return doc[start:j]


def _county_lists(scan: _Scan, mentions: list[Mention]) -> list[Mention]:
    """'Harvey, Harper and Kingman counties', 'Nassau and Baker counties': each listed name
    before a plural division noun is a county ('Harper County'), looked up as such."""
    doc, found = scan.doc, []
    listed = [t for t in tokens(doc) if t.i > 0 and t.lower_ in PLURAL_DIVISIONS]
    taken = _taken_tokens(scan, mentions) if listed else set()  # most documents list no counties
    for token in listed:
        noun = PLURAL_DIVISIONS[token.lower_]
        end = token.i
        while end > 0:  # walk the list leftwards: name, separator, name, ...
            start = end
            while start > 0 and end - start < 3 and _capitalised(doc[start - 1]) and doc[start - 1].is_alpha:
                start -= 1
            if start == end:
                break
            run = doc[start:end]
            senses = [e for e in scan.gazetteer.lookup(f"{run.text} {noun}") if e.kind == "admin2"]
            if senses and not any(t.i in taken for t in run):
                found.append(_mention(run, "relabel", senses))
            end = start
            while end > 0 and doc[end - 1].text in LIST_WORDS:
                end -= 1
            if end == start:
                break
    return found


def _party_affiliations(scan: _Scan) -> list[Mention]:
    """'Nancy Pelosi, D-Calif.', 'Hugh Leatherman, R-Florence': US papers follow a legislator's
    name with party and home state or town, a place mention spaCy leaves untagged. A state
    abbreviation is the state; any other name is a US place of that name (the convention is
    American)."""
    found = []
    for match in PARTY_AFFILIATION.finditer(scan.text):
        name = match.group(1)
        state = scan.gazetteer.qualifier(name) or scan.gazetteer.qualifier(name + ".")
        senses = [state] if state else [e for e in scan.gazetteer.lookup(name) if e.country == "US"]
        if senses:
            found.append(Mention(match.start(1), match.end(1), fold(name), "qualifier", senses, name))
    return found


def _with_qualifiers(scan: _Scan, mentions: list[Mention]) -> list[Mention]:
    """'Hanover, N.H.', 'Dublin, Ohio', 'Paris, France': the second name qualifies the first,
    and an abbreviation there ('Vt.') is itself a mention of the state."""
    by_start = {m.start: m for m in mentions}
    added = []
    for mention in mentions:
        if not scan.text.startswith(", ", mention.end):
            continue
        at = mention.end + 2
        follower = by_start.get(at) or _qualifier_at(scan, at)
        if follower is not None and follower.start not in by_start:
            added.append(follower)
            by_start[follower.start] = follower
        container = _container_among(follower.senses, mention.senses) if follower and mention.senses else None
        if container is not None:
            mention.qualifier = container
            # The qualifier is itself read as the division: in 'Rego Park, New York' the second
            # name is the state, whichever sense it has alone.
            follower.cue = follower.cue or container.kind
    return mentions + added


def _container_among(candidates: list[Entry], senses: list[Entry]) -> Optional[Entry]:
    """The first state or country among ``candidates`` that holds one of ``senses``."""
    return next((c for c in candidates if c.kind in ("admin1", "country")
                 and any(inside_of(s, c) for s in senses)), None)


def _qualifier_at(scan: _Scan, at: int) -> Optional[Mention]:
    match = re.match(r"([A-Z][A-Za-z]?\.(?: ?[A-Z][a-z]?\.)?|[A-Z][a-z]{1,4}\.|[A-Z]{2}\b)", scan.text[at:at + 8])
    entry = scan.gazetteer.qualifier(match.group(1)) if match else None
    if entry is None:
        return None
    end = at + len(match.group(1))
    return Mention(at, end, fold(match.group(1)), "qualifier", [entry], match.group(1))


def _add_cues(scan: _Scan, mention: Mention) -> None:
    """Kind and country said around the name: 'the northeastern Afghan province of Panjshir',
    'Panjshir province', 'Licking County', 'the city of Aleppo'."""
    doc, kinds = scan.doc, scan.words["kind_nouns"]
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return
    if span[-1].lower_ in kinds and len(span) > 1:
        mention.cue = kinds[span[-1].lower_]
    elif span.end < len(doc) and doc[span.end].lower_ in kinds:
        mention.cue = kinds[doc[span.end].lower_]
    elif span.start > 1 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].lower_ in kinds:
        mention.cue = kinds[doc[span.start - 2].lower_]
        for token in doc[max(0, span.start - 6):span.start - 2]:
            entry = scan.gazetteer.demonym(token.text) if token.is_title else None
            if entry is not None and entry.kind == "country":
                mention.cue_country = entry.country


def direction_regions(scan: _Scan, mentions: list[Mention]) -> list[Mention]:
    """'north-east Syria', 'northern Syria', 'central London': a lower-case direction word before
    a country, state or city makes a region of its own, part of that place (null point: none is
    known for it). Replaces the place's mention there."""
    doc, words, found = scan.doc, scan.words["direction_words"], []
    for mention in mentions:
        best = mention.senses[0] if mention.senses else None
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if best is None or best.kind not in ("country", "admin1", "city") or span is None or span.start == 0:
            found.append(mention)
            continue
        first = span.start - 1
        if first > 1 and doc[first - 1].text == "-" and doc[first - 2].lower_ in words:
            first -= 2  # 'north-east' in three tokens
        if doc[first:span.start].text.lower() not in words or not doc[first].is_lower:
            found.append(mention)
            continue
        whole = doc[first:span.end]
        found.append(Mention(whole.start_char, whole.end_char, fold(whole.text), mention.source, [], whole.text,
                             mention.label, region_of=best))
    return found
