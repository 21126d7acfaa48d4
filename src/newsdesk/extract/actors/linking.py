"""Link a document's actors to the actor knowledge base.

``link_actors`` fills each actor's ``kb`` (CAMEO code in force on the document date, Wikidata id
where the KB knows it) and adds sector roles ('sector:GOV') for roles that are CAMEO agents
('President', 'rebel commander', 'police chief'). It is pure: new Actor records come back, the
input is untouched. Linking is conservative (see ``knowledge.actors_kb``): an actor the KB cannot
place with confidence keeps ``kb`` as it was.
"""

from __future__ import annotations

from typing import Optional

from ...knowledge.actors_kb import Entry, agent_codes, link, normalize, word_list
from ...model import Actor, KBLink

SECTOR_PREFIX = "sector:"


def link_actors(actors: list[Actor], doc_date: Optional[str] = None) -> list[Actor]:
    """The actors with ``kb`` filled where the KB knows them and agent sectors added to roles.

    ``doc_date`` is the document's ISO date (or year), used against the KB's dated codes:
    'Taliban' is AFGREB in 2010 and AFGGOV in 2022.
    """
    context = _document_countries(actors, doc_date)
    return [_linked(actor, doc_date, context) for actor in actors]


def _document_countries(actors: list[Actor], doc_date: Optional[str]) -> set[str]:
    """The countries the document names as actors: context for everyone else's link."""
    codes = set()
    for actor in actors:
        if actor.type == "country":
            entry = link(actor.name, "country", [], doc_date, None)
            if entry is not None and entry.country:
                codes.add(entry.country)
    return codes


def _linked(actor: Actor, doc_date: Optional[str], context: set[str]) -> Actor:
    entry = _entry_for(actor, doc_date, context)
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
    found = {e.id: e for alias in actor.aliases
             if (e := link(alias, actor.type, actor.roles, doc_date, context)) is not None}
    return next(iter(found.values())) if len(found) == 1 else None


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
