"""Event dates beyond the event's own clause: anchors, inheritance, background."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sitroom.document import Document
from sitroom.events.context import Context
from sitroom.events.found import Found
from sitroom.events.lexicon import Lexicon
from sitroom.events.vocab import BACKGROUND_DAYS, INHERIT_SENTENCES, RECENT_DAYS, RECENT_MOMENTS
from sitroom.model import Time


def iso_day(value: str | None) -> date | None:
    """The day an ISO value starts with ("2024-10-15", "2024-10-15T11:40"), or None (a
    week, a month, an impossible date)."""
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def strip_time(t: Time) -> Time:
    return t.model_copy()


#: what a "since ..." phrase names when the clause is a running total, not one happening
#: ("killed hundreds since it declared a caliphate", "since the war began in 2011")
_SINCE_BEGINNINGS = frozenset(
    """war conflict crisis uprising revolution revolt insurgency intervention occupation
    caliphate independence outbreak start beginning began begin erupted erupt broke
    started start launched then""".split()
)
#: ... or a month, in the perfect: "300 civilians have been killed in Aleppo since April"
#: (but "the deadliest attack since April" is one happening)
_SINCE_MONTHS = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)
#: a span of weeks or more over which a clause counts: "in recent weeks", "over the past
#: two months", "in the last year" (a running total, not one happening)
_SPAN_UNITS = frozenset("weeks months years week month year".split())
_SPAN_MARKS = frozenset("past last recent previous".split())
#: ... unless it names a recent moment ("since Monday", "since dawn")
_SINCE_RECENT = RECENT_MOMENTS
#: the war itself as the killer: "the conflict has killed more than 280,000 people"
_WAR_SUBJECTS = frozenset("war conflict crisis uprising revolution violence".split())


def is_cumulative(f: Found) -> bool:
    """A running total rather than one happening: the trigger's clause counts "since" a
    beginning (a year, the war, "it began"), or the war itself is the subject ("the
    conflict has killed..."). Such a sentence is background: no date, place or link."""
    tok = f.tok
    # the trigger's own clause: itself, and the verb it is the subject or object of
    # ("clashes have killed 4,000 since 2014")
    heads = [tok, tok.head] if tok.dep_ in ("nsubj", "nsubjpass", "dobj") else [tok]
    for t in f.sent:
        if t.lower_ != "since" or not any(h in t.ancestors for h in heads):
            continue
        if t.dep_ == "advmod" and not list(t.children) and _perfect(t.head):
            return True  # "the offensive has since killed more than 39,000"
        words = {w.lower_ for w in t.subtree} | {w.lemma_.lower() for w in t.subtree}
        if words & _SINCE_RECENT:
            continue
        if words & _SINCE_BEGINNINGS or any(w.like_num and len(w.text) == 4 for w in t.subtree):
            return True
        if words & _SINCE_MONTHS and _perfect(t.head):
            return True
        if t.dep_ == "mark" and t.head.tag_ in ("VBD", "VBZ", "VBP", "VBN"):
            return True  # "since it declared a caliphate", "since they took the town"
    for prep in (c for h in heads for c in h.children):
        # "have been killed in recent weeks", "air strikes over the past months killed"
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "over", "during", "throughout"):
            continue
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if (obj is not None and obj.lower_ in _SPAN_UNITS and obj.tag_ == "NNS"
                and any(c.lower_ in _SPAN_MARKS for c in obj.children)):  # fmt: skip
            return True
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None and tok.dep_ == "conj":  # "the war erupted in 2023 and has killed..."
        subj = next((c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj is not None and subj.lemma_.lower() in _WAR_SUBJECTS


def _perfect(verb) -> bool:
    """The verb is in the perfect ("have been killed", "has killed")."""
    return any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in verb.children)


#: the words that hang an earlier happening on the one being told ("after", "following")
_RECALL_MARKS = frozenset({"after", "following"})
#: news-writing's backgrounding verbs: "the killings come three weeks after ..."
_RECALL_VERBS = frozenset({"come", "follow"})
#: a distance in time before "after" ("three weeks after", "days after")
_DISTANCE_UNITS = frozenset("hour day week month year".split())
#: a possessive that dates a happening as already past ("this week's clashes")
_POSS_TIMES = frozenset(
    """week month year weekend yesterday monday tuesday wednesday thursday friday saturday
    sunday""".split()
)


def is_recalled(f: Found, is_event) -> bool:
    """An earlier happening the article recalls while it tells another one: the trigger
    sits in an "after"/"following" adjunct of a clause that tells an event of its own, and
    either that clause is news-writing's "X comes/came after Y" ("the killings come less
    than three weeks after insurgents raided Macomia") or the adjunct puts a distance in
    time between the two ("three weeks after", "following this week's clashes").
    ``is_event(tok)`` says whether a token is an event word. A funeral or a statement that
    "came after" a strike is not an event, so the strike stays the article's news."""
    t = f.tok
    for _ in range(4):
        head = t.head
        if head is t:
            return False
        marker = governor = None
        if t.dep_ == "advcl":
            marker = next(
                (c for c in t.children if c.dep_ == "mark" and c.lower_ in _RECALL_MARKS), None
            )
            governor = head
        elif t.dep_ in ("pobj", "pcomp") and head.lower_ in _RECALL_MARKS:
            marker, governor = head, head.head
        if marker is not None and governor is not None and governor is not marker:
            come = governor.lemma_.lower() in _RECALL_VERBS
            if come:
                subj = next((c for c in governor.children if c.dep_ == "nsubj"), None)
                return subj is not None and is_event(subj)
            distance = any(
                c.dep_ == "npadvmod" and c.lemma_.lower() in _DISTANCE_UNITS
                for c in (*marker.children, *t.children, *governor.children)
            ) or any(
                c.dep_ == "poss" and c.lemma_.lower() in _POSS_TIMES for c in t.children
            )
            return distance and governor is not f.tok and is_event(governor)
        t = head
    return False


#: adverbs of habit: "is shelled almost daily", "attacks typically occur at night" tell
#: what keeps happening, not one happening ("shot him repeatedly" is one)
_HABIT = frozenset(
    """daily nightly weekly regularly routinely frequently often usually typically constantly
    habitually""".split()
)


def is_habitual(f: Found) -> bool:
    tok = f.tok
    heads = [tok, tok.head] if tok.dep_ in ("nsubj", "nsubjpass", "dobj") else [tok]
    return any(
        c.dep_ in ("advmod", "npadvmod") and c.lower_ in _HABIT for h in heads for c in h.children
    )


#: a time told relative to today that points this far back recalls ("last month's
#: bombing"); a dated report ("on 13 March", nine days later) may still be the news
RECALLED_DAYS = 14
_RELATIVE_PAST = re.compile(r"(?i)\b(?:ago|last|earlier this|previous)\b")


def is_background(f: Found, ctx: Context) -> bool:
    if is_cumulative(f) or is_habitual(f):
        return True
    pub = ctx.doc.published
    if pub is None or f.time is None:
        return False
    d = iso_day(f.time.latest or f.time.value)
    if d is None:
        return False
    if d < pub - timedelta(days=BACKGROUND_DAYS):
        return True
    # "last month's suicide bombing", "three weeks ago, shelling of the camp killed 17":
    # told by its distance from today, weeks back, it is what the article recalls (a month
    # counts from its middle: "last month" ten days into this one is weeks back)
    if f.time.text is None or _RELATIVE_PAST.search(f.time.text) is None:
        return False
    first = iso_day(f.time.earliest) if f.time.precision == "month" else None
    if first is not None:
        d = first + timedelta(days=14)
    return d < pub - timedelta(days=RECALLED_DAYS)


#: happenings on the ground: one dates the next told after it ("pounded Idlib this week.
#: The attacks included...")
_MATERIAL = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "PROTEST", "RETREAT", "AID", "SANCTION"})


