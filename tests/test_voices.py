"""Voices on plain text: datelines, run-on headlines and site furniture (issue 20).

Sentences are written for these tests in the style of the corpus; bugs found in corpus output are
read from ../shared/corpus by document id at run time (never copied here).
"""

from __future__ import annotations

import json

import pytest

from newsdesk.segment.voices import find_voices
from tests.conftest import corpus_record, corpus_text, shared_file


def _voices(text):
    voices, publisher = find_voices(text)
    return [(v.kind, text[v.start:v.end], v.place) for v in voices], publisher


def _kinds(text, kind):
    return [(t, p) for k, t, p in _voices(text)[0] if k == kind]


_corpus_text = corpus_text  # one corpus reader for every test (tests/conftest.py)

@pytest.mark.parametrize("text, dateline, place", [
    ("KABUL: Taliban fighters seized the district on Monday, officials said.\n\nMore fighting is expected.",
     "KABUL:", "KABUL"),
    ("new delhi: the government on monday announced new rules for the police, officials said.",
     "new delhi:", "new delhi"),
    ("Talks to resume\n\nLONDON (AP) — Prime Minister Jane Doe said on Tuesday that talks would resume.",
     "LONDON (AP) —", "LONDON"),
    ("Floods hit Assam\n\nGUWAHATI, March 3: Floods displaced thousands of people on Sunday, officials said.",
     "GUWAHATI, March 3:", "GUWAHATI"),
    ("Rebels shell the port\n\nGAZA CITY, Oct 3 (AP) — Shells hit the port overnight, witnesses said.",
     "GAZA CITY, Oct 3 (AP) —", "GAZA CITY"),
])
def test_datelines_are_found_with_their_place(text, dateline, place):
    assert _kinds(text, "dateline") == [(dateline, place)]
    # The dateline is neither the headline nor part of the body.
    assert all(not t.startswith(dateline) for t, _p in _kinds(text, "body") + _kinds(text, "headline"))


def test_run_on_wire_copy_gives_headline_credit_and_dateline():
    text = ("Man accused of farm murder appears in court ANA Reporter GEORGE, August 29 (ANA) - A man "
            "accused of killing a farmer appeared in court on Monday, the prosecutor said.")
    voices, publisher = _voices(text)
    assert [(k, t) for k, t, _p in voices[:3]] == [
        ("headline", "Man accused of farm murder appears in court"), ("byline", "ANA Reporter"),
        ("dateline", "GEORGE, August 29 (ANA) -")]
    assert voices[2][2] == "GEORGE" and publisher == "ANA"


@pytest.mark.parametrize("text", [
    "TRUMP: We will win this election.\n\nCLINTON: No, we will win it.",  # a transcript's speakers
    "UN: Grave Concern About Attacks on Migrants in Mexico. The UN high commissioner warned on Monday.",
    "ANALYSIS: the war enters its third year and nobody is winning it, officials said.",
    "Trump: the wall will be built, the candidate told supporters on Monday night in Ohio.",
    "Sen. Smith (D-NY) — the senator said on Monday that the bill would pass this week.",
    "Jones (R-Texas): the congressman said on Monday that the bill would pass this week.",
])
def test_labels_and_speakers_are_not_datelines(text):
    assert _kinds(text, "dateline") == []


def test_run_on_headline_in_title_case():
    text = ("Gangs Impose Curfew in Honduran Capital. Honduran criminal gangs have imposed a curfew on "
            "residents of several neighbourhoods, police said.")
    assert _kinds(text, "headline") == [("Gangs Impose Curfew in Honduran Capital.", None)]
    assert _kinds(text, "body")[0][0].startswith("Honduran criminal gangs")
    # A run-on headline that starts with a label is not a byline, and gives no publisher.
    voices, publisher = _voices("UN: Grave Concern About Attacks on Migrants. The UN commissioner warned on Monday.")
    assert publisher is None and not [v for v in voices if v[0] == "byline"]


