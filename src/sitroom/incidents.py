"""Link events from different articles that describe the same happening into incidents.

``IncidentLinker`` keeps a set of events (``EventRef``: one contract ``Event`` of one
article, with its outlet and evidence text) and their incidents. ``add`` links new events
against the existing incidents without re-clustering; ``remove`` takes an article's events
out again; ``incidents`` aggregates each incident into the contract ``Incident``
(``sitroom/incidents@1``); ``state``/``from_state`` serialise everything (JSON) so a store
can keep it between runs. docs/incidents.md documents every rule and number below.

Linking, in two steps:

1. Candidates (blocking) from a spatio-temporal index, never all pairs: events of the same
   type, whose date ranges overlap (day precision ±1 day; week/month ranges must contain
   the other event's range; an undated event is taken as published-2..published), and whose
   places are within a distance that depends on the places' precision (city 25 km, "near"
   a city or water 40 km, admin2 60 km, admin1 150 km or the same admin1); country/region
   places and missing places are compared only within their country and day and must pass
   a stricter threshold ("strong other evidence").
2. A decision: a logistic score over date, place, mode, actor, casualty and text features
   (weights ``WEIGHTS``, fitted on the FA-KES dev split, see benchmarks/incidents.py).
   A new event joins the incident holding its best-scoring link (max link) when that
   score reaches ``THRESHOLD``, the incident has no other event of the same article and
   the incident's day span stays within ``MAX_DAY_SPAN``; other incidents it also links to
   above the threshold are merged into that one (recorded in the incident's history).
"""

from __future__ import annotations

import math
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import Any

from sitroom.actors import STATE_SECTORS
from sitroom.model import (
    Actor,
    ArticleRecord,
    Event,
    Figures,
    Incident,
    IncidentMember,
    Place,
    Time,
)
from sitroom.similarity import (
    EmbeddingSimilarity,
    LexicalSimilarity,
    default_similarity,
    load_embedding_model,
)

STATE_VERSION = 2  # 2: events keep their evidence text; lexical features are recomputed on load
LEX_CACHE = 20_000  # lexical feature vectors kept in memory (most recently used)
TEXT_CHARS = 600  # evidence kept per event (enough for the similarity; bounds the state)

# ---------------------------------------------------------------------------- constants

#: ACLED-compatible families of PLOVER ASSAULT modes. Outlets tell the same strike as an
#: "air strike", "shelling" or a "missile attack": ACLED puts all of them under
#: Explosions/Remote violence, so ``remote`` holds aerial, drone and heavy-weapons.
MODE_FAMILY: dict[str, str] = {
    "aerial": "remote", "drone": "remote", "heavy-weapons": "remote",
    "explosives": "explosion", "suicide-attack": "explosion",
    "unconventional": "chemical",
    "firearms": "ground", "targeted": "ground", "beat": "ground", "primitive": "ground",
    "torture": "ground",
    "abduct": "abduct", "sexual": "sexual",
    "destroy": "destroy",
}  # fmt: skip
#: families that outlets plausibly confuse with each other (partial compatibility):
#: a bomb is often reported as shelling and vice versa; destruction is what a strike does.
NEAR_FAMILIES = {
    frozenset({"remote", "explosion"}), frozenset({"remote", "destroy"}),
    frozenset({"explosion", "destroy"}), frozenset({"ground", "remote"}),
    frozenset({"chemical", "remote"}),  # gas is dropped from aircraft or fired in rockets
}  # fmt: skip

#: link radius (km) by place feature; ``near`` places ("north of X") use NEAR_KM
RADIUS_KM = {"site": 25.0, "city": 25.0, "water": 40.0, "admin2": 60.0, "admin1": 150.0}
NEAR_KM = 40.0
WEAK_FEATURES = {"country", "region"}
UNIQUE_WEAK = True  # a weak event joins the one incident of its mode those days (see _add_one)
MIN_MEMBER_MODE = 0.2  # two members' known modes: same family or one outlets confuse
CELL_DEG = 0.5  # grid cell size of the spatial index (~55 km)
INFERRED_DAYS = 2  # an undated event is taken as published-2 .. published
#: an event with no date because its article has no publication date links by place and
#: strong other evidence (``_passes``); it joins one incident and never bridges two
UNDATED_LINKS = True
#: ... comparing it with the most recently added events of its type and place only (a
#: cell's whole history would make the cost grow with the store, not with the news)
UNDATED_SCAN = 400
#: ... and a dated event looks back at the 50 most recent undated ones of its cell (every
#: dated event pays this, so it must stay small)
UNDATED_BACK = 50
#: ... added among the last 5,000 events (an undated report is met by the news around it;
#: a store's old undated events would otherwise be re-read by every new event)
UNDATED_WINDOW = 5_000
MAX_RANGE_DAYS = 31  # coarser dates (year, season...) are not linked
MAX_DAY_SPAN = 2  # the members' day ranges of one incident lie within 2 days of each other

