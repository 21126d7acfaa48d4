"""Time expressions and the document date, on real text: the founding example and corpus articles
whose metadata gives the publication date (read from ../shared at test time)."""

from __future__ import annotations

import json
import re
from datetime import date
from functools import lru_cache

import pytest

from newsdesk.extract.dates import document_date, find_dates, resolve
from newsdesk.knowledge import load_data
from newsdesk.nlp import load_pipeline

from .conftest import shared_file

SEED_DATE = "2021-08-22"  # the message was published in the days after the fall of Kabul


@lru_cache(maxsize=None)
def _corpus() -> dict[str, dict]:
    path = shared_file("corpus", "news.jsonl")
    with path.open(encoding="utf-8") as handle:
        return {record["id"]: record for record in map(json.loads, handle)}


def _values(text: str, doc_date):
    doc = load_pipeline()(text)
    return {(t.text, t.value) for t in find_dates(doc, doc_date)}


def _corpus_values(record_id: str) -> set[tuple[str, str]]:
    record = _corpus()[record_id]
    found = _values(record["text"], document_date(record["text"], record["published"]))
    return found


def test_seed_resolves_relative_years_and_the_anchor_event(seed_text):
    found = _values(seed_text, SEED_DATE)
    assert ("twenty years ago", "2001") in found
    assert ("1940", "1940") in found
    assert ("the eve of the fall of Kabul", "2021-08-14") in found
    assert ("Today", SEED_DATE) in found


def test_without_a_document_date_relative_expressions_stay_unresolved(seed_text):
    found = dict(_values(seed_text, None))
    assert found["twenty years ago"] is None and found["Today"] is None
    assert found["1940"] == "1940"  # an explicit year needs no document date
    today = date.today()
    assert not any(value and value.startswith((today.isoformat(), f"{today.year:04d}-{today.month:02d}"))
                   for value in found.values()), "today's date must never be filled in"


def test_relative_days_and_weeks_in_corpus_articles():
    pence = _corpus_values("polnear:breitbart_2016-09-25_pence-gennifer-flowers-won-t-be-")
    assert ("yesterday", "2016-09-24") in pence and ("tomorrow", "2016-09-26") in pence
    taxes = _corpus_values("polnear:breitbart_2016-10-03_the-latest-trump-s-leaked-taxes-")
    assert ("last week", "2016-W39") in taxes and ("1995", "1995") in taxes
    politico = _corpus_values("polnear:politico_2016-10-04_trump-not-walking-the-walk-on-hi")
    assert ("last month", "2016-09") in politico and ("more than a year ago", "2015") in politico


def test_weekday_is_the_most_recent_one_on_or_before_the_document_date():
    # 2016-09-20 is itself a Tuesday; 2016-09-28 is a Wednesday.
    warren = _corpus_values("polnear:huff-post_2016-09-20_elizabeth-warren-hammers-wells-f")
    assert ("Tuesday", "2016-09-20") in warren
    blige = _corpus_values("polnear:breitbart_2016-09-28_mary-j-blige-sings-to-hillary-cl")
    assert ("Tuesday", "2016-09-27") in blige and ("September 27, 2016", "2016-09-27") in blige


def test_anchor_events_before_the_document_date_only():
    nato = dict(_corpus_values("polnear:huff-post_2016-09-10_trump-s-east-european-achilles-h"))
    assert nato["annexation of Crimea"] == "2014-03-18"
    assert nato["1949"] == "1949"
    # Written in 2016, "invasion of Ukraine" cannot be the 2022 one, so it is left unresolved.
    assert nato.get("invasion of Ukraine") is None
    assert resolve("the fall of Kabul", "2002-01-01") == ("2001-11-13", "day")
    assert resolve("the fall of Kabul", "2021-08-22") == ("2021-08-15", "day")


def test_durations_ages_and_counts_are_not_time_expressions():
    # "Lynn Jones, 55, …", "for 13 years", "a 49-year-old", "nearly half a century": no points in time.
    found = dict(_corpus_values("polnear:nyt_2016-03-21_factory-workers-feel-sting-of-gl"))
    assert found["24 years ago"] == "1992" and found["last year"] == "2015" and found["Feb. 10"] == "2016-02-10"
    assert not [k for k in found if re.fullmatch(r"\d{1,3}", k)]
    assert not [k for k in found if "year-old" in k or k in ("nearly half a century", "at least four years")]


def test_document_date_from_metadata_then_from_the_text_head():
    corpus = _corpus()
    assert document_date("any text", "2021-08-22T10:00:00Z") == "2021-08-22"
    assert document_date(corpus["gwn:194"]["text"], None) == "2018-04-05"  # "April 5, 2018 Honolulu …"
    assert document_date(corpus["glocon_sabinet:5da6f8180d84000017827cfc"]["text"], None) == "2006-04-10"
    assert document_date(corpus["conflibert_samples:sfgate_021#0"]["text"], None) == "1995-04-30"
    # A wire dateline without a year ("WASHINGTON, April 5 (Thomson Reuters Foundation) -") is no date.
    assert document_date(corpus["gwn:142"]["text"], None) is None


def test_metadata_wins_over_the_text():
    record = _corpus()["glocon_sabinet:5dad8233eab6db00170988a6"]
    assert document_date(record["text"], record["published"]) == record["published"]


def test_anchor_table_entries_have_a_date_and_a_source():
    entries = load_data("anchor_events.yaml")["entries"]
    assert len(entries) >= 25
    ids = {e["id"] for e in entries}
    assert {"fall-of-kabul-2021", "september-11-attacks", "fall-of-the-berlin-wall",
            "soviet-invasion-of-afghanistan", "soviet-withdrawal-from-afghanistan"} <= ids
    for entry in entries:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(entry["date"])), entry["id"]
        assert len(entry["source"]) > 20, entry["id"]
        for pattern in entry["patterns"]:
            re.compile(pattern)


@pytest.mark.parametrize("phrase, expected", [
    ("9/11", ("2001-09-11", "day")),
    ("the day after the fall of the Berlin Wall", ("1989-11-10", "day")),
    ("the 20th anniversary of the Soviet withdrawal from Afghanistan", ("2009-02-15", "day")),
    ("August 2021", ("2021-08", "month")),
    ("early 2020", ("2020", "year")),
    ("the 1990s", (None, None)),
])
def test_resolution_rules(phrase, expected):
    assert resolve(phrase, "2021-08-22") == expected


@pytest.mark.parametrize("phrase, expected", [
    ("May 28-29", ("2021-05-28", "day")),  # a range of days stays in the document's year, not 1929
    ("28-29 May", ("2021-05-28", "day")),
    ("May 28-29, 2018", ("2018-05-28", "day")),
])
def test_a_range_of_days_is_no_year(phrase, expected):
    assert resolve(phrase, "2021-08-22") == expected


@pytest.mark.parametrize("text, kept", [
    ("The index was retreating to 1750 points.", []),  # a number, not a year
    ("Police detained 2001 protesters in the capital.", []),
    ("Fans watched 2001: A Space Odyssey at the festival.", []),  # a title
    ("The war began in 1988 and ended in 1990.", ["1988", "1990"]),
    ("The 1990 war ended, he said.", ["1990"]),
])
def test_a_number_is_a_year_only_in_a_date_context(text, kept):
    doc = load_pipeline()(text)
    assert [t.value for t in find_dates(doc, "2021-08-22") if t.value and t.value[:4].isdigit()] == kept
