"""Throughput of the whole extract path on the 804 FA-KES articles.

    .venv/bin/python benchmarks/throughput.py [--limit N] [--processes 1 2]

Reports articles/s and peak RSS for: spaCy's own ``nlp.pipe`` on the same texts (the
baseline), and sitroom's full extract path with 1 and 2 processes. Target (issue 2): the
extract path keeps >= 70% of spaCy's throughput; peak RSS <= 1.5 GB per process.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _fakes import load_fakes  # noqa: E402

from sitroom.document import Document  # noqa: E402
from sitroom.nlp import load_nlp  # noqa: E402
from sitroom.pipeline import PipelineOptions, run  # noqa: E402


def _peak_rss_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def docs(rows):
    for r in rows:
        yield Document.from_text(
            r.text, id=str(r.index), title=r.title, outlet=r.source,
            published=r.date.isoformat() if r.date else None,
        )  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--json", type=Path, default=None, help="also write results here")
    args = ap.parse_args()
    rows = load_fakes()[: args.limit]
    texts = [r.text for r in rows]
    n = len(rows)
    results = {"articles": n, "date": date.today().isoformat()}

    nlp = load_nlp()
    t = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    spacy_s = time.perf_counter() - t
    results["spacy_nlp_pipe"] = {"seconds": round(spacy_s, 2), "articles_per_s": round(n / spacy_s, 2)}
    print(f"spaCy nlp.pipe        {n / spacy_s:7.2f} articles/s  ({spacy_s:.1f} s)")

    for p in args.processes:
        opts = PipelineOptions(n_process=p)
        t = time.perf_counter()
        ok = skipped = places = times = 0
        first = None
        for _doc, rec in run(docs(rows), opts):
            if first is None:
                first = time.perf_counter() - t
            if hasattr(rec, "places"):
                ok += 1
                places += len(rec.places)
                times += len(rec.times)
            else:
                skipped += 1
        s = time.perf_counter() - t
        own, children = _peak_rss_mb()
        results[f"sitroom_{p}proc"] = {
            "seconds": round(s, 2), "articles_per_s": round(n / s, 2),
            "ratio_to_spacy": round(spacy_s / s, 3), "startup_s": round(first or 0, 2),
            "ok": ok, "skipped": skipped, "places": places, "times": times,
            "peak_rss_mb_main": round(own), "peak_rss_mb_worker": round(children),
        }  # fmt: skip
        print(
            f"sitroom extract -j{p}   {n / s:7.2f} articles/s  ({s:.1f} s, "
            f"{spacy_s / s:.0%} of spaCy, peak RSS main {own:.0f} MB, worker {children:.0f} MB)"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
