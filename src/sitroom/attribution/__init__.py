"""The attribution stage ``sitroom.claims.v1``: who says what, and with which stance.

``Attributor`` reads ``doc.spacy`` (and ``doc.times``) and writes ``doc.claims``: one
``Claim`` per attribution and speaker, in text order (``c1``, ``c2``, …). A quotation cut by
its cue ("“A,” X said. “B.”", "“A,” X said, “B.”") is one act of saying, so one claim: its
``content`` is the hull from the first piece to the last (the span the provenance stage
links events through) and ``content_parts`` lists the pieces; the casualty figure is the
first any piece gives. The rules live in
``finder.py`` (spans), ``speaker.py`` (speaker → Actor, coreference) and ``stance.py``;
the cue words are data (``sitroom/data/cues.yaml``).

Passives without an agent ("X was accused of …") have no speaker, so they give no claim;
their target and content are kept in ``doc.extra["attribution.unattributed"]`` as
``{"kind", "cue": Span, "target": Span | None, "content": Span}`` for the events stage.
"""

from __future__ import annotations

from sitroom.attribution.finder import Attribution, find_attributions, trim
from sitroom.attribution.lexicon import Lexicon, load_lexicon
from sitroom.attribution.speaker import SpeakerResolver
from sitroom.attribution.stance import fatalities, refine_stance
from sitroom.document import Document
from sitroom.gazetteer import story_country
from sitroom.model import Claim, Span, Time

__all__ = ["Attribution", "Attributor", "claims_from", "find_attributions"]

UNATTRIBUTED = "attribution.unattributed"
_NOT_CUE_PATH = {
    "relcl",
    "acl",
    "dobj",
    "nsubj",
    "nsubjpass",
    "ccomp",
    "xcomp",
    "advcl",
    "conj",
    "appos",
}


def _claim_date(sdoc, att: Attribution, times: list[Time]) -> Time | None:
    """The time expression that modifies the cue ("said on Thursday"), outside the content."""
    cue_tok = sdoc[att.cue_token]
    for t in times:
        if t.span is None or att.content[0] <= t.span.start < att.content[1]:
            continue
        if not (cue_tok.sent.start_char <= t.span.start < cue_tok.sent.end_char):
            continue
        span = sdoc.char_span(t.span.start, t.span.end, alignment_mode="expand")
        if span is None:
            continue
        h = span.root
        for _ in range(6):
            if h.i == cue_tok.i:
                return t
            if h.i == att.content_root or h.head is h or h.dep_ in _NOT_CUE_PATH:
                break
            h = h.head
    return None


def _leading_date(text: str, att: Attribution, cs: int, ce: int, times: list[Time]):
    """ "said on Saturday it had repelled…": a time right after the cue, parsed into the
    content, is when it was said; the content starts after it."""
    for t in times:
        if t.span is None or not (att.cue[1] <= t.span.start <= cs + 4 and t.span.end < ce):
            continue
        between = text[att.cue[1] : t.span.start].strip().lower()
        if between in ("", "on", "late on", "early on", "in", "last") and cs <= t.span.end:
            rest = trim(text, t.span.end, ce, that=True)
            if rest[1] > rest[0]:
                return t, rest[0]
    return None, cs


def _document_speaker(sdoc, resolver, head_i, s, e, previous):
    """ "The claim, which did not mention a wedding, said …": whoever spoke just before."""
    tok = sdoc[head_i]
    if tok.lemma_.lower() not in DOCUMENT_SUBJECTS or previous is None:
        return None
    if any(
        c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ in ("by", "from")) for c in tok.children
    ):
        return None
    prev_tok = sdoc[previous[0]]
    sents = list(sdoc.sents)
    gap = sents.index(tok.sent) - sents.index(prev_tok.sent)
    return resolver._as_written(previous, s, e) if 0 <= gap <= 2 else None


DOCUMENT_SUBJECTS = {"statement", "claim", "communique", "communiqué", "message", "post", "video"}


