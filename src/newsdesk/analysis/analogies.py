"""Historical analogies: a present situation compared to a past event, era, figure or saying.

An analogy needs two things in one sentence:
1. a reference to an entry of the project's history knowledge base (``knowledge/data/history.yaml``:
   events, eras, figures and famous phrases with dates and a source note), and
2. a comparison construction tied to it:
   - similarity: "the same as", "similar to", "reminiscent of", "echoes", "compared to", "as in",
     "harks back to" … shortly before the reference; "like" only right before it (it also
     introduces examples: "activists like X"); "the same way", "all over again" shortly after it;
   - eponymous words that compare by themselves: "Orwellian", "McCarthyite", "Stalinist" (the
     knowledge base's ``comparative`` patterns);
   - renewal: "a new Munich", "another Vietnam", "a modern-day Hitler", "Watergate all over again",
     "Nazi-style", "a Pearl Harbor moment" (directly around the reference);
   - invocation: "as Churchill said", "I think of what General de Gaulle said", "in the words of",
     "I quoted a phrase from Winston Churchill" (the cue comes first, the reference later).

Why both: a bare mention of history ("Hitler invaded Poland in 1939") is history, not an analogy,
and a bare comparison ("like a hurricane") points at nothing historical. The span is the sentence;
the reference is the entry's ``reference`` label, ``kb_id`` its id, ``reference_span`` where the
sentence names it and ``form`` the construction. One analogy per (sentence, entry); where a famous
phrase and the figure who said it both match, the phrase (the more specific entry) wins.

A sentence that makes no analogy with the knowledge base may still compare with a past the
knowledge base lacks: ``analogy_open`` finds those from their form, with the text's own phrase as
the reference and no ``kb_id``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

from spacy.tokens import Doc

from ..knowledge import load_data
from ..model import Analogy
from ..nlp import doc_text, sentences as sentences_of
from .analogy_open import OPEN_CUES as _OPEN_CUES, open_references

KB_FILE = "history.yaml"
# How far before a reference (in characters) a similarity cue may stand.
SIMILARITY_REACH = 80
# Word boundaries around every knowledge-base pattern ("Munich", not "Munich-based" or "Munichs").
_BEFORE, _AFTER = r"(?<![\w-])", r"(?![\w])"

_SIMILARITY = re.compile(
    r"\b(?:(?:is|are|was|were|be) (?:just |much |exactly |almost |very much )?the same as|the same as|"
    r"similar to|similarities (?:to|with)|akin to|reminiscent of|reminds? (?:\w+ )?of|"
    r"remind(?:ed|ing)? (?:\w+ ){0,2}of|echo(?:es|ed|ing)? (?:of )?|evok(?:e|es|ed|ing)|"
    r"harks? back to|hearkens? back to|parallels? (?:with|to|between)|"
    r"compar(?:e|es|ed|ing) (?:\w+ ){0,4}(?:to|with)|comparisons? (?:to|with|between)|"
    r"analog(?:y|ies|ous) (?:to|with|between)|equivalent of|as in|as (?:it|they|we) (?:was|were|did) in|"
    r"as happened (?:in|with)|version of|repeat(?:ing)? of|replay of|rerun of|lessons? of)\b",
    re.IGNORECASE)
# "like" also introduces examples ("activists like X and Y"), so it must stand right before the reference.
_LIKE = re.compile(r"\blike (?:(?:the|a|an|in|during|with|it was in|back in) )?$", re.IGNORECASE)
# "installations like Pearl Harbor", "leaders like Churchill": after a plural noun, "like" lists
# examples (a corpus false positive); after "looks", "feels", "seems" … it still compares.
_LIKE_EXAMPLES = re.compile(r"\b(?!(?:look|feel|seem|sound|act|behave|read|smell|taste)s\b)[a-z]{3,}s like $",
                            re.IGNORECASE)
# "recalled" is mostly a reporting verb ("…, recalled her father, a Churchill doctor"): only
# "recalls the Munich agreement", the reference right after it, compares.
_RECALL = re.compile(r"\brecall(?:s|ed|ing)? (?:the |a |an )?$", re.IGNORECASE)
# Cues that look back at a reference named before them: "Reagan answered then the same way we must now".
_BACKWARD = re.compile(
    r"^.{0,80}?\b(?:the same way|the same thing|as (?:then|before)|then as now|we have been here before|"
    r"history (?:is )?repeat(?:s|ing)(?: itself)?|all over again)\b", re.IGNORECASE)
_RENEWAL_BEFORE = re.compile(
    r"\b(?:a new|another|a second|a modern[- ]day|a latter[- ]day|a 21st[- ]century|today'?s|our own|"
    r"(?:the|a) next|a mini|a little|a budding|would-be|wannabe)\s+$", re.IGNORECASE)
_RENEWAL_AFTER = re.compile(r"^(?:-style|-like|-esque|-era| all over again| redux| moment| 2\.0)\b", re.IGNORECASE)
# Invoking what someone said: ties to figures and their phrases.
_INVOCATION = re.compile(
    r"\b(?:(?:as|what|when|how) (?:\S+ ){0,5}(?:said|says|wrote|put it|declared|warned|told|called|"
    r"proclaimed|famously)|in the words of|to (?:paraphrase|quote)|quot(?:e|ed|ing))\b",
    re.IGNORECASE)
# Calling the past to mind: ties to any entry.
_REMEMBRANCE = re.compile(
    r"\b(?:think|thinking|thought|remember|remembering|recall|recalling) (?:of |back to )?(?:what|how|when|the days)\b",
    re.IGNORECASE)


@dataclass(frozen=True)
class Entry:
    """One knowledge-base entry with its compiled patterns."""

    id: str
    reference: str
    kind: str
    patterns: tuple[re.Pattern, ...]
    needs: dict  # pattern index -> tuple of words one of which must be in the sentence
    figure: Optional[str]
    comparative: tuple[re.Pattern, ...] = ()


@dataclass(frozen=True)
class Reference:
    """Where an entry is named in a sentence (offsets relative to the sentence)."""

    entry: Entry
    start: int
    end: int
    comparative: bool = False  # an eponymous word that compares by itself ("Orwellian")


@lru_cache(maxsize=1)
def knowledge_base() -> tuple[Entry, ...]:
    """The history entries with compiled patterns (cached)."""
    entries = []
    for raw in load_data(KB_FILE)["entries"]:
        patterns = tuple(re.compile(rf"{_BEFORE}{p}{_AFTER}", re.IGNORECASE) for p in raw["patterns"])
        needs = {i: tuple(w.lower() for w in raw.get("needs_for", {}).get(p, ()))
                 for i, p in enumerate(raw["patterns"]) if p in raw.get("needs_for", {})}
        comparative = tuple(re.compile(rf"{_BEFORE}{p}{_AFTER}", re.IGNORECASE) for p in raw.get("comparative", ()))
        entries.append(Entry(raw["id"], raw["reference"], raw["kind"], patterns, needs, raw.get("figure"), comparative))
    return tuple(entries)


def find_analogies(doc: Doc, published: Optional[str] = None) -> list[Analogy]:
    """Historical analogies in the document: one per (sentence, knowledge-base entry), then the open
    ones (``analogy_open``) in sentences that make none with the knowledge base.

    ``published`` (ISO date) dates the document, so that "like in 1984" is history in 2016 and not
    in 1990; without it, open references by year alone are not made.
    """
    found = []
    text = doc_text(doc)
    entries = _entries_named_in(text)
    may_compare = _OPEN_CUES.search(text) is not None
    if not entries and not may_compare:
        return found
    year = _year(published)
    sentences = sentences_of(doc)
    spans = [(sent.start_char, sent.end_char) for sent in sentences]
    for i, (start, end) in enumerate(spans):
        following = text[spans[i + 1][0]:spans[i + 1][1]] if i + 1 < len(spans) else ""
        end = _end(text, start, end)
        made = compared_references(text[start:end], following, entries) if entries else []
        found += [Analogy(start=start, end=end, reference=r.entry.reference, kb_id=r.entry.id,
                          reference_span=[start + r.start, start + r.end], form=form) for r, form in made]
        if not made and may_compare and _OPEN_CUES.search(text, start, end):
            found += [Analogy(start=start, end=end, reference=o.reference, kb_id=None,
                              reference_span=[o.start, o.end], form=o.cue)
                      for o in open_references(sentences[i], year)]
    return found


def _year(published: Optional[str]) -> Optional[int]:
    match = re.match(r"(\d{4})", published or "")
    return int(match.group(1)) if match else None


def _entries_named_in(text: str) -> tuple[Entry, ...]:
    """The knowledge-base entries one of whose patterns could match somewhere in ``text``.

    Why a prefilter: matching every entry's patterns sentence by sentence was the costliest
    analysis stage after the parse (Python's ``re`` gives up its fast literal search under
    IGNORECASE and a leading lookbehind). The patterns are written in lower case, so their bare
    cores searched in the lower-cased text find a superset of the real matches, twenty times faster.
    """
    lowered = text.lower()
    return tuple(entry for entry, cores in _pattern_cores() if any(core.search(lowered) for core in cores))


@lru_cache(maxsize=1)
def _pattern_cores() -> tuple[tuple[Entry, tuple[re.Pattern, ...]], ...]:
    return tuple((entry, tuple(re.compile(raw) for raw in _raw_patterns(entry))) for entry in knowledge_base())


def _raw_patterns(entry: Entry) -> list[str]:
    return [p.pattern.removeprefix(_BEFORE).removesuffix(_AFTER) for p in (*entry.patterns, *entry.comparative)]


def _end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def analogies_in_sentence(sentence: str, following: str = "", entries: Optional[Iterable[Entry]] = None) -> list[Entry]:
    """The knowledge-base entries that ``sentence`` compares its subject to.

    ``following`` is the next sentence: a backward-looking cue may open it ("Reagan was asked how
    the Cold War would end. He answered then the same way we must answer now"). ``entries``
    limits the search to some knowledge-base entries (all by default).
    """
    return [reference.entry for reference, _form in compared_references(sentence, following, entries)]


def compared_references(sentence: str, following: str = "", entries: Optional[Iterable[Entry]] = None
                        ) -> list[tuple[Reference, str]]:
    """``analogies_in_sentence`` with where each entry is named and the construction that compares
    it ("similarity", "renewal", "invocation", "eponym", "backward"); one per entry."""
    references = _references(sentence, knowledge_base() if entries is None else entries)
    compared = [(r, form) for r in references if (form := _comparison_form(sentence, r, following))]
    figures_with_phrase = {r.entry.figure for r, _form in compared if r.entry.figure}
    unique: list[tuple[Reference, str]] = []
    for reference, form in compared:
        if reference.entry.id not in figures_with_phrase and all(reference.entry != r.entry for r, _f in unique):
            unique.append((reference, form))
    return unique


def _references(sentence: str, entries: Iterable[Entry]) -> list[Reference]:
    lowered = sentence.lower()
    found = []
    for entry in entries:
        for i, pattern in enumerate(entry.patterns):
            needed = entry.needs.get(i)
            if needed and not any(word in lowered for word in needed):
                continue
            found += [Reference(entry, m.start(), m.end()) for m in pattern.finditer(sentence)]
        for pattern in entry.comparative:
            found += [Reference(entry, m.start(), m.end(), True) for m in pattern.finditer(sentence)]
    return found


def _comparison_form(sentence: str, reference: Reference, following: str = "") -> Optional[str]:
    """The comparison construction tied to ``reference`` in ``sentence``, or None when there is none."""
    before = sentence[:reference.start]
    if _RENEWAL_BEFORE.search(before[-40:]):
        return "renewal"
    if reference.comparative:
        return "eponym"
    if _LIKE.search(before[-30:]):
        return None if _LIKE_EXAMPLES.search(before[-40:]) else "similarity"
    if _RECALL.search(before[-20:]):
        return "similarity"
    after = sentence[reference.end:]
    if _RENEWAL_AFTER.search(after):
        return "renewal"
    if _BACKWARD.search(after) or _BACKWARD.search(following):
        return "backward"
    if any(reference.start - m.end() <= SIMILARITY_REACH for m in _SIMILARITY.finditer(before)):
        return "similarity"
    if reference.entry.kind in ("figure", "phrase") and _INVOCATION.search(before):
        return "invocation"
    return "invocation" if _REMEMBRANCE.search(before) else None


def references_of(analogies: Iterable[Analogy]) -> set[str]:
    """The knowledge-base ids of analogies (for scoring against labels that store ids); an open
    reference is ``open:<its phrase>``."""
    return {analogy.kb_id or f"open:{analogy.reference}" for analogy in analogies}
