"""Reading evaluation sets: one reader for every task's JSONL file, with errors that name the line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator, Optional, Sequence

from ..errors import EvalDataError, MissingInput


def iter_records(path: str | Path, required: Sequence[str] = ()) -> Iterator[dict]:
    """Yield the JSON objects of an evaluation file; a bad line is an error naming file and line."""
    file = Path(path)
    if not file.is_file():
        raise MissingInput(str(path))
    with file.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise EvalDataError(f"{path}:{number}", f"not valid JSON ({exc.msg})") from exc
            missing = [key for key in required if key not in record]
            if missing:
                raise EvalDataError(f"{path}:{number}", f"the record needs the field(s) {', '.join(missing)}")
            yield record


def read_records(path: str | Path, limit: Optional[int] = None, required: Sequence[str] = ()) -> list[dict]:
    """The first ``limit`` records of an evaluation file (all of them without a limit)."""
    records = []
    for record in iter_records(path, required):
        records.append(record)
        if limit is not None and len(records) >= limit:
            break
    return records
