"""Loaded_Language needs loaded wording (issue 17: "Neutral wire copy should come out with none").

An analyst reading random corpus documents found Loaded_Language on neutral expository sentences
(a wire report on arms routes: "There are 956 miles of border ..."; a gadget review: "I tried the
... mouse instead."). The sentences below are short paraphrases of that copy, not the texts.
"""

from __future__ import annotations

import json

import pytest

from newsdesk.analysis.linear import word_tokens

# Paraphrases of the neutral sentences the stage labelled (arms-route report, product review,
# budget report), one paragraph per line as in the corpus.
NEUTRAL_WIRE = "\n".join([
    "The magazine describes the routes by which guns reach Mexico, including arms shipped from the "
    "United States to Guatemala and then across the southern border.",
    "Some 800 miles of border separate the two countries, and travellers can reach towns such as "
    "Ciudad Hidalgo or La Mesilla, pass the checkpoints and walk on. Through the Gulf route, the "
    "shipments pass via Nuevo Laredo and Reynosa before moving on to Veracruz and Tabasco.",
    "Small arms are offered on hundreds of web pages, with the price agreed in chats or by phone.",
    "I needed a new mouse for my desk. I tried the Logitech wireless mouse instead. The keyboard is "
    "backlit, unlike the standalone keyboard that ships with the desktop.",
    "The minister said the budget proposals for next year include a rise in spending on schools.",
])

LOADED_SENTENCE = "This evil regime has unleashed an outrageous, terrible disaster on its own people."


def _parse(text: str):
    from newsdesk.nlp import parse_many

    return next(parse_many([text]))


def test_neutral_wire_copy_gets_no_technique():
    """The record (default threshold) states none; what the model still finds without loaded
    wording ranks below every supported label and stays only for --min-confidence 0."""
    from newsdesk import confidence
    from newsdesk.analysis.techniques import find_techniques

    doc = _parse(NEUTRAL_WIRE)
    found = find_techniques(doc, [])
    limit = confidence.threshold("techniques")
    stated = [(t.technique, NEUTRAL_WIRE[t.start:t.end]) for t in found
              if (confidence.calibrated("techniques", t.confidence) or 0.0) >= limit]
    assert stated == []
    assert all(t.confidence < 0.5 for t in found if t.technique == "Loaded_Language")


def test_loaded_sentence_keeps_loaded_language():
    from newsdesk.analysis.techniques import find_techniques

    text = "Officials met on Monday to discuss the border.\n" + LOADED_SENTENCE
    found = find_techniques(_parse(text), [])
    spans = [text[t.start:t.end] for t in found if t.technique == "Loaded_Language"]
    assert spans == [LOADED_SENTENCE]


def test_loaded_language_span_is_the_sentence_with_loaded_wording():
    """In a paragraph with a neutral and a loaded sentence, only the loaded one is the span."""
    from newsdesk.analysis.techniques import find_techniques

    neutral = "The report was published on Tuesday in the capital."
    text = f"{neutral} {LOADED_SENTENCE}"
    found = [t for t in find_techniques(_parse(text), []) if t.technique == "Loaded_Language"]
    assert found, "the loaded sentence lost its label"
    assert all(neutral not in text[t.start:t.end] for t in found)


def test_loaded_sentences_need_a_lexicon_word_or_a_cue():
    from newsdesk.analysis.techniques import _content, _loaded_sentences

    text = f"Officials met on Monday. {LOADED_SENTENCE}"
    first = (0, len("Officials met on Monday."))
    second = (first[1] + 1, len(text))
    content = _content(word_tokens(text))
    assert _loaded_sentences(text, [first, second], content, {}) == [second]
    neutral = "Officials met on Monday."
    assert _loaded_sentences(neutral, [(0, len(neutral))], _content(word_tokens(neutral)), {}) == []
    # A Loaded_Language cue counts as loaded wording even where no lexicon word is present.
    cued = {"Loaded_Language": [(0, len(neutral))]}
    assert _loaded_sentences(neutral, [(0, len(neutral))], _content(word_tokens(neutral)), cued) == [(0, len(neutral))]


def test_lexicon_is_built_data_of_content_words():
    from newsdesk.analysis.techniques import LOADED_WORDS_FILE, _content
    from newsdesk.knowledge import DATA_DIR

    data = json.loads((DATA_DIR / LOADED_WORDS_FILE).read_text(encoding="utf-8"))
    assert "scripts/build_loaded_lexicon.py" in data["_about"]
    words = data["words"]
    assert 100 < len(words) < 5000
    # Lexicon lookups use a paragraph's content words, so every entry must be one.
    assert _content(list(words)) == list(words)
    for word, (inside, total) in words.items():
        assert word == word.lower() and 2 <= inside <= total, word
    for neutral in ("mouse", "border", "miles", "keyboard", "budget", "route"):
        assert neutral not in words


@pytest.mark.parametrize("sentence", [
    "There are hundreds of miles of border between the two countries.",
    "I tried the other wireless mouse instead.",
])
def test_neutral_sentences_hold_no_loaded_word(sentence):
    from newsdesk.analysis.techniques import _has_loaded_words

    assert not _has_loaded_words(sentence)
