"""HTML pages through trafilatura: the article and its reader comments, extracted apart."""

from __future__ import annotations

import re
from typing import Optional

import trafilatura

from ..errors import NoTextExtracted
from .document import RawDocument


def from_html(html: str, where: str, url: Optional[str] = None) -> RawDocument:
    """Extract title, publisher, date, article text and comments from one HTML page.

    trafilatura keeps comments out of the main text when ``include_comments`` is on and returns
    them separately; they become ``comment`` segments after the article.
    """
    extracted = trafilatura.bare_extraction(
        html, url=url, include_comments=True, with_metadata=True, favor_precision=False,
    )
    text = (getattr(extracted, "text", None) or "").strip() if extracted else ""
    if not text:
        raise NoTextExtracted(where, "")
    comments = (extracted.comments or "").strip()
    return RawDocument(
        text=text,
        source=where,
        url=url,
        title=(extracted.title or None),
        published=_iso_date(extracted.date),
        publisher=(extracted.sitename or None),
        comments=_split_comments(comments),
    )


_COMMENTS_HEADING = re.compile(r"^(\d+\s+)?(comments?|responses?|replies|leave a (reply|comment)|discussion)\b.{0,20}$",
                               re.IGNORECASE)


def _split_comments(comments: str) -> list[str]:
    """trafilatura returns the comment section as one newline-joined block. It stays one block:
    authors and bodies cannot be told apart reliably; a leading 'Comments' heading is dropped."""
    lines = comments.splitlines()
    while lines and _COMMENTS_HEADING.match(lines[0].strip()):
        lines.pop(0)
    block = "\n".join(lines).strip()
    return [block] if block else []


def _iso_date(value: Optional[str]) -> Optional[str]:
    if not value:
        return None
    return value[:10] if len(value) >= 10 and value[4] == "-" else value
