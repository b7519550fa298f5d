"""The events stage: triggers, arguments, casualties, place and date, merge."""

from __future__ import annotations

from datetime import timedelta
from functools import cache

from sitroom.document import Document
from sitroom.events.casualties import add_figures, casualty_figures, count, host_for
from sitroom.events.context import Context, generality, iso3
from sitroom.events.dating import (
    inherit_dates,
    is_background,
    is_recalled,
    iso_day,
    resolve_anchored_dates,
    strip_time,
    threat_mode,
)
from sitroom.events.found import Found
from sitroom.events.intent import (
    DEMAND,
    commitment_type,
    committed_subject,
    demand,
    reframe,
    warns_of_circumstance,
)
from sitroom.events.lexicon import Lexicon, Trigger, pos_of
from sitroom.events.merge import merge
from sitroom.events.syntax import (
    agent_of,
    belongs_to_other_noun,
    bounds_a_period,
    child,
    dates_the_saying,
    is_support,
    match_multi,
    nominal_gerund,
    noun_agent,
    overlaps_any,
    own_region,
    participle_region,
    prep_obj,
    suppressed,
)
from sitroom.events.vocab import (
    ARMED_SECTORS,
    CIVILIAN_WORDS,
    DECISIVE_MODES,
    INSTRUMENT_MODES,
    MEANS_HEADS,
    MIN_CONFIDENCE,
    MODE_ACLED,
    MODIFIER_MODES,
    NOT_POISON,
    SAYING_NOUNS,
)
from sitroom.model import Acled, Actor, Event, Span, Time

