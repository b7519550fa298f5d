"""Provenance: link claims to the events they assert, deny or threaten, and set each event's
``asserted_by``, ``denied_by`` and ``status``.

Rules (OUTPUT.md):

* A claim links the events whose trigger (any of its mentions, after the within-article
  merge) lies inside the claim's content span, and the event its cue itself reports
  ("Moscow *warned* …" is a THREATEN event and a threaten claim). A threat asserts none of
  the events inside its content: they are what may happen.
* A denial whose content names no event of its own ("Moscow later denied the strike",
  "denied any involvement") links by anaphora to the most recent earlier event: one of the
  kind the content names when it names one ("the strike" → ASSAULT), else one the speaker is
  said to have done, else the nearest.
* ``denied_by`` = speakers of denials; ``asserted_by`` = speakers of the other claims that
  link the event (not counting the claim that *is* the event).
* ``status``: ``contested`` when anyone denies; ``claimed`` when only parties assert it
  (armed or governmental actors, or the event's own actors); ``reported`` when the outlet
  says it in its own voice or only neutral sources (monitors, UN, NGOs, media, medics) do.
"""

from __future__ import annotations

import re

from sitroom.document import Document
from sitroom.events.vocab import SAYING_NOUNS
from sitroom.model import Actor, Claim, Event, Span

NEUTRAL_SECTORS = {"JRN", "MED", "NGO", "CVL", "EDU", "REL", "REF", "JUD", "SOC", "LAB", "BUS", "AGR"}
NEUTRAL_COUNTRIES = {"NGO", "IGO", "UNO", "EUR", "IMG"}
ANAPHORA_WINDOW = 700  # characters back from the cue a denial may point


class Provenance:
    name = "provenance"
    requires = ("events", "claims")
    assigns = ("events", "claims")

    def __call__(self, doc: Document) -> Document:
        _accusations(doc)
        mentions: dict[str, list[tuple[int, int]]] = doc.extra.get("event_mentions", {})
        events = sorted(doc.events, key=lambda e: e.trigger.start if e.trigger else 0)
        self_links: set[tuple[str, str]] = set()
        for claim in doc.claims:
            linked: list[str] = []
            parts = _parts(claim)
            for ev in events:
                spans = mentions.get(ev.id) or ([(ev.trigger.start, ev.trigger.end)] if ev.trigger else [])
                inside = any(cs <= s and e <= ce for s, e in spans for cs, ce in parts)
                if inside and (claim.stance != "threaten" or ev.type == "THREATEN"):
                    # a threat's content is what *may* happen: it asserts no event in it
                    linked.append(ev.id)
                elif claim.cue_span and any(
                    s < claim.cue_span.end and claim.cue_span.start < e for s, e in spans
                ):
                    linked.append(ev.id)
                    self_links.add((claim.id, ev.id))
            if claim.stance == "deny" and not [e for e in linked if (claim.id, e) not in self_links]:
                target = _anaphor(claim, events, doc) or _reported_before(claim, doc, events)
                if target is not None:
                    linked.append(target.id)
            if claim.stance == "deny":
                linked += _accused_deeds(claim, linked, events)
            claim.events = sorted(set(linked), key=lambda x: int(x[1:]) if x[1:].isdigit() else 0)
        for ev in doc.events:
            asserters: list[Actor] = []
            deniers: list[Actor] = []
            for claim in doc.claims:
                if ev.id not in claim.events or (claim.id, ev.id) in self_links:
                    continue
                (deniers if claim.stance == "deny" else asserters).append(claim.speaker)
            ev.asserted_by = _unique(asserters)
            ev.denied_by = _unique(deniers)
            ev.status = _status(ev)
        _renumber(doc)
        return doc


#: what an accusation is about: the deeds a denial of it also contests
DEED_TYPES = {"ASSAULT", "COERCE", "MOBILIZE"}