#: logistic weights over the pair features (see ``pair_features``); fitted on the FA-KES
#: dev split by ``benchmarks/incidents.py --fit`` and committed as numbers.
WEIGHTS: dict[str, float] = {
    "bias": -4.0, "date": 1.5, "place": 1.5, "mode": 1.0, "actor": 0.8,
    "casualties": 1.2, "text": 4.0, "weak": -0.5,
}  # fmt: skip
THRESHOLD = 0.5  # link probability at or above which two events are the same incident
WEAK_THRESHOLD = 0.8  # ... when one of them has only a country/region place or none
#: keep two events of one article out of one incident. Off: extractors often read one
#: happening twice from one article (headline and body), and those copies must be able
#: to join the same incident through other articles' events.
ONE_PER_ARTICLE = False


@dataclass(frozen=True)
class EventRef:
    """One event of one article, as the linker sees it."""

    article_id: str
    event_id: str
    outlet: str | None
    published: str | None
    event: Event  # the contract Event
    evidence: str  # the evidence sentence(s) text
    #: casualty figures given in the article's claims about this event: (speaker, number)
    figures: tuple[tuple[str, int], ...] = field(default=())

    @property
    def key(self) -> str:
        return f"{self.article_id}#{self.event_id}"


def refs_from_record(rec: ArticleRecord, *, background: bool = False) -> list[EventRef]:
    """The ``EventRef`` of each event of an article record (background events only when
    ``background``), with the claims' casualty figures attached to the events they name."""
    figs: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for c in rec.claims:
        if c.fatalities is not None and c.stance in ("assert", "accuse"):
            for eid in c.events:
                figs[eid].append((c.speaker.name or c.speaker.text, c.fatalities))
    return [
        EventRef(
            article_id=rec.article.id,
            event_id=e.id,
            outlet=rec.article.outlet,
            published=rec.article.published,
            event=e,
            evidence=" ".join(s.text for s in e.evidence),
            figures=tuple(figs.get(e.id, ())),
        )  # fmt: skip
        for e in rec.events
        if background or not e.background
    ]


# ---------------------------------------------------------------------------- features


def _ordinal(s: str | None) -> int | None:
    if not s:
        return None
    try:
        return date.fromisoformat(s[:10]).toordinal()
    except ValueError:
        return None


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    h = (math.sin((lat2 - lat1) * p / 2) ** 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2)  # fmt: skip
    return 12742 * math.asin(math.sqrt(min(1.0, h)))


def _date_info(ev: Event, published: str | None) -> tuple[str, int | None, int | None]:
    """(kind, first day, last day): kind ``day``, ``range`` (week/month), ``inferred``
    (undated: published-2..published) or ``none`` (not linkable by date)."""
    t = ev.date
    if t is not None and t.text is None and t.value is None and published:
        # a date the events stage inferred from publication ("the week before"), not read
        # in the text: news tells what happened in the last days, so link it as such
        p = _ordinal(published)
        if p is not None and _ordinal(t.latest) == p:
            return "inferred", p - INFERRED_DAYS, p
    if t is not None:
        v = _ordinal(t.value)
        e, last = _ordinal(t.earliest), _ordinal(t.latest)
        if v is not None:
            return "day", v, v
        if e is not None and last is not None and last >= e:
            if last == e:
                return "day", e, e
            if last - e <= MAX_RANGE_DAYS:
                return "range", e, last
            return "none", None, None
        if t.precision not in (None, "day", "week"):
            return "none", None, None  # a year or a month we cannot place
    p = _ordinal(published)
    if p is None:
        # no publication date to resolve "on Tuesday" against (OUTPUT.md: relative dates
        # then stay unresolved): the event links on its place and strong other evidence
        return ("undated", None, None) if UNDATED_LINKS else ("none", None, None)
    return "inferred", p - INFERRED_DAYS, p


def _actor_info(a: Actor | None) -> dict | None:
    if a is None:
        return None
    return {"id": a.id, "name": a.name, "country": a.country, "sector": a.sector}


def _describe(ref: EventRef) -> dict:
    """Everything the linker needs of one event, JSON-serialisable."""
    ev = ref.event
    kind, d0, d1 = _date_info(ev, ref.published)
    loc = ev.location
    if loc is None:
        pkind, radius = "none", None
    elif loc.feature in WEAK_FEATURES:
        pkind, radius = "weak", None
    else:
        pkind = "point"
        radius = RADIUS_KM.get(loc.feature, 25.0)
        if loc.precision == "near" and radius < NEAR_KM:
            radius = NEAR_KM
    figures = [[s, n] for s, n in ref.figures]
    return {
        "article": ref.article_id, "event": ref.event_id, "outlet": ref.outlet,
        "published": ref.published, "type": ev.type, "mode": ev.mode,
        "date_kind": kind, "d0": d0, "d1": d1,
        "place_kind": pkind, "radius": radius,
        "lat": loc.lat if loc else None, "lon": loc.lon if loc else None,
        "country": loc.country if loc else None, "admin1": loc.admin1 if loc else None,
        "geonameid": loc.geonameid if loc else None,
        "feature": loc.feature if loc else None,
        "a1": _actor_info(ev.actor1), "a2": _actor_info(ev.actor2),
        "fatalities": ev.fatalities, "figures": figures,
        "record": ev.model_dump(mode="json", exclude={"evidence", "trigger"}, exclude_none=True),
    }  # fmt: skip


