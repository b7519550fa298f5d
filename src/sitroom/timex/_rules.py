"""The rule table: one regular expression and one normalisation function per rule."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from sitroom.timex._lexicon import (
    _MONTH_RE,
    AGE_AFTER,
    CLOCK,
    DAYNUM,
    DAYNUM2,
    HOLIDAYS,
    MOD,
    MODIFIERS,
    MON,
    MONTHS,
    NOT_WEEKDAY_AFTER,
    NOT_YEAR_AFTER,
    NOT_YEAR_BEFORE,
    NUM,
    NUMBER_WORDS,
    ORDINALS,
    PARTS_OF_DAY,
    POD,
    REFERENCES,
    REL,
    REL_PUB,
    RELATIVE,
    SEASON,
    SEASONS,
    TENS,
    UNITS,
    UNITS_RE,
    WD,
    WD_DATE,
    WEEKDAYS,
    YEAR,
    _alt,
)
from sitroom.timex._periods import (
    _add_months,
    _century,
    _day,
    _decade,
    _modify,
    _month,
    _Period,
    _quarter,
    _season,
    _shift,
    _week,
    _weekend,
    _year,
)
from sitroom.timex._tense import _future_level
from sitroom.timex._types import Anchor, TimeMention


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


def _h_month_rel_year(c: _Ctx) -> TimeMention:
    """A month of the year before, after or of publication: "May last year", "in March of
    next year", "June this year"."""
    mon = c.g("mon")
    if not _is_capitalised(mon):
        raise _Reject
    mod = _mod(c)
    shift = {"last": -1, "previous": -1, "past": -1, "next": 1, "coming": 1, "this": 0}
    n = shift.get(c.g("yrel").lower())
    if n is None:
        raise _Reject
    if not c.published:
        return _mention("DATE", mod=mod)
    p = _safe(lambda: _month(c.published.year + n, _month_of(mon)))
    return _mention("DATE", _modify(p, mod) if p else None, mod=mod)


def _h_the_weekend(c: _Ctx) -> TimeMention:
    """"over/at/during the weekend": the weekend just gone (or under way) when the clause
    tells the past, the coming one when it tells the future."""
    pub = c.published
    if not pub:
        return _mention("DATE")
    if c.future:
        base = pub if pub.weekday() <= 5 else pub + timedelta(weeks=1)
    elif pub.weekday() >= 5:
        base = pub  # said on the weekend itself: this one
    else:
        base = pub - timedelta(days=pub.weekday() + 1)
    p = _weekend(base)
    if not c.future and pub.weekday() >= 5:
        p = replace(p, latest=max(p.earliest, pub))
    return _mention("DATE", p)


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


