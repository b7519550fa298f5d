"""The trigger lexicon (``data/triggers.yaml``): words that say something happened."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True, slots=True)
class Trigger:
    lemma: tuple[str, ...]
    pos: str
    type: str | None
    mode: str | None
    acled: tuple[str, str | None] | None
    weight: float
    role: str | None = None
    senses: frozenset[str] = frozenset()


@dataclass(slots=True)
class Lexicon:
    single: dict[str, list[Trigger]]
    multi: dict[str, list[Trigger]]  # first lemma -> multi-word triggers starting with it

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> Lexicon:
        raw = yaml.safe_load(
            resources.files("sitroom.data").joinpath("triggers.yaml").read_text("utf-8")
        )
        single: dict[str, list[Trigger]] = defaultdict(list)
        multi: dict[str, list[Trigger]] = defaultdict(list)
        for row in raw["triggers"]:
            acled = None
            if row.get("acled"):
                et, _, sub = (x.strip() for x in row["acled"].partition("|"))
                acled = (et, sub or None)
            words = tuple(str(row["lemma"]).lower().split())
            t = Trigger(
                lemma=words, pos=row.get("pos", "ANY"), type=row.get("type"),
                mode=row.get("mode"), acled=acled, weight=float(row.get("weight", 0.5)),
                role=row.get("role"), senses=frozenset(row.get("senses") or ()),
            )  # fmt: skip
            (multi if len(words) > 1 else single)[words[0]].append(t)
        for v in multi.values():
            v.sort(key=lambda t: -len(t.lemma))
        return cls(single=dict(single), multi=dict(multi))

    def lookup(self, tok) -> Trigger | None:
        pos = pos_of(tok)
        lem = tok.lemma_.lower()
        cands = self.single.get(lem) or self.single.get(tok.lower_)
        if not cands and pos == "NOUN" and lem.endswith("s"):  # "Airstrikes" tagged PROPN
            cands = self.single.get(lem[:-1])
        for t in cands or ():
            if t.pos in ("ANY", pos):
                return t
        return None


def pos_of(tok) -> str:
    if tok.pos_ in ("VERB", "AUX"):
        return "VERB"
    if tok.pos_ in ("NOUN", "PROPN"):
        return "NOUN"
    return tok.pos_
