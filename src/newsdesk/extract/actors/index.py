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

from ...model import Actor
from ...nlp import children, doc_text, sentences as all_sentences
from .aliases import merge_aliases
from .cataphora import person_named_next
from .kinds import (MOTION_VERBS, listed_as_place, lower_case_word, named_as_place, retype_lower_case,
                    thing_qualifier, title_alone)
from .mentions import Mention, lexicon

Span = tuple[int, int]
# Maps an offset to the mention span naming the voice that speaks there (None outside statements).
SpeakerLookup = Callable[[int], Optional[Span]]
TYPE_OF_LABEL = {"PERSON": "person", "ORG": "organization", "GROUP": "group", "NORP": "group", "GPE": "country"}
# Dependencies that make a place or an agency act or be acted upon.
ACTING_DEPS = {"nsubj", "nsubjpass", "dobj", "iobj", "dative", "agent"}
ACTING_PREPOSITIONS = {"by", "against", "with", "between", "toward", "towards"}
# News agencies whose name in a story is a credit ("(AFP)", "ANA Sports Reporter"), not an actor.
WIRE_AGENCIES = {"afp", "ap", "reuters", "ana", "sapa", "sapa-afp", "xinhua", "pti", "ians", "uni", "tass",
                 "ria novosti", "anadolu", "bernama", "efe", "dpa", "ansa", "kyodo", "yonhap", "irna",
                 "associated press", "agence france-presse", "press trust of india", "ani"}
# Last words that make a name a law or a text, never an actor.
LAW_WORDS = {"act", "law", "bill", "treaty", "accord", "accords", "convention", "resolution", "amendment",
             "code", "constitution", "charter", "decree", "ordinance", "protocol"}
# Last words that make a name a site: a place unless it acts.
SITE_WORDS = {"station", "hospital", "centre", "center", "cottage", "airport", "prison", "stadium", "hotel",
              "street", "road", "square", "bridge", "mosque", "church", "temple", "court", "park", "camp",
              "market", "port", "harbour", "harbor", "palace", "cathedral", "building", "tower", "mall",
              "st", "st.", "avenue", "ave", "ave.", "rd", "rd.", "boulevard", "terminal", "lane"}
# Words that make a capitalised name an organisation's, never a mistyped person's.
ORGANISATION_WORDS = {"state", "party", "army", "group", "council", "company", "bank", "front", "force", "forces",
                      "union", "ministry", "department", "agency", "police", "court", "office", "news", "times",
                      "post", "press", "network", "movement", "brigade", "committee", "university", "institute"}
# Definite descriptions that stand for the organisation just named ("the company said").
ORGANISATION_NOUNS = {"company", "group", "firm", "organisation", "organization", "agency", "corporation",
                      "ministry", "department", "party", "movement", "bank", "council", "commission"}
# Nouns through which a state acts when its name modifies them.
AGENT_NOUNS = {"ally", "force", "troop", "army", "military", "government", "official", "soldier", "embassy",
               "president", "minister", "navy", "police", "authority", "leader", "administration", "regime"}
