"""Events: who did what to whom, where, when, with what casualties.

The stage reads each sentence's dependency parse:

1. **Triggers** come from the lexicon in ``data/triggers.yaml`` (verbs and event nouns, one- or
   multi-word), filtered for other senses ("heart attack"), negation ("did not attack"),
   hypotheticals ("may carry out further attacks", "threatened to strike") and modifiers
   ("attack helicopter").
2. **Arguments** come from the parse: subject/agent and object/passive subject of verbs;
   possessive, adjectival and compound actors of nouns ("a Russian airstrike", "regime
   warplanes"), "by X" agents and "on/against X" targets; support verbs ("carried out an
   airstrike") give the initiator of their object noun. Mentions are resolved to the actor
   dictionary (``sitroom.actors``).
3. **Casualties**: casualty words (killed, injured, dead) attach their figures to the event
   they report ("an airstrike killed 12"), and stand as an event of their own only when
   there is none.
4. **Place and date** from the event's own clause first, then its sentence, then the
   paragraph's last place and the article's focus (``Place.precision`` says when it is a
   fallback).
5. **Merge** mentions of one happening within the article (the headline, the lead and "the
   strike" later); distinct places or dates stay distinct events.

Claims, status, ``asserted_by`` and ``denied_by`` are set afterwards by
``sitroom.provenance``, which needs both the events and the claims.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

import yaml

from sitroom.document import Document
from sitroom.model import Acled, Actor, Event, Place, Span, Time

# ------------------------------------------------------------------------ the lexicon --------


@dataclass(frozen=True, slots=True)
class Trigger:
    lemma: tuple[str, ...]
    pos: str
    type: str | None
    mode: str | None
    acled: tuple[str, str | None] | None
    weight: float
    role: str | None = None
    senses: frozenset[str] = frozenset()


@dataclass(slots=True)
class Lexicon:
    single: dict[str, list[Trigger]]
    multi: dict[str, list[Trigger]]  # first lemma -> multi-word triggers starting with it

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> Lexicon:
        raw = yaml.safe_load(
            resources.files("sitroom.data").joinpath("triggers.yaml").read_text("utf-8")
        )
        single: dict[str, list[Trigger]] = defaultdict(list)
        multi: dict[str, list[Trigger]] = defaultdict(list)
        for row in raw["triggers"]:
            acled = None
            if row.get("acled"):
                et, _, sub = (x.strip() for x in row["acled"].partition("|"))
                acled = (et, sub or None)
            words = tuple(str(row["lemma"]).lower().split())
            t = Trigger(
                lemma=words, pos=row.get("pos", "ANY"), type=row.get("type"),
                mode=row.get("mode"), acled=acled, weight=float(row.get("weight", 0.5)),
                role=row.get("role"), senses=frozenset(row.get("senses") or ()),
            )  # fmt: skip
            (multi if len(words) > 1 else single)[words[0]].append(t)
        for v in multi.values():
            v.sort(key=lambda t: -len(t.lemma))
        return cls(single=dict(single), multi=dict(multi))

    def lookup(self, tok) -> Trigger | None:
        pos = _pos(tok)
        lem = tok.lemma_.lower()
        cands = self.single.get(lem) or self.single.get(tok.lower_)
        if not cands and pos == "NOUN" and lem.endswith("s"):  # "Airstrikes" tagged PROPN
            cands = self.single.get(lem[:-1])
        for t in cands or ():
            if t.pos in ("ANY", pos):
                return t
        return None


def _pos(tok) -> str:
    if tok.pos_ in ("VERB", "AUX"):
        return "VERB"
    if tok.pos_ in ("NOUN", "PROPN"):
        return "NOUN"
    return tok.pos_


# ------------------------------------------------------------------------ vocabularies -------

MODALS = {"may", "might", "could", "would", "should", "can", "will", "shall", "must", "'ll"}
HYPOTHETICAL_GOVERNORS = {
    "threaten", "vow", "plan", "intend", "want", "seek", "prepare", "aim", "pledge", "promise",
    "warn", "urge", "demand", "ask", "call", "try", "attempt", "hope", "fear", "expect",
    "consider", "propose", "refuse", "deny", "avoid", "prevent", "stop", "halt", "need",
    "decide", "agree", "order", "allow", "permit", "able", "ready", "likely", "possible",
}  # fmt: skip
NEG_DETS = {"no", "any"}
HYPOTHETICAL_NOUNS = {
    "prospect", "possibility", "risk", "fear", "danger", "chance", "threat", "warning", "plan",
    "scenario", "likelihood", "attempt", "bid", "readiness", "intention", "ability",
}  # fmt: skip
UNREAL_ADJ = {"possible", "potential", "planned", "imminent", "future", "expected", "feared",
              "looming", "threatened", "proposed", "hypothetical", "anticipated", "likely"}  # fmt: skip
NON_LOCATIVE_DEPS = {"nsubj", "nsubjpass", "poss", "compound", "amod", "npadvmod", "nmod"}
INSTRUMENT_NOUNS = {
    "warplane", "jet", "aircraft", "plane", "helicopter", "drone", "artillery", "tank", "missile",
    "rocket", "mortar", "gunboat", "bomber", "fighter-bomber", "gunship", "sniper", "shell",
    "bomb", "force", "troop", "soldier", "fighter", "militant", "gunman", "unit", "jihadist",
}  # fmt: skip
INSTRUMENT_MODES = {
    "warplane": "aerial", "jet": "aerial", "aircraft": "aerial", "plane": "aerial",
    "helicopter": "aerial", "gunship": "aerial", "drone": "drone",
    "artillery": "heavy-weapons", "tank": "heavy-weapons", "missile": "heavy-weapons",
    "rocket": "heavy-weapons", "mortar": "heavy-weapons", "shell": "heavy-weapons",
    "sniper": "firearms", "gun": "firearms", "rifle": "firearms", "bullet": "firearms",
    "barrel": "aerial", "ied": "explosives", "bomb": "explosives", "grenade": "explosives",
    "knife": "primitive", "machete": "primitive",
}  # fmt: skip
MODE_ACLED = {
    "aerial": ("Explosions/Remote violence", "Air/drone strike"),
    "drone": ("Explosions/Remote violence", "Air/drone strike"),
    "heavy-weapons": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "explosives": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "suicide-attack": ("Explosions/Remote violence", "Suicide bomb"),
    "unconventional": ("Explosions/Remote violence", "Chemical weapon"),
    "abduct": ("Violence against civilians", "Abduction/forced disappearance"),
    "sexual": ("Violence against civilians", "Sexual violence"),
}
ARMED_SECTORS = {"MIL", "REB", "PRM", "UAF", "SPY", "COP"}
CIVILIAN_WORDS = {
    "civilian", "resident", "villager", "child", "woman", "family", "people", "worker",
    "student", "journalist", "farmer", "passenger", "worshipper", "patient", "protester",
    "demonstrator", "refugee", "man", "boy", "girl", "teacher", "doctor", "person",
}  # fmt: skip
FATAL = {"kill", "murder", "slay", "die", "dead", "death", "execute", "behead", "assassinate",
         "killing", "toll", "fatality", "body", "massacre"}  # fmt: skip
INJURE = {"injure", "wound", "hurt", "injury", "maim", "injured", "wounded"}
ARREST = {"arrest", "detain", "round", "apprehend", "capture", "abduct", "kidnap", "seize"}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "single": 1,
    "both": 2, "couple": 2,
}  # fmt: skip
VAGUE = {"dozens", "scores", "hundreds", "thousands", "several", "many", "some", "numerous"}
SECTOR_HEADS = {
    "force", "troop", "soldier", "army", "military", "fighter", "militant", "rebel", "unit",
    "militia", "police", "official", "government", "regime", "authority", "group", "faction",
}  # fmt: skip
WHO_NOUNS = SECTOR_HEADS | {
    "official", "spokesman", "spokeswoman", "spokesperson", "tv", "television", "media", "agency",
    "ministry", "minister", "president", "leader", "embassy", "envoy", "news", "state", "people",
    "authority", "ambassador", "delegation", "diplomat", "commander", "general", "source",
    "analyst", "newspaper", "channel", "outlet", "broadcaster", "monitor", "council", "command",
    "spy", "intelligence", "service", "operative", "agent", "citizen", "national", "national",
    "warplane", "jet", "aircraft", "drone", "ally", "backer", "proxy", "militant", "envoy",
}  # fmt: skip
SECTOR_FOR_INSTRUMENT = {
    "warplane": "air force", "jet": "air force", "aircraft": "air force", "plane": "air force",
    "helicopter": "air force", "bomber": "air force", "drone": "forces", "airstrike": "air force",
    "strike": "forces", "artillery": "army", "tank": "army", "shelling": "forces",
}  # fmt: skip
PERSON_PRONOUNS = {"he", "she", "him", "her", "himself", "herself"}
GROUP_PRONOUNS = {"it", "they", "them", "its", "their", "which", "who", "that"}
BACKGROUND_DAYS = 60
MIN_CONFIDENCE = 0.38  # below this an event is more often noise than news (PLOVER/FA-KES dev)


# ------------------------------------------------------------------------ the stage ----------


@dataclass(slots=True)
class _Found:
    """An event while it is being read (internal)."""

    trig: Trigger
    tok: object  # the spaCy token that carries it
    sent: object
    type: str
    mode: str | None
    acled: tuple[str, str | None] | None
    actor1: Actor | None = None
    actor2: Actor | None = None
    actor2_tok: object | None = None
    place: Place | None = None
    place_own: bool = False  # the place comes from the event's own sentence
    time: Time | None = None
    fatalities: int | None = None
    injured: int | None = None
    arrested: int | None = None
    anaphoric: bool = False
    goal: bool = False  # a movement with a destination ("moved to the eastern bank")
    bare: bool = False  # a noun trigger without actors or modifiers of its own
    background: bool = False
    evidence: list[Span] = field(default_factory=list)
    trigger_span: Span | None = None
    confidence: float = 0.5
    hosts: list[_Found] = field(default_factory=list)


class EventExtractor:
    """A stage: name ``events``; reads the parse, places, times; writes ``doc.events``."""

    name = "events"
    requires = ("spacy", "places", "times")
    assigns = ("events", "actors")

    def __init__(self, *, lexicon: Lexicon | None = None, actors=None) -> None:
        self.lexicon = lexicon or Lexicon.load()
        self._actors = actors

    @property
    def actors(self):
        if self._actors is None:
            from sitroom.actors import ActorDictionary

            self._actors = ActorDictionary.load()
        return self._actors

    def __call__(self, doc: Document) -> Document:
        sdoc = doc.spacy
        ctx = _Context(doc, self.actors)
        found: list[_Found] = []
        for sent in sdoc.sents:
            found.extend(self._sentence(sent, ctx))
        events = [f for f in _merge(found, ctx) if f.confidence >= MIN_CONFIDENCE]
        _resolve_anchored_dates(events, doc)
        _inherit_dates(events, ctx)
        doc.events = [
            _to_event(f"e{i}", f, ctx) for i, f in enumerate(events, start=1)
        ]
        doc.actors = ctx.actor_list()
        return doc

    # -------------------------------------------------------------- per sentence ------------

    def _sentence(self, sent, ctx: _Context) -> list[_Found]:
        triggers = self._triggers(sent)
        out: list[_Found] = []
        casualty: list[_Found] = []
        for tok, trig in triggers:
            if trig.role == "light" or trig.type is None:
                continue
            if _suppressed(tok, trig):
                continue
            f = _Found(
                trig=trig, tok=tok, sent=sent, type=trig.type, mode=trig.mode, acled=trig.acled
            )
            if not self._arguments(f, ctx):
                continue
            (casualty if trig.role == "casualty" else out).append(f)
        for c in casualty:
            host = _host_for(c, out)
            figures = _figures(c.tok)
            if host is not None:
                _add_figures(host, figures, c.tok)
                if host.actor2 is None and c.actor2 is not None:
                    host.actor2 = c.actor2
                if host.actor1 is None and c.actor1 is not None and c.actor1 != host.actor2:
                    host.actor1 = c.actor1
                continue
            if not (c.actor1 or c.actor2 or figures):
                continue
            _add_figures(c, figures, c.tok)
            out.append(c)
        for f in out:
            self._place_and_time(f, ctx)
            _refine(f)
            if f.type == "THREATEN" and f.mode is None:
                f.mode = _threat_mode(f, self.lexicon)
        return out

    def _triggers(self, sent) -> list[tuple[object, Trigger]]:
        found: list[tuple[object, Trigger]] = []
        used: set[int] = set()
        toks = list(sent)
        for i, tok in enumerate(toks):
            lem = tok.lemma_.lower()
            for mt in self.lexicon.multi.get(lem, ()):
                hit = _match_multi(toks, i, mt)
                if hit is not None and not (set(hit) & used):
                    head_i = hit[-1] if mt.pos == "NOUN" else hit[0]
                    used.update(hit)
                    found.append((sent.doc[head_i], mt))
                    break
        for tok in toks:
            if tok.i in used:
                continue
            t = self.lexicon.lookup(tok)
            if t is not None:
                found.append((tok, t))
        found.sort(key=lambda x: x[0].i)
        return found

    # -------------------------------------------------------------- arguments ---------------

    def _arguments(self, f: _Found, ctx: _Context) -> bool:
        tok = f.tok
        a1 = a2 = None
        if _pos(tok) == "VERB" and not _nominal_gerund(tok):
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
            subj = _child(tok, "nsubj") or _child(tok, "csubj")
            if subj is None and tok.dep_ in ("conj", "xcomp", "advcl"):
                subj = _child(tok.head, "nsubj")  # "X shelled A and killed B"
            agent = next((c for c in tok.children if c.dep_ == "agent"), None)
            agent_obj = _child(agent, "pobj") if agent is not None else None
            obj = _child(tok, "dobj") or _child(tok, "nsubjpass")
            if obj is None:
                obj = _prep_obj(tok, ("on", "at", "against", "upon", "with"))
            if passive:
                a1_tok, a2_tok = agent_obj, obj
            else:
                a1_tok, a2_tok = subj, obj
            if a1_tok is not None:
                inst = a1_tok.lemma_.lower()
                if inst in INSTRUMENT_MODES and f.type == "ASSAULT" and f.trig.weight < 0.9:
                    f.mode = INSTRUMENT_MODES[inst]
                a1 = ctx.actor(a1_tok)
            if a2_tok is not None:
                a2 = ctx.actor(a2_tok)
                f.actor2_tok = a2_tok
            if f.trig.role == "motion":
                if not _is_armed(a1):
                    return False
                # "the offensive, which entered X": the motion is the named event's progress
                s_tok = subj
                if s_tok is not None and s_tok.tag_ in ("WDT", "WP") and tok.dep_ == "relcl":
                    s_tok = tok.head
                if s_tok is not None and self.lexicon.lookup(s_tok) is not None:
                    return False
                if _prep_obj(tok, ("to", "into", "toward", "towards", "across", "onto")) is not None \
                        or _child(tok, "dobj") is not None:  # fmt: skip
                    f.goal = True
            # instruments in the object: "fired a missile", "dropped barrel bombs"
            if f.mode is None and a2_tok is not None:
                f.mode = INSTRUMENT_MODES.get(a2_tok.lemma_.lower()) or f.mode
                if a2_tok.lemma_.lower() in INSTRUMENT_MODES:
                    a2 = None
                    tgt = _prep_obj(tok, ("at", "on", "against", "toward", "towards"))
                    if tgt is not None:
                        a2 = ctx.actor(tgt)
                        f.actor2_tok = tgt
        else:
            a1_tok = _noun_agent(tok)
            if a1_tok is not None and a1_tok.i != tok.i:
                a1 = ctx.actor(a1_tok)
            elif a1_tok is not None:
                a1 = ctx.actor_from_modifiers(tok)
            tgt = _prep_obj(tok, ("on", "against", "at", "targeting", "of"))
            if tgt is not None:
                a2 = ctx.actor(tgt)
                f.actor2_tok = tgt
            # support verb: "Russia carried out an airstrike", "launched an offensive on X"
            if tok.dep_ in ("dobj", "nsubjpass", "attr") and _is_support(tok.head):
                lv = tok.head
                if a1 is None:
                    s = _child(lv, "nsubj") or _agent_of(lv)
                    a1 = ctx.actor(s) if s is not None else None
                if a2 is None:
                    t2 = _prep_obj(lv, ("on", "against", "at", "in"))
                    if t2 is not None and ctx.is_actorish(t2):
                        a2 = ctx.actor(t2)
            det = next((c for c in tok.children if c.dep_ == "det"), None)
            has_own = a1 is not None or a2 is not None or any(
                c.dep_ in ("amod", "compound", "poss", "nummod") for c in tok.children
            )
            if det is not None and det.lower_ in ("the", "this", "that", "these"):
                f.anaphoric = True  # a definite description may refer back ("the strike")
            f.bare = not has_own
        if a1 is None and tok.i > 0:
            prev = tok.doc[tok.i - 1]  # "by Russian shelling" mis-parsed: the adjacent demonym
            if (prev.ent_type_ in ("NORP", "GPE", "ORG") or prev.pos_ in ("NOUN", "PROPN", "ADJ")) \
                    and prev.dep_ not in ("dobj", "pobj"):  # fmt: skip
                cand = ctx.actor(prev)
                if cand is not None and cand.country and cand != a2:
                    a1 = cand
        f.actor1, f.actor2 = a1, a2
        if f.actor1 and f.actor2 and f.actor1.id and f.actor1.id == f.actor2.id:
            f.actor2 = None
        return True

    # -------------------------------------------------------------- place & time ------------

    def _place_and_time(self, f: _Found, ctx: _Context) -> None:
        sent, tok = f.sent, f.tok
        region = _own_region(tok)
        actor_spans = [a.span for a in (f.actor1, f.actor2) if a is not None and a.span]
        sent_places = [
            p for p in ctx.places_in(sent.start_char, sent.end_char)
            if not _overlaps_any(p.span, actor_spans) and ctx.locative(p)
        ]  # fmt: skip
        place = None
        own = [p for p in sent_places if ctx.tok_index(p.span.start) in region]
        pool = own or sent_places
        if pool:
            place = min(pool, key=lambda p: (_generality(p), abs(ctx.tok_index(p.span.start) - tok.i)))
            f.place_own = True
        if place is None:
            place = ctx.recent_event_place(sent.start_char) or ctx.focus_place()
        f.place = place
        times = ctx.times_in(sent.start_char, sent.end_char)
        times = [t for t in times if not _belongs_to_other_noun(ctx, t, tok)]
        own_t = [t for t in times if ctx.tok_index(t.span.start) in region]
        main = _own_region(sent.root, keep=tok)
        pool_t = own_t or [t for t in times if ctx.tok_index(t.span.start) in main]
        resolved = [t for t in pool_t if t.value or t.earliest]
        chosen = None
        if resolved:
            chosen = min(resolved, key=lambda t: abs(ctx.tok_index(t.span.start) - tok.i))
        elif pool_t:
            chosen = pool_t[0]
        f.time = _strip_time(chosen) if chosen is not None else None
        f.background = _is_background(f, ctx)
        f.evidence = [Span.of(ctx.text, sent.start_char, sent.end_char)]
        end = tok.idx + len(tok.text)
        f.trigger_span = Span.of(ctx.text, tok.idx, end)
        score = f.trig.weight * (
            0.55 + 0.15 * (f.actor1 is not None) + 0.1 * (f.actor2 is not None)
            + 0.1 * f.place_own + 0.1 * (f.time is not None)
        )  # fmt: skip
        if f.background:
            score *= 0.8
        if f.goal:
            score += 0.1
        f.confidence = round(min(max(score, 0.01), 0.99), 3)
        ctx.event_places.append((sent.start_char, f.place if f.place_own else None))


# ------------------------------------------------------------------------ context ------------


class _Context:
    """Article-level lookups shared by all sentences: actors, places, times, focus."""

    def __init__(self, doc: Document, actors) -> None:
        self.doc = doc
        self.text = doc.text
        self.sdoc = doc.spacy
        self.dictionary = actors
        self.focus_country = _focus_country(doc)
        self._places = sorted((p for p in doc.places if p.span), key=lambda p: p.span.start)
        self._times = sorted((t for t in doc.times if t.span), key=lambda t: t.span.start)
        self._char_to_tok = {}
        for t in self.sdoc:
            for c in range(t.idx, t.idx + len(t.text)):
                self._char_to_tok[c] = t.i
        self._actors_seen: dict[tuple, Actor] = {}
        self.event_places: list[tuple[int, Place | None]] = []
        title = doc.meta.title
        self.title_end = (
            self.text.index(title) + len(title) if title and title in self.text[: len(title) + 50] else None
        )
        self._place_starts = {p.span.start for p in self._places}
        self._mention_cache: list[tuple[int, int, Actor]] = []

    def tok_index(self, char: int) -> int:
        return self._char_to_tok.get(char, -10_000)

    def places_in(self, start: int, end: int) -> list[Place]:
        return [p for p in self._places if start <= p.span.start < end]

    def times_in(self, start: int, end: int) -> list[Time]:
        return [t for t in self._times if start <= t.span.start < end]

    def locative(self, p: Place) -> bool:
        """Is the place mention used as a place (not "Moscow said", "US officials")?"""
        i = self.tok_index(p.span.start)
        if i < 0:
            return True
        j = self.tok_index(p.span.end - 1)
        head = self.sdoc[j] if j >= 0 else self.sdoc[i]
        while head.head.i != head.i and p.span.start <= head.head.idx < p.span.end:
            head = head.head
        if head.dep_ in ("compound", "amod", "nmod"):
            # "Aleppo bomb blast" names where; "US military officials" names who
            return head.head.lemma_.lower() not in WHO_NOUNS and head.head.ent_type_ not in ("ORG", "NORP", "PERSON")
        if head.dep_ in NON_LOCATIVE_DEPS:
            return head.dep_ == "npadvmod" and head.head.pos_ != "VERB"
        return True

    def recent_event_place(self, before: int, window: int = 1500) -> Place | None:
        for start, place in reversed(self.event_places):
            if place is not None and before - window <= start <= before:
                return place
        return None

    def recent_place(self, before: int, window: int = 600) -> Place | None:
        cands = [
            p for p in self._places
            if before - window <= p.span.start < before and p.feature != "country"
        ]  # fmt: skip
        if not cands:
            return None
        return _fallback(cands[-1])

    def focus_place(self) -> Place | None:
        if not hasattr(self, "_focus"):
            self._focus = self._find_focus()
        return self._focus

    def _find_focus(self) -> Place | None:
        counts: dict[tuple, list[Place]] = defaultdict(list)
        for p in self._places:
            if p.feature in ("city", "admin1", "admin2", "site"):
                counts[(p.name, p.country)].append(p)
        if counts:
            best = max(counts.values(), key=len)
            if len(best) >= 2:
                return _fallback(best[0])
        countries = [p for p in self._places if p.feature == "country"]
        if self.focus_country:
            for p in countries:
                if p.country == self.focus_country:
                    return _fallback(p)
        return None

    # -------------------------------------------------------------- actors ------------------

    def is_actorish(self, tok) -> bool:
        return self.actor(tok) is not None

    def actor(self, tok) -> Actor | None:
        if tok is None:
            return None
        if tok.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS or tok.tag_ in ("WDT", "WP"):
            return self._antecedent(tok)
        np = _np_tokens(tok)
        start, end = np[0].idx, np[-1].idx + len(np[-1].text)
        text = self.text[start:end]
        actor = self.dictionary.resolve(text)
        if actor is None and self._is_place_token(tok):
            return None  # "Idlib": a place the dictionary does not know as an actor
        if actor is not None and actor.country is None and actor.sector:
            # a generic "the forces" / "the group": the entity named just before, else the
            # article's focus state (the resolver's reading)
            ante = self._antecedent(tok, sector=actor.sector) if _definite(np) else None
            actor = ante or self.dictionary.resolve(
                text, focus_country=self.focus_country
            ) or actor
            if ante is not None:
                return ante
        if actor is None and tok.lemma_.lower() in INSTRUMENT_NOUNS | SECTOR_HEADS:
            actor = self.actor_from_modifiers(tok)  # "Russian and regime warplanes"
            if actor is not None:
                return actor
        if actor is None:
            actor = self._mention_inside(tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text), tok)
            if actor is not None:
                return actor
        if actor is None and tok.ent_type_ in ("PERSON", "ORG"):
            ent = next((e for e in self.sdoc.ents if e.start <= tok.i < e.end), None)
            if ent is not None and ent.start_char not in self._place_starts:
                actor = Actor(text=ent.text, name=ent.text, sector=None)
                start, end = ent.start_char, ent.end_char
        if actor is None:
            return None
        actor = actor.model_copy(update={"text": self.text[start:end], "span": Span.of(self.text, start, end)})
        self._remember(actor)
        return actor

    def _is_place_token(self, tok) -> bool:
        return any(p.span.start <= tok.idx < p.span.end for p in self._places_near(tok.idx))

    def _is_country_token(self, tok) -> bool:
        return any(
            p.feature == "country" and p.span.start <= tok.idx < p.span.end
            for p in self._places_near(tok.idx)
        )  # fmt: skip

    def _places_near(self, char: int) -> list[Place]:
        return [p for p in self._places if p.span.start <= char < p.span.end]

    def actor_from_modifiers(self, tok) -> Actor | None:
        """The actor a noun's modifiers name: "a Russian airstrike", "pro-Assad offensive"."""
        mods = [c for c in tok.lefts if c.dep_ in ("amod", "compound", "poss", "nmod", "npadvmod")]
        if not mods or all(self._is_place_token(m) and not self._is_country_token(m) for m in mods):
            return None  # "the Hama offensive" names where, not who
        start = mods[0].left_edge.idx
        end = tok.idx
        text = self.text[start:end].strip(" -")
        if not (any(m.ent_type_ for m in mods) or self.dictionary.find_mentions(text)):
            return None  # "a possible offensive": no actor among the modifiers
        head = SECTOR_FOR_INSTRUMENT.get(tok.lemma_.lower(), "forces")
        for cand in (f"{text} {head}", text):
            a = self.dictionary.resolve(cand, focus_country=self.focus_country)
            if a is not None:
                a = a.model_copy(update={"text": text, "span": Span.of(self.text, start, start + len(text))})
                self._remember(a)
                return a
        for m in mods:
            if m.pos_ in ("ADJ", "PROPN", "NOUN") and not self._is_place_token(m) or self._is_country_token(m):
                a = self.actor(m)
                if a is not None:
                    return a
        return None

    def _mention_inside(self, start: int, end: int, tok) -> Actor | None:
        try:
            mentions = self.dictionary.find_mentions(self.text[start:end])
        except AttributeError:
            return None
        if not mentions:
            return None
        m = max(mentions, key=lambda m: m.end - m.start)
        s, e = start + m.start, start + m.end
        a = self.dictionary.resolve(self.text[s:e], focus_country=self.focus_country)
        if a is None:
            return None
        return a.model_copy(update={"text": self.text[s:e], "span": Span.of(self.text, s, e)})

    def _antecedent(self, tok, *, sector: str | None = None) -> Actor | None:
        # relative pronoun: the noun it modifies; else the nearest earlier actor in 2 sentences
        if tok.tag_ in ("WDT", "WP") and tok.head.dep_ == "relcl":
            return self.actor(tok.head.head)
        before = tok.idx
        cands = [a for a in self._actors_seen.values() if a.span and a.span.end <= before
                 and before - a.span.end < 400]  # fmt: skip
        if not cands:
            return None
        if sector is not None:
            family = ARMED_SECTORS if sector in ARMED_SECTORS else {sector}
            cands = [a for a in cands if a.country and a.sector in family]
            if not cands:
                return None
        person = tok.lower_ in PERSON_PRONOUNS
        pool = [a for a in cands if (a.sector is None) == person] or cands
        best = max(pool, key=lambda a: a.span.end)
        return best.model_copy(update={"text": tok.text, "span": Span.of(self.text, tok.idx, tok.idx + len(tok.text))})

    def _remember(self, a: Actor) -> None:
        self._actors_seen[(a.span.start, a.span.end)] = a

    def actor_list(self) -> list[Actor]:
        return [self._actors_seen[k] for k in sorted(self._actors_seen)]


