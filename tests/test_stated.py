"""Stances and calls only where the text states them (issue 17).

Sentences here are our own, in the style of wire copy; corpus documents are read from ../shared at
run time by id, never copied."""

from __future__ import annotations

import json

import pytest

from newsdesk import analyze

from .conftest import corpus_text, shared_file


def _names(analysis) -> dict[str, str]:
    return {a.id: a.name for a in analysis.actors}


def _stances(text: str, min_confidence=None) -> set[tuple[str, str, int]]:
    analysis = analyze(text, min_confidence=min_confidence)
    names = _names(analysis)
    return {(names.get(s.holder, s.holder), names.get(s.target, s.target), 1 if s.polarity > 0 else -1)
            for s in analysis.stances}


_corpus_text = corpus_text  # one corpus reader for every test (tests/conftest.py)

# --- stances ----------------------------------------------------------------------------------

def test_a_stated_condemnation_is_a_stance_of_its_subject():
    found = _stances("Kenyan Foreign Minister Amina Odhiambo on Monday condemned the Northern Front "
                     "for the attack on the convoy.", min_confidence=0)
    assert any("Odhiambo" in h and "Northern Front" in t and sign < 0 for h, t, sign in found), found


def test_praise_and_support_are_positive():
    found = _stances("Amina Odhiambo praised the African Union for its mediation.", min_confidence=0)
    assert any("Odhiambo" in h and "African Union" in t and sign > 0 for h, t, sign in found), found


def test_two_names_in_one_sentence_are_no_stance():
    # Bug found in real output: co-occurrence made "violent clashes" a stance against a president.
    text = ("Amina Odhiambo met the Northern Front's leader, Tom Ekai, in Lirra on Monday, as violent "
            "clashes continued near the border.")
    assert _stances(text, min_confidence=0) == set()


def test_a_dateline_holds_no_stance():
    # Bug found in real output: a dateline ("NEW YORK", "CAIRO") held stances toward every name.
    text = ("LIRRA (Reuters) - Police arrested three members of the Northern Front on Monday, a spokesman "
            "for President Tom Ekai said.")
    assert not any(h.upper() == "LIRRA" for h, _t, _s in _stances(text, min_confidence=0))


def test_an_appeal_to_support_is_not_the_speakers_own_support():
    # "He urged the international community to support the Iraqi people": a call, not yet support.
    text = "Amina Odhiambo urged the United Nations to back the Northern Front."
    assert not any("Odhiambo" in h and "Northern Front" in t for h, t, _s in _stances(text, min_confidence=0))


def test_a_negated_evaluation_states_nothing():
    text = "Amina Odhiambo did not condemn the Northern Front."
    assert _stances(text, min_confidence=0) == set()


# --- calls ------------------------------------------------------------------------------------

def _calls(text: str, min_confidence=None):
    analysis = analyze(text, min_confidence=min_confidence)
    return analysis, analysis.calls_to_action


def test_a_reported_appeal_is_a_call_with_its_speaker():
    analysis, calls = _calls("Amina Odhiambo urged the rebels to lay down their arms.")
    names = _names(analysis)
    [call] = calls
    assert call.action.startswith("lay down their arms") and "Odhiambo" in names.get(call.speaker, "")
    assert call.confidence is not None and 0 < call.confidence <= 1


@pytest.mark.parametrize("text", [
    "Read More As such, the ministers met again on Monday.",  # navigation
    "Follow us on Twitter for the latest news.",
    "ISSUED AT 04:30 BY THE NATIONAL WEATHER SERVICE FOR THE COASTAL DISTRICTS.",  # a bulletin header
])
def test_navigation_and_headers_are_no_calls(text):
    assert _calls(text, min_confidence=0)[1] == []


def test_a_tip_in_the_narration_is_below_the_default_threshold():
    text = ("Storms are expected on the coast on Tuesday.\n\nCheck the forecast before you travel and keep "
            "a torch at home.")
    _analysis, everything = _calls(text, min_confidence=0)
    _analysis, stated = _calls(text)
    assert stated == [] and all(c.speaker is None for c in everything)


