"""Every document's language is detected and recorded; another language than the pipeline's is
analysed only on request, with a warning in the record and on the command line."""

from __future__ import annotations

import json

import newsdesk
from newsdesk.language import detect

from .test_cli import run_cli

FRENCH = ("Les troupes kestriennes ont bombardé la ville de Lirra mardi dernier, a déclaré le ministère "
          "de la Défense. « Nous ne laisserons pas passer cela », a dit la ministre Ines Farah.")
ENGLISH = ("Kestrian troops shelled the town of Lirra last Tuesday, the defence ministry said. "
           '"We will not let this pass," Defence Minister Ines Farah told reporters.')


def test_detect():
    assert detect(FRENCH) == "fr" and detect(ENGLISH) == "en"
    assert detect("OK", default="en") == "en"  # too short to tell: the pipeline's language stands


def test_record_language_and_warning():
    english = newsdesk.analyze(ENGLISH)
    assert english.document.language == "en" and english.document.warnings == []
    french = newsdesk.analyze(FRENCH)  # the library call is the request
    assert french.document.language == "fr"
    assert french.document.warnings and "'fr'" in french.document.warnings[0]


def test_cli_refuses_another_language_unless_asked(tmp_path):
    path = tmp_path / "depeche.txt"
    path.write_text(FRENCH, encoding="utf-8")
    refused = run_cli("analyze", str(path), "--json")
    assert refused.returncode == 1 and b"E037" in refused.stderr and b"--any-language" in refused.stderr
    asked = run_cli("analyze", str(path), "--json", "--any-language")
    assert asked.returncode == 0
    record = json.loads(asked.stdout)
    assert record["document"]["language"] == "fr" and record["document"]["warnings"]
    assert b"warning" in asked.stderr
