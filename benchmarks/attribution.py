"""Attribution (source / cue / content) against PolNeAR.

    .venv/bin/python benchmarks/attribution.py [--split dev|test|train] [--limit N] [--json PATH]

Scores ``sitroom.attribution.find_attributions`` (the spans behind ``doc.claims``) per role
with three matchings, the PARC3 / Pareti (2016) tradition (PolNeAR defines no official
system metric; see its PROVENANCE.md):

* exact: the span equals a gold span after both are normalised the same way (the hull of
  discontinuous gold spans; surrounding spaces, quote marks and edge punctuation dropped,
  a leading "that " dropped from contents). One-to-one matching.
* overlap: the spans share at least one character. One-to-one, greedy.
* token: word-level P/R/F1 over the words each role covers in the article.

Attribution level: a predicted (source, cue, content) counts when its cue overlaps the
gold cue, its content overlaps the gold content and its source overlaps the gold source
(or both have none). ``recall_in_lexicon`` is the attribution recall on the gold
attributions whose cue contains a word of sitroom's cue lexicon (PolNeAR also annotates
beliefs, intentions and evidence: "thinks", "wants", "polls show", which sitroom does not
treat as claims).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _polnear import Article, load_split  # noqa: E402

from sitroom.attribution import Attributor, find_attributions  # noqa: E402
from sitroom.attribution.finder import trim  # noqa: E402
from sitroom.attribution.lexicon import load_lexicon  # noqa: E402
from sitroom.document import Document  # noqa: E402
from sitroom.nlp import load_nlp  # noqa: E402

ROLES = ("source", "cue", "content")
WORD = re.compile(r"\S+")


def _hull(frags):
    return (min(a for a, _ in frags), max(b for _, b in frags)) if frags else None


def _norm(text, span, role):
    if span is None:
        return None
    s, e = trim(text, *span, that=role == "content")
    return (s, e) if e > s else span


def _overlaps(a, b):
    return a[0] < b[1] and b[0] < a[1]


class Counts:
    def __init__(self):
        self.tp = self.fp = self.fn = 0

    def add(self, tp, n_pred, n_gold):
        self.tp += tp
        self.fp += n_pred - tp
        self.fn += n_gold - tp

    def prf(self):
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3), "tp": self.tp,
                "fp": self.fp, "fn": self.fn}  # fmt: skip


def _pred(att, role):
    """A predicted span; a content that continues after the cue ("“A,” X said. “B.”") is
    compared as its hull, the way discontinuous gold spans are (and the way the claims
    stage writes it: one claim, ``content`` = the hull, ``content_parts`` = the pieces)."""
    span = getattr(att, role)
    if role == "content" and att.continued:
        return min(span[0], att.continued[0][0]), max(span[1], att.continued[-1][1])
    return span


def _match(pred, gold, same) -> int:
    used = set()
    tp = 0
    for p in pred:
        for j, g in enumerate(gold):
            if j not in used and same(p, g):
                used.add(j)
                tp += 1
                break
    return tp


def _words(text, spans):
    covered = set()
    for s, e in spans:
        for m in WORD.finditer(text, s, e):
            covered.add(m.start())
    return covered


def _in_lexicon(sdoc, cue_frags, lex) -> bool:
    for s, e in cue_frags:
        span = sdoc.char_span(s, e, alignment_mode="expand")
        for t in span or ():
            low = t.lemma_.lower()
            if low in lex.verbs or low in lex.nouns or t.lower_ == "according":
                return True
    return False


def score_article(art: Article, sdoc, atts, lex, c: dict) -> None:
    text = art.text
    golds = art.attributions
    for role in ROLES:
        g = [_norm(text, _hull(getattr(a, role)), role) for a in golds if getattr(a, role)]
        p = [_norm(text, _pred(a, role), role) for a in atts if getattr(a, role)]
        c[role, "exact"].add(_match(p, g, lambda x, y: x == y), len(p), len(g))
        c[role, "overlap"].add(_match(p, g, _overlaps), len(p), len(g))
        gw = _words(text, [f for a in golds for f in (getattr(a, role) or [])])
        pw = _words(
            text,
            [getattr(a, role) for a in atts if getattr(a, role)]
            + [f for a in atts for f in (a.continued if role == "content" else ())],
        )
        c[role, "token"].add(len(gw & pw), len(pw), len(gw))

    def same(pa, ga):
        if not any(_overlaps(pa.cue, f) for f in ga.cue):
            return False
        if not any(_overlaps(pa.content, f) for f in ga.content):
            return False
        if pa.source is None or ga.source is None:
            return pa.source is None and ga.source is None
        return any(_overlaps(pa.source, f) for f in ga.source)

    c["attribution"].add(_match(atts, golds, same), len(atts), len(golds))
    lexical = [g for g in golds if _in_lexicon(sdoc, g.cue, lex)]
    c["recall_in_lexicon"].add(_match(atts, lexical, same), 0, len(lexical))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="dev", choices=["train", "dev", "test"])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = ap.parse_args()

    arts = load_split(args.split, args.limit)
    nlp = load_nlp()
    lex = load_lexicon()
    counts = {(r, m): Counts() for r in ROLES for m in ("exact", "overlap", "token")}
    counts["attribution"] = Counts()
    counts["recall_in_lexicon"] = Counts()
    stage = Attributor()
    t_parse = t_attr = t_stage = 0.0
    n_claims = 0
    words = 0
    for art in arts:
        t0 = time.perf_counter()
        sdoc = nlp(art.text)
        t1 = time.perf_counter()
        atts = find_attributions(sdoc, art.text, lexicon=lex)
        t2 = time.perf_counter()
        doc = Document.from_text(art.text)
        doc.spacy = sdoc
        stage(doc)  # the whole stage (speakers through the actor dictionary, stances)
        t3 = time.perf_counter()
        t_parse += t1 - t0
        t_attr += t2 - t1
        t_stage += t3 - t2
        n_claims += len(doc.claims)
        words += len(art.text.split())
        score_article(art, sdoc, atts, lex, counts)

    n_gold = sum(len(a.attributions) for a in arts)
    res = {
        "split": args.split, "articles": len(arts), "gold_attributions": n_gold, "words": words,
        "annotators": sorted({a.annotator for a in arts}),
        "roles": {f"{r}/{m}": counts[r, m].prf() for r in ROLES for m in ("exact", "overlap", "token")},
        "attribution": counts["attribution"].prf(),
        "recall_in_lexicon": counts["recall_in_lexicon"].prf()["r"],
        "gold_in_lexicon": counts["recall_in_lexicon"].tp + counts["recall_in_lexicon"].fn,
        "throughput": {
            "spacy_s": round(t_parse, 2), "attribution_s": round(t_attr, 2),
            "attribution_articles_per_s": round(len(arts) / t_attr, 1) if t_attr else None,
            "stage_s": round(t_stage, 2),
            "stage_articles_per_s": round(len(arts) / t_stage, 1) if t_stage else None,
            "claims": n_claims,
            "end_to_end_articles_per_s": round(len(arts) / (t_parse + t_attr), 2),
        },
    }  # fmt: skip
    print(f"PolNeAR {args.split}: {len(arts)} articles, {n_gold} gold attributions, {words} words")
    print(f"{'role/match':22} {'P':>6} {'R':>6} {'F1':>6}")
    for key, v in [*res["roles"].items(), ("attribution", res["attribution"])]:
        print(f"{key:22} {v['p']:6.3f} {v['r']:6.3f} {v['f1']:6.3f}")
    print(f"attribution recall on gold cues in the lexicon ({res['gold_in_lexicon']}): "
          f"{res['recall_in_lexicon']:.3f}")  # fmt: skip
    tp = res["throughput"]
    print(f"spaCy parse {tp['spacy_s']} s; attribution rules {tp['attribution_s']} s "
          f"({tp['attribution_articles_per_s']} articles/s); end to end "
          f"{tp['end_to_end_articles_per_s']} articles/s")  # fmt: skip
    print(f"whole claims stage (Attributor, actor dictionary): {tp['stage_s']} s "
          f"({tp['stage_articles_per_s']} articles/s, {tp['claims']} claims)")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