# ------------------------------------------------------------------------ helpers ------------


def _definite(np: list) -> bool:
    return bool(np) and np[0].lower_ in ("the", "this", "that", "these", "those")


def _focus_country(doc: Document) -> str | None:
    fc = doc.extra.get("focus_country")
    if fc:
        return _iso3(fc)
    counts: dict[str, int] = defaultdict(int)
    for p in doc.places:
        if p.country:
            counts[p.country] += 1
    if not counts:
        return None
    return _iso3(max(counts, key=counts.get))


@lru_cache(maxsize=512)
def _iso3(alpha2: str) -> str | None:
    if len(alpha2) == 3:
        return alpha2
    import pycountry

    c = pycountry.countries.get(alpha_2=alpha2)
    return c.alpha_3 if c else None


def _match_multi(toks: Sequence, i: int, t: Trigger) -> list[int] | None:
    words = t.lemma
    if t.pos == "VERB":
        head = toks[i]
        if _pos(head) != "VERB":
            return None
        want = list(words[1:])
        got = [head.i]
        for c in head.children:
            lem = c.lemma_.lower()
            if lem in want and c.dep_ in ("prt", "dobj", "prep", "compound", "advmod", "attr", "nsubjpass"):
                want.remove(lem)
                got.append(c.i)
            elif c.dep_ in ("prep", "dobj") and want:
                for g in c.children:  # "put ON alert", "call FOR", "lay down arms"
                    if g.lemma_.lower() in want:
                        want.remove(g.lemma_.lower())
                        got.append(g.i)
        return got if not want else None
    if i + len(words) > len(toks):
        return None
    span = toks[i : i + len(words)]
    lemmas = [tk.lemma_.lower() for tk in span]
    texts = [tk.lower_ for tk in span]
    if all(w in (lm, tx) for w, lm, tx in zip(words, lemmas, texts, strict=True)):
        if _pos(span[-1]) in ("NOUN", "ADJ", "VERB") or t.pos == "ANY":
            return [tk.i for tk in span]
    return None


