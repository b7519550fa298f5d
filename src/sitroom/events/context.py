"""Article-level lookups shared by every sentence: actors, places, times, focus."""

from __future__ import annotations

import re
from collections import defaultdict

from sitroom.actors import STATE_FORCE_WORDS, is_state
from sitroom.document import Document
from sitroom.events.syntax import child, definite, np_tokens
from sitroom.events.vocab import (
    ARMED_SECTORS,
    FACILITY_NOUNS,
    GROUP_PRONOUNS,
    INSTRUMENT_NOUNS,
    MILITARY_SITES,
    MODIFIER_MODES,
    NON_LOCATIVE_DEPS,
    PERSON_PRONOUNS,
    SECTOR_FOR_INSTRUMENT,
    SECTOR_HEADS,
    SETTLEMENT_NOUNS,
    SPEECH_VERBS,
    WHO_NOUNS,
)
from sitroom.gazetteer import iso3, story_country
from sitroom.model import Actor, Place, Span, Time

DATELINE = re.compile(r"^[A-Z][A-Z .'’-]+(?:,[^()\n]{0,40})?(?:\([^)\n]{1,40}\))?\s*[-–—]+$")


#: a wire dateline opening a sentence the parser did not split off: "BOGOTA (Reuters) - Fighters..."
DATELINE_HEAD = re.compile(
    r"(?m)^[A-Z][A-Z .'’-]+(?:,[^()\n]{0,40})?\s*(?:\([^)\n]{1,40}\))?\s*[-–—]+\s"
)


#: the mixed-case datelines of agencies and papers at the head of the story: "Yaounde (AFP) –",
#: "Maputo, 12 May 2024 (Lusa) -", "Kirkuk (Iraq) (AFP) –", "BANNU:", "(Nairobi) –",
#: "Islamabad, Pakistan –", "CHISINAU --"
_NAME = r"[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3}"
OPENING_DATELINE = re.compile(
    rf"\(?{_NAME}\)?(?:, [^\n()–—:]{{1,40}}?)?(?: ?\([^)\n]{{1,40}}\))*\s*(?:[-–—]{{1,2}}|:)\s"
    # ... and the state agencies' "City, Month Day, AGENCY.": "Baku, May 26, AZERTAC.",
    # "YEREVAN, MAY 26, ARMENPRESS."
    rf"|{_NAME}, [A-Za-z]{{3,9}}\.? \d{{1,2}}(?:, \d{{4}})?, [A-Z][A-Z-]{{2,}}\.\s"
)


def _opening_dateline(text: str) -> tuple[int, int] | None:
    """A dateline opening one of the first two paragraphs (the headline may come first)."""
    at = 0
    for _ in range(2):
        while at < len(text) and text[at].isspace():
            at += 1
        m = OPENING_DATELINE.match(text, at)
        if m:
            return (m.start(), m.end())
        nxt = text.find("\n", at)
        if nxt < 0:
            return None
        at = nxt
    return None


def _dateline_spans(sdoc) -> list[tuple[int, int]]:
    """Wire datelines ("BAMAKO (Reuters) -"), whether the parser keeps them as sentences or
    as the head of the lead sentence."""
    if sdoc is None:
        return []
    out = [(s.start_char, s.end_char) for s in sdoc.sents if DATELINE.match(s.text.strip())]
    # ... or split it oddly ("BOGOTA" / "(Reuters) -"), or keep it as the lead's head
    out += [(m.start(), m.end()) for m in DATELINE_HEAD.finditer(sdoc.text)]
    opening = _opening_dateline(sdoc.text)
    if opening is not None:
        out.append(opening)
    return out


LEAD_CHARS = 400  # the headline and the lead sentence of a news article
#: prepositions after a noun that still name who ("forces of the regime", "an attack by
#: rebels", "fighters from the group"); any other ("near", "in", "on", "during") starts
#: a place, time or circumstance, whose names are not the noun's actor
ACTOR_PREPS = frozenset({"of", "by", "from", "loyal"})
#: parts of a place ("Gaza City's Zeitoun neighbourhood"): a place that owns one is where
AREA_NOUNS = frozenset(
    """neighbourhood neighborhood district districts quarter suburb suburbs outskirts
    countryside area areas camp village villages town centre center downtown old city
    province region""".split()
)
#: dependents that start a clause of their own after a noun
CLAUSE_DEPS = frozenset({"relcl", "advcl", "punct"})


