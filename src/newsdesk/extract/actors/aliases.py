"""Aliases: names of one actor that clustering by key leaves apart, joined into one record.

Clustering (``index._cluster``) joins mentions with the same key; a text also names an actor by
- an acronym and its expansion ("GNLA" / "Garo National Liberation Army"), or an acronym in
  brackets right after a name ("Democratic Liberation Forces of Rwanda (FDLR)");
- the head word of a longer organisation name ("the Assembly" after "United Nations General
  Assembly");
- a surname the model labelled as an organisation ("Krejcir" after "Radovan Krejcir");
- a surname misspelt by one letter ("Huthana" beside "Hoda Muthana"), six letters or more;
- another name the text states for a body, often a translation: "Aguilas Negras, or Black
  Eagles,", "the First Capital Command (Primeiro Comando da Capital - PCC)".
Each rule joins only when exactly one record fits; two people who share a surname stay two
(the person clustering already settles those).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from ...nlp import doc_text

if TYPE_CHECKING:  # pragma: no cover
    from .index import ActorDraft

# Words an acronym skips ("Development Fund of Iraq" → DFI).
_SKIPPED = {"of", "the", "and", "for", "de", "la", "del", "des", "du", "le", "el", "in", "on", "&"}
# Head words too generic to stand for one organisation on their own.
_GENERIC_HEADS = {"party", "group", "company", "ministry", "office", "department", "forces", "force", "army",
                  "police", "government", "committee", "front", "movement", "union", "bank", "agency"}
_ORG_TYPES = ("organization", "group", "other")


def merge_aliases(doc: Doc, drafts: list["ActorDraft"]) -> list["ActorDraft"]:
    """``drafts`` with every alias record folded into the record it names (module doc)."""
    drafts = _stated_names_as_one(doc, _same_names_as_one(drafts))
    merged: set[int] = set()
    for draft in drafts:
        if id(draft) in merged or not draft.mentions:
            continue
        others = [d for d in drafts if d is not draft and id(d) not in merged and d.mentions]
        target = _target(doc, draft, others)
        if target is None and draft.type == "person":
            target = _mistyped_full_name(draft, others)
            if target is not None:
                target.type = "person"
        if target is None and draft.type in ("person", "organization", "other"):
            target = _misspelt_surname(draft, others)
        if target is not None:
            target.mentions.extend(draft.mentions)
            target.mentions.sort(key=lambda m: m.start)
            target.extra_spans.extend(draft.extra_spans)
            merged.add(id(draft))
    return [d for d in drafts if id(d) not in merged]


def _target(doc: Doc, draft: "ActorDraft", others: list["ActorDraft"]):
    names = {m.name for m in draft.mentions}
    if draft.type in _ORG_TYPES and all(_is_acronym(n) for n in names):
        letters = {re.sub(r"[^A-Z]", "", n.upper()) for n in names}
        fits = [o for o in others if o.type in _ORG_TYPES and not all(_is_acronym(m.name) for m in o.mentions)
                and (any(_initials(m.name) in letters or _initials(m.name, skip=False) in letters
                         for m in o.mentions) or _bracketed_after(doc, draft, o))]
        if fits:
            return fits[0] if len(fits) == 1 else None
    if draft.type in _ORG_TYPES and len(names) == 1:
        # 'General Assembly' after 'United Nations General Assembly', 'U.S. Senate' beside 'Senate'
        # is left to the head rule below: the longer name that ends with this one.
        longer = _ending_with(next(iter(names)), others)
        if longer is not None:
            return longer
    if len(names) == 1:
        name = next(iter(names))
        words = name.split()
        if len(words) == 1 and draft.type in _ORG_TYPES and name.lower() not in _GENERIC_HEADS:
            fits = [o for o in others if (o.type in _ORG_TYPES or o.type == "person")
                    and any(len(m.name.split()) > 1 and m.name.split()[-1] == name for m in o.mentions)]
            if not fits:
                # 'Hoda' after 'Hoda Muthana', 'Mehmet' after 'Mehmet Aksoy': a first name the
                # model took for an organisation, where one person bears it.
                fits = [o for o in others if o.type == "person"
                        and any(len(m.name.split()) > 1 and m.name.split()[0] == name for m in o.mentions)]
            return fits[0] if len(fits) == 1 else None
    return None


# Spelled-out forms of the abbreviations that open organisation names ("UN Security Council").
_EXPANSIONS = {"un": "united nations", "u.n.": "united nations", "us": "united states", "u.s.": "united states",
               "uk": "united kingdom", "u.k.": "united kingdom", "eu": "european union", "e.u.": "european union"}
# State names that open an organisation's name without changing which body it is.
_STATE_PREFIXES = ("united states ", "united kingdom ", "british ", "american ")


def _canonical_org(name: str) -> str:
    """An organisation's name with its opening abbreviation spelled out and a state prefix cut:
    'UN Security Council' = 'United Nations Security Council', 'U.S. Department of Justice' =
    'Department of Justice'."""
    words = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE).split()
    if words and words[0].lower() in _EXPANSIONS:
        words = _EXPANSIONS[words[0].lower()].split() + words[1:]
    text = " ".join(words).lower()
    # 'Justice Department' = 'Department of Justice', 'health ministry' = 'Ministry of Health'
    text = re.sub(r"\b(\w+) (ministry|department)$", r"\2 of \1", text)
    for prefix in _STATE_PREFIXES:
        if text.startswith(prefix) and len(text.split()) - len(prefix.split()) >= 2:
            return text[len(prefix):]
    return text


def _ending_with(name: str, others: list["ActorDraft"]):
    """The one organisation whose name is this one's (spelled out) or ends with it, in two words
    or more: 'General Assembly' in 'United Nations General Assembly'."""
    own = _canonical_org(name)
    if len(own.split()) < 2:
        return None
    fits = [o for o in others if o.type in _ORG_TYPES
            and any(_canonical_org(m.name) == own or _canonical_org(m.name).endswith(" " + own) for m in o.mentions)]
    return fits[0] if len(fits) == 1 else None


# Words that make a capitalised name an organisation's (as index.ORGANISATION_WORDS).
_ORGANISATION_WORDS = {"state", "party", "army", "group", "council", "company", "bank", "front", "force", "forces",
                       "union", "ministry", "department", "agency", "police", "court", "office", "news", "times",
                       "post", "press", "network", "movement", "brigade", "committee", "university", "institute"}


def _mistyped_full_name(draft: "ActorDraft", others: list["ActorDraft"]):
    """'Erdogan' (PERSON) after 'Recep Tayyip Erdoğan' (tagged ORG): a surname alone that ends
    exactly one two- or three-word name of capitalised words, with no organisation word, makes
    that record the person's."""
    names = {_fold(m.name) for m in draft.mentions}
    if len(names) != 1 or " " in next(iter(names)):
        return None
    surname = next(iter(names))
    fits = []
    for other in others:
        if other.type not in ("organization", "other"):
            continue
        for m in other.mentions:
            words = _fold(m.name).split()
            if 2 <= len(words) <= 3 and words[-1] == surname and all(w[:1].isupper() for w in m.name.split()) \
                    and not any(w.lower() in _ORGANISATION_WORDS for w in words):
                fits.append(other)
                break
    return fits[0] if len(fits) == 1 else None


