"""The analyst's brief: a readable rendering of one analysis record, with rich.

Every line that quotes the text shows its span, so a reader can go back to the source.
"""

from __future__ import annotations

from collections import Counter

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .model import Analysis

PREVIEW = 90


def render_brief(analysis: Analysis, console: Console) -> None:
    """Print the brief of one document."""
    console.print(Panel(Group(*_sections(analysis)), title=_title(analysis), expand=True))


def _title(analysis: Analysis) -> str:
    doc = analysis.document
    parts = [doc.title or "(untitled)"]
    if doc.publisher:
        parts.append(f"— {doc.publisher}")
    return " ".join(parts)


def _sections(analysis: Analysis) -> list:
    doc = analysis.document
    head = Text(f"id {doc.id} · source {doc.source or '-'} · {len(doc.text)} chars", style="dim")
    sections = [head, _voices(analysis), _speakers(analysis), _actors(analysis)]
    for optional in (_places(analysis), _events(analysis), _calls(analysis), _stances(analysis), _techniques(analysis),
                     _analogies(analysis), _comments(analysis)):
        if optional is not None:
            sections.append(optional)
    return sections


def _table(title: str, columns: tuple[str, ...], rows: list[tuple[str, ...]]):
    """One table shape for every optional section; None when there is nothing to show."""
    if not rows:
        return None
    table = Table(title=title, title_justify="left", expand=True)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*row)
    return table


def _places(analysis: Analysis):
    rows = [(p.name, p.kind, p.country or "", _coordinates(p.lat, p.lon), str(len(p.mentions)))
            for p in sorted(analysis.places, key=lambda p: -len(p.mentions))]
    return _table("Places", ("place", "kind", "country", "lat, lon", "mentions"), rows)


def _coordinates(lat, lon) -> str:
    return f"{lat:.2f}, {lon:.2f}" if lat is not None and lon is not None else "unknown"


def _events(analysis: Analysis):
    """Who did what to whom, where and when, each with its sentence; what did not (or not yet)
    happen is marked."""
    names, text = _names(analysis), analysis.document.text
    places = {p.id: p.name for p in analysis.places}
    rows = []
    for e in analysis.events:
        what = e.type + (f"/{e.mode}" if e.mode else "")
        what += "".join(flag for flag, on in ((" (not)", e.negated), (" (hypothetical)", e.hypothetical)) if on)
        rows.append((names.get(e.actor or "", e.actor_name or "-"), what,
                     names.get(e.recipient or "", e.recipient_name or "-"), places.get(e.place or "", "-"),
                     e.date or "-", _preview(text, e.start, e.end)))
    return _table("Events", ("who", "what", "whom", "where", "when", "sentence"), rows)


def _calls(analysis: Analysis):
    names = _names(analysis)
    rows = [(names.get(c.speaker, c.speaker) if c.speaker else "-", "; ".join(c.addressees) or "-",
             _preview(c.action, 0, len(c.action)), f"{c.start}–{c.end}") for c in analysis.calls_to_action]
    return _table("Calls to action", ("speaker", "addressees", "action", "span"), rows)


def _stances(analysis: Analysis):
    names, text = _names(analysis), analysis.document.text
    rows = [(names.get(s.holder, s.holder), names.get(s.target, s.target), f"{s.polarity:+.2f}",
             _preview(text, *s.evidence[0]) if s.evidence else "")
            for s in sorted(analysis.stances, key=lambda s: s.polarity)]
    return _table("Stances", ("holder", "target", "polarity", "evidence"), rows)


def _techniques(analysis: Analysis):
    text = analysis.document.text
    rows = [(t.technique, f"{t.start}–{t.end}", _preview(text, t.start, t.end)) for t in analysis.techniques]
    return _table("Persuasion techniques", ("technique", "span", "text"), rows)


def _analogies(analysis: Analysis):
    text = analysis.document.text
    rows = [(a.reference if a.kb_id else f"{a.reference} (not in the knowledge base)", a.form or "",
             f"{a.start}–{a.end}", _preview(text, a.start, a.end)) for a in analysis.analogies]
    return _table("Historical analogies", ("reference", "form", "span", "text"), rows)


def _preview(text: str, start: int, end: int) -> str:
    snippet = " ".join(text[start:end].split())
    return snippet if len(snippet) <= PREVIEW else snippet[: PREVIEW - 1] + "…"


def _names(analysis: Analysis) -> dict[str, str]:
    return {a.id: a.name for a in analysis.actors}


def _voices(analysis: Analysis) -> Table:
    names, text = _names(analysis), analysis.document.text
    table = Table(title="Voices", title_justify="left", expand=True)
    for column in ("kind", "span", "speaker", "text"):
        table.add_column(column, overflow="fold")
    for seg in analysis.segments:
        speaker = names.get(seg.speaker or "", seg.speaker_name or "")
        table.add_row(seg.kind, f"{seg.start}–{seg.end}", speaker, _preview(text, seg.start, seg.end))
    return table


def _speakers(analysis: Analysis) -> Table:
    names, text = _names(analysis), analysis.document.text
    counts = Counter(q.speaker for q in analysis.quotes)
    table = Table(title="Speakers", title_justify="left", expand=True)
    for column in ("speaker", "quotes", "sample"):
        table.add_column(column, overflow="fold")
    for speaker, count in counts.most_common():
        sample = next(q for q in analysis.quotes if q.speaker == speaker)
        label = names.get(speaker, "(unattributed)") if speaker else "(unattributed)"
        table.add_row(label, str(count), f"[{sample.kind}] {_preview(text, sample.start, sample.end)}")
    return table


def _actors(analysis: Analysis) -> Table:
    table = Table(title="Actors", title_justify="left", expand=True)
    for column in ("actor", "type", "mentions", "roles", "aliases"):
        table.add_column(column, overflow="fold")
    ranked = sorted(analysis.actors, key=lambda a: -len(a.mentions))
    for actor in ranked:
        table.add_row(actor.name, actor.type, str(len(actor.mentions)), "; ".join(actor.roles),
                      ", ".join(actor.aliases))
    return table


def _comments(analysis: Analysis):
    text = analysis.document.text
    rows = [(f"{seg.start}–{seg.end}", " ".join(text[seg.start:seg.end].split())[:600])
            for seg in analysis.segments if seg.kind == "comment"]
    return _table("Reader comments", ("span", "comment"), rows)
