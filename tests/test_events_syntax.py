"""Events read as an analyst would: roles from syntax (issue 15, second pass).

Each case was seen wrong in realnews dev or corpus output; the sentences are short paraphrases.
"""

from __future__ import annotations

import pytest


def _analyse(text: str):
    from newsdesk.pipeline import analyze_texts

    return analyze_texts([text])[0]


def _roles(text: str, type_: str) -> list[tuple]:
    return [(e.actor_name, e.recipient_name) for e in _analyse(text).events if e.type == type_]


def test_a_participle_coordinated_with_a_passive_is_passive():
    """"X was arrested by police and deported": X is deported, not the deporter."""
    roles = _roles("Ahmed Khan was arrested by German police and deported to Pakistan on Monday.", "COERCE")
    assert roles and all(actor is None or "police" in actor for actor, _ in roles)
    assert all(recipient is None or "Khan" in recipient for _, recipient in roles)


@pytest.mark.parametrize("text, type_", [
    ("The family fled to the United States after the invasion.", "RETREAT"),
    ("He was caught by police and deported from Arizona.", "COERCE"),
])
def test_where_someone_is_moved_is_no_recipient(text, type_):
    """The place one flees to or is deported from is no party to it (a place the event happens
    in may be: PLOVER codes a curfew lifted in Montenegro as done to Montenegro)."""
    roles = _roles(text, type_)
    assert roles, text
    for _, recipient in roles:
        assert recipient is None or not any(p in recipient for p in ("Manchester", "Turkey", "Türkiye", "United States",
                                                                     "Arizona")), (text, recipient)


@pytest.mark.parametrize("text", [
    "Later on Saturday night, an Israeli strike hit a district in eastern Gaza City, killing 16 people.",
    "Trump blamed the Syrian government for the attack and ordered cruise missile strikes on the airbase.",
])
def test_a_strike_with_weapons_is_force_not_a_walkout(text):
    types = [e.type for e in _analyse(text).events]
    assert "PROTEST" not in types and "ASSAULT" in types, types


def test_a_strike_by_workers_stays_a_protest():
    types = [e.type for e in _analyse("Thousands of teachers went on strike on Monday over unpaid wages.").events]
    assert "PROTEST" in types


def test_what_a_thing_should_do_is_no_request():
    """"Such insanity should go into the record books," he said: no one is asked anything; "the
    rebels must lay down their arms," he said: the rebels are."""
    said = '"Such insanity should go into the Guinness Book of World Records," the foreign minister said.'
    assert not [e for e in _analyse(said).events if e.type == "REQUEST"]
    asked = "The minister said the rebels must lay down their arms."
    assert [e for e in _analyse(asked).events if e.type == "REQUEST"]


@pytest.mark.parametrize("text", [
    "Iraq's president has hit back at comments made by Donald Trump.",
    "The opposition attacked the decision on Monday.",
])
def test_an_attack_on_words_is_criticism(text):
    types = [e.type for e in _analyse(text).events]
    assert "ASSAULT" not in types, types


def test_the_noun_a_participle_describes_is_its_patient():
    """Read in corpus output: "a journalist imprisoned in Algeria" had Algeria as the recipient."""
    text = "Mohamed Tamalt, a British-Algerian journalist imprisoned in Algeria for insulting the president, died."
    roles = _roles(text, "COERCE")
    assert roles and all(recipient is None or "journalist" in recipient or "Tamalt" in recipient
                         for _, recipient in roles), roles


def test_the_one_named_in_apposition_not_the_possessor():
    """Read in corpus output: "South Korea's first female president, Park Geun-hye, was arrested"
    had South Korea as the one arrested."""
    text = ("South Korea's first female president, Park Geun-hye, was arrested in March 2017. "
            "Park Geun-hye denied the charges.")
    roles = _roles(text, "COERCE")
    assert roles and all(recipient and "Park" in recipient for _, recipient in roles), roles


def test_a_press_release_and_a_date_are_no_events_and_no_parties():
    """Read in corpus output: "an October 4 press release from the US Attorney's Office" was a
    RETREAT by "October"."""
    text = "According to an October 4 press release from the US Attorney's Office, the men pleaded guilty."
    assert not [e for e in _analyse(text).events if e.type == "RETREAT"]
    warned = _analyse("On Monday, the People's Daily warned that there is no room for compromise.").events
    assert all(e.recipient_name != "Monday" and e.actor_name != "Monday" for e in warned)


def test_abusing_power_is_no_assault():
    assert not [e for e in _analyse("The President abused the power which was given to her by the citizens.").events
                if e.type == "ASSAULT"]


def test_a_group_opposed_to_someone_is_no_patient():
    """"a rebel group opposed to Kinshasa": the group opposes; it is not what is opposed."""
    roles = _roles("Rwanda also sponsored a DRC rebel group opposed to Kinshasa.", "REJECT")
    assert all(recipient is None or "group" not in recipient for _, recipient in roles), roles


def test_a_participle_parsed_as_a_clause_is_still_passive():
    """"the Kurdish leader now imprisoned in Turkey": the leader is imprisoned, not the jailer."""
    text = "The rally marked the anniversary of the arrest of Abdullah Ocalan, the Kurdish leader now imprisoned in Turkey."
    for actor, recipient in _roles(text, "COERCE"):
        assert actor is None or "leader" not in actor, (actor, recipient)


def test_the_one_blamed_is_after_on():
    roles = _roles("Current President Macri has blamed the drug flights on his predecessor Cristina Kirchner.", "ACCUSE")
    assert roles and any(recipient and "Kirchner" in recipient for _, recipient in roles), roles
