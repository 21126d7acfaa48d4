"""Build the actor knowledge base from PETRARCH's Phoenix dictionaries.

    .venv/bin/python scripts/build_actor_kb.py [--src ../shared/data/actors]
        [--out src/newsdesk/knowledge/data/actors_kb.json.gz]

Reads the TABARI/PETRARCH-format actor files (countries, international organisations, armed
non-state groups) and the agents file, and writes the project's own compact format: one gzip'd
JSON document with entries (id, name, kind, country, normalised aliases, dated CAMEO codes) and
agents (phrase -> code suffix). The output is deterministic: same inputs, same bytes.

The dictionaries are MIT-licensed (Copyright (c) 2014 Open Event Data Alliance); the notice is
kept in the output's ``license`` field. Formats are described in ``phoenix.README.md`` next to
the source files and in ``docs/KB.md``.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rapidfuzz import fuzz  # noqa: E402

from newsdesk.knowledge.actors_kb import KB_FORMAT, normalize  # noqa: E402

ACTOR_FILES = {
    "countries": "Phoenix.Countries.actors.txt",
    "international": "Phoenix.International.actors.txt",
    "milnonstate": "Phoenix.MilNonState.actors.txt",
}
AGENTS_FILE = "Phoenix.agents.txt"
LICENSE = (
    "Derived from the PETRARCH2 Phoenix dictionaries (openeventdata/petrarch2, "
    "petrarch2/data/dictionaries). The MIT License (MIT). Copyright (c) 2014 Open Event Data "
    "Alliance. Permission is hereby granted, free of charge, to any person obtaining a copy of "
    "this software and associated documentation files (the \"Software\"), to deal in the Software "
    "without restriction, including without limitation the rights to use, copy, modify, merge, "
    "publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons to "
    "whom the Software is furnished to do so, subject to the following conditions: The above "
    "copyright notice and this permission notice shall be included in all copies or substantial "
    "portions of the Software. THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, "
    "EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS "
    "FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT "
    "HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF "
    "CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE "
    "USE OR OTHER DEALINGS IN THE SOFTWARE."
)
# Organisation words: a record whose name has one is an organisation, not a person.
ORG_WORDS = {
    "agency", "army", "association", "authority", "bank", "brigade", "brigades", "bureau", "church",
    "college", "commission", "committee", "company", "corporation", "council", "court", "department",
    "federation", "force", "forces", "foundation", "front", "fund", "government", "group", "guard",
    "institute", "league", "ministry", "movement", "network", "office", "organisation",
    "organization", "parliament", "party", "police", "program", "programme", "regime", "secretariat",
    "service", "society", "tribunal", "union", "university", "nations", "news", "times", "post",
    "state", "emirate", "caliphate", "alliance", "coalition", "militia", "brotherhood", "jihad",
}
# Agent-file entries whose CAMEO code says nothing about the actor's sector: a spokesperson
# speaks for whoever employs them (CAMEO files them under media), 'mother' is kinship, and a
# 'deputy' in conflict news is a deputy minister or commander far more often than a sheriff's deputy.
AGENT_SKIP = {"spokesman", "spokesmen", "spokeswoman", "spokeswomen", "spokesperson", "spokespersons",
              "mother", "deputy", "man", "men", "woman", "women", "person", "persons", "people"}
# Common words that upstream lists as a synonym of some group or firm ('ORGANIZATION_' under
# Tanzim, 'COUNTRY'): as names they would match ordinary prose, so they are not kept.
GENERIC_ALIASES = {"country", "nation", "occupied", "olive", "organization", "paradise", "republic",
                   "youth", "zero", "falcon", "tigers", "dawn", "mavericks", "state", "government",
                   "people", "national front", "the country", "the government", "sovereign state", "north",
                   "south", "democratic republic"}
SMALL_WORDS = {"of", "the", "and", "for", "in", "on", "at", "to", "de", "du", "des", "la", "le", "al",
               "el", "bin", "ibn", "y", "da", "di", "van", "von", "der"}
STEMS = {"minist": ["minister", "ministers", "ministry", "ministries"], "authorit": ["authority", "authorities"],
         "compan": ["company", "companies"], "industr": ["industry", "industries"]}
BRACKET = re.compile(r"\[([^\]\}]*)[\]\}]")


@dataclass
class Record:
    """One actor record as the dictionary gives it."""

    phrase: str
    synonyms: list[str] = field(default_factory=list)
    codes: list[tuple[str, int | None, int | None]] = field(default_factory=list)
    comment: str = ""
    dated: bool = False


@dataclass
class Stats:
    records: int = 0
    bad_dates: int = 0
    null_codes: int = 0
    codeless: int = 0
    merged: int = 0
    dropped_aliases: int = 0


def parse_date(text: str) -> int | None:
    """YYMMDD or YYYYMMDD as an int YYYYMMDD; two-digit years 00-30 are 20YY (KEDS/TABARI rule)."""
    if not text.isdigit() or len(text) not in (6, 8):
        raise ValueError(text)
    if len(text) == 6:
        yy = int(text[:2])
        text = ("20" if yy <= 30 else "19") + text
    month, day = int(text[4:6]), int(text[6:8])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise ValueError(text)
    return int(text)


def parse_code(body: str, stats: Stats) -> tuple[str, int | None, int | None] | None:
    """'AFGGOV 011222-041231', 'AFGGOV >011222', 'AFGGOV <011222' or 'AFGGOV' -> (code, from, to)."""
    parts = body.split()
    if not parts or parts[0].startswith("---"):
        stats.null_codes += 1
        return None
    code, restriction = parts[0].upper(), "".join(parts[1:])
    try:
        if not restriction:
            return code, None, None
        if restriction.startswith(">"):
            return code, parse_date(restriction[1:]), None
        if restriction.startswith("<"):
            return code, None, parse_date(restriction[1:])
        start, end = restriction.split("-")
        return code, parse_date(start), parse_date(end)
    except ValueError:
        stats.bad_dates += 1  # e.g. '2004017-20061201' upstream: the range is unreadable, drop it
        return None


def split_comment(line: str) -> tuple[str, str]:
    content, _, comment = line.partition("#")
    return content, comment.strip()


def parse_actor_file(path: Path, stats: Stats) -> list[Record]:
    """Records of a .actors.txt file: primary phrase, '+' synonyms, bracketed codes."""
    records: list[Record] = []
    current: Record | None = None
    pending: list[str] = []  # codeless phrases directly above the next one are its synonyms
    for raw in path.read_text(encoding="utf-8").splitlines():
        content, comment = split_comment(raw)
        if not raw.strip():
            # A blank line closes a record: a phrase left without codes codes nothing.
            if current is not None and not current.codes:
                records.remove(current)
                stats.codeless += 1
            current, pending = None, []
            continue
        if not content.strip():
            continue
        codes = [c for c in (parse_code(b, stats) for b in BRACKET.findall(content)) if c]
        text = BRACKET.sub(" ", content).strip()
        if raw[:1] in ("\t", " ") and not text:
            if current is not None:
                current.codes.extend(codes)
            continue
        if text.startswith("+"):
            if current is not None:
                current.synonyms.extend(s for s in text.split("+") if s.strip())
                current.codes.extend(codes)
            continue
        if current is not None and not current.codes and not current.synonyms:
            pending.append(current.phrase)
            records.pop()
        current = Record(text, synonyms=list(pending), codes=codes, comment=comment)
        pending = []
        records.append(current)
    stats.codeless += sum(1 for r in records if not r.codes)
    return [r for r in records if r.codes]


def phrase_to_text(phrase: str) -> str:
    """Dictionary form ('AHMED_SHAH_MASSOUD_') to plain words ('AHMED SHAH MASSOUD')."""
    return re.sub(r"\s+", " ", phrase.replace("_", " ")).strip()


def aliases_of(phrase: str) -> list[str]:
    """Normalised aliases of one phrase; 'ANIMAL_LIBERATION_FRONT_(ALF)_' gives the name and 'alf'."""
    text = phrase_to_text(phrase)
    out = []
    match = re.search(r"\(([^()]+)\)\s*$", text)
    if match:
        out.append(normalize(match.group(1)))
        text = text[:match.start()]
    out.append(normalize(text))
    return [a for a in out if a]


def display_name(phrase: str, aliases: list[str] = ()) -> str:
    """A readable name: 'UNITED_STATES_OF_AMERICA_' -> 'United States of America'; an acronym
    that spells another of the record's names stays in capitals ('IMF', 'NATO')."""
    text = re.sub(r"\s*\([^()]*\)\s*$", "", phrase_to_text(phrase))
    if " " not in text and any(_initials(a) == text.lower() for a in aliases):
        return text
    words = []
    for i, word in enumerate(text.split()):
        lowered = word.lower()
        if "." in word and len(word) <= 5 or (len(word) <= 4 and not re.search(r"[AEIOUY]", word)):
            words.append(word)  # 'U.N.', 'USSR', 'NGO': initialisms keep their capitals
        elif i > 0 and lowered in SMALL_WORDS:
            words.append(lowered)
        else:
            words.append("-".join(p[:1].upper() + p[1:].lower() for p in word.split("-")))
    return " ".join(words)


