"""Score sitroom output (``sitroom/article@1`` records) against gold files.

Gold files are shaped like ``shared/examples/*.gold.json`` (see ``shared/README.md`` and
``docs/evaluation.md``, which defines every metric computed here)::

    from sitroom.evaluate import load_gold_dir, load_pred_dir, score, render
    report = score(load_gold_dir("gold/"), load_pred_dir("pred/"))
    render(report, rich.console.Console())
    report.as_dict()

The rules in short:

* Articles are paired by id (gold ``id`` == predicted ``article.id``); gold files left over
  are then paired by file stem (``X.gold.json`` with ``X.json`` or with a record whose id is
  ``X``). A gold article with no prediction counts all its required events and claims as
  missed; a prediction with no gold is listed and otherwise ignored.
* A predicted event *matches* a gold event when the type is equal, the date is within the
  gold tolerance and the place within the gold radius. A gold ``date``/``location`` of null
  accepts anything; a predicted null against a gold non-null does **not** match (the
  prediction cannot be shown to be within tolerance) unless ``lenient_missing=True``.
* Matching is one-to-one and maximises the number of matched pairs first (then prefers
  required gold events, then agreeing actors, mode and closeness), computed exactly with
  the Hungarian algorithm. Gold events with ``required: false`` are neither rewarded nor
  penalised: a prediction matched to one is removed from both sides.
* Field accuracies are computed on the predictions matched to *required* gold events.
"""

from __future__ import annotations

import json
import math
import re
import statistics
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sitroom.model import Actor, ArticleRecord, Claim, Event

# --------------------------------------------------------------------------- results


