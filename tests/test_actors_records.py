"""One actor, one record, the right type (issue 14, actors side): mechanisms read on real news.

Each test paraphrases the shape of a sentence where the engine went wrong on corpus or realnews dev
documents; the realnews texts themselves are never copied here.
"""

from __future__ import annotations

import pytest

from newsdesk.pipeline import analyze_texts


def _analysis(text: str):
    [analysis] = analyze_texts([text])
    return analysis


def _records_at(analysis, surface: str) -> list:
    """The actor records with a mention exactly on ``surface``."""
    text = analysis.document.text
    return [a for a in analysis.actors if any(text[s:e] == surface for s, e in a.mentions)]


# --- a state or an organisation that only qualifies a person is that person's affiliation ------

@pytest.mark.parametrize("text, modifier", [
    ("Cuba's Foreign Minister Felipe Perez Roque told the Assembly that the embargo had failed.", "Cuba"),
    ("The opposition Labour Party leader Jeremy Corbyn said the plan was bad.", "Labour Party"),
    ("A UNHCR goodwill ambassador visited the camp on Friday.", "UNHCR"),
    ("WeWork founder Adam Neumann sold shares worth millions on Monday.", "WeWork"),
    ("Taiwan's incumbent president Tsai Ing-wen won a second term.", "Taiwan"),
])
def test_a_name_that_qualifies_a_person_is_not_a_mention_of_its_own(text, modifier):
    """'Cuba's Foreign Minister X', 'Labour Party leader X', 'X, a doctor at Y': the state or the
    organisation describes the person (an analyst records X); it does not act there."""
    analysis = _analysis(text)
    assert _records_at(analysis, modifier) == []


@pytest.mark.parametrize("text, named", [
    ("Kemal Kilicdaroglu, the leader of the opposition Republican People's Party, gained little support.",
     "Republican People's Party"),
    ("Turkey, a Nato member, said it would mount an operation.", "Nato"),
])
def test_an_organisation_named_for_itself_stays_an_actor(text, named):
    """After a preposition or as a country's membership the organisation is named for itself."""
    assert _records_at(_analysis(text), named)


def test_the_state_still_acts_where_it_is_the_subject():
    analysis = _analysis("Iraq's president, Barham Salih, met the envoy. Iraq will not be a base "
                         "for attacks, Salih said.")
    [iraq] = [a for a in analysis.actors if a.name == "Iraq"]
    text = analysis.document.text
    assert [text[s:e] for s, e in iraq.mentions] == ["Iraq"] and iraq.mentions[0][0] > 10
