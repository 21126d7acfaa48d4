"""Datelines at the top of a story: where it was filed, sometimes when and by which agency.

A dateline opens the first paragraph of the story ("KABUL:", "new delhi:", "LONDON (AP) —",
"GUWAHATI, March 3:", "GAZA CITY, Oct 3 (AP) —"). Pasted wire copy often runs headline, byline
and story into one line ("… murder ANA Reporter DURBAN, August 29 (ANA) - Thabani …"); there the
dateline is found inside the line, and the words before it are the byline and the headline.

A dateline is never an actor or a speaker: its capitals look like a name to the tagger
("Reporter GEORGE" becomes a person). Its place is the place the story was filed from, which the
places layer reads as the document's place.

Precision first: a colon after a capitalised word is also a headline's speaker ("Trump: …") or a
section label ("ANALYSIS:"), so a bare "Place:" counts only in capitals or in a lower-cased
document, never in Title Case without a date, and labels are refused by a word list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Sequence

Span = tuple[int, int]

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
# 'March 3', 'Oct. 3, 2019', '3 March 2019' (each part bounded: no nested repetition).
_DATE = rf"(?:{_MONTH}\s\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s\d{{4}})?|\d{{1,2}}(?:st|nd|rd|th)?\s{_MONTH}(?:,?\s\d{{4}})?)"
# One to four words in capitals: 'KABUL', 'GAZA CITY', 'ST. LOUIS', "N'DJAMENA".
_CAPS_PLACE = r"[A-Z][A-Z.'’]{1,25}(?:\s[A-Z][A-Z.'’]{0,25}){0,3}"
_TITLE_PLACE = r"[A-Z][a-z.'’]{1,25}(?:\s[A-Z][a-z.'’]{1,25}){0,2}"
_LOWER_PLACE = r"[a-z][a-z.'’]{1,25}(?:\s[a-z][a-z.'’]{1,25}){0,2}"
# ', Botswana' / ', Calif.' after a place in capitals, but not a month (that is the date).
_REGION = rf"(?:,\s(?!{_MONTH}\s\d)[A-Z][A-Za-z.]{{1,20}}(?:\s[A-Z][A-Za-z.]{{1,20}}){{0,2}})?"
_AGENCY = r"\(\s?([A-Z][A-Za-z&.'’ -]{0,30}[A-Za-z.])\s?\)"
_DASH = r"\s?[-—–\x97]{1,2}\s"  # \x97: an em dash of cp1252 text read as Latin-1

_WIRE = re.compile(rf"({_CAPS_PLACE}{_REGION})(?:,?\s({_DATE}))?\s?{_AGENCY}(?:{_DASH}|:\s|\s)")
# 'Hanoi (VNA) –': a place in Title Case counts only with the agency, at the start of a line.
_TITLE_WIRE = re.compile(rf"({_TITLE_PLACE})(?:,\s({_DATE}))?\s?{_AGENCY}(?:{_DASH}|:\s)")
_CAPS_DATED = re.compile(rf"({_CAPS_PLACE}{_REGION}),\s({_DATE})(?:{_DASH}|:\s)")
_CAPS_BARE = re.compile(rf"({_CAPS_PLACE}{_REGION})(?:{_DASH}|:\s)")
# Inside run-on copy a bare 'UNION CITY — ' counts only right after a sentence (the headline's) ends.
_CAPS_AFTER_SENTENCE = re.compile(rf"(?<=[.!?]\s)({_CAPS_PLACE}){_DASH}")
_TITLE_DATED = re.compile(rf"({_TITLE_PLACE}),\s({_DATE})(?:{_DASH}|:\s)")
_LOWER_BARE = re.compile(rf"({_LOWER_PLACE})(?:,\s({_DATE.lower()}))?:\s", re.IGNORECASE)
# The reporter's credit that wire copy prints just before the dateline: 'ANA Reporter', 'Staff Writer'.
_CREDIT = re.compile(r"(?:\b[A-Z]{2,10}\s)?(?:[A-Z][a-z]+\s)?(?:Reporter|Correspondent|Staff\sWriter|Writer)\s$")

# Capitalised words that open a line with a colon or dash but name no place: labels and outlets.
_NOT_PLACES = frozenset("""
abstract ad advertisement alert analysis ap afp breaking byline caption clarification commentary correction
editorial editor editors exclusive explainer factbox feature full headline highlights interview issued latest
letter letters live mr mrs ms dr sen rep gov gen col lt president senator governor minister news note notes opinion photo photos poll q a reuters results review source sources sport sports
statement summary text the update updated updates video watch warning wire read more by from to and
""".split())

_WORDS = re.compile(r"[A-Za-z]+")


@dataclass
class Dateline:
    """A dateline found in the text: its span, the place as written, and what came with it."""

    start: int
    end: int
    place: str
    agency: Optional[str] = None
    credit: Optional[Span] = None  # 'ANA Reporter' just before it, a byline


def find_dateline(text: str, paragraphs: Sequence[Span], first: int = 0, inside: bool = True) -> Optional[Dateline]:
    """The dateline that opens one of the first paragraphs from ``first``, else (with ``inside``)
    one inside the first paragraph's opening 400 characters (run-on wire copy), else None."""
    for index, (start, end) in enumerate(paragraphs[first:first + 3]):
        found = _at_line_start(text, start, end)
        if found and not _speaker_label(text, found):
            return found
        if index == 0 and inside:
            found = _inside_line(text, start, min(end, start + 400))
            if found:
                return found
        if len(text[start:end].split()) > 30:
            return None  # the story has begun: a dateline comes before it, not after
    return None


