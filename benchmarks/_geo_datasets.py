"""Loaders for the geoparsing corpora in /work/shared/datasets (see each PROVENANCE.md).

Each loader returns a list of ``GeoDoc``: the text, the toponym spans for recognition
scoring (``tag``) and the geocoding targets with gold coordinates (``geo``). Offsets are
Python string indices into ``text``; each set's offset caveats are handled here:

* GeoWebNews: ``GWN.xml`` toponyms; the 5 annotations with negative offsets (on the title)
  are dropped. Recognition gold = the toponym types of the paper's NER label set minus
  ``Demonym`` and ``Language`` (sitroom does not emit demonyms as places by design), i.e.
  Literal, Homonym, Coercion, Mixed, Embedded_Literal, Non_Literal_Modifier, Metonymic,
  Literal_Modifier, Embedded_Non_Lit. Geocoding gold = ``gwn_full.txt`` (2,401 targets).
* LGL: ``lgl.xml`` all toponyms (recognition) and the ones with a gaztag (geocoding,
  4,462); offsets are exact.
* GeoVirus: every offset is +1: ``text[start-1:end-1] == name``; shifted back here.
* TR-News: 117 toponyms have shifted offsets; re-anchored by searching ``phrase`` within
  +-10 characters of ``start`` (nearest occurrence); those that cannot be found are dropped
  and counted. 44 toponyms without coordinates are not geocoding targets.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "shared" / "datasets"  # ../shared beside the clone
if not ROOT.exists():
    ROOT = Path("/work/shared/datasets")

GWN_TOPONYM_TYPES = {
    "Literal", "Homonym", "Coercion", "Mixed", "Embedded_Literal", "Non_Literal_Modifier",
    "Metonymic", "Literal_Modifier", "Embedded_Non_Lit",
}  # fmt: skip


@dataclass
class Gold:
    start: int
    end: int
    text: str
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None


@dataclass
class GeoDoc:
    id: str
    text: str
    tag: list[Gold] = field(default_factory=list)  # recognition gold
    geo: list[Gold] = field(default_factory=list)  # geocoding gold (with coordinates)
    published: str | None = None


def _f(x: str | None) -> float | None:
    try:
        return float(x) if x not in (None, "") else None
    except ValueError:
        return None


def _gold_lines(path: Path) -> list[list[list[str]]]:
    out = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        ents = [e.split(",,") for e in line.strip().split("||") if e.strip()]
        out.append(ents)
    return out


def load_gwn() -> list[GeoDoc]:
    root = ET.parse(ROOT / "geowebnews" / "GWN.xml").getroot()
    gold = _gold_lines(ROOT / "geowebnews" / "gwn_full.txt")
    docs = []
    for k, art in enumerate(root.iter("article")):
        text = art.findtext("text") or ""
        d = GeoDoc(art.get("file") or str(k), text)
        for t in art.iter("toponym"):
            s, e = int(t.findtext("start")), int(t.findtext("end"))
            if s < 0 or t.findtext("type") not in GWN_TOPONYM_TYPES:
                continue
            d.tag.append(Gold(s, e, text[s:e]))
        for g in gold[k] if k < len(gold) else []:
            s, e = int(g[4]), int(g[5])
            if s < 0 or text[s:e] != g[1]:
                continue
            d.geo.append(Gold(s, e, g[1], float(g[2]), float(g[3])))
        docs.append(d)
    return docs


def _lgl_like(path: Path, reanchor: bool) -> tuple[list[GeoDoc], int]:
    root = ET.parse(path).getroot()
    docs, dropped = [], 0
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        d = GeoDoc(art.get("docid") or "", text, published=(art.findtext("dltime") or "").strip())
        for t in art.iter("toponym"):
            phrase = (t.findtext("phrase") or "").strip()
            s, e = int(t.findtext("start")), int(t.findtext("end"))
            if text[s:e] != phrase:
                if not reanchor:
                    dropped += 1
                    continue
                hits = [
                    m.start() for m in re.finditer(re.escape(phrase), text[max(0, s - 10) : e + 10])
                ]
                if not hits:
                    dropped += 1
                    continue
                s = min(hits, key=lambda h: abs(h + max(0, s - 10) - s)) + max(0, s - 10)
                e = s + len(phrase)
            gz = t.find("gaztag")
            g = Gold(s, e, phrase)
            d.tag.append(g)
            if gz is not None:
                lat, lon = _f(gz.findtext("lat")), _f(gz.findtext("lon"))
                if lat is not None and lon is not None:
                    gid = gz.get("geonameid")
                    d.geo.append(
                        Gold(s, e, phrase, lat, lon, int(gid) if gid and gid.isdigit() else None)
                    )
        docs.append(d)
    return docs, dropped


def load_lgl() -> list[GeoDoc]:
    return _lgl_like(ROOT / "lgl" / "lgl.xml", reanchor=False)[0]


def load_trnews() -> list[GeoDoc]:
    return _lgl_like(ROOT / "tr-news" / "TR-News.xml", reanchor=True)[0]


def load_geovirus() -> list[GeoDoc]:
    root = ET.parse(ROOT / "geovirus" / "GeoVirus.xml").getroot()
    docs = []
    for k, art in enumerate(root.iter("article")):
        text = art.findtext("text") or ""
        d = GeoDoc(art.findtext("source") or str(k), text)
        for loc in art.iter("location"):
            name = loc.findtext("name") or ""
            s, e = int(loc.findtext("start")) - 1, int(loc.findtext("end")) - 1  # +1 bug
            if text[s:e] != name:
                continue
            g = Gold(s, e, name, _f(loc.findtext("lat")), _f(loc.findtext("lon")))
            d.tag.append(g)
            if g.lat is not None and g.lon is not None:
                d.geo.append(g)
        docs.append(d)
    return docs


LOADERS = {
    "geowebnews": load_gwn,
    "lgl": load_lgl,
    "geovirus": load_geovirus,
    "tr-news": load_trnews,
}

# Development part (used to tune the heuristics): the first DEV_N articles of each set, in
# file order. Everything is reported; figures on the rest ("held-out") are given separately.
DEV_N = {"geowebnews": 40, "lgl": 100, "geovirus": 40, "tr-news": 20}
