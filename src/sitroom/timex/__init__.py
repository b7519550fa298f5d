"""Time expressions: recognition and resolution against the publication date.

A HeidelTime-like rule grammar written as data: lexicon tables (months, weekdays, number
words, units, seasons, parts of day) are compiled into a table of ``Rule``\\ s (a regular
expression and a small normalisation function each). Matches of all rules are collected,
overlaps are resolved leftmost-longest, and each match is normalised to

* a TIMEX3-style value (``2017-09-16``, ``2017-09``, ``2017-W38``, ``2017-SU``, ``199``,
  ``P3D``, ``PRESENT_REF``, ``2017-09-22TNI``) and a TimeML type (DATE, TIME, DURATION, SET);
* the contract's ``value`` (only when the text pins one day) or ``earliest``/``latest``
  with a ``precision``.

Relative expressions are resolved against the publication date (``published``); without
one they stay unresolved (``value``/``earliest``/``latest`` null, ``text`` kept), while
absolute ones still resolve. Whether a weekday or month without a year points back or
forward is read from the tense of the clause (the spaCy parse when given, a word-window
heuristic otherwise): "said on Monday" is the last Monday, "will meet on Monday" the next.

Expressions anchored to something else ("two days after the strike", "the next day",
"two days later") are kept as ``TimeMention``\\ s with an ``Anchor``; those anchored to an
earlier time expression are resolved here, those anchored to an event are left for the
events stage, which calls :func:`resolve_anchor` once it knows the event's date.

Public API::

    find_times(text, published, *, spacy_doc=None) -> list[Time]
    find_mentions(text, published, *, spacy_doc=None) -> list[TimeMention]
    resolve_anchor(time, anchor, *, relation=None) -> Time
    TimeTagger()  # the pipeline stage "timex": doc.times, doc.extra["timex.mentions"]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sitroom.timex._recognize import find_mentions, find_times, resolve_anchor
from sitroom.timex._types import Anchor, TimeMention

if TYPE_CHECKING:  # pragma: no cover
    from sitroom.document import Document

__all__ = [
    "Anchor",
    "TimeMention",
    "TimeTagger",
    "find_mentions",
    "find_times",
    "resolve_anchor",
]


# ---------------------------------------------------------------------------------------
# The pipeline stage
# ---------------------------------------------------------------------------------------


class TimeTagger:
    """Stage ``timex``: fills ``doc.times`` (text order) and ``doc.extra["timex.mentions"]``
    (the same expressions as ``TimeMention``, with TimeML type and anchors)."""

    name = "timex"
    requires = ("spacy",)
    assigns = ("times",)

    def __call__(self, doc: Document) -> Document:
        mentions = find_mentions(doc.text, doc.published, spacy_doc=doc.spacy)
        doc.extra["timex.mentions"] = mentions
        doc.times = [m.to_time() for m in mentions]
        return doc
