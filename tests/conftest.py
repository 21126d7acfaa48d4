"""Shared fixtures. Third-party texts are read from ../shared/ and never copied into the repo."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_233170fa76b6448f.txt"
EXAMPLES = ROOT / "examples"


def shared_file(*parts: str) -> Path:
    """A file under ../shared/, or a visible skip when the shared data is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not available: {path} (tests that need ../shared/ are skipped)")
    return path


@lru_cache(maxsize=1)
def _corpus_index() -> dict[str, dict]:
    """Every record of ../shared/corpus/news.jsonl by id, read once per test session."""
    with shared_file("corpus", "news.jsonl").open(encoding="utf-8") as lines:
        return {record["id"]: record for record in map(json.loads, lines) if record.get("id")}


def corpus_record(doc_id: str) -> dict:
    """A corpus record by id (bugs found in real output are tested on their document, read at run
    time: corpus texts never enter the repository), or a visible skip when it is not there."""
    record = _corpus_index().get(doc_id)
    if record is None:
        pytest.skip(f"{doc_id} not in the corpus")
    return record


def corpus_text(doc_id: str) -> str:
    """The text of a corpus record by id (see ``corpus_record``)."""
    return corpus_record(doc_id)["text"]


@pytest.fixture(scope="session")
def seed_text() -> str:
    return shared_file("seed", "000_233170fa76b6448f.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_analysis(seed_text):
    from newsdesk import analyze

    return analyze(seed_text)
