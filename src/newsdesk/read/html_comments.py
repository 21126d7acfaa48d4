"""Reader comments read from a page's own markup, beside the trafilatura reader.

A page says where its comments are: a container whose id or class names them ("comments",
"commentlist", "jc_commentsDiv", "disqus_thread"), or schema.org ``Comment`` / ``UserComments``
microdata. That is better evidence than the style of the text, so it is read first:

1. every element whose id or class has a comment token (and none of the tokens of the comment
   system's furniture: the form, the count, the feed link, a sidebar's "recent comments") or whose
   ``itemtype`` is a schema.org comment is a candidate; the outermost candidates that do not hold
   the article are the comment sections;
2. their text is read block by block, leaving out forms, scripts and buttons, and the comment
   system's own lines ("Reply", "Post a Comment", "No comments yet", "3 Comments", "Loading…")
   are dropped; the commenters' names and dates stay, they belong to the comments;
3. sections found but empty mean the page has no comments ("Be the first to comment"), and the
   text model is not asked; no section at all means the markup says nothing.

The page is parsed once more with lxml for this (trafilatura parses its own copy); that costs a
few milliseconds a page, far less than the extraction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator, Optional

from lxml.html import HtmlElement

_COMMENT_TOKEN = re.compile(r"comment|disqus|dsq-|talkback|usercomments", re.IGNORECASE)
# Tokens of the comment system's furniture, or of things that only mention comments.
_NOT_SECTION = re.compile(
    r"form|respond|reply-?title|count|num|number|total|link|rss|feed|recent|widget|latest|popular|"
    r"most|top|nav|button|btn|icon|closed|open|policy|guideline|rule|login|log-?in|sign-?in|subscri|"
    r"submit|textarea|input|tool|share|status|add|write|leave|new-?comment|post-?a-?comment|nocomment|"
    r"no-comment|bubble|meta-?count|author-?count|teaser|promo|excerpt|summary|stats|heading|title|"
    r"commentary|commentator|comment-is-free|tab|toggle|pagination|page-?nav|more",
    re.IGNORECASE,
)
_SCHEMA_COMMENT = re.compile(r"schema\.org/(?:Comment|UserComments)\b", re.IGNORECASE)
# An element with any of these tokens is never a section or a comment, whatever else it says: page
# chrome, and hidden templates or previews that the comment system fills in with script.
_VETO = re.compile(r"^(?:footer|header|nav|navigation|menu|sidebar)$|"
                   r"template|preview|commentisfree", re.IGNORECASE)
# A link or a styled word is never a section: 'a#comments' is the jump link to it.
_INLINE_TAGS = frozenset("a span b i em strong small img label abbr time cite font sup sub".split())

_SKIP_TAGS = frozenset("script style form textarea select option button input noscript iframe head svg "
                       "object embed label".split())
_BLOCK_TAGS = frozenset("p div li br h1 h2 h3 h4 h5 h6 blockquote tr dd dt section article header footer "
                        "ul ol dl table pre address aside".split())

# The comment system's own lines: actions, counts, invitations, states.
_UI_LINE = re.compile(
    r"^\W*(?:reply(?:\s*(?:to\s+this|↓|»))?|report(?:\s+(?:abuse|comment|this(?:\s+comment)?))?|like|unlike|"
    r"permalink|quote|flag|share|link|edit|delete|expand|collapse|cancel(?:\s+reply)?|[+-]?\d+|vote\s+(?:up|down)|"
    r"loading\W*|subscribe|top|newest|oldest|sort\s+by\b.*|show\s+more\b.*|load\s+more\b.*|"
    r"(?:view|show|hide|read)\s+(?:all\s+)?(?:\d+\s+)?(?:comments?|replies)\b.*|add\s+yours\b.*|"
    r"comments?|discussion|responses?|replies|reader\s+comments|recent\s+comments)\W*$",
    re.IGNORECASE,
)
_UI_SENTENCE = re.compile(
    r"\b(?:post|add|leave|write|submit|view|show\w*|follow|subscrib\w*|feed|log\s?in|sign\s?in|register|registration|"
    r"be\s+the\s+first|no\s+comments|there\s+are\s+no|have\s+your\s+say|join\s+the\s+(?:conversation|discussion)|"
    r"closed|moderat\w*|polic\w*|guidelines|terms\s+of\s+use|privacy)\b",
    re.IGNORECASE,
)
_COUNT_LINE = re.compile(r"^\W*(?:\d+|no|one|two|three)\s+(?:comments?|responses?|replies|thoughts)\b", re.IGNORECASE)
_UI_MAX_WORDS = 14
_MENTIONS_COMMENTS = re.compile(r"\b(?:comment(?:s|ing|ers?)?|repl(?:y|ies)|responses?|conversation|discussion)\b",
                                re.IGNORECASE)


@dataclass
class CommentMarkup:
    """What the page's markup says about comments: whether it has a section, and their text."""

    sections: int = 0  # comment sections, with or without a comment marked in them
    lines: list[str] = field(default_factory=list)  # the text of the sections that hold marked comments

    @property
    def spoke(self) -> bool:
        """The page has a comment section (possibly empty): the text model is not needed."""
        return self.sections > 0

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def read_comment_markup(tree: Optional[HtmlElement], article_head: str = "") -> CommentMarkup:
    """The comment sections of a parsed page and their cleaned text.

    ``article_head`` is the opening of the extracted article: a candidate that holds it is a
    wrapper of the whole post, not a comment section, and is looked into instead.
    """
    found = CommentMarkup()
    if tree is None:
        return found
    head = _normalise(article_head)[:80]
    for section in _sections(tree, head):
        found.sections += 1
        if _holds_comments(section):
            found.lines.extend(line for line in _block_lines(section) if not furniture_line(line))
    return found