def _initials(alias: str) -> str:
    return "".join(w[0] for w in alias.split() if w not in SMALL_WORDS) if " " in alias else ""


def kind_of(source: str, record: Record, country_codes: set[str]) -> str:
    """person, organization, group, country or other, from where and how the record is written."""
    if source == "milnonstate":
        return "group"
    if source == "countries" and _current_code(record.codes) in country_codes:
        return "country"
    if "CountryInfo" in record.comment or "IGOrulers" in record.comment:
        return "person"
    words = normalize(phrase_to_text(record.phrase)).split()
    if set(words) & ORG_WORDS or len(words) == 1:
        return "organization"
    # Countries lists office-holders with dated codes; International dates organisations too.
    return "person" if source == "countries" and record.dated else "other"


def _current_code(codes: list[tuple[str, int | None, int | None]]) -> str:
    """The code in force last: open-ended first, then the latest end date."""
    return max(codes, key=lambda c: (c[2] is None, c[2] or 0, c[1] or 0))[0]


def country_headers(records: list[Record]) -> set[str]:
    """Three-letter codes of the country records ('AFGHANISTAN_ [AFG]', 'UKRAINE_ ... [UKR >911221]')."""
    return {c for r in records for c, _, _ in r.codes if len(c) == 3 and c.isalpha()}


