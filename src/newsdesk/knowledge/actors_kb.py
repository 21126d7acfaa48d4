"""The actor knowledge base: Phoenix/CAMEO dictionaries plus the project's own supplement.

``actors_kb.json.gz`` is built by ``scripts/build_actor_kb.py`` from PETRARCH's Phoenix
dictionaries (MIT); ``actors_supplement.yaml`` is curated here (actors after 2016 or missing
upstream, corrections, word lists) and may merge into dictionary records. See ``docs/KB.md``.

Linking is conservative: a wrong link is worse than none. A name must match an alias exactly
(also after peeling titles, nationality words and agent words off its front) or fuzzily with the
same number of words; candidates are filtered and ranked by actor type, countries, the document
date against dated codes, and kin roles ('father of Ahmad Massoud'). A tie links to nothing.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Iterable, Optional

import yaml
from rapidfuzz import fuzz, process

from . import DATA_DIR, load_data

KB_FORMAT = "newsdesk.actors_kb/1"
KB_FILE = "actors_kb.json.gz"
SUPPLEMENT_FILE = "actors_supplement.yaml"
FUZZY_CUTOFF = 90.0  # 'Ahmed Massoud' ~ 'Ahmad Massoud' (92); 'Ahmad Massoud' vs 'Ahmad Shah Massoud' is 84
OPEN_START, OPEN_END = 0, 99999999


def normalize(text: str) -> str:
    """Lower-case ASCII words: accents, dots, apostrophes and underscores go ('U.N.' -> 'un')."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().replace("&", " and ")
    text = re.sub(r"['’‘`´.]", "", text)
    # The Arabic article is written 'al' and 'el' ('Omar el-Bashir'): both sides become 'al'.
    return " ".join("al" if w == "el" else w for w in re.sub(r"[\W_]+", " ", text).split())


def date_bounds(value: object) -> Optional[tuple[int, int]]:
    """'2021-08-15' / '2021-08' / '2021' (or a date) -> (first, last) day as YYYYMMDD ints."""
    digits = re.sub(r"\D", "", str(value or "")[:10])
    first, last = {8: (digits[:8], digits[:8]), 6: (digits + "01", digits + "31"),
                   4: (digits + "0101", digits + "1231")}.get(min(len(digits), 8), ("", ""))
    return (int(first), int(last)) if first else None


@dataclass(frozen=True)
class CodeSpan:
    """A CAMEO actor code, valid from ``start`` to ``end`` (YYYYMMDD, inclusive); None = open."""

    code: str
    start: Optional[int] = None
    end: Optional[int] = None

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    def covers(self, lo: int, hi: int) -> bool:
        return (self.start or OPEN_START) <= hi and (self.end or OPEN_END) >= lo


@dataclass(frozen=True)
class Entry:
    """One actor of the KB. ``kind`` 'coded' marks a derived entry: the name is coded as this
    actor's CAMEO code (a capital for its state, a demonym for its country) but is not it."""

    id: str
    name: str
    kind: str
    country: Optional[str]
    aliases: tuple[str, ...]
    codes: tuple[CodeSpan, ...]
    source: str
    wikidata: Optional[str] = None
    note: Optional[str] = None
    ref: Optional[str] = None
    relations: tuple[tuple[str, str], ...] = ()
    born: Optional[int] = None
    died: Optional[int] = None
    places: tuple[str, ...] = ()

    def code_at(self, doc_date: Optional[str] = None) -> Optional[str]:
        """The CAMEO code in force on ``doc_date`` (default: today): a dated code covering it, else
        the undated default, else the code in force last (a dead leader keeps his last code)."""
        # Without a date, the code in force today: most documents are recent.
        bounds = date_bounds(doc_date or date.today().isoformat())
        if bounds:
            dated = [c for c in self.codes if c.dated and c.covers(*bounds)]
            if dated:
                return max(dated, key=lambda c: (c.start or 0, len(c.code))).code
        default = [c for c in self.codes if not c.dated]
        if default:
            return default[0].code
        if not self.codes:
            return None
        return max(self.codes, key=lambda c: (c.end or OPEN_END, c.start or 0)).code

    def active(self, bounds: Optional[tuple[int, int]]) -> bool:
        """A dated code covers the document date (the actor holds a dated office then)."""
        return bool(bounds) and any(c.dated and c.covers(*bounds) for c in self.codes)

    def relation(self, kin: str) -> Optional[str]:
        return next((target for rel, target in self.relations if rel == kin), None)


