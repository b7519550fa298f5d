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

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sitroom.model import Span, Time

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

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
# Lexicon tables
# ---------------------------------------------------------------------------------------

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "tues": 1, "thurs": 3,
}  # fmt: skip
NUMBER_WORDS: dict[str, int | None] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "a hundred": 100, "a couple of": 2, "a couple": 2, "couple of": 2, "a dozen": 12,
    "dozen": 12, "half a": None, "a few": None, "few": None, "several": None,
    "many": None, "some": None, "a number of": None,
}  # fmt: skip
VAGUE = {"a few", "few", "several", "many", "some", "a number of", "half a"}
ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17,
    "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "twenty-first": 21,
    "last": -1, "final": -1,
}  # fmt: skip
# unit word -> (TIMEX3 duration unit, multiplier, precision of a range in that unit)
UNITS: dict[str, tuple[str, int, str]] = {
    "second": ("S", 1, "day"), "minute": ("M", 1, "day"), "hour": ("H", 1, "day"),
    "day": ("D", 1, "day"), "night": ("D", 1, "day"), "week": ("W", 1, "week"),
    "fortnight": ("W", 2, "week"), "month": ("M", 1, "month"), "year": ("Y", 1, "year"),
    "decade": ("Y", 10, "decade"), "century": ("Y", 100, "century"),
}  # fmt: skip
SEASONS: dict[str, str] = {
    "spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI",
}  # fmt: skip
# TIMEX3 season -> (first month, number of months); winter starts in December
SEASON_MONTHS: dict[str, tuple[int, int]] = {
    "SP": (3, 3),
    "SU": (6, 3),
    "FA": (9, 3),
    "WI": (12, 3),
}
PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
    "midday": "MI", "noon": "MI", "dawn": "MO", "dusk": "EV",
}  # fmt: skip
# relative words -> offset in units (0 = the current one)
RELATIVE: dict[str, int] = {
    "this": 0, "current": 0, "last": -1, "past": -1, "previous": -1, "next": 1,
    "coming": 1, "following": 1,
}  # fmt: skip
# modifiers: written form -> (TIMEX3 mod, part of the period kept)
MODIFIERS: dict[str, str] = {
    "early": "START", "the start of": "START", "the beginning of": "START",
    "the first half of": "H1", "mid": "MID", "the middle of": "MID",
    "the end of": "END", "late": "END", "the close of": "END", "the second half of": "H2",
    "earlier": "EARLIER", "later": "LATER",
}  # fmt: skip
# reference words -> TIMEX3 token
REFERENCES: dict[str, str] = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "currently": "PRESENT_REF",
    "at present": "PRESENT_REF", "nowadays": "PRESENT_REF", "the present": "PRESENT_REF",
    "the past": "PAST_REF", "at the time": "PAST_REF",
    "the future": "FUTURE_REF",
}  # fmt: skip
# fixed-date holidays -> (month, day)
HOLIDAYS: dict[str, tuple[int, int]] = {
    "new year's day": (1, 1), "new year's eve": (12, 31), "christmas day": (12, 25),
    "christmas eve": (12, 24), "christmas": (12, 25), "boxing day": (12, 26),
    "valentine's day": (2, 14), "halloween": (10, 31),
}  # fmt: skip
# clause cues for a future reading of a weekday/month without a year
FUTURE_CUES = re.compile(
    r"\b(?:will|shall|'ll|going\s+to|due|scheduled|set\s+to|expected|plans?\s+to|planned|"
    r"intends?\s+to|to\s+be\s+held|upcoming|until|ahead\s+of|deadline)\b",
    re.IGNORECASE,
)
FUTURE_LEMMAS = {"will", "shall", "'ll", "wo"}
FUTURE_HEADS = {"due", "scheduled", "set", "expected", "plan", "intend", "upcoming", "slate"}
REPORTING = {"say", "tell", "report", "claim", "announce", "state", "add", "confirm"}
# a four-digit number is not a year after these words or before these units
NOT_YEAR_BEFORE = re.compile(
    r"(?:\b(?:resolution|no|nos|number|route|road|highway|flight|article|hill|room|unit|code|"
    r"model|brigade|division|regiment|battalion|squadron|page|pages|pp?|item|section|"
    r"decree|law|about|some|nearly|almost|than|least)\.?|[#$€£])\s*$",
    re.IGNORECASE,
)
NOT_YEAR_AFTER = re.compile(
    r"\s*(?:%|percent|per\s+cent|km|kilomet|metres|meters|m\b|feet|ft\b|miles|kg|tons|tonnes|"
    r"dollars|euros|pounds|barrels|people|persons|troops|soldiers|fighters|militants|rebels|"
    r"civilians|children|families|refugees|residents|prisoners|detainees|homes|houses|"
    r"buildings|rockets|shells|missiles|bombs|members|casualties|dead|deaths|killed|wounded|"
    r"injured|times|votes|cases|men|women|others|of\s+(?:them|whom|those))\b",
    re.IGNORECASE,
)
NOT_WEEKDAY_AFTER = re.compile(r"\s+(?:prayers?|sermons?|services?|market|mosque)\b", re.IGNORECASE)
# adjectives that make "N-year" an age, not a time: "a 45-year-old"
AGE_AFTER = re.compile(r"^[-\s]*(?:old|-old)\b", re.IGNORECASE)


def _alt(words) -> str:
    return "|".join(
        sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True)
    )


_MONTH_RE = (  # full names never take the dot: "in July." ends the sentence
    r"(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?)"
)
MON = rf"(?P<mon>{_MONTH_RE})"
WD = rf"(?P<wd>{_alt(WEEKDAYS)})"
DAYNUM = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
DAYNUM2 = r"(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?P<year>(?:1[5-9]|20)\d\d)"
NUMWORD = _alt(k for k in NUMBER_WORDS)
TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
NUM = (
    rf"(?P<num>\d{{1,3}}(?:,\d{{3}})*(?:\.\d+)?|{TENS}[-\s](?:one|two|three|four|five|six|"
    rf"seven|eight|nine)|{NUMWORD})"
)
UNIT = rf"(?P<unit>{_alt(UNITS)})"
UNITS_RE = rf"(?P<units>(?P<unit>{_alt(UNITS)}|centuries)(?:s\b|s'|'s)?)"
REL = rf"(?P<rel>{_alt(RELATIVE)})"
# relative to publication only ("the following year" is relative to the narrative)
REL_PUB = rf"(?P<rel>{_alt(k for k in RELATIVE if k not in ('following', 'previous'))})"
MOD = (
    rf"(?:(?P<mod>{_alt(k for k in MODIFIERS if ' ' in k)})\s+(?:the\s+)?|"
    r"(?P<mod1>early|late|mid|earlier|later)(?:\s*-\s*|\s+)(?:in\s+)?)"
)
POD = rf"(?P<pod>{_alt(PARTS_OF_DAY)})"
SEASON = rf"(?P<season>{_alt(SEASONS)})"
CLOCK = (
    r"(?P<hh>[01]?\d|2[0-3])(?:[:.](?P<mm>[0-5]\d))?\s*(?P<ampm>a\.?m\.?|p\.?m\.?)"
    r"|(?P<hh24>[01]?\d|2[0-3]):(?P<mm24>[0-5]\d)(?:\s*(?:GMT|UTC|local\s+time|[A-Z]{2,3}T))?"
    r"|(?P<named>noon|midnight|midday)"
)

# ---------------------------------------------------------------------------------------
# Date arithmetic
# ---------------------------------------------------------------------------------------


