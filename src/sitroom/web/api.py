"""The JSON API under ``/api``: events, incidents, articles, actors, map points, exports.

Every list answers ``{"total", "limit", "offset", "items"}``. Filters mean what they mean
in ``sitroom.store.queries`` (dates by overlap, country alpha-2 or alpha-3, actor by name
or dictionary id, PLOVER type, status, outlet, ``q`` a case-insensitive substring of the
evidence) plus ``acled`` (ACLED event type). Errors: see ``sitroom.web.app``.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from sitroom.model import PLOVER_TYPES, Actor, ArticleRecord, Claim, Event, Incident
from sitroom.store import queries
from sitroom.store.db import Store
from sitroom.store.queries import Filters
from sitroom.web import queries_extra as qx
from sitroom.web.queries_extra import WebFilters

router = APIRouter(prefix="/api")

MAX_LIMIT = 1000
MAX_MAP = 50000
MAX_EXPORT = 100000
MAX_OFFSET = 10_000_000
TEXT = {"min_length": 1, "max_length": 200}


class ApiError(HTTPException):
    """An error with a stable machine-readable code."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(status_code=status, detail=message)
        self.code = code


def get_store(request: Request) -> Store:
    from sitroom.web.app import open_store

    return open_store(request.app)


StoreDep = Annotated[Store, Depends(get_store)]


# ---------------------------------------------------------------------- filters -----------

Status = Literal["reported", "claimed", "contested"]


def web_filters(
    since: Annotated[date | None, Query(description="ISO date YYYY-MM-DD (overlap)")] = None,
    until: Annotated[date | None, Query(description="ISO date YYYY-MM-DD (overlap)")] = None,
    country: Annotated[
        str | None,
        Query(pattern=r"^[A-Za-z]{2,3}$", description="ISO 3166-1 alpha-2 or alpha-3"),
    ] = None,
    actor: Annotated[str | None, Query(description="actor name or dictionary id", **TEXT)] = None,
    type: Annotated[str | None, Query(description="PLOVER event type", max_length=20)] = None,
    acled: Annotated[str | None, Query(description="ACLED event type", **TEXT)] = None,
    status: Annotated[Status | None, Query()] = None,
    outlet: Annotated[str | None, Query(**TEXT)] = None,
    q: Annotated[str | None, Query(description="substring of the evidence", **TEXT)] = None,
) -> WebFilters:
    if since and until and since > until:
        raise ApiError(400, "bad_range", f"since ({since}) is after until ({until})")
    if type is not None and type.upper() not in PLOVER_TYPES:
        raise ApiError(400, "bad_type", f"not a PLOVER event type: {type!r}")
    base = Filters(
        since=since, until=until, country=country, actor=actor, type=type, status=status,
        outlet=outlet, text=q,
    )  # fmt: skip
    return WebFilters(base=base, acled=acled)


FiltersDep = Annotated[WebFilters, Depends(web_filters)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="page size")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="rows to skip")]


def _paged(wf: WebFilters, limit: int, offset: int) -> WebFilters:
    return WebFilters(base=wf.base.page(limit, offset), acled=wf.acled, unlinked=wf.unlinked)


# ---------------------------------------------------------------------- models ------------


class Page(BaseModel):
    total: int
    limit: int
    offset: int


class EventItem(BaseModel):
    article_id: str
    outlet: str | None
    published: str | None
    incident_id: str | None
    event: Event


class EventPage(Page):
    items: list[EventItem]


class IncidentPage(Page):
    items: list[Incident]