class ActorKB:
    """Entries and the indexes ``link`` needs, built once by ``load_kb``. Dictionary records stay
    compact rows until asked for: a process that links a few dozen names builds a few dozen."""

    def __init__(self, rows: dict[str, list], agents: dict[str, str], license_text: str):
        self.rows, self.agents, self.license = rows, agents, license_text
        self.words: dict[str, set[str]] = {}  # word lists of the supplement's `words` section
        self.sectors: dict[str, str] = {}  # CAMEO sector code -> label
        self.type_fit: dict[str, dict[str, str]] = {}  # actor type -> entry kind -> 'ok' | 'coded'
        self.curated: set[tuple[str, str]] = set()  # (entry id, alias) pairs the project vouches for
        self.by_alias: dict[str, list[str]] = {}
        self.by_place: dict[str, list[str]] = {}
        self.states: dict[str, str] = {}  # country code -> id of the country's entry
        self._entries: dict[str, Entry] = {}
        self._buckets: Optional[dict[tuple[int, str], list[str]]] = None
        self._surnames: Optional[dict[str, list[str]]] = None

    def entry(self, entry_id: str) -> Optional[Entry]:
        if entry_id not in self._entries and entry_id in self.rows:
            self._entries[entry_id] = _entry_from_row(self.rows[entry_id])
        return self._entries.get(entry_id)

    def named(self, alias: str) -> list[Entry]:
        return [e for i in self.by_alias.get(alias, ()) if (e := self.entry(i))]

    def placed(self, alias: str) -> list[Entry]:
        return [e for i in self.by_place.get(alias, ()) if (e := self.entry(i))]

    def add(self, entry: Entry) -> None:
        self._entries[entry.id] = entry
        self.rows.pop(entry.id, None)
        self._index(entry.id, entry.aliases, entry.places, entry.kind, entry.country)

    def remove(self, entry_id: str) -> Optional[Entry]:
        entry = self.entry(entry_id)
        if entry is not None:
            self.rows.pop(entry_id, None)
            self._entries.pop(entry_id, None)
            for table, keys in ((self.by_alias, entry.aliases), (self.by_place, entry.places)):
                for key in keys:
                    table[key] = [i for i in table.get(key, []) if i != entry_id]
        return entry

    def _index(self, entry_id: str, aliases: Iterable[str], places: Iterable[str], kind: str,
               country: Optional[str]) -> None:
        for alias in aliases:
            self.by_alias.setdefault(alias, []).append(entry_id)
        for place in places:
            self.by_place.setdefault(place, []).append(entry_id)
        if kind == "country" and country and (country not in self.states or not entry_id.startswith("phx:")):
            self.states[country] = entry_id

    def surnames(self) -> dict[str, list[str]]:
        """Last word of a person's full names -> the persons ('mugabe' -> Robert Mugabe)."""
        if self._surnames is None:
            self._surnames = {}
            for alias, ids in self.by_alias.items():
                for entry_id in ids if " " in alias else ():
                    kind = self._entries[entry_id].kind if entry_id in self._entries else self.rows[entry_id][2]
                    if kind == "person":
                        self._surnames.setdefault(alias.rsplit(" ", 1)[1], []).append(entry_id)
        return self._surnames

    def buckets(self) -> dict[tuple[int, str], list[str]]:
        """Aliases by word count and first letter: fuzzy candidates must share both."""
        if self._buckets is None:
            self._buckets = {}
            for alias, ids in self.by_alias.items():
                if ids:
                    self._buckets.setdefault((len(alias.split()), alias[0]), []).append(alias)
        return self._buckets


@lru_cache(maxsize=1)
def load_kb() -> ActorKB:
    """The KB, loaded once per process: the built dictionaries merged with the supplement."""
    with gzip.open(DATA_DIR / KB_FILE, "rt", encoding="utf-8") as handle:
        raw = json.load(handle)
    if raw.get("format") != KB_FORMAT:
        raise ValueError(f"{KB_FILE}: expected format {KB_FORMAT}, got {raw.get('format')}")
    kb = ActorKB({row[0]: row for row in raw["entries"]}, dict(raw["agents"]), raw.get("license", ""))
    for entry_id, row in kb.rows.items():
        kb._index(entry_id, _split(row[4]), _split(row[7]), row[2], row[3])
    with open(DATA_DIR / SUPPLEMENT_FILE, encoding="utf-8") as handle:
        # libyaml's loader reads the supplement thirty times faster than the pure-Python one.
        supplement = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    kb.words = {name: set(items) for name, items in supplement.get("words", {}).items()}
    kb.words["titles"] = {normalize(t) for t in load_data("lexicon.yaml").get("titles", [])}
    kb.sectors, kb.type_fit = supplement.get("sectors", {}), supplement.get("type_fit", {})
    _apply_supplement(kb, supplement)
    return kb


