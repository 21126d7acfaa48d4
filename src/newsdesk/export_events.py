"""Events in the shapes analysts load them in: GDELT 1.0's event table and ACLED's export columns.

Both read one joined row per event (``export._EVENTS_SQL``) and the code tables of
``knowledge/data/event_codes.json`` (built by scripts/build_event_codes.py from the PLOVER codebook's
event × mode pairs): PLOVER → CAMEO event codes for GDELT, PLOVER → ACLED disorder, event and
sub-event types, and ISO → FIPS 10-4 country codes (GDELT's geography columns). A code the text
does not support stays empty; docs/SCHEMA.md says which columns and why.
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from typing import Optional

from .knowledge import DATA_DIR
from .store.rows import date_precision

CODES_FILE = "event_codes.json"
# CAMEO root code → GDELT QuadClass (1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
# 4 material conflict), as GDELT derives it.
QUAD_OF_ROOT = {**{f"{r:02d}": 1 for r in range(1, 6)}, **{f"{r:02d}": 2 for r in range(6, 10)},
                **{f"{r:02d}": 3 for r in range(10, 15)}, **{f"{r:02d}": 4 for r in range(15, 21)}}
# GDELT ActionGeo_Type from the place kind (4 world city, 5 world state; 2/3 for the US); admin2 and
# regions have no GDELT type.
GEO_TYPE = {"country": 1, "admin1": 5, "city": 4}
# ACLED geo_precision: 1 the town itself, 2 a part of a region near a town, 3 a province or larger.
GEO_PRECISION = {"city": 1, "admin2": 2, "admin1": 3, "country": 3, "region": 3}
# ACLED time_precision: 1 the day, 2 the week (or a few days around it), 3 the month or longer.
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
# ACLED inter codes from the CAMEO sector of an actor code: 1 state forces, 2 rebels, 7 civilians;
# other sectors (GOV without forces, parties, media, ...) are not actor types ACLED names.
INTER_OF_SECTOR = {"MIL": 1, "COP": 1, "SPY": 1, "REB": 2, "INS": 2, "CVL": 7, "REF": 7}

GDELT_COLUMNS = (
    ("GLOBALEVENTID", "TEXT"), ("SQLDATE", "INTEGER"), ("MonthYear", "INTEGER"), ("Year", "INTEGER"),
    ("DatePrecision", "TEXT"), ("Actor1Name", "TEXT"), ("Actor1Code", "TEXT"), ("Actor1CountryCode", "TEXT"),
    ("Actor1Wikidata", "TEXT"), ("Actor2Name", "TEXT"), ("Actor2Code", "TEXT"), ("Actor2CountryCode", "TEXT"),
    ("Actor2Wikidata", "TEXT"), ("EventCode", "TEXT"), ("EventBaseCode", "TEXT"), ("EventRootCode", "TEXT"),
    ("QuadClass", "INTEGER"), ("PloverType", "TEXT"), ("PloverMode", "TEXT"), ("IsNegated", "BOOLEAN"),
    ("IsHypothetical", "BOOLEAN"), ("Confidence", "DOUBLE PRECISION"), ("ActionGeo_Type", "INTEGER"),
    ("ActionGeo_FullName", "TEXT"), ("ActionGeo_CountryCode", "TEXT"), ("ActionGeo_Lat", "DOUBLE PRECISION"),
    ("ActionGeo_Long", "DOUBLE PRECISION"), ("ActionGeo_FeatureID", "INTEGER"), ("DocId", "TEXT"),
    ("CharStart", "INTEGER"), ("CharEnd", "INTEGER"), ("SOURCEURL", "TEXT"), ("EventText", "TEXT"))

ACLED_COLUMNS = (
    ("event_id_cnty", "TEXT"), ("event_date", "TEXT"), ("year", "INTEGER"), ("time_precision", "INTEGER"),
    ("disorder_type", "TEXT"), ("event_type", "TEXT"), ("sub_event_type", "TEXT"), ("actor1", "TEXT"),
    ("assoc_actor_1", "TEXT"), ("inter1", "INTEGER"), ("actor2", "TEXT"), ("assoc_actor_2", "TEXT"),
    ("inter2", "INTEGER"), ("interaction", "INTEGER"), ("iso", "INTEGER"), ("country", "TEXT"),
    ("admin1", "TEXT"), ("admin2", "TEXT"), ("location", "TEXT"), ("latitude", "DOUBLE PRECISION"),
    ("longitude", "DOUBLE PRECISION"), ("geo_precision", "INTEGER"), ("source", "TEXT"), ("notes", "TEXT"),
    ("plover_type", "TEXT"), ("plover_mode", "TEXT"), ("doc_id", "TEXT"), ("char_start", "INTEGER"),
    ("char_end", "INTEGER"))


@lru_cache(maxsize=1)
def codes() -> dict:
    """The code tables (knowledge/data/event_codes.json)."""
    return json.loads((DATA_DIR / CODES_FILE).read_text(encoding="utf-8"))


def cameo_code(plover_type: str, mode: Optional[str]) -> Optional[str]:
    """The CAMEO event code of a PLOVER type and mode (the type's base code for an unknown mode)."""
    table = codes()["cameo"].get(plover_type)
    if table is None:
        return None
    return table.get(mode or "", table[""])


def acled_types(plover_type: str, mode: Optional[str]) -> Optional[list[str]]:
    """(disorder_type, event_type, sub_event_type) for an event ACLED records, else None."""
    table = codes()["acled"].get(plover_type)
    if table is None:
        return None
    if mode and mode in table:  # null: a mode ACLED does not record (a strike or a boycott on its own)
        return table[mode]
    return table.get("")


def acled_recorded(plover_type: str, mode: Optional[str], negated: bool, hypothetical: bool) -> bool:
    """Whether ACLED would record this event at all: a type it codes, and one that happened."""
    return not negated and not hypothetical and acled_types(plover_type, mode) is not None


def _event_date(e: dict) -> tuple[Optional[str], Optional[str]]:
    """The event's date and its precision; the publication date when the text gives none."""
    when = e["date"] or e["published"] or None
    return when, date_precision(when)


def _period_start(value: Optional[str]) -> Optional[date]:
    from .export import period_start

    return period_start(value) if value else None


def _country3(cameo: Optional[str]) -> Optional[str]:
    """The CAMEO country part of an actor code ('AFGGOV' → 'AFG'), when it is a country."""
    import pycountry

    head = (cameo or "")[:3]
    return head if len(head) == 3 and pycountry.countries.get(alpha_3=head) else None


def gdelt_row(e: dict) -> dict:
    """One event as a GDELT 1.0 event-table row, newsdesk's extensions (Wikidata, PLOVER, offsets) beside."""
    when, precision = _event_date(e)
    start = _period_start(when)
    code = cameo_code(e["type"], e["mode"])
    root = code[:2] if code else None
    return {
        "GLOBALEVENTID": f"{e['doc_id']}-{e['idx']}",
        "SQLDATE": int(start.strftime("%Y%m%d")) if start else None,
        "MonthYear": int(start.strftime("%Y%m")) if start and precision != "year" else None,
        "Year": start.year if start else None, "DatePrecision": precision if start else None,
        "Actor1Name": e["actor_name"], "Actor1Code": e["actor_cameo"], "Actor1CountryCode": _country3(e["actor_cameo"]),
        "Actor1Wikidata": e["actor_wikidata"], "Actor2Name": e["recipient_name"], "Actor2Code": e["recipient_cameo"],
        "Actor2CountryCode": _country3(e["recipient_cameo"]), "Actor2Wikidata": e["recipient_wikidata"],
        "EventCode": code, "EventBaseCode": code[:3] if code else None, "EventRootCode": root,
        "QuadClass": QUAD_OF_ROOT.get(root or ""), "PloverType": e["type"], "PloverMode": e["mode"],
        "IsNegated": bool(e["negated"]), "IsHypothetical": bool(e["hypothetical"]), "Confidence": e["confidence"],
        "ActionGeo_Type": GEO_TYPE.get(e["place_kind"] or "") if e["place_name"] else None,
        "ActionGeo_FullName": e["place_name"], "ActionGeo_CountryCode": codes()["fips"].get(e["country"] or ""),
        "ActionGeo_Lat": e["lat"], "ActionGeo_Long": e["lon"], "ActionGeo_FeatureID": e["geonames_id"],
        "DocId": e["doc_id"], "CharStart": e["char_start"], "CharEnd": e["char_end"],
        "SOURCEURL": e["source"], "EventText": e["text"],
    }


def _inter(cameo: Optional[str], plover_type: str, mode: Optional[str], role: str) -> Optional[int]:
    """ACLED's actor type: protesters (6) or rioters (5) for the actor of a protest; otherwise from the
    CAMEO sector of the actor code where it names one (state forces, rebels, civilians), else None."""
    if role == "actor1" and plover_type == "PROTEST":
        return 5 if mode == "riot" else 6
    sector = (cameo or "")[3:6] if _country3(cameo) else (cameo or "")[:3]
    return INTER_OF_SECTOR.get(sector)


def acled_row(e: dict) -> dict:
    """One event as an ACLED export row (only for events ``acled_recorded`` keeps)."""
    when, precision = _event_date(e)
    start = _period_start(when)
    disorder, event_type, sub_type = acled_types(e["type"], e["mode"]) or ("", "", "")
    inter1 = _inter(e["actor_cameo"], e["type"], e["mode"], "actor1") if e["actor_name"] else None
    inter2 = _inter(e["recipient_cameo"], e["type"], e["mode"], "actor2") if e["recipient_name"] else None
    country = _country(e["country"])
    kind = e["place_kind"] or ""
    return {
        "event_id_cnty": f"{e['doc_id']}-{e['idx']}", "event_date": start.isoformat() if start else None,
        "year": start.year if start else None, "time_precision": TIME_PRECISION.get(precision or "") if start else None,
        "disorder_type": disorder or None, "event_type": event_type or None, "sub_event_type": sub_type or None,
        "actor1": e["actor_name"], "assoc_actor_1": None, "inter1": inter1,
        "actor2": e["recipient_name"], "assoc_actor_2": None, "inter2": inter2,
        "interaction": _interaction(inter1, inter2),
        "iso": country[0] if country else None, "country": country[1] if country else None,
        "admin1": e["place_name"] if kind == "admin1" else None, "admin2": e["place_name"] if kind == "admin2" else None,
        "location": e["place_name"], "latitude": e["lat"], "longitude": e["lon"],
        "geo_precision": GEO_PRECISION.get(kind) if e["place_name"] else None,
        "source": e["publisher"], "notes": e["text"], "plover_type": e["type"], "plover_mode": e["mode"],
        "doc_id": e["doc_id"], "char_start": e["char_start"], "char_end": e["char_end"],
    }


def _interaction(inter1: Optional[int], inter2: Optional[int]) -> Optional[int]:
    """ACLED's interaction code: the two inter codes, lower first; one actor alone is inter1 × 10."""
    if inter1 is None:
        return None
    if inter2 is None:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def _country(alpha2: Optional[str]) -> Optional[tuple[int, str]]:
    """(ISO 3166 numeric, English short name), as ACLED's iso and country columns give them."""
    import pycountry

    found = pycountry.countries.get(alpha_2=alpha2) if alpha2 else None
    return (int(found.numeric), found.name) if found else None