# Institutions that 'the <noun>' names when the text has named exactly one ('the police').
INSTITUTION_HEADS = {"police", "government", "army", "military", "regime", "administration", "navy", "judiciary"}
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
        if fits:
            return fits[0] if len(fits) == 1 else None
        return self._mistyped_person(name)

    def _mistyped_person(self, surname: str) -> Optional[str]:
        """'Malila said' after 'Brigadier Neville Malila', which the model tagged ORG: a surname
        used alone as a speaker that ends exactly one two- or three-word name of capitalised
        words (no organisation word among them) makes that record a person."""
        if not surname.istitle() or " " in surname.strip():
            return None
        fits = []
        for draft, actor_id in zip(self.drafts, self.ids):
            if draft.type not in ("organization", "other"):
                continue
            for m in draft.mentions:
                words = m.name.split()
                if 2 <= len(words) <= 3 and words[-1] == surname and all(w.istitle() and w.isalpha() for w in words) \
                        and not any(w.lower() in ORGANISATION_WORDS for w in words):
                    fits.append((draft, actor_id))
                    break
        if len(fits) != 1:
            return None
        fits[0][0].type = "person"
        return fits[0][1]

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

    def resolve_speaker_pronoun(self, span: Span, exclude: Optional[Span] = None) -> Optional[str]:
        """The antecedent of the pronoun that names a quote's speaker ("..., he said").

        Salience, as news writing uses it: in the nearest sentence (this one up to the pronoun, then up to three before) that
        mentions an actor of the pronoun's kind outside the quote itself, the nearest subject,
        else the nearest mention. Names inside the quote (``exclude``) are what the speaker talks
        about, never the speaker."""
        token = _token_at(self.doc, span[0])
        if token is None or token.lower_ not in THIRD_PERSON:
            return self.actor_at(span)
        return self._salient(span[0], THIRD_PERSON[token.lower_], exclude)

    def _salient(self, offset: int, wanted: str, exclude: Optional[Span]) -> Optional[str]:
        """The actor of kind ``wanted`` that salience picks before ``offset`` (see above)."""
        token = _token_at(self.doc, offset)
        if token is None:
            return None
        for sent_start, sent_end in _preceding_sentences(self.doc, token, 3):
            found = self._mentions_between(sent_start, min(sent_end, token.idx), wanted, exclude)
            if not found:
                continue
            if len({actor_id for _s, actor_id, _subj in found}) == 1:
                return found[0][1]
            subjects = [item for item in found if item[2]]
            return max(subjects or found)[1]
        return None

    def _mentions_between(self, start: int, end: int, wanted: str,
                          exclude: Optional[Span]) -> list[tuple[int, str, bool]]:
        found = []
        for draft, actor_id in zip(self.drafts, self.ids):
            if not _type_fits(draft.type, wanted):
                continue
            for m in draft.mentions:
                if start <= m.start < end and not (exclude and exclude[0] <= m.start < exclude[1]):
                    found.append((m.start, actor_id, _is_subject(self.doc[m.token_end - 1])))
            # Speaker mentions linked earlier ('Malila said ...') count too; pronouns do not.
            for s, e in draft.extra_spans:
                if start <= s < end and not (exclude and exclude[0] <= s < exclude[1]):
                    last = _token_at(self.doc, max(s, e - 1))
                    if last is not None and last.pos_ != "PRON":
                        found.append((s, actor_id, _is_subject(last)))
        return found

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

    def actor_with_role(self, description: str, span: Optional[Span] = None,
                        exclude: Optional[Span] = None) -> Optional[str]:
        """The one person whose title or apposition the definite description names ("the
        minister", "the Foreign Minister" after "Foreign Minister Felipe Perez Roque"); None when
        no person or several fit, or the description is indefinite ("a police spokesman" stays a
        described source)."""
        words = description.lower().split()
        state, words = _state_qualifier(words)
        if len(words) < 2 or words[0] != "the":
            return None
        wanted = " ".join(words[1:])
        fits = set()
        for draft, actor_id in zip(self.drafts, self.ids):
            if draft.type != "person":
                continue
            if state and state not in _states_of(self.doc, draft):
                continue  # 'the Turkish president' is not Syria's president
            roles = {" ".join(m.titles).lower() for m in draft.mentions if m.titles} | {r.lower() for r in draft.roles}
            if any(r and (r == wanted or r.endswith(" " + wanted) or wanted.endswith(" " + r)
                          or r.split(" of ")[0].split()[-1:] == wanted.split()[-1:]) for r in roles):
                fits.add(actor_id)
        if len(fits) == 1:
            return next(iter(fits))
        if not fits and span is not None and len(wanted.split()) == 1:
            named = person_named_next(self, span, wanted, state, lexicon()["role_nouns"])
            if named is not None:
                return named  # "Iraq's president has hit back ..." then "Barham Salih told ..."
        if not fits and span is not None and wanted.split()[-1] in ORGANISATION_NOUNS:
            # 'the company said' after 'GlaxoSmithKline ...': read like 'it', the nearest organisation.
            return self._salient(span[0], "organization", exclude)
        return None

    def add_actor(self, name: str, actor_type: str, span: Span) -> str:
        """An actor the text names only by a description ('a source', 'officials'), for a quote.
        'the police', 'the government' after the one such body named ('Colombian police', 'El
        Salvador Government') is a mention of it."""
        named = self._institution_named(name)
        if named is not None:
            self.add_mention(named, span)
            return named
        key = f"{actor_type}:{name.lower()}"
        for draft, actor_id in zip(self.drafts, self.ids):
            if draft.key == key:
                self.add_mention(actor_id, span)
                return actor_id
        draft = ActorDraft(key, actor_type, extra_spans=[span], name=name)
        self.drafts.append(draft)
        self.ids = self.ids + [_assign_ids(self.drafts)[-1]]
        return self.ids[-1]

    def _institution_named(self, description: str) -> Optional[str]:
        words = description.lower().split()
        if words[:1] != ["the"]:
            words = ["the", *words]  # 'Police said ...': the bare noun names the body as 'the police' does
        if len(words) != 2 or words[1] not in INSTITUTION_HEADS:
            return None
        fits = [i for d, i in zip(self.drafts, self.ids)
                if d.type == "organization" and d.mentions and d.name.lower().split()[-1:] == words[1:]]
        return fits[0] if len(fits) == 1 else None

    def actors(self) -> list[Actor]:
        return [d.to_model(i, self.text) for d, i in zip(self.drafts, self.ids)]


