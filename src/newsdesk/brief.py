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
    comments = _comments(analysis)
    if comments is not None:
        sections.append(comments)
    return sections


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
    comments = [s for s in analysis.segments if s.kind == "comment"]
    if not comments:
        return None
    text = analysis.document.text
    table = Table(title="Reader comments", title_justify="left", expand=True)
    table.add_column("span")
    table.add_column("comment", overflow="fold")
    for seg in comments:
        table.add_row(f"{seg.start}–{seg.end}", " ".join(text[seg.start:seg.end].split())[:600])
    return table
