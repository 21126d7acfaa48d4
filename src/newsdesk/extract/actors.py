"""Actors: cluster mentions into real-world actors, give them roles, and resolve pronouns.

The cascade:
1. mentions (``mentions.find_mentions``) are keyed: persons by their name tokens, organisations
   and groups by their normalised name, countries by ISO code;
2. full person names are anchors. A shorter name joins an anchor only when its tokens are a
   contiguous run of the anchor's ("Massoud" in "Ahmad Massoud"), so "Ahmad Massoud" never joins
   "Ahmad Shah Massoud";
3. a short name that fits several anchors is resolved by kinship ("My father, Commander Massoud"
   in Ahmad Massoud's own statement, where he is "son of Ahmad Shah Massoud"), else by salience
   (the anchor mentioned last before it);
4. roles come from titles and appositions;
5. pronouns are attached by ``ActorIndex.attach_first_person`` and ``resolve_pronoun``.
"""

from __future__ import annotations

from functools import lru_cache

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

import pycountry
from spacy.tokens import Doc, Token

from ..model import Actor
from ..nlp import children, doc_text, sentences as all_sentences
from .mentions import Mention, lexicon

Span = tuple[int, int]
# Maps an offset to the mention span naming the voice that speaks there (None outside statements).
SpeakerLookup = Callable[[int], Optional[Span]]
TYPE_OF_LABEL = {"PERSON": "person", "ORG": "organization", "GROUP": "group", "NORP": "group", "GPE": "country"}
FIRST_PERSON = {"i", "me", "my", "mine", "myself"}
THIRD_PERSON = {"he": "person", "him": "person", "his": "person", "she": "person", "her": "person",
                "they": "collective", "them": "collective", "their": "collective", "it": "organization", "its": "organization"}


@dataclass
class ActorDraft:
    """An actor while it is being built; ``to_model`` gives the contract record."""

    key: str
    type: str
    mentions: list[Mention] = field(default_factory=list)
    extra_spans: list[Span] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    name: str = ""
    country: Optional[str] = None

    def surfaces(self) -> list[str]:
        return [m.name for m in self.mentions]

    def to_model(self, actor_id: str, text: str) -> Actor:
        spans = sorted({m.span for m in self.mentions} | set(self.extra_spans))
        # Aliases are names; pronouns and 'my father' are mentions but not names.
        aliases = sorted({text[m.start:m.end] for m in self.mentions} - {self.name}, key=lambda a: (a.lower(), a))
        return Actor(id=actor_id, name=self.name, type=self.type, aliases=aliases,
                     mentions=[list(s) for s in spans], roles=_unique(self.roles))


