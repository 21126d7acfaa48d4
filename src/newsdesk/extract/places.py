"""Places: toponyms in the text, resolved against the gazetteer to a kind, a country and a point.

Recognition merges four sources over the parsed Doc:
- spaCy's GPE, LOC and FAC entities;
- demonyms and adjectives ("Afghan", "French"), which name their country;
- gazetteer names spaCy did not tag, and ORG/PERSON names in a place context ("in Panjshir",
  which the small model tags ORG) — with precision guards: capitalised, a proper noun, not a stop
  word, not a word of a person's name in the same document, and for towns a population floor;
- places inside organisation names ("Aleppo University"), with a lower confidence;
- local-news shapes: names listed beside a town near it ("Paris and Roxton"), names before
  "counties" ("Harper and Kingman counties"), party affiliations ("Nancy Pelosi, D-Calif."), and
  names known elsewhere in the document inside longer names ("DeKalb Police").

Resolution (``place_resolution.py``) picks one sense per distinct name per document by a score.
Names the gazetteer does not know stay places with null coordinates: coordinates are never
invented.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Optional, Sequence

from spacy.tokens import Doc, Span, Token

from ..knowledge import load_data
from ..nlp import doc_text, span_text, span_tokens, tokens
from .dates import MONTHS
from ..knowledge.gazetteer import Entry, Gazetteer, distance_km, fold, load_gazetteer
from ..model import Place
from .place_resolution import LOCAL_KINDS, Mention, inside_of, resolve

PLACE_LABELS = {"GPE", "LOC", "FAC"}
MAX_NGRAM = 6
WATER_WORDS = {"river", "lake", "sea", "gulf", "bay", "ocean", "strait", "straits", "channel", "creek", "canal"}
CONNECTORS = {"of", "de", "del", "la", "le", "du", "des", "al", "el", "and", "the", "upon", "on", "da", "di", "es", "sur"}
LIST_WORDS = {",", "and", "or", "&"}
LIST_KM = 150  # how near a listed name must lie to the place it is listed with
PLURAL_DIVISIONS = {"counties": "County", "parishes": "Parish", "boroughs": "Borough"}
# ', D-Calif.', ', R-Elbow Lake,': party letter, hyphen, home state or town, then punctuation.
PARTY_AFFILIATION = re.compile(r"(?<=[,(] )[DRI]-((?:[A-Z][a-z]*\.?)(?: ?[A-Z][a-z]*\.?){0,2}?)(?=[,.;)]|$)")
# Words before a place name that make a name for (part of) the same area: 'Metro Vancouver'.
AREA_PREFIXES = {"metro", "greater", "downtown", "central", "northern", "southern", "eastern", "western"}
DASHES = {"--", "---", "—", "–", "-", "(", ":"}
# Gazetteer-only towns must be at least this big: below it, too many are also common words or names.
MIN_TOWN_POPULATION = 15_000
# A town inside an organisation name must be this big, unless the document names it elsewhere.
MIN_EMBEDDED_POPULATION = 50_000
MIN_PERSON_RELABEL = 30_000  # a PERSON-tagged town name in a place context must be this big


@dataclass
class _Scan:
    """What recognition reads besides the Doc: the gazetteer, word lists, names of people."""

    doc: Doc
    gazetteer: Gazetteer
    words: dict
    person_words: set[str] = field(default_factory=set)
    text: str = ""  # doc_text(doc)


def _words() -> dict:
    data = load_data("places.yaml")
    return {key: (set(value) if isinstance(value, list) else value) for key, value in data.items()}


def find_places(doc: Doc, skip_spans: Sequence[tuple[int, int]] = ()) -> list[Place]:
    """Every place the document mentions, one entry per distinct place with all its mentions.

    ``skip_spans`` are char ranges whose mentions are ignored. The result is a pure function of
    the parsed Doc (and the shipped gazetteer); places are in order of first mention.
    """
    scan = _Scan(doc, load_gazetteer(), _words(), text=doc_text(doc))
    scan.person_words = _person_words(doc, scan.gazetteer)
    mentions = _recognise(scan)
    mentions = [m for m in mentions if not any(m.start < e and s < m.end for s, e in skip_spans)]
    return resolve(mentions)


# --- recognition ---------------------------------------------------------------------------------

def _person_words(doc: Doc, gazetteer: Gazetteer) -> set[str]:
    """Words of multi-word person names ('Mike Farrin'): alone later ('Farrin said') they are the
    person, even where a town has that name. A "person" whose whole name is a place's name
    ('Avondale Estates', 'Glen Allen') is more likely the small model's mislabel than a person,
    so it does not count."""
    return {t.lower_ for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1
            and not gazetteer.lookup(ent.text) for t in ent if t.is_title}


def _recognise(scan: _Scan) -> list[Mention]:
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
    mentions = _with_qualifiers(scan, mentions)
    for mention in mentions:
        _add_cues(scan, mention)
    return sorted(_without_overlaps(mentions), key=lambda m: m.start)


def _from_entity(scan: _Scan, ent: Span) -> list[Mention]:
    start, end = _trim(scan.doc, ent.start, ent.end)
    if start >= end:
        return []
    span = scan.doc[start:end]
    if _dateline(scan.doc, span) and _senses(scan.gazetteer, span_text(span)):
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


def _across_entities(scan: _Scan, span: Span) -> Optional[Mention]:
    """A country or state whose name runs past the entity: spaCy splits 'Trinidad and Tobago'
    into a GPE and a PERSON, and the GPE alone is Trinidad, Bolivia."""
    match = _longest_at(scan, span.start, min(len(scan.doc), span.start + MAX_NGRAM))
    if match is None or match.end <= span.end_char or match.senses[0].kind not in ("country", "admin1"):
        return None
    return _with_source(match, "ner")


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Leading 'the' and trailing possessive or punctuation are not part of the name."""
    while start < end and (doc[start].lower_ == "the" or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].text in ("'s", "’s", "'") or doc[end - 1].is_punct and doc[end - 1].text != "."):
        end -= 1
    return start, end