def _add_months(d: date, n: int) -> date:
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _shift(d: date, n: int, unit: str) -> date:
    """``d`` moved by ``n`` units (TIMEX3 unit letters, ``10Y`` decades handled by caller)."""
    if unit == "D":
        return d + timedelta(days=n)
    if unit == "W":
        return d + timedelta(weeks=n)
    if unit == "M":
        return _add_months(d, n)
    if unit == "Y":
        return _add_months(d, 12 * n)
    return d


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


@dataclass(slots=True, frozen=True)
class _Period:
    timex: str
    earliest: date
    latest: date
    precision: str

    @property
    def value(self) -> date | None:
        return self.earliest if self.precision == "day" else None


def _day(d: date) -> _Period:
    return _Period(d.isoformat(), d, d, "day")


def _week(d: date) -> _Period:
    y, w, _ = d.isocalendar()
    mon = d - timedelta(days=d.weekday())
    return _Period(f"{y}-W{w:02d}", mon, mon + timedelta(days=6), "week")


def _weekend(d: date) -> _Period:
    y, w, _ = d.isocalendar()
    sat = d - timedelta(days=d.weekday()) + timedelta(days=5)
    return _Period(f"{y}-W{w:02d}-WE", sat, sat + timedelta(days=1), "week")


def _month(y: int, m: int) -> _Period:
    return _Period(f"{y:04d}-{m:02d}", date(y, m, 1), _month_end(y, m), "month")


def _year(y: int) -> _Period:
    return _Period(f"{y:04d}", date(y, 1, 1), date(y, 12, 31), "year")


def _season(y: int, code: str) -> _Period:
    m, n = SEASON_MONTHS[code]
    start = date(y, m, 1)
    end = _add_months(start, n) - timedelta(days=1)
    return _Period(f"{y:04d}-{code}", start, end, "season")


def _quarter(y: int, q: int) -> _Period:
    start = date(y, 3 * q - 2, 1)
    return _Period(f"{y:04d}-Q{q}", start, _add_months(start, 3) - timedelta(days=1), "quarter")


def _decade(d: int) -> _Period:  # d = first three digits, 199 for the 1990s
    return _Period(f"{d:03d}", date(d * 10, 1, 1), date(d * 10 + 9, 12, 31), "decade")


def _century(c: int) -> _Period:  # c = first two digits, 19 for the 20th century
    return _Period(f"{c:02d}", date(max(c * 100, 1), 1, 1), date(c * 100 + 99, 12, 31), "century")


def _modify(p: _Period, mod: str | None, published: date | None = None) -> _Period:
    """Narrow a period to its start/middle/end third ("early September", "mid-2012")."""
    if not mod:
        return p
    if p.precision == "month" and mod in ("START", "MID", "END"):
        # early/mid/late month: days 1-10, 11-20, 21-end
        lo = {"START": 1, "MID": 11, "END": 21}[mod]
        hi = {"START": 10, "MID": 20, "END": p.latest.day}[mod]
        return replace(p, earliest=p.earliest.replace(day=lo), latest=p.earliest.replace(day=hi))
    if p.precision == "year" and mod in ("START", "MID", "END", "H1", "H2"):
        # early/mid/late year: Jan-Apr, May-Aug, Sep-Dec; halves: Jan-Jun, Jul-Dec
        y = p.earliest.year
        lo, hi = {"START": (1, 4), "MID": (5, 8), "END": (9, 12), "H1": (1, 6), "H2": (7, 12)}[mod]
        timex = f"{p.timex}-{mod}" if mod in ("H1", "H2") else p.timex
        return replace(p, timex=timex, earliest=date(y, lo, 1), latest=_month_end(y, hi))
    days = (p.latest - p.earliest).days + 1
    if mod in ("H1", "H2"):
        half = p.earliest + timedelta(days=days // 2)
        timex = f"{p.timex}-{mod}" if p.precision == "year" else p.timex
        if mod == "H1":
            return replace(p, timex=timex, latest=half - timedelta(days=1))
        return replace(p, timex=timex, earliest=half)
    third = max(days // 3, 1)
    if mod == "START":
        return replace(p, latest=p.earliest + timedelta(days=third - 1))
    if mod == "MID":
        return replace(p, earliest=p.earliest + timedelta(days=third),
                       latest=p.latest - timedelta(days=third))  # fmt: skip
    if mod == "END":
        return replace(p, earliest=p.latest - timedelta(days=third - 1))
    if mod == "EARLIER" and published and p.earliest <= published <= p.latest:
        return replace(p, latest=published)
    if mod == "LATER" and published and p.earliest <= published <= p.latest:
        return replace(p, earliest=published)
    return p


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


@dataclass(slots=True)
class _Ctx:
    text: str
    published: date | None
    spacy_doc: Any
    m: re.Match
    start: int
    end: int
    _future: int | None = field(default=None)

    def g(self, name: str) -> str | None:
        try:
            return self.m.group(name)
        except IndexError:  # the rule has no such group
            return None

    @property
    def tense(self) -> int:
        if self._future is None:
            self._future = _future_level(self.text, self.start, self.end, self.spacy_doc)
        return self._future

    @property
    def future(self) -> bool:
        """The clause is about the future (will, due to, until, scheduled, ...)."""
        return self.tense >= 2

    @property
    def future_weak(self) -> bool:
        """... or it is in the present tense ("talks begin Monday"): enough for weekdays."""
        return self.tense >= 1


class _Reject(Exception):
    """A rule matched text that is not a time expression after all ("Theresa May")."""


# ---------------------------------------------------------------------------------------
# Tense: does the clause talk about the future?
# ---------------------------------------------------------------------------------------


def _future_level(text: str, start: int, end: int, spacy_doc: Any = None) -> int:
    """2: the clause is about the future; 1: present tense; 0: past or unknown."""
    if spacy_doc is not None:
        span = spacy_doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span):
            return _future_from_parse(span)
    # word-window fallback: cues in the same clause before the expression
    left = text[max(0, start - 60) : start]
    left = re.split(r"[.;:!?\n]|\bsaid\b|\bsays\b", left)[-1]
    return 2 if FUTURE_CUES.search(left) else 0


def _past(v) -> bool:
    """Is verb ``v`` in a past tense (simple past or with a past auxiliary)?"""
    if v.tag_ == "VBD":
        return True
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in v.children)


def _future_from_parse(span) -> int:
    tok = span.root
    prep = None
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX") or tok.dep_ == "ROOT" or tok.head is tok:
            break
        if tok.pos_ == "ADP" and prep is None:
            prep = tok.lower_
        tok = tok.head
    # walk up through non-finite verbs ("is due to meet", "plans to visit"), but not
    # through a reported clause: "said on Tuesday it will" is about Tuesday
    chain = [tok]
    t = tok
    for _ in range(3):
        if t.dep_ in ("xcomp", "acomp", "advcl", "conj", "pcomp") and t.head is not t:
            t = t.head
            chain.append(t)
        else:
            break
    for v in chain:
        if v.lemma_.lower() in FUTURE_HEADS:
            return 2
        for c in v.children:
            if c.dep_ in ("aux", "auxpass") and c.lower_ in FUTURE_LEMMAS:
                return 2
            if c.dep_ in ("acomp", "attr") and c.lemma_.lower() in FUTURE_HEADS:
                return 2
        if v.lemma_ == "go" and v.tag_ == "VBG" and any(c.lower_ == "to" for c in v.subtree):
            return 2
    verb = chain[0]
    finite = next((v for v in chain if v.tag_ not in ("VB", "VBN", "VBG") or
                   any(c.dep_ in ("aux", "auxpass") and c.tag_ != "TO" for c in v.children)),
                  chain[-1])  # fmt: skip
    # "postponed until Saturday", "to run through June": a limit ahead, unless narrated
    if prep in ("until", "till", "through", "thru") and not _past(finite):
        return 2
    # an infinitive of purpose or plan under a non-past verb: "a programme to run in June"
    if verb.tag_ == "VB" and any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children) \
            and not _past(verb.head):  # fmt: skip
        return 2
    root = finite
    # present tense non-reporting main verb with a date: "talks begin Monday", "vote is on"
    if root.tag_ in ("VBZ", "VBP") and root.lemma_ not in REPORTING:
        if not any(c.dep_ in ("aux", "auxpass") and c.lemma_ == "have" for c in root.children):
            return 1
    if root.tag_ == "VBG" and any(
        c.dep_ == "aux" and c.tag_ in ("VBZ", "VBP") for c in root.children
    ):
        return 2  # "are meeting on Monday"
    return 0


