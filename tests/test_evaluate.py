"""sitroom.evaluate on hand-built gold and predicted records (no model involved)."""

from __future__ import annotations

import copy
import itertools
import json
import random
from pathlib import Path

import pytest
from rich.console import Console

from sitroom.evaluate import (
    alias_match,
    load_gold_dir,
    load_pred_dir,
    max_weight_matching,
    render,
    score,
)
from sitroom.model import Actor, ArticleMeta, ArticleRecord, Claim, Event, Place, Span, Time

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TEXT = (
    "Russian jets struck Idlib on Saturday, killing 12 people, activists said. "
    "Moscow denied the strike. Rebels shelled Aleppo on Sunday."
)


def gold_actor(*aliases: str, country: str | None = None) -> dict:
    return {"aliases": list(aliases), "country": country}


def gold_doc() -> dict:
    return {
        "id": "a1",
        "published": "2017-09-22",
        "_text": TEXT,
        "events": [
            {
                "key": "e1", "type": "ASSAULT", "mode": "aerial",
                "actor1": gold_actor("Russia", "Russian jets", country="RUS"),
                "actor2": None,
                "location": {"name": "Idlib", "lat": 35.93, "lon": 36.63, "radius_km": 25},
                "date": {"value": "2017-09-16", "tolerance_days": 0},
                "fatalities": [12, 13], "injured": None, "status": "contested",
                "asserted_by": [gold_actor("activists")],
                "denied_by": [gold_actor("Moscow", "Russia", country="RUS")],
                "required": True, "evidence": "Russian jets struck Idlib on Saturday",
            },
            {
                "key": "e2", "type": "ASSAULT", "mode": "heavy-weapons",
                "actor1": gold_actor("Rebels", country="SYR"),
                "actor2": None,
                "location": {"name": "Aleppo", "lat": 36.20, "lon": 37.16, "radius_km": 25},
                "date": {"value": "2017-09-17", "tolerance_days": 1},
                "fatalities": None, "injured": None, "status": "reported",
                "asserted_by": [], "denied_by": [],
                "required": True, "evidence": "Rebels shelled Aleppo on Sunday",
            },
            {
                "key": "e3", "type": "AGREE", "mode": None,
                "actor1": gold_actor("Moscow", country="RUS"), "actor2": None,
                "location": None, "date": None, "fatalities": None, "injured": None,
                "status": "reported", "asserted_by": [], "denied_by": [],
                "required": False, "evidence": "Moscow",
            },
        ],
        "claims": [
            {"speaker": gold_actor("activists"), "stance": "assert", "event": "e1",
             "required": True, "evidence": "killing 12 people, activists said"},
            {"speaker": gold_actor("Moscow", "Russia", country="RUS"), "stance": "deny",
             "event": "e1", "required": True, "evidence": "Moscow denied the strike"},
        ],
    }  # fmt: skip


def span(s: str, occurrence: str | None = None) -> Span:
    at = TEXT.index(occurrence or s)
    return Span(start=at, end=at + len(s), text=s)


def actor(text: str, name: str | None = None, country: str | None = None, **kw) -> Actor:
    return Actor(text=text, name=name or text, country=country, **kw)


def place(name: str, lat: float, lon: float) -> Place:
    return Place(text=name, name=name, lat=lat, lon=lon, country="SY", feature="city")


def perfect() -> ArticleRecord:
    e1 = Event(
        id="e1", type="ASSAULT", mode="aerial",
        actor1=actor("Russian jets", "Russia", "RUS", sector="MIL"),
        date=Time(text="Saturday", value="2017-09-16", precision="day"),
        location=place("Idlib", 35.93, 36.63), fatalities=12, status="contested",
        asserted_by=[actor("activists")], denied_by=[actor("Moscow", "Russia", "RUS")],
    )  # fmt: skip
    e2 = Event(
        id="e2", type="ASSAULT", mode="heavy-weapons", actor1=actor("Rebels", country="SYR"),
        date=Time(text="Sunday", value="2017-09-17", precision="day"),
        location=place("Aleppo", 36.2, 37.16),
    )  # fmt: skip
    c1 = Claim(
        id="c1", speaker=actor("activists"), cue="said", stance="assert",
        content=span("Russian jets struck Idlib on Saturday, killing 12 people"), events=["e1"],
    )  # fmt: skip
    c2 = Claim(
        id="c2", speaker=actor("Moscow", "Russia", "RUS"), cue="denied", stance="deny",
        content=span("the strike"), events=["e1"],
    )  # fmt: skip
    return ArticleRecord(
        article=ArticleMeta(id="a1", published="2017-09-22"), events=[e1, e2], claims=[c1, c2]
    )