# --- neutral wire copy --------------------------------------------------------------------------

@pytest.mark.parametrize("doc_id", [
    "gwn:28",
    "lgl:43304535",
    "insightcrime:train-256",
    "geovirus:British_troops_may_have_received_contaminated_blood_from_American_donors",
])
def test_neutral_wire_copy_states_no_stance_or_call(doc_id):
    # Found reading briefs of random corpus stories: co-occurrence stances and headline calls.
    analysis = analyze(_corpus_text(doc_id))
    assert analysis.stances == [] and analysis.calls_to_action == []


def test_a_struggle_for_a_people_is_not_against_it():
    # Bug found in the seed's output: "the struggle for the freedom of Afghans" read as against Afghans.
    text = "Amina Odhiambo said her legacy is the struggle for the freedom of the Somalis."
    assert not any(t == "Somalis" and sign < 0 for _h, t, sign in _stances(text, min_confidence=0))


def test_a_legal_charge_is_not_a_stance():
    # Bug found in corpus output (lgl): "The warrant for Evens charges her with a Class 1 felony"
    # made the warrant hostile to Evens.
    text = ("Police said the warrant for Ashley Evens charges her with leaving the scene of an accident. "
            "Prosecutors charged Tom Ekai with fraud on Monday.")
    assert _stances(text, min_confidence=0) == set()


def test_a_reported_call_by_he_is_the_person_named_before():
    analysis, calls = _calls("Amina Odhiambo visited the camp on Monday. Later he urged the rebels to lay down "
                             "their arms.", min_confidence=0)
    names = _names(analysis)
    assert calls and all("Odhiambo" in names.get(c.speaker, "") for c in calls)


def test_a_participle_belongs_to_the_noun_it_describes_not_to_the_voice():
    # Bug found in corpus output (PolNeAR): in "his campaign has argued that it could win by persuading
    # superdelegates backing Clinton", the campaign (the quote's speaker) was made to back Clinton.
    text = ("The Sanders campaign has argued that it could still win by persuading superdelegates backing "
            "Hillary Clinton to switch sides.")
    assert not any("Sanders" in h and "Clinton" in t for h, t, _s in _stances(text, min_confidence=0))


# --- stances the parse states but the links missed (h17, realnews dev misses) --------------------

def test_support_given_to_someone_is_the_givers_stance():
    # "Moscow gave tacit support to Turkey's incursion": the noun's "to" hangs on the light verb.
    found = _stances("In return, Russia gave tacit support to the Northern Front's offensive near Lirra.",
                     min_confidence=0)
    assert ("Russia", "Northern Front", 1) in found, found


def test_passive_alignment_with_someone_is_the_subjects_stance():
    # "Turkey ... is now closely aligned with Russia": a passive subject holds the prep-verb stance.
    found = _stances("The Northern Front, though still a member of the coalition, is now closely aligned "
                     "with the Kremlin.", min_confidence=0)
    assert ("Northern Front", "Kremlin", 1) in found, found


def test_blaming_something_on_someone_targets_that_someone():
    # "Macri has blamed the drug flights on his predecessor Cristina Kirchner".
    found = _stances("President Amina Odhiambo has blamed the drug flights on her predecessor, Tom Ekai.",
                     min_confidence=0)
    assert ("Amina Odhiambo", "Tom Ekai", -1) in found, found


def test_a_name_the_actor_layer_left_unlinked_still_holds_its_stance():
    # ngec_guardian:351: "Erdoğan has backed Moscow and Tehran", with the actor recorded as "Erdogan"
    # and the accented mentions left out of it: the surname still names that actor.
    analysis = analyze(_corpus_text("ngec_guardian:351"), min_confidence=0)
    names = _names(analysis)
    found = {(names.get(s.holder), names.get(s.target), s.polarity > 0) for s in analysis.stances}
    # "Moscow" here is the Russian state (the actor layer files a capital acting abroad under its
    # state), so the target is recorded under that actor's name.
    assert any(h and "Erdo" in h and t in ("Moscow", "Russia") and pos for h, t, pos in found), found


