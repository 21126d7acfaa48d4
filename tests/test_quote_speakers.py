"""Who said it: speaker mentions the small parse misses or misplaces (issue 14).

Every case is a short paraphrase of a realnews dev or corpus sentence where the engine gave the
quote no speaker or the wrong one; the texts themselves stay in ../shared.
"""

from __future__ import annotations

from functools import lru_cache

import pytest


@lru_cache(maxsize=None)
def _parse(text: str):
    from newsdesk.nlp import load_pipeline

    return load_pipeline()(text)


def _speakers(text: str) -> dict[str, str | None]:
    """Each quote's first words -> the text of its speaker mention."""
    from newsdesk.extract.quotes import find_quotes

    return {text[q.start:q.end][:24]: (text[q.speaker_span[0]:q.speaker_span[1]] if q.speaker_span else None)
            for q in find_quotes(_parse(text))}


def _speaker_of(text: str, phrase: str) -> str | None:
    found = [s for start, s in _speakers(text).items() if phrase.startswith(start) or start.startswith(phrase)]
    assert found, _speakers(text)
    return found[0]


@pytest.mark.parametrize("text, phrase, speaker", [
    # realnews dev (ngec_guardian:71): the small model reads the surname after the quote as an adverb.
    ("Hassan Shibly, an attorney, has represented the family for years. “She wants to come back to "
     "the United States to answer for her mistakes,” Shibly said in response to an interview on Monday.",
     "“She wants", "Shibly"),
    ("Hassan Shibly has represented the family. Shibly, however, suggests she could be used to warn "
     "others not to follow her path.", "she could be used", "Shibly"),
    # realnews dev (indiatimes): 'Ulfa(I)' split from its parenthesis and hung on the previous clause.
    ("Rumours of his death had surfaced before, but Ulfa(I) said he was safe.", "he was safe", "Ulfa(I"),
    # realnews dev (unnews): an opening participle shares the main verb's (unparsed) subject.
    ("Stressing that the foreign forces must keep their temporary status, France's representative, "
     "Michel Duclos, emphasized the clarity of the text.", "the foreign forces", "Michel Duclos"),
    ("Stressing that the foreign forces must keep their temporary status, France's representative, "
     "Michel Duclos, emphasized the clarity of the text.", "the clarity", "Michel Duclos"),
])
def test_a_name_the_parse_left_unattached_before_the_verb_is_the_speaker(text, phrase, speaker):
    assert _speaker_of(text, phrase) == speaker


@pytest.mark.parametrize("text, phrase, speaker", [
    # realnews dev (scrapinghub): a description with the name in apposition: the name.
    ("WeWork’s parent company, The We Company, announced on Sept. 30 that it was withdrawing its filing.",
     "it was withdrawing", "The We Company"),
    ("The lawyers for Gennis and Andrews, Michael Rosser and Kevin Murray, told the court the money "
     "did not come from any illegal activities.", "the money", "Michael Rosser"),
    # realnews dev (glocon_sabinet): the parse made 'further south' the subject of 'told'.
    ("\"Security has been strengthened, especially in the northwest and in the forest,\" further south, "
     "near Burundi, a European diplomat in Kigali told AFP on Friday.", "\"Security", "a European diplomat"),
])
def test_the_apposition_that_says_who_speaks_is_the_speaker(text, phrase, speaker):
    assert _speaker_of(text, phrase) == speaker


@pytest.mark.parametrize("text, phrase, speaker", [
    # realnews dev (insightcrime): a quantity counts the people who speak.
    ("A recent survey gave him an approval rating of 49.8%. Just over 42% of respondents said they "
     "disapproved.", "they disapproved", "respondents"),
    ("A number of civil society organizations and opposition senators have filed legal actions "
     "against the law, describing it as unconstitutional.", "it as unconstitutional", "civil society organizations"),
    # realnews dev (scrapinghub, insightcrime): a participle on a document its subject issued.
    ("In a reflection of the confusion, the Electoral Commission, which regulates campaign finances, "
     "issued a statement warning that voters are entitled to transparency.", "voters are entitled",
     "the Electoral Commission"),
])
def test_the_people_counted_or_the_issuer_of_a_document_speak(text, phrase, speaker):
    assert _speaker_of(text, phrase) == speaker


