"""Shared fixtures. Third-party texts are read from ../shared/ and never copied into the repo."""

from __future__ import annotations

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


@pytest.fixture(scope="session")
def seed_text() -> str:
    return shared_file("seed", "000_233170fa76b6448f.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_analysis(seed_text):
    from newsdesk import analyze

    return analyze(seed_text)