#: events that happen somewhere on the ground: their place is never taken from a talk
#: abroad or from a diplomatic event told just before
SCENE_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "PROTEST"})


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
        ctx = Context(doc, self.actors)
        found: list[Found] = []
        for sent in sdoc.sents:
            found.extend(self._sentence(sent, ctx))
        events = [f for f in merge(found, ctx) if f.confidence >= MIN_CONFIDENCE]
        for f in events:
            if f.only_recalled:
                f.background = True
        resolve_anchored_dates(events, doc)
        inherit_dates(events, ctx)
        doc.events = [to_event(f"e{i}", f, ctx) for i, f in enumerate(events, start=1)]
        doc.actors = ctx.actor_list()
        return doc

    # -------------------------------------------------------------- per sentence ------------

    def _sentence(self, sent, ctx: Context) -> list[Found]:
        triggers = self._triggers(sent)
        out: list[Found] = []
        casualty: list[Found] = []
        for tok, trig in triggers:
            if trig.role == "light" or trig.type is None:
                continue
            reframed = False
            if suppressed(tok, trig):
                # not a happening; maybe a stated intention or refusal ("will release")
                trig = reframe(tok, trig, self.lexicon)
                if trig is None:
                    continue
                reframed = True
            f = Found(
                trig=trig, tok=tok, sent=sent, type=trig.type, mode=trig.mode, acled=trig.acled
            )
            if not self._arguments(f, ctx):
                continue
            if f.type == "REJECT" and _rejects_a_saying(tok):
                continue  # "rejected reports that…": a denial (a claim), not a refusal
            if f.type == "REJECT" and self._is_violence(child(tok, "dobj")):
                # "rejects the narcoterrorist attack": official statements' translated
                # "rechaza" condemns the act
                f.type, f.mode, f.acled = "ACCUSE", "disapprove", None
            if f.type == "THREATEN" and warns_of_circumstance(
                tok, self.lexicon, lambda t: ctx.actor(t) is not None
            ):
                continue  # "warned that famine could spread": no threat by anyone
            if reframed and f.actor1 is None:
                s_tok = committed_subject(tok)
                f.actor1 = ctx.actor(s_tok) if s_tok is not None else None
                if f.actor1 is not None and f.actor1 == f.actor2:
                    f.actor2 = None
            kind = commitment_type(tok, self.lexicon)
            if kind is not None:  # "vowed to withdraw" is AGREE, "pledged to strike" THREATEN
                f.type, f.mode = kind
            (casualty if trig.role == "casualty" else out).append(f)
        for tok in sent:
            said = demand(tok)  # "X said Y must do Z": X requests it of Y
            if said is None:
                continue
            f = Found(trig=DEMAND, tok=tok, sent=sent, type="REQUEST", mode="change", acled=None)
            f.actor1, f.actor2 = ctx.actor(said[0]), ctx.actor(said[1])
            f.actor2_tok = said[1]
            if f.actor1 is not None and f.actor1 == f.actor2:
                f.actor2 = None
            out.append(f)
        for c in casualty:
            host = host_for(c, out)
            figures = casualty_figures(c.tok)
            if host is not None:
                add_figures(host, figures, c.tok)
                host.casualty_toks.append(c.tok)
                if host.actor2 is None and c.actor2 is not None:
                    host.actor2 = c.actor2
                if (host.actor1 is None or host.actor1_weak) and c.actor1 is not None \
                        and c.actor1 != host.actor2:  # fmt: skip
                    # "Jihadists kill 20 soldiers in Mali ambush": the killers did it
                    host.actor1, host.actor1_weak = c.actor1, False
                continue
            stated = any(n is not None for n in (figures.killed, figures.injured, figures.arrested))
            if c.actor1 is None and (c.tok.lemma_.lower() in CAUSELESS or not (c.actor2 or stated)):
                # "the minister died of a heart attack": a death, not an attack; where it
                # happened still sets the scene for what the passage says next
                self._place_and_time(c, ctx)
                continue
            add_figures(c, figures, c.tok)
            out.append(c)
        for f in out:
            self._place_and_time(f, ctx)
            refine(f)
            if f.type == "THREATEN" and f.mode is None:
                f.mode = threat_mode(f, self.lexicon)
        return out

    def _triggers(self, sent) -> list[tuple[object, Trigger]]:
        found: list[tuple[object, Trigger]] = []
        used: set[int] = set()
        toks = list(sent)
        for i, tok in enumerate(toks):
            lem = tok.lemma_.lower()
            for mt in self.lexicon.multi.get(lem, ()):
                hit = match_multi(toks, i, mt)
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

    def _arguments(self, f: Found, ctx: Context) -> bool:
        tok = f.tok
        a1 = a2 = None
        if pos_of(tok) == "VERB" and not nominal_gerund(tok):
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) or (
                # "… and 11 people injured": a bare participle's subject is the victim
                f.trig.role == "casualty" and tok.tag_ == "VBN"
                and not any(c.dep_ in ("aux", "auxpass") for c in tok.children)
            )  # fmt: skip
            subj = child(tok, "nsubj") or child(tok, "csubj")
            if subj is None and tok.dep_ in ("conj", "xcomp", "advcl"):
                subj = child(tok.head, "nsubj")  # "X shelled A and killed B"
            agent = next((c for c in tok.children if c.dep_ == "agent"), None)
            agent_obj = child(agent, "pobj") if agent is not None else None
            obj = child(tok, "dobj") or child(tok, "nsubjpass")
            if obj is None:
                obj = prep_obj(tok, ("on", "at", "against", "upon", "with"))
            if passive:
                victim = tok.head if tok.dep_ == "acl" and f.trig.role == "casualty" else subj
                a1_tok, a2_tok = agent_obj, obj or victim  # "11 people injured in X"
            elif tok.lemma_.lower() in CAUSELESS:  # "five soldiers died": the subject is the victim
                a1_tok, a2_tok = None, subj
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
                if not is_armed(a1):
                    return False
                # "the offensive, which entered X": the motion is the named event's progress
                s_tok = subj
                if s_tok is not None and s_tok.tag_ in ("WDT", "WP") and tok.dep_ == "relcl":
                    s_tok = tok.head
                if s_tok is not None and self.lexicon.lookup(s_tok) is not None:
                    return False
                if prep_obj(tok, ("to", "into", "toward", "towards", "across", "onto")) is not None \
                        or child(tok, "dobj") is not None:  # fmt: skip
                    f.goal = True
            # instruments in the object: "fired a missile", "dropped barrel bombs"
            if f.mode is None and a2_tok is not None:
                f.mode = INSTRUMENT_MODES.get(a2_tok.lemma_.lower()) or f.mode
                if a2_tok.lemma_.lower() in INSTRUMENT_MODES:
                    a2 = None
                    tgt = prep_obj(tok, ("at", "on", "against", "toward", "towards"))
                    if tgt is not None:
                        a2 = ctx.actor(tgt)
                        f.actor2_tok = tgt
        else:
            a1_tok = noun_agent(tok)
            if a1_tok is not None and a1_tok.i != tok.i:
                a1 = ctx.actor(a1_tok)
            elif a1_tok is not None:
                a1 = ctx.actor_from_modifiers(tok)
                f.actor1_weak = a1 is not None and ctx.named_by_place(tok)
            between = prep_obj(tok, ("between",))
            if between is not None and a1 is None:  # "fighting between the army and the RSF"
                a1 = ctx.actor(between)
                other = next(iter(between.conjuncts), None)
                if other is not None:
                    a2 = ctx.actor(other)
                    f.actor2_tok = other
            tgt = (
                None
                if a2 is not None
                else prep_obj(tok, ("on", "against", "at", "targeting", "of"))
            )
            if tgt is not None:
                a2 = ctx.actor(tgt)
                f.actor2_tok = tgt
            # support verb: "Russia carried out an airstrike", "launched an offensive on X"
            if tok.dep_ in ("dobj", "nsubjpass", "attr") and is_support(tok.head):
                lv = tok.head
                if a1 is None:
                    s = child(lv, "nsubj") or agent_of(lv)
                    a1 = ctx.actor(s) if s is not None else None
                if a2 is None:
                    t2 = prep_obj(lv, ("on", "against", "at", "in"))
                    if t2 is not None and ctx.is_actorish(t2):
                        a2 = ctx.actor(t2)
            det = next((c for c in tok.children if c.dep_ == "det"), None)
            has_own = (
                a1 is not None
                or a2 is not None
                or any(c.dep_ in ("amod", "compound", "poss", "nummod") for c in tok.children)
            )
            if det is not None and det.lower_ in ("the", "this", "that", "these"):
                f.anaphoric = True  # a definite description may refer back ("the strike")
            f.bare = not has_own
        if a1 is None and tok.i > 0:
            prev = tok.doc[tok.i - 1]  # "by Russian shelling" mis-parsed: the adjacent demonym
            if (prev.ent_type_ in ("NORP", "GPE", "ORG") or prev.pos_ in ("NOUN", "PROPN", "ADJ")) \
                    and prev.dep_ not in ("dobj", "pobj") \
                    and not (prev.head.i == tok.i and prev.dep_.startswith("nsubj")) \
                    and not (f.trig.role == "casualty" and tok.dep_ == "acl"
                             and tok.head.i == prev.i):  # fmt: skip
                cand = ctx.actor(prev)
                if cand is not None and cand.country and cand != a2:
                    a1 = cand
        f.actor1, f.actor2 = a1, a2
        if f.actor1 and f.actor2 and f.actor1.id and f.actor1.id == f.actor2.id:
            f.actor2 = None
        return True

    # -------------------------------------------------------------- place & time ------------

    def _place_and_time(self, f: Found, ctx: Context) -> None:
        sent, tok = f.sent, f.tok
        region = own_region(tok)
        actor_spans = [a.span for a in (f.actor1, f.actor2) if a is not None and a.span]
        sent_places = [
            p for p in ctx.places_in(sent.start_char, sent.end_char)
            if not overlaps_any(p.span, actor_spans) and ctx.locative(p) and ctx.plausible(p)
        ]  # fmt: skip
        place = None
        own = [p for p in sent_places if ctx.tok_index(p.span.start) in region]

        @cache
        def hung() -> set[int]:
            return participle_region(region, sent, self._is_event)

        if not own:  # "opened fire at positions located near the village of Tegh"
            own = [p for p in sent_places if ctx.tok_index(p.span.start) in hung()]
        pool = own or sent_places
        if not own and f.type in SCENE_TYPES and ctx.focus_country:
            # an attack whose own clause names no place happened where the story is, not
            # where it was discussed ("France and Britain said in Paris that inspectors in
            # Syria must reach the site of the attack")
            pool = [p for p in pool if iso3(p.country or "") == ctx.focus_country]
        if not pool and f.actor2 is not None and f.actor2.span is not None:
            # "a drone attack on Ukraine's energy facilities", "Kharkiv's power station":
            # the target's owner is where it happened when the clause names no other place
            a2 = [f.actor2.span]
            pool = [
                p for p in ctx.places_in(sent.start_char, sent.end_char)
                if overlaps_any(p.span, a2) and ctx.plausible(p)
                and ctx.tok_index(p.span.start) in region
                and ctx.sdoc[ctx.tok_index(p.span.start)].dep_ == "poss"
            ]  # fmt: skip
        if pool:
            place = min(
                pool, key=lambda p: (generality(p), abs(ctx.tok_index(p.span.start) - tok.i))
            )
            f.place_own = True
        if place is None:
            kinds = SCENE_TYPES if f.type in SCENE_TYPES else None
            place = ctx.recent_event_place(sent.start_char, kinds=kinds) or ctx.focus_place()
            if place is not None and place.precision == "exact":
                place = place.model_copy(update={"precision": "context"})
        f.place = place
        if place is not None and place.country:
            f.actor1 = ctx.localise(f.actor1, place.country)
            f.actor2 = ctx.localise(f.actor2, place.country)
        times = ctx.times_in(sent.start_char, sent.end_char)
        times = [
            t for t in times
            if not belongs_to_other_noun(ctx, t, tok) and not bounds_a_period(ctx, t, tok)
        ]  # fmt: skip
        said_t = [t for t in times if dates_the_saying(ctx, t, tok)]
        times = [t for t in times if t not in said_t]
        own_t = [t for t in times if ctx.tok_index(t.span.start) in region]
        if not own_t and f.casualty_toks:  # "a strike on X killed 17 early on Saturday"
            for ct in f.casualty_toks:
                creg = own_region(ct)
                own_t += [t for t in times if ctx.tok_index(t.span.start) in creg]
        main = own_region(sent.root, keep=tok)
        main_t = [t for t in times if ctx.tok_index(t.span.start) in main]
        pool_t = own_t or main_t
        if not pool_t:
            pool_t = [
                t for t in times
                if ctx.tok_index(t.span.start) in hung() and t.precision == "day" and t.value
            ]  # fmt: skip
        resolved = [t for t in pool_t if t.value or t.earliest]
        if not resolved and own_t and any(
            c.dep_ == "advmod" and c.lower_ == "when" for c in tok.children
        ):
            # "on 10 May, when a force attacked … in the early hours": in a when-clause, a
            # time of day that resolves to nothing yields to the day the main clause gives
            resolved = [t for t in main_t if t.value or t.earliest]
        chosen = None
        if resolved:
            chosen = min(resolved, key=lambda t: abs(ctx.tok_index(t.span.start) - tok.i))
        elif pool_t:
            chosen = pool_t[0]
        f.time = strip_time(chosen) if chosen is not None else None
        day = iso_day(said_t[0].value) if f.time is None and said_t else None
        if day is not None:
            # "... killed 11 civilians, a local official said Wednesday": news tells what
            # happened by the day it is told, that day or the one before
            f.time = Time(
                text=said_t[0].text, span=said_t[0].span, precision="day",
                earliest=(day - timedelta(days=1)).isoformat(), latest=day.isoformat(),
            )  # fmt: skip
        f.background = is_background(f, ctx)
        f.recalled = not f.background and is_recalled(f, self._is_event)
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
        score *= self._prominence(f)
        f.confidence = round(min(max(score, 0.01), 0.99), 3)
        ctx.event_places.append((sent.start_char, f.place if f.place_own else None, f.type))

    def _is_violence(self, tok) -> bool:
        trig = self.lexicon.lookup(tok) if tok is not None else None
        return trig is not None and trig.type == "ASSAULT"

    def _is_event(self, tok) -> bool:
        trig = self.lexicon.lookup(tok)
        return trig is not None and trig.type is not None and trig.role != "light"

    def _prominence(self, f: Found) -> float:
        """Main-clause events are the news; an event named inside another event's
        complement ("rejected a request to…", "opposed the deployment of…") is less likely
        to have happened as told."""
        tok = f.tok
        if tok.dep_ == "ROOT" or (tok.dep_ == "conj" and tok.head.dep_ == "ROOT"):
            return 1.1
        for anc in list(tok.ancestors)[:4]:
            trig = self.lexicon.lookup(anc)
            if trig is not None and trig.type is not None and trig.role != "casualty":
                return 0.85
        return 1.0


