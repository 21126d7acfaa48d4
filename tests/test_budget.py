"""The per-document budget (issue 18): documents over the size or time budget are refused or stopped
with a numbered error, quickly, and the other documents of the batch go on."""

from __future__ import annotations

import json
import time

from newsdesk import analyze_many
from newsdesk.budget import Budget
from newsdesk.errors import AnalysisTimedOut, DocumentOverBudget, NewsdeskError
from newsdesk.ingest import analyse_batch
from newsdesk.read.document import RawDocument

TEXT = "Talks resumed in Geneva on Tuesday. The foreign minister said the ceasefire would hold. "


def _raw(text: str, name: str) -> RawDocument:
    return RawDocument(text=text, source=name).assemble()


def test_issue_reproducers_are_refused_quickly_and_the_batch_goes_on(tmp_path):
    hostile = {"amp": "&amp;" * 200_000, "sentence": ("word " * 400_000).strip(), "nospace": "x" * 5_000_000}
    lines = [json.dumps({"id": "good1", "text": TEXT})]
    lines += [json.dumps({"id": name, "text": text}) for name, text in hostile.items()]
    lines.append(json.dumps({"id": "good2", "text": TEXT + "Kabul was quiet."}))
    path = tmp_path / "hostile.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    results = list(analyze_many([str(path)]))
    assert time.perf_counter() - started < 60
    kinds = [type(r).__name__ for r in results]
    assert kinds == ["Analysis", "DocumentOverBudget", "DocumentOverBudget", "DocumentOverBudget", "Analysis"]
    assert all(r.message.startswith("E025") and "NEWSDESK_MAX_DOC_CHARS" in r.message
               for r in results if isinstance(r, NewsdeskError))


def test_emoji_run_is_refused_quickly():
    started = time.perf_counter()
    [result] = analyse_batch([_raw("\U0001F600" * 50_000, "emoji")])  # 200 kB of UTF-8
    assert time.perf_counter() - started < 5
    assert isinstance(result, DocumentOverBudget) and "run of 50,000 characters" in result.message
    spaced = analyse_batch([_raw(TEXT + "\U0001F600 " * 2_000, "spaced emoji")])
    assert not isinstance(spaced[0], NewsdeskError)


def test_a_document_past_the_time_budget_is_stopped_and_the_others_go_on():
    raws = [_raw(TEXT, "a"), _raw(TEXT * 3_000, "slow"), _raw(TEXT + "Kabul was quiet.", "b")]
    started = time.perf_counter()
    results = analyse_batch(raws, budget=Budget(seconds=2.0))
    assert time.perf_counter() - started < 30
    assert [type(r).__name__ for r in results] == ["Analysis", "AnalysisTimedOut", "Analysis"]
    assert isinstance(results[1], AnalysisTimedOut) and results[1].message.startswith("E026: slow:")


def test_size_budget_and_batch_cuts():
    budget = Budget(max_chars=100, batch_chars=250)
    assert isinstance(budget.refusal(_raw("x" * 101, "big")), DocumentOverBudget)
    assert budget.refusal(_raw("x" * 100, "ok")) is None
    raws = [_raw("x" * n, str(n)) for n in (100, 100, 100, 300, 10)]
    assert list(budget.batches(raws)) == [[0, 1], [2], [3], [4]]


def test_library_analyze_of_a_lone_surrogate_does_not_crash():
    from newsdesk import analyze

    analysis = analyze(TEXT + "Kabul \ud800 said.")
    assert "\ufffd" in analysis.document.text
    json.dumps(analysis.to_json_dict(), ensure_ascii=False).encode("utf-8")


def test_deadline_keeps_an_outer_alarm():
    # pytest-timeout and other callers use SIGALRM too: the budget re-arms what was left of theirs.
    import signal

    from newsdesk.budget import Expired, deadline

    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append(1))
    outer = signal.getitimer(signal.ITIMER_REAL)
    try:
        signal.setitimer(signal.ITIMER_REAL, 3.0)
        try:
            with deadline(0.2):
                time.sleep(1.0)
        except Expired:
            fired.append("expired")
        assert fired == ["expired"] and 2.0 < signal.getitimer(signal.ITIMER_REAL)[0] <= 2.8
    finally:
        signal.setitimer(signal.ITIMER_REAL, *outer)
        signal.signal(signal.SIGALRM, previous)
