"""Time expressions and the document date.

``document_date`` takes the date from the input's metadata, else from what the text states at its
head (a dateline "KABUL, Aug 22 (Reuters) -", "Published: 12 March 2021", a dated byline).

``find_dates`` finds time expressions (spaCy DATE entities plus our own patterns) and resolves
each against the document date: explicit dates and years to themselves, relative ones
("twenty years ago", "yesterday", "last week", "on Tuesday") by rule, named events ("on the eve of
the fall of Kabul") through ``knowledge/data/anchor_events.yaml``, and the rest with dateparser,
called only on candidates because it is slow. What cannot be resolved gets ``value=None``; a
relative expression is never resolved against today's date, so without a document date it stays
unresolved.

Values are ISO 8601 at the precision the text gives: ``YYYY-MM-DD`` (day), ``YYYY-Www`` (week),
``YYYY-MM`` (month) or ``YYYY`` (year); ``granularity`` names which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Optional

import numpy as np
from spacy.tokens import Doc

from ..knowledge import load_data
from ..nlp import doc_text


@dataclass(frozen=True)
class TimeExpression:
    """A time expression in the text and its resolved value (None when it cannot be resolved)."""

    start: int
    end: int
    text: str
    value: Optional[str]
    granularity: Optional[str] = None  # "day" | "week" | "month" | "year"; None when unresolved


# ---------------------------------------------------------------------------------------------
# Vocabulary

MONTHS = {name: number for number, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
     ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
     ("october", "oct"), ("november", "nov"), ("december", "dec")], start=1) for name in names}
WEEKDAYS = {name: number for number, names in enumerate(
    [("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"), ("thursday", "thu", "thurs"),
     ("friday", "fri"), ("saturday", "sat"), ("sunday", "sun")]) for name in names}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100,
}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
            "eighth": 8, "ninth": 9, "tenth": 10, "twentieth": 20, "thirtieth": 30, "fortieth": 40,
            "fiftieth": 50, "hundredth": 100}

_MONTH_RE = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY_RE = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
_NUMBER_RE = r"(?:\d+|" + "|".join(sorted((k for k in NUMBER_WORDS if k not in ("a", "an")), key=len, reverse=True)) + r")(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
_YEAR_RE = r"(?:1[0-9]{3}|20[0-9]{2})"
_PART_OF_DAY = r"(?:morning|afternoon|evening|night)"

# A day-month-year in any common English order; the named groups feed _explicit_date.
_DAY_MONTH_YEAR = re.compile(
    rf"(?:{_WEEKDAY_RE},?\s+)?(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MONTH_RE})"
    rf"|(?P<m2>{_MONTH_RE})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?!\d))(?:,?\s+(?P<y>{_YEAR_RE}))?",
    re.I)
_ISO_DATE = re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")
# A range of days ("28-29", "28 to 29"): the first day stands for it, never "29" as a year.
_DAY_RANGE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s*(?:-|to|and)\s*\d{1,2}(?:st|nd|rd|th)?\b(?!\d)")
# What may stand before a bare year for it to be one ("in 1988", "since 2001", "the 1990 war").
_YEAR_CONTEXT = frozenset("in since until till by before after during from of to through circa year years early late "
                          "mid between and or the spring summer autumn fall winter around about".split())

# Our own candidate patterns, for what the small spaCy model's DATE entities miss or cut short.
_CANDIDATE_PATTERNS = [re.compile(p, re.I) for p in (
    rf"\b(?:(?:last|next|this|on|early|late)\s+)?{_WEEKDAY_RE}(?:\s+{_PART_OF_DAY})?\b",
    rf"\b(?:yesterday|today|tomorrow|tonight|last night|this {_PART_OF_DAY})\b",
    r"\b(?:last|next|this|past|previous|coming)\s+(?:week|month|year|weekend)\b",
    rf"\b(?:{_NUMBER_RE}|a|an|a few|several)\s+(?:days?|weeks?|months?|years?|decades?)\s+ago\b",
    rf"\b(?:in|since|until|before|after|by)\s+{_YEAR_RE}\b(?!\s*[%-]|\s+(?:people|persons|troops|soldiers|men|women|children|cases|votes|members|homes|families|km|miles|metres|meters|feet)\b)",
    rf"\b{_DAY_MONTH_YEAR.pattern}\b",
    rf"\b{_MONTH_RE}\s+{_YEAR_RE}\b",
    _ISO_DATE.pattern,
)]
# The same patterns for lower-cased text (they hold no upper-case escape such as \S or \W).
_LOWER_CANDIDATE_PATTERNS = [re.compile(p.pattern.lower().replace("(?p<", "(?P<").replace("(?p=", "(?P="))
                             for p in _CANDIDATE_PATTERNS]
_YEAR_PREPOSITION = re.compile(rf"^(?:in|since|until|before|after|by)\s+(?={_YEAR_RE}$)", re.I)

_ANCHOR_RELATIONS = (
    # (regular expression before the event's name, day offset); "Nth anniversary" is handled apart.
    (r"(?:the\s+)?eve\s+of\s+", -1), (r"(?:the\s+)?day\s+before\s+", -1),
    (r"(?:the\s+)?day\s+after\s+", 1), (r"(?:the\s+)?(?:morning|night|day)\s+of\s+", 0),
)
# \b before the ordinal: without it, each letter of a long word started a scan to its end (quadratic).
_ANNIVERSARY = re.compile(r"(?:the\s+)?(?:\b(?P<nth>\w+)\s+)?anniversary\s+of\s+", re.I)

# Not points in time: durations ("20 years", "the past decade"), ages, frequencies.
_DURATION = re.compile(
    rf"^(?:(?:the|a|an|about|nearly|almost|over|more than|less than|some|at least|least|at most|up to|another|"
    rf"half a|a quarter|quarter)[\s-]+)*"
    rf"(?:(?:past|last|next|coming|first|previous|following|recent|most recent|few|several|many|{_NUMBER_RE}|\d+)[\s-]+)*"
    r"(?:(?:days?|weeks?|months?|years?|decades?|centuries|century|hours?|nights?)[\s-]*)+"
    r"(?:long|old|of age|in a row|or so|and counting)?$", re.I)
# Ages and counts that the entity recogniser takes for dates ("Smith, 40,", "the 40s" of a person).
_BARE_NUMBER = re.compile(r"^\d{1,3}(?:'?s)?$")
_FREQUENCY = re.compile(r"^(?:daily|weekly|monthly|yearly|annual(?:ly)?|every\b.*|each\b.*|.*-year-old|.*years? old)$", re.I)
_RELATIVE_WORDS = re.compile(r"\b(?:ago|yesterday|today|tomorrow|tonight|last|next|this|past|previous|coming|earlier|later|recent)\b", re.I)


# ---------------------------------------------------------------------------------------------
# The document date


def document_date(text: str, published: Optional[str]) -> Optional[str]:
    """The document's date as ``YYYY-MM-DD``: from ``published`` (metadata) when it parses, else
    from a date the text states at its head (dateline, "Published: …", a dated byline); else None."""
    from_metadata = _metadata_date(published) if published else None
    return from_metadata or _stated_date(text)


def _metadata_date(published: str) -> Optional[str]:
    value = published.strip()
    match = re.match(r"^((?:19|20)\d{2})-(\d{2})-(\d{2})", value)
    if match:
        return _safe_iso(int(match[1]), int(match[2]), int(match[3]))
    return _full_date_in(value)


_HEAD_CUES = re.compile(
    r"(?:^|\n|\||\s{2,}+)\s*+(?:published|posted|updated|last updated|first published|date|dated|for immediate release)\b"
    r"(?:\s+on)?\s*:?\s*", re.I)
# "KABUL, Aug 22 (Reuters) -", "LAGOS, May 28 (Xinhua) --", "SOUTH WAZIRISTAN, April 5 (APP):": a city in
# capitals, a date, an optional agency, then a dash or colon.
_DATELINE = re.compile(
    r"(?:^|\n|\.\s)\s*[A-Z][A-Z .'\-]{1,40}(?:,\s*[A-Z][A-Za-z .]{1,30})?,\s+(?P<date>[^\n()]{3,40}?)\s*"
    r"(?:\((?:[A-Za-z&. ]{2,40})\)\s*)?(?:[-\u2013\u2014:]|--)\s*", re.M)
_HEAD_CHARS = 600


def _stated_date(text: str) -> Optional[str]:
    """A date stated at the head of the text: after a "Published:"-like cue, in a dateline, or on a
    short line of its own (a dated byline)."""
    head = text[:_HEAD_CHARS]
    opening = _full_date_in(head[:40])
    if opening and _DAY_MONTH_YEAR.match(head.lstrip()) or _ISO_DATE.match(head.lstrip()):
        return opening or _full_date_in(head[:12])  # "April 5, 2018 Honolulu …": the text opens with its date
    for cue in _HEAD_CUES.finditer(head):
        found = _full_date_in(head[cue.end():cue.end() + 60])
        if found:
            return found
    for line in head.split("\n")[:6]:
        if len(line) <= 120 and _looks_like_byline_or_date(line):
            found = _full_date_in(line)
            if found:
                return found
    # Wire datelines rarely carry the year ("KABUL, Aug 22 (Reuters) -"); the year is then unknown:
    # guessing it from years the text mentions was right for 4 of 13 corpus documents with metadata.
    dateline = _DATELINE.search(head)
    return _full_date_in(dateline["date"]) if dateline else None


def _looks_like_byline_or_date(line: str) -> bool:
    stripped = line.strip()
    if re.match(r"^(?:by|posted by|written by)\b", stripped, re.I):
        return True
    # A line that is (nearly) only a date, e.g. "August 22, 2021 | 10:30 AM".
    without = _DAY_MONTH_YEAR.sub("", stripped)
    return len(re.sub(r"[\W\d]+|(?:am|pm|gmt|utc|est|et|updated)\b", "", without, flags=re.I)) <= 3


def _full_date_in(fragment: str) -> Optional[str]:
    """The first day-month-year (or ISO date) in a short fragment of text."""
    iso = _ISO_DATE.search(fragment)
    if iso:
        return _safe_iso(int(iso["y"]), int(iso["m"]), int(iso["d"]))
    for match in _DAY_MONTH_YEAR.finditer(fragment):
        if match["y"]:
            return _explicit_date(match, None)[0]
    return None


# ---------------------------------------------------------------------------------------------
# Finding time expressions


def find_dates(doc: Doc, document_date: Optional[str], text: Optional[str] = None) -> list[TimeExpression]:
    """Time expressions in the document, each resolved against ``document_date`` (ISO date or None).

    Candidates are spaCy DATE entities (and TIME entities naming a day part), named anchor events,
    and our own patterns; overlapping candidates keep the longest. Durations, ages and frequencies
    are not points in time and are left out. ``text`` is ``doc.text`` when the caller has it
    (``Doc.text`` joins every token on each access).
    """
    text = doc_text(doc) if text is None else text
    candidates = _anchor_candidates(text) + _entity_candidates(doc, text) + _pattern_candidates(text)
    found = []
    for start, end in _longest_first(candidates):
        start, end = _trim(text, start, end)
        phrase = text[start:end]
        if not phrase or _is_not_a_point(phrase, text, end):
            continue
        value, granularity = resolve(phrase, document_date)
        found.append(TimeExpression(start, end, phrase, value, granularity))
    return sorted(found, key=lambda t: t.start)


def _entity_candidates(doc: Doc, text: str) -> list[tuple[int, int]]:
    return [(start, end) for label, start, end in _time_entities(doc)
            if label == "DATE" or re.search(rf"\b(?:{_WEEKDAY_RE}|yesterday|today|tonight|last night)\b",
                                            text[start:end], re.I)]


def _time_entities(doc: Doc) -> list[tuple[str, int, int]]:
    """(label, start, end) of DATE and TIME entities, read from the entity arrays: ``doc.ents``
    builds a Python object per token and cost half of this stage's time (profile of 120 documents)."""
    labels = {doc.vocab.strings["DATE"]: "DATE", doc.vocab.strings["TIME"]: "TIME"}
    spans: list[tuple[str, int, int]] = []
    array = doc.to_array(["ENT_IOB", "ENT_TYPE"])
    inside = np.isin(array[:, 0], (1, 3)) & np.isin(array[:, 1], list(labels))
    for index in np.flatnonzero(inside).tolist():
        iob, kind = int(array[index, 0]), int(array[index, 1])
        token = doc[index]
        if iob == 3 or not spans or spans[-1][0] != labels[kind] or spans[-1][2] < token.idx - 1 - len(token.whitespace_):
            spans.append((labels[kind], token.idx, token.idx + len(token)))
        else:
            spans[-1] = (spans[-1][0], spans[-1][1], token.idx + len(token))
    return spans