#: casualty words that name no attacker: alone they report deaths, not an attack
CAUSELESS = {"die", "dead", "casualty", "toll", "death", "martyr"}


def is_armed(a: Actor | None) -> bool:
    return a is not None and (a.sector in ARMED_SECTORS)


def modifier_mode(tok) -> str | None:
    """The means an attack word's own modifiers name ("a chemical attack", "a suicide car
    bombing", "attacked with sarin", "a rocket attack"), the most specific first
    (``DECISIVE_MODES``), else None."""
    found: list[str] = []

    def look(t, depth: int) -> None:
        lem = t.lemma_.lower()
        if lem == "gas" and (
            t.head.lemma_.lower() in NOT_POISON or any(c.lemma_.lower() in NOT_POISON for c in t.children)
        ):
            return  # tear gas, a gas station
        if lem in MODIFIER_MODES:
            found.append(MODIFIER_MODES[lem])
        if depth < 2 and (lem in MEANS_HEADS or lem in MODIFIER_MODES):
            for c in t.children:
                if c.dep_ in ("amod", "compound", "nmod"):
                    look(c, depth + 1)

    for c in tok.children:
        if c.dep_ in ("amod", "compound", "nmod"):
            look(c, 1)
        elif c.dep_ == "prep" and c.lower_ in ("with", "using", "involving"):
            for o in c.children:
                if o.dep_ == "pobj":
                    look(o, 1)
        elif c.dep_ in ("acl", "advcl") and c.lemma_.lower() in ("use", "involve"):
            o = child(c, "dobj")
            if o is not None:
                look(o, 1)
    for m in DECISIVE_MODES:
        if m in found:
            return m
    return found[0] if found else None


