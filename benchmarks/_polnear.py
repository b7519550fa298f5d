"""PolNeAR (Newell et al., LREC 2018) reader: articles and their gold attributions.

Data: ``shared/datasets/polnear`` (see its PROVENANCE.md). One ``.ann`` file per
(article, annotator), BRAT standoff; offsets are Python string indices into the ``.txt``,
discontinuous spans use ``;``. Some articles were annotated by all six annotators; we
evaluate against one consistent annotator for those: the first annotator id in sorted
order that annotated the article (``4b22`` wherever it is present), so every article
counts once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "polnear" / "data"
if not ROOT.exists():  # the repo checked out elsewhere: the shared folder of this machine
    ROOT = Path("/work/shared/datasets/polnear/data")

RECORD = re.compile(r"\n(?=[TE#]\d*\t)")
Frag = tuple[int, int]


@dataclass(slots=True)
class GoldAttribution:
    cue: list[Frag]
    content: list[Frag]
    source: list[Frag] | None  # None: Attribution-no-source


@dataclass(slots=True)
class Article:
    name: str
    annotator: str
    text: str
    attributions: list[GoldAttribution] = field(default_factory=list)


def _frags(spec: str) -> list[Frag]:
    out = []
    for part in spec.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return out


def parse_ann(raw: str) -> list[GoldAttribution]:
    spans: dict[str, tuple[str, list[Frag]]] = {}
    rels: list[dict[str, str]] = []
    for rec in RECORD.split(raw.strip("\n")):
        if not rec or rec.startswith("#"):
            continue
        ident, rest = rec.split("\t", 1)
        if ident.startswith("T"):
            head = rest.split("\t", 1)[0]
            typ, spec = head.split(" ", 1)
            spans[ident] = (typ, _frags(spec))
        elif ident.startswith("E"):
            rels.append(dict(arg.split(":", 1) for arg in rest.split()))
    out = []
    for r in rels:
        if "Cue" not in r or "Content" not in r:
            continue
        src = spans[r["Source"]][1] if "Source" in r and r["Source"] in spans else None
        out.append(
            GoldAttribution(cue=spans[r["Cue"]][1], content=spans[r["Content"]][1], source=src)
        )
    return out


def load_split(split: str, limit: int | None = None) -> list[Article]:
    base = ROOT / split
    texts = sorted((base / "text").glob("*.txt"))[:limit]
    out = []
    for path in texts:
        anns = sorted(
            a
            for a in (base / "attributions").glob(path.stem + "_*.ann")
            if a.stem.rsplit("_", 1)[0] == path.stem
        )
        if not anns:
            continue
        ann = anns[0]
        annotator = ann.stem.rsplit("_", 1)[1]
        text = path.read_text(encoding="utf-8")
        out.append(Article(path.stem, annotator, text, parse_ann(ann.read_text(encoding="utf-8"))))
    return out