def entry_country(codes: list[tuple[str, int | None, int | None]], country_codes: set[str]) -> str | None:
    """The country of the code in force last ('UKR' for Ukraine, not the Soviet 'USR')."""
    ranked = sorted(codes, key=lambda c: (c[2] is None, c[2] or 0, c[1] or 0), reverse=True)
    return next((c[:3] for c, _, _ in ranked if c[:3] in country_codes), None)


def split_place_aliases(name: str, aliases: list[str], code: str) -> tuple[list[str], list[str]]:
    """A country record also lists its cities and provinces ('KABUL_' under Afghanistan): those
    are places standing for the state in CAMEO, not names of it, and are kept apart. A name is
    the country's name, a demonym or a misspelling of either (same stem, or close in spelling)."""
    official = _pycountry_names(code) | {normalize(name)}
    stems = {t[:4] for n in official for t in n.split() if len(t) > 3}
    names, places = [], []
    for alias in aliases:
        bare = alias.removeprefix("the ")
        tokens = [t for t in bare.split() if len(t) > 3]
        if (bare in official or len(bare) <= 3 or any(t[:4] in stems for t in tokens)
                or max(fuzz.ratio(bare, n) for n in official) >= 80):
            names.append(alias)
        else:
            places.append(alias)
    return names, places


def _pycountry_names(code: str) -> set[str]:
    try:
        import pycountry
    except ImportError:  # the build still works, with fewer names recognised as country names
        return set()
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return set()
    return {normalize(getattr(country, f)) for f in ("name", "common_name", "official_name") if hasattr(country, f)}


