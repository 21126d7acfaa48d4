"""Hostile input (issue 18): each bad record is one numbered failure and every good one goes on.

Reproducers of the review: a JSON line nested 5,000 deep, a lone surrogate in JSONL and in a str given
to the library, a line with NUL bytes, bad UTF-8 on one line; and the batch reader on the same lines.
"""

from __future__ import annotations

import json

from newsdesk.batch.inputs import plan_shards, read_shard
from newsdesk.errors import MalformedJSONL, NewsdeskError, UndecodableInput
from newsdesk.read import iter_documents
from newsdesk.read.document import RawDocument

GOOD = "Talks resumed in Geneva on Tuesday. The minister said the ceasefire would hold."


def _good(n: int) -> bytes:
    return json.dumps({"id": f"good{n}", "text": f"{GOOD} Round {n}."}).encode() + b"\n"


def _hostile_file(tmp_path):
    lines = [_good(1), b"[" * 5000 + b"\n", _good(2), b'{"id": "nul", "text": "a\x00b"}\n', _good(3),
             b'{"id": "bad", "text": "caf\xe9"}\n', _good(4), b'{"id": "sur", "text": "Kabul \\ud800 said."}\n',
             _good(5), b"{" * 100_000 + b"\n", _good(6)]
    path = tmp_path / "hostile.jsonl"
    path.write_bytes(b"".join(lines))
    return path


def _check(items, line_of):
    docs = [i for i in items if isinstance(i, RawDocument)]
    errors = [i for i in items if isinstance(i, NewsdeskError)]
    assert [d.id for d in docs] == ["good1", "good2", "good3", "good4", "sur", "good5", "good6"]
    surrogate = next(d for d in docs if d.id == "sur")
    assert "\ud800" not in surrogate.text and "Kabul \ufffd said." in surrogate.text
    surrogate.text.encode("utf-8")  # storable and printable
    assert [type(e) for e in errors] == [MalformedJSONL, MalformedJSONL, UndecodableInput, MalformedJSONL]
    assert [line_of(e) for e in errors] == [2, 4, 6, 10]
    assert "nested too deeply" in errors[0].message and errors[0].message.startswith("E005")


def test_each_jsonl_line_is_read_on_its_own(tmp_path):
    items = list(iter_documents([str(_hostile_file(tmp_path))]))
    _check(items, lambda e: e.fields.get("line") or int(e.where.rsplit(":", 1)[1]))


def test_batch_reader_reads_each_line_on_its_own(tmp_path):
    path = _hostile_file(tmp_path)
    items = [item for spec in plan_shards([str(path)], shard_size=4) for item in read_shard(spec)]
    _check([i.document for i in items], lambda e: e.fields.get("line") or int(e.where.rsplit(":", 1)[1]))


def test_leading_blank_lines_lose_nothing_and_a_blank_file_is_empty(tmp_path):
    path = tmp_path / "blank_first.jsonl"
    path.write_bytes(b"\n" * 5000 + _good(1))
    [item] = iter_documents([str(path)])
    assert isinstance(item, RawDocument) and item.id == "good1"
    blank = tmp_path / "blank.jsonl"
    blank.write_bytes(b"\n \n")
    [error] = iter_documents([str(blank)])
    assert isinstance(error, NewsdeskError) and error.code == "E001"


def test_a_binary_file_named_jsonl_is_still_refused(tmp_path):
    path = tmp_path / "scan.jsonl"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)))
    [item] = iter_documents([str(path)])
    assert isinstance(item, NewsdeskError) and item.code == "E002"


def test_lone_surrogate_given_to_the_library_is_replaced():
    raw = RawDocument(text="Kabul \udc80 said.", title="Talks \ud800").assemble()
    assert raw.text == "Talks \ufffd\n\nKabul \ufffd said."
    raw.text.encode("utf-8")


def test_ingest_records_each_hostile_line_and_stores_every_good_one(tmp_path):
    from newsdesk.ingest import ingest

    path = _hostile_file(tmp_path)
    with path.open("ab") as handle:  # and the size/run budget's reproducers
        handle.write(json.dumps({"id": "amp", "text": "&amp;" * 200_000}).encode() + b"\n")
        handle.write(json.dumps({"id": "emoji", "text": "\U0001F600" * 50_000}).encode() + b"\n")
        handle.write(_good(7))
    db = str(tmp_path / "store.db")
    report = ingest([str(path)], db=db, progress=False, stories=False)
    assert report.analysed == 8 and report.failed == 6 and not report.interrupted
    again = ingest([str(path)], db=db, progress=False, stories=False)  # a re-run adds nothing
    assert again.analysed == 0 and again.skipped == 8


class _Stdin:
    """A stand-in for ``sys.stdin`` whose ``buffer`` holds the given bytes."""

    def __init__(self, data: bytes) -> None:
        import io

        self.buffer = io.BufferedReader(io.BytesIO(data), buffer_size=64)  # small: lines cross reads


def test_stdin_jsonl_is_read_line_by_line(tmp_path, monkeypatch):
    # Standard input used to be read and decoded whole: one NUL or bad byte made it all "binary".
    data = b"\n\n" + _hostile_file(tmp_path).read_bytes()
    monkeypatch.setattr("sys.stdin", _Stdin(data))
    items = list(iter_documents(["-"]))
    # Numbered like the file's lines, counting the two blank lines in front.
    _check(items, lambda e: (e.fields.get("line") or int(e.where.rsplit(":", 1)[1])) - 2)
    assert all(e.where.startswith("<stdin>") for e in items if isinstance(e, NewsdeskError))


def test_stdin_text_is_one_document_and_blank_stdin_is_empty(monkeypatch):
    monkeypatch.setattr("sys.stdin", _Stdin(b"\n  " + GOOD.encode()))
    [doc] = iter_documents(["-"])
    assert isinstance(doc, RawDocument) and doc.text.strip() == GOOD and doc.source == "<stdin>"
    monkeypatch.setattr("sys.stdin", _Stdin(b" \n\n"))
    [error] = iter_documents(["-"])
    assert isinstance(error, NewsdeskError) and error.code == "E001"
    monkeypatch.setattr("sys.stdin", _Stdin(b"\xef\xbb\xbf" + _good(1) + b"caf\xe9\n" + _good(2)))
    items = list(iter_documents(["-"]))
    assert [getattr(i, "id", None) for i in items] == ["good1", None, "good2"]