# ---------------------------------------------------------------------------------------
# Normalisation helpers
# ---------------------------------------------------------------------------------------


def _num(s: str | None) -> int | None:
    """Number words and digits to int; None for vague quantities ("several")."""
    if s is None:
        return 1
    s = re.sub(r"\s+", " ", s.lower().strip())
    if s in NUMBER_WORDS:
        return NUMBER_WORDS[s]
    m = re.fullmatch(rf"({TENS})[- ](\w+)", s)
    if m:
        return NUMBER_WORDS[m.group(1)] + (NUMBER_WORDS.get(m.group(2)) or 0)
    try:
        f = float(s.replace(",", ""))
    except ValueError:
        return None
    return int(f) if f.is_integer() else None


def _unit(s: str) -> tuple[str, int, str]:
    s = s.lower().rstrip("'s")
    if s == "centurie" or s.startswith("centur"):
        s = "century"
    return UNITS[s]


def _duration(n: int | None, unit: str) -> str:
    code, mult, _ = _unit(unit)
    if code in ("H", "S") or (code == "M" and unit.lower().startswith("minute")):
        return f"PT{'X' if n is None else n * mult}{code}"
    if mult == 10 and n is None:
        return "PXDE"
    if mult == 100 and n is None:
        return "PXCE"
    return f"P{'X' if n is None else n * mult}{code}"


def _month_of(s: str) -> int:
    return MONTHS[s.lower().rstrip(".")]


def _is_capitalised(s: str) -> bool:
    return s[:1].isupper()


def _infer_year(month: int, day: int | None, pub: date, future: bool) -> int:
    """Year of a month (day) written without one: the most recent one unless future."""
    if future:
        if (month, day or 31) < (pub.month, pub.day if day else 1):
            return pub.year + 1
        return pub.year
    if month > pub.month:
        return pub.year - 1
    return pub.year


def _nearest_weekday(pub: date, wd: int, direction: int, inclusive: bool = True) -> date:
    delta = (pub.weekday() - wd) % 7
    if direction < 0:
        if delta == 0 and not inclusive:
            delta = 7
        return pub - timedelta(days=delta)
    ahead = (wd - pub.weekday()) % 7
    if ahead == 0 and not inclusive:
        ahead = 7
    return pub + timedelta(days=ahead)


# ---------------------------------------------------------------------------------------
# Rule handlers. Each returns a TimeMention (span filled in by the caller) or raises
# _Reject. ``c.published`` may be None: relative expressions then stay unresolved.
# ---------------------------------------------------------------------------------------

Handler = Callable[[_Ctx], TimeMention]


def _mention(type_: str, p: _Period | None = None, timex: str | None = None, **kw) -> TimeMention:
    m = TimeMention(0, 0, "", type_, **kw)
    if p is not None:
        m.set_period(p)
    elif timex is not None:
        m.timex = timex
    return m


def _safe(fn: Callable[[], _Period]) -> _Period | None:
    """Build a period; impossible dates (31 February, month 13) give None."""
    try:
        return fn()
    except (ValueError, KeyError, OverflowError):
        return None


def _h_iso(c: _Ctx) -> TimeMention:
    p = _safe(lambda: _day(date(int(c.g("y")), int(c.g("m")), int(c.g("d")))))
    return _mention("DATE", p)


def _h_numeric(c: _Ctx) -> TimeMention:
    """dd/mm/yyyy or mm/dd/yyyy: resolved only when the reading is unambiguous."""
    a, b, y = int(c.g("a")), int(c.g("b")), int(c.g("y"))
    if y < 100:
        y += 2000 if y < 50 else 1900
    readings = set()
    for d, mo in ((a, b), (b, a)) if c.g("sep") != "." else ((a, b),):
        p = _safe(lambda d=d, mo=mo: _day(date(y, mo, d)))
        if p:
            readings.add(p)
    if len(readings) == 1:
        return _mention("DATE", readings.pop())
    if readings and c.published:
        # both readings valid (03/04/2017): take the one that is not in the future and is
        # within two months of publication, if exactly one is
        near = [
            p for p in readings if timedelta(0) <= c.published - p.earliest <= timedelta(days=62)
        ]
        if len(near) == 1:
            return _mention("DATE", near[0])
    return _mention("DATE")


def _h_date(c: _Ctx) -> TimeMention:
    """Day + month (+ year), in any order; a range "16-18 September" when day2 is set."""
    mon = c.g("mon")
    if mon is None or not _is_capitalised(mon):
        raise _Reject
    month = _month_of(mon)
    day = int(c.g("day"))
    year = c.g("year")
    day2 = c.g("day2")
    if year:
        y = int(year)
    elif c.published:
        y = _infer_year(month, day, c.published, c.future)
    else:
        ok = _safe(lambda: _day(date(2000, month, day)))  # 29 February is a valid day
        m = _mention("DATE", timex=f"XXXX-{month:02d}-{day:02d}" if ok else None)
        m.implicit_year = bool(ok) and not day2
        return m
    p = _safe(lambda: _day(date(y, month, day)))
    if p and day2:
        p2 = _safe(lambda: _day(date(y, month, int(day2))))
        if p2 is None or p2.earliest < p.earliest:
            return _mention("DATE")
        return _mention("DATE", _Period(p.timex, p.earliest, p2.latest, "day"))
    m = _mention("DATE", p)
    m.implicit_year = p is not None and not year
    return m


def _h_month_year(c: _Ctx) -> TimeMention:
    mon = c.g("mon")
    if not _is_capitalised(mon):
        raise _Reject
    p = _safe(lambda: _month(int(c.g("year")), _month_of(mon)))
    mod = _mod(c)
    return _mention("DATE", _modify(p, mod) if p else None, mod=mod)


def _mod(c: _Ctx) -> str | None:
    mod = c.g("mod") or c.g("mod1")
    if not mod:
        return None
    return MODIFIERS.get(re.sub(r"\s+", " ", mod.lower()))


def _h_month(c: _Ctx) -> TimeMention:
    """A month without a year: "in April", "last July", "early December"."""
    mon = c.g("mon")
    if not _is_capitalised(mon):
        raise _Reject
    month = _month_of(mon)
    rel = (c.g("rel") or "").lower()
    mod = _mod(c)
    if mon.rstrip(".").lower() not in ("may", "june", "july") and len(mon.rstrip(".")) <= 4:
        raise _Reject  # "Jan", "Dec" alone are names more often than months
    if not rel and not mod and month == 5:
        # "May" alone is also a name and a modal: require a preposition before it
        before = c.text[max(0, c.start - 12) : c.start].lower()
        if not re.search(r"\b(?:in|of|since|by|until|till|from|to|through|during|before|after|"
                         r"and|or|between|the|early|late|mid|end|start)\s*[-,]?\s*$", before):  # fmt: skip
            raise _Reject
    if not c.published:
        m = _mention("DATE", timex=f"XXXX-{month:02d}", mod=mod)
        m.implicit_year = not rel
        return m
    pub = c.published
    if rel in ("last", "past", "previous"):
        y = pub.year if month < pub.month else pub.year - 1
    elif rel in ("next", "coming"):
        y = pub.year if month > pub.month else pub.year + 1
    elif rel in ("this", "current"):
        y = pub.year
    else:
        y = _infer_year(month, None, pub, c.future)
    m = _mention("DATE", _modify(_month(y, month), mod, pub), mod=mod)
    m.implicit_year = not rel
    return m


