"""The actor knowledge base: build, dated codes, linking (father and son), and accuracy on real mentions."""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

import pytest
import yaml

from newsdesk.extract.actors.linking import link_actors
from newsdesk.knowledge import DATA_DIR
from newsdesk.knowledge.actors_kb import KB_FILE, SUPPLEMENT_FILE, agent_codes, describe, link, load_kb, lookup
from newsdesk.model import Actor, KBLink

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ACTOR_DICTIONARIES = SHARED / "data" / "actors"
POLNEAR_DEV = SHARED / "eval" / "quotes" / "polnear.dev.jsonl"
PLOVER_GSR_DEV = SHARED / "eval" / "events" / "plover_gsr.dev.jsonl"


# ---------------------------------------------------------------- the father and the son


def test_son_is_not_his_father():
    son = link("Ahmad Massoud", "person", [], "2021-08-20")
    assert son is not None and son.id == "ahmad-massoud"
    assert son.code_at("2021-08-20") == "AFGREB"
    with_role = link("Ahmad Massoud", "person", ["son of Ahmad Shah Massoud"], "2021-08-20")
    assert with_role is not None and with_role.id == "ahmad-massoud"
    assert link("Ahmed Massoud", "person", [], "2021-08-20").id == "ahmad-massoud"  # spelling variant
    assert link("Massoud", "person", ["son of Ahmad Shah Massoud"], "2021-08-20").id == "ahmad-massoud"


def test_father_links_by_name_or_by_kinship():
    father = link("Ahmad Shah Massoud", "person", ["father of Ahmad Massoud"], "2021-08-20")
    assert father is not None and father.id == "ahmad-shah-massoud"
    commander = link("Commander Massoud", "person", ["father of Ahmad Massoud", "Commander"], "2021-08-20")
    assert commander is not None and commander.id == "ahmad-shah-massoud"
    assert father.code_at("1995-01-01") == "AFGGOVMIL" and father.code_at("2021-08-20") == "AFGREB"
    # Without the kinship role a bare 'Commander Massoud' in 2021 is not clear enough.
    assert link("Commander Massoud", "person", [], "2021-08-20") is None


def test_kinship_and_birth_rule_out_links():
    # An actor who is the son of Ahmad Shah Massoud cannot be Ahmad Shah Massoud.
    assert link("Ahmad Shah Massoud", "person", ["son of Ahmad Shah Massoud"], "2021-08-20") is None
    assert link("Ahmad Massoud", "person", [], "1985-01-01") is None  # born 1989


# ---------------------------------------------------------------- countries, dates, agents


@pytest.mark.parametrize("name, cameo, wikidata", [
    ("Afghanistan", "AFG", "Q889"), ("United States", "USA", "Q30"), ("the United States", "USA", "Q30"),
    ("US", "USA", "Q30"), ("U.S.", "USA", "Q30"), ("Russia", "RUS", "Q159"), ("Ukraine", "UKR", "Q212"),
])
def test_country_actors(name, cameo, wikidata):
    entry = link(name, "country", [], "2021-08-20")
    assert entry is not None and entry.kind == "country"
    assert (entry.code_at("2021-08-20"), entry.wikidata) == (cameo, wikidata)


def test_places_and_peoples_are_coded_not_identified():
    kabul = link("Kabul", "other", [], "2021-08-20")
    afghans = link("Afghans", "group", [], "2021-08-20")
    for entry in (kabul, afghans):
        assert entry is not None and entry.kind == "coded" and entry.wikidata is None
        assert entry.code_at("2021-08-20") == "AFG"
    assert link("Kabul", "person", [], None) is None


def test_words_that_are_not_names_do_not_link():
    for name, actor_type in [("us", "country"), ("he", "person"), ("who", "person"), ("I", "person"),
                             ("Jordan", "person"), ("Mr. Ban", "person"), ("Sanders", "person")]:
        assert link(name, actor_type, [], "2016-09-12") is None, name