def build_actors(doc: Doc, mentions: list[Mention], voice_speaker: SpeakerLookup) -> ActorIndex:
    """Cluster mentions into actors and give them roles. ``voice_speaker`` maps an offset to the
    mention span that names the voice speaking there (for 'my father' inside a statement)."""
    words = lexicon()
    drafts, pending = _cluster(mentions, words)
    drafts = merge_aliases(doc, drafts)
    for draft in drafts:
        draft.roles.extend(_roles(doc, draft, words))
    index = ActorIndex(doc, drafts)
    for mention, candidates in pending:
        chosen = _by_kinship(doc, mention, candidates, index, voice_speaker, words) or _by_salience(mention, candidates)
        chosen.mentions.append(mention)
        chosen.roles.extend(_roles_of_mention(doc, mention, words))
    drafts = _states_as_one(doc, drafts)
    for draft in drafts:
        draft.name = _canonical_name(draft)
    drafts = retype_lower_case(doc_text(doc), drafts, words["group_nouns"])
    index.drafts = drafts = [d for d in drafts if _acts(doc, d)]
    if _sports_report(doc):
        for draft in drafts:
            if draft.type == "country" or draft.key.startswith("place:"):
                draft.type = "organization"  # 'Portugal beat Serbia 2-1', 'Norwich City lost': the teams
    index.ids = _assign_ids(drafts)
    return index


def _states_as_one(doc: Doc, drafts: list[ActorDraft]) -> list[ActorDraft]:
    """A state acting as a whole is one record, whatever the text calls it: its capital where the
    capital stands for the government, when the state itself acts in the document. (Its
    government stays a record of its own, "the Syrian regime" and "the Syrian government" one:
    realnews annotators kept "El Salvador government" apart from El Salvador, and the 'X
    government' clusters by state.) A capital stands for its government
    the way foreign-affairs writing uses it: acting in a sentence that names another state
    ("Moscow gave tacit support to Turkey's incursion", "negotiations between the US and
    Baghdad"). At home the capital is the city: the seed's "Kabul has not yet fought", among
    Afghans, stays Kabul."""
    states = {d.country: d for d in drafts if d.type == "country" and d.country and _acts(doc, d)}
    capitals = {id(d): _capital_of(d) for d in drafts}
    merged: set[int] = set()
    for draft in drafts:
        code = capitals[id(draft)]
        target = states.get(code) if code and _abroad(doc, draft, code, drafts, capitals) else None
        if target is None or target is draft:
            continue
        target.mentions = sorted(target.mentions + draft.mentions, key=lambda m: m.start)
        target.extra_spans.extend(draft.extra_spans)
        merged.add(id(draft))
    return [d for d in drafts if id(d) not in merged]