def edit(rec: ArticleRecord, **events) -> ArticleRecord:
    """Copy of ``rec`` with events replaced by id (None drops the event)."""
    rec = rec.model_copy(deep=True)
    out = []
    for e in rec.events:
        if e.id in events:
            if events[e.id] is not None:
                out.append(e.model_copy(update=events[e.id]))
        else:
            out.append(e)
    rec.events = out
    return rec


# --------------------------------------------------------------------------- events


def test_perfect_prediction_scores_one_everywhere():
    r = score([gold_doc()], [perfect()])
    assert (r.events.tp, r.events.fp, r.events.fn) == (2, 0, 0)
    assert r.events.f1 == r.claims.f1 == r.links.f1 == 1.0
    assert r.contested.value == 1.0
    for name, acc in r.fields.items():
        assert acc.value in (1.0, None), name
    assert r.fields["fatalities"].total == 2 and r.fields["date"].total == 2


def test_perfect_prediction_on_the_bundled_example():
    gold = load_gold_dir(EXAMPLES)
    assert gold and gold[0]["_text"].startswith("Russian Defense Ministry")
    rec = record_from_gold(gold[0])
    r = score(gold, [rec])
    assert r.events.f1 == 1.0 and r.claims.recall == 1.0 and r.links.recall == 1.0
    assert all(a.value in (1.0, None) for a in r.fields.values())


def test_wrong_type_is_a_miss_and_a_false_alarm():
    r = score([gold_doc()], [edit(perfect(), e2={"type": "PROTEST"})])
    assert (r.events.tp, r.events.fp, r.events.fn) == (1, 1, 1)
    assert r.by_type["PROTEST"].fp == 1 and r.by_type["ASSAULT"].fn == 1
    assert r.per_article[0].missed_events == ["e2"]


def test_date_tolerance():
    within = edit(perfect(), e2={"date": Time(value="2017-09-18")})  # tolerance 1 day
    r = score([gold_doc()], [within])
    assert r.events.tp == 2
    assert r.fields["date"].correct == 1  # matched, but not the exact day
    outside = edit(perfect(), e2={"date": Time(value="2017-09-19")})
    assert score([gold_doc()], [outside]).events.fn == 1
    # a range overlapping the tolerance window matches
    rng = edit(perfect(), e2={"date": Time(earliest="2017-09-11", latest="2017-09-16")})
    assert score([gold_doc()], [rng]).events.tp == 2
    # no predicted date against a gold date: no match, unless lenient
    nodate = edit(perfect(), e2={"date": None})
    assert score([gold_doc()], [nodate]).events.fn == 1
    lenient = score([gold_doc()], [nodate], lenient_missing=True)
    assert lenient.events.tp == 2 and lenient.fields["date"].correct == 1


def test_gold_null_date_accepts_any_date():
    g = gold_doc()
    g["events"][1]["date"] = None
    r = score([g], [edit(perfect(), e2={"date": Time(value="2001-01-01")})])
    assert r.events.tp == 2 and r.fields["date"].total == 1


def test_place_radius():
    near = edit(perfect(), e2={"location": place("Aleppo outskirts", 36.30, 37.16)})  # ~11 km
    r = score([gold_doc()], [near])
    assert r.events.tp == 2 and r.place_km_median is not None
    far = edit(perfect(), e2={"location": place("Homs", 34.73, 36.71)})
    r = score([gold_doc()], [far])
    assert (r.events.tp, r.events.fp, r.events.fn) == (1, 1, 1)
    noplace = edit(perfect(), e2={"location": None})
    assert score([gold_doc()], [noplace]).events.fn == 1


def test_not_required_gold_is_neutral():
    rec = perfect()
    rec.events.append(Event(id="e3", type="AGREE", actor1=actor("Moscow", country="RUS")))
    r = score([gold_doc()], [rec])
    assert (r.events.tp, r.events.fp, r.events.fn) == (2, 0, 0)
    # and missing it costs nothing either
    assert score([gold_doc()], [perfect()]).events.fn == 0
    # an unmatched extra event is a false alarm
    rec.events.append(Event(id="e4", type="PROTEST"))
    assert score([gold_doc()], [rec]).events.fp == 1


def test_one_to_one_matching():
    rec = perfect()
    rec.events.append(rec.events[0].model_copy(update={"id": "e1b"}))
    r = score([gold_doc()], [rec])
    assert (r.events.tp, r.events.fp) == (2, 1)