@dataclass
class PRF:
    """Counts of one precision/recall/F1 measure."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: PRF) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "precision": _r(self.precision), "recall": _r(self.recall), "f1": _r(self.f1),
        }  # fmt: skip


@dataclass
class Accuracy:
    """``correct`` out of ``total`` judged cases."""

    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None

    def tick(self, ok: bool) -> None:
        self.total += 1
        self.correct += bool(ok)

    def add(self, other: Accuracy) -> None:
        self.correct += other.correct
        self.total += other.total

    def as_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "accuracy": _r(self.value)}


FIELDS = (
    "mode", "actor1", "actor1_alias", "actor2", "actor2_alias", "date", "place",
    "fatalities", "injured", "status", "asserted_by", "denied_by",
)  # fmt: skip


@dataclass
class ArticleScore:
    id: str
    paired: bool
    events: PRF = field(default_factory=PRF)
    claims: PRF = field(default_factory=PRF)
    links: PRF = field(default_factory=PRF)
    contested: Accuracy = field(default_factory=Accuracy)
    fields: dict[str, Accuracy] = field(default_factory=lambda: {f: Accuracy() for f in FIELDS})
    by_type: dict[str, PRF] = field(default_factory=dict)
    event_matches: dict[str, str] = field(default_factory=dict)  # gold key -> pred id
    claim_matches: dict[int, str] = field(default_factory=dict)  # gold claim index -> pred id
    missed_events: list[str] = field(default_factory=list)  # required gold keys unmatched
    spurious_events: list[str] = field(default_factory=list)  # pred ids unmatched
    place_km: list[float] = field(default_factory=list)  # distances of matched places

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "paired": self.paired,
            "events": self.events.as_dict(), "claims": self.claims.as_dict(),
            "links": self.links.as_dict(), "contested_recall": self.contested.as_dict(),
            "fields": {k: v.as_dict() for k, v in self.fields.items()},
            "event_matches": self.event_matches,
            "claim_matches": {str(k): v for k, v in self.claim_matches.items()},
            "missed_events": self.missed_events, "spurious_events": self.spurious_events,
        }  # fmt: skip


@dataclass
class Report:
    """The whole evaluation; micro-averaged over articles (counts are summed)."""

    articles: int = 0
    events: PRF = field(default_factory=PRF)
    claims: PRF = field(default_factory=PRF)
    links: PRF = field(default_factory=PRF)
    contested: Accuracy = field(default_factory=Accuracy)
    fields: dict[str, Accuracy] = field(default_factory=lambda: {f: Accuracy() for f in FIELDS})
    by_type: dict[str, PRF] = field(default_factory=dict)
    place_km_median: float | None = None
    unpaired_gold: list[str] = field(default_factory=list)
    unpaired_pred: list[str] = field(default_factory=list)
    per_article: list[ArticleScore] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "events": self.events.as_dict(),
            "claims": self.claims.as_dict(),
            "links": self.links.as_dict(),
            "contested_recall": self.contested.as_dict(),
            "fields": {k: v.as_dict() for k, v in self.fields.items()},
            "by_type": {k: v.as_dict() for k, v in sorted(self.by_type.items())},
            "place_km_median": _r(self.place_km_median),
            "unpaired_gold": self.unpaired_gold,
            "unpaired_pred": self.unpaired_pred,
            "settings": self.settings,
            "per_article": [a.as_dict() for a in self.per_article],
        }


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


# --------------------------------------------------------------------------- loading


def load_gold_dir(path: str | Path) -> list[dict]:
    """Every ``*.gold.json`` under ``path`` (recursively); a plain ``*.json`` file is read
    too when the folder has no ``*.gold.json``. Each dict gets ``_stem`` (file name without
    ``.gold.json``) and, when ``<stem>.txt`` lies beside it, ``_text`` (the article text,
    used to place claim evidence; see docs/evaluation.md)."""
    path = Path(path)
    files = [path] if path.is_file() else sorted(path.rglob("*.gold.json"))
    if not files and path.is_dir():
        files = sorted(path.rglob("*.json"))
    out = []
    for f in files:
        g = json.loads(f.read_text(encoding="utf-8"))
        stem = _stem(f)
        g["_stem"] = stem
        txt = f.with_name(stem + ".txt")
        if txt.exists() and "_text" not in g:
            g["_text"] = txt.read_text(encoding="utf-8")
        out.append(g)
    return out


def load_pred_dir(path: str | Path) -> list[dict]:
    """Predicted records: every ``*.json`` (one ArticleRecord, or a JSON array of them, as
    ``sitroom extract --format json`` prints) and ``*.jsonl`` (one record per line) under
    ``path`` (or ``path`` itself when it is a file). ``*.gold.json`` files are skipped.
    Each dict gets ``_stem`` (the file name without ``.json``/``.jsonl``; only set when the
    file holds one record)."""
    path = Path(path)
    if path.is_file():
        files = [path]
    else:
        files = sorted(
            f for f in path.rglob("*")
            if f.suffix in (".json", ".jsonl") and not f.name.endswith(".gold.json")
        )  # fmt: skip
    out: list[dict] = []
    for f in files:
        raw = f.read_text(encoding="utf-8")
        if f.suffix == ".jsonl":
            recs = [json.loads(line) for line in raw.splitlines() if line.strip()]
        else:
            data = json.loads(raw)
            recs = data if isinstance(data, list) else [data]
        for r in recs:
            if len(recs) == 1:
                r["_stem"] = _stem(f)
            out.append(r)
    return out


def _stem(f: Path) -> str:
    name = f.name
    for suf in (".gold.json", ".jsonl", ".json"):
        if name.endswith(suf):
            return name[: -len(suf)]
    return f.stem


def _as_record(p: ArticleRecord | dict) -> ArticleRecord:
    """Validate a record dict; fields unknown to this version of the contract (the contract
    allows additions) are dropped rather than rejected."""
    if isinstance(p, ArticleRecord):
        return p
    data = json.loads(json.dumps({k: v for k, v in p.items() if not k.startswith("_")}))
    for _ in range(100):
        try:
            return ArticleRecord.model_validate(data)
        except ValidationError as e:
            extra = [err["loc"] for err in e.errors() if err["type"] == "extra_forbidden"]
            if not extra or len(extra) != len(e.errors()):
                raise
            for loc in extra:
                node = data
                for k in loc[:-1]:
                    node = node[k]
                node.pop(loc[-1], None)
    return ArticleRecord.model_validate(data)


# --------------------------------------------------------------------------- pairing


def pair(gold: Sequence[dict], pred: Sequence[ArticleRecord | dict]):
    """Yield ``(gold, record | None)`` and return the unpaired predictions' ids.

    By id first (gold ``id`` == ``article.id``), then by stem: gold ``_stem`` (or ``id``)
    equal to the prediction's ``_stem`` (or ``article.id``)."""
    recs = [(_as_record(p), p.get("_stem") if isinstance(p, dict) else None) for p in pred]
    used: set[int] = set()
    by_id: dict[str, int] = {}
    for i, (r, _s) in enumerate(recs):
        by_id.setdefault(r.article.id, i)
    pairs: list[tuple[dict, ArticleRecord | None]] = [None] * len(gold)  # type: ignore[list-item]
    rest = []
    for gi, g in enumerate(gold):
        i = by_id.get(str(g.get("id")))
        if i is not None and i not in used:
            used.add(i)
            pairs[gi] = (g, recs[i][0])
        else:
            rest.append(gi)
    for gi in rest:
        g = gold[gi]
        keys = {k for k in (g.get("_stem"), g.get("id")) if k}
        hit = next(
            (i for i, (r, s) in enumerate(recs)
             if i not in used and (s in keys or r.article.id in keys)),
            None,
        )  # fmt: skip
        if hit is not None:
            used.add(hit)
        pairs[gi] = (g, recs[hit][0] if hit is not None else None)
    unpaired = [recs[i][1] or recs[i][0].article.id for i in range(len(recs)) if i not in used]
    return pairs, unpaired


