"""The place gazetteer: countries, regions, divisions and towns with points and names.

The index is one gzip'd text file shipped in ``knowledge/data/gazetteer.tsv.gz`` and built by
``scripts/build_gazetteer.py`` from pinned packages (docs/GAZETTEER.md). Sections:

- ``@places``: one row per place, ``id kind name country admin1 lat lon geonames_id population feature``
  (``id`` empty when it is ``geonames-<geonames_id>``);
- ``@names``: folded name → row numbers, best prior first (kind, then population);
- ``@demonyms``: folded demonym or adjective → row ('afghan' → Afghanistan);
- ``@qualifiers``: abbreviations that qualify a town after a comma ('n.h.' → New Hampshire);
- ``@shards``: first character of a name → its block of ``@names`` lines (the names are sorted);
- ``@end <rows>``: the row count, so that a truncated file is caught.

Loading keeps rows as raw strings and parses a row only when a lookup returns it, and it builds
the name dict of a shard (all names that start with one character) on the first lookup that
needs it: the file holds 200,000 places and 300,000 names, and a document asks about a few dozen.
Every lookup is a dict hit on the folded name, never a scan.
"""

from __future__ import annotations

import gzip
import math
import unicodedata
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from ..errors import GazetteerError
from . import DATA_DIR

FORMAT = "newsdesk-gazetteer/1"
DEFAULT_PATH = DATA_DIR / "gazetteer.tsv.gz"
REBUILD = "rebuild it with `.venv/bin/python scripts/build_gazetteer.py` (or reinstall newsdesk)"
_SECTIONS = ("@places", "@names", "@demonyms", "@qualifiers", "@shards")
# Arabic and Persian spell the same letters with different code points (ي/ی, ك/ک).
_LETTER_VARIANTS = str.maketrans({"ي": "ی", "ك": "ک", "ى": "ی", "’": "'", "‘": "'", "ʼ": "'", "‐": "-", "–": "-"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One place of the gazetteer."""

    index: int
    id: str
    kind: str  # country | region | admin1 | admin2 | city
    name: str
    country: Optional[str]
    admin1: Optional[str]  # ISO 3166-2 code of the first-level division it lies in (or is)
    lat: Optional[float]
    lon: Optional[float]
    geonames_id: Optional[int]
    population: int
    feature: str  # PCLI, CONT, RGN, ADM1, ADM2, PPLC (capital), PPL


@lru_cache(maxsize=65_536)
def fold(text: str) -> str:
    """The lookup key of a name: accents off, case folded, spaces collapsed ('Panjshēr' → 'panjsher').
    Cached: resolution folds every sense's name of every place name, document after document."""
    text = unicodedata.normalize("NFKD", text.translate(_LETTER_VARIANTS))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


def _spellings(key: str) -> list[str]:
    """Other spellings of a folded name that news writes either way (see ``Gazetteer.lookup``)."""
    out = []
    if "-" in key:
        out.append(" ".join(key.replace("-", " ").split()))
    if " of " in key and " of the " not in key:
        out.append(key.replace(" of ", " of the ", 1))
    return out


def distance_km(first: Entry, second: Entry) -> Optional[float]:
    """Great-circle distance between two places' points; None when either has no point."""
    if first.lat is None or first.lon is None or second.lat is None or second.lon is None:
        return None
    return _great_circle_km(first.lat, first.lon, second.lat, second.lon)


# 32,768 pairs (~10 MB): a document's rounds repeat its own pairs; 262,144 (~80 MB) only filled over
# ~2,400 documents, so a long run's memory grew with its length (issue 18).
@lru_cache(maxsize=32_768)
def _great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance; cached, since resolution compares the same pairs round after round."""
    la1, lo1, la2, lo2 = map(math.radians, (lat1, lon1, lat2, lon2))
    a = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


class Gazetteer:
    """Name, demonym and qualifier lookups over the loaded index."""

    def __init__(self, rows: list[str], name_lines: list[str], demonyms: dict[str, str],
                 qualifiers: dict[str, str], shards: dict[str, str], path: Path) -> None:
        self._rows = rows
        self._name_lines = name_lines
        self._shards = shards  # first character → "start<TAB>end" in name_lines
        self._names: dict[str, dict[str, str]] = {}
        self._demonyms = demonyms
        self._qualifiers = qualifiers
        self._parsed: dict[int, Entry] = {}
        self.path = path
        self._by_country = {e.country: e for e in self._leading_countries()}

    def __len__(self) -> int:
        return len(self._rows)

    def entry(self, index: int) -> Entry:
        """The place in row ``index`` (parsed once, then cached)."""
        found = self._parsed.get(index)
        if found is None:
            found = self._parsed[index] = _parse_row(index, self._rows[index], self.path)
        return found

    def lookup(self, name: str) -> list[Entry]:
        """Every place called ``name`` (folded; a leading 'the' is optional), best prior first.

        A name the index lacks as written is tried in the spellings news varies on: a hyphen
        for a space ('El-Arish', index 'El Arish') and 'of' for 'of the' ('Democratic Republic
        of Congo'), never when the name itself is there."""
        key = fold(name)
        ids = self._ids(key)
        if ids is None and key.startswith("the "):
            key = key[4:]
            ids = self._ids(key)
        for variant in _spellings(key) if ids is None else ():
            ids = self._ids(variant)
            if ids:
                break
        return [self.entry(int(i)) for i in ids.split(",")] if ids else []

    def _ids(self, key: str) -> Optional[str]:
        if not key:
            return None
        shard = self._names.get(key[0])
        if shard is None:
            bounds = self._shards.get(key[0])
            if bounds is None:
                return None
            start, end = map(int, bounds.split("\t"))
            shard = self._names[key[0]] = dict(line.split("\t", 1) for line in self._name_lines[start:end])
        return shard.get(key)

    def candidates(self, name: str, kinds: Optional[Iterable[str]] = None,
                   country: Optional[str] = None) -> list[Entry]:
        """``lookup`` narrowed to some kinds and/or one country."""
        wanted = set(kinds) if kinds else None
        return [e for e in self.lookup(name)
                if (wanted is None or e.kind in wanted) and (country is None or e.country == country)]

    def demonym(self, word: str) -> Optional[Entry]:
        """The country or region a demonym or adjective names ('Afghan' → Afghanistan)."""
        index = self._demonyms.get(fold(word))
        return self.entry(int(index)) if index is not None else None

    def qualifier(self, word: str) -> Optional[Entry]:
        """The US state an abbreviation after a comma names ('Vt.', 'NH'), else None."""
        index = self._qualifiers.get(fold(word))
        return self.entry(int(index)) if index is not None else None

    def country(self, code: Optional[str]) -> Optional[Entry]:
        """The country entry of an ISO 3166-1 alpha-2 code."""
        return self._by_country.get(code) if code else None

    def _leading_countries(self) -> list[Entry]:
        # Rows are sorted by kind, countries first: read until the first non-country row.
        found = []
        for index, row in enumerate(self._rows):
            if row.split("\t", 2)[1] != "country":
                break
            found.append(self.entry(index))
        return found


def _parse_row(index: int, row: str, path: Path) -> Entry:
    try:
        (id_, kind, name, country, admin1, lat, lon, geonames_id, population, feature) = row.split("\t")
        id_ = id_ or f"geonames-{geonames_id}"  # implied by the GeoNames id (see the build script)
        return Entry(index, id_, kind, name, country or None, admin1 or None,
                     float(lat) if lat else None, float(lon) if lon else None,
                     int(geonames_id) if geonames_id else None, int(population or 0), feature)
    except ValueError as exc:
        raise GazetteerError(str(path), f"row {index} is malformed ({exc})", rebuild=REBUILD) from exc


@lru_cache(maxsize=4)
def load_gazetteer(path: Optional[str] = None) -> Gazetteer:
    """Load the gazetteer (the shipped one by default), once per process and path.

    Raises ``GazetteerError`` (E012) when the file is missing, unreadable or not a complete
    index of this format; the message says how to rebuild it.
    """
    file = Path(path) if path else DEFAULT_PATH
    try:
        text = gzip.decompress(file.read_bytes()).decode("utf-8")
    except FileNotFoundError as exc:
        raise GazetteerError(str(file), "the place index is missing", rebuild=REBUILD) from exc
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as exc:
        raise GazetteerError(str(file), f"the place index is corrupt ({exc.__class__.__name__})",
                             rebuild=REBUILD) from exc
    return _from_text(text, file)


def _from_text(text: str, file: Path) -> Gazetteer:
    lines = text.split("\n")
    if not lines[0].startswith(f"# {FORMAT} "):
        raise GazetteerError(str(file), f"not a {FORMAT} index", rebuild=REBUILD)
    try:
        starts = [lines.index(marker) for marker in _SECTIONS]
        end = next(i for i in range(len(lines) - 1, 0, -1) if lines[i].startswith("@end\t"))
    except (ValueError, StopIteration) as exc:
        raise GazetteerError(str(file), "the place index is incomplete", rebuild=REBUILD) from exc
    bounds = list(zip(starts, starts[1:] + [end]))
    rows = lines[bounds[0][0] + 1:bounds[0][1]]
    if str(len(rows)) != lines[end].split("\t")[1] or sorted(starts) != starts:
        raise GazetteerError(str(file), "the place index is truncated", rebuild=REBUILD)
    names = lines[bounds[1][0] + 1:bounds[1][1]]
    tables = [dict(line.split("\t", 1) for line in lines[a + 1:b]) for a, b in bounds[2:]]
    return Gazetteer(rows, names, *tables, path=file)


__all__ = ["Entry", "Gazetteer", "distance_km", "fold", "load_gazetteer", "DEFAULT_PATH", "FORMAT"]
