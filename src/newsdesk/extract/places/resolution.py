"""Resolution: one sense per distinct name per document, chosen by a score.

The score adds a prior (countries, then regions, states, towns by population, capitals up), the
document's focus (``focus.py``: its countries and states), a qualifier after a comma ("Paris,
Texas"), kind cues around the mentions ("the province of Panjshir"), and closeness to the other
places the document names. Names the gazetteer does not know stay places with null coordinates:
coordinates are never invented.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from typing import Collection, Optional

from ...knowledge.centres import country_centre
from ...knowledge.gazetteer import Entry, distance_km, fold
from ...model import Place
from .focus import _Context, _document_context, _without
from .mention import LOCAL_KINDS, Mention, inside_of

# How sure each way of finding a mention is that it is a place at all.
SOURCE_CONFIDENCE = {"ner": 0.9, "demonym": 0.8, "qualifier": 0.85, "gazetteer": 0.75,
                     "relabel": 0.7, "facility": 0.6, "site": 0.8, "embedded": 0.5}
COUNTRY_WEIGHT = 1.6
MAX_COHERENCE = 2.5
ADMIN1_PRIOR = 3.8
ADMIN1_SLOPE = 0.1  # per power of ten of population
TOWN_SLOPE = 0.6
ROUNDS = 3  # re-choosing rounds of the coherence step; choices settle after two on real text
UNKNOWN_CONFIDENCE = 0.3
# Raw confidence → share right, fitted on realnews dev (269 listed places, 2026-12-07; right =
# an analyst's place whose point, when we give one, lies within 161 km; country points exempt,
# a convention, docs/GAZETTEER.md): raw < 0.6: 44 places, 0.89 right; 0.6-0.9: 178, 0.89;
# >= 0.9: 47, 0.94. Pooled into steps (isotonic regression).
# Fitted before the record's country points became area centres (issue 16, second pass): the
# coordinator refits it after merging (scripts/calibrate_confidence.py).
CALIBRATION = ((0.0, 0.89), (0.9, 0.94))
DIRECTION_NAMES = {"north", "south", "east", "west", "the north", "the south", "the east", "the west",
                   "northern", "southern", "eastern", "western", "midwest", "the midwest"}
RIVAL_SPREAD = 4.0  # how far below a name's best sense a rival may score and still count
OWN_NAME_BONUS = 0.5
RIVAL_SHARE = 0.5  # share of the nearness bonus a rival sense gives
DWARF_RATIO = 100  # a division this many times a town's population outweighs the town
DWARFED_PENALTY = 4.0  # as for a town named like a country
METROPOLIS = 1_000_000
METROPOLIS_RATIO = 1000  # a world city this many times a town's population outweighs the town


def resolve(mentions: list[Mention], uses: Collection[str] = ("location",), area_centres: bool = True) -> list[Place]:
    """One place per distinct name (its best sense, or an unknown place), with its mentions.

    Every mention informs the choice of senses; only mentions whose ``use`` is in ``uses`` are
    listed, and a place none of whose mentions is listed is left out. ``area_centres``: a
    country's stated point is the middle of its territory, else the gazetteer's feature point
    (senses are chosen on the gazetteer's points either way)."""
    groups: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        groups[mention.key].append(mention)
    context = _document_context(mentions)
    for key, group in groups.items():
        if key in DIRECTION_NAMES:
            _within_focus(group, _without(context, _document_context(group)))  # not by its own vote
    senses = {key: {e.id: e for m in group for e in m.senses} for key, group in groups.items()}
    static = {key: {i: _score(e, groups[key], _without(context, _document_context(groups[key])))
                    for i, e in senses[key].items()} for key in groups}
    chosen = {key: max(scores, key=scores.__getitem__) for key, scores in static.items() if scores}
    rivals = _rivals(static, senses)
    # Senses that cannot win even with the whole nearness bonus are out of the race: they keep
    # their static score (six in ten senses on corpus text; coherence is most of this stage's time).
    floor = {key: max(scores.values()) - MAX_COHERENCE for key, scores in static.items() if scores}
    # A listed site's town is no neighbour of its own: 'the White House' must not pull the
    # story's other names towards Washington as a named town would ('Henderson County Jail',
    # whose town the text names, does).
    sites = {key for key, group in groups.items() if any(m.source == "site" for m in group)}
    for _round in range(ROUNDS):
        voters = {key: i for key, i in chosen.items() if key not in sites}
        totals = {key: {i: s + _coherence(senses[key][i], key, voters, senses, rivals) if s >= floor[key] else s
                        for i, s in scores.items()}
                  for key, scores in static.items() if scores}
        settled = chosen
        chosen = {key: max(scores, key=lambda i: (scores[i], i)) for key, scores in totals.items()}
        if chosen == settled:
            break  # another round would compute the same totals
    _sites_follow_their_towns(groups, senses, chosen)
    places: dict[str, Place] = {}
    for key, every in groups.items():
        group = [m for m in every if m.use in uses]
        if not group:
            continue
        entry = senses[key][chosen[key]] if key in chosen else None
        margin = _margin(totals[key], chosen[key]) if entry else 0.0
        confidence = _confidence(group, entry, margin)
        if all(m.use == "location" for m in group):
            confidence = calibrated(confidence)
        slug = re.sub(r"[^a-z0-9]+", "-", key).strip("-")
        site = any(m.site for m in group)
        part_of = next((m.region_of for m in group if m.region_of is not None), None)
        place_id = "site-" + slug if site else "region-" + slug if part_of else entry.id if entry else "place-" + slug
        place = places.get(place_id)
        if place is None and part_of is not None:  # 'north-east Syria': a region of Syria, no known point
            # 'central London' lies within its city, whose point is within a few km of it;
            # a part of a country or state has no point we know.
            point = (part_of.lat, part_of.lon) if part_of.kind == "city" else (None, None)
            place = places[place_id] = Place(id=place_id, name=group[0].surface, kind="region",
                                             country=part_of.country, lat=point[0], lon=point[1],
                                             confidence=confidence)
        if place is None:
            place = places[place_id] = _place(place_id, entry, group[0].surface, confidence, site, area_centres)
        place.mentions.extend((m.start, m.end) for m in group)
        place.confidence = max(place.confidence or 0.0, confidence)
    for place in places.values():
        place.mentions = sorted(set(place.mentions))
    return sorted(places.values(), key=lambda p: p.mentions[0][0])


def _sites_follow_their_towns(groups: dict[str, list[Mention]], senses: dict[str, dict[str, Entry]],
                              chosen: dict[str, str]) -> None:
    """A site named after a town the text also names alone ('Hanover police station' beside
    'Hanover') stands in the sense chosen for that town: one sense per name per document."""
    for key, group in groups.items():
        town_key = next((m.town_key for m in group if m.town_key), None)
        town = chosen.get(town_key) if town_key and town_key != key else None
        if town is not None and town in senses[key]:
            chosen[key] = town


def _within_focus(group: list[Mention], context: _Context) -> None:
    """'the East', 'the West', 'the South': a direction word as a noun names a part of the
    country the story is about (Cameroon's East region only in a story about Cameroon), and
    outside the story's countries no place at all ('the West' is no town in Cameroon)."""
    for mention in group:
        mention.senses = [e for e in mention.senses if e.kind != "country" and context.countries[e.country]]
        if not mention.senses and mention.use == "location":
            mention.use = "unplaced"


def _margin(scores: dict[str, float], best: str) -> float:
    others = [s for i, s in scores.items() if i != best]
    return scores[best] - max(others) if others else 5.0


def _place(place_id: str, entry: Optional[Entry], surface: str, confidence: float, site: bool = False,
           area_centres: bool = False) -> Place:
    if entry is None:
        return Place(id=place_id, name=surface, kind="other", confidence=confidence)
    if site:  # 'Düsseldorf airport': its own name, at its town's point
        return Place(id=place_id, name=surface, kind="other", country=entry.country, lat=entry.lat, lon=entry.lon,
                     confidence=confidence)
    lat, lon = entry.lat, entry.lon
    if area_centres and entry.kind == "country":
        lat, lon = country_centre(entry.country) or (lat, lon)
    return Place(id=place_id, name=entry.name, kind=entry.kind, country=entry.country, lat=lat,
                 lon=lon, geonames_id=entry.geonames_id, confidence=confidence)


def _score(entry: Entry, group: list[Mention], context: _Context) -> float:
    """Prior plus what the document and the text around the mentions say about this sense."""
    score = _prior(entry)
    if fold(entry.name) == group[0].key:
        score += OWN_NAME_BONUS  # the place's own name, not one of its alternate names
    if entry.country and entry.kind != "country" and context.countries[entry.country]:
        # The share of the document's country evidence, so that one 'U.S.' in a story about
        # Britain does not pull 'London' to Ohio.
        score += COUNTRY_WEIGHT * (0.5 + context.countries[entry.country] / sum(context.countries.values()))
    if entry.admin1 and entry.kind not in ("admin1", "country"):
        score += min(context.admin1[entry.admin1], 3) * 1.0
    qualified = any(m.qualifier is not None for m in group)
    if entry.kind in ("city", "admin2") and not qualified and any(e.kind == "country" for m in group for e in m.senses):
        score -= 4  # 'China' is the country, not China, Texas, unless the text says 'China, Texas'
    elif entry.kind == "admin1" and not qualified and any(e.kind == "country" and e.country == entry.country
                                                          for m in group for e in m.senses):
        # 'Guatemala', 'Mexico': the country, not its division of the same name, which the
        # country's own mentions would otherwise pull up (corpus: 'Authorities in Guatemala').
        score -= 4
    elif entry.kind in ("city", "admin2") and not qualified and _dwarfed_by_division(entry, group):
        # 'Florida' is the state, not the town of 2,900 in New York, unless the text says
        # 'Florida, N.Y.' (corpus: the town won through the story's New York mentions).
        score -= DWARFED_PENALTY
    elif entry.kind == "city" and not qualified and _dwarfed_by_metropolis(entry, group):
        # 'London' is London, not London, California (1,800 people) in a story set in California
        # (GeoWebNews: 'a Spanish artist based in London'); 'London, Ky.' still is Kentucky's.
        score -= DWARFED_PENALTY
    elif fold(entry.name) != group[0].key and _dwarfed_by_namesake(entry, group):
        # 'Boston' is Boston, not Ebon in the Marshall Islands (714 people), once 'Boston Atoll'
        # (corpus: 'the Boston region' of a Federal Reserve report).
        score -= DWARFED_PENALTY
    for mention in group:
        if mention.qualifier is not None and inside_of(entry, mention.qualifier):
            score += 6
        if mention.cue:
            score += 2.5 if mention.cue == entry.kind else -1.0
        if mention.cue_country:
            score += 4 if mention.cue_country == entry.country else -2
        if mention.label == "LOC" and entry.kind == "region":
            score += 0.5
    return score


def _dwarfed_by_division(entry: Entry, group: list[Mention]) -> bool:
    """Whether the name is also a first-level division with a hundred times the town's people
    (not 'New York' against New York City, nor 'Washington' against the capital)."""
    return any(e.kind == "admin1" and e.population > DWARF_RATIO * max(entry.population, 1)
               for m in group for e in m.senses)


def _dwarfed_by_metropolis(entry: Entry, group: list[Mention]) -> bool:
    """Whether a world city of the same name (a capital, or a million people) has a thousand
    times the people of the town ``entry``."""
    return any(e.kind == "city" and e.country != entry.country and (e.feature == "PPLC" or e.population >= METROPOLIS)
               and e.population > METROPOLIS_RATIO * max(entry.population, 1) and fold(e.name) == group[0].key
               for m in group for e in m.senses)


def _dwarfed_by_namesake(entry: Entry, group: list[Mention]) -> bool:
    """Whether a place bearing the name as its own name has a hundred times the people of
    ``entry``, which bears it only as an alternate name."""
    key = group[0].key
    return any(e.population > DWARF_RATIO * max(entry.population, 1) and fold(e.name) == key
               for m in group for e in m.senses)


def _rivals(static: dict[str, dict[str, float]], senses: dict[str, dict[str, Entry]]) -> dict[str, list[Entry]]:
    """Per name, the runner-up senses still in the race (static score within RIVAL_SPREAD of the
    best). Why: choosing each name given the others' current choices gets stuck when two names
    only make sense together ('Paris' and 'Henry County' are both in Tennessee, but each alone
    picks France and Georgia); a sense near some plausible sense of another name gets part of
    the bonus."""
    found = {}
    for key, scores in static.items():
        if not scores:
            continue
        best = max(scores.values())
        found[key] = [senses[key][i] for i, s in scores.items() if s >= best - RIVAL_SPREAD
                      and senses[key][i].kind in LOCAL_KINDS]
    return found


def _coherence(entry: Entry, key: str, chosen: dict[str, str], senses: dict[str, dict[str, Entry]],
               rivals: dict[str, list[Entry]]) -> float:
    """Places named together lie together: a bonus for each other chosen place nearby (part of
    it for a rival sense nearby), and for a state that holds other chosen places ('Georgia' with
    'Atlanta')."""
    if entry.kind not in LOCAL_KINDS:
        return 0.0
    bonus = 0.0
    for other_key, other_id in chosen.items():
        other = senses[other_key][other_id]
        if other_key == key or other.id == entry.id:
            continue
        if entry.kind == "admin1":
            bonus += 1.0 if other.kind in LOCAL_KINDS and other.admin1 == entry.admin1 else 0.0
            continue
        near = _nearness(entry, other) if other.kind in LOCAL_KINDS else 0.0
        if near < RIVAL_SHARE:  # else no rival could give more (nearness is at most 1)
            alternative = max((_nearness(entry, r) for r in rivals.get(other_key, ()) if r.id != other.id), default=0.0)
            near = max(near, RIVAL_SHARE * alternative)
        bonus += near
        if bonus >= MAX_COHERENCE:
            break  # capped: the rest cannot change it
    return min(bonus, MAX_COHERENCE)


def _nearness(entry: Entry, other: Entry) -> float:
    """How much being near ``other`` says: 1 within 50 km, fading to nothing at 400 km."""
    km = distance_km(entry, other)
    if km is None:
        return 0.0
    return 1.0 if km < 50 else 0.7 if km < 150 else 0.3 if km < 400 else 0.0


def _prior(entry: Entry) -> float:
    """How likely a name means this place before any context: bigger and higher places first."""
    if entry.kind == "country":
        return 6.5  # above any town of the same name ('Mexico' is also Mexico City's alias)
    if entry.kind == "region":
        return 5.5
    if entry.kind == "admin1":
        return ADMIN1_PRIOR + min(math.log10(entry.population + 1), 7) * ADMIN1_SLOPE
    if entry.kind == "admin2":
        return 1.5
    capital = 0.7 if entry.feature == "PPLC" else 0.0
    return 1.0 + math.log10(entry.population + 1) * TOWN_SLOPE + capital


def _confidence(group: list[Mention], entry: Optional[Entry], margin: float) -> float:
    """How sure we are it is a place (the best source among its mentions) times how sure the
    sense is (the score margin over the runner-up)."""
    found = max(SOURCE_CONFIDENCE.get(m.source, 0.5) for m in group)
    if entry is None:
        return round(min(found, UNKNOWN_CONFIDENCE + 0.2 * (len(group) > 1)), 2)
    sense = 0.5 + 0.5 * math.tanh(margin / 2)
    return round(found * sense, 2)


def calibrated(raw: float) -> float:
    """The share of listed places with raw confidence ``raw`` that are right, read off
    ``CALIBRATION`` (a step function: isotonic regression of rightness on the raw score)."""
    return next(value for floor, value in reversed(CALIBRATION) if raw >= floor)


__all__ = ["CALIBRATION", "SOURCE_CONFIDENCE", "calibrated", "resolve"]
