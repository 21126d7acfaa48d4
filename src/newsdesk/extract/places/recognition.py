"""Recognition: which spans of the text name places.

Four sources over the parsed Doc: spaCy's GPE, LOC and FAC entities; demonyms and adjectives
("Afghan"); ORG/PERSON names in a place context ("in Panjshir") and places inside organisation
names ("Aleppo University", a weaker mention); gazetteer names spaCy left untagged, under
precision guards. The local-news shapes (``shapes.py``) then add what only the neighbouring
names reveal, and kind cues are read around every mention.
"""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Span, Token

from ...knowledge.gazetteer import Entry, fold
from ...nlp import span_text, span_tokens
from .mention import Mention
from .scan import (DASHES, _heading, _in_slug, _opens_line, _kind_context, MAX_NGRAM, PLACE_LABELS, _Scan, _dateline, _longest_at, _looks_like_name, _mention,
                   _name_token, _person_word, _place_context, _senses, _strong, _trim, _with_source,
                   _without_overlaps)
from .sites import find_sites
from .shapes import (_add_cues, _coordinated, _county_lists, _party_affiliations, _same_name_elsewhere,
                     _with_qualifiers)

WATER_WORDS = {"river", "lake", "sea", "gulf", "bay", "ocean", "strait", "straits", "channel", "creek", "canal"}
# Words before a place name that make a name for (part of) the same area: 'Metro Vancouver'.
AREA_PREFIXES = {"metro", "greater", "downtown", "central", "northern", "southern", "eastern", "western"}
# Gazetteer-only towns must be at least this big: below it, too many are also common words or names.
MIN_TOWN_POPULATION = 15_000
# A town inside an organisation name must be this big, unless the document names it elsewhere.
MIN_EMBEDDED_POPULATION = 50_000
MIN_PERSON_RELABEL = 30_000  # a PERSON-tagged town name in a place context must be this big


def recognise(scan: _Scan) -> list[Mention]:
    mentions: list[Mention] = []
    covered: set[int] = set()
    for ent in scan.doc.ents:
        found = _from_entity(scan, ent)
        if found:
            mentions.extend(found)
            covered.update(range(ent.start, ent.end))
    mentions.extend(_gazetteer_matches(scan, covered))
    mentions.extend(_same_name_elsewhere(scan, mentions))
    mentions.extend(_county_lists(scan, mentions))
    mentions.extend(_party_affiliations(scan))
    mentions.extend(_coordinated(scan, mentions))
    mentions.extend(find_sites(scan, mentions))  # longer than the town inside them, so they win overlaps
    _abbreviated_states(scan, mentions)
    mentions = _with_qualifiers(scan, mentions)
    for mention in mentions:
        _add_cues(scan, mention)
    return sorted(_without_overlaps(mentions), key=lambda m: m.start)


def _abbreviated_states(scan: _Scan, mentions: list[Mention]) -> None:
    """'four decades in DC': a two-letter upper-case name the index does not know, found as a
    place, is the state it abbreviates ('Hanover, N.H.' style, without the dots) when the
    document names that state's country; else it stays an unknown place."""
    countries = {m.senses[0].country for m in mentions if m.senses and m.senses[0].kind in ("country", "admin1")}
    for mention in mentions:
        if mention.senses or len(mention.surface) != 2 or not mention.surface.isalpha() or not mention.surface.isupper():
            continue
        state = scan.gazetteer.qualifier(mention.surface)
        if state is not None and state.kind == "admin1" and state.country in countries:
            mention.senses = [state]


def _from_entity(scan: _Scan, ent: Span) -> list[Mention]:
    start, end = _trim(scan.doc, ent.start, ent.end)
    if start >= end:
        return []
    span = _whole_heading(scan, scan.doc[start:end])
    if (_dateline(scan.doc, span) or _heading(scan.doc, span)) and _senses(scan.gazetteer, span_text(span)):
        return [_mention(span, "relabel", _senses(scan.gazetteer, span_text(span)), ent.label_)]  # 'HAMILTON —' tagged ORG
    if ent.label_ in PLACE_LABELS:
        longer = _across_entities(scan, span)
        return [longer] if longer is not None else _place_entity(scan, span, ent.label_)
    if ent.label_ == "NORP":
        return _demonyms_in(scan, span)
    if ent.label_ in ("ORG", "PERSON"):
        return _places_in_name(scan, span, ent.label_)
    if ent.label_ == "MONEY":  # 'US dollars', 'Hong Kong dollars': the currency's country
        return [_with_source(m, "embedded") for m in _inner_matches(scan, span.start, span.end)
                if m.senses[0].kind == "country"]
    return []


