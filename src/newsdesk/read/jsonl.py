"""JSON Lines input: one document per line with ``text`` or ``html``, plus optional metadata.

Each line is read, decoded and validated on its own: a line that is not UTF-8, holds NUL bytes, is
nested too deeply for the JSON parser or is not a record is one numbered failure with its line
number, and the other lines go on (issue 18: one such line used to lose the whole file).
"""

from __future__ import annotations

import json
from typing import Iterable, Iterator, Optional, Union

from ..errors import InputTooLarge, MalformedJSONL, NewsdeskError, UndecodableInput
from .document import RawDocument, scrub_surrogates
from .html import from_html

_KNOWN = ("id", "title", "url", "published", "publisher")
Item = Union[RawDocument, NewsdeskError]


def iter_jsonl(text: str, where: str) -> Iterator[Item]:
    """Yield one document per non-blank line, or an error that gives the line number."""
    # Split on newlines only: str.splitlines() also breaks at U+0085, U+2028 and friends, which JSON
    # strings may hold raw (a corpus record with a NEL became two "malformed" lines).
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            yield parse_line(line, where, number)


def iter_jsonl_bytes(lines: Iterable[bytes], where: str, max_bytes: int, first_line: int = 1) -> Iterator[Item]:
    """Yield one document or numbered error per non-blank line of raw bytes (a file, a byte range)."""
    for number, raw in enumerate(lines, start=first_line):
        item = read_line(raw, where, number, max_bytes)
        if item is not None:
            yield item


def read_line(raw: bytes, where: str, number: int, max_bytes: int) -> Optional[Item]:
    """One JSONL line from bytes: its document, the error that stops it, or None when blank."""
    if not raw.strip():
        return None
    if len(raw) > 2 * max_bytes:  # checked on the bytes, so a huge line is never decoded
        return InputTooLarge(f"{where}:{number}", size=len(raw), cap=max_bytes)
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return UndecodableInput(f"{where}:{number}", f"JSON Lines must be UTF-8: {exc.reason} at byte {exc.start}")
    return parse_line(line.lstrip("\ufeff").rstrip("\r"), where, number)


def parse_line(line: str, where: str, number: int) -> Item:
    """One decoded JSONL line: its document or a numbered error; never raises."""
    try:
        return record_to_document(json.loads(line), f"{where}:{number}", where, number)
    except json.JSONDecodeError as exc:
        return MalformedJSONL(where, f"not valid JSON ({exc.msg} at column {exc.colno})", line=number)
    except RecursionError:  # '[' x 5,000: the parser recurses once per level
        return MalformedJSONL(where, "not valid JSON (nested too deeply)", line=number)
    except NewsdeskError as exc:
        return exc


def record_to_document(record: object, where: str, path: str = "", line: int = 0) -> RawDocument:
    """Turn one decoded JSON record into a document, validating its fields.

    Lone surrogates (a JSON escape such as ``"\\ud800"`` decodes to one) are replaced by U+FFFD, one
    character for one so that offsets hold: they cannot be encoded, stored or printed.
    """
    if not isinstance(record, dict):
        raise MalformedJSONL(path or where, f"expected a JSON object, got {type(record).__name__}", line=line)
    meta = {k: (scrub_surrogates(str(record[k])) if record.get(k) is not None else None) for k in _KNOWN}
    html, text = record.get("html"), record.get("text")
    html = scrub_surrogates(html) if isinstance(html, str) else html
    text = scrub_surrogates(text) if isinstance(text, str) else text
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