def _at_line_start(text: str, start: int, end: int) -> Optional[Dateline]:
    line = text[start:end]
    for pattern, needs_lower in ((_WIRE, False), (_TITLE_WIRE, False), (_CAPS_DATED, False), (_TITLE_DATED, False),
                                 (_CAPS_BARE, False), (_LOWER_BARE, True)):
        match = pattern.match(line)
        if not match or match.end() >= len(line):
            continue
        if needs_lower and not _lower_cased(line):
            continue
        if not _place_words(match.group(1)):
            continue
        if pattern is _CAPS_BARE and _title_case_after(line[match.end():]):
            continue  # 'UNODC: The Role of Corruption …' labels a headline; a dateline opens prose
        agency = match.group(3) if pattern in (_WIRE, _TITLE_WIRE) else None
        if agency and re.match(r"[DRI]\s?-", agency):
            continue  # 'Jones (R-Texas):' is a politician and a party, not a place and an agency
        return Dateline(start, start + len(match.group().rstrip()), match.group(1).strip(), agency)
    return None


def _inside_line(text: str, start: int, end: int) -> Optional[Dateline]:
    """A dateline inside run-on copy: only with a date or an agency, the strong shapes."""
    line = text[start:end]
    for pattern in (_WIRE, _CAPS_DATED, _CAPS_AFTER_SENTENCE):
        for match in pattern.finditer(line):
            at = match.start()
            # A word boundary before it, and not the very start (that was tried as a line start).
            if at == 0 or not line[at - 1].isspace() or not _place_words(match.group(1)):
                continue
            credit = _CREDIT.search(line, max(0, at - 40), at)
            agency = match.group(3) if pattern is _WIRE else None
            return Dateline(start + at, start + at + len(match.group().rstrip()), match.group(1).strip(), agency,
                            (start + credit.start(), start + credit.end() - 1) if credit else None)
    return None


_LABEL_LINE = re.compile(r"^[ \t]*[A-Z][A-Z.'’]{1,25}(?:[ \t][A-Z][A-Z.'’]{0,25}){0,3}:[ \t]", re.MULTILINE)


def _speaker_label(text: str, found: Dateline) -> bool:
    """'TRUMP:' in a text where other lines open with such labels is a transcript's speaker, not a
    dateline; a bare colon is all it has, so it needs no other line to look the same."""
    if found.agency or not text[found.start:found.end].endswith(":") or "," in text[found.start:found.end]:
        return False
    return sum(1 for _ in zip(_LABEL_LINE.finditer(text), range(2))) >= 2


def _title_case_after(rest: str) -> bool:
    """The first sentence after the colon is in Title Case (a headline), not prose."""
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", re.split(r"[.!?](?:\s|$)", rest[:200])[0]) if len(w) >= 4]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def _place_words(place: str) -> bool:
    """A place names something: at least three letters and none of its words a label."""
    words = [w.lower() for w in _WORDS.findall(place)]
    return bool(words) and sum(map(len, words)) >= 3 and not any(w in _NOT_PLACES for w in words)


def _lower_cased(line: str) -> bool:
    """A document set in lower case (some archives lower-case everything): no capital in its opening."""
    head = line[:200]
    return not any(ch.isupper() for ch in head)


def headline_before(text: str, paragraph: Span, dateline: Dateline) -> Optional[Span]:
    """In run-on copy, the words before the credit or dateline are the headline when they are short."""
    start = paragraph[0]
    stop = dateline.credit[0] if dateline.credit else dateline.start
    head = text[start:stop].rstrip(" -—–:|")
    words = len(head.split())
    if start >= stop or not 3 <= words <= 30 or head.rstrip().endswith((",", ";")):
        return None
    return (start, start + len(head.rstrip()))


# 'by Penny MacRae India and …': 'by', a first and a last name (an initial between), then the story.
_NAME = r"(?:[A-Z][a-z]+|[A-Z]{2,})"  # 'Penny', 'JAMES'
_RUN_ON_CREDIT = re.compile(rf"(?:\([^()\n]{{1,60}}\)\s)?([Bb][Yy]\s{_NAME}(?:\s[A-Z]\.)?\s(?:Mc|Mac|O'|De|Van)?{_NAME})(?=\s[A-Z])")


def run_on_credit(text: str, paragraph: Span) -> Optional[Span]:
    """The author's credit that opens run-on copy, when the story goes on after it on the same line.

    Two names are taken: a third capitalised word is read as the story's first word, which is
    right for most bylines and wrong for a three-part name (that name is then cut short, never
    merged with the story)."""
    start, end = paragraph
    match = _RUN_ON_CREDIT.match(text, start, end)  # after a photo credit '(AP Photo …)' too
    if not match or len(text[match.end():end].split()) < 8:
        return None
    return (match.start(1), match.end(1))