def test_a_label_in_a_reported_clause_is_the_speakers_stance():
    # "Trump said ..., adding that Iran was a 'real problem'": the copula never reached the label check.
    found = _stances('In an interview on Sunday, Tom Ekai said Lirra was well placed for trade, adding that '
                     'the Northern Front was a "real problem".', min_confidence=0)
    assert ("Tom Ekai", "Northern Front", -1) in found, found


def test_a_judgement_of_someones_comments_is_a_stance_toward_them():
    # "Kaabi said Trump's latest comments were a 'blatant and overt violation of sovereignty'".
    found = _stances("Amina Odhiambo, the deputy speaker, said Tom Ekai's latest comments were a blatant "
                     "violation of sovereignty.", min_confidence=0)
    assert ("Amina Odhiambo", "Tom Ekai", -1) in found, found


def test_frustration_that_someone_failed_is_a_stance_toward_them():
    # "The US is frustrated Russia has not put pressure on the regime": a passive feeling verb.
    found = _stances("The Kremlin is frustrated the Northern Front has not put pressure on the regime.",
                     min_confidence=0)
    assert ("Kremlin", "Northern Front", -1) in found, found


def test_a_proponent_of_a_group_supports_it():
    # "she soon became one of the group's most vocal proponents": the possessor is the one supported.
    found = _stances("Amina Odhiambo soon became one of the Northern Front's most vocal proponents.",
                     min_confidence=0)
    assert ("Amina Odhiambo", "Northern Front", 1) in found, found


def test_an_allegation_that_someone_committed_abuses_is_against_them():
    # "ACAT-France released a report alleging that Mexican security forces committed ... abuses".
    found = _stances("The Northern Front released a report alleging that Kenyan security forces committed "
                     "serious abuses.", min_confidence=0)
    assert ("Northern Front", "Kenyan security forces", -1) in found, found


def test_a_participle_describes_its_noun_not_the_nouns_conjuncts():
    # ngec_guardian:101: "a buffer between US-allied Kurdish militias and neighbouring Turkey" made
    # the US an ally of Turkey.
    analysis = analyze(_corpus_text("ngec_guardian:101"), min_confidence=0)
    names = _names(analysis)
    found = {(names.get(s.holder), names.get(s.target)) for s in analysis.stances}
    assert not any(h == "United States" and t and "rkiye" in t for h, t in found), found


# --- calls the finders missed or misread (h17, realnews dev) ------------------------------------

def _actions(text: str, min_confidence=0) -> list[str]:
    return [c.action for c in _calls(text, min_confidence=min_confidence)[1]]


def test_a_negative_imperative_with_a_curly_apostrophe_is_a_call():
    # "“Don’t overburden Iraq with your own issues,” Salih said": "n’t" was only matched as "n't".
    analysis, calls = _calls("“Don’t overburden Lirra with your own issues,” Tom Ekai said on Monday.", 0)
    assert [c.action for c in calls] == ["Don’t overburden Lirra with your own issues"], calls
    assert _names(analysis).get(calls[0].speaker) == "Tom Ekai"


def test_an_organisation_referred_to_as_it_still_calls_on_states():
    # "... and it called on all states to repeal or invalidate them as soon as possible".
    actions = _actions("The assembly noted that several bodies had rejected the laws, and it called on all "
                       "states to repeal or invalidate them as soon as possible.")
    assert any(a.startswith("repeal or invalidate them") for a in actions), actions


def test_calling_for_someone_to_act_is_a_call():
    # "has called for her to be a voice of a deradicalisation programme": "for" is a clause marker.
    actions = _actions("The lawyer for Amina Odhiambo has called for her to be a voice of a "
                       "deradicalisation programme.")
    assert any("to be a voice of a deradicalisation programme" in a for a in actions), actions


