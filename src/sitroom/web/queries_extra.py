"""Reads the web app needs beyond ``sitroom.store.queries``.

Built on the same ``Filters`` and where-clauses as ``sitroom.store.queries`` so that a
filter means the same thing in the CLI, the exports and the web app. Added here:

* an ACLED event-type filter (``acled``) and "only events in no incident" (``unlinked``);
* compact map points (incidents plus events in no incident) for the map and timeline;
* an incident's members with their article, event and the claims about that event;
* facet values for the filter form.
"""

from __future__ import annotations

import json
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any

from sitroom.model import Claim, Event, Incident
from sitroom.store import queries
from sitroom.store.db import Store
from sitroom.store.queries import _EVENT_FROM, EVENT_ORDER, Filters, StoredEvent


@dataclass(frozen=True, slots=True, kw_only=True)
class WebFilters:
    """``Filters`` plus what only the web app filters on."""

    base: Filters
    acled: str | None = None  # ACLED event_type, e.g. "Battles"
    unlinked: bool = False  # events only: those in no incident


def _event_where(wf: WebFilters) -> tuple[str, list[Any]]:
    where, params = queries._event_where(wf.base)
    if wf.acled:
        where += " AND lower(e.acled_event_type) = lower(?)"
        params.append(wf.acled)
    if wf.unlinked:
        where += " AND im.incident_id IS NULL"
    return where, params


def _incident_where(wf: WebFilters) -> tuple[str, list[Any]]:
    where, params = queries._incident_where(wf.base)
    if wf.acled:
        where += (
            " AND EXISTS (SELECT 1 FROM incident_members m JOIN events e "
            "ON e.article_id = m.article_id AND e.event_id = m.event_id "
            "WHERE m.incident_id = i.id AND lower(e.acled_event_type) = lower(?))"
        )
        params.append(wf.acled)
    return where, params


def events(store: Store, wf: WebFilters) -> list[StoredEvent]:
    where, params = _event_where(wf)
    rows = store.rows(
        f"SELECT e.article_id, a.outlet, a.published, e.event, im.incident_id {_EVENT_FROM} "
        f"WHERE {where} ORDER BY {EVENT_ORDER}{queries._page(wf.base)}",
        params,
    )
    return [
        StoredEvent(
            article_id=r["article_id"], outlet=r["outlet"],
            published=r["published"].isoformat() if r["published"] else None,
            event=Event.model_validate_json(r["event"]), incident_id=r["incident_id"],
        )  # fmt: skip
        for r in rows
    ]


_EVENT_FROM_NARROW = " FROM events e JOIN articles a ON a.id = e.article_id "


def count_events(store: Store, wf: WebFilters) -> int:
    where, params = _event_where(wf)
    src = _EVENT_FROM if wf.unlinked else _EVENT_FROM_NARROW
    return int(store.scalar(f"SELECT count(*) {src} WHERE {where}", params))


def incidents(store: Store, wf: WebFilters) -> list[Incident]:
    where, params = _incident_where(wf)
    rows = store.rows(
        f"SELECT i.incident FROM incidents i WHERE {where} "
        "ORDER BY coalesce(i.date_value, i.date_earliest, i.date_latest) NULLS LAST, i.id"
        f"{queries._page(wf.base)}",
        params,
    )
    return [Incident.model_validate_json(r["incident"]) for r in rows]


def count_incidents(store: Store, wf: WebFilters) -> int:
    where, params = _incident_where(wf)
    return int(store.scalar(f"SELECT count(*) FROM incidents i WHERE {where}", params))


def _iso(d: Any) -> str | None:
    return d.isoformat() if d is not None else None


