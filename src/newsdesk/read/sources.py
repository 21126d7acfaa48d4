"""Dispatch: which reader handles an input, and the batch loop that never stops on one bad input."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, Union

from ..errors import EmptyInput, InputTooLarge, MissingInput, NewsdeskError, UnsupportedInput
from .document import RawDocument
from .encoding import decode_bytes, refuse_binary_magic
from .html import from_html
from .jsonl import iter_jsonl, iter_jsonl_bytes
from .url import DEFAULT_MAX_BYTES, fetch_url

Item = Union[RawDocument, NewsdeskError]
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


def iter_documents(inputs: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Yield an assembled document or an error for every input, in order; never raise."""
    for spec in inputs:
        try:
            for item in _read_one(spec, max_bytes):
                yield item.assemble() if isinstance(item, RawDocument) else item
        except NewsdeskError as exc:
            yield exc


def _read_one(spec: str, max_bytes: int) -> Iterator[Item]:
    if spec == "-":
        yield from from_stream(sys.stdin.buffer, "<stdin>", max_bytes)
    elif spec.startswith(("http://", "https://")):
        body, content_type = fetch_url(spec, max_bytes=max_bytes)
        kind = "html" if "html" in content_type or body.lstrip()[:1] == b"<" else "text"
        yield from _from_bytes(body, spec, max_bytes, kind=kind, url=spec)
    else:
        yield from _from_path(Path(spec), max_bytes)


def _from_path(path: Path, max_bytes: int) -> Iterator[Item]:
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
            try:
                yield from _from_path(child, max_bytes)
            except NewsdeskError as exc:
                yield exc
        return
    if not path.exists():
        raise MissingInput(str(path))
    size = path.stat().st_size
    suffix = path.suffix.lower()
    if size > max_bytes and suffix not in JSONL_SUFFIXES:
        raise InputTooLarge(str(path), size=size, cap=max_bytes)
    kind = "jsonl" if suffix in JSONL_SUFFIXES else "html" if suffix in HTML_SUFFIXES else (
        "text" if suffix in TEXT_SUFFIXES else None)
    if kind is None:
        raise UnsupportedInput(str(path), f"unsupported file type '{suffix}'; use .txt, .html or .jsonl")
    if kind == "jsonl":
        yield from _jsonl_file(path, max_bytes)
        return
    yield from _from_bytes(path.read_bytes(), str(path), max_bytes, kind=kind)


def _jsonl_file(path: Path, max_bytes: int) -> Iterator[Item]:
    """JSONL files can be large: read line by line, each line decoded, checked and capped on its own,
    so that one bad line (NUL bytes, bad UTF-8, deep nesting) is one numbered failure, not the file's."""
    with path.open("rb") as handle:
        head = handle.read(4096)
        handle.seek(0)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: decoded whole, as before
            yield from _capped(iter_jsonl(decode_bytes(handle.read(), str(path)), str(path)), path, max_bytes)
            return
        refuse_binary_magic(head, str(path))
        empty = True
        for item in _capped(iter_jsonl_bytes(handle, str(path), max_bytes), path, max_bytes):
            empty = False
            yield item
        if empty:  # only blank lines (checked after reading, so leading blank lines lose nothing)
            raise EmptyInput(str(path))


def from_stream(stream: BinaryIO, where: str, max_bytes: int) -> Iterator[Item]:
    """Standard input (or any byte stream). JSONL (its first non-blank byte is '{') is read line by
    line like a .jsonl file, so that a bad line (NUL bytes, bad UTF-8, deep nesting) is one numbered
    failure and the other lines go on, and a long stream is never held whole; anything else is one
    document (text or HTML), read whole up to ``max_bytes``."""
    head = _head(stream, max_bytes)
    if head.lstrip().removeprefix(b"\xef\xbb\xbf").startswith(b"{"):
        lines = _lines(head, stream)
        yield from _capped(iter_jsonl_bytes(lines, where, max_bytes), where, max_bytes)
        return
    data = head + stream.read(max(0, max_bytes + 1 - len(head)))
    yield from _from_bytes(data, where, max_bytes, kind=None)


def _head(stream: BinaryIO, max_bytes: int) -> bytes:
    """The stream's first bytes, read until one is not blank (or the end, or past ``max_bytes``)."""
    head = b""
    read = getattr(stream, "read1", stream.read)  # read1: what a pipe has now, without waiting for more
    while not head.strip() and len(head) <= max_bytes:
        chunk = read(65536)
        if not chunk:
            break
        head += chunk
    return head


def _lines(head: bytes, stream: BinaryIO) -> Iterator[bytes]:
    """The lines of ``head`` followed by the rest of ``stream``, the line cut at head's end joined."""
    *complete, partial = head.split(b"\n")
    for line in complete:
        yield line + b"\n"
    rest = stream.readline()
    if partial or rest:
        yield partial + rest
    yield from stream


def _capped(items: Iterator[Item], path: Union[Path, str], max_bytes: int) -> Iterator[Item]:
    for item in items:
        if isinstance(item, RawDocument) and len(item.text.encode("utf-8")) > max_bytes:
            yield InputTooLarge(item.source or str(path), size=len(item.text.encode()), cap=max_bytes)
        else:
            yield item


def _from_bytes(data: bytes, where: str, max_bytes: int, kind: str | None, url: str | None = None) -> Iterator[Item]:
    if len(data) > max_bytes:
        raise InputTooLarge(where, size=len(data), cap=max_bytes)
    text = decode_bytes(data, where)
    if kind is None:  # standard input: sniff
        head = text.lstrip()[:200].lower()
        kind = "html" if head.startswith(("<!doctype html", "<html")) else (
            "jsonl" if head.startswith("{") else "text")
    if kind == "html":
        yield from_html(text, where, url=url)
    elif kind == "jsonl":
        yield from iter_jsonl(text, where)
    else:
        yield RawDocument(text=text, source=url or where, url=url)
