"""The server under hostile requests (issue 18): analysis runs in a worker process with a time limit,
so /health answers while a request runs; errors keep the documented {code, message} shape."""

from __future__ import annotations

import ipaddress
import threading
import time

import pytest
from fastapi.testclient import TestClient

from newsdesk.serve import ServeConfig, create_app
from newsdesk.serve.commands import ensure_store
from newsdesk.serve.fetch import forbidden_address

BASE = "http://127.0.0.1:8000"
TEXT = "Talks resumed in Geneva on Tuesday. The foreign minister said the ceasefire would hold. "


@pytest.fixture(scope="module")
def slow_client(tmp_path_factory):
    config = ServeConfig(db=str(tmp_path_factory.mktemp("hostile") / "s.db"), analysis_timeout_s=3.0)
    ensure_store(config.db)
    with TestClient(create_app(config), base_url=BASE) as client:
        yield client


def test_health_answers_while_a_request_runs_and_the_slow_request_gets_e026(slow_client):
    # A lone surrogate as a JSON escape (the way a client sends one); this also starts the worker.
    warm = slow_client.post("/analyze", content=b'{"text": "' + TEXT.encode() + b'\\ud800 Kabul said."}',
                            headers={"content-type": "application/json"})
    assert warm.status_code == 200, warm.text
    assert "\ufffd" in warm.json()["analysis"]["document"]["text"]
    answer: dict = {}

    def hostile() -> None:
        # 440 k characters of prose: under the size budget, far over 3 s to analyse on any machine.
        answer["response"] = slow_client.post("/analyze", json={"text": TEXT * 5_000})

    thread = threading.Thread(target=hostile)
    thread.start()
    time.sleep(0.5)
    delays = []
    while thread.is_alive() and len(delays) < 5:
        started = time.perf_counter()
        assert slow_client.get("/health").status_code == 200
        delays.append(time.perf_counter() - started)
        time.sleep(0.2)
    thread.join(120)
    assert delays and max(delays) < 1.0, delays
    refused = answer["response"]
    assert refused.status_code == 503
    body = refused.json()
    assert body["code"] == "E026" and body["message"].startswith("E026")
    over = slow_client.post("/analyze", json={"text": TEXT * 21_000})  # 1.9 MB: over the size budget
    assert over.status_code == 413 and over.json()["code"] == "E025"
    # The next request gets a fresh worker and is answered.
    assert slow_client.post("/analyze", json={"text": TEXT}).status_code == 200


def test_publisher_prefix_reproducer_is_answered_quickly(slow_client):
    started = time.perf_counter()
    response = slow_client.post("/analyze", json={"text": "A" * 150 + ". Karzai said."})
    assert response.status_code == 200 and time.perf_counter() - started < 3.0


def test_body_that_is_not_utf8_gets_the_documented_shape(slow_client):
    response = slow_client.post("/analyze", content=b'{"text": "caf\xe9 \xff"}',
                                headers={"content-type": "application/json"})
    assert 400 <= response.status_code < 500
    body = response.json()
    assert body["code"] == "E027" and body["message"].startswith("E027")
    missing = slow_client.get("/documents/0000000000000000")
    assert missing.status_code == 404 and missing.json()["code"] == "E028"


def test_ssrf_refuses_site_local_ipv6():
    assert forbidden_address(ipaddress.ip_address("fec0::1"))
    assert forbidden_address(ipaddress.ip_address("feff::1"))
    assert not forbidden_address(ipaddress.ip_address("2606:4700::1111"))