def claims_from(
    doc: Document, attributions: list[Attribution], lex: Lexicon, *, dictionary=None
) -> list[Claim]:
    """Claims from attributions: one per speaker, with Actor, stance, date, fatalities."""
    sdoc, text = doc.spacy, doc.text
    resolver = SpeakerResolver(
        sdoc, text, focus_country=story_country(doc), dictionary=dictionary
    )
    out: list[Claim] = []
    previous = None
    for att in attributions:
        cs, ce = trim(text, *att.content, that=True)
        if ce <= cs:
            continue
        date = _claim_date(sdoc, att, doc.times)
        if date is None:
            date, cs = _leading_date(text, att, cs, ce, doc.times)
        for head_i, s, e in att.speakers:
            speaker = _document_speaker(sdoc, resolver, head_i, s, e, previous)
            speaker = speaker or resolver.actor(head_i, s, e)
            previous = (head_i, s, e)
            stance = refine_stance(att, sdoc, text, lex, speaker.text + " " + speaker.name)
            # one act of saying is one claim, however many pieces its quotation is cut into
            # ("“A,” X said. “B.”"): content = the hull, content_parts = the pieces
            pieces = [(cs, ce), *att.continued]
            out.append(
                Claim(
                    id=f"c{len(out) + 1}",
                    speaker=speaker,
                    cue=text[att.cue[0] : att.cue[1]],
                    cue_span=Span.of(text, *att.cue),
                    stance=stance,
                    content=Span.of(text, cs, pieces[-1][1]),
                    content_parts=[Span.of(text, *p) for p in pieces] if att.continued else [],
                    date=date,
                    fatalities=next(
                        (n for n in (fatalities(text[s:e]) for s, e in pieces) if n is not None),
                        None,
                    ),
                )
            )
    _propagate_accusations(out)
    return out


def _propagate_accusations(claims: list[Claim]) -> None:
    """ "X said A, suggesting B" where the nested B accuses: the whole statement accuses."""
    for outer in claims:
        if outer.stance != "assert":
            continue
        for inner in claims:
            if (
                inner is not outer and inner.stance == "accuse"
                and inner.speaker.name == outer.speaker.name
                and outer.content.start <= inner.content.start < outer.content.end
            ):  # fmt: skip
                outer.stance = "accuse"
                break


def _unattributed(doc: Document, attributions: list[Attribution]) -> list[dict]:
    out = []
    for att in attributions:
        if att.speakers:
            continue
        cue = doc.spacy[att.cue_token]
        subj = next((c for c in cue.children if c.dep_ == "nsubjpass"), None)
        target = None
        if subj is not None:
            from sitroom.attribution.spans import np_span

            target = Span.of(doc.text, *np_span(subj))
        out.append(
            {"kind": att.lemma, "cue": Span.of(doc.text, *att.cue), "target": target,
             "content": Span.of(doc.text, *att.content)}
        )  # fmt: skip
    return out


class Attributor:
    """The claims stage: ``doc -> doc`` filling ``doc.claims``."""

    name = "claims"
    requires = ("spacy", "times")
    assigns = ("claims",)

    def __init__(self, *, lexicon: Lexicon | None = None, dictionary=None) -> None:
        """``dictionary``: an object with ``resolve(text, *, modifiers, focus_country)``
        (default: ``sitroom.actors.ActorDictionary.load()`` when it loads; ``False``: none)."""
        self.lexicon = lexicon or load_lexicon()
        self.dictionary = dictionary

    def __call__(self, doc: Document) -> Document:
        if doc.spacy is None:
            raise ValueError("Attributor needs doc.spacy (run the spaCy model first)")
        if self.dictionary is None:  # load (or fail to load) the actor dictionary once
            from sitroom.attribution.speaker import _dictionary

            self.dictionary = _dictionary() or False
        atts = find_attributions(doc.spacy, doc.text, lexicon=self.lexicon)
        doc.claims = claims_from(doc, atts, self.lexicon, dictionary=self.dictionary)
        doc.extra[UNATTRIBUTED] = _unattributed(doc, atts)
        return doc