def _accused_deeds(claim: Claim, linked: list[str], events: list[Event]) -> list[str]:
    """A party that denies an accusation against it ("The ELN denied involvement", after
    "the minister blamed the ELN") also denies the deeds the article says it did: the
    news events whose perpetrator is that party (same dictionary id)."""
    sp = claim.speaker
    if not sp.id:
        return []
    by_id = {e.id: e for e in events}
    accused = any(
        by_id[e].type == "ACCUSE" and by_id[e].actor2 is not None and by_id[e].actor2.id == sp.id
        for e in linked if e in by_id
    )  # fmt: skip
    if not accused:
        return []
    return [
        e.id for e in events
        if e.type in DEED_TYPES and not e.background and e.actor1 is not None
        and e.actor1.id == sp.id and e.id not in linked
    ]  # fmt: skip


def _parts(claim: Claim) -> list[tuple[int, int]]:
    """The stretches of text a claim says: its quoted pieces when a quotation is cut by its
    cue ("“A,” the ministry warned. “B.”": the cue between them is not content), else its
    content span."""
    return [(p.start, p.end) for p in claim.content_parts or [claim.content]]


CREATE_ACCUSE_EVENTS = False
MATERIAL = {"ASSAULT", "COERCE", "PROTEST", "MOBILIZE", "RETREAT", "AID", "SANCTION"}


def _accusations(doc: Document) -> None:
    """An accusation is an ACCUSE event by its speaker (PLOVER codes the speech act). What it
    alleges stays an event only when it is material (an attack, an arrest…), with status
    ``claimed``; alleged attitudes ("is collaborating with", "supports") are folded into the
    accusation rather than reported as events of their own."""
    for claim in doc.claims:
        if claim.stance != "accuse":
            continue
        inside = [
            e for e in doc.events if e.trigger and any(
                cs <= e.trigger.start and e.trigger.end <= ce for cs, ce in _parts(claim))
        ]  # fmt: skip
        folded = [e for e in inside if e.type not in MATERIAL and e.type != "ACCUSE"]
        if folded:
            gone = {e.id for e in folded}
            doc.events = [e for e in doc.events if e.id not in gone]
        cue = claim.cue_span
        if not CREATE_ACCUSE_EVENTS:
            continue
        if cue is None or any(
            e.type == "ACCUSE" and e.trigger and e.trigger.start < cue.end and cue.start < e.trigger.end
            for e in doc.events
        ):
            continue
        accused = next((e.actor1 for e in inside + folded if e.actor1 is not None), None)
        sent = _sentence_span(doc, cue.start, cue.end)
        n = 1 + max((int(e.id[1:]) for e in doc.events if e.id[1:].isdigit()), default=0)
        doc.events.append(Event(
            id=f"e{n}", type="ACCUSE", mode="allege", actor1=claim.speaker, actor2=accused,
            date=claim.date, evidence=[sent], confidence=0.5, trigger=cue,
        ))  # fmt: skip
    doc.events.sort(key=lambda e: e.trigger.start if e.trigger else 0)


def _renumber(doc: Document) -> None:
    """Ids e1, e2, … in text order after accusations were added or folded."""
    mapping = {e.id: f"e{i}" for i, e in enumerate(doc.events, start=1)}
    if all(k == v for k, v in mapping.items()):
        return
    for e in doc.events:
        e.id = mapping[e.id]
    for c in doc.claims:
        c.events = [mapping[x] for x in c.events if x in mapping]
    old = doc.extra.get("event_mentions", {})
    doc.extra["event_mentions"] = {mapping[k]: v for k, v in old.items() if k in mapping}


def _sentence_span(doc: Document, start: int, end: int) -> Span:
    if doc.spacy is not None:
        for s in doc.spacy.sents:
            if s.start_char <= start < s.end_char:
                return Span.of(doc.text, s.start_char, s.end_char)
    return Span.of(doc.text, start, end)


_SAYING_WORDS = re.compile(r"\b(?:" + "|".join(sorted(SAYING_NOUNS)) + r")s?\b")


