"""Actors as an analyst lists them: one record per actor, the right type, no places or credits (issue 14)."""

from __future__ import annotations

import pytest

from newsdesk.pipeline import analyze_texts


def _actors(text: str):
    [analysis] = analyze_texts([text])
    return analysis


def _record_of(analysis, surface: str):
    text = analysis.document.text
    found = [a for a in analysis.actors if any(text[s:e] == surface for s, e in a.mentions)]
    return found


@pytest.mark.parametrize("text, long, short", [
    ("The Garo National Liberation Army attacked a police post on Monday. Police said the GNLA "
     "had crossed the border.", "Garo National Liberation Army", "GNLA"),
    ("Fighters of the Democratic Liberation Forces of Rwanda (FDLR) crossed the river. The FDLR "
     "denied it.", "Democratic Liberation Forces of Rwanda", "FDLR"),
    ("The Development Fund of Iraq paid the contractors. Auditors said the DFI kept no records.",
     "Development Fund of Iraq", "DFI"),
])
def test_an_acronym_and_its_expansion_are_one_record(text, long, short):
    analysis = _actors(text)
    assert _record_of(analysis, long) and _record_of(analysis, long) == _record_of(analysis, short)


def test_the_minister_as_speaker_is_the_named_minister():
    analysis = _actors("Foreign Minister Felipe Roque spoke at the assembly on Tuesday. "
                       "The embargo has failed, the Foreign Minister said.")
    names = {a.id: a.name for a in analysis.actors}
    [quote] = analysis.quotes
    assert names.get(quote.speaker) == "Felipe Roque"


def test_an_unnamed_source_stays_a_described_speaker():
    analysis = _actors("Police Commissioner Anna Berg visited the site. Two men were arrested, "
                       "a police spokesman said.")
    names = {a.id: a.name for a in analysis.actors}
    [quote] = analysis.quotes
    assert names.get(quote.speaker) == "a police spokesman"


def test_every_quote_and_actor_has_a_confidence_that_ranks_them():
    analysis = _actors("Foreign Minister Anna Berg said on Monday that the talks had failed. "
                       "Berg told reporters: \"We will try again.\" Something was reported.")
    assert analysis.quotes and all(0.0 < q.confidence < 1.0 for q in analysis.quotes)
    assert analysis.actors and all(0.0 < a.confidence < 1.0 for a in analysis.actors if a.mentions)
    named = [q for q in analysis.quotes if q.speaker]
    assert named and min(q.confidence for q in named) >= 0.5


@pytest.mark.parametrize("text, name", [
    ("Italy (Group J): tenth appearance. Spain beat Malta 7-0 to win Group D.", "Group D"),
    ("Drug Flights Cross From Bolivia to Argentina Daily: Officials said the planes land at night.", "Argentina Daily: Officials"),
])
def test_pool_labels_and_cut_names_are_not_actors(text, name):
    analysis = _actors(text)
    assert name not in {a.name for a in analysis.actors}