def _abroad(doc: Doc, capital: ActorDraft, code: str, drafts: list[ActorDraft], capitals: dict) -> bool:
    """Whether the capital acts in a sentence that names another state or another state's capital."""
    others = [m for d in drafts for m in d.mentions
              if (d.type == "country" and d.country and d.country != code)
              or (capitals[id(d)] and capitals[id(d)] != code)]
    for mention in capital.mentions:
        if not _acting(doc, mention):
            continue
        sentence = doc[mention.token_start].sent
        if any(sentence.start_char <= m.start < sentence.end_char for m in others):
            return True
    return False


def _capital_of(draft: ActorDraft) -> Optional[str]:
    """The ISO code of the state whose capital the record names ('place:moscow' -> RU): a capital
    among the gazetteer's first readings of the name, of the same state as its first reading."""
    if not draft.key.startswith("place:"):
        return None
    from ...knowledge.gazetteer import load_gazetteer

    entries = load_gazetteer().lookup(draft.key.split(":", 1)[1].title())[:3]
    capital = next((e for e in entries if e.feature == "PPLC"), None)
    return capital.country if capital and capital.country == entries[0].country else None


_SCORE = re.compile(r"\b\d{1,2}\s?[-–]\s?\d{1,2}\b")
# Words only sports reports use often (not "victory", "defeat", "group", "points": politics uses them).
SPORTS_WORDS = {"match", "matches", "goal", "goals", "qualifier", "qualifiers", "qualifying", "tournament",
                "league", "squad", "coach", "striker", "midfielder", "defender", "goalkeeper", "fixture",
                "fixtures", "championship", "semi-final", "quarter-final", "rugby", "football", "cricket",
                "innings", "wicket", "scored", "scorer", "halftime", "half-time", "playoff", "playoffs", "euro"}


def _sports_report(doc: Doc) -> bool:
    """A sports item (scores and sports words): its countries are national teams, organisations."""
    text = doc_text(doc)
    if len(_SCORE.findall(text)) < 2:
        return False
    return sum(1 for t in doc if t.lower_ in SPORTS_WORDS) >= 6


def _acts(doc: Doc, draft: ActorDraft) -> bool:
    """Whether a draft is an actor of the story, not a place, a dateline or a news credit.

    A country, a city or any name the gazetteer knows as a place is an actor only where it acts
    or is acted upon (subject, object, agent, "against/with X"): "Egypt" in "in Egypt" is a
    place. A wire agency ("AFP", "ANA") is a credit unless it acts in the story itself. A name in
    capitals opening a line ("CAIRO:", "NEW YORK,") is a dateline, never an acting mention."""
    words = lexicon()
    if draft.mentions and all(_is_dateline(doc, m) for m in draft.mentions):
        return False
    if draft.mentions and all(m.name.split()[-1].lower() in LAW_WORDS for m in draft.mentions if m.name.split()):
        return False  # 'the Helms-Burton Act', 'the Internal Security Law': laws, not actors
    if draft.mentions and all(_broken_or_label(m.name) for m in draft.mentions):
        return False
    if title_alone(draft.mentions, words["titles"] | words["role_nouns"]):
        return False
    if thing_qualifier(doc, draft.mentions) or lower_case_word(doc_text(doc), draft.mentions,
                                                               words["organization_words"]):
        return False  # 'ATM transactions', 'Idlib province'; 'xenophobia', 'anti-EU' (kinds.py)
    if draft.key.split(":", 1)[-1] in WIRE_AGENCIES:
        # 'told AFP', 'the statement received by AFP': a credit; the agency acts as a subject only
        return any(_is_subject(doc[m.token_end - 1]) and not _reporting_head(doc, m) for m in draft.mentions)
    if not _place_like(draft) and not named_as_place(doc, draft.mentions) \
            and not listed_as_place(doc, draft.mentions, _known_place_name):
        return True
    return any(_acting(doc, m) for m in draft.mentions)


