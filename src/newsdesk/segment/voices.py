"""Find the document's voices on plain text: headline, byline, body, relayed statements, comments.

A page pasted as text mixes voices. The cascade, in order:
1. the headline: a short first paragraph;
2. the byline: a publisher or author line near the top ("ISWNews Analysis Group: …", "By …",
   "KABUL (Reuters) -");
3. relayed statements: a reporting clause that ends in a colon ("X wrote in this message:")
   followed by a quotation mark that may close only paragraphs later;
4. reader comments: HTML comments the reader already found, else (when the page's markup did not
   answer) the unmarked comment run that ``comments.find_comment_start`` detects after the article;
5. the dateline ('KABUL:', 'LONDON (AP) —') and run-on credits: ``datelines``;
6. site furniture (share lines, 'Read more', sign-offs, wire closers): ``boilerplate``;
7. the rest is body, one segment per contiguous run of paragraphs.

This stage reads only the text. The statement's speaker is linked to an actor after parsing
(``Voice.intro`` keeps the reporting clause for that).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Sequence

from ..spans import trim_whitespace
from .boilerplate import find_boilerplate
from .comments import find_comment_start
from .datelines import Dateline, find_dateline, headline_before, run_on_credit

Span = tuple[int, int]

OPENING_QUOTES = "“\"«„‘"
CLOSING_FOR = {"“": "”", "\"": "\"", "«": "»", "„": "“", "‘": "’"}
# Reporting verbs and nouns that introduce a relayed statement when the clause ends with a colon.
_REPORTING = re.compile(
    r"\b(wrote|writes|said|says|declared|declares|stated|states|announced|announces|added|told|tweeted|"
    r"posted|published|issued|released|read|reads|continued|warned|urged|appealed|called|explained|"
    r"message|statement|letter|speech|address|communiqu[eé]|video|post|tweet|remarks)\b",
    re.IGNORECASE,
)
_ORG_WORDS = re.compile(
    r"\b(group|news|agency|press|staff|desk|service|media|network|times|post|journal|tribune|herald|"
    r"gazette|daily|weekly|review|report|bureau|office|team|analysis|editorial|editors|correspondent|"
    r"reuters|afp|ap|tass|xinhua|bbc|cnn|al jazeera|radio|tv|television|channel|magazine|online|"
    r"institute|center|centre|observatory|monitor)\b",
    re.IGNORECASE,
)
_BY_LINE = re.compile(r"^\s*(?:By|BY|Written by|Posted by|From)\s+([A-Z][^\n]{1,80})$")
# 'KABUL (Reuters) -', 'GAZA CITY, Oct 3 (AP) —': a capitalised place, then the agency in brackets.
_DATELINE = re.compile(
    r"^([A-Z][A-Z .'-]{2,40}(?:,\s*[A-Z][A-Za-z .0-9]{1,30})?)\s*\(\s*"
    r"([A-Z][\w&.' -]{0,40}?)\s*\)\s*[-—–:]\s*"
)
# 'ISWNews Analysis Group: …', 'Reuters - …': up to six capitalised words, then a separator. Linear
# time: each word is matched once (atomic core, possessive runs), so a long run of capitals or digits
# without a separator fails at once; the old '(?:[A-Z0-9][\w-]*\s?){1,6}?' split such a run into
# words every possible way (100 capitals took 40 s). Only a word's trailing dashes may be given back,
# all or all but the last (that dash is then the separator), in the order the old pattern tried them,
# so every match is the same.
_PREFIX_WORD = r"(?>[A-Z0-9][\w&.'’]*+(?:-++[\w&.'’]++)*+)(?:-++|(?:-(?=-))*+)"
_PUBLISHER_PREFIX = re.compile(rf"^({_PREFIX_WORD}(?:\s{_PREFIX_WORD}){{0,5}}?\s?)\s*+[:|–—-]\s+(?=\S)")


@dataclass
class Voice:
    """One segment of the document with who speaks in it, as far as the text alone says."""

    kind: str
    start: int
    end: int
    speaker_name: Optional[str] = None
    intro: Optional[Span] = None  # the reporting clause that introduces a statement
    cue: Optional[str] = None
    place: Optional[str] = None  # a dateline's place as written

    @property
    def span(self) -> Span:
        return (self.start, self.end)


def paragraphs(text: str) -> list[Span]:
    """Spans of the non-empty lines of ``text``, trimmed of surrounding whitespace."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        stripped = line.strip()
        if stripped:
            start = match.start() + (len(line) - len(line.lstrip()))
            spans.append((start, start + len(stripped)))
    return spans


