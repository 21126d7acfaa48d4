"""Link a document's actors to the actor knowledge base.

``link_actors`` fills each actor's ``kb`` (CAMEO code in force on the document date, Wikidata id
where the KB knows it) and adds sector roles ('sector:GOV') for roles that are CAMEO agents
('President', 'rebel commander', 'police chief'). It is pure: new Actor records come back, the
input is untouched. Linking is conservative (see ``knowledge.actors_kb``): an actor the KB cannot
place with confidence keeps ``kb`` as it was.
"""

from __future__ import annotations

from typing import Optional

from ...knowledge.actors_kb import Entry, agent_codes, clean_surface, link, load_kb, normalize, word_list
from ...knowledge.gazetteer import load_gazetteer
from ...model import Actor, KBLink

SECTOR_PREFIX = "sector:"


def link_actors(actors: list[Actor], doc_date: Optional[str] = None, teams: bool = False) -> list[Actor]:
    """The actors with ``kb`` filled where the KB knows them and agent sectors added to roles.

    ``doc_date`` is the document's ISO date (or year), used against the KB's dated codes:
    'Taliban' is AFGREB in 2010 and AFGGOV in 2022. ``teams``: the document is a sports report,
    whose countries, places and peoples are teams ('Spain', 'the Irish'), not states.
    """
    context = _document_countries(actors, doc_date)
    return [_linked(actor, doc_date, context, teams) for actor in actors]


def _document_countries(actors: list[Actor], doc_date: Optional[str]) -> set[str]:
    """The countries the document names as actors: context for everyone else's link."""
    codes = set()
    for actor in actors:
        if actor.type == "country":
            entry = link(actor.name, "country", [], doc_date, None)
            if entry is not None and entry.country:
                codes.add(entry.country)
    return codes


def _linked(actor: Actor, doc_date: Optional[str], context: set[str], teams: bool = False) -> Actor:
    entry = _entry_for(actor, doc_date, context)
    if entry is not None and not agrees(actor, entry, context, teams):
        entry = None  # a link the document contradicts is worse than none
    kb, actor_type = actor.kb, actor.type
    if entry is not None:
        kb = KBLink(wikidata=entry.wikidata, cameo=entry.code_at(doc_date))
        if entry.kind == "person" and actor_type in ("organization", "other"):
            actor_type = "person"  # the small NER model tags 'Winston Churchill' ORG; the KB knows him
    return actor.model_copy(update={"kb": kb, "type": actor_type, "roles": _with_sectors(actor.roles)})


def _entry_for(actor: Actor, doc_date: Optional[str], context: set[str]) -> Optional[Entry]:
    """The canonical name first; else the aliases, when every one that links agrees."""
    entry = link(actor.name, actor.type, actor.roles, doc_date, context)
    if (entry is None or entry.kind == "coded") and actor.type in ("organization", "other"):
        # The small NER model tags some people ORG ('Winston Churchill'): a KB person whose name
        # is exactly the actor's name overrides the label.
        person = link(actor.name, None, actor.roles, doc_date, context)
        if person is not None and person.kind == "person" and normalize(person.name) == normalize(actor.name):
            return person
    if entry is not None:
        return entry
    # A part of the canonical name ('Fox' of 'Vicente Fox') says less than the whole, which did
    # not link: it would reach whoever else bears that surname (Liam Fox).
    whole = set(normalize(actor.name).split())
    found = {e.id: e for alias in actor.aliases if not set(normalize(alias).split()) <= whole
             if (e := link(alias, actor.type, actor.roles, doc_date, context)) is not None}
    return next(iter(found.values())) if len(found) == 1 else None


def agrees(actor: Actor, entry: Entry, context: set[str], teams: bool = False) -> bool:
    """Whether the document agrees with a link the name alone made (issue 14): a sports report's
    country or people is a team, not the state; an acronym the text spells out must be what the
    entry is called; a city coded for its state must not be a namesake in the document's country."""
    if teams and entry.kind in ("country", "coded") and not entry.id.startswith("cameo:"):
        return False
    expansion = _spelled_out(actor)
    if expansion is not None and not _entry_is_named(entry, expansion):
        return False
    return not _namesake_place(actor.name, entry, context)


def _spelled_out(actor: Actor) -> Optional[str]:
    """The alias that spells out an acronym name ('DEA' / 'US Drug Enforcement Administration')."""
    acronym = actor.name.replace(".", "")
    if not (2 <= len(acronym) <= 6 and acronym.isalpha() and acronym.isupper()):
        return None
    for alias in actor.aliases:
        words = [w for w in normalize(alias).split() if w not in _ACRONYM_FILLERS]
        initials = "".join(w[0] for w in words)
        if len(words) >= 2 and initials.endswith(acronym.lower()) and len(initials) - len(acronym) <= 1:
            return " ".join(words[len(initials) - len(acronym):])
    return None


_ACRONYM_FILLERS = {"of", "the", "and", "for", "on", "in", "de", "la", "del"}


def _entry_is_named(entry: Entry, expansion: str) -> bool:
    """Whether the entry is called what the text spells out (fillers aside, 'U.S.' prefix aside)."""
    names = {" ".join(w for w in alias.split() if w not in _ACRONYM_FILLERS) for alias in entry.aliases}
    return expansion in names or any(name.endswith(" " + expansion) for name in names)


def _namesake_place(name: str, entry: Entry, context: set[str]) -> bool:
    """A city the KB codes for its state ('London' -> GBR) where the document's countries do not
    include that state but include one with a place of that name (London, Ontario in a Canadian
    story): the document means the namesake."""
    if entry.kind != "coded" or not context or entry.country in context:
        return False
    if not load_kb().placed(normalize(clean_surface(name))):
        return False
    local = {two for code in context if (two := _alpha2(code))}
    return any(place.country in local for place in load_gazetteer().lookup(clean_surface(name)))


def _alpha2(code: str) -> Optional[str]:
    import pycountry

    country = pycountry.countries.get(alpha_3=code)
    return country.alpha_2 if country else None


def _with_sectors(roles: list[str]) -> list[str]:
    """Roles plus 'sector:XXX' for each CAMEO agent code the roles name, without duplicates."""
    out = list(roles)
    seen = {r.lower() for r in roles}
    for role in roles:
        if role.lower().startswith(SECTOR_PREFIX):
            continue
        for code in agent_codes(_role_head(role)):
            tag = SECTOR_PREFIX + code
            if tag.lower() not in seen:
                seen.add(tag.lower())
                out.append(tag)
    return out


def _role_head(role: str) -> str:
    """'President of Afghanistan' -> 'President'; kin roles ('son of X') name no sector."""
    head, sep, _ = role.partition(" of ")
    if not sep:
        return role
    last = head.lower().split()[-1:]
    return "" if last and last[0] in word_list("kin") else head
