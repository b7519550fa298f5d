"""Stated intentions and demands: what an actor says it will do, or says another must do.

PLOVER codes a commitment by what is committed to (the manual's AGREE: "agree to, offer
to, or promise to" cooperate; THREATEN: threaten violence, sanctions, arrests...):

* **Intent** — a trigger in the future ("the rebels said they *will release* the
  hostages", "it *would boycott* the talks") or the complement of a word of commitment
  ("*willing to withdraw*", "*pledged to hand over*", "*vowed to fight*") is not an event
  that happened (``syntax.suppressed`` drops it) but a statement of intent: AGREE when the
  act is cooperative (AGREE, CONSULT, SUPPORT, CONCEDE, COOPERATE, AID, RETREAT), THREATEN
  when it is hostile (ASSAULT, COERCE, SANCTION, MOBILIZE, PROTEST). Possibility ("may",
  "could"), conditions ("if"), negation, the passive ("would be shut down": nobody is said
  to commit) and verbal acts ("will demand") make no intent.
* **Refusal** — a negated act of agreement ("did not accept", "will not recognise") is a
  REJECT.
* **Demand** — "X said Y *must* do Z" is a REQUEST by X of Y, whatever Z is.

A commitment verb that is itself a trigger (pledge, promise, vow, swear, offer) takes its
type from its complement the same way ("vowed to withdraw" is AGREE, "pledged to
retaliate" is THREATEN).
"""

from __future__ import annotations

from dataclasses import replace

from sitroom.events.lexicon import Lexicon, Trigger, pos_of
from sitroom.events.syntax import child, negated
from sitroom.events.vocab import SPEECH_VERBS

FUTURE = {"will", "would", "shall", "'ll", "wo"}
COMMITMENT_HEADS = {
    "willing", "ready", "prepared", "determined", "pledge", "promise", "vow", "swear", "offer",
    "intend", "decide", "resolve", "commit", "undertake",
}  # fmt: skip
COMMITMENT_TRIGGERS = {"pledge", "promise", "vow", "swear", "offer"}
COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}
HOSTILE = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"}
ACCEPTING = {"AGREE", "CONCEDE", "SUPPORT"}
INTENT_WEIGHT = 0.6
DEMAND_WEIGHT = 0.6
CONDITIONS = {"if", "whether"}


def intent_type(act: str | None) -> str | None:
    if act in COOPERATIVE:
        return "AGREE"
    if act in HOSTILE:
        return "THREATEN"
    return None


def threat_mode_of(trig: Trigger) -> str | None:
    if trig.type == "ASSAULT" or trig.type == "MOBILIZE":
        return "violence"
    if trig.type == "COERCE":
        return {"arrest": "arrest", "deport": "expel", "seize": "territory"}.get(
            trig.mode or "", "restrict"
        )
    if trig.type == "SANCTION":
        return "expel" if trig.mode == "expel" else "relations"
    if trig.type == "PROTEST":
        return "relations" if trig.mode == "boycott" else "restrict"
    return None


def _verb_of(tok):
    """The verb whose tense/modality the trigger shares: itself, or the verb it is the
    object of ("will impose a curfew", "will launch an offensive")."""
    if pos_of(tok) == "VERB":
        return tok
    if tok.dep_ in ("dobj", "nsubjpass", "attr") and pos_of(tok.head) == "VERB":
        return tok.head
    return None


def _plain(tok, trig: Trigger) -> bool:
    """Not suppressed for a reason other than modality (another sense, a modifier use)."""
    if trig.role in ("light", "motion") or trig.type is None:
        return False
    if trig.senses and any(c.lemma_.lower() in trig.senses for c in tok.children):
        return False
    if tok.dep_ in ("compound", "amod"):
        return False
    det = child(tok, "det")
    return not (det is not None and det.lower_ in ("no", "any"))


def _conditional(verb) -> bool:
    t = verb
    for _ in range(3):
        if any(c.dep_ == "mark" and c.lower_ in CONDITIONS for c in t.children):
            return True
        if t.dep_ not in ("xcomp", "conj") or t.head is t:
            return False
        t = t.head
    return False


def _told_by_trigger(verb, lexicon: Lexicon) -> bool:
    t = verb
    for _ in range(2):
        if t.dep_ not in ("ccomp", "xcomp", "conj") or t.head is t:
            return False
        t = t.head
        trig = lexicon.lookup(t)
        if trig is not None and trig.type is not None and trig.role != "light":
            return True
    return False


def commitment_head(verb):
    """ "is willing to withdraw" → willing; "pledged to hand over" → pledge."""
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in COMMITMENT_HEADS:
        return verb.head
    return None


