"""Geoparsing benchmark: toponym recognition and resolution on GeoWebNews, LGL, GeoVirus, TR-News.

    .venv/bin/python benchmarks/geocode.py [--limit N] [--dataset NAME] [--no-tag] [--errors K]
    .venv/bin/python benchmarks/geocode.py --baselines   # GWN's shipped baseline outputs

* Recognition (geotagging): the spans of ``doc.places`` from the full stage (spaCy +
  ``Geocoder``) against the gold toponym spans: precision / recall / F1 with exact span
  match and with overlap match (a predicted span counts if it overlaps an unmatched gold
  span; one-to-one).
* Resolution (geocoding), the standard comparison: the gold toponym spans are resolved
  jointly by ``Geocoder.resolve_spans`` (the article's other gold toponyms are the
  context, as in Gritta et al.), and the great-circle error to the gold point is measured:
  Acc@161km, AUC of ln(error+1) over the sorted errors normalised by ln(20039) (trapezoid
  rule, lower is better; as in the CamCoder evaluation code), mean and median error (km).
  A toponym the resolver cannot place counts as a 20,039 km error.
* Throughput: articles/s of spaCy + geocode, and of the geocode stage alone.

Figures are printed for all articles and for the held-out part (all but the first
``DEV_N`` articles, which were used to tune the heuristics).
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _geo_datasets import DEV_N, LOADERS, GeoDoc  # noqa: E402

from sitroom.document import Document  # noqa: E402
from sitroom.geocode import Geocoder, haversine_km  # noqa: E402

MAX_KM = 20039.0


def auc(errors: list[float]) -> float:
    if len(errors) < 2:
        return float("nan")
    ys = [math.log(e + 1) for e in sorted(errors)]
    area = sum((ys[i] + ys[i + 1]) / 2 for i in range(len(ys) - 1))
    return area / ((len(ys) - 1) * math.log(MAX_KM))


def prf(tp: int, npred: int, ngold: int) -> tuple[float, float, float]:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def match(pred: list[tuple[int, int]], gold: list[tuple[int, int]]) -> tuple[int, int]:
    gs = set(gold)
    exact = sum(1 for p in set(pred) if p in gs)
    used: set[int] = set()
    overlap = 0
    for a, b in pred:
        for k, (c, d) in enumerate(gold):
            if k not in used and a < d and c < b:
                used.add(k)
                overlap += 1
                break
    return exact, overlap


def run(name: str, docs: list[GeoDoc], geocoder: Geocoder, nlp, tag: bool, n_err: int) -> dict:
    dev_n = DEV_N.get(name, 0)
    res = {"all": {"err": [], "tp_e": 0, "tp_o": 0, "np": 0, "ng": 0},
           "held-out": {"err": [], "tp_e": 0, "tp_o": 0, "np": 0, "ng": 0}}  # fmt: skip
    worst = []
    t_geo = 0.0
    t_all = 0.0
    texts = [d.text for d in docs]
    spacy_docs = []
    if tag:
        t = time.perf_counter()
        spacy_docs = list(nlp.pipe(texts, batch_size=16))
        t_all += time.perf_counter() - t
    for k, d in enumerate(docs):
        parts = [res["all"]] + ([res["held-out"]] if k >= dev_n else [])
        # resolution on gold spans
        places = geocoder.resolve_spans(d.text, [(g.start, g.end) for g in d.geo])
        for g, p in zip(d.geo, places, strict=True):
            e = MAX_KM if p is None else haversine_km(g.lat, g.lon, p.lat, p.lon)
            for r in parts:
                r["err"].append(e)
            if e >= 161:
                worst.append((e, d.id, g.text, p.name if p else None, p.country if p else None,
                              p.feature if p else None))  # fmt: skip
        if tag:
            doc = Document.from_text(d.text)
            doc.spacy = spacy_docs[k]
            t = time.perf_counter()
            geocoder(doc)
            dt = time.perf_counter() - t
            t_geo += dt
            t_all += dt
            pred = [(p.span.start, p.span.end) for p in doc.places if p.span]
            gold = [(g.start, g.end) for g in d.tag]
            ex, ov = match(pred, gold)
            for r in parts:
                r["tp_e"] += ex
                r["tp_o"] += ov
                r["np"] += len(pred)
                r["ng"] += len(gold)
    out = {"dataset": name, "docs": len(docs), "dev_docs": min(dev_n, len(docs))}
    for part, r in res.items():
        errs = r["err"]
        if not errs:
            continue
        o = {
            "n": len(errs),
            "acc161": sum(e < 161 for e in errs) / len(errs),
            "auc": auc(errs),
            "mean_km": statistics.fmean(errs),
            "median_km": statistics.median(errs),
            "unresolved": sum(e >= MAX_KM for e in errs),
        }
        if tag:
            o["tag_exact"] = prf(r["tp_e"], r["np"], r["ng"])
            o["tag_overlap"] = prf(r["tp_o"], r["np"], r["ng"])
            o["n_pred"], o["n_gold_tags"] = r["np"], r["ng"]
        out[part] = o
    if tag:
        out["docs_per_s"] = len(docs) / t_all if t_all else float("nan")
        out["geocode_docs_per_s"] = len(docs) / t_geo if t_geo else float("nan")
    worst.sort(reverse=True)
    out["worst"] = worst[:n_err]
    return out


def _gold_lines(path: Path) -> list[list[list[str]]]:
    text = path.read_text(encoding="utf-8")
    return [[e.split(",,") for e in ln.strip().split("||") if e.strip()] for ln in text.split("\n")]


def gwn_baselines() -> None:
    """Recompute the GeoWebNews baselines shipped with the corpus (Edinburgh Geoparser, EMM,
    Yahoo! Placemaker): these systems found their own toponyms, so a gold toponym whose
    exact span a system did not output counts as unresolved (20,039 km); the figures on the
    toponyms each system did find are given too."""
    from _geo_datasets import ROOT

    root = ROOT / "geowebnews"
    gold = _gold_lines(root / "gwn_full.txt")
    print("| system | gold toponyms | found (exact span) | Acc@161km all | AUC all |"
          " Acc@161km found | AUC found |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    for name, f in [("Edinburgh", "edin"), ("EMM", "emm"), ("Yahoo! Placemaker", "yahoo")]:
        sysl = _gold_lines(root / "baselines_geocoding" / f"gwn_{f}.txt")
        errs, sub = [], []
        for k, g in enumerate(gold):
            out = {(e[4], e[5]): e for e in (sysl[k] if k < len(sysl) else []) if len(e) >= 6}
            for e in g:
                if len(e) < 6:
                    continue
                p = out.get((e[4], e[5]))
                d = MAX_KM
                if p is not None:
                    try:
                        d = haversine_km(float(e[2]), float(e[3]), float(p[2]), float(p[3]))
                        sub.append(d)
                    except ValueError:
                        pass
                errs.append(d)
        acc = sum(x < 161 for x in errs) / len(errs)
        acc_s = sum(x < 161 for x in sub) / len(sub)
        print(f"| {name} | {len(errs)} | {len(sub)} | {acc:.3f} | {auc(errs):.3f} | {acc_s:.3f} "
              f"| {auc(sub):.3f} |")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dataset", choices=sorted(LOADERS), action="append")
    ap.add_argument("--limit", type=int, default=None, help="first N articles of each set")
    ap.add_argument("--no-tag", action="store_true", help="skip recognition (no spaCy)")
    ap.add_argument("--errors", type=int, default=0, help="print the K largest errors")
    ap.add_argument("--dev", action="store_true", help="only the dev part (tuning)")
    ap.add_argument("--baselines", action="store_true", help="GWN shipped baselines only")
    a = ap.parse_args(argv)
    if a.baselines:
        gwn_baselines()
        return 0
    t = time.perf_counter()
    geocoder = Geocoder()
    t_load = time.perf_counter() - t
    nlp = None
    if not a.no_tag:
        from sitroom.nlp import load_nlp

        nlp = load_nlp()
    print(f"gazetteer loaded in {t_load:.2f} s ({len(geocoder.gaz):,} entries)")
    rows = []
    for name in a.dataset or ["geowebnews", "lgl", "geovirus", "tr-news"]:
        docs = LOADERS[name]()
        if a.dev:
            docs = docs[: DEV_N[name]]
        if a.limit:
            docs = docs[: a.limit]
        r = run(name, docs, geocoder, nlp, not a.no_tag, a.errors)
        rows.append(r)
        for e in r["worst"]:
            print("  miss {:8.0f} km  doc {}  {!r} -> {} ({}, {})".format(*e))
    print()
    print(
        "| dataset | part | toponyms | Acc@161km | AUC | mean km | median km | unresolved |"
        " tag P/R/F1 exact | tag P/R/F1 overlap | docs/s (spaCy+geocode) | docs/s (geocode) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        for part in ("all", "held-out"):
            o = r.get(part)
            if not o:
                continue
            tg = " / ".join(f"{x:.2f}" for x in o["tag_exact"]) if "tag_exact" in o else "-"
            to = " / ".join(f"{x:.2f}" for x in o["tag_overlap"]) if "tag_overlap" in o else "-"
            sp = f"{r['docs_per_s']:.1f}" if "docs_per_s" in r and part == "all" else ""
            gp = f"{r['geocode_docs_per_s']:.0f}" if "docs_per_s" in r and part == "all" else ""
            print(f"| {r['dataset']} | {part} | {o['n']} | {o['acc161']:.3f} | {o['auc']:.3f} "
                  f"| {o['mean_km']:.0f} | {o['median_km']:.1f} | {o['unresolved']} | {tg} | {to} "
                  f"| {sp} | {gp} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
