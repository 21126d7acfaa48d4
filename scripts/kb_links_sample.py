"""Draw a seeded sample of actor knowledge-base links from corpus documents, for checking by hand.

    PYTHONPATH=src .venv/bin/python scripts/kb_links_sample.py [--links 100] [--seed 14]
        [--corpus ../shared/corpus/news.jsonl] [--exclude ../shared/eval/realnews/realnews.dev.jsonl]

Documents are drawn in a seeded random order from the corpus (the realnews dev documents left
out: they are an evaluation set), analysed as ``newsdesk analyze`` does, and every actor with a
``kb`` link is printed until ``--links`` are listed: the document, the actor (name, type, the
first mentions with some context), the KB entry it was linked to (id, name, kind, country) and
the code. Actors of the same documents left unlinked are listed after each document, so the
reader can also count names that should have been linked. docs/KB.md records one such check.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _ids(path: Path) -> set[str]:
    if not path.is_file():
        return set()
    with path.open(encoding="utf-8") as lines:
        return {json.loads(line).get("id") for line in lines if line.strip()}


def _records(corpus: Path, exclude: set[str], seed: int) -> list[dict]:
    with corpus.open(encoding="utf-8") as lines:
        records = [r for r in map(json.loads, lines) if r.get("id") not in exclude and r.get("text")]
    random.Random(seed).shuffle(records)
    return records


def _context(text: str, span: list[int], width: int = 50) -> str:
    start, end = span
    return (text[max(0, start - width):start] + "[" + text[start:end] + "]" + text[end:end + width]).replace("\n", " ")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--links", type=int, default=100)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "news.jsonl"))
    parser.add_argument("--exclude", action="append",
                        default=[str(ROOT.parent / "shared" / "eval" / "realnews" / "realnews.dev.jsonl")])
    args = parser.parse_args(argv)

    from newsdesk.extract.actors.linking import _document_countries, _entry_for
    from newsdesk.pipeline import analyze_documents
    from newsdesk.read.jsonl import record_to_document

    exclude = set().union(*(_ids(Path(p)) for p in args.exclude))
    listed = 0
    for record in _records(Path(args.corpus), exclude, args.seed):
        raw = record_to_document(record, args.corpus).assemble()
        [analysis] = list(analyze_documents([raw]))
        text, date = raw.text, raw.published
        countries = _document_countries(analysis.actors, date)
        linked = [a for a in analysis.actors if a.kb and (a.kb.cameo or a.kb.wikidata)]
        print(f"## {record['id']}  date={date}  countries={sorted(countries)}")
        for actor in linked:
            if listed >= args.links:
                break
            listed += 1
            entry = _entry_for(actor, date, countries)
            where = entry and f"{entry.id} | {entry.name} | {entry.kind} | {entry.country}"
            print(f"{listed:3}. {actor.name!r} ({actor.type}) -> {actor.kb.cameo} {actor.kb.wikidata or ''} [{where}]")
            for span in actor.mentions[:2]:
                print(f"       {_context(text, span)}")
        unlinked = [a.name for a in analysis.actors if not (a.kb and (a.kb.cameo or a.kb.wikidata))]
        print(f"     unlinked: {unlinked}")
        if listed >= args.links:
            break
    return 0


if __name__ == "__main__":
    sys.exit(main())
