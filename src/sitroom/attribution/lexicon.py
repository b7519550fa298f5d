"""The cue lexicon (``sitroom/data/cues.yaml``) as typed, cached data."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

STANCES = ("assert", "deny", "accuse", "threaten")


@dataclass(frozen=True, slots=True)
class Cue:
    lemma: str
    stance: str
    content: tuple[str, ...] = ()  # extra content slots: dobj, xcomp, of
    violent: bool = False  # threaten only with violent/coercive content


@dataclass(frozen=True, slots=True)
class Lexicon:
    verbs: dict[str, Cue]
    nouns: dict[str, Cue]
    prepositions: dict[str, Cue]
    hostile: frozenset[str]
    coercive: frozenset[str]
    falsity: frozenset[str]
    event_verbs: frozenset[str]


def _cues(raw: dict) -> dict[str, Cue]:
    out = {}
    for lemma, spec in (raw or {}).items():
        stance = spec.get("stance", "assert")
        if stance not in STANCES:
            raise ValueError(f"cues.yaml: {lemma!r} has unknown stance {stance!r}")
        out[lemma] = Cue(lemma, stance, tuple(spec.get("content", ())), bool(spec.get("violent")))
    return out


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The packaged lexicon, parsed once per process."""
    raw = yaml.safe_load(resources.files("sitroom").joinpath("data/cues.yaml").read_text("utf-8"))
    return Lexicon(
        verbs=_cues(raw["verbs"]),
        nouns=_cues(raw.get("nouns")),
        prepositions=_cues(raw.get("prepositions")),
        hostile=frozenset(raw.get("hostile", ())),
        coercive=frozenset(raw.get("coercive", ())),
        falsity=frozenset(raw.get("falsity", ())),
        event_verbs=frozenset(raw.get("event_verbs", ())),
    )