@pytest.mark.parametrize("text", [
    # "told Capital Download ..., "but the attempt to interfere ...": the infinitive is the noun's.
    'Tom Ekai told reporters on Wednesday, "but the attempt to interfere with the vote is new."',
    # "pressing the boundaries to get attention": a purpose, and boundaries are asked nothing.
    "With no law, campaigns have already been pressing the boundaries to get attention.",
    # "a tool with which to press Russia to negotiate": nobody presses anyone yet.
    "The port may be seen as a tool with which to press the Kremlin to negotiate on the border.",
])
def test_an_infinitive_that_belongs_elsewhere_is_no_call(text):
    assert _actions(text) == []


def test_two_conjoined_acts_asked_for_are_two_calls():
    # 'called on the administration to "really call out Russia on this" and consider taking ...'
    actions = _actions('Tom Ekai called on the administration to "really call out the Kremlin on this" and '
                       "consider taking additional action with its allies.")
    assert any(a.startswith("call out the Kremlin on this") and "consider" not in a for a in actions), actions
    assert any(a.startswith("consider taking additional action") for a in actions), actions


def test_two_imperatives_joined_by_but_are_two_calls():
    # "“Hold onto your feather bedding, but if you do get chest symptoms ..., mention it to your
    # health care professional,” Dempsey said."
    actions = _actions("“Hold onto your blankets, but if you do get chest symptoms, mention it to your doctor,” "
                       "Tom Ekai said.")
    assert "Hold onto your blankets" in actions and any(a.startswith("mention it to your doctor") for a in actions), actions


def test_the_us_is_a_country_not_the_first_person():
    # ngec_guardian:639: "The US is frustrated Russia has not put pressure on the regime": "US" was
    # read as the pronoun "us", so the holder became the voice and the stance was lost.
    found = _stances("The US is frustrated the Kremlin has not put pressure on the regime.", min_confidence=0)
    assert ("United States", "Kremlin", -1) in found, found


def test_a_call_by_the_us_is_reported_by_the_us():
    # The same "us" misreading made the US's own call a call of the voice.
    analysis, calls = _calls("The US urged the Northern Front to release the hostages.", 0)
    names = _names(analysis)
    assert any(names.get(c.speaker) == "United States" for c in calls), [(c.speaker, c.action) for c in calls]


def test_his_predecessor_is_not_himself():
    # insightcrime:train-202: "Macri has blamed the drug flights on his predecessor Cristina Kirchner's
    # administration": the pronoun possessor ("his") stood for the noun, a stance of Macri on himself.
    found = _stances("President Amina Odhiambo has blamed the drug flights on her predecessor Tom Ekai's "
                     "administration.", min_confidence=0)
    assert any(h == "Amina Odhiambo" and "Ekai" in t and sign < 0 for h, t, sign in found), found
    assert not any(h == t for h, t, _sign in found), found


def test_a_complaint_for_a_judgement_against_someone_is_against_them():
    # polnear (realnews dev): "Gov. McCrory filed a complaint for declaratory judgement against Obama's DOJ".
    found = _stances("Governor Tom Ekai filed a complaint for declaratory judgement against the Kremlin on Monday.",
                     min_confidence=0)
    assert ("Tom Ekai", "Kremlin", -1) in found, found


@pytest.mark.parametrize("text", [
    # insightcrime:train-942 (read as an analyst): habits of a kind of people, not a call anyone made.
    "With their clients beholden to them, smugglers are known to sometimes demand more money.",
    "There is also the risk of a rip, when gangs kidnap migrants and demand ransom money.",
])
def test_what_a_kind_of_people_habitually_demand_is_no_call(text):
    assert _actions(text) == []


def test_a_quoted_demand_that_someone_be_punished_is_the_speakers_stance():
    # polnear (realnews dev), Kelli Ward: "Loretta Lynch should be impeached for such outrageous overreach."
    found = _stances('"Tom Ekai should be impeached for such outrageous overreach," Amina Odhiambo said on Monday.',
                     min_confidence=0)
    assert ("Amina Odhiambo", "Tom Ekai", -1) in found, found