def map_points(store: Store, wf: WebFilters, *, limit: int) -> tuple[list[dict[str, Any]], bool]:
    """Incidents and events in no incident, with coordinates, as compact rows.

    Returns (points, truncated): at most ``limit`` of each kind; background events left out. Each point: kind (incident/event), id, lat, lon, type,
    status, fatalities (max over sources for incidents), date, earliest, latest, label,
    n (members), outlets.
    """
    base = replace(wf.base, limit=None, offset=0)
    iw, ip = _incident_where(replace(wf, base=base))
    inc_rows = store.rows(
        "SELECT i.id, i.type, i.status, i.location_lat AS lat, i.location_lon AS lon, "
        "i.location_name AS place, i.fatalities_max AS fatalities, i.date_value AS d, "
        "i.date_earliest AS d0, i.date_latest AS d1, i.n_members AS n, i.n_outlets AS n_outlets "
        f"FROM incidents i WHERE {iw} AND i.location_lat IS NOT NULL "
        f"ORDER BY coalesce(i.date_value, i.date_earliest, i.date_latest) NULLS LAST, i.id "
        f"LIMIT {int(limit) + 1}",
        ip,
    )
    # events the article only recalls as background ("in 2012 the rebels overran Goma")
    # are no news: not on the map (incidents never hold them)
    ew, ep = _event_where(replace(wf, base=replace(base, background=False), unlinked=True))
    ev_rows = store.rows(
        "SELECT e.article_id, e.event_id, e.type, e.status, e.location_lat AS lat, "
        "e.location_lon AS lon, e.location_name AS place, e.fatalities, e.date_value AS d, "
        "e.date_earliest AS d0, e.date_latest AS d1, a.outlet "
        f"{_EVENT_FROM} WHERE {ew} AND e.location_lat IS NOT NULL "
        f"ORDER BY {EVENT_ORDER} LIMIT {int(limit) + 1}",
        ep,
    )
    points: list[dict[str, Any]] = []
    for r in inc_rows:
        points.append({
            "kind": "incident", "id": r["id"], "lat": r["lat"], "lon": r["lon"],
            "type": r["type"], "status": r["status"], "fatalities": r["fatalities"],
            "date": _iso(r["d"]), "earliest": _iso(r["d0"]), "latest": _iso(r["d1"]),
            "place": r["place"], "n": r["n"], "n_outlets": r["n_outlets"],
        })  # fmt: skip
    for r in ev_rows:
        points.append({
            "kind": "event", "id": f"{r['article_id']}:{r['event_id']}",
            "article": r["article_id"], "event": r["event_id"],
            "lat": r["lat"], "lon": r["lon"], "type": r["type"], "status": r["status"],
            "fatalities": r["fatalities"], "date": _iso(r["d"]), "earliest": _iso(r["d0"]),
            "latest": _iso(r["d1"]), "place": r["place"], "n": 1, "outlet": r["outlet"],
        })  # fmt: skip
    truncated = len(inc_rows) > limit or len(ev_rows) > limit
    n_inc = min(len(inc_rows), limit)
    return points[:n_inc] + points[len(inc_rows) :][:limit], truncated


def incident_members(store: Store, inc: Incident) -> list[dict[str, Any]]:
    """Each member with its article (meta), its event and the claims about that event."""
    keys = [(m.article, m.event) for m in inc.members]
    if not keys:
        return []
    arts = [k[0] for k in keys]
    ev_rows = store.rows(
        "SELECT e.article_id, e.event_id, e.event, a.title, a.outlet, a.published, a.url "
        "FROM events e JOIN articles a ON a.id = e.article_id "
        "WHERE e.article_id IN (SELECT unnest(?::VARCHAR[]))",
        [arts],
    )
    by_key = {(r["article_id"], r["event_id"]): r for r in ev_rows}
    cl_rows = store.rows(
        "SELECT ce.article_id, ce.event_id, c.claim FROM claim_events ce JOIN claims c "
        "ON c.article_id = ce.article_id AND c.claim_id = ce.claim_id "
        "WHERE ce.article_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY c.content_start",
        [arts],
    )
    claims: dict[tuple[str, str], list[Claim]] = {}
    for r in cl_rows:
        claims.setdefault((r["article_id"], r["event_id"]), []).append(
            Claim.model_validate_json(r["claim"])
        )
    out = []
    for m in inc.members:
        r = by_key.get((m.article, m.event))
        out.append({
            "article": {
                "id": m.article,
                "title": r["title"] if r else None,
                "outlet": (r["outlet"] if r else None) or m.outlet,
                "published": _iso(r["published"]) if r else None,
                "url": r["url"] if r else None,
            },
            "event": Event.model_validate_json(r["event"]) if r else None,
            "claims": claims.get((m.article, m.event), []),
            "score": m.score,
        })  # fmt: skip
    return out


def event_claims(store: Store, article_id: str, event_id: str) -> list[Claim]:
    rows = store.rows(
        "SELECT c.claim FROM claim_events ce JOIN claims c "
        "ON c.article_id = ce.article_id AND c.claim_id = ce.claim_id "
        "WHERE ce.article_id = ? AND ce.event_id = ? ORDER BY c.content_start",
        [article_id, event_id],
    )
    return [Claim.model_validate_json(r["claim"]) for r in rows]


def event_one(store: Store, article_id: str, event_id: str) -> StoredEvent | None:
    wf = WebFilters(base=Filters(article=article_id))
    for se in events(store, wf):
        if se.event.id == event_id:
            return se
    return None