def _h_streak(c: _Ctx) -> TimeMention:
    """'for the fourth straight day', 'the second week in a row': the run of N units
    ending at publication (news tells running streaks in the present perfect)."""
    o = c.g("ord").lower()
    n = ORDINALS.get(o) or int(re.sub(r"\D", "", o) or 0)
    unit = (c.g("unit") or c.g("unit_")).lower()
    if n <= 0:
        raise _Reject
    m = _mention("DURATION", timex=_duration(n, unit))
    code, mult, prec = _unit(unit)
    if c.published:
        m.earliest = _shift(c.published, -(n - 1) * mult, code)
        m.latest, m.precision = c.published, prec
    return m


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
        m = _mention(
            "TIME",
            _Period(f"{pub.isoformat()}TNI", pub - timedelta(days=1), pub, "day"),
        )
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

    def current(d: date) -> _Period:
        return {"week": _week, "month": lambda d: _month(d.year, d.month), "year": lambda d: _year(d.year)}[unit](d)  # fmt: skip

    p = _modify(current(pub), mod, pub)
    if c.tense < 0 and p.earliest > pub:
        # told in the past tense, "the end of the year" cannot lie ahead: the previous one
        back = {"week": pub - timedelta(weeks=1), "month": _add_months(pub, -1),
                "year": _add_months(pub, -12)}[unit]  # fmt: skip
        p = _modify(current(back), mod, pub)
    return _mention("DATE", p, mod=mod)


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
    ("iso", r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:T\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?", _h_iso),
    ("numeric", r"(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})", _h_numeric),
    ("wd_day_mon_year", rf"(?:{WD_DATE},?\s+)?(?:the\s+)?{DAYNUM}(?:\s*[-–]\s*{DAYNUM2})?\s+(?:of\s+)?{MON},?\s+{YEAR}", _h_date),
    ("wd_mon_day_year", rf"(?:{WD_DATE},?\s+)?{MON}\s+{DAYNUM}(?:\s*[-–]\s*{DAYNUM2})?,?\s+{YEAR}", _h_date),
    ("wd_day_mon", rf"(?:{WD_DATE},?\s+)?(?:the\s+)?{DAYNUM}(?:\s*[-–]\s*{DAYNUM2})?\s+(?:of\s+)?{MON}", _h_date),
    ("wd_mon_day", rf"(?:{WD_DATE},?\s+)?{MON}\s+{DAYNUM}(?:\s*[-–]\s*{DAYNUM2})?(?!\s*(?:[:,]\s*\d|%|\d))", _h_date),
    ("holiday", rf"(?P<h>{_alt(HOLIDAYS)})(?:,?\s+{YEAR})?", _h_holiday),
    # --- months, seasons, quarters, years, decades, centuries ---------------------------
    ("month_year", rf"(?:{MOD})?{MON},?\s+(?:of\s+)?{YEAR}", _h_month_year),
    ("month_rel_year", rf"(?:{MOD})?{MON},?\s+(?:of\s+)?(?P<yrel>last|previous|past|next|coming|this)\s+year", _h_month_rel_year),
    ("month", rf"(?:{MOD})?(?:{REL}\s+)?{MON}", _h_month),
    ("season", rf"(?:{MOD})?(?:(?:{REL}\s+)?{SEASON}(?:\s+(?:of\s+)?{YEAR})?)", _h_season),
    ("quarter", rf"(?:the\s+)?(?:{REL}\s+)?(?P<q>first|second|third|fourth|final|last|[1-4](?:st|nd|rd|th)|(?<=Q)[1-4])\s+quarter(?:\s+of\s+(?:the\s+year\s+)?{YEAR})?", _h_quarter),
    ("q_year", rf"Q(?P<q>[1-4])\s+{YEAR}", _h_quarter),
    ("year", rf"(?:{MOD})?(?:the\s+year\s+)?{YEAR}", _h_year),
    ("year_first", rf"{YEAR}(?=[-–/]\d\d(?!\d))", _h_year, False),
    ("year_second", r"(?<=(?:1[5-9]|20)\d\d[-–/])(?P<yy>\d\d)", _h_short_year),
    ("decade", rf"(?:{MOD})?(?P<dec>(?:1[5-9]|20)\d0|'?\d0)'?s", _h_decade),
    ("century", rf"(?:{MOD})?{_ORD}[-\s]+century", _h_century),
    ("streak", rf"(?:the\s+)?{_ORD}\s+(?:(?:straight|consecutive|successive)\s+(?P<unit>day|night|week|month|year)|(?P<unit_>day|night|week|month|year)\s+(?:in\s+a\s+row|running))", _h_streak),
    # --- days relative to publication ---------------------------------------------------
    ("relword", rf"(?P<w>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|tonight|yesterday|tomorrow|overnight|(?:this|last)(?=\s+(?:{_alt(PARTS_OF_DAY)})))(?:\s+{POD})?", _h_relword),
    ("weekday", rf"(?:(?:early|late)\s+(?:on\s+)?|(?:the\s+)?(?:early|small)\s+hours\s+of\s+)?(?:{REL}\s+)?{WD}(?:\s+{POD})?", _h_weekday),
    ("the_weekend", r"(?:(?<=\bover\s)|(?<=\bat\s)|(?<=\bduring\s))the\s+weekend", _h_the_weekend),
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
