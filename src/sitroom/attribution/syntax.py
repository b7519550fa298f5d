"""Dependency helpers of the attribution rules: who the subject is, where the content is."""

from __future__ import annotations

from sitroom.attribution.lexicon import Cue
from sitroom.attribution.spans import DATELINE_PREFIX, QUOTE_CHARS, np_span
from sitroom.nlp import doc_text

FIRST_PERSON = {"i", "we", "you", "me", "us"}
NOBODY = {"nobody", "something", "nothing", "anyone", "everyone", "anybody", "everybody"}
HYPOTHETICAL = {"would", "could", "might", "should", "can", "may", "must"}
RELATIVE = {"who", "which", "that", "whom"}
NARRATIVE_OPENERS = (
    "in fact", "meanwhile", "however", "but ", "earlier", "later", "on ", "in ", "the ",
    "according", "separately", "elsewhere", "also", "since", "after", "before", "last ",
)  # fmt: skip
INANIMATE = {
    "attack", "strike", "blast", "explosion", "bombing", "fighting", "violence", "war",
    "conflict", "fire", "shelling", "raid", "clash", "offensive", "flood", "disease",
}  # fmt: skip
DATIVE = {"tell", "warn", "inform", "assure", "remind", "notify", "brief"}
DOCUMENTS = {"report", "statement", "study", "investigation", "document", "communique"}

# ------------------------------------------------------------------ speakers ---------------


def _subject(tok):
    """The subject; of two ("KHARTOUM (Reuters) - Sudan's army said"), the nearer."""
    subs = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
    before = [c for c in subs if c.i < tok.i]
    return before[-1] if before else (subs[0] if subs else None)


def _inherited_subject(tok):
    """Participles and coordinated verbs: the subject of the clause they hang from.

    A participle after a comma ("…, claiming the forces had shot…") takes the subject of
    the main clause (the sentence root), the way a reader does."""
    root = tok.sent.root
    if (
        tok.tag_ == "VBG" and tok.dep_ == "advcl"
        and (tok.i == tok.sent.start or tok.nbor(-1).is_punct)
        and root is not tok and _subject(root) is not None and _subject(root).dep_ == "nsubj"
    ):  # fmt: skip
        return _subject(root)
    if tok.dep_ in ("advcl", "xcomp", "acl") and tok.tag_ != "VBG":
        return None  # "wants to say", "refuses to deny": not an attribution
    h = tok
    for _ in range(4):
        if h.dep_ not in ("advcl", "xcomp", "conj", "acl") or h.head is h:
            return None
        if h.dep_ == "acl":  # "a statement claiming…": the noun is the speaker
            return h.head if h.head.pos_ in ("PROPN", "NOUN") else None
        h = h.head
        s = _subject(h)
        if s is not None:
            return s if s.dep_ == "nsubj" else None
    return None


def _speakers(subj) -> list[tuple[int, int, int]]:
    if subj.lower_ in RELATIVE and subj.head.dep_ == "relcl":
        subj = subj.head.head
    if subj.lemma_.lower() in DOCUMENTS:  # "a report by HRW said"
        for c in subj.children:
            if c.dep_ == "prep" and c.lower_ in ("by", "from"):
                objs = [o for o in c.children if o.dep_ == "pobj"]
                if objs:
                    subj = objs[0]
                    break
    heads = [subj, *[c for c in subj.conjuncts if c.i > subj.i]]
    out = []
    for h in heads:
        if h.pos_ not in ("PROPN", "NOUN", "PRON"):
            continue
        start, end = np_span(h)
        m = DATELINE_PREFIX.match(doc_text(h.doc), start, end)
        if m and m.end() <= h.idx:  # "KHARTOUM (Reuters) - Sudan's army"
            start = m.end()
        out.append((h.i, start, end))
    return out


def _animate(subj) -> bool:
    return not (subj.lemma_.lower() in INANIMATE and not subj.ent_type_)


