"""Incident linking on FA-KES: pairwise precision/recall/F1 of same-incident article pairs,
and the linking cost from 200 to 800 to a synthetic 10,000 articles.

    .venv/bin/python benchmarks/incidents.py                 # quality (default similarity)
    .venv/bin/python benchmarks/incidents.py --similarity lexical
    .venv/bin/python benchmarks/incidents.py --fit           # refit weights on dev pairs
    .venv/bin/python benchmarks/incidents.py --speed         # 200 / 800 / 10,000 articles

Extraction results are cached in benchmarks/out/incidents_fakes_records.jsonl (gitignored;
``--extract`` redoes it). Each article gets id ``fakes-<row>``, outlet = the FA-KES
``source``, published = the dateline parsed from the start of the text (else None).

Gold (primary): the annotated incident keys of every article,
benchmarks/_fakes_incidents.py and benchmarks/data/fakes_incident_keys.csv; split by time
(dev up to 2016-07-16, test after). Two views, gold and predicted alike:

* any: two articles are a pair when any of their events share an incident (gold: they
  share any key);
* main: when the articles' "main" events share an incident (the non-background ASSAULT
  event with the most fatalities, first on ties; articles without one have no main event;
  gold: the same headline key).

All 804 articles are linked together; scores count only the pairs inside each subset.
Secondary, for continuity with the first runs: pairs derived by rule from the crowd codes
(benchmarks/_fakes_pairs.py), on the authors' 2021 split.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _fakes import load_fakes  # noqa: E402
from _fakes_incidents import drop_copies, load_keys, split  # noqa: E402
from _fakes_incidents import gold_pairs as annotated_pairs  # noqa: E402
from _fakes_pairs import compatible_counts, gold_pairs, split_rows  # noqa: E402

from sitroom.incidents import (  # noqa: E402
    THRESHOLD,
    WEIGHTS,
    IncidentLinker,
    refs_from_record,
)
from sitroom.model import ArticleRecord  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
CACHE = OUT / "incidents_fakes_records.jsonl"
FEATURES = ["date", "place", "mode", "actor", "casualties", "text", "weak"]


# ------------------------------------------------------------------------- data


def records(rows, *, extract: bool = False) -> dict[int, ArticleRecord]:
    if extract or not CACHE.exists():
        from _event_datasets import dateline, run_records

        OUT.mkdir(exist_ok=True)
        items = [
            (f"fakes-{r.index}", r.text, (d.isoformat() if (d := dateline(r.text)) else None))
            for r in rows
        ]
        with CACHE.open("w") as f:
            for (i, _, pub), rec in zip(items, run_records(items), strict=False):
                row = {"id": i, "published": pub}
                if hasattr(rec, "to_json_dict"):
                    row["record"] = rec.to_json_dict()
                else:
                    row["error"] = str(rec)
                f.write(json.dumps(row) + "\n")
    out = {}
    for line in CACHE.read_text().splitlines():
        row = json.loads(line)
        if "record" in row:
            out[int(row["id"].split("-")[1])] = ArticleRecord.model_validate(row["record"])
    return out


def article_refs(rows, recs):
    """EventRefs per row index, with outlet = FA-KES source."""
    refs = {}
    for r in rows:
        rec = recs.get(r.index)
        if rec is None:
            continue
        rec = rec.model_copy(
            update={"article": rec.article.model_copy(update={"outlet": r.source})}
        )
        refs[r.index] = refs_from_record(rec)
    return refs


def main_event(refs):
    best = None
    for ref in refs:
        e = ref.event
        if e.type != "ASSAULT":
            continue
        k = e.fatalities if e.fatalities is not None else -1
        if best is None or k > best[0]:
            best = (k, ref)
    return best[1] if best else None


# ------------------------------------------------------------------------- linking


class CachedModel:
    """Wraps the sentence-embedding model with an on-disk cache of vectors by text
    (benchmarks/out/incidents_embeddings.npz), so reruns skip the encoding."""

    PATH = OUT / "incidents_embeddings.npz"

    def __init__(self, model) -> None:
        import numpy as np

        self.model, self.cache, self.dirty = model, {}, False
        if self.PATH.exists():
            z = np.load(self.PATH, allow_pickle=False)
            self.cache = dict(zip(z["texts"].tolist(), z["vecs"], strict=True))

    def encode(self, texts, **kw):
        import numpy as np

        todo = sorted({t for t in texts if t not in self.cache})
        if todo:
            for t, v in zip(todo, self.model.encode(todo, **kw), strict=True):
                self.cache[t] = np.asarray(v, dtype=np.float32)
            self.dirty = True
        return np.stack([self.cache[t] for t in texts])

    def save(self) -> None:
        import numpy as np

        if self.dirty:
            texts = list(self.cache)
            np.savez(
                self.PATH, texts=np.array(texts), vecs=np.stack([self.cache[t] for t in texts])
            )
            self.dirty = False


_MODEL = None


def make_linker(similarity: str, weights=None, threshold=None, calibration=None) -> IncidentLinker:
    """A fresh linker; ``default`` = the packaged MiniLM model behind an on-disk cache
    (falls back to lexical like the library when the model is not installed)."""
    global _MODEL
    if similarity == "default":
        from sitroom.similarity import EmbeddingSimilarity, load_embedding_model

        try:
            if _MODEL is None:
                _MODEL = CachedModel(load_embedding_model())
            emb = EmbeddingSimilarity(_MODEL)
            if calibration:
                emb.LO, emb.HI = calibration
        except ImportError:
            emb = None
    else:
        emb = "lexical"
    lk = IncidentLinker.from_state(None, embedder=emb)
    if weights:
        lk.weights = dict(weights)
    if threshold is not None:
        lk.threshold = threshold
    return lk


def prime_cache(refs_by_row) -> None:
    """Encode every evidence text in one batch (much faster than per article)."""
    if _MODEL is not None:
        _MODEL.encode([r.evidence for refs in refs_by_row.values() for r in refs], batch_size=64)
        _MODEL.save()


def link_all(refs_by_row, linker):
    t = time.perf_counter()
    for i in sorted(refs_by_row):
        linker.add(refs_by_row[i])
    return time.perf_counter() - t


def predicted_pairs(refs_by_row, linker):
    art_rows = {}
    for i, refs in refs_by_row.items():
        for ref in refs:
            art_rows[ref.article_id] = i
    anyp, mainp = set(), set()
    by_inc = defaultdict(set)
    for inc in linker.incidents():
        rows = sorted({art_rows[m.article] for m in inc.members})
        anyp.update(combinations(rows, 2))
        by_inc[inc.id] = rows
    main_inc = defaultdict(list)
    for i, refs in refs_by_row.items():
        m = main_event(refs)
        if m is not None:
            main_inc[linker.incident_of(m.article_id, m.event_id)].append(i)
    for rows in main_inc.values():
        mainp.update(combinations(sorted(rows), 2))
    return anyp, mainp


def prf(pred: set, gold: set) -> dict:
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"gold": len(gold), "pred": len(pred), "tp": tp, "P": p, "R": r, "F1": f}


def evaluate_annotated(rows, anyp, mainp) -> list[dict]:
    """Pairwise P/R/F1 against the annotated keys, per time split and view."""
    keys = load_keys()
    parts = split(rows)
    parts["all"] = parts["dev"] | parts["test"]
    out = []
    for view, pred in (("any", anyp), ("main", mainp)):
        gold = annotated_pairs(rows, keys, view)
        pred = drop_copies(rows, pred)
        for name in ("dev", "test", "all"):
            idx = parts[name]
            g = {p for p in gold if p[0] in idx and p[1] in idx}
            pr = {p for p in pred if p[0] in idx and p[1] in idx}
            out.append({"subset": name, "view": view, **prf(pr, g)})
    return out


def bcubed_main(rows, refs_by_row, linker) -> list[dict]:
    """B-cubed precision/recall/F1 of the main view per time split: each article's gold
    cluster is the articles with its headline key, its predicted cluster the articles whose
    main event shares its incident (singletons when there is none). Unlike pairwise scores,
    B-cubed does not let one incident told by 26 outlets outweigh everything else. Exact
    copies (same text as an earlier row) are left out."""
    keys = load_keys()
    parts = split(rows)
    parts["all"] = parts["dev"] | parts["test"]
    seen, copies = set(), set()
    for r in rows:
        t = r.text.strip()
        if t in seen:
            copies.add(r.index)
        seen.add(t)
    pred_of = {}
    for i, refs in refs_by_row.items():
        m = main_event(refs)
        if m is not None:
            pred_of[i] = linker.incident_of(m.article_id, m.event_id)
    out = []
    for name in ("dev", "test", "all"):
        idx = sorted(parts[name] - copies)
        gold_c, pred_c = defaultdict(set), defaultdict(set)
        for i in idx:
            gold_c[keys[i][0] if keys.get(i) else f"none-{i}"].add(i)
            pred_c[pred_of.get(i) or f"none-{i}"].add(i)
        gk = {i: keys[i][0] if keys.get(i) else f"none-{i}" for i in idx}
        pk = {i: pred_of.get(i) or f"none-{i}" for i in idx}
        p = sum(len(gold_c[gk[i]] & pred_c[pk[i]]) / len(pred_c[pk[i]]) for i in idx) / len(idx)
        r = sum(len(gold_c[gk[i]] & pred_c[pk[i]]) / len(gold_c[gk[i]]) for i in idx) / len(idx)
        out.append({"subset": name, "articles": len(idx), "P": p, "R": r,
                    "F1": 2 * p * r / (p + r) if p + r else 0.0})  # fmt: skip
    return out


def show_errors(rows, pred: set, gold: set, part: set, n: int) -> None:
    """Up to ``n`` predicted-not-gold and gold-not-predicted pairs inside ``part``."""
    keys = load_keys()

    def line(i):
        r = rows[i]
        return f"    {i} {r.source} {r.date} [{';'.join(keys.get(i, [])) or '-'}] {r.title[:80]}"

    for name, ps in (("false links", pred - gold), ("missed links", gold - pred)):
        ps = sorted(p for p in ps if p[0] in part and p[1] in part)
        print(f"{name}: {len(ps)}")
        for a, b in ps[:n]:
            print(line(a))
            print(line(b))
            print()


def evaluate(rows, anyp, mainp) -> list[dict]:
    test_idx = {r.index for r in split_rows(rows, "test")}
    cred = {r.index for r in rows if r.label == 1}
    gold_all = gold_pairs(rows)
    gold_cred = gold_pairs(rows, credible_only=True)
    subsets = {
        "test": lambda a, b: a in test_idx and b in test_idx,
        "test+": lambda a, b: a in test_idx or b in test_idx,
        "dev": lambda a, b: a not in test_idx and b not in test_idx,
        "all": lambda a, b: True,
    }
    out = []
    for name, keep in subsets.items():
        for gname, gold, only in (("all", gold_all, None), ("credible", gold_cred, cred)):
            g = {p for p in gold if keep(*p)}
            for view, pred in (("any", anyp), ("main", mainp)):
                pr = {
                    p
                    for p in pred
                    if keep(*p) and (only is None or (p[0] in only and p[1] in only))
                }
                out.append({"subset": name, "gold_set": gname, "view": view, **prf(pr, g)})
    return out


def fp_breakdown(rows, pred: set, gold: set) -> dict[str, int]:
    """Why predicted pairs outside the gold are outside it: which crowd fields disagree
    (date > 1 day apart, governorate, cause incl. "unknown", civilian counts)."""
    from collections import Counter

    c: Counter[str] = Counter()
    for a, b in pred - gold:
        ra, rb = rows[a], rows[b]
        why = []
        if ra.date is None or rb.date is None or abs((ra.date - rb.date).days) > 1:
            why.append("date")
        if ra.location != rb.location:
            why.append("governorate")
        if ra.cause_of_death != rb.cause_of_death or ra.cause_of_death == "unknown":
            why.append("cause")
        if not compatible_counts(ra.nb_civilians, rb.nb_civilians):
            why.append("civilians")
        c["+".join(why) or "same (text identical)"] += 1
    return dict(c.most_common())


# ------------------------------------------------------------------------- fitting


def fit(rows, refs_by_row, similarity: str) -> None:
    """Fit the logistic weights on event pairs of dev articles (label: the article pair is
    a gold pair), then pick the threshold that maximises dev pairwise F1 (main view)."""
    import numpy as np

    dev_idx = split(rows)["dev"]
    keys = load_keys()
    gold = {p for p in annotated_pairs(rows, keys, "any") if p[0] in dev_idx and p[1] in dev_idx}
    gold_main = {
        p for p in annotated_pairs(rows, keys, "main") if p[0] in dev_idx and p[1] in dev_idx
    }
    lk = make_linker(similarity)
    row_of = {}
    for i in sorted(refs_by_row):
        if i in dev_idx:
            lk.add(refs_by_row[i])
            for ref in refs_by_row[i]:
                row_of[ref.article_id] = i
    X, y, seen = [], [], set()
    for k, d in lk.events.items():
        for o in lk._candidates(d):
            if (o, k) in seen:
                continue
            seen.add((k, o))
            f = lk.pair_features(d, lk.events[o])
            if f is None or d["type"] != "ASSAULT":
                continue
            a, b = row_of[d["article"]], row_of[lk.events[o]["article"]]
            X.append([f[n] for n in FEATURES])
            y.append(1.0 if (min(a, b), max(a, b)) in gold else 0.0)
    X, y = np.array(X), np.array(y)
    print(f"fit: {len(y)} candidate event pairs, {int(y.sum())} positive", file=sys.stderr)
    w, b = np.zeros(X.shape[1]), 0.0
    pos_w = (len(y) - y.sum()) / max(1.0, y.sum())  # balance the classes
    sw = np.where(y == 1, pos_w, 1.0)
    for _ in range(4000):
        p = 1 / (1 + np.exp(-(X @ w + b)))
        g = (p - y) * sw
        w -= 0.05 * (X.T @ g / len(y) + 0.01 * w)
        b -= 0.05 * g.mean()
    weights = {
        "bias": round(float(b), 3),
        **{n: round(float(v), 3) for n, v in zip(FEATURES, w, strict=False)},
    }
    print("weights:", json.dumps(weights))
    best = None
    for th in [x / 20 for x in range(4, 20)]:
        lk2 = make_linker(similarity, weights, th)
        link_all({i: refs_by_row[i] for i in refs_by_row if i in dev_idx}, lk2)
        anyp, mainp = predicted_pairs({i: refs_by_row[i] for i in refs_by_row if i in dev_idx}, lk2)
        m = prf(drop_copies(rows, mainp), gold_main)
        a = prf(drop_copies(rows, anyp), gold)
        print(f"  threshold {th:.2f}: main F1 {m['F1']:.3f} (P {m['P']:.3f} R {m['R']:.3f}) "
              f"any F1 {a['F1']:.3f} (P {a['P']:.3f} R {a['R']:.3f})")  # fmt: skip
        if best is None or m["F1"] > best[0]:
            best = (m["F1"], th)
    print(f"best dev threshold (main view): {best[1]:.2f} F1 {best[0]:.3f}")


# ------------------------------------------------------------------------- speed


def synthesise(refs_by_row, n: int, seed: int = 7):
    """``n`` synthetic articles: the real articles, then copies of them, copy ``c`` with
    every event's date moved by ``c`` x 8 years plus a random 0..30 days and its place by up
    to ~0.3 degrees, so the collection grows in time at the real density per day and place
    (as a store does), rather than piling more events onto the same days."""
    from sitroom.incidents import EventRef

    rnd = random.Random(seed)
    real = [refs_by_row[i] for i in sorted(refs_by_row)]
    out = {}
    for k in range(n):
        src = real[k % len(real)]
        copy = k // len(real)
        shift = 0 if copy == 0 else copy * 2922 + rnd.randint(0, 30)
        dlat, dlon = (
            (0.0, 0.0) if k < len(real) else (rnd.uniform(-0.3, 0.3), rnd.uniform(-0.3, 0.3))
        )
        refs = []
        for ref in src:
            e = ref.event
            upd = {}
            if e.date is not None and shift:
                upd["date"] = e.date.model_copy(update={
                    f: _shift(getattr(e.date, f), shift) for f in ("value", "earliest", "latest")})  # fmt: skip
            if e.location is not None and (dlat or dlon):
                upd["location"] = e.location.model_copy(update={
                    "lat": max(-90, min(90, e.location.lat + dlat)),
                    "lon": max(-180, min(180, e.location.lon + dlon)), "geonameid": None})  # fmt: skip
            refs.append(EventRef(
                article_id=f"syn-{k}", event_id=ref.event_id, outlet=ref.outlet,
                published=_shift(ref.published, shift), event=e.model_copy(update=upd),
                evidence=ref.evidence, figures=ref.figures))  # fmt: skip
        out[k] = refs
    return out


def _shift(s, days):
    from datetime import date, timedelta

    if not s or not days:
        return s
    try:
        return (date.fromisoformat(s) + timedelta(days=days)).isoformat()
    except ValueError:
        return s


def _rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def speed_one(refs_by_row, n: int, similarity: str) -> dict:
    """Link ``n`` articles (the first n real ones, or a synthetic set past 804) in this
    process; memory = growth of the peak RSS while linking."""
    data = (
        synthesise(refs_by_row, n)
        if n > len(refs_by_row)
        else {i: refs_by_row[i] for i in sorted(refs_by_row)[:n]}
    )
    lk = make_linker(similarity)
    before = _rss_mb()
    secs = link_all(data, lk)
    t = time.perf_counter()
    lk.incidents()
    agg = time.perf_counter() - t
    ev = sum(len(v) for v in data.values())
    return {
        "articles": n, "events": ev, "link_seconds": round(secs, 2),
        "ms_per_event": round(1000 * secs / ev, 3), "aggregate_seconds": round(agg, 2),
        "comparisons": lk.comparisons, "comparisons_per_event": round(lk.comparisons / ev, 2),
        "all_pairs": ev * (ev - 1) // 2, "rss_growth_mb": round(_rss_mb() - before, 1),
        "state_json_mb": round(len(json.dumps(lk.state())) / 2**20, 1),
        "incidents": len(lk.inc),
    }  # fmt: skip


def speed(similarity: str, sizes=(200, 800, 10000)) -> list[dict]:
    """Each size in a fresh process (so memory figures do not mix)."""
    import subprocess

    res = []
    for n in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--similarity", similarity, "--speed-one", str(n)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        res.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(json.dumps(res[-1]), file=sys.stderr, flush=True)
    return res


# ------------------------------------------------------------------------- main


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--similarity", choices=["default", "lexical"], default="default")
    ap.add_argument("--extract", action="store_true", help="redo the cached extraction")
    ap.add_argument("--fit", action="store_true")
    ap.add_argument("--speed", action="store_true")
    ap.add_argument("--speed-one", type=int, help=argparse.SUPPRESS)
    ap.add_argument(
        "--calibration", type=float, nargs=2, metavar=("LO", "HI"),
        help="embedding cosine range mapped to 0..1 (default: the library's)",
    )  # fmt: skip
    ap.add_argument("--json", type=Path)
    ap.add_argument("--errors", type=int, default=0, help="list N dev errors (annotated gold)")
    args = ap.parse_args()
    rows = load_fakes()
    recs = records(rows, extract=args.extract)
    refs = article_refs(rows, recs)
    if args.fit:
        fit(rows, refs, args.similarity)
        return
    if args.speed_one:
        print(json.dumps(speed_one(refs, args.speed_one, args.similarity)))
        return
    if args.speed:
        res = speed(args.similarity)
        if args.json:
            args.json.write_text(json.dumps(res, indent=1))
        return
    lk = make_linker(args.similarity, calibration=args.calibration)
    prime_cache(refs)
    secs = link_all(refs, lk)
    anyp, mainp = predicted_pairs(refs, lk)
    res = evaluate(rows, anyp, mainp)
    ann = evaluate_annotated(rows, anyp, mainp)
    sim = lk.emb.name if lk.emb else "lexical"
    print(f"similarity {sim}; weights {json.dumps(WEIGHTS)}; threshold {THRESHOLD}")
    print(f"linked {sum(len(v) for v in refs.values())} events of {len(refs)} articles in "
          f"{secs:.2f}s into {len(lk.inc)} incidents ({lk.comparisons} comparisons)")  # fmt: skip
    print("annotated gold (primary):")
    print("| subset | view | gold pairs | predicted | TP | P | R | F1 |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for r in ann:
        print(f"| {r['subset']} | {r['view']} | {r['gold']} | {r['pred']} | "
              f"{r['tp']} | {r['P']:.3f} | {r['R']:.3f} | {r['F1']:.3f} |")  # fmt: skip
    b3 = bcubed_main(rows, refs, lk)
    print("B-cubed, main view (articles; copies left out):")
    print("| subset | articles | P | R | F1 |")
    print("|---|---:|---:|---:|---:|")
    for r in b3:
        print(f"| {r['subset']} | {r['articles']} | {r['P']:.3f} | {r['R']:.3f} | {r['F1']:.3f} |")
    if args.errors:
        keys = load_keys()
        show_errors(rows, drop_copies(rows, anyp), annotated_pairs(rows, keys, "any"),
                    split(rows)["dev"], args.errors)  # fmt: skip
    print("rule-derived gold (secondary, authors' 2021 split):")
    print("| subset | gold | view | gold pairs | predicted | TP | P | R | F1 |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|")
    for r in res:
        print(f"| {r['subset']} | {r['gold_set']} | {r['view']} | {r['gold']} | {r['pred']} | "
              f"{r['tp']} | {r['P']:.3f} | {r['R']:.3f} | {r['F1']:.3f} |")  # fmt: skip
    fpb = fp_breakdown(rows, mainp, gold_pairs(rows))
    print("main-view predicted pairs outside the gold, by the crowd fields that differ:")
    print("  " + json.dumps(fpb))
    if args.json:
        args.json.write_text(
            json.dumps(
                {"similarity": sim, "annotated": ann, "bcubed_main": b3, "results": res,
                 "fp_main": fpb}, indent=1
            )
        )


if __name__ == "__main__":
    main()
