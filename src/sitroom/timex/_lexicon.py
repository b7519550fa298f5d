"""Lexicon tables and regular-expression fragments of the time grammar (data only)."""

from __future__ import annotations

import re

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
FUTURE_HEADS = {
    "due",
    "scheduled",
    "set",
    "expected",
    "plan",
    "intend",
    "upcoming",
    "slate",
}
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
# a weekday written before a date may be abbreviated: "Wed 05 Apr 2017", "Fri., Sept. 22"
WD_DATE = rf"(?:{WD}|(?:mon|tue|wed|thu|fri|sat|sun)\.?)"
DAYNUM = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
DAYNUM2 = r"(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?P<year>(?:1[5-9]|20)\d\d)"
NUMWORD = _alt(k for k in NUMBER_WORDS)
TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
NUM = (
    rf"(?P<num>\d{{1,3}}(?:,\d{{3}})*(?:\.\d+)?|{TENS}[-\s](?:one|two|three|four|five|six|"
    rf"seven|eight|nine)|{NUMWORD})"
)
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
