"""The document's focus: what the article says about where it is, gathered before any
ambiguous name is resolved (countries and states named, demonyms, qualifiers, names whose senses
all lie in one country)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ...knowledge.gazetteer import Entry
from .mention import Mention

SAME_COUNTRY_WEIGHT = 1.0  # country evidence of a name whose senses all lie in one country


@dataclass
class _Context:
    """What the document says about where it is: weights of countries and first-level divisions."""

    countries: Counter = field(default_factory=Counter)
    admin1: Counter = field(default_factory=Counter)


def _document_context(mentions: list[Mention]) -> _Context:
    """Countries and states the document is about, from the mentions that are not ambiguous:
    demonyms, names whose best sense is a country or a state, qualifiers."""
    context = _Context()
    for mention in mentions:
        if mention.region_of is not None:
            _count(context, mention.region_of, 1)  # 'north-east Syria' says Syria
        if not mention.senses:
            continue
        best = mention.senses[0]
        if mention.qualifier is not None:
            _count(context, mention.qualifier, 2)
        if best.kind in ("country", "admin1") or mention.source in ("demonym", "qualifier"):
            _count(context, best, 1)
        elif len({e.country for e in mention.senses}) == 1 and best.country:
            # Every sense in one country ('Henry County': ten of them, all in the US): the name
            # says the country even though it does not say which place.
            context.countries[best.country] += SAME_COUNTRY_WEIGHT
    return context


def _without(context: _Context, own: _Context) -> _Context:
    """The document's context less what a name's own mentions put in. Why: 'New York' (best
    sense the state) must not vote for New York City through its own state."""
    return _Context(context.countries - own.countries, context.admin1 - own.admin1)


def _count(context: _Context, entry: Entry, weight: float) -> None:
    if entry.country:
        context.countries[entry.country] += weight
    if entry.kind == "admin1" and entry.admin1:
        context.admin1[entry.admin1] += weight