def _h_year(c: _Ctx) -> TimeMention:
    if NOT_YEAR_BEFORE.search(c.text[max(0, c.start - 16) : c.start]) or \
            NOT_YEAR_AFTER.match(c.text[c.end : c.end + 24]):  # fmt: skip
        raise _Reject  # "Resolution 1701", "2000 troops"
    y = int(c.g("year"))
    mod = _mod(c)
    return _mention("DATE", _modify(_year(y), mod), mod=mod)


def _h_short_year(c: _Ctx) -> TimeMention:
    """The second year of "1957-58", "2009-10": a year of its own in TimeML."""
    first = int(c.text[c.start - 5 : c.start - 1])
    y = first // 100 * 100 + int(c.g("yy"))
    if y <= first:
        raise _Reject
    return _mention("DATE", _year(y))


def _h_decade(c: _Ctx) -> TimeMention:
    dec = c.g("dec")
    digits = re.sub(r"\D", "", dec)
    if len(digits) == 4:
        d = int(digits[:3])
    elif len(digits) == 2 and re.search(r"\bthe\s+$", c.text[max(0, c.start - 5) : c.start], re.I):
        d = (190 if int(digits) >= 30 else 200) + int(digits[0])
    else:
        raise _Reject
    mod = _mod(c)
    return _mention("DATE", _modify(_decade(d), mod), mod=mod)


def _h_century(c: _Ctx) -> TimeMention:
    o = c.g("ord").lower()
    n = ORDINALS.get(o)
    if n is None:
        n = int(re.sub(r"\D", "", o))
    if n <= 0:
        raise _Reject
    mod = _mod(c)
    return _mention("DATE", _modify(_century(n - 1), mod), mod=mod)


def _h_season(c: _Ctx) -> TimeMention:
    word = c.g("season").lower()
    code = SEASONS[word]
    rel = (c.g("rel") or "").lower()
    year = c.g("year")
    mod = _mod(c)
    if not (rel or year or mod):
        before = c.text[max(0, c.start - 16) : c.start].lower()
        strong = (
            r"\b(?:in|during|over|by|until|since|through)\s+the\s+$|\b(?:in|this|last|next)\s+$"
        )
        weak = r"\b(?:the|of|during|since|until|by|through)\s+$"
        if not re.search(strong, before) and (word == "fall" or not re.search(weak, before)):
            raise _Reject
        if re.match(r"\s+(?:of\s+(?!\d)|[A-Z])", c.text[c.end : c.end + 6]):
            raise _Reject  # "the fall of Aleppo", "Summer Time", "Winter Olympics"
    if year:
        return _mention("DATE", _modify(_season(int(year), code), mod), mod=mod)
    pub = c.published
    if not pub:
        return _mention("DATE", timex=f"XXXX-{code}", mod=mod)
    # the season containing pub, its start year (winter of Dec..Feb)
    cur_y = pub.year if not (code == "WI" and pub.month <= 2) else pub.year - 1
    cur = _season(cur_y, code)
    if pub < cur.earliest:
        last, nxt = cur_y - 1, cur_y
    elif pub > cur.latest:
        last, nxt = cur_y, cur_y + 1
    else:
        last, nxt = cur_y - 1, cur_y + 1
    if rel in ("last", "past", "previous"):
        y = last
    elif rel in ("next", "coming"):
        y = nxt
    else:  # "this summer", "the summer": the current one, else the last (or next) one
        y = cur_y if cur.earliest <= pub <= cur.latest else (nxt if c.future else last)
    return _mention("DATE", _modify(_season(y, code), mod, pub), mod=mod)


def _h_quarter(c: _Ctx) -> TimeMention:
    q = c.g("q").lower()
    qn = ORDINALS.get(q) or int(re.sub(r"\D", "", q))
    if qn == -1:
        qn = 4
    if not 1 <= qn <= 4:
        raise _Reject
    year = c.g("year")
    rel = (c.g("rel") or "").lower()
    pub = c.published
    if year:
        y = int(year)
    elif pub is None:
        return _mention("DATE", timex=f"XXXX-Q{qn}")
    elif rel in ("last", "past", "previous"):
        y = pub.year - 1
    elif rel in ("next", "coming"):
        y = pub.year + 1
    elif rel in ("this", "current"):
        y = pub.year
    else:
        cur_q = (pub.month - 1) // 3 + 1
        y = pub.year if qn <= cur_q or c.future else pub.year - 1
    return _mention("DATE", _quarter(y, qn))


def _h_relword(c: _Ctx) -> TimeMention:
    """today, yesterday, tomorrow, tonight, overnight, last night, this morning, ..."""
    w = re.sub(r"\s+", " ", c.g("w").lower())
    pod = (c.g("pod") or "").lower()
    offsets = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0, "this": 0,
               "last": -1, "overnight": 0, "the day before yesterday": -2,
               "the day after tomorrow": 2}  # fmt: skip
    off = offsets[w]
    pub = c.published
    if w == "tonight":
        pod = "night"
    if w == "last" and pod != "night":
        raise _Reject  # "last morning" is not English news usage
    if w == "overnight":
        if not pub:
            return _mention("TIME")
        m = _mention("TIME", _Period(f"{pub.isoformat()}TNI", pub - timedelta(days=1), pub, "day"))
        m.value = None
        return m
    if not pub:
        return _mention("TIME" if pod else "DATE")
    d = pub + timedelta(days=off)
    if pod:
        m = _mention("TIME", _day(d))
        m.timex = f"{d.isoformat()}T{PARTS_OF_DAY[pod]}"
        return m
    return _mention("DATE", _day(d))


def _h_weekday(c: _Ctx) -> TimeMention:
    if NOT_WEEKDAY_AFTER.match(c.text[c.end : c.end + 16]):
        raise _Reject  # "Friday prayers": a custom, not a date
    wd = WEEKDAYS[c.g("wd").lower().rstrip(".")]
    rel = (c.g("rel") or "").lower()
    pod = (c.g("pod") or "").lower()
    pub = c.published
    type_ = "TIME" if pod else "DATE"
    if not pub:
        return _mention(
            type_, timex=f"XXXX-WXX-{wd + 1}" + (f"T{PARTS_OF_DAY[pod]}" if pod else "")
        )
    if rel in ("last", "past", "previous"):
        d = _nearest_weekday(pub, wd, -1, inclusive=False)
    elif rel in ("next", "coming", "following"):
        d = _nearest_weekday(pub, wd, +1, inclusive=False)
    elif c.future_weak:
        d = _nearest_weekday(pub, wd, +1, inclusive=True)
    else:
        d = _nearest_weekday(pub, wd, -1, inclusive=True)
    m = _mention(type_, _day(d))
    if pod:
        m.timex = f"{d.isoformat()}T{PARTS_OF_DAY[pod]}"
    return m