class MemberArticle(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None


class Member(BaseModel):
    article: MemberArticle
    event: Event | None
    claims: list[Claim]
    score: float | None = None


class IncidentDetail(BaseModel):
    incident: Incident
    members: list[Member]


class EventDetail(EventItem):
    claims: list[Claim]


class ArticleDetail(BaseModel):
    record: ArticleRecord
    text: str
    source: str | None
    ingested_at: str


class ActorRow(BaseModel):
    name: str
    actor_id: str | None
    country: str | None
    sector: str | None
    events: int
    articles: int
    actor1: int
    actor2: int
    asserted_by: int
    denied_by: int


class ActorPage(Page):
    items: list[ActorRow]


class MapPoint(BaseModel):
    kind: Literal["incident", "event"]
    id: str
    lat: float
    lon: float
    type: str
    status: str
    fatalities: int | None
    date: str | None
    earliest: str | None
    latest: str | None
    place: str | None
    n: int
    n_outlets: int | None = None
    article: str | None = None
    event: str | None = None
    outlet: str | None = None


class MapPoints(BaseModel):
    points: list[MapPoint]
    truncated: bool


class Facets(BaseModel):
    countries: list[str]
    outlets: list[str]
    types: list[str]
    acled: list[str]
    statuses: list[str]
    dates: list[str | None]


class ErrorBody(BaseModel):
    code: str
    message: str
    status: int
    details: list[Any] | None = None


class ErrorResponse(BaseModel):
    error: ErrorBody


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "bad parameter"},
    404: {"model": ErrorResponse, "description": "not found"},
    422: {"model": ErrorResponse, "description": "malformed parameter"},
}


def _j(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False)


def _json_response(body: str) -> Response:
    return Response(body.encode("utf-8"), media_type="application/json")


def _json_page(total: int, limit: int, offset: int, items: list[str]) -> Response:
    """A list page from items that are already JSON text (the store's contract JSON)."""
    return _json_response(
        f'{{"total":{int(total)},"limit":{int(limit)},"offset":{int(offset)},'
        f'"items":[{",".join(items)}]}}'
    )


def _event_item(se: queries.StoredEvent) -> dict[str, Any]:
    return {
        "article_id": se.article_id, "outlet": se.outlet, "published": se.published,
        "incident_id": se.incident_id, "event": se.event,
    }  # fmt: skip


# ---------------------------------------------------------------------- endpoints ---------


@router.get("/events", response_model=EventPage, responses=ERRORS)
def list_events(
    store: StoreDep, wf: FiltersDep, limit: Limit = 100, offset: Offset = 0,
    unlinked: Annotated[bool, Query(description="only events in no incident")] = False,
) -> Any:  # fmt: skip
    """Events matching the filters, in date order."""
    wf = WebFilters(base=wf.base, acled=wf.acled, unlinked=unlinked)
    items, total = qx.events_page(store, _paged(wf, limit, offset))
    return _json_page(total, limit, offset, [
        '{{"article_id":{},"outlet":{},"published":{},"incident_id":{},"event":{}}}'.format(
            _j(r["article_id"]), _j(r["outlet"]), _j(r["published"]), _j(r["incident_id"]),
            r["event"])
        for r in items
    ])  # fmt: skip


@router.get("/incidents", response_model=IncidentPage, responses=ERRORS)
def list_incidents(
    store: StoreDep, wf: FiltersDep, limit: Limit = 100, offset: Offset = 0
) -> Any:
    """Incidents matching the filters (actor, outlet, q, acled: any member matches)."""
    items, total = qx.incidents_page(store, _paged(wf, limit, offset))
    return _json_page(total, limit, offset, items)


@router.get("/incidents/{incident_id}", response_model=IncidentDetail, responses=ERRORS)
def get_incident(store: StoreDep, incident_id: Annotated[str, Path(max_length=200)]) -> Any:
    """One incident with each member's article, event and the claims about it."""
    inc = incident_by_id(store, incident_id)
    return {"incident": inc, "members": qx.incident_members(store, inc)}


def incident_by_id(store: Store, incident_id: str) -> Incident:
    rows = store.rows("SELECT incident FROM incidents WHERE id = ?", [incident_id])
    if not rows:
        raise ApiError(404, "not_found", f"no incident {incident_id!r}")
    return Incident.model_validate_json(rows[0]["incident"])