def test_dated_codes_follow_the_document_date():
    taliban = link("Taliban", "group", [], "2010-05-01")
    assert taliban.code_at("2010-05-01") == "AFGREB" and taliban.code_at("2022-01-01") == "AFGGOV"
    ghani = link("Ashraf Ghani", "person", [], "2016-01-01")
    codes = [ghani.code_at(d) for d in ("2003-01-01", "2016-01-01", "2023-01-01")]
    assert codes == ["AFGGOVBUS", "AFGGOV", "AFGELI"]


def test_two_digit_years_in_the_dictionaries():
    # 'MOHAMMAD_ZAHIR_SHAH_ [AFGGOV 331108-730717] [AFGELI 730717-070723]': 33 is 1933, 07 is 2007.
    (king,) = [e for e in lookup("Mohammad Zahir Shah") if e.country == "AFG"]
    assert king.code_at("1950-01-01") == "AFGGOV" and king.code_at("1980-01-01") == "AFGELI"


def test_agents_give_sectors():
    assert agent_codes("Defense Minister") == ["GOV", "MIL"]
    assert agent_codes("rebels") == ["REB"] and agent_codes("police chief") == ["COP"]
    assert agent_codes("President") == ["GOV"] and agent_codes("son of Ahmad Shah Massoud") == []


def test_nationality_and_agent_compose_a_code():
    for name, code in [("Sudanese government", "SDNGOV"), ("Sudan's government", "SDNGOV"),
                       ("rebels in the Ivory Coast", "CIVREB"), ("president of Armenia", "ARMGOV")]:
        entry = link(name, "organization", [], None)
        assert entry is not None and entry.code_at() == code and entry.wikidata is None, name


# ---------------------------------------------------------------- link_actors and describe


def _seed_actors() -> list[Actor]:
    return [
        Actor(id="ahmad-massoud", name="Ahmad Massoud", type="person", roles=["son of Ahmad Shah Massoud"]),
        Actor(id="ahmad-shah-massoud", name="Ahmad Shah Massoud", type="person", aliases=["Commander Massoud"],
              roles=["father of Ahmad Massoud", "Commander", "national hero"]),
        Actor(id="afghanistan", name="Afghanistan", type="country"),
        Actor(id="taliban", name="Taliban", type="organization"),
        Actor(id="ashraf-ghani", name="Ashraf Ghani", type="person", roles=["President", "sector:GOV"]),
        Actor(id="iswnews", name="ISWNews Analysis Group", type="organization"),
        Actor(id="muhammad", name="Muhammad", type="person"),
    ]


def test_link_actors_fills_kb_and_sectors_without_touching_the_input():
    actors = _seed_actors()
    before = [a.model_dump() for a in actors]
    linked = {a.id: a for a in link_actors(actors, "2021-08-20")}
    assert [a.model_dump() for a in actors] == before
    assert linked["ahmad-massoud"].kb == KBLink(wikidata=None, cameo="AFGREB")
    assert linked["ahmad-shah-massoud"].kb.cameo == "AFGREB"
    assert linked["afghanistan"].kb == KBLink(wikidata="Q889", cameo="AFG")
    assert linked["taliban"].kb.cameo == "AFGGOV"
    assert linked["iswnews"].kb.cameo == "MED"
    assert linked["muhammad"].kb is None
    assert linked["ahmad-shah-massoud"].roles[-1] == "sector:MIL"
    assert linked["ashraf-ghani"].roles == ["President", "sector:GOV"]  # no duplicate
    again = link_actors(list(linked.values()), "2021-08-20")
    assert [a.roles for a in again] == [a.roles for a in linked.values()]


def test_describe_is_json_ready():
    out = describe("Ahmad Massoud")
    assert out["link"]["id"] == "ahmad-massoud" and out["link"]["relations"]["father"] == "ahmad-shah-massoud"
    assert "ahmad-shah-massoud" not in [c["id"] for c in out["candidates"]]
    json.dumps(out)
    assert describe("nobody in particular xyz")["link"] is None


# ---------------------------------------------------------------- the shipped files