def _suppressed(tok, trig: Trigger) -> bool:
    """Other senses, negation, modality, hypotheticals, modifier use."""
    kids = list(tok.children)
    if trig.senses and any(
        c.lemma_.lower() in trig.senses or c.lower_ in trig.senses for c in kids
    ):
        return True
    if tok.dep_ == "compound" and _pos(tok) == "NOUN" and tok.head.lemma_.lower() not in (
        "toll", "victim", "site", "survivor", "scene"
    ):
        return True  # "attack helicopters", "strike force"
    if tok.dep_ == "amod" and trig.role != "casualty":
        return True
    if _pos(tok) == "VERB":
        if _negated(tok) or _modal(tok):
            return True
        if _hypothetical(tok):
            return True
    else:
        det = next((c for c in kids if c.dep_ == "det"), None)
        if det is not None and det.lower_ in NEG_DETS:
            return True
        gov = tok.head
        if tok.dep_ in ("dobj", "nsubjpass", "nsubj", "pobj", "attr") and _pos(gov) == "VERB":
            if _negated(gov) or _modal(gov) or _hypothetical(gov):
                return True
            if gov.lemma_.lower() in ("threaten", "warn", "fear", "prevent", "avoid", "plan", "expect"):
                return True  # the threatened / feared event has not happened
        if tok.dep_ == "pobj" and gov.head is not None and gov.lower_ in ("against", "of") and \
                gov.head.lemma_.lower() in ("warning", "threat", "risk", "fear", "prospect"):  # fmt: skip
            return True
        if any(c.lower_ in UNREAL_ADJ and c.dep_ == "amod" for c in kids):
            return True
        if tok.dep_ == "pobj" and _pos(gov.head) == "VERB":
            v = gov.head
            if _negated(v) or _modal(v) or _hypothetical(v):
                return True
        for anc in list(tok.ancestors)[:6]:
            if anc.lemma_.lower() in HYPOTHETICAL_NOUNS:
                return True
    if _pos(tok) == "VERB":  # "no information has been released"
        for c in kids:
            if c.dep_ in ("nsubj", "nsubjpass", "dobj"):
                d = next((g for g in c.children if g.dep_ == "det"), None)
                if d is not None and d.lower_ == "no":
                    return True
    return False