def facets(store: Store) -> dict[str, list[Any]]:
    """Distinct values for the filter form (most frequent first)."""

    def col(sql: str) -> list[Any]:
        return [r["v"] for r in store.rows(sql) if r["v"] is not None]

    return {
        "countries": col(
            "SELECT location_country AS v FROM events WHERE location_country IS NOT NULL "
            "GROUP BY 1 ORDER BY count(*) DESC, 1"
        ),
        "outlets": col(
            "SELECT outlet AS v FROM articles WHERE outlet IS NOT NULL GROUP BY 1 "
            "ORDER BY count(*) DESC, 1"
        ),
        "types": col("SELECT type AS v FROM events GROUP BY 1 ORDER BY count(*) DESC, 1"),
        "acled": col(
            "SELECT acled_event_type AS v FROM events WHERE acled_event_type IS NOT NULL "
            "GROUP BY 1 ORDER BY count(*) DESC, 1"
        ),
        "statuses": ["reported", "claimed", "contested"],
        "dates": [
            _iso(store.scalar("SELECT min(coalesce(date_value, date_earliest)) FROM events")),
            _iso(store.scalar("SELECT max(coalesce(date_value, date_latest)) FROM events")),
        ],
    }


# ---------------------------------------------------------------------- raw JSON pages ----
# The API's hot paths hand the stored contract JSON through untouched (it was written by
# the store from the same models), instead of parsing it into models and dumping it again.


# Serving opens the store read-only, and DuckDB lets no process write the file while
# any has it open read-only, so what is stored cannot change under a running app: the
# contract JSON of events and incidents is read once (one scan) and kept in memory, up
# to JSON_CACHE_MAX rows per table; beyond that each page fetches its own rows.
JSON_CACHE_MAX = 300_000
_cache_lock = threading.Lock()


def _json_cache(store: Store) -> dict[str, dict[Any, str] | None]:
    cache = getattr(store, "_web_json_cache", None)
    if cache is not None:
        return cache
    with _cache_lock:
        cache = getattr(store, "_web_json_cache", None)
        if cache is None:
            cache = {"events": None, "incidents": None, "incident_of": None}
            if store.read_only:
                cur = store.reader().execute(
                    "SELECT article_id, event_id, min(incident_id) FROM incident_members "
                    "GROUP BY ALL"
                )
                cache["incident_of"] = {(a, e): i for a, e, i in cur.fetchall()}
                if int(store.scalar("SELECT count(*) FROM events")) <= JSON_CACHE_MAX:
                    cur = store.reader().execute("SELECT article_id, event_id, event FROM events")
                    cache["events"] = {(a, e): j for a, e, j in cur.fetchall()}
                if int(store.scalar("SELECT count(*) FROM incidents")) <= JSON_CACHE_MAX:
                    cur = store.reader().execute("SELECT id, incident FROM incidents")
                    cache["incidents"] = dict(cur.fetchall())
            store._web_json_cache = cache  # type: ignore[attr-defined]
    return cache


def warm(store: Store) -> None:
    """Fill the JSON cache now (the app does this at startup)."""
    _json_cache(store)


def events_raw(store: Store, wf: WebFilters) -> list[dict[str, Any]]:
    """A page of events: keys first (sorting narrow rows), then their stored JSON."""
    where, params = _event_where(wf)
    cache = _json_cache(store)
    incident_of = cache["incident_of"]
    if incident_of is not None and not wf.unlinked:  # no need to join the members
        keys = store.rows(
            f"SELECT e.article_id, e.event_id, a.outlet, a.published {_EVENT_FROM_NARROW} "
            f"WHERE {where} ORDER BY {EVENT_ORDER}{queries._page(wf.base)}",
            params,
        )
        for k in keys:
            k["incident_id"] = incident_of.get((k["article_id"], k["event_id"]))
    else:
        keys = store.rows(
            f"SELECT e.article_id, e.event_id, a.outlet, a.published, im.incident_id "
            f"{_EVENT_FROM} WHERE {where} ORDER BY {EVENT_ORDER}{queries._page(wf.base)}",
            params,
        )
    if not keys:
        return []
    by_key = cache["events"]
    if by_key is None:
        js = store.rows(
            "SELECT e.article_id, e.event_id, e.event FROM events e JOIN "
            "(SELECT unnest(?::VARCHAR[]) AS a, unnest(?::VARCHAR[]) AS ev) k "
            "ON e.article_id = k.a AND e.event_id = k.ev",
            [[k["article_id"] for k in keys], [k["event_id"] for k in keys]],
        )
        by_key = {(r["article_id"], r["event_id"]): r["event"] for r in js}
    for k in keys:
        k["event"] = by_key[(k["article_id"], k.pop("event_id"))]
        k["published"] = _iso(k["published"])
    return keys


