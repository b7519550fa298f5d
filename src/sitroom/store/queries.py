"""Read helpers over the store, shared by the CLI, the exports and the web app.

Each takes a ``Store`` (read-only or the writer's; reads use the calling thread's
cursor) and returns contract models (``Event``, ``Incident``, ``ArticleRecord``) or,
where a table is meant, plain rows. All take ``Filters`` with ``limit``/``offset``.

Dates filter by overlap: an event whose date range ``[earliest, latest]`` (or single
``value``) meets ``[since, until]`` is kept; with a date filter, events without any
date are left out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sitroom.model import ArticleRecord, Event, Incident
from sitroom.store.db import Store

EVENT_ORDER = (
    "coalesce(e.date_value, e.date_earliest, e.date_latest) NULLS LAST, e.article_id, "
    "e.evidence_start NULLS LAST, e.event_id"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Filters:
    """What to select. Every field is optional; they combine with AND."""

    since: date | None = None
    until: date | None = None
    country: str | None = None  # ISO 3166-1 alpha-2 or alpha-3 of the location
    actor: str | None = None  # name or dictionary id; as actor1/actor2/asserted_by/denied_by
    type: str | None = None  # PLOVER type
    status: str | None = None  # reported / claimed / contested
    outlet: str | None = None
    text: str | None = None  # case-insensitive substring of the evidence
    article: str | None = None  # one article id
    background: bool | None = None  # None: both; False: only the news
    limit: int | None = None
    offset: int = 0

    def page(self, limit: int | None, offset: int = 0) -> Filters:
        return replace(self, limit=limit, offset=offset)


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """An event with the article it was read from and its incident."""

    article_id: str
    outlet: str | None
    published: str | None
    event: Event
    incident_id: str | None


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article's contract record with the text its spans point into."""

    record: ArticleRecord
    text: str
    source: str | None
    ingested_at: datetime


# ---------------------------------------------------------------------- where clauses -----


def _when_where(alias: str, f: Filters) -> tuple[list[str], list[Any]]:
    """Date-range overlap and country conditions shared by events (e) and incidents (i)."""
    conds: list[str] = ["TRUE"]
    params: list[Any] = []
    if f.since is not None:
        conds.append(
            f"coalesce({alias}.date_latest, {alias}.date_value, {alias}.date_earliest) >= ?"
        )
        params.append(f.since)
    if f.until is not None:
        conds.append(
            f"coalesce({alias}.date_earliest, {alias}.date_value, {alias}.date_latest) <= ?"
        )
        params.append(f.until)
    if f.country:
        col = "location_country3" if len(f.country) == 3 else "location_country"
        conds.append(f"{alias}.{col} = ?")
        params.append(f.country.upper())
    return conds, params


def _event_where(f: Filters) -> tuple[str, list[Any]]:
    conds, params = _when_where("e", f)
    if f.actor:
        conds.append(
            "EXISTS (SELECT 1 FROM event_actors ea WHERE ea.article_id = e.article_id "
            "AND ea.event_id = e.event_id AND (lower(ea.name) = lower(?) OR ea.actor_id = ?))"
        )
        params += [f.actor, f.actor]
    if f.type:
        conds.append("e.type = ?")
        params.append(f.type.upper())
    if f.status:
        conds.append("e.status = ?")
        params.append(f.status.lower())
    if f.outlet:
        conds.append("lower(a.outlet) = lower(?)")
        params.append(f.outlet)
    if f.text:
        conds.append("contains(lower(e.evidence_text), lower(?))")
        params.append(f.text)
    if f.article:
        conds.append("e.article_id = ?")
        params.append(f.article)
    if f.background is not None:
        conds.append("e.background = ?")
        params.append(f.background)
    return " AND ".join(conds), params


def _page(f: Filters) -> str:
    limit = f" LIMIT {int(f.limit)}" if f.limit is not None else ""
    return f"{limit} OFFSET {int(f.offset)}" if f.offset else limit


_EVENT_FROM = """
    FROM events e JOIN articles a ON a.id = e.article_id
    LEFT JOIN (SELECT article_id, event_id, min(incident_id) AS incident_id
               FROM incident_members GROUP BY ALL) im
      ON im.article_id = e.article_id AND im.event_id = e.event_id
"""


# ---------------------------------------------------------------------- events ------------


def events(store: Store, filters: Filters = Filters()) -> list[StoredEvent]:
    """Events matching ``filters``, in date order."""
    where, params = _event_where(filters)
    rows = store.rows(
        f"SELECT e.article_id, a.outlet, a.published, e.event, im.incident_id {_EVENT_FROM} "
        f"WHERE {where} ORDER BY {EVENT_ORDER}{_page(filters)}",
        params,
    )
    return [
        StoredEvent(
            article_id=r["article_id"],
            outlet=r["outlet"],
            published=r["published"].isoformat() if r["published"] else None,
            event=Event.model_validate_json(r["event"]),
            incident_id=r["incident_id"],
        )  # fmt: skip
        for r in rows
    ]


def count_events(store: Store, filters: Filters = Filters()) -> int:
    where, params = _event_where(filters)
    return int(store.scalar(f"SELECT count(*) {_EVENT_FROM} WHERE {where}", params))


# ---------------------------------------------------------------------- incidents ---------


