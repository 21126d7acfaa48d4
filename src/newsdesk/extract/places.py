"""Places: toponyms in the text, resolved against the gazetteer to a kind, a country and a point.

Recognition merges four sources over the parsed Doc:
- spaCy's GPE, LOC and FAC entities;
- demonyms and adjectives ("Afghan", "French"), which name their country;
- gazetteer names spaCy did not tag, and ORG/PERSON names in a place context ("in Panjshir",
  which the small model tags ORG) — with precision guards: capitalised, a proper noun, not a stop
  word, not a word of a person's name in the same document, and for towns a population floor;
- places inside organisation names ("Aleppo University"), with a lower confidence.

Resolution picks one sense per distinct name per document by a score: the kind and size of the
place, whether its country or state is mentioned elsewhere, a qualifier after a comma ("Paris,
Texas"), kind cues around it ("the northeastern Afghan province of Panjshir"), and closeness to
the other places the document names (a few rounds, each re-choosing every name given the others).
Names the gazetteer does not know stay places with null coordinates: coordinates are never
invented.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Optional, Sequence

from spacy.tokens import Doc, Span, Token

from ..knowledge import load_data
from ..nlp import doc_text
from ..knowledge.gazetteer import Entry, Gazetteer, distance_km, fold, load_gazetteer
from ..model import Place

PLACE_LABELS = {"GPE", "LOC", "FAC"}
MAX_NGRAM = 6
CONNECTORS = {"of", "de", "del", "la", "le", "du", "des", "al", "el", "and", "the", "upon", "on", "da", "di", "es", "sur"}
DASHES = {"--", "—", "–", "-", "(", ":"}
# Gazetteer-only towns must be at least this big: below it, too many are also common words or names.
MIN_TOWN_POPULATION = 15_000
# A town inside an organisation name must be this big, unless the document names it elsewhere.
MIN_EMBEDDED_POPULATION = 50_000
# How sure each way of finding a mention is that it is a place at all.
SOURCE_CONFIDENCE = {"ner": 0.9, "demonym": 0.8, "qualifier": 0.85, "gazetteer": 0.75,
                     "relabel": 0.7, "embedded": 0.5}
UNKNOWN_CONFIDENCE = 0.3
COUNTRY_WEIGHT = 1.6
MAX_COHERENCE = 2.5
ADMIN1_PRIOR = 3.8
TOWN_SLOPE = 0.6
MIN_PERSON_RELABEL = 100_000  # a PERSON-tagged town name in a place context must be this big
ROUNDS = 3  # re-choosing rounds of the coherence step; choices settle after two on real text


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
    scan.person_words = _person_words(doc)
    mentions = _recognise(scan)
    mentions = [m for m in mentions if not any(m.start < e and s < m.end for s, e in skip_spans)]
    return _resolve(mentions)


# --- recognition ---------------------------------------------------------------------------------

def _person_words(doc: Doc) -> set[str]:
    """Words of multi-word person names ('Mike Farrin'): alone later ('Farrin said') they are the
    person, even where a town has that name."""
    return {t.lower_ for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1 for t in ent if t.is_title}


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
    mentions = _with_qualifiers(scan, mentions)
    for mention in mentions:
        _add_cues(scan, mention)
    return sorted(_without_overlaps(mentions), key=lambda m: m.start)


def _from_entity(scan: _Scan, ent: Span) -> list[Mention]:
    start, end = _trim(scan.doc, ent.start, ent.end)
    if start >= end:
        return []
    span = scan.doc[start:end]
    if _dateline(scan.doc, span) and _senses(scan.gazetteer, span.text):
        return [_mention(span, "relabel", _senses(scan.gazetteer, span.text), ent.label_)]  # 'HAMILTON —' tagged ORG
    if ent.label_ in PLACE_LABELS:
        return _place_entity(scan, span, ent.label_)
    if ent.label_ == "NORP":
        return _demonyms_in(scan, span)
    if ent.label_ in ("ORG", "PERSON"):
        return _places_in_name(scan, span, ent.label_)
    if ent.label_ == "MONEY":  # 'US dollars', 'Hong Kong dollars': the currency's country
        return [_with_source(m, "embedded") for m in _inner_matches(scan, span.start, span.end)
                if m.senses[0].kind == "country"]
    return []


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Leading 'the' and trailing possessive or punctuation are not part of the name."""
    while start < end and (doc[start].lower_ == "the" or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].text in ("'s", "’s", "'") or doc[end - 1].is_punct and doc[end - 1].text != "."):
        end -= 1
    return start, end


def _mention(span: Span, source: str, senses: list[Entry], label: str = "") -> Mention:
    return Mention(span.start_char, span.end_char, fold(span.text), source, senses, span.text, label)


