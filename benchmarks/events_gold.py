"""Extract a folder of gold-annotated articles and score the result with sitroom.evaluate.

    .venv/bin/python benchmarks/events_gold.py [FOLDER] [--limit N] [--save PRED_DIR]
        [--lenient-missing] [--format table|json] [--write]

FOLDER (default: the repository's examples/) holds ``X.txt`` + ``X.gold.json`` pairs in
the format of shared/README.md. Each text is read with ``sitroom.api.extract_text``, with
the gold file's ``published`` date (the publication date is an input a real run has too;
the event dates are what is scored) and its ``id``. ``--save`` writes each record as
``PRED_DIR/X.json`` so that ``sitroom eval FOLDER PRED_DIR`` gives the same numbers.
``--write`` replaces the ``gold`` section of docs/benchmarks/events.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _event_datasets import REPO, fmt, sitroom_version, write_section  # noqa: E402

from sitroom.evaluate import load_gold_dir, render, score  # noqa: E402


def main(argv: list[str] | None = None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", nargs="?", type=Path, default=REPO / "examples")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--save", type=Path, default=None, help="write predictions here")
    ap.add_argument("--lenient-missing", action="store_true",
                    help="a missing predicted date/place does not block a match")  # fmt: skip
    ap.add_argument("--format", choices=("table", "json"), default="table")
    ap.add_argument("--write", action="store_true", help="update docs/benchmarks/events.md")
    ap.add_argument("--stages", default=None, help="comma-separated stages (debugging)")
    args = ap.parse_args(argv)

    from sitroom.api import extract_text
    from sitroom.pipeline import PipelineOptions

    opts = (
        PipelineOptions(stages=tuple(args.stages.split(","))) if args.stages else PipelineOptions()
    )

    gold = [g for g in load_gold_dir(args.folder) if "_text" in g][: args.limit]
    if not gold:
        sys.exit(f"no X.txt + X.gold.json pairs in {args.folder}")
    preds = []
    for g in gold:
        rec = extract_text(
            g["_text"],
            published=g.get("published"),
            id=str(g.get("id") or g["_stem"]),
            options=opts,
        )
        preds.append(rec)
        if args.save:
            args.save.mkdir(parents=True, exist_ok=True)
            (args.save / f"{g['_stem']}.json").write_text(
                json.dumps(rec.to_json_dict(), ensure_ascii=False, indent=2), encoding="utf-8"
            )
    report = score(gold, preds, lenient_missing=args.lenient_missing)
    if args.format == "json":
        print(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        from rich.console import Console

        render(report, Console())
    if args.write:
        ev, cl, li, co = report.events, report.claims, report.links, report.contested
        lines = [
            f"Run {date.today().isoformat()}, {sitroom_version()}, {len(gold)} article(s) "
            f"from `{args.folder.relative_to(REPO) if args.folder.is_relative_to(REPO) else args.folder}`"
            + (", lenient-missing" if args.lenient_missing else "") + ".",
            "",
            "| measure | P | R | F1 | TP | FP | FN |",
            "|---|---|---|---|---|---|---|",
        ]  # fmt: skip
        other = score(gold, preds, lenient_missing=not args.lenient_missing).events
        other_name = "events (strict)" if args.lenient_missing else "events (lenient-missing)"
        for name, m in (
            ("events", ev),
            (other_name, other),
            ("claims", cl),
            ("claim→event links", li),
        ):
            lines.append(
                f"| {name} | {fmt(m.precision)} | {fmt(m.recall)} | {fmt(m.f1)} | {m.tp} | {m.fp} | {m.fn} |"
            )
        lines.append(
            f"| contested recall | | {fmt(co.value)} | | {co.correct} | | {co.total - co.correct} |"
        )
        lines += [
            "",
            "| field (matched required events) | correct | judged | accuracy |",
            "|---|---|---|---|",
        ]
        for k, v in report.fields.items():
            lines.append(f"| {k} | {v.correct} | {v.total} | {fmt(v.value)} |")
        write_section("gold", "\n".join(lines))
    return report


if __name__ == "__main__":
    main()
