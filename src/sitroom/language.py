"""Language identification for input articles (py3langid, normalised probabilities).

``detect_language(text)`` returns ``(code, confidence)``: an ISO 639-1 code as py3langid
spells it (``en``, ``fr``, ``ar``, ``ru`` …) and the normalised probability of that code
(0..1). Only the first ``SAMPLE_CHARS`` characters are looked at.

The input layer rejects an article (E109) only when ``is_confident_non_english`` holds:
the detected language is not English *and* the confidence is at least
``REJECT_CONFIDENCE``. Very short texts (fewer than ``MIN_LETTERS`` letters: a headline, a
one-line note) carry too little signal, so their confidence is capped at
``SHORT_TEXT_CONFIDENCE`` and they are never rejected.

The model is loaded once per process, on first use.
"""

from __future__ import annotations

import threading

SAMPLE_CHARS = 2000
MIN_LETTERS = 40
REJECT_CONFIDENCE = 0.9
SHORT_TEXT_CONFIDENCE = 0.5

_identifier = None
_lock = threading.Lock()


def _get_identifier():
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _identifier


def detect_language(text: str) -> tuple[str, float]:
    """The most likely language of ``text`` and its probability.

    Texts with fewer than ``MIN_LETTERS`` letters get a confidence of at most
    ``SHORT_TEXT_CONFIDENCE`` (below the rejection threshold); a text without any letter
    is reported as ``("en", 0.0)``.
    """
    sample = text[:SAMPLE_CHARS]
    letters = sum(1 for ch in sample if ch.isalpha())
    if letters == 0:
        return "en", 0.0
    code, conf = _get_identifier().classify(sample)
    conf = float(conf)
    if letters < MIN_LETTERS:
        conf = min(conf, SHORT_TEXT_CONFIDENCE)
    return str(code), conf


def is_confident_non_english(code: str, confidence: float) -> bool:
    """True when an article should be rejected as not English (E109, unless forced)."""
    return code != "en" and confidence >= REJECT_CONFIDENCE