def _mention(span: Span, source: str, senses: list[Entry], label: str = "") -> Mention:
    return Mention(span.start_char, span.end_char, fold(span_text(span)), source, senses, span_text(span), label)


def _place_entity(scan: _Scan, span: Span, label: str) -> list[Mention]:
    """A GPE/LOC/FAC: the whole name, else a state abbreviation or demonym, else the places
    inside it, else an unknown place (not for FAC: a building nobody can place is no toponym)."""
    gazetteer = scan.gazetteer
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
        if label == "FAC" or len(inner) > 1:
            return [_with_source(m, "embedded") for m in inner]
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


def _with_source(mention: Mention, source: str) -> Mention:
    mention.source = source
    return mention


def _looks_like_name(span: Span) -> bool:
    return any(t.is_title or t.is_upper for t in span_tokens(span)) and any(c.isalpha() for c in span_text(span))


def _person_word(scan: _Scan, token: Token) -> bool:
    return token.lower_ in scan.person_words


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
    if senses and _place_context(scan, span) and not any(t.lower_ in heads for t in span_tokens(span)) \
            and (label == "ORG" or _strong(senses[0], MIN_PERSON_RELABEL)):
        return [_mention(span, "relabel", senses, label)]
    tail = _after_preposition(scan, span)
    if tail is not None:
        return [tail]
    # A PERSON span holding an organisation word is a mis-tagged body ('Anderson County Sheriff',
    # 'Athens Parks'): read it as the organisation it is.
    if len(span) < 2 or label != "ORG" and not any(t.lower_ in heads for t in span_tokens(span)):
        return []
    demonyms = [m for m in _demonyms_in(scan, span) if m.end - m.start < len(span_text(span))]
    return [_with_source(m, "embedded") for m in _inner_matches(scan, span.start, span.end, inside="ORG") + demonyms]


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
    area = all(t.lower_ in AREA_PREFIXES for t in scan.doc[start:span.start])
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


def _strong(entry: Entry, floor: int) -> bool:
    """A country, state or region, or a town of at least ``floor`` people."""
    return entry.kind in ("country", "admin1", "region") or (entry.kind == "city" and entry.population >= floor)


def _place_context(scan: _Scan, span: Span) -> bool:
    """'in Panjshir', 'Panjshir province', 'province of Panjshir': the syntax says place."""
    doc, words = scan.doc, scan.words
    first, last = span[0], span[-1]
    before = doc[first.i - 1].lower_ if first.i > 0 else ""
    if before in words["locative_prepositions"] and before != "of":
        return True
    following = doc[last.i + 1].lower_ if last.i + 1 < len(doc) else ""
    if following in words["kind_nouns"] or following in words["resident_nouns"]:
        return True
    return first.i > 1 and before == "of" and doc[first.i - 2].lower_ in words["kind_nouns"]


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