def _nominal_gerund(tok) -> bool:
    """ "by Russian shelling": a gerund the tagger calls a verb but used as a noun."""
    return tok.tag_ == "VBG" and tok.dep_ in ("pobj", "nsubj", "nsubjpass", "dobj", "conj") and (
        any(c.dep_ in ("amod", "poss", "det", "compound") for c in tok.children)
        or tok.dep_ == "pobj"
    )


def _negated(tok) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def _modal(tok) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in MODALS for c in tok.children)


def _hypothetical(tok) -> bool:
    """Is the verb the complement of a verb of intention/threat ("vowed to strike")?"""
    t = tok
    for _ in range(3):
        if t.dep_ in ("xcomp", "ccomp", "advcl", "acl") and t.head is not t:
            gov = t.head
            if t.dep_ == "xcomp" and gov.lemma_.lower() in HYPOTHETICAL_GOVERNORS:
                return True
            if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in t.children):
                return True
            if t.dep_ == "xcomp" or any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
                if gov.lemma_.lower() in HYPOTHETICAL_GOVERNORS or _modal(gov) or _negated(gov):
                    return True
            t = gov
        else:
            break
    return False


def _child(tok, dep: str):
    if tok is None:
        return None
    return next((c for c in tok.children if c.dep_ == dep), None)


