"""Reading tools every recognition pass shares: the scan state (Doc, gazetteer, word lists,
names of people), gazetteer look-ups of token runs, and the token tests (name-like, place
context, dateline)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from spacy.tokens import Doc, Span, Token

from ...knowledge import load_data
from ...knowledge.gazetteer import Entry, Gazetteer, fold
from ...nlp import span_text, span_tokens
from ..dates import MONTHS
from .mention import Mention

PLACE_LABELS = {"GPE", "LOC", "FAC"}
MAX_NGRAM = 6
CONNECTORS = {"of", "de", "del", "la", "le", "du", "des", "al", "el", "and", "the", "upon", "on", "da", "di", "es", "sur"}
DASHES = {"--", "---", "—", "–", "-", "(", ":"}


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


def _person_words(doc: Doc, gazetteer: Gazetteer) -> set[str]:
    """Words of multi-word person names ('Mike Farrin'): alone later ('Farrin said') they are the
    person, even where a town has that name. A "person" whose whole name is a place's name
    ('Avondale Estates', 'Glen Allen') is more likely the small model's mislabel than a person,
    so it does not count."""
    return {t.lower_ for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1
            and not gazetteer.lookup(ent.text) for t in ent if t.is_title}


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Leading 'the' and trailing possessive or punctuation are not part of the name."""
    while start < end and (doc[start].lower_ == "the" or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].text in ("'s", "’s", "'") or doc[end - 1].is_punct and doc[end - 1].text != "."):
        end -= 1
    return start, end


def _mention(span: Span, source: str, senses: list[Entry], label: str = "") -> Mention:
    return Mention(span.start_char, span.end_char, fold(span_text(span)), source, senses, span_text(span), label)


def _with_source(mention: Mention, source: str) -> Mention:
    mention.source = source
    return mention


def _looks_like_name(span: Span) -> bool:
    return any(t.is_title or t.is_upper for t in span_tokens(span)) and any(c.isalpha() for c in span_text(span))


def _person_word(scan: _Scan, token: Token) -> bool:
    return token.lower_ in scan.person_words


def _strong(entry: Entry, floor: int) -> bool:
    """A country, state or region, or a town of at least ``floor`` people."""
    return entry.kind in ("country", "admin1", "region") or (entry.kind == "city" and entry.population >= floor)


def _place_context(scan: _Scan, span: Span) -> bool:
    """'in Panjshir', 'Panjshir province', 'province of Panjshir', 'the outskirts of Homs': the
    syntax says place."""
    doc, words = scan.doc, scan.words
    first, last = span[0], span[-1]
    before = doc[first.i - 1].lower_ if first.i > 0 else ""
    if before in words["locative_prepositions"] and before != "of":
        return True
    following = doc[last.i + 1].lower_ if last.i + 1 < len(doc) else ""
    if following in words["resident_nouns"]:
        return True
    return _kind_context(scan.doc, scan.words, span)


def _kind_context(doc: Doc, words: dict, span: Span) -> bool:
    """The words around the name say what kind of place it is: 'Goalpara district', 'the town of
    Tacuati', 'the coast of Tarifa', 'Khan Sheikhoun, a town in Idlib province', 'El-Arish,
    capital of north Sinai'. Strong enough to make a place of a name the gazetteer does not know."""
    first, last = span[0], span[-1]
    before = doc[first.i - 1].lower_ if first.i > 0 else ""
    following = doc[last.i + 1].lower_ if last.i + 1 < len(doc) else ""
    if following in words["kind_nouns"]:
        return True
    if first.i > 1 and before == "of" and (doc[first.i - 2].lower_ in words["kind_nouns"]
                                           or doc[first.i - 2].lower_ in words["relation_nouns"]):
        return True
    if following == ",":  # an appositive: ', a town in', ', the capital of', ', a small Syrian village'
        for token in doc[last.i + 2:min(len(doc), last.i + 5)]:
            if token.lower_ in words["kind_nouns"]:
                return token.dep_ != "compound"  # not 'X, the state department said'

            if not (token.pos_ in ("DET", "ADJ") or token.ent_type_ == "NORP"):
                break
    return False


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


def _heading(doc: Doc, tokens: Span) -> bool:
    """'PRETORIA: Fine and warm.', 'RICHARDS BAY: Cloudy': an upper-case name opening a line or
    a sentence and closed by a colon, as forecasts, timetables and listings head their items."""
    if not all(t.is_upper for t in tokens if t.is_alpha) or not any(t.is_alpha for t in tokens):
        return False
    return tokens.end < len(doc) and doc[tokens.end].text == ":" and (tokens[0].is_sent_start or _opens_line(doc, tokens.start))


def _in_slug(doc: Doc, start: int, end: int) -> bool:
    """Tokens [start, end) are a word of a wire slug, upper-case words joined by hyphens with no
    space ('RUGBY-IRELAND-SQUAD: Ireland name squad …'): a topic label, not a dateline."""
    def joined(i: int, j: int) -> bool:  # tokens i, '-', j written together
        return (0 <= i and j < len(doc) and doc[i + 1].text == "-" and not doc[i].whitespace_
                and not doc[i + 1].whitespace_ and doc[i].is_upper and doc[j].is_upper and doc[j].is_alpha)
    return joined(end - 1, end + 1) or joined(start - 2, start)


def _opens_line(doc: Doc, i: int) -> bool:
    """Token ``i`` starts the text, a line, or follows a full stop or colon."""
    if i == 0:
        return True
    before = doc[i - 1]
    return ("\n" in before.text or "\n" in before.whitespace_ or before.text in (".", ":", "!", "?")
            or before.is_space or before.text.endswith("."))  # 'C.  PRETORIA:' (a double space, 'C.')


def _wire_marker(doc: Doc, j: int) -> bool:
    """What follows a wire dateline: '(AP)', '(Reuters)', or ', April 5'."""
    if j + 2 < len(doc) and doc[j].text == "(" and doc[j + 1].text[:1].isupper() and doc[j + 2].text == ")":
        return True
    return j + 1 < len(doc) and doc[j].text == "," and doc[j + 1].lower_.rstrip(".") in MONTHS


def _capitalised(token: Token) -> bool:
    """Starts with a capital ('DeKalb', 'McMinn', which `str.istitle` rejects)."""
    return token.text[:1].isupper()


def _taken_tokens(scan: _Scan, mentions: list[Mention]) -> set[int]:
    taken: set[int] = set()
    for mention in mentions:
        span = scan.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        taken.update(range(span.start, span.end))
    return taken


def _without_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep the longest of overlapping mentions."""
    kept: list[Mention] = []
    # On a tie a listed site wins: "White House" is no alias of Casablanca (Dar el Beida) here.
    for mention in sorted(mentions, key=lambda m: (-(m.end - m.start), not m.site, m.start)):
        if not any(mention.start < k.end and k.start < mention.end for k in kept):
            kept.append(mention)
    return kept
