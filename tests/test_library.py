"""The library for Python users: analyze() with metadata, a spaCy pipeline component, DataFrames."""

from __future__ import annotations

import pytest

import newsdesk

TEXT = ("Kestrian troops shelled the town of Lirra last Tuesday, the Valmoran defence ministry said. "
        '"We will not let this pass," Defence Minister Ines Farah told reporters on Wednesday.')


def test_analyze_takes_the_metadata_that_anchors_dates():
    record = newsdesk.analyze(TEXT, title="Shelling reported near Lirra", published="2024-03-14",
                              url="https://example.org/lirra", publisher="Meridian Wire")
    info = record.document
    assert info.text.startswith("Shelling reported near Lirra\n\n")
    assert (info.published, info.source, info.publisher) == ("2024-03-14", "https://example.org/lirra",
                                                             "Meridian Wire")
    # "last Tuesday" before Thursday 14 March 2024 is 12 March: only the publication date can tell
    assert any(d.value == "2024-03-12" for d in record.dates), [(d.text, d.value) for d in record.dates]
    undated = newsdesk.analyze(TEXT)
    assert undated.document.published is None
    assert not any(d.value == "2024-03-12" for d in undated.dates)


def test_spacy_component_sets_doc_newsdesk():
    import spacy

    import newsdesk.spacy_component  # noqa: F401  (the entry point registers it in an installed package)
    from newsdesk.nlp import DEFAULT_MODEL

    nlp = spacy.load(DEFAULT_MODEL)
    nlp.add_pipe("newsdesk", config={"published": "2024-03-14"})
    doc = nlp(TEXT)
    record = doc._.newsdesk
    assert isinstance(record, newsdesk.Analysis) and record.document.text == doc.text
    plain = newsdesk.analyze(TEXT, published="2024-03-14")
    assert [q.model_dump() for q in record.quotes] == [q.model_dump() for q in plain.quotes]
    assert [e.type for e in record.events] == [e.type for e in plain.events]
    assert any(d.value == "2024-03-12" for d in record.dates)


def test_every_layer_converts_to_a_dataframe():
    pytest.importorskip("pandas", reason="the pandas extra is not installed (pip install 'newsdesk[pandas]')")
    from newsdesk.frames import to_frames

    record = newsdesk.analyze(TEXT, published="2024-03-14")
    frames = to_frames(record)
    assert {"documents", "segments", "actors", "places", "quotes", "events", "calls_to_action", "stances",
            "techniques", "analogies"} <= set(frames)
    assert len(frames["quotes"]) == len(record.quotes) and len(frames["events"]) == len(record.events)
    assert {"trigger_start", "mode", "confidence", "date_precision"} <= set(frames["events"].columns)
    actors = frames["actors"]
    assert all(isinstance(v, list) for v in actors["aliases"])
    assert frames["documents"].loc[0, "published"] == "2024-03-14"