def _agent_of(tok):
    agent = _child(tok, "agent")
    return _child(agent, "pobj") if agent is not None else None


def _prep_obj(tok, preps: Iterable[str]):
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            o = _child(c, "pobj")
            if o is not None:
                return o
    return None


def _noun_agent(tok):
    """The initiator of a nominal event: possessor, adjectival/compound actor, 'by X'."""
    for c in tok.children:
        if c.dep_ == "poss":
            return c
    by = _prep_obj(tok, ("by", "from"))
    if by is not None:
        return by
    for c in tok.children:
        if c.dep_ in ("amod", "compound", "nmod") and c.pos_ in ("ADJ", "PROPN", "NOUN"):
            return tok  # resolved through its modifiers
    return None


def _is_support(verb) -> bool:
    return verb.lemma_.lower() in {
        "carry", "launch", "conduct", "mount", "stage", "wage", "hold", "perpetrate", "commit",
        "claim", "unleash", "step", "intensify", "continue", "begin", "start", "resume", "lead",
    }  # fmt: skip


def _is_armed(a: Actor | None) -> bool:
    return a is not None and (a.sector in ARMED_SECTORS)


def _np_tokens(tok) -> list:
    """The noun phrase of ``tok``: its left modifiers and itself (not relative clauses)."""
    keep = [tok]
    for c in tok.lefts:
        if c.dep_ in ("det", "amod", "compound", "poss", "nmod", "nummod", "quantmod", "npadvmod"):
            keep.extend(c.subtree)
    for c in tok.rights:  # "the Syrian Democratic Forces (SDF)", "forces of the regime"
        if c.dep_ == "appos" and c.i - tok.i <= 3:
            keep.extend(c.subtree)
    keep = sorted(set(keep), key=lambda t: t.i)
    # trim punctuation at the edges and keep it contiguous
    i0, i1 = keep[0].i, keep[-1].i
    toks = [t for t in tok.doc[i0 : i1 + 1]]
    while toks and toks[0].is_punct:
        toks.pop(0)
    while toks and toks[-1].is_punct:
        toks.pop()
    return toks or [tok]


