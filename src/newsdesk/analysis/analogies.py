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
the reference is the entry's ``reference`` label. One analogy per (sentence, entry); where a famous
phrase and the figure who said it both match, the phrase (the more specific entry) wins.
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

KB_FILE = "history.yaml"
# How far before a reference (in characters) a similarity cue may stand.
SIMILARITY_REACH = 80
# Word boundaries around every knowledge-base pattern ("Munich", not "Munich-based" or "Munichs").
_BEFORE, _AFTER = r"(?<![\w-])", r"(?![\w])"

_SIMILARITY = re.compile(
    r"\b(?:(?:is|are|was|were|be) (?:just |much |exactly |almost |very much )?the same as|the same as|"
    r"similar to|similarities (?:to|with)|akin to|reminiscent of|reminds? (?:\w+ )?of|"
    r"remind(?:ed|ing)? (?:\w+ ){0,2}of|echo(?:es|ed|ing)? (?:of )?|evok(?:e|es|ed|ing)|"
    r"recall(?:s|ed|ing)?|harks? back to|hearkens? back to|parallels? (?:with|to|between)|"
    r"compar(?:e|es|ed|ing) (?:\w+ ){0,4}(?:to|with)|comparisons? (?:to|with|between)|"
    r"analog(?:y|ies|ous) (?:to|with|between)|equivalent of|as in|as (?:it|they|we) (?:was|were|did) in|"
    r"as happened (?:in|with)|version of|repeat(?:ing)? of|replay of|rerun of|lessons? of)\b",
    re.IGNORECASE)
# "like" also introduces examples ("activists like X and Y"), so it must stand right before the reference.
_LIKE = re.compile(r"\blike (?:(?:the|a|an|in|during|with|it was in|back in) )?$", re.IGNORECASE)
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


def entry_by_reference(reference: str) -> Optional[Entry]:
    """The entry whose ``reference`` label is ``reference``."""
    return next((e for e in knowledge_base() if e.reference == reference), None)


def find_analogies(doc: Doc) -> list[Analogy]:
    """Historical analogies in the document, one per (sentence, knowledge-base entry)."""
    found = []
    text = doc_text(doc)
    entries = _entries_named_in(text)
    if not entries:
        return found
    spans = [(sent.start_char, sent.end_char) for sent in sentences_of(doc)]
    for i, (start, end) in enumerate(spans):
        following = text[spans[i + 1][0]:spans[i + 1][1]] if i + 1 < len(spans) else ""
        for entry in analogies_in_sentence(text[start:end], following, entries):
            found.append(Analogy(start=start, end=_end(text, start, end), reference=entry.reference))
    return found


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
    references = _references(sentence, knowledge_base() if entries is None else entries)
    compared = [r.entry for r in references if _is_compared(sentence, r, following)]
    figures_with_phrase = {e.figure for e in compared if e.figure}
    unique: list[Entry] = []
    for entry in compared:
        if entry.id not in figures_with_phrase and entry not in unique:
            unique.append(entry)
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


def _is_compared(sentence: str, reference: Reference, following: str = "") -> bool:
    """Whether a comparison construction is tied to ``reference`` in ``sentence``."""
    before = sentence[:reference.start]
    if _RENEWAL_BEFORE.search(before[-40:]):
        return True
    if reference.comparative or _LIKE.search(before[-30:]):
        return True
    after = sentence[reference.end:]
    if _RENEWAL_AFTER.search(after) or _BACKWARD.search(after) or _BACKWARD.search(following):
        return True
    if any(reference.start - m.end() <= SIMILARITY_REACH for m in _SIMILARITY.finditer(before)):
        return True
    if reference.entry.kind in ("figure", "phrase") and _INVOCATION.search(before):
        return True
    return _REMEMBRANCE.search(before) is not None


def references_of(analogies: Iterable[Analogy]) -> set[str]:
    """The knowledge-base ids of analogies (for scoring against labels that store ids)."""
    ids = set()
    for analogy in analogies:
        entry = entry_by_reference(analogy.reference)
        ids.add(entry.id if entry else analogy.reference)
    return ids
