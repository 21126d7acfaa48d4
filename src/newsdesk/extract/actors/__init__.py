"""Actors: who takes part in a document, one record per real-world actor. The stages, in order:

| stage | module | reads | writes |
|---|---|---|---|
| 1. mentions | ``mentions.find_mentions`` | Doc, publisher span | actor mentions with repaired NER labels |
| 1b. affiliations | ``mentions._affiliation`` | Doc, mentions | drops a state or body that only qualifies a person ("Cuba's Foreign Minister X") |
| 2. clustering | ``index.build_actors`` | Doc, mentions, statement speakers | ``ActorIndex``: actors (name keys, anchors, kinship), roles, pronoun resolution |
| 2a. aliases | ``aliases.merge_aliases`` | drafts | one record per name: labels, acronyms, spelled-out names, surnames, first names |
| 2b. states | ``index._states_as_one`` | drafts | a capital standing for its acting state joins it |
| 2c. not actors | ``index._acts`` with ``kinds`` | drafts | drops places (also in lists of places), datelines, laws, credits, kinds of things, words, titles |
| 3. speakers | ``..quotes.speakers`` (the quotes package) | quotes, ``ActorIndex`` | described speakers become actors; first-person mentions |
| 3a. role before name | ``cataphora.person_named_next`` (via ``ActorIndex.actor_with_role``) | role phrase span, drafts | "Iraq's president has hit back ..." speaks for the person named next |
| 4. linking | ``linking.link_actors`` | ``Actor`` records, document date | KB links (CAMEO, Wikidata), sector roles |
"""

from .index import FIRST_PERSON, THIRD_PERSON, ActorIndex, build_actors
from .linking import link_actors
from .mentions import Mention, find_mentions

__all__ = ["ActorIndex", "build_actors", "link_actors", "find_mentions", "Mention", "FIRST_PERSON", "THIRD_PERSON"]
