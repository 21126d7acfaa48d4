"""The confidence framework: calibration maps, per-layer thresholds, consistent filtering, and the
``min_confidence`` parameter of the library, the CLI and the API."""

from __future__ import annotations

import json

import pytest

from newsdesk import confidence
from newsdesk.errors import InvalidConfidence
from newsdesk.model import (Actor, Analysis, CallToAction, DocumentInfo, Event, Place, Quote, Stance,
                            Technique)

TEXT = ("Ministers met in Lirra on Monday. Foreign Minister Amina Odhiambo condemned the rebels of the "
        "Northern Front, and she praised the mediators. \"We urge both sides to return to the table,\" "
        "Odhiambo told reporters.")


@pytest.fixture
def calibration(monkeypatch):
    """A small calibration of our own, instead of the shipped file."""
    layers = {"stances": {"map": [[0.2, 0.1], [0.8, 0.9]], "none": None, "threshold": 0.5},
              "quotes": {"map": [], "none": 0.6, "threshold": 0.5},
              "actors": {"map": [], "none": 0.7, "threshold": 0.8},
              "places": {"map": [], "none": 0.7, "threshold": 0.8},
              "events": {"map": [], "none": 0.4, "threshold": 0.5}}
    monkeypatch.setattr(confidence, "calibration", lambda: layers)
    monkeypatch.delenv(confidence.ENV_MIN_CONFIDENCE, raising=False)
    return layers


def _record() -> Analysis:
    actors = [Actor(id=name, name=name.title(), type="person", mentions=[[0, 3]]) for name in ("a", "b", "c", "d")]
    return Analysis(
        document=DocumentInfo(id="x", text="abc " * 20),
        actors=actors,
        places=[Place(id="p1", name="P", kind="city", mentions=[[4, 5]]), Place(id="p2", name="Q", kind="city")],
        quotes=[Quote(start=0, end=40, kind="direct", speaker="a", confidence=None),
                Quote(start=5, end=10, kind="direct", speaker="a", parent=0)],
        events=[Event(type="ASSAULT", actor="c", recipient="d", place="p1", start=0, end=4)],
        stances=[Stance(holder="a", target="b", polarity=-0.5, confidence=0.9),
                 Stance(holder="c", target="d", polarity=0.5, confidence=0.2)],
        calls_to_action=[CallToAction(action="go", start=0, end=2, speaker="b")],
        techniques=[Technique(technique="Doubt", start=0, end=4)],
    )


def test_map_is_piecewise_linear_and_flat_outside(calibration):
    assert confidence.calibrated("stances", 0.5) == pytest.approx(0.5)
    assert confidence.calibrated("stances", 0.0) == 0.1 and confidence.calibrated("stances", 1.0) == 0.9
    assert confidence.calibrated("stances", None) is None  # no raw score, no 'none': stays None
    assert confidence.calibrated("quotes", None) == 0.6  # the layer's precision stands for it
    assert confidence.calibrated("analogies", 0.33) == 0.33  # an uncalibrated layer is left as it is


def test_default_thresholds_keep_references_consistent(calibration):
    record = confidence.apply(_record())
    assert [(s.holder, s.target) for s in record.stances] == [("a", "b")]
    # Events (0.4 < 0.5) are gone; actors are all below their threshold (0.7 < 0.8) but the kept
    # quotes, stance and call refer to a and b, so those two stay.
    assert record.events == [] and {a.id for a in record.actors} == {"a", "b"}
    assert record.places == []  # p1 was only kept alive by the dropped event
    assert [q.parent for q in record.quotes] == [None, 0]
    assert all(0 <= x.confidence <= 1 for x in record.quotes + record.stances)


def test_zero_keeps_everything_and_a_dropped_parent_is_nulled(calibration):
    record = confidence.apply(_record(), min_confidence=0)
    assert len(record.stances) == 2 and len(record.events) == 1 and len(record.actors) == 4
    assert len(record.places) == 2 and record.techniques  # None confidence: kept at any threshold
    thinned = _record()
    thinned.quotes[0].confidence = 0.1
    calibration["quotes"] = {"map": [[0.0, 0.0], [1.0, 1.0]], "none": 0.9, "threshold": 0.5}
    kept = confidence.apply(thinned)
    assert len(kept.quotes) == 1 and kept.quotes[0].parent is None


def test_environment_sets_the_process_default(calibration, monkeypatch):
    monkeypatch.setenv(confidence.ENV_MIN_CONFIDENCE, "0")
    assert confidence.threshold("actors") == 0.0
    assert confidence.threshold("actors", 0.95) == 0.95
    with pytest.raises(InvalidConfidence) as bad:
        confidence.set_min_confidence(1.5)
    assert bad.value.code == "E045"
    monkeypatch.setenv(confidence.ENV_MIN_CONFIDENCE, "high")
    with pytest.raises(InvalidConfidence):
        confidence.threshold("actors")


def test_shipped_calibration_is_monotone_and_in_range():
    layers = confidence.calibration()
    assert {"stances", "calls", "techniques"} <= set(layers)
    for layer, entry in layers.items():
        ys = [y for _x, y in entry["map"]]
        xs = [x for x, _y in entry["map"]]
        assert ys == sorted(ys) and xs == sorted(xs), layer
        assert all(0 <= y <= 1 for y in ys) and 0 <= entry["threshold"] <= 1, layer


def test_pipeline_min_confidence(monkeypatch):
    from newsdesk import analyze

    monkeypatch.delenv(confidence.ENV_MIN_CONFIDENCE, raising=False)
    everything = analyze(TEXT, min_confidence=0)
    default = analyze(TEXT)
    nothing = analyze(TEXT, min_confidence=1.0)
    for field in confidence.LAYERS.values():
        assert len(getattr(default, field)) <= len(getattr(everything, field))
        for item in getattr(everything, field):
            assert item.confidence is None or 0 <= item.confidence <= 1
    assert not nothing.stances and not nothing.calls_to_action
    assert any(s.target for s in everything.stances)


def test_cli_and_api_take_min_confidence(tmp_path, monkeypatch):
    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from newsdesk.cli import app
    from newsdesk.serve.app import create_app
    from newsdesk.serve.config import ServeConfig

    monkeypatch.setenv(confidence.ENV_MIN_CONFIDENCE, "")  # the CLI sets it for its workers; undone after
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(path), "--json", "--min-confidence", "1"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output.splitlines()[0])["stances"] == []
    assert CliRunner().invoke(app, ["analyze", str(path), "--min-confidence", "2"]).exit_code != 0
    monkeypatch.setenv(confidence.ENV_MIN_CONFIDENCE, "")
    client = TestClient(create_app(ServeConfig(db=str(tmp_path / "api.db"))), base_url="http://127.0.0.1:8000")
    zero = client.post("/analyze", json={"text": TEXT, "min_confidence": 0}).json()["analysis"]
    one = client.post("/analyze", json={"text": TEXT, "min_confidence": 1}).json()["analysis"]
    assert len(one["stances"]) <= len(zero["stances"]) and one["calls_to_action"] == []
    assert client.post("/analyze", json={"text": TEXT, "min_confidence": 3}).status_code == 422
