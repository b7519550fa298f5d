"""Cost of `sitroom ingest` over extraction alone, on the 804 FA-KES articles.

    .venv/bin/python benchmarks/ingest.py [--limit N] [--processes 1] [--json out.json]

Each phase runs in its own fresh process (so peak RSS is the phase's own):

* ``extract``: the extract path only (``sitroom.pipeline.run``), records thrown away;
* ``ingest``: extraction + store writes + incident linking (the linker's default
  similarity: sentence embeddings when installed) into a new DuckDB file;
* ``ingest-lexical``: the same with lexical similarity for linking;
* ``reingest``: the same input again into the store the previous ingest phase made
  (every article unchanged).

Target (issue 4): ingest within 1.3x the time of extraction alone. Results go to
docs/benchmarks/ingest.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _fakes import load_fakes  # noqa: E402

from sitroom.document import Document  # noqa: E402

PHASES = ("extract", "ingest-lexical", "ingest", "reingest")


def docs(limit: int | None):
    for r in load_fakes()[:limit]:
        yield Document.from_text(
            r.text, id=str(r.index), title=r.title, outlet=r.source,
            published=r.date.isoformat() if r.date else None,
        )  # fmt: skip


def _peak_rss_mb() -> dict[str, int]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"peak_rss_mb_main": round(own), "peak_rss_mb_workers": round(children)}


def phase(name: str, *, limit: int | None, processes: int, db: Path) -> dict:
    """Run one phase in this process; its figures."""
    from sitroom.pipeline import PipelineOptions, run
    from sitroom.store import IngestOptions, Store, ingest

    t = time.perf_counter()
    out: dict = {"phase": name}
    if name == "extract":
        ok = events = 0
        for _doc, rec in run(docs(limit), PipelineOptions(n_process=processes)):
            if hasattr(rec, "events"):
                ok += 1
                events += len(rec.events)
        out.update(articles=ok, events=events)
    else:
        sim = "lexical" if name == "ingest-lexical" else None
        with Store.open(db) as store:
            stats = ingest(docs(limit), store, IngestOptions(n_process=processes, similarity=sim))
        out.update(
            articles=stats.written + stats.replaced, unchanged=stats.unchanged,
            skipped=len(stats.skipped), events=stats.events,
            store={k: v for k, v in stats.store_counts.items()},
            db_mb=round(db.stat().st_size / 2**20, 1),
        )  # fmt: skip
    out["seconds"] = round(time.perf_counter() - t, 2)
    out.update(_peak_rss_mb())
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--processes", type=int, default=1)
    ap.add_argument("--phases", nargs="+", default=list(PHASES), choices=PHASES)
    ap.add_argument("--json", type=Path, default=None, help="also write results here")
    ap.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)  # child process
    ap.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.phase:
        res = phase(args.phase, limit=args.limit, processes=args.processes, db=args.db)
        print(json.dumps(res))
        return

    tmp = Path(tempfile.mkdtemp(prefix="sitroom-ingest-bench-"))
    results: dict = {"date": date.today().isoformat(), "processes": args.processes,
                     "limit": args.limit, "cpus": os.cpu_count()}  # fmt: skip
    last_db = tmp / "store.duckdb"
    for name in args.phases:
        if name == "reingest":  # the same input again, into the store the last ingest made
            db = last_db
        else:
            db = last_db = tmp / f"{name}.duckdb"
        cmd = [sys.executable, __file__, "--phase", name, "--db", str(db),
               "--processes", str(args.processes)]  # fmt: skip
        if args.limit:
            cmd += ["--limit", str(args.limit)]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
        res = json.loads(proc.stdout.strip().splitlines()[-1])
        results[name] = res
        print(f"{name:15s} {res['seconds']:8.1f} s  {res.get('articles', 0):4d} articles  "
              f"peak RSS {res['peak_rss_mb_main']} MB (workers {res['peak_rss_mb_workers']} MB)")  # fmt: skip
    if "extract" in results:
        base = results["extract"]["seconds"]
        for name in ("ingest", "ingest-lexical"):
            if name in results:
                ratio = results[name]["seconds"] / base
                results[name]["ratio_to_extract"] = round(ratio, 3)
                print(f"{name} / extract = {ratio:.2f}x (target <= 1.3x)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
