"""Names that are not actors by the way the text uses them (issue 14: "not actors: ... products,
events, places that appear only as locations").

Read by ``index._acts`` after clustering, per record (every mention of the record must agree):
- a name used only to qualify a common noun that is no person or group names a kind of thing
  ("ATM transactions", "the UVB sunburn index", "Idlib province", "the Mirage jet fighter fleet");
- a name that opens in lower case in mixed-case text is a word, not a name ("xenophobia",
  "anti-Semitism", "pro-Kurdish lawmakers"), particles aside ("al-Qaida");
- a name in apposition with, or qualifying, a place noun ("Khan Sheikhoun, a town in Idlib",
  "Goalpara district") is a place: an actor only where it acts.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Token

from .mentions import Mention

# Common nouns whose qualifier still names an actor: people, bodies and what a source issues
# ("Taliban fighters", "GNLA militants", "a CNN report").
PEOPLE_HEADS = {"fighter", "fighters", "militant", "militants", "rebel", "rebels", "soldier", "soldiers", "troops",
                "member", "members", "supporter", "supporters", "official", "officials", "activist", "activists",
                "leader", "leaders", "force", "forces", "militia", "militias", "men", "women", "man", "woman",
                "people", "staff", "worker", "workers", "employee", "employees", "spokesman", "spokeswoman",
                "spokesperson", "source", "sources", "brothers", "sisters", "brethren", "friends", "comrades",
                "family", "families", "children", "students", "youths", "volunteers", "residents", "citizens",
                "villagers", "protesters", "demonstrators", "followers", "loyalists", "allies", "partners", "official", "commander", "commanders", "cadre", "cadres",
                "gunmen", "police", "officers", "agents", "lawmakers", "team", "squad", "players", "fans",
                "report", "reports", "statement", "statements", "interview", "survey", "poll", "study", "analysis",
                "data", "figures", "investigation", "website", "newspaper", "channel", "group", "groups", "unit",
                "units", "government", "administration", "regime", "army", "party", "delegation", "envoy",
                "terrorists", "jihadists", "extremists", "insurgents", "hackers", "subcommittee", "committee",
                "commission", "office", "department", "college", "agency", "ministry", "council", "panel", "board",
                # what a body does: 'an Isis ambush', 'a SEC inquiry'
                "ambush", "attack", "attacks", "strike", "strikes", "raid", "raids", "inquiry", "probe",
                "operation", "offensive", "campaign", "crackdown", "sanctions", "decision", "plan", "policy",
                "order", "ban", "account", "accounts", "logo", "deal", "proposal", "bid", "ruling", "verdict"}
# Nouns for places: a name that qualifies one or stands in apposition to one is a place.
PLACE_NOUNS = {"town", "village", "city", "province", "provinces", "district", "districts", "region", "state",
               "capital", "area", "camp", "suburb", "port", "island", "county", "municipality", "neighbourhood",
               "neighborhood", "township", "valley", "border", "governorate", "prefecture", "hamlet"}
# Verbs whose object is where someone goes, not who is acted upon ("enter Idlib", "reached India").
MOTION_VERBS = {"enter", "reach", "leave", "visit", "cross", "flee", "border", "tour", "exit", "depart", "approach",
                "traverse", "transit"}
NAME_PARTICLES = ("al-", "el-", "ad-", "as-", "ash-", "at-", "an-", "bin ", "ibn ", "de ", "da ", "di ", "du ",
                  "van ", "von ", "le ", "la ")


def thing_qualifier(doc: Doc, mentions: list[Mention]) -> bool:
    """Every mention only qualifies a common noun that is no person, group or source."""
    return bool(mentions) and all(_qualifies_thing(doc[m.token_end - 1]) for m in mentions)


def _qualifies_thing(token: Token) -> bool:
    head = token.head
    return (token.dep_ in ("compound", "amod", "nmod") and head.i > token.i and head.pos_ == "NOUN"
            and head.is_lower and head.lower_ not in PEOPLE_HEADS and head.lower_ not in PLACE_NOUNS)


def lower_case_word(text: str, mentions: list[Mention], organisation_words: set[str]) -> bool:
    """Every mention opens in lower case (no name particle) in a text that is not all lower case."""
    if not mentions or all_lower(text):
        return False
    return all(m.name[:1].islower() and not m.name.lower().startswith(NAME_PARTICLES)
               and not _lower_institution(m.name, organisation_words) for m in mentions)


def _lower_institution(name: str, organisation_words: set[str]) -> bool:
    """'the immigration department': a body described in lower case, two words or more."""
    words = name.split()
    return len(words) >= 2 and words[-1].lower() in organisation_words


@lru_cache(maxsize=16)
def all_lower(text: str) -> bool:
    """A text written in lower case throughout (some wire archives): under 2% capitals, a
    capitalised headline or byline aside. Cached: asked once per actor of a document, and a scan
    of the whole text each time was a quarter of the analysis' CPU (a str keeps its hash, so the
    lookup does not rescan it)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) < 0.02 * len(letters)


def named_as_place(doc: Doc, mentions: list[Mention]) -> bool:
    """Some mention stands in apposition with a place noun ('Khan Sheikhoun, a town in Idlib
    province', 'El-Arish, capital of north Sinai') or qualifies one ('Goalpara district')."""
    for m in mentions:
        last = doc[m.token_end - 1]
        if last.dep_ == "compound" and last.head.lower_ in PLACE_NOUNS and last.head.i == m.token_end:
            return True
        appositions = [c for c in last.children if c.dep_ == "appos"]
        if last.dep_ == "appos":
            appositions.append(last.head)
        if any(a.lower_ in PLACE_NOUNS and a.pos_ == "NOUN" for a in appositions):
            return True
    return False