def _whole_heading(scan: _Scan, span: Span) -> Span:
    """'RICHARDS BAY: Cloudy': the model tags only 'BAY' (which alone is Bay, Somalia); an
    upper-case heading is read whole, from the line's opening, when the whole is a known place."""
    doc, start = scan.doc, span.start
    while start > max(0, span.start - 3) and doc[start - 1].is_alpha and doc[start - 1].is_upper \
            and not _opens_line(doc, start):
        start -= 1
    if start == span.start or not _opens_line(doc, start) or not _heading(doc, doc[start:span.end]):
        return span
    whole = doc[start:span.end]
    return whole if _senses(scan.gazetteer, span_text(whole)) else span


def _across_entities(scan: _Scan, span: Span) -> Optional[Mention]:
    """A country or state whose name runs past the entity: spaCy splits 'Trinidad and Tobago'
    into a GPE and a PERSON, and the GPE alone is Trinidad, Bolivia."""
    match = _longest_at(scan, span.start, min(len(scan.doc), span.start + MAX_NGRAM))
    if match is None or match.end <= span.end_char or match.senses[0].kind not in ("country", "admin1"):
        return None
    return _with_source(match, "ner")


def _place_entity(scan: _Scan, span: Span, label: str) -> list[Mention]:
    """A GPE/LOC/FAC: the whole name, else a state abbreviation or demonym, else the places
    inside it, else an unknown place (not for FAC: a building nobody can place is no toponym)."""
    gazetteer = scan.gazetteer
    if fold(span_text(span)) in scan.words["water_names"]:  # 'the Pacific' is no Pacific, Missouri
        return [Mention(span.start_char, span.end_char, fold(span_text(span)), "ner", [], span_text(span), label)]
    parts = _comma_parts(scan, span)
    if parts:  # 'Thruxton, Hampshire', 'Donington Park, Leicestershire': two places, the second holding the first
        return [m for part in parts for m in _place_entity(scan, part, label)]
    # 'D.C.', 'N.H.': a dotted state abbreviation, before any town whose alternate name folds alike.
    abbreviation = gazetteer.qualifier(span_text(span)) if "." in span_text(span) and len(span_text(span)) <= 6 else None
    senses = [abbreviation] if abbreviation else _senses(gazetteer, span_text(span))
    if senses and not (len(span) == 1 and _person_word(scan, span[0]) and not _place_context(scan, span)):
        return [_mention(span, "ner", senses, label)]
    standalone = gazetteer.qualifier(span_text(span)) if "." in span_text(span) else None
    demonym = gazetteer.demonym(span_text(span))
    if standalone or demonym:
        return [_mention(span, "qualifier" if standalone else "demonym", [standalone or demonym], label)]
    inner = _inner_matches(scan, span.start, span.end, inside=label)
    if inner:
        if label == "FAC":
            # 'Aberdeen Royal Infirmary', 'London King's Cross': a building used as a location
            # stands where its town is.
            return [_with_source(m, "facility") for m in inner]
        if len(inner) > 1:  # 'Colima and Baja California Sur' as one entity
            return [_with_source(m, "ner") for m in inner]
        # 'Southern California', 'Panjshir Valley': the named part stands for the whole, but not
        # for a body of water: the Mississippi River is not the state's point, 340 km away.
        only = inner[0]
        if _water_body(span):
            return [Mention(span.start_char, span.end_char, fold(span_text(span)), "ner", [], span_text(span), label)]
        return [Mention(span.start_char, span.end_char, only.key, "ner", only.senses, span_text(span), label)]
    if label == "FAC" or senses or not _looks_like_name(span) or span_text(span).lower() in scan.words["stop_words"]:
        return []
    if len(span) == 1 and _person_word(scan, span[0]):
        return []
    return [Mention(span.start_char, span.end_char, fold(span_text(span)), "ner", [], span_text(span), label)]


