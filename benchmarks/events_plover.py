"""PLOVER event-type accuracy on the PLOVER gold-standard records (CAMEO-manual sentences).

    .venv/bin/python benchmarks/events_plover.py [--limit N] [--write] [--json out.json]

Data: ../shared/datasets/plover-gsr (322 sentences, PLOVER 0.5b1 labels; PROVENANCE.md).
Each sentence is read as one document (``published`` = None: the file's dates are
placeholders) and the highest-confidence event is compared with the gold category mapped to
PLOVER 2.0 by ``LABEL_MAP`` below.

Reported: accuracy (top event's type == gold; no event counts as wrong), any-event
accuracy (some event has the gold type), coverage (share of sentences with any event),
per-type precision/recall/F1 of the top event, the ten most frequent confusions, and
source/target country agreement (top event's actor1/actor2 ``country`` among the gold
source/target codes) on the sentences whose gold codes name a country.
Dev/test split: the sentences are read in file order (grouped by category, CAMEO sub-code
order within a category) and split by position: even positions (0, 2, 4...) are **dev**,
odd positions are **test** (161 + 161, every category in both halves). Errors may be
looked at on dev only (``--json`` marks each row's ``split``; ``--errors`` prints the dev
errors); test is reported, never read. Accuracy, any-event accuracy and coverage are
reported on dev, test and all; per-type figures, confusions and calibration on all.

``--write`` replaces the ``plover`` section of docs/benchmarks/events.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _event_datasets import (  # noqa: E402
    Counts,
    MdTable,
    add_common_args,
    fmt,
    load_plover_gsr,
    run_records,
    sitroom_version,
    top_event,
    write_section,
)

# PLOVER 0.5b1 (the file's labels) -> PLOVER 2.0 (the manual's DRAFT 2.0, shared/spec/ONTOLOGY.md).
# PLOVER 2.0 renamed DEMAND to REQUEST, folded DISAPPROVE and INVESTIGATE into ACCUSE
# (its modes `disapprove`, `investigate`), folded FIGHT into ASSAULT (FIGHT's heavy-weapons,
# firearms, explosives... are ASSAULT modes in 2.0) and moved `destroy` from COERCE to
# ASSAULT. The file has no CRIME records. (type, mode) entries override the type entry.
LABEL_MAP: dict[str, str] = {
    "AGREE": "AGREE",
    "CONSULT": "CONSULT",
    "SUPPORT": "SUPPORT",
    "CONCEDE": "CONCEDE",
    "COOPERATE": "COOPERATE",
    "AID": "AID",
    "RETREAT": "RETREAT",
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "REJECT": "REJECT",
    "THREATEN": "THREATEN",
    "PROTEST": "PROTEST",
    "SANCTION": "SANCTION",
    "MOBILIZE": "MOBILIZE",
    "COERCE": "COERCE",
    "ASSAULT": "ASSAULT",
    "FIGHT": "ASSAULT",
    "CRIME": "ASSAULT",  # not in this file; PLOVER 2.0 has no CRIME (criminal violence is ASSAULT)
}
MODE_MAP: dict[tuple[str, str], str] = {
    ("COERCE", "destroy"): "ASSAULT",  # 3 records: blew up power lines, set fire, demolished homes
    ("COERCE", "firearms"): "ASSAULT",  # 1 record: police opened fire on demonstrators
    ("FIGHT", "deport"): "COERCE",  # 1 record: army forced out refugees (COERCE deport)
}

# Codes in the file that are not ISO 3166-1 alpha-3, and the non-state "countries".
CODE_FIX = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
NON_STATE = {"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC", ""}


def gold_type(event: str, mode: str | None) -> str:
    return MODE_MAP.get((event, mode or ""), LABEL_MAP.get(event, event))


def countries(codes) -> set[str]:
    return {CODE_FIX.get(c, c) for c in codes if c and c not in NON_STATE and len(c) == 3}


def split_of(position: int) -> str:
    """The half a sentence belongs to, by its 0-based position in the file."""
    return "dev" if position % 2 == 0 else "test"


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_common_args(ap)
    ap.add_argument("--errors", action="store_true", help="print the dev half's errors")
    args = ap.parse_args(argv)

    sents = load_plover_gsr()[: args.limit]
    recs = list(run_records([(s.id, s.text, None) for s in sents], stages=args.stages))
    n = len(sents)
    correct = any_correct = covered = errors = 0
    per_type: dict[str, Counts] = {}
    confusion: Counter = Counter()
    src_ok = src_n = tar_ok = tar_n = 0
    rows = []
    calib: list[tuple[float, bool]] = []  # (confidence of the top event, its type is right)
    halves = {h: Counter() for h in ("dev", "test", "all")}
    for pos, (s, rec) in enumerate(zip(sents, recs, strict=True)):
        gold = gold_type(s.event, s.mode)
        half = split_of(pos)
        if not hasattr(rec, "events"):
            errors += 1
            rec = None
        top = top_event(rec) if rec else None
        pred = top.type if top else None
        types = {e.type for e in rec.events} if rec else set()
        covered += bool(types)
        correct += pred == gold
        if top is not None:
            calib.append((top.confidence, pred == gold))
        any_correct += gold in types
        for h in (half, "all"):
            halves[h].update(n=1, correct=pred == gold, any=gold in types, covered=bool(types))
        per_type.setdefault(gold, Counts())
        if pred == gold:
            per_type[gold].tp += 1
        else:
            per_type[gold].fn += 1
            if pred:
                per_type.setdefault(pred, Counts()).fp += 1
            confusion[(gold, pred or "(none)")] += 1
        gs, gt = countries(s.source_codes), countries(s.target_codes)
        if gs:
            src_n += 1
            src_ok += bool(top and top.actor1 and top.actor1.country in gs)
        if gt:
            tar_n += 1
            tar_ok += bool(top and top.actor2 and top.actor2.country in gt)
        rows.append({"id": s.id, "split": half, "text": s.text, "gold_label": s.event, "gold": gold, "pred": pred,
                     "types": sorted(types),
                     "gold_source": sorted(gs), "gold_target": sorted(gt),
                     "actor1": top.actor1.country if top and top.actor1 else None,
                     "actor2": top.actor2.country if top and top.actor2 else None,
                     "actor2_text": top.actor2.text if top and top.actor2 else None})  # fmt: skip

    res = {
        "dataset": "plover-gsr", "sentences": n, "limit": args.limit, "errors": errors,
        "accuracy": correct / n if n else None, "any_event_accuracy": any_correct / n if n else None,
        "coverage": covered / n if n else None,
        "source_country_agreement": src_ok / src_n if src_n else None, "source_judged": src_n,
        "target_country_agreement": tar_ok / tar_n if tar_n else None, "target_judged": tar_n,
        "per_type": {t: dict(zip(("precision", "recall", "f1"), c.prf(), strict=True)) | {
            "tp": c.tp, "fp": c.fp, "fn": c.fn} for t, c in sorted(per_type.items())},
        "confusion_top10": [[g, p, k] for (g, p), k in confusion.most_common(10)],
        "split": {h: {"sentences": c["n"], "accuracy": c["correct"] / c["n"] if c["n"] else None,
                      "any_event_accuracy": c["any"] / c["n"] if c["n"] else None,
                      "coverage": c["covered"] / c["n"] if c["n"] else None}
                  for h, c in halves.items()},
        "version": sitroom_version(), "date": date.today().isoformat(),
    }  # fmt: skip

    def share(h: str, key: str) -> str:
        c = halves[h]
        return f"{fmt(c[key] / c['n'] if c['n'] else None, True)} ({c[key]}/{c['n']})"

    summary = MdTable(["measure", "dev (even)", "test (odd)", "all"])
    summary.add("sentences", *(halves[h]["n"] for h in ("dev", "test", "all")))
    for label, key in (("accuracy (top event type)", "correct"), ("any-event accuracy", "any"),
                       ("coverage (any event)", "covered")):  # fmt: skip
        summary.add(label, *(share(h, key) for h in ("dev", "test", "all")))
    summary.add(
        "source country agreement", "", "",
        f"{fmt(res['source_country_agreement'], True)} ({src_ok}/{src_n})",
    )  # fmt: skip
    summary.add(
        "target country agreement", "", "",
        f"{fmt(res['target_country_agreement'], True)} ({tar_ok}/{tar_n})",
    )  # fmt: skip
    types = MdTable(["gold type (PLOVER 2.0)", "P", "R", "F1", "TP", "FP", "FN"])
    for t, c in sorted(per_type.items()):
        p, r, f = c.prf()
        types.add(t, fmt(p), fmt(r), fmt(f), c.tp, c.fp, c.fn)
    buckets = [(0.0, 0.5), (0.5, 0.65), (0.65, 0.8), (0.8, 1.01)]
    cal = MdTable(["confidence of the top event", "events", "type correct"])
    accs = []
    for lo, hi in buckets:
        inb = [ok for c, ok in calib if lo <= c < hi]
        acc = sum(inb) / len(inb) if inb else None
        if inb:
            accs.append(acc)
        cal.add(f"{lo:.2f}–{min(hi, 1.0):.2f}", len(inb), fmt(acc, True) if inb else "–")
    monotone = all(a <= b for a, b in zip(accs, accs[1:], strict=False))
    res["calibration"] = {"buckets": [[lo, hi] for lo, hi in buckets], "accuracy": accs,
                          "monotone": monotone}  # fmt: skip
    conf = MdTable(["gold", "predicted (top event)", "count"])
    for (g, p), k in confusion.most_common(10):
        conf.add(g, p, k)

    from rich.console import Console

    con = Console()
    con.print(summary.rich(f"PLOVER GSR: {n} sentences"))
    con.print(types.rich("per type (top event)"))
    con.print(conf.rich("top confusions"))
    con.print(cal.rich(f"confidence vs correctness (monotone: {monotone})"))
    if args.errors:
        for r in rows:
            if r["split"] == "dev" and r["pred"] != r["gold"]:
                print(f"{r['gold']:>9} <- {r['pred'] or '-':<9} {r['types']} | {r['text']}")

    if args.write:
        body = (
            f"Run {res['date']}, {res['version']}"
            + (f", --limit {args.limit} (smoke test, not a result)" if args.limit else "")
            + f".\n\n{summary.markdown()}\n\n{types.markdown()}\n\nTop confusions:\n\n{conf.markdown()}"
            + f"\n\nConfidence against correctness (monotone: {monotone}):\n\n{cal.markdown()}"
        )
        write_section("plover", body)
    if args.json:
        args.json.write_text(json.dumps(res | {"rows": rows}, indent=2))
    return res


if __name__ == "__main__":
    main()
