"""Small helpers on (start, end) character spans, shared by every stage that returns offsets."""

from __future__ import annotations

Span = tuple[int, int]


def trim_whitespace(text: str, start: int, end: int) -> Span:
    """Shrink ``text[start:end]`` past whitespace at either end; offsets stay into ``text``."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