def _fold(name: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


# Which type a name keeps when the model gave its mentions several: a state stays a state.
_TYPE_ORDER = ("country", "person", "organization", "group", "other")


def _same_names_as_one(drafts: list["ActorDraft"]) -> list["ActorDraft"]:
    """Records of one name under different labels ('MONUC' as PERSON and ORG, 'Martha Uhrich
    Peiffer' as ORG once and PERSON after): one record. An acronym is an organisation; a name of
    two or more words with a person's mentions is a person; a state stays a state."""
    by_name: dict[str, "ActorDraft"] = {}
    merged: set[int] = set()
    for draft in drafts:
        names = {m.name.lower() for m in draft.mentions}
        earlier = next((by_name[n] for n in names if n in by_name and by_name[n].type != draft.type), None)
        if earlier is None:
            for n in names:
                by_name.setdefault(n, draft)
            continue
        earlier.type = _joint_type(earlier, draft)
        earlier.mentions = sorted(earlier.mentions + draft.mentions, key=lambda m: m.start)
        earlier.extra_spans.extend(draft.extra_spans)
        if earlier.type == "person" and not earlier.key.startswith("person:"):
            earlier.key = draft.key
        merged.add(id(draft))
    return [d for d in drafts if id(d) not in merged]


def _joint_type(first: "ActorDraft", second: "ActorDraft") -> str:
    types = {first.type, second.type}
    if "country" in types:
        return "country"
    if all(_is_acronym(m.name) for m in first.mentions + second.mentions):
        return "organization" if "organization" in types else min(types, key=_TYPE_ORDER.index)
    if "person" in types and any(m.label == "PERSON" and len(m.name.split()) >= 2
                                 for m in first.mentions + second.mentions):
        return "person"  # 'Morsi' (ORG) beside 'Mohamed Morsi' (PERSON): the surname of a person
    return min(types - {"person"} or types, key=_TYPE_ORDER.index)


def _is_acronym(name: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", name)
    return 2 <= len(letters) <= 8 and name.replace(".", "").replace("-", "").isupper() and " " not in name.strip()


# Company forms that end a name but never an acronym ('American Telephone & Telegraph Co.').
_COMPANY_FORMS = {"co", "co.", "inc", "inc.", "corp", "corp.", "ltd", "ltd.", "llc", "plc"}


def _initials(name: str, skip: bool = True) -> str:
    """Initials of a name's words, function words skipped ('DFI') or kept ('DOJ')."""
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.lower() not in _COMPANY_FORMS]
    words = [w for w in words if not skip or w.lower() not in _SKIPPED]
    return "".join(w[0] for w in words if w[0].isalpha()).upper()


def _bracketed_after(doc: Doc, acronym: "ActorDraft", named: "ActorDraft") -> bool:
    """'Democratic Liberation Forces of Rwanda (FDLR)': the acronym in brackets right after a name."""
    text = doc_text(doc)  # cached: Doc.text rebuilds the whole text from its tokens on every call
    ends = {m.end for m in named.mentions}
    for mention in acronym.mentions:
        before = text[:mention.start].rstrip()
        if before.endswith("(") and len(before[:-1].rstrip()) in ends:
            return True
    return False




def _stated_joint(text: str, end: int) -> tuple[str, int]:
    """What follows a name before the other name the text gives it: ', or ' or ' (' (the joint,
    '' when neither) and where the other name starts (string steps: no regex over the text)."""
    window = text[end:end + 12]
    rest = window.lstrip()
    if rest.startswith("("):
        joint = "("
        rest = rest[1:]
    elif rest.startswith(",") and rest[1:].lstrip().startswith("or "):
        joint = ","
        rest = rest[1:].lstrip()[3:]
    else:
        return "", -1
    return joint, end + len(window) - len(rest.lstrip())


def _stated_names_as_one(doc: Doc, drafts: list["ActorDraft"]) -> list["ActorDraft"]:
    """Records joined where the text gives a body's other name right after it: 'X, or Y,' (Y then
    a comma or the sentence's end) and 'X (Y)'. One of the two must be an organisation or group
    ('Hamas or Fatah', no comma, stays two); the joint record is an organisation or group."""
    text = doc_text(doc)
    owner = {m.start: d for d in drafts for m in d.mentions}
    merged: set[int] = set()
    for draft in drafts:
        for mention in draft.mentions:
            joint, at = _stated_joint(text, mention.end)
            other = owner.get(at) if joint else None
            if other is None or other is draft or id(other) in merged or id(draft) in merged:
                continue
            if not ({draft.type, other.type} & {"organization", "group"}) or "country" in {draft.type, other.type}:
                continue
            second = next(m for m in other.mentions if m.start == at)
            if "person" in {draft.type, other.type} and not _both_long_names(mention.name, second.name):
                continue  # 'Angela Merkel (CDU)', 'John Smith (R)': a person and their party
            closing = text[second.end:second.end + 1]
            if closing not in ((")",) if joint == "(" else (",", ".", ";")):
                continue
            draft.type = draft.type if draft.type in ("organization", "group") else other.type
            draft.mentions = sorted(draft.mentions + other.mentions, key=lambda m: m.start)
            draft.extra_spans.extend(other.extra_spans)
            merged.add(id(other))
    return [d for d in drafts if id(d) not in merged]


def _both_long_names(first: str, second: str) -> bool:
    """Two names of two words or more, neither an acronym: a body the model took for a person
    ('Aguilas Negras, or Black Eagles'), not a person and their party's initials."""
    return all(len(n.split()) >= 2 and not _is_acronym(n) for n in (first, second))


def _misspelt_surname(draft: "ActorDraft", others: list["ActorDraft"]):
    """'Huthana' beside 'Hoda Muthana': a one-word name of six letters or more, one letter off
    the surname of exactly one person named in full (a letter changed, added or dropped).
    Shorter names ('Bell' / 'Ball') are too often two people."""
    names = {_fold(m.name) for m in draft.mentions}
    if len(names) != 1 or " " in next(iter(names)) or len(next(iter(names))) < 6:
        return None
    word = next(iter(names)).lower()
    fits = [o for o in others if o.type == "person"
            and any(len(m.name.split()) >= 2 and _one_letter_off(word, _fold(m.name).split()[-1].lower())
                    for m in o.mentions)]
    return fits[0] if len(fits) == 1 else None


def _one_letter_off(a: str, b: str) -> bool:
    """Edit distance exactly one."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k in range(len(short)) if short[k] != long[k]), len(short))
    return short[i:] == long[i + 1:]
