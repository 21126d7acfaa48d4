"""Find where unmarked reader comments start after an article in plain text.

Text pasted from a web page often carries the reader comments straight after the article with
nothing marking the change of voice. The article speaks in edited, reported prose; comments
change register (salutations, "Great post", "you", first person, emoticons, religious formulae)
and bring the comment system's furniture (a name and timestamp line, "says:", "Reply", "Posted
by", user ids), which repeats down the page.

How it works (weights: ``knowledge/data/comment_boundary.json``, written by
``scripts/train_comment_boundary.py`` from Dragnet train):
1. every paragraph (one non-empty line) gets hand-made features: cue regexes, length, pronoun
   rates, punctuation, quotation state, repeated line shapes, novelty of its vocabulary, the same
   cues in its neighbours and in the rest of the page, and position;
2. a logistic regression gives each paragraph p(comment);
3. comments run to the end, so the answer is one cut k. A second, conditional-logit model scores
   every allowed cut and "no comments": the two-run likelihood
   sum_{i<k} log(1-p_i) + sum_{i>=k} log p_i says how well the whole page agrees with the cut,
   local features say whether paragraph k looks like the first line of a comment;
4. when the model finds none, a narrow hand-set rule (``register_tail``) still catches a short
   tail of reader-register paragraphs with no furniture at all, which Dragnet barely has.

Inference is numpy only; scikit-learn is needed for training, not here.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from typing import Any, Sequence

import numpy as np

from ..knowledge import load_data

Span = tuple[int, int]

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DATE = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\.?\s+{_MONTH},?\s+\d{{4}}"
    r"|\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b",
    re.IGNORECASE,
)
# A date without its year ("November 12th", "Aug 6") counts only on a short header-like line.
_DAY_OF_MONTH = re.compile(rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?!\w)",
                           re.IGNORECASE)
_TIME = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\b\.?)?|\b\d{1,2}\s*[ap]\.?m\b\.?|@\d{1,2}:?\d{2}[AP]M",
                   re.IGNORECASE)
# A timestamp as comment systems print it: a date and a time on one line ("July 26, 2012 at 3:56 pm").
_STAMP = re.compile(rf"(?:{_DATE.pattern})\W{{0,3}}(?:at|@|[-–—|·,/])?\s*(?:{_TIME.pattern})", re.IGNORECASE)
_AGO = re.compile(r"\b(?:\d+|an?|one)\s+(?:sec(?:ond)?|min(?:ute)?|hour|day|week|month|year)s?\s+ago\b",
                  re.IGNORECASE)
# The comment system's own lines: "Emily said...", "Hungry says:", "Julie wrote:".
_SAYS = re.compile(r"\b(?:says|said|wrote|writes|commented|replied|dijo|schrieb)\s*(?::|\.\.\.|…)\s*$",
                   re.IGNORECASE)
_POSTED = re.compile(
    r"^(?:posted|submitted|written|commented|comment|tracked)\s+(?:by|on|at|in)\b|^posted:|^by\s+\S+(?:\s+\S+){0,4}$"
    r"|^(?:pingback|trackback)\b|\[(?:\.\.\.|…)\]"
    r"|^by\s+.{1,60}\s+(?:on|at)\s",
    re.IGNORECASE,
)
_UI_LINE = re.compile(
    r"^(?:reply|reply\s*↓|report(?:\s+(?:abuse|comment|this))?|like|unlike|permalink|quote|flag|share|link|"
    r"parent|edit|delete|(?:log|sign)\s*in to (?:reply|comment)|reply to this|recommend|"
    r"\d+\s+(?:likes?|replies|points?|votes?|recommendations?)|re:.*|\[?\s*reply\s*\]?)\W*$",
    re.IGNORECASE,
)
_COMMENT_HEADER = re.compile(
    r"^(?:\d+\s+)?(?:comments?|responses?|replies|reactions?|discussion)\b|leave a (?:reply|comment)|"
    r"post a comment|add (?:a |your )?comment|\b\d+\s+(?:comments?|responses?|thoughts)\b|join the discussion",
    re.IGNORECASE,
)
_SALUTATION = re.compile(
    r"^\W*(?:hi|hello|hey|dear|greetings|hiya|howdy|good (?:morning|evening|afternoon)|as+a?la+m+u?\w*|"
    r"salaa?m\w*|wa\s*alaykum|peace be|bismillah|yo)\b",
    re.IGNORECASE,
)
_REACTION = re.compile(
    r"^\W*(?:(?:very |really |such a |a |what a )?(?:great|nice|excellent|awesome|good|wonderful|fantastic|"
    r"brilliant|interesting|amazing|lovely|beautiful|fascinating|informative|superb|cool|fab|fun)\s+"
    r"(?:post|article|piece|read|write-?up|blog|story|job|work|points?|stuff|idea|info|list|tips?|summary|"
    r"analysis|interview|photos?|pictures?|video|question|one)"
    r"|thanks?\b|thank you|thx|ty\b|i\s+(?:agree|disagree|love|loved|like|liked|enjoyed|think|hope|wish)\b|"
    r"agreed|well said|so true|lol|wow|yes\b|no\b|totally|exactly|amen|congrat\w*|kudos|bravo|haha\w*|"
    r"love (?:this|it|the)|i'?m|ok\b|omg|oh\b|ha\b|hmm+|yeah|yep|nope|"
    # Readers answering the article or calling on other readers: 'I read this and…', 'Wake up, people'.
    r"i (?:just )?read (?:this|that|the|your)\b|wake up\b|pray for\b|may god\b|shame on\b)",
    re.IGNORECASE,
)
_RELIGIOUS = re.compile(
    r"\((?:s\.?a\.?w\.?s?\.?|s\.?w\.?t\.?|pbuh|a\.?s\.?|r\.?a\.?)\)|\b(?:allah|allaah|insha'?allah|masha'?allah|"
    r"alhamdulillah|subhanallah|ummah|god bless|jazak\w*|fitna|haram|harram|brothers? and sisters?)\b",
    re.IGNORECASE,
)
# Written for the scanner (a look-behind, one word group, fixed runs): 2.5x faster than the plain
# alternation, same matches.
_CHATTY = re.compile(r"(?<!\S)[:;=]-?[)(DPp/]|\b(?:lol|lmao|haha\w*|imho|imo|btw|omg)\b|!!|\?\?|\.{4}",
                     re.IGNORECASE)
_USER_ID = re.compile(r"\(\s*#?\s*\d{4,}\s*\)|\(\d+,\s*(?:insightful|funny|informative|interesting|troll|"
                      r"redundant|flamebait|offtopic|off-topic|overrated|underrated|touch\w*)\)", re.IGNORECASE)
_MENTION = re.compile(r"(?:^|\s)@[A-Za-z]\w*")
_URL = re.compile(r"https?://|www\.|\.com\b", re.IGNORECASE)
_REPORTED = re.compile(r"\b(?:said|says|told|according to|reported|announced|stated|added|spokes\w+|"
                       r"officials?|minister|president|government|police|forces)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")

_FIRST_SINGULAR = {"i", "me", "my", "mine", "myself", "i'm", "i’m", "i've", "i’ve", "i'd", "i’d", "i'll",
                   "i’ll", "im", "ive"}
_SECOND = {"you", "your", "yours", "yourself", "you're", "you’re", "you've", "you’ve", "u", "ur", "you'll",
           "you’ll", "you'd", "you’d", "ya"}
_FIRST_PLURAL = {"we", "us", "our", "ours", "we're", "we’re", "we've", "we’ve"}
_THIRD = {"he", "she", "they", "his", "her", "their", "him", "them", "its", "it's", "it’s"}
_OPEN_QUOTES = "“«„"
_CLOSE_QUOTES = "”»"

# A reader's voice: each cue is rare, together they are common enough to weigh reliably.
_REGISTER = ("salutation", "reaction", "religious", "chatty", "lower_i", "mention")
# The comment system's own lines; their density in the rest of the page is the strongest evidence
# that a comment section has begun.
_FURNITURE = ("date", "time", "ago", "says", "posted", "ui_line", "user_id")

BASE_FEATURES: tuple[str, ...] = (
    "log_chars", "log_words", "words_le_3", "words_le_8", "words_ge_40", "ends_sentence", "ends_colon",
    "no_end_punct", "starts_lower", "title_case_share", "upper_share", "digit_share", "punct_share",
    "date", "time", "ago", "says", "posted", "ui_line", "user_id", "comment_header", "salutation",
    "reaction", "religious", "chatty", "mention", "url", "reported", "lower_i",
    "first_singular", "second", "first_plural", "third", "starts_quote", "ends_quote", "in_quote",
    "novelty", "title_overlap", "stamp", "name_like", "long_prose", "shape_after", "shape_before", "furniture",
    "register",
)
_CONTEXT_CUES = ("furniture", "register", "stamp", "name_like", "long_prose", "shape_after", "date", "time", "says",
                 "posted", "ui_line", "user_id", "salutation", "reaction", "second", "first_singular", "chatty",
                 "words_le_8", "no_end_punct", "novelty", "reported", "log_words", "comment_header")
_WINDOW = 6


def find_comment_start(text: str, paragraphs: list[tuple[int, int]], first_allowed: int = 0) -> int | None:
    """Index into ``paragraphs`` of the first reader comment, or None when the text has none.

    ``paragraphs`` are the (start, end) spans of the non-empty lines of ``text`` in order; every
    paragraph from the returned index to the end is taken as comments. Paragraphs before
    ``first_allowed`` belong to the article (a headline, a relayed statement) and are never
    returned, though they still inform the features of the others.
    """
    first_allowed = max(first_allowed, 0)
    if first_allowed >= len(paragraphs):
        return None
    model = _model()
    features = comment_features(text, paragraphs)
    probabilities = paragraph_probabilities(features, model["paragraph"])
    cut = choose_boundary(features, probabilities, first_allowed, model["boundary"])
    return cut if cut is not None else register_tail(features, first_allowed)


def register_tail(features: np.ndarray, first_allowed: int = 0) -> int | None:
    """Hand-set fallback for comments with no comment-system furniture at all.

    Dragnet's comment sections nearly always carry headers (names, timestamps), so the learned
    model gives register alone little weight. Pasted text loses them. A short run of paragraphs
    at the end that opens with a salutation or a religious formula ("Assalaamu Wa Alaykum …"),
    stays in reader register (salutations, reactions, religious formulae, chat marks) for most
    of its paragraphs, and follows article paragraphs without such cues, is taken as comments.
    Checked on Dragnet train and dev: it fires on no page where the model finds no comments.
    """
    n = features.shape[0]
    names = feature_names()
    column = {name: features[:, names.index(name)] for name in ("salutation", "religious", "register", "in_quote")}
    for k in range(max(first_allowed, 1, n - _TAIL_MAX), n):
        opens = column["salutation"][k] or column["religious"][k]
        if not opens or column["in_quote"][k]:
            continue
        if column["register"][k:].mean() >= _TAIL_REGISTER_SHARE and not column["register"][max(0, k - 3):k].any():
            return k
    return None


_TAIL_MAX = 8  # paragraphs: longer comment sections carry headers the model sees
_TAIL_REGISTER_SHARE = 0.6


def paragraph_probabilities(features: np.ndarray, paragraph_model: dict[str, Any]) -> np.ndarray:
    """p(comment) of every paragraph: logistic regression, standardisation folded into the weights."""
    scores = features @ paragraph_model["weights"] + paragraph_model["bias"]
    return 1.0 / (1.0 + np.exp(-np.clip(scores, -30, 30)))


def two_run_scores(probabilities: np.ndarray) -> tuple[np.ndarray, float]:
    """(score of every cut k, score of "no comments") under independent paragraph labels.

    score(k) = sum_{i<k} log(1-p_i) + sum_{i>=k} log p_i: the paragraphs before the cut are
    article and all those from it are comments, since comments run to the end of the page.
    """
    p = np.clip(probabilities, 1e-6, 1 - 1e-6)
    log_article, log_comment = np.log1p(-p), np.log(p)
    article_prefix = np.concatenate(([0.0], np.cumsum(log_article)))[:-1]
    comment_suffix = np.cumsum(log_comment[::-1])[::-1]
    return article_prefix + comment_suffix, float(log_article.sum())


def choose_boundary(features: np.ndarray, probabilities: np.ndarray, first_allowed: int,
                    boundary: dict[str, Any]) -> int | None:
    """Pick the cut (or none) with the boundary model, a choice among the allowed cuts and "none".

    Each cut k scores w . f(k) + lambda * clip(score(k) - best): the two-run likelihood says how
    well the whole page agrees with the cut, the local features f(k) say whether k looks like the
    first line of a comment (a name or timestamp header after the article's last prose). Clipping
    keeps one hopeless page from dominating; "none" competes with a learned bias.
    """
    candidates = boundary_candidates(features, probabilities, first_allowed, boundary["clip"])
    return pick_cut(candidates, boundary, first_allowed)


def pick_cut(candidates: tuple[np.ndarray, float, np.ndarray], boundary: dict[str, Any],
             first_allowed: int) -> int | None:
    """The best-scoring cut of ``boundary_candidates`` output, or None when "none" wins by the margin."""
    scores, none_score, local = candidates
    if local.shape[0] == 0:
        return None
    cut_scores = ((local - boundary["mean"]) / boundary["scale"]) @ boundary["coef"]
    cut_scores = cut_scores + boundary["offset_weight"] * scores
    none = boundary["offset_weight"] * none_score + boundary["none_bias"]
    best = int(np.argmax(cut_scores))
    return first_allowed + best if cut_scores[best] - none > boundary["margin"] else None


def boundary_candidates(features: np.ndarray, probabilities: np.ndarray, first_allowed: int,
                        clip: float) -> tuple[np.ndarray, float, np.ndarray]:
    """For the cuts k >= first_allowed: clipped relative two-run scores, the clipped "none" score,
    and the local feature rows ``boundary_feature_names()``."""
    scores, none_score = two_run_scores(probabilities)
    allowed = scores[first_allowed:]
    top = max(float(allowed.max()) if allowed.size else none_score, none_score)
    local = _local_boundary_matrix(features, probabilities)[first_allowed:]
    local = np.hstack([local, np.log1p(top - allowed)[:, None]])
    return np.maximum(allowed - top, -clip), max(none_score - top, -clip), local


def boundary_feature_names() -> list[str]:
    """Column names of the boundary model's local features, in order."""
    names = ["position", "log_index", "log_remaining"]
    names += [f"logit@{offset:+d}" for offset in _LOGIT_OFFSETS] + ["logit@next_mean", "logit@prev_mean"]
    names += [f"{cue}@{offset:+d}" for cue in _BOUNDARY_CUES for offset in (-1, 0, 1)]
    names += ["furniture_after", "furniture_before", "furniture_distance"]
    return names + ["two_run_gap"]


_LOGIT_OFFSETS = (-2, -1, 0, 1, 2)
_BOUNDARY_CUES = ("furniture", "register", "religious", "stamp", "name_like", "long_prose", "date", "time", "says",
                  "posted", "ui_line", "user_id", "words_le_3", "words_le_8", "no_end_punct", "ends_sentence",
                  "ends_colon", "salutation", "reaction", "second", "first_singular", "third", "reported", "log_words",
                  "comment_header", "in_quote", "starts_quote", "ends_quote", "chatty", "novelty", "url",
                  "mention", "starts_lower", "title_case_share", "name_then_furniture", "prose_before")


def _local_boundary_matrix(features: np.ndarray, probabilities: np.ndarray) -> np.ndarray:
    """Features of cut k that look at paragraphs k-2..k+2 only, plus furniture counts around k."""
    n = len(probabilities)
    names = feature_names()
    index = np.arange(n)
    p = np.clip(probabilities, 1e-6, 1 - 1e-6)
    logit = np.log(p / (1 - p))
    columns = [index / max(n - 1, 1), np.log1p(index), np.log1p(n - index)]
    columns += [_shifted(logit, offset) for offset in _LOGIT_OFFSETS]
    cumulative = np.concatenate(([0.0], np.cumsum(logit)))
    high, low = np.minimum(index + 5, n), np.maximum(index - 5, 0)
    columns += [(cumulative[high] - cumulative[index]) / np.maximum(high - index, 1),
                (cumulative[index] - cumulative[low]) / np.maximum(index - low, 1)]
    for cue in _BOUNDARY_CUES:
        values = features[:, names.index(cue)]
        columns += [_shifted(values, offset) for offset in (-1, 0, 1)]
    furniture = features[:, names.index("furniture")]
    counts = np.concatenate(([0.0], np.cumsum(furniture)))
    columns += [np.log1p(counts[n] - counts[:-1]), np.log1p(counts[:-1]), np.log1p(_distance_to_next(furniture))]
    return np.column_stack(columns)


def _shifted(values: np.ndarray, offset: int) -> np.ndarray:
    """values[k + offset] for every k, 0 beyond either end."""
    padded = np.concatenate((np.zeros(max(-offset, 0)), values, np.zeros(max(offset, 0))))
    return padded[max(offset, 0):max(offset, 0) + len(values)]


def _distance_to_next(flags: np.ndarray) -> np.ndarray:
    """For every k, how many paragraphs until the next flagged one at or after k (n if none)."""
    n, flagged = len(flags), np.flatnonzero(flags)
    if flagged.size == 0:
        return np.full(n, float(n))
    index = np.arange(n)
    following = np.searchsorted(flagged, index)
    return np.where(following < flagged.size, flagged[np.minimum(following, flagged.size - 1)] - index, n).astype(float)


def comment_features(text: str, paragraphs: Sequence[Span]) -> np.ndarray:
    """The feature matrix (one row per paragraph, ``feature_names()`` columns) of one text."""
    lines = [text[start:end].strip() for start, end in paragraphs]
    base = _base_matrix(lines)
    return np.hstack([base, _context_matrix(base), _transition_matrix(base), _position_matrix(len(lines))])


def feature_names() -> list[str]:
    """Column names of ``comment_features``, in order (stored with the weights as a check)."""
    names = list(BASE_FEATURES)
    for cue in _CONTEXT_CUES:
        names += [f"{cue}@prev", f"{cue}@next", f"{cue}@prev_win", f"{cue}@next_win",
                  f"{cue}@before_all", f"{cue}@after_all"]
    names += ["furniture@after_count", "furniture@before_count", "furniture@page_any"]
    names += ["prose_before", "furniture_after_prose", "stamp_after_prose", "name_then_furniture",
              "name_then_furniture_after_prose", "prose_then_furniture", "headers_before", "near_header"]
    return names + ["position", "log_index", "log_remaining", "log_paragraphs", "is_last"]


def _base_matrix(lines: list[str]) -> np.ndarray:
    """Per-paragraph cue features, including the ones that depend on the text before it."""
    rows = []
    seen: set[str] = set()
    title_words = _content_words(lines[0]) if lines else set()
    inside_quote = _inside_quotation(lines)
    shapes_after, shapes_before = _shape_repeats(lines)
    for index, line in enumerate(lines):
        words = _WORD.findall(line)
        content = _content_words(line)
        row = _line_cues(line, words)
        row["in_quote"] = float(inside_quote[index])
        row["shape_after"], row["shape_before"] = math.log1p(shapes_after[index]), math.log1p(shapes_before[index])
        row["novelty"] = len(content - seen) / len(content) if content and index else 0.0
        row["title_overlap"] = len(content & title_words) / len(content) if content and index else 0.0
        rows.append([row[name] for name in BASE_FEATURES])
        seen |= content
    return np.asarray(rows, dtype=float).reshape(len(lines), len(BASE_FEATURES))


def _shape_repeats(lines: list[str]) -> tuple[list[int], list[int]]:
    """For every short line, how many later and earlier lines have the same shape.

    A comment system prints the same header for every comment ("Luke, on November 7th, 2012",
    "Jane says:"); reduced to its shape (words, numbers and months as classes, punctuation kept)
    the header repeats down the page, while the article's prose does not repeat at all.
    """
    shapes = [_shape(line) for line in lines]
    total = Counter(shape for shape in shapes if shape)
    seen: Counter[str] = Counter()
    after, before = [], []
    for shape in shapes:
        before.append(seen[shape] if shape else 0)
        after.append(total[shape] - seen[shape] - 1 if shape else 0)
        seen[shape] += 1
    return after, before


def _shape(line: str) -> str:
    """A short line's shape: 'Luke, on November 7th, 2012' -> 'w, w M 0w, 0'; '' for long lines."""
    if len(line.split()) > 16:
        return ""
    shape = re.sub(rf"\b{_MONTH}(?!\w)", "M", line, flags=re.IGNORECASE)
    shape = re.sub(r"\d+", "0", shape)
    shape = re.sub(r"[^\W\d_]+(?:[\s'’_-]+[^\W\d_]+)*", "w", shape)
    return re.sub(r"\s+", " ", shape).strip()


def _inside_quotation(lines: list[str]) -> list[bool]:
    """Paragraphs inside a quotation that opens in an earlier paragraph and closes in this or a later one.

    A relayed statement speaks in first and second person like a comment; only curly marks are
    trusted, and a mark that never closes marks nothing (pasted text loses quotes).
    """
    inside = [False] * len(lines)
    open_at: list[int] = []
    for index, line in enumerate(lines):
        for char in line:
            if char in _OPEN_QUOTES:
                open_at.append(index)
            elif char in _CLOSE_QUOTES and open_at:
                for covered in range(open_at.pop() + 1, index + 1):
                    inside[covered] = True
    return inside


def _line_cues(line: str, words: list[str]) -> dict[str, float]:
    """Features of one paragraph on its own (the context-free part of a row)."""
    n_chars, n_words = len(line), len(words)
    lowered = [w.lower() for w in words]
    per_word = 1.0 / max(n_words, 1)
    has_date = bool(_DATE.search(line))  # a timestamp needs a date: the costly _STAMP runs only then
    cues = {
        "log_chars": math.log1p(n_chars), "log_words": math.log1p(n_words),
        "words_le_3": float(n_words <= 3), "words_le_8": float(n_words <= 8), "words_ge_40": float(n_words >= 40),
        "ends_sentence": float(bool(re.search(r"[.!?][\"'”’)]*$", line))), "ends_colon": float(line.endswith(":")),
        "no_end_punct": float(not re.search(r"[.!?:;,\"'”’)…]$", line)),
        "starts_lower": float(line[:1].islower()),
        "title_case_share": sum(w[0].isupper() for w in words) * per_word,
        "upper_share": sum(map(str.isupper, line)) / max(n_chars, 1),
        "digit_share": sum(map(str.isdigit, line)) / max(n_chars, 1),
        "punct_share": (n_chars - sum(map(str.isalnum, line)) - sum(map(str.isspace, line))) / max(n_chars, 1),
        "date": float(has_date or (n_words <= 8 and bool(_DAY_OF_MONTH.search(line)))),
        "time": float(bool(_TIME.search(line))),
        "ago": float(bool(_AGO.search(line))),
        "says": float(n_words <= 12 and bool(_SAYS.search(line))),
        "posted": float(n_words <= 20 and bool(_POSTED.search(line))),
        "ui_line": float(n_words <= 6 and bool(_UI_LINE.match(line))),
        "user_id": float(bool(_USER_ID.search(line))),
        "comment_header": float(n_words <= 8 and bool(_COMMENT_HEADER.search(line))),
        "salutation": float(bool(_SALUTATION.match(line))), "reaction": float(bool(_REACTION.match(line))),
        "religious": float(bool(_RELIGIOUS.search(line))), "chatty": float(bool(_CHATTY.search(line))),
        "mention": float(bool(_MENTION.search(line))), "url": float(bool(_URL.search(line))),
        "reported": len(_REPORTED.findall(line)) * per_word,
        "lower_i": float(bool(re.search(r"(?:^|\s)i(?:\s|'|’|$)", line))),
        "first_singular": sum(w in _FIRST_SINGULAR for w in lowered) * per_word,
        "second": sum(w in _SECOND for w in lowered) * per_word,
        "first_plural": sum(w in _FIRST_PLURAL for w in lowered) * per_word,
        "third": sum(w in _THIRD for w in lowered) * per_word,
        "starts_quote": float(line[:1] in _OPEN_QUOTES + "\"'‘"),
        "ends_quote": float(bool(re.search(r"[”\"’»]\W*$", line))),
        "stamp": float(has_date and n_words <= 25 and bool(_STAMP.search(line))),
        "name_like": float(_looks_like_name(line, n_words)),
        "long_prose": float(n_words >= 25 and bool(re.search(r"[.!?][\"'”’)]*$", line))),
    }
    cues["furniture"] = float(any(cues[name] for name in _FURNITURE) and n_words <= 25)
    cues["register"] = float(any(cues[name] for name in _REGISTER))
    return cues


def _looks_like_name(line: str, n_words: int) -> bool:
    """A commenter's name or handle on its own line: a few words, no sentence punctuation."""
    if not 1 <= n_words <= 4 or len(line) > 40:
        return False
    return not re.search(r"[.!?:;,\"“”]$", line) and not re.match(r"^[\d\W]", line)


def _content_words(line: str) -> set[str]:
    """Lower-cased words of four letters or more: the vocabulary that carries a topic."""
    return {w.lower() for w in _WORD.findall(line) if len(w) >= 4}


def _context_matrix(base: np.ndarray) -> np.ndarray:
    """Neighbour, window and rest-of-page means of the context cues, plus furniture counts."""
    n = base.shape[0]
    index = np.arange(n)
    columns = []
    for cue in _CONTEXT_CUES:
        values = base[:, BASE_FEATURES.index(cue)]
        cumulative = np.concatenate(([0.0], np.cumsum(values)))
        prev_lo = np.maximum(index - _WINDOW, 0)
        prev_win = (cumulative[index] - cumulative[prev_lo]) / np.maximum(index - prev_lo, 1)
        next_hi = np.minimum(index + _WINDOW, n)
        next_win = (cumulative[next_hi] - cumulative[index]) / np.maximum(next_hi - index, 1)
        before_all = cumulative[index] / np.maximum(index, 1)
        after_all = (cumulative[n] - cumulative[index]) / np.maximum(n - index, 1)
        columns += [_shifted(values, -1), _shifted(values, 1), prev_win, next_win, before_all, after_all]
    furniture = base[:, BASE_FEATURES.index("furniture")]
    cumulative = np.concatenate(([0.0], np.cumsum(furniture)))
    after = cumulative[n] - cumulative[:-1]
    columns += [np.log1p(after), np.log1p(cumulative[:-1]), np.full(n, float(cumulative[n] > 0))]
    return np.column_stack(columns) if n else np.zeros((0, len(columns)))


def _transition_matrix(base: np.ndarray) -> np.ndarray:
    """Conjunctions a linear model cannot form: comment furniture after the article's prose.

    Article pages carry dates and names too, but at the top (byline, dateline); a timestamp or a
    name-then-timestamp header after paragraphs of prose is where a comment section starts.
    """
    n = base.shape[0]
    column = {name: base[:, BASE_FEATURES.index(name)] for name in ("furniture", "stamp", "name_like", "long_prose")}
    prose_count = np.concatenate(([0.0], np.cumsum(column["long_prose"])))[:n]
    after_prose = (prose_count > 0).astype(float)
    next_furniture = np.concatenate((column["furniture"][1:], [0.0]))
    prev_prose = np.concatenate(([0.0], column["long_prose"][:-1]))
    name_then_furniture = column["name_like"] * (1 - column["furniture"]) * next_furniture
    headers = column["furniture"] * after_prose
    # Once headers have appeared after the prose, long paragraphs further down are comment bodies.
    headers_before = np.concatenate(([0.0], np.cumsum(headers)))[:n]
    # 1 on a header, 1/2 just after it, fading; 0 where no header came before (not a penalty).
    since_header = _distance_to_next(headers[::-1])[::-1]
    near_header = np.where(since_header < n, 1.0 / (1.0 + since_header), 0.0)
    return np.column_stack([
        np.log1p(prose_count), headers, column["stamp"] * after_prose,
        name_then_furniture, name_then_furniture * after_prose,
        prev_prose * np.maximum(column["furniture"], name_then_furniture),
        np.log1p(headers_before), near_header,
    ]) if n else np.zeros((0, 8))


def _position_matrix(n: int) -> np.ndarray:
    """Where the paragraph sits: comments come last, and long pages have more of them."""
    index = np.arange(n, dtype=float)
    position = index / max(n - 1, 1)
    return np.column_stack([position, np.log1p(index), np.log1p(n - 1 - index), np.full(n, math.log1p(n)),
                            (index == n - 1).astype(float)]) if n else np.zeros((0, 5))


@lru_cache(maxsize=1)
def _model() -> dict[str, Any]:
    """The trained weights, loaded once; a mismatch with the feature code fails loudly."""
    raw = load_data("comment_boundary.json")
    boundary = raw["boundary"]
    if raw["features"] != feature_names() or boundary["features"] != boundary_feature_names():
        raise RuntimeError("comment_boundary.json does not match the feature code; "
                           "re-run scripts/train_comment_boundary.py")
    return {part: {key: np.asarray(value, dtype=float) if isinstance(value, list) else value
                   for key, value in raw[part].items() if key != "features"}
            for part in ("paragraph", "boundary")}
