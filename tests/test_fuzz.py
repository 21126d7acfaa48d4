"""Property-based fuzz tests (hypothesis) of the readers, the pipeline and the API (issue 18).

Bounded: a fixed number of examples and no deadline per example, about a minute together on two
cores. The long run is ``scripts/fuzz.py`` (docs/RELIABILITY.md).
"""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk.errors import NewsdeskError
from newsdesk.read.document import RawDocument
from newsdesk.read.jsonl import iter_jsonl_bytes

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Characters that trouble readers and patterns: capitals, digits, quotes, dashes, NUL, surrogates, emoji.
HOSTILE = st.text(alphabet=st.sampled_from(list("Aa1 .,-—:'\"“”([&;\n\t\x00\u200b\ud800\udfffé") + ["\U0001F600"]),
                  max_size=300)
LINE = st.one_of(st.binary(max_size=200), HOSTILE.map(lambda t: json.dumps({"text": t}).encode()),
                 HOSTILE.map(lambda t: json.dumps({"text": t}, ensure_ascii=False).encode("utf-8", "surrogatepass")),
                 st.integers(1, 3000).map(lambda n: b"[" * n))


@FAST
@given(st.lists(LINE, max_size=12))
def test_jsonl_reader_gives_one_item_per_line_and_never_raises(lines):
    lines = [line.replace(b"\n", b" ") for line in lines]
    good = [json.dumps({"id": f"g{i}", "text": "Talks resumed."}).encode() for i in range(2)]
    data = [good[0], *lines, good[1]]
    items = list(iter_jsonl_bytes(data, "fuzz.jsonl", max_bytes=10_000))
    assert len(items) == sum(1 for line in data if line.strip())
    assert items[0].id == "g0" and items[-1].id == "g1"  # good lines are never lost
    for item in items:
        assert isinstance(item, (RawDocument, NewsdeskError))
        if isinstance(item, RawDocument):
            item.assemble().text.encode("utf-8")  # no lone surrogate survives


@SLOW
@given(HOSTILE)
def test_pipeline_never_crashes_on_hostile_text(text):
    from newsdesk.ingest import analyse_batch

    raw = RawDocument(text=text or " ").assemble()
    [result] = analyse_batch([raw])
    if isinstance(result, NewsdeskError):
        assert result.code in ("E025", "E026"), result.message
    else:
        json.dumps(result.to_json_dict(), ensure_ascii=False).encode("utf-8")


@FAST
@given(st.binary(max_size=300))
def test_api_answers_any_body_in_the_documented_shape(tmp_path_factory, body):
    app = _app(tmp_path_factory)
    response = TestClient(app, base_url="http://127.0.0.1:8000").post(
        "/analyze", content=body, headers={"content-type": "application/json"})
    if response.status_code != 200:
        assert 400 <= response.status_code < 500
        answer = response.json()
        assert answer["code"].startswith("E0") and answer["message"].startswith(answer["code"])


_APPS: dict = {}


def _app(tmp_path_factory):
    if "app" not in _APPS:
        from newsdesk.serve import ServeConfig, create_app

        _APPS["app"] = create_app(ServeConfig(db=str(tmp_path_factory.mktemp("fuzz") / "f.db")))
    return _APPS["app"]
