"""``newsdesk eval events``: PLOVER event coding on a labelled events JSONL file.

Gold: the ``events`` format (``shared/eval/FORMAT.md``), one snippet per record with one gold
PLOVER type (``plover``) and, in PLOVER GSR, the actor and recipient as text. Each snippet goes
through the whole pipeline (``analyze_texts``) and is scored by its **primary event**: the most
confident event that is not negated (``extract.events.primary_event``); a snippet with no event
predicts "no event" (``NONE``), which is wrong for every gold type.

The set is told by its record ids (``case2021:…`` or ``plover_gsr:…``); an unknown set with
gold actors is scored like GSR, else like CASE.

case2021 (``shared/eval/README.md``): per-label F1 over the PLOVER types; ``plover_weighted_f1``
weights each gold label by its support, ``plover_macro_f1`` is the plain mean over the labels
present in gold; records whose gold ``plover`` is null are left out.

plover_gsr: ``type_accuracy``; ``actor_match`` and ``recipient_match``; and
``type_actor_recipient_acc``, the share of records with all three right. A role matches when
the predicted filler (the actor's canonical name, or the text of the phrase that fills the
role) shares a content word (case-insensitive, stop words and punctuation aside) with one of
the gold ``"; "``-separated parts; a null gold role matches only a null prediction. The GSR gives
names without offsets, so this is the closest check of "the same actor" the data allows.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Optional, Sequence

from ..extract.events.lexicon import PLOVER_TYPES
from ..extract.events import primary_event
from ..model import Analysis, Event
from ..nlp import DEFAULT_MODEL
from .data import read_records
from .metrics import prf

NONE = "NONE"
_STOP = frozenset("the a an of and in on at to for from by with its their his her s 's".split())


def evaluate_events(path: str | Path, limit: Optional[int] = None, model: str = DEFAULT_MODEL) -> dict:
    """Scores of the primary event per snippet against a case2021- or GSR-style file."""
    from ..pipeline import analyze_texts

    records = read_records(path, limit, required=("text", "plover"))
    analyses = analyze_texts([r["text"] for r in records], model=model, min_confidence=0.0)  # the extractor, unfiltered
    return score(records, analyses)


def score(records: Sequence[dict], analyses: Sequence[Analysis]) -> dict:
    """The scores of the set the records come from (see the module docstring)."""
    predictions = [primary_event(a.events) for a in analyses]
    if detect_set(records) == "plover_gsr":
        return score_roles(records, predictions, [a.document.text for a in analyses])
    return score_types(records, predictions)


def detect_set(records: Sequence[dict]) -> str:
    """``case2021`` or ``plover_gsr``, from the ids, else from whether actors are annotated."""
    ids = Counter(str(r.get("id", "")).split(":", 1)[0] for r in records)
    if ids.get("plover_gsr"):
        return "plover_gsr"
    if ids.get("case2021"):
        return "case2021"
    return "plover_gsr" if any(r.get("actor") for r in records) else "case2021"


def score_types(records: Sequence[dict], predictions: Sequence[Optional[Event]]) -> dict:
    """Weighted and macro F1 of the snippet type over records with a gold PLOVER type."""
    pairs = [(r["plover"], p.type if p else NONE) for r, p in zip(records, predictions) if r.get("plover")]
    gold_counts = Counter(g for g, _ in pairs)
    pred_counts = Counter(p for _, p in pairs)
    hits = Counter(g for g, p in pairs if g == p)
    per_label = {label: prf(hits[label], pred_counts[label], gold_counts[label])[2] for label in gold_counts}
    total = sum(gold_counts.values())
    weighted = sum(per_label[label] * gold_counts[label] for label in gold_counts) / total if total else 0.0
    macro = sum(per_label.values()) / len(per_label) if per_label else 0.0
    result = {"set": "case2021", "n": len(pairs), "n_skipped_null": len(records) - len(pairs),
              "plover_weighted_f1": round(weighted, 4), "plover_macro_f1": round(macro, 4),
              "accuracy": round(sum(hits.values()) / total, 4) if total else 0.0,
              "no_event": pred_counts[NONE]}
    result.update({f"f1_{label}": round(per_label[label], 4) for label in sorted(per_label)})
    return result


def score_roles(records: Sequence[dict], predictions: Sequence[Optional[Event]], texts: Sequence[str]) -> dict:
    """Type accuracy, actor and recipient match, and all three together."""
    n = len(records)
    type_ok = actor_ok = recipient_ok = all_ok = 0
    for record, event, text in zip(records, predictions, texts):
        t = event is not None and event.type == record["plover"]
        a = role_matches(record.get("actor"), role_names(event, "actor", text))
        r = role_matches(record.get("recipient"), role_names(event, "recipient", text))
        type_ok += t
        actor_ok += a
        recipient_ok += r
        all_ok += t and a and r
    rate = (lambda k: round(k / n, 4) if n else 0.0)
    return {"set": "plover_gsr", "n": n, "type_accuracy": rate(type_ok), "actor_match": rate(actor_ok),
            "recipient_match": rate(recipient_ok), "type_actor_recipient_acc": rate(all_ok),
            "no_event": sum(p is None for p in predictions)}


def role_names(event: Optional[Event], role: str, text: str) -> list[str]:
    """What the prediction says fills a role: the actor's canonical name (and id) and the text
    of the phrase that fills it."""
    if event is None:
        return []
    span = getattr(event, f"{role}_span")
    names = [getattr(event, f"{role}_name"), getattr(event, role), text[span[0]:span[1]] if span else None]
    return [n for n in names if n]


def role_matches(gold: Optional[str], predicted: Sequence[str]) -> bool:
    """A predicted filler shares a content word with one of the gold parts; null matches null."""
    if not gold:
        return not predicted
    predicted_words = set().union(*(content_words(p) for p in predicted)) if predicted else set()
    return any(content_words(part) & predicted_words for part in gold.split("; "))


def content_words(text: str) -> set[str]:
    """Lower-cased word tokens without stop words ("U.S." -> "u.s", hyphen parts apart)."""
    words = re.findall(r"[\w.]+", text.lower().replace("-", " "))
    return {w.strip(".") for w in words if w.strip(".") and w.strip(".") not in _STOP}


__all__ = ["evaluate_events", "score", "detect_set", "role_matches", "PLOVER_TYPES"]
