"""The reader's output: one document before analysis, and how its text is assembled."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Optional

Span = tuple[int, int]


@dataclass
class RawDocument:
    """What a reader knows about one document.

    ``text`` is the article (headline first where known). ``comments`` are reader comments that the
    HTML extractor found apart from the article; ``assemble`` appends them after the article and
    records their spans, so that every voice still lives in the one ``text``.
    """

    text: str
    source: Optional[str] = None
    id: Optional[str] = None
    title: Optional[str] = None
    url: Optional[str] = None
    published: Optional[str] = None
    publisher: Optional[str] = None
    comments: list[str] = field(default_factory=list)
    comment_spans: list[Span] = field(default_factory=list)
    # The page's markup answered whether there are comments (a comment section, even an empty
    # one): the plain-text comment model is then not asked.
    comments_known: bool = False

    def assemble(self) -> "RawDocument":
        """Put the title first and the HTML comments last in ``text``, recording comment spans.

        Lone surrogates, which a Python caller or a JSON escape can put in a str, become U+FFFD here,
        where every reader and the library meet: they cannot be encoded, stored or printed.
        """
        for name in ("source", "id", "title", "url", "published", "publisher"):
            value = getattr(self, name)
            if isinstance(value, str):
                setattr(self, name, scrub_surrogates(value))
        text = normalise_newlines(scrub_surrogates(self.text)).strip("\n")
        title = (self.title or "").strip()
        if title and not _starts_with(text, title):
            text = f"{title}\n\n{text}"
        spans: list[Span] = []
        for comment in self.comments:
            comment = normalise_newlines(scrub_surrogates(comment)).strip()
            if not comment:
                continue
            text += "\n\n"
            spans.append((len(text), len(text) + len(comment)))
            text += comment
        self.text, self.comments, self.comment_spans = text, [], spans
        if not self.id:
            self.id = document_id(text)
        return self


def _starts_with(text: str, title: str) -> bool:
    """Whether ``text`` already opens with ``title``, up to spacing, line breaks and punctuation.

    Why: feeds give the headline again as the first paragraph with a final stop or a line break
    the title lacks; prepending it then doubles the headline and shifts every offset."""
    if text.lstrip().startswith(title):
        return True
    wanted = _letters(title)
    return bool(wanted) and _letters(text[:len(title) * 2 + 20]).startswith(wanted)


def _letters(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text).strip().lower()


_SURROGATE = re.compile("[\ud800-\udfff]")


def scrub_surrogates(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD (same length, so offsets hold)."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def normalise_newlines(text: str) -> str:
    """CRLF and CR become LF; a BOM is dropped. Offsets refer to the text after this step."""
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")


def document_id(text: str) -> str:
    """A stable id: sha1 of the NFC-normalised, whitespace-collapsed, lower-cased text."""
    norm = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().lower()
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()[:16]
