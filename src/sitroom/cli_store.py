"""CLI commands over the store: ``sitroom ingest``, ``sitroom incidents``, ``sitroom export``.

Registered on the shared Typer app by ``register(app)`` (called from ``sitroom.cli``). Like
``sitroom.cli`` they only parse options, call the library and print: data on stdout,
messages, the progress bar and the summary on stderr. Exit codes: 0 all good, 1 some
input was skipped, 2 usage error or the store could not be opened.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from sitroom.errors import SitroomError, UsageError

err = Console(stderr=True, highlight=False, soft_wrap=True)
PROGRESS_MIN = 6

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Store file (default: $SITROOM_DB, else the user data folder)."),
]


class IncidentFormat(StrEnum):
    json = "json"
    table = "table"


def _fail(e: SitroomError) -> typer.Exit:
    err.print(f"sitroom: {e.code} {e.reason}", markup=False)
    return typer.Exit(2)


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    from sitroom.cli import _parse_published

    try:
        return _parse_published(value)
    except UsageError as e:
        raise _fail(e) from None


def _country(value: str | None) -> str | None:
    if value is None:
        return None
    if len(value) not in (2, 3) or not value.isalpha():
        err.print(f"sitroom: --country {value!r}: expected an ISO 3166-1 alpha-2 or alpha-3 code")
        raise typer.Exit(2)
    return value.upper()


# ---------------------------------------------------------------------- ingest ------------


class Similarity(StrEnum):
    auto = "auto"
    embeddings = "embeddings"
    lexical = "lexical"


def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, or - for stdin.")],
    db: DbOption = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD (beats the file's own).")
    ] = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet name (beats the file's own).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    force: Annotated[bool, typer.Option(help="Process articles not detected as English.")] = False,
    refresh: Annotated[
        bool, typer.Option(help="Re-extract and rewrite articles already stored unchanged.")
    ] = False,
    processes: Annotated[int, typer.Option("--processes", "-j", help="Worker processes.")] = 1,
    similarity: Annotated[
        Similarity,
        typer.Option(
            help="Evidence similarity for incident linking: auto = sentence embeddings when "
            "sitroom[embeddings] is installed, else lexical TF-IDF (docs/incidents.md)."
        ),
    ] = "auto",  # type: ignore[assignment]
) -> None:
    """Read article(s), extract them and store the records (and incidents) in the store."""
    from sitroom.inputs import count_inputs, iter_documents
    from sitroom.store import IngestOptions, Store, StoreError
    from sitroom.store import ingest as run_ingest

    try:
        pub = _parse(published)
        for p in paths:
            if p != "-" and not Path(p).exists():
                raise UsageError("E202", path=p)
    except UsageError as e:
        raise _fail(e) from None

    total = count_inputs(paths)
    from sitroom.cli import notice_first_use

    notice_first_use(err)
    show = not quiet and (total is None or total >= PROGRESS_MIN)
    progress = Progress(
        TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, disable=not show, transient=False,
    )  # fmt: skip

    def on_progress(kind: str, obj: object) -> None:
        if kind == "warning":
            for w in obj.warnings:  # type: ignore[attr-defined]
                err.print(f"{obj.where}: {w}", markup=False)  # type: ignore[attr-defined]
            return
        if kind == "skipped":
            err.print(obj.one_line(), markup=False)  # type: ignore[attr-defined]
        progress.advance(task)

    def items() -> Iterator:
        yield from iter_documents(paths, published=pub, outlet=outlet, force=force)

    try:
        store = Store.open(db)
    except StoreError as e:
        raise _fail(e) from None
    try:
        with progress:
            task = progress.add_task("ingest", total=total)
            sim = None if similarity == Similarity.auto else similarity.value
            opts = IngestOptions(n_process=processes, refresh=refresh, similarity=sim)
            stats = run_ingest(items(), store, opts, progress=on_progress)
    except SitroomError as e:  # a missing model or gazetteer, a store failure
        raise _fail(e) from None
    finally:
        store.close()
    _summary(stats, store.path)
    if stats.skipped:
        raise typer.Exit(1)


def _parse(published: str | None) -> date | None:
    from sitroom.cli import _parse_published

    return _parse_published(published)


def _summary(stats, path: Path) -> None:
    by_code = ", ".join(f"{c} ×{n}" for c, n in sorted(stats.skipped_by_code().items()))
    skipped = f"{len(stats.skipped)} skipped" + (f" ({by_code})" if by_code else "")
    err.print(
        f"sitroom: read {stats.read} article(s): {stats.written} new, {stats.replaced} replaced, "
        f"{stats.unchanged} unchanged, {skipped}",
        markup=False,
    )
    err.print(f"sitroom: wrote {stats.events} event(s), {stats.claims} claim(s)", markup=False)
    c = stats.store_counts
    err.print(
        f"sitroom: {path} holds {c.get('articles', 0)} article(s), {c.get('events', 0)} "
        f"event(s), {c.get('claims', 0)} claim(s), {c.get('incidents', 0)} incident(s)",
        markup=False,
    )
    if stats.relinked:
        err.print(f"sitroom: linked {stats.relinked} article(s) left unlinked by an earlier run")
    if stats.link_warning:
        err.print(f"sitroom: warning: {stats.link_warning}", markup=False)


# ---------------------------------------------------------------------- incidents ---------


def _open_reader(db: Path | None):
    from sitroom.store import Store, StoreError

    try:
        return Store.open(db, read_only=True)
    except StoreError as e:
        raise _fail(e) from None


def incidents(
    db: DbOption = None,
    since: Annotated[str | None, typer.Option(help="From this day on (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this day (YYYY-MM-DD).")] = None,
    country: Annotated[str | None, typer.Option(help="Country, ISO alpha-2 or alpha-3.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="PLOVER event type.")] = None,
    actor: Annotated[str | None, typer.Option(help="An actor's name or id in a member.")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many.")] = None,
    offset: Annotated[int, typer.Option(help="Skip this many first.")] = 0,
    format: Annotated[
        IncidentFormat, typer.Option("--format", "-f", help="Output format.")
    ] = IncidentFormat.json,
) -> None:
    """Print the incidents in the store as sitroom/incidents@1 JSON (or a table)."""
    from sitroom.model import IncidentsRecord
    from sitroom.store import queries

    filters = queries.Filters(
        since=_day(since, "--since"), until=_day(until, "--until"), country=_country(country),
        type=type, actor=actor, limit=limit, offset=offset,
    )  # fmt: skip
    store = _open_reader(db)
    try:
        found = queries.incidents(store, filters)
    finally:
        store.close()
    if format is IncidentFormat.json:
        typer.echo(json.dumps(IncidentsRecord(incidents=found).to_json_dict(), ensure_ascii=False,
                              indent=2))  # fmt: skip
        return
    _incident_table(found)


def _incident_table(found) -> None:
    import sys

    from sitroom.render import _place, _time

    out = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
    t = Table(title=f"{len(found)} incident(s)", title_justify="left")
    for col in ("id", "event", "when", "where", "killed", "status", "outlets", "members"):
        t.add_column(col)
    for i in found:
        f = i.fatalities
        killed = "" if f.min is None else (str(f.min) if f.min == f.max else f"{f.min}–{f.max}")
        t.add_row(
            i.id, f"{i.type} {i.mode or ''}".strip(), _time(i.date), _place(i.location), killed,
            i.status, ", ".join(i.outlets), str(len(i.members)),
        )  # fmt: skip
    out.print(t)


# ---------------------------------------------------------------------- export ------------


def export(
    to: Annotated[Path, typer.Option("--to", help="Folder to write the files into.")],
    db: DbOption = None,
    since: Annotated[str | None, typer.Option(help="From this day on (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this day (YYYY-MM-DD).")] = None,
    country: Annotated[str | None, typer.Option(help="Country, ISO alpha-2 or alpha-3.")] = None,
    actor: Annotated[str | None, typer.Option(help="Actor name or id, in any role.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="PLOVER event type.")] = None,
    status: Annotated[str | None, typer.Option(help="reported, claimed or contested.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Only articles of this outlet.")] = None,
    text: Annotated[str | None, typer.Option(help="Words in the evidence sentence.")] = None,
) -> None:
    """Write events.csv (ACLED columns), incidents.csv, events.geojson and articles.jsonl."""
    from sitroom.export import export as run_export
    from sitroom.store import queries

    filters = queries.Filters(
        since=_day(since, "--since"), until=_day(until, "--until"), country=_country(country),
        actor=actor, type=type, status=status, outlet=outlet, text=text,
    )  # fmt: skip
    store = _open_reader(db)
    try:
        stats = run_export(store, to, filters)
    finally:
        store.close()
    err.print(
        f"sitroom: wrote {stats.events} event(s) ({stats.no_location} without a location left "
        f"out of events.geojson), {stats.incidents} incident(s), {stats.articles} article(s) "
        f"to {to}",
        markup=False,
    )


def register(app: typer.Typer) -> None:
    """Add ``ingest``, ``incidents`` and ``export`` to the ``sitroom`` app."""
    app.command()(ingest)
    app.command()(incidents)
    app.command()(export)
