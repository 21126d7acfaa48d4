"""Small helpers on (start, end) character spans, shared by every stage that returns offsets."""

from __future__ import annotations

from typing import Sequence

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


def inside_any(start: int, end: int, spans: Sequence[Span]) -> bool:
    """Whether [start, end) lies within one of ``spans``."""
    return any(s <= start and end <= e for s, e in spans)


def touches_any(start: int, end: int, spans: Sequence[Span]) -> bool:
    """Whether [start, end) overlaps one of ``spans`` by at least one character."""
    return any(s < end and start < e for s, e in spans)


def outside(items: list, spans: Sequence[Span]) -> list:
    """The items (anything with ``start`` and ``end``) that do not lie within one of ``spans``."""
    if not spans:
        return items
    return [item for item in items if not inside_any(item.start, item.end, spans)]