def find_voices(text: str, comment_spans: Sequence[Span] = (), publisher: Optional[str] = None,
                comments_known: bool = False, title: Optional[str] = None) -> tuple[list[Voice], Optional[str]]:
    """Segment ``text`` into voices. Returns the voices in text order and the publisher found.

    ``comment_spans`` are comments an HTML extractor already separated; when given, or when
    ``comments_known`` says the page's markup has a comment section with none in it, the unmarked
    comment detector is not run (the page's own structure is better evidence than style).
    ``title`` is the input's title: where the text opens with it, that is the headline, however
    it runs on into the story ('School layoff policies rethought . School districts …').
    """
    paras = paragraphs(text)
    if not paras:
        return [], publisher
    article_end = comment_spans[0][0] if comment_spans else len(text)
    article = [p for p in paras if p[1] <= article_end]
    voices: list[Voice] = []
    index = 0
    headline = _title_headline(text, article, title) or _headline(text, article) or _run_on_headline(text, article)
    if headline and find_dateline(text, article[:1], 0, inside=False):
        headline = None  # 'KABUL: …' opens the story, however short its first paragraph
    if headline:
        voices.append(headline)
        # A headline run into the first line leaves the rest of that line to the story.
        index = 1 if headline.end >= article[0][1] else 0
    byline, found_publisher = _byline(text, article, index)
    if not byline:
        byline = _run_on_byline(text, article, index)
    if byline and headline and byline.start < headline.end:
        byline, found_publisher = None, None  # 'UN: Grave Concern …' is the run-on headline itself
    dateline = find_dateline(text, article, index)
    if dateline:
        voices.extend(_dateline_voices(text, article[index], dateline, voices))
        # A wire dateline overlaps the byline that took it before datelines were told apart.
        if byline and byline.start < dateline.end and dateline.start < byline.end:
            byline, found_publisher = None, None
    if byline:
        voices.append(byline)
    publisher = publisher or found_publisher or (dateline.agency if dateline else None)
    statements = _statements(text, article)
    voices.extend(statements)
    comments = [Voice("comment", s, e) for s, e in comment_spans]
    if not comment_spans and not comments_known:
        comments = _unmarked_comments(text, article, voices)
    voices.extend(comments)
    voices.extend(_boilerplate(text, article, voices))
    voices.extend(_body_runs(text, article, voices))
    voices.sort(key=lambda v: (v.start, v.end))
    return voices, publisher


def _run_on_byline(text: str, paras: list[Span], index: int) -> Optional[Voice]:
    """'by Penny MacRae India and other …': the author's credit run into the story's first line."""
    if index >= len(paras):
        return None
    span = run_on_credit(text, paras[index])
    return Voice("byline", *span, speaker_name=text[span[0] + 3:span[1]]) if span else None  # after 'by '



def _dateline_voices(text: str, paragraph: Span, dateline: Dateline, voices: list[Voice]) -> list[Voice]:
    """The dateline, and in run-on wire copy the reporter's credit and the headline before it."""
    found = [Voice("dateline", dateline.start, dateline.end, place=dateline.place)]
    if dateline.credit:
        credit = dateline.credit
        found.append(Voice("byline", *credit, speaker_name=text[credit[0]:credit[1]]))
    if paragraph[0] < dateline.start < paragraph[1] and not any(v.kind == "headline" for v in voices):
        head = headline_before(text, paragraph, dateline)
        if head:
            found.append(Voice("headline", *head))
    return found


def _boilerplate(text: str, paras: list[Span], voices: list[Voice]) -> list[Voice]:
    """Site furniture inside the article (share lines, 'Read more', sign-offs), outside other voices."""
    taken = [v.span for v in voices]
    return [Voice("boilerplate", s, e) for s, e in find_boilerplate(text, paras)
            if not any(ts < e and s < te for ts, te in taken)]


def _headline(text: str, paras: list[Span]) -> Optional[Voice]:
    """A first paragraph that is short and not a sentence of running prose is the headline."""
    if len(paras) < 2:
        return None
    start, end = paras[0]
    line = text[start:end]
    words = len(line.split())
    if words > 30 or len(line) > 250 or line.endswith(":"):
        return None
    # Running prose: several sentences in the first line is a lede, not a headline.
    if len(re.findall(r"[.!?][\"”’]?\s+[A-Z]", line)) >= 2:
        return None
    return Voice("headline", start, end)