def test_a_narrated_should_be_punished_holds_no_stance():
    # The same words in the article's own narration state nobody's position.
    assert _stances("Lirra is quiet again. In the end, Tom Ekai should be impeached for the overreach.",
                    min_confidence=0) == set()


def test_a_call_by_a_title_with_the_name_in_apposition_is_the_named_persons():
    # ngec_guardian:537: "The Turkish president, Recep Tayyip Erdoğan, has urged Nato to come to Turkey's aid"
    # had no speaker: the subject "The Turkish president" is no mention, its apposition is.
    analysis = analyze(_corpus_text("ngec_guardian:537"), min_confidence=0)
    names = _names(analysis)
    speakers = [names.get(c.speaker) for c in analysis.calls_to_action if c.action.startswith("come to Turkey")]
    assert speakers and all(s and "Erdo" in s for s in speakers), speakers


def test_a_document_urging_something_does_not_lend_the_call_to_another_actor():
    # scrapinghub_aeb:e7994d5500875202: "Despite parliamentary reports urging new regulations to combat
    # misinformation ..., officials ..." was given to the United Kingdom named elsewhere in the sentence.
    analysis = analyze(_corpus_text("scrapinghub_aeb:e7994d5500875202"), min_confidence=0)
    names = _names(analysis)
    text = analysis.document.text
    urging = [c for c in analysis.calls_to_action if "urging new regulations" in text[c.start - 40:c.end]]
    assert all(names.get(c.speaker) != "United Kingdom" for c in urging), [(names.get(c.speaker), c.action) for c in urging]


def test_the_support_someone_provides_to_others_is_their_stance():
    # ngec_guardian:639: "Turkey is also angry at the support the US continues to provide to the Syrian
    # Kurdish forces": the relative clause's subject gives the support, its "to" object receives it.
    found = _stances("The Kremlin is angry at the support the United States continues to provide to the "
                     "Northern Front.", min_confidence=0)
    assert ("United States", "Northern Front", 1) in found, found


@pytest.mark.parametrize("text", [
    # ngec_guardian:687: "working to train and advise local partner forces and to provide artillery support".
    "Most are special forces, working to train and advise local partner forces and to provide artillery support.",
    # ngec_guardian:136: "accused Prince Mohammed of ordering the hit on Jamal Khashoggi – a claim set to haunt ...".
    "The Senate openly accused the prince of ordering the hit on the journalist – a claim set to haunt a path to "
    "the throne.",
    # gwn:228: "A spokesman added: ‘Trash and decaying food was found piled up ...": a subject, not an imperative.
    "A spokesman added: ‘Trash and decaying food was found piled up throughout the house.",
])
def test_read_in_corpus_documents_these_are_no_calls(text):
    assert _actions(text) == []


# --- pronoun holders and titled subjects (issue 17, h17b) -----------------------------------------

def test_a_pronoun_subject_holds_the_stance_of_its_antecedent():
    # Real output (realnews dev): "..., which it regards as a terror group" had no holder: the
    # actor layer leaves "it" unlinked; the antecedent is the subject of the sentence.
    text = ("Kenya regards the Lirra militia as a branch of the Northern Front, "
            "which it regards as a terrorist group.")
    found = _stances(text, min_confidence=0)
    assert any(h == "Kenya" and "Northern Front" in t and sign < 0 for h, t, sign in found), found


def test_a_he_subject_holds_the_stance_of_the_person_before():
    # "... Erdoğan's vendetta with the Kurds, all of whom he denounces as terrorists" (realnews dev).
    text = ("Amina Odhiambo arrived in Lirra on Monday. "
            "On Tuesday she condemned the Northern Front for the attack on the convoy.")
    found = _stances(text, min_confidence=0)
    assert any("Odhiambo" in h and "Northern Front" in t and sign < 0 for h, t, sign in found), found