EMBEDDED = {"relcl", "acl", "advcl", "ccomp", "parataxis", "csubj", "xcomp", "conj"}


def _own_region(tok, *, keep=None) -> set[int]:
    """Token indices of ``tok``'s clause, less the embedded clauses that do not contain it."""
    clause = _clause(tok)
    inside = {tok.i, (keep or tok).i}
    region = {t.i for t in clause.subtree}
    for d in clause.subtree:
        if d.i == clause.i or d.dep_ not in EMBEDDED:
            continue
        sub = {t.i for t in d.subtree}
        if not (sub & inside):
            region -= sub
    return region


TIME_NOUNS = {"day", "week", "month", "year", "morning", "evening", "night", "weekend", "hour",
              "time", "period", "afternoon", "dawn", "midnight", "noon"}  # fmt: skip


def _belongs_to_other_noun(ctx, t: Time, trigger) -> bool:
    """ "declaration of a zone last week": the time dates the declaration, not the event."""
    i = ctx.tok_index(t.span.start)
    j = ctx.tok_index(t.span.end - 1)
    if i < 0 or j < 0:
        return False
    head = ctx.sdoc[j]
    inside = range(i, j + 1)
    while head.head.i in inside and head.head.i != head.i:
        head = head.head
    gov = head.head
    if gov.i == trigger.i or gov.i == head.i:
        return False
    if gov.pos_ == "ADP":
        gov = gov.head
    return (
        _pos(gov) == "NOUN" and gov.i != trigger.i
        and gov.lemma_.lower() not in TIME_NOUNS and head.dep_ in ("npadvmod", "prep", "pobj", "nmod")
    )  # fmt: skip


def _clause(tok):
    t = tok
    for _ in range(6):
        if _pos(t) == "VERB" or t.dep_ == "ROOT":
            return t
        t = t.head
    return t


def _overlaps_any(span: Span | None, spans: list[Span]) -> bool:
    if span is None:
        return False
    return any(s.start < span.end and span.start < s.end for s in spans)


def _generality(p: Place) -> int:
    return {"site": 0, "city": 0, "admin2": 1, "water": 1, "admin1": 2, "region": 3}.get(p.feature, 4)


def _fallback(p: Place) -> Place:
    """A place taken from context rather than the event's own sentence."""
    return p.model_copy()


def _strip_time(t: Time) -> Time:
    return t.model_copy()


def _is_background(f: _Found, ctx: _Context) -> bool:
    pub = ctx.doc.published
    if pub is None or f.time is None:
        return False
    latest = f.time.latest or f.time.value
    if not latest:
        return False
    try:
        d = date.fromisoformat(latest[:10]) if len(latest) >= 10 else None
    except ValueError:
        return False
    return d is not None and d < pub - timedelta(days=BACKGROUND_DAYS)


# ------------------------------------------------------------------------ casualties ---------


def _host_for(c: _Found, events: list[_Found]) -> _Found | None:
    """The event a casualty word reports on, if any, in the same sentence."""
    if not events:
        return None
    tok = c.tok
    by_tok = {e.tok.i: e for e in events}
    # the trigger is the casualty verb's subject or agent: "an airstrike killed 12"
    for dep in ("nsubj", "agent", "csubj"):
        s = _child(tok, dep)
        if dep == "agent" and s is not None:
            s = _child(s, "pobj")
        if s is not None and s.i in by_tok:
            return by_tok[s.i]
        if s is not None and s.tag_ in ("WDT", "WP"):  # "an airstrike which injured"
            prev = [e for e in events if e.tok.i < s.i and _pos(e.tok) == "NOUN"]
            if prev:
                return prev[-1]
    # "were killed in an airstrike", "died in the shelling"
    for p in tok.children:
        if p.dep_ == "prep" and p.lower_ in ("in", "by", "during", "from", "after"):
            o = _child(p, "pobj")
            if o is not None and o.i in by_tok:
                return by_tok[o.i]
    for conj in tok.conjuncts:  # "killed or wounded by a sarin attack"
        for p in conj.children:
            if p.dep_ in ("agent", "prep") and p.lower_ in ("by", "in", "during"):
                o = _child(p, "pobj")
                if o is not None and o.i in by_tok:
                    return by_tok[o.i]
    # "shelled the town, killing 5" / relative clause of an event noun
    t = tok
    for _ in range(3):
        if t.dep_ in ("advcl", "conj", "xcomp", "relcl", "acl", "ccomp") and t.head.i in by_tok:
            return by_tok[t.head.i]
        t = t.head
        if t.i in by_tok:
            return by_tok[t.i]
    # one event and one casualty report in a sentence: the report is about the event
    others = [e for e in events if e.type == "ASSAULT"]
    if len(others) == 1:
        return others[0]
    return None