def _holds_comments(section: HtmlElement) -> bool:
    """A section with at least one comment in it, marked as one: comment systems number their
    comments ('comment-65010', 'div-comment-12') or class each one ('comment-body', schema.org
    ``Comment``). A box that only mentions comments ('Comment & Contribute', a sidebar of
    headlines, 'Comments (0)') has none."""
    if _is_item(section):
        return True
    return any(not _skipped(child) and not _is_furniture_element(child) and _holds_comments(child)
               for child in section)


_ITEM_TOKENS = frozenset("""comment comment-body commentbody comment_body comment-content commentcontent comment-text
commenttext comment_text comment-entry commententry comment-item commentitem comment_item single-comment
usercomment user-comment comment-container comment-wrap comment_wrap comment-message commentmessage""".split())
# 'comment-123', 'c123-comment': the word and a number of two digits or more in one class or id token.
# (Two tests, not 'comment.*\d{2,}|\d{2,}.*comment', which backtracks cubically on a long run of digits.)
_TWO_DIGITS = re.compile(r"\d{2}")


def _numbered(token: str) -> bool:
    return "comment" in token.lower() and _TWO_DIGITS.search(token) is not None


def _is_item(element: HtmlElement) -> bool:
    if _SCHEMA_COMMENT.search(element.get("itemtype") or "") and "UserComments" not in (element.get("itemtype") or ""):
        return True
    return any(t.lower() in _ITEM_TOKENS or _numbered(t) for t in _tokens(element))


def _sections(tree: HtmlElement, head: str) -> Iterator[HtmlElement]:
    """Outermost comment candidates that do not hold the article, in document order."""
    stack = [tree]
    while stack:
        element = stack.pop()
        for child in reversed(list(element)):
            if _skipped(child):
                continue
            if _is_candidate(child) and not (head and head in _normalise(child.text_content())):
                yield child
                continue
            stack.append(child)


def _skipped(element: HtmlElement) -> bool:
    """Not text a reader sees: scripts and forms, templates, previews, page chrome.

    Elements hidden by a style are kept: collapsed comment threads are hidden that way, and they
    are comments all the same."""
    if not isinstance(element.tag, str) or element.tag in _SKIP_TAGS:
        return True
    return any(_VETO.search(t) for t in _tokens(element))


def _tokens(element: HtmlElement) -> list[str]:
    return (element.get("id") or "").split() + (element.get("class") or "").split()


def _is_candidate(element: HtmlElement) -> bool:
    if element.tag in _INLINE_TAGS:
        return False
    if _SCHEMA_COMMENT.search(element.get("itemtype") or ""):
        return True
    return any(_COMMENT_TOKEN.search(t) and not _NOT_SECTION.search(t) for t in _tokens(element))


def _block_lines(element: HtmlElement) -> list[str]:
    """The element's text, one line per block, without forms, scripts and buttons."""
    parts: list[str] = []
    _walk(element, parts)
    lines = "".join(parts).split("\n")
    return [" ".join(line.split()) for line in lines if line.strip()]


def _walk(element: HtmlElement, parts: list[str]) -> None:
    block = element.tag in _BLOCK_TAGS
    if block:
        parts.append("\n")
    if element.text:
        parts.append(element.text)
    for child in element:
        if not _skipped(child) and not _is_furniture_element(child) and not _linkback_item(child):
            _walk(child, parts)
        if child.tail:
            parts.append(child.tail)
    if block:
        parts.append("\n")


def _linkback_item(element: HtmlElement) -> bool:
    """A pingback or trackback listed among the comments: another site's link, not a reader's words."""
    if any(re.search(r"pingback|trackback", t, re.IGNORECASE) for t in _tokens(element)):
        return True
    if not _is_item(element):
        return False
    text = _normalise(element.text_content())[:300]
    return bool(_LINKBACK.search(text))


def _is_furniture_element(element: HtmlElement) -> bool:
    """A comment form or a reply box nested in the section ('respond', 'comment-form')."""
    tokens = ((element.get("id") or "") + " " + (element.get("class") or "")).lower()
    return bool(re.search(r"respond|comment-?form|commentform|reply-?form|add-?comment", tokens))


_LINKBACK = re.compile(r"^(?:pingback|trackback)\s*:|\[(?:\.\.\.|…)\]", re.IGNORECASE)


def furniture_line(line: str) -> bool:
    """A line of the comment system, not of a comment (pingbacks are other sites' links)."""
    if _UI_LINE.match(line) or _COUNT_LINE.match(line) or _LINKBACK.search(line) or not re.search(r"\w", line):
        return True
    words = len(line.split())
    if words <= 6 and _FEED.search(line):
        return True
    if not _MENTIONS_COMMENTS.search(line):
        return False
    # The rules of the comment section ('we require civility … read our guidelines before commenting').
    if words <= 60 and _POLICY.search(line):
        return True
    return words <= _UI_MAX_WORDS and bool(_UI_SENTENCE.search(line))


_FEED = re.compile(r"\b(?:feed|rss|atom|trackback|pingback|permalink)\b", re.IGNORECASE)
_POLICY = re.compile(r"\b(?:guidelines|policy|policies|terms\s+of\s+(?:use|service)|civil(?:ity)?|moderat\w*|"
                     r"abusive|offensive|off-topic)\b", re.IGNORECASE)


def _normalise(text: str) -> str:
    return " ".join(text.split())
