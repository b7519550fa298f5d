"""The situation room web app: ``create_app(db_path)`` builds a FastAPI app over a store.

* ``/`` the map, timeline and filters; ``/incidents/{id}`` an incident with every source;
  ``/articles/{id}`` an article with its spans highlighted; ``/api/...`` the JSON API
  (``sitroom.web.api``), its OpenAPI spec at ``/api/openapi.json``.
* The store is opened read-only once; each request thread reads through its own cursor
  (``Store.reader``), so many readers run at once.
* Every 4xx/5xx answer of the API is ``{"error": {"code", "message", "status"}}``
  (validation errors add ``details``); pages answer errors with a small HTML page.
* Everything is served by the app itself (vendored Leaflet, world-atlas borders): no CDN,
  no tile server. A strict Content-Security-Policy allows scripts from this origin only.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from sitroom import __version__
from sitroom.store.db import Store

log = logging.getLogger("sitroom.web")

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
DUCKDB_THREADS = int(os.environ.get("SITROOM_WEB_DUCKDB_THREADS", "1"))
CODES = {
    400: "bad_request", 404: "not_found", 405: "method_not_allowed", 406: "not_acceptable",
    413: "too_large", 415: "unsupported_media_type", 422: "validation_error",
    500: "internal_error",
}  # fmt: skip


def web_root() -> Path:
    return Path(str(resources.files("sitroom.web")))


def error_json(status: int, code: str, message: str, details: Any = None) -> JSONResponse:
    body: dict[str, Any] = {"code": code, "message": message, "status": status}
    if details is not None:
        body["details"] = details
    return JSONResponse({"error": body}, status_code=status)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def _tune(store: Store) -> None:
    """One DuckDB thread per query: the app's parallelism is its many concurrent requests
    (each on its own cursor), and per-query threads on top of those only contend."""
    if store.read_only:
        store.reader().execute(f"SET threads = {DUCKDB_THREADS}")


def open_store(app: FastAPI) -> Store:
    """The app's store, (re)opened if a lifespan shutdown closed it."""
    store = app.state.store
    if store is None:
        with app.state.store_lock:
            if app.state.store is None:
                app.state.store = Store.open(app.state.db_path, read_only=app.state.read_only)
                _tune(app.state.store)
            store = app.state.store
    return store


def create_app(db_path: str | Path, *, read_only: bool = True) -> FastAPI:
    """A FastAPI app over the store at ``db_path`` (raises ``StoreError`` if it can't open)."""
    store = Store.open(db_path, read_only=read_only)  # fail fast: StoreError if it can't
    _tune(store)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from sitroom.web.queries_extra import warm

        warm(open_store(app))
        yield
        with app.state.store_lock:  # a later startup (tests run several) opens it again
            if app.state.store is not None:
                app.state.store.close()
                app.state.store = None

    app = FastAPI(
        title="sitroom situation room",
        version=__version__,
        description="Events, incidents, articles and actors from a sitroom store "
        "(contract sitroom/article@1 and sitroom/incidents@1).",
        openapi_url="/api/openapi.json",
        docs_url=None,  # Swagger UI loads from a CDN: not offline, not allowed by the CSP
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.store_lock = threading.Lock()
    app.state.db_path = Path(db_path)
    app.state.read_only = read_only

    from sitroom.web import api, pages

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=web_root() / "static"), name="static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        try:
            response = await call_next(request)
        except Exception:  # noqa: BLE001 - turned into the one error shape
            log.exception("unhandled error on %s", request.url.path)
            response = error_json(500, "internal_error", "internal server error")
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Any:
        code = getattr(exc, "code", None) or CODES.get(exc.status_code, f"http_{exc.status_code}")
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if _wants_json(request):
            return error_json(exc.status_code, code, message)
        return pages.error_page(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Any:
        details = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
            for e in exc.errors()
        ]
        where = ", ".join(
            f"{'.'.join(str(p) for p in d['loc'][1:]) or d['loc'][0]}: {d['msg']}"
            for d in details
        )
        status = 422
        if _wants_json(request):
            return error_json(status, "validation_error", f"invalid parameter ({where})", details)
        return pages.error_page(request, status, f"invalid parameter ({where})")

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Any:
        log.exception("unhandled error on %s", request.url.path, exc_info=exc)
        if _wants_json(request):
            return error_json(500, "internal_error", "internal server error")
        return HTMLResponse("internal server error", status_code=500)

    return app


ENV_WEB_DB = "SITROOM_WEB_DB"


def app_from_env() -> FastAPI:
    """``create_app($SITROOM_WEB_DB)``: the factory uvicorn imports in each worker process
    (``sitroom serve --workers N``)."""
    return create_app(os.environ[ENV_WEB_DB], read_only=True)
