"""The command line against the contract: keys, offsets, exit statuses, the brief, the schema."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import EXAMPLES, shared_file

CONTRACT_KEYS = ["schema", "document", "segments", "actors", "places", "quotes", "events", "calls_to_action",
                 "stances", "techniques", "analogies"]


def run_cli(*args, input_bytes=None):
    return subprocess.run([sys.executable, "-m", "newsdesk.cli", *args], input=input_bytes,
                          capture_output=True, timeout=300)


def _check_offsets(record):
    text = record["document"]["text"]
    for key in ("segments", "quotes", "events", "calls_to_action", "techniques", "analogies"):
        for item in record[key]:
            assert 0 <= item["start"] < item["end"] <= len(text), (key, item)
    for actor in record["actors"]:
        for start, end in actor["mentions"]:
            assert 0 <= start < end <= len(text)


def test_json_contract_on_seed_and_examples():
    seed = shared_file("seed", "000_233170fa76b6448f.txt")
    result = run_cli("analyze", str(seed), str(EXAMPLES), "--json")
    assert result.returncode == 0, result.stderr.decode()
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert len(records) == 4  # the seed and the three examples 
    for record in records:
        assert list(record)[: len(CONTRACT_KEYS)] == CONTRACT_KEYS
        assert record["schema"] == "newsdesk.analysis/1"
        assert set(record["document"]) >= {"id", "source", "title", "publisher", "published", "language", "text"}
        _check_offsets(record)


def test_stdin_and_stats():
    text = (EXAMPLES / "wire_report.txt").read_bytes()
    result = run_cli("analyze", "-", "--json", "--stats", input_bytes=text)
    assert result.returncode == 0
    record = json.loads(result.stdout)
    assert record["document"]["source"] == "<stdin>"
    assert "words/s" in result.stderr.decode() and "docs/s" in result.stderr.decode()


def test_exit_status_nonzero_only_when_nothing_analysed(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    bad = run_cli("analyze", str(empty), "--json")
    assert bad.returncode == 1 and b"E001" in bad.stderr
    mixed = run_cli("analyze", str(empty), str(EXAMPLES / "wire_report.txt"), "--json")
    assert mixed.returncode == 0
    assert b"1 analysed, 1 failed" in mixed.stderr


def test_brief_shows_voices_speakers_actors_and_comments():
    seed = shared_file("seed", "000_233170fa76b6448f.txt")
    result = run_cli("analyze", str(seed), "--brief")
    out = result.stdout.decode()
    for heading in ("Voices", "Speakers", "Actors", "Reader comments"):
        assert heading in out
    assert "Ahmad Shah Massoud" in out and "son of Ahmad Shah Massoud" in out


def test_schema_is_generated_from_the_models():
    result = run_cli("schema")
    schema = json.loads(result.stdout)
    assert set(CONTRACT_KEYS) <= set(schema["properties"])
    # The contract's kinds, and the extensions dateline and boilerplate (issue 20).
    assert schema["$defs"]["Segment"]["properties"]["kind"]["enum"] == [
        "headline", "byline", "dateline", "body", "statement", "comment", "boilerplate", "other"]


def test_unknown_model_is_a_clear_error():
    result = run_cli("analyze", str(EXAMPLES / "wire_report.txt"), "--model", "xx_no_such_pipeline", "--json")
    assert result.returncode != 0
    assert b"E009" in result.stderr and b"xx_no_such_pipeline" in result.stderr


def test_error_messages_keep_square_brackets(tmp_path):
    # rich read '[x]' in a file name as markup and dropped it from the error line.
    folder = tmp_path / "drafts[2024]"
    folder.mkdir()
    (folder / "empty[1].txt").write_text("", encoding="utf-8")
    result = run_cli("analyze", str(folder / "empty[1].txt"))
    assert result.returncode != 0
    assert b"E001" in result.stderr and b"empty[1].txt" in b"".join(result.stderr.split())


def test_version_and_completion():
    from newsdesk import __version__

    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.decode().startswith(f"newsdesk {__version__} (spaCy 3.")
    shown = run_cli("--help")
    assert b"--install-completion" in shown.stdout and b"--version" in shown.stdout
