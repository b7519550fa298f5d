"""Keeps the incident linker (``sitroom.incidents``) in step with the store.

The linker lives in memory during an ingest. Its state, the ``incidents`` and
``incident_members`` tables and the ``articles.linked`` flags are written together in one
transaction, a *link checkpoint*, so the three always agree. An article written after the
last checkpoint has ``linked = false``; when an ingest starts it feeds every such article
to the linker again (first removing whatever events of it the saved state still holds), so
an ingest killed between an article commit and the next checkpoint loses nothing.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

import duckdb

from sitroom.model import ArticleRecord, Incident
from sitroom.store.db import Store, _now
from sitroom.store.writer import (
    INCIDENT_COLUMNS,
    INCIDENT_MEMBER_COLUMNS,
    insert_rows,
    iso3,
    to_date,
)

STATE_ENCODING = "json+zlib"
NO_LINKER = "incident linker not available (sitroom.incidents); incidents were not linked"


def _load_linker() -> tuple[Any, Any] | None:
    try:
        from sitroom.incidents import IncidentLinker, refs_from_record
    except ImportError:
        return None
    return IncidentLinker, refs_from_record


class Linking:
    """The linker of one read-write store session."""

    def __init__(self, store: Store, *, embedder: Any = None) -> None:
        self.store = store
        self._embedder = embedder
        self.warning: str | None = None
        self._pending: set[str] = set()  # article ids fed since the last checkpoint
        self._changed: set[str] = set()  # incident ids changed since the last checkpoint
        self._full = False  # rewrite every incident row at the next checkpoint
        self._linker: Any = None  # loaded on first use: the similarity model takes seconds
        loaded = _load_linker()
        if loaded is None:
            self.warning = NO_LINKER
            self.available = False
            return
        self.available = True
        self._Linker, self._refs_from_record = loaded

    @property
    def linker(self) -> Any:
        """The linker, restored from the saved state on first use."""
        if self._linker is None:
            rows = self.store.rows("SELECT encoding, state FROM linker_state WHERE id = 1")
            state = decode_state(rows[0]["encoding"], rows[0]["state"]) if rows else None
            self._linker = self._Linker.from_state(state, embedder=self._embedder)
        return self._linker

    def refs(self, rec: ArticleRecord) -> list[Any]:
        """The linker's references to an article's events (news, not background)."""
        return self._refs_from_record(rec)

    def update(self, records: Iterable[ArticleRecord], *, replaced: set[str]) -> None:
        """Feed new articles; ``replaced`` are ids whose old events must leave first."""
        if not self.available:
            return
        records = list(records)
        if replaced:
            if hasattr(self.linker, "remove"):
                for aid in replaced:
                    self._changed.update(self.linker.remove(aid) or ())
            else:  # no removal in this linker: start over from what the store holds
                self._rebuild(exclude={r.article.id for r in records})
        refs = [ref for rec in records for ref in self.refs(rec)]
        if refs:
            self._changed.update(self.linker.add(refs) or ())
        self._pending.update(r.article.id for r in records)

    def _rebuild(self, *, exclude: set[str]) -> None:
        self._linker = self._Linker.from_state(None, embedder=self._embedder)
        self._full = True
        for rec in stored_records(self.store, where="TRUE"):
            if rec.article.id not in exclude:
                self.linker.add(self.refs(rec))
                self._pending.add(rec.article.id)

    def recover(self) -> int:
        """Feed the articles an interrupted ingest wrote but never linked; how many."""
        if not self.available or not self.store.scalar(
            "SELECT count(*) FROM articles WHERE NOT linked"
        ):
            return 0
        recs = stored_records(self.store, where="NOT linked")
        ids = {r.article.id for r in recs}
        if recs:
            self.update(recs, replaced=ids)
        return len(recs)

    def checkpoint(self) -> Callable[[duckdb.DuckDBPyConnection], None]:
        """A snapshot of the linker now, as a write for ``Store.submit``."""
        if self._linker is None:  # never used: nothing changed
            return lambda con: None
        changed, incidents = self._changed_incidents()
        state = encode_state(self.linker.state())
        pending, self._pending = sorted(self._pending), set()
        at = _now()

        def write(con: duckdb.DuckDBPyConnection) -> None:
            write_incidents(con, incidents, changed=changed, state=state, at=at)
            if pending:
                con.execute(
                    "UPDATE articles SET linked = true WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                    [pending],
                )

        return write

    def _changed_incidents(self) -> tuple[list[str] | None, list[Incident]]:
        """(ids to replace, None for all; their incidents as they are now)."""
        linker = self.linker
        changed, self._changed = sorted(self._changed), set()
        full, self._full = self._full, False
        if full or not hasattr(linker, "incident"):
            return None, list(linker.incidents())
        live = [iid for iid in changed if iid in linker]
        return changed, [linker.incident(iid) for iid in live]


def stored_records(store: Store, *, where: str) -> list[ArticleRecord]:
    rows = store.rows(f"SELECT record FROM articles WHERE {where} ORDER BY id")
    return [ArticleRecord.model_validate_json(r["record"]) for r in rows]


def incident_row(inc: Incident) -> tuple:
    d, p = inc.date, inc.location
    return (
        inc.id, inc.type, inc.mode, to_date(d.value) if d else None,
        to_date(d.earliest) if d else None, to_date(d.latest) if d else None,
        p.name if p else None, p.lat if p else None, p.lon if p else None,
        p.country if p else None, iso3(p.country) if p else None, p.admin1 if p else None,
        inc.status, inc.fatalities.min, inc.fatalities.max, len(inc.members), len(inc.outlets),
        json.dumps(inc.model_dump(mode="json"), ensure_ascii=False),
    )  # fmt: skip


def write_incidents(
    con: duckdb.DuckDBPyConnection,
    incidents: list[Incident],
    *,
    changed: list[str] | None,
    state: bytes | str | dict,
    at: datetime,
) -> None:
    """Replace incident rows (those in ``changed``, or all when None) and the linker state.

    ``state``: the linker's state as a dict, its JSON text, or already ``encode_state``d.
    """
    if isinstance(state, str):
        state = json.loads(state)
    if isinstance(state, dict):
        state = encode_state(state)
    if changed is None:
        con.execute("DELETE FROM incident_members")
        con.execute("DELETE FROM incidents")
    elif changed:
        for table, col in (("incident_members", "incident_id"), ("incidents", "id")):
            con.execute(f"DELETE FROM {table} WHERE {col} IN (SELECT unnest(?::VARCHAR[]))",
                        [changed])  # fmt: skip
    insert_rows(con, "incidents", INCIDENT_COLUMNS, [incident_row(i) for i in incidents])
    members = [
        (inc.id, m.article, m.event, m.outlet, m.score) for inc in incidents for m in inc.members
    ]
    insert_rows(con, "incident_members", INCIDENT_MEMBER_COLUMNS, members)
    con.execute("DELETE FROM linker_state")
    con.execute("INSERT INTO linker_state VALUES (1, ?, ?, ?)", [STATE_ENCODING, state, at])


def encode_state(state: dict) -> bytes:
    return zlib.compress(json.dumps(state, ensure_ascii=False).encode("utf-8"), 1)


def decode_state(encoding: str, blob: bytes) -> dict:
    if encoding != STATE_ENCODING:
        raise ValueError(f"unknown linker state encoding {encoding!r}")
    return json.loads(zlib.decompress(blob).decode("utf-8"))