def _pattern_candidates(text: str) -> list[tuple[int, int]]:
    lowered = text.lower()
    # Why lower-cased text and case-sensitive patterns: Python's re scans more than twice as fast
    # without IGNORECASE; where lower-casing changes the length (a rare 'İ'), offsets would shift.
    same_length = len(lowered) == len(text)
    patterns = _LOWER_CANDIDATE_PATTERNS if same_length else _CANDIDATE_PATTERNS
    searched = lowered if same_length else text
    spans = []
    for pattern in patterns:
        for match in pattern.finditer(searched):
            start = match.start()
            preposition = _YEAR_PREPOSITION.match(match.group())
            spans.append((start + (preposition.end() if preposition else 0), match.end()))
    return [(s, e) for s, e in spans if _not_lowercase_noise(text[s:e])]


def _not_lowercase_noise(phrase: str) -> bool:
    """Short weekday and month abbreviations ("sun", "mar", "may", "sat") are common words in lower case."""
    words = phrase.split()
    if len(words) == 1 and phrase.lower().rstrip(".") in ("sun", "sat", "wed", "mar", "may", "jun", "jan", "dec", "mon", "fri"):
        return phrase[0].isupper() and phrase.lower() != "may"
    return True


def _anchor_candidates(text: str) -> list[tuple[int, int]]:
    """Named events, searched only near a key word of some event (the full pattern is slow)."""
    spans: set[tuple[int, int]] = set()
    finder = _anchor_finders()[0]
    lowered = text.lower()
    # The trigger words are lower case: search them case-sensitively in lower-cased text (faster).
    triggers = _anchor_triggers(case_sensitive=True) if len(lowered) == len(text) else _anchor_triggers()
    for hit in triggers.finditer(lowered if len(lowered) == len(text) else text):
        window_start = max(0, hit.start() - 80)
        for match in finder.finditer(text, window_start, min(len(text), hit.end() + 80)):
            spans.add(match.span())
    return sorted(spans)