# ------------------------------------------------------------------ content ----------------


def _clause_content(tok, cue: Cue):
    """The syntactic content of a cue verb: (tokens, root) or None."""
    kids = list(tok.children)
    for c in kids:
        if c.dep_ == "ccomp" and c.i != tok.i:
            return list(c.subtree), c
    if tok.lemma_ == "tell" or "xcomp" in cue.content:
        for c in kids:
            if c.dep_ in ("xcomp",) and c.i > tok.i:
                return list(c.subtree), c
    if "of" in cue.content or "dobj" in cue.content:
        dobj = next((c for c in kids if c.dep_ == "dobj" and c.i > tok.i), None)
        agents = [o for c in kids if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
        of = next(
            (
                c
                for c in [
                    *kids,
                    *(
                        x
                        for a in [*agents, *([dobj] if dobj is not None else [])]
                        for x in a.children
                    ),
                ]
                if c.dep_ == "prep" and c.lower_ in ("of", "for") and c.i > tok.i
            ),
            None,
        )  # "was accused by HRW of looting": the of-phrase hangs off the agent
        if dobj is not None and of is not None and "of" in cue.content and of.i > dobj.i:
            return [*dobj.subtree, *of.subtree], dobj  # accused X of Y
        if dobj is not None and "dobj" in cue.content:
            toks = list(dobj.subtree)
            for c in kids:  # "dismissing the reports as fabrications"
                if c.dep_ == "prep" and c.lower_ == "as" and c.i > dobj.i:
                    toks.extend(c.subtree)
            return toks, dobj
        if of is not None and "of" in cue.content and of.lower_ == "of":
            objs = [o for o in of.children if o.dep_ in ("pobj", "pcomp")]
            if objs:
                return list(objs[0].subtree), objs[0]
    for c in kids:  # "said in a statement that …", "told reporters in a briefing that …"
        if c.dep_ != "prep" or c.i < tok.i:
            continue
        for obj in (o for o in c.children if o.dep_ == "pobj"):
            for cl in obj.children:
                if cl.dep_ in ("acl", "ccomp", "relcl") and any(
                    m.dep_ == "mark" and m.lower_ == "that" for m in cl.children
                ):
                    return list(cl.subtree), cl
    nxt = _after_addressee(tok)
    if nxt is not None and nxt.lower_ == "that":  # a misparsed that-clause: to sentence end
        return [t for t in tok.sent if t.i >= nxt.i], None
    if tok.lemma_ in DATIVE or "xcomp" in cue.content:
        for t in tok.sent:  # "told X, which …, not to cross": an infinitive misattached
            if (
                t.i > tok.i + 1 and t.lower_ == "to" and t.dep_ == "aux"
                and t.head.pos_ == "VERB" and (t.nbor(-1).lower_ == "not" or t.nbor(-1).is_punct)
            ):  # fmt: skip
                first = t.nbor(-1) if t.nbor(-1).lower_ == "not" else t
                return [x for x in tok.sent if x.i >= first.i], t.head
    if tok.dep_ == "parataxis":  # “We will fight,” he said, “to the end.”
        inner = set(t.i for t in tok.subtree)
        toks = [t for t in tok.head.subtree if t.i not in inner]
        return toks, tok.head
    return None


def _after_addressee(tok):
    """The token after the cue and its addressee ("told reporters that…")."""
    i = tok.i + 1
    doc = tok.doc
    for c in tok.children:
        if (
            c.dep_ in ("dobj", "dative") and c.left_edge.i == i
            and c.left_edge.lower_ != "that" and tok.lemma_ in DATIVE
        ):  # fmt: skip
            i = c.right_edge.i + 1
            break
    while i < len(doc) and (doc[i].is_punct and doc[i].text not in QUOTE_CHARS or doc[i].is_space):
        i += 1
    return doc[i] if i < len(doc) and doc[i].sent == tok.sent else None
