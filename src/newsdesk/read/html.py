"""HTML pages through trafilatura: the article and its reader comments, extracted apart.

Comments are read from the page's own markup first (``html_comments``: comment sections and the
comments marked in them); trafilatura's comment extraction is used only where the page has no
comment section, and the plain-text comment model (in ``segment.voices``) only where neither
found anything.
"""

from __future__ import annotations

import re
from typing import Optional

import trafilatura
from trafilatura.utils import load_html

from ..errors import NoTextExtracted
from .document import RawDocument
from .html_comments import furniture_line, read_comment_markup


def from_html(html: str, where: str, url: Optional[str] = None) -> RawDocument:
    """Extract title, publisher, date, article text and comments from one HTML page.

    trafilatura keeps comments out of the main text when ``include_comments`` is on and returns
    them separately. The page's comment markup decides first (see the module docstring); the
    comments found become ``comment`` segments after the article, and ``comments_known`` tells
    the voice stage that the page itself answered, so the text model is not asked.
    """
    extracted = trafilatura.bare_extraction(
        html, url=url, include_comments=True, with_metadata=True, favor_precision=False,
    )
    text = (getattr(extracted, "text", None) or "").strip() if extracted else ""
    if not text:
        raise NoTextExtracted(where, "")
    markup = read_comment_markup(load_html(html), text)
    if markup.lines:
        comments = [markup.text]
        text = _without_comment_lines(text, markup.lines)
    elif markup.spoke:
        comments = []  # a comment section with no comment in it: 'Be the first to comment'
    else:
        comments = _split_comments((extracted.comments or "").strip())
    return RawDocument(
        text=text,
        source=where,
        url=url,
        title=(extracted.title or None),
        published=_iso_date(extracted.date),
        publisher=(extracted.sitename or None),
        comments=comments,
        comments_known=markup.spoke or bool(comments),
    )


_COMMENTS_HEADING = re.compile(r"^(\d+\s+)?(comments?|responses?|replies|leave a (reply|comment)|discussion)\b.{0,20}$",
                               re.IGNORECASE)


# Fewer words than this left after the comment system's own lines are dropped is leftover UI
# ('Have your say', 'Tags …'), not comments.
_MIN_COMMENT_WORDS = 15
_HEADLINE_MAX_WORDS = 20
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*$")


def _split_comments(comments: str) -> list[str]:
    """trafilatura returns the comment section as one newline-joined block. It stays one block:
    authors and bodies cannot be told apart reliably; a leading 'Comments' heading and the
    comment system's own lines ('Post a Comment', 'Loading…') are dropped."""
    lines = comments.splitlines()
    while lines and _COMMENTS_HEADING.match(lines[0].strip()):
        lines.pop(0)
    kept = [line.strip() for line in lines if line.strip() and not furniture_line(line.strip())]
    if _headline_list(kept):
        return []
    block = "\n".join(kept)
    return [block] if len(block.split()) >= _MIN_COMMENT_WORDS else []


def _headline_list(lines: list[str]) -> bool:
    """Short lines, most of which do not end as a sentence: a related-articles or teaser box that
    trafilatura's comment extraction picked up, not what readers wrote (comments are sentences; a
    headline may end with a question mark, so one such line does not make a comment)."""
    if not lines or any(len(line.split()) > _HEADLINE_MAX_WORDS for line in lines):
        return False
    sentences = sum(1 for line in lines if _SENTENCE_END.search(line))
    return sentences * 2 < len(lines)


def _without_comment_lines(text: str, comment_lines: list[str]) -> str:
    """The article without the comments trafilatura left in it.

    Where the main text holds three or more whole lines of the marked comments, those lines are
    the comment section read twice; one line in common may be a comment quoting the article.
    """
    known = {" ".join(line.split()) for line in comment_lines if len(line.split()) >= 3}
    lines = text.split("\n")
    repeated = [i for i, line in enumerate(lines) if " ".join(line.split()) in known]
    if len(repeated) < 3:
        return text
    dropped = set(repeated)
    return "\n".join(line for i, line in enumerate(lines) if i not in dropped).strip()


def _iso_date(value: Optional[str]) -> Optional[str]:
    if not value:
        return None
    return value[:10] if len(value) >= 10 and value[4] == "-" else value