_GENERIC_EVENT_WORDS = {"start", "attack", "attacks", "operation", "invasion", "intervention", "collapse",
                        "full-scale", "revolution", "massacre", "shooting", "bombing", "blast", "agreement",
                        "accord", "deal", "withdrawal", "pullout", "retreat", "takeover", "capture", "seizure",
                        "troops", "forces", "army", "landings", "armistice", "dissolution", "break-up",
                        "beginning", "from", "with", "that"}


@lru_cache(maxsize=2)
def _anchor_triggers(case_sensitive: bool = False) -> re.Pattern:
    """One distinctive word of each event pattern ("kabul", "9/11", "srebrenica"), as one fast pattern."""
    words = set()
    for entry in _anchor_entries():
        for pattern in entry["patterns"]:
            tokens = re.findall(r"[a-z0-9][a-z0-9/-]{3,}", pattern.lower().replace("\\", ""))
            distinctive = [t for t in tokens if t not in _GENERIC_EVENT_WORDS]
            words.add(max(distinctive or tokens, key=len))
    alternatives = r"\b(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + ")"
    return re.compile(alternatives) if case_sensitive else re.compile(alternatives, re.I)


@lru_cache(maxsize=1)
def _anchor_finders() -> list[re.Pattern]:
    relation = "|".join(r for r, _ in _ANCHOR_RELATIONS) + "|" + _ANNIVERSARY.pattern
    names = "|".join(p for entry in _anchor_entries() for p in entry["patterns"])
    return [re.compile(rf"\b(?:(?:{relation}))?(?:{names})(?![\w-])", re.I)]


