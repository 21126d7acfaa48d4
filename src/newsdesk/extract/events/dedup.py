"""One incident, one event.

Three merges, from the narrowest to the widest:

1. one trigger, one reading: the readings of one trigger word with one type ("lost a battle"
   as ASSAULT and as negated ASSAULT) keep only the most confident one, so a clause never
   carries two contradicting codings (a promise and its hypothetical action, "will never give
   up" as REJECT and as negated RETREAT, are two types by design: ``modality``);
2. one clause, one event per type: two triggers of the same type in one clause ("an attack …
   killed") tell one incident;
3. one incident, told again: a later event of the same type between the same actors (both roles
   filled, by the same actor ids, or the same words where an id is missing; one id at least) is
   the same incident retold; it is
   kept as evidence in the first event's ``mentions``. So is a body event that retells the
   headline's (same type, same trigger word), and a definite event noun ("the attacks", "the
   seizure") after an earlier event of its type whose roles it does not contradict.

Between 2 and 3, one sentence, one act per doer: two triggers of one type with the same named
doer in one sentence ("sought to talk … and seek", "besieged by police, who fired") are one
event (``one_per_sentence``).
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Optional, Sequence

from ...model import Event


def _better(a: Event, b: Event) -> Event:
    """The more confident event; the first on ties."""
    return b if (b.confidence or 0.0) > (a.confidence or 0.0) else a


def _merge(kept: Event, other: Event) -> None:
    span = (other.start, other.end)
    if span != (kept.start, kept.end) and span not in kept.mentions:
        kept.mentions.append(span)
    kept.mentions.extend(m for m in other.mentions if m not in kept.mentions)
    kept.confidence = max(kept.confidence or 0.0, other.confidence or 0.0)
    for role in ("actor", "recipient"):  # a retelling may name a role the first telling left open
        if getattr(kept, role) is None and getattr(kept, f"{role}_name") is None and getattr(other, role) is not None:
            for suffix in ("", "_name", "_span"):
                setattr(kept, role + suffix, getattr(other, role + suffix))


def one_per_trigger(events: Sequence[Event]) -> list[Event]:
    """The most confident reading of each trigger word and type."""
    best: dict[tuple, Event] = {}
    for event in events:
        key = (event.type, event.trigger or (event.start, event.end))
        best[key] = _better(best[key], event) if key in best else event
    return list(best.values())


def one_per_clause(events: Sequence[Event]) -> list[Event]:
    """One event per type and clause."""
    best: dict[tuple, Event] = {}
    for event in events:
        key = (event.type, event.start, event.end)
        if key in best:
            kept = _better(best[key], event)
            _merge(kept, event if kept is best[key] else best[key])
            best[key] = kept
        else:
            best[key] = event
    return list(best.values())


def one_per_sentence(events: Sequence[Event], sentences: Sequence[tuple[int, int]]) -> list[Event]:
    """One event per type and doer in a sentence: "the bishop sought to talk to protesters and
    seek a resolution", "besieged by police, who fired teargas" tell one act each. The doer must
    be named (the same actor id, or the same words), the recipients must not differ (one may be
    missing), and a negated or hypothetical reading never absorbs a factual one."""
    starts = [s for s, _ in sentences]
    kept: list[Event] = []
    for event in sorted(events, key=lambda e: (e.start, e.trigger or (e.start, e.end))):
        sentence = _sentence_of(event, sentences, starts)
        same = next((k for k in kept if sentence is not None and _sentence_of(k, sentences, starts) == sentence
                     and _same_doing(k, event)), None)
        if same is None:
            kept.append(event)
            continue
        better = _better(same, event)
        _merge(better, event if better is same else same)
        kept[kept.index(same)] = better
    return kept


def _sentence_of(event: Event, sentences: Sequence[tuple[int, int]], starts: list[int]) -> Optional[int]:
    at = (event.trigger or (event.start, event.end))[0]
    i = bisect_right(starts, at) - 1
    return i if i >= 0 and at < sentences[i][1] else None


def _same_doing(first: Event, later: Event) -> bool:
    if (first.type, first.negated, first.hypothetical) != (later.type, later.negated, later.hypothetical):
        return False
    if not _same_role(first, later, "actor"):
        return False
    names = [(e.recipient_name or "").lower() for e in (first, later)]
    return not names[0] or not names[1] or _same_role(first, later, "recipient")


def _same_incident(first: Event, later: Event, text: str, title_end: int) -> bool:
    if first.type != later.type or first.negated != later.negated:
        return False
    if (first.actor or first.recipient) and all(_same_role(first, later, role) for role in ("actor", "recipient")):
        return True
    if first.start < title_end and first.trigger and later.trigger:
        return _word(text, first.trigger) == _word(text, later.trigger)
    return False


def _refers_to(first: Event, later: Event) -> bool:
    """A definite noun ("the attacks", "the seizure") names the last earlier event of its type
    whose roles it does not contradict (a role one of them leaves open contradicts nothing)."""
    if first.type != later.type or first.negated != later.negated or first.hypothetical != later.hypothetical:
        return False
    for role in ("actor", "recipient"):
        ids = getattr(first, role), getattr(later, role)
        if ids[0] and ids[1] and ids[0] != ids[1]:
            return False
    return True


def _same_role(first: Event, later: Event, role: str) -> bool:
    """Both fill the role with the same actor id, or with the same words where an id is missing."""
    ids = getattr(first, role), getattr(later, role)
    names = [(getattr(e, f"{role}_name") or "").lower() for e in (first, later)]
    if not names[0] or not names[1]:
        return False
    return ids[0] == ids[1] if ids[0] and ids[1] else names[0] == names[1]


def _word(text: str, span: tuple[int, int]) -> str:
    return text[span[0]:span[1]].lower()[:5]  # "attack", "attacks", "attacked" alike


def retold(events: Sequence[Event], text: str, title_end: int = 0) -> list[Event]:
    """Events in text order with later tellings of an incident folded into its first telling.

    ``title_end``: where the headline ends (0 when there is none).
    """
    kept: list[Event] = []
    for event in sorted(events, key=lambda e: (e.start, e.trigger or (e.start, e.end))):
        same: Optional[Event] = next((k for k in kept if _same_incident(k, event, text, title_end)), None)
        if same is None and getattr(event, "_anaphoric", False):
            same = next((k for k in reversed(kept) if _refers_to(k, event)), None)
        if same is None:
            kept.append(event)
        elif same.start < title_end <= event.start:
            # The headline only announces what the body tells: the body's clause is the evidence.
            kept[kept.index(same)] = event
            _merge(event, same)
        else:
            _merge(same, event)
    return kept


def dedupe(events: Sequence[Event], text: str, title_end: int = 0,
           sentences: Sequence[tuple[int, int]] = ()) -> list[Event]:
    """The merges in order (see the module docstring); ``sentences``: the document's sentence
    offsets, in order (none: no sentence merge)."""
    events = one_per_clause(one_per_trigger(events))
    if sentences:
        events = one_per_sentence(events, sentences)
    return retold(events, text, title_end)
