"""The bundled worked example yields the places and dates its gold file names."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from sitroom.api import extract_text

ROOT = Path(__file__).resolve().parents[1]
TEXT = (ROOT / "examples" / "eaworldview-2017-09-22-syria-daily.txt").read_text(encoding="utf-8")
GOLD = json.loads((ROOT / "examples" / "eaworldview-2017-09-22-syria-daily.gold.json").read_text())


@pytest.fixture(scope="module")
def rec():
    return extract_text(TEXT, published=GOLD["published"], id=GOLD["id"])


def _km(a, b):
    p = math.pi / 180
    h = math.sin((b[0] - a[0]) * p / 2) ** 2 + math.cos(a[0] * p) * math.cos(b[0] * p) * math.sin(
        (b[1] - a[1]) * p / 2
    ) ** 2
    return 12742 * math.asin(math.sqrt(h))


def test_every_gold_place_is_found_within_its_radius(rec):
    golds = {(e["location"]["name"], e["location"]["lat"], e["location"]["lon"],
              e["location"]["radius_km"]) for e in GOLD["events"] if e.get("location")}  # fmt: skip
    missing = []
    for name, lat, lon, radius in golds:
        if not any(_km((lat, lon), (p.lat, p.lon)) <= radius for p in rec.places):
            missing.append(name)
    assert missing == []


def test_every_gold_event_date_is_a_resolved_time(rec):
    days = {e["date"]["value"] for e in GOLD["events"] if e.get("date") and e["required"]}
    resolved = set()
    for t in rec.times:
        if t.value:
            resolved.add(t.value)
        elif t.earliest and t.latest:
            resolved.update(d for d in days if t.earliest <= d <= t.latest)
    for e in rec.events:
        if e.date and e.date.value:
            resolved.add(e.date.value)
    assert days - resolved == set()


def test_the_contested_airstrike(rec):
    strikes = [e for e in rec.events if e.type == "ASSAULT" and e.mode == "aerial" and e.injured == 6]
    assert len(strikes) == 1
    ev = strikes[0]
    assert ev.date.value == "2017-09-16"
    assert ev.status == "contested"
    assert ev.actor1.country == "RUS" and ev.actor2.id == "sdf"
    assert {a.id for a in ev.asserted_by} >= {"sdf"}
    assert [a.country for a in ev.denied_by] == ["RUS"]


def test_the_claimed_sdf_fire_is_never_a_fact(rec):
    shot = [e for e in rec.events if e.trigger and e.trigger.text == "shot"]
    assert shot and shot[0].status == "claimed"
    assert any(a.country == "RUS" for a in shot[0].asserted_by)