def word_list(name: str) -> set[str]:
    """A word list of the supplement ('pronouns', 'fillers', 'prepositions', 'kin')."""
    return load_kb().words.get(name, set())


def _split(text: str, sep: str = "|") -> list[str]:
    return text.split(sep) if text else []


def _entry_from_row(row: list) -> Entry:
    entry_id, name, kind, country, aliases, codes, source, places = row
    spans = [CodeSpan(c, int(a) if a else None, int(b) if b else None)
             for c, a, b in (part.split(",") for part in _split(codes, ";"))]
    return Entry(entry_id, name, kind, country or None, tuple(_split(aliases)), tuple(spans),
                 f"phoenix:{source}", places=tuple(_split(places)))


def _apply_supplement(kb: ActorKB, data: dict) -> None:
    """Add the supplement's entries; an entry that ``merges`` dictionary records takes their
    aliases (and their codes unless it gives its own) and replaces them. Every alias it lists is
    curated: trusted even as a lone surname."""
    for item in data.get("entries", []):
        merged = [e for i in item.get("merges", []) if (e := kb.remove(i))]
        entry = _supplement_entry(item, merged)
        kb.add(entry)
        kb.curated.update((entry.id, normalize(a)) for a in [item["name"], *item.get("aliases", [])])


def _supplement_entry(item: dict, merged: list[Entry]) -> Entry:
    names = [normalize(a) for a in [item["name"], *item.get("aliases", [])]]
    aliases = _unique(names + [a for m in merged for a in m.aliases])
    places = tuple(p for p in _unique([p for m in merged for p in m.places]) if p not in aliases)
    bounds = [(date_bounds(c.get("from")), date_bounds(c.get("to"))) for c in item.get("codes", [])]
    codes = tuple(CodeSpan(c["code"], a[0] if a else None, b[1] if b else None)
                  for c, (a, b) in zip(item.get("codes", []), bounds)) or tuple(c for m in merged for c in m.codes)
    first = merged[0] if merged else Entry("", "", "other", None, (), (), "")
    born, died = date_bounds(item.get("born")), date_bounds(item.get("died"))
    return Entry(
        id=item["id"], name=item["name"], kind=item.get("kind") or first.kind, aliases=tuple(aliases),
        country=item.get("country", first.country), codes=codes, source=" + ".join(
            ["supplement"] + ([first.source] if merged else [])), wikidata=item.get("wikidata"),
        note=item.get("note"), ref=item.get("source"), relations=tuple(sorted((item.get("relations") or {}).items())),
        born=born[0] if born else None, died=died[1] if died else None, places=places)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


# ---------------------------------------------------------------- names, agents, countries


@dataclass
class Parsed:
    """A name taken apart: the front (nationality words, agent words, titles) and the rest."""

    words: list[str]
    start: int = 0  # index of the first word the front does not explain
    countries: set[str] = field(default_factory=set)
    agents: list[str] = field(default_factory=list)

    @property
    def head(self) -> list[str]:
        return self.words[self.start:]


def clean_surface(name: str) -> str:
    """Drop what is not the name: '(R-Ga.)', an apposition after a comma, quotes, a final 's."""
    text = re.sub(r"\([^)]*\)", " ", name).split(",")[0]
    text = re.sub(r"[\"“”«»]", " ", text)
    text = re.sub(r"['’]s?\s*$", "", text.strip())
    return " ".join(text.split())


def agent_codes(text: str, kb: Optional[ActorKB] = None) -> list[str]:
    """CAMEO sector codes of the agent words in ``text`` ('Defense Minister' -> ['GOV', 'MIL'])."""
    kb = kb or load_kb()
    found: list[str] = []
    words, i = normalize(text).split(), 0
    while i < len(words):
        end = _longest(words, i, kb.agents, 6)
        if end:
            found.extend(_sector_chunks(kb.agents[" ".join(words[i:end])]))
        i = end or i + 1
    return _unique(found)


