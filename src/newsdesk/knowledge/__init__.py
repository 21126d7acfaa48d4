"""Knowledge files: lexicons, gazetteers and trained weights, loaded once per process."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"


@lru_cache(maxsize=None)
def load_data(name: str) -> Any:
    """Load a knowledge file from ``knowledge/data`` by file name (JSON or YAML), cached."""
    path = DATA_DIR / name
    with path.open(encoding="utf-8") as handle:
        if path.suffix in (".yaml", ".yml"):
            return yaml.safe_load(handle)
        return json.load(handle)
