"""Annotated same-incident gold for FA-KES (``benchmarks/data/fakes_incident_keys.csv``).

Every one of the 804 FA-KES articles was read and given the keys of the specific violent
incidents it reports as news (headline incident first), one key per happening at one
locality on one day, reused across articles that tell the same happening (guidelines in
docs/benchmarks/incidents.md). Two articles are a gold pair when they share a key:

* ``any``: they share any key;
* ``main``: their headline (first) keys are the same.

Pairs of articles with identical text (syndicated copies, FA-KES duplicates) are left out
of the gold and of the predictions: linking a copy to itself says nothing.

Split by time, so no incident straddles it: **dev** = articles dated (dateline, else crowd
date) up to 2016-07-16 (401), **test** = from 2016-07-18 on (403). Everything about the
linker was chosen on dev.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date
from itertools import combinations
from pathlib import Path

from _fakes import FakesRow

KEYS_CSV = Path(__file__).resolve().parent / "data" / "fakes_incident_keys.csv"
SPLIT_DAY = date(2016, 7, 17)  # dev < this day <= test; no article is dated 2016-07-17


def load_keys(path: Path = KEYS_CSV) -> dict[int, list[str]]:
    """row index -> incident keys (headline first; empty when the article reports none)."""
    out = {}
    with path.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            keys = [k.strip() for k in r["keys"].split(";") if k.strip() and k.strip() != "-"]
            out[int(r["row"])] = keys
    return out


def row_day(row: FakesRow) -> date | None:
    from _event_datasets import dateline

    return dateline(row.text) or row.date


def split(rows: list[FakesRow]) -> dict[str, set[int]]:
    dev = {r.index for r in rows if (d := row_day(r)) is not None and d < SPLIT_DAY}
    return {"dev": dev, "test": {r.index for r in rows} - dev}


def _same_text(rows: list[FakesRow], a: int, b: int) -> bool:
    return rows[a].text.strip() == rows[b].text.strip()


def gold_pairs(rows: list[FakesRow], keys: dict[int, list[str]], view: str) -> set[tuple[int, int]]:
    by_key: dict[str, set[int]] = defaultdict(set)
    for i, ks in keys.items():
        for k in ks[:1] if view == "main" else ks:
            by_key[k].add(i)
    out = set()
    for members in by_key.values():
        for a, b in combinations(sorted(members), 2):
            if not _same_text(rows, a, b):
                out.add((a, b))
    return out


def drop_copies(rows: list[FakesRow], pairs: set[tuple[int, int]]) -> set[tuple[int, int]]:
    return {p for p in pairs if not _same_text(rows, *p)}