def _sector_chunks(code: str) -> list[str]:
    body = code.replace("~", "")
    return [body[i:i + 3] for i in range(0, len(body) - 2, 3)]


def _longest(words: list[str], i: int, table: dict, width: int) -> Optional[int]:
    """End index of the longest phrase of ``table`` starting at ``words[i]``."""
    for end in range(min(len(words), i + width), i, -1):
        if " ".join(words[i:end]) in table:
            return end
    return None


def parse_name(surface: str, kb: ActorKB) -> Parsed:
    """Peel fillers, titles, nationality words and agent words off the front of a name."""
    parsed = Parsed(normalize(surface).split())
    words, i = parsed.words, 0
    skippable = kb.words.get("fillers", set()) | kb.words.get("titles", set())
    while i < len(words):
        # The longest run of words from i naming a country (or its people, or a place in it).
        country_end, country = next(((end, code) for end in range(min(len(words), i + 5), i, -1)
                                     if (code := _country_of(" ".join(words[i:end]), kb))), (0, None))
        agent = _longest(words, i, kb.agents, 6)
        if agent and agent >= country_end:
            parsed.agents = _unique(parsed.agents + _sector_chunks(kb.agents[" ".join(words[i:agent])]))
            i = agent
        elif country:
            parsed.countries.add(country)
            i = country_end
        elif words[i] in skippable:
            i += 1
        else:
            break
    parsed.start = i
    return parsed


def _country_of(phrase: str, kb: ActorKB) -> Optional[str]:
    """The country code of a phrase that names a country, its people or one of its places."""
    hits = {e.country for e in kb.named(phrase) + kb.placed(phrase) if e.kind == "country"}
    if not hits and phrase.endswith("s"):
        hits = {e.country for e in kb.named(phrase[:-1]) if e.kind == "country"}
    return hits.pop() if len(hits) == 1 else None


def country_codes(context: Iterable[str]) -> set[str]:
    """ISO alpha-2 ('AF') or alpha-3/CAMEO ('AFG') codes, as three-letter codes."""
    import pycountry

    def three(code: str) -> str:
        country = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
        return country.alpha_3 if country else {"SU": "SUN"}.get(code, code)
    return {c for c in (three(code.upper()) for code in context or ()) if len(c) == 3}


def _written_upper(surface: str, key: str) -> bool:
    """Short names count only in capitals: 'US', 'U.S.', 'WHO', not 'us', 'who'."""
    return any(normalize(t) == key and t.replace(".", "").isupper() for t in surface.split())


# ---------------------------------------------------------------- candidates


def lookup(name: str) -> list[Entry]:
    """Every entry a name could mean, with no context: exact aliases (also after peeling titles
    and nationality words), else close spellings. For display and debugging; ``link`` decides."""
    kb = load_kb()
    surface = clean_surface(name)
    key = normalize(surface)
    found = kb.named(key) + kb.placed(key) or _by_tail(parse_name(surface, kb), surface, None, kb)[0]
    if not found:
        found = [e for alias in _fuzzy_aliases(key, kb, 85.0) for e in kb.named(alias)]
    return list({e.id: e for e in found}.values())


def _by_tail(parsed: Parsed, surface: str, ctx: Optional["_Context"], kb: ActorKB) -> tuple[list[Entry], list[str]]:
    """The longest tail of the name that is an alias ('Republican nominee [Donald Trump]'). A
    one-word tail only right after words the parse understood ('Mr. [Obama]'); never the place
    after a preposition ('rebels in [the Ivory Coast]')."""
    words, preps = parsed.words, kb.words["prepositions"]
    for start in range(len(words)):
        tail, key = words[start:], " ".join(words[start:])
        before = words[max(0, start - 2):start]
        if before and (before[-1] in preps or before[-1] in ("the", "a") and before[0] in preps):
            continue
        if (len(tail) == 1 and start != parsed.start) or (len(key) <= 3 and not _written_upper(surface, key)):
            continue
        found = kb.named(key) or _plural(key, kb, ctx)
        if found:
            return found, tail
    return [], []


