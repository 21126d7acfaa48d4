"""The project's own example documents: the same mechanisms as the seed, on different text."""

from __future__ import annotations

import pytest

from newsdesk import analyze, analyze_many

from .conftest import EXAMPLES


@pytest.fixture(scope="module")
def relayed():
    return analyze((EXAMPLES / "relayed_statement.txt").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def wire():
    return analyze((EXAMPLES / "wire_report.txt").read_text(encoding="utf-8"))


def _by_name(analysis, name):
    return next(a for a in analysis.actors if a.name == name)


def test_relayed_statement_voices(relayed):
    kinds = [s.kind for s in relayed.segments]
    assert kinds[:3] == ["headline", "byline", "body"]
    assert "statement" in kinds and kinds[-1] == "comment"
    assert relayed.document.publisher == "Northern Desk Analysis Group"
    [statement] = [s for s in relayed.segments if s.kind == "statement"]
    assert statement.speaker == _by_name(relayed, "Leyla Haddad").id
    [comment] = [s for s in relayed.segments if s.kind == "comment"]
    assert relayed.document.text[comment.start:].startswith("Peace be upon all of you")


def test_kinship_resolves_the_father(relayed):
    father = _by_name(relayed, "Yusuf Haddad")
    daughter = _by_name(relayed, "Leyla Haddad")
    text = relayed.document.text
    assert "Engineer Haddad" in {text[s:e] for s, e in father.mentions}
    assert "daughter of Yusuf Haddad" in daughter.roles
    assert "father of Leyla Haddad" in father.roles


def test_nested_line_belongs_to_the_judge(relayed):
    judge = next(a for a in relayed.actors if "Samir Aziz" in a.name)
    [line] = [q for q in relayed.quotes if relayed.document.text[q.start:q.end].startswith("A city that can count")]
    assert line.speaker == judge.id


def test_wire_dateline_and_quotes(wire):
    assert wire.document.publisher == "Meridian Wire"
    polk = _by_name(wire, "Anja Polk")
    assert "Foreign Minister" in " ".join(polk.roles) or "Minister" in polk.roles
    text = wire.document.text
    direct = [q for q in wire.quotes if text[q.start:q.end].lstrip('"“').startswith("We came with an open hand")]
    assert direct and direct[0].speaker == polk.id and direct[0].kind == "direct"


def test_wire_pronoun_speaker_resolves(wire):
    reyes = _by_name(wire, "Tomas Reyes")
    text = wire.document.text
    provocation = [q for q in wire.quotes if "provocation" in text[q.start:q.end]]
    assert provocation and provocation[0].speaker == reyes.id


def test_html_page_has_comment_segment():
    [analysis] = list(analyze_many([str(EXAMPLES / "ceasefire_talks.html")]))
    comments = [s for s in analysis.segments if s.kind == "comment"]
    assert len(comments) == 1
    assert analysis.document.text[comments[0].start:comments[0].end].startswith("riverwatcher")
    farah = _by_name(analysis, "Ines Farah")
    assert any(q.speaker == farah.id for q in analysis.quotes)
