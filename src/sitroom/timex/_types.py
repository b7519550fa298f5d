"""The mention types: ``TimeMention`` (a found time expression) and its ``Anchor``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sitroom.model import Span, Time
from sitroom.timex._periods import _Period

# ---------------------------------------------------------------------------------------
# Mentions
# ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class Anchor:
    """A time given relative to something else: "two days after the strike".

    ``offset`` is a TIMEX3 duration (``P2D``; ``P0D`` for "the same day"), ``relation``
    ``after`` or ``before``. ``target`` is the text span the expression is anchored to
    when the text names it ("the claimed Russian airstrike"); ``None`` means the previous
    time expression (narrative time, "two days later"). ``resolved`` says whether this
    module could resolve it (against an earlier time expression).
    """

    relation: str
    offset: str
    target: Span | None = None
    resolved: bool = False


@dataclass(slots=True)
class TimeMention:
    """One time expression with everything the public ``Time`` does not carry."""

    start: int
    end: int
    text: str
    type: str  # TimeML type: DATE, TIME, DURATION, SET
    timex: str | None = None
    value: date | None = None
    earliest: date | None = None
    latest: date | None = None
    precision: str | None = None
    mod: str | None = None
    anchor: Anchor | None = None
    rule: str = ""
    implicit_year: bool = False  # the year was inferred ("September 16", "in April")

    def to_time(self) -> Time:
        return Time(
            text=self.text,
            value=self.value.isoformat() if self.value else None,
            earliest=self.earliest.isoformat() if self.earliest else None,
            latest=self.latest.isoformat() if self.latest else None,
            precision=self.precision if (self.earliest or self.value) else None,
            timex=self.timex,
            span=Span(start=self.start, end=self.end, text=self.text),
        )

    def set_period(self, p: _Period | None) -> None:
        if p is None:
            return
        self.timex = p.timex
        self.earliest, self.latest, self.precision = p.earliest, p.latest, p.precision
        self.value = p.value if p.earliest == p.latest else None