# --------------------------------------------------------------------------- primitives


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _day(s: str | None) -> date | None:
    if not s:
        return None
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        return None


def date_ok(gold_date: dict | None, pred: Event, *, lenient_missing: bool = False) -> bool:
    """Gold null → True. Else the predicted ``Time.value`` within ``tolerance_days`` of the
    gold value, or (no value) its ``earliest..latest`` range overlapping the tolerance window.
    A predicted date that gives no day at all: False (True with ``lenient_missing``)."""
    if not gold_date or not gold_date.get("value"):
        return True
    g = _day(gold_date["value"])
    if g is None:
        return True
    tol = timedelta(days=int(gold_date.get("tolerance_days") or 0))
    t = pred.date
    if t is None:
        return lenient_missing
    v = _day(t.value)
    if v is not None:
        return abs(v - g) <= tol
    lo, hi = _day(t.earliest), _day(t.latest)
    if lo is None and hi is None:
        return lenient_missing
    lo, hi = lo or hi, hi or lo
    return lo <= g + tol and hi >= g - tol  # type: ignore[operator]


def place_km(gold_loc: dict | None, pred: Event) -> float | None:
    if not gold_loc or pred.location is None or gold_loc.get("lat") is None:
        return None
    return haversine_km(gold_loc["lat"], gold_loc["lon"], pred.location.lat, pred.location.lon)


def place_ok(gold_loc: dict | None, pred: Event, *, default_radius_km: float = 50.0,
             lenient_missing: bool = False) -> bool:  # fmt: skip
    """Gold null → True; predicted null vs gold non-null → False (True with
    ``lenient_missing``); else haversine distance <= the gold ``radius_km``."""
    if not gold_loc or gold_loc.get("lat") is None or gold_loc.get("lon") is None:
        return True  # a gold place without coordinates constrains nothing
    d = place_km(gold_loc, pred)
    if d is None:
        return lenient_missing
    return d <= float(gold_loc.get("radius_km") or default_radius_km)