def retype_lower_case(text: str, drafts: list, group_nouns: set[str]) -> list:
    """In a text written in lower case throughout, the model's labels on one-word names are
    guesses: a word that ends a person's name there ('singh' beside 'jaswant singh') or that
    the model called a people though it is no demonym or group noun ('paramhans') is a person;
    a 'place' the gazetteer does not know as a sizeable place is no actor at all ('singh' as GPE)."""
    if not all_lower(text):
        return drafts
    from ...knowledge.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    surnames = {d.name.split()[-1].lower() for d in drafts if d.type == "person" and len(d.name.split()) > 1}
    for draft in drafts:
        names = {m.name.lower() for m in draft.mentions}
        if draft.type == "person" or len(names) != 1 or " " in next(iter(names)):
            continue
        word = next(iter(names))
        if word in surnames and draft.type in ("other", "group", "organization"):
            draft.type = "person"
        elif draft.type == "group" and word not in group_nouns and gazetteer.demonym(word) is None \
                and gazetteer.demonym(word.rstrip("s")) is None:
            draft.type = "person"
    return [d for d in drafts if not (d.key.startswith("place:") and not _sizeable_place(gazetteer, d.name))]


def _sizeable_place(gazetteer, name: str) -> bool:
    return any(e.kind in ("country", "admin1", "admin2", "region") or (e.population or 0) >= 100_000
               for e in gazetteer.lookup(name.title())[:3])


def title_alone(mentions: list[Mention], titles: set[str]) -> bool:
    """A 'person' named only by a title ('MLA', 'Principal'): a word of an office, not an actor."""
    return bool(mentions) and all(m.label == "PERSON" and m.name.lower().strip(".") in titles for m in mentions)


# Words that introduce examples of a place noun: 'towns like X, Y and Z', 'cities such as X'.
EXAMPLE_WORDS = {"like", "as", "including"}


def listed_as_place(doc: Doc, mentions: list[Mention], known_place) -> bool:
    """Every mention sits in a list of places: the examples of a place noun ('border towns like
    Ciudad Juarez, Nuevo Laredo and Tijuana') or a coordination whose other members (two at
    least) are all places the gazetteer knows ('through Tijuana, Nogales and Iztapalapa').
    ``known_place`` says whether a name is such a place. Such a name is a place unless it acts."""
    return bool(mentions) and all(_in_place_list(doc, m, known_place) for m in mentions)


def _in_place_list(doc: Doc, mention: Mention, known_place) -> bool:
    token = doc[mention.token_end - 1]
    root = token
    while root.dep_ == "conj" and root.head is not root:
        root = root.head
    members = [root] + [t for t in root.subtree if t.dep_ == "conj" and t.pos_ == "PROPN"]
    if len(members) < 3:
        return False
    introducer = root.head
    if (root.dep_ == "pobj" and introducer.lower_ in EXAMPLE_WORDS
            and (introducer.head.lemma_.lower() in PLACE_NOUNS or introducer.head.lower_ == "such"
                 and introducer.head.head.lemma_.lower() in PLACE_NOUNS)):
        return True
    others = [_name_of(m) for m in members if m.i != token.i]
    return len(others) >= 2 and all(known_place(name) for name in others)


def _name_of(token: Token) -> str:
    """A list member's name: the token with the proper nouns compounded before it ('Nuevo Laredo')."""
    words = [t for t in token.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"] + [token]
    return " ".join(t.text for t in words)


def headline_debris(text: str, start: int, end: int, headlines: list[tuple[int, int]]) -> bool:
    """A name of two words or more, inside a Title-Case headline, that the story never repeats
    ('Chile Seizes', 'Record Cocaine Haul', 'Central America Pledges Support'): in a headline
    every word is capitalised, so the model reads verbs and common nouns as names. A real
    actor of the headline is named again in the story, where its mentions count."""
    name = text[start:end]
    if len(name.split()) < 2:
        return False
    inside = next(((s, e) for s, e in headlines if s <= start and end <= e), None)
    if inside is None:
        return False
    # A Title-Case first sentence run into the story may be the lede itself ('Shares of Norvale
    # Mining rose on Monday. "Output will double," ...', 'The UN Security Council met on Friday.'):
    # there every word but the function words must be capitalised.
    line = text[inside[0]:inside[1]]
    own_line = text[inside[1]:inside[1] + 1] in ("\n", "")
    if not (_title_case(line, 0.75) if own_line else _strict_title_case(line)):
        return False
    found = text.find(name)
    while found != -1:
        if not any(s <= found < e for s, e in headlines):
            return False
        found = text.find(name, found + 1)
    return True


def _title_case(line: str, share: float) -> bool:
    """At least ``share`` of the words of four letters or more are capitalised (segment.voices
    reads headlines with 0.75)."""
    words = [w for w in line.split() if len(w) >= 4 and w[:1].isalpha()]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) >= share * len(words)


# Words Title Case leaves in lower case.
_FUNCTION_WORDS = {"a", "an", "the", "of", "and", "or", "but", "for", "nor", "in", "on", "at", "to", "by", "with",
                   "from", "as", "up", "off", "out", "over", "into", "vs", "via"}


def _strict_title_case(line: str) -> bool:
    """Every word of three letters or more that is no function word is capitalised."""
    words = [w for w in line.split() if w[:1].isalpha() and w.lower() not in _FUNCTION_WORDS]
    return len(words) >= 3 and all(w[0].isupper() for w in words if len(w) >= 3)
