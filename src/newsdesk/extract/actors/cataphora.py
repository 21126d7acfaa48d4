"""A role phrase before the name: "Iraq's president has hit back at Trump, saying ..." and, in
the next sentence, "Barham Salih told reporters ...". News ledes name the office first and the
person right after; the described speaker is that person.

Read by ``index.ActorIndex.actor_with_role`` when no person already holds the role. The person
must be the first one the text names after the phrase's sentence, new there (not named before
it), within the two sentences after, as a subject, with no other role of their own and no
other state; the role is an office ('president', 'leader', 'minister'), not a kind of person
('a farmer', 'an official')."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:  # pragma: no cover
    from .index import ActorIndex

# Role nouns that name a kind of person rather than one office: many fit, none is 'the' one.
_KINDS_OF_PEOPLE = {"man", "woman", "boy", "girl", "official", "officer", "activist", "fighter", "soldier",
                    "militant", "policeman", "reporter", "correspondent", "journalist", "lawyer", "doctor",
                    "analyst", "researcher", "candidate", "delegate", "aide", "adviser", "advisor", "owner",
                    "executive", "director", "deputy", "cleric", "editor", "attorney", "professor"}


def person_named_next(index: "ActorIndex", span: tuple[int, int], role: str, state: Optional[str],
                      role_nouns: set[str]) -> Optional[str]:
    """The actor id of the person the text names next after the role phrase at ``span`` (module doc)."""
    from .index import _is_subject, _states_of

    if role not in role_nouns or role in _KINDS_OF_PEOPLE:
        return None
    doc = index.doc
    sentences = [s for s in doc.sents]
    at = next((i for i, s in enumerate(sentences) if s.start_char <= span[0] < s.end_char), None)
    if at is None:
        return None
    limit = sentences[min(at + 2, len(sentences) - 1)].end_char
    first_after = []
    for draft, actor_id in zip(index.drafts, index.ids):
        if draft.type != "person" or not draft.mentions:
            continue
        first = min(draft.mentions, key=lambda m: m.start)
        # Named before the phrase, or beside it in its own sentence ('hit back at Donald
        # Trump'): someone the phrase's holder acts upon, not the holder.
        if first.start >= sentences[at].end_char:
            first_after.append((first.start, draft, actor_id, first))
    for start, draft, actor_id, first in sorted(first_after, key=lambda item: item[0]):
        states = _states_of(doc, draft)
        if state and states and state not in states:
            continue  # 'the Syrian president, Bashar al-Assad' between: another state's holder
        roles = {r.lower().split()[-1] for r in draft.roles if r} | {t.lower() for m in draft.mentions for t in m.titles}
        if start >= limit or not _is_subject(doc[first.token_end - 1]) or (roles and role not in roles):
            return None
        return actor_id
    return None