def refine(f: Found) -> None:
    """ACLED type from mode and target; PROTEST vs verbal protest; COERCE arrests count."""
    if f.type == "ASSAULT":
        m = modifier_mode(f.tok)
        if m is not None and m != f.mode and (f.mode is None or m in DECISIVE_MODES):
            f.mode = m
            f.acled = MODE_ACLED.get(m, f.acled)
    if (
        f.type == "ACCUSE"
        and pos_of(f.tok) == "VERB"
        and child(f.tok, "dobj") is None
        and any(c.dep_ == "prep" and c.lower_ == "of" for c in f.tok.children)
    ):  # "RSF accused of killing dozens": a headline passive, the subject is the accused
        f.actor1, f.actor2 = None, f.actor1
    if f.type == "PROTEST" and f.trig.lemma == ("protest",) and pos_of(f.tok) == "VERB":
        subj = child(f.tok, "nsubj")
        crowd = subj is not None and (
            subj.lemma_.lower() in ("protester", "demonstrator", "people", "crowd", "thousand",
                                    "hundred", "resident", "student", "worker", "woman")
            or subj.like_num
        )  # fmt: skip
        if not crowd and child(f.tok, "dobj") is not None:
            f.type, f.mode, f.acled = "ACCUSE", "disapprove", None
    if f.type == "COERCE" and f.mode == "arrest" and f.arrested is None:
        obj = f.actor2_tok
        if obj is not None:
            f.arrested = count(obj)
    if f.type == "ASSAULT" and f.acled is None:
        if f.mode in MODE_ACLED:
            f.acled = MODE_ACLED[f.mode]
        elif civilian_target(f):
            f.acled = ("Violence against civilians", "Attack")
        elif is_armed(f.actor1) or is_armed(f.actor2):
            f.acled = ("Battles", "Armed clash")
        else:
            f.acled = ("Violence against civilians", "Attack") if f.fatalities else None
    if f.type == "COERCE" and f.mode == "seize" and f.acled is None and f.actor1 is not None:
        obj = child(f.tok, "dobj")
        if obj is not None and obj.lemma_.lower() in ("power", "government", "presidency"):
            # "seized power": a coup, not ground taken
            f.acled = ("Strategic developments", "Change to group/activity")
        elif f.actor1.sector in ("GOV", "MIL", "COP"):
            f.acled = ("Battles", "Government regains territory")
        elif f.actor1.sector in ("REB", "PRM", "UAF"):
            f.acled = ("Battles", "Non-state actor overtakes territory")


def _rejects_a_saying(tok) -> bool:
    """ "rejected reports that…", "dismissed as fabricated reports that…" (the parser
    reads the reports as the object of "as")."""
    objs = [child(tok, "dobj")]
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "as":  # "dismissed as fabricated reports"
            objs.append(child(c, "pobj"))
        elif c.dep_ == "advcl" and any(m.lower_ == "as" for m in c.children):
            objs.append(child(c, "dobj"))  # "dismissed as fabricated the reports"
    return any(o is not None and o.lemma_.lower() in SAYING_NOUNS for o in objs)


def civilian_target(f: Found) -> bool:
    if f.actor2 is not None and f.actor2.sector == "CVL":
        return True
    t = f.actor2_tok
    return t is not None and t.lemma_.lower() in CIVILIAN_WORDS


def to_event(eid: str, f: Found, ctx: Context) -> Event:
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