def _place_entity(scan: _Scan, span: Span, label: str) -> list[Mention]:
    """A GPE/LOC/FAC: the whole name, else a state abbreviation or demonym, else the places
    inside it, else an unknown place (not for FAC: a building nobody can place is no toponym)."""
    gazetteer = scan.gazetteer
    # 'D.C.', 'N.H.': a dotted state abbreviation, before any town whose alternate name folds alike.
    abbreviation = gazetteer.qualifier(span.text) if "." in span.text and len(span.text) <= 6 else None
    senses = [abbreviation] if abbreviation else _senses(gazetteer, span.text)
    if senses and not (len(span) == 1 and _person_word(scan, span[0]) and not _place_context(scan, span)):
        return [_mention(span, "ner", senses, label)]
    standalone = gazetteer.qualifier(span.text) if "." in span.text else None
    demonym = gazetteer.demonym(span.text)
    if standalone or demonym:
        return [_mention(span, "qualifier" if standalone else "demonym", [standalone or demonym], label)]
    inner = _inner_matches(scan, span.start, span.end, inside=label)
    if inner:
        if label == "FAC" or len(inner) > 1:
            return [_with_source(m, "embedded") for m in inner]
        # 'Southern California', 'Panjshir Valley': the named part stands for the whole.
        only = inner[0]
        return [Mention(span.start_char, span.end_char, only.key, "ner", only.senses, span.text, label)]
    if label == "FAC" or senses or not _looks_like_name(span) or span.text.lower() in scan.words["stop_words"]:
        return []
    if len(span) == 1 and _person_word(scan, span[0]):
        return []
    return [Mention(span.start_char, span.end_char, fold(span.text), "ner", [], span.text, label)]


def _with_source(mention: Mention, source: str) -> Mention:
    mention.source = source
    return mention


def _looks_like_name(span: Span) -> bool:
    return any(t.is_title or t.is_upper for t in span) and any(c.isalpha() for c in span.text)


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
    entry = gazetteer.demonym(span.text)
    if entry is not None:
        return [_mention(span, "demonym", [entry])]
    found = []
    for token in span:
        entry = gazetteer.demonym(token.text) if token.is_title else None
        if entry is not None:
            found.append(_mention(doc[token.i:token.i + 1], "demonym", [entry]))
    senses = _senses(gazetteer, span.text)
    if not found and senses and senses[0].kind in ("country", "admin1", "region"):
        found.append(_mention(span, "relabel", senses))  # 'Essex' tagged NORP is the county
    return found


def _places_in_name(scan: _Scan, span: Span, label: str) -> list[Mention]:
    """ORG/PERSON: a name in a place context is a place the small model mislabelled ('in
    Panjshir'); a place inside an organisation name ('Aleppo University') is a mention."""
    senses = _senses(scan.gazetteer, span.text)
    heads = scan.words["organisation_heads"]
    if senses and _place_context(scan, span) and not any(t.lower_ in heads for t in span) \
            and (label == "ORG" or _strong(senses[0], MIN_PERSON_RELABEL)):
        return [_mention(span, "relabel", senses, label)]
    if label != "ORG" or len(span) < 2:
        return []
    demonyms = [m for m in _demonyms_in(scan, span) if m.end - m.start < len(span.text)]
    return [_with_source(m, "embedded") for m in _inner_matches(scan, span.start, span.end, inside="ORG") + demonyms]


def _embedded_ok(scan: _Scan, span: Span, match: Mention, inside: str, end: int) -> bool:
    """A place inside a longer name: the organisation is named after it ('Aleppo University',
    'Bank of Japan'), not a name that merely contains a town's name ('Royal Street',
    'Winston Churchill')."""
    best = match.senses[0]
    if span.end == end and not (span.start > 0 and scan.doc[span.start - 1].lower_ == "of"):
        return False  # the head of the name ('Street', 'Hall') is what it is, not where
    if any(_person_word(scan, t) for t in span) or (inside == "ORG" and fold(best.name) != match.key and best.kind == "city"):
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
        match = _longest_at(scan, i, end)
        if match is None:
            i += 1
            continue
        span = scan.doc.char_span(match.start, match.end, alignment_mode="expand")
        if not inside or _embedded_ok(scan, span, match, inside, end):
            found.append(match)
        i = span.end
    return found