def test_supplement_is_consistent():
    data = yaml.safe_load((DATA_DIR / SUPPLEMENT_FILE).read_text(encoding="utf-8"))
    with gzip.open(DATA_DIR / KB_FILE, "rt", encoding="utf-8") as handle:
        built = {row[0] for row in json.load(handle)["entries"]}
    ids = [item["id"] for item in data["entries"]]
    assert len(ids) == len(set(ids)) and len(ids) >= 30
    for item in data["entries"]:
        assert item.get("source"), item["id"]
        assert item.get("wikidata") is None or re.fullmatch(r"Q\d+", item["wikidata"]), item["id"]
        assert set(item.get("merges", [])) <= built, item["id"]
        assert set((item.get("relations") or {}).values()) <= set(ids), item["id"]


def test_kb_is_compact_and_licensed():
    path = DATA_DIR / KB_FILE
    assert path.stat().st_size < 3_000_000
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        raw = json.load(handle)
    assert "MIT License" in raw["license"] and "Open Event Data Alliance" in raw["license"]
    assert len(load_kb().rows) > 20000


def test_build_is_deterministic_and_current(tmp_path, monkeypatch):
    if not ACTOR_DICTIONARIES.is_dir():
        pytest.skip(f"Phoenix dictionaries not found at {ACTOR_DICTIONARIES}")
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_actor_kb", ROOT / "scripts" / "build_actor_kb.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    module.build(ACTOR_DICTIONARIES, tmp_path / KB_FILE)
    assert (tmp_path / KB_FILE).read_bytes() == (DATA_DIR / KB_FILE).read_bytes(), "rebuild the KB"


# ---------------------------------------------------------------- real mentions from the dev sets