def test_prose_first_sentence_is_not_a_headline():
    text = "Police arrested three men in the capital on Monday. The men were charged with robbery, officials said."
    assert _kinds(text, "headline") == []


@pytest.mark.parametrize("line", [
    "Facebook Twitter Linkedin Mail",
    "Read More: Ministers meet again in Geneva",
    "(Reporting by Jane Doe; Editing by John Roe)",
    "Follow Jane Doe on Twitter @janedoe.",
    "Photo: Reuters",
    "Subscribe to our daily newsletter",
    "Advertisement",
])
def test_furniture_lines_are_boilerplate(line):
    text = f"Ministers meet in Geneva\n\nThe ministers met on Monday, officials said.\n\n{line}"
    assert _kinds(text, "boilerplate") == [(line, None)]
    assert [t for t, _p in _kinds(text, "body")] == ["The ministers met on Monday, officials said."]


@pytest.mark.parametrize("closer", ["Enditem", "Sapa", "Sapa /str/gm/ks/cls", "Ends /avb"])
def test_wire_closers_are_boilerplate(closer):
    text = f"Ministers meet in Geneva\n\nThe ministers met on Monday, he said. {closer}"
    assert _kinds(text, "boilerplate") == [(closer, None)]


def test_prose_that_starts_like_furniture_stays_body():
    text = ("Ministers meet in Geneva\n\nSubscribers to the service were told on Monday that prices would "
            "rise. The company said the change was needed to cover costs after a difficult year.")
    assert _kinds(text, "boilerplate") == []


@pytest.mark.parametrize("doc_id, place", [
    ("glocon_sabinet:5db56b78ee1f20001746379e", "DAMASCUS"),  # headline, dateline and story on one line
    ("conflibert_samples:cna_007#7", "JERUSALEM"),
])
def test_corpus_datelines(doc_id, place):
    text = _corpus_text(doc_id)
    voices, _publisher = find_voices(text)
    datelines = [v for v in voices if v.kind == "dateline"]
    assert [v.place for v in datelines] == [place]
    assert any(v.kind == "headline" and v.end <= datelines[0].start for v in voices)


def test_dateline_and_byline_never_become_actors():
    from newsdesk import analyze

    text = ("Man accused of farm murder appears in court ANA Reporter GEORGE, August 29 (ANA) - A man accused "
            "of killing a farmer appeared in the Western Cape High Court on Monday, prosecutor Jane Smith said.\n\n"
            "KABUL: this line is not a dateline here.\n\nFollow Jane Doe on Twitter @janedoe.")
    analysis = analyze(text)
    names = {a.name for a in analysis.actors}
    assert "GEORGE" not in names and "Jane Doe" not in names
    assert "Jane Smith" in names
    dateline = next(s for s in analysis.segments if s.kind == "dateline")
    assert dateline.place == "GEORGE"
    assert all(not (dateline.start <= q.start < dateline.end) for q in analysis.quotes)


# Bugs found reading 30 random corpus articles (docs/EVALUATION.md, "Voices on 30 corpus articles").

_corpus_record = corpus_record  # one corpus reader for every test (tests/conftest.py)

def _corpus_voices(doc_id: str):
    from newsdesk.read.document import RawDocument

    record = _corpus_record(doc_id)
    raw = RawDocument(text=record["text"], title=record.get("title")).assemble()
    voices, publisher = find_voices(raw.text, raw.comment_spans, raw.publisher, raw.comments_known, raw.title)
    return raw.text, voices, publisher


def test_a_title_run_into_the_text_is_the_headline():
    # Was: no headline, the title and its ' .' opened the body.
    text, voices, _p = _corpus_voices("lgl:38543361")
    headline = next(v for v in voices if v.kind == "headline")
    assert text[headline.start:headline.end].startswith("School layoff policies rethought")
    body = next(v for v in voices if v.kind == "body")
    assert text[body.start:body.end].startswith("School districts")