def _broken_or_label(name: str) -> bool:
    """A name cut across brackets ('France (Group H'), holding a colon ('Argentina Daily:
    Officials'), or a pool label ('Group D', 'Path C', 'T3'): parsing debris, not an actor."""
    if (" (" in name and ")" not in name) or (")" in name and "(" not in name) or ":" in name:
        return True  # ('Ulfa(I' is a name cut inside its own bracket, kept)
    words = name.strip(" .").split()
    return bool(words) and (len(words[-1]) == 1 and words[-1].isupper() and len(words) <= 2
                            or re.fullmatch(r"[A-Z]\d{1,2}", words[-1]) is not None and len(words) == 1)


def _place_like(draft: ActorDraft) -> bool:
    if draft.type == "country" or draft.key.startswith("place:"):
        return True
    if draft.mentions and all(m.name.split() and m.name.split()[-1].lower() in SITE_WORDS for m in draft.mentions):
        return True  # 'Chittapur Town Police Station', 'St. James Court': sites, places unless they act
    if not draft.mentions or draft.type not in ("organization", "person", "other"):
        return False
    from ...knowledge.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    # Up to three words: 'Ciudad Juarez', 'Nuevo Laredo' tagged PERSON in a list of border towns.
    return all(m.label in ("ORG", "PERSON", "GPE") and len(m.name.split()) <= 3 and not m.titles
               and _known_place(gazetteer, m.name) for m in draft.mentions)


def _known_place(gazetteer, name: str) -> bool:
    """A place prominent enough that a one-word ORG/PERSON label on it is the model's slip: a
    region, a district or a town of 100,000 (the gazetteer also holds villages called 'Nato')."""
    for entry in gazetteer.lookup(name.title() if name.isupper() or name.islower() else name)[:3]:
        if entry.kind in ("country", "admin1", "admin2", "region") or (entry.population or 0) >= 100_000:
            return True
    return False


def _known_place_name(name: str) -> bool:
    from ...knowledge.gazetteer import load_gazetteer

    return _known_place(load_gazetteer(), name)


def _is_dateline(doc: Doc, mention: Mention) -> bool:
    """A name in capitals that opens a line, before a colon, comma or bracket ('CAIRO:',
    'NEW YORK, May 3 (Reuters) -'): the dateline (lower-case wires: 'new delhi:')."""
    words = doc[mention.token_start:mention.token_end]
    after = doc[mention.token_end] if mention.token_end < len(doc) else None
    shaped = all(t.is_upper or not t.is_alpha for t in words) or all(t.is_lower for t in words)
    return (shaped and _opens_line(doc, mention.token_start) and after is not None
            and after.text in (":", ",", "(", "-", "—", "–"))


def _acting(doc: Doc, mention: Mention) -> bool:
    """A subject, object or agent; 'against/with/by X'; or coordinated with one of these."""
    head = doc[mention.token_end - 1]
    if _is_dateline(doc, mention):
        return False
    for _ in range(3):
        if head.dep_ == "dobj" and head.head.lemma_.lower() in MOTION_VERBS and mention.label != "ORG":
            return False  # 'enter Idlib province', 'reached India', 'bordering Israel': where, not who
        if head.dep_ in ACTING_DEPS:
            return True
        if head.dep_ == "pobj" and head.head.lower_ in ACTING_PREPOSITIONS:
            return True
        if head.dep_ in ("compound", "poss", "nmod", "amod") and head.head.lemma_.lower() in AGENT_NOUNS:
            return True  # 'US and NATO allies', "Egypt's army": the state acts through them
        if head.dep_ not in ("conj", "appos", "compound") or head.head is head:
            return False
        head = head.head
    return False


def _reporting_head(doc: Doc, mention: Mention) -> bool:
    head = doc[mention.token_end - 1]
    return head.head.lemma_.lower() in ("say", "report", "tell", "quote", "add", "write")


