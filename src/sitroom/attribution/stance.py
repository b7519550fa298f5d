"""A claim's stance from its cue and its content, and the casualty figure it gives."""

from __future__ import annotations

import re

from sitroom.attribution.finder import Attribution
from sitroom.attribution.lexicon import Lexicon
from sitroom.attribution.syntax import FIRST_PERSON

OWN_SIDE = {"troop", "troops", "soldier", "force", "forces", "unit", "army", "military",
            "police", "officer", "jet", "aircraft", "warplane", "ship", "navy"}  # fmt: skip
MODALS = {"will", "would", "may", "might", "could", "shall", "must"}
NEGATORS = {"no", "none", "nothing", "never", "nobody", "neither"}
DENIAL_PHRASES = ("nothing to do with", "not involved", "no involvement", "no truth",
                  "not responsible", "no civilian", "no casualties", "no one was")  # fmt: skip

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "a dozen": 12, "a hundred": 100,
}  # fmt: skip
# ("dozens", "hundreds" give no figure: a number read into them would be invented, and the
# events stage reads them as no count either)
_NUM = r"\b(\d[\d,]*|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")\b"
_DEAD = r"(?:killed|dead|died|deaths|lives|fatalities|bodies|slain|massacred|executed)"
FATALITY_RES = [
    re.compile(_NUM + r"(?:\s+[\w-]+){0,6}?\s+(?:(?:were|have been|had been|was|are)\s+)?" + _DEAD, re.I),
    re.compile(r"(?:killed|killing|killings of|deaths of|dead:?)\s+(?:at least |more than |over |about |some |nearly )?" + _NUM, re.I),
    re.compile(r"death toll[^.]{0,80}?\b(?:to|of|at)\s+(?:at least |more than |over )?" + _NUM, re.I),
]  # fmt: skip


def _content_tokens(sdoc, att: Attribution):
    span = sdoc.char_span(att.content[0], att.content[1], alignment_mode="expand")
    return list(span) if span is not None else []


def _coercive(toks, lex: Lexicon) -> bool:
    return any(t.lemma_.lower() in lex.coercive or t.lemma_.lower() in lex.hostile for t in toks)


def _denies(toks, content_text: str, lex: Lexicon) -> bool:
    low = content_text.lower()
    if any(p in low for p in DENIAL_PHRASES):
        return True
    if any(t.lower_ in lex.falsity or t.lemma_.lower() in lex.falsity for t in toks):
        return True
    for t in toks:
        if t.lemma_.lower() not in lex.event_verbs or t.pos_ != "VERB":
            continue
        for c in t.children:
            if c.dep_ == "neg" or c.lower_ == "never":
                return True
            if c.dep_ in ("nsubj", "nsubjpass", "dobj") and any(
                d.lower_ in NEGATORS for d in c.children if d.dep_ == "det"
            ):
                return True
            if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.lower_ in NEGATORS:
                return True
    return False


def _threatens(toks, speaker_text: str, lex: Lexicon) -> bool:
    """Future coercion by the speaker: "we will respond", "will be suppressed"."""
    for t in toks:
        if t.lemma_.lower() not in lex.coercive or t.pos_ != "VERB":
            continue
        if not any(c.lower_ in MODALS for c in t.children if c.dep_ == "aux"):
            continue
        subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.lower_ in FIRST_PERSON or subj.dep_ == "nsubjpass":
            return True
        if subj.text.lower() in speaker_text.lower():
            return True
    return False


def _agent(t):
    if t.pos_ == "VERB":
        for c in t.children:
            if c.dep_ == "nsubj":
                return c
            if c.dep_ == "agent":
                return next((o for o in c.children if o.dep_ == "pobj"), None)
        return None
    for c in t.children:  # "assassination by the regime", "attacks by rebels"
        if c.dep_ == "prep" and c.lower_ == "by":
            return next((o for o in c.children if o.dep_ == "pobj"), None)
    if t.dep_ in ("dobj", "pobj") and t.head.pos_ == "VERB":  # "spies assisted attacks"
        return next((c for c in t.head.children if c.dep_ == "nsubj"), None)
    if t.dep_ == "dobj" and t.head.pos_ == "VERB":
        return None
    return None