def _may_date(source: str, target: str) -> bool:
    """A call, an accusation or a statement does not date the attack it is about ("the
    Office on Tuesday called for an inquiry into a strike that killed 19")."""
    return source == target or not (target in _MATERIAL and source not in _MATERIAL)


def inherit_dates(events: list[Found], ctx: Context) -> None:
    """An event with no date of its own takes the date of the event told just before it in
    the same passage ("...pounded Idlib this week. The attacks included the bombing of...");
    failing that, a news event is dated to the week before publication (precision ``week``,
    ``text`` null: inferred, not read). Background and undatable (no ``published``) stay null.
    """
    sent_no = {s.start: i for i, s in enumerate(ctx.sdoc.sents)}
    pub = ctx.doc.published
    dated: list[tuple[int, Found]] = []
    for f in sorted(events, key=lambda x: x.tok.i):
        n = sent_no[f.sent.start]
        if f.time is not None and (f.time.value or f.time.earliest):
            if not f.background:
                dated.append((n, f))
            continue
        if f.background or f.time is not None:
            continue
        near = [
            g for m, g in dated
            if 0 <= n - m <= INHERIT_SENTENCES and _may_date(g.type, f.type)
        ]  # fmt: skip
        if near:
            src = near[-1].time
            f.time = src.model_copy(update={"text": None, "span": None})
        elif pub is not None and f.type in ("ASSAULT", "COERCE", "PROTEST", "MOBILIZE"):
            f.time = Time(
                earliest=(pub - timedelta(days=RECENT_DAYS)).isoformat(), latest=pub.isoformat(),
                precision="week",
            )  # fmt: skip


def threat_mode(f: Found, lexicon: Lexicon) -> str | None:
    """THREATEN's mode from what is threatened: violence, arrest, expulsion, restriction."""
    for t in f.tok.subtree:
        if t.i == f.tok.i:
            continue
        trig = lexicon.lookup(t)
        if trig is None or trig.type is None:
            continue
        if trig.type == "ASSAULT":
            return "violence"
        if trig.type == "COERCE":
            return {"arrest": "arrest", "deport": "expel", "seize": "territory"}.get(
                trig.mode or "", "restrict"
            )
        if trig.type == "SANCTION":
            return "relations"
    if any(
        t.lemma_.lower() in ("fire", "force", "retaliate", "retaliation", "war", "response")
        for t in f.tok.subtree
    ):
        return "violence"
    return None


def resolve_anchored_dates(events: list[Found], doc: Document) -> None:
    """ "Two days after the claimed airstrike": date the event from the event it names."""
    mentions = {
        m.start: m for m in doc.extra.get("timex.mentions", ()) if getattr(m, "anchor", None)
    }
    if not mentions:
        return
    from sitroom.timex import resolve_anchor

    for f in events:
        m = mentions.get(f.time.span.start) if f.time is not None and f.time.span else None
        if m is None or m.anchor.target is None or f.time.value:
            continue
        tgt = m.anchor.target
        for other in events:
            if other is f or other.time is None:
                continue
            spans = [x.trigger_span for x in [other, *other.hosts] if x.trigger_span]
            if any(tgt.start <= sp.start and sp.end <= tgt.end for sp in spans):
                resolved = resolve_anchor(m, other.time)
                if resolved.value or resolved.earliest:
                    f.time = resolved.model_copy(update={"span": f.time.span, "text": f.time.text})
                break
