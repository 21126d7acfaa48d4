"""The founding example, end to end: voices, speakers, the father and the son, nested quotes."""

from __future__ import annotations


def _actor(analysis, name):
    return next(a for a in analysis.actors if a.name == name)


def _segments(analysis, kind):
    return [s for s in analysis.segments if s.kind == kind]


def _text(analysis, item):
    return analysis.document.text[item.start:item.end]


def test_headline_byline_and_publisher(seed_analysis):
    [headline] = _segments(seed_analysis, "headline")
    assert _text(seed_analysis, headline) == "Ahmad Massoud: I call on all Afghans to join the Panjshir resistance!"
    [byline] = _segments(seed_analysis, "byline")
    assert _text(seed_analysis, byline).startswith("ISWNews Analysis Group")
    assert seed_analysis.document.publisher == "ISWNews Analysis Group"


def test_statement_is_massouds_voice(seed_analysis):
    [statement] = _segments(seed_analysis, "statement")
    body = _text(seed_analysis, statement)
    assert body.startswith("People of Afghanistan") and body.endswith("we will win.")
    assert statement.speaker == _actor(seed_analysis, "Ahmad Massoud").id


def test_first_person_in_statement_is_the_speaker(seed_analysis):
    massoud = _actor(seed_analysis, "Ahmad Massoud")
    text = seed_analysis.document.text
    pronouns = {text[s:e] for s, e in massoud.mentions}
    assert {"I", "me", "My"} <= pronouns


def test_father_and_son_never_merge(seed_analysis):
    son = _actor(seed_analysis, "Ahmad Massoud")
    father = _actor(seed_analysis, "Ahmad Shah Massoud")
    assert son.id != father.id
    text = seed_analysis.document.text
    father_mentions = {text[s:e] for s, e in father.mentions}
    assert "Commander Massoud" in father_mentions and "My father" in father_mentions
    assert not any(text[s:e] in ("Commander Massoud", "Massoud") for s, e in son.mentions)
    assert "son of Ahmad Shah Massoud" in son.roles
    assert "father of Ahmad Massoud" in father.roles and "Commander" in father.roles


def test_roles_from_titles(seed_analysis):
    assert "President" in _actor(seed_analysis, "Ashraf Ghani").roles
    gaulle = next(a for a in seed_analysis.actors if "Gaulle" in a.name)
    assert gaulle.type == "person" and "General" in gaulle.roles


def test_types_of_groups_and_organisations(seed_analysis):
    types = {a.name: a.type for a in seed_analysis.actors}
    assert types["Afghans"] == "group" and types["Mujahideen"] == "group"
    assert types["Taliban"] == "organization" and types["NATO"] == "organization"
    assert types["Afghanistan"] == "country" and types["United States"] == "country"
    assert "Panjshir" not in types  # used as a place ('in Panjshir'), not an actor


def test_block_quote_and_nested_de_gaulle_quote(seed_analysis):
    massoud = _actor(seed_analysis, "Ahmad Massoud").id
    [block] = [q for q in seed_analysis.quotes if q.kind == "block"]
    assert block.speaker == massoud and block.cue == "wrote in this message"
    gaulle = next(a for a in seed_analysis.actors if "Gaulle" in a.name).id
    [line] = [q for q in seed_analysis.quotes if q.kind != "block" and "France has lost a battle" in _text(seed_analysis, q)]
    assert _text(seed_analysis, line).startswith("France has lost a battle")
    assert line.speaker == gaulle != massoud
    assert block.start <= line.start and line.end <= block.end
    assert seed_analysis.quotes[line.parent] == block


def test_headline_quote_is_massouds(seed_analysis):
    massoud = _actor(seed_analysis, "Ahmad Massoud").id
    heads = [q for q in seed_analysis.quotes if _text(seed_analysis, q).startswith("I call on all Afghans")]
    assert heads and heads[0].speaker == massoud


def test_last_paragraphs_are_a_reader_comment(seed_analysis):
    [comment] = _segments(seed_analysis, "comment")
    assert _text(seed_analysis, comment).startswith("Assalaamu Wa Alaykum")
    assert seed_analysis.document.text[comment.end:].strip() == ""
    background = [s for s in _segments(seed_analysis, "body") if "northeastern Afghan province" in _text(seed_analysis, s)]
    assert background and background[0].end <= comment.start


def test_a_person_the_kb_knows_is_a_person_whatever_ner_said(seed_analysis):
    # spaCy's small model tags 'Winston Churchill' ORG in 'a phrase from Winston Churchill'.
    churchill = _actor(seed_analysis, "Winston Churchill")
    assert churchill.type == "person" and churchill.kb and churchill.kb.wikidata == "Q8016"


def test_concepts_and_the_deity_are_not_actors(seed_analysis):
    # The reader comment's 'Fitna', 'Harram' and 'Allaah' are tagged ORG by the small model.
    names = {a.name.lower() for a in seed_analysis.actors}
    assert not names & {"fitna", "harram", "allaah"}, names


def test_the_comment_has_no_speakerless_quotes(seed_analysis):
    # 'I blunt my sword and head for the hills …' and 'think for yourselves …' are the
    # commenter's own prose, not attributions (the attribution model took 'blunt', 'think' as cues).
    comment = next(s for s in seed_analysis.segments if s.kind == "comment")
    inside = [q for q in seed_analysis.quotes if comment.start <= q.start and q.end <= comment.end]
    assert all(q.speaker is not None for q in inside), inside