def test_matching_prefers_more_pairs_over_a_better_pair():
    # g1 fits both predictions better, g2 only p1: two pairs beat one better pair (base weight)
    assert max_weight_matching([[1005, 1001], [1004, 0]]) == [(0, 1), (1, 0)]


def test_hungarian_against_brute_force():
    rnd = random.Random(7)
    for _ in range(200):
        n, m = rnd.randint(1, 5), rnd.randint(1, 5)
        w = [[rnd.choice([0, 0, 1, 2, 3.5, 1000]) for _ in range(m)] for _ in range(n)]
        got = sum(w[i][j] for i, j in max_weight_matching(w))
        best = 0.0
        for perm in itertools.permutations(range(max(n, m)), min(n, m)):
            pairs = (
                zip(range(n), perm, strict=False) if n <= m else zip(perm, range(m), strict=False)
            )
            best = max(best, sum(w[i][j] for i, j in pairs if i < n and j < m))
        assert got == pytest.approx(best)


def test_casualty_lists():
    r = score([gold_doc()], [edit(perfect(), e1={"fatalities": 13})])
    assert r.fields["fatalities"].value == 1.0
    r = score([gold_doc()], [edit(perfect(), e1={"fatalities": 20})])
    assert r.fields["fatalities"].correct == 1  # e2 (gold null, pred null) still right
    r = score([gold_doc()], [edit(perfect(), e2={"fatalities": 3})])  # gold null
    assert r.fields["fatalities"].correct == 1
    r = score([gold_doc()], [edit(perfect(), e1={"injured": 4})])
    assert r.fields["injured"].correct == 1


def test_contested_recall():
    r = score([gold_doc()], [edit(perfect(), e1={"status": "claimed"})])
    assert r.contested.value == 0.0 and r.fields["status"].correct == 1
    r = score([gold_doc()], [edit(perfect(), e1=None)])
    assert (r.contested.correct, r.contested.total) == (0, 1)


def test_actor_fields():
    # alias fails but same country: right for actor1, wrong for actor1_alias
    r = score([gold_doc()], [edit(perfect(), e1={"actor1": actor("Su-24s", "Su-24", "RUS")})])
    assert r.fields["actor1"].value == 1.0 and r.fields["actor1_alias"].correct == 1
    # a target where gold has none
    r = score([gold_doc()], [edit(perfect(), e2={"actor2": actor("Aleppo residents")})])
    assert r.fields["actor2"].correct == 1
    assert alias_match(gold_actor("YPG"), actor("the Kurdish militia YPG", "YPG"))
    assert alias_match(gold_actor("the Pentagon"), actor("Pentagon"))
    assert not alias_match(gold_actor("US"), actor("Russian", "Russia"))
    assert not alias_match(gold_actor("IS"), actor("this", "this"))


def test_asserted_and_denied_by():
    r = score([gold_doc()], [edit(perfect(), e1={"denied_by": []})])
    assert r.fields["denied_by"].correct == 1  # e2 (both empty) right, e1 wrong
    r = score([gold_doc()], [edit(perfect(), e1={"asserted_by": [actor("Damascus")]})])
    assert r.fields["asserted_by"].correct == 1


# --------------------------------------------------------------------------- claims, links


def test_claims_need_speaker_stance_and_overlap():
    rec = perfect()
    rec.claims[1] = rec.claims[1].model_copy(update={"stance": "assert"})
    r = score([gold_doc()], [rec])
    assert (r.claims.tp, r.claims.fp, r.claims.fn) == (1, 1, 1)
    rec = perfect()
    rec.claims[0] = rec.claims[0].model_copy(update={"speaker": actor("witnesses")})
    assert score([gold_doc()], [rec]).claims.fn == 1
    rec = perfect()
    rec.claims[1] = rec.claims[1].model_copy(update={"content": span("Rebels shelled Aleppo")})
    assert score([gold_doc()], [rec]).claims.fn == 1


def test_claim_overlap_without_text_uses_words():
    g = gold_doc()
    del g["_text"]
    r = score([g], [perfect()])
    assert r.claims.f1 == 1.0


def test_links():
    rec = perfect()
    rec.claims[1] = rec.claims[1].model_copy(update={"events": ["e2"]})  # wrong event
    r = score([gold_doc()], [rec])
    assert r.claims.tp == 2
    assert (r.links.tp, r.links.fp, r.links.fn) == (1, 1, 1)
    rec = perfect()
    rec.claims[1] = rec.claims[1].model_copy(update={"events": []})
    r = score([gold_doc()], [rec])
    assert (r.links.tp, r.links.fp, r.links.fn) == (1, 0, 1)
    # links through an event that was not matched are wrong
    r = score([gold_doc()], [edit(perfect(), e1={"type": "COERCE"})])
    assert r.links.tp == 0 and r.links.fn == 2