def _comma_parts(scan: _Scan, span: Span) -> Optional[tuple[Span, Span]]:
    """The two sides of 'Place, Container' tagged as one entity, when the whole is no known name
    and the side after the comma is a known country or division."""
    commas = [t.i for t in span_tokens(span) if t.text == ","]
    if len(commas) != 1 or commas[0] in (span.start, span.end - 1) or _senses(scan.gazetteer, span_text(span)):
        return None
    before, after = scan.doc[span.start:commas[0]], scan.doc[commas[0] + 1:span.end]
    senses = _senses(scan.gazetteer, span_text(after))
    if not any(s.kind in ("country", "admin1", "admin2") for s in senses):
        return None
    return before, after


def _water_body(span: Span) -> bool:
    """'Mississippi River', 'Lake Tahoe', 'the Gulf of Alaska': a water word opens or closes it."""
    words = [t.lower_ for t in span_tokens(span) if t.lower_ != "the"]
    return bool(words) and (words[0] in WATER_WORDS or words[-1] in WATER_WORDS)


def _demonyms_in(scan: _Scan, span: Span) -> list[Mention]:
    """'Afghan', 'French', 'Central American' → the country or region; 'the Arab world' (spaCy
    tags only 'Arab') → the region; else the demonyms inside."""
    doc, gazetteer = scan.doc, scan.gazetteer
    for extra in (2, 1):
        longer = doc[span.start:min(len(doc), span.end + extra)]
        senses = gazetteer.lookup(longer.text) if len(longer) > len(span) else []
        if senses and senses[0].kind == "region":
            return [_mention(longer, "ner", senses[:1])]
    entry = gazetteer.demonym(span_text(span))
    if entry is not None:
        return [_mention(span, "demonym", [entry])]
    found = []
    for token in span_tokens(span):
        entry = gazetteer.demonym(token.text) if token.is_title else None
        if entry is not None:
            found.append(_mention(doc[token.i:token.i + 1], "demonym", [entry]))
    senses = _senses(gazetteer, span_text(span))
    if not found and senses and senses[0].kind in ("country", "admin1", "region"):
        found.append(_mention(span, "relabel", senses))  # 'Essex' tagged NORP is the county
    return found


def _places_in_name(scan: _Scan, span: Span, label: str) -> list[Mention]:
    """ORG/PERSON: a name in a place context is a place the small model mislabelled ('in
    Panjshir'); a place inside an organisation name ('Aleppo University') is a mention."""
    senses = _senses(scan.gazetteer, span_text(span))
    heads = scan.words["organisation_heads"]
    if senses and (_place_context(scan, span) or _listed_with_its_kind(scan, span, senses[0])) \
            and not any(t.lower_ in heads for t in span_tokens(span)) \
            and (label == "ORG" or _strong(senses[0], MIN_PERSON_RELABEL)):
        return [_mention(span, "relabel", senses, label)]
    if not senses and label in ("ORG", "PERSON") and _kind_context(scan.doc, scan.words, span) and _looks_like_name(span) \
            and not span_text(span).isupper() \
            and not any(t.lower_ in heads or t.lower_ in scan.words["stop_words"] for t in span_tokens(span)):
        # 'Khan Sheikhoun, a town in Idlib province' (PERSON to the small model), unknown to the
        # gazetteer: a place with null coordinates, not a name that disappears ('SDF territory':
        # an acronym is an organisation's).
        return [Mention(span.start_char, span.end_char, fold(span_text(span)), "relabel", [], span_text(span), label)]
    tail = _after_preposition(scan, span)
    if tail is not None:
        return [tail]
    # A PERSON span holding an organisation word is a mis-tagged body ('Anderson County Sheriff',
    # 'Athens Parks'): read it as the organisation it is.
    if len(span) < 2 or label != "ORG" and not any(t.lower_ in heads for t in span_tokens(span)):
        return []
    demonyms = [m for m in _demonyms_in(scan, span) if m.end - m.start < len(span_text(span))]
    return [_with_source(m, "embedded") for m in _inner_matches(scan, span.start, span.end, inside="ORG") + demonyms]


