"""Find attributions (source, cue, content) in a parsed text with dependency rules.

Pure functions of a spaCy ``Doc`` and the text it was parsed from: no actor resolution,
no stance refinement (see ``speaker.py`` and ``stance.py``). Offsets are character
offsets into ``text`` (which is ``sdoc.text``). The forms found:

* a cue verb with a subject and a that-clause, a quotation or an object
  ("the ministry said rebels…", "“…,” said X", "X denied the strike");
* a participle whose speaker is the subject of the main clause
  ("…, claiming the forces had twice shot at…", "…, adding “…”");
* a cue verb ending its sentence with a colon: the content is the rest of the paragraph,
  or the following paragraph(s) up to the first one that is clearly narrative;
* "according to X" (content: the rest of the sentence);
* a cue noun with a speaker and a that-clause ("the Ministry's declaration that…");
* passives with an agent ("was accused by X of…"); passives without one are returned with
  ``speakers == []`` so callers can keep the target.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sitroom.attribution.lexicon import Cue, Lexicon, load_lexicon
from sitroom.attribution.spans import (  # noqa: F401  (trim, np_span: public helpers)
    QUOTE_CHARS,
    _adjacent_quote,
    _expand_quotes,
    _in,
    _range,
    _tok_end,
    np_span,
    paragraphs,
    quote_spans,
    trim,
)
from sitroom.attribution.syntax import (  # noqa: F401  (FIRST_PERSON: used by stance)
    DOCUMENTS,
    FIRST_PERSON,
    HYPOTHETICAL,
    NARRATIVE_OPENERS,
    NOBODY,
    _after_addressee,
    _animate,
    _clause_content,
    _inherited_subject,
    _speakers,
    _subject,
)


@dataclass(slots=True)
class Attribution:
    """One attribution: char offsets into the text.

    ``source`` covers the whole speaker phrase as written; ``speakers`` lists one
    ``(head token index, start, end)`` per coordinated speaker ("the SDF and the
    Pentagon" → two). ``speakers`` is empty for a passive without an agent."""

    kind: str  # verb | participle | colon | according | noun | passive
    lemma: str
    stance: str  # the cue's default stance (lexicon)
    cue: tuple[int, int]
    content: tuple[int, int]
    source: tuple[int, int] | None
    speakers: list[tuple[int, int, int]] = field(default_factory=list)
    cue_token: int = -1
    content_root: int | None = None  # token index of the content's head, when it has one
    violent: bool = False
    # the same speaker's quotation going on after the cue ("“A,” he said. “B.”")
    continued: list[tuple[int, int]] = field(default_factory=list)


# ------------------------------------------------------------------ colon ------------------


def _colon_content(text, sent, paras, sdoc, lex) -> tuple[int, int] | None:
    """Content introduced by a sentence ending in ':' (rest of paragraph or next ones)."""
    last = [t for t in sent if not t.is_space]
    if not last or last[-1].text != ":":
        return None
    colon_end = _tok_end(last[-1])
    para = next((p for p in paras if _in(last[-1].idx, p)), None)
    if para is None:
        return None
    if text[colon_end : para[1]].strip():
        return colon_end, para[1]
    following = [p for p in paras if p[0] >= para[1]]
    if not following:
        return None
    chosen = [following[0]]
    quoted = text[following[0][0]] in QUOTE_CHARS
    for p in following[1:3]:
        body = text[p[0] : p[1]].strip()
        if quoted:
            if body[:1] not in QUOTE_CHARS:
                break
        elif (
            body.lower().startswith(NARRATIVE_OPENERS)
            or body[-1:] not in '.!?”"'
            or _has_cue(sdoc, p, lex)
        ):
            break
        chosen.append(p)
    if not text[chosen[0][0] : chosen[0][1]].rstrip().endswith((".", "!", "?", "”", '"', ":")):
        return None  # a caption or a headline, not a quotation
    return chosen[0][0], chosen[-1][1]


def _has_cue(sdoc, para, lex) -> bool:
    span = sdoc.char_span(para[0], para[1], alignment_mode="expand")
    if span is None:
        return False
    return any(
        t.lemma_.lower() in lex.verbs and t.pos_ == "VERB" and _subject(t) is not None
        and _subject(t).lower_ not in FIRST_PERSON
        for t in span
    )  # fmt: skip


# ------------------------------------------------------------------ rules ------------------


def _verb(tok, cue: Cue, text, quotes, paras, sdoc, lex) -> Attribution | None:
    if tok.pos_ != "VERB" or any(c.dep_ == "neg" for c in tok.children):
        return None
    subj = _subject(tok)
    kind = "verb"
    if subj is not None and subj.dep_ == "expl":
        return None
    passive = (subj is not None and subj.dep_ == "nsubjpass") or any(
        c.dep_ == "auxpass" for c in tok.children
    )
    if passive:
        agent = next((c for c in tok.children if c.dep_ == "agent"), None)
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
        subj, kind = pobj, "passive"
    elif subj is None:
        subj, kind = _inherited_subject(tok), "participle"
    cue_pos = tok.idx
    if subj is not None and (subj.lower_ in FIRST_PERSON or subj.lower_ in NOBODY):
        return None  # "as I said" inside a quotation, the author's "I", "no one said"
    if subj is not None and any(c.dep_ == "det" and c.lower_ == "no" for c in subj.children):
        return None
    if any(c.dep_ == "aux" and c.lower_ in HYPOTHETICAL for c in tok.children):
        return None  # "would deny", "could say"
    if tok.tag_ == "VB" and not any(
        c.dep_ == "aux" and c.lower_ in ("will", "did", "do", "does") for c in tok.children
    ):
        return None  # "let's say", "tell me", "to say": not a report
    if subj is not None and not _animate(subj):
        return None
    found = _clause_content(tok, cue)
    root = None
    if found is not None:
        toks, root = found
        toks = [t for t in toks if t.i != tok.i]
        if not toks:
            return None
        start, end = _range(toks)
        if root is not None and root.i < tok.i and tok.dep_ == "ROOT" and end <= cue_pos:
            start = tok.sent.start_char  # "A, but B, the source said": all before the cue
        start, end = _expand_quotes(start, end, cue_pos, quotes)
        root = root.i if root is not None else None
    else:
        span = _colon_content(text, tok.sent, paras, sdoc, lex)
        if span is None:
            span = _adjacent_quote(tok.sent, cue_pos, quotes)
        else:
            kind = "colon" if kind == "verb" else kind
        if span is None:
            return None
        start, end = span
    if _in(cue_pos, (start, end)):  # "…, he said, …": keep the longer side
        left = trim(text, start, tok.left_edge.idx)
        right = trim(text, _tok_end(tok.right_edge), end)
        start, end = max((left, right), key=lambda se: se[1] - se[0])
    start, end = trim(text, start, end)
    if end <= start or _in(cue_pos, (start, end)):
        return None
    speakers = _speakers(subj) if subj is not None else []
    if subj is not None and not speakers:
        return None
    if kind != "passive" and not speakers:
        return None
    return Attribution(
        kind=kind if speakers or kind == "passive" else kind,
        lemma=cue.lemma,
        stance=cue.stance,
        cue=(tok.idx, _tok_end(tok)),
        content=(start, end),
        source=(speakers[0][1], speakers[-1][2]) if speakers else None,
        speakers=speakers,
        cue_token=tok.i,
        content_root=root,
        violent=cue.violent,
    )


def _according(tok, cue: Cue, text) -> Attribution | None:
    to = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if to is None or to.lower_ != "to":
        return None
    objs = [c for c in to.children if c.dep_ == "pobj"]
    if not objs:
        return None
    if any(t.lower_ in FIRST_PERSON or t.lower_ in ("our", "my") for t in objs[0].subtree):
        return None  # "according to our information" inside a quotation
    speakers = _speakers(objs[0])
    if not speakers:
        return None
    phrase = {tok.i, to.i, *(t.i for t in to.subtree)}
    sent = tok.sent
    runs, run = [], []
    for t in sent:
        if t.i in phrase:
            if run:
                runs.append(run)
            run = []
        else:
            run.append(t)
    if run:
        runs.append(run)
    runs = [r for r in runs if any(not t.is_punct for t in r)]
    if not runs:
        return None
    if len(runs) > 1:  # "the toll, according to the ministry, rose to 40": the whole clause
        best = [t for r in runs for t in r]
    else:
        best = runs[0]
    start, end = trim(text, *_range(best))
    if end <= start:
        return None
    root = next((t for t in best if t.head.i not in {b.i for b in best} or t.head is t), None)
    return Attribution(
        kind="according", lemma="according to", stance=cue.stance,
        cue=(tok.idx, _tok_end(to)), content=(start, end),
        source=(speakers[0][1], speakers[-1][2]), speakers=speakers,
        cue_token=tok.i, content_root=root.i if root is not None else None,
    )  # fmt: skip


def _noun(tok, cue: Cue, text, quotes) -> Attribution | None:
    if tok.pos_ != "NOUN":
        return None
    speaker = None
    for c in tok.children:
        if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN", "PRON"):
            speaker = c
        elif c.dep_ == "prep" and c.lower_ in ("by", "from") and c.i > tok.i:
            speaker = next((o for o in c.children if o.dep_ == "pobj"), speaker)
    if speaker is None:
        return None
    content = None
    for c in tok.children:
        if c.dep_ in ("acl", "ccomp", "appos", "relcl") and any(
            m.dep_ == "mark" and m.lower_ == "that" for m in c.children
        ):
            content = c
            break
        if c.dep_ == "prep" and c.lower_ == "of" and "of" in cue.content:
            content = next((o for o in c.children if o.dep_ in ("pobj", "pcomp")), None)
            if content is not None:
                break
    if content is None:
        return None
    start, end = _expand_quotes(*_range(list(content.subtree)), tok.idx, quotes)
    start, end = trim(text, start, end)
    speakers = _speakers(speaker)
    if end <= start or not speakers:
        return None
    return Attribution(
        kind="noun", lemma=cue.lemma, stance=cue.stance, cue=(tok.idx, _tok_end(tok)),
        content=(start, end), source=(speakers[0][1], speakers[-1][2]), speakers=speakers,
        cue_token=tok.i, content_root=content.i, violent=cue.violent,
    )  # fmt: skip


def find_attributions(sdoc, text: str | None = None, *, lexicon: Lexicon | None = None):
    """Every attribution in ``sdoc`` (a parsed spaCy Doc), in text order.

    Returns ``list[Attribution]``; passives without an agent are included with empty
    ``speakers`` (callers that need a speaker skip them)."""
    text = sdoc.text if text is None else text
    lex = lexicon or load_lexicon()
    quotes = quote_spans(text)
    paras = paragraphs(text)
    out: list[Attribution] = []
    for tok in sdoc:
        lemma = tok.lemma_.lower()
        a = None
        if tok.lower_ == "according" and "according to" in lex.prepositions:
            a = _according(tok, lex.prepositions["according to"], text)
        elif lemma in lex.verbs and tok.pos_ == "VERB":
            a = _verb(tok, lex.verbs[lemma], text, quotes, paras, sdoc, lex)
        elif lemma in lex.nouns and tok.pos_ == "NOUN":
            a = _noun(tok, lex.nouns[lemma], text, quotes)
        if a is not None:
            out.append(a)
    out.sort(key=lambda a: a.cue)
    _continue_quotes(out, text, quotes, paras, sdoc)
    return out


def _continue_quotes(atts: list[Attribution], text: str, quotes, paras, sdoc=None) -> None:
    """A quotation that goes on after its cue: “A,” X said. “B.” One act of saying.

    The next quotation continues it when only the rest of the cue's sentence (no quote mark,
    no other cue) lies between them, in the same paragraph or, when the quotation opens
    the next paragraph and that paragraph has no cue, the next one; further quotations
    follow when nothing but spaces separates them (or, again, a paragraph break)."""
    taken = [a.content for a in atts]
    cues = [a.cue[0] for a in atts]
    for a in atts:
        if a.kind not in ("verb", "participle") or not a.speakers:
            continue
        if not any(
            qs <= a.content[0] and a.content[1] <= qe and qe <= a.cue[0] for qs, qe in quotes
        ):
            continue
        para = next((p for p in paras if _in(a.cue[0], p)), None)
        if para is None:
            continue
        sent_end = _sentence_end(sdoc, a.cue_token, a.cue[1]) if sdoc is not None else a.cue[1]
        pos = a.cue[1]
        for qs, qe in quotes:
            if qs < pos:
                continue
            gap = text[pos:qs]
            if any(ch in gap for ch in QUOTE_CHARS if ch not in "'’") or any(
                pos <= c < qs for c in cues
            ):
                break
            if pos == a.cue[1]:  # the rest of the cue's sentence, and no more
                if len(gap) > MAX_GAP or (len(gap) > 80 and text[sent_end:qs].strip()):
                    break
            elif gap.strip():
                break
            q_para = next((p for p in paras if _in(qs, p)), None)
            if q_para != para:
                if not CROSS_PARAGRAPH or q_para is None or text[q_para[0]] not in QUOTE_CHARS:
                    break
                if any(_in(c, q_para) for c in cues):
                    break
                para = q_para
            span = trim(text, qs, qe)
            if any(s < span[1] and span[0] < e for s, e in taken):
                break
            a.continued.append(span)
            pos = qe


CROSS_PARAGRAPH = True
MAX_GAP = 250


def _sentence_end(sdoc, cue_token: int, default: int) -> int:
    sent = sdoc[cue_token].sent
    return max(sent.end_char, default)
