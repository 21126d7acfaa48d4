"""RSS and Atom feeds (feedparser): one document per entry, or an error naming the feed.

A feed is read from a file or fetched through ``read.url.fetch_url`` (its timeout and size cap,
not feedparser's own fetching). An entry's text is its longest content or summary, with HTML turned
into paragraphs; with ``follow_links`` the linked article page is read instead, through the usual
HTML reader. This module is a reader: it belongs in ``read/feed.py`` beside the others once the
readers' owner takes it.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Iterator, Optional, Union

from ..errors import EmptyInput, MissingInput, NewsdeskError, NoTextExtracted, UnsupportedInput
from ..read.document import RawDocument
from ..read.url import DEFAULT_MAX_BYTES, fetch_url

FEED_SUFFIXES = {".rss", ".atom", ".xml", ".rdf"}
Item = Union[RawDocument, NewsdeskError]
_BLOCKS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section",
           "article", "pre", "figure"}


def is_feed_path(path: Path) -> bool:
    """Whether a file is treated as a feed (by its suffix)."""
    return path.suffix.lower() in FEED_SUFFIXES


def iter_feed(spec: str, max_bytes: int = DEFAULT_MAX_BYTES, follow_links: bool = False) -> Iterator[Item]:
    """Yield a document (or an error) per entry of the feed at ``spec`` (a path or an http(s) URL)."""
    try:
        data = _feed_bytes(spec, max_bytes)
        parsed = _parse(data, spec)
    except NewsdeskError as exc:
        yield exc
        return
    publisher = (parsed.feed.get("title") or "").strip() or None
    for number, entry in enumerate(parsed.entries, start=1):
        try:
            yield from _entry_documents(entry, spec, number, publisher, max_bytes, follow_links)
        except NewsdeskError as exc:
            yield exc


def _feed_bytes(spec: str, max_bytes: int) -> bytes:
    if spec.startswith(("http://", "https://")):
        return fetch_url(spec, max_bytes=max_bytes)[0]
    path = Path(spec)
    if not path.is_file():
        raise MissingInput(spec)
    data = path.read_bytes()
    if not data.strip():
        raise EmptyInput(spec)
    return data


def _parse(data: bytes, spec: str):
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        why = f"it does not parse ({type(problem).__name__}: {problem})" if parsed.bozo else "it has no entries"
        if not parsed.get("version") and not parsed.bozo:
            why = "it is not an RSS or Atom feed"
        raise UnsupportedInput(spec, f"feed skipped: {why}; check the file or URL is an RSS/Atom feed")
    return parsed


def _entry_documents(entry, spec: str, number: int, publisher: Optional[str], max_bytes: int,
                     follow_links: bool) -> Iterator[Item]:
    link = entry.get("link")
    where = link or f"{spec}#{number}"
    meta = {"title": (entry.get("title") or "").strip() or None, "published": _date(entry),
            "publisher": publisher, "id": entry.get("id") or link}
    if follow_links and link:
        from ..read import iter_documents

        for item in iter_documents([link], max_bytes=max_bytes):
            if isinstance(item, RawDocument):
                item.title = item.title or meta["title"]
                item.published = item.published or meta["published"]
                item.publisher = item.publisher or publisher
            yield item
        return
    text = _entry_text(entry)
    if not text:
        raise NoTextExtracted(where, f" (entry {number} of feed {spec} has no content or summary)")
    yield RawDocument(text=text, source=where, url=link, **meta).assemble()


def _entry_text(entry) -> str:
    """The longest of the entry's contents and summary, as plain text."""
    candidates = [(c.get("value") or "", c.get("type") or "") for c in entry.get("content", [])]
    candidates.append((entry.get("summary") or "", (entry.get("summary_detail") or {}).get("type", "text/html")))
    value, kind = max(candidates, key=lambda c: len(c[0]))
    return html_to_text(value) if "html" in kind or value.lstrip().startswith("<") else value.strip()


def html_to_text(fragment: str) -> str:
    """An HTML fragment as text: block elements become paragraphs, markup and scripts go."""
    import lxml.html

    if not fragment.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml rejects some fragments outright; the text is still worth having
        return fragment.strip()
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.tail = "\n\n" + (element.tail or "")
    lines = [" ".join(line.split()) for line in root.text_content().split("\n")]
    paragraphs, current = [], []
    for line in lines + [""]:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    return "\n\n".join(paragraphs)


def _date(entry) -> Optional[str]:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", parsed) if parsed else None