# --------------------------------------------------------------------------- pairing, io


def test_pairing_by_id_then_stem_and_missing(tmp_path):
    g1, g2 = gold_doc(), gold_doc()
    g2["id"], g2["_stem"] = "other-id", "x"
    other = perfect().to_json_dict()
    other["article"]["id"] = "sha1whatever"
    other["_stem"] = "x"
    r = score([g1, g2], [perfect(), other])
    assert r.events.tp == 4 and not r.unpaired_gold
    r = score([g1, g2], [perfect()])
    assert r.unpaired_gold == ["other-id"] and r.events.fn == 2
    r = score([g1], [perfect(), other])
    assert r.unpaired_pred == ["x"]


def test_load_dirs_and_render(tmp_path):
    gdir, pdir = tmp_path / "gold", tmp_path / "pred"
    gdir.mkdir()
    pdir.mkdir()
    g = gold_doc()
    text = g.pop("_text")
    (gdir / "a1.gold.json").write_text(json.dumps(g))
    (gdir / "a1.txt").write_text(text)
    (pdir / "a1.json").write_text(json.dumps(perfect().to_json_dict()))
    (pdir / "more.jsonl").write_text(json.dumps(perfect().to_json_dict()) + "\n")
    gold, pred = load_gold_dir(gdir), load_pred_dir(pdir)
    assert gold[0]["_text"] == TEXT and len(pred) == 2
    r = score(gold, pred)
    assert r.events.f1 == 1.0 and len(r.unpaired_pred) == 1
    d = r.as_dict()
    json.dumps(d)
    assert d["events"]["f1"] == 1.0 and d["fields"]["fatalities"]["accuracy"] == 1.0
    console = Console(record=True, width=120)
    render(r, console)
    out = console.export_text()
    assert "events" in out and "fatalities" in out


def test_score_does_not_mutate_gold():
    g = gold_doc()
    before = copy.deepcopy(g)
    score([g], [perfect()])
    assert g == before


# --------------------------------------------------------------------------- helpers


def record_from_gold(g: dict) -> ArticleRecord:
    """A reading that agrees with the gold file in every field (to test the scorer)."""
    text = g["_text"]

    def act(a):
        if not a:
            return None
        return Actor(text=a["aliases"][0], name=a["aliases"][0], country=a.get("country"))

    events = []
    for e in g["events"]:
        loc = e.get("location")
        d = e.get("date")
        events.append(
            Event(
                id=e["key"], type=e["type"], mode=e.get("mode"),
                actor1=act(e.get("actor1")), actor2=act(e.get("actor2")),
                date=Time(value=d["value"]) if d else None,
                location=place(loc["name"], loc["lat"], loc["lon"]) if loc else None,
                fatalities=(e.get("fatalities") or [None])[0],
                injured=(e.get("injured") or [None])[0], status=e.get("status", "reported"),
                asserted_by=[act(a) for a in e.get("asserted_by") or []],
                denied_by=[act(a) for a in e.get("denied_by") or []],
            )
        )  # fmt: skip
    claims = []
    for i, c in enumerate(g["claims"]):
        at = text.find(c["evidence"])
        assert at >= 0, c["evidence"]
        content = Span(start=at, end=at + len(c["evidence"]), text=c["evidence"])
        claims.append(
            Claim(
                id=f"c{i}",
                speaker=act(c["speaker"]),
                cue="said",
                stance=c["stance"],
                content=content,
                events=[c["event"]],
            )  # fmt: skip
        )
    return ArticleRecord(article=ArticleMeta(id=g["id"]), events=events, claims=claims)


# --------------------------------------------------------------------------- CLI, benchmarks


