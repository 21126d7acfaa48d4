"""A confidence on every fact, calibrated per layer, and the threshold that decides what is stated.

Every item of every layer (actors, places, quotes, events, calls, stances, techniques, analogies)
carries ``confidence``. Each stage writes a *raw* score (its own evidence strength); this module,
the last stage of the pipeline (``pipeline.analyze_parsed``), maps it to a *calibrated* one (of the
items at confidence c, about c were right on the labelled dev data) and keeps the items at or above
a threshold. The maps and default thresholds are data, ``knowledge/data/calibration.json``, written
by ``scripts/calibrate_confidence.py``:

    {"layers": {"stances": {"map": [[raw, calibrated], ...], "none": 0.6, "threshold": 0.5}, ...}}

- ``map``: a monotone piecewise-linear map from raw to calibrated confidence (fitted by isotonic
  regression on realnews dev; flat outside its first and last points);
- ``none``: the calibrated confidence of an item whose stage wrote no raw score (the layer's
  precision on dev: a layer that has no per-item score yet is still calibrated as a whole);
  null keeps such items at ``None``;
- ``threshold``: the layer's default, chosen for precision.

Thresholds: ``min_confidence=None`` uses each layer's default; a number uses that number for every
layer, so ``0`` keeps everything. The process-wide default can be set with the environment variable
``NEWSDESK_MIN_CONFIDENCE`` (the CLI's ``--min-confidence`` sets it, so that worker processes of
``batch`` and ``ingest`` inherit it). An item whose confidence is still ``None`` after calibration
(no raw score, no ``none`` value) is always kept: a layer that is not calibrated is not filtered.

Cross-references stay consistent: an actor is kept when any kept item refers to it (a quote's or
call's speaker, an event's actor or recipient, a stance's holder or target, a segment's speaker),
whatever its own confidence, since a fact's participants are part of the fact; a place an event
refers to is kept likewise. A quote's ``parent`` index is remapped, or set to null when its parent
was dropped.
"""

from __future__ import annotations

import json
import os
from bisect import bisect_right
from functools import lru_cache
from typing import Any, Iterable, Optional

from .errors import CalibrationError, InvalidConfidence
from .knowledge import DATA_DIR
from .model import Analysis

CALIBRATION_FILE = "calibration.json"
ENV_MIN_CONFIDENCE = "NEWSDESK_MIN_CONFIDENCE"
# Layer name (as score.py and the calibration file call it) → the Analysis field holding its items.
LAYERS = {"actors": "actors", "places": "places", "quotes": "quotes", "events": "events",
          "calls": "calls_to_action", "stances": "stances", "techniques": "techniques", "analogies": "analogies"}


@lru_cache(maxsize=1)
def calibration() -> dict[str, dict[str, Any]]:
    """The per-layer maps and thresholds (empty when the file is absent: nothing is changed)."""
    path = DATA_DIR / CALIBRATION_FILE
    if not path.is_file():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("layers", {})
    except (ValueError, AttributeError) as error:
        raise CalibrationError(str(path), str(error)) from None


def calibrated(layer: str, raw: Optional[float]) -> Optional[float]:
    """The calibrated confidence of a raw score of ``layer`` (see the module docstring)."""
    entry = calibration().get(layer)
    return raw if entry is None else map_raw(entry, raw)


def map_raw(entry: dict[str, Any], raw: Optional[float]) -> Optional[float]:
    """A raw score through one layer's entry of the calibration file: its ``none`` value for a
    missing score, else linear interpolation between the map's points, flat past its ends."""
    if raw is None:
        return entry.get("none")
    points = entry.get("map") or []
    if not points:
        return raw
    xs = [p[0] for p in points]
    i = bisect_right(xs, raw)
    if i == 0:
        return round(points[0][1], 3)
    if i >= len(points):
        return round(points[-1][1], 3)
    (x0, y0), (x1, y1) = points[i - 1], points[i]
    share = (raw - x0) / (x1 - x0) if x1 > x0 else 1.0
    return round(y0 + share * (y1 - y0), 3)


