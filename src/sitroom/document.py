"""The one internal document model that every pipeline stage reads and writes.

A ``Document`` owns the article text; everything stages find refers to it by offsets
(``Span``). Stages are callables ``doc -> doc`` (see ``sitroom.pipeline``). The contract
record is produced from it by ``Document.record()``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sitroom.model import Actor, ArticleMeta, ArticleRecord, Claim, Event, Place, Time

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc


def content_id(text: str) -> str:
    """The default article id: sha1 of the text (OUTPUT.md)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class Document:
    text: str
    meta: ArticleMeta
    source: str = "<memory>"  # file path, "<stdin>", … for messages
    line: int | None = None  # line number in a JSONL file
    warnings: list[str] = field(default_factory=list)
    spacy: Doc | None = None
    places: list[Place] = field(default_factory=list)
    times: list[Time] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # stage-private scratch space

    @classmethod
    def from_text(cls, text: str, **meta: Any) -> Document:
        """Build a document by hand (tests, library users)."""
        meta.setdefault("id", content_id(text))
        return cls(text=text, meta=ArticleMeta(**meta))

    @property
    def published(self) -> date | None:
        return date.fromisoformat(self.meta.published) if self.meta.published else None

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}" if self.line is not None else self.source

    def record(self) -> ArticleRecord:
        return ArticleRecord(
            article=self.meta,
            events=self.events,
            claims=self.claims,
            places=self.places,
            actors=self.actors,
            times=self.times,
        )