def mode_score(a: str | None, b: str | None) -> float:
    """1 same mode, 0.7 same family, 0.4 unknown on either side, 0.2 near families, 0."""
    if a is None or b is None:
        return 0.4
    if a == b:
        return 1.0
    fa, fb = MODE_FAMILY.get(a, a), MODE_FAMILY.get(b, b)
    if fa == fb:
        return 0.7
    if frozenset({fa, fb}) in NEAR_FAMILIES:
        return 0.2
    return 0.0


#: a state, its head and the bodies that act for it: "Russia" and "Russian troops" are one
#: attacker
_STATE_SIDE = STATE_SECTORS | {"PRE"}


def _actor_pair(x: dict | None, y: dict | None, *, target: bool = False) -> float | None:
    if not x or not y:
        return None
    if (x["id"] and x["id"] == y["id"]) or (x["name"] and x["name"] == y["name"]):
        return 1.0
    known = [k for k in ("country", "sector") if x.get(k) and y.get(k)]
    if not known:
        return 0.0
    if all(x[k] == y[k] for k in known):
        return 0.5 if len(known) == 2 else 0.25
    same_country = "country" in known and x["country"] == y["country"]
    if same_country and (x.get("sector") or "GOV") in _STATE_SIDE \
            and (y.get("sector") or "GOV") in _STATE_SIDE:  # fmt: skip
        return 0.25  # a state has no sector of its own
    if target and (same_country or "country" not in known):
        # who was hit is what the sides dispute: residents say civilians, the army says
        # "terrorists" or "a deployment point" of the other side's army
        return 0.0
    return -1.0


def actor_score(a: dict, b: dict) -> float:
    """Mean over the roles both events fill: +1 same actor, +0.5 same country and sector,
    +0.25 a state and its forces, -1 conflicting country or sector of the attacker; a
    target told as civilians by one side and as fighters by the other is no evidence
    either way (0); 0 when no role can be compared."""
    s = [
        v for v in (_actor_pair(a["a1"], b["a1"]), _actor_pair(a["a2"], b["a2"], target=True))
        if v is not None
    ]  # fmt: skip
    return sum(s) / len(s) if s else 0.0


def casualty_score(x: int | None, y: int | None) -> float:
    """Close figures raise (1), rough agreement a little (0.4), wildly different ones
    (one under a quarter of the other) lower slightly (-0.5): outlets disagree."""
    if not x or not y:
        return 0.0
    lo, hi = min(x, y), max(x, y)
    if hi - lo <= 2 or lo / hi >= 0.8:
        return 1.0
    if lo / hi >= 0.5:
        return 0.4
    if lo / hi < 0.25:
        return -0.5
    return 0.0


def date_score(a: dict, b: dict) -> float | None:
    """None when the dates are incompatible; else 1 same day, 0.6 adjacent days (or a
    two-day range holding the other), 0.5 when one is undated (inferred from publication),
    0.3 when a week/month range contains the other."""
    ka, kb = a["date_kind"], b["date_kind"]
    if ka == "none" or kb == "none":
        return None
    if ka == "undated" or kb == "undated":
        # one side has no date at all: no evidence either way (two undated events have
        # nothing to anchor them in time and are never linked)
        return None if ka == kb else 0.0
    if ka == "day" and kb == "day":
        d = abs(a["d0"] - b["d0"])
        return 1.0 if d == 0 else 0.6 if d == 1 else None
    if "range" in (ka, kb):
        wide, narrow = (a, b) if (a["d1"] - a["d0"]) >= (b["d1"] - b["d0"]) else (b, a)
        if wide["d0"] - 1 <= narrow["d0"] and narrow["d1"] <= wide["d1"] + 1:
            # "overnight", "in the past 24 hours": two days hold the other's day as
            # closely as an adjacent day does
            return 0.6 if wide["d1"] - wide["d0"] <= 1 else 0.3
        return None
    # inferred with day or inferred: ranges overlap with 1 day tolerance
    if a["d0"] <= b["d1"] + 1 and b["d0"] <= a["d1"] + 1:
        return 0.5
    return None


def place_score(a: dict, b: dict) -> tuple[float | None, bool]:
    """(score or None when too far apart, weak): 1 same gazetteer id, else 1 - distance /
    allowed distance; a pair of admin1 places in the same admin1 scores 0.4. ``weak`` when
    either has only a country/region place or none (then countries must not differ)."""
    if a["place_kind"] != "point" or b["place_kind"] != "point":
        if a["country"] and b["country"] and a["country"] != b["country"]:
            return None, True
        return 0.0, True
    if a["geonameid"] is not None and a["geonameid"] == b["geonameid"]:
        return 1.0, False
    d = _km(a["lat"], a["lon"], b["lat"], b["lon"])
    allowed = max(a["radius"], b["radius"])
    if "admin1" in (a["feature"], b["feature"]) and a["admin1"] and a["admin1"] == b["admin1"]:
        return max(0.4, 1 - d / allowed) if d <= allowed else 0.4, False
    if d > allowed:
        return None, False
    return 1 - d / allowed, False


