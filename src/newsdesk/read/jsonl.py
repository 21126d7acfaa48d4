"""JSON Lines input: one document per line with ``text`` or ``html``, plus optional metadata."""

from __future__ import annotations

import json
from typing import Iterator, Union

from ..errors import MalformedJSONL, NewsdeskError
from .document import RawDocument
from .html import from_html

_KNOWN = ("id", "title", "url", "published", "publisher")


def iter_jsonl(text: str, where: str) -> Iterator[Union[RawDocument, NewsdeskError]]:
    """Yield one document per non-blank line, or an error that gives the line number."""
    # Split on newlines only: str.splitlines() also breaks at U+0085, U+2028 and friends, which JSON
    # strings may hold raw (a corpus record with a NEL became two "malformed" lines).
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            yield record_to_document(json.loads(line), f"{where}:{number}", where, number)
        except json.JSONDecodeError as exc:
            yield MalformedJSONL(where, f"not valid JSON ({exc.msg} at column {exc.colno})", line=number)
        except NewsdeskError as exc:
            yield exc


def record_to_document(record: object, where: str, path: str = "", line: int = 0) -> RawDocument:
    """Turn one decoded JSON record into a document, validating its fields."""
    if not isinstance(record, dict):
        raise MalformedJSONL(path or where, f"expected a JSON object, got {type(record).__name__}", line=line)
    meta = {k: (str(record[k]) if record.get(k) is not None else None) for k in _KNOWN}
    html, text = record.get("html"), record.get("text")
    if isinstance(html, str) and html.strip() and not (isinstance(text, str) and text.strip()):
        doc = from_html(html, where, url=meta["url"])
        for key in ("title", "published", "publisher"):
            if meta[key]:
                setattr(doc, key, meta[key])
        doc.id = meta["id"]
        return doc
    if not isinstance(text, str) or not text.strip():
        raise MalformedJSONL(path or where, "has no non-empty 'text' or 'html' field", line=line)
    return RawDocument(text=text, source=meta["url"] or where, **{k: meta[k] for k in _KNOWN if k != "url"},
                       url=meta["url"])
