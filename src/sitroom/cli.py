"""The command line: a thin layer that parses options, calls the library and prints.

Only this module prints. stdout carries data only; messages, warnings and the progress
bar go to stderr. Exit codes: 0 all good, 1 some input was skipped, 2 usage error.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from sitroom import __version__
from sitroom.document import Document
from sitroom.errors import InputError, SitroomError, UsageError
from sitroom.model import ArticleRecord

app = typer.Typer(
    name="sitroom",
    help="Conflict news to a situation picture: events, places, dates, and who says so.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)
PROGRESS_MIN = 6  # show a progress bar from this many articles on


class Format(StrEnum):
    json = "json"
    jsonl = "jsonl"
    table = "table"


def _fail_usage(e: SitroomError) -> typer.Exit:
    err.print(f"sitroom: {e.code} {e.reason}", markup=False)
    return typer.Exit(2)


def _parse_published(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError as e:
        raise UsageError("E201", value=value) from e


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, or - for stdin.")],
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD (beats the file's own).")
    ] = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet name (beats the file's own).")] = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.json,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    force: Annotated[bool, typer.Option(help="Process articles not detected as English.")] = False,
    processes: Annotated[int, typer.Option("--processes", "-j", help="Worker processes.")] = 1,
) -> None:
    """Read article(s) and print the sitroom/article@1 JSON contract (or a table)."""
    from sitroom.inputs import count_inputs, iter_documents
    from sitroom.pipeline import PipelineOptions, run

    try:
        pub = _parse_published(published)
        for p in paths:
            if p != "-" and not Path(p).exists():
                raise UsageError("E202", path=p)
    except UsageError as e:
        raise _fail_usage(e) from None

    skipped = 0
    total = count_inputs(paths)
    notice_first_use(err)

    def documents() -> Iterator[Document]:
        nonlocal skipped
        for item in iter_documents(paths, published=pub, outlet=outlet, force=force):
            if isinstance(item, InputError):
                skipped += 1
                _report(item)
                progress.advance(task)
                continue
            for w in item.warnings:
                err.print(f"{item.where}: {w}", markup=False)
            yield item

    out: TextIO = output.open("w", encoding="utf-8") if output else sys.stdout
    writer = _Writer(format, out)
    show = not quiet and (total is None or total >= PROGRESS_MIN)
    progress = Progress(
        TextColumn("extract"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, disable=not show, transient=False,
    )  # fmt: skip
    try:
        with progress:
            task = progress.add_task("extract", total=total)
            opts = PipelineOptions(n_process=processes)
            for _doc, result in run(documents(), opts):
                if isinstance(result, InputError):
                    skipped += 1
                    _report(result)
                else:
                    writer.write(result)
                progress.advance(task)
        writer.close()
    except SitroomError as e:  # a missing model or gazetteer: nothing can go on
        err.print(f"sitroom: {e.code} {e.reason}", markup=False)
        raise typer.Exit(2) from None
    finally:
        if output:
            out.close()
    if skipped:
        err.print(
            f"sitroom: {writer.count} article(s) extracted, {skipped} skipped", markup=False
        )
        raise typer.Exit(1)


def notice_first_use(console: Console) -> None:
    """Say so before the one slow start: the gazetteer index is built on first use."""
    from sitroom.gazetteer import index_path

    if not index_path().exists():
        console.print(
            "sitroom: building the gazetteer index once (about a minute; "
            "`sitroom gazetteer build` does it ahead of time)…",
            markup=False,
        )


def _report(e: InputError) -> None:
    err.print(e.one_line(), markup=False)


class _Writer:
    """Writes records as they come; ``json`` is one object for one article, else an array."""

    def __init__(self, fmt: Format, out: TextIO) -> None:
        self.fmt, self.out, self.count = fmt, out, 0
        self._held: ArticleRecord | None = None

    def write(self, rec: ArticleRecord) -> None:
        self.count += 1
        if self.fmt is Format.jsonl:
            self.out.write(json.dumps(rec.to_json_dict(), ensure_ascii=False) + "\n")
        elif self.fmt is Format.table:
            from sitroom.render import print_table

            width = None if self.out.isatty() else 200  # files and pipes get a wide table
            print_table(rec, Console(file=self.out, highlight=False, width=width))
        elif self.count == 1:
            self._held = rec
        else:
            if self._held is not None:
                self.out.write("[\n" + _dumps(self._held))
                self._held = None
            self.out.write(",\n" + _dumps(rec))

    def close(self) -> None:
        if self.fmt is not Format.json:
            return
        if self._held is not None:
            self.out.write(_dumps(self._held) + "\n")
        elif self.count == 0:
            self.out.write("[]\n")
        else:
            self.out.write("\n]\n")


def _dumps(rec: ArticleRecord) -> str:
    return json.dumps(rec.to_json_dict(), ensure_ascii=False, indent=2)


@app.command()
def schema(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write into.")] = Path(
        "docs/schema"
    ),
    check: Annotated[
        bool, typer.Option(help="Only check that the files on disk match the models.")
    ] = False,
) -> None:
    """Write (or --check) the JSON Schema of sitroom/article@1 generated from the models."""
    from sitroom.schema import check_schemas, write_schemas

    if check:
        stale = check_schemas(out_dir)
        if stale:
            err.print(f"sitroom: schema files out of date: {', '.join(stale)}", markup=False)
            raise typer.Exit(1)
        err.print("schema files are up to date")
        return
    for path in write_schemas(out_dir):
        err.print(f"wrote {path}")


class EvalFormat(StrEnum):
    table = "table"
    json = "json"


@app.command("eval")
def eval_(
    gold_dir: Annotated[
        Path, typer.Argument(help="Folder of X.gold.json files (with X.txt beside them).")
    ],
    pred_dir: Annotated[
        Path, typer.Argument(help="Folder or file of predicted records (*.json, *.jsonl).")
    ],
    format: Annotated[
        EvalFormat, typer.Option("--format", "-f", help="Output format.")
    ] = EvalFormat.table,
    lenient_missing: Annotated[
        bool, typer.Option(help="A predicted event without date/place may still match.")
    ] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
) -> None:
    """Score predicted records against gold files (docs/evaluation.md)."""
    from pydantic import ValidationError

    from sitroom.evaluate import load_gold_dir, load_pred_dir, render, score

    try:
        for p in (gold_dir, pred_dir):
            if not p.exists():
                raise UsageError("E202", path=str(p))
    except UsageError as e:
        raise _fail_usage(e) from None
    try:
        gold = load_gold_dir(gold_dir)
        pred = load_pred_dir(pred_dir)
        if not gold:
            err.print(f"sitroom: no *.gold.json files in {gold_dir}", markup=False)
            raise typer.Exit(2)
        report = score(gold, pred, lenient_missing=lenient_missing)
    except (ValidationError, json.JSONDecodeError, UnicodeDecodeError) as e:
        err.print(f"sitroom: eval: cannot read the records: {e}", markup=False)
        raise typer.Exit(2) from None
    out: TextIO = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        if format is EvalFormat.json:
            out.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n")
        else:
            render(report, Console(file=out, highlight=False, soft_wrap=False))
    finally:
        if output:
            out.close()


gazetteer_app = typer.Typer(help="The GeoNames gazetteer index (built once, cached).")
app.add_typer(gazetteer_app, name="gazetteer")


@gazetteer_app.command("build")
def gazetteer_build(
    out: Annotated[Path | None, typer.Option(help="Write here instead of the cache.")] = None,
) -> None:
    """Build the gazetteer index now (otherwise it is built on first use)."""
    from sitroom.gazetteer import main as gazetteer_main

    raise typer.Exit(gazetteer_main(["build", *(["--out", str(out)] if out else [])]))


@gazetteer_app.command("lookup")
def gazetteer_lookup(name: Annotated[str, typer.Argument(help="A place name.")]) -> None:
    """List the gazetteer's candidates for a name, best first."""
    from sitroom.gazetteer import main as gazetteer_main

    raise typer.Exit(gazetteer_main(["lookup", name]))


@gazetteer_app.command("path")
def gazetteer_path() -> None:
    """Print where the index is cached."""
    from sitroom.gazetteer import main as gazetteer_main

    raise typer.Exit(gazetteer_main(["path"]))


@app.command()
def version() -> None:
    """Print the version of sitroom and of its model."""
    typer.echo(f"sitroom {__version__}")


def _register_subcommands() -> None:
    from sitroom import cli_serve, cli_store

    cli_store.register(app)
    cli_serve.register(app)


_register_subcommands()


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("sitroom: interrupted")
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