def _longest_at(scan: _Scan, i: int, limit: int, inside_entity: bool = False) -> Optional[Mention]:
    """The longest gazetteer name starting at token ``i``. A stop word ('West', 'New') may start
    one only inside an entity spaCy tagged, and only as the first of several words: 'the West
    Virginia Division' (ORG) holds West Virginia, not Virginia."""
    doc = scan.doc
    if not _name_token(doc[i]):
        return None
    shortest = i + 1
    if doc[i].lower_ in scan.words["stop_words"] and not _abbreviation(doc[i]):
        if not inside_entity:
            return None
        shortest = i + 2
    for j in range(min(limit, i + MAX_NGRAM), shortest - 1, -1):
        span = doc[i:j]
        if not _name_token(span[-1]) or not all(_name_token(t) or t.lower_ in CONNECTORS or t.text in "-'" for t in span_tokens(span)):
            continue
        senses = _senses(scan.gazetteer, span_text(span))
        if senses:
            return _mention(span, "gazetteer", senses)
    return None


def _senses(gazetteer: Gazetteer, text: str) -> list[Entry]:
    """Gazetteer senses of a name; a short all-capitals name is an abbreviation ('US', 'UK'), so
    only countries, states and regions are meant, never a town that folds alike ('Us')."""
    senses = gazetteer.lookup(text)
    if text.isupper() and len(text) <= 4:
        senses = [e for e in senses if e.kind in ("country", "admin1", "region")]
    return senses


def _abbreviation(token: Token) -> bool:
    """'US', 'UK': upper case and short; `_senses` lets such a name mean only a country or state."""
    return token.is_upper and 2 <= len(token.text) <= 4


def _name_token(token: Token) -> bool:
    return (token.is_title or (token.is_upper and len(token.text) > 1)) and any(c.isalpha() for c in token.text)


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
        if after is not None and after.text in DASHES and all(t.text[:1].isupper() for t in span_tokens(span) if t.is_alpha):
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
    if _dateline(scan.doc, tokens):
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


def _dateline(doc: Doc, tokens: Span) -> bool:
    """'COLUMBUS -- The warmer …', 'BEIRUT (AP) —': an upper-case place opening a line.

    A wire dateline ('WASHINGTON (AP) -', 'SOUTH WAZIRISTAN, April 5 (APP):') also counts where
    the parser did not start a sentence, after a byline ('Matthew Daly, The Associated Press.
    WASHINGTON (AP) …'): its agency in brackets or its date says what it is.
    """
    if not all(t.is_upper for t in tokens if t.is_alpha) or not any(t.is_alpha for t in tokens):
        return False
    after = doc[tokens.end] if tokens.end < len(doc) else None
    if after is None:
        return False
    if tokens[0].is_sent_start and (after.text in DASHES or after.text == ","):
        return True
    return _opens_line(doc, tokens.start) and _wire_marker(doc, tokens.end)


def _opens_line(doc: Doc, i: int) -> bool:
    """Token ``i`` starts the text, a line, or follows a full stop or colon."""
    if i == 0:
        return True
    before = doc[i - 1]
    return "\n" in before.text or "\n" in before.whitespace_ or before.text in (".", ":", "!", "?")


def _wire_marker(doc: Doc, j: int) -> bool:
    """What follows a wire dateline: '(AP)', '(Reuters)', or ', April 5'."""
    if j + 2 < len(doc) and doc[j].text == "(" and doc[j + 1].text[:1].isupper() and doc[j + 2].text == ")":
        return True
    return j + 1 < len(doc) and doc[j].text == "," and doc[j + 1].lower_.rstrip(".") in MONTHS


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


def _capitalised(token: Token) -> bool:
    """Starts with a capital ('DeKalb', 'McMinn', which `str.istitle` rejects)."""
    return token.text[:1].isupper()


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


def _taken_tokens(scan: _Scan, mentions: list[Mention]) -> set[int]:
    taken: set[int] = set()
    for mention in mentions:
        span = scan.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        taken.update(range(span.start, span.end))
    return taken


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


def _without_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep the longest of overlapping mentions."""
    kept: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (-(m.end - m.start), m.start)):
        if not any(mention.start < k.end and k.start < mention.end for k in kept):
            kept.append(mention)
    return kept


__all__ = ["find_places"]