_ARTICLE = re.compile(r"^(the|a|an)\s+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def norm(s: str) -> str:
    """Case-folded, accent-stripped, quotes unified, leading article dropped, spaces single."""
    s = unicodedata.normalize("NFKD", s.translate(_QUOTES))
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = re.sub(r"\s+", " ", s).strip(" .,;:")
    s = re.sub(r"'s$", "", s)
    return _ARTICLE.sub("", s)


def alias_match(gold_actor: dict | None, pred: Actor | None) -> bool:
    """The predicted actor's ``name``, ``text`` or ``affiliation`` equals one of the gold
    aliases (see :func:`norm`), or a gold alias stands as whole words inside the predicted
    ``text`` (aliases of 3 characters or fewer, e.g. "US", "IS", only case-sensitively)."""
    if not gold_actor or pred is None:
        return False
    aliases = [a for a in gold_actor.get("aliases") or [] if a]
    cand = {norm(x) for x in (pred.name, pred.text, pred.affiliation) if x}
    if cand & {norm(a) for a in aliases}:
        return True
    text = pred.text or ""
    for a in aliases:
        a = a.translate(_QUOTES).strip()
        if len(a) <= 3:
            if re.search(rf"(?<![\w-]){re.escape(a)}(?![\w-])", text):
                return True
        elif re.search(rf"(?<!\w){re.escape(norm(a))}(?!\w)", norm(text)):
            return True
    return False


def _sectors(gold_actor: dict) -> set[str] | None:
    s = gold_actor.get("sector")
    if not s:
        return None
    return {s} if isinstance(s, str) else set(s)


def actor_ok(gold_actor: dict | None, pred: Actor | None, other_gold: dict | None = None) -> bool:
    """Actor field accuracy: gold null → correct iff predicted null. Else alias match, or
    the country fallback: gold ``country`` non-null and equal to the predicted country,
    the predicted actor not alias-matching the event's *other* gold actor (so swapped
    initiator/target stays wrong), and when the gold actor carries an optional ``sector``
    (string or list) the predicted sector in it."""
    if not gold_actor:
        return pred is None
    if pred is None:
        return False
    if alias_match(gold_actor, pred):
        return True
    c = gold_actor.get("country")
    if not c or pred.country != c:
        return False
    if other_gold and alias_match(other_gold, pred):
        return False
    sec = _sectors(gold_actor)
    return sec is None or pred.sector in sec


def actors_overlap(gold_list: list[dict] | None, pred_list: list[Actor]) -> bool:
    """asserted_by / denied_by: both empty → correct; one empty → wrong; else correct when
    at least one predicted actor alias-matches at least one gold entry."""
    gold_list = gold_list or []
    if not gold_list and not pred_list:
        return True
    if not gold_list or not pred_list:
        return False
    return any(alias_match(g, p) for g in gold_list for p in pred_list)


def casualty_ok(gold_vals: list[int] | int | None, pred_val: int | None) -> bool:
    """Gold null → correct iff predicted null; else the predicted figure in the gold list."""
    if gold_vals is None:
        return pred_val is None
    if isinstance(gold_vals, int):
        gold_vals = [gold_vals]
    return pred_val is not None and pred_val in gold_vals


# --------------------------------------------------------------------------- assignment


def max_weight_matching(w: list[list[float]]) -> list[tuple[int, int]]:
    """Pairs (i, j) of a maximum-weight one-to-one matching on the matrix ``w`` (rows ×
    columns, weights >= 0; a weight <= 0 means "may not be paired"). Hungarian algorithm
    (Kuhn-Munkres, O(n²m)), exact; no scipy needed."""
    n = len(w)
    m = len(w[0]) if n else 0
    if not n or not m:
        return []
    transpose = n > m
    if transpose:
        w = [list(col) for col in zip(*w, strict=True)]
        n, m = m, n
    big = max(max(r) for r in w)
    cost = [[big - x for x in row] for row in w]  # minimise cost == maximise weight
    inf = float("inf")
    u, v = [0.0] * (n + 1), [0.0] * (m + 1)
    p, way = [0] * (m + 1), [0] * (m + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    out = []
    for j in range(1, m + 1):
        i = p[j]
        if i and w[i - 1][j - 1] > 0:
            out.append((j - 1, i - 1) if transpose else (i - 1, j - 1))
    return sorted(out)


# --------------------------------------------------------------------------- events

_BASE = 1000.0  # one more matched pair always beats any tie-break bonus
_REQUIRED = 100.0  # then matching required gold items beats matching optional ones


def _event_weight(g: dict, p: Event, *, default_radius_km: float, lenient_missing: bool) -> float:
    if g.get("type") != p.type:
        return 0.0
    if not date_ok(g.get("date"), p, lenient_missing=lenient_missing):
        return 0.0
    if not place_ok(g.get("location"), p, default_radius_km=default_radius_km,
                    lenient_missing=lenient_missing):  # fmt: skip
        return 0.0
    w = _BASE + (_REQUIRED if g.get("required", True) else 0.0)
    # tie-breaks, together < _REQUIRED / 2
    w += 10 * alias_match(g.get("actor1"), p.actor1) + 10 * alias_match(g.get("actor2"), p.actor2)
    w += 5 * (g.get("mode") is not None and g.get("mode") == p.mode)
    d = place_km(g.get("location"), p)
    if d is not None:
        w += 5 / (1 + d)
    gd = _day((g.get("date") or {}).get("value"))
    pd = _day(p.date.value) if p.date else None
    if gd and pd:
        w += 5 / (1 + abs((gd - pd).days))
    return w


def _score_article(g: dict, rec: ArticleRecord | None, *, default_radius_km: float,
                   lenient_missing: bool, claim_min_overlap: float) -> ArticleScore:  # fmt: skip
    s = ArticleScore(id=str(g.get("id") or g.get("_stem")), paired=rec is not None)
    gev = list(g.get("events") or [])
    pev = list(rec.events) if rec else []
    for e in gev:
        e.setdefault("required", True)
    w = [[_event_weight(ge, pe, default_radius_km=default_radius_km,
                        lenient_missing=lenient_missing) for pe in pev] for ge in gev]  # fmt: skip
    matches = max_weight_matching(w)
    gold_to_pred = {gi: pi for gi, pi in matches}
    matched_pred = {pi for _, pi in matches}
    for gi, pi in matches:
        s.event_matches[str(gev[gi].get("key"))] = pev[pi].id

    def bt(t: str) -> PRF:
        return s.by_type.setdefault(t, PRF())

    for gi, ge in enumerate(gev):
        if not ge["required"]:
            continue
        if gi in gold_to_pred:
            s.events.tp += 1
            bt(ge["type"]).tp += 1
        else:
            s.events.fn += 1
            bt(ge["type"]).fn += 1
            s.missed_events.append(str(ge.get("key")))
    for pi, pe in enumerate(pev):
        if pi not in matched_pred:
            s.events.fp += 1
            bt(pe.type).fp += 1
            s.spurious_events.append(pe.id)

    # field accuracy on predictions matched to required gold events
    for gi, pi in matches:
        ge, pe = gev[gi], pev[pi]
        if ge.get("status") == "contested" and ge["required"]:
            s.contested.tick(pe.status == "contested")
        if not ge["required"]:
            continue
        f = s.fields
        if ge.get("mode") is not None:
            f["mode"].tick(pe.mode == ge["mode"])
        a1, a2 = ge.get("actor1"), ge.get("actor2")
        f["actor1"].tick(actor_ok(a1, pe.actor1, a2))
        f["actor2"].tick(actor_ok(a2, pe.actor2, a1))
        f["actor1_alias"].tick(alias_match(a1, pe.actor1) if a1 else pe.actor1 is None)
        f["actor2_alias"].tick(alias_match(a2, pe.actor2) if a2 else pe.actor2 is None)
        gd = ge.get("date")
        if gd and gd.get("value"):
            f["date"].tick(pe.date is not None and pe.date.value == gd["value"])
        if ge.get("location"):
            ok = place_ok(ge["location"], pe, default_radius_km=default_radius_km)
            f["place"].tick(ok)
            d = place_km(ge["location"], pe)
            if d is not None:
                s.place_km.append(d)
        f["fatalities"].tick(casualty_ok(ge.get("fatalities"), pe.fatalities))
        f["injured"].tick(casualty_ok(ge.get("injured"), pe.injured))
        f["status"].tick(pe.status == ge.get("status", "reported"))
        f["asserted_by"].tick(actors_overlap(ge.get("asserted_by"), pe.asserted_by))
        f["denied_by"].tick(actors_overlap(ge.get("denied_by"), pe.denied_by))
    # contested gold events that were not matched at all are missed
    for gi, ge in enumerate(gev):
        if ge["required"] and ge.get("status") == "contested" and gi not in gold_to_pred:
            s.contested.tick(False)

    _score_claims(s, g, rec, gev, gold_to_pred, pev, claim_min_overlap)
    return s


# --------------------------------------------------------------------------- claims

_STOP = frozenset(
    "a an the of to in on at by for from with and or but that this it its is was were be been "
    "has have had as which who said says say".split()
)  # fmt: skip
_WORD = re.compile(r"\w+")


def _tokens(s: str) -> set[str]:
    return {t for t in _WORD.findall(norm(s)) if t not in _STOP}


_NEAR = 300  # a speaker/cue span farther than this from the content is not part of the claim


def _claim_extent(c: Claim) -> tuple[int, int]:
    lo, hi = c.content.start, c.content.end
    for x in (c.cue_span, c.speaker.span):
        if x is not None and x.end >= lo - _NEAR and x.start <= hi + _NEAR:
            lo, hi = min(lo, x.start), max(hi, x.end)
    return lo, hi


def evidence_overlap(gold_evidence: str, c: Claim, text: str | None,
                     min_overlap: float = 0.5) -> bool:  # fmt: skip
    """Does the predicted claim cover the gold evidence?

    With the article text (gold ``_text``) and the evidence found in it: the character
    range of the claim (from the first to the last of its content span and its speaker
    and cue spans, these only when within 300 characters of the content) intersects the
    evidence's range. Otherwise, word overlap: the share of
    the shorter side's content words (stop words dropped) found in the other side, with
    the claim side being speaker text + cue + content text, is >= ``min_overlap``."""
    if not gold_evidence:
        return True
    if text:
        at = text.find(gold_evidence)
        if at >= 0:
            lo, hi = _claim_extent(c)
            return lo < at + len(gold_evidence) and at < hi
    g = _tokens(gold_evidence)
    p = _tokens(" ".join(x for x in (c.speaker.text, c.cue, c.content.text) if x))
    if not g or not p:
        return False
    return len(g & p) / min(len(g), len(p)) >= min_overlap


def _score_claims(s: ArticleScore, g: dict, rec: ArticleRecord | None, gev: list[dict],
                  gold_to_pred: dict[int, int], pev: list[Event], min_overlap: float) -> None:  # fmt: skip
    gcl = list(g.get("claims") or [])
    pcl = list(rec.claims) if rec else []
    text = g.get("_text")
    for c in gcl:
        c.setdefault("required", True)

    def weight(gc: dict, pc: Claim) -> float:
        if gc.get("stance") != pc.stance or not alias_match(gc.get("speaker"), pc.speaker):
            return 0.0
        if not evidence_overlap(gc.get("evidence", ""), pc, text, min_overlap):
            return 0.0
        w = _BASE + (_REQUIRED if gc["required"] else 0.0)
        # tie-break: the claim links the right event
        key_to_gi = {str(e.get("key")): i for i, e in enumerate(gev)}
        gi = key_to_gi.get(str(gc.get("event")))
        if gi is not None and gi in gold_to_pred and pev[gold_to_pred[gi]].id in pc.events:
            w += 10
        return w

    w = [[weight(gc, pc) for pc in pcl] for gc in gcl]
    matches = max_weight_matching(w)
    g2p = dict(matches)
    matched_pred = {pi for _, pi in matches}
    for gi, pi in matches:
        s.claim_matches[gi] = pcl[pi].id
    for gi, gc in enumerate(gcl):
        if gc["required"]:
            if gi in g2p:
                s.claims.tp += 1
            else:
                s.claims.fn += 1
    neutral_pred = {pi for gi, pi in matches if not gcl[gi]["required"]}
    s.claims.fp += sum(1 for pi in range(len(pcl)) if pi not in matched_pred)

    # links: (claim, event) pairs
    key_to_gi = {str(e.get("key")): i for i, e in enumerate(gev)}
    p2g = {pi: gi for gi, pi in matches}
    for gi, gc in enumerate(gcl):
        if not gc["required"] or gc.get("event") is None:
            continue
        egi = key_to_gi.get(str(gc["event"]))
        ok = (
            gi in g2p and egi is not None and egi in gold_to_pred
            and pev[gold_to_pred[egi]].id in pcl[g2p[gi]].events
        )  # fmt: skip
        if ok:
            s.links.tp += 1
        else:
            s.links.fn += 1
    for pi, pc in enumerate(pcl):
        if pi in neutral_pred:
            continue
        gi = p2g.get(pi)
        for eid in pc.events:
            correct = False
            if gi is not None:
                egi = key_to_gi.get(str(gcl[gi].get("event")))
                correct = (
                    egi is not None and egi in gold_to_pred and pev[gold_to_pred[egi]].id == eid
                )
            if not correct:
                s.links.fp += 1


# --------------------------------------------------------------------------- score


def score(gold: Iterable[dict], pred: Iterable[ArticleRecord | dict], *,
          lenient_missing: bool = False, default_radius_km: float = 50.0,
          claim_min_overlap: float = 0.5) -> Report:  # fmt: skip
    """Score predicted records against gold dicts (see the module doc and
    docs/evaluation.md). ``pred`` items may be ArticleRecord objects or their JSON dicts
    (keys starting with ``_`` are ignored, ``_stem`` is used for pairing)."""
    gold = [json.loads(json.dumps(g)) for g in gold]  # never mutate the caller's dicts
    pairs, unpaired = pair(gold, list(pred))
    rep = Report(
        articles=len(gold),
        unpaired_pred=unpaired,
        settings={"lenient_missing": lenient_missing, "default_radius_km": default_radius_km,
                  "claim_min_overlap": claim_min_overlap},
    )  # fmt: skip
    dists: list[float] = []
    for g, rec in pairs:
        a = _score_article(g, rec, default_radius_km=default_radius_km,
                           lenient_missing=lenient_missing, claim_min_overlap=claim_min_overlap)  # fmt: skip
        if rec is None:
            rep.unpaired_gold.append(a.id)
        rep.per_article.append(a)
        rep.events.add(a.events)
        rep.claims.add(a.claims)
        rep.links.add(a.links)
        rep.contested.add(a.contested)
        for k, v in a.fields.items():
            rep.fields[k].add(v)
        for t, v in a.by_type.items():
            rep.by_type.setdefault(t, PRF()).add(v)
        dists += a.place_km
    rep.place_km_median = statistics.median(dists) if dists else None
    return rep


# --------------------------------------------------------------------------- render


def _f(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def render(report: Report, console) -> None:
    """Print the report as Rich tables on ``console``."""
    from rich.table import Table

    t = Table(title=f"sitroom eval: {report.articles} article(s)", title_justify="left")
    for col in ("measure", "P", "R", "F1", "TP", "FP", "FN"):
        t.add_column(col, justify="left" if col == "measure" else "right")
    for name, m in (("events", report.events), ("claims", report.claims),
                    ("claim→event links", report.links)):  # fmt: skip
        t.add_row(name, _f(m.precision), _f(m.recall), _f(m.f1), str(m.tp), str(m.fp), str(m.fn))
    c = report.contested
    t.add_row("contested recall", "", _f(c.value), "", str(c.correct), "", str(c.total - c.correct))
    console.print(t)

    ft = Table(title="field accuracy on matched required events", title_justify="left")
    for col in ("field", "correct", "judged", "accuracy"):
        ft.add_column(col, justify="left" if col == "field" else "right")
    for k, v in report.fields.items():
        ft.add_row(k, str(v.correct), str(v.total), _f(v.value))
    if report.place_km_median is not None:
        ft.add_row("place distance (median km)", "", "", f"{report.place_km_median:.1f}")
    console.print(ft)

    if report.by_type:
        tt = Table(title="events by type", title_justify="left")
        for col in ("type", "P", "R", "F1", "TP", "FP", "FN"):
            tt.add_column(col, justify="left" if col == "type" else "right")
        for k, m in sorted(report.by_type.items()):
            tt.add_row(k, _f(m.precision), _f(m.recall), _f(m.f1), str(m.tp), str(m.fp), str(m.fn))
        console.print(tt)
    if report.unpaired_gold:
        console.print(
            f"gold without prediction (counted as missed): {', '.join(report.unpaired_gold)}"
        )
    if report.unpaired_pred:
        console.print(f"predictions without gold (ignored): {', '.join(report.unpaired_pred)}")


def to_json(report: Report) -> str:
    return json.dumps(report.as_dict(), indent=2, ensure_ascii=False)


__all__ = [
    "PRF",
    "Accuracy",
    "ArticleScore",
    "Report",
    "FIELDS",
    "score",
    "render",
    "to_json",
    "load_gold_dir",
    "load_pred_dir",
    "pair",
    "haversine_km",
    "date_ok",
    "place_ok",
    "alias_match",
    "actor_ok",
    "actors_overlap",
    "casualty_ok",
    "evidence_overlap",
    "max_weight_matching",
]