def test_a_speech_quoted_paragraph_by_paragraph_is_not_a_comment():
    # Was: the candidate's quoted speech at the end taken for reader comments.
    _text, voices, _p = _corpus_voices("polnear:breitbart_2016-03-15_kasich-we-are-going-to-go-all-th")
    assert not [v for v in voices if v.kind == "comment"]
    assert voices[-1].kind == "boilerplate"  # 'Follow … on Twitter @…'


@pytest.mark.parametrize("doc_id, kind, starts", [
    ("glocon_sabinet:5dc271f06c767a0017f2c607", "boilerplate", "(NEDS/SUBS"),  # editor's note, was the headline
    ("ngec_guardian:638", "boilerplate", "Additional reporting by"),
    ("gwn:13", "dateline", "Hanoi (VNA)"),
    ("glocon_sabinet:5dc272416c767a0017f2d8e4", "byline", "by Penny MacRae"),  # was an actor 'Penny MacRae India'
    ("ipe:156", "boilerplate", "related stories"),
    ("insightcrime:train-911", "headline", "Mexico Drug Gang Behind Guatemala Massacre?"),  # '…Massacre?The slaughter'
    ("scrapinghub_aeb:3c5bf8db4272925b", "boilerplate", "Originally published on"),
    ("glocon_sabinet:5db56b93ee1f2000174642ca", "boilerplate", "- African News Agency (ANA), editing by"),
    ("insightcrime:test-248", "boilerplate", "The above is InSight Crime's translation"),
    ("glocon_sabinet:5da6f8180d84000017827b76", "boilerplate", "(AP Photo"),  # then 'By JAMES MacPHERSON'
    ("glocon_sabinet:5da6f8180d84000017827b76", "byline", "By JAMES MacPHERSON"),
    ("glocon_sabinet:5dc271f06c767a0017f2c89b", "boilerplate", "- African News Agency (ANA)"),  # 'said.- African …'
    ("polnear:wash-post_2016-06-14_we-are-in-shock-horrified-a-mosq", "dateline", "FORT PIERCE, Fla. -"),
    ("glocon_sabinet:5dc272176c767a0017f2ce20", "boilerplate", "Sapa-AP"),  # after a URL, not a full stop
])
def test_corpus_furniture_and_credits(doc_id, kind, starts):
    text, voices, _p = _corpus_voices(doc_id)
    assert any(v.kind == kind and text[v.start:v.end].startswith(starts) for v in voices)


def test_cp1252_dash_closes_a_wire_dateline():
    text, voices, publisher = _corpus_voices("lgl:44087308")
    dateline = next(v for v in voices if v.kind == "dateline")
    assert dateline.place == "LEXINGTON, Neb." and publisher == "AP"
    body = next(v for v in voices if v.kind == "body")
    assert text[body.start].isalpha()


def test_a_dateline_place_named_again_keeps_no_mention_in_the_dateline():
    from newsdesk import analyze

    analysis = analyze("new delhi: the minister met officials in new delhi on monday to discuss the riots, "
                       "the ministry said in a statement issued late in the evening.")
    dateline = next(s for s in analysis.segments if s.kind == "dateline")
    for actor in analysis.actors:
        assert all(not (dateline.start <= m[0] < dateline.end) for m in actor.mentions)


def test_a_name_running_from_the_credit_into_the_dateline_is_no_actor():
    # Was: actor 'Reporter DURBAN' (the mention straddles the byline and the dateline).
    from newsdesk import analyze

    analysis = analyze("Eleven trucks burnt in Durban fire ANA Reporter DURBAN, December 16 (ANA) - Eleven trucks "
                       "burnt in a fire at a company in Pinetown on Friday, a spokesperson for the fire service said.")
    assert not [a for a in analysis.actors if "DURBAN" in a.name or "Reporter" in a.name]
