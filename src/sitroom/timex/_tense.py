"""Tense of the clause around a time expression: does it talk about the future?"""

from __future__ import annotations

import re
from typing import Any

from sitroom.timex._lexicon import FUTURE_CUES, FUTURE_HEADS, FUTURE_LEMMAS, REPORTING

# ---------------------------------------------------------------------------------------
# Tense: does the clause talk about the future?
# ---------------------------------------------------------------------------------------


def _future_level(text: str, start: int, end: int, spacy_doc: Any = None) -> int:
    """2: the clause is about the future; 1: present tense; 0: unknown; -1: past (parse only)."""
    if spacy_doc is not None:
        span = spacy_doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span):
            return _future_from_parse(span)
    # word-window fallback: cues in the same clause before the expression
    left = text[max(0, start - 60) : start]
    left = re.split(r"[.;:!?\n]|\bsaid\b|\bsays\b", left)[-1]
    return 2 if FUTURE_CUES.search(left) else 0


def _past(v) -> bool:
    """Is verb ``v`` in a past tense (simple past or with a past auxiliary)?"""
    if v.tag_ == "VBD":
        return True
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in v.children)


def _governor(t):
    """The verb an adjective or noun complement hangs on: "(missiles that) were prepared
    to launch" -> "were", so the infinitive under "prepared" is read in the past."""
    for _ in range(3):
        if t.pos_ in ("VERB", "AUX") or t.dep_ not in ("acomp", "attr", "oprd") or t.head is t:
            break
        t = t.head
    return t


def _future_from_parse(span) -> int:
    tok = span.root
    prep = None
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX") or tok.dep_ == "ROOT" or tok.head is tok:
            break
        if tok.pos_ == "ADP" and prep is None:
            prep = tok.lower_
        tok = tok.head
    # walk up through non-finite verbs ("is due to meet", "plans to visit"), but not
    # through a reported clause: "said on Tuesday it will" is about Tuesday
    chain = [tok]
    t = tok
    for _ in range(3):
        if t.dep_ in ("xcomp", "acomp", "advcl", "conj", "pcomp") and t.head is not t:
            t = t.head
            chain.append(t)
        else:
            break
    for v in chain:
        if v.lemma_.lower() in FUTURE_HEADS:
            return 2
        for c in v.children:
            if c.dep_ in ("aux", "auxpass") and c.lower_ in FUTURE_LEMMAS:
                return 2
            if c.dep_ in ("acomp", "attr") and c.lemma_.lower() in FUTURE_HEADS:
                return 2
        if v.lemma_ == "go" and v.tag_ == "VBG" and any(c.lower_ == "to" for c in v.subtree):
            return 2
    verb = chain[0]
    finite = next((v for v in chain if v.tag_ not in ("VB", "VBN", "VBG") or
                   any(c.dep_ in ("aux", "auxpass") and c.tag_ != "TO" for c in v.children)),
                  chain[-1])  # fmt: skip
    # "postponed until Saturday", "to run through June": a limit ahead, unless narrated
    if prep in ("until", "till", "through", "thru") and not _past(finite):
        return 2
    # an infinitive of purpose or plan under a non-past verb: "a programme to run in June"
    if verb.tag_ == "VB" and any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children) \
            and not _past(_governor(verb.head)):  # fmt: skip
        return 2
    root = finite
    # an imperative: "Call me Sunday night", "Join us on Monday"
    if (
        root.tag_ == "VB"
        and root.dep_ == "ROOT"
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in root.children)
    ):
        return 1
    # present tense non-reporting main verb with a date: "talks begin Monday", "vote is on"
    if root.tag_ in ("VBZ", "VBP") and root.lemma_ not in REPORTING:
        if not any(c.dep_ in ("aux", "auxpass") and c.lemma_ == "have" for c in root.children):
            return 1
    if root.tag_ == "VBG" and any(
        c.dep_ == "aux" and c.tag_ in ("VBZ", "VBP") for c in root.children
    ):
        return 2  # "are meeting on Monday"
    return -1 if _past(finite) else 0