def test_a_speaker_pronoun_continues_the_pronoun_subject_of_the_sentence_before():
    """realnews dev (unnews): 'Ambassador Godard said ... However, he responded that President
    Castro was ... "...," he said. He said that ...': every 'he' is Godard, not Castro, the
    nearest name, which the text only talks about."""
    from newsdesk.pipeline import analyze_texts

    text = ("Ambassador Ronald Godard of the United States said the embargo was a bilateral matter.\n"
            "However, since Cuba had raised the issue, he responded that President Fidel Castro was using "
            "it to hide his failures.\n"
            "\"If the people of Cuba are hungry, as Mr. Castro admits, it is because of his mismanagement,\" "
            "he said.\nHe said that the Cuban President continued with his baseless claims.")
    [analysis] = analyze_texts([text])
    names = {a.id: a.name for a in analysis.actors}
    for phrase in ("\"If the people", "the Cuban President continued"):
        [quote] = [q for q in analysis.quotes if text[q.start:q.end].startswith(phrase)]
        assert names.get(quote.speaker) == "Ronald Godard", phrase


def test_a_speaker_described_in_the_sentence_before_is_the_he_who_added():
    """realnews dev (glocon_sabinet): '"...," further south, a European diplomat in Kigali told
    AFP. "...," he added.': the diplomat, not the Hutu rebels named inside the first quote."""
    from newsdesk.pipeline import analyze_texts

    text = ("Kigali has beefed up security on its border, following clashes with Rwandan Hutu rebels. "
            "\"Security has been strengthened, especially in the northwest,\" further south, near Burundi, "
            "a European diplomat in Kigali told AFP on Friday. \"This makes sense because the rebels have "
            "moved towards the border,\" he added.")
    [analysis] = analyze_texts([text])
    names = {a.id: a.name for a in analysis.actors}
    [quote] = [q for q in analysis.quotes if text[q.start:q.end].startswith("\"This makes")]
    assert "diplomat" in (names.get(quote.speaker) or ""), names.get(quote.speaker)


def test_the_body_a_document_is_credited_to_speaks_for_it():
    """realnews dev (insightcrime): '..., according to a police statement': the police."""
    from newsdesk.pipeline import analyze_texts

    text = ("On July 31, officers arrested 13 suspected members of a criminal network that recruited "
            "girls in the Amazon region, according to a police statement.")
    [analysis] = analyze_texts([text])
    names = {a.id: a.name for a in analysis.actors}
    [quote] = analysis.quotes
    assert "police" in (names.get(quote.speaker) or "").lower(), names.get(quote.speaker)


def test_the_statement_and_it_speak_for_whoever_the_text_just_reported():
    """realnews dev (glocon_sabinet): 'The UN mission said on Saturday that ... "...," the
    statement received by AFP said. It called ... and denounced "..."': the UN mission, not AFP."""
    from newsdesk.pipeline import analyze_texts

    text = ("The United Nations mission in Congo said on Saturday that Rwandan troops had crossed the "
            "border. \"The mission noted the presence of Rwandan troops in the Bunagana sector,\" the "
            "statement received by AFP said. It called their presence illegal, and denounced \"the "
            "restrictions imposed on the movement of its troops.\"")
    [analysis] = analyze_texts([text])
    names = {a.id: a.name for a in analysis.actors}
    for phrase in ("\"The mission noted", "\"the restrictions"):
        [quote] = [q for q in analysis.quotes if text[q.start:q.end].startswith(phrase)]
        assert "United Nations" in (names.get(quote.speaker) or ""), (phrase, names.get(quote.speaker))