def threshold(layer: str, min_confidence: Optional[float] = None) -> float:
    """The threshold of ``layer``: the given one, else the environment's, else the layer's default."""
    if min_confidence is None:
        env = os.environ.get(ENV_MIN_CONFIDENCE)
        if env not in (None, ""):
            min_confidence = _parsed(env, ENV_MIN_CONFIDENCE)
    if min_confidence is not None:
        return float(min_confidence)
    return float(calibration().get(layer, {}).get("threshold", 0.0))


def set_min_confidence(value: Optional[float]) -> None:
    """Make ``value`` the process-wide threshold (inherited by worker processes); None: defaults.
    Raises ``InvalidConfidence`` (E045) outside [0, 1]."""
    if value is None:
        return
    os.environ[ENV_MIN_CONFIDENCE] = repr(_parsed(value, "min_confidence"))


def _parsed(value, where: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidConfidence(where, repr(value)) from None
    if not 0.0 <= number <= 1.0:
        raise InvalidConfidence(where, repr(value))
    return number


MIN_CONFIDENCE_HELP = ("Keep the facts whose calibrated confidence is at least this (0 keeps everything); "
                       "default: each layer's threshold from calibration.json (docs/EVALUATION.md).")


def calibrate(analysis: Analysis) -> Analysis:
    """Replace every item's raw confidence by its calibrated one (in place; returned)."""
    for layer, field in LAYERS.items():
        for item in getattr(analysis, field):
            item.confidence = calibrated(layer, item.confidence)
    return analysis


def keep_confident(analysis: Analysis, min_confidence: Optional[float] = None) -> Analysis:
    """Drop the items below their layer's threshold, keeping references consistent (in place)."""
    def kept(layer: str) -> list:
        limit = threshold(layer, min_confidence)
        items = getattr(analysis, LAYERS[layer])
        return [x for x in items if x.confidence is None or x.confidence >= limit]

    quotes = kept("quotes")
    old_index = {id(q): i for i, q in enumerate(analysis.quotes)}
    new_index = {old_index[id(q)]: i for i, q in enumerate(quotes)}
    for quote in quotes:
        quote.parent = new_index.get(quote.parent) if quote.parent is not None else None
    analysis.quotes = quotes
    for layer in ("events", "calls", "stances", "techniques", "analogies"):
        setattr(analysis, LAYERS[layer], kept(layer))
    referenced = set(_actor_references(analysis))
    actors = set(id(a) for a in kept("actors"))
    analysis.actors = [a for a in analysis.actors if id(a) in actors or a.id in referenced]
    places = set(id(p) for p in kept("places"))
    used_places = {e.place for e in analysis.events if e.place}
    analysis.places = [p for p in analysis.places if id(p) in places or p.id in used_places]
    return analysis


def apply(analysis: Analysis, min_confidence: Optional[float] = None) -> Analysis:
    """The pipeline's last stage: calibrate, then keep what meets the thresholds."""
    return keep_confident(calibrate(analysis), min_confidence)


def _actor_references(analysis: Analysis) -> Iterable[str]:
    for quote in analysis.quotes:
        if quote.speaker:
            yield quote.speaker
    for call in analysis.calls_to_action:
        if call.speaker:
            yield call.speaker
    for event in analysis.events:
        yield from (x for x in (event.actor, event.recipient) if x)
    for stance in analysis.stances:
        yield stance.holder
        yield stance.target
    for segment in analysis.segments:
        if segment.speaker:
            yield segment.speaker


__all__ = ["apply", "set_min_confidence", "MIN_CONFIDENCE_HELP", "calibrate", "calibrated", "keep_confident", "threshold", "LAYERS", "ENV_MIN_CONFIDENCE"]
