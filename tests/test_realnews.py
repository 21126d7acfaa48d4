"""The real-news set: every layer at once, scored by the set's own ``score.py``.

``newsdesk eval realnews`` analyses the labelled dev articles exactly as ``analyze --json`` does
and hands the records to ``../shared/eval/realnews/score.py``. The floors below are the dev
numbers of docs/EVALUATION.md less a small margin, so a change that costs precision fails here
(as trafilatura pins its extraction scores). The texts are read from ../shared at run time.
"""

from __future__ import annotations

import json

import pytest

from .conftest import shared_file

# layer -> metric -> floor on realnews dev (docs/EVALUATION.md has the numbers and the command)
FLOORS = {
    "facts": {"precision": 0.82, "recall": 0.62},
    "quotes": {"precision": 0.92, "recall": 0.71, "speaker_accuracy": 0.92},
    "actors": {"precision": 0.88, "recall": 0.70, "type_accuracy": 0.85, "one_record_per_actor": 0.88},
    "places": {"precision": 0.90, "recall": 0.78, "acc161_resolved": 0.86},
    "events": {"precision": 0.50, "recall": 0.39, "type_actor_recipient_acc": 0.41},
    "calls": {"precision": 0.90, "recall": 0.60},
    "stances": {"precision": 0.85, "recall": 0.25},
}


@pytest.fixture(scope="module")
def dev_metrics():
    from newsdesk.evaluate.realnews import evaluate_realnews

    return evaluate_realnews(shared_file("eval", "realnews", "realnews.dev.jsonl"))


@pytest.mark.parametrize("layer,metric", [(l, m) for l, ms in FLOORS.items() for m in ms])
def test_realnews_dev_floor(dev_metrics, layer, metric):
    assert dev_metrics[layer][metric] >= FLOORS[layer][metric], json.dumps(dev_metrics[layer])


def test_eval_realnews_command_prints_the_scorers_metrics(tmp_path):
    """The CLI reads one gold article, writes the errors listing and prints score.py's keys."""
    from typer.testing import CliRunner

    from newsdesk.cli import app

    gold = shared_file("eval", "realnews", "realnews.dev.jsonl")
    one = tmp_path / "one.jsonl"
    one.write_text(gold.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    errors = tmp_path / "errors.txt"
    result = CliRunner().invoke(app, ["eval", "realnews", str(one), "--json", "--errors", str(errors),
                                      "--scorer", str(gold.parent / "score.py")])
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.output.strip().splitlines()[-1])
    assert metrics["documents"] == 1 and metrics["documents_missing"] == 0
    assert {"quotes", "actors", "places", "events", "calls", "stances", "facts"} <= set(metrics)
    assert errors.read_text(encoding="utf-8").startswith("## ")


def test_eval_realnews_without_a_scorer_is_a_numbered_error(tmp_path):
    from newsdesk.errors import EvalDataError
    from newsdesk.evaluate.realnews import evaluate_realnews

    gold = tmp_path / "gold.jsonl"
    gold.write_text("{}\n", encoding="utf-8")
    with pytest.raises(EvalDataError, match="E011"):
        evaluate_realnews(gold)


def test_offsets_are_rebased_onto_the_gold_text_when_the_title_was_put_before_it():
    """A record whose title the text does not open with is analysed as title + text (offsets refer
    to document.text); the gold's offsets refer to its text alone, so the eval moves every offset
    back by the title's length and leaves out what lies in the title."""
    from newsdesk.evaluate.realnews import rebase_offsets

    gold_text = "Police arrested two men in Kabul on Monday."
    record = {
        "document": {"text": "Arrests in Kabul\n\n" + gold_text},
        "actors": [{"id": "police", "mentions": [[18, 24]]},
                   {"id": "kabul-title", "mentions": [[10, 15]]}],
        "quotes": [{"start": 2, "end": 9, "speaker_span": [0, 1]}],
        "events": [{"start": 18, "end": 38, "trigger": [25, 33], "mentions": [[18, 38], [0, 7]]}],
        "dates": [],
    }
    rebased = rebase_offsets(record, gold_text)
    assert rebased["document"]["text"] == gold_text
    assert rebased["actors"] == [{"id": "police", "mentions": [[0, 6]]}]
    assert rebased["quotes"] == []
    assert rebased["events"] == [{"start": 0, "end": 20, "trigger": [7, 15], "mentions": [[0, 20]]}]
    assert gold_text[0:6] == "Police"
    # A text the gold's does not end is left as it is.
    assert rebase_offsets(record, "Something else.") is record
