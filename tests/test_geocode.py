"""Geocode stage: admin words, focus country, "near X", demonyms, the worked example."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitroom.document import Document
from sitroom.gazetteer import Gazetteer, Row
from sitroom.geocode import Geocoder, analyse, haversine_km
from sitroom.stages import Stage

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "eaworldview-2017-09-22-syria-daily.txt"


def small() -> Gazetteer:
    return Gazetteer.from_rows(
        [
            Row("Syria", 35.0, 38.0, "SY", "country", 17_000_000, None, 163843),
            Row("Lebanon", 33.83, 35.83, "LB", "country", 6_800_000, None, 272103),
            Row("Libya", 28.0, 17.0, "LY", "country", 6_700_000, None, 2215636),
            Row("Idlib", 35.93062, 36.63393, "SY", "city", 128_840, "Idlib", 169389, ("Idleb",)),
            Row("Idlib", 35.835, 36.648, "SY", "admin1", 440_000, "Idlib"),
            Row("Hama", 35.13179, 36.75783, "SY", "city", 460_602, "Hama", 170017, ("Hamah",)),
            Row("Hama", 35.22, 36.81, "SY", "admin1", 754_000, "Hama"),
            Row("Tripoli", 32.88743, 13.18733, "LY", "city", 1_302_947, "Tripoli", 2210247),
            Row("Tripoli", 32.75, 13.0, "LY", "admin1", 1_579_155, "Tripoli"),
            Row("Tripoli", 34.43352, 35.84415, "LB", "city", 229_398, "Liban-Nord", 266826),
            Row("Beirut", 33.89332, 35.50157, "LB", "city", 1_916_100, "Beyrouth", 276781),
            Row("Benghazi", 32.11486, 20.06859, "LY", "city", 650_629, "Benghazi", 88319),
            Row("Misrata", 32.37535, 15.09254, "LY", "city", 386_120, "Misratah", 2214846),
            Row("Hama", 40.0, -100.0, "US", "city", 600, "Kansas"),  # a village, same name
            Row("Euphrates", 35.0, 40.4, None, "water"),
        ]
    )


@pytest.fixture(scope="module")
def geo() -> Geocoder:
    return Geocoder(small())


def test_geocoder_is_a_stage(geo):
    assert isinstance(geo, Stage)
    assert (geo.name, geo.requires, geo.assigns) == ("geocode", ("spacy",), ("places",))


def test_admin_word_picks_the_division(geo):
    p = geo.resolve("Idlib Province")
    assert p.feature == "admin1" and p.name == "Idlib" and p.country == "SY"
    assert p.admin1 == "Idlib" and p.text == "Idlib Province"
    assert geo.resolve("the province of Idlib").feature == "admin1"
    assert geo.resolve("Idlib governorate").feature == "admin1"


def test_city_word_and_bare_name_pick_the_city(geo):
    assert geo.resolve("the city of Idlib").feature == "city"
    assert geo.resolve("Idlib city").feature == "city"
    # a division named after its own capital: the bare name is the city
    p = geo.resolve("Idlib")
    assert p.feature == "city" and p.geonameid == 169389
    assert geo.resolve("Idleb").geonameid == 169389


def test_focus_country_decides_tripoli(geo):
    assert geo.resolve("Tripoli", focus="LB").country == "LB"
    assert geo.resolve("Tripoli", focus="LY").country == "LY"
    assert geo.resolve("Tripoli").country == "LY"  # the capital is the larger reading
    assert geo.resolve("Tripoli", near=(33.9, 35.5)).country == "LB"


def _spans(text: str, *names: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for n in names:
        i = text.index(n, pos)
        out.append((i, i + len(n)))
        pos = i + len(n)
    return out


def test_article_context_decides_tripoli(geo):
    lb = "Clashes in Tripoli left three dead, Lebanon's army said; Beirut sent troops."
    ly = "Militias fought in Tripoli on Sunday; Benghazi and Misrata were calm, Libya said."
    p = geo.resolve_spans(lb, _spans(lb, "Tripoli", "Lebanon", "Beirut"))[0]
    assert p.country == "LB" and p.geonameid == 266826
    p = geo.resolve_spans(ly, _spans(ly, "Tripoli", "Benghazi", "Misrata", "Libya"))[0]
    assert p.country == "LY" and p.feature == "city"


def test_country_and_division_beat_a_village_of_the_same_name(geo):
    assert geo.resolve("Syria").feature == "country"
    p = geo.resolve("Hama")
    assert p.country == "SY" and p.feature == "city"
    text = "Fighting in northern Hama Province and near Idlib; Syria."
    places = geo.resolve_spans(text, _spans(text, "northern Hama Province", "Idlib", "Syria"))
    assert places[0].feature == "admin1" and places[0].country == "SY"


@pytest.mark.parametrize(
    ("text", "name", "near"),
    [
        ("Jets struck villages north of Idlib on Monday.", "Idlib", True),
        ("Jets struck villages near Idlib on Monday.", "Idlib", True),
        ("Clashes outside Idlib killed four.", "Idlib", True),
        ("Shelling 10 km from Idlib wounded two.", "Idlib", True),
        ("on the outskirts of Idlib", "Idlib", True),
        ("Fighting in northern Hama Province continued.", "Hama Province", True),
        ("Jets struck Idlib on Monday.", "Idlib", False),
        ("Rebels moved from Idlib to Hama.", "Idlib", False),
    ],
)
def test_near_precision(geo, text, name, near):
    i = text.index(name)
    p = geo.resolve_spans(text, [(i, i + len(name))])[0]
    assert p is not None and (p.precision == "near") is near
    assert p.span.text == text[p.span.start : p.span.end]


def test_analyse_extends_over_a_following_admin_word():
    text = "strikes on Idlib province this week"
    i = text.index("Idlib")
    m = analyse(text, i, i + 5)
    assert (m.name, m.hint, text[m.start : m.end]) == ("Idlib", "admin1", "Idlib province")


def test_resolve_maps_demonyms_to_countries_but_unknowns_to_none(geo):
    assert geo.resolve("Atlantis") is None
    assert geo.resolve("") is None


# ---------------------------------------------------------------- full gazetteer + spaCy


@pytest.fixture(scope="module")
def full_geo() -> Geocoder:
    return Geocoder()


@pytest.fixture(scope="module")
def example(full_geo):
    from sitroom.nlp import load_nlp

    text = EXAMPLE.read_text(encoding="utf-8")
    doc = Document.from_text(text, published="2017-09-22")
    doc.spacy = load_nlp()(text)
    return full_geo(doc)


def test_example_places_are_found_and_resolved(example):
    doc = example
    assert doc.extra["focus_country"] == "SY"
    by_text: dict[str, list] = {}
    for p in doc.places:
        assert p.span.text == doc.text[p.span.start : p.span.end] == p.text
        by_text.setdefault(p.name, []).append(p)

    def near_km(name, lat, lon, km, feature=None):
        ps = [p for p in by_text.get(name, []) if feature is None or p.feature == feature]
        assert ps, f"{name} not found; got {sorted(by_text)}"
        assert min(haversine_km(p.lat, p.lon, lat, lon) for p in ps) <= km, ps
        return ps

    near_km("Deir ez-Zor", 35.3359, 40.1408, 50, "city")
    assert any(p.feature == "admin1" for p in by_text["Deir ez-Zor"])  # "Deir ez-Zor Province"
    idlib = near_km("Idlib", 35.9306, 36.6339, 50)
    assert all(p.feature == "admin1" and p.text == "Idlib Province" for p in idlib)
    near_km("Khān Shaykhūn", 35.4421, 36.651, 25, "city")
    hama = near_km("Hama", 35.37, 36.65, 50, "admin1")
    assert all(p.precision == "near" for p in hama)  # "northern Hama Province"
    near_km("Istanbul", 41.0138, 28.9497, 25, "city")
    near_km("Turkey", 39.0, 35.0, 50, "country")
    near_km("Qatar", 25.5, 51.25, 50, "country")
    near_km("Euphrates", 35.0, 40.4, 100, "water")
    near_km("Al Udeid Air Base", 25.117, 51.315, 10, "site")
    # the headline's "near Deir ez-Zor" is a reference point, not the place
    first = doc.places[0]
    assert first.name == "Deir ez-Zor" and first.precision == "near"


def test_example_emits_no_demonyms_and_no_common_words(example):
    texts = {p.text for p in example.places}
    assert not texts & {"Syrian", "Russian", "Kurdish", "Turkish", "American", "mosques"}
    assert all(p.text[:1].isupper() for p in example.places)


def test_example_places_are_in_text_order_and_valid_json(example):
    starts = [p.span.start for p in example.places]
    assert starts == sorted(starts)
    rec = example.record().to_json_dict()
    assert json.loads(json.dumps(rec))["places"][0]["feature"] in {"city", "country", "admin1"}


def test_full_resolve_examples(full_geo):
    assert full_geo.resolve("Kiev").name == "Kyiv"
    assert full_geo.resolve("Syrian").country == "SY"  # resolve() reads demonyms
    assert full_geo.resolve("Tripoli", focus="LB").country == "LB"
    assert full_geo.resolve("Tripoli", focus="LY").country == "LY"
    p = full_geo.resolve("Dayr az Zawr Governorate")
    assert p.feature == "admin1" and p.country == "SY"
    assert full_geo.resolve("Khan Sheikhoun").geonameid == 168325
    assert full_geo.resolve("Gaza Strip").feature == "region"
    # former and short country names; a spelling of a governorate without its admin word
    assert full_geo.resolve("Zaire").country == "CD"
    assert full_geo.resolve("Korea").country == "KR"
    assert full_geo.resolve("Ceylon").country == "LK"
    p = full_geo.resolve("Menoufia")
    assert (p.country, p.feature) == ("EG", "admin1")
    assert full_geo.resolve("U.S.").feature == "country"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("A bomb blast outside Aleppo killed 12 people on Sunday.", "Aleppo"),  # NER: NORP
        ("The blast in the Syrian Capital Damascus was due to a rocket.", "Damascus"),  # one ORG
    ],
)
def test_places_hidden_in_other_entity_labels_are_found(full_geo, text, name):
    from sitroom.document import Document
    from sitroom.nlp import load_nlp

    doc = Document.from_text(text)
    doc.spacy = load_nlp()(text)
    full_geo(doc)
    assert [p.name for p in doc.places] == [name]
    assert doc.places[0].country == "SY"


def test_demonyms_tagged_norp_stay_actors_not_places(full_geo):
    from sitroom.document import Document
    from sitroom.nlp import load_nlp

    doc = Document.from_text("Syrian troops shelled Russian positions near the border.")
    doc.spacy = load_nlp()(doc.text)
    full_geo(doc)
    assert doc.places == []


def us_small() -> Gazetteer:
    return Gazetteer.from_rows(
        [
            Row("United States", 39.76, -98.5, "US", "country", 327_000_000, None, 6252001,
                ("U.S.", "US")),
            Row("Greece", 39.0, 22.0, "GR", "country", 10_700_000, None, 390903),
            Row("Athens", 37.98, 23.73, "GR", "city", 664_046, "Attica", 264371, capital=True),
            Row("Athens", 34.80, -86.97, "US", "city", 25_406, "Alabama", 4830198),
            Row("Athens", 32.20, -95.85, "US", "city", 12_788, "Texas", 4673179),
            Row("Henderson County", 35.34, -82.48, "US", "admin2", 117_000, "North Carolina"),
            Row("Henderson County", 32.21, -95.85, "US", "admin2", 28_806, "Texas"),
            Row("Us", 49.10, 1.97, "FR", "city", 1_248, "Ile-de-France", 2971316),
            Row("Saa", 4.37, 11.45, "CM", "city", 2_000, "Centre", 2220999),
            Row("Washington", 38.90, -77.04, "US", "city", 689_545, "Washington, D.C.", 4140963,
                ("D.C.",), capital=True),
        ]
    )  # fmt: skip


def test_co_located_readings_of_two_ambiguous_names_support_each_other():
    # "Henderson County" alone is the larger county (North Carolina); with "Athens" beside
    # it, the two readings that lie together in east Texas win, for both names, although
    # neither the county nor Athens, Texas is the larger reading of its name.
    geo = Geocoder(us_small())
    text = (
        "Two men were arrested in Athens, U.S. marshals and the Henderson County sheriff said;"
        " both are United States citizens."
    )
    spans = _spans(text, "Athens", "U.S.", "Henderson County", "United States")
    athens, _, county, _ = geo.resolve_spans(text, spans)
    assert (athens.country, athens.admin1) == ("US", "Texas")
    assert county.admin1 == "Texas"
    alone = "The Henderson County sheriff said; both are United States citizens."
    p = geo.resolve_spans(alone, _spans(alone, "Henderson County", "United States"))[0]
    assert p.admin1 == "North Carolina"


def test_capitalised_abbreviations_name_countries_not_villages():
    geo = Geocoder(us_small())
    assert geo.resolve("U.S.", focus="FR").feature == "country"
    assert geo.resolve("SA") is None  # not the village "Saa"
    assert geo.resolve("Saa").name == "Saa"
    assert geo.resolve("D.C.").name == "Washington"  # a capital city may keep its letters


def test_x_comma_division_reads_as_containment():
    rows = [
        Row("United States", 39.76, -98.5, "US", "country", 327_000_000, None, 6252001),
        Row("Georgia", 32.68, -83.22, "US", "admin1", 10_000_000, "Georgia", 4197000),
        Row("Alabama", 32.75, -86.75, "US", "admin1", 4_900_000, "Alabama", 4829764),
        Row("Texas", 31.25, -99.25, "US", "admin1", 28_000_000, "Texas", 4736286),
        Row("Athens", 33.96, -83.38, "US", "city", 127_315, "Georgia", 4180386),
        Row("Athens", 34.80, -86.97, "US", "city", 25_406, "Alabama", 4830198),
        Row("Athens", 32.20, -95.85, "US", "city", 12_788, "Texas", 4673179),
        Row("Decatur", 34.61, -86.98, "US", "city", 54_000, "Alabama", 4058553),
    ]
    geo = Geocoder(Gazetteer.from_rows(rows))
    text = "He grew up in Athens, Texas, and moved to Decatur."
    p = geo.resolve_spans(text, _spans(text, "Athens", "Texas", "Decatur"))[0]
    assert p.admin1 == "Texas"
    # a list of places is not containment: Athens stays with its neighbour Decatur (Alabama)
    text = "Storms hit Athens, Texas and Decatur."
    p = geo.resolve_spans(text, _spans(text, "Athens", "Texas", "Decatur"))[0]
    assert p.admin1 == "Alabama"