def _longest_at(scan: _Scan, i: int, limit: int) -> Optional[Mention]:
    doc = scan.doc
    if not _name_token(doc[i]) or (doc[i].lower_ in scan.words["stop_words"] and not _abbreviation(doc[i])):
        return None
    for j in range(min(limit, i + MAX_NGRAM), i, -1):
        span = doc[i:j]
        if not _name_token(span[-1]) or not all(_name_token(t) or t.lower_ in CONNECTORS or t.text in "-'" for t in span):
            continue
        senses = _senses(scan.gazetteer, span.text)
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
        match = _longest_at(scan, i, end)
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
    """'COLUMBUS -- The warmer …', 'BEIRUT (AP) —': an upper-case place opening a line."""
    if not tokens[0].is_sent_start or not all(t.is_upper for t in tokens if t.is_alpha):
        return False
    after = doc[tokens.end] if tokens.end < len(doc) else None
    return after is not None and (after.text in DASHES or after.text == ",")


def _same_name_elsewhere(scan: _Scan, mentions: list[Mention]) -> list[Mention]:
    """One sense per document: a name that is a place in one sentence ('in Panjshir', 'WINONA --')
    is a place where spaCy tagged it something else with no place context ('the Panjshir
    resistance', 'Winona' as ORG), or left it untagged ('Aleppo Mayor …')."""
    known = Counter(m.key for m in mentions if m.senses and m.source in ("ner", "relabel", "gazetteer"))
    if not known:
        return []
    taken = [(m.start, m.end) for m in mentions]
    candidates: dict[str, list[Span]] = defaultdict(list)
    for span in [*_other_entities(scan), *_untagged_runs(scan, known)]:
        if fold(span.text) not in known or any(_person_word(scan, t) for t in span):
            continue
        if not any(span.start_char < e and s < span.end_char for s, e in taken):
            candidates[fold(span.text)].append(span)
    found = []
    for key, spans in candidates.items():
        # 'Obama' tagged GPE once and PERSON ten times is the person: the place reading must
        # hold at least a third of the name's uses.
        if known[key] * 2 >= len(spans):
            found.extend(_mention(span, "relabel", _senses(scan.gazetteer, span.text)) for span in spans)
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
        if follower and follower.senses and follower.senses[0].kind in ("admin1", "country"):
            if mention.senses and any(_inside(s, follower.senses[0]) for s in mention.senses):
                mention.qualifier = follower.senses[0]
    return mentions + added


def _qualifier_at(scan: _Scan, at: int) -> Optional[Mention]:
    match = re.match(r"([A-Z][A-Za-z]?\.(?: ?[A-Z][a-z]?\.)?|[A-Z][a-z]{1,4}\.|[A-Z]{2}\b)", scan.text[at:at + 8])
    entry = scan.gazetteer.qualifier(match.group(1)) if match else None
    if entry is None:
        return None
    end = at + len(match.group(1))
    return Mention(at, end, fold(match.group(1)), "qualifier", [entry], match.group(1))


def _inside(entry: Entry, container: Entry) -> bool:
    if container.kind == "country":
        return entry.country == container.country and entry.kind != "country"
    return entry.admin1 == container.admin1 and entry.id != container.id


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


# --- resolution ----------------------------------------------------------------------------------

@dataclass
class _Context:
    """What the document says about where it is: weights of countries and first-level divisions."""

    countries: Counter = field(default_factory=Counter)
    admin1: Counter = field(default_factory=Counter)


def _resolve(mentions: list[Mention]) -> list[Place]:
    groups: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        groups[mention.key].append(mention)
    context = _document_context(mentions)
    senses = {key: {e.id: e for m in group for e in m.senses} for key, group in groups.items()}
    static = {key: {i: _score(e, groups[key], context) for i, e in senses[key].items()} for key in groups}
    chosen = {key: max(scores, key=scores.__getitem__) for key, scores in static.items() if scores}
    for _round in range(ROUNDS):
        totals = {key: {i: s + _coherence(senses[key][i], key, chosen, senses) for i, s in scores.items()}
                  for key, scores in static.items() if scores}
        chosen = {key: max(scores, key=lambda i: (scores[i], i)) for key, scores in totals.items()}
    places: dict[str, Place] = {}
    for key, group in groups.items():
        entry = senses[key][chosen[key]] if key in chosen else None
        margin = _margin(totals[key], chosen[key]) if entry else 0.0
        confidence = _confidence(group, entry, margin)
        place_id = entry.id if entry else "place-" + re.sub(r"[^a-z0-9]+", "-", key).strip("-")
        place = places.get(place_id)
        if place is None:
            place = places[place_id] = _place(place_id, entry, group[0].surface, confidence)
        place.mentions.extend((m.start, m.end) for m in group)
        place.confidence = max(place.confidence or 0.0, confidence)
    for place in places.values():
        place.mentions = sorted(set(place.mentions))
    return sorted(places.values(), key=lambda p: p.mentions[0][0])


