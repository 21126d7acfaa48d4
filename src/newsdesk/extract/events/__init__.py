"""PLOVER 2.0 events: what happened, once, with who did it to whom.

One sub-package, one module per stage, run in this order per sentence by ``coding.find_events``:

``detect`` (``lexicon``, ``drafts``, ``eventness``)
    Reads the parsed sentence (tokens, lemmas, dependencies) and the trigger lexicon
    (``knowledge/data/events_triggers.yaml``); writes ``drafts.Draft`` objects: a trigger token,
    its kind (phrasal verb, verb + object, light verb + noun, verb, noun, frame, derived,
    imperative) and its candidate senses. Frames (a promise, refusal, demand, threat) are
    events of their own. Rules drop what is no event (a month, a match result, a charge, a
    metaphor, a thing as the doer, what a purpose clause or a "for" nominal names:
    ``modality.in_purpose``); ``coding`` drops a draft where a thing acts on nobody or on a thing
    ("the budget promises") or a verb for someone takes a thing ("met the deadline");
    ``eventness`` scores the rest: P(a real event) from a small logistic model over the draft's
    structure and its sentence's words (``knowledge/data/eventness.npz``, ``scripts/train_eventness.py``).
``type`` (``coding.type_probabilities``)
    Reads the sentence text; writes P(type | sentence) from the linear classifier
    (``knowledge/data/events.npz``, ``scripts/train_events.py``), which chooses among a
    trigger's senses and feeds the type score.
``roles`` (``roles``)
    Reads the dependency structure around the trigger and the actors' mention offsets; writes
    the draft's actor and recipient tokens (agent and patient, passive voice and "came under
    fire" included; never a weapon, a dateline, a counting word or an abstract thing), then
    actor ids and names through ``roles.ActorResolver``.
``modality`` (``modality``)
    Reads negators, auxiliaries, conditions, questions and governing frames; writes the draft's
    ``negated`` and ``hypothetical`` flags.
``dedup`` (``dedup``)
    Reads the document's events and its sentence offsets; writes one event per incident: one
    reading per trigger and type, one event per type and clause, one per type and named doer in
    a sentence, a retelling folded into the first telling (its clause kept in ``Event.mentions``),
    and so is a bare definite event noun ("the attacks surged") after an event of its type.
``calibrate`` (``calibrate``)
    Reads the draft's P(event) and type score; writes the event's ``confidence`` (the share of
    such events that are right on realnews dev) and leaves out events below
    ``calibrate.MIN_CONFIDENCE`` (``find_events(min_confidence=0)`` keeps every reading).

``table`` writes the flat event table (CSV) for analysts.
"""

from .coding import PLOVER_TYPES, find_events, primary_event, sentence_keys, type_probabilities

__all__ = ["find_events", "primary_event", "type_probabilities", "sentence_keys", "PLOVER_TYPES"]