def _modes_fit(a: str | None, b: str | None) -> bool:
    """Two members of one incident: modes unknown on either side, of one family, or of
    families outlets confuse for one happening (an air strike told as shelling, a bombing
    or a gas attack); a gun battle and a car bomb, or an abduction and an air strike,
    are never one incident."""
    return a is None or b is None or mode_score(a, b) >= MIN_MEMBER_MODE


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z)) if z > -50 else 0.0


def combine(feats: dict[str, float], weights: dict[str, float] | None = None) -> float:
    w = weights or WEIGHTS
    return _sigmoid(w["bias"] + sum(w[k] * v for k, v in feats.items() if k in w))


# ---------------------------------------------------------------------------- linker


class IncidentLinker:
    """Incremental linking of events into incidents (see the module doc)."""

    def __init__(self, similarity: Any = None, *, weights: dict[str, float] | None = None,
                 threshold: float = THRESHOLD, weak_threshold: float = WEAK_THRESHOLD) -> None:  # fmt: skip
        self.lex = LexicalSimilarity()
        self.emb = similarity if isinstance(similarity, EmbeddingSimilarity) else None
        self.weights = dict(weights or WEIGHTS)
        self.threshold = threshold
        self.weak_threshold = weak_threshold
        self.one_per_article = ONE_PER_ARTICLE
        self.events: dict[str, dict] = {}  # key -> description (+ "incident", "text", "emb")
        # lexical features are derived from "text" when a pair needs them (kept for the most
        # recent LEX_CACHE texts): holding them for every event cost ~20 KB per event
        self._lex_cache: OrderedDict[str, dict[str, int]] = OrderedDict()
        self.inc: dict[str, dict] = {}  # incident id -> {"members", "links", "history"}
        self.next_id = 1
        self._added = 0  # events added so far (each description keeps its "seq")
        self.comparisons = 0  # pairs scored (for the near-linear test and benchmark)
        self._grid: dict[tuple, dict[str, None]] = defaultdict(dict)
        self._area: dict[tuple, dict[str, None]] = defaultdict(dict)
        self._weak: dict[tuple, dict[str, None]] = defaultdict(dict)
        self._byday: dict[tuple, dict[str, None]] = defaultdict(dict)
        self._spatial: dict[tuple, dict[str, None]] = defaultdict(dict)  # (type, cell): dated
        self._undated: dict[tuple, dict[str, None]] = defaultdict(dict)  # (type, cell): undated
        self._by_article: dict[str, list[str]] = defaultdict(list)

    # ------------------------------------------------------------------ construction

    @classmethod
    def from_state(cls, state: dict | None, *, embedder: Any = None) -> IncidentLinker:
        """A linker holding ``state`` (None: empty). ``embedder``: None picks the default
        (sentence embeddings when ``sitroom[embeddings]`` is installed, else lexical with a
        warning); ``"lexical"`` or False forces lexical; a ``Similarity`` object or a model
        with ``encode`` is used as given."""
        if embedder is None:
            sim = default_similarity()
        elif embedder == "embeddings":  # asked for explicitly: fail loudly if it is missing
            sim = EmbeddingSimilarity(load_embedding_model())
        elif embedder is False or embedder == "lexical":
            sim = None
        elif isinstance(embedder, (EmbeddingSimilarity, LexicalSimilarity)):
            sim = embedder
        elif hasattr(embedder, "encode"):
            sim = EmbeddingSimilarity(embedder, name=getattr(embedder, "name", "custom"))
        else:
            raise TypeError(f"not an embedder: {embedder!r}")
        state = state or {}
        self = cls(
            sim, weights=state.get("weights"), threshold=state.get("threshold", THRESHOLD),
            weak_threshold=state.get("weak_threshold", WEAK_THRESHOLD),
        )  # fmt: skip
        self.next_id = int(state.get("next_id", 1))
        self.one_per_article = bool(state.get("one_per_article", ONE_PER_ARTICLE))
        for key, d in state.get("events", {}).items():
            self.events[key] = d  # (a version-1 event keeps its "lex" features: no text)
            self.lex.observe([self._features(d)])
            self._index(key, d)
            self._by_article[d["article"]].append(key)
            self._added = max(self._added, d.get("seq", 0))
        for iid, inc in state.get("incidents", {}).items():
            self.inc[iid] = {
                "members": dict(inc["members"]), "links": [list(x) for x in inc["links"]],
                "history": list(inc.get("history", [])),
            }  # fmt: skip
        return self

    def state(self) -> dict:
        """JSON-serialisable; ``from_state(state())`` reproduces this linker."""
        return {
            "version": STATE_VERSION,
            "similarity": self.emb.name if self.emb else "lexical",
            "weights": dict(self.weights), "threshold": self.threshold,
            "weak_threshold": self.weak_threshold, "one_per_article": self.one_per_article,
            "next_id": self.next_id,
            "events": {k: dict(v) for k, v in self.events.items()},
            "incidents": {
                iid: {"members": dict(i["members"]), "links": [list(x) for x in i["links"]],
                      "history": list(i["history"])}
                for iid, i in self.inc.items()
            },
        }  # fmt: skip

    # ------------------------------------------------------------------ index

    def _days(self, d: dict, pad: int = 0) -> range:
        return range(d["d0"] - pad, d["d1"] + pad + 1)

    def _cells(self, d: dict) -> list[tuple[int, int]]:
        r = d["radius"]
        lat, lon = d["lat"], d["lon"]
        dlat = r / 111.0
        dlon = r / (111.0 * max(0.1, math.cos(math.radians(lat))))
        y0, y1 = math.floor((lat - dlat) / CELL_DEG), math.floor((lat + dlat) / CELL_DEG)
        x0, x1 = math.floor((lon - dlon) / CELL_DEG), math.floor((lon + dlon) / CELL_DEG)
        return [(x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]

    @staticmethod
    def _unlinkable(d: dict) -> bool:
        """No date to block on (a year, a season), or no date and no point place."""
        return d["date_kind"] == "none" or (d["date_kind"] == "undated" and d["place_kind"] != "point")

    def _index(self, key: str, d: dict, sign: int = 1) -> None:
        if self._unlinkable(d):
            return
        t = d["type"]

        def put(index: dict, k: tuple) -> None:
            # buckets are insertion-ordered key sets (dicts), so the newest can be read first
            if sign > 0:
                index[k][key] = None
            else:
                bucket = index.get(k)
                if bucket is not None:
                    bucket.pop(key, None)
                    if not bucket:
                        del index[k]

        cells = self._cells(d) if d["place_kind"] == "point" else []
        # by place alone: undated events, and the dated ones an undated newcomer may mean
        for c in cells:
            put(self._undated if d["date_kind"] == "undated" else self._spatial, (t, *c))
        if d["date_kind"] == "undated":
            return
        for day in self._days(d):
            put(self._byday, (t, day))
            if d["country"]:
                put(self._area, (t, day, d["country"]))
            if d["place_kind"] == "point":
                for c in cells:
                    put(self._grid, (t, day, *c))
            else:
                put(self._weak, (t, day, d["country"] or "*"))

    def _candidates(self, d: dict) -> set[str]:
        if self._unlinkable(d):
            return set()
        t, out = d["type"], set()
        if d["date_kind"] == "undated":  # the latest dated events of its type near its place
            for c in self._cells(d):
                out.update(islice(reversed(self._spatial.get((t, *c), {})), UNDATED_SCAN))
            return {k for k in out if self.events[k]["article"] != d["article"]}
        if d["place_kind"] == "point":  # ... and, for a dated one, the latest undated near it
            recent = self._added - UNDATED_WINDOW
            for c in self._cells(d):
                for k in islice(reversed(self._undated.get((t, *c), {})), UNDATED_BACK):
                    if self.events[k].get("seq", 0) < recent:
                        break  # (newest first) an undated report is met by the news of its days
                    out.add(k)
        for day in self._days(d, pad=1):
            if d["place_kind"] == "point":
                for c in self._cells(d):
                    out.update(self._grid.get((t, day, *c), ()))
                out.update(self._weak.get((t, day, d["country"]), ()))
                out.update(self._weak.get((t, day, "*"), ()))
            elif d["country"]:
                out.update(self._area.get((t, day, d["country"]), ()))
                out.update(self._weak.get((t, day, "*"), ()))
            else:
                out.update(self._byday.get((t, day), ()))
        return {k for k in out if self.events[k]["article"] != d["article"]}

    # ------------------------------------------------------------------ scoring

    def text_similarity(self, a: dict, b: dict) -> float:
        """Calibrated 0..1 similarity of the evidence: embeddings when both events have a
        vector of the current model, else lexical TF-IDF."""
        if (
            self.emb is not None
            and a.get("emb")
            and b.get("emb")
            and (a.get("emb_model") == b.get("emb_model") == self.emb.name)
        ):
            return self.emb.calibrated(self.emb.cosine(a["emb"], b["emb"]))
        return self.lex.calibrated(self.lex.cosine(self._features(a), self._features(b)))

    def _features(self, d: dict) -> dict[str, int]:
        if "lex" in d:
            return d["lex"]
        text = d.get("text", "")
        f = self._lex_cache.get(text)
        if f is None:
            f = self.lex.prepare([text])[0]
            self._lex_cache[text] = f
            if len(self._lex_cache) > LEX_CACHE:
                self._lex_cache.popitem(last=False)
        else:
            self._lex_cache.move_to_end(text)
        return f

    def pair_features(self, a: dict, b: dict, *, prune: bool = False) -> dict[str, float] | None:
        """The features of a pair, or None when blocking rules them out (or, with
        ``prune``, when the pair could not reach the threshold even with identical text:
        the text similarity, the costly feature, is then not computed)."""
        if a["type"] != b["type"] or a["article"] == b["article"]:
            return None
        ds = date_score(a, b)
        if ds is None:
            return None
        ps, weak = place_score(a, b)
        if ps is None:
            return None
        f = {
            "date": ds, "place": ps, "mode": mode_score(a["mode"], b["mode"]),
            "actor": actor_score(a, b), "casualties": casualty_score(a["fatalities"], b["fatalities"]),
            "text": 1.0, "weak": 1.0 if weak else 0.0,
        }  # fmt: skip
        if "undated" in (a["date_kind"], b["date_kind"]):
            f["undated"] = 1.0
        if prune and combine(f, self.weights) < self.threshold:
            return None
        f["text"] = round(self.text_similarity(a, b), 4)
        return f

    def link(self, a: dict, b: dict) -> tuple[float, dict[str, float]] | None:
        """(score, features) of a pair that can pass, else None."""
        f = self.pair_features(a, b, prune=True)
        self.comparisons += 1
        if f is None:
            return None
        return round(combine(f, self.weights), 4), f

    def _passes(self, score: float, feats: dict) -> bool:
        if feats.get("undated"):
            # no date on one side: the place must be a point and the rest strong: close
            # casualty figures and one mode family, or near-paraphrase text
            strong = (feats["casualties"] >= 1.0 and feats["mode"] >= 0.7) or feats["text"] >= 0.7
            return not feats["weak"] and strong and score >= self.threshold
        if not feats["weak"]:
            return score >= self.threshold
        # a country/region place or none: strong other evidence is needed: a high score,
        # or close casualty figures with the same mode family, or near-paraphrase text
        strong = (feats["casualties"] >= 1.0 and feats["mode"] >= 0.7) or feats["text"] >= 0.7
        return score >= self.weak_threshold or (strong and score >= self.threshold)

    # ------------------------------------------------------------------ add / remove

    def add(self, refs: list[EventRef]) -> list[str]:
        """Link new events (in order) into the incidents; returns the ids of incidents
        created or changed (ids merged away are included; they no longer exist)."""
        refs = [r for r in refs if r.key not in self.events]
        if not refs:
            return []
        descs = [_describe(r) for r in refs]
        embs = self.emb.prepare([r.evidence for r in refs]) if self.emb else [None] * len(refs)
        for ref, d, em in zip(refs, descs, embs, strict=False):
            d["text"] = ref.evidence[:TEXT_CHARS]
            self._added += 1
            d["seq"] = self._added
            if em is not None:
                d["emb"], d["emb_model"] = em, self.emb.name
        changed: list[str] = []
        for ref, d in zip(refs, descs, strict=False):
            # document frequencies grow one event at a time, so a batch add() scores
            # exactly like the same events added one by one
            self.lex.observe([self._features(d)])
            for iid in self._add_one(ref.key, d):
                if iid not in changed:
                    changed.append(iid)
        return changed

    def _day_span_ok(self, keys: Iterable[str]) -> bool:
        """Every member's day range lies within ``MAX_DAY_SPAN`` days of every other's
        (the latest start minus the earliest end), whatever its precision: so neither
        exact days nor ranges inferred from publication dates can chain an incident
        across a week of daily strikes on one town."""
        ds = [self.events[k] for k in keys if self.events[k]["d0"] is not None]
        return not ds or max(d["d0"] for d in ds) - min(d["d1"] for d in ds) <= MAX_DAY_SPAN

    def _members_fit(self, keys: Iterable[str], others: Iterable[str]) -> bool:
        """Every event of ``keys`` could share an incident with every event of ``others``:
        within linking distance (weak places fit anything in their country) and with
        modes that fit (``_modes_fit``). An incident is joined or merged only then, so a
        chain of nearby towns, or of a strike and a car bomb, cannot grow into one."""
        others = [self.events[o] for o in others]
        return all(
            place_score(self.events[k], o)[0] is not None
            and _modes_fit(self.events[k]["mode"], o["mode"])
            for k in keys
            for o in others
        )

    def _articles(self, iid: str) -> set[str]:
        return {self.events[k]["article"] for k in self.inc[iid]["members"]}

    def _add_one(self, key: str, d: dict) -> list[str]:
        links: dict[str, list[tuple[str, float, dict]]] = defaultdict(list)
        weak_same: dict[str, list[tuple[str, float, dict]]] = defaultdict(list)
        for other in sorted(self._candidates(d)):
            od = self.events[other]
            r = self.link(d, od)
            if r is not None and self._passes(r[0], r[1]):
                links[od["incident"]].append((other, r[0], r[1]))
            elif (UNIQUE_WEAK and d["place_kind"] != "point" and d["mode"]
                  and d["mode"] == od["mode"]):  # fmt: skip
                # (a weak newcomer's candidates are every event of its type on its days in
                # its country, so this sees every incident it could mean)
                f = self.pair_features(d, od)  # every same-mode candidate, pruned or not
                if f is not None and f["date"] >= 0.5:
                    sc = round(combine(f, self.weights), 4)
                    weak_same[od["incident"]].append((other, sc, {**f, "unique": 1.0}))
        if not links and len(weak_same) == 1:
            # a place given only as a country, the same mode on the same days, and one
            # incident with an event of that mode there: "a chemical attack in Syria" on
            # the day of the Khan Shaykhun attack is that attack (whether it fits every
            # member, modes and days, is checked below like any other link)
            (iid, ls), = weak_same.items()
            links[iid] = ls
        self.events[key] = d
        self._by_article[d["article"]].append(key)
        self._index(key, d)
        # eligible incidents, best max-link first
        ranked = []
        for iid, ls in links.items():
            if self.one_per_article and d["article"] in self._articles(iid):
                continue
            if not self._day_span_ok([*self.inc[iid]["members"], key]):
                continue
            if not self._members_fit([key], self.inc[iid]["members"]):
                continue
            best = max(ls, key=lambda x: x[1])
            ranked.append((-best[1], iid, best))
        ranked.sort()
        if not ranked:
            iid = f"i{self.next_id}"
            self.next_id += 1
            self.inc[iid] = {"members": {key: None}, "links": [], "history": [
                {"op": "create", "event": key}]}  # fmt: skip
            d["incident"] = iid
            return [iid]
        _, target, best = ranked[0]
        inc = self.inc[target]
        inc["members"][key] = {"score": best[1], "to": best[0], "features": best[2]}
        inc["links"].extend([key, o, s] for o, s, _ in links[target])
        inc["history"].append({"op": "join", "event": key, "to": best[0], "score": best[1]})
        d["incident"] = target
        changed = [target]
        for _, other_id, ob in ranked[1:]:  # the new event bridges further incidents
            if d["date_kind"] == "undated" or ob[2].get("undated"):
                continue  # ... but not through a link with no date on one side
            if self.one_per_article and self._articles(other_id) & self._articles(target):
                continue
            if not self._day_span_ok([*inc["members"], *self.inc[other_id]["members"]]):
                continue
            if not self._members_fit(inc["members"], self.inc[other_id]["members"]):
                continue
            self._merge(target, other_id, via=key, link=ob, links=links[other_id])
            changed.append(other_id)
        return changed

    def _merge(self, target: str, other: str, *, via: str, link: tuple, links: list) -> None:
        src, dst = self.inc.pop(other), self.inc[target]
        for k, m in src["members"].items():
            dst["members"][k] = m
            self.events[k]["incident"] = target
        dst["links"].extend(src["links"])
        dst["links"].extend([via, o, s] for o, s, _ in links)
        dst["history"].extend(src["history"])
        dst["history"].append(
            {"op": "merge", "incident": other, "via": via, "to": link[0], "score": link[1]}
        )

    def remove(self, article_id: str) -> list[str]:
        """Take an article's events out (article replaced or deleted). Incidents lose those
        members; an incident left empty is dissolved, one whose remaining members are no
        longer connected by their recorded links is split. Returns the ids of incidents
        changed, dissolved or created by a split."""
        keys = self._by_article.pop(article_id, [])
        touched: dict[str, None] = {}
        for key in keys:
            d = self.events.pop(key)
            self._index(key, d, sign=-1)
            self.lex.observe([self._features(d)], sign=-1)
            iid = d["incident"]
            inc = self.inc[iid]
            inc["members"].pop(key, None)
            inc["links"] = [x for x in inc["links"] if key not in (x[0], x[1])]
            inc["history"].append({"op": "remove", "event": key})
            touched[iid] = None
        changed = list(touched)
        for iid in list(touched):
            inc = self.inc[iid]
            if not inc["members"]:
                del self.inc[iid]
                continue
            changed.extend(self._split(iid))
        return changed

    def _split(self, iid: str) -> list[str]:
        inc = self.inc[iid]
        members = list(inc["members"])
        parent = {k: k for k in members}

        def find(k: str) -> str:
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        for a, b, _ in inc["links"]:
            if a in parent and b in parent:
                parent[find(a)] = find(b)
        groups: dict[str, list[str]] = defaultdict(list)
        for k in members:
            groups[find(k)].append(k)
        if len(groups) <= 1:
            return []
        comps = sorted(groups.values(), key=lambda g: members.index(g[0]))
        new_ids = []
        for comp in comps[1:]:
            nid = f"i{self.next_id}"
            self.next_id += 1
            cs = set(comp)
            self.inc[nid] = {
                "members": {k: inc["members"][k] for k in comp},
                "links": [x for x in inc["links"] if x[0] in cs],
                "history": [{"op": "split", "incident": iid}],
            }  # fmt: skip
            first = comp[0]
            self.inc[nid]["members"][first] = None  # founder of the new incident
            for k in comp:
                inc["members"].pop(k)
                self.events[k]["incident"] = nid
            inc["links"] = [x for x in inc["links"] if x[0] not in cs]
            new_ids.append(nid)
        inc["history"].append({"op": "split", "into": new_ids})
        return new_ids

    # ------------------------------------------------------------------ output

    def incident_of(self, article_id: str, event_id: str) -> str | None:
        d = self.events.get(f"{article_id}#{event_id}")
        return d["incident"] if d else None

    def explain(self, incident_id: str) -> dict:
        """The lineage of an incident: members with the link (score, features) that
        admitted each, every pair link recorded, and its history (create/join/merge/...)."""
        inc = self.inc[incident_id]
        return {"id": incident_id, "members": dict(inc["members"]),
                "links": [list(x) for x in inc["links"]], "history": list(inc["history"])}  # fmt: skip

    def incidents(self) -> list[Incident]:
        """All incidents, aggregated into contract models, in id order."""
        return [self.incident(iid) for iid in sorted(self.inc, key=lambda s: int(s[1:]))]

    def __contains__(self, incident_id: str) -> bool:
        return incident_id in self.inc

    def incident(self, iid: str) -> Incident:
        """One incident, aggregated into the contract model (KeyError when it is gone)."""
        inc = self.inc[iid]
        ds = [self.events[k] for k in inc["members"]]
        evs = [Event.model_validate({**d["record"], "evidence": []}) for d in ds]
        members = [
            IncidentMember(article=d["article"], event=d["event"], outlet=d["outlet"],
                           score=(m or {}).get("score"))
            for d, m in zip(ds, inc["members"].values(), strict=False)
        ]  # fmt: skip
        types = Counter(e.type for e in evs)
        modes = Counter(e.mode for e in evs if e.mode)
        asserted, denied = (
            _dedupe(a for e in evs for a in e.asserted_by),
            _dedupe(a for e in evs for a in e.denied_by),
        )
        if denied or any(e.status == "contested" for e in evs):
            status = "contested"
        elif all(e.status == "claimed" for e in evs):
            status = "claimed"
        else:
            status = "reported"
        return Incident(
            id=iid, type=_majority(types), mode=_majority(modes) if modes else None,
            date=_agg_date(ds, evs), location=_agg_place(evs), members=members,
            outlets=sorted({d["outlet"] for d in ds if d["outlet"]}),
            asserted_by=asserted, denied_by=denied, status=status,
            fatalities=_figures(ds, evs, "fatalities"), injured=_figures(ds, evs, "injured"),
        )  # fmt: skip


def _majority(c: Counter) -> str:
    best = max(c.values())
    return next(k for k, v in c.items() if v == best)  # first seen among ties


def _dedupe(actors: Iterable[Actor]) -> list[Actor]:
    seen, out = set(), []
    for a in actors:
        k = a.id or a.name
        if k not in seen:
            seen.add(k)
            out.append(a.model_copy(update={"span": None}))
    return out


def _agg_date(ds: list[dict], evs: list[Event]) -> Time | None:
    """Members agreeing on a day → that day; members on adjacent days → their range at day
    precision; otherwise the intersection of the members' ranges (the tightest range
    consistent with all), falling back to the union when they do not intersect."""
    days = sorted({d["d0"] for d in ds if d["date_kind"] == "day"})
    iso = lambda o: date.fromordinal(o).isoformat()  # noqa: E731
    if days:
        if len(days) == 1:
            return Time(value=iso(days[0]), earliest=iso(days[0]), latest=iso(days[0]),
                        precision="day")  # fmt: skip
        return Time(earliest=iso(days[0]), latest=iso(days[-1]), precision="day")
    rng = [(d["d0"], d["d1"]) for d in ds if d["date_kind"] == "range"]
    if not rng:
        return next((e.date for e in evs if e.date is not None), None)
    lo, hi = max(r[0] for r in rng), min(r[1] for r in rng)
    if lo > hi:
        lo, hi = min(r[0] for r in rng), max(r[1] for r in rng)
    prec = "week" if hi - lo <= 7 else "month"
    return Time(earliest=iso(lo), latest=iso(hi), precision=prec)


_SPECIFIC = {"site": 0, "city": 1, "admin2": 3, "water": 4, "admin1": 5, "region": 6, "country": 7}


def _agg_place(evs: list[Event]) -> Place | None:
    """The most specific member place (site/city over admin2 over admin1 ...; an exact
    city over a "near" one or one taken from context); among equals, the one most
    members name."""
    places = [e.location for e in evs if e.location is not None]
    if not places:
        return None
    rank = lambda p: _SPECIFIC.get(p.feature, 8) + (p.precision != "exact")  # noqa: E731
    best = min(rank(p) for p in places)
    tops = [p for p in places if rank(p) == best]
    names = Counter(p.name for p in tops)
    name = _majority(names)
    return next(p for p in tops if p.name == name).model_copy(update={"span": None})


def _figures(ds: list[dict], evs: list[Event], what: str) -> Figures:
    """Figures per source: the outlet for outlet-voice figures, "outlet (speaker)" for a
    figure a party asserts or a claim gives; min and max over them."""
    by: dict[str, int] = {}

    def put(k: str, n: int) -> None:
        base, i = k, 2
        while k in by and by[k] != n:
            k = f"{base} #{i}"
            i += 1
        by[k] = n

    for d, e in zip(ds, evs, strict=False):
        src = d["outlet"] or d["article"]
        n = getattr(e, what)
        if n is not None:
            if e.asserted_by and e.status != "reported":
                put(f"{src} ({e.asserted_by[0].name})", n)
            else:
                put(src, n)
        if what == "fatalities":
            for speaker, m in d.get("figures", []):
                put(f"{src} ({speaker})", m)
    vals = list(by.values())
    return Figures(min=min(vals) if vals else None, max=max(vals) if vals else None, by_source=by)


__all__ = [
    "EventRef", "IncidentLinker", "refs_from_record", "MODE_FAMILY", "RADIUS_KM", "WEIGHTS",
    "THRESHOLD", "WEAK_THRESHOLD",
]  # fmt: skip
