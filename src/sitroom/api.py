"""Library entry points: extract records from texts without the CLI."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from sitroom.document import Document
from sitroom.errors import InputError
from sitroom.model import ArticleRecord
from sitroom.pipeline import PipelineOptions, run

DEFAULT_OPTIONS = PipelineOptions()  # frozen, so one shared default is safe


def extract_text(
    text: str,
    *,
    published: date | str | None = None,
    id: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    options: PipelineOptions = DEFAULT_OPTIONS,
) -> ArticleRecord:
    """Read one article text into its contract record."""
    (rec,) = extract_documents(
        [_doc(text, published=published, id=id, title=title, outlet=outlet, url=url)], options
    )
    if isinstance(rec, InputError):
        raise rec
    return rec


def extract_documents(
    docs: Iterable[Document], options: PipelineOptions = DEFAULT_OPTIONS
) -> Iterator[ArticleRecord | InputError]:
    """Read many documents; yields one record (or the error that skipped it) per document."""
    for _doc, result in run(docs, options):
        yield result


def _doc(text: str, *, published, **meta) -> Document:
    if isinstance(published, date):
        published = published.isoformat()
    return Document.from_text(
        text, published=published, **{k: v for k, v in meta.items() if v is not None}
    )
