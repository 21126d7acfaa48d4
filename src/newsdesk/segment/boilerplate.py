"""Site furniture inside plain text: share buttons, "Read more" links, sign-offs, photo credits.

Text pasted or scraped from a page keeps lines that belong to the site, not to the story:
"Facebook Twitter Linkedin Mail", "Read More …", "Subscribe to our newsletter", "Photo: Reuters",
a wire's closing mark ("Enditem", "Sapa /str/gm", "Ends /avb") and the reporter's sign-off
("(Reporting by …; Editing by …)", "Follow Jane Doe on Twitter @jdoe."). No extractor should read
them: a share line has no speaker, a sign-off's names are no actors.

Two shapes are found:
1. a whole paragraph that is furniture (short, and matching one of the line patterns);
2. a closing mark at the very end of a paragraph ("… he said. Enditem").
Every pattern is anchored and short-bounded: precision first, and no scan over long lines.
"""

from __future__ import annotations

import re
from typing import Sequence

Span = tuple[int, int]

_SOCIAL = r"(?:share(?:\s(?:this|on))?|facebook|twitter|linkedin|mail|e-?mail|whatsapp|pinterest|reddit|print|tweet|" \
          r"google\+?|telegram|tumblr|copy\slink|flipboard|messenger|sms|vk|comments?)"
# A line of share buttons only: two or more of the networks and nothing else.
_SHARE_LINE = re.compile(rf"^(?:{_SOCIAL}[\s|·•,:/]*){{2,12}}$", re.IGNORECASE)
_FURNITURE_LINE = re.compile(
    r"^(?:"
    r"read\s(?:more|also|next|the\sfull\s\w+)\b|also\sread\b|more[\s-]in\b|related(?:\s(?:articles?|stories|news|coverage))?\s*:|"
    r"see\salso\s*:|recommended\s*:|click\shere\b|"
    r"subscribe\b|sign\sup\b|follow\sus\b|like\sus\son\b|join\sus\son\b|download\s(?:our|the)\s(?:free\s)?app\b|"
    r"follow\s[A-Z][\w.'-]*(?:\s[A-Z][\w.'-]*){0,3}\son\s(?:twitter|facebook|instagram)\b|"
    r"(?:file\s)?(?:photo|image|picture|pic|video)s?(?:\scredit)?\s?:|(?:photo|image)\s(?:credit|courtesy)\b|"
    r"\(?(?:additional\s)?reporting\sby\b|\(?(?:writing|editing|compiled|edited)\sby\b|"
    r"advertisement\b|(?:©|copyright\b)|all\srights\sreserved\b|originally\spublished\s(?:on|in|by|at)\b|"
    r"enditem\b|ends?\s?/|_{2,}\.?$|(?:abstract|full\stext)\.?$"
    r")",
    re.IGNORECASE,
)
# Also furniture wherever they stand in a short line: legal notes and agency closers.
_FURNITURE_ANYWHERE = re.compile(
    r"may\snot\sbe\s(?:published|reproduced),?\sbroadcast|rewritten\sor\sredistributed|"
    r"contributed\sto\sthis\sreport\.?$|all\srights\sreserved",
    re.IGNORECASE,
)
# A wire's closing mark at the end of the last sentence: 'said. Enditem', 'said. Sapa', 'Sapa /str/gm/ks/cls',
# 'Ends /avb'. Only after a sentence's end, so a 'Sapa' in prose is left alone.
_CLOSER = re.compile(
    r"(?:(?<=[.!?”\"'])\s{1,3}|(?<=\S)\s{2,8})((?:Enditem|Sapa(?:-[A-Za-z]{2,8})?(?:\s?/[a-z]{1,6}){0,8}|Ends?\s?/[a-z]{1,6}(?:/[a-z]{1,6}){0,6}|"
    r"\(?(?:END|ENDS)\)?))\s*$"
)
# A photo credit before the story: '(AP Photo FAR201)', '(Reuters Photo: …)'.
_PHOTO_NOTE = re.compile(r"^\([A-Z][\w.&-]{0,20}\s(?:Photos?|Images?|Video|Pictures?)\b[^()\n]{0,60}\)")
# A wire editor's note before the story: '(NEDS/SUBS: RPTS FOR DOMESTIC WIRE. ALSO ISSUED ON SPORT WIRE)'.
_EDITOR_NOTE = re.compile(r"^\((?=[^)]{0,200}[A-Z]{3})[A-Z0-9/:.,;'&\s-]{8,200}\)")
# 'Additional reporting by Nadia al-Faour' closing the last paragraph.
_REPORTING_CLOSER = re.compile(
    r"(?<=[.!?”\"'])\s{1,3}((?:Additional\s)?[Rr]eporting\sby\s[A-Z][\w'’-]*(?:\s[A-Za-z][\w'’-]*){0,5}"
    r"(?:\s(?:and|in|;)\s[A-Z][\w'’-]*(?:\s[A-Za-z][\w'’-]*){0,5}){0,3}\.?)$")
