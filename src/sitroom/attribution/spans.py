"""Span helpers of the attribution rules: quotations, paragraphs, trimming, noun phrases.

Offsets are character offsets into the text a spaCy ``Doc`` was parsed from.
"""

from __future__ import annotations

import re

from sitroom.nlp import doc_text

QUOTE_RE = re.compile(
    r"“[^”\n]*”|«[^»\n]*»"
    # straight quotes pair up only as an opening (after a space) and a closing (before a
    # space or punctuation) mark, so one missing mark does not shift every later pair
    r"|(?:^|(?<=[\s(\[—–-]))\"(?=\S)[^\"\n]{1,1500}?(?<=\S)\"(?=[\s.,;:!?)\]—–-]|$)"
)
PARA_RE = re.compile(r"[^\n]+")
QUOTE_CHARS = "“”\"«»‘’'"


def quote_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in QUOTE_RE.finditer(text)]


def paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in PARA_RE.finditer(text) if m.group().strip()]


def _tok_end(tok) -> int:
    return tok.idx + len(tok.text)


def _range(tokens) -> tuple[int, int]:
    toks = sorted(tokens, key=lambda t: t.i)
    return toks[0].idx, _tok_end(toks[-1])


DATELINE_PREFIX = DATELINE = re.compile(r"[A-Z][A-Z .,'’-]{2,40}(?:\([^)]{1,30}\))?\s*[―—–-]+\s+")


def trim(text: str, start: int, end: int, *, that: bool = False) -> tuple[int, int]:
    """Shrink (start, end) past spaces, quote marks, edge punctuation, a dateline
    ("WASHINGTON ―") and, with ``that``, a leading "that "."""
    m = DATELINE.match(text, start, end)
    if m:
        start = m.end()
    edge = " \t\n,;:—–-" + QUOTE_CHARS
    changed = True
    while changed and start < end:
        changed = False
        while start < end and text[start] in edge:
            start, changed = start + 1, True
        while start < end and text[end - 1] in edge + ".":
            end, changed = end - 1, True
        if that and text[start:end].lower().startswith("that "):
            start, changed = start + 5, True
    inner = text[start:end]
    if inner.count("“") > inner.count("”") and text[end : end + 1] == "”":
        end += 1  # keep a quotation that closes the content: as “Western propaganda”
    elif inner.count('"') % 2 == 1 and text[end : end + 1] == '"':
        end += 1
    return start, end


def np_span(tok) -> tuple[int, int]:
    """The noun phrase of ``tok`` without relative clauses, coordination or trailing commas."""
    keep = [tok]
    for c in tok.children:
        if c.dep_ in ("relcl", "acl", "cc", "conj", "advcl", "prep") and c.i > tok.i:
            if c.dep_ == "prep" and c.lower_ in ("of", "for", "from", "at", "in"):
                keep.extend(c.subtree)  # "spokesman for the army", "head of the council"
            continue
        keep.extend(c.subtree)
    toks = sorted(keep, key=lambda t: t.i)
    # drop a run broken by a parenthetical: keep the contiguous block around the head
    lo = hi = toks.index(tok)
    while lo > 0 and toks[lo - 1].i == toks[lo].i - 1:
        lo -= 1
    while hi < len(toks) - 1 and toks[hi + 1].i == toks[hi].i + 1:
        hi += 1
    toks = toks[lo : hi + 1]
    while len(toks) > 1 and (toks[-1].is_punct or toks[-1].is_space):
        toks.pop()
    while len(toks) > 1 and (toks[0].is_punct or toks[0].is_space):
        toks.pop(0)
    start, end = _range(toks)
    text = doc_text(tok.doc)
    if text.count("(", start, end) > text.count(")", start, end) and text[end : end + 1] == ")":
        end += 1  # "the Syrian Network for Human Rights (SNHR)"
    return start, end


def _in(pos: int, span: tuple[int, int]) -> bool:
    return span[0] <= pos < span[1]


def _expand_quotes(start, end, cue_pos, quotes):
    for qs, qe in quotes:
        if _in(cue_pos, (qs, qe)):
            continue
        if start < qe and end > qs:  # overlaps a quotation: take all of it
            start, end = min(start, qs), max(end, qe)
    return start, end


def _adjacent_quote(sent, cue_pos, quotes):
    """A quotation in the cue's sentence (or starting right after it) that lacks a cue."""
    s0, s1 = sent.start_char, sent.end_char
    best = None
    for qs, qe in quotes:
        if _in(cue_pos, (qs, qe)):
            continue
        opens = sent.text.rstrip().endswith((":", ",")) and qs < s1 + 3
        if (opens or qs < s1) and qe > s0:
            if best is None or abs(qs - cue_pos) < abs(best[0] - cue_pos):
                best = (qs, qe)
    return best
