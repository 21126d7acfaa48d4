"""Every layer of an analysis as a pandas DataFrame, with the columns of the export (docs/SCHEMA.md).

``to_frames(analysis)`` → ``{"documents": …, "segments": …, "actors": …, "places": …, "quotes": …,
"events": …, "calls_to_action": …, "stances": …, …}``: the same rows the store and ``newsdesk export``
write, built from the record alone, so a notebook gets the documented columns without a store. List
columns (aliases, roles, addressees, evidence) are Python lists. pandas is optional:
``pip install 'newsdesk[pandas]'`` (E035 otherwise).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from .extras import require
from .model import Analysis
from .store.rows import document_row, fact_rows
from .store.schema import JSON_COLUMNS

if TYPE_CHECKING:  # pragma: no cover
    import pandas


def to_frames(analysis: Analysis) -> dict[str, "pandas.DataFrame"]:
    """One DataFrame per layer of ``analysis`` (tables with no rows are empty, with no columns)."""
    pd = require("pandas", "newsdesk.frames.to_frames")
    doc_id = analysis.document.id
    document = document_row(analysis, doc_id, seq=0, now="")
    document.pop("ingested_at"), document.pop("seq")
    tables = {"documents": [document], **fact_rows(analysis, doc_id)}
    return {name: pd.DataFrame([_decoded(row) for row in rows]) for name, rows in tables.items()}


def _decoded(row: dict) -> dict:
    """JSON text columns (aliases, roles, evidence, …) as Python values; the record stays JSON text."""
    return {k: json.loads(v) if k in JSON_COLUMNS and k != "analysis" and isinstance(v, str) else v
            for k, v in row.items()}
