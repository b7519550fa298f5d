"""``sitroom serve``: the situation room web app over a store (see docs/web.md).

Registered on the shared Typer app by ``register(app)``. Opens the store read-only and
serves on 127.0.0.1 unless ``--host`` says otherwise. Exit 2 when the store does not exist
(with the command that makes one) or cannot be opened, or the web extras are missing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from sitroom.errors import SitroomError

err = Console(stderr=True, highlight=False, soft_wrap=True)


def serve(
    db: Annotated[
        Path | None,
        typer.Option("--db", help="Store file (default: $SITROOM_DB, else the user data folder)."),
    ] = None,
    host: Annotated[
        str, typer.Option(help="Interface to bind. Keep 127.0.0.1 unless you mean to share it.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.", min=0, max=65535)] = 8000,
    workers: Annotated[
        int, typer.Option(help="Server processes (each opens the store read-only).", min=1)
    ] = 1,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "warning",
) -> None:
    """Serve the situation room (map, timeline, incidents, articles, JSON API) over a store."""
    from sitroom.store.db import default_db_path

    path = db if db is not None else default_db_path()
    if not path.exists():
        err.print(
            f"sitroom: no store at {path}. Make one first, e.g.\n"
            f"  sitroom ingest examples/ --db {path}\n"
            "then run `sitroom serve"
            + (f" --db {path}`" if db is not None else "`")
            + " again.",
            markup=False,
        )
        raise typer.Exit(2)
    try:
        import uvicorn

        from sitroom.web.app import ENV_WEB_DB, create_app
    except ImportError as e:  # pragma: no cover - depends on the install
        err.print(f"sitroom: serve needs the web dependencies ({e.name}): "
                  "pip install 'sitroom[web]'", markup=False)  # fmt: skip
        raise typer.Exit(2) from None
    try:
        app = create_app(path, read_only=True)
    except SitroomError as e:
        err.print(f"sitroom: {e.code} {e.reason}", markup=False)
        raise typer.Exit(2) from None
    shown = f"[{host}]" if ":" in host else host
    err.print(f"sitroom: serving {path} at http://{shown}:{port}/  (Ctrl-C to stop)", markup=False)
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print("sitroom: warning: listening beyond this machine; the app has no login",
                  markup=False)  # fmt: skip
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=False)
        return
    app.state.store.close()  # each worker process opens its own
    os.environ[ENV_WEB_DB] = str(path.resolve())
    uvicorn.run("sitroom.web.app:app_from_env", factory=True, host=host, port=port,
                workers=workers, log_level=log_level, access_log=False)  # fmt: skip


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the sitroom CLI."""
    app.command()(serve)
