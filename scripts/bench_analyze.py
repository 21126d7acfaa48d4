"""Words per second of each analysis stage (techniques, stances, analogies), parse excluded.

Input: a quotes-format JSONL of whole articles (default: PolNeAR dev, 84 US political news
articles). Each article is parsed once; then each stage is timed alone. Stances need actors: here
they are built from spaCy's PERSON / ORG / NORP / GPE entities grouped by surface (the pipeline's
actor stage is richer and slower; it is not part of this number), with one body segment per
article and the article's source as the publisher.

    .venv/bin/python scripts/bench_analyze.py [PATH] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsdesk.analysis.analogies import find_analogies  # noqa: E402
from newsdesk.analysis.stance import find_stances  # noqa: E402
from newsdesk.analysis.techniques import find_techniques  # noqa: E402
from newsdesk.model import Actor, Segment  # noqa: E402
from newsdesk.nlp import parse_many  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "eval" / "quotes" / "polnear.dev.jsonl"
ENTITY_TYPES = {"PERSON": "person", "ORG": "organization", "NORP": "group", "GPE": "country"}


def entity_actors(doc) -> list[Actor]:
    """One actor per distinct entity surface (a stand-in for the pipeline's actor stage)."""
    spans: dict[tuple[str, str], list[list[int]]] = defaultdict(list)
    for ent in doc.ents:
        if ent.label_ in ENTITY_TYPES:
            spans[(ent.text, ent.label_)].append([ent.start_char, ent.end_char])
    return [Actor(id=f"e{i}", name=name, type=ENTITY_TYPES[label], mentions=mentions)
            for i, ((name, label), mentions) in enumerate(spans.items())]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT))
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    with open(args.path, encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle if line.strip()][:args.limit]
    started = time.perf_counter()
    docs = list(parse_many(texts))
    parse_seconds = time.perf_counter() - started
    words = sum(len(t.split()) for t in texts)
    seconds = {"techniques": 0.0, "stances": 0.0, "analogies": 0.0}
    counts = {"techniques": 0, "stances": 0, "analogies": 0}
    for doc in docs:
        segments = [Segment(kind="body", start=0, end=len(doc.text))]
        actors = entity_actors(doc)
        for stage, run in (("techniques", lambda: find_techniques(doc, segments)),
                           ("stances", lambda: find_stances(doc, segments, actors, [], "publisher")),
                           ("analogies", lambda: find_analogies(doc))):
            t0 = time.perf_counter()
            counts[stage] += len(run())
            seconds[stage] += time.perf_counter() - t0
    report = {"docs": len(docs), "words": words, "parse_words_per_s": round(words / parse_seconds)}
    for stage in seconds:
        report[f"{stage}_words_per_s"] = round(words / seconds[stage]) if seconds[stage] else 0
        report[f"{stage}_found"] = counts[stage]
    print(json.dumps(report))


if __name__ == "__main__":
    main()
