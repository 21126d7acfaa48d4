"""Build the loaded-wording lexicon (``src/newsdesk/knowledge/data/loaded_words.json``).

Why: the technique classifier is trained on SemEval-2023, where most paragraphs are propaganda;
on ordinary news its Loaded_Language fires on neutral sentences ("There are 956 miles of border
...", "I tried the mouse instead."). Loaded Language is, by definition, a property of wording, so
the stage states it only where the paragraph (or the sentence given as its span) holds at least
one word that annotators mark as loaded far more often than chance.

Data: the English SemEval-2023 TRAIN split only (``semeval2023_en.train.jsonl``), its gold
``spans`` with ``technique == "Loaded_Language"``. For every lower-cased word token (the same
``word_tokens`` the classifier uses) we count its occurrences inside Loaded_Language spans
(``inside``) and in all train text (``total``). A word enters the lexicon when

- ``inside >= MIN_INSIDE`` (seen loaded in several places, not one annotator's whim), and
- its rate inside spans, ``inside / total``, is at least ``LIFT`` times the base rate (the share
  of all train tokens that lie inside Loaded_Language spans), and
- it is not a function word (``techniques._STOP``), a number, or punctuation.

The dev split is used only to print the coverage that results (share of gold Loaded_Language
paragraphs holding a lexicon word, share of the others), never to choose words.

    .venv/bin/python scripts/build_loaded_lexicon.py [--train PATH] [--dev PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsdesk.analysis.linear import _TOKEN_RE, word_tokens  # noqa: E402
from newsdesk.analysis.techniques import _STOP  # noqa: E402
from newsdesk.knowledge import DATA_DIR  # noqa: E402

LABEL = "Loaded_Language"
OUT_FILE = "loaded_words.json"
MIN_INSIDE = 2
LIFT = 6.0
EVAL = ROOT.parent / "shared" / "eval" / "persuasion"


def _records(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _is_word(token: str) -> bool:
    """Lexicon candidates: alphabetic content words (no numbers, punctuation or function words)."""
    return token[0].isalpha() and token not in _STOP and len(token) > 2


def count(records: list[dict]) -> tuple[Counter, Counter]:
    """(occurrences inside Loaded_Language spans, occurrences anywhere) per lower-cased token."""
    inside: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for record in records:
        text = record["text"].lower().replace("’", "'")  # as word_tokens does; same length
        spans = [(s["start"], s["end"]) for s in record.get("spans", []) if s.get("technique") == LABEL]
        for match in _TOKEN_RE.finditer(text):
            token = match.group()
            total[token] += 1
            if any(s <= match.start() and match.end() <= e for s, e in spans):
                inside[token] += 1
    return inside, total


def select(inside: Counter, total: Counter) -> dict[str, list[int]]:
    """Words loaded far more often than chance: {word: [inside, total]}."""
    base = sum(inside.values()) / max(1, sum(total.values()))
    return {w: [inside[w], total[w]] for w in sorted(inside)
            if _is_word(w) and inside[w] >= MIN_INSIDE and inside[w] / total[w] >= LIFT * base}


def coverage(records: list[dict], words: set[str]) -> tuple[float, float]:
    """Share of gold-LL paragraphs holding a lexicon word, and share of the other paragraphs."""
    hit = {True: [0, 0], False: [0, 0]}
    for record in records:
        gold = LABEL in record.get("techniques", [])
        hit[gold][1] += 1
        hit[gold][0] += bool(words.intersection(word_tokens(record["text"])))
    return hit[True][0] / max(1, hit[True][1]), hit[False][0] / max(1, hit[False][1])


def _dumps(payload: dict) -> str:
    """JSON with one word per line (diffable when the lexicon is rebuilt)."""
    head = {k: v for k, v in payload.items() if k != "words"}
    lines = [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()]
    words = [f"    {json.dumps(w, ensure_ascii=False)}: {json.dumps(c)}" for w, c in payload["words"].items()]
    return "{\n" + "\n".join(lines) + '\n  "words": {\n' + ",\n".join(words) + "\n  }\n}\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path, default=EVAL / "semeval2023_en.train.jsonl")
    parser.add_argument("--dev", type=Path, default=EVAL / "semeval2023_en.dev.jsonl")
    args = parser.parse_args()
    inside, total = count(_records(args.train))
    base = sum(inside.values()) / max(1, sum(total.values()))
    words = select(inside, total)
    payload = {
        "_about": (f"Built by scripts/build_loaded_lexicon.py from the SemEval-2023 English train split's "
                   f"Loaded_Language spans: lower-cased words with >= {MIN_INSIDE} occurrences inside "
                   f"spans and an inside rate >= {LIFT}x the base rate ({base:.4f}). "
                   f"Values: [occurrences inside Loaded_Language spans, occurrences in all train text]."),
        "min_inside": MIN_INSIDE, "lift": LIFT, "base_rate": round(base, 5),
        "words": words,
    }
    (DATA_DIR / OUT_FILE).write_text(_dumps(payload), encoding="utf-8")
    print(f"base rate {base:.4f}; {len(words)} words -> {DATA_DIR / OUT_FILE}")
    if args.dev.exists():
        pos, neg = coverage(_records(args.dev), set(words))
        print(f"dev: {pos:.3f} of Loaded_Language paragraphs hold a lexicon word, {neg:.3f} of the others")


if __name__ == "__main__":
    main()
