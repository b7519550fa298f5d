"""Ingest: documents in, extraction, articles written to the store, incidents linked.

``ingest(items, store, options)`` is what ``sitroom ingest`` calls. ``Ingestor`` is the
part after extraction (batching, transactions, linking); it takes already-extracted
records, which is what tests and other producers (a Dask run) hand it.

Idempotence: an article is keyed by ``article.id``. Before extraction each document's
*input hash* (its text and the title, URL, outlet and publication date it came with) is
compared with the stored one; an unchanged article is not extracted or written again.
A changed one is extracted and replaces all its rows in the transaction that writes it.
Each batch of articles is one transaction, so a killed ingest leaves whole articles.
"""

from __future__ import annotations

import itertools
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from sitroom.document import Document
from sitroom.errors import InputError
from sitroom.store.db import Store, _now
from sitroom.store.linking import Linking
from sitroom.store.writer import ArticleInput, input_hash, write_articles

# progress events: "written", "replaced", "unchanged", "skipped", "warning"
Progress = Callable[[str, object], None]


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestOptions:
    n_process: int = 1
    batch_size: int = 16
    refresh: bool = False  # re-extract and rewrite articles that are unchanged
    link: bool = True
    # seconds between link checkpoints: at least this, and at least 20x what the last one
    # cost, so that saving the linker state stays a small share of the ingest as it grows
    checkpoint_seconds: float = 30.0
    # evidence similarity for linking: None = the linker's default (sentence embeddings
    # when installed, else lexical); "lexical" forces the lexical one
    similarity: Any = None


@dataclass(slots=True)
class IngestStats:
    written: int = 0  # new articles
    replaced: int = 0  # articles whose stored version changed
    unchanged: int = 0
    skipped: list[InputError] = field(default_factory=list)
    events: int = 0  # events and claims written in this run
    claims: int = 0
    relinked: int = 0  # unlinked articles of an earlier, interrupted ingest
    link_warning: str | None = None
    store_counts: dict[str, int] = field(default_factory=dict)

    @property
    def read(self) -> int:
        return self.written + self.replaced + self.unchanged + len(self.skipped)

    def skipped_by_code(self) -> Counter[str]:
        return Counter(e.code for e in self.skipped)


def _noop(kind: str, obj: object) -> None:
    return None


class Ingestor:
    """Batches extracted articles into transactions and keeps incidents linked."""

    def __init__(self, store: Store, options: IngestOptions = IngestOptions(), *,
                 progress: Progress = _noop) -> None:  # fmt: skip
        self.store = store
        self.options = options
        self.progress = progress
        self.stats = IngestStats()
        self.stored: dict[str, str] = {
            r["id"]: r["input_hash"] for r in store.rows("SELECT id, input_hash FROM articles")
        }
        self.linking = Linking(store, embedder=options.similarity) if options.link else None
        if self.linking is not None:
            self.stats.link_warning = self.linking.warning
            self.stats.relinked = self.linking.recover()
        self._batch: list[ArticleInput] = []
        self._inflight: list[Future] = []  # article writes (main thread)
        self._checkpoints: list[Future] = []  # link checkpoint writes
        self._last_checkpoint = time.monotonic()
        self._interval = options.checkpoint_seconds
        if self.stats.relinked:
            self._checkpoint()

    def is_unchanged(self, article_id: str, hash_: str) -> bool:
        return not self.options.refresh and self.stored.get(article_id) == hash_

    def add(self, item: ArticleInput) -> None:
        self._batch.append(item)
        if len(self._batch) >= self.options.batch_size:
            self.flush()

    def flush(self) -> None:
        batch, self._batch = self._batch, []
        if not batch:
            return
        replaced = {i.record.article.id for i in batch if i.record.article.id in self.stored}
        for item in batch:
            aid = item.record.article.id
            kind = "replaced" if aid in replaced else "written"
            if kind == "replaced":
                self.stats.replaced += 1
            else:
                self.stats.written += 1
            self.stats.events += len(item.record.events)
            self.stats.claims += len(item.record.claims)
            self.stored[aid] = item.input_hash
            self.progress(kind, item)
        at = _now()
        self._wait(keep=1)  # at most one batch queued behind the one being written
        self._inflight.append(self.store.submit(lambda con: write_articles(con, batch, at)))
        # linking runs here, between extraction batches: a linker thread was tried and
        # was slower on 2 cores (the embedding model's threads fight the parser's)
        if self.linking is not None and self.linking.available:
            self.linking.update([i.record for i in batch], replaced=replaced)
            if time.monotonic() - self._last_checkpoint >= self._interval:
                self._checkpoint()

    def _checkpoint(self) -> None:
        if self.linking is None:
            return
        t = time.perf_counter()
        write = self.linking.checkpoint()
        self._checkpoints.append(self.store.submit(write))
        self._interval = max(self.options.checkpoint_seconds, 20 * (time.perf_counter() - t))
        self._last_checkpoint = time.monotonic()

    def _wait(self, keep: int = 0) -> None:
        while len(self._inflight) > keep:
            self._inflight.pop(0).result()
        if keep == 0:
            for fut in self._checkpoints:
                fut.result()
            self._checkpoints.clear()

    def finish(self) -> IngestStats:
        self.flush()
        if self.linking is not None and self.linking.available:
            self._checkpoint()
        self._wait()
        self.stats.store_counts = {
            t: int(self.store.scalar(f"SELECT count(*) FROM {t}"))
            for t in ("articles", "events", "claims", "incidents")
        }
        return self.stats


def ingest(
    items: Iterable[Document | InputError],
    store: Store,
    options: IngestOptions = IngestOptions(),
    *,
    progress: Progress = _noop,
) -> IngestStats:
    """Extract and store every document; returns what happened."""
    from sitroom.pipeline import PipelineOptions, run

    ing = Ingestor(store, options, progress=progress)
    hashes: dict[int, str] = {}
    seen: dict[str, str] = {}  # ids read in this run, so a repeated input counts as unchanged

    def documents() -> Iterator[Document]:
        for item in items:
            if isinstance(item, InputError):
                ing.stats.skipped.append(item)
                progress("skipped", item)
                continue
            if item.warnings:
                progress("warning", item)
            m = item.meta
            h = input_hash(item.text, title=m.title, url=m.url, outlet=m.outlet,
                           published=m.published)  # fmt: skip
            if seen.get(m.id) == h or ing.is_unchanged(m.id, h):
                ing.stats.unchanged += 1
                progress("unchanged", item)
                continue
            hashes[id(item)] = seen[m.id] = h
            yield item

    todo = documents()
    first = next(todo, None)
    if first is None:  # nothing new: do not even load the pipeline
        return ing.finish()
    pipe_opts = PipelineOptions(n_process=options.n_process, batch_size=options.batch_size)
    for doc, result in run(itertools.chain([first], todo), pipe_opts):
        h = hashes.pop(id(doc))
        if isinstance(result, InputError):
            ing.stats.skipped.append(result)
            progress("skipped", result)
            continue
        ing.add(ArticleInput(record=result, text=doc.text, input_hash=h, source=doc.where))
    return ing.finish()