def _accuses(toks, speaker_text: str, lex: Lexicon) -> bool:
    for t in toks:
        if t.lemma_.lower() not in lex.hostile:
            continue
        agent = _agent(t)
        if (
            agent is None
            and t.pos_ == "VERB"
            and not any(c.dep_ in ("auxpass", "nsubjpass") for c in t.children)
            and t.tag_ in ("VBD", "VBN")
            and t.dep_ == "ccomp"
        ):
            return True  # "claiming [the forces] had twice shot at…" with the subject misparsed
        if agent is None or agent.lower_ in FIRST_PERSON or agent.pos_ == "PRON":
            continue
        named = any(t.ent_type_ or t.pos_ == "PROPN" for t in agent.subtree) or any(
            c.dep_ == "poss" and c.lower_ not in ("our", "its", "their", "my")
            for c in agent.children
        )  # "Russian forces", "the army's warplanes"
        own = any(t.dep_ == "poss" and t.lower_ in ("its", "our", "my") for t in agent.subtree)
        if own or (agent.lemma_.lower() in OWN_SIDE and not named):
            continue  # "troops had fired warning shots": a party on its own unnamed troops
        if agent.text.lower() in speaker_text.lower():
            continue
        return True
    return False


def refine_stance(att: Attribution, sdoc, text: str, lex: Lexicon, speaker_text: str) -> str:
    """The stance of one attribution: the cue's default, turned by the content."""
    toks = _content_tokens(sdoc, att)
    content = text[att.content[0] : att.content[1]]
    stance = att.stance
    if stance == "threaten":
        if att.content_root is not None:  # the act threatened, not words further down
            root = sdoc[att.content_root]
            core = [
                root,
                *root.children,
                *(g for c in root.children if c.dep_ == "prep" for g in c.children),
            ]
        else:
            core = toks
        return "threaten" if (not att.violent or _coercive(core, lex)) else "assert"
    if stance == "deny" and att.lemma in CONDEMN_WHEN_ACT and att.content_root is not None:
        root = sdoc[att.content_root]
        if root.pos_ == "NOUN" and root.lemma_.lower() in lex.hostile | HOSTILE_NOUNS:
            # "categorically rejects the narcoterrorist attack perpetrated yesterday": the
            # translated "rechaza"/"rejette" of official statements condemns the act; it does
            # not deny it happened ("rejected the reports", "rejected responsibility" deny)
            return "accuse"
    if stance != "assert":
        return stance
    if att.lemma == "tell" and content.lower().startswith("not to "):
        return "threaten"  # "told the offensive not to cross the Euphrates"
    if _denies(toks, content, lex):
        return "deny"
    if _threatens(toks, speaker_text, lex):
        return "threaten"
    if _accuses(toks, speaker_text, lex):
        return "accuse"
    if att.lemma in INSINUATE and _insinuates(toks, speaker_text):
        return "accuse"
    return "assert"


INSINUATE = {"suggest", "imply", "hint", "insinuate", "indicate"}
#: denial cues that condemn when their object is the act itself
CONDEMN_WHEN_ACT = {"reject", "repudiate"}
HOSTILE_NOUNS = {"bombing", "shelling", "killing", "crime", "aggression", "act", "atrocity"}


def _insinuates(toks, speaker_text: str) -> bool:
    """ "suggesting … the SDF opened upstream dams": a named actor's act, implied."""
    for t in toks:
        if t.dep_ == "nsubj" and t.ent_type_ in ("ORG", "NORP", "GPE", "PERSON"):
            if t.text.lower() not in speaker_text.lower():
                return True
    return False


def fatalities(content: str) -> int | None:
    """A death toll stated in the content ("killed 23 civilians" → 23), else None."""
    for rx in FATALITY_RES:
        m = rx.search(content)
        if m:
            raw = m.group(1).lower().replace(",", "")
            n = int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw)
            if n is not None and n < 1_000_000:
                return n
    return None