def reframe(tok, trig: Trigger, lexicon: Lexicon) -> Trigger | None:
    """The statement-of-intent (or refusal) a suppressed trigger stands for, or None."""
    if not _plain(tok, trig):
        return None
    verb = _verb_of(tok)
    if verb is None or _conditional(verb):
        return None
    if negated(verb):
        if verb is tok and trig.type in ACCEPTING:  # "did not accept", "will not recognise"
            return replace(trig, type="REJECT", mode="change", acled=None, role=None,
                           weight=max(trig.weight, INTENT_WEIGHT))  # fmt: skip
        return None
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return None  # "would be shut down": no one is said to commit to it
    future = any(c.dep_ == "aux" and c.lower_ in FUTURE for c in verb.children)
    head = commitment_head(verb)
    if not future and head is None:
        return None
    if head is not None and lexicon.lookup(head) is not None:
        return None  # "agreed to withdraw", "vowed to fight": the head is the event
    if _told_by_trigger(verb, lexicon):
        return None  # "warned that it would attack": the warning is the event
    kind = intent_type(trig.type)
    if kind is None:
        return None
    mode = threat_mode_of(trig) if kind == "THREATEN" else None
    return replace(trig, type=kind, mode=mode, acled=None, role=None, weight=INTENT_WEIGHT,
                   senses=frozenset())  # fmt: skip


def commitment_type(tok, lexicon: Lexicon) -> tuple[str, str | None] | None:
    """The type of a commitment trigger ("vowed to withdraw") from its complement."""
    if tok.lemma_.lower() not in COMMITMENT_TRIGGERS:
        return None
    comp = child(tok, "xcomp")
    if comp is None or negated(comp):
        return None
    for cand in (comp, child(comp, "dobj")):
        if cand is None:
            continue
        t = lexicon.lookup(cand)
        if t is None or t.type is None or t.role == "light":
            continue
        kind = intent_type(t.type)
        if kind is not None:
            return kind, threat_mode_of(t) if kind == "THREATEN" else None
    return None


def committed_subject(tok):
    """Who commits: the subject up the chain of complements ("Syria says it is willing to
    withdraw" → it), not across a clause of speech."""
    t = _verb_of(tok) or tok
    for _ in range(4):
        s = child(t, "nsubj") or child(t, "nsubjpass")
        if s is not None:
            return s
        if t.dep_ not in ("xcomp", "acomp", "conj", "advcl") or t.head is t:
            return None
        t = t.head
    return None


def demand(verb):
    """ "X said Y must do Z": (the speaker's token, the addressee's token) or None."""
    if pos_of(verb) != "VERB" or not any(
        c.dep_ == "aux" and c.lower_ == "must" for c in verb.children
    ):
        return None
    if verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in SPEECH_VERBS | {"conclude"}:
        return None
    speaker = child(verb.head, "nsubj")
    addressee = child(verb, "nsubj") or child(verb, "nsubjpass")
    if speaker is None or addressee is None or addressee.lower_ in ("we", "i", "you"):
        return None
    return speaker, addressee


DEMAND = Trigger(lemma=("must",), pos="VERB", type="REQUEST", mode="change", acled=None,
                 weight=DEMAND_WEIGHT)  # fmt: skip


def warns_of_circumstance(tok, lexicon: Lexicon, is_actor) -> bool:
    """ "The UN warned that famine could spread", "aid groups warned of a catastrophe": a
    warning about what may befall people, not a threat by the speaker (PLOVER THREATEN is
    a coercive statement about the speaker's own action). True when what the warning is
    of (its "that" clause's subject, or its "of"/"about" object) is neither an actor nor a
    pronoun, nor a coercive act. A warning to someone ("warned Kyiv to...", "warned
    against") or with nothing said of it stays a threat."""
    if tok.lemma_.lower() not in ("warn", "warning"):
        return False
    if any(c.dep_ in ("dobj", "dative") for c in tok.children):
        return False  # "warned Israel that...", "warned Kyiv to stop"
    for c in tok.children:
        if c.dep_ == "ccomp":
            subj = next((x for x in c.children if x.dep_ in ("nsubj", "nsubjpass", "expl")), None)
            if subj is None or subj.pos_ == "PRON" or subj.dep_ == "expl":
                return False
            if is_actor(subj) or _coercive(subj, lexicon) or _coercive(c, lexicon):
                return False
            return True
        if c.dep_ == "prep" and c.lower_ in ("of", "about"):
            obj = next((x for x in c.children if x.dep_ == "pobj"), None)
            if obj is None or _coercive(obj, lexicon):
                return False
            return True
        if c.dep_ == "prep" and c.lower_ == "against":
            return False
    return False


def _coercive(tok, lexicon: Lexicon) -> bool:
    """A coercive act: a word of the claims stage's coercive list (cues.yaml: "retaliation",
    "consequences", "pursue"...) or a trigger of a hostile event type."""
    from sitroom.attribution.lexicon import load_lexicon

    if tok.lemma_.lower() in load_lexicon().coercive:
        return True
    trig = lexicon.lookup(tok)
    return trig is not None and trig.type in ("ASSAULT", "COERCE", "MOBILIZE", "SANCTION", "THREATEN")