def _longest_first(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Keep the longest of overlapping spans (earlier wins a tie), in text order."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(set(spans), key=lambda s: (-(s[1] - s[0]), s[0])):
        if all(end <= s or start >= e for s, e in kept):
            kept.append((start, end))
    return sorted(kept)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading preposition and surrounding punctuation the entity may carry."""
    phrase = text[start:end]
    lead = re.match(r"^(?:on|in|at|from|since|until|by)\s+(?=\S)(?!least\b|most\b)", phrase, re.I)
    if lead and not _anchor_name_at(phrase[lead.end():]):
        start += lead.end()
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and text[end - 1] in " ,;:'\"\u2019\u201d)(":
        end -= 1
    return start, end


def _anchor_name_at(phrase: str) -> bool:
    return bool(_anchor_finders()[0].match(phrase))


def _is_not_a_point(phrase: str, text: str, end: int) -> bool:
    if _bare_year_out_of_context(phrase, text, end):
        return True
    follower = text[end:end + 8].lower()
    if follower.startswith((" old", "-old", "-year-old")):
        return True
    if _FREQUENCY.match(phrase) or _BARE_NUMBER.match(phrase):
        return True
    return bool(_DURATION.match(phrase)) and not re.search(r"\b(?:ago|last|next|this)\b", phrase, re.I) \
        or _is_bare_duration_with_last(phrase)


def _bare_year_out_of_context(phrase: str, text: str, end: int) -> bool:
    """A four-digit number is a year only in a date context: "in 1988", "since 2001", "(1990)",
    not "retreating to 1750 points", "2001 protesters", a title "2001: A Space Odyssey"."""
    if not re.fullmatch(_YEAR_RE, phrase):
        return False
    after = text[end:end + 20]
    if after.startswith(":") or re.match(r"\s+[a-z]", after) and not re.match(
            r"\s+(?:and|or|to|when|while|as|after|before|until|in|on|at|the|that|which|where|but|for|with|election|war|elections)\b",
            after):
        return True
    start = end - len(phrase)
    before = text[max(0, start - 20):start]
    if before.rstrip().endswith(("(", ",", "-", "–")) or not before.strip():
        return False
    words = re.findall(r"[A-Za-z]+", before)
    return not words or words[-1].lower() not in _YEAR_CONTEXT and not _month_word(words[-1])


def _month_word(word: str) -> bool:
    return bool(re.fullmatch(_MONTH_RE, word.lower()))


def _is_bare_duration_with_last(phrase: str) -> bool:
    """"the last 20 years" and "the next two weeks" are periods, not points; "last year" is a point."""
    return bool(re.match(rf"^(?:the\s+)?(?:last|next|past)\s+(?:{_NUMBER_RE}|few|several|many)\s+\w+$", phrase, re.I))


# ---------------------------------------------------------------------------------------------
# Resolving one expression


@lru_cache(maxsize=8192)
def resolve(phrase: str, document_date: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """``(value, granularity)`` of one time expression given the document date (ISO or None).

    Rules first (anchor events, explicit dates and years, relative expressions); dateparser last,
    and never against today: a relative expression with no document date resolves to None.
    """
    base = _parse_iso(document_date)
    normal = _normalise(phrase)
    for rule in (_anchor_rule, _explicit_rule, _year_rule, _ago_rule, _deictic_rule, _weekday_rule,
                 _fuzzy_part_rule):
        result = rule(normal, base)
        if result is not None:
            return result
    return _dateparser_fallback(normal, base)


def _normalise(phrase: str) -> str:
    phrase = phrase.replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", phrase.strip(" .,;:")).lower()


def _anchor_rule(normal: str, base: Optional[date]):
    offset, years, name = 0, 0, normal
    for relation, days in _ANCHOR_RELATIONS:
        match = re.match(relation, name)
        if match:
            offset, name = days, name[match.end():]
            break
    anniversary = _ANNIVERSARY.match(name)
    if anniversary:
        years, name = _ordinal_value(anniversary["nth"]) or 0, name[anniversary.end():]
        if not years:
            return None
    event = _anchor_event(name, base)
    if event is None:
        return None
    when = event + timedelta(days=offset)
    if years:
        when = _add_years(when, years)
    return when.isoformat(), "day"


def _anchor_event(name: str, base: Optional[date]) -> Optional[date]:
    """The date of the named event: of several events with that name, the latest on or before the
    document date (the latest of all when there is no document date)."""
    name = re.sub(r"^the ", "", name)
    if not _anchor_triggers().search(name):
        return None
    dates = [_parse_iso(str(entry["date"])) for entry, pattern in _anchor_name_patterns() if pattern.fullmatch(name)]
    dates = [d for d in dates if d]
    if not dates:
        return None
    before = [d for d in dates if base is None or d <= base]
    # An event after the document date is not what the text means ("the invasion of Ukraine" in 2016).
    return max(before) if before else None


@lru_cache(maxsize=1)
def _anchor_name_patterns() -> list[tuple[dict, re.Pattern]]:
    return [(entry, re.compile(rf"(?:the )?(?:{'|'.join(entry['patterns'])})", re.I)) for entry in _anchor_entries()]


@lru_cache(maxsize=1)
def _anchor_entries() -> list[dict]:
    return load_data("anchor_events.yaml")["entries"]


def _explicit_rule(normal: str, base: Optional[date]):
    iso = _ISO_DATE.fullmatch(normal)
    if iso:
        value = _safe_iso(int(iso["y"]), int(iso["m"]), int(iso["d"]))
        return (value, "day") if value else None
    match = _DAY_MONTH_YEAR.fullmatch(normal) or _DAY_MONTH_YEAR.fullmatch(_DAY_RANGE.sub(r"\1", normal))
    if match:
        return _explicit_date(match, base)  # "may 28-29" is the 28th, in the document's year
    month_year = re.fullmatch(rf"(?:(?:early|mid|late|the end of|the beginning of|the start of|the middle of)[\s-]+)?({_MONTH_RE}),?\s+(?:of\s+)?({_YEAR_RE})", normal)
    if month_year:
        return f"{int(month_year[2]):04d}-{_month_of(month_year[1]):02d}", "month"
    month_only = re.fullmatch(rf"(?:(?:early|mid|late|the end of|the beginning of|the start of|the middle of|last|this|next)[\s-]+)?({_MONTH_RE})", normal)
    if month_only and base:
        return _month_near(_month_of(month_only[1]), base, normal), "month"
    return None


def _explicit_date(match: re.Match, base: Optional[date]) -> tuple[Optional[str], Optional[str]]:
    month = _month_of(match["m1"] or match["m2"])
    day = int(match["d1"] or match["d2"])
    if match["y"]:
        value = _safe_iso(int(match["y"]), month, day)
        return (value, "day") if value else (None, None)
    if base is None:
        return None, None
    # Without a year, the reading nearest to the document date (news dates sit near their date).
    readings = [d for d in (_safe_date(base.year + k, month, day) for k in (-1, 0, 1)) if d]
    if not readings:
        return None, None
    return min(readings, key=lambda d: abs((d - base).days)).isoformat(), "day"


def _year_rule(normal: str, base: Optional[date]):
    match = re.fullmatch(rf"(?:(?:the )?(?:year|early|mid|late|the end of|the beginning of|the start of|the middle of|the spring of|the summer of|the autumn of|the fall of|the winter of|spring|summer|autumn|fall|winter)[\s-]+)?(?:of )?({_YEAR_RE})s?", normal)
    if match and not normal.endswith("s"):
        return match[1], "year"
    if re.fullmatch(rf"(?:the )?(?:{_YEAR_RE}|'?\d0)s", normal):
        return None, None  # a decade: ISO 8601 has no plain decade value
    return None


def _ago_rule(normal: str, base: Optional[date]):
    match = re.fullmatch(rf"(?:about |some |nearly |almost |more than |over |just )?({_NUMBER_RE}|a|an)\s+(day|week|month|year|decade)s?\s+ago", normal)
    if not match:
        return None
    if base is None:
        return None, None
    count, unit = _number_value(match[1]), match[2]
    if count is None:
        return None, None
    return _shift(base, unit, -count)


def _deictic_rule(normal: str, base: Optional[date]):
    words = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
             "yesterday": -1, "last night": -1, "tomorrow": 1}
    core = re.sub(rf"\s+{_PART_OF_DAY}$", "", normal) if normal.startswith(("yesterday", "tomorrow")) else normal
    if core in words:
        return ((base + timedelta(days=words[core])).isoformat(), "day") if base else (None, None)
    match = re.fullmatch(r"(?:the )?(last|past|previous|this|next|coming) (week|month|year|weekend)", normal)
    if not match:
        return None
    if base is None:
        return None, None
    step = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1, "coming": 1}[match[1]]
    unit = "week" if match[2] == "weekend" else match[2]
    return _shift(base, unit, step)


def _weekday_rule(normal: str, base: Optional[date]):
    match = re.fullmatch(rf"(?:(last|next|this|on|early|late) )?({_WEEKDAY_RE})(?: {_PART_OF_DAY})?", normal)
    if not match:
        return None
    if base is None:
        return None, None
    weekday = _weekday_of(match[2])
    back = (base.weekday() - weekday) % 7
    if match[1] == "next":
        return (base + timedelta(days=(weekday - base.weekday()) % 7 or 7)).isoformat(), "day"
    if match[1] == "last" and back == 0:
        back = 7
    # News reports the past: a bare weekday is the most recent one on or before the document date.
    return (base - timedelta(days=back)).isoformat(), "day"


def _fuzzy_part_rule(normal: str, base: Optional[date]):
    """"the end of last year", "early next week": the core's value at the core's precision."""
    match = re.match(r"^(?:the )?(?:end|beginning|start|middle|first half|second half|rest) of (?:the )?|^(?:early|mid|late)[\s-]", normal)
    if not match:
        return None
    core = normal[match.end():]
    return resolve(core, base.isoformat() if base else None) if core else None


def _dateparser_fallback(normal: str, base: Optional[date]) -> tuple[Optional[str], Optional[str]]:
    """dateparser for what the rules do not cover; its default of "now" is refused."""
    if re.fullmatch(r"(?:the )?\d{1,2}(?:st|nd|rd|th)?", normal):
        return None, None  # a bare day number ("23"): no month, and dateparser would invent one
    has_year = re.search(rf"\b{_YEAR_RE}\b", normal)
    if base is None and (not has_year or _RELATIVE_WORDS.search(normal)):
        return None, None
    if not re.search(rf"\d|\b{_MONTH_RE}\b|\b{_WEEKDAY_RE}\b|\b(?:ago|yesterday|tomorrow|today|week|month|year)\b", normal):
        return None, None
    parsed = _dateparser_data(normal, base.isoformat() if base else None)
    if parsed is None:
        return None, None
    when, period = parsed
    if base and when == base and not re.search(r"\b(?:today|now|this)\b", normal):
        return None, None  # dateparser fell back to its base date: nothing was really parsed
    granularity = {"day": "day", "week": "week", "month": "month", "year": "year"}.get(period)
    if granularity is None:
        return None, None
    return _format(when, granularity), granularity


def _dateparser_data(normal: str, base_iso: Optional[str]) -> Optional[tuple[date, str]]:
    import dateparser  # imported late: it costs ~0.3 s and most documents never need it

    settings = {"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True, "STRICT_PARSING": False}
    # Without a document date the base is a fixed, impossible-looking date so no "now" leaks in;
    # such calls only happen for expressions that carry their own year.
    settings["RELATIVE_BASE"] = datetime.fromisoformat(base_iso) if base_iso else datetime(1, 1, 1)
    data = _date_data_parser(tuple(sorted(settings.items(), key=lambda kv: kv[0])), dateparser)
    result = data.get_date_data(normal)
    if result.date_obj is None:
        return None
    return result.date_obj.date(), result.period or "day"


_PARSERS: dict = {}


def _date_data_parser(settings_key: tuple, dateparser_module):
    parser = _PARSERS.get(settings_key)
    if parser is None:
        parser = dateparser_module.date.DateDataParser(languages=["en"], settings=dict(settings_key))
        if len(_PARSERS) > 64:
            _PARSERS.clear()
        _PARSERS[settings_key] = parser
    return parser


# ---------------------------------------------------------------------------------------------
# Small date arithmetic


def _shift(base: date, unit: str, count: int) -> tuple[str, str]:
    if unit == "day":
        return (base + timedelta(days=count)).isoformat(), "day"
    if unit == "week":
        return _format(base + timedelta(weeks=count), "week"), "week"
    if unit == "month":
        index = base.year * 12 + base.month - 1 + count
        return f"{index // 12:04d}-{index % 12 + 1:02d}", "month"
    years = count * (10 if unit == "decade" else 1)
    return f"{base.year + years:04d}", "year"


def _format(when: date, granularity: str) -> str:
    if granularity == "week":
        year, week, _ = when.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if granularity == "month":
        return f"{when.year:04d}-{when.month:02d}"
    if granularity == "year":
        return f"{when.year:04d}"
    return when.isoformat()


def _month_near(month: int, base: date, normal: str) -> str:
    """A month named without a year: "last March" before the document, "next March" after it,
    else the reading nearest to the document date."""
    if normal.startswith("last "):
        year = base.year if month < base.month else base.year - 1
    elif normal.startswith("next "):
        year = base.year if month > base.month else base.year + 1
    else:
        year = min((base.year - 1, base.year, base.year + 1), key=lambda y: abs((y * 12 + month) - (base.year * 12 + base.month)))
    return f"{year:04d}-{month:02d}"


def _add_years(when: date, years: int) -> date:
    try:
        return when.replace(year=when.year + years)
    except ValueError:  # 29 February
        return when.replace(year=when.year + years, day=28)


def _month_of(name: str) -> int:
    key = name.lower().rstrip(".")
    return MONTHS.get(key) or MONTHS[key[:3]]


def _weekday_of(name: str) -> int:
    return WEEKDAYS[name.lower().rstrip(".")[:3]]


def _number_value(word: str) -> Optional[int]:
    word = word.lower()
    if word.isdigit():
        return int(word)
    parts = re.split(r"[- ]", word)
    values = [NUMBER_WORDS.get(p) for p in parts]
    return sum(values) if all(v is not None for v in values) else None


def _ordinal_value(word: Optional[str]) -> Optional[int]:
    if not word:
        return None
    word = word.lower()
    digits = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", word)
    return int(digits[1]) if digits else ORDINALS.get(word)


def _parse_iso(value: Optional[str]) -> Optional[date]:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _safe_date(year: int, month: int, day: int) -> Optional[date]:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _safe_iso(year: int, month: int, day: int) -> Optional[str]:
    when = _safe_date(year, month, day)
    return when.isoformat() if when else None


__all__ = ["TimeExpression", "find_dates", "document_date", "resolve"]