# (surface as the data gives it, actor type, expected): a canonical name, 'cameo:' + the CAMEO
# code, or None where the right answer is no link (pronouns; people the KB does not have). Written
# by hand from what each mention refers to, not from what the linker returns: misses count.
POLNEAR = [
    ("Trump", "person", "Donald Trump"), ("Donald Trump", "person", "Donald Trump"),
    ("Mr. Trump", "person", "Donald Trump"), ("Donald J. Trump", "person", "Donald Trump"),
    ("Trump’s", "person", "Donald Trump"), ("Republican nominee Donald Trump", "person", "Donald Trump"),
    ("Hillary Clinton", "person", "Hillary Clinton"), ("Clinton", "person", "Hillary Clinton"),
    ("Mrs. Clinton", "person", "Hillary Clinton"),
    ("Democratic nominee Hillary Clinton", "person", "Hillary Clinton"),
    ("Rival Hillary Clinton", "person", "Hillary Clinton"), ("Obama", "person", "Barack Obama"),
    ("Mr. Obama", "person", "Barack Obama"), ("President Obama", "person", "Barack Obama"),
    ("President Barack Obama", "person", "Barack Obama"), ("Russia", "country", "Russia"),
    ("the United States", "country", "United States"), ("North Korea", "country", "North Korea"),
    ("China, Pyongyang's only ally and its economic lifeline to the outside world,", "country", "China"),
    ("NATO", "organization", "NATO"), ("The IMF", "organization", "IMF"),
    ("the FBI", "organization", "Federal Bureau of Investigation"),
    ("The White House", "organization", "White House"), ("The New York Times", "organization", "New York Times"),
    ("The Washington Post", "organization", "Washington Post"),
    ("the Security Council", "organization", "UN Security Council"),
    ("The United Nations Security Council", "organization", "UN Security Council"),
    ("European Council President Donald Tusk", "person", "Donald Tusk"),
    ("British Prime Minister Theresa May", "person", "Theresa May"),
    ("Homeland Security Secretary Jeh Johnson", "person", "Jeh Johnson"), ("Mr. Ban", "person", "Ban Ki Moon"),
    ("Congress", "organization", "United States Congress"),
    ("the Supreme Court", "organization", "cameo:USAGOVJUD"),
    ("the Obama administration", "organization", "cameo:USAGOV"), ("Mexicans", "group", "cameo:MEX"),
    ("Sanders", "person", None), ("Lynch", "person", None), ("Mike Pence", "person", None),
    ("House Speaker Paul Ryan, R-Wis.,", "person", None), ("Attorney General Eric Schneiderman", "person", None),
    ("PolitiFact", "organization", None), ("he", "person", None), ("they", "group", None), ("who", "person", None),
]
PLOVER_GSR = [
    ("Libya", "country", "cameo:LBY"), ("Great Britain", "country", "United Kingdom"),
    ("Hungary", "country", "cameo:HUN"), ("U.N. Security Council", "organization", "UN Security Council"),
    ("Finland", "country", "cameo:FIN"), ("European Community", "organization", "cameo:IGOEUREEC"),
    ("British Defence Secretary Tom King", "person", "cameo:GBRGOVMIL"),
    ("Lebanon's new President Elias Hrawi", "person", "Elias Hrawi"),
    ("United Nations", "organization", "United Nations"), ("Sudanese government", "organization", "cameo:SDNGOV"),
    ("SPLM/A", "group", "cameo:SDNREB"), ("Putin", "person", "Vladimir Putin"),
    ("president of Armenia", "person", "cameo:ARMGOV"), ("Moroccan diplomats", "group", "cameo:MARGOV"),
    ("German government", "organization", "cameo:DEUGOV"), ("President Reagan's", "person", "Ronald Reagan"),
    ("Nigerian President Olusegun Obasanjo", "person", "Olusegun Obasanjo"),
    ("Israeli intelligence", "organization", "cameo:ISRSPY"), ("U.S.", "country", "United States"),
    ("Panamanian army", "organization", "cameo:PANMIL"),
    ("Ivory Coast's Supreme Court", "organization", "cameo:CIVJUD"),
    ("Alassane Ouattara", "person", "Alassane Ouattara"), ("President Omar El Bashir", "person", "Umar al Bashir"),
    ("Sudan's government", "organization", "cameo:SDNGOV"),
    ("Federal Minister for Interior Aftab Ahmad Khan Sherpao", "person", "Aftab Ahmad Khan Sherpao"),
    ("Khartoum government", "organization", "cameo:SDNGOV"), ("Israeli army", "organization", "cameo:ISRMIL"),
    ("ethnic Albanian guerrillas", "group", "cameo:ALBREB"), ("Croatian extremists", "group", "cameo:HRVRAD"),
    ("French President Jacques Chirac", "person", "Jacques Chirac"), ("British minister", "person", "cameo:GBRGOV"),
    ("Red Cross operating in Iraq", "organization", "cameo:NGOHLHIRC"),
    ("US forces", "organization", "cameo:USAMIL"),
    ("Former Socialist prime minister Andreas Papandreou", "person", "Andreas Papandreou"),
    ("Opposition groups in Zimbabwe", "group", "cameo:ZWEOPP"), ("President Mugabe", "person", "Robert Mugabe"),
    ("Burundi's government", "organization", "cameo:BDIGOV"),
    ("International Labor Office", "organization", "cameo:IGOUNOLABILO"),
    ("United Nations Emergency Relief Coordinator", "person", "cameo:IGOUNO"),
    ("Egyptian President Hosni Mubarak", "person", "Hosni Mubarak"),
    ("Turkish government", "organization", "cameo:TURGOV"), ("East Timor", "country", "cameo:TMP"),
    ("Vice-President Moody Awori", "person", "Moody Awori"),
    ("President Levy Mwanawasa", "person", "Levy Mwanawasa"), ("US authorities", "organization", "cameo:USAGOV"),
    ("Burma", "country", "cameo:MMR"), ("Beirut", "other", "cameo:LBN"),
    ("Rebels in the Ivory Coast", "group", "cameo:CIVREB"), ("President Laurent Gbago", "person", "Laurent Gbagbo"),
    ("Palestinian Islamic Jihad", "group", "Palestinian Islamic Jihad"),
    ("Palestinian Prime Minister Ismail Haniyeh", "person", "Ismail Haniyeh"),
    ("US President", "person", "cameo:USAGOV"), ("French minister", "person", "cameo:FRAGOV"),
    ("Iraq's interim government", "organization", "cameo:IRQGOV"), ("French farmers", "group", "cameo:FRAAGR"),
    ("Paris", "other", "cameo:FRA"), ("Hamas", "group", "Hamas"), ("Algerian landowners", "group", "cameo:DZACVL"),
    ("Algerian government forces", "organization", "cameo:DZAMIL"),
    ("Serbian Labour Minister Dragan Milovanovic", "person", "cameo:SRBGOVLAB"),
    ("opposition parties in Nepal", "group", "cameo:NPLOPP"), ("Baghdad", "other", "cameo:IRQ"),
    ("Chinese authorities", "organization", "cameo:CHNGOV"), ("Israeli military", "organization", "cameo:ISRMIL"),
    ("Macedonian army", "organization", "cameo:MKDMIL"), ("Albanian rebel", "group", "cameo:ALBREB"),
    ("President Yoweri Museveni", "person", "Yoweri Museveni"), ("Ugandan opposition", "group", "cameo:UGAOPP"),
    ("President Prosper Avril", "person", "Prosper Avril"), ("Israeli soldiers", "group", "cameo:ISRMIL"),
    ("Palestinians", "group", "cameo:PSE"), ("Hezbollah", "group", "Hezbollah"),
    ("Prime Minister Iyad Allawi", "person", "Iyad Allawi"), ("Serb forces", "organization", "cameo:SRBMIL"),
    ("Sudanese rebels", "group", "cameo:SDNREB"), ("Iraqis", "group", "cameo:IRQ"),
]