@router.get("/articles/{article_id}", response_model=ArticleDetail, responses=ERRORS)
def get_article(store: StoreDep, article_id: Annotated[str, Path(max_length=200)]) -> Any:
    """One article's contract record and the text its offsets point into."""
    art = qx.article_raw(store, article_id)
    if art is None:
        raise ApiError(404, "not_found", f"no article {article_id!r}")
    return _json_response(
        '{{"record":{},"text":{},"source":{},"ingested_at":{}}}'.format(
            art["record"], _j(art["text"]), _j(art["source"]),
            _j(art["ingested_at"].isoformat()))
    )  # fmt: skip


@router.get(
    "/articles/{article_id}/events/{event_id}", response_model=EventDetail, responses=ERRORS
)
def get_event(
    store: StoreDep,
    article_id: Annotated[str, Path(max_length=200)],
    event_id: Annotated[str, Path(max_length=50)],
) -> Any:
    """One event with its article's outlet, its incident and the claims about it."""
    se = qx.event_one(store, article_id, event_id)
    if se is None:
        raise ApiError(404, "not_found", f"no event {event_id!r} in article {article_id!r}")
    return {**_event_item(se), "claims": qx.event_claims(store, article_id, event_id)}


@router.get("/actors", response_model=ActorPage, responses=ERRORS)
def list_actors(
    store: StoreDep, wf: FiltersDep, limit: Limit = 100, offset: Offset = 0
) -> dict[str, Any]:
    """Actors named by the selected events, most frequent first, with counts per role."""
    if wf.acled:
        raise ApiError(400, "unsupported_filter", "acled is not a filter of /api/actors")
    rows = queries.actors(store, wf.base.page(limit, offset))
    total = len(rows) if offset == 0 and len(rows) < limit else len(queries.actors(store, wf.base))
    return {"total": total, "limit": limit, "offset": offset, "items": rows}


@router.get("/map", response_model=MapPoints, responses=ERRORS)
def map_points(
    store: StoreDep, wf: FiltersDep,
    limit: Annotated[int, Query(ge=1, le=MAX_MAP, description="per kind")] = 20000,
) -> Any:  # fmt: skip
    """Compact points for the map and timeline: incidents, and news events in no incident."""
    points, truncated = qx.map_points(store, wf, limit=limit)
    return {"points": points, "truncated": truncated}


@router.get("/facets", response_model=Facets)
def facets(store: StoreDep) -> dict[str, Any]:
    """Values present in the store, for the filter form."""
    return qx.facets(store)


# ---------------------------------------------------------------------- exports -----------


def _export_rows(store: Store, wf: WebFilters) -> list[dict[str, Any]]:
    from sitroom.export import event_row

    return [event_row(se) for se in qx.events(store, _paged(wf, MAX_EXPORT, 0))]


@router.get(
    "/export/events.csv",
    response_class=Response,
    responses={**ERRORS, 200: {"content": {"text/csv": {}}, "description": "events.csv"}},
)
def export_csv(store: StoreDep, wf: FiltersDep) -> Response:
    """The selected events as ``events.csv`` (ACLED column names plus sitroom's)."""
    from sitroom.export import EVENT_COLUMNS

    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=EVENT_COLUMNS, extrasaction="ignore")
    w.writeheader()
    for row in _export_rows(store, wf):
        w.writerow({k: _csv(v) for k, v in row.items()})
    return Response(
        buf.getvalue(), media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="events.csv"'},
    )  # fmt: skip


@router.get(
    "/export/events.geojson",
    response_class=Response,
    responses={
        **ERRORS, 200: {"content": {"application/geo+json": {}}, "description": "GeoJSON"}
    },
)  # fmt: skip
def export_geojson(store: StoreDep, wf: FiltersDep) -> Response:
    """The selected events with coordinates as a GeoJSON FeatureCollection of points."""
    from sitroom.export import feature

    feats = [f for f in (feature(r) for r in _export_rows(store, wf)) if f is not None]
    body = json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False)
    return Response(
        body, media_type="application/geo+json",
        headers={"Content-Disposition": 'attachment; filename="events.geojson"'},
    )  # fmt: skip


def _csv(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return v


__all__ = ["ApiError", "Actor", "router", "incident_by_id"]
