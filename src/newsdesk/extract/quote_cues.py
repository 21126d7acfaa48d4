"""The trained cue lexicon: how often a verb in a given frame reports what someone said.

``knowledge/data/quote_cues.json`` is built by ``scripts/train_quotes.py`` from PolNeAR train only.
For each (lemma, frame) it stores how many candidate attributions the rules proposed and how
many of those matched a gold attribution. The score is that rate, smoothed towards the frame's
overall rate so that a verb seen twice does not get a score of 0 or 1.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

LEXICON_PATH = Path(__file__).resolve().parents[1] / "knowledge" / "data" / "quote_cues.json"


@dataclass(frozen=True)
class CueLexicon:
    """Smoothed hit rates of (lemma, frame) pairs, plus the cut-off above which a frame is kept."""

    counts: dict[str, dict[str, tuple[int, int]]]
    frame_prior: dict[str, float]
    prior_weight: float
    threshold: float

    def score(self, lemma: str, frame: str) -> float:
        """Probability-like score that ``lemma`` in ``frame`` introduces an attribution."""
        prior = self.frame_prior.get(frame, 0.0)
        hits, total = self.counts.get(lemma, {}).get(frame, (0, 0))
        return (hits + self.prior_weight * prior) / (total + self.prior_weight)

    def seen(self, lemma: str) -> bool:
        """Whether training saw ``lemma`` as a candidate cue at all."""
        return lemma in self.counts

    def keeps(self, lemma: str, frame: str) -> bool:
        """Whether a frame with this cue is emitted as a quote."""
        return self.score(lemma, frame) >= self.threshold

    def scored(self, candidates: list) -> list:
        """The candidates with their ``score`` set."""
        return [replace(c, score=self.score(c.lemma, c.frame)) for c in candidates]


def lexicon_from_json(data: dict) -> CueLexicon:
    """Build a lexicon from the JSON object ``scripts/train_quotes.py`` writes."""
    counts = {lemma: {frame: (int(pair[0]), int(pair[1])) for frame, pair in frames.items()}
              for lemma, frames in data["cues"].items()}
    return CueLexicon(counts, dict(data["frame_prior"]), float(data["prior_weight"]), float(data["threshold"]))


@lru_cache(maxsize=2)
def load_lexicon(path: str = str(LEXICON_PATH)) -> CueLexicon:
    """The lexicon shipped with the package (read once per process)."""
    with open(path, encoding="utf-8") as handle:
        return lexicon_from_json(json.load(handle))
