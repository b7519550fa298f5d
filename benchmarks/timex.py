"""Benchmark: time expressions on the TempEval-3 platinum test set (Task A, timexes).

    .venv/bin/python benchmarks/timex.py [--data DIR] [--no-spacy] [--errors]

Input is the official system input (``TE3-platinum-test/*.TE3input``: DCT + plain TEXT);
gold is ``te3-platinum/*.tml``. Scoring follows the official TE3 scorer
(``evaluate_entities.py``): a system timex and a gold timex *relaxed*-match when their
extents overlap (one-to-one), *strict*-match when the extents are identical; type and value
are compared on relaxed matches; Value F1 = relaxed F1 × value accuracy (= 2·correct values
/ (system + gold)). The DCT (t0) is not scored.
"""

from __future__ import annotations

import argparse
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "tempeval3-platinum"  # ../shared
if not DEFAULT_DATA.exists():
    DEFAULT_DATA = Path("/work/shared/datasets/tempeval3-platinum")
# the gold file of the Sarkozy article is spelled differently from its input (PROVENANCE.md)
GOLD_NAME = {"nyt_20130321_sarkozy": "nyt_20130321_sarcozy"}


@dataclass
class Gold:
    start: int
    end: int
    text: str
    type: str
    value: str


def _dct(root: ET.Element) -> date:
    t = root.find("DCT/TIMEX3")
    return date.fromisoformat(t.get("value")[:10])


def read_input(path: Path) -> tuple[str, date]:
    root = ET.parse(path).getroot()
    return root.find("TEXT").text or "", _dct(root)