def _incident_where(f: Filters) -> tuple[str, list[Any]]:
    conds, params = _when_where("i", f)
    if f.type:
        conds.append("i.type = ?")
        params.append(f.type.upper())
    if f.status:
        conds.append("i.status = ?")
        params.append(f.status.lower())
    member = replace(
        f, since=None, until=None, country=None, type=None, status=None, limit=None, offset=0
    )
    if any(x is not None for x in (f.actor, f.outlet, f.text, f.article, f.background)):
        ewhere, eparams = _event_where(member)
        conds.append(
            "EXISTS (SELECT 1 FROM incident_members m JOIN events e "
            "ON e.article_id = m.article_id AND e.event_id = m.event_id "
            f"JOIN articles a ON a.id = e.article_id WHERE m.incident_id = i.id AND {ewhere})"
        )
        params += eparams
    return " AND ".join(conds), params


def incidents(store: Store, filters: Filters = Filters()) -> list[Incident]:
    """Incidents matching ``filters`` (member filters: actor, outlet, text, article)."""
    where, params = _incident_where(filters)
    rows = store.rows(
        f"SELECT i.incident FROM incidents i WHERE {where} "
        f"ORDER BY coalesce(i.date_value, i.date_earliest, i.date_latest) NULLS LAST, i.id"
        f"{_page(filters)}",
        params,
    )
    return [Incident.model_validate_json(r["incident"]) for r in rows]


def count_incidents(store: Store, filters: Filters = Filters()) -> int:
    where, params = _incident_where(filters)
    return int(store.scalar(f"SELECT count(*) FROM incidents i WHERE {where}", params))


# ---------------------------------------------------------------------- articles ----------


def article(store: Store, article_id: str) -> StoredArticle | None:
    """One article's record and text, or None."""
    rows = store.rows(
        "SELECT record, text, source, ingested_at FROM articles WHERE id = ?", [article_id]
    )
    if not rows:
        return None
    r = rows[0]
    return StoredArticle(
        record=ArticleRecord.model_validate_json(r["record"]), text=r["text"],
        source=r["source"], ingested_at=r["ingested_at"],
    )  # fmt: skip


def articles(store: Store, filters: Filters = Filters()) -> list[ArticleRecord]:
    """Article records that have an event matching ``filters`` (every article when none)."""
    where, params = _event_where(replace(filters, limit=None, offset=0))
    if where == "TRUE":
        sql = "SELECT a.record FROM articles a ORDER BY a.published NULLS LAST, a.id"
    else:
        sql = (
            "SELECT a.record FROM articles a WHERE a.id IN "
            f"(SELECT e.article_id {_EVENT_FROM} WHERE {where}) "
            "ORDER BY a.published NULLS LAST, a.id"
        )
    rows = store.rows(sql + _page(filters), params)
    return [ArticleRecord.model_validate_json(r["record"]) for r in rows]


def articles_by_id(store: Store, ids: list[str]) -> list[ArticleRecord]:
    """Article records of these ids (unknown ids are left out), in the order given."""
    rows = store.rows(
        "SELECT id, record FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids]
    )
    by_id = {r["id"]: r["record"] for r in rows}
    return [ArticleRecord.model_validate_json(by_id[i]) for i in ids if i in by_id]


def article_rows(store: Store, filters: Filters = Filters()) -> list[dict[str, Any]]:
    """The articles table (no text, no record) as rows, newest first."""
    conds, params = ["TRUE"], []
    if filters.outlet:
        conds.append("lower(outlet) = lower(?)")
        params.append(filters.outlet)
    if filters.since:
        conds.append("published >= ?")
        params.append(filters.since)
    if filters.until:
        conds.append("published <= ?")
        params.append(filters.until)
    return store.rows(
        "SELECT id, title, url, outlet, published, language, source, n_events, n_claims, "
        f"ingested_at FROM articles WHERE {' AND '.join(conds)} "
        f"ORDER BY published DESC NULLS LAST, id{_page(filters)}",
        params,
    )


# ---------------------------------------------------------------------- actors ------------


def actors(store: Store, filters: Filters = Filters()) -> list[dict[str, Any]]:
    """Actors named by events, with how often in each role; most frequent first.

    Rows: name, actor_id, country, sector, events, articles, actor1, actor2,
    asserted_by, denied_by. ``filters`` selects the events counted.
    """
    where, params = _event_where(replace(filters, limit=None, offset=0))
    sql = f"""
        SELECT ea.name, ea.actor_id, any_value(ea.country) AS country,
               any_value(ea.sector) AS sector,
               count(DISTINCT (ea.article_id, ea.event_id)) AS events,
               count(DISTINCT ea.article_id) AS articles,
               count(*) FILTER (WHERE ea.role = 'actor1') AS actor1,
               count(*) FILTER (WHERE ea.role = 'actor2') AS actor2,
               count(*) FILTER (WHERE ea.role = 'asserted_by') AS asserted_by,
               count(*) FILTER (WHERE ea.role = 'denied_by') AS denied_by
        FROM event_actors ea
        WHERE (ea.article_id, ea.event_id) IN (SELECT (e.article_id, e.event_id) {_EVENT_FROM}
                                               WHERE {where})
        GROUP BY ea.name, ea.actor_id
        ORDER BY events DESC, ea.name, ea.actor_id NULLS LAST{_page(filters)}
    """
    return store.rows(sql, params)