def _title_headline(text: str, paras: list[Span], title: Optional[str]) -> Optional[Voice]:
    """The input's title where the first paragraph opens with it and goes on (a run-on headline)."""
    title = (title or "").strip().rstrip(".")
    if not paras or len(title.split()) < 2:
        return None
    start, end = paras[0]
    if not text.startswith(title, start) or start + len(title) >= end:
        return None
    head_end = start + len(title)
    stop = re.match(r"\s?\.", text[head_end:head_end + 2])  # 'rethought . School': the joint's stop
    return Voice("headline", start, head_end + (stop.end() if stop else 0))


# A stop then a capital; '?' and '!' also with no space ('… Massacre?The slaughter …', joined copy).
_SENTENCE_END = re.compile(r"[.!?](?=\s{1,3}[A-Z“\"])|[?!](?=[A-Z“\"])")


def _run_on_headline(text: str, paras: list[Span]) -> Optional[Voice]:
    """A headline run into the story's first line ('Gangs Impose Curfew in Honduran Capital. Honduran
    criminal gangs …'): a first sentence of 3–20 words in Title Case, followed by prose that is not."""
    if not paras:
        return None
    start, end = paras[0]
    match = _SENTENCE_END.search(text, start, min(end, start + 300))
    if not match:
        return None
    head, rest = text[start:match.start()], text[match.end():min(end, match.end() + 200)]
    if head.startswith("(") or not 3 <= len(head.split()) <= 20 or not rest.strip() or re.search(r"\b[A-Z][a-z]?$|\b\w\.\w$", head):
        return None  # 'Gen.', 'U.S.': an abbreviation, not the end of a sentence
    return Voice("headline", start, match.start() + 1) if _title_case(head) and not _title_case(rest) else None


def _title_case(words_text: str) -> bool:
    """Most words of four letters or more are capitalised: a headline's style, not prose."""
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", words_text) if len(w) >= 4]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def _byline(text: str, paras: list[Span], first: int) -> tuple[Optional[Voice], Optional[str]]:
    """Look in the first paragraphs after the headline for an author or publisher line."""
    for start, end in paras[first:first + 3]:
        line = text[start:end]
        match = _BY_LINE.match(line)
        if match and len(line.split()) <= 14:
            name = match.group(1).strip()
            return Voice("byline", start, end, speaker_name=name), _publisher_from_byline(name)
        match = _DATELINE.match(line)
        if match:
            return Voice("byline", start, start + match.end()), match.group(2)
        match = _PUBLISHER_PREFIX.match(line)
        if match and _looks_like_publisher(match.group(1)):
            name = match.group(1).strip()
            return Voice("byline", start, start + match.end(1) + 1, speaker_name=name), name
    return None, None


def _publisher_from_byline(name: str) -> Optional[str]:
    """'Jane Doe, Reuters' -> 'Reuters'; a bare author name gives no publisher."""
    parts = [p.strip() for p in re.split(r",|\||\bfor\b", name) if p.strip()]
    for part in parts[1:]:
        if _ORG_WORDS.search(part) or part.isupper():
            return part
    return None


def _looks_like_publisher(name: str) -> bool:
    """A publisher prefix names an outlet or group, not a person quoted in a headline."""
    tokens = name.split()
    if _ORG_WORDS.search(name):
        return True
    # CamelCase or acronym brands (ISWNews, RT, TOLOnews) without a person-like two-word shape.
    return any(re.search(r"[a-z][A-Z]|^[A-Z]{2,}$", t) for t in tokens)


def _statements(text: str, paras: list[Span]) -> list[Voice]:
    """Relayed statements: a reporting clause ending in ':' then a quotation that may span paragraphs."""
    voices: list[Voice] = []
    i = 0
    while i < len(paras):
        start, end = paras[i]
        line = text[start:end]
        colon = line.rfind(":")
        opening = _statement_opening(text, paras, i, colon)
        if opening is not None and _REPORTING.search(line[: colon if colon >= 0 else len(line)]):
            intro_start = start
            close = _closing_quote(text, opening, paras[-1][1])
            body_end = close if close is not None else _paragraph_end(paras, opening)
            content_start = opening + 1
            voice = Voice("statement", content_start, body_end, intro=(intro_start, start + colon),
                          cue=_cue_in(line[:colon]))
            if voice.end - voice.start > 0:
                voices.append(voice)
                while i < len(paras) and paras[i][0] < voice.end:
                    i += 1
                continue
        i += 1
    return voices