def build_entries(records_by_source: dict[str, list[Record]], stats: Stats) -> list[list]:
    """Compact entries [id, name, kind, country, aliases, codes, source, place_aliases]. Same-name
    records of one country in one file are one actor listed twice upstream, so they are merged."""
    country_codes = country_headers(records_by_source["countries"]) | {"USR", "SUN", "YUG", "CSK", "DDR"}
    entries: list[list] = []
    by_key: dict[tuple, list] = {}
    used_ids: set[str] = set()
    for source, records in records_by_source.items():
        for record in records:
            stats.records += 1
            record.dated = any(s is not None or e is not None for _, s, e in record.codes)
            aliases = _record_aliases(record, stats)
            if not aliases:
                continue
            country = entry_country(record.codes, country_codes)
            key = (source, aliases[0], country)
            if key in by_key:
                _merge(by_key[key], aliases, record.codes)
                stats.merged += 1
                continue
            entry = [_new_id(record.phrase, used_ids), display_name(record.phrase, aliases),
                     kind_of(source, record, country_codes), country, aliases,
                     [list(c) for c in record.codes], source, []]
            by_key[key] = entry
            entries.append(entry)
    _separate_country_names(entries, stats)
    for entry in entries:
        entry[5] = _dedupe(entry[5])
    return entries


def _separate_country_names(entries: list[list], stats: Stats) -> None:
    """Split country records' place aliases off, and take country names away from other records
    (MilNonState lists 'GREECE' under a Greek group: a country's name never names a group)."""
    country_names: set[str] = set()
    for entry in entries:
        if entry[2] == "country":
            aliases = [a for a in entry[4] if a not in GENERIC_ALIASES]
            entry[4], entry[7] = split_place_aliases(entry[1], aliases, entry[3] or "")
            country_names.update(entry[4])
    for entry in entries:
        if entry[2] != "country":
            kept = [a for a in entry[4] if a not in country_names and a not in GENERIC_ALIASES]
            stats.dropped_aliases += len(entry[4]) - len(kept)
            entry[4] = kept
    entries[:] = [e for e in entries if e[4] or e[7]]


def _record_aliases(record: Record, stats: Stats) -> list[str]:
    out: list[str] = []
    for phrase in [record.phrase, *record.synonyms]:
        if "\ufffd" in phrase:
            stats.dropped_aliases += 1  # mojibake upstream ('COTE_D\ufffdIVOIRE'): unmatchable
            continue
        for alias in aliases_of(phrase):
            if alias not in out:
                out.append(alias)
    return out


def _merge(entry: list, aliases: list[str], codes: list) -> None:
    entry[4].extend(a for a in aliases if a not in entry[4])
    entry[5].extend(list(c) for c in codes)


def _dedupe(codes: list[list]) -> list[list]:
    seen, out = set(), []
    for code in codes:
        if tuple(code) not in seen:
            seen.add(tuple(code))
            out.append(code)
    return out


def _new_id(phrase: str, used: set[str]) -> str:
    slug = re.sub(r"[^A-Z0-9]+", "_", phrase_to_text(phrase).upper()).strip("_") or "X"
    candidate, n = "phx:" + slug, 2
    while candidate in used:
        candidate, n = f"phx:{slug}~{n}", n + 1
    used.add(candidate)
    return candidate


def parse_agents(path: Path) -> dict[str, str]:
    """Agent phrase (normalised, with plurals) -> code ('~GOV' suffix or 'IGO~' prefix)."""
    macros: dict[str, list[str]] = {}
    agents: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        content, _ = split_comment(raw)
        if not content.strip():
            continue
        macro = re.match(r"\s*!(\w+)!\s*=\s*(.+)", content)
        if macro:
            macros[macro.group(1)] = [w.strip() for w in macro.group(2).split(",") if w.strip()]
            continue
        code = BRACKET.search(content)
        if not code or "~" not in code.group(1):
            continue  # a line without a code ('ISLAMIC_EXTREMIST') codes nothing
        head = content[:code.start()]
        plurals = re.search(r"\{([^}]*)\}", head)
        phrase = re.sub(r"\{[^}]*\}", "", head).strip()
        for form in _expand_macros(phrase, macros):
            _add_agent(agents, form, code.group(1).strip(), plurals.group(1).split() if plurals else None)
    return agents


