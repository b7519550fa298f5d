"""Incident linking on the fictional cross-conflict sets (benchmarks/data/*-incidents*).

Ingests a set's articles into a fresh store with the CLI a user would run, reads the
incidents back, and scores article pairs: a predicted pair is two articles with events in
one incident; a gold pair is two articles with the same non-null key. Prints pairwise
P/R/F1 and, with ``--detail``, the missed and the false pairs. The default set is
``crossconflict-incidents``; ``--data`` names another folder with ``articles.jsonl`` and
``gold.json`` (``heldout-incidents``, ``heldout-incidents-2``, ``heldout-incidents-3``: read
each README for whether its errors have been looked at).

    .venv/bin/python benchmarks/incidents_crossconflict.py [--data DIR] [--similarity lexical] [--detail]
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "crossconflict-incidents"


def pairs_of(groups: dict[str, set[str]]) -> set[tuple[str, str]]:
    return {p for arts in groups.values() for p in itertools.combinations(sorted(arts), 2)}


def score(gold: dict[str, str | None], incidents: list[dict]) -> dict:
    by_key: dict[str, set[str]] = defaultdict(set)
    for art, key in gold.items():
        if key is not None:
            by_key[key].add(art)
    predicted = {inc["id"]: {m["article"] for m in inc["members"]} for inc in incidents}
    g, p = pairs_of(by_key), pairs_of(predicted)
    tp = g & p
    prec = len(tp) / len(p) if p else 0.0
    rec = len(tp) / len(g) if g else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {
        "gold_pairs": len(g), "predicted_pairs": len(p), "tp": len(tp),
        "precision": prec, "recall": rec, "f1": f1,
        "missed": sorted(g - p), "false": sorted(p - g),
    }  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--similarity", default="lexical", choices=["auto", "embeddings", "lexical"])
    ap.add_argument("--detail", action="store_true")
    ap.add_argument("--data", type=Path, default=DATA, help="a folder with articles.jsonl and gold.json")
    args = ap.parse_args(argv)
    data = args.data
    sitroom = [sys.executable, "-m", "sitroom"]
    gold = json.loads((data / "gold.json").read_text())
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "cc.duckdb")
        t0 = time.perf_counter()
        subprocess.run(
            [*sitroom, "ingest", str(data / "articles.jsonl"), "--db", db, "-q",
             "--similarity", args.similarity],
            check=True, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        took = time.perf_counter() - t0
        out = subprocess.run(
            [*sitroom, "incidents", "--db", db, "--format", "json"],
            check=True, capture_output=True, text=True,
        ).stdout
    incidents = json.loads(out)["incidents"]
    s = score(gold, incidents)
    print(f"{data.name}: {len(gold)} articles, similarity {args.similarity}")
    print(
        f"pairwise P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f} "
        f"(gold {s['gold_pairs']}, predicted {s['predicted_pairs']}, correct {s['tp']}); "
        f"{len(incidents)} incidents; ingest + link {took:.1f} s"
    )
    if args.detail:
        for name in ("missed", "false"):
            print(f"{name} pairs:")
            for a, b in s[name]:
                print(f"  {a} — {b}  (gold {gold.get(a)} / {gold.get(b)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