class ActorIndex:
    """The document's actors, and the mapping from any text span back to an actor id."""

    def __init__(self, doc: Doc, drafts: list[ActorDraft]):
        self.doc = doc
        self.text = doc_text(doc)
        self.drafts = drafts
        self.ids = _assign_ids(drafts)

    def actor_at(self, span: Optional[Span]) -> Optional[str]:
        """The actor with a mention overlapping ``span`` (the longest overlap wins)."""
        if not span:
            return None
        best, best_overlap = None, 0
        for draft, actor_id in zip(self.drafts, self.ids):
            for start, end in [m.span for m in draft.mentions] + draft.extra_spans:
                overlap = min(end, span[1]) - max(start, span[0])
                if overlap > best_overlap:
                    best, best_overlap = actor_id, overlap
        return best

    def draft(self, actor_id: Optional[str]) -> Optional[ActorDraft]:
        return next((d for d, i in zip(self.drafts, self.ids) if i == actor_id), None)

    def add_mention(self, actor_id: str, span: Span) -> None:
        draft = self.draft(actor_id)
        if draft is not None and span not in draft.extra_spans:
            draft.extra_spans.append(span)

    def attach_first_person(self, actor_id: Optional[str], region: Span) -> None:
        """Inside a statement or quote, 'I', 'me', 'my' are mentions of its speaker."""
        if actor_id is None:
            return
        for token in self.doc.char_span(*region, alignment_mode="expand") or []:
            if token.lower_ in FIRST_PERSON and token.pos_ == "PRON":
                self.add_mention(actor_id, (token.idx, token.idx + len(token.text)))

    def actor_named(self, name: str) -> Optional[str]:
        """The one person whose name contains ``name`` as a run of tokens ('Polk' in 'Anja Polk')."""
        tokens = _tokens(name)
        fits = [i for d, i in zip(self.drafts, self.ids)
                if d.type == "person" and any(_contiguous(tokens, _tokens(n)) for n in [d.name, *d.surfaces()])]
        return fits[0] if len(fits) == 1 else None

    def attach_third_person(self, regions: list[Span]) -> None:
        """'he', 'she', 'his', 'her' in ``regions`` become mentions of a clear antecedent."""
        for start, end in regions:
            for token in self.doc.char_span(start, end, alignment_mode="expand") or []:
                if token.pos_ == "PRON" and THIRD_PERSON.get(token.lower_) == "person":
                    span = (token.idx, token.idx + len(token.text))
                    actor_id = self.resolve_pronoun(span)
                    if actor_id:
                        self.add_mention(actor_id, span)

    def resolve_pronoun(self, span: Span) -> Optional[str]:
        """A third-person pronoun's antecedent, only when one candidate is clearly it."""
        token = _token_at(self.doc, span[0])
        if token is None or token.lower_ not in THIRD_PERSON:
            return self.actor_at(span)
        wanted = THIRD_PERSON[token.lower_]
        sentences = _preceding_sentences(self.doc, token, 3)
        for sent_start, sent_end in sentences:
            candidates = self._actors_between(sent_start, min(sent_end, token.idx), wanted)
            if len(candidates) == 1:
                return candidates[0]
            if len(candidates) > 1:
                # Centering: a pronoun most often continues the subject of the sentence before.
                subjects = self._subjects_between(sent_start, min(sent_end, token.idx), candidates)
                return subjects[0] if len(subjects) == 1 else None
        return None

    def _subjects_between(self, start: int, end: int, candidates: list[str]) -> list[str]:
        found = []
        for draft, actor_id in zip(self.drafts, self.ids):
            if actor_id not in candidates:
                continue
            for m in draft.mentions:
                head = self.doc[m.token_end - 1]
                if start <= m.start < end and _is_subject(head) and actor_id not in found:
                    found.append(actor_id)
        return found

    def _actors_between(self, start: int, end: int, wanted: str) -> list[str]:
        found: list[str] = []
        for draft, actor_id in zip(self.drafts, self.ids):
            if not _type_fits(draft.type, wanted):
                continue
            if any(start <= m.start < end for m in draft.mentions) and actor_id not in found:
                found.append(actor_id)
        return found

    def add_actor(self, name: str, actor_type: str, span: Span) -> str:
        """An actor the text names only by a description ('a source', 'officials'), for a quote."""
        key = f"{actor_type}:{name.lower()}"
        for draft, actor_id in zip(self.drafts, self.ids):
            if draft.key == key:
                self.add_mention(actor_id, span)
                return actor_id
        draft = ActorDraft(key, actor_type, extra_spans=[span], name=name)
        self.drafts.append(draft)
        self.ids = self.ids + [_assign_ids(self.drafts)[-1]]
        return self.ids[-1]

    def actors(self) -> list[Actor]:
        return [d.to_model(i, self.text) for d, i in zip(self.drafts, self.ids)]


