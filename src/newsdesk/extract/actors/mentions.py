"""Actor mentions: spaCy's entities, repaired where the small model is known to slip.

The small English model mislabels in regular ways on conflict news: titled people come out as
ORG ("General de Gaulle"), collective nouns as PERSON ("Mujahideen"), outlets as PERSON ("La
Règle"), and names with particles are cut short ("La Règle" for "La Règle du Jeu"). Each repair
here is a rule over the parse and a word list in ``knowledge/data/lexicon.yaml``, not a case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from spacy.tokens import Doc, Span

from ...knowledge import load_data
from ...nlp import doc_text, tokens

ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP", "WORK_OF_ART"}
QUOTE_MARKS = "“”\"'‘’«»„"


@dataclass
class Mention:
    """One mention of a would-be actor, with its label after repair."""

    start: int  # char offsets into doc.text
    end: int
    label: str  # PERSON, ORG, GPE, NORP, GROUP
    name: str  # the name without titles, articles and quotation marks
    token_start: int
    token_end: int
    titles: list[str] = field(default_factory=list)

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


def lexicon() -> dict:
    """The word lists of ``lexicon.yaml``, as sets where order does not matter."""
    data = load_data("lexicon.yaml")
    return {key: (set(value) if isinstance(value, list) else value) for key, value in data.items()}


def find_mentions(doc: Doc, publisher: Optional[tuple[int, int]] = None) -> list[Mention]:
    """Every actor mention in the document, in text order, with labels repaired.

    ``publisher`` is the char span of the publisher name in the byline; it becomes one ORG
    mention and the entities inside it are absorbed into it.
    """
    words = lexicon()
    mentions = _institution_phrases(doc)
    covered: set[int] = {i for m in mentions for i in range(m.token_start, m.token_end)}
    for ent in doc.ents:
        if ent.label_ not in ACTOR_LABELS:
            continue
        mention = _mention_from_entity(doc, ent, words)
        if mention is None or any(i in covered for i in range(mention.token_start, mention.token_end)):
            continue
        covered.update(range(mention.token_start, mention.token_end))
        mentions.extend(_split_at_slash(doc, mention))
    mentions.extend(_group_nouns(doc, covered, words))
    if publisher:
        mentions = _absorb_publisher(doc, mentions, publisher)
    locative = _locative_names(doc, mentions, words)
    mentions = [m for m in mentions if m.name.lower() not in locative]
    people = {i for m in mentions if m.label == "PERSON" for i in range(m.token_start, m.token_end)}
    mentions = [m for m in mentions if not _affiliation(doc, m, people, words)]
    return sorted(mentions, key=lambda m: m.start)


def _affiliation(doc: Doc, mention: Mention, people: set[int], words: dict) -> bool:
    """A state or an organisation that only qualifies a person: "Cuba's Foreign Minister X",
    "Labour Party leader X", "Turkey's president", "a UNHCR goodwill ambassador". The person is
    the actor there (the realnews guide counts the whole phrase as the person's occurrence, and a
    state acts only as subject or object); the name is the person's affiliation, not a mention of
    its own. Only pre-modifiers count, up to a singular role noun or a person's name: after a
    preposition ("leader of the Republican People's party", "Tsai Ing-wen of the Democratic
    Progressive party") or in brackets ("Sean Cronin (St Marys/Leinster)") the organisation is
    named for itself, and analysts record it."""
    if mention.label == "PERSON":
        return False
    token = doc[mention.token_end - 1]
    if _in_capitalised_title(token, words):
        return True
    for _ in range(5):
        if token.dep_ not in ("compound", "poss", "nmod", "amod"):
            return False
        head = token.head
        if head.i == token.i or mention.token_start <= head.i < mention.token_end:
            return False
        if head.i in people:
            return True
        if head.lower_ in words["role_nouns"] and head.tag_ in ("NN", "NNP"):
            return True
        if head.pos_ not in ("NOUN", "PROPN", "ADJ"):
            return False
        token = head
    return False


# Nouns that, modified by a state, a people or a leader, name an institution of its own: "US
# prosecutors", "Colombian authorities", "Egypt's army", "the Trump administration".
INSTITUTION_NOUNS = {"government", "authorities", "authority", "police", "forces", "force", "army", "military",
                     "prosecutors", "prosecutor", "administration", "court", "courts", "media", "navy", "troops",
                     "ministry", "embassy", "parliament", "intelligence", "regime", "officials", "judiciary",
                     "lawmakers", "legislature", "cabinet", "coalition"}
# Heads a leader's name may modify ("the Trump administration"), unlike "Trump supporters".
LEADER_INSTITUTIONS = {"government", "administration", "regime", "cabinet"}


def _institution_phrases(doc: Doc) -> list[Mention]:
    """A state, people or leader that modifies an institution noun, with the words between
    ('Mexican armed forces', 'Argentine Air Force', "Egypt's army"): one ORG mention, so the
    institution is an actor of its own, not a mention of the country."""
    found = []
    taken: set[int] = set()
    for ent in doc.ents:
        if ent.label_ not in ("GPE", "NORP", "PERSON") or ent.start in taken:
            continue
        last = doc[ent.end - 1]
        head = last.head
        if last.dep_ not in ("compound", "amod", "poss", "nmod") or not (ent.end <= head.i <= ent.end + 3):
            continue
        nouns = LEADER_INSTITUTIONS if ent.label_ == "PERSON" else INSTITUTION_NOUNS
        if head.lower_ not in nouns or head.pos_ not in ("NOUN", "PROPN"):
            continue
        if any(t.is_punct and t.text not in ("'s", "’s") for t in doc[ent.end:head.i]):
            continue
        end = head.i + 1
        found.append(Mention(ent.start_char, head.idx + len(head.text), "ORG",
                             _clean_name(doc[ent.start:end].text), ent.start, end))
        taken.update(range(ent.start, end))
    return found


def _in_capitalised_title(token, words: dict) -> bool:
    """'Secretary of State Hillary Clinton', 'Minister of Forests, Lands and Rural Development':
    the name after 'of' in a capitalised title is part of the title, not a body of its own."""
    while token.dep_ == "conj" and token.head.i < token.i:
        token = token.head
    if token.dep_ != "pobj" or token.head.lower_ != "of":
        return False
    title = token.head.head
    return title.is_title and (title.lower_ in words["titles"] or title.lower_ in words["role_nouns"])


def _mention_from_entity(doc: Doc, ent: Span, words: dict) -> Optional[Mention]:
    start, end = ent.start, _extend_particles(doc, ent.end, words)
    label = ent.label_
    if label == "WORK_OF_ART":
        # 'son of “Ahmad Shah Massoud”': a quoted name after a kin noun is a person, not a title.
        if not _after_kin_of(doc, start, words):
            return None
        label = "PERSON"
    if label == "PERSON":
        start = _extend_given_names(doc, start, words)
    # Leading "the" and quotation marks are not part of the name.
    while start < end and (doc[start].lower_ == "the" or doc[start].text in QUOTE_MARKS):
        start += 1
    while end > start and (doc[end - 1].text in QUOTE_MARKS or doc[end - 1].text in ("'s", "’s")):
        end -= 1
    if start >= end:
        return None
    if label == "GPE" and any(t.lower_ == "for" and t.is_lower for t in doc[start:end]):
        label = "ORG"  # 'Syrian Observatory for Human Rights': no state is named 'for'
    if label in ("ORG", "PERSON") and _organisation_shaped(doc[start:end], words):
        titles, name_start, label = [], start, "ORG"  # 'Justice Department': no title, no person
    else:
        titles, name_start = _titles(doc, start, end, words)
    if titles and label in ("ORG", "PERSON") and name_start < end:
        label = "PERSON"
    name = doc[name_start:end].text if name_start < end else doc[start:end].text
    name = _clean_name(name)
    lowered = name.lower()
    if lowered in words["not_actors"]:
        return None
    if lowered in words["group_nouns"]:
        label = "GROUP"
    elif label == "NORP":
        if not _is_collective(doc[end - 1]):
            return None  # a demonym used as an adjective ("Afghan province") is no actor
        label = "GROUP"
    elif label == "PERSON" and _after_outlet_noun(doc, start, words):
        label = "ORG"
    elif label == "ORG" and not titles and not _organisation_shaped(doc[start:end], words) \
            and _beside_person_noun(doc, start, end, words):
        label = "PERSON"
    if not re.search(r"[A-Za-z\u00c0-\u024f\u0600-\u06ff]", name):
        return None
    if _debris(doc, start, end, name, label):
        return None
    first = min(start, name_start, _lead_title_start(doc, start, words))
    return Mention(doc[first].idx, doc[end - 1].idx + len(doc[end - 1].text), label, name, first, end, titles)


def _beside_person_noun(doc: Doc, start: int, end: int, words: dict) -> bool:
    """'her daughter, Nadine Peiffer Wethington', 'a militia spokesman, Nureddine Mehmud', "Mexico's
    president-elect, Enrique Pena Nieto": an unfamiliar name the model tagged ORG, set off by a
    comma right after a lower-case role or kin noun (or in apposition to one), names a person.
    Organisation-shaped names ('the Acme Holding Company') never get here."""
    people = words["role_nouns"] | set(words["kinship"]) | {r for rs in words["kinship"].values() for r in rs}
    if start >= 2 and doc[start - 1].text == ",":
        noun = doc[start - 2]
        if noun.lower_ == "elect" and start >= 4 and doc[start - 3].text == "-":
            noun = doc[start - 4]  # 'president-elect'
        if noun.is_lower and noun.pos_ == "NOUN" and noun.lemma_.lower() in people | {"wife", "husband"}:
            return True
    root = doc[end - 1]
    return root.dep_ == "appos" and root.head.is_lower and root.head.lemma_.lower() in people


def _split_at_slash(doc: Doc, mention: Mention) -> list[Mention]:
    """'Clontarf/Leinster', 'Dublin University/Leinster' (a player's club and province): two
    names joined by a slash are two mentions, so 'Leinster' is one record across the list."""
    cuts = [i for i in range(mention.token_start + 1, mention.token_end - 1) if doc[i].text == "/"]
    if len(cuts) != 1 or mention.label == "PERSON":
        return [mention]
    cut = cuts[0]
    parts = [(mention.token_start, cut), (cut + 1, mention.token_end)]
    if not all(doc[a].is_title or doc[a].is_upper for a, _ in parts):
        return [mention]
    return [Mention(doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text), mention.label,
                    _clean_name(doc[a:b].text), a, b) for a, b in parts]


_INNER_FUNCTION_WORDS = {"of", "for", "and"}


def _organisation_shaped(span: Span, words: dict) -> bool:
    """A name that ends in an organisation word ('Justice Department', 'Justice and Development
    party') or joins capitalised words with 'of/for/and' ('Queen Mary University of London',
    'Syrian Observatory for Human Rights'): an organisation, whose first word ('Justice', 'Queen')
    is no title and whose label PERSON is the model's slip."""
    if len(span) < 2:
        return False
    if span[-1].lower_ in words["organization_words"] and span[0].is_title:
        return True
    inner = [t for t in span[1:-1] if t.lower_ in _INNER_FUNCTION_WORDS and t.is_lower]
    return bool(inner) and span[0].is_title and span[-1].is_title and len(span) >= 3


_TRAILING_FUNCTION_WORDS = {"of", "the", "and", "for", "in", "on", "at", "to", "by", "with"}


def _debris(doc: Doc, start: int, end: int, name: str, label: str) -> bool:
    """Entity spans that are no name: a fragment cut after a possessive ('s Cross'), one ending
    in a function word ('Photographs of'), or a capitalised plural common noun the model took
    for a person at a line or sentence start ('Forwards', 'Trains')."""
    words = name.split()
    if not words or words[-1].lower() in _TRAILING_FUNCTION_WORDS or re.match(r"^[a-z]\s", name):
        return True
    return label == "PERSON" and end - start == 1 and doc[start].tag_ == "NNS"


def _lead_title_start(doc: Doc, start: int, words: dict) -> int:
    """Include a capitalised title before the name in the mention ('Commander Massoud')."""
    while start > 0 and _title_at(doc, start - 1, words) and doc[start - 1].is_title:
        start -= 1
    return start


def _after_kin_of(doc: Doc, start: int, words: dict) -> bool:
    i = start - 1
    while i >= 0 and doc[i].text in QUOTE_MARKS:
        i -= 1
    return i >= 1 and doc[i].lower_ == "of" and doc[i - 1].lower_ in words["kinship"]


def _extend_given_names(doc: Doc, start: int, words: dict) -> int:
    """'Leyla Haddad' tagged as just 'Haddad': take capitalised proper nouns right before a person."""
    while start > 0:
        before = doc[start - 1]
        if not (before.pos_ == "PROPN" and before.is_title and before.ent_type_ in ("", "PERSON")
                and before.lower_ not in words["titles"] and before.whitespace_ and not before.is_sent_start
                or (before.pos_ == "PROPN" and before.is_title and before.is_sent_start
                    and before.lower_ not in words["titles"] and before.ent_type_ in ("", "PERSON"))):
            break
        start -= 1
    return start


def _extend_particles(doc: Doc, end: int, words: dict) -> int:
    """'Charles de Gaulle', 'La Règle du Jeu': take particle + capitalised word after the entity."""
    while end + 1 < len(doc) and doc[end].lower_ in words["name_particles"] and doc[end + 1].is_title \
            and doc[end].whitespace_:
        end += 2
    return end


def _titles(doc: Doc, start: int, end: int, words: dict) -> tuple[list[str], int]:
    """Titles inside the entity's first tokens or just before it ('President Ashraf Ghani')."""
    titles: list[str] = []
    name_start = start
    while name_start < end - 1 and _title_at(doc, name_start, words):
        titles.append(doc[name_start].text)
        name_start += 1
    before = start - 1
    lead: list[str] = []
    while before >= 0 and _title_at(doc, before, words) and doc[before].is_title:
        lead.insert(0, doc[before].text)
        before -= 1
    return lead + titles, name_start


def _title_at(doc: Doc, i: int, words: dict) -> bool:
    return doc[i].lower_ in words["titles"]


def _clean_name(name: str) -> str:
    name = name.strip(QUOTE_MARKS + " ,;:")
    return re.sub(r"\s+", " ", name)


def _is_collective(token) -> bool:
    """A plural noun use ('Afghans', 'the French') rather than an adjective ('Afghan province')."""
    if token.dep_ in ("amod", "compound") and token.head.i != token.i and token.head.pos_ in ("NOUN", "PROPN"):
        return False
    return token.tag_ in ("NNPS", "NNS") or token.lower_.endswith("s") or token.dep_ in ("nsubj", "dobj", "pobj")


def _after_outlet_noun(doc: Doc, start: int, words: dict) -> bool:
    return start > 0 and doc[start - 1].lower_ in words["outlet_nouns"]


def _group_nouns(doc: Doc, covered: set[int], words: dict) -> list[Mention]:
    """Capitalised collective nouns NER did not tag ('Mujahideen brothers')."""
    found = []
    for token in tokens(doc):
        if token.i in covered or not token.is_title or token.lower_ not in words["group_nouns"]:
            continue
        found.append(Mention(token.idx, token.idx + len(token.text), "GROUP", token.text, token.i, token.i + 1))
    return found


def _absorb_publisher(doc: Doc, mentions: list[Mention], span: tuple[int, int]) -> list[Mention]:
    start, end = span
    tokens = doc.char_span(start, end, alignment_mode="expand")
    kept = [m for m in mentions if m.end <= start or m.start >= end]
    if tokens is not None:
        kept.append(Mention(start, end, "ORG", doc_text(doc)[start:end], tokens.start, tokens.end))
    return kept


def _locative_names(doc: Doc, mentions: list[Mention], words: dict) -> set[str]:
    """One-word ORG/PERSON names used as places ('in Panjshir') are places in the whole document."""
    names = set()
    for m in mentions:
        if m.label not in ("ORG", "PERSON") or m.token_end - m.token_start != 1 or m.titles:
            continue
        token = doc[m.token_start]
        head = token.head
        if token.dep_ == "pobj" and head.lower_ in words["locative_prepositions"] and not token.is_upper:
            names.add(m.name.lower())
    return names