def _h_reldate(c: _Ctx) -> TimeMention:
    """this/last/next week|month|year|weekend|quarter, earlier this month, ..."""
    rel = c.g("rel").lower()
    unit = c.g("unit").lower()
    mod = _mod(c)
    pub = c.published
    n = RELATIVE[rel]
    if (
        c.g("the")
        and unit in UNITS
        and (rel == "past" or (rel in ("next", "coming") and unit in ("decade", "century")))
    ):
        # "the past week", "the next decade": a span ending (starting) now, a TimeML
        # DURATION (P1W, P10Y)
        return _h_duration_past(c, 1 if rel == "past" else -1, unit)
    if not pub:
        return _mention("DATE", mod=mod)
    if unit == "week":
        p = _week(pub + timedelta(weeks=n))
    elif unit == "weekend":
        base = pub + timedelta(weeks=n)
        if n == -1 and pub.weekday() >= 5:  # "last weekend" said on a Sunday: the one before
            base = pub - timedelta(weeks=1)
        elif n == -1:
            base = pub - timedelta(days=pub.weekday() + 1)  # the weekend just gone
        p = _weekend(base)
    elif unit == "month":
        d = _add_months(pub, n)
        p = _month(d.year, d.month)
    elif unit in ("year", "fiscal year"):
        p = _year(pub.year + n)
    elif unit == "quarter":
        q = (pub.month - 1) // 3 + n
        y = pub.year + q // 4
        p = _quarter(y, q % 4 + 1)
    elif unit == "decade":
        p = _decade(pub.year // 10 + n)
    elif unit == "century":
        p = _century(pub.year // 100 + n)
    else:
        raise _Reject
    # the current period: "this week" is Monday..published, unless it is about the future
    if n == 0 and mod is None and not c.future and unit != "weekend":
        p = replace(p, latest=max(p.earliest, pub))
    return _mention("DATE", _modify(p, mod, pub), mod=mod)


def _h_mod_unit(c: _Ctx) -> TimeMention:
    """'the end of the month', 'early in the year': the current one at publication."""
    unit = c.g("unit").lower()
    mod = _mod(c)
    pub = c.published
    if not pub or not mod or mod in ("EARLIER", "LATER"):
        raise _Reject
    p = {"week": _week(pub), "month": _month(pub.year, pub.month), "year": _year(pub.year)}[unit]
    return _mention("DATE", _modify(p, mod, pub), mod=mod)


def _h_duration_past(c: _Ctx, n: int, unit: str) -> TimeMention:
    """The span of ``|n|`` units ending at publication (n > 0) or starting there (n < 0)."""
    code, mult, prec = _unit(unit)
    m = _mention("DURATION", timex=_duration(abs(n), unit))
    pub = c.published
    if pub and code in ("D", "W", "M", "Y"):
        other = _shift(pub, -n * mult, code)
        m.earliest, m.latest, m.precision = min(pub, other), max(pub, other), prec
    return m


def _h_duration(c: _Ctx) -> TimeMention:
    """'three days', 'the past five years', 'for months', 'a four-week', 'several days'."""
    unit = c.g("unit")
    after = c.text[c.end : c.end + 6]
    if AGE_AFTER.match(after):
        raise _Reject
    before = c.text[max(0, c.start - 12) : c.start].lower()
    if re.search(r"\b(?:aged?|ages)\s*$", before):
        raise _Reject
    if unit[:1].isupper() and re.match(r"[-\s']*[A-Z]", after):
        raise _Reject  # a name: "the Six Day War", "Hundred Years' War"
    whole = c.m.group(0)
    if not c.g("rel") and re.match(r"the\s+\S+-", whole, re.I):
        c.start += len(re.match(r"the\s+", whole, re.I).group(0))  # "the six-year war"
    n = _num(c.g("num")) if c.g("num") else (None if c.g("vague") or unit.endswith("s") else 1)
    rel = (c.g("rel") or "").lower()
    m = _mention("DURATION", timex=_duration(n, unit))
    pub = c.published
    code, mult, prec = _unit(unit)
    if pub and n is not None and code in ("D", "W", "M", "Y", "H") and rel:
        if code == "H":  # "the past 24 hours": whole days
            n, mult, code = -(-n * mult // 24), 1, "D"
        if rel in ("past", "last", "previous"):
            m.earliest, m.latest = _shift(pub, -n * mult, code), pub
        elif rel in ("next", "coming"):
            m.earliest, m.latest = pub, _shift(pub, n * mult, code)
        m.precision = prec if m.earliest else None
    return m


def _h_ago(c: _Ctx) -> TimeMention:
    """'three days ago', 'a year ago', 'two weeks earlier' (anchored), 'days later'."""
    n = _num(c.g("num")) if c.g("num") else None
    unit = c.g("unit")
    code, mult, _ = _unit(unit)
    word = c.g("dir").lower()
    sign = -1 if word in ("ago", "earlier", "before", "prior") else 1
    if word in ("ago",):
        pub = c.published
        if pub is None or n is None or code not in ("D", "W", "M", "Y"):
            return _mention("DATE", timex="PAST_REF" if n is None else None)
        d = _shift(pub, -n * mult, code)
        if code == "D":
            return _mention("DATE", _day(d))
        if code == "W":
            return _mention("DATE", _week(d))
        if code == "M":
            return _mention("DATE", _month(d.year, d.month))
        if mult == 100:
            return _mention("DATE", _century(d.year // 100))
        return _mention("DATE", _year(d.year))
    # anchored: "two days later" (narrative time) / "two days after <X>": the TimeML
    # extent is "two days", the signal word stays outside
    if word in ("after", "before", "prior"):
        c.end = c.m.end("units")
    m = _mention("DURATION" if word in ("after", "before", "prior") else "DATE",
                 timex=_duration(n, unit))  # fmt: skip
    relation = "after" if sign > 0 else "before"
    m.anchor = Anchor(relation=relation, offset=_duration(n, unit))
    return m


def _h_anchor_day(c: _Ctx) -> TimeMention:
    """'the next day', 'the following week', 'the previous day', 'the day before'."""
    unit = (c.g("unit") or c.g("unit2")).lower()
    w = (c.g("rel") or c.g("dir") or "").lower()
    pod = PARTS_OF_DAY.get(unit)
    relation = "before" if w in ("previous", "before", "prior", "preceding") else "after"
    if w == "same" or not w:  # "the same day", "that night", "later that day"
        relation, off = "after", "P0D"
    else:
        off = _duration(1, "day" if pod else unit)
    m = _mention("TIME" if pod else "DATE")
    m.anchor = Anchor(relation=relation, offset=off)
    return m


def _h_day_of_month(c: _Ctx) -> TimeMention:
    """'on the 16th': a day of the publication month (or the month before, if it is
    still to come and the clause is not about the future)."""
    day = int(c.g("day"))
    pub = c.published
    if not pub:
        return _mention("DATE")
    future = c.future_weak
    base = pub if day <= pub.day or future else _add_months(pub.replace(day=1), -1)
    if future and day < pub.day:
        base = _add_months(pub.replace(day=1), 1)
    return _mention("DATE", _safe(lambda: _day(date(base.year, base.month, day))))


def _h_reference(c: _Ctx) -> TimeMention:
    w = re.sub(r"\s+", " ", c.g("w").lower())
    return _mention("DATE", timex=REFERENCES[w])


def _h_holiday(c: _Ctx) -> TimeMention:
    name = re.sub(r"\s+", " ", c.g("h").lower()).replace("’", "'")
    month, day = HOLIDAYS[name]
    if c.g("year"):
        return _mention("DATE", _safe(lambda: _day(date(int(c.g("year")), month, day))))
    if not c.published:
        return _mention("DATE", timex=f"XXXX-{month:02d}-{day:02d}")
    y = _infer_year(month, day, c.published, c.future)
    return _mention("DATE", _day(date(y, month, day)))


def _h_set(c: _Ctx) -> TimeMention:
    w = c.g("unit") or ""
    s = c.m.group(0).lower()
    table = {"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M",
             "annually": "P1Y", "yearly": "P1Y", "hourly": "PT1H"}  # fmt: skip
    if s in table:
        if (
            c.m.group(0)[:1].isupper()
            and c.start > 0
            and not re.search(r"[.!?\n\"“]\s*$", c.text[: c.start])
        ):
            raise _Reject  # a name: "Daily Sabah", "the Weekly Standard"
        return _mention("SET", timex=table[s])
    if w.lower() in PARTS_OF_DAY:
        return _mention("SET", timex=f"XXXX-XX-XXT{PARTS_OF_DAY[w.lower()]}")
    if w.lower() in WEEKDAYS:
        return _mention("SET", timex=f"XXXX-WXX-{WEEKDAYS[w.lower()] + 1}")
    return _mention("SET", timex=_duration(1, w))


def _h_clock(c: _Ctx) -> TimeMention:
    """A clock time; its day comes from an adjacent day expression (merged later)."""
    hh, mm = c.g("hh") or c.g("hh24"), c.g("mm") or c.g("mm24")
    named = (c.g("named") or "").lower()
    if named:
        t = "12:00" if named in ("noon", "midday") else "24:00"
    else:
        h = int(hh)
        ampm = (c.g("ampm") or "").lower().replace(".", "")
        if ampm == "pm" and h < 12:
            h += 12
        if ampm == "am" and h == 12:
            h = 0
        if h > 23:
            raise _Reject
        t = f"{h:02d}:{int(mm or 0):02d}" if mm or ampm == "" else f"{h:02d}"
    m = _mention("TIME", timex=f"XXXX-XX-XXT{t}")
    return m


# ---------------------------------------------------------------------------------------
# The rule table
# ---------------------------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class Rule:
    name: str
    pattern: re.Pattern
    handler: Handler


# word boundaries that keep 2017-09-16, 16/09/2017, 3:07:35 and 2.5 whole, but let
# "2009-2010" be two years
B = r"(?<![\w/.:])"
E = r"(?!\w|-(?!(?:1[5-9]|20)\d\d\b)\w|/\d|\.\d|:\d)"
_ORD = rf"(?P<ord>{_alt(k for k in ORDINALS if ORDINALS[k] > 0)}|\d{{1,2}}(?:st|nd|rd|th))"
_REFS = _alt(REFERENCES)

RULE_SPECS: list[tuple[str, str, Handler]] = [
    # --- explicit calendar dates ---------------------------------------------------
    ("iso", r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})", _h_iso),
    ("numeric", r"(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})", _h_numeric),
    ("wd_day_mon_year", rf"(?:{WD},?\s+)?(?:the\s+)?{DAYNUM}(?:\s*[-–]\s*{DAYNUM2})?\s+(?:of\s+)?{MON},?\s+{YEAR}", _h_date),
    ("wd_mon_day_year", rf"(?:{WD},?\s+)?{MON}\s+{DAYNUM}(?:\s*[-–]\s*{DAYNUM2})?,?\s+{YEAR}", _h_date),
    ("wd_day_mon", rf"(?:{WD},?\s+)?(?:the\s+)?{DAYNUM}(?:\s*[-–]\s*{DAYNUM2})?\s+(?:of\s+)?{MON}", _h_date),
    ("wd_mon_day", rf"(?:{WD},?\s+)?{MON}\s+{DAYNUM}(?:\s*[-–]\s*{DAYNUM2})?(?!\s*(?:[:,]\s*\d|%|\d))", _h_date),
    ("holiday", rf"(?P<h>{_alt(HOLIDAYS)})(?:,?\s+{YEAR})?", _h_holiday),
    # --- months, seasons, quarters, years, decades, centuries ---------------------------
    ("month_year", rf"(?:{MOD})?{MON},?\s+(?:of\s+)?{YEAR}", _h_month_year),
    ("month", rf"(?:{MOD})?(?:{REL}\s+)?{MON}", _h_month),
    ("season", rf"(?:{MOD})?(?:(?:{REL}\s+)?{SEASON}(?:\s+(?:of\s+)?{YEAR})?)", _h_season),
    ("quarter", rf"(?:the\s+)?(?:{REL}\s+)?(?P<q>first|second|third|fourth|final|last|[1-4](?:st|nd|rd|th)|(?<=Q)[1-4])\s+quarter(?:\s+of\s+(?:the\s+year\s+)?{YEAR})?", _h_quarter),
    ("q_year", rf"Q(?P<q>[1-4])\s+{YEAR}", _h_quarter),
    ("year", rf"(?:{MOD})?(?:the\s+year\s+)?{YEAR}", _h_year),
    ("year_first", rf"{YEAR}(?=[-–/]\d\d(?!\d))", _h_year, False),
    ("year_second", r"(?<=(?:1[5-9]|20)\d\d[-–/])(?P<yy>\d\d)", _h_short_year),
    ("decade", rf"(?:{MOD})?(?P<dec>(?:1[5-9]|20)\d0|'?\d0)'?s", _h_decade),
    ("century", rf"(?:{MOD})?{_ORD}[-\s]+century", _h_century),
    # --- days relative to publication ---------------------------------------------------
    ("relword", rf"(?P<w>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|tonight|yesterday|tomorrow|overnight|(?:this|last)(?=\s+(?:{_alt(PARTS_OF_DAY)})))(?:\s+{POD})?", _h_relword),
    ("weekday", rf"(?:(?:early|late)\s+(?:on\s+)?|(?:the\s+)?(?:early|small)\s+hours\s+of\s+)?(?:{REL}\s+)?{WD}(?:\s+{POD})?", _h_weekday),
    ("reldate", rf"(?:{MOD})?(?P<the>the\s+)?{REL_PUB}\s+(?P<unit>week|weekend|month|year|fiscal\s+year|quarter|decade|century)", _h_reldate),
    ("mod_unit", rf"{MOD}(?P<unit>week|month|year)", _h_mod_unit),
    ("ago", rf"(?:{NUM}\s+|(?P<vague>))(?:more\s+)?{UNITS_RE}\s+(?P<dir>ago|earlier|later|after|before|prior)(?!\s+than)", _h_ago),
    ("anchor_day", r"the\s+(?:(?P<rel>next|following|previous|preceding|same)\s+(?P<unit>day|week|month|year|decade|morning|afternoon|evening|night)|(?P<unit2>day)\s+(?P<dir>before|after)(?!\s+(?:yesterday|tomorrow)))", _h_anchor_day),
    ("anchor_that", r"(?:(?:later|earlier)\s+(?:that|the|in\s+the)\s+|that\s+)(?P<unit>day|week|month|year|morning|afternoon|evening|night)", _h_anchor_day),
    ("day_of_month", r"(?<=\bon\s)the\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)(?!\s+(?:of\s+)?[A-Za-z])", _h_day_of_month),
    # --- durations ------------------------------------------------------------------------
    ("duration", rf"(?:the\s+)?(?:{REL}\s+)?(?:(?:almost|nearly|about|around|roughly|some|more\s+than|less\s+than|up\s+to|at\s+least|a\s+mere)\s+)?{NUM}(?:\s+|-)(?:more\s+)?{UNITS_RE}(?!\s+(?:ago|earlier|later)\b(?!\s+than))", _h_duration),
    ("duration_bare", rf"(?:(?P<the>the\s+){REL}\s+|(?<=\bfor\s)|(?<=\bover\s)|recent\s+|(?:the\s+)?coming\s+|(?P<vague>(?:several|many|a\s+few|few)\s+))(?P<unit>days|weeks|months|years|decades|hours|minutes|centuries)", _h_duration),
    ("set", rf"(?:(?:every|each)\s+(?P<unit>{_alt(UNITS)}|{_alt(PARTS_OF_DAY)}|{_alt(WEEKDAYS)}))|daily|nightly|weekly|monthly|annually|yearly|hourly", _h_set),
    # --- references and clock times ------------------------------------------------------
    ("reference", rf"(?P<w>{_REFS})", _h_reference),
    ("clock", rf"(?:{CLOCK})", _h_clock),
]  # fmt: skip


def _compile(specs) -> list[Rule]:
    """Rules are (name, pattern, handler[, right_boundary]); patterns are case-insensitive."""
    return [Rule(n, re.compile(B + p + (E if edge else ""), re.IGNORECASE), h)
            for n, p, h, *rest in specs for edge in (rest[0] if rest else True,)]  # fmt: skip


RULES: list[Rule] = _compile(RULE_SPECS)
_PRIORITY = {r.name: i for i, r in enumerate(RULES)}

# words that, right before a DATE/TIME entity of spaCy, show it is not a time expression
_AGE = re.compile(r"\b(?:aged?|ages|year-old|years?\s+old|-year-old)\b", re.IGNORECASE)
_TIMEWORD = re.compile(
    rf"\b(?:{_MONTH_RE}|{_alt(WEEKDAYS)}|day|days|week|weeks|month|months|year|years|decade|"
    r"decades|century|centuries|hour|hours|minute|minutes|night|nights|morning|evening|"
    r"afternoon|season|era|\d{4}s?|time)\b",
    re.IGNORECASE,
)


# ---------------------------------------------------------------------------------------
# Recognition
# ---------------------------------------------------------------------------------------


def _candidates(
    text: str, published: date | None, spacy_doc: Any, rejected: list[tuple[int, int]]
) -> list[TimeMention]:
    """Matches of all rules, overlaps resolved leftmost-longest; spans a rule matched but
    its handler rejected ("Friday prayers") are added to ``rejected``."""
    found: list[tuple[int, int, int, TimeMention]] = []
    numeric_ents = _numeric_entities(spacy_doc)
    for rule in RULES:
        for m in rule.pattern.finditer(text):
            start, end = m.span()
            if start == end:
                continue
            if rule.name == "year" and _inside(start, end, numeric_ents):
                continue
            ctx = _Ctx(text, published, spacy_doc, m, start, end)
            try:
                tm = rule.handler(ctx)
            except _Reject:
                rejected.append((start, end))
                continue
            except (ValueError, KeyError, IndexError, OverflowError, TypeError):
                # a defect in a rule must not lose the article: keep the text unresolved
                tm = TimeMention(0, 0, "", "DATE")
            start, end = ctx.start, ctx.end  # a handler may trim a signal word
            tm.start, tm.end, tm.text, tm.rule = start, end, text[start:end], rule.name
            found.append((start, end, _PRIORITY[rule.name], tm))
    # leftmost-longest, then rule order
    found.sort(key=lambda t: (-(t[1] - t[0]), t[2], t[0]))
    taken: list[TimeMention] = []
    occupied: list[tuple[int, int]] = []
    for s, e, _, tm in found:
        if any(s < oe and os_ < e for os_, oe in occupied):
            continue
        occupied.append((s, e))
        taken.append(tm)
    taken.sort(key=lambda t: t.start)
    return taken


def _numeric_entities(spacy_doc: Any) -> list[tuple[int, int]]:
    if spacy_doc is None:
        return []
    return [(e.start_char, e.end_char) for e in spacy_doc.ents
            if e.label_ in ("CARDINAL", "MONEY", "QUANTITY", "PERCENT")]  # fmt: skip


def _inside(s: int, e: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= s and e <= b for a, b in spans)


_JOIN_AT = re.compile(r"^(?:\s*,?\s*(?:at|on|by|around|from)?\s*)$", re.IGNORECASE)


def _merge_clock(text: str, ms: list[TimeMention]) -> list[TimeMention]:
    """'15:00 GMT Saturday', 'Monday at 8 p.m.': one TIME with the day's date."""
    out: list[TimeMention] = []
    i = 0
    while i < len(ms):
        a = ms[i]
        b = ms[i + 1] if i + 1 < len(ms) else None
        if b and _JOIN_AT.match(text[a.end : b.start]) and len(text[a.end : b.start]) <= 6:
            clock, day = (a, b) if a.rule == "clock" else (b, a)
            if (
                clock.rule == "clock"
                and day.type in ("DATE", "TIME")
                and day.rule != "clock"
                and (day.precision == "day" or (day.timex or "").startswith("XXXX-WXX"))
            ):
                t = clock.timex.split("T", 1)[1]
                base = day.timex.split("T", 1)[0] if day.timex else "XXXX-XX-XX"
                merged = replace(day, start=a.start, end=b.end, text=text[a.start : b.end],
                                 type="TIME", timex=f"{base}T{t}", rule="clock+day")  # fmt: skip
                out.append(merged)
                i += 2
                continue
        out.append(a)
        i += 1
    return out


_SIGNAL = re.compile(r"\s*(?:after|before|prior\s+to|following)\s+", re.IGNORECASE)
_SIGNAL_AT_END = re.compile(r"(?:after|before|prior)$", re.IGNORECASE)
_TARGET = re.compile(
    r"(?P<np>[^,.;:!?\n()]{2,80}?)(?=\s*[,.;:!?\n()]|\s+(?:and|when|as|which|who|that|"
    r"the\s+\w+\s+(?:forces|said|says|was|were|had|has))\s|\s*$)",
    re.IGNORECASE,
)


def _target(text: str, start: int, spacy_doc: Any) -> Span | None:
    """The noun phrase an anchored expression points to: "after [the claimed strike]"."""
    if spacy_doc is not None:
        span = spacy_doc.char_span(start, min(len(text), start + 1), alignment_mode="expand")
        if span is not None and len(span):
            tok = span[0]
            for _ in range(4):  # up to the head noun of the phrase
                if tok.pos_ in ("NOUN", "PROPN", "PRON") and tok.dep_ not in ("compound", "poss"):
                    break
                if tok.head is tok or tok.head.pos_ in ("VERB", "AUX", "ADP"):
                    break
                tok = tok.head
            toks = [t for t in tok.subtree if t.i >= span[0].i]
            while toks and toks[-1].is_punct:
                toks.pop()
            if not toks:
                toks = [span[0]]
            s, e = max(toks[0].idx, start), toks[-1].idx + len(toks[-1])
            if e > s:
                return Span(start=s, end=e, text=text[s:e])
    tm = _TARGET.match(text, start)
    if not tm:
        return None
    s, e = tm.span("np")
    words = list(re.finditer(r"\S+", text[s:e]))[:6]
    e = s + words[-1].end() if words else e
    return Span(start=s, end=e, text=text[s:e])


def _resolve_anchors(text: str, ms: list[TimeMention], spacy_doc: Any = None) -> None:
    """Resolve "two days later"/"the next day" against the previous time expression and
    "two days after <time>" against that time; record the target of event anchors."""
    last: TimeMention | None = None
    for i, m in enumerate(ms):
        a = m.anchor
        if a is not None:
            nxt = ms[i + 1] if i + 1 < len(ms) else None
            if _SIGNAL_AT_END.search(m.text):
                target_start = m.end + len(text[m.end :]) - len(text[m.end :].lstrip())
            else:
                sig = _SIGNAL.match(text, m.end)
                target_start = sig.end() if sig else None
            if target_start is not None:  # explicit anchor: "two days after X"
                if nxt is not None and nxt.anchor is None \
                        and re.fullmatch(r"(?:the\s+)?", text[target_start : nxt.start], re.I) \
                        and nxt.earliest is not None:  # fmt: skip
                    _apply_anchor(m, nxt)
                else:
                    a.target = _target(text, target_start, spacy_doc)
            elif last is not None:
                _apply_anchor(m, last)
        if m.earliest is not None and m.type in ("DATE", "TIME") and m.anchor is None:
            last = m
        elif a is not None and a.resolved:
            last = m


_RANGE_JOIN = re.compile(r"\s*(?:to|until|till|through|and|or|-|–|—)\s*(?:the\s+)?", re.IGNORECASE)
_MD = re.compile(r"(?:\d{4}|XXXX)-(\d\d)(?:-(\d\d))?")


def _share_years(text: str, ms: list[TimeMention]) -> None:
    """'from 1 January to 30 June 2017', 'between March and May 2015': the first date
    takes the year written with the second."""
    for a, b in zip(ms[::-1][1:], ms[::-1], strict=False):  # right to left: chains
        if not a.implicit_year or b.implicit_year or b.earliest is None or a.timex is None:
            continue
        if b.type != "DATE" or not _RANGE_JOIN.fullmatch(text[a.end : b.start]):
            continue
        md = _MD.fullmatch(a.timex)
        if not md:
            continue
        month, day = int(md.group(1)), md.group(2)
        y = b.latest.year
        for year in (y, y - 1):
            p = _safe(lambda year=year, month=month, day=day, mod=a.mod: _day(date(year, month, int(day))) if day
                      else _modify(_month(year, month), mod))  # fmt: skip
            if p and p.earliest <= b.latest:
                a.set_period(p)
                a.implicit_year = False
                break


def _offset(offset: str) -> tuple[int, str] | None:
    """A duration as (n, unit) for date arithmetic; hours count as whole days."""
    mm = re.fullmatch(r"P(\d+)([DWMY])", offset)
    if mm:
        return int(mm.group(1)), mm.group(2)
    mm = re.fullmatch(r"PT(\d+)H", offset)
    return (int(mm.group(1)) // 24, "D") if mm else None


def _apply_anchor(m: TimeMention, ref: TimeMention | Time) -> bool:
    off = _offset(m.anchor.offset) if m.anchor else None
    if off is None:
        return False
    n, unit = off
    sign = -1 if m.anchor.relation == "before" else 1
    if isinstance(ref, Time):
        e = date.fromisoformat(ref.value or ref.earliest) if (ref.value or ref.earliest) else None
        l_ = date.fromisoformat(ref.value or ref.latest) if (ref.value or ref.latest) else e
        prec = ref.precision or ("day" if ref.value else None)
    else:
        e, l_, prec = ref.earliest, ref.latest, ref.precision
    if e is None:
        return False
    if prec == "day" or (e == l_):
        p = _day(_shift(e, sign * n, unit))
        if unit == "W" and m.rule == "anchor_day":
            p = _week(p.earliest)
        elif unit == "M" and m.rule == "anchor_day":
            p = _month(p.earliest.year, p.earliest.month)
        elif unit == "Y" and m.rule == "anchor_day":
            p = _year(p.earliest.year)
    else:
        lo, hi = _shift(e, sign * n, unit), _shift(l_, sign * n, unit)
        p = _Period("", lo, hi, prec or "day")
        if prec == "year":
            p = _year(lo.year) if lo.year == hi.year else p
        elif prec == "month" and (lo.year, lo.month) == (hi.year, hi.month):
            p = _month(lo.year, lo.month)
    keep_type = m.type
    m.set_period(p)
    pod = re.search(rf"\b({_alt(PARTS_OF_DAY)})\b", m.text, re.IGNORECASE)
    if keep_type == "TIME" and pod and p.precision == "day":
        m.timex = f"{p.timex}T{PARTS_OF_DAY[pod.group(1).lower()]}"
    if not m.timex:
        m.timex = None
    m.type = "DATE" if keep_type != "TIME" else "TIME"
    m.anchor.resolved = True
    return True


def find_mentions(text: str, published: date | None, *, spacy_doc: Doc | None = None,
                  spacy_fallback: bool = True) -> list[TimeMention]:  # fmt: skip
    """All time expressions in ``text`` with their TimeML type and anchors, in text order.

    ``spacy_doc`` (the spaCy parse of exactly ``text``) improves tense detection, vetoes
    numbers spaCy reads as quantities, and adds DATE/TIME entities the grammar does not
    know as unresolved mentions (``spacy_fallback``).
    """
    if spacy_doc is not None and spacy_doc.text != text:
        spacy_doc = None  # offsets would not line up
    rejected: list[tuple[int, int]] = []
    ms = _candidates(text, published, spacy_doc, rejected)
    ms = _merge_clock(text, ms)
    _share_years(text, ms)
    _resolve_anchors(text, ms, spacy_doc)
    if spacy_doc is not None and spacy_fallback:
        ms = _add_spacy_candidates(text, ms, spacy_doc, rejected)
    return ms


_VAGUE_SPAN = re.compile(
    r"(?:(?:a\s+few|few|several|many|some|recent|the\s+past|the\s+last)\s+)?"
    r"(?P<unit>days|weeks|months|years|decades|hours|minutes)",
    re.IGNORECASE,
)


def _add_spacy_candidates(
    text: str, ms: list[TimeMention], spacy_doc: Any, rejected: list[tuple[int, int]]
) -> list[TimeMention]:
    extra = []
    for ent in spacy_doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        s, e = ent.start_char, ent.end_char
        if any(s < m.end and m.start < e for m in ms) or any(
            s <= a and b <= e for a, b in rejected
        ):
            continue
        span_text = text[s:e]
        if _AGE.search(text[max(0, s - 8) : e + 8]) or not _TIMEWORD.search(span_text):
            continue
        # trim leading function words to the TimeML extent
        lead = re.match(r"(?:(?:on|in|at|by|since|from|until|during)\s+)+", span_text, re.I)
        if lead:
            s += lead.end()
        m = TimeMention(s, e, text[s:e], ent.label_, rule="spacy")
        vague = _VAGUE_SPAN.fullmatch(m.text)
        if vague:  # "weeks", "several months": a duration of unknown length
            m.type, m.timex = "DURATION", _duration(None, vague.group("unit"))
        extra.append(m)
    return sorted(ms + extra, key=lambda m: m.start)


def find_times(text: str, published: date | None, *, spacy_doc: Doc | None = None) -> list[Time]:
    """Every time expression in ``text`` as a contract ``Time`` (with ``span``), in order."""
    return [m.to_time() for m in find_mentions(text, published, spacy_doc=spacy_doc)]


def resolve_anchor(time: Time | TimeMention, anchor: Time | date, *,
                   relation: str | None = None) -> Time:  # fmt: skip
    """Resolve an anchored expression against the date of what it is anchored to.

    ``time`` is a ``TimeMention`` with an ``anchor`` (from ``find_mentions`` or
    ``doc.extra["timex.mentions"]``) or a plain ``Time`` whose ``timex`` is a duration
    (``P2D``) — then ``relation`` ("after", the default, or "before") says which way.
    ``anchor`` is the anchoring event's date (a ``Time`` or a ``date``). Returns a new
    ``Time`` (same text and span); if it cannot be resolved, the input as a ``Time``.
    """
    if isinstance(anchor, date):
        anchor = Time(value=anchor.isoformat(), earliest=anchor.isoformat(),
                      latest=anchor.isoformat(), precision="day")  # fmt: skip
    if isinstance(time, TimeMention):
        m = replace(time, anchor=replace(time.anchor) if time.anchor else None)
        if m.anchor is None:
            return time.to_time()
        if relation:
            m.anchor.relation = relation
    else:
        if not time.timex or _offset(time.timex) is None:
            return time
        span = time.span
        m = TimeMention(span.start if span else 0, span.end if span else 0, time.text or "",
                        "DURATION", timex=time.timex,
                        anchor=Anchor(relation or "after", time.timex))  # fmt: skip
    if not _apply_anchor(m, anchor):
        return time.to_time() if isinstance(time, TimeMention) else time
    t = m.to_time()
    if isinstance(time, Time):
        t = t.model_copy(update={"span": time.span, "text": time.text})
    return t


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