def _fuzzy_aliases(key: str, kb: ActorKB, cutoff: float = FUZZY_CUTOFF) -> list[str]:
    """Aliases spelled like ``key``: same word count, same first letters, each word close."""
    words = key.split()
    if len(words) < 2:
        return []  # one word is too little to tell a variant spelling from another name
    choices = kb.buckets().get((len(words), key[0]), [])
    hits = process.extract(key, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=5)
    return [alias for alias, _, _ in hits
            if all(x[0] == y[0] and fuzz.ratio(x, y) >= 75 for x, y in zip(words, alias.split()))]


def _plural(key: str, kb: ActorKB, ctx: Optional["_Context"]) -> list[Entry]:
    """'Afghans' -> 'afghan': a people coded by its country (never the country itself)."""
    if not key.endswith("s") or (ctx and ctx.actor_type == "person"):
        return []
    return [_coded(e) for e in kb.named(key[:-1]) if e.kind == "country"]


def _surname_candidates(head: list[str], ctx: "_Context", kb: ActorKB) -> list[Entry]:
    """'President Mugabe': persons whose full name ends with the word and whose codes fit the
    title. Only a title that names an office counts ('Mr. Ban' could be anyone called Ban)."""
    if len(head) != 1 or ctx.actor_type not in (None, "person") or not ctx.agents:
        return []
    found = [e for i in kb.surnames().get(head[0], []) if (e := kb.entry(i))]
    return [e for e in found if any(set(ctx.agents) & set(_sector_chunks(c.code[3:])) for c in e.codes)]


# ---------------------------------------------------------------- linking

@dataclass
class _Context:
    """What is known besides the name: ``countries`` (named in the name: binding), ``agents``
    (sector codes of titles and roles), ``implied`` / ``excluded`` (ids kin roles point to / rule out)."""

    actor_type: Optional[str]
    bounds: Optional[tuple[int, int]]
    doc_countries: set[str]
    countries: set[str] = field(default_factory=set)
    agents: list[str] = field(default_factory=list)
    implied: set[str] = field(default_factory=set)
    excluded: set[str] = field(default_factory=set)


def link(name: str, actor_type: Optional[str], roles: list[str], doc_date: Optional[str] = None,
         country_context: Optional[set[str]] = None) -> Optional[Entry]:
    """The KB entry ``name`` refers to, or None when the evidence is not clear enough.

    ``actor_type`` is the model's actor type (None: unknown), ``roles`` its roles (titles and
    appositions such as 'President', 'father of Ahmad Massoud'), ``doc_date`` an ISO date,
    ``country_context`` the countries the document is about (ISO alpha-2 or alpha-3 codes).
    A returned entry of kind 'coded' gives a CAMEO code only: the name is not that actor.
    """
    kb = load_kb()
    surface = clean_surface(name)
    key = normalize(surface)
    if not key or (key in word_list("pronouns") and (len(key) == 1 or not surface.isupper())):
        return None
    ctx = _context(kb, actor_type, roles or [], doc_date, country_context)
    found = _exact(key, surface, kb, ctx)
    if found:
        return _decide(found, ctx, key.split(), kb)
    genitive = re.match(r"(.+?)['’]s\s+(.+)$", surface)
    if genitive:
        # "Sudan's government" is Sudan's; "Clinton's campaign manager Robby Mook" is Mook.
        owner = _country_of(normalize(genitive.group(1)), kb)
        ctx.countries.update([owner] if owner else [])
        surface = genitive.group(2)
    return _link_parsed(parse_name(surface, kb), surface, ctx, kb)


def _exact(key: str, surface: str, kb: ActorKB, ctx: _Context) -> list[Entry]:
    """Entries whose alias is the whole name (else without 'the'); places stand for states."""
    for candidate in _unique([key, key.removeprefix("the ")]):
        if len(candidate) <= 3 and not _written_upper(surface, candidate):
            continue
        found = kb.named(candidate)
        if ctx.actor_type in (None, "country", "other", "organization"):
            found += [_coded(e) for e in kb.placed(candidate)]
        if found:
            return found
    return []