def incidents_raw(store: Store, wf: WebFilters) -> list[str]:
    """A page of incidents as their stored JSON."""
    where, params = _incident_where(wf)
    ids = store.rows(
        f"SELECT i.id FROM incidents i WHERE {where} "
        "ORDER BY coalesce(i.date_value, i.date_earliest, i.date_latest) NULLS LAST, i.id"
        f"{queries._page(wf.base)}",
        params,
    )
    if not ids:
        return []
    order = [r["id"] for r in ids]
    by_id = _json_cache(store)["incidents"]
    if by_id is None:
        rows = store.rows(
            "SELECT id, incident FROM incidents WHERE id IN (SELECT unnest(?::VARCHAR[]))",
            [order],
        )
        by_id = {r["id"]: r["incident"] for r in rows}
    return [by_id[i] for i in order]


def article_raw(store: Store, article_id: str) -> dict[str, Any] | None:
    rows = store.rows(
        "SELECT record, text, source, ingested_at FROM articles WHERE id = ?", [article_id]
    )
    return rows[0] if rows else None


# ---------------------------------------------------------------------- selections --------
# For the same reason (the store cannot change while served), the ordered keys a filter
# selects are kept too, in a small LRU: paging through a selection, or asking again for it,
# is a slice instead of a sort and a count. SITROOM_WEB_CACHE=0 turns this off.

SELECTION_CACHE = os.environ.get("SITROOM_WEB_CACHE", "1") != "0"
SELECTION_ENTRIES = 64
SELECTION_MAX_ROWS = 100_000


def _selection(store: Store, sql: str, params: list[Any]) -> list[tuple] | None:
    """The rows of ``sql`` (no LIMIT), from the LRU or the store; None when not cacheable."""
    if not (SELECTION_CACHE and store.read_only):
        return None
    lru: OrderedDict | None = getattr(store, "_web_selections", None)
    if lru is None:
        with _cache_lock:
            lru = getattr(store, "_web_selections", None)
            if lru is None:
                lru = OrderedDict()
                store._web_selections = lru  # type: ignore[attr-defined]
    key = (sql, json.dumps(params, default=str))
    with _cache_lock:
        hit = lru.get(key)
        if hit is not None:
            lru.move_to_end(key)
            return hit
    rows = store.reader().execute(sql + f" LIMIT {SELECTION_MAX_ROWS + 1}", params).fetchall()
    if len(rows) > SELECTION_MAX_ROWS:
        return None
    with _cache_lock:
        lru[key] = rows
        while len(lru) > SELECTION_ENTRIES:
            lru.popitem(last=False)
    return rows


def events_page(store: Store, wf: WebFilters) -> tuple[list[dict[str, Any]], int]:
    """(a page of events as in ``events_raw``, total) — from the selection cache if it can."""
    cache = _json_cache(store)
    incident_of, by_key = cache["incident_of"], cache["events"]
    if incident_of is not None and by_key is not None and not wf.unlinked:
        where, params = _event_where(wf)
        sel = _selection(
            store,
            f"SELECT e.article_id, e.event_id, a.outlet, a.published {_EVENT_FROM_NARROW} "
            f"WHERE {where} ORDER BY {EVENT_ORDER}",
            params,
        )
        if sel is not None:
            f = wf.base
            page = sel[f.offset : f.offset + f.limit] if f.limit is not None else sel[f.offset :]
            items = [
                {"article_id": a, "outlet": o, "published": _iso(p),
                 "incident_id": incident_of.get((a, e)), "event": by_key[(a, e)]}
                for a, e, o, p in page
            ]  # fmt: skip
            return items, len(sel)
    unpaged = replace(wf, base=replace(wf.base, limit=None, offset=0))
    return events_raw(store, wf), count_events(store, unpaged)


def incidents_page(store: Store, wf: WebFilters) -> tuple[list[str], int]:
    """(a page of incidents as their stored JSON, total)."""
    by_id = _json_cache(store)["incidents"]
    if by_id is not None:
        where, params = _incident_where(wf)
        sel = _selection(
            store,
            f"SELECT i.id FROM incidents i WHERE {where} "
            "ORDER BY coalesce(i.date_value, i.date_earliest, i.date_latest) NULLS LAST, i.id",
            params,
        )
        if sel is not None:
            f = wf.base
            page = sel[f.offset : f.offset + f.limit] if f.limit is not None else sel[f.offset :]
            return [by_id[r[0]] for r in page], len(sel)
    unpaged = replace(wf, base=replace(wf.base, limit=None, offset=0))
    return incidents_raw(store, wf), count_incidents(store, unpaged)