# 'he said.-VNA': an agency's initials glued to the last sentence with a dash.
_AGENCY_CLOSER = re.compile(r"(?<=[.!?”\"'])\s{0,2}(-\s?[A-Z]{2,6})\s*$")
# '… the bench asked. related stories lok sabha adjourned … voice your opinion': a site's list of
# links run into the last paragraph.
_RELATED_CLOSER = re.compile(r"(?<=[.!?”\"'’])\s{1,3}((?:related|more)\s(?:stories|news|coverage)\b[^\n]{0,600})$",
                             re.IGNORECASE)
# The source's credit closing the story: '*This article was … published with the approval of …',
# 'The above is … translation of an article by …', 'Originally published on Live Science.',
# '- African News Agency (ANA), editing by …'.
_CREDIT_CLOSER = re.compile(
    r"(?<=[.!?”\"'’…])\s{0,3}((?:\*?This\s(?:article|story|piece|report)\s(?:was|is|first|originally)|The\sabove\sis|"
    r"Originally\spublished|Read\sthe\s(?:original|orginal|full)|-\s?(?:[A-Z][\w]*\s){1,4}\([A-Z]{2,6}\))[^\n]{0,400})$"
)
_MAX_WORDS = 25  # a furniture line is short; a long paragraph that starts 'Subscribe …' is prose


def find_boilerplate(text: str, paragraphs: Sequence[Span]) -> list[Span]:
    """Spans of furniture: whole paragraphs, and closing marks at the end of a paragraph."""
    found: list[Span] = []
    for start, end in paragraphs:
        line = text[start:end]
        if _furniture_line(line):
            found.append((start, end))
            continue
        note = _EDITOR_NOTE.match(line) or _PHOTO_NOTE.match(line)
        if note and note.end() < len(line):
            found.append((start, start + note.end()))
        closer = (_CLOSER.search(line, max(0, len(line) - 60)) or _AGENCY_CLOSER.search(line, max(0, len(line) - 20))
                  or _REPORTING_CLOSER.search(line, max(0, len(line) - 120))
                  or _RELATED_CLOSER.search(line, max(0, len(line) - 700))
                  or _CREDIT_CLOSER.search(line, max(0, len(line) - 450)))
        if closer:
            found.append((start + closer.start(1), end))
    return found


def _furniture_line(line: str) -> bool:
    words = len(line.split())
    if words > _MAX_WORDS:
        return False
    if _SHARE_LINE.match(line.strip()):
        return True
    if _FURNITURE_LINE.match(line):
        # 'Read more' and the like open a link line, not a sentence of the story.
        return not _prose(line) or words <= 12
    return bool(_FURNITURE_ANYWHERE.search(line))


def _prose(line: str) -> bool:
    """Running prose: several sentences, or a long one that ends with a full stop."""
    return len(re.findall(r"[.!?]\s+[A-Z]", line)) >= 1 and len(line.split()) > 12


# Voices no extractor reads: furniture, and the dateline and byline, which name a place and a
# reporter, never an actor, a speaker or a holder.
QUIET_KINDS = ("boilerplate", "dateline", "byline")
