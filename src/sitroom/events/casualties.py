"""Casualty figures: which event a casualty word reports, and how many people it counts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitroom.events.found import Found
from sitroom.events.lexicon import pos_of
from sitroom.events.syntax import child
from sitroom.events.vocab import ARREST, FATAL, INJURE, NUMBER_WORDS, VAGUE

HOST_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST"})


def host_for(c: Found, events: list[Found]) -> Found | None:
    """The event a casualty word reports on, if any, in the same sentence."""
    # victims are counted on happenings of violence, not on a statement about them ("the
    # UN condemned the deaths of 14 civilians")
    events = [e for e in events if e.type in HOST_TYPES]
    if not events:
        return None
    tok = c.tok
    by_tok = {e.tok.i: e for e in events}
    # the trigger is the casualty verb's subject or agent: "an airstrike killed 12"
    for dep in ("nsubj", "agent", "csubj"):
        s = child(tok, dep)
        if dep == "agent" and s is not None:
            s = child(s, "pobj")
        if s is not None and s.i in by_tok:
            return by_tok[s.i]
        if s is not None and s.tag_ in ("WDT", "WP"):  # "an airstrike which injured"
            prev = [e for e in events if e.tok.i < s.i and pos_of(e.tok) == "NOUN"]
            if prev:
                return prev[-1]
    # "were killed in an airstrike", "died in the shelling"
    for p in tok.children:
        if p.dep_ == "prep" and p.lower_ in ("in", "by", "during", "from", "after"):
            o = child(p, "pobj")
            if o is not None and o.i in by_tok:
                return by_tok[o.i]
    for conj in tok.conjuncts:  # "killed or wounded by a sarin attack"
        for p in conj.children:
            if p.dep_ in ("agent", "prep") and p.lower_ in ("by", "in", "during"):
                o = child(p, "pobj")
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
class Figures:
    killed: int | None = None
    injured: int | None = None
    arrested: int | None = None


def casualty_figures(tok) -> Figures:
    """Numbers of victims a casualty word governs ("killed at least 23 people")."""
    lem = tok.lemma_.lower()
    kind = (
        "killed"
        if lem in FATAL or tok.lower_ in ("dead", "killed")
        else ("injured" if lem in INJURE else ("arrested" if lem in ARREST else None))
    )
    out = Figures()
    if kind is None:
        return out
    victims = []
    for dep in ("dobj", "nsubjpass", "nsubj", "attr", "npadvmod"):
        v = child(tok, dep)
        if v is not None and not (
            dep == "nsubj"
            and pos_of(tok) == "VERB"
            and lem not in ("die",)
            and not any(c.dep_ == "auxpass" for c in tok.children)
            and not _reduced_passive(tok, v)
        ):
            victims.append(v)
    if tok.dep_ == "acl" and (tok.head.like_num or pos_of(tok.head) == "NOUN"):
        victims.append(tok.head)  # "left more than 60 wounded" (not "killed 5 wounded soldiers")
    if tok.dep_ == "oprd" and (obj := child(tok.head, "dobj")) is not None:
        victims.append(obj)  # "left 45 wounded": the object of "left"
    if tok.lower_ == "dead" or lem == "dead":  # "five people dead", "left 5 dead"
        if tok.head is not None and pos_of(tok.head) == "NOUN":
            victims.append(tok.head)
        victims.extend(c for c in tok.children if c.dep_ in ("nsubj", "npadvmod"))
        if any(c.dep_ == "nummod" for c in tok.children):
            victims.append(tok)  # "left 7 dead": the number hangs on "dead" itself
    if lem in ("death", "martyr", "fatality") and pos_of(tok) == "NOUN":
        num = next((c for c in tok.children if c.dep_ == "nummod"), None)
        if num is not None and (n := number(num)) is not None:
            # "resulted in 14 deaths and dozens of injuries": the number on the noun itself
            # (its conjuncts count other victims)
            setattr(out, kind, n)
            return out
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is not None and (o := child(of, "pobj")) is not None:
            victims.append(o)  # "the deaths of 14 civilians"
    if lem in ("toll",):  # "the death toll rose to 45"
        rose = tok.head
        victims.extend(
            c for c in rose.children if c.dep_ == "prep" for c in c.children if c.like_num
        )
    n = None
    for v in victims:
        n = count(v)
        if n is not None:
            break
    if n is None:
        # a numeral right before/after: "killing 5", "5 killed"
        for nb in (tok.nbor(1) if tok.i + 1 < len(tok.doc) else None,):
            if nb is not None and nb.like_num:
                n = number(nb)
    setattr(out, kind, n)
    return out


def _reduced_passive(tok, subj) -> bool:
    """ "and more than 60 wounded", "23 injured": a bare participle whose subject is a
    number is said of the victims (a perpetrator would be a noun with its own verb form)."""
    return (
        tok.tag_ == "VBN"
        and not any(c.dep_ in ("aux", "auxpass") for c in tok.children)
        and (subj.like_num or any(c.dep_ == "nummod" for c in subj.children))
    )  # "23 injured", "with 11 people injured"


def count(v) -> int | None:
    """The count a noun phrase states: "at least 23 people", "six SDF fighters", "himself and 3 others"."""
    total = 0
    found = False
    for item in [v, *[c for c in v.conjuncts]]:
        n = None
        if item.like_num:
            n = number(item)
        else:
            num = next((c for c in item.children if c.dep_ == "nummod"), None)
            if num is not None:
                n = number(num)
            elif item.lower_ in (
                "himself",
                "herself",
                "him",
                "her",
                "man",
                "woman",
                "child",
                "boy",
                "girl",
                "soldier",
                "civilian",
                "fighter",
                "person",
            ):
                det = next((c for c in item.children if c.dep_ == "det"), None)
                if item.tag_ in ("NN", "PRP") and (
                    det is None or det.lower_ in ("a", "an", "one", "the")
                ):
                    n = 1
            if n is None and item.lower_ in VAGUE:
                return None
        if n is not None:
            total += n
            found = True
    return total if found else None


def number(tok) -> int | None:
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


def add_figures(f: Found, fig: Figures, tok) -> None:
    if fig.killed is not None and f.fatalities is None:
        f.fatalities = fig.killed
    if fig.injured is not None and f.injured is None:
        f.injured = fig.injured
    if fig.arrested is not None and f.arrested is None:
        f.arrested = fig.arrested