@dataclass(slots=True)
class _Figures:
    killed: int | None = None
    injured: int | None = None
    arrested: int | None = None


def _figures(tok) -> _Figures:
    """Numbers of victims a casualty word governs ("killed at least 23 people")."""
    lem = tok.lemma_.lower()
    kind = "killed" if lem in FATAL or tok.lower_ in ("dead", "killed") else (
        "injured" if lem in INJURE else ("arrested" if lem in ARREST else None)
    )
    out = _Figures()
    if kind is None:
        return out
    victims = []
    for dep in ("dobj", "nsubjpass", "nsubj", "attr", "npadvmod"):
        v = _child(tok, dep)
        if v is not None and not (dep == "nsubj" and _pos(tok) == "VERB" and lem not in ("die",)
                                  and not any(c.dep_ == "auxpass" for c in tok.children)):
            victims.append(v)
    if tok.lower_ == "dead" or lem == "dead":  # "five people dead", "left 5 dead"
        if tok.head is not None and _pos(tok.head) == "NOUN":
            victims.append(tok.head)
        victims.extend(c for c in tok.children if c.dep_ in ("nsubj", "npadvmod"))
    if lem in ("toll",):  # "the death toll rose to 45"
        rose = tok.head
        victims.extend(c for c in rose.children if c.dep_ == "prep" for c in c.children if c.like_num)
    n = None
    for v in victims:
        n = _count(v)
        if n is not None:
            break
    if n is None:
        # a numeral right before/after: "killing 5", "5 killed"
        for nb in (tok.nbor(1) if tok.i + 1 < len(tok.doc) else None,):
            if nb is not None and nb.like_num:
                n = _number(nb)
    setattr(out, kind, n)
    return out


def _count(v) -> int | None:
    """The count a noun phrase states: "at least 23 people", "six SDF fighters", "himself and 3 others"."""
    total = 0
    found = False
    for item in [v, *[c for c in v.conjuncts]]:
        n = None
        if item.like_num:
            n = _number(item)
        else:
            num = next((c for c in item.children if c.dep_ == "nummod"), None)
            if num is not None:
                n = _number(num)
            elif item.lower_ in ("himself", "herself", "him", "her", "man", "woman", "child",
                                  "boy", "girl", "soldier", "civilian", "fighter", "person"):
                det = next((c for c in item.children if c.dep_ == "det"), None)
                if item.tag_ in ("NN", "PRP") and (det is None or det.lower_ in ("a", "an", "one", "the")):
                    n = 1
            if n is None and item.lower_ in VAGUE:
                return None
        if n is not None:
            total += n
            found = True
    return total if found else None


def _number(tok) -> int | None:
    t = tok.text.replace(",", "").lower()
    if re.fullmatch(r"\d+", t):
        v = int(t)
        # "hundred" or "thousand" following: "3 hundred"
        return v if v < 100_000 else None
    if t in NUMBER_WORDS:
        v = NUMBER_WORDS[t]
        # compound number words: "twenty-five" is one token; "thirty five" is two
        return v
    m = re.fullmatch(r"([a-z]+)-([a-z]+)", t)
    if m and m.group(1) in NUMBER_WORDS and m.group(2) in NUMBER_WORDS:
        return NUMBER_WORDS[m.group(1)] + NUMBER_WORDS[m.group(2)]
    return None


def _add_figures(f: _Found, fig: _Figures, tok) -> None:
    if fig.killed is not None and f.fatalities is None:
        f.fatalities = fig.killed
    if fig.injured is not None and f.injured is None:
        f.injured = fig.injured
    if fig.arrested is not None and f.arrested is None:
        f.arrested = fig.arrested


# ------------------------------------------------------------------------ refine & merge -----


def _refine(f: _Found) -> None:
    """ACLED type from mode and target; PROTEST vs verbal protest; COERCE arrests count."""
    if f.type == "PROTEST" and f.trig.lemma == ("protest",) and _pos(f.tok) == "VERB":
        subj = _child(f.tok, "nsubj")
        crowd = subj is not None and (
            subj.lemma_.lower() in ("protester", "demonstrator", "people", "crowd", "thousand",
                                    "hundred", "resident", "student", "worker", "woman")
            or subj.like_num
        )  # fmt: skip
        if not crowd and _child(f.tok, "dobj") is not None:
            f.type, f.mode, f.acled = "ACCUSE", "disapprove", None
    if f.type == "COERCE" and f.mode == "arrest" and f.arrested is None:
        obj = f.actor2_tok
        if obj is not None:
            f.arrested = _count(obj)
    if f.type == "ASSAULT" and f.acled is None:
        if f.mode in MODE_ACLED:
            f.acled = MODE_ACLED[f.mode]
        elif _civilian_target(f):
            f.acled = ("Violence against civilians", "Attack")
        elif _is_armed(f.actor1) or _is_armed(f.actor2):
            f.acled = ("Battles", "Armed clash")
        else:
            f.acled = ("Violence against civilians", "Attack") if f.fatalities else None
    if f.type == "COERCE" and f.mode == "seize" and f.acled is None and f.actor1 is not None:
        if f.actor1.sector in ("GOV", "MIL", "COP"):
            f.acled = ("Battles", "Government regains territory")
        elif f.actor1.sector in ("REB", "PRM", "UAF"):
            f.acled = ("Battles", "Non-state actor overtakes territory")


def _civilian_target(f: _Found) -> bool:
    if f.actor2 is not None and f.actor2.sector == "CVL":
        return True
    t = f.actor2_tok
    return t is not None and t.lemma_.lower() in CIVILIAN_WORDS


def _same_actor(a: Actor | None, b: Actor | None) -> bool:
    if a is None or b is None:
        return True
    if a.id and b.id and a.id == b.id:
        return True
    if a.country and b.country:
        return a.country == b.country  # e.g. "the army" and "regime forces" of one state
    return a.name.lower() == b.name.lower() or (a.id is not None and a.id == b.id)


