"""sitroom: conflict news to a situation picture with provenance."""

from sitroom.model import (
    Actor,
    ArticleMeta,
    ArticleRecord,
    Claim,
    Event,
    Place,
    Span,
    Time,
)

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "ArticleMeta",
    "ArticleRecord",
    "Claim",
    "Event",
    "Place",
    "Span",
    "Time",
    "__version__",
]