def _opens_line(doc: Doc, i: int) -> bool:
    return i == 0 or "\n" in doc[i - 1].text or doc[i - 1].is_space


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
    """Lower-cased words of a name, accents folded ('Erdoğan' and 'Erdogan' are one spelling);
    cached, since clustering compares every pair of names."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return tuple(t.lower().strip(".") for t in re.findall(r"[\w.'’-]+", folded))


def _contiguous(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    n = len(short)
    return n > 0 and any(long[i:i + n] == short for i in range(len(long) - n + 1))


def _key_of(mention: Mention, words: dict) -> tuple[str, str, Optional[str]]:
    """Organisations, groups and countries cluster by normalised name or ISO code."""
    name = re.sub(r"^(the)\s+", "", mention.name, flags=re.IGNORECASE)
    if mention.label == "ORG" and name.lower() in words["country_aliases"]:
        code = words["country_aliases"][name.lower()]  # 'DRC', 'UAE' tagged ORG: the state
        return "country:" + code, "country", code
    if mention.label == "GPE":
        code = country_code(name, words)
        if code:
            return "country:" + code, "country", code
        return "place:" + name.lower(), "other", None
    actor_type = TYPE_OF_LABEL.get(mention.label, "other")
    key = _institution_key(name, words) if mention.label == "ORG" else None
    if key:
        return key, "organization", None
    key = name.lower()
    if actor_type == "group":
        key = re.sub(r"[’']?s$", "", key)  # 'Muslims' and 'Muslim' name the same group
    return f"{actor_type}:{key}", actor_type, None


# Institution nouns that name the same body ("Turkish army", "Turkish forces", "Turkish troops").
_INSTITUTION_CLASSES = {"army": "military", "forces": "military", "troops": "military", "military": "military",
                        "soldiers": "military", "authorities": "authorities", "officials": "authorities",
                        "government": "government", "administration": "government", "regime": "government"}


def _institution_key(name: str, words: dict) -> Optional[str]:
    """'US government' / 'United States government', 'Turkish army' / 'Turkish troops': one key,
    the state (its ISO code where known) and the institution's class."""
    parts = name.replace("’s", "").replace("'s", "").split()
    if len(parts) < 2 or parts[-1].lower() not in _INSTITUTION_CLASSES:
        return None
    state = " ".join(parts[:-1])
    if len(parts) > 2 and parts[-2].lower() in ("armed", "security", "state", "defence", "defense"):
        state = " ".join(parts[:-2])
    code = country_code(state, words) or _demonym_code(state)
    return f"organization:{(code or state).lower()} {_INSTITUTION_CLASSES[parts[-1].lower()]}"


def _demonym_code(word: str) -> Optional[str]:
    """The state of a demonym ('Turkish' -> TR), from the gazetteer."""
    from ...knowledge.gazetteer import load_gazetteer

    entry = load_gazetteer().demonym(word) if " " not in word else None
    return entry.country if entry is not None and entry.kind == "country" else None


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


def _state_qualifier(words: list[str]) -> tuple[Optional[str], list[str]]:
    """The state that qualifies a role description, and the description as 'the <role>':
    "iraq's president" -> (IQ, the president), "the turkish leader" -> (TR, the leader)."""
    if len(words) >= 2 and re.search(r"['’]s$", words[0]):
        code = country_code(re.sub(r"['’]s$", "", words[0])) or _demonym_code(re.sub(r"['’]s$", "", words[0]))
        return (code, ["the", *words[1:]]) if code else (None, words)
    if len(words) >= 3 and words[0] == "the":
        code = _demonym_code(words[1]) or country_code(words[1])
        if code:
            return code, ["the", *words[2:]]
    return None, words


def _states_of(doc: Doc, draft: ActorDraft) -> set[str]:
    """States that qualify a person's names or appositions ("Iraq's president, Barham Salih",
    "Turkish President X"): a state or demonym that modifies the name or its apposition."""
    codes: set[str] = set()
    for mention in draft.mentions:
        heads = list(_mention_tokens(doc, mention))
        heads += _appositive_chain(doc[mention.token_end - 1])
        for token in heads:
            for child in children(token):
                if child.dep_ in ("poss", "compound", "amod", "nmod") and child.ent_type_ in ("GPE", "NORP"):
                    code = country_code(child.text) or _demonym_code(child.text)
                    if code:
                        codes.add(code)
    return codes


def _mention_tokens(doc: Doc, mention: Mention):
    return doc[mention.token_start:mention.token_end]


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