def _link_parsed(parsed: Parsed, surface: str, ctx: _Context, kb: ActorKB) -> Optional[Entry]:
    ctx.countries |= parsed.countries
    ctx.agents = _unique(ctx.agents + parsed.agents)
    head = parsed.head
    if not head:
        return _composite(ctx, kb)
    found, tail = _by_tail(parsed, surface, ctx, kb)
    if found:
        return _decide(found, ctx, tail, kb)
    fuzzy = [e for alias in _fuzzy_aliases(" ".join(head), kb) for e in kb.named(alias) if _spelling_may_vary(e, ctx)]
    if fuzzy:
        return _decide(list({e.id: e for e in fuzzy}.values()), ctx, head, kb)
    located = _located(head, ctx, kb)
    if located:
        return located
    named = _decide(_surname_candidates(head, ctx, kb), ctx, head, kb)
    if named or len(ctx.countries) != 1 or not ctx.agents:
        return named
    return _composite(ctx, kb)  # 'Egyptian President <unknown name>' is still coded EGYGOV


def _spelling_may_vary(entry: Entry, ctx: _Context) -> bool:
    """A close spelling reaches a dictionary person only when the document is about their
    country: 'Peter Thompson', a council leader in an English local paper, is not Peter Thomson
    of Fiji. Curated entries ('Ahmed Massoud' ~ 'Ahmad Massoud') are vouched for everywhere."""
    if entry.kind != "person" or not entry.id.startswith("phx:"):
        return True
    return bool(entry.country) and entry.country in (ctx.doc_countries | ctx.countries)


def _located(head: list[str], ctx: _Context, kb: ActorKB) -> Optional[Entry]:
    """'rebels in the Ivory Coast', 'President of Afghanistan': agent words, then a country."""
    for i, word in enumerate(head):
        if word in kb.words["prepositions"] and i < len(head) - 1:
            country = _country_of(" ".join(w for w in head[i + 1:] if w != "the"), kb)
            left = parse_name(" ".join(head[:i]), kb)
            agents = _unique(ctx.agents + left.agents)
            if not (country and agents and not left.head and not left.countries):
                return None
            ctx.countries.add(country)
            ctx.agents = agents
            return _composite(ctx, kb)
    return None


def _composite(ctx: _Context, kb: ActorKB) -> Optional[Entry]:
    """A nationality plus agent words ('Sudanese government' -> SDNGOV); None without a country."""
    if len(ctx.countries) != 1:
        return None
    country = next(iter(ctx.countries))
    state = kb.entry(kb.states.get(country, ""))
    if not ctx.agents:  # 'Iraqis', 'the Palestinian': the people, coded by country; never a person
        return _coded(state) if state and ctx.actor_type != "person" else None
    sectors = [a for a in ctx.agents if a != country][:2]
    code = country + "".join(sectors)
    label = " ".join(load_kb().sectors.get(s, s) for s in sectors)
    return Entry(f"cameo:{code}", f"{state.name if state else country} ({label})", "coded", country, (),
                 (CodeSpan(code),), "composed from the dictionaries' country and agent codes")


def _coded(entry: Entry) -> Entry:
    if entry.kind == "coded":
        return entry
    return replace(entry, id=entry.id + "#coded", kind="coded", wikidata=None,
                   note=f"coded as {entry.name}; not the same actor")


def _context(kb: ActorKB, actor_type: Optional[str], roles: list[str], doc_date: Optional[str],
             country_context: Optional[set[str]]) -> _Context:
    ctx = _Context(actor_type, date_bounds(doc_date), country_codes(country_context or set()))
    for role in roles:
        kin = re.match(r"(?:the\s+|late\s+)*(\w+)\s+of\s+(.+)$", role.strip(), re.IGNORECASE)
        if kin and kin.group(1).lower() in kb.words["kin"]:
            relative = link(kin.group(2), "person", [], doc_date, country_context)
            if relative is not None:
                ctx.excluded.add(relative.id)
                target = relative.relation(kin.group(1).lower())
                ctx.implied.update([target] if target else [])
            continue
        ctx.agents = _unique(ctx.agents + agent_codes(re.split(r"(?<!\s)\s+of\s+", role)[0], kb))
    return ctx


def _decide(found: list[Entry], ctx: _Context, words: list[str], kb: ActorKB) -> Optional[Entry]:
    """Filter and rank candidates; a tie at the top between two actors links to nothing."""
    pool = {e.id: e for e in found}
    for target in ctx.implied:
        # Every word of the name is a word of one of its names ('massoud' in 'ahmad shah massoud').
        entry = kb.entry(target)
        if entry is not None and words and any(set(words) <= set(a.split()) for a in entry.aliases):
            pool[target] = entry
    scored = sorted(((s, e) for e in pool.values() if (s := _score(e, ctx, words, kb)) is not None),
                    key=lambda pair: -pair[0])
    scored = _without_duplicates(scored)
    if not scored or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    best = scored[0][1]
    return best if _fit(ctx.actor_type, best) == "ok" else _coded(best)


