"""``newsdesk eval geo``: toponym recognition and resolution against geo-tagged gold.

Gold: a JSONL file in the ``geo`` format (``shared/eval/FORMAT.md``): one article per line with
``toponyms`` = spans with ``lat``/``lon``. The texts are parsed in batches with
``nlp.parse_many`` and every document goes through ``extract.places.find_places`` with the
corpora's toponym convention (demonyms and names inside organisation names count); each mention
of a place is one predicted toponym with that place's point (or none, for unknown names).

Metrics (``shared/eval/README.md``; Gritta et al. 2018, "What's missing in geoparsing?"):
- ``toponym_precision/recall/f1``: predicted mentions against gold spans, matched one-to-one when
  they share at least one character (greedy by overlap);
- ``acc161_resolved``: over matched toponyms whose prediction has coordinates, the share within
  161 km (100 miles) of the gold point: the resolver's accuracy on what it resolved;
- ``acc161_end_to_end``: the share of *all* gold toponyms matched by a prediction within 161 km
  (missed toponyms and predictions without coordinates count as wrong);
- ``mean_km``, ``median_km``, ``auc``: error distance over matched toponyms with coordinates;
  AUC = area under the sorted log(1 + km) / log(1 + 20039) curve, lower is better;
  ``auc_end_to_end`` counts every gold toponym not resolved as the maximum error;
- ``n``: gold toponyms; ``n_pred``, ``n_matched``, ``n_resolved``, ``documents``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

from .data import read_records
from ..extract.places import find_places
from ..nlp import DEFAULT_MODEL, parse_many
from .metrics import MAX_ERROR_KM, error_auc, greedy_overlap_matching, haversine_km, mean, median, prf

ACC_KM = 161


@dataclass(frozen=True)
class PredictedToponym:
    """One predicted toponym as the scorer sees it."""

    start: int
    end: int
    lat: Optional[float]
    lon: Optional[float]


def read_geo(path: str, limit: Optional[int] = None) -> list[dict]:
    """The records of a geo JSONL file (the first ``limit`` of them)."""
    return read_records(path, limit, required=("text", "toponyms"))


def predict_toponyms(texts: Iterable[str], model: str = DEFAULT_MODEL, batch_size: int = 16) -> list[list[PredictedToponym]]:
    """Every place mention of each text, with its place's point."""
    predictions = []
    for doc in parse_many(texts, model=model, batch_size=batch_size):
        predictions.append([PredictedToponym(start, end, place.lat, place.lon)
                            for place in find_places(doc, toponyms=True) for start, end in place.mentions])
    return predictions


def score_geo(records: list[dict], predictions: list[list[PredictedToponym]]) -> dict:
    """The geo metrics over ``records`` given each record's predicted toponyms."""
    totals = {"gold": 0, "pred": 0, "matched": 0, "correct": 0}
    errors: list[float] = []
    for record, preds in zip(records, predictions):
        golds = record["toponyms"]
        totals["gold"] += len(golds)
        totals["pred"] += len(preds)
        pairs = greedy_overlap_matching([(p.start, p.end) for p in preds], [(g["start"], g["end"]) for g in golds])
        totals["matched"] += len(pairs)
        for p, g in pairs:
            pred, gold = preds[p], golds[g]
            if pred.lat is None or pred.lon is None:
                continue
            error = haversine_km(pred.lat, pred.lon, float(gold["lat"]), float(gold["lon"]))
            errors.append(error)
            totals["correct"] += error <= ACC_KM
    precision, recall, f1 = prf(totals["matched"], totals["pred"], totals["gold"])
    missing = totals["gold"] - len(errors)
    return {
        "toponym_precision": round(precision, 4), "toponym_recall": round(recall, 4), "toponym_f1": round(f1, 4),
        "acc161_resolved": round(totals["correct"] / len(errors), 4) if errors else 0.0,
        "acc161_end_to_end": round(totals["correct"] / totals["gold"], 4) if totals["gold"] else 0.0,
        "mean_km": round(mean(errors), 1), "median_km": round(median(errors), 1),
        "auc": round(error_auc(errors), 4),
        "auc_end_to_end": round(error_auc(errors + [float(MAX_ERROR_KM)] * missing), 4),
        "n": totals["gold"], "n_pred": totals["pred"], "n_matched": totals["matched"],
        "n_resolved": len(errors), "documents": len(records),
    }


def evaluate_geo(path: str, limit: Optional[int] = None, model: str = DEFAULT_MODEL, batch_size: int = 16) -> dict:
    """Parse the texts of a geo JSONL file, find their places and score them against the gold.

    ``limit`` scores only the first records (tests use a fixed subset). Keys: see the module doc.
    """
    records = read_geo(path, limit)
    predictions = predict_toponyms((r["text"] for r in records), model=model, batch_size=batch_size)
    return score_geo(records, predictions)


__all__ = ["evaluate_geo", "score_geo", "predict_toponyms", "read_geo", "PredictedToponym"]
