"""Contract records to rows, and the write operations (run on the store's writer thread).

Every function here takes the read-write connection and runs inside the transaction the
caller (``Store.write``/``Store.submit``) opened, so an article and all its child rows are
written, or replaced, all at once.

Rows are inserted column-wise (``INSERT … SELECT unnest(?), unnest(?), …``): DuckDB's
``executemany`` inserts row by row and is two orders of magnitude slower.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import duckdb

from sitroom import __version__
from sitroom.gazetteer import iso3  # noqa: F401  (re-exported for the store and exports)
from sitroom.model import Actor, ArticleRecord, Claim, Event, Place, Time

Column = tuple[str, str]  # (name, DuckDB type of the parameter list)

ARTICLE_COLUMNS: list[Column] = [
    ("id", "VARCHAR"), ("title", "VARCHAR"), ("url", "VARCHAR"), ("outlet", "VARCHAR"),
    ("published", "DATE"), ("language", "VARCHAR"), ("source", "VARCHAR"), ("text", "VARCHAR"),
    ("text_hash", "VARCHAR"), ("input_hash", "VARCHAR"), ("extractor", "VARCHAR"),
    ("n_events", "INTEGER"), ("n_claims", "INTEGER"), ("linked", "BOOLEAN"),
    ("ingested_at", "TIMESTAMP"), ("record", "VARCHAR"),
]  # fmt: skip

_ACTOR_FLAT = ("name", "id", "country", "sector")
EVENT_COLUMNS: list[Column] = [
    ("article_id", "VARCHAR"), ("event_id", "VARCHAR"), ("type", "VARCHAR"), ("mode", "VARCHAR"),
    ("acled_event_type", "VARCHAR"), ("acled_sub_event_type", "VARCHAR"),
    *[(f"actor{n}_{f}", "VARCHAR") for n in (1, 2) for f in _ACTOR_FLAT],
    ("date_text", "VARCHAR"), ("date_value", "DATE"), ("date_earliest", "DATE"),
    ("date_latest", "DATE"), ("date_precision", "VARCHAR"),
    ("location_text", "VARCHAR"), ("location_name", "VARCHAR"), ("location_geonameid", "BIGINT"),
    ("location_lat", "DOUBLE"), ("location_lon", "DOUBLE"), ("location_country", "VARCHAR"),
    ("location_country3", "VARCHAR"), ("location_admin1", "VARCHAR"),
    ("location_feature", "VARCHAR"), ("location_precision", "VARCHAR"),
    ("fatalities", "INTEGER"), ("injured", "INTEGER"), ("arrested", "INTEGER"),
    ("status", "VARCHAR"), ("background", "BOOLEAN"), ("confidence", "DOUBLE"),
    ("evidence_start", "INTEGER"), ("evidence_end", "INTEGER"), ("evidence_text", "VARCHAR"),
    ("asserted_by", "VARCHAR"), ("denied_by", "VARCHAR"), ("event", "VARCHAR"),
]  # fmt: skip

EVENT_ACTOR_COLUMNS: list[Column] = [
    ("article_id", "VARCHAR"), ("event_id", "VARCHAR"), ("role", "VARCHAR"),
    ("position", "INTEGER"), ("name", "VARCHAR"), ("actor_id", "VARCHAR"),
    ("country", "VARCHAR"), ("sector", "VARCHAR"), ("affiliation", "VARCHAR"), ("text", "VARCHAR"),
]  # fmt: skip

CLAIM_COLUMNS: list[Column] = [
    ("article_id", "VARCHAR"), ("claim_id", "VARCHAR"), ("speaker_name", "VARCHAR"),
    ("speaker_id", "VARCHAR"), ("speaker_country", "VARCHAR"), ("speaker_sector", "VARCHAR"),
    ("speaker_affiliation", "VARCHAR"), ("cue", "VARCHAR"), ("stance", "VARCHAR"),
    ("content_start", "INTEGER"), ("content_end", "INTEGER"), ("content_text", "VARCHAR"),
    ("date_value", "DATE"), ("fatalities", "INTEGER"), ("claim", "VARCHAR"),
]  # fmt: skip

CLAIM_EVENT_COLUMNS: list[Column] = [
    ("article_id", "VARCHAR"),
    ("claim_id", "VARCHAR"),
    ("event_id", "VARCHAR"),
]

PLACE_COLUMNS: list[Column] = [
    ("article_id", "VARCHAR"), ("position", "INTEGER"), ("text", "VARCHAR"), ("name", "VARCHAR"),
    ("geonameid", "BIGINT"), ("lat", "DOUBLE"), ("lon", "DOUBLE"), ("country", "VARCHAR"),
    ("admin1", "VARCHAR"), ("feature", "VARCHAR"), ("precision", "VARCHAR"),
    ("span_start", "INTEGER"), ("span_end", "INTEGER"),
]  # fmt: skip

ACTOR_COLUMNS: list[Column] = [
    ("article_id", "VARCHAR"), ("position", "INTEGER"), ("text", "VARCHAR"), ("name", "VARCHAR"),
    ("actor_id", "VARCHAR"), ("country", "VARCHAR"), ("sector", "VARCHAR"),
    ("affiliation", "VARCHAR"), ("span_start", "INTEGER"), ("span_end", "INTEGER"),
]  # fmt: skip

TIME_COLUMNS: list[Column] = [
    ("article_id", "VARCHAR"), ("position", "INTEGER"), ("text", "VARCHAR"), ("value", "DATE"),
    ("earliest", "DATE"), ("latest", "DATE"), ("precision", "VARCHAR"), ("timex", "VARCHAR"),
    ("span_start", "INTEGER"), ("span_end", "INTEGER"),
]  # fmt: skip

INCIDENT_COLUMNS: list[Column] = [
    ("id", "VARCHAR"), ("type", "VARCHAR"), ("mode", "VARCHAR"), ("date_value", "DATE"),
    ("date_earliest", "DATE"), ("date_latest", "DATE"), ("location_name", "VARCHAR"),
    ("location_lat", "DOUBLE"), ("location_lon", "DOUBLE"), ("location_country", "VARCHAR"),
    ("location_country3", "VARCHAR"), ("location_admin1", "VARCHAR"), ("status", "VARCHAR"),
    ("fatalities_min", "INTEGER"), ("fatalities_max", "INTEGER"), ("n_members", "INTEGER"),
    ("n_outlets", "INTEGER"), ("incident", "VARCHAR"),
]  # fmt: skip

INCIDENT_MEMBER_COLUMNS: list[Column] = [
    ("incident_id", "VARCHAR"), ("article_id", "VARCHAR"), ("event_id", "VARCHAR"),
    ("outlet", "VARCHAR"), ("score", "DOUBLE"),
]  # fmt: skip

# child tables of an article, deleted and rewritten with it
ARTICLE_CHILDREN = ("events", "event_actors", "claims", "claim_events", "places", "actors", "times")


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """One extracted article as the store keeps it."""

    record: ArticleRecord
    text: str
    input_hash: str
    source: str | None = None


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def input_hash(text: str, *, title: str | None, url: str | None, outlet: str | None,
               published: str | None) -> str:  # fmt: skip
    """What decides whether a stored article is unchanged: its text and the metadata given."""
    meta = json.dumps([title, url, outlet, published], ensure_ascii=False)
    return sha1(meta + "\n" + text)


def to_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None




def _dump(model: Any) -> str:
    return model.model_dump_json()  # pydantic's serialiser: several times json.dumps' speed


def _dump_list(models: Sequence[Any]) -> str:
    return "[" + ", ".join(m.model_dump_json() for m in models) + "]"


# ---------------------------------------------------------------------- row builders ------


def _actor_flat(a: Actor | None) -> list[Any]:
    return [a.name, a.id, a.country, a.sector] if a else [None] * 4


def _time_flat(t: Time | None) -> list[Any]:
    if t is None:
        return [None] * 5
    return [t.text, to_date(t.value), to_date(t.earliest), to_date(t.latest), t.precision]


def _place_flat(p: Place | None) -> list[Any]:
    if p is None:
        return [None] * 10
    return [p.text, p.name, p.geonameid, p.lat, p.lon, p.country, iso3(p.country), p.admin1,
            p.feature, p.precision]  # fmt: skip


def event_row(article_id: str, e: Event) -> tuple:
    ev0 = e.evidence[0] if e.evidence else None
    return (
        article_id, e.id, e.type, e.mode,
        e.acled.event_type if e.acled else None, e.acled.sub_event_type if e.acled else None,
        *_actor_flat(e.actor1), *_actor_flat(e.actor2), *_time_flat(e.date),
        *_place_flat(e.location), e.fatalities, e.injured, e.arrested, e.status, e.background,
        e.confidence, ev0.start if ev0 else None, ev0.end if ev0 else None,
        " ".join(s.text for s in e.evidence) or None,
        _dump_list(e.asserted_by), _dump_list(e.denied_by), _dump(e),
    )  # fmt: skip


def event_actor_rows(article_id: str, e: Event) -> list[tuple]:
    roles: list[tuple[str, list[Actor]]] = [
        ("actor1", [e.actor1] if e.actor1 else []),
        ("actor2", [e.actor2] if e.actor2 else []),
        ("asserted_by", e.asserted_by),
        ("denied_by", e.denied_by),
    ]
    return [
        (article_id, e.id, role, i, a.name, a.id, a.country, a.sector, a.affiliation, a.text)
        for role, actors in roles
        for i, a in enumerate(actors)
    ]


def claim_row(article_id: str, c: Claim) -> tuple:
    s = c.speaker
    return (
        article_id, c.id, s.name, s.id, s.country, s.sector, s.affiliation, c.cue, c.stance,
        c.content.start, c.content.end, c.content.text, to_date(c.date.value if c.date else None),
        c.fatalities, _dump(c),
    )  # fmt: skip


def article_row(item: ArticleInput, ingested_at: datetime) -> tuple:
    rec, a = item.record, item.record.article
    return (
        a.id, a.title, a.url, a.outlet, to_date(a.published), a.language, item.source,
        item.text, sha1(item.text), item.input_hash, __version__, len(rec.events),
        len(rec.claims), False, ingested_at,
        rec.model_dump_json(by_alias=True),
    )  # fmt: skip


@dataclass(slots=True)
class _Rows:
    articles: list[tuple]
    events: list[tuple]
    event_actors: list[tuple]
    claims: list[tuple]
    claim_events: list[tuple]
    places: list[tuple]
    actors: list[tuple]
    times: list[tuple]


def build_rows(items: Iterable[ArticleInput], ingested_at: datetime) -> _Rows:
    rows = _Rows([], [], [], [], [], [], [], [])
    for item in items:
        rec = item.record
        aid = rec.article.id
        rows.articles.append(article_row(item, ingested_at))
        for e in rec.events:
            rows.events.append(event_row(aid, e))
            rows.event_actors.extend(event_actor_rows(aid, e))
        for c in rec.claims:
            rows.claims.append(claim_row(aid, c))
            rows.claim_events.extend((aid, c.id, eid) for eid in c.events)
        for i, p in enumerate(rec.places):
            sp = p.span
            rows.places.append((aid, i, p.text, p.name, p.geonameid, p.lat, p.lon, p.country,
                                p.admin1, p.feature, p.precision, sp.start if sp else None,
                                sp.end if sp else None))  # fmt: skip
        for i, a in enumerate(rec.actors):
            sp = a.span
            rows.actors.append((aid, i, a.text, a.name, a.id, a.country, a.sector,
                                a.affiliation, sp.start if sp else None,
                                sp.end if sp else None))  # fmt: skip
        for i, t in enumerate(rec.times):
            sp = t.span
            rows.times.append((aid, i, t.text, to_date(t.value), to_date(t.earliest),
                               to_date(t.latest), t.precision, t.timex,
                               sp.start if sp else None, sp.end if sp else None))  # fmt: skip
    return rows


# ---------------------------------------------------------------------- writes ------------


def insert_rows(
    con: duckdb.DuckDBPyConnection, table: str, columns: list[Column], rows: list[tuple]
) -> None:
    """Insert many rows in one statement, column-wise."""
    if not rows:
        return
    names = ", ".join(f'"{c}"' for c, _ in columns)
    unnests = ", ".join(f"unnest(?::{t}[])" for _, t in columns)
    params = [list(col) for col in zip(*rows, strict=True)]
    con.execute(f'INSERT INTO "{table}" ({names}) SELECT {unnests}', params)


def delete_articles(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> None:
    """Remove articles and every row derived from them (incident rows are the linker's)."""
    if not ids:
        return
    for table in ARTICLE_CHILDREN:
        con.execute(f'DELETE FROM "{table}" WHERE article_id IN (SELECT unnest(?::VARCHAR[]))',
                    [list(ids)])  # fmt: skip
    con.execute("DELETE FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [list(ids)])


def write_articles(
    con: duckdb.DuckDBPyConnection, items: Sequence[ArticleInput], ingested_at: datetime
) -> None:
    """Write (or replace) articles with all their rows. Call inside one transaction."""
    last: dict[str, ArticleInput] = {}
    for item in items:  # the same id twice in one batch: the later one wins
        last[item.record.article.id] = item
    items = list(last.values())
    delete_articles(con, [i.record.article.id for i in items])
    rows = build_rows(items, ingested_at)
    insert_rows(con, "articles", ARTICLE_COLUMNS, rows.articles)
    insert_rows(con, "events", EVENT_COLUMNS, rows.events)
    insert_rows(con, "event_actors", EVENT_ACTOR_COLUMNS, rows.event_actors)
    insert_rows(con, "claims", CLAIM_COLUMNS, rows.claims)
    insert_rows(con, "claim_events", CLAIM_EVENT_COLUMNS, rows.claim_events)
    insert_rows(con, "places", PLACE_COLUMNS, rows.places)
    insert_rows(con, "actors", ACTOR_COLUMNS, rows.actors)
    insert_rows(con, "times", TIME_COLUMNS, rows.times)