def _polnear_dates() -> dict[str, str]:
    dates: dict[str, str] = {}
    with POLNEAR_DEV.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            for quote in record["quotes"]:
                if quote["speaker"]:
                    dates.setdefault(quote["speaker"], record.get("publication_date"))
    return dates


def _gsr_surfaces() -> set[str]:
    surfaces = set()
    with PLOVER_GSR_DEV.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            for field in ("actor", "recipient"):
                surfaces.update((record[field] or "").split("; "))
    return surfaces


def _outcome(expected, entry, doc_date) -> str:
    """correct, missed (no link where one was due), or wrong (a link where none, or another, was due)."""
    if entry is None:
        return "correct" if expected is None else "missed"
    got = "cameo:" + (entry.code_at(doc_date) or "") if expected.startswith("cameo:") else entry.name
    return "correct" if got == expected else "wrong"


def test_linking_accuracy_on_dev_mentions(record_property):
    if not (POLNEAR_DEV.exists() and PLOVER_GSR_DEV.exists()):
        pytest.skip(f"dev data not found under {SHARED / 'eval'}: polnear.dev.jsonl and plover_gsr.dev.jsonl")
    dates, gsr = _polnear_dates(), _gsr_surfaces()
    cases = [(s, t, x, dates.get(s, "missing")) for s, t, x in POLNEAR]
    cases += [(s, t, x, None) for s, t, x in PLOVER_GSR]
    absent = [s for s, _, _, d in cases if d == "missing" or (d is None and s not in gsr)]
    assert not absent, f"surfaces not in the dev data: {absent}"
    outcomes = {}
    for surface, actor_type, expected, doc_date in cases:
        entry = link(surface, actor_type, [], doc_date)
        got = entry and (entry.name, entry.code_at(doc_date))
        outcomes[surface] = (_outcome(expected, entry, doc_date), expected, got)
    counts = {k: sum(1 for o, _, _ in outcomes.values() if o == k) for k in ("correct", "missed", "wrong")}
    accuracy = counts["correct"] / len(cases)
    record_property("kb_link_accuracy", round(accuracy, 3))
    report = f"{counts} of {len(cases)}: accuracy {accuracy:.3f}; " + "; ".join(
        f"{s!r}: {o} (expected {x}, got {g})" for s, (o, x, g) in outcomes.items() if o != "correct")
    assert len(cases) >= 30
    assert counts["wrong"] <= 1, report  # a wrong link is worse than none
    assert accuracy >= 0.80, report
