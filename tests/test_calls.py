"""Calls to action on real text: the founding example, labelled dev paragraphs (SemEval-2023 and
PolNeAR, read from ../shared at test time) and the project's labels."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.evaluate.calls import (DEFAULT_LABELS, evaluate_calls, load_paragraphs, score, select_paragraphs,
                                     token_overlap)
from newsdesk.evaluate.data import read_records
from newsdesk.pipeline import analyze_texts

from .conftest import SHARED, shared_file

HELDOUT = DEFAULT_LABELS.with_name("calls_heldout.jsonl")


def _calls_with(analysis, action_start: str):
    return [c for c in analysis.calls_to_action if c.action.startswith(action_start)]


def _one(analysis, action_start: str):
    found = _calls_with(analysis, action_start)
    assert len(found) == 1, [c.action for c in analysis.calls_to_action]
    return found[0]


def test_massoud_calls_on_the_afghans(seed_analysis):
    join = _one(seed_analysis, "join our stronghold in Panjshir")
    assert join.speaker == "ahmad-massoud"
    assert join.addressees == ["all free Afghans", "all those who reject slavery"]
    assert join.form == "performative"
    text = seed_analysis.document.text
    assert text[join.start:join.end].startswith("We call on all free Afghans")
    assert text[join.action_span[0]:join.action_span[1]] == join.action
    fight = _one(seed_analysis, "Fight with us")
    assert fight.addressees == ["Afghans from all regions and tribes"] and fight.speaker == "ahmad-massoud"


def test_massoud_calls_on_his_foreign_friends(seed_analysis):
    helping = _one(seed_analysis, "helping us on the path to freedom")
    assert helping.speaker == "ahmad-massoud"
    assert helping.addressees[0].startswith("many others in France, Europe, the United States")
    come = _one(seed_analysis, "come to us with as many people as possible")
    assert come.addressees == ["Friends of freedom"] and come.form == "imperative"
    # A bare imperative in the statement is addressed to whom the statement opened by addressing.
    support = _one(seed_analysis, "Join us with your spirit or through direct support")
    assert support.addressees == ["People of Afghanistan", "Mujahideen brothers", "friends of freedom all over the world"]


def test_headline_quote_is_massouds_call(seed_analysis):
    headline = _one(seed_analysis, "join the Panjshir resistance")
    assert headline.speaker == "ahmad-massoud" and headline.addressees == ["all Afghans"]


def test_reader_comment_calls_belong_to_the_commenter(seed_analysis):
    comment = next(s for s in seed_analysis.segments if s.kind == "comment")
    wake = _one(seed_analysis, "Wake up")
    think = _one(seed_analysis, "think for yourselves")
    for call in (wake, think):
        assert call.speaker == comment.speaker and comment.start <= call.start < comment.end
    assert wake.addressees == ["Muslims"]


def test_statement_narration_is_not_a_call(seed_analysis):
    actions = " | ".join(c.action for c in seed_analysis.calls_to_action)
    for narration in ("Tyranny has won", "We will never give up", "Compromise with those", "France has lost"):
        assert narration not in actions


def test_calls_serialise_in_the_contract_shape(seed_analysis):
    record = seed_analysis.to_json_dict()
    assert record["calls_to_action"]
    for call in record["calls_to_action"]:
        assert {"speaker", "addressees", "action", "start", "end"} <= set(call)
        assert isinstance(call["addressees"], list) and call["end"] > call["start"]


def _label_rows(path: Path) -> tuple[list[dict], list[str]]:
    rows = read_records(path)
    return rows, load_paragraphs(rows, shared_file("eval"))


def test_reported_call_is_the_reported_speakers():
    rows, texts = _label_rows(DEFAULT_LABELS)
    index = next(i for i, text in enumerate(texts) if text.startswith("Palmieri called on Trump"))
    analysis = analyze_texts([texts[index]])[0]
    call = analysis.calls_to_action[0]
    names = {a.id: a.name for a in analysis.actors}
    assert names[call.speaker] == "Palmieri" and call.addressees == ["Trump"] and call.form == "reported"
    assert call.action == "stop attacking Machado and apologize"


def test_furniture_counterfactuals_and_questions_are_not_calls():
    rows, texts = _label_rows(DEFAULT_LABELS)
    chosen = [t for t in texts if t in ("Share this story!",) or "should never have hired" in t
              or t.startswith("A big question remains") or t.startswith("Let's face it")]
    assert len(chosen) >= 4
    assert all(not a.calls_to_action for a in analyze_texts(chosen))


def test_label_file_references_shared_paragraphs_without_copying_them():
    rows, texts = _label_rows(DEFAULT_LABELS)
    assert len(rows) >= 150
    positives = sum(row["is_call"] for row in rows)
    assert 60 <= positives <= len(rows) - 100  # many positives, and realistic negatives
    assert all("text" not in row for row in rows)
    for row in rows:
        assert row["is_call"] == bool(row["calls"])
    # The selection is reproducible from the shared files (same ids, offsets and hashes).
    again = select_paragraphs(SHARED / "eval")
    assert [(r["id"], r["start"], r["end"], r["sha1"]) for r in again] == \
        [(r["id"], r["start"], r["end"], r["sha1"]) for r in rows]


def test_scoring_definitions():
    assert token_overlap("join our stronghold in Panjshir", "join our stronghold in Panjshir, the last free zone") == 5 / 9
    rows = [{"is_call": True, "calls": [{"addressees": ["all free Afghans"], "action": "join our stronghold",
                                         "speaker": "Ahmad Massoud"}]},
            {"is_call": False, "calls": []}]
    predicted = [[{"addressees": ["free Afghans"], "action": "join our stronghold in Panjshir", "speaker": "Massoud"}],
                 [{"addressees": [], "action": "give up", "speaker": None}]]
    result = score(rows, predicted)
    assert result["detection_precision"] == 0.5 and result["detection_recall"] == 1.0
    assert result["calls_tp"] == 1 and result["addressees_tp"] == 1 and result["speaker_accuracy"] == 1.0


def test_dev_floors():
    """Dev numbers (docs/EVALUATION.md): the extractor was tuned on this set, so these are optimistic."""
    shared_file("eval", "persuasion", "semeval2023_en.dev.jsonl")
    result = evaluate_calls(DEFAULT_LABELS, eval_dir=SHARED / "eval")
    assert result["n"] >= 150
    assert result["detection_f1"] >= 0.88 and result["detection_precision"] >= 0.93
    assert result["calls_f1"] >= 0.80
    assert result["addressees_f1"] >= 0.85
    assert result["speaker_accuracy"] >= 0.70


def test_heldout_floors():
    """Held-out paragraphs from the train files, labelled before the extractor saw them."""
    shared_file("eval", "persuasion", "semeval2023_en.train.jsonl")
    result = evaluate_calls(HELDOUT, eval_dir=SHARED / "eval")
    assert result["detection_f1"] >= 0.70 and result["detection_precision"] >= 0.70
    assert result["calls_f1"] >= 0.52
    assert result["addressees_f1"] >= 0.62


def test_eval_command_prints_json(tmp_path):
    from typer.testing import CliRunner

    from newsdesk.cli import app

    shared_file("eval", "quotes", "polnear.dev.jsonl")
    result = CliRunner().invoke(app, ["eval", "calls", str(DEFAULT_LABELS), "--json", "--limit", "12"])
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.output.strip().splitlines()[-1])
    assert metrics["n"] == 12 and "addressees_f1" in metrics


def test_drifted_paragraph_is_an_error(tmp_path):
    from newsdesk.errors import EvalDataError

    rows = read_records(DEFAULT_LABELS, limit=1)
    rows[0]["sha1"] = "000000000000"
    with pytest.raises(EvalDataError, match="E011"):
        load_paragraphs(rows, shared_file("eval"))