def read_gold(path: Path) -> tuple[str, list[Gold]]:
    """The plain TEXT and the TIMEX3 extents in it (offsets into that text)."""
    root = ET.parse(path).getroot()
    text_el = root.find("TEXT")
    parts: list[str] = []
    golds: list[Gold] = []
    pos = 0

    def walk(el: ET.Element) -> None:
        nonlocal pos
        start = pos
        if el.text:
            parts.append(el.text)
            pos += len(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                pos += len(child.tail)
        if el.tag == "TIMEX3":
            s = "".join(parts)[start:pos]
            golds.append(Gold(start, pos, s, el.get("type"), el.get("value")))

    walk(text_el)
    return "".join(parts), golds


def match(gold: list[Gold], system: list) -> list[tuple[Gold, object]]:
    """One-to-one overlap matching, in text order (as the TE3 normaliser pairs tids)."""
    pairs = []
    used: set[int] = set()
    for g in gold:
        best = None
        for i, s in enumerate(system):
            if i in used or not (s.start < g.end and g.start < s.end):
                continue
            ov = min(s.end, g.end) - max(s.start, g.start)
            if best is None or ov > best[0]:
                best = (ov, i)
        if best is not None:
            used.add(best[1])
            pairs.append((g, system[best[1]]))
    return pairs


def prf(tp_p: int, n_sys: int, tp_r: int, n_gold: int) -> tuple[float, float, float]:
    p = tp_p / n_sys if n_sys else 0.0
    r = tp_r / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--no-spacy", action="store_true", help="grammar only, no spaCy parse")
    ap.add_argument("--no-fallback", action="store_true",
                    help="do not add spaCy DATE/TIME entities the grammar does not know")  # fmt: skip
    ap.add_argument("--errors", action="store_true", help="list every miss and wrong value")
    args = ap.parse_args(argv)

    sys.path.insert(0, str(ROOT / "src"))
    from sitroom.timex import find_mentions

    nlp = None
    if not args.no_spacy:
        from sitroom.nlp import load_nlp

        nlp = load_nlp()

    inputs = sorted((args.data / "TE3-platinum-test").glob("*.TE3input"))
    n_sys = n_gold = strict = relaxed = value_ok = type_ok = 0
    words = 0
    t_nlp = t_timex = 0.0
    errors: list[str] = []
    for inp in inputs:
        stem = inp.name.removesuffix(".tml.TE3input")
        gold_path = args.data / "te3-platinum" / f"{GOLD_NAME.get(stem, stem)}.tml"
        text, dct = read_input(inp)
        gtext, golds = read_gold(gold_path)
        if gtext != text:
            print(f"warning: {stem}: gold text differs from the input text", file=sys.stderr)
        words += len(text.split())
        doc = None
        if nlp is not None:
            t0 = time.perf_counter()
            doc = nlp(text)
            t_nlp += time.perf_counter() - t0
        t0 = time.perf_counter()
        ms = find_mentions(text, dct, spacy_doc=doc, spacy_fallback=not args.no_fallback)
        t_timex += time.perf_counter() - t0
        pairs = match(golds, ms)
        n_sys += len(ms)
        n_gold += len(golds)
        relaxed += len(pairs)
        for g, s in pairs:
            strict += (g.start, g.end) == (s.start, s.end)
            value_ok += g.value == (s.timex or "")
            type_ok += g.type == s.type
            if args.errors and (g.value != s.timex or (g.start, g.end) != (s.start, s.end)):
                errors.append(f"{stem}: gold {g.text!r} {g.type} {g.value} | "
                              f"sys {s.text!r} {s.type} {s.timex} [{s.rule}]")  # fmt: skip
        if args.errors:
            matched_s = {id(s) for _, s in pairs}
            matched_g = {id(g) for g, _ in pairs}
            for g in golds:
                if id(g) not in matched_g:
                    ctx = text[max(0, g.start - 40) : g.end + 40].replace("\n", " ")
                    errors.append(f"{stem}: MISSED {g.text!r} {g.type} {g.value} … {ctx}")
            for s in ms:
                if id(s) not in matched_s:
                    ctx = text[max(0, s.start - 40) : s.end + 40].replace("\n", " ")
                    errors.append(
                        f"{stem}: SPURIOUS {s.text!r} {s.type} {s.timex} [{s.rule}] … {ctx}"
                    )

    # strict matches count the same for precision and recall (one-to-one pairs)
    sp, sr, sf = prf(strict, n_sys, strict, n_gold)
    rp, rr, rf = prf(relaxed, n_sys, relaxed, n_gold)
    v_acc = value_ok / relaxed if relaxed else 0.0
    t_acc = type_ok / relaxed if relaxed else 0.0
    mode = (
        "grammar only"
        if args.no_spacy
        else ("grammar + spaCy parse" + ("" if args.no_fallback else " + spaCy entity fallback"))
    )
    print(
        f"TempEval-3 platinum: {len(inputs)} documents, {n_gold} gold timexes, "
        f"{n_sys} system timexes ({mode})\n"
    )
    print("| metric | P | R | F1 |\n|---|---|---|---|")
    print(f"| strict extent | {sp:.2%} | {sr:.2%} | {sf:.2%} |")
    print(f"| relaxed extent | {rp:.2%} | {rr:.2%} | {rf:.2%} |")
    print(
        f"| value (relaxed match + same value) | {v_acc * rp:.2%} | {v_acc * rr:.2%} | **{v_acc * rf:.2%}** |"
    )
    print(f"| type | {t_acc * rp:.2%} | {t_acc * rr:.2%} | {t_acc * rf:.2%} |")
    print(
        f"\nvalue accuracy {v_acc:.2%} ({value_ok}/{relaxed}), type accuracy {t_acc:.2%} "
        f"({type_ok}/{relaxed}), strict matches {strict}"
    )
    print(f"throughput: timex grammar {words / t_timex:,.0f} words/s ({t_timex:.2f} s for "
          f"{words:,} words)" + (f"; spaCy parse {words / t_nlp:,.0f} words/s ({t_nlp:.2f} s)"
                                 if nlp else ""))  # fmt: skip
    if errors:
        print("\n" + "\n".join(errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