def test_cli_eval_when_wired(tmp_path):
    from sitroom import cli

    names = {c.name or c.callback.__name__ for c in cli.app.registered_commands}
    if "eval" not in names:
        pytest.skip("sitroom eval is not wired into the CLI yet")
    from typer.testing import CliRunner

    gold = load_gold_dir(EXAMPLES)
    (tmp_path / f"{gold[0]['_stem']}.json").write_text(
        json.dumps(record_from_gold(gold[0]).to_json_dict())
    )
    res = CliRunner().invoke(cli.app, ["eval", str(EXAMPLES), str(tmp_path), "--format", "json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["events"]["f1"] == 1.0
    res = CliRunner().invoke(cli.app, ["eval", str(EXAMPLES), str(tmp_path / "nope")])
    assert res.exit_code == 2


BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"


@pytest.fixture
def bench(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))


def test_benchmark_label_maps(bench):
    import events_fakes
    import events_petrarch
    import events_plover

    assert events_plover.gold_type("DEMAND", None) == "REQUEST"
    assert events_plover.gold_type("FIGHT", "heavy-weapons") == "ASSAULT"
    assert events_plover.gold_type("FIGHT", "deport") == "COERCE"
    assert events_plover.gold_type("COERCE", "destroy") == "ASSAULT"
    assert events_plover.gold_type("INVESTIGATE", "") == "ACCUSE"
    from sitroom.model import PLOVER_TYPES

    assert set(events_petrarch.PLOVER_TO_CAMEO) == set(PLOVER_TYPES)
    roots = set().union(*events_petrarch.PLOVER_TO_CAMEO.values())
    assert roots == {f"{i:02d}" for i in range(2, 21)}
    assert set(events_plover.LABEL_MAP.values()) <= set(PLOVER_TYPES)

    def pl(name, admin1=None, feature="city", country="SY"):
        return Place(text=name, name=name, lat=35, lon=38, country=country, admin1=admin1,
                     feature=feature)  # fmt: skip

    g = events_fakes.governorate
    assert g(pl("Douma", "Rif-dimashq")) == "damascus"
    assert g(pl("Qamishli", "Al-Hasakah")) == "hasakeh"
    assert g(pl("Deir ez-Zor", feature="admin1")) == "deir ezzor"
    assert g(pl("Latakia", "Latakia")) == "lattakia"
    assert g(pl("Tartus", "Tartus")) == "tartous"
    assert g(pl("Ar-Raqqah", feature="admin1")) == "raqqa"
    assert g(pl("Mosul", "Nineveh", country="IQ")) is None
    assert g(pl("Shahba", "As-Suwayda")) is None
    c = events_fakes.actor_class
    assert c(actor("Russian warplanes", "Russia", "RUS", sector="MIL")).startswith("syrian gov")
    assert c(actor("IS militants", "Islamic State")).endswith("isis")
    assert c(actor("this")) == "unknown"
    assert (
        c(actor("the Kurdish-led SDF", "SDF", "SYR", sector="REB")) == "self administration forces"
    )
    assert c(actor("rebels", "rebels", "SYR", sector="REB")) == "armed opposition groups"
    assert c(actor("US-led coalition", "Coalition", "USA")) == "international coalition forces"


def test_benchmark_loaders(bench):
    if not DATASETS.exists():
        pytest.skip("../shared/datasets not present")
    from datetime import date

    import _event_datasets as d

    assert len(d.load_plover_gsr()) == 322
    v = d.load_petrarch(d.PETR_VALIDATION)
    assert len(v) == 78 and sum(len(s.codings) for s in v) == 80
    assert sum(s.noevents for s in v) == 12
    u = d.load_petrarch(d.PETR_UNITTEST)
    assert len(u) == 284 and sum(s.noevents for s in u) == 19
    assert d.dateline("Wed 05 Apr 2017 Syria attack") == date(2017, 4, 5)
    assert d.dateline("April 5 2017 by Youssef Diab") == date(2017, 4, 5)
    assert d.dateline("Last updated at Apr 232017 An Israeli") == date(2017, 4, 23)
    assert d.dateline("24.08.2013 Syrian state media") == date(2013, 8, 24)
    assert d.dateline("13-12-2014 Kurdish Forces") == date(2014, 12, 13)
    assert d.dateline("No date here") is None


def test_records_with_fields_from_a_later_contract_are_read():
    d = perfect().to_json_dict()
    d["new_top_level"] = 1
    d["events"][0]["new_event_field"] = {"x": 1}
    d["events"][0]["actor1"]["new_actor_field"] = "y"
    r = score([gold_doc()], [d])
    assert r.events.f1 == 1.0
    bad = perfect().to_json_dict()
    bad["events"][0]["type"] = "NOT_A_TYPE"
    with pytest.raises(ValueError):
        score([gold_doc()], [bad])


def test_far_speaker_span_does_not_stretch_a_claim():
    from sitroom.evaluate import evidence_overlap

    text = "Moscow denied it. " + "x " * 400 + "The strike hit a school."
    far = text.index("The strike")
    c = Claim(
        id="c", speaker=actor("Moscow", span=Span(start=0, end=6, text="Moscow")), cue="denied",
        stance="deny", content=Span(start=far, end=far + 10, text="The strike"),
    )  # fmt: skip
    assert not evidence_overlap("Moscow denied it", c, text)
    assert evidence_overlap("The strike hit a school", c, text)
