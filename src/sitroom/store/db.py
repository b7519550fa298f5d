"""The embedded DuckDB store: opening, migrations, the single writer.

Concurrency model (DuckDB's, the same shape as datasette's ``Database``):

* one process at a time opens the file read-write (``Store.open(path)``); inside it every
  write runs on one writer thread that owns the read-write connection (``Store.write``,
  ``Store.submit``), so writes are serialised without locks in the callers;
* any number of threads in that process read through their own cursors
  (``Store.reader()``) and see what has been committed;
* other processes open the file ``read_only=True`` when no process holds it read-write
  (DuckDB locks the file for the writer).

Migrations are the numbered SQL files in ``sitroom/store/schema`` (``001_init.sql``, …),
applied in order at a read-write open, each in its own transaction together with its row
in ``schema_version``.
"""

from __future__ import annotations

import os
import queue
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from sitroom.errors import SitroomError

T = TypeVar("T")
ENV_DB = "SITROOM_DB"
DB_NAME = "sitroom.duckdb"



class StoreError(SitroomError):
    """The store could not be opened, migrated or written (codes E4xx in sitroom.errors)."""


def default_db_path() -> Path:
    """``$SITROOM_DB``, else ``sitroom/sitroom.duckdb`` in the user's data directory."""
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
    if sys.platform == "win32":  # pragma: no cover - platform specific
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":  # pragma: no cover - platform specific
        base = Path.home() / "Library" / "Application Support"
    else:
        xdg = os.environ.get("XDG_DATA_HOME")
        base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base / "sitroom" / DB_NAME


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration file, in order."""
    out = []
    for f in resources.files("sitroom.store").joinpath("schema").iterdir():
        name = f.name
        if name.endswith(".sql") and name[:3].isdigit():
            out.append((int(name[:3]), name.removesuffix(".sql"), f.read_text(encoding="utf-8")))
    return sorted(out)


class _WriteThread:
    """Runs submitted functions one at a time on the read-write connection."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con
        self._queue: queue.Queue = queue.Queue()
        self._thread = threading.Thread(target=self._loop, name="sitroom-store-writer", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            fn, fut = item
            if not fut.set_running_or_notify_cancel():
                continue
            try:
                fut.set_result(fn(self._con))
            except BaseException as e:  # noqa: BLE001 - handed to the caller via the future
                fut.set_exception(e)

    def submit(self, fn: Callable[[duckdb.DuckDBPyConnection], T]) -> Future[T]:
        fut: Future[T] = Future()
        self._queue.put((fn, fut))
        return fut

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join()


class Store:
    """A sitroom DuckDB file. Build with ``Store.open``; close (or use ``with``) when done."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path, *, read_only: bool) -> None:
        self._con = con
        self.path = path
        self.read_only = read_only
        self._writer: _WriteThread | None = None
        self._local = threading.local()
        self._cursor_lock = threading.Lock()
        self._read_base = con.cursor()  # readers branch off this, never off the writer's
        self._cursors: list[duckdb.DuckDBPyConnection] = []

    # ------------------------------------------------------------------ opening ----------

    @classmethod
    def open(cls, path: str | Path | None = None, *, read_only: bool = False) -> Store:
        """Open (and, read-write, create and migrate) the store at ``path``.

        ``path`` defaults to ``default_db_path()``; ``":memory:"`` is an in-memory store.
        """
        p = Path(path) if path is not None else default_db_path()
        memory = str(path) == ":memory:"
        if read_only and not memory and not p.exists():
            raise StoreError("E402", path=p)
        if not memory and not read_only:
            p.parent.mkdir(parents=True, exist_ok=True)
        try:
            con = duckdb.connect(":memory:" if memory else str(p), read_only=read_only)
        except duckdb.IOException as e:
            if "lock" in str(e).lower():
                raise StoreError("E405", path=p) from e
            raise StoreError("E401", path=p, detail=str(e).splitlines()[0]) from e
        except duckdb.Error as e:
            raise StoreError("E401", path=p, detail=str(e).splitlines()[0]) from e
        store = cls(con, p, read_only=read_only)
        try:
            store._migrate()
        except BaseException:
            con.close()
            raise
        return store

    def _migrate(self) -> None:
        found = self.schema_version()
        known = migrations()
        latest = known[-1][0] if known else 0
        if found > latest:
            raise StoreError("E403", path=self.path, found=found, known=latest)
        pending = [m for m in known if m[0] > found]
        if not pending:
            return
        if self.read_only:
            raise StoreError("E404", path=self.path, pending=", ".join(m[1] for m in pending))
        for version, name, sql in pending:
            with self._transaction(self._con):
                self._con.execute(sql)
                self._con.execute(
                    "INSERT INTO schema_version VALUES (?, ?, ?)", [version, name, _now()]
                )

    def schema_version(self) -> int:
        """The highest migration applied (0 for an empty file)."""
        has = self._con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'schema_version'"
        ).fetchone()
        if not has or not has[0]:
            return 0
        row = self._con.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    # ------------------------------------------------------------------ writing ----------

    @staticmethod
    @contextmanager
    def _transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
        con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")

    def submit(self, fn: Callable[[duckdb.DuckDBPyConnection], T]) -> Future[T]:
        """Queue ``fn(con)`` to run in one transaction on the writer thread."""
        if self.read_only:
            raise StoreError("E401", path=self.path, detail="opened read-only")
        if self._writer is None:
            self._writer = _WriteThread(self._con)

        def in_transaction(con: duckdb.DuckDBPyConnection) -> T:
            with self._transaction(con):
                return fn(con)

        return self._writer.submit(in_transaction)

    def write(self, fn: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        """Run ``fn(con)`` in one transaction on the writer thread and wait for it."""
        return self.submit(fn).result()

    # ------------------------------------------------------------------ reading ----------

    def reader(self) -> duckdb.DuckDBPyConnection:
        """This thread's read cursor (sees every committed write)."""
        cur = getattr(self._local, "cursor", None)
        if cur is None:
            with self._cursor_lock:
                cur = self._read_base.cursor()
                self._cursors.append(cur)
            self._local.cursor = cur
        return cur

    def rows(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        """Run a read query; rows as dicts."""
        cur = self.reader().execute(sql, params or [])
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]

    def scalar(self, sql: str, params: list[Any] | None = None) -> Any:
        row = self.reader().execute(sql, params or []).fetchone()
        return row[0] if row else None

    def counts(self) -> dict[str, int]:
        """Rows per table (every table of the schema)."""
        return {t: int(self.scalar(f'SELECT count(*) FROM "{t}"')) for t in self.tables()}

    def tables(self) -> list[str]:
        return [
            r["table_name"]
            for r in self.rows(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' "
                "ORDER BY table_name"
            )
        ]

    def checksum(self, table: str, *, exclude: tuple[str, ...] = ()) -> str:
        """An order-independent digest of a table's rows (minus ``exclude`` columns)."""
        cols = [
            r["column_name"]
            for r in self.rows(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
                [table],
            )
            if r["column_name"] not in exclude
        ]
        row_expr = (
            "concat_ws(chr(31), "
            + ", ".join(f'coalesce(CAST("{c}" AS VARCHAR), chr(9216))' for c in cols)
            + ")"
        )
        return str(
            self.scalar(
                f"SELECT md5(coalesce(string_agg(r, chr(30) ORDER BY r), '')) "
                f'FROM (SELECT {row_expr} AS r FROM "{table}")'
            )
        )

    # ------------------------------------------------------------------ closing ----------

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        for cur in self._cursors:
            cur.close()
        self._cursors.clear()
        self._local = threading.local()
        self._read_base.close()
        self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
