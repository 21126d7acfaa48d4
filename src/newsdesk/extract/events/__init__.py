"""PLOVER 2.0 events: what happened, once, with who did it to whom.

One sub-package, one module per stage, run in this order per sentence by ``coding.find_events``:

``detect`` (``lexicon``, ``drafts``)
    Reads the parsed sentence (tokens, lemmas, dependencies) and the trigger lexicon
    (``knowledge/data/events_triggers.yaml``); writes ``drafts.Draft`` objects: a trigger token,
    its kind (phrasal verb, verb + object, light verb + noun, verb, noun, frame, derived,
    imperative) and its candidate senses. Frames (a promise, refusal, demand, threat) are
    events of their own.
``type`` (``coding.type_probabilities``)
    Reads the sentence text; writes P(type | sentence) from the linear classifier
    (``knowledge/data/events.npz``, ``scripts/train_events.py``), which chooses among a
    trigger's senses and feeds the confidence.
``roles`` (``roles``)
    Reads the dependency structure around the trigger and the actors' mention offsets; writes
    the draft's actor and recipient tokens (agent and patient, passive voice included), then
    actor ids and names through ``roles.ActorResolver``.
``modality`` (``modality``)
    Reads negators, auxiliaries, conditions, questions and governing frames; writes the draft's
    ``negated`` and ``hypothetical`` flags.
``dedup`` (``coding``)
    Reads the drafts of a clause and of the document; writes one event per incident.
``calibrate`` (``coding.confidence``)
    Reads the draft's trigger kind, the classifier's probability and the modality flags; writes
    the event's ``confidence``.

``table`` writes the flat event table (CSV) for analysts.
"""

from .coding import PLOVER_TYPES, find_events, primary_event, sentence_keys, type_probabilities

__all__ = ["find_events", "primary_event", "type_probabilities", "sentence_keys", "PLOVER_TYPES"]