def test_an_ambiguous_pronoun_holds_nothing():
    # Two people before "she": no clear antecedent, no holder (a wrong fact costs more).
    text = ("Amina Odhiambo met Grace Wanjiru in Lirra on Monday. "
            "She condemned the Northern Front for the attack on the convoy.")
    found = _stances(text, min_confidence=0)
    assert not any("Northern Front" in t and ("Wanjiru" in h) for h, t, _s in found), found


def test_a_title_with_the_name_in_apposition_is_the_holder():
    # Real output (realnews dev): "The Russian foreign minister, Sergei Lavrov, ... described the US
    # move as provocative and unilateral" had no holder: the subject is "minister", the name its appos.
    text = ("The Kenyan foreign minister, Amina Odhiambo, described the Northern Front's move as "
            "provocative and unilateral.")
    found = _stances(text, min_confidence=0)
    assert any("Odhiambo" in h and "Northern Front" in t and sign < 0 for h, t, sign in found), found


def test_a_call_to_act_against_someone_is_the_callers_stance_against_them():
    # Real output (realnews dev): "Adam Schiff ... called on President Obama to retaliate against
    # Russia for interference in the presidential election" stated no stance of Schiff's.
    text = "Amina Odhiambo called on President Tom Ekai to retaliate against the Northern Front for the attack."
    found = _stances(text, min_confidence=0)
    assert any("Odhiambo" in h and "Northern Front" in t and sign < 0 for h, t, sign in found), found
    assert not any("Ekai" in h for h, _t, _s in found), found  # the one asked has not acted yet


def test_a_refused_call_states_nothing():
    text = "Amina Odhiambo did not urge the United Nations to condemn the Northern Front."
    assert not any("Northern Front" in t for _h, t, _s in _stances(text, min_confidence=0))


def test_the_party_names_the_one_party_of_the_story():
    # Real output (realnews dev): "Foreign Secretary Dominic Raab defended the party's actions", the
    # party being the Conservative Party named before, stated no stance: "the party" was no actor.
    text = ("The Lirra People's Party renamed its press account during the debate. "
            "Interior Minister Amina Odhiambo defended the party's actions on Wednesday.")
    found = _stances(text, min_confidence=0)
    assert any("Odhiambo" in h and "Party" in t and sign > 0 for h, t, sign in found), found


def test_the_party_with_two_parties_in_the_story_names_neither():
    text = ("The Lirra People's Party and the Northern Unity Party both renamed their accounts. "
            "Interior Minister Amina Odhiambo defended the party's actions on Wednesday.")
    found = _stances(text, min_confidence=0)
    assert not any("Party" in t for _h, t, _s in found), found


@pytest.mark.xfail(strict=True, reason="known limit, as on main: the parse hangs 'which ... endorsed' on "
                   "'government', and a relative clause with no object of its own takes the noun it hangs on")
def test_a_relative_pronoun_object_of_a_plain_verb_is_not_resolved():
    # Corpus (insightcrime:train-223): "checks from the Taiwanese government, which Portillo himself
    # endorsed" - the relative clause hangs on the nearest noun (the government), not on the checks.
    # h17b resolves a relative pronoun object to the described noun under label verbs only ("which it
    # regards as a terror group"); the clause with no object at all still takes the noun (h17).
    text = ("The foundation received $1.5 million in checks from the Lirra government, which Tom Ekai "
            "himself endorsed and later deposited into a bank.")
    found = _stances(text, min_confidence=0)
    assert not any("Ekai" in h and "Lirra" in t for h, t, _s in found), found


def test_a_stated_verb_keeps_its_sign_where_the_sentence_reads_against_the_target():
    # Realnews dev: "Dominic Raab defended the party's actions, saying the Twitter account was clearly
    # linked to the Conservatives": the model reads the party negatively (-0.59), the verb's +0.6
    # nearly cancels it and the stance fell below MIN_POLARITY; Raab's defence is stated.
    text = ("Amina Odhiambo defended the Northern Front's actions, saying the misleading Twitter account "
            "was clearly linked to the Front.")
    found = _stances(text, min_confidence=0)
    assert any("Odhiambo" in h and "Northern Front" in t and sign > 0 for h, t, sign in found), found