def _expand_macros(phrase: str, macros: dict[str, list[str]]) -> list[str]:
    match = re.search(r"!(\w+)!", phrase)
    if not match or match.group(1) not in macros:
        return [phrase]
    out = []
    for word in macros[match.group(1)]:
        out.extend(_expand_macros(phrase[:match.start()] + word + phrase[match.end():], macros))
    return out


def _add_agent(agents: dict[str, str], phrase: str, code: str, plurals: list[str] | None) -> None:
    base = normalize(phrase_to_text(phrase))
    if not base or base in AGENT_SKIP:
        return
    head, _, last = base.rpartition(" ")
    if last in STEMS:
        # PETRARCH matches a stem against any word it begins ('DEFENSE_MINIST' = defense minister,
        # ministry); the KB matches whole words, so the stem is spelled out.
        for word in STEMS[last]:
            agents.setdefault(f"{head} {word}".strip(), code)
        return
    forms = [base] + ([normalize(phrase_to_text(p)) for p in plurals] if plurals is not None
                      else [_plural(base)])
    for form in forms:
        if form and form not in AGENT_SKIP:
            agents.setdefault(form, code)


def _plural(phrase: str) -> str:
    """The regular plural PETRARCH generates for the last word."""
    head, _, last = phrase.rpartition(" ")
    if re.search(r"(s|x|z|ch|sh)$", last):
        last += "es"
    elif re.search(r"[^aeiou]y$", last):
        last = last[:-1] + "ies"
    else:
        last += "s"
    return f"{head} {last}".strip()


def _compact(entry: list) -> list:
    codes = ";".join(f"{c},{'' if a is None else a},{'' if b is None else b}" for c, a, b in entry[5])
    return [entry[0], entry[1], entry[2], entry[3] or "", "|".join(entry[4]), codes, entry[6],
            "|".join(entry[7])]


def sha1(path: Path) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()


def write_kb(out: Path, payload: dict) -> None:
    """gzip with a fixed mtime and no file name, so equal content gives equal bytes."""
    data = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as handle:
        handle.write(data)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(buffer.getvalue())


def build(src: Path, out: Path) -> dict:
    """Parse the dictionaries in ``src`` and write the KB to ``out``; returns build statistics."""
    stats = Stats()
    records = {source: parse_actor_file(src / name, stats) for source, name in ACTOR_FILES.items()}
    entries = build_entries(records, stats)
    agents = parse_agents(src / AGENTS_FILE)
    payload = {
        "format": KB_FORMAT,
        "license": LICENSE,
        "sources": [{"file": name, "sha1": sha1(src / name)}
                    for name in [*ACTOR_FILES.values(), AGENTS_FILE]],
        # One row per actor; lists inside a row are joined into strings, which halves load time.
        "fields": ["id", "name", "kind", "country", "aliases (|)", "codes (CODE,from,to;)", "source",
                   "place_aliases (|)"],
        "entries": [_compact(e) for e in entries],
        "agents": sorted([phrase, code] for phrase, code in agents.items()),
    }
    write_kb(out, payload)
    return {"entries": len(entries), "aliases": sum(len(e[4]) + len(e[7]) for e in entries),
            "agents": len(agents), "bytes": out.stat().st_size, **vars(stats)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=ROOT.parent / "shared" / "data" / "actors")
    parser.add_argument("--out", type=Path, default=ROOT / "src/newsdesk/knowledge/data/actors_kb.json.gz")
    args = parser.parse_args()
    started = time.perf_counter()
    stats = build(args.src, args.out)
    stats["seconds"] = round(time.perf_counter() - started, 2)
    print(json.dumps(stats, indent=1))


if __name__ == "__main__":
    main()
