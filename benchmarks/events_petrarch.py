"""CAMEO root-code agreement on the PETRARCH-2 validation records.

    .venv/bin/python benchmarks/events_petrarch.py [--limit N] [--write] [--json out.json]

Data: ../shared/datasets/petrarch-validation (PROVENANCE.md there): the 78 real news
sentences of UniversalPetrarch's PETR2_GSR_validation.xml ("validation") and, separately,
the 284 PETRARCH-2 unit-test sentences ("unit tests", fictional countries such as Arnor and
Gondor, built to exercise a dictionary coder: a weak test of a real-world reader).

Each sentence is read as one document with ``published`` = the record's date. Our PLOVER
types are compared with the gold CAMEO codes at root level (first two digits) through
``PLOVER_TO_CAMEO`` below: a predicted event *agrees* with a gold coding when the gold root
is among the roots of its type. CAMEO root 01 (make public statement) has no PLOVER 2.0
type, and the unit tests also use test-only codes outside CAMEO (22x, 34x, 80x, 90x, 91x);
such codings are left out, and a sentence with only such codings is counted apart
("unmappable").

Reported per file:

* coverage: share of those sentences with any event;
* top-event agreement: on sentences with mappable gold codings, the highest-confidence
  event's roots include one of the gold roots (no event = disagreement);
* any-event agreement: some predicted event agrees;
* root recall / precision: gold roots (distinct per sentence) covered by some predicted
  event / predicted events whose roots include a gold root of their sentence (events
  predicted on ``noevents`` sentences count against precision);
* no-event specificity: share of ``noevents`` sentences where we predict no event.

Dev/test use: the 78 validation sentences are a held-out **test** set (reported, never
read for errors); the unit tests are **dev** material only (they may be read to find
missing patterns, though their fictional actors and dictionary-test phrasings make them a
weak guide).

``--write`` replaces the ``petrarch`` section of docs/benchmarks/events.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _event_datasets import (  # noqa: E402
    PETR_UNITTEST,
    PETR_VALIDATION,
    MdTable,
    add_common_args,
    fmt,
    load_petrarch,
    run_records,
    sitroom_version,
    top_event,
    write_section,
)

# PLOVER 2.0 type -> CAMEO 1.1b3 root codes it covers (after the PLOVER manual's CAMEO
# crosswalk): 02 appeal and 10 demand are REQUEST; 03 intent to cooperate and 057 sign
# agreement are AGREE; 05 diplomatic cooperation is SUPPORT (but 055 apologize is CONCEDE);
# 08 yield splits into CONCEDE (081-083, 085 ease restrictions, accede) and RETREAT (084
# release, 086 allow access, 087 de-escalate); 09 investigate and 11 disapprove are
# ACCUSE; 18 assault, 19 fight and 20 mass violence are ASSAULT. 01 (make public
# statement) has no PLOVER type.
PLOVER_TO_CAMEO: dict[str, frozenset[str]] = {
    "AGREE": frozenset({"03", "05"}),
    "CONSULT": frozenset({"04"}),
    "SUPPORT": frozenset({"05"}),
    "CONCEDE": frozenset({"08", "05"}),
    "COOPERATE": frozenset({"06"}),
    "AID": frozenset({"07"}),
    "RETREAT": frozenset({"08"}),
    "REQUEST": frozenset({"02", "10"}),
    "ACCUSE": frozenset({"09", "11"}),
    "REJECT": frozenset({"12"}),
    "THREATEN": frozenset({"13"}),
    "PROTEST": frozenset({"14"}),
    "MOBILIZE": frozenset({"15"}),
    "SANCTION": frozenset({"16"}),
    "COERCE": frozenset({"17"}),
    "ASSAULT": frozenset({"18", "19", "20"}),
}
# Roots a PLOVER type can agree with (02-20). 01 has no PLOVER type; the unit tests also
# use codes that are not CAMEO at all (22x, 34x, 80x, 90x, 91x: test verbs of
# PETR.Validate.verbs.txt), which are left out the same way.
MAPPABLE = frozenset().union(*PLOVER_TO_CAMEO.values())


def roots_of(event_type: str | None) -> frozenset[str]:
    return PLOVER_TO_CAMEO.get(event_type or "", frozenset())


def evaluate(sents, recs) -> dict:
    n = len(sents)
    judged = top_ok = any_ok = unmappable = covered_sents = 0
    gold_roots = covered = 0
    pred_events = pred_ok = 0
    noev = noev_ok = errors = 0
    rows = []
    for s, rec in zip(sents, recs, strict=True):
        if not hasattr(rec, "events"):
            errors += 1
            evs = []
        else:
            evs = list(rec.events)
        top = top_event(rec) if evs else None
        rows.append({"id": s.id, "gold": sorted(s.roots), "noevents": s.noevents,
                     "top": top.type if top else None, "types": [e.type for e in evs]})  # fmt: skip
        g = s.roots & MAPPABLE
        if s.noevents and not s.roots:
            noev += 1
            noev_ok += not evs
            pred_events += len(evs)
            continue
        if not g:
            unmappable += 1
            continue
        judged += 1
        covered_sents += bool(evs)
        top_ok += bool(top and roots_of(top.type) & g)
        any_ok += any(roots_of(e.type) & g for e in evs)
        gold_roots += len(g)
        covered += sum(1 for r in g if any(r in roots_of(e.type) for e in evs))
        pred_events += len(evs)
        pred_ok += sum(1 for e in evs if roots_of(e.type) & g)
    p = pred_ok / pred_events if pred_events else None
    r = covered / gold_roots if gold_roots else None
    return {
        "sentences": n, "errors": errors, "judged": judged, "unmappable": unmappable,
        "coverage": covered_sents / judged if judged else None, "covered_sents": covered_sents,
        "top_event_agreement": top_ok / judged if judged else None, "top_ok": top_ok,
        "any_event_agreement": any_ok / judged if judged else None, "any_ok": any_ok,
        "root_recall": r, "root_precision": p,
        "root_f1": 2 * p * r / (p + r) if p and r else None,
        "gold_roots": gold_roots, "covered": covered, "pred_events": pred_events,
        "pred_ok": pred_ok, "noevents_sentences": noev,
        "noevents_specificity": noev_ok / noev if noev else None, "noevents_ok": noev_ok,
        "rows": rows,
    }  # fmt: skip


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_common_args(ap)
    args = ap.parse_args(argv)

    results = {"version": sitroom_version(), "date": date.today().isoformat(), "limit": args.limit}
    table = MdTable(["measure", "validation (real news)", "unit tests (fictional)"])
    for name, path in (("validation", PETR_VALIDATION), ("unit_tests", PETR_UNITTEST)):
        sents = load_petrarch(path)[: args.limit]
        items = [(s.id or f"s{i}", s.text, s.date.isoformat() if s.date else None)
                 for i, s in enumerate(sents)]  # fmt: skip
        recs = list(run_records(items, stages=args.stages))
        results[name] = evaluate(sents, recs)
    v, u = results["validation"], results["unit_tests"]

    def cell(res, key, num=None, den=None):
        out = fmt(res[key], True)
        return out + (f" ({res[num]}/{res[den]})" if num else "")

    table.add("sentences", v["sentences"], u["sentences"])
    table.add("judged (mappable gold codings)", v["judged"], u["judged"])
    table.add("only CAMEO 01 / non-CAMEO test codes (left out)", v["unmappable"], u["unmappable"])
    table.add("coverage (any event, judged sentences)", cell(v, "coverage", "covered_sents", "judged"),
              cell(u, "coverage", "covered_sents", "judged"))  # fmt: skip
    table.add("top-event agreement", cell(v, "top_event_agreement", "top_ok", "judged"),
              cell(u, "top_event_agreement", "top_ok", "judged"))  # fmt: skip
    table.add("any-event agreement", cell(v, "any_event_agreement", "any_ok", "judged"),
              cell(u, "any_event_agreement", "any_ok", "judged"))  # fmt: skip
    table.add("root recall", cell(v, "root_recall", "covered", "gold_roots"),
              cell(u, "root_recall", "covered", "gold_roots"))  # fmt: skip
    table.add("root precision", cell(v, "root_precision", "pred_ok", "pred_events"),
              cell(u, "root_precision", "pred_ok", "pred_events"))  # fmt: skip
    table.add("noevents specificity", cell(v, "noevents_specificity", "noevents_ok", "noevents_sentences"),
              cell(u, "noevents_specificity", "noevents_ok", "noevents_sentences"))  # fmt: skip

    from rich.console import Console

    Console().print(table.rich("PETRARCH-2 records: CAMEO root agreement"))
    if args.write:
        body = (
            f"Run {results['date']}, {results['version']}"
            + (f", --limit {args.limit} (smoke test, not a result)" if args.limit else "")
            + f".\n\n{table.markdown()}"
        )
        write_section("petrarch", body)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return results


if __name__ == "__main__":
    main()
