"""Dependency-parse helpers: trigger matching, negation and modality, noun phrases, clauses."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sitroom.events.lexicon import Trigger, pos_of
from sitroom.events.vocab import (
    EMBEDDED,
    HYPOTHETICAL_GOVERNORS,
    HYPOTHETICAL_NOUNS,
    MODALS,
    NEG_DETS,
    RECENT_MOMENTS,
    SAYING_NOUNS,
    SPEECH_VERBS,
    TIME_NOUNS,
    UNREAL_ADJ,
)
from sitroom.model import Span, Time

#: verbs of calling for something: "the Office on Tuesday called for an inquiry into a
#: strike that killed 19" dates the call
REQUEST_VERBS = frozenset({"call", "urge", "demand", "appeal"})


def definite(np: list) -> bool:
    return bool(np) and np[0].lower_ in ("the", "this", "that", "these", "those")


#: event nouns that a support verb takes as object ("launched a drone attack"): the noun is
#: the event, its modifier is not the verb's object
ATTACK_NOUNS = frozenset(
    "attack strike airstrike raid offensive assault bombardment barrage operation".split()
)


def match_multi(toks: Sequence, i: int, t: Trigger) -> list[int] | None:
    words = t.lemma
    if t.pos == "VERB":
        head = toks[i]
        if pos_of(head) != "VERB":
            return None
        want = list(words[1:])
        got = [head.i]
        for c in head.children:
            lem = c.lemma_.lower()
            if lem in want and c.dep_ in (
                "prt",
                "dobj",
                "prep",
                "compound",
                "advmod",
                "attr",
                "nsubjpass",
            ):
                want.remove(lem)
                got.append(c.i)
            elif c.dep_ in ("prep", "dobj") and want:
                for g in c.children:  # "put ON alert", "call FOR", "lay down arms"
                    # (not a modifier of the object: "launched a drone attack" is the
                    # attack, not "launch drone")
                    if g.lemma_.lower() in want and not (
                        g.dep_ in ("compound", "amod", "nmod")
                        and c.lemma_.lower() in ATTACK_NOUNS
                    ):
                        want.remove(g.lemma_.lower())
                        got.append(g.i)
        return got if not want else None
    if i + len(words) > len(toks):
        return None
    span = toks[i : i + len(words)]
    lemmas = [tk.lemma_.lower() for tk in span]
    texts = [tk.lower_ for tk in span]
    if all(w in (lm, tx) for w, lm, tx in zip(words, lemmas, texts, strict=True)):
        if pos_of(span[-1]) in ("NOUN", "ADJ", "VERB") or t.pos == "ANY":
            return [tk.i for tk in span]
    return None


def suppressed(tok, trig: Trigger) -> bool:
    """Other senses, negation, modality, hypotheticals, modifier use."""
    kids = list(tok.children)
    if trig.senses and any(
        c.lemma_.lower() in trig.senses or c.lower_ in trig.senses for c in kids
    ):
        return True
    if (
        tok.dep_ == "compound"
        and pos_of(tok) == "NOUN"
        and tok.head.lemma_.lower() not in ("toll", "victim", "site", "survivor", "scene")
    ):
        return True  # "attack helicopters", "strike force"
    if tok.dep_ == "amod" and trig.role != "casualty":
        return True
    if pos_of(tok) == "VERB":
        if negated(tok) or modal(tok):
            return True
        if hypothetical(tok):
            return True
    else:
        det = next((c for c in kids if c.dep_ == "det"), None)
        if det is not None and det.lower_ in NEG_DETS:
            return True
        if (
            trig.type == "ACCUSE"
            and det is not None
            and det.lower_ in ("these", "those", "such", "this", "that")
            and not any(c.dep_ in ("prep", "acl", "ccomp", "poss") for c in kids)
        ):
            return True  # "these accusations are fabricated": the charge told before
        gov = tok.head
        if tok.dep_ in ("dobj", "nsubjpass", "nsubj", "pobj", "attr") and pos_of(gov) == "VERB":
            if negated(gov) or modal(gov) or hypothetical(gov):
                return True
            if gov.lemma_.lower() in (
                "threaten",
                "warn",
                "fear",
                "prevent",
                "avoid",
                "plan",
                "expect",
            ):
                return True  # the threatened / feared event has not happened
        if tok.dep_ == "pobj" and gov.head is not None and gov.lower_ in ("against", "of") and \
                gov.head.lemma_.lower() in ("warning", "threat", "risk", "fear", "prospect"):  # fmt: skip
            return True
        if any(c.lower_ in UNREAL_ADJ and c.dep_ == "amod" for c in kids):
            return True
        if tok.dep_ == "pobj" and pos_of(gov.head) == "VERB":
            v = gov.head
            if negated(v) or modal(v) or hypothetical(v):
                return True
        for anc in list(tok.ancestors)[:6]:
            if anc.lemma_.lower() in HYPOTHETICAL_NOUNS:
                return True
    if pos_of(tok) == "VERB":  # "no information has been released"
        for c in kids:
            if c.dep_ in ("nsubj", "nsubjpass", "dobj"):
                d = next((g for g in c.children if g.dep_ == "det"), None)
                if d is not None and d.lower_ == "no":
                    return True
    return False


def nominal_gerund(tok) -> bool:
    """ "by Russian shelling": a gerund the tagger calls a verb but used as a noun."""
    return (
        tok.tag_ == "VBG"
        and tok.dep_ in ("pobj", "nsubj", "nsubjpass", "dobj", "conj")
        and (
            any(c.dep_ in ("amod", "poss", "det", "compound") for c in tok.children)
            or tok.dep_ == "pobj"
        )
    )


def negated(tok) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def modal(tok) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in MODALS for c in tok.children)


def hypothetical(tok) -> bool:
    """Is the verb the complement of a verb of intention/threat ("vowed to strike")?"""
    t = tok
    for _ in range(3):
        if t.dep_ in ("xcomp", "ccomp", "advcl", "acl") and t.head is not t:
            gov = t.head
            if t.dep_ == "xcomp" and gov.lemma_.lower() in HYPOTHETICAL_GOVERNORS:
                return True
            if any(
                c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in t.children
            ):
                return True
            if t.dep_ == "xcomp" or any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
                if gov.lemma_.lower() in HYPOTHETICAL_GOVERNORS or modal(gov) or negated(gov):
                    return True
            t = gov
        else:
            break
    return False


def child(tok, dep: str):
    if tok is None:
        return None
    return next((c for c in tok.children if c.dep_ == dep), None)


def agent_of(tok):
    agent = child(tok, "agent")
    return child(agent, "pobj") if agent is not None else None


def prep_obj(tok, preps: Iterable[str]):
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            o = child(c, "pobj")
            if o is not None:
                return o
    return None


def noun_agent(tok):
    """The initiator of a nominal event: possessor, adjectival/compound actor, 'by X'."""
    for c in tok.children:
        if c.dep_ == "poss":
            return c
    by = prep_obj(tok, ("by", "from"))
    if by is not None:
        return by
    for c in tok.children:
        if c.dep_ in ("amod", "compound", "nmod") and c.pos_ in ("ADJ", "PROPN", "NOUN"):
            return tok  # resolved through its modifiers
    return None


def is_support(verb) -> bool:
    return verb.lemma_.lower() in {
        "carry", "launch", "conduct", "mount", "stage", "wage", "hold", "perpetrate", "commit",
        "claim", "unleash", "step", "intensify", "continue", "begin", "start", "resume", "lead",
        # verbal and material cooperation: "reached an agreement", "issued a warning",
        # "imposed sanctions", "lodged a protest", "gave aid", "extended an invitation"
        "reach", "sign", "conclude", "strike", "issue", "lodge", "file", "impose", "extend",
        "express", "voice", "make", "deliver", "send", "provide", "give", "offer", "announce",
    }  # fmt: skip


def np_tokens(tok) -> list:
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
    # a free-standing mark (" - ", ",", "(") ends the phrase: "KYIV (Reuters) - Russian missiles"
    cut = 0
    for j, t in enumerate(toks):
        if (
            t.i < tok.i
            and t.is_punct
            and t.text not in ("-", "'", "’", ".")
            or (
                t.i < tok.i
                and t.text in ("-", "–", "—")
                and (t.whitespace_ or (j and toks[j - 1].whitespace_))
            )
        ):
            cut = j + 1
    toks = toks[cut:]
    return toks or [tok]


def own_region(tok, *, keep=None) -> set[int]:
    """Token indices of ``tok``'s clause, less the embedded clauses that do not contain it
    (a relative clause on the event noun itself describes the event and stays: "the
    offensive, which entered the province at the start of September")."""
    clause = clause_of(tok)
    inside = {tok.i, (keep or tok).i}
    region = {t.i for t in clause.subtree}
    for d in clause.subtree:
        if (
            d.i == clause.i
            or d.dep_ not in EMBEDDED
            or (d.dep_ in ("relcl", "acl") and d.head.i in inside)
        ):
            continue
        sub = {t.i for t in d.subtree}
        if not (sub & inside):
            region -= sub
    return region


def participle_region(region: set[int], sent, is_event) -> set[int]:
    """Token indices of the participle clauses hung on the clause's nouns that tell no
    event of their own ("positions located near Tegh at 11:40 on May 26"): the parser
    attaches the clause's place and time to the participle, but a location is not dated,
    and where the target is located is where it was attacked."""
    out: set[int] = set()
    for t in sent:
        if t.dep_ == "acl" and t.tag_ == "VBN" and t.head.i in region and not is_event(t):
            out |= {d.i for d in t.subtree}
    return out


def _time_head(ctx, t: Time):
    """The head token of a time expression's span, or None when the span has no tokens."""
    i = ctx.tok_index(t.span.start)
    j = ctx.tok_index(t.span.end - 1)
    if i < 0 or j < 0:
        return None
    head = ctx.sdoc[j]
    inside = range(i, j + 1)
    while head.head.i in inside and head.head.i != head.i:
        head = head.head
    return head


def _time_governor(ctx, t: Time):
    """The word a time expression hangs on (through its preposition), or None."""
    head = _time_head(ctx, t)
    if head is None or head.head.i == head.i:
        return None
    gov = head.head
    return gov.head if gov.pos_ == "ADP" else gov


def dates_the_saying(ctx, t: Time, trigger) -> bool:
    """ "…killed 11 civilians, a local official said Wednesday": the time dates the
    report, not the happening told in the report (the trigger sits below the saying verb)."""
    gov = _time_governor(ctx, t)
    if (
        gov is None or gov.i == trigger.i or gov.lemma_.lower() not in SPEECH_VERBS | REQUEST_VERBS
        or gov not in trigger.ancestors
    ):  # fmt: skip
        return False
    # "... on March 13, Human Rights Watch said today": a time before the speaker is the
    # reported content's; "said Wednesday", "the Office on Tuesday called" are the saying's
    subj = next((c for c in gov.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return t.span.start > (subj.left_edge.idx if subj is not None else gov.idx)


def belongs_to_other_noun(ctx, t: Time, trigger) -> bool:
    """ "declaration of a zone last week": the time dates the declaration, not the event."""
    head = _time_head(ctx, t)
    if head is None or head.head.i in (trigger.i, head.i):
        return False
    gov = _time_governor(ctx, t)
    if (gov.lemma_.lower() in SAYING_NOUNS and trigger in gov.subtree
            and gov.i < trigger.i < ctx.tok_index(t.span.start)):  # fmt: skip
        # "reports that the forces massacred civilians in Jakiri on 13 March": a time after
        # the reported happening dates it (the parser hangs it on "reports")
        return False
    return (
        pos_of(gov) == "NOUN" and gov.i != trigger.i and _eventive(gov)
        and gov.lemma_.lower() not in TIME_NOUNS and head.dep_ in ("npadvmod", "prep", "pobj", "nmod")
    )  # fmt: skip


#: nouns that happen at a time ("the meeting on Monday", "the declaration last week");
#: a time hung on any other noun ("a restaurant on Sunday night") is the parser's
#: attachment, and dates the clause's event
EVENTIVE_NOUNS = frozenset(
    """meeting talks visit truce ceasefire vote election summit report statement speech
    interview decision order deal session hearing trial conference call briefing raid
    operation offensive battle attack strike assault visit announcement""".split()
)
_EVENTIVE_SUFFIXES = ("tion", "sion", "ment", "ance", "ence", "al", "ure")


def _eventive(noun) -> bool:
    lemma = noun.lemma_.lower()
    return lemma in EVENTIVE_NOUNS or lemma.endswith(_EVENTIVE_SUFFIXES)


#: prepositions whose time object bounds a period rather than dating an event in it:
#: "the deadliest attack since April", "the town was held until March"
PERIOD_PREPS = frozenset({"since", "until", "till"})


def bounds_a_period(ctx, t: Time, trigger) -> bool:
    """The time is the object of "since"/"until": it is when a period began or ended, not
    when the event happened (unless the event is told in a clause on that time: "since
    April, when a missile hit the station")."""
    i = ctx.tok_index(t.span.start)
    if i < 0:
        return False
    tok = ctx.sdoc[i]
    head = tok
    while head.head.i != head.i and t.span.start <= head.head.idx < t.span.end:
        head = head.head
    if head in trigger.ancestors:
        return False
    prev = ctx.sdoc[i - 1] if i > 0 else None
    if any(c.tag_ == "JJS" for c in head.head.children if c.dep_ == "amod"):
        return True  # "one of the deadliest attacks this year": the span of a superlative
    prep = head.head if head.dep_ == "pobj" else prev
    if prep is None or prep.lower_ not in PERIOD_PREPS:
        return False
    # "clashes that have taken place since last night": an ongoing happening began then
    return not (prep.lower_ == "since" and t.precision == "day" and t.value
                and set(t.text.lower().split()) & RECENT_MOMENTS)  # fmt: skip


def clause_of(tok):
    t = tok
    for _ in range(6):
        if pos_of(t) == "VERB" or t.dep_ == "ROOT":
            return t
        t = t.head
    return t


def overlaps_any(span: Span | None, spans: list[Span]) -> bool:
    if span is None:
        return False
    return any(s.start < span.end and span.start < s.end for s in spans)
