"""Write the corpus several times over as new documents, for the long-run memory test (issue 18).

The store keys a document by the hash of its text, so the corpus read again would only add sightings.
Each pass after the first gets new ids and one closing line that names the pass, which makes every
text new (and a near copy of its first-pass original, as wire copies are: the near-duplicate index and
the stories get their share of the work too). Texts are read from the shared corpus at run time.

    python scripts/long_run_corpus.py --passes 3 > /tmp/corpus_x3.jsonl      # 19,191 documents
    /usr/bin/time -v newsdesk ingest /tmp/corpus_x3.jsonl --db /tmp/x3.db --limit 20000 --no-progress
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "news.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--corpus", default=str(CORPUS))
    args = parser.parse_args()
    lines = Path(args.corpus).read_text(encoding="utf-8").split("\n")  # not splitlines: U+2028 in texts
    for number in range(1, args.passes + 1):
        for line in lines:
            if not line.strip():
                continue
            record = json.loads(line)
            if number > 1:
                record["id"] = f"{record.get('id', '')}-pass{number}"
                record["text"] = f"{record['text'].rstrip()}\n\n(Pass {number} of the long-run memory test.)"
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
