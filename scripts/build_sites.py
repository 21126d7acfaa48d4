#!/usr/bin/env python3
"""Build the list of well-known sites shipped in ``src/newsdesk/knowledge/data/sites.tsv``.

    .venv/bin/python scripts/build_sites.py [--out PATH]

A site (an airport, a seat of government, a prison, a border crossing, a station) is a place in
news ("landed at Heathrow", "the White House said"); it resolves to the town it stands in, whose
point the gazetteer holds. Sources (nothing is downloaded):
- airports: the ``airportsdata`` package (pinned in requirements.txt), its IATA table: every
  airport whose name says "International" or whose town has 500,000 people, under its name ("Dusseldorf International Airport")
  and its name without the town ("Heathrow Airport" of "London Heathrow Airport");
- other sites: ``scripts/sites_supplement.yaml``, each with its town and country (source note
  there).
Each site's town is found in the shipped gazetteer: the town of that name in that country (for
an airport, the one nearest the airport, within 60 km); a site whose town is not found is left
out, so no point is ever typed or guessed. Output rows, sorted: folded name, name, town's
gazetteer id, town's name.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsdesk.knowledge.gazetteer import Entry, fold, load_gazetteer  # noqa: E402

DEFAULT_OUT = ROOT / "src" / "newsdesk" / "knowledge" / "data" / "sites.tsv"
SUPPLEMENT = ROOT / "scripts" / "sites_supplement.yaml"
AIRPORT_KM = 60  # an airport's town lies within this distance of the airport
BIG_TOWN = 500_000  # an airport not called "International" is listed when its town is this big


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    h = math.sin((lat2 - lat1) * p / 2) ** 2 + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2
    return 12742 * math.asin(min(1.0, math.sqrt(h)))


def _town(gazetteer, name: str, country: str, near: tuple[float, float] | None = None) -> Entry | None:
    """The town (or division) called ``name`` in ``country``; near ``near`` when given."""
    senses = [e for e in gazetteer.lookup(name) if e.country == country and e.kind in ("city", "admin2", "admin1")
              and e.lat is not None]
    if near is not None:
        senses = [e for e in senses if e.kind == "city" and _km(near[0], near[1], e.lat, e.lon) <= AIRPORT_KM]
        senses.sort(key=lambda e: _km(near[0], near[1], e.lat, e.lon))
    cities = [e for e in senses if e.kind == "city"]
    return (cities or senses or [None])[0]


def _airport_names(name: str, city: str) -> list[str]:
    """'London Heathrow Airport' → itself and 'Heathrow Airport'."""
    names = [name]
    if name.startswith(city + " ") and len(name.split()) > 2:
        names.append(name[len(city) + 1:])
    return names


def build() -> list[tuple[str, str, str, str]]:
    import airportsdata

    gazetteer = load_gazetteer()
    rows: dict[str, tuple[str, str, str, str]] = {}
    for airport in airportsdata.load("IATA").values():
        if "Airport" not in airport["name"] or not airport["city"]:
            continue
        town = _town(gazetteer, airport["city"], airport["country"], (airport["lat"], airport["lon"]))
        if town is None or "International" not in airport["name"] and town.population < BIG_TOWN:
            continue
        for name in _airport_names(airport["name"], airport["city"]):
            rows.setdefault(fold(name), (fold(name), name, town.id, town.name))
    for name, (town_name, country) in yaml.safe_load(SUPPLEMENT.read_text(encoding="utf-8")).items():
        town = _town(gazetteer, town_name, country)
        if town is None:
            print(f"no town {town_name!r} in {country} for {name!r}; left out", file=sys.stderr)
            continue
        rows[fold(name)] = (fold(name), name, town.id, town.name)
    return sorted(rows.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    rows = build()
    args.out.write_text("".join("\t".join(row) + "\n" for row in rows), encoding="utf-8")
    print(f"{len(rows)} sites -> {args.out}")


if __name__ == "__main__":
    main()