def _without_duplicates(scored: list[tuple[float, Entry]]) -> list[tuple[float, Entry]]:
    """Drop a record that repeats a fuller one: the dictionaries list some actors twice ('Interpol'
    and 'International Criminal Police Organization, Interpol', same code), which would tie."""
    kept: list[tuple[float, Entry]] = []
    for score, entry in sorted(scored, key=lambda pair: (-pair[0], -len(pair[1].aliases))):
        if not any(s == score and o.codes == entry.codes and o.kind == entry.kind
                   and set(entry.aliases) <= set(o.aliases) for s, o in kept):
            kept.append((score, entry))
    return kept


def _fit(actor_type: Optional[str], entry: Entry) -> Optional[str]:
    if entry.kind == "coded" or actor_type is None:
        return "coded" if entry.kind == "coded" else "ok"
    return load_kb().type_fit.get(actor_type, {}).get(entry.kind)


def _score(entry: Entry, ctx: _Context, words: list[str], kb: ActorKB) -> Optional[float]:
    """None when the entry cannot be meant; else how well the context fits it."""
    base_id = entry.id.removesuffix("#coded")
    fit = _fit(ctx.actor_type, entry)
    if base_id in ctx.excluded or fit is None or (ctx.bounds and entry.born and ctx.bounds[1] < entry.born):
        return None
    if fit == "coded" and entry.kind in ("group", "organization") and len(words) < 2:
        return None  # a person's surname that is also a group's name says nothing
    if ctx.countries and entry.country and entry.country not in ctx.countries:
        return None
    lone_surname = len(words) == 1 and entry.kind == "person" and (base_id, words[0]) not in kb.curated
    if lone_surname and ctx.bounds and not entry.active(ctx.bounds) and base_id not in ctx.implied:
        return None  # 'Bush' in 2016 is not the president of 2001-2009; only office-holders
    code = entry.code_at(str(ctx.bounds[0]) if ctx.bounds else None) or ""
    score = 2.0 if fit == "ok" else 0.0
    score += 5.0 if base_id in ctx.implied else 0.0
    score += 1.0 if entry.active(ctx.bounds) else 0.0
    score += 1.0 if entry.country and entry.country in (ctx.doc_countries | ctx.countries) else 0.0
    score += 1.0 if set(ctx.agents) & set(_sector_chunks(code[3:] if entry.country else code)) else 0.0
    return score


# ---------------------------------------------------------------- describe (CLI)


def describe(name: str, doc_date: Optional[str] = None) -> dict:
    """What ``newsdesk kb lookup NAME`` prints: the context-free link (None when even that is
    unclear), every candidate entry, and the CAMEO agent codes of the words in the name."""
    linked = link(name, None, [], doc_date, None)
    return {"query": name, "normalized": normalize(clean_surface(name)), "date": doc_date,
            "link": entry_dict(linked, doc_date) if linked else None,
            "candidates": [entry_dict(e, doc_date) for e in lookup(name)[:10]],
            "agent_codes": agent_codes(name)}


def entry_dict(entry: Entry, doc_date: Optional[str] = None) -> dict:
    """An entry as plain JSON-ready data, with the CAMEO code in force on ``doc_date``."""
    cameo = entry.code_at(doc_date) or ""
    return {
        "id": entry.id, "name": entry.name, "kind": entry.kind, "country": entry.country,
        "cameo": cameo or None, "wikidata": entry.wikidata,
        "sectors": [load_kb().sectors.get(s, s) for s in _sector_chunks(cameo[3:] if entry.country else cameo)],
        "codes": [{"code": c.code, "from": _date_text(c.start), "to": _date_text(c.end)} for c in entry.codes],
        "aliases": list(entry.aliases[:15]), "places": list(entry.places[:10]),
        "relations": dict(entry.relations), "born": _date_text(entry.born), "died": _date_text(entry.died),
        "source": entry.source, "ref": entry.ref, "note": entry.note,
    }


def _date_text(value: Optional[int]) -> Optional[str]:
    text = f"{value:08d}" if value is not None else ""
    return f"{text[:4]}-{text[4:6]}-{text[6:]}" if text else None
