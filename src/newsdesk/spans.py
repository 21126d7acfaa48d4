"""Small helpers on (start, end) character spans, shared by every stage that returns offsets."""

from __future__ import annotations

Span = tuple[int, int]


def trim_whitespace(text: str, start: int, end: int) -> Span:
    """Shrink ``text[start:end]`` past whitespace at either end; offsets stay into ``text``."""
    return trim_span(text, start, end)


def trim_span(text: str, start: int, end: int, chars: str = "") -> Span:
    """Shrink ``text[start:end]`` past whitespace and any of ``chars`` at either end."""
    while start < end and (text[start].isspace() or text[start] in chars):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in chars):
        end -= 1
    return start, end