def _listed_with_its_kind(scan: _Scan, span: Span, best: Entry) -> bool:
    """A country or state listed beside a tagged place of the same kind is one too: 'the Pacific
    states of Colima and Baja California Sur' (ORG to the small model), 'China, Saint Lucia on
    behalf of …' (PERSON). The list is read from the words ('X, Y', 'X and Y') or the parse (Y a
    conjunct of X)."""
    if best.kind not in ("country", "admin1"):
        return False
    doc = scan.doc
    neighbours = [span.root.head] if span.root.dep_ == "conj" else []
    if span.start >= 2 and doc[span.start - 1].lower_ in (",", "and", "or"):
        neighbours.append(doc[span.start - 2])
    for token in neighbours:
        if token.ent_type_ not in ("GPE", "LOC") or token.i >= span.start:
            continue
        entity = next((e for e in doc.ents if e.start <= token.i < e.end), None)
        senses = _senses(scan.gazetteer, span_text(entity)) if entity is not None else []
        if senses and senses[0].kind == best.kind:
            return True
    return False


def _after_preposition(scan: _Scan, span: Span) -> Optional[Mention]:
    """'St. John's Lutheran School in Lombard' (one ORG to the small model): the name after a
    locative preposition inside the span is a place."""
    for token in span[1:-1]:
        if token.lower_ in scan.words["locative_prepositions"]:
            rest = scan.doc[token.i + 1:span.end]
            senses = _senses(scan.gazetteer, rest.text)
            return _mention(rest, "relabel", senses) if senses else None
    return None


def _embedded_ok(scan: _Scan, span: Span, match: Mention, inside: str, bounds: tuple[int, int]) -> bool:
    """A place inside a longer name: the organisation is named after it ('Aleppo University',
    'Bank of Japan'), not a name that merely contains a town's name ('Royal Street',
    'Winston Churchill')."""
    best, (start, end) = match.senses[0], bounds
    # 'Metro Vancouver', and a demonym before a place the model tagged together with it ('the
    # Palestinian Gaza Strip' as one GPE): the words before say which part or whose, not what.
    area = all(t.lower_ in AREA_PREFIXES or inside in PLACE_LABELS and scan.gazetteer.demonym(t.text) is not None
               for t in scan.doc[start:span.start])
    if span.end == end and not area and not (span.start > 0 and scan.doc[span.start - 1].lower_ == "of") \
            and best.kind != "country":
        # The head of the name ('Street', 'Hall') is what it is, not where ('Metro Vancouver' is);
        # a country closing a company's name is where it is ('HSBC Malta', 'Air India').
        return False
    if any(_person_word(scan, t) for t in span_tokens(span)) or (inside == "ORG" and fold(best.name) != match.key and best.kind == "city"):
        return False
    if best.kind == "admin2":
        return span[-1].lower_ in scan.words["kind_nouns"]  # 'Licking County Sheriff's Office'
    whole = scan.doc[span.start:end]
    # A town is the namesake of a local body ('Gainesville Police Department'); elsewhere only a
    # big city is ('Chicago Bulls'), since small towns share their names with people and brands.
    floor = MIN_TOWN_POPULATION if any(t.lower_ in scan.words["organisation_heads"] for t in whole) else MIN_EMBEDDED_POPULATION
    return _strong(best, floor)


def _inner_matches(scan: _Scan, start: int, end: int, inside: str = "") -> list[Mention]:
    """Longest capitalised gazetteer names inside tokens [start, end), left to right."""
    found, i = [], start
    while i < end:
        match = _longest_at(scan, i, end, inside_entity=True)
        if match is None or match.key in scan.words["feature_words"]:
            i += 1  # 'Gulf' of 'the Gulf of Alaska' is no place of its own (Gulf, Papua New Guinea)
            continue
        span = scan.doc.char_span(match.start, match.end, alignment_mode="expand")
        if not inside or _embedded_ok(scan, span, match, inside, (start, end)):
            found.append(match)
        i = span.end
    return found


