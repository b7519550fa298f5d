"""The stage protocol: a small callable ``doc -> doc`` that declares what it reads and writes.

``requires`` and ``assigns`` name ``Document`` attributes (``"spacy"``, ``"places"``,
``"times"``, …). ``sitroom.pipeline.Pipeline`` checks them when it is built, the way spaCy
checks ``requires``/``assigns`` of its components, so a mis-ordered pipeline fails at
construction, not half-way through a corpus.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from sitroom.document import Document


@runtime_checkable
class Stage(Protocol):
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, doc: Document) -> Document: ...
