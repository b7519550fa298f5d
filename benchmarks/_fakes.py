"""Loader for the FA-KES articles (../shared/datasets/fa-kes/fakes.csv, Windows-1252)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
FAKES_CSV = SHARED / "datasets" / "fa-kes" / "fakes.csv"


@dataclass(frozen=True)
class FakesRow:
    index: int
    unit_id: str
    title: str
    text: str
    source: str
    date: date | None
    location: str
    actor: str
    cause_of_death: str
    nb_civilians: int
    nb_children: int
    nb_women: int
    nb_noncivilians: int
    label: int


def _date(s: str) -> date | None:
    try:
        m, d, y = (int(x) for x in s.split("/"))
        return date(2000 + y if y < 100 else y, m, d)
    except ValueError:
        return None


def load_fakes(path: Path = FAKES_CSV) -> list[FakesRow]:
    with path.open(encoding="cp1252", errors="replace", newline="") as f:
        rows = list(csv.DictReader(f))
    return [
        FakesRow(
            index=i, unit_id=r["unit_id"], title=r["article_title"], text=r["article_content"],
            source=r["source"], date=_date(r["date"]), location=r["location"], actor=r["actor"],
            cause_of_death=r["cause_of_death"], nb_civilians=int(r["nb_civilians"] or 0),
            nb_children=int(r["nb_children"] or 0), nb_women=int(r["nb_women"] or 0),
            nb_noncivilians=int(r["nb_noncivilians"] or 0), label=int(r["label"]),
        )  # fmt: skip
        for i, r in enumerate(rows)
    ]
