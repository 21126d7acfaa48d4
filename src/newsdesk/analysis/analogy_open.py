"""Open historical analogies: comparisons to a past the history knowledge base does not hold.

``analogies`` ties comparison constructions to entries of ``history.yaml``. Most analogies in
political news point elsewhere ("trickle-down economics all over again", "the early days of the AIDS
crisis", "my Jeffersonian moment"), and no list of the past will ever be complete. This module finds
them from their form, and the reference is the text's own phrase for the past thing:

1. **renewal**: a noun phrase followed by "all over again" or "redux" (the phrase is the past thing
   the present repeats);
2. **similarity**: a comparison cue ("reminiscent of", "compare it to", "an echo of", "like") before
   a noun phrase that is marked as past: a year or decade at least ``PAST_YEARS`` before the
   document's year, or an era word ("the days of", "crisis", "revolution", "emancipation", "the X
   years") with a name or an "of" phrase that makes it a particular one;
3. **eponymous moment**: "a Jeffersonian moment", "a Kafkaesque scene".

Why so strict about "past": "like a war zone" and "similar to the current crisis" compare, but not
with history; and a comparison with last year's campaign is politics, not a historical analogy (the
labelling guide in docs/ANALYZE.md). A phrase qualifies only when it names a particular past thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from spacy.tokens import Span

from ..nlp import doc_text, noun_chunk_bounds

# A year counts as history when it lies this many years before the document's year.
PAST_YEARS = 10
# How far before the phrase (in characters) a similarity cue may stand.
CUE_REACH = 60

# Each cue is written once; the patterns below are built from these.
_RENEWAL_CORE = r"all over again|redux"
_SIMILAR_CORE = (
    r"the same as|similar to|akin to|reminiscent of|remind(?:s|ed|ing)? (?:\w+ ){0,2}of|echo(?:es|ed)? of|"
    r"an echo of|harks? back to|hearkens? back to|compar(?:e|es|ed|ing) (?:\w+ ){0,4}(?:to|with)|"
    r"comparisons? (?:to|with)|parallels? (?:to|with)|evok(?:e|es|ed|ing)|recall(?:s|ed|ing)?|"
    r"a throwback to|a return to|déjà vu of|like|as in")
_EPONYM_CORE = r"([A-Z][a-z]+(?:ian|ean|esque)) (?:moment|scene|turn|nightmare)"

_RENEWAL_AFTER = re.compile(rf"^\s*(?:{_RENEWAL_CORE})\b", re.IGNORECASE)
_SIMILAR = re.compile(rf"\b(?:{_SIMILAR_CORE})\s+$", re.IGNORECASE)
_EPONYM_MOMENT = re.compile(rf"\b(?:a|an|my|our|his|her|their|its) {_EPONYM_CORE}\b")
# Where any of the cues above stands: most sentences hold none and are never chunked.
# \b before the eponym: without it, each letter of a long word started a scan to the word's end.
OPEN_CUES = re.compile(rf"\b(?:{_RENEWAL_CORE})\b|\b(?:{_SIMILAR_CORE})\s|\b{_EPONYM_CORE}", re.IGNORECASE)
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)(?:'?s)?\b")
_CENTURY = re.compile(r"\b(?:1[0-9]|[2-9])(?:st|nd|rd|th)[- ]century\b", re.IGNORECASE)
_ERA = re.compile(
    r"\b(?:era|days|age|years|crisis|war|wars|depression|movement|revolution|regime|empire|dynasty|reign|"
    r"emancipation|holocaust|genocide|purges?|inquisition|crusades?|exodus|occupation|uprising|"
    r"insurrection|colonialism|slavery|segregation|apartheid|prohibition|blitz|siege|famine|plague|"
    r"scandal|massacre|invasion)\b", re.IGNORECASE)
_NOT_PAST = re.compile(r"\b(?:current|ongoing|present|today'?s|recent|this|these|next|coming|future|new)\b",
                       re.IGNORECASE)
_PRONOUNS = {"it", "this", "that", "they", "we", "he", "she", "you", "i", "them", "us", "what", "which"}


@dataclass(frozen=True)
class OpenReference:
    """A past thing a sentence compares its present to (document offsets)."""

    reference: str
    start: int
    end: int
    cue: str  # "renewal" | "similarity" | "eponym"


def open_references(sentence: Span, document_year: Optional[int]) -> list[OpenReference]:
    """The open analogies of one sentence, at most one per referent phrase."""
    text = doc_text(sentence.doc)  # Doc.text rebuilds the whole string on every call
    found = [OpenReference(m.group(1), sentence.start_char + m.start(1), sentence.start_char + m.end(1), "eponym")
             for m in _EPONYM_MOMENT.finditer(text, sentence.start_char, sentence.end_char)]
    for start, end in _phrases(sentence):
        phrase = text[start:end]
        before = text[sentence.start_char:start]
        after = text[end:sentence.end_char]
        if _RENEWAL_AFTER.match(after) and phrase.lower() not in _PRONOUNS:
            found.append(OpenReference(phrase, start, end, "renewal"))
        elif _SIMILAR.search(before[-CUE_REACH:]) and _names_a_past(sentence, phrase, start, end, document_year):
            found.append(OpenReference(phrase, start, end, "similarity"))
    return found


def _phrases(sentence: Span) -> list[tuple[int, int]]:
    """Noun phrases of the sentence, each extended over the 'of' phrases that follow it
    ("the early days" + "of the AIDS crisis"), as document character offsets."""
    chunks = [(s, e) for s, e in noun_chunk_bounds(sentence.doc) if s >= sentence.start and e <= sentence.end]
    doc = sentence.doc
    phrases = []
    for i, (start, end) in enumerate(chunks):
        j = i
        while j + 1 < len(chunks) and chunks[j + 1][0] == chunks[j][1] + 1 and doc[chunks[j][1]].lower_ == "of":
            j += 1
        phrases.append((doc[start].idx, doc[chunks[j][1] - 1].idx + len(doc[chunks[j][1] - 1])))
    return phrases


def _names_a_past(sentence: Span, phrase: str, start: int, end: int, document_year: Optional[int]) -> bool:
    """Whether ``phrase`` (at ``start:end``) names a particular past thing (see the module doc)."""
    if _NOT_PAST.search(phrase):
        return False
    years = [int(y) for y in _YEAR.findall(phrase)]
    if years and document_year and all(y <= document_year - PAST_YEARS for y in years):
        return True
    if _CENTURY.search(phrase):
        return True
    if not _ERA.search(phrase):
        return False
    span = sentence.doc.char_span(start, end, alignment_mode="expand")
    named = span is not None and any(t.pos_ == "PROPN" or t.ent_type_ in ("EVENT", "NORP", "GPE", "PERSON")
                                     for t in span)
    definite = phrase.lower().startswith("the ")
    # "the Vietnam War", "the AIDS crisis of the 1980s": named; "the emancipation of the slaves":
    # made particular by its "of" phrase; "a war zone", "the crisis": neither.
    return (named and (definite or " of " in phrase)) or (definite and " of " in phrase)