def build_actors(doc: Doc, mentions: list[Mention], voice_speaker: SpeakerLookup) -> ActorIndex:
    """Cluster mentions into actors and give them roles. ``voice_speaker`` maps an offset to the
    mention span that names the voice speaking there (for 'my father' inside a statement)."""
    words = lexicon()
    drafts, pending = _cluster(mentions, words)
    for draft in drafts:
        draft.roles.extend(_roles(doc, draft, words))
    index = ActorIndex(doc, drafts)
    for mention, candidates in pending:
        chosen = _by_kinship(doc, mention, candidates, index, voice_speaker, words) or _by_salience(mention, candidates)
        chosen.mentions.append(mention)
        chosen.roles.extend(_roles_of_mention(doc, mention, words))
    for draft in drafts:
        draft.name = _canonical_name(draft)
    index.drafts = drafts = [d for d in drafts if _acts(doc, d)]
    index.ids = _assign_ids(drafts)
    return index


def _acts(doc: Doc, draft: ActorDraft) -> bool:
    """A city or region is an actor only where it acts ('Moscow said'); otherwise it is a place."""
    if draft.type != "other" or not draft.key.startswith("place:"):
        return True
    return any(doc[m.token_end - 1].dep_ in ("nsubj", "nsubjpass") for m in draft.mentions)


def _cluster(mentions: list[Mention], words: dict) -> tuple[list[ActorDraft], list[tuple[Mention, list[ActorDraft]]]]:
    """Group mentions by key; return the drafts and the ambiguous short person names."""
    drafts: dict[str, ActorDraft] = {}
    people = [m for m in mentions if m.label == "PERSON"]
    anchors = _person_anchors(people)
    pending: list[tuple[Mention, list[ActorDraft]]] = []
    for mention in mentions:
        if mention.label == "PERSON":
            fits = [a for a in anchors if _contiguous(_tokens(mention.name), _tokens(a))]
            if len(fits) > 1 and _tokens(mention.name) not in [_tokens(a) for a in fits]:
                pending.append((mention, fits))
                continue
            key = "person:" + (max(fits, key=len) if fits else mention.name).lower()
            draft = drafts.setdefault(key, ActorDraft(key, "person"))
        else:
            key, actor_type, country = _key_of(mention, words)
            draft = drafts.setdefault(key, ActorDraft(key, actor_type, country=country))
        draft.mentions.append(mention)
    resolved = [(m, [drafts["person:" + a.lower()] for a in fits]) for m, fits in pending]
    return list(drafts.values()), resolved


def _person_anchors(people: list[Mention]) -> list[str]:
    """Full names: person names not contained, as a contiguous run, in a longer person name."""
    names = sorted({m.name for m in people}, key=lambda n: -len(_tokens(n)))
    anchors: list[str] = []
    for name in names:
        if not any(_contiguous(_tokens(name), _tokens(a)) for a in anchors):
            anchors.append(name)
    return anchors


@lru_cache(maxsize=8192)
def _tokens(name: str) -> tuple[str, ...]:
    """Lower-cased words of a name; cached, since clustering compares every pair of names."""
    return tuple(t.lower().strip(".") for t in re.findall(r"[\w.'’-]+", name))


