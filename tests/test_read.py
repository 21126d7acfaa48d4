"""Readers: every bad input gets a clear, numbered error that names it; the batch goes on."""

from __future__ import annotations

import http.server
import json
import socket
import threading

import pytest

from newsdesk import analyze_many
from newsdesk.errors import (BinaryInput, EmptyInput, FetchFailed, InputTooLarge,
                             MissingInput, NewsdeskError)
from newsdesk.read import iter_documents

from .conftest import EXAMPLES

WIRE = (EXAMPLES / "wire_report.txt").read_text(encoding="utf-8")


def _items(*inputs, **kw):
    return list(iter_documents([str(i) for i in inputs], **kw))


def test_empty_file_is_named(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    [item] = _items(empty)
    assert isinstance(item, EmptyInput)
    assert str(empty) in item.message and item.message.startswith("E001")


def test_binary_file_is_refused(tmp_path):
    blob = tmp_path / "scan.txt"
    blob.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 10)
    [item] = _items(blob)
    assert isinstance(item, BinaryInput) and "PDF" in item.message


def test_nul_bytes_mean_binary(tmp_path):
    blob = tmp_path / "data.txt"
    blob.write_bytes(b"abc\x00\x01\x02" * 100)
    assert isinstance(_items(blob)[0], BinaryInput)


def test_legacy_encoding_is_detected(tmp_path):
    legacy = tmp_path / "legacy.txt"
    text = "Le président a déclaré à Kaboul que la résistance continuera. « Nous ne céderons pas », a-t-il dit."
    legacy.write_bytes(text.encode("cp1252"))
    [doc] = _items(legacy)
    assert not isinstance(doc, NewsdeskError)
    assert "président" in doc.text and "déclaré" in doc.text


def test_oversize_text_is_refused_clearly(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(WIRE * 50, encoding="utf-8")
    [item] = _items(big, max_bytes=1000)
    assert isinstance(item, InputTooLarge)
    assert "cap of 1000 bytes" in item.message and str(big) in item.message


def test_malformed_jsonl_line_gives_line_number_and_batch_goes_on(tmp_path):
    lines = [json.dumps({"id": "a", "text": WIRE}), "{not json", json.dumps({"id": "c", "title": "no text"}),
             json.dumps({"id": "d", "text": WIRE, "published": "2024-03-12"})]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _items(path)
    assert [type(i).__name__ for i in items] == ["RawDocument", "MalformedJSONL", "MalformedJSONL", "RawDocument"]
    assert "line 2" in items[1].message and "line 3" in items[2].message
    assert items[0].id == "a" and items[3].published == "2024-03-12"


def test_jsonl_text_holding_a_raw_next_line_character_is_one_record(tmp_path):
    # json.dumps(ensure_ascii=False) leaves U+0085 and U+2028 raw; one corpus record holds a U+0085,
    # and str.splitlines() broke it into two malformed lines.
    record = {"id": "nel", "text": "Talks resumed\u0085 on Tuesday\u2028 in the capital."}
    path = tmp_path / "nel.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    [item] = _items(path)
    assert type(item).__name__ == "RawDocument" and item.id == "nel"


def test_missing_path(tmp_path):
    [item] = _items(tmp_path / "nope.txt")
    assert isinstance(item, MissingInput) and "nope.txt" in item.message


def test_directory_reads_every_file_and_reports_bad_ones(tmp_path):
    (tmp_path / "a.txt").write_text(WIRE, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.html").write_text((EXAMPLES / "ceasefire_talks.html").read_text(encoding="utf-8"), encoding="utf-8")
    items = _items(tmp_path)
    kinds = sorted(type(i).__name__ for i in items)
    assert kinds == ["EmptyInput", "RawDocument", "RawDocument"]


def test_html_comments_are_kept_apart():
    [doc] = _items(EXAMPLES / "ceasefire_talks.html")
    assert doc.title.startswith("Ceasefire talks resume")
    assert doc.publisher == "The Meridian Observer" and doc.published == "2024-03-12"
    assert len(doc.comment_spans) == 1
    start, end = doc.comment_spans[0]
    comment = doc.text[start:end]
    assert comment.startswith("riverwatcher") and "Thank you for this report." in comment
    assert "I grew up in Lirra" not in doc.text[:start]


class _Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(EXAMPLES), **kwargs)

    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture()
def loopback_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_url_is_fetched_from_loopback(loopback_server):
    [doc] = _items(f"{loopback_server}/ceasefire_talks.html")
    assert not isinstance(doc, NewsdeskError)
    assert doc.source.endswith("/ceasefire_talks.html") and "aid trucks" in doc.text


def test_url_size_cap(loopback_server):
    [item] = _items(f"{loopback_server}/ceasefire_talks.html", max_bytes=500)
    assert isinstance(item, InputTooLarge)


def test_unreachable_url_and_http_error(loopback_server):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    items = _items(f"http://127.0.0.1:{port}/x", f"{loopback_server}/missing.html")
    assert all(isinstance(i, FetchFailed) for i in items)
    assert f"127.0.0.1:{port}" in items[0].message and "HTTP 404" in items[1].message


def test_analyze_many_continues_after_errors(tmp_path):
    (tmp_path / "ok.txt").write_text(WIRE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"  \n")
    results = list(analyze_many([str(tmp_path / "empty.txt"), str(tmp_path / "ok.txt")]))
    assert isinstance(results[0], EmptyInput)
    assert results[1].document.text.startswith("Border talks stall")


def test_title_repeated_with_other_punctuation_is_not_prepended_again():
    """A feed's title that the text repeats with a final stop or a line break is the text's own
    first line: prepending it would double the headline and shift every offset."""
    from newsdesk.read.document import RawDocument

    text = "Mayor backs the new bridge;\nCouncil says work starts in May.\n\nThe mayor said on Monday ..."
    raw = RawDocument(text=text, title="Mayor backs the new bridge; Council says work starts in May").assemble()
    assert raw.text == text
    other = RawDocument(text="The mayor said on Monday ...", title="Bridge plan").assemble()
    assert other.text.startswith("Bridge plan\n\n")
