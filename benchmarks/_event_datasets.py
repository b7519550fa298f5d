"""Loaders and shared helpers for the event benchmarks (events_*.py).

Datasets live in ../shared/datasets (see each PROVENANCE.md there). Nothing here runs the
model; ``run_records`` does, in batches, through ``sitroom.api.extract_documents`` (the
same pipeline as ``extract_text``, one document per sentence/article).
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = REPO.parent / "shared"
DATASETS = SHARED / "datasets"
PLOVER_GSR = DATASETS / "plover-gsr" / "PLOVER_GSR_CAMEO.txt"
PETR_VALIDATION = (
    DATASETS / "petrarch-validation" / "UniversalPetrarch" / "PETR2_GSR_validation.xml"
)
PETR_UNITTEST = DATASETS / "petrarch-validation" / "petrarch2" / "PETR.UnitTest.records.xml"
FAKES_SPLIT = DATASETS / "fa-kes" / "split_patterns2021"
EVENTS_MD = REPO / "docs" / "benchmarks" / "events.md"


# --------------------------------------------------------------------------- PLOVER GSR


@dataclass(frozen=True)
class PloverSentence:
    id: str
    text: str
    event: str  # the file's own (PLOVER 0.5b1) category
    mode: str | None
    source_codes: tuple[str, ...]
    target_codes: tuple[str, ...]
    source_sectors: tuple[str, ...]
    target_sectors: tuple[str, ...]


def _actors(v) -> list[dict]:
    return [a for a in v if isinstance(a, dict)] if isinstance(v, list) else []


def load_plover_gsr(path: Path = PLOVER_GSR) -> list[PloverSentence]:
    """The 322 coded sentences (the DOCUMENT header record is dropped). The file is a JSON
    array with raw line breaks inside some strings, hence ``strict=False``."""
    data = json.loads(path.read_text(encoding="utf-8"), strict=False)
    out = []
    for r in data:
        if r.get("event") in (None, "DOCUMENT") or not r.get("text"):
            continue
        src, tar = _actors(r.get("source")), _actors(r.get("target"))
        out.append(
            PloverSentence(
                id=r["id"], text=" ".join(r["text"].split()), event=r["event"],
                mode=r.get("mode") or None,
                source_codes=tuple(a.get("code") or "" for a in src),
                target_codes=tuple(a.get("code") or "" for a in tar),
                source_sectors=tuple(a.get("sector") or "" for a in src),
                target_sectors=tuple(a.get("sector") or "" for a in tar),
            )
        )  # fmt: skip
    return out


# --------------------------------------------------------------------------- PETRARCH


@dataclass(frozen=True)
class PetrSentence:
    id: str
    category: str
    date: date | None
    text: str
    codings: tuple[tuple[str, str, str], ...]  # (source, target, CAMEO event code)
    noevents: bool

    @property
    def roots(self) -> frozenset[str]:
        """CAMEO root codes (first two digits: "042" → "04", "1124" → "11")."""
        return frozenset(c[2][:2] for c in self.codings if c[2])


_SENT = re.compile(r"<Sentence\b([^>]*?)(/?)>(.*?)(?=<Sentence\b|</Sentences>|\Z)", re.S)
_ATTR = re.compile(r'(\w+)\s*=\s*"([^"]*)"')
_CODING = re.compile(r"<EventCoding\b([^>]*)/?>")
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def load_petrarch(path: Path) -> list[PetrSentence]:
    """Sentences of a PETRARCH validation file. Parsed with regular expressions because
    the files mix ``#`` comment blocks and self-closing ``<Sentence/>`` tags followed by
    their codings (PETR2_GSR) with ordinary nesting (unit tests)."""
    raw = _COMMENT.sub("", path.read_text(encoding="utf-8"))
    out = []
    for attrs, _slash, body in _SENT.findall(raw):
        a = dict(_ATTR.findall(attrs))
        m = _TEXT.search(body)
        if not m:
            continue
        codings, noevents = [], False
        for c in _CODING.findall(body):
            ca = dict(_ATTR.findall(c))
            if ca.get("noevents", "").lower() == "true":
                noevents = True
            elif ca.get("eventcode"):
                codings.append(
                    (ca.get("sourcecode", ""), ca.get("targetcode", ""), ca["eventcode"])
                )
        d = a.get("date", "")
        try:
            day = date(int(d[:4]), int(d[4:6]), int(d[6:8]))
        except ValueError:
            day = None
        out.append(
            PetrSentence(
                id=a.get("id", ""), category=a.get("category", ""), date=day,
                text=" ".join(m.group(1).split()), codings=tuple(codings), noevents=noevents,
            )
        )  # fmt: skip
    return out


# --------------------------------------------------------------------------- FA-KES


def fakes_test_unit_ids() -> set[str]:
    """unit_ids of the authors' 2021 test split (161 rows; unit_ids are not unique in
    fakes.csv, so a duplicated id puts all its rows in the test set)."""
    with (FAKES_SPLIT / "feature_extraction_test_updated.csv").open(encoding="utf-8") as f:
        return {r["unit_id"] for r in csv.DictReader(f)}


_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        ["jan january", "feb february", "mar march", "apr april", "may", "jun june",
         "jul july", "aug august", "sep sept september", "oct october", "nov november",
         "dec december"]
    )
    for m in names.split()
}  # fmt: skip
_MON = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_DATELINE = [
    # "Wed 05 Apr 2017", "12 February 2015", "29 Jul 2016", "Wednesday 07 December 2016"
    (re.compile(rf"\b(\d{{1,2}})\s+{_MON}\.?,?\s+((?:19|20)\d\d)(?!\d)", re.I), "dmy"),
    # "April 5 2017", "Published February 18 2015", "Fri Sep 27 2013", "Apr 232017"
    (re.compile(rf"\b{_MON}\.?\s+(\d{{1,2}}),?\s*((?:19|20)\d\d)(?!\d)", re.I), "mdy"),
    # "24.08.2013", "13-12-2014", "21.08.2013Get short URL" (no word boundary after the year)
    (re.compile(r"\b(\d{1,2})[.-](\d{1,2})[.-]((?:19|20)\d\d)(?!\d)"), "dmy_num"),
]


def _month(s: str) -> int:
    s = s.lower()
    return _MONTHS.get(s) or _MONTHS[s[:3]]


def dateline(text: str, window: int = 120) -> date | None:
    """The article's own date when its first ``window`` characters carry one (most FA-KES
    texts start with a dateline: "Wed 05 Apr 2017", "April 5 2017", "24.08.2013"...);
    the earliest-starting pattern wins. None when there is none."""
    head = text[:window]
    best: tuple[int, date] | None = None
    for rx, kind in _DATELINE:
        m = rx.search(head)
        if not m:
            continue
        try:
            if kind == "dmy":
                d = date(int(m.group(3)), _month(m.group(2)), int(m.group(1)))
            elif kind == "mdy":
                d = date(int(m.group(3)), _month(m.group(1)), int(m.group(2)))
            else:
                d = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except (ValueError, KeyError):
            continue
        if best is None or m.start() < best[0]:
            best = (m.start(), d)
    return best[1] if best else None


# --------------------------------------------------------------------------- running


def add_common_args(ap) -> None:
    ap.add_argument("--limit", type=int, default=None, help="only the first N items")
    ap.add_argument("--write", action="store_true", help="update docs/benchmarks/events.md")
    ap.add_argument("--json", type=Path, default=None, help="also write the results here")
    ap.add_argument(
        "--stages", default=None,
        help="comma-separated stage names instead of the default pipeline (debugging)",
    )  # fmt: skip


def run_records(
    items: Sequence[tuple[str, str, str | None]], *, stages: str | None = None,
    progress: bool = True,
) -> Iterator:  # fmt: skip
    """Extract ``(id, text, published)`` items in order; yields ArticleRecord or the
    InputError that skipped the item."""
    from sitroom.api import extract_documents
    from sitroom.document import Document
    from sitroom.pipeline import PipelineOptions

    opts = PipelineOptions(stages=tuple(stages.split(","))) if stages else PipelineOptions()

    def docs() -> Iterable[Document]:
        for i, text, pub in items:
            yield Document.from_text(text, id=i, published=pub)

    n = len(items)
    for k, rec in enumerate(extract_documents(docs(), opts), 1):
        if progress and (k % 25 == 0 or k == n):
            print(f"\r  extracted {k}/{n}", end="" if k < n else "\n", file=sys.stderr, flush=True)
        yield rec


def top_event(rec, types: Iterable[str] | None = None):
    """The highest-confidence event (first on ties), optionally among ``types``; None."""
    evs = [e for e in getattr(rec, "events", []) or [] if types is None or e.type in types]
    if not evs:
        return None
    return max(evs, key=lambda e: e.confidence)  # max keeps the first of equal keys


# --------------------------------------------------------------------------- reporting


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def prf(self) -> tuple[float | None, float | None, float | None]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else None
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else None
        f = None
        if p is not None and r is not None:
            f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def fmt(x: float | None, pct: bool = False) -> str:
    if x is None:
        return "–"
    return f"{100 * x:.1f}%" if pct else f"{x:.3f}"


@dataclass
class MdTable:
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)

    def add(self, *cells) -> None:
        self.rows.append([str(c) for c in cells])

    def markdown(self) -> str:
        out = ["| " + " | ".join(self.header) + " |", "|" + "---|" * len(self.header)]
        out += ["| " + " | ".join(r) + " |" for r in self.rows]
        return "\n".join(out)

    def rich(self, title: str | None = None):
        from rich.table import Table

        t = Table(title=title, title_justify="left")
        for i, h in enumerate(self.header):
            t.add_column(h, justify="left" if i == 0 else "right")
        for r in self.rows:
            t.add_row(*r)
        return t


def write_section(name: str, body: str, path: Path = EVENTS_MD) -> None:
    """Replace the text between ``<!-- name:start -->`` and ``<!-- name:end -->`` in
    ``path`` (appending the markers when missing)."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"{start}\n{body.strip()}\n{end}"
    if start in text and end in text:
        a, b = text.index(start), text.index(end) + len(end)
        text = text[:a] + block + text[b:]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def sitroom_version() -> str:
    import subprocess

    from sitroom import __version__

    try:
        rev = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--", "src"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        if dirty:
            rev += " + uncommitted changes in src/"
    except (OSError, subprocess.CalledProcessError):
        rev = "?"
    return f"sitroom {__version__} @ {rev}"