def _contiguous(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    n = len(short)
    return n > 0 and any(long[i:i + n] == short for i in range(len(long) - n + 1))


def _key_of(mention: Mention, words: dict) -> tuple[str, str, Optional[str]]:
    """Organisations, groups and countries cluster by normalised name or ISO code."""
    name = re.sub(r"^(the)\s+", "", mention.name, flags=re.IGNORECASE)
    if mention.label == "GPE":
        code = country_code(name, words)
        if code:
            return "country:" + code, "country", code
        return "place:" + name.lower(), "other", None
    actor_type = TYPE_OF_LABEL.get(mention.label, "other")
    key = name.lower()
    if actor_type == "group":
        key = re.sub(r"[’']?s$", "", key)  # 'Muslims' and 'Muslim' name the same group
    return f"{actor_type}:{key}", actor_type, None


def country_code(name: str, words: Optional[dict] = None) -> Optional[str]:
    """ISO 3166-1 alpha-2 code of a country name ('US', 'the United States', 'Britain')."""
    words = words or lexicon()
    lowered = name.lower().strip()
    alias = words["country_aliases"].get(lowered) or words["country_aliases"].get(re.sub(r"^the ", "", lowered))
    if alias:
        return alias
    try:
        return pycountry.countries.lookup(re.sub(r"^the ", "", name, flags=re.IGNORECASE)).alpha_2
    except LookupError:
        return None


def country_name(code: str) -> str:
    """The common English name of an ISO alpha-2 code (historic codes included)."""
    override = lexicon()["country_names"].get(code)
    if override:
        return override
    country = pycountry.countries.get(alpha_2=code)
    if country is not None:
        return getattr(country, "common_name", None) or country.name
    historic = next((c for c in pycountry.historic_countries if getattr(c, "alpha_2", None) == code), None)
    return historic.name.split(",")[0] if historic else code


def _by_kinship(doc: Doc, mention: Mention, candidates: list[ActorDraft], index: ActorIndex,
                voice_speaker: SpeakerLookup, words: dict) -> Optional[ActorDraft]:
    """'My father, Commander Massoud' in a voice whose speaker is 'son of Ahmad Shah Massoud'."""
    for noun, possessor in _kin_nouns(doc, mention, words):
        if possessor.lower_ not in ("my", "our"):
            continue
        speaker_span = voice_speaker(mention.start)
        speaker = index.draft(index.actor_at(speaker_span))
        if speaker is None:
            continue
        inverse = words["kinship"].get(noun.lower_, [])
        for role in speaker.roles:
            match = re.match(r"(\w+) of (.+)$", role)
            if match and match.group(1).lower() in inverse:
                related = _tokens(match.group(2))
                for candidate in candidates:
                    if candidate is not speaker and any(_tokens(n) == related for n in candidate.surfaces()):
                        index.add_mention(index.ids[index.drafts.index(candidate)], _np_span(noun))
                        candidate.roles.append(f"{noun.lower_} of {_canonical_name(speaker)}")
                        return candidate
    return None


def _kin_nouns(doc: Doc, mention: Mention, words: dict) -> Iterable[tuple[Token, Token]]:
    """Kin nouns in apposition with the mention, each with its possessive determiner."""
    for token in _appositive_chain(doc[mention.token_end - 1]):
        if token.lower_ in words["kinship"]:
            for child in children(token):
                if child.dep_ == "poss":
                    yield token, child


def _by_salience(mention: Mention, candidates: list[ActorDraft]) -> ActorDraft:
    """The candidate mentioned last before the mention, else the first one mentioned after it."""
    def last_before(draft: ActorDraft) -> int:
        return max((m.start for m in draft.mentions if m.start < mention.start), default=-1)
    best = max(candidates, key=last_before)
    if last_before(best) >= 0:
        return best
    return min(candidates, key=lambda d: min((m.start for m in d.mentions), default=1 << 30))


def _appositive_chain(head: Token) -> list[Token]:
    """Tokens linked to ``head`` by apposition, in either direction, excluding ``head``."""
    seen, frontier = {head.i}, [head]
    chain = []
    while frontier:
        token = frontier.pop()
        linked = [c for c in children(token) if c.dep_ == "appos"]
        if token.dep_ == "appos":
            linked.append(token.head)
        for other in linked:
            if other.i not in seen:
                seen.add(other.i)
                chain.append(other)
                frontier.append(other)
    return chain


def _roles(doc: Doc, draft: ActorDraft, words: dict) -> list[str]:
    roles: list[str] = []
    for mention in draft.mentions:
        roles.extend(_roles_of_mention(doc, mention, words))
    return roles


def _roles_of_mention(doc: Doc, mention: Mention, words: dict) -> list[str]:
    """Titles ('President') and appositions ('son of Ahmad Shah Massoud', 'national hero')."""
    roles = [t for t in mention.titles if t.lower() not in words["honorifics"]]
    head = doc[mention.token_end - 1]
    for token in _appositive_chain(head):
        if token.i in range(mention.token_start, mention.token_end) or token.ent_type_ in ("PERSON", "GPE"):
            continue
        if token.lower_ in words["kinship"] and any(c.dep_ == "poss" for c in children(token)):
            continue  # 'my father': resolved to a relation by kinship, not a role on its own
        phrase = _role_phrase(token)
        if phrase:
            roles.append(phrase)
    return roles


def _role_phrase(token: Token) -> Optional[str]:
    """The appositive's noun phrase without determiners, possessives, quotes or other appositions."""
    skip = {t.i for c in children(token) if c.dep_ in ("appos", "punct", "relcl", "acl") for t in c.subtree}
    words = [t for t in token.subtree if t.i not in skip and t.dep_ not in ("det", "poss", "punct")]
    words = [t for t in words if t.text not in "“”\"‘’«»"]
    if not words or token.pos_ not in ("NOUN", "PROPN"):
        return None
    if not any(t.is_alpha and len(t.text) > 2 for t in words):
        return None  # '(s.a.w.s.)' and other parenthetical formulae are not roles
    text = " ".join(t.text for t in words)
    text = re.sub(r"(?<!\s)\s+([,.])", r"\1", text).strip(" ,")
    return text if 1 <= len(text.split()) <= 10 else None


def _np_span(noun: Token) -> Span:
    left = min(t.i for t in noun.subtree if t.dep_ in ("poss", "det", "amod", "compound") or t.i == noun.i)
    first = noun.doc[left]
    return (first.idx, noun.idx + len(noun.text))


def _canonical_name(draft: ActorDraft) -> str:
    if draft.type == "country" and draft.country:
        return country_name(draft.country)
    names = draft.surfaces()
    if not names:
        return draft.key.split(":", 1)[1]
    if draft.type == "person":
        return max(names, key=lambda n: (len(_tokens(n)), names.count(n), -names.index(n)))
    return max(names, key=lambda n: (names.count(n), len(n)))


def _assign_ids(drafts: list[ActorDraft]) -> list[str]:
    """Readable, stable ids: an ASCII slug of the canonical name, numbered on a clash."""
    ids: list[str] = []
    for draft in drafts:
        ascii_name = unicodedata.normalize("NFKD", draft.name or draft.key).encode("ascii", "ignore").decode()
        slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "actor"
        candidate, n = slug, 2
        while candidate in ids:
            candidate, n = f"{slug}-{n}", n + 1
        ids.append(candidate)
    return ids


def _is_subject(token: Token) -> bool:
    """A subject, or a name in apposition to one ('Valmora's chief negotiator, Tomas Reyes, said')."""
    if token.dep_ in ("nsubj", "nsubjpass"):
        return True
    return token.dep_ == "appos" and token.head.dep_ in ("nsubj", "nsubjpass")


def _type_fits(actor_type: str, wanted: str) -> bool:
    if wanted == "person":
        return actor_type == "person"
    if wanted == "collective":
        return actor_type in ("group", "organization", "country")
    return actor_type in ("organization", "country")


def _token_at(doc: Doc, offset: int) -> Optional[Token]:
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _preceding_sentences(doc: Doc, token: Token, count: int) -> list[Span]:
    """Char ranges to search for an antecedent: this sentence up to the token, then earlier ones."""
    sentences = all_sentences(doc)
    here = next(i for i, s in enumerate(sentences) if s.start <= token.i < s.end)
    ranges = [(sentences[here].start_char, token.idx)]
    for i in range(here - 1, max(-1, here - 1 - count), -1):
        ranges.append((sentences[i].start_char, sentences[i].end_char))
    return ranges


def _unique(items: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        if item and item.lower() not in {s.lower() for s in seen}:
            seen[item] = None
    return list(seen)