class Context:
    """Article-level lookups shared by all sentences: actors, places, times, focus."""

    def __init__(self, doc: Document, actors) -> None:
        self.doc = doc
        self.text = doc.text
        self.sdoc = doc.spacy
        self.dictionary = actors
        self._resolving: set[int] = set()  # token indices being resolved by actor()
        self.focus_country = story_country(doc)
        dateline = _dateline_spans(doc.spacy)
        self._places = sorted(
            (
                p
                for p in doc.places
                if p.span and not any(a <= p.span.start < b for a, b in dateline)
            ),
            key=lambda p: p.span.start,
        )  # a dateline names where the story was filed, not where it happened
        # ... and when it was filed, not when it happened ("Addis Ababa, 17 October 2024
        # (AFP) - A drone strike hit a market on Tuesday")
        self._times = sorted(
            (t for t in doc.times
             if t.span and not any(a <= t.span.start < b for a, b in dateline)),
            key=lambda t: t.span.start,
        )  # fmt: skip
        self._char_to_tok = {}
        for t in self.sdoc:
            for c in range(t.idx, t.idx + len(t.text)):
                self._char_to_tok[c] = t.i
        self._actors_seen: dict[tuple, Actor] = {}
        for claim in doc.claims:  # speakers are mentions too ("the Saudi-led coalition said")
            sp = claim.speaker
            if sp.span is not None and sp.country is not None and sp.text == sp.span.text:
                self._actors_seen[(sp.span.start, sp.span.end)] = sp
        self.event_places: list[tuple[int, Place | None, str]] = []  # (start, place, type)
        title = doc.meta.title
        self.title_end = (
            self.text.index(title) + len(title)
            if title and title in self.text[: len(title) + 50]
            else None
        )
        self._place_starts = {p.span.start for p in self._places}
        self._countries_named = {
            p.country for p in self._places if p.feature in ("country", "admin1") and p.country
        }
        # ... and the countries its nationality words name ("Syrian forces", "Malian
        # troops"): a short report may never name the country itself (ISO-3 codes)
        self._nations_named = {
            a.country
            for e in self.sdoc.ents
            if e.label_ == "NORP" and (a := self.dictionary.resolve(e.text)) is not None
            and a.country
        }  # fmt: skip
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
            return head.head.lemma_.lower() not in WHO_NOUNS and head.head.ent_type_ not in (
                "ORG",
                "NORP",
                "PERSON",
            )
        if head.dep_ == "poss" and head.head.lemma_.lower() in AREA_NOUNS:
            return True  # "Gaza City's Zeitoun neighbourhood", "Aleppo's eastern districts"
        if head.dep_ in NON_LOCATIVE_DEPS:
            return head.dep_ == "npadvmod" and head.head.pos_ != "VERB"
        return True

    def plausible(self, p: Place) -> bool:
        """A town in a country the article never names, far from every other place it
        names, is more likely a mis-resolved local name ("Tokhar" in a Syria story resolved
        to Afghanistan) than the scene: the event then takes its place from context."""
        if p.feature in ("country", "admin1", "region", "water") or not p.country:
            return True
        return (
            p.country in self._countries_named
            or iso3(p.country) == self.focus_country
            or iso3(p.country) in self._nations_named
        )

    def recent_event_place(
        self, before: int, window: int = 1500, kinds: frozenset[str] | None = None
    ) -> Place | None:
        """The place of the event told just before (an event with no place of its own
        most often happened where the story already is); with ``kinds``, only events of
        those types count (an attack does not happen where a meeting was held)."""
        for start, place, typ in reversed(self.event_places):
            if kinds is not None and typ not in kinds:
                continue
            if place is not None and before - window <= start <= before:
                return place
        return None

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
                return fallback(best[0])
        # no place is repeated: the lead's first place is the story's (news puts it first)
        lead = [p for p in self._places if p.span.start < LEAD_CHARS and p.feature in (
            "city", "admin1", "admin2", "site") and (self.focus_country is None
            or iso3(p.country or "") == self.focus_country)]  # fmt: skip
        if lead:
            return fallback(lead[0])
        countries = [p for p in self._places if p.feature == "country"]
        if self.focus_country:
            for p in countries:
                if iso3(p.country or "") == self.focus_country:
                    return fallback(p)
        return None

    # -------------------------------------------------------------- actors ------------------

    def is_actorish(self, tok) -> bool:
        return self.actor(tok) is not None

    def actor(self, tok) -> Actor | None:
        """The actor a token names (resolving pronouns, possessives and relative clauses);
        a token met again while it is being resolved names none (cycles through "its",
        "which" and earlier subjects otherwise recurse without end)."""
        if tok is None or tok.i in self._resolving:
            return None
        self._resolving.add(tok.i)
        try:
            return self._actor(tok)
        finally:
            self._resolving.discard(tok.i)

    def _actor(self, tok) -> Actor | None:
        if tok.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS or tok.tag_ in ("WDT", "WP"):
            return self._antecedent(tok)
        head = tok.lemma_.lower()
        if head in FACILITY_NOUNS or head in MILITARY_SITES:
            # "an attack on the village of X" names a place; "a police station", "army
            # positions", "the White Helmets centre" name whose site it is; a state's
            # adjective on a town says where it is ("a Haitian town"), not that it is the
            # state's
            owner = self.actor_from_modifiers(tok)
            if owner is not None and head in SETTLEMENT_NOUNS and is_state(owner):
                return None
            return owner
        np = np_tokens(tok)
        start, end = np[0].idx, np[-1].idx + len(np[-1].text)
        text = self.text[start:end]
        actor = self.dictionary.resolve(text)
        poss = next((c for c in tok.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
        if poss is not None and (actor is None or actor.country is None):
            owner = self._antecedent(poss)  # "its air defences": the owner's forces
            if owner is not None:
                return owner.model_copy(
                    update={"text": text, "span": Span.of(self.text, start, end)}
                )
        if actor is None and self._is_place_token(tok):
            return None  # "Idlib": a place the dictionary does not know as an actor
        if actor is None and definite(np):
            actor = self._named_before(tok)  # "the coalition" after "the Saudi-led coalition"
            if actor is not None:
                return actor
        if actor is not None and actor.country is None and actor.affiliation is None:
            # "units of the Azerbaijani armed forces", "members of the RSF": the part is
            # the whole's
            of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            whole = self.actor(child(of, "pobj")) if of is not None else None
            if whole is not None and (
                whole.country or whole.affiliation or not (whole.id or "any-").startswith("any-")
            ):
                return whole
        if actor is not None and actor.country is None and actor.sector:
            # a generic "the forces" / "the group": the entity named just before, else the
            # article's focus state (the resolver's reading)
            named = [t.lower_ for t in tok.lefts if t.dep_ == "compound"] + [tok.lower_]
            state = " ".join(named) in STATE_FORCE_WORDS  # "the (ruling) military"
            ante = (
                self._antecedent(tok, sector=actor.sector, state=state) if definite(np) else None
            )
            actor = ante or self.dictionary.resolve(text, focus_country=self.focus_country) or actor
            if ante is not None:
                return ante
        if actor is None and tok.lemma_.lower() in INSTRUMENT_NOUNS | SECTOR_HEADS:
            actor = self.actor_from_modifiers(tok)  # "Russian and regime warplanes"
            if actor is not None:
                return actor
        if actor is None:
            # the phrase up to where its place, time or clause begins: in "the attack near
            # Damascus on August 21", "Damascus" says where, not who
            last = tok
            for c in tok.rights:
                if (c.dep_ == "prep" and c.lower_ not in ACTOR_PREPS) or c.dep_ in CLAUSE_DEPS:
                    break
                if c.dep_ == "acl" and not any(x.dep_ == "agent" for x in c.children):
                    break  # "a missile fired by the Houthis" names who; "the attack targeting X" does not
                last = c.right_edge
            actor = self._mention_inside(tok.left_edge.idx, last.idx + len(last.text), tok)
            if actor is not None:
                return actor
        if actor is None and tok.ent_type_ in ("PERSON", "ORG") and not any(
            c.dep_ == "appos" and c.lemma_.lower() in SETTLEMENT_NOUNS for c in tok.children
        ):  # "stormed Kainama, a farming village": a place the gazetteer lacks, not who
            ent = next((e for e in self.sdoc.ents if e.start <= tok.i < e.end), None)
            if ent is not None and ent.start_char not in self._place_starts:
                actor = Actor(text=ent.text, name=ent.text, sector=None)
                start, end = ent.start_char, ent.end_char
        if actor is None:
            return None
        actor = actor.model_copy(
            update={"text": self.text[start:end], "span": Span.of(self.text, start, end)}
        )
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

    def localise(self, actor: Actor | None, iso2: str) -> Actor | None:
        """A generic group ("people", "civilians", "residents") belongs to where the event
        happened, not to the article's focus state."""
        if actor is None or actor.span is None or actor.sector not in ("CVL", "REF"):
            return actor
        code = iso3(iso2)
        if code is None or code == actor.country:
            return actor
        plain = self.dictionary.resolve(actor.span.text)
        if plain is None or plain.country is not None:
            return actor  # the text names a nationality ("Russian civilians"): keep it
        local = self.dictionary.resolve(actor.span.text, focus_country=code)
        if local is None:
            return actor
        return local.model_copy(update={"text": actor.text, "span": actor.span})

    def actor_from_modifiers(self, tok) -> Actor | None:
        """The actor a noun's modifiers name: "a Russian airstrike", "pro-Assad offensive",
        "a police station", "the White Helmets centre" (places among them name where)."""
        mods = [m for m in _left_mods(tok) if self._is_country_token(m) or not self._is_place_token(m)]
        # the means ("drone", "massive", "rocket") are not who: "a massive drone attack"
        while mods and mods[0].lemma_.lower() in MEANS_WORDS:
            mods = mods[1:]
        if not mods:
            return None
        start = mods[0].left_edge.idx
        if self._is_place_token(mods[0].left_edge) and not self._is_country_token(
            mods[0].left_edge
        ):
            start = mods[0].idx
        text = self.text[start : tok.idx].strip(" -")
        if not text or not (any(m.ent_type_ in ("NORP", "ORG", "GPE", "PERSON") for m in mods)
                            or self.dictionary.find_mentions(text)):  # fmt: skip
            return None  # "a possible offensive", "an apartment block": no actor here
        lemma = tok.lemma_.lower()
        cands = [text] if lemma in FACILITY_NOUNS or lemma in MILITARY_SITES else [
            f"{text} {SECTOR_FOR_INSTRUMENT.get(lemma, 'forces')}", text
        ]  # fmt: skip
        plain = self.dictionary.resolve(text, focus_country=self.focus_country)
        if plain is not None and plain.sector not in (None, "GOV", "MIL"):
            cands = [text]  # "a gang attack": the gang, not "gang forces" (the army)
        for cand in cands:
            a = plain if cand == text else self.dictionary.resolve(cand, focus_country=self.focus_country)
            if a is not None:
                a = a.model_copy(
                    update={"text": text, "span": Span.of(self.text, start, start + len(text))}
                )
                self._remember(a)
                return a
        return None

    def named_by_place(self, tok) -> bool:
        """The noun's left modifiers that name an actor are place names, not nationality
        words ("Mali ambush", "Kharkiv strike", not "Russian strike")."""
        mods = _left_mods(tok)
        return bool(mods) and all(
            self._is_place_token(m) for m in mods if m.pos_ == "PROPN" or m.ent_type_
        ) and any(self._is_place_token(m) for m in mods)  # fmt: skip

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

    def _antecedent(self, tok, *, sector: str | None = None, state: bool = False) -> Actor | None:
        # relative pronoun: the noun it modifies; else the nearest earlier actor in 2 sentences
        if tok.tag_ in ("WDT", "WP") and tok.head.dep_ == "relcl":
            return self.actor(tok.head.head)
        if tok.lower_ in ("it", "they", "its", "their", "he", "she", "his", "her"):
            # "The Israeli military said it had struck…": the reporting verb's subject
            for anc in tok.ancestors:
                if anc.pos_ in ("VERB", "AUX") and anc.lemma_.lower() in SPEECH_VERBS:
                    subj = next(
                        (c for c in anc.children if c.dep_ == "nsubj" and c.i != tok.i), None
                    )
                    if subj is not None and subj.lower_ not in PERSON_PRONOUNS | GROUP_PRONOUNS:
                        found = self.actor(subj)
                        if found is not None:
                            return found.model_copy(update={
                                "text": tok.text,
                                "span": Span.of(self.text, tok.idx, tok.idx + len(tok.text)),
                            })  # fmt: skip
                    break
        if tok.lower_ in ("it", "they", "its", "their"):
            # the nearest earlier subject in the same sentence ("the SDF — even as it has
            # pushed back ISIS — is collaborating…")
            for prev in reversed(list(tok.sent[: tok.i - tok.sent.start])):
                if prev.dep_ in ("nsubj", "nsubjpass") and prev.pos_ in ("NOUN", "PROPN"):
                    found = self.actor(prev)
                    if found is not None and found.sector != "CVL":
                        return found.model_copy(update={
                            "text": tok.text,
                            "span": Span.of(self.text, tok.idx, tok.idx + len(tok.text)),
                        })  # fmt: skip
                    break
        before = tok.idx
        cands = [a for a in self._actors_seen.values() if a.span and a.span.end <= before
                 and before - a.span.end < 400]  # fmt: skip
        if not cands:
            return None
        if sector is not None:
            family = {"MIL"} if state else ARMED_SECTORS if sector in ARMED_SECTORS else {sector}
            cands = [a for a in cands if a.country and a.sector in family]
            if not cands:
                return None
        person = tok.lower_ in PERSON_PRONOUNS
        pool = [a for a in cands if (a.sector is None) == person] or cands
        if tok.lower_ in ("it", "its"):  # "it" is an organisation or a state, not "civilians"
            pool = [a for a in pool if a.sector != "CVL"] or pool
        best = max(pool, key=lambda a: a.span.end)
        return best.model_copy(
            update={"text": tok.text, "span": Span.of(self.text, tok.idx, tok.idx + len(tok.text))}
        )

    def _named_before(self, tok) -> Actor | None:
        """A definite noun phrase whose head word is in the name of an actor met earlier."""
        head = tok.lower_
        cands = [
            a for a in self._actors_seen.values()
            if a.span and a.span.end <= tok.idx and head in a.name.lower().split()
            and tok.idx - a.span.end < 2000
        ]  # fmt: skip
        if not cands:
            return None
        best = max(cands, key=lambda a: a.span.end)
        return best.model_copy(
            update={"text": tok.text, "span": Span.of(self.text, tok.idx, tok.idx + len(tok.text))}
        )

    def _remember(self, a: Actor) -> None:
        self._actors_seen[(a.span.start, a.span.end)] = a

    def actor_list(self) -> list[Actor]:
        return [self._actors_seen[k] for k in sorted(self._actors_seen)]


#: modifiers that say how an attack was made, not who made it
MEANS_WORDS = frozenset(MODIFIER_MODES) | {"massive", "large", "heavy", "deadly", "major", "new"}


def _left_mods(tok) -> list:
    """A noun's left modifiers that may name an actor or a place ("Russian", "Mali", "the
    army's", "pro-Assad")."""
    return [c for c in tok.lefts if c.dep_ in ("amod", "compound", "poss", "nmod", "npadvmod")]


def generality(p: Place) -> int:
    return {"site": 0, "city": 0, "admin2": 1, "water": 1, "admin1": 2, "region": 3}.get(
        p.feature, 4
    )


def fallback(p: Place) -> Place:
    """A place taken from context rather than the event's own sentence."""
    return p.model_copy()