def _margin(scores: dict[str, float], best: str) -> float:
    others = [s for i, s in scores.items() if i != best]
    return scores[best] - max(others) if others else 5.0


def _place(place_id: str, entry: Optional[Entry], surface: str, confidence: float) -> Place:
    if entry is None:
        return Place(id=place_id, name=surface, kind="other", confidence=confidence)
    return Place(id=place_id, name=entry.name, kind=entry.kind, country=entry.country, lat=entry.lat,
                 lon=entry.lon, geonames_id=entry.geonames_id, confidence=confidence)


def _document_context(mentions: list[Mention]) -> _Context:
    """Countries and states the document is about, from the mentions that are not ambiguous:
    demonyms, names whose best sense is a country or a state, qualifiers."""
    context = _Context()
    for mention in mentions:
        if not mention.senses:
            continue
        best = mention.senses[0]
        if mention.qualifier is not None:
            _count(context, mention.qualifier, 2)
        if best.kind in ("country", "admin1") or mention.source in ("demonym", "qualifier"):
            _count(context, best, 1)
    return context


def _count(context: _Context, entry: Entry, weight: float) -> None:
    if entry.country:
        context.countries[entry.country] += weight
    if entry.kind == "admin1" and entry.admin1:
        context.admin1[entry.admin1] += weight


def _score(entry: Entry, group: list[Mention], context: _Context) -> float:
    """Prior plus what the document and the text around the mentions say about this sense."""
    score = _prior(entry)
    if fold(entry.name) == group[0].key:
        score += 0.5  # the place's own name, not one of its alternate names
    if entry.country and entry.kind != "country" and context.countries[entry.country]:
        # The share of the document's country evidence, so that one 'U.S.' in a story about
        # Britain does not pull 'London' to Ohio.
        score += COUNTRY_WEIGHT * (0.5 + context.countries[entry.country] / sum(context.countries.values()))
    if entry.admin1 and entry.kind not in ("admin1", "country"):
        score += min(context.admin1[entry.admin1], 3) * 1.0
    qualified = any(m.qualifier is not None for m in group)
    if entry.kind in ("city", "admin2") and not qualified and any(e.kind == "country" for m in group for e in m.senses):
        score -= 4  # 'China' is the country, not China, Texas, unless the text says 'China, Texas'
    for mention in group:
        if mention.qualifier is not None and _inside(entry, mention.qualifier):
            score += 6
        if mention.cue:
            score += 2.5 if mention.cue == entry.kind else -1.0
        if mention.cue_country:
            score += 4 if mention.cue_country == entry.country else -2
        if mention.label == "LOC" and entry.kind == "region":
            score += 0.5
    return score


def _coherence(entry: Entry, key: str, chosen: dict[str, str], senses: dict[str, dict[str, Entry]]) -> float:
    """Places named together lie together: a bonus for each other chosen place nearby, and for a
    state that holds other chosen places ('Georgia' with 'Atlanta')."""
    if entry.kind not in ("city", "admin2", "admin1"):
        return 0.0
    bonus = 0.0
    for other_key, other_id in chosen.items():
        other = senses[other_key][other_id]
        if other_key == key or other.kind not in ("city", "admin2", "admin1") or other.id == entry.id:
            continue
        if entry.kind == "admin1":
            bonus += 1.0 if other.admin1 == entry.admin1 else 0.0
            continue
        km = distance_km(entry, other)
        if km is not None:
            bonus += 1.0 if km < 50 else 0.7 if km < 150 else 0.3 if km < 400 else 0.0
    return min(bonus, MAX_COHERENCE)


def _prior(entry: Entry) -> float:
    """How likely a name means this place before any context: bigger and higher places first."""
    if entry.kind == "country":
        return 6.5  # above any town of the same name ('Mexico' is also Mexico City's alias)
    if entry.kind == "region":
        return 5.5
    if entry.kind == "admin1":
        return ADMIN1_PRIOR + min(math.log10(entry.population + 1), 7) * 0.1
    if entry.kind == "admin2":
        return 1.5
    capital = 0.7 if entry.feature == "PPLC" else 0.0
    return 1.0 + math.log10(entry.population + 1) * TOWN_SLOPE + capital


def _confidence(group: list[Mention], entry: Optional[Entry], margin: float) -> float:
    """How sure we are it is a place (the best source among its mentions) times how sure the
    sense is (the score margin over the runner-up)."""
    found = max(SOURCE_CONFIDENCE.get(m.source, 0.5) for m in group)
    if entry is None:
        return round(min(found, UNKNOWN_CONFIDENCE + 0.2 * (len(group) > 1)), 2)
    sense = 0.5 + 0.5 * math.tanh(margin / 2)
    return round(found * sense, 2)


__all__ = ["find_places"]