def _statement_opening(text: str, paras: list[Span], i: int, colon: int) -> Optional[int]:
    """Offset of the quotation mark that opens a statement after the clause of paragraph ``i``."""
    start, end = paras[i]
    if colon < 0:
        return None
    rest = text[start + colon + 1:end].lstrip()
    if rest:
        # Inline: 'X said: “…' opens on the same line, but only a quotation that runs on counts.
        pos = end - len(text[start + colon + 1:end].lstrip())
        if rest[0] in OPENING_QUOTES and _closing_quote(text, pos, end) is None:
            return pos
        return None
    if i + 1 < len(paras):
        nxt = paras[i + 1][0]
        if text[nxt] in OPENING_QUOTES:
            return nxt
    return None


def _closing_quote(text: str, opening: int, limit: int) -> Optional[int]:
    """Offset of the mark that closes the quotation opened at ``opening`` (before ``limit``).

    Curly marks nest, so a quotation inside the statement does not close it. A straight mark
    closes at the next straight mark that ends a word.
    """
    open_mark = text[opening]
    close_mark = CLOSING_FOR.get(open_mark, open_mark)
    if open_mark == close_mark:
        match = re.compile(re.escape(close_mark) + r"(?=[\s.,;:!?)]|$)").search(text, opening + 1, limit)
        return match.start() if match else None
    depth = 0
    for pos in range(opening, limit):
        ch = text[pos]
        if ch == open_mark:
            depth += 1
        elif ch == close_mark:
            depth -= 1
            if depth == 0:
                return pos
    return None


def _paragraph_end(paras: list[Span], offset: int) -> int:
    return next(e for s, e in paras if s <= offset < e)


def _cue_in(clause: str) -> Optional[str]:
    """The reporting expression of a clause: from its verb to the end ('wrote in this message')."""
    match = re.search(
        r"\b(wrote|writes|said|says|declared|stated|announced|added|told|tweeted|posted|published|issued|"
        r"released|continued|warned|urged|appealed|called|explained)\b.*$", clause)
    return match.group().strip() if match else None


def _unmarked_comments(text: str, paras: list[Span], voices: list[Voice]) -> list[Voice]:
    """Reader comments appended after the article with no marker."""
    protected_end = max((v.end for v in voices), default=0)
    first_allowed = next((i for i, (s, _e) in enumerate(paras) if s >= protected_end), len(paras))
    first_allowed = max(first_allowed, 2)  # an article has at least a headline and one paragraph
    index = find_comment_start(text, paras, first_allowed=first_allowed)
    if index is None or index >= len(paras) or _whole_quotation(text, paras[index]):
        return []
    return [Voice("comment", paras[index][0], paras[-1][1])]


def _whole_quotation(text: str, para: Span) -> bool:
    """A paragraph that is one quotation from its first mark to its last is a speaker's words
    reported by the article (a speech run paragraph by paragraph), not a reader's comment."""
    line = text[para[0]:para[1]]
    return len(line) > 1 and line[0] in OPENING_QUOTES and line.rstrip()[-1] in "\"”’»"


def _body_runs(text: str, paras: list[Span], voices: list[Voice]) -> list[Voice]:
    """Everything not in another voice is body, one segment per contiguous run of paragraphs."""
    taken = sorted(v.span for v in voices)
    runs: list[Voice] = []
    for start, end in paras:
        for piece in _subtract(text, (start, end), taken):
            if runs and runs[-1].end >= _previous_end(paras, piece[0]) and not _crosses(runs[-1].end, piece[0], taken):
                runs[-1].end = piece[1]
            else:
                runs.append(Voice("body", *piece))
    return runs


def _subtract(text: str, span: Span, taken: list[Span]) -> list[Span]:
    """The parts of ``span`` outside every ``taken`` span, trimmed; leftover marks are dropped."""
    pieces = [span]
    for t_start, t_end in taken:
        next_pieces = []
        for start, end in pieces:
            if t_end <= start or t_start >= end:
                next_pieces.append((start, end))
                continue
            if start < t_start:
                next_pieces.append((start, t_start))
            if t_end < end:
                next_pieces.append((t_end, end))
        pieces = next_pieces
    trimmed = [trim_whitespace(text, *p) for p in pieces]
    return [p for p in trimmed if re.search(r"\w", text[p[0]:p[1]])]




def _previous_end(paras: list[Span], start: int) -> int:
    ends = [e for _s, e in paras if e <= start]
    return ends[-1] if ends else start


def _crosses(a: int, b: int, taken: list[Span]) -> bool:
    return any(a <= s < b or a < e <= b for s, e in taken)