def _same_place(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None:
        return True
    if a.geonameid and a.geonameid == b.geonameid:
        return True
    if a.feature in ("country", "region") or b.feature in ("country", "region"):
        return a.country == b.country
    if a.feature == "admin1" or b.feature == "admin1":  # a town inside its province
        return a.country == b.country and (a.admin1 == b.admin1 or a.name == b.name)
    return _km(a.lat, a.lon, b.lat, b.lon) <= 30


def _same_time(a: Time | None, b: Time | None) -> bool:
    if a is None or b is None:
        return True
    lo1, hi1 = a.earliest or a.value, a.latest or a.value
    lo2, hi2 = b.earliest or b.value, b.latest or b.value
    if not (lo1 and hi1 and lo2 and hi2):
        return True
    return lo1 <= hi2 and lo2 <= hi1


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    h = (math.sin((lat2 - lat1) * p / 2) ** 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2)  # fmt: skip
    return 12742 * math.asin(math.sqrt(min(1.0, h)))


MODE_FAMILIES = (
    {"explosives", "suicide-attack"}, {"aerial", "drone"}, {"heavy-weapons"}, {"firearms"},
    {"unconventional"}, {"abduct"}, {"sexual"}, {"targeted", "firearms"}, {"destroy"},
)  # fmt: skip
NEARBY_SENTENCES = 3  # compatible mentions this close are one happening unless shown distinct


def _modes_compatible(a: str | None, b: str | None) -> bool:
    if a is None or b is None or a == b:
        return True
    return any(a in fam and b in fam for fam in MODE_FAMILIES)


def _compatible(a: _Found, b: _Found) -> bool:
    if a.type != b.type or not _modes_compatible(a.mode, b.mode):
        return False
    pa = a.place if a.place_own else None
    pb = b.place if b.place_own else None
    return (
        _same_actor(a.actor1, b.actor1) and _same_actor(a.actor2, b.actor2)
        and _same_place(pa, pb) and _same_time(a.time, b.time)
    )  # fmt: skip


def _distinct(a: _Found, b: _Found) -> bool:
    """Evidence that two compatible mentions are two happenings."""
    if a.place_own and b.place_own and a.place and b.place:
        pa, pb = a.place, b.place
        same = (pa.geonameid is not None and pa.geonameid == pb.geonameid) or pa.name == pb.name or (
            pa.feature not in ("country", "region", "admin1") and pb.feature not in ("country", "region", "admin1")
            and _km(pa.lat, pa.lon, pb.lat, pb.lon) <= 30
        )
        if not same:  # "pounded Idlib Province" and "bombed a centre in Khan Sheikhoun": two
            return True
    if a.time is not None and b.time is not None and a.time.value and b.time.value:
        return a.time.value != b.time.value
    return False


def _merge(found: list[_Found], ctx: _Context) -> list[_Found]:
    """One event per happening: the headline, the lead, "the strike", "the blast" and "the
    bombers" of one attack collapse; distinct places or days stay distinct events."""
    out: list[_Found] = []
    sent_no = {s.start: i for i, s in enumerate(ctx.sdoc.sents)}
    for f in found:
        target = None
        for prev in reversed(out):
            if not _compatible(prev, f) or _distinct(prev, f):
                continue
            gap = sent_no[f.sent.start] - max(sent_no[m.sent.start] for m in [prev, *prev.hosts])
            headline = ctx.title_end is not None and prev.sent.start_char < ctx.title_end
            strong = (
                f.anaphoric or headline
                or (f.type == "ASSAULT" and gap <= NEARBY_SENTENCES)
                or (gap == 0 and (f.tok.i - prev.tok.i) <= 6)
                or (f.actor1 is not None and prev.actor1 is not None and f.place_own
                    and prev.place_own and f.time is not None and prev.time is not None)
            )  # fmt: skip
            if strong and not f.background and not (prev.background and not f.anaphoric):
                target = prev
                break
        if target is None:
            out.append(f)
            continue
        _absorb(target, f)
    return out


def _absorb(t: _Found, f: _Found) -> None:
    for attr in ("actor1", "actor2", "time", "fatalities", "injured", "arrested", "mode", "acled"):
        if getattr(t, attr) is None and getattr(f, attr) is not None:
            setattr(t, attr, getattr(f, attr))
    if t.place is None or (f.place is not None and _generality(f.place) < _generality(t.place)):
        t.place = f.place or t.place
    for sp in f.evidence:
        if all(sp.start != e.start for e in t.evidence):
            t.evidence.append(sp)
    t.hosts.append(f)
    t.confidence = max(t.confidence, f.confidence)


INHERIT_SENTENCES = 2
RECENT_DAYS = 7


def _inherit_dates(events: list[_Found], ctx: _Context) -> None:
    """An event with no date of its own takes the date of the event told just before it in
    the same passage ("...pounded Idlib this week. The attacks included the bombing of...");
    failing that, a news event is dated to the week before publication (precision ``week``,
    ``text`` null: inferred, not read). Background and undatable (no ``published``) stay null.
    """
    sent_no = {s.start: i for i, s in enumerate(ctx.sdoc.sents)}
    pub = ctx.doc.published
    dated: list[tuple[int, _Found]] = []
    for f in sorted(events, key=lambda x: x.tok.i):
        n = sent_no[f.sent.start]
        if f.time is not None and (f.time.value or f.time.earliest):
            if not f.background:
                dated.append((n, f))
            continue
        if f.background or f.time is not None:
            continue
        near = [g for m, g in dated if 0 <= n - m <= INHERIT_SENTENCES]
        if near:
            src = near[-1].time
            f.time = src.model_copy(update={"text": None, "span": None})
        elif pub is not None and f.type in ("ASSAULT", "COERCE", "PROTEST", "MOBILIZE"):
            f.time = Time(
                earliest=(pub - timedelta(days=RECENT_DAYS)).isoformat(), latest=pub.isoformat(),
                precision="week",
            )  # fmt: skip


def _threat_mode(f: _Found, lexicon: Lexicon) -> str | None:
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
            return {"arrest": "arrest", "deport": "expel", "seize": "territory"}.get(trig.mode or "", "restrict")
        if trig.type == "SANCTION":
            return "relations"
    if any(t.lemma_.lower() in ("fire", "force", "retaliate", "retaliation", "war", "response") for t in f.tok.subtree):
        return "violence"
    return None


def _resolve_anchored_dates(events: list[_Found], doc: Document) -> None:
    """ "Two days after the claimed airstrike": date the event from the event it names."""
    mentions = {m.start: m for m in doc.extra.get("timex.mentions", ()) if getattr(m, "anchor", None)}
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


def _to_event(eid: str, f: _Found, ctx: _Context) -> Event:
    acled = Acled(event_type=f.acled[0], sub_event_type=f.acled[1]) if f.acled else None
    ev = Event(
        id=eid, type=f.type, mode=f.mode, acled=acled, actor1=f.actor1, actor2=f.actor2,
        date=f.time, location=f.place, fatalities=f.fatalities, injured=f.injured,
        arrested=f.arrested, background=f.background, evidence=f.evidence,
        confidence=f.confidence, trigger=f.trigger_span,
    )  # fmt: skip
    # the provenance stage needs every mention's trigger span (anaphora such as "the strike")
    ctx.doc.extra.setdefault("event_mentions", {})[eid] = [
        (m.trigger_span.start, m.trigger_span.end) for m in [f, *f.hosts] if m.trigger_span
    ]
    return ev