def _gazetteer_matches(scan: _Scan, covered: set[int]) -> list[Mention]:
    """Names spaCy left untagged. Precision first: a proper noun, not a stop word, not a name
    that only stands at a sentence start, not a person's name, and a big enough place."""
    doc = scan.doc
    # Token flags read once as arrays: a name starts with a title-case or upper-case token (what
    # _longest_at and _loose_demonym ask first), so every other token is skipped without building
    # a Token object (this loop made a tenth of a million of them per 60 documents).
    tagged = doc.to_array("ENT_TYPE").tolist()
    capital = doc.to_array(["IS_TITLE", "IS_UPPER"]).any(axis=1).tolist()
    found, i = [], 0
    while i < len(doc):
        if i in covered or tagged[i] or not capital[i]:
            i += 1
            continue
        end = i
        while end < len(doc) and end not in covered and not tagged[end] and end - i < MAX_NGRAM:
            end += 1
        match = _longest_at(scan, i, end) or _dateline_at(scan, i, end)
        if match is None:
            demonym = _loose_demonym(scan, doc[i])
            if demonym:
                found.append(demonym)
            i += 1
            continue
        tokens = doc.char_span(match.start, match.end, alignment_mode="expand")
        if _plausible(scan, tokens, match):
            found.append(match)
        i = tokens.end
    return found


def _dateline_at(scan: _Scan, i: int, end: int) -> Optional[Mention]:
    """'UNION CITY —', 'DeKALB –': a dateline names a place even when its first word is on the
    stop list or its case is mixed, so it is looked up as a whole."""
    doc = scan.doc
    if not doc[i].is_sent_start:
        return None
    for j in range(end, i, -1):
        span = doc[i:j]
        after = doc[j] if j < len(doc) else None
        if after is not None and after.text in DASHES and all(t.text[:1].isupper() for t in span_tokens(span) if t.is_alpha) \
                and not _in_slug(doc, i, j):
            senses = _senses(scan.gazetteer, span_text(span))
            return _mention(span, "relabel", senses) if senses else None
    return None


def _loose_demonym(scan: _Scan, token: Token) -> Optional[Mention]:
    if not token.is_title or token.is_sent_start and token.pos_ not in ("ADJ", "PROPN"):
        return None
    entry = scan.gazetteer.demonym(token.text)
    return _mention(scan.doc[token.i:token.i + 1], "demonym", [entry]) if entry else None


def _plausible(scan: _Scan, tokens: Span, match: Mention) -> bool:
    words, best = scan.words, match.senses[0]
    if _in_slug(scan.doc, tokens.start, tokens.end):
        return False
    if _dateline(scan.doc, tokens):
        return True
    if _heading(scan.doc, tokens) and _strong(best, MIN_TOWN_POPULATION):
        return True
    if len(tokens) == 1:
        token = tokens[0]
        if token.lower_ in words["stop_words"] or token.pos_ != "PROPN" or _person_word(scan, token):
            return False
        if token.is_sent_start and not _place_context(scan, tokens):
            return False
        if _inside_longer_name(scan, token):
            return False
    if best.kind in ("country", "admin1", "region"):
        return True
    if best.kind == "admin2":
        return tokens[-1].lower_ in words["kind_nouns"]
    return best.population >= MIN_TOWN_POPULATION or _place_context(scan, tokens)


def _inside_longer_name(scan: _Scan, token: Token) -> bool:
    """'Taco Bell', 'Bell Helicopter': a capitalised neighbour makes the word part of another
    name, unless the neighbour says what kind of place it is ('Kabul Province')."""
    doc, kinds = scan.doc, scan.words["kind_nouns"]
    for i in (token.i - 1, token.i + 1):
        if not 0 <= i < len(doc):
            continue
        neighbour = doc[i]
        if i < token.i and neighbour.is_sent_start and neighbour.pos_ != "PROPN":
            continue  # a capitalised sentence opener ('In Kabul')
        if _name_token(neighbour) and neighbour.lower_ not in kinds:
            return True
    return False


__all__ = ["recognise"]
