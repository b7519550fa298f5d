"""The extraction pipeline: documents in, contract records out.

``Pipeline`` runs the spaCy model once over a batch of texts (``nlp.pipe``) and then each
sitroom stage over each document. It checks the stages' ``requires``/``assigns`` when it is
built. One article that fails in a stage does not stop the batch: the failure is turned
into an ``InputError`` (code E114, naming the stage) and the next article goes on.

With ``n_process > 1`` whole articles are spread over worker processes, each of which loads
the model and the gazetteer once (spaCy's own ``n_process`` would only parallelise the
parse, leaving the sitroom stages on one core). Output order equals input order.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

from sitroom.document import Document
from sitroom.errors import InputError, SitroomError
from sitroom.model import ArticleRecord
from sitroom.registry import stages as stage_registry
from sitroom.stages import Stage

DEFAULT_STAGES = (
    "sitroom.timex.v1",
    "sitroom.geocode.v1",
    "sitroom.claims.v1",
    "sitroom.events.v1",
    "sitroom.provenance.v1",
)
Result = ArticleRecord | InputError


@dataclass(frozen=True, slots=True, kw_only=True)
class PipelineOptions:
    stages: tuple[str, ...] = DEFAULT_STAGES
    batch_size: int = 16
    n_process: int = 1


class Pipeline:
    """spaCy + sitroom stages. Build once per process; call ``process`` on many documents."""

    def __init__(self, stages: Sequence[Stage], *, nlp=None, batch_size: int = 16) -> None:
        self.stages = list(stages)
        self.batch_size = batch_size
        self._nlp = nlp
        self._check()

    @classmethod
    def from_options(cls, options: PipelineOptions = PipelineOptions()) -> Pipeline:
        return cls(
            [stage_registry.get(name)() for name in options.stages], batch_size=options.batch_size
        )

    def _check(self) -> None:
        available = {"text", "meta", "spacy"}
        for stage in self.stages:
            if not isinstance(stage, Stage):
                raise TypeError(f"{stage!r} is not a sitroom stage (name/requires/assigns/call)")
            missing = [r for r in stage.requires if r not in available]
            if missing:
                raise ValueError(
                    f"stage {stage.name!r} requires {missing}, which no earlier stage assigns; "
                    f"order: {[s.name for s in self.stages]}"
                )
            available.update(stage.assigns)

    @property
    def nlp(self):
        if self._nlp is None:
            from sitroom.nlp import load_nlp

            self._nlp = load_nlp()
        return self._nlp

    def process(self, docs: Iterable[Document]) -> Iterator[Result]:
        """Run every document through spaCy and the stages, in order, in this process."""
        docs_iter = iter(docs)
        while batch := list(itertools.islice(docs_iter, self.batch_size)):
            yield from self._process_batch(batch)

    def _process_batch(self, batch: list[Document]) -> list[Result]:
        try:
            parsed = list(self.nlp.pipe(((d.text, d) for d in batch), as_tuples=True))
        except Exception:  # noqa: BLE001 - find the article that broke the parse
            return [self._process_one(doc) for doc in batch]
        return [self._finish(sdoc, doc) for sdoc, doc in parsed]

    def _process_one(self, doc: Document) -> Result:
        try:
            sdoc = self.nlp(doc.text)
        except Exception as e:  # noqa: BLE001 - one article must not stop the batch
            return InputError(
                "E114", source=doc.source, line=doc.line,
                detail=f"stage parse: {type(e).__name__}: {e}",
            )  # fmt: skip
        return self._finish(sdoc, doc)

    def _finish(self, sdoc, doc: Document) -> Result:
        doc.spacy = sdoc
        result = self._run_stages(doc)
        doc.spacy = None  # free the parse; the record holds what we keep
        return result

    def _run_stages(self, doc: Document) -> Result:
        for stage in self.stages:
            try:
                doc = stage(doc)
            except SitroomError:
                raise
            except Exception as e:  # noqa: BLE001 - one article must not stop the batch
                return InputError(
                    "E114", source=doc.source, line=doc.line,
                    detail=f"stage {stage.name}: {type(e).__name__}: {e}",
                )  # fmt: skip
        return doc.record()


# ---------------------------------------------------------------- multi-process -------------

_WORKER: Pipeline | None = None


def _init_worker(options: PipelineOptions) -> None:
    global _WORKER
    _WORKER = Pipeline.from_options(options)


def _work(batch: list[Document]) -> list[Result]:
    assert _WORKER is not None  # noqa: S101 - set by the initializer
    return _WORKER._process_batch(batch)


def run(
    docs: Iterable[Document],
    options: PipelineOptions = PipelineOptions(),
) -> Iterator[tuple[Document, Result]]:
    """Process documents with ``options.n_process`` processes; yields (doc, result) in order."""
    n = options.n_process if options.n_process > 0 else (os.cpu_count() or 1)
    if n == 1:
        pipe = Pipeline.from_options(options)
        docs_iter = iter(docs)
        while batch := list(itertools.islice(docs_iter, options.batch_size)):
            yield from zip(batch, pipe._process_batch(batch), strict=True)
        return
    with ProcessPoolExecutor(max_workers=n, initializer=_init_worker, initargs=(options,)) as ex:
        pending: list[tuple[list[Document], Future]] = []
        docs_iter = iter(docs)
        exhausted = False
        while pending or not exhausted:
            while not exhausted and len(pending) < 2 * n:
                batch = list(itertools.islice(docs_iter, options.batch_size))
                if not batch:
                    exhausted = True
                    break
                pending.append((batch, ex.submit(_work, batch)))
            if pending:
                batch, fut = pending.pop(0)
                yield from zip(batch, fut.result(), strict=True)