def _anaphor(claim: Claim, events: list[Event], doc: Document) -> Event | None:
    cue_at = claim.cue_span.start if claim.cue_span else claim.content.start
    named = _named_types(claim, doc)
    if not named and _SAYING_WORDS.search(claim.content.text.lower()):
        # "Kigali denies the charge", "dismissed the allegations": what is denied is the
        # accusation told just before, not the last event
        said = [
            e for e in events
            if e.type == "ACCUSE" and e.trigger and e.trigger.end <= cue_at
            and cue_at - e.trigger.end <= ANAPHORA_WINDOW
        ]  # fmt: skip
        return said[-1] if said else None
    prior = [
        e for e in events
        if e.trigger and e.trigger.end <= cue_at and cue_at - e.trigger.end <= ANAPHORA_WINDOW
        and e.type not in ("THREATEN", "ACCUSE", "REJECT", "REQUEST")
    ]  # fmt: skip
    if not prior:
        return None
    if named:
        same_kind = [e for e in prior if e.type in named]
        # the denial names a kind of event none of which was told before: it denies
        # something else ("denied backing the M23"), not the last event; of several, a
        # party denies its own deed ("denied hitting civilian targets" after its strike
        # and the other side's interceptions)
        own = [e for e in same_kind if _same(e.actor1, claim.speaker)]
        return (own or same_kind)[-1] if same_kind else None
    speaker_did = [e for e in prior if _same(e.actor1, claim.speaker)]
    if speaker_did:
        return speaker_did[-1]
    return prior[-1]


def _reported_before(claim: Claim, doc: Document, events: list[Event]) -> Event | None:
    """ "The army rejected the reports" when no accusation was told: what the last other
    source said just before (its material event) is what is denied."""
    if not _SAYING_WORDS.search(claim.content.text.lower()):
        return None
    cue_at = claim.cue_span.start if claim.cue_span else claim.content.start
    by_id = {e.id: e for e in events}
    for other in reversed(doc.claims):
        at = other.cue_span.start if other.cue_span else other.content.start
        if other is claim or at >= cue_at or cue_at - at > ANAPHORA_WINDOW:
            continue
        a, b = other.speaker, claim.speaker
        if other.stance == "deny" or (a.id or a.name) == (b.id or b.name):
            continue  # the denier's own earlier words are not the reports it rejects
        told = [by_id[e] for e in other.events if e in by_id and by_id[e].type in MATERIAL]
        if told:
            return told[-1]
    return None


_KIND_WORDS = {
    "ASSAULT": ("strike", "attack", "raid", "bomb", "shell", "killing", "massacre", "shooting",
                "responsib", "assault", "offensive", "fire", "firing"),
    "COERCE": ("arrest", "detain", "detention", "seiz", "captur"),
    "PROTEST": ("protest", "demonstrat", "riot"),
    "MOBILIZE": ("deploy", "troops", "reinforce"),
}  # fmt: skip


def _named_types(claim: Claim, doc: Document) -> set[str]:
    """Event types the claim's content names ("the strike" → ASSAULT), read with the
    events stage's own trigger lexicon when the parse is at hand, else with word stems."""
    words = _KIND_WORDS
    content = claim.content.text.lower()
    found = {t for t, stems in words.items() if any(w in content for w in stems)}
    sdoc = doc.spacy
    if sdoc is not None:
        from sitroom.events.lexicon import Lexicon

        lex = Lexicon.load()
        span = sdoc.char_span(claim.content.start, claim.content.end, alignment_mode="expand")
        for tok in span or ():
            trig = lex.lookup(tok)
            if trig is not None and trig.type is not None:
                found.add(trig.type)
    return found


def _same(a: Actor | None, b: Actor | None) -> bool:
    if a is None or b is None:
        return False
    if a.id and b.id and a.id == b.id:
        return True
    aff = b.affiliation or ""
    return bool(a.country and a.country == b.country) or (bool(aff) and aff == a.name)


def _unique(actors: list[Actor]) -> list[Actor]:
    seen: set[str] = set()
    out = []
    for a in actors:
        key = (a.id or a.name).lower()
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


def _is_party(a: Actor, ev: Event) -> bool:
    if a.country in NEUTRAL_COUNTRIES or a.sector in NEUTRAL_SECTORS:
        return False
    if _same(ev.actor1, a) or _same(ev.actor2, a):
        return True
    return a.sector not in NEUTRAL_SECTORS


def _status(ev: Event) -> str:
    if ev.denied_by:
        return "contested"
    if ev.asserted_by and any(_is_party(a, ev) for a in ev.asserted_by):
        return "claimed"
    return "reported"
