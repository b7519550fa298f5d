"""Load test of `sitroom serve`: 50 concurrent readers against 127.0.0.1, bounded.

    .venv/bin/python benchmarks/web_load.py [--db STORE] [--workers 50] [--requests 40]
                                            [--max-seconds 120] [--json out.json]

Without --db it uses (building it once) benchmarks/out/web_fakes.duckdb: the 804 FA-KES
articles written through the store's own ingest (writer and incident linker, lexical
similarity), with the extraction taken from the cache benchmarks/incidents.py keeps in
benchmarks/out/incidents_fakes_records.jsonl (so no spaCy run is needed here); outlets and
titles come from the FA-KES CSV. With no cache it extracts (slow).

The server runs in its own process (uvicorn, one worker, read-only store) on a free port
of 127.0.0.1 only. Each of --workers asyncio clients (httpx) sends --requests requests,
cycling over /api/events, /api/incidents, /api/articles/{id} (random ids, filters and
pages drawn with a fixed seed) and /api/map; the whole run is cut at --max-seconds.
Prints p50/p95/p99 per endpoint. Target (issue 5): p95 < 200 ms for the main calls.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
CACHE = OUT / "incidents_fakes_records.jsonl"
DEFAULT_DB = OUT / "web_fakes.duckdb"
sys.path.insert(0, str(ROOT / "benchmarks"))


# ---------------------------------------------------------------------- the store ---------


def build_fakes_store(db: Path) -> dict:
    """Ingest the 804 FA-KES articles into ``db`` (cached extraction when present)."""
    from _fakes import load_fakes

    from sitroom.document import Document
    from sitroom.model import ArticleRecord
    from sitroom.store import IngestOptions, Store, ingest

    rows = load_fakes()
    cached: dict[str, dict] = {}
    if CACHE.exists():
        for line in CACHE.read_text().splitlines():
            row = json.loads(line)
            cached[row["id"]] = row
    docs = []
    for r in rows:
        aid = f"fakes-{r.index}"
        pub = cached.get(aid, {}).get("published") or (r.date.isoformat() if r.date else None)
        docs.append(Document.from_text(r.text, id=aid, title=r.title, outlet=r.source,
                                       published=pub))  # fmt: skip

    import sitroom.pipeline as pipeline

    real_run = pipeline.run

    def cached_run(documents, options):  # the extraction, from the cache where it has it
        todo = []
        for doc in documents:
            row = cached.get(doc.meta.id)
            if row and "record" in row:
                rec = ArticleRecord.model_validate(row["record"])
                m = doc.meta
                rec.article = rec.article.model_copy(update={
                    "title": m.title, "outlet": m.outlet, "published": m.published})  # fmt: skip
                yield doc, rec
            else:
                todo.append(doc)
        if todo:
            yield from real_run(todo, options)

    pipeline.run = cached_run
    t = time.perf_counter()
    db.parent.mkdir(parents=True, exist_ok=True)
    try:
        with Store.open(db) as store:
            stats = ingest(docs, store, IngestOptions(similarity="lexical"))
    finally:
        pipeline.run = real_run
    return {"seconds": round(time.perf_counter() - t, 1), "cached": len(cached),
            **stats.store_counts}  # fmt: skip


# ---------------------------------------------------------------------- the load ----------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int, workers: int = 1) -> subprocess.Popen:
    code = (
        "import sys, uvicorn; "
        "uvicorn.run('sitroom.web.app:app_from_env', factory=True, host='127.0.0.1', "
        "port=int(sys.argv[1]), workers=int(sys.argv[2]), log_level='warning', "
        "access_log=False)"
    )
    env = {**os.environ, "SITROOM_WEB_DB": str(db)}
    return subprocess.Popen([sys.executable, "-c", code, str(port), str(workers)], env=env)


def wait_ready(base: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            if httpx.get(base + "/api/facets", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("server did not come up")


def request_plan(store_info: dict, n: int, seed: int, with_map: bool = False
                 ) -> list[tuple[str, str]]:  # fmt: skip
    """(endpoint label, URL path) for one worker: the main calls in turn, varied."""
    rnd = random.Random(seed)
    ids = store_info["article_ids"]
    countries = store_info["countries"] or [None]
    plan = []
    for i in range(n):
        kinds = ("events", "incidents", "article") + (("map",) if with_map else ())
        kind = kinds[i % len(kinds)]
        if kind == "events":
            q = rnd.choice(["", f"&country={rnd.choice(countries)}", "&status=contested",
                            "&type=ASSAULT", "&since=2017-01-01&until=2017-06-30"])  # fmt: skip
            plan.append(("events", f"/api/events?limit=100&offset={rnd.choice([0, 100, 200])}{q}"))
        elif kind == "incidents":
            q = rnd.choice(["", "&status=contested", "&since=2016-01-01", "&type=ASSAULT"])
            plan.append(("incidents", f"/api/incidents?limit=100&offset={rnd.choice([0, 50])}{q}"))
        elif kind == "article":
            plan.append(("article", f"/api/articles/{rnd.choice(ids)}"))
        else:
            plan.append(("map", "/api/map"))
    return plan


async def run_load(base: str, plans: list[list[tuple[str, str]]], max_seconds: float,
                   think: float = 0.0) -> dict:  # fmt: skip
    import httpx

    lat: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    limits = httpx.Limits(max_connections=len(plans), max_keepalive_connections=len(plans))
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:

        async def worker(plan: list[tuple[str, str]]) -> None:
            rnd = random.Random(id(plan))
            if think:  # readers arrive spread over one think time, not in lockstep
                await asyncio.sleep(think * rnd.random())
            for label, path in plan:
                t = time.perf_counter()
                try:
                    r = await client.get(path)
                    r.read()
                    ok = r.status_code == 200
                except httpx.HTTPError:
                    ok = False
                dt = (time.perf_counter() - t) * 1000
                lat.setdefault(label, []).append(dt)
                if not ok:
                    errors[label] = errors.get(label, 0) + 1
                if think:
                    await asyncio.sleep(think * (0.5 + rnd.random()))

        t0 = time.perf_counter()
        tasks = [asyncio.create_task(worker(p)) for p in plans]
        done, pending = await asyncio.wait(tasks, timeout=max_seconds)
        for task in pending:
            task.cancel()
        wall = time.perf_counter() - t0
    return {"lat": lat, "errors": errors, "wall": wall, "cut": bool(pending)}


WRK_LUA = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format('WRK {"requests": %%d, "errors": %%d, "p50_ms": %%.2f, "p95_ms": %%.2f, "p99_ms": %%.2f, "max_ms": %%.2f}\\n',
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def run_wrk(base: str, label: str, paths: list[str], connections: int, seconds: int,
            tmp: Path) -> dict:  # fmt: skip
    """One endpoint under ``connections`` wrk connections for ``seconds`` (C load generator)."""
    lua = tmp / f"wrk_{label}.lua"
    lua.write_text(WRK_LUA % ", ".join(json.dumps(p) for p in paths))
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(lua),
         base],
        capture_output=True, text=True, timeout=seconds + 60, check=True,
    ).stdout  # fmt: skip
    line = next(ln for ln in out.splitlines() if ln.startswith("WRK "))
    res = json.loads(line[4:])
    res["rps"] = round(res["requests"] / seconds, 1)
    return {"endpoint": label, **res}


def cpu_seconds(pid: int) -> float:
    """User+system CPU seconds of a process and its children (Linux /proc)."""
    try:
        pids = [pid] + [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        total = 0
        for p in pids:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError):
        return float("nan")


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, default=None)
    ap.add_argument("--workers", type=int, default=50)
    ap.add_argument("--requests", type=int, default=40, help="per worker")
    ap.add_argument("--max-seconds", type=float, default=120)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--server-workers", type=int, default=1, help="uvicorn worker processes")
    ap.add_argument("--driver", choices=("httpx", "wrk"), default="httpx",
                    help="httpx: Python asyncio readers, all endpoints mixed; wrk: the C load "
                    "generator (apt-get install wrk), one endpoint at a time, --workers "
                    "connections for --wrk-seconds each")
    ap.add_argument("--wrk-seconds", type=int, default=15)
    ap.add_argument("--map", action="store_true",
                    help="add /api/map (all points for the map, ~1 MB) to the mix")
    ap.add_argument("--think-ms", type=float, default=0,
                    help="pause of each reader between its requests (0: back to back)")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()

    built = None
    db = args.db or DEFAULT_DB
    if args.db is None and not db.exists():
        print(f"building {db} from the FA-KES articles ...", file=sys.stderr)
        built = build_fakes_store(db)
        print(f"built: {built}", file=sys.stderr)

    from sitroom.store import Store

    with Store.open(db, read_only=True) as s:
        info = {
            "article_ids": [r["id"] for r in s.rows("SELECT id FROM articles ORDER BY id")],
            "countries": [r["c"] for r in s.rows(
                "SELECT location_country AS c FROM events WHERE location_country IS NOT NULL "
                "GROUP BY 1 ORDER BY count(*) DESC LIMIT 5")],  # fmt: skip
            "counts": s.counts(),
        }
    counts = {k: info["counts"][k] for k in ("articles", "events", "claims", "incidents")}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_server(db, port, args.server_workers)
    try:
        wait_ready(base, proc)
        # warm-up: every kind once, not timed
        warm = request_plan(info, 8, seed=0, with_map=True)
        asyncio.run(run_load(base, [warm], 60))
        plans = [request_plan(info, args.requests, seed=args.seed + w, with_map=args.map)
                 for w in range(args.workers)]  # fmt: skip
        if args.driver == "wrk":
            import tempfile

            plan = request_plan(info, 600, seed=args.seed)
            rows = []
            with tempfile.TemporaryDirectory() as tmp:
                for label in ("events", "incidents", "article"):
                    paths = [p for lab, p in plan if lab == label]
                    rows.append(run_wrk(base, label, paths, args.workers, args.wrk_seconds,
                                        Path(tmp)))  # fmt: skip
            out = {"date": date.today().isoformat(), "db": str(db), "store": info["counts"],
                   "driver": "wrk", "connections": args.workers, "seconds_each":
                   args.wrk_seconds, "server_workers": args.server_workers,
                   "loadavg_1m_after": round(os.getloadavg()[0], 2), "endpoints": rows}  # fmt: skip
            print(f"wrk, {args.workers} connections, {args.wrk_seconds} s per endpoint; "
                  f"load average {out['loadavg_1m_after']}")  # fmt: skip
            print(f"{'endpoint':<10} {'requests':>8} {'err':>4} {'req/s':>7} {'p50 ms':>8} "
                  f"{'p95 ms':>8} {'p99 ms':>8} {'max':>8}")  # fmt: skip
            for r in rows:
                print(f"{r['endpoint']:<10} {r['requests']:>8} {r['errors']:>4} {r['rps']:>7} "
                      f"{r['p50_ms']:>8} {r['p95_ms']:>8} {r['p99_ms']:>8} {r['max_ms']:>8}")  # fmt: skip
            if args.json:
                args.json.write_text(json.dumps(out, indent=2) + "\n")
            return
        cpu0, ct0 = cpu_seconds(proc.pid), time.process_time()
        res = asyncio.run(run_load(base, plans, args.max_seconds, args.think_ms / 1000))
        server_cpu, client_cpu = cpu_seconds(proc.pid) - cpu0, time.process_time() - ct0
    finally:
        proc.terminate()
        proc.wait(10)

    total = sum(len(v) for v in res["lat"].values())
    rows = []
    for label in ("events", "incidents", "article", "map"):
        xs = res["lat"].get(label, [])
        if not xs:
            continue
        rows.append({
            "endpoint": label, "n": len(xs), "errors": res["errors"].get(label, 0),
            "p50_ms": round(statistics.median(xs), 1), "p95_ms": round(pct(xs, 95), 1),
            "p99_ms": round(pct(xs, 99), 1), "max_ms": round(max(xs), 1),
        })  # fmt: skip
    out = {
        "date": date.today().isoformat(), "db": str(db), "store": counts, "built": built,
        "workers": args.workers, "requests_per_worker": args.requests, "requests": total,
        "think_ms": args.think_ms, "map_in_mix": args.map,
        "server_workers": args.server_workers,
        "server_cpu_ms_per_request": round(server_cpu * 1000 / max(1, total), 2),
        "client_cpu_ms_per_request": round(client_cpu * 1000 / max(1, total), 2),
        "loadavg_1m_after": round(os.getloadavg()[0], 2),
        "wall_s": round(res["wall"], 2), "rps": round(total / res["wall"], 1),
        "cut_at_max_seconds": res["cut"], "cpus": os.cpu_count(), "endpoints": rows,
    }  # fmt: skip
    print(f"store {counts}; {args.workers} workers x {args.requests} requests: {total} in "
          f"{out['wall_s']} s ({out['rps']} req/s){' CUT' if res['cut'] else ''}; CPU per "
          f"request: server {out['server_cpu_ms_per_request']} ms, client "
          f"{out['client_cpu_ms_per_request']} ms; load average {out['loadavg_1m_after']}")  # fmt: skip
    print(f"{'endpoint':<10} {'n':>5} {'err':>4} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max':>8}")
    for r in rows:
        print(f"{r['endpoint']:<10} {r['n']:>5} {r['errors']:>4} {r['p50_ms']:>8} "
              f"{r['p95_ms']:>8} {r['p99_ms']:>8} {r['max_ms']:>8}")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
