"""Gold same-incident article pairs derived from FA-KES crowd codes.

Rule: two articles (rows) describe the same incident when

* both have a crowd date and the dates are within 1 day of each other,
* the same governorate (``location``),
* the same cause of death, other than ``unknown``,
* compatible casualty counts: ``nb_civilians`` of both > 0 and within 20% of the larger
  (|a - b| <= 0.2 * max(a, b)), or both small (<= 5) and equal; two rows that both give 0
  civilians are not paired (0 means "none or not given": nothing ties them together),
* the rows are different articles (different row index and text).

Caveats (see docs/benchmarks/incidents.md): the fields are crowd-coded; "fake" articles
(label 0) were labelled so because their facts disagree with the VDC casualty database,
i.e. their date/place/toll are deliberately or accidentally off, so pairs involving them
are noisier; hence ``credible_only``. Governorates are coarse (Aleppo city had several
strikes a day in 2016), so two different strikes on the same day in the same governorate
with similar tolls are a gold pair — the gold over-merges a little.

Pairs are unordered ``(i, j)`` row indices with ``i < j``.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from itertools import combinations
from pathlib import Path

from _fakes import SHARED, FakesRow

SPLIT = SHARED / "datasets" / "fa-kes" / "split_patterns2021"


def compatible_counts(a: int, b: int) -> bool:
    if a <= 0 or b <= 0:
        return False
    if a <= 5 and b <= 5:
        return a == b
    return abs(a - b) <= 0.2 * max(a, b)


def same_incident(a: FakesRow, b: FakesRow) -> bool:
    return (
        a.date is not None and b.date is not None and abs((a.date - b.date).days) <= 1
        and a.location == b.location and a.location != ""
        and a.cause_of_death == b.cause_of_death and a.cause_of_death != "unknown"
        and compatible_counts(a.nb_civilians, b.nb_civilians)
        and a.text.strip() != b.text.strip()
    )  # fmt: skip


def gold_pairs(rows: list[FakesRow], *, credible_only: bool = False) -> set[tuple[int, int]]:
    """Same-incident pairs among ``rows`` (blocked by governorate + cause, then compared)."""
    blocks: dict[tuple, list[FakesRow]] = defaultdict(list)
    for r in rows:
        if credible_only and r.label != 1:
            continue
        if r.date is not None:
            blocks[(r.location, r.cause_of_death)].append(r)
    out = set()
    for block in blocks.values():
        for a, b in combinations(block, 2):
            if same_incident(a, b):
                out.add((min(a.index, b.index), max(a.index, b.index)))
    return out


def split_unit_ids(part: str) -> set[str]:
    """unit_ids of the authors' 2021 split: ``dev`` (their train file) or ``test``."""
    name = {"dev": "feature_extraction_train_updated.csv",
            "test": "feature_extraction_test_updated.csv"}[part]  # fmt: skip
    with (SPLIT / name).open(encoding="utf-8") as f:
        return {r["unit_id"] for r in csv.DictReader(f)}


def split_rows(rows: list[FakesRow], part: str) -> list[FakesRow]:
    """Rows of one part. unit_ids are not unique; a row whose id is in the test file is a
    test row (so dev and test never share a unit_id)."""
    test = split_unit_ids("test")
    if part == "test":
        return [r for r in rows if r.unit_id in test]
    return [r for r in rows if r.unit_id not in test]


__all__ = ["gold_pairs", "same_incident", "split_rows", "compatible_counts", "Path"]
