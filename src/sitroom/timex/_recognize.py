"""Recognition: run the rules, resolve overlaps, merge, anchor; the public functions."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from sitroom.model import Span, Time
from sitroom.nlp import doc_text
from sitroom.timex._lexicon import PARTS_OF_DAY, _alt
from sitroom.timex._periods import _day, _modify, _month, _Period, _shift, _week, _year
from sitroom.timex._rules import (
    _AGE,
    _PRIORITY,
    _TIMEWORD,
    RULES,
    _Ctx,
    _duration,
    _Reject,
    _safe,
)
from sitroom.timex._types import Anchor, TimeMention

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

# ---------------------------------------------------------------------------------------
# Recognition
# ---------------------------------------------------------------------------------------


def _candidates(
    text: str, published: date | None, spacy_doc: Any, rejected: list[tuple[int, int]]
) -> list[TimeMention]:
    """Matches of all rules, overlaps resolved leftmost-longest; spans a rule matched but
    its handler rejected ("Friday prayers") are added to ``rejected``."""
    found: list[tuple[int, int, int, TimeMention]] = []
    numeric = bytearray(len(text))  # 1 inside spaCy CARDINAL/MONEY/QUANTITY/PERCENT
    for a, b in _numeric_entities(spacy_doc):
        numeric[a:b] = b"\x01" * (b - a)
    for rule in RULES:
        for m in rule.pattern.finditer(text):
            start, end = m.span()
            if start == end:
                continue
            if rule.name == "year" and all(numeric[start:end]):
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
    occupied = bytearray(len(text))  # 1 where a taken mention stands: linear in the text
    for s, e, _, tm in found:
        if any(occupied[s:e]):
            continue
        occupied[s:e] = b"\x01" * (e - s)
        taken.append(tm)
    taken.sort(key=lambda t: t.start)
    return taken


def _numeric_entities(spacy_doc: Any) -> list[tuple[int, int]]:
    if spacy_doc is None:
        return []
    return [(e.start_char, e.end_char) for e in spacy_doc.ents
            if e.label_ in ("CARDINAL", "MONEY", "QUANTITY", "PERCENT")]  # fmt: skip


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
# without a parse: up to punctuation or a clause word, at most six words (see _target)
_TARGET = re.compile(
    r"(?P<np>[^,.;:!?\n()]{2,80}?)(?=\s*[,.;:!?\n()]|\s+(?:and|when|as|which|who|that)\s|\s*$)",
    re.IGNORECASE,
)


def _target(text: str, start: int, spacy_doc: Any) -> Span | None:
    """The noun phrase an anchored expression points to: "after [the claimed strike]"."""
    if spacy_doc is not None:
        span = spacy_doc.char_span(start, min(len(text), start + 1), alignment_mode="expand")
        if span is not None and len(span):
            tok = span[0]
            for _ in range(4):  # up to the head noun of the phrase
                if tok.pos_ in ("NOUN", "PROPN", "PRON") and tok.dep_ not in (
                    "compound",
                    "poss",
                ):
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


_GRAIN = {"D": 0, "W": 1, "M": 2, "Y": 3}
_PRECISION_GRAIN = {"day": 0, "week": 1, "month": 2, "season": 2, "quarter": 2, "year": 3,
                    "decade": 3, "century": 3}  # fmt: skip


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
    if e != l_ and _GRAIN[unit] < _PRECISION_GRAIN.get(prec or "year", 3):
        return False  # "two days later" after "in 2014" pins no day, week or month
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
    if spacy_doc is not None and doc_text(spacy_doc) != text:
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
