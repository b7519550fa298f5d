"""Calendar periods and date arithmetic: a day, an ISO week, a month, a season, ..."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sitroom.timex._lexicon import SEASON_MONTHS

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
        lo, hi = {
            "START": (1, 4),
            "MID": (5, 8),
            "END": (9, 12),
            "H1": (1, 6),
            "H2": (7, 12),
        }[mod]
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
