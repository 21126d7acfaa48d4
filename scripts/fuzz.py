"""Fuzz the readers and the pipeline with generated and mutated inputs (issue 18).

    PYTHONPATH=src python scripts/fuzz.py --inputs 10000 [--corpus ../shared/corpus/news.jsonl] [--seed 1]

Seeds are corpus records read at run time (never copied into the repo). Each round writes a JSONL file
that mixes good records (a corpus text cut to a few paragraphs, under a fresh id) with hostile lines
(mutated records, '[' nesting, NUL bytes, invalid UTF-8, lone surrogate escapes, runs of capitals, emoji,
'&amp;' floods, long lines), reads and analyses it with ``analyze_many`` like ``newsdesk analyze``, and
counts: inputs tried, crashes (an exception escaping, or an E023/"analysis failed" error), hangs (one
input over the time budget plus a margin) and good documents lost (a good record without an analysis).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

HOSTILE_UNITS = ["A", "1", " ", ".", "-", "“", "\"", "'", ":", "&amp;", "\U0001F600", "\u200b", "(", "[", "é"]


def seeds(corpus: Path, count: int, rng: random.Random) -> list[str]:
    """``count`` corpus texts cut to their first paragraphs (short, so that many rounds fit)."""
    texts = []
    with corpus.open(encoding="utf-8") as handle:
        for line in handle:
            texts.append(json.loads(line)["text"])
            if len(texts) >= count * 4:
                break
    return ["\n".join(t.split("\n")[:4])[:1500] for t in rng.sample(texts, min(count, len(texts)))]


def mutate(text: str, rng: random.Random) -> bytes:
    """One hostile JSONL line made from ``text``."""
    choice = rng.randrange(12)
    if choice == 0:
        return b"[" * rng.randint(100, 20_000)
    if choice == 1:
        return json.dumps({"text": text}).encode()[: rng.randint(1, 200)]  # cut mid-record
    if choice == 2:
        data = bytearray(json.dumps({"text": text}).encode())
        for _ in range(rng.randint(1, 5)):
            data[rng.randrange(len(data))] = rng.choice([0, 0xFF, 0xC3, 0x80, ord('"'), ord("\\")])
        return bytes(data)
    if choice == 3:
        at = rng.randrange(len(text) + 1)
        return json.dumps({"text": text[:at]}).encode()[:-2] + b"\\ud800" + json.dumps(text[at:]).encode()[1:-1] + b'"}'
    if choice == 4:
        unit = rng.choice(HOSTILE_UNITS)
        return json.dumps({"text": unit * rng.randint(100, 60_000) + ". Karzai said."}).encode()
    if choice == 5:
        at = rng.randrange(len(text) + 1)
        run = rng.choice(HOSTILE_UNITS) * rng.randint(50, 3_000)
        return json.dumps({"text": text[:at] + run + text[at:]}).encode()
    if choice == 6:
        return json.dumps({"html": "<html><body>" + "<div>" * rng.randint(10, 3000) + text + "</body></html>"}).encode()
    if choice == 7:
        return json.dumps(rng.choice([[], 1, "text", None, {"text": 5}, {"title": text[:50]}])).encode()
    if choice == 8:
        words = text.split()
        rng.shuffle(words)
        return json.dumps({"text": " ".join(words), "published": rng.choice(["", "yesterday", "2024-13-45"])}).encode()
    if choice == 9:
        return json.dumps({"text": "".join(chr(rng.randint(1, 0x2FFFF)) for _ in range(rng.randint(1, 400)))}).encode()
    if choice == 10:
        return bytes(rng.randrange(256) for _ in range(rng.randint(1, 300))).replace(b"\n", b" ")
    return json.dumps({"text": text.upper()}).encode()


def run(inputs: int, corpus: Path, seed: int, round_size: int, slack_s: float) -> dict:
    from newsdesk import analyze_many
    from newsdesk.budget import Budget
    from newsdesk.errors import NewsdeskError

    rng = random.Random(seed)
    pool = seeds(corpus, 200, rng)
    budget = Budget.from_env()
    totals = {"inputs tried": 0, "crashes": 0, "hangs": 0, "documents lost": 0, "good documents": 0,
              "refused": 0, "analysed": 0}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        while totals["inputs tried"] < inputs:
            lines, good = [], {}
            for index in range(min(round_size, inputs - totals["inputs tried"])):
                text = rng.choice(pool)
                if rng.random() < 0.3:
                    key = f"good-{totals['inputs tried'] + index}"
                    good[key] = len(lines)
                    lines.append(json.dumps({"id": key, "text": text}).encode())
                else:
                    lines.append(mutate(text, rng))
            path = Path(folder) / "round.jsonl"
            path.write_bytes(b"\n".join(line.replace(b"\n", b" ") for line in lines) + b"\n")
            round_started = time.perf_counter()
            try:
                results = list(analyze_many([str(path)], batch_size=16))
            except Exception as exc:  # an exception escaping is a crash; the round's good docs are lost
                print(f"CRASH {type(exc).__name__}: {exc}", file=sys.stderr)
                totals["crashes"] += 1
                totals["documents lost"] += len(good)
                results = []
            elapsed = time.perf_counter() - round_started
            if elapsed > budget.seconds * len(lines) + slack_s:
                totals["hangs"] += 1
            ids = {getattr(r.document, "id", None) for r in results if not isinstance(r, NewsdeskError)}
            totals["documents lost"] += sum(1 for key in good if key not in ids)
            for r in results:
                if isinstance(r, NewsdeskError):
                    totals["refused"] += 1
                    if r.code in ("E000", "E023") or "analysis failed" in r.message:
                        totals["crashes"] += 1
                        print(f"CRASH {r.message[:300]}", file=sys.stderr)
                    if r.code == "E026":
                        totals["hangs"] += 1
                else:
                    totals["analysed"] += 1
            totals["inputs tried"] += len(lines)
            totals["good documents"] += len(good)
            rate = totals["inputs tried"] / (time.perf_counter() - started)
            print(f"{totals['inputs tried']} inputs · {rate:.1f}/s · " + " · ".join(
                f"{k} {v}" for k, v in totals.items() if k != "inputs tried"), file=sys.stderr, flush=True)
    totals["seconds"] = round(time.perf_counter() - started, 1)
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
                        / "news.jsonl")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--round", type=int, default=200, help="inputs per JSONL file")
    parser.add_argument("--slack", type=float, default=120.0, help="seconds over the budget before a round counts as hung")
    args = parser.parse_args()
    totals = run(args.inputs, args.corpus, args.seed, args.round, args.slack)
    print(json.dumps(totals))
    sys.exit(1 if totals["crashes"] or totals["hangs"] or totals["documents lost"] else 0)


if __name__ == "__main__":
    main()
