"""Toponym recognition and resolution: the ``geocode`` stage.

Recognition: spaCy GPE/LOC/FAC entities, plus capitalised word sequences that match a
gazetteer name of a sizeable place the model missed. Demonyms and adjectives ("Syrian")
are not places and are never emitted (the actor stage reads them).

Resolution reads the evidence a careful reader uses, in this order of strength:

* the administrative word beside the name ("Idlib Province", "the province of Idlib" ->
  the admin1; "the city of Idlib", "Idlib city" -> the city; "Dallas County" -> admin2);
* the kind of place (countries and first-level divisions beat villages of the same name,
  hand-listed rivers/seas/bases beat villages, a division named after its own capital
  yields to the city unless the text says "province");
* the article's focus country (countries named, places resolved without doubt);
* co-mentioned places (a candidate near other places of the article, or inside a division
  the article names, wins);
* population.

"near X", "north of X", "outside X", "northern X" make ``Place.precision`` ``near``: X is a
reference point, not the place itself; no coordinates are invented for the offset.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from sitroom.document import Document
from sitroom.gazetteer import Candidate, Gazetteer, fold, key
from sitroom.gazetteer import _strip_admin_words as strip_admin_words
from sitroom.model import Place, Span

# --------------------------------------------------------------------------- vocabulary

ADMIN1_WORDS = {
    "province", "provinces", "governorate", "governorates", "oblast", "region", "state",
    "prefecture", "territory", "emirate", "canton", "voivodeship", "krai", "kray",
    "wilayah", "wilaya", "mohafaza", "muhafazah", "division", "republic",
}  # fmt: skip
ADMIN2_WORDS = {
    "county", "parish", "district", "municipality", "raion", "borough", "rayon",
    "cercle", "commune", "lga", "territoire",  # Sahel, Nigeria, Congo
}  # fmt: skip
CITY_WORDS = {"city", "town", "village", "capital", "port", "suburb", "township", "camp"}
#: words that make the place small: "the town of Boni" is not Bonn (330,000) abroad
SMALL_PLACE_WORDS = {"town", "village", "hamlet", "township"}
SETTLEMENT_WORDS = SMALL_PLACE_WORDS | {"city"}
BIG_TOWN = 100_000  # a place the text calls a town or village is rarely bigger
DIRECTIONS = {
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
    "north-east", "north-west", "south-east", "south-west",
}  # fmt: skip
DIRECTION_ADJ = {
    "northern", "southern", "eastern", "western", "central", "northeastern", "northwestern",
    "southeastern", "southwestern", "north-eastern", "north-western", "south-eastern",
    "south-western", "rural", "upstate", "downtown", "greater", "eastern-most",
}  # fmt: skip
NEAR_WORDS = {"near", "outside", "nearby", "around", "beyond", "towards", "toward"}
NEAR_OF = {"outskirts", "edge", "vicinity", "countryside", "environs", "suburbs", "periphery"}
DIST_UNITS = {"km", "kilometres", "kilometers", "miles", "mi", "kilometre", "kilometer", "mile"}
LOCATIVE = {
    "in", "at", "near", "outside", "into", "across", "inside", "around", "towards", "toward",
    "through", "throughout", "within", "on",
}  # fmt: skip
# Verbs whose object in conflict news is a place: "shelled Ras al-Ayn", "recaptured Marea"
# (the small model tags such names as people or organisations)
PLACE_VERBS = {
    "shelled", "bombed", "bombarded", "besieged", "recaptured", "retook", "captured",
    "overran", "stormed", "liberated", "encircled", "shelling", "bombing", "besieging",
    "recapturing", "capturing", "storming", "encircling", "evacuated", "seized", "seizing",
    "entered", "fled", "fleeing", "reached", "reaching", "attacked", "raided", "raiding",
}  # fmt: skip
# Verbs of movement whose "to"/"from" object is a place: "spread to Bukavu", "fled from Rafah"
MOVE_VERBS = {
    "spread", "spreading", "fled", "flee", "fleeing", "moved", "moving", "advanced",
    "advancing", "returned", "returning", "headed", "heading", "marched", "deployed",
    "displaced", "evacuated", "withdrew", "withdrawn", "retreated", "pushed", "expanded",
}  # fmt: skip
PLACE_LABELS = {"GPE", "LOC", "FAC"}
PLACE_WORDS = {"capital", "city", "town", "village", "province", "governorate", "region", "settlement",
               "district", "state", "port", "suburb", "neighbourhood", "neighborhood"}  # fmt: skip
BLOCK_LABELS = {"PERSON", "ORG", "NORP", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW", "LANGUAGE"}
PARTICLES = {
    "al", "el", "ez", "az", "ad", "as", "ash", "ar", "an", "at", "ed", "es", "de", "del",
    "la", "le", "du", "di", "da", "of", "on", "upon", "sur", "am", "-", "bin", "ibn", "abu",
}  # fmt: skip
# Capitalised words that are gazetteer names but, in running English, are usually not places.
COMMON_WORDS = {
    "march", "may", "june", "july", "august", "april", "january", "february", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "reading", "bath", "nice", "mobile", "mission", "victoria", "split",
    "police", "president", "university", "north", "south", "east", "west", "central", "union",
    "independence", "liberty", "justice", "hope", "grace", "faith", "chance", "ministry",
    "government", "army", "navy", "new", "old", "city", "state", "republic", "kingdom", "best",
    "golden", "home", "commerce", "energy", "federal", "national", "minister", "mark",
    "john", "paul", "george", "david", "jordan", "chad", "turkey", "georgia", "kent", "lincoln",
    "washington", "houston", "jackson", "madison", "austin", "florence", "orange", "apple",
    "islamic", "allah", "god", "christ", "christian", "muslim", "sunni", "shia", "ramadan",
    "eid", "opposition", "regime", "forces", "council", "front", "free", "democratic", "us",
    "un", "eu", "nato", "isis", "isil", "daesh", "sdf", "ypg", "pkk", "hts", "fsa", "tv",
    "news", "times", "post", "says", "said", "after", "before", "during", "while", "more",
    "english", "french", "arabic", "american", "british", "african", "asian", "european",
    "the", "a", "an", "in", "on", "at", "of", "and", "or", "but", "if", "as", "by", "to",
}  # fmt: skip

# Words that name a kind of thing, not a place, when they stand alone inside a longer name
GENERIC_WORDS = {
    "river", "lake", "lakes", "county", "mountain", "mountains", "park", "airport", "church",
    "university", "college", "school", "street", "road", "avenue", "hotel", "centre", "center",
    "hospital", "bridge", "station", "square", "hall", "house", "museum", "stadium", "camp",
    "base", "port", "bay", "beach", "island", "islands", "valley", "creek", "falls", "forest",
    "international", "national", "state", "city", "town", "village", "district", "province",
    "region", "north", "south", "east", "west", "new", "saint", "st", "fort", "mount", "grove",
    "springs", "heights", "hills", "point", "harbor", "harbour", "office", "embassy", "court",
}  # fmt: skip
FOCUS_BONUS = 4.0  # a candidate in the article's focus country
DIV_OVER_VILLAGE = 3.0
OWN_VOTE_OUT = True  # a name does not count its own vote for the focus it is scored with
LOOSE_RATIO_MAJOR = 0.7  # spelling similarity a loose match to a country/admin1 needs
MAX_PASSES = 2  # context passes
CONTAIN_BONUS = 5.0  # "X, Y" and the candidate X lies in the division Y
_CONTAIN_SEP = re.compile(r"\s*,\s*")
_IN_CONTAINER = re.compile(r"\s*(?:[a-z]+\s*)?,\s*in\s+")
_LIST_SEP = re.compile(r"\s*(?:,|,?\s*and|,?\s*or)\s*")
PAIR_KM = 40.0  # two readings of different names this close support each other
PAIR_BONUS = 2.0  # per unit of support (a name with one reading gives 1), at most 2 units
# A town in a country the article never names (nor is about), when the same name has a
# reading in a country it does name: "Madaya" in a Syria story is not the Madaya in Myanmar.
ABSENT_PENALTY = 3.0
ABSENT_MAX_POP = 50_000  # larger cities and national capitals are named without country
UNKNOWN_POP = 1_000  # cities500 lists a place with population 0 when GeoNames has no figure
LOOSE_FAR_KM = 500.0  # a loose spelling this far from every other town named is a guess
STRAY_KM = 600.0  # a town abroad with no other place of the article within this distance
STRAY_MAX_POP = 10_000  # ... and no larger than this is left unresolved rather than guessed

# Single words that are never taken as a place on their own, whoever tags them
NEVER_ALONE = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "easter", "christmas", "mass", "centre", "center", "saint", "states",
    "west", "east", "north", "south", "western", "eastern", "northern", "southern", "central",
    "capitol", "congress", "parliament", "senate", "kremlin", "pentagon", "white house",
    "downing street", "downtown", "midtown",
    "uptown", "city", "state", "province", "county", "region", "district", "island",
}  # fmt: skip

FEATURE_PRIOR = {
    "country": 12.0, "admin1": 5.0, "admin2": 1.0, "city": 0.0,
    "water": 10.0, "site": 10.0, "region": 10.0,
}  # fmt: skip


def _abbreviation(s: str) -> bool:
    """A short name written in capitals, with or without dots: "U.S.", "UK", "DRC"."""
    letters = s.replace(".", "").replace(" ", "")
    return 2 <= len(letters) <= 4 and letters.isalpha() and letters.isupper()


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


# --------------------------------------------------------------------------- mentions


@dataclass
class Mention:
    start: int
    end: int
    text: str  # doc.text[start:end]
    name: str  # the part looked up (admin words, "the", directions stripped)
    hint: str | None = None  # "admin1" | "admin2" | "city" | None
    near: bool = False
    cands: list[Candidate] = field(default_factory=list)
    demonym: bool = False
    raw: str = ""  # the span without "the" and "'s": looked up first ("Eastern Visayas")
    dir_inside: bool = False  # a direction adjective inside the span set ``near``
    hint_after: bool = False  # the hint comes from the word after the span
    best: Candidate | None = None
    margin: float = 0.0
    support: dict[int, float] = field(default_factory=dict)  # candidate id -> pair support
    container: Mention | None = None  # "X, Y": the mention Y that X is said to lie in
    strict_container: bool = False  # "X, in Y": said outright, so X must lie in Y
    context_only: bool = False  # a demonym in the stage: names a country, never votes focus
    small: bool = False  # the text calls it a town or village ("the town of Boni")


_TRIM_HEAD = re.compile(r"^(?:the|The|THE)\s+")
_POSS = re.compile(r"(?:'s|’s|'|’)$")
# a lowercase Arabic article before a capitalised name: "al-Mayadeen", "el-Fasher", "ad-Dana"
_ARTICLE = r"(?:al|el|ad|ar|as|ash|at|az|an|ed|er|es|et|ez)[-‐‑]"
_ARABIC_ARTICLE = re.compile(rf"^{_ARTICLE}", re.I)
_ARTICLE_BEFORE = re.compile(rf"(?:^|(?<=[\s(“\"'])){_ARTICLE}$")


#: a chain of places read as one name: "X in Y Local Government Area", "X in Y District"
_PLACE_CHAIN = re.compile(
    r"^[A-Z][\w'’-]+ in [A-Z][\w'’-]+(?: [A-Z][\w'’-]+)* (?:Local Government Area|LGA|"
    r"District|County|Province|Region|State|Territory|Governorate)\b"
)


#: the two ends of a road ("the Mandera-Arabia road", "the Juba-Yei highway") are towns
_ROAD_PAIR_AFTER = re.compile(r"[-–][A-Z][\w'’]+(?: [A-Z][\w'’]+)? (?:road|highway|axis|corridor)\b")
_ROAD_PAIR_BEFORE = re.compile(r"[A-Z][\w'’]+[-–]$")
_ROAD = re.compile(r" (?:road|highway|axis|corridor)\b")


def _name_spans(text: str, name: str | None) -> list[tuple[int, int]]:
    """Where a multi-word name ("Northern Sentinel", "The Times of Israel") occurs."""
    if not name or " " not in name.strip() or len(name) > 80:
        return []
    pat = re.compile(r"\b" + re.escape(name.strip()).replace(r"\ ", r"\s+") + r"\b")
    return [(m.start(), m.end()) for m in pat.finditer(text)]


def _capitalised(s: str) -> bool:
    """The name begins with a capital, after any lowercase Arabic article."""
    return _ARABIC_ARTICLE.sub("", s)[:1].isupper()


# verbs whose object, when it is an "al-" name, is a place in conflict news ("hit al-Mayadeen")
STRIKE_VERBS = {"hit", "struck", "targeted", "pounded", "raided", "attacked", "bombed", "shelled"}


def _with_article(text: str, ent):
    """The entity widened to a lowercase Arabic article the tagger left out ("ad-" of
    "ad-Dana" tagged as the person "Dana"), and whether it begins with one."""
    m = _ARTICLE_BEFORE.search(text, max(0, ent.start_char - 5), ent.start_char)
    start = m.start() if m else ent.start_char
    return start, bool(_ARABIC_ARTICLE.match(text[start : ent.end_char]))


#: capitalised words that may follow a place name without being part of it
_NAME_BREAKS = frozenset(
    """city town village province governorate region district state oblast county camp
    airport crossing base bridge port road highway valley river mountains mountain
    neighbourhood neighborhood square street strip bank desert coast border front
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december""".split()
)


@lru_cache(maxsize=1)
def _actor_aliases() -> frozenset[str]:
    """Folded, lower-cased aliases of the actor dictionary's groups, persons and
    international organisations (not states or institutions, whose names are places)."""
    from sitroom.actors import _load_cached

    return frozenset(
        fold(a).lower()
        for e in _load_cached(()).entries.values()
        if e.kind in ("group", "person", "igo")
        for a in e.aliases
        if a[:1].isupper() and len(a) > 3
    )


def _hyphen_continues(text: str, end: int) -> bool:
    """The name runs on across a hyphen into a capitalised word ("Pont-Sonde")."""
    return text[end : end + 1] == "-" and text[end + 1 : end + 2].isupper()


def _name_continues(toks, j: int) -> bool:
    """The capitalised run goes on after token ``j`` with a word that is not a place word
    or a date ("Puerto Jordan", but not "Gaza City" or "Aleppo Tuesday")."""
    if j + 1 >= len(toks):
        return False
    nxt = toks[j + 1]
    return (
        nxt.text[:1].isupper() and nxt.is_alpha and nxt.idx == toks[j].idx + len(toks[j]) + 1
        and nxt.lower_ not in _NAME_BREAKS and not nxt.is_sent_start
    )  # fmt: skip


def _words_before(text: str, start: int, n: int = 5) -> list[str]:
    seg = text[max(0, start - 80) : start]
    seg = re.split(r"[.;:!?\n()\[\]\"“”]", seg)[-1]
    return [w.lower() for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)?", seg)][-n:]


def _trim_lowercase_tail(ent):
    """A PERSON/ORG entity that runs on into common words ("Zaporizhzhia overnight",
    tagged as one person): the capitalised name without the lowercase tail."""
    if ent.label_ not in ("PERSON", "ORG") or len(ent) < 2:
        return ent
    k = len(ent)
    while k > 1 and ent[k - 1].is_alpha and ent[k - 1].is_lower:
        k -= 1
    if k == len(ent) or not ent[k - 1].text[:1].isupper():
        return ent
    return ent.doc[ent.start : ent.start + k].char_span(
        0, ent[k - 1].idx + len(ent[k - 1]) - ent.start_char, label=ent.label_
    ) or ent


def _dateline_head(tok) -> bool:
    """``tok`` opens a paragraph and a comma follows it: the city of a wire dateline."""
    doc = tok.doc
    opens = tok.i == 0 or "\n" in doc[tok.i - 1].text_with_ws or doc[tok.i - 1].is_space
    return opens and tok.i + 1 < len(doc) and doc[tok.i + 1].text == ","


def _word_after(text: str, end: int) -> tuple[str, int]:
    m = re.match(r"[ \t]*([A-Za-z]+)", text[end : end + 30])
    return (m.group(1), end + m.end()) if m else ("", end)


def analyse(text: str, start: int, end: int, *, extend: bool = True) -> Mention:
    """Split a toponym span into the name to look up and the hints around it."""
    s = text[start:end]
    m = _TRIM_HEAD.match(s)
    if m:
        start += m.end()
        s = s[m.end() :]
    p = _POSS.search(s)
    if p and len(s) - len(p.group()) >= 2:
        end -= len(p.group())
        s = s[: -len(p.group())]
    men = Mention(start, end, s, s, raw=s)
    m = re.match(r"(?i)(?:the\s+)?([a-z]+)\s+of\s+(?=[A-Z])", s)
    if m and m.group(1).lower() in ADMIN1_WORDS | ADMIN2_WORDS | CITY_WORDS:
        w = m.group(1).lower()
        men.small = w in SMALL_PLACE_WORDS
        men.hint = "admin1" if w in ADMIN1_WORDS else "admin2" if w in ADMIN2_WORDS else "city"
        s = s[m.end() :]
    words = s.split()
    # direction adjective inside the span ("northern Hama")
    while len(words) > 1 and words[0].lower() in DIRECTION_ADJ:
        men.near = men.dir_inside = True
        words = words[1:]
    # admin word inside the span ("Idlib Province", "Deir ez-Zor city")
    if len(words) > 1 and not men.hint:
        last = words[-1].lower()
        if last in ADMIN1_WORDS:
            men.hint = "admin1"
        elif last in ADMIN2_WORDS:
            men.hint = "admin2"
        elif last in CITY_WORDS:
            men.hint = "city"
        if men.hint:
            men.name = " ".join(words[:-1])
        else:
            men.name = " ".join(words)
    else:
        men.name = " ".join(words)
    # admin word right after the span ("Idlib province" when NER stopped before it)
    w, new_end = _word_after(text, end)
    wl = w.lower()
    if not men.hint and wl in ADMIN1_WORDS | ADMIN2_WORDS | (CITY_WORDS - {"camp"}):
        men.hint = "admin1" if wl in ADMIN1_WORDS else "admin2" if wl in ADMIN2_WORDS else "city"
        men.hint_after = True
        if extend and (w[0].isupper() or wl in {"province", "governorate", "oblast", "city"}):
            men.end = new_end
            men.text = text[men.start : men.end]
    # words before: "province of X", "city of X", "north of X", "near X", "10 km from X"
    before = _words_before(text, men.start)
    if before:
        b1 = before[-1]
        b2 = before[-2] if len(before) > 1 else ""
        b3 = before[-3] if len(before) > 2 else ""
        if b1 in NEAR_WORDS or (b1 == "to" and b2 == "close"):
            men.near = True
        if b1 in {"of", "from"}:
            if b2 in DIRECTIONS or b2 in NEAR_OF or b2 in DIST_UNITS or b3 in DIST_UNITS:
                men.near = True
            if b2 in DIRECTIONS and b3 in {"kilometres", "km", "miles", "kilometers"}:
                men.near = True
            if not men.hint:
                if b2 in ADMIN1_WORDS:
                    men.hint = "admin1"
                elif b2 in ADMIN2_WORDS:
                    men.hint = "admin2"
                elif b2 in {"city", "town", "village", "township"}:
                    men.hint = "city"  # not "capital of X", "port of X": X may be the country
            if b2 in SMALL_PLACE_WORDS:
                men.small = True
        if b1 in DIRECTION_ADJ and b1 not in {"greater"}:
            men.near = True
    return men


# --------------------------------------------------------------------------- scoring


def _prior(c: Candidate, hint: str | None, eponymous_city: bool) -> float:
    s = FEATURE_PRIOR[c.feature]
    pop = max(c.population, 0)
    if c.feature == "city":
        pop = pop or UNKNOWN_POP  # cities500: >= 500 people or a seat; 0 means "no figure"
        s += math.log10(pop + 10) + (2.5 if c.capital else 0.0)
    elif c.feature in ("admin1", "admin2"):
        s += 0.4 * math.log10(pop + 10)
        if eponymous_city and hint is None:
            s -= 7.0  # "Idlib" alone is the city; "Idlib Province" is the division
    if hint:
        if c.feature == hint:
            s += 8.0
        elif hint == "admin2" and c.feature == "admin1":
            s += 2.0
        elif hint == "city" and c.feature in ("admin1", "admin2", "country"):
            s -= 6.0
        elif hint in ("admin1", "admin2") and c.feature == "city":
            s -= 3.0
    if not c.exact:
        s -= 2.0
    return s


class Geocoder:
    """The ``geocode`` stage: ``doc.places`` (one Place per toponym mention, text order)
    and ``doc.extra["focus_country"]`` (ISO2 or None)."""

    name = "geocode"
    requires = ("spacy",)
    assigns = ("places",)

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gaz = gazetteer if gazetteer is not None else Gazetteer.load()

    # -- public API -----------------------------------------------------------
    def __call__(self, doc: Document) -> Document:
        mentions = self.recognise(doc)
        # demonyms ("Syrian forces") are not places, but they name countries the article
        # is about: they take part in resolution as country mentions (kept after the
        # places so that "X, Y", consecutive mentions, is unaffected). They do not vote
        # for the focus country: "Israeli jets struck Rafah" happened in Gaza, and other
        # stages read doc.extra["focus_country"] as the country of the scene
        context = self._demonym_context(doc, mentions)
        focus = self.disambiguate(mentions + context, text=doc.text)
        doc.places = [p for p in (self.to_place(m, doc.text) for m in mentions) if p]
        doc.extra["focus_country"] = focus
        return doc

    def resolve(
        self,
        name: str,
        *,
        focus: str | None = None,
        near: tuple[float, float] | None = None,
    ) -> Place | None:
        """Resolve one place name written in free text ("the city of Idlib", "northern Hama
        Province", "Tripoli") given an optional focus country and a reference point."""
        men = analyse(name, 0, len(name), extend=False)
        self._lookup(men, demonyms=True)
        if not men.cands:
            return None
        anchors = [(near[0], near[1], 1.0)] if near else []
        self._score_all([men], focus=focus, anchors=anchors, use_mentions=False)
        return self.to_place(men, name)

    def _demonym_context(self, doc: Document, mentions: list[Mention]) -> list[Mention]:
        sp = doc.spacy
        if sp is None:
            return []
        out = []
        for ent in sp.ents:
            if ent.label_ != "NORP" or any(
                ent.start_char < m.end and m.start < ent.end_char for m in mentions
            ):
                continue
            d = self.gaz.demonym(ent.text)
            if d is not None:
                out.append(Mention(ent.start_char, ent.end_char, ent.text, ent.text,
                                   cands=[d], demonym=True, raw=ent.text,
                                   context_only=True))  # fmt: skip
        return out

    # -- recognition ------------------------------------------------------------
    def recognise(self, doc: Document) -> list[Mention]:
        sp = doc.spacy
        text = doc.text
        out: list[Mention] = []
        taken: list[tuple[int, int]] = []
        # the outlet's own name in the text ("residents told Northern Sentinel", "The Kyiv
        # Independent reported") is not a place the story is about
        outlet = _name_spans(text, getattr(doc.meta, "outlet", None))
        blocked: list[tuple[int, int]] = list(outlet)
        if sp is not None:
            for ent in sp.ents:
                ent = _trim_lowercase_tail(ent)
                start, arabic = _with_article(text, ent)
                if ent.label_ == "ORG" and _PLACE_CHAIN.search(ent.text):
                    # "Dansadau in Maru Local Government Area of Zamfara State" tagged as one
                    # organisation: its names are left to the scan
                    continue
                if ent.label_ in PLACE_LABELS:
                    if not any(ch.isupper() for ch in ent.text):
                        continue  # "mosques", "the border": not a proper name
                    if _hyphen_continues(text, ent.end_char):
                        continue  # "Pont" of "Pont-Sonde" is not Pont-Sainte-Maxence
                    if fold(_TRIM_HEAD.sub("", ent.text)) in NEVER_ALONE:
                        continue
                    men = analyse(text, ent.start_char, ent.end_char)
                    self._lookup(men)
                    if men.cands and not self._names_actor(men):
                        out.append(men)
                        taken.append((men.start, men.end))
                elif (
                    (ent.label_ in ("PERSON", "ORG", "NORP") or arabic and ent.label_ in BLOCK_LABELS)
                    and not (ent.label_ == "NORP" and self.gaz.demonym(ent.text) is not None)
                    and (
                        self._locative(text, ent, start)
                        or self._major_name(ent.text)
                        or self._listed_with_place(text, ent, out)
                        or arabic and ent.label_ != "PERSON" and self._struck(text, start)
                        or ent.label_ != "PERSON"
                        and self._area_word_after(text, ent.text, ent.end_char)
                    )
                ):  # the small model tags "Aleppo" as NORP, "Ghouta" as a person, and
                    # "al-Mayadeen" as an organisation or a product
                    men = analyse(text, start, ent.end_char)
                    self._lookup(men)
                    if (
                        men.cands
                        and any(self._sizeable(c, 1000) for c in men.cands if c.exact)
                        and not self._names_actor(men)
                    ):
                        out.append(men)
                        taken.append((men.start, men.end))
                    else:
                        inner = self._descriptor_tail(text, ent)
                        if inner is not None:
                            out.append(inner)
                            taken.append((inner.start, inner.end))
                        blocked.append((ent.start_char, ent.end_char))
                elif ent.label_ in ("ORG", "PERSON") and (inner := self._descriptor_tail(text, ent)):
                    out.append(inner)  # "the Syrian Capital Damascus" tagged as one ORG
                    taken.append((inner.start, inner.end))
                    blocked.append((ent.start_char, ent.end_char))
                elif ent.label_ in BLOCK_LABELS:
                    blocked.append((ent.start_char, ent.end_char))
            out += self._scan(sp, text, taken + blocked)
        out.sort(key=lambda m: m.start)
        # drop overlaps (keep the longer)
        res: list[Mention] = []
        for m in out:
            if res and m.start < res[-1].end:
                if (m.end - m.start) > (res[-1].end - res[-1].start):
                    res[-1] = m
                continue
            res.append(m)
        res = [m for m in res if all(m.end <= a or m.start >= b for a, b in outlet)]
        for m in res:
            if _ROAD_PAIR_AFTER.match(text, m.end) or (
                _ROAD_PAIR_BEFORE.search(text, 0, m.start) and _ROAD.match(text, m.end)
            ):
                # "the Mandera-Arabia road" joins two towns: not the Arabian Peninsula
                m.cands = [c for c in m.cands if c.feature in ("city", "admin2", "site")]
        return [m for m in res if m.cands]

    def _scan(self, sp, text: str, taken: list[tuple[int, int]]) -> list[Mention]:
        """Capitalised token sequences NER missed that name a sizeable place."""

        def free(a: int, b: int) -> bool:
            return all(b <= s or a >= e for s, e in taken)

        toks = list(sp)
        n = len(toks)
        found: list[Mention] = []
        i = 0
        while i < n:
            t = toks[i]
            if not (t.text[:1].isupper() and t.is_alpha) or not free(t.idx, t.idx + len(t)):
                i += 1
                continue
            best = None
            j = i
            while j < n and j - i < 6:
                tj = toks[j]
                if j > i and not (tj.text[:1].isupper() or tj.lower_ in PARTICLES):
                    break
                if tj.text[:1].isupper() and tj.is_alpha:
                    a, b = t.idx, tj.idx + len(tj)
                    if not free(a, b):
                        break
                    s = text[a:b]
                    if key(s) in self.gaz.exact:
                        best = (j, a, b)
                j += 1
            if best is None:
                i += 1
                continue
            j, a, b = best
            s = text[a:b]
            if _name_continues(toks, j) or _hyphen_continues(text, b):
                i = j + 1  # "Puerto" of "Puerto Jordan": a longer name the gazetteer lacks
                continue
            art = _ARTICLE_BEFORE.search(text, max(0, a - 5), a)
            if art is not None and free(art.start(), b) and self._article_place(text, art.start(), s):
                a = art.start()  # "hit al-Mayadeen", "in ad-Dana": untagged, yet a place
            elif not (
                self._plausible(s, toks[i])
                or self._described(text, a, s)
                or (self._area_word_after(text, s, b) or self._struck(text, a, PLACE_VERBS))
                and any(c.exact and self._sizeable(c, 1000) for c in self.gaz.candidates(s))
            ):  # "Macomia town", "Jakiri district", "attacked Dansadau": untagged names the
                # text calls places
                i += 1
                continue
            men = analyse(text, a, b)
            self._lookup(men)
            if men.cands and not self._names_actor(men):
                found.append(men)
                taken.append((men.start, men.end))
                i = j + 1
                continue
            i += 1
        return found

    def _article_place(self, text: str, start: int, name: str) -> bool:
        """An "al-" name after a locative word or a strike verb that the gazetteer has as
        a place of some size."""
        before = _words_before(text, start, 1)
        if not before or before[-1] not in LOCATIVE | PLACE_VERBS | STRIKE_VERBS:
            return False
        return any(c.exact and self._sizeable(c, 1000) for c in self.gaz.candidates(name))

    @staticmethod
    def _area_word_after(text: str, name: str, end: int) -> bool:
        """ "Haiti's central Artibonite region", "the Tigray state", "Macomia town": a name
        followed by the word for a division or a settlement (tagged NORP, ORG or nothing
        useful by the small model)."""
        word, _ = _word_after(text, end)
        return word.lower() in ADMIN1_WORDS | ADMIN2_WORDS | SETTLEMENT_WORDS and _capitalised(name)

    @staticmethod
    def _struck(text: str, start: int, verbs: set[str] = STRIKE_VERBS) -> bool:
        """Right after one of ``verbs`` ("hit al-Mayadeen"; with PLACE_VERBS, "attacked
        Dansadau", "shelled Kibirizi")."""
        before = _words_before(text, start, 1)
        return bool(before) and before[-1] in verbs

    @staticmethod
    def _locative(text: str, ent, start: int | None = None) -> bool:
        """A PERSON/ORG entity right after a locative preposition ("in Khan Sheikhoun",
        "at Al Udeid"): the small model often tags unfamiliar place names as people."""
        before = _words_before(text, ent.start_char if start is None else start, 3)
        if len(before) >= 2 and before[-1] in DIRECTION_ADJ:
            before = before[:-1]  # "in western Rakhine state", "in southern Gaza"
        before = before[-2:]
        if len(before) == 2 and before[-1] == "of" and before[0] in PLACE_WORDS | DIRECTIONS | NEAR_OF:
            # "the city of Zaporizhzhia", "north of Goma", "the outskirts of Eringeti" tagged
            # as a person
            return _capitalised(ent.text)
        if len(before) == 2 and before[-1] in ("to", "from", "towards") and before[0] in MOVE_VERBS:
            return _capitalised(ent.text)  # "fighting spread to Bukavu", "fled from Rafah"
        return bool(before) and before[-1] in LOCATIVE | PLACE_VERBS and _capitalised(ent.text)

    def _descriptor_tail(self, text: str, ent) -> Mention | None:
        """The place named after a place word inside a longer entity: "the Syrian Capital
        Damascus", "Idlib city", "the Town of Kafr Nabl" -> the name after the word."""
        toks = list(ent)
        for i, t in enumerate(toks[:-1]):
            if t.lower_ in PLACE_WORDS and toks[i + 1].text[:1].isupper():
                start = toks[i + 1].idx
                if toks[i + 1].lower_ == "of" and i + 2 < len(toks):
                    start = toks[i + 2].idx
                men = analyse(text, start, ent.end_char)
                self._lookup(men)
                if men.cands and any(c.exact and self._sizeable(c, 1000) for c in men.cands):
                    return men
        return None

    def _major_name(self, s: str) -> bool:
        """The whole entity is the name of a country, a first-level division or a listed
        feature ("Tamil Nadu", "Ghouta" tagged as a person or organisation)."""
        s = _TRIM_HEAD.sub("", s)
        if fold(s) in COMMON_WORDS or fold(s) in NEVER_ALONE or (s.isupper() and len(s) <= 4):
            return False
        return any(
            c.feature in ("country", "water", "site", "region")
            or (c.feature == "admin1" and (c.population >= 1_000_000 or " " in s))
            for c in self.gaz.candidates(s, loose=False)
        )

    @staticmethod
    def _listed_with_place(text: str, ent, found: list[Mention]) -> bool:
        """A capitalised PERSON/ORG entity in a list right after a place: "Ariha and
        Saraqeb", "Tal Rifaat, Anadan and Marea"."""
        if not found or not _capitalised(ent.text):
            return False
        prev = found[-1]
        return prev.end <= ent.start_char and bool(
            _LIST_SEP.fullmatch(text[prev.end : ent.start_char])
        )

    @staticmethod
    def _sizeable(c: Candidate, pop: int) -> bool:
        # population 0 in cities500 means "no figure" (many Syrian villages), not nobody
        return c.feature != "city" or (c.population or UNKNOWN_POP) >= pop

    @staticmethod
    def _described(text: str, start: int, s: str) -> bool:
        """A name the text itself calls a place: "the town of Jayrud", "the village of
        Tal Rifaat" (any size: villages are where much of the fighting is)."""
        before = _words_before(text, start, 2)
        return (
            len(before) == 2 and before[1] == "of" and before[0] in PLACE_WORDS
            and fold(s) not in COMMON_WORDS and len(fold(s)) >= 3
        )  # fmt: skip

    def _names_actor(self, men: Mention) -> bool:
        """The span is an armed group's, a person's or an organisation's name that the
        gazetteer only knows as a town abroad: "Hamas" (an alternate name of Hamm, Germany),
        "Fano" (the Amhara militia; a town in Italy), "Wagner". A big city of exactly that
        name (Tiraspol, Hargeisa) stays a place."""
        k = fold(_TRIM_HEAD.sub("", men.text).strip()).lower()
        if k not in _actor_aliases():
            return False
        cands = [c for c in men.cands if c.exact] or men.cands
        return bool(cands) and all(
            c.feature == "city" and (c.population < BIG_TOWN or fold(c.name).lower() != k)
            for c in cands
        )

    def _plausible(self, s: str, first_tok) -> bool:
        f = fold(s)
        cands = self.gaz.candidates(s, loose=False)
        if s.isupper() and len(s) <= 4:  # "US", "UK", "DRC": only countries
            return any(c.feature == "country" for c in cands) or (
                _dateline_head(first_tok)  # "KYIV, Ukraine (AP) —", "GOMA, Congo, March 3"
                and any(c.feature == "city" and c.population >= 100_000 for c in cands)
            )
        if f in COMMON_WORDS or f in NEVER_ALONE or len(f) < 3:
            return False
        top = 0.0
        for c in cands:
            if c.feature in ("country", "admin1", "water", "site", "region"):
                top = max(top, 1e9)
            elif c.feature == "city":
                top = max(top, c.population)
        if first_tok.is_sent_start:
            return top >= 1e9 or top >= 1_000_000
        return top >= 100_000

    def _lookup(self, men: Mention, *, demonyms: bool = False) -> None:
        g = self.gaz
        if demonyms:  # resolve(): "German" is Germany, not San Germán
            d = g.demonym(men.raw or men.name)
            if d is not None:
                men.cands, men.demonym = [d], True
                return
        # 1. the span as written ("Eastern Visayas", "Kansas City", "Dallas County")
        if men.raw and men.raw != men.name:
            e, _ = g.ids(men.raw, loose=False)
            if e:
                men.cands = [g.get(i) for i in e]
                men.name, men.hint = men.raw, None
                if men.dir_inside:
                    men.near = men.dir_inside = False
                return
        # 2. the name without admin/direction words
        e, lo = g.ids(men.name)
        if e:
            men.cands = [g.get(i) for i in e]
            if _abbreviation(men.name):
                # "U.S.", "UK", "SA": an abbreviation names a country or a division, not
                # the village whose folded name happens to be the same letters ("Us", "Saa");
                # a large city may keep one ("D.C.", "LA")
                men.cands = [c for c in men.cands if c.feature not in ("city", "admin2")
                             or c.capital or c.population >= 100_000]
            return
        if demonyms:
            d = g.demonym(men.name)
            if d is not None:
                men.cands, men.demonym = [d], True
                return
        # 3. the loose transliteration skeleton, kept only for close spellings
        k = key(men.name)
        if lo and len(k) >= 5 and men.name[:1].isupper():
            keep = []
            for i in lo:
                c = g.get(i, exact=False)
                # compare with the name without its admin words: "Menoufia" is a spelling
                # of the "Minufiyah" in "Muhafazat al Minufiyah", not of the whole name
                ks = key(strip_admin_words(c.name))
                r = max(SequenceMatcher(None, k, key(c.name)).ratio(),
                        SequenceMatcher(None, k, ks).ratio() if ks else 0.0)  # fmt: skip
                if r >= (LOOSE_RATIO_MAJOR if c.feature in ("country", "admin1") else 0.8):
                    keep.append(c)
            men.cands = keep
        # 4. (resolve mode) a place named inside a longer name: "Dubai World Trade Centre",
        # "University of California", "Russian Embassy" -> the largest place inside it
        if not men.cands and demonyms:
            self._inner(men)

    def _inner(self, men: Mention) -> None:
        g = self.gaz
        words = re.findall(r"[A-Z][\w'’.-]*", men.raw or men.name)
        best: tuple[float, list[Candidate]] | None = None
        for n in range(min(4, len(words) - 1), 0, -1):
            for i in range(len(words) - n + 1):
                sub = " ".join(words[i : i + n])
                if fold(sub) in COMMON_WORDS or all(
                    fold(w) in GENERIC_WORDS for w in words[i : i + n]
                ):
                    continue
                e, _ = g.ids(sub, loose=False)
                cs = [g.get(j) for j in e]
                if not cs:
                    d = g.demonym(sub)
                    cs = [d] if d is not None else []
                cs = [c for c in cs if self._sizeable(c, 10_000)]
                if cs:
                    size = max(FEATURE_PRIOR[c.feature] + math.log10(c.population + 10) for c in cs)
                    if best is None or size > best[0]:
                        best = (size, cs)
            if best:
                break
        if best:
            men.cands = best[1]

    # -- disambiguation -----------------------------------------------------------
    def disambiguate(
        self, mentions: list[Mention], focus: str | None = None, text: str | None = None
    ) -> str | None:
        """Pick a candidate for every mention using the document's other mentions; returns
        the focus country (the given one, or the one the mentions point to). With ``text``,
        "X, Y" is read as containment: X lies in Y."""
        if text is not None:
            for i, (a, b) in enumerate(zip(mentions, mentions[1:], strict=False)):
                between = text[a.end : b.start]
                if a.cands and b.cands and _IN_CONTAINER.fullmatch(between):
                    # "Liancourt commune, in Haiti's Artibonite department": said outright
                    a.container, a.strict_container = b, True
                    continue
                if not (a.cands and b.cands and _CONTAIN_SEP.fullmatch(between)):
                    continue
                nxt = mentions[i + 2] if i + 2 < len(mentions) else None
                if nxt is not None and _LIST_SEP.fullmatch(text[b.end : nxt.start]):
                    continue  # "Hubei, Hunan and Guangdong": a list, not containment
                a.container = b
        # round 1: priors only; the focus country comes from mentions resolved without doubt
        self._score_all(mentions, focus=focus, anchors=[], use_mentions=False)
        self._pair_support(mentions)
        # context passes, until the choices settle (each pass reads the previous one's)
        for k in range(MAX_PASSES):
            before = [m.best.id if m.best is not None else None for m in mentions]
            f, share = (focus, 1.0) if focus else self._focus_of(mentions)
            anchors = self._anchors(mentions)
            votes = None if focus else self._votes(mentions)
            self._score_all(mentions, focus=f, anchors=anchors, use_mentions=True, share=share,
                            votes=votes)  # fmt: skip
            if k >= 1 and before == [m.best.id if m.best is not None else None for m in mentions]:
                break
        focus = focus or self._focus_of(mentions)[0]
        self._drop_misplaced(mentions)
        self._drop_strays(mentions, focus)
        return focus

    def _drop_strays(self, mentions: list[Mention], focus: str | None) -> None:
        """A small town in a country the article neither names nor is about (nor borders
        one it names), far from every other place of the article, with no reading in a
        country the article names: a namesake abroad of a place the gazetteer lacks (a
        Syrian hamlet below GeoNames' 500-people threshold matching a town in Brazil).
        Unresolved is better than a confident wrong point half a world away. Only
        countries named as such (or by a demonym) count here: a town resolved abroad
        ("Athens") does not make its country one the article is about."""
        self._drop_far_spellings(mentions)
        named = {
            m.best.country for m in mentions if m.best is not None and m.best.feature == "country"
        }
        if not named:
            return
        known = named | self._neighbours(named)
        for m in mentions:
            c = m.best
            if (
                c is None
                or m.demonym
                or c.feature not in ("city", "admin2")
                or c.capital
                # (a reading the text calls a town or village is a stray even when big:
                # "the town of Boni" is not Bonn, 330,000 people, abroad)
                or (c.population >= STRAY_MAX_POP and not (m.small and c.population >= BIG_TOWN))
                or m.container is not None
            ):
                continue
            mk = key(m.name)
            if c.country in known or any(x.country in known for x in m.cands):
                continue
            if any(
                o.best is not None
                and o.best.feature not in ("country", "region", "water")
                and key(o.name) != mk
                and haversine_km(c.lat, c.lon, o.best.lat, o.best.lon) < STRAY_KM
                for o in mentions
            ):
                continue
            m.best, m.margin = None, 0.0

    @staticmethod
    def _drop_misplaced(mentions: list[Mention]) -> None:
        """A namesake abroad of a place the text puts in another country outright: the
        gazetteer lacks the village ("Liancourt commune, in Haiti's Artibonite department"
        is not the French town), at every mention of the name."""
        placed: dict[str, str] = {}  # name -> the country the text puts it in
        for m in mentions:
            ct = m.container.best if m.strict_container and m.container else None
            if ct is not None and ct.feature in ("country", "admin1") and ct.country:
                placed[key(m.name)] = ct.country
        for m in mentions:
            cc = placed.get(key(m.name))
            if m.best is not None and cc is not None and m.best.country != cc:
                m.best, m.margin = None, 0.0

    @staticmethod
    def _drop_far_spellings(mentions: list[Mention]) -> None:
        """A reading found only by loose spelling ("Kainama" read as Kanyama) that lies far
        from every other town the article names is a guess at a village the gazetteer
        lacks: unresolved is better than a point 1,000 km away."""
        points = [
            m for m in mentions
            if m.best is not None and m.best.feature in ("city", "admin2", "site")
        ]  # fmt: skip
        for m in points:
            c = m.best
            if c.exact:
                continue
            others = [
                o.best for o in points
                if o is not m and o.best is not None and key(o.name) != key(m.name)
            ]  # fmt: skip
            if others and all(
                haversine_km(c.lat, c.lon, o.lat, o.lon) > LOOSE_FAR_KM for o in others
            ):
                m.best, m.margin = None, 0.0

    @staticmethod
    def _pair_support(mentions: list[Mention]) -> None:
        """Spatial coherence over *all* readings, not only the current choices: a candidate
        that lies within ``PAIR_KM`` of some candidate of another distinct name of the
        article ("Athens" and "Henderson County" both have a reading in east Texas) gets
        support. Each other name counts once, weighted by how specific it is (a name with
        many readings, "Washington County", supports less). Grid lookup keeps it linear."""
        cell = 0.5  # degrees; PAIR_KM < 0.5 deg of latitude
        grid: dict[tuple[int, int], list[tuple[Candidate, str, float]]] = {}
        names: dict[str, int] = {}
        for m in mentions:
            k = key(m.name)
            if not m.cands or k in names:
                continue
            pts = [c for c in m.cands if c.feature in ("city", "admin2", "site")]
            names[k] = len(pts)
            if not pts:
                continue
            w = 1.0 / math.sqrt(len(pts))
            for c in pts:
                grid.setdefault((int(c.lat // cell), int(c.lon // cell)), []).append((c, k, w))
        for m in mentions:
            m.support = {}
            if not m.cands or len(names) < 2:
                continue
            mk = key(m.name)
            for c in m.cands:
                if c.feature not in ("city", "admin2", "site"):
                    continue
                gi, gj = int(c.lat // cell), int(c.lon // cell)
                got: dict[str, float] = {}
                for di in (-1, 0, 1):
                    for dj in (-1, 0, 1):
                        for o, ok, w in grid.get((gi + di, gj + dj), ()):
                            if ok == mk or got.get(ok, 0.0) >= w or o.id == c.id:
                                continue
                            if haversine_km(c.lat, c.lon, o.lat, o.lon) < PAIR_KM:
                                got[ok] = w
                if got:
                    m.support[c.id] = sum(got.values())

    @staticmethod
    def _votes(mentions: list[Mention]) -> tuple[Counter, dict[str, str]]:
        """Focus votes: countries named and places resolved without doubt, each distinct
        name once; also which country each name voted for."""
        votes: Counter = Counter()
        seen: dict[str, str] = {}
        for m in mentions:
            c = m.best
            k = key(m.name)
            if c is None or not c.country or k in seen or m.context_only:
                continue
            if c.feature == "country" or m.margin >= 2.0:
                votes[c.country] += 1.0
                seen[k] = c.country
        return votes, seen

    @staticmethod
    def _leader(votes: Counter) -> tuple[str | None, float]:
        total = sum(votes.values())
        if total <= 0:
            return None, 0.0
        cc, v = votes.most_common(1)[0]
        return (cc, v / total) if v / total >= 0.34 else (None, 0.0)

    @classmethod
    def _focus_of(cls, mentions: list[Mention]) -> tuple[str | None, float]:
        """The article's country and its share of the votes; the leader needs a third."""
        return cls._leader(cls._votes(mentions)[0])

    @staticmethod
    def _anchors(mentions: list[Mention]) -> list[tuple]:
        out = []
        for m in mentions:
            c = m.best
            if c is None or c.feature in ("country", "region", "water"):
                continue
            w = 1.0 if m.margin >= 2.0 else 0.5
            out.append((c.lat, c.lon, w, key(m.name), c))
        return out

    def _score_all(self, mentions, *, focus, anchors, use_mentions, share=1.0, votes=None) -> None:
        admin1s = {
            (a[4].country, a[4].name) for a in anchors if len(a) > 4 and a[4].feature == "admin1"
        }
        # divisions that hold a place the article names without doubt
        held = {
            (a[4].country, a[4].admin1)
            for a in anchors
            if len(a) > 4 and a[2] >= 1.0 and a[4].admin1 and a[4].feature != "admin1"
        }
        countries = set()
        country_pts = []
        for m in mentions:
            if m.best is not None and m.best.feature == "country":
                if m.best.country not in countries:
                    country_pts.append(m.best)
                countries.add(m.best.country)
        # country -> names of the article's mentions that resolve to it (any kind of place),
        # and -> names that put it there without doubt (a country, or a clear choice)
        named_in: dict[str, set[str]] = {}
        sure_in: dict[str, set[str]] = {}
        for m in mentions:
            if m.best is not None and m.best.country:
                named_in.setdefault(m.best.country, set()).add(key(m.name))
                if m.best.feature == "country" or m.margin >= 2.0:
                    sure_in.setdefault(m.best.country, set()).add(key(m.name))
        f0, share0 = focus, share
        for m in mentions:
            if not m.cands:
                continue
            mk = key(m.name)
            if votes is not None and OWN_VOTE_OUT:
                # the focus without this name's own vote: "Athens" alone does not make a
                # story Greek and then lean on that to stay in Greece
                own = votes[1].get(mk)
                if own is not None:
                    v = votes[0].copy()
                    v[own] -= 1.0
                    focus, share = self._leader(+v)
                else:
                    focus, share = f0, share0
            # countries the article names or is about (by names other than this one): a
            # town elsewhere needs more evidence
            known = {cc for cc, ks in sure_in.items() if ks - {mk}} | ({focus} if focus else set())
            alt_known = use_mentions and any(x.country in known for x in m.cands)
            near_known = self._neighbours(known) - known if alt_known else set()
            # a division named after its own capital ("Idlib", "Hama", "Tripoli"): a city of
            # the same name, inside it, holding a sizeable share of its people
            cities = [
                x for x in m.cands if x.feature == "city" and key(x.name) in (mk, mk + "city")
            ]
            # the largest first-level division this name is, per country ("Florida")
            divs: dict[str | None, int] = {}
            if m.hint is None and m.container is None:
                for x in m.cands:
                    if x.feature == "admin1" and key(x.name) == mk:
                        divs[x.country] = max(divs.get(x.country, 0), x.population)
            # a division word names a level that differs between countries ("Beni
            # territory" is a Congolese territoire, not Bolivia's El Beni department): when
            # only readings abroad are divisions and the article's country has a town of
            # the name, the word does not decide ("Mandera county" stays Kenya's county)
            hint_abroad = bool(
                use_mentions and m.hint and known
                and any(x.country in known for x in m.cands)
                and not any(x.feature in ("admin1", "admin2") and x.country in known
                            for x in m.cands)
            )  # fmt: skip
            scored = []
            for c in m.cands:
                epon = c.feature == "admin1" and any(
                    x.country == c.country
                    and x.population >= 0.05 * c.population
                    and (x.admin1 == c.name or haversine_km(x.lat, x.lon, c.lat, c.lon) < 150)
                    for x in cities
                )
                hint = None if hint_abroad else m.hint
                if m.hint_after and c.feature == "country":
                    hint = None  # "U.S. city", "Syria province": an adjective use
                s = _prior(c, hint, epon)
                if key(c.name) == mk or (c.exact and c.feature in ("water", "site", "region")):
                    s += 1.5  # the entry's own name (or a curated one), not a GeoNames variant
                if (
                    c.feature == "city"
                    and divs.get(c.country, 0) >= 100 * max(c.population, UNKNOWN_POP)
                ):
                    # "in Florida": a bare name that is a division of this country is the
                    # division, not a village a hundredth its size (the village keeps a
                    # chance with "Florida, N.Y." or "the village of Florida")
                    s -= DIV_OVER_VILLAGE
                if focus and c.country == focus:
                    s += FOCUS_BONUS * share  # scaled by the focus country's share
                if use_mentions:
                    if c.country in countries and c.feature != "country":
                        s += 1.0
                    if c.feature != "country" and c.country not in countries:
                        if c.country in self._neighbours(countries):
                            s += 1.0  # next door to a country the article names
                    if c.feature not in ("country", "region", "water") and any(
                        haversine_km(c.lat, c.lon, p.lat, p.lon) < 300 for p in country_pts
                    ):
                        s += 1.0
                    if c.feature == "country" and named_in.get(c.country, set()) - {mk}:
                        # the country holds places the article names, or the article names
                        # it otherwise: "Congo" with Goma, or with "Republic of Congo"
                        s += 2.0
                    if (
                        alt_known
                        and c.country not in known
                        and c.feature in ("city", "admin2", "admin1")
                        and not c.capital
                        and c.population < ABSENT_MAX_POP
                    ):
                        # a town in a country the article never names, when the name has a
                        # reading in one it does: "Madaya" in a Syria story
                        s -= ABSENT_PENALTY / 2 if c.country in near_known else ABSENT_PENALTY
                    elif (
                        alt_known
                        and c.feature == "country"
                        and c.country not in known
                        and any(x.feature == "admin1" and x.country in known for x in m.cands)
                    ):
                        # a country nothing else in the article points to, when the name is
                        # also a first-level division of a country the article is about:
                        # "Georgia" in a story from Atlanta
                        s -= ABSENT_PENALTY
                    if c.feature in ("city", "admin2", "site") and (c.country, c.admin1) in admin1s:
                        s += 2.5
                    elif c.feature != "admin1" and (c.country, c.admin1) in held:
                        s += 1.5
                    elif c.feature == "admin1" and (c.country, c.name) in held:
                        s += 3.0
                    ct = m.container.best if m.container is not None else None
                    if ct is not None and c.feature != "country" and c.country == ct.country:
                        if ct.feature == "country":
                            s += CONTAIN_BONUS / 2  # "Athens, Greece"
                        elif ct.feature == "admin1" and c.admin1 == ct.name and c is not ct:
                            s += CONTAIN_BONUS  # "Athens, Ga.", "Paris, Texas"
                    sup = m.support.get(c.id) if m.support else None
                    if sup:
                        s += PAIR_BONUS * min(sup, 2.0)
                    best_d = None
                    wsum = 0.0
                    for a in anchors:
                        if len(a) > 3 and a[3] == mk:
                            continue
                        d = haversine_km(c.lat, c.lon, a[0], a[1])
                        best_d = d if best_d is None else min(best_d, d)
                        if d < 150:
                            wsum += a[2]
                    if best_d is not None:
                        if best_d < 50:
                            s += 3.0
                        elif best_d < 200:
                            s += 2.0
                        elif best_d < 600:
                            s += 1.0
                        s += min(wsum, 3.0) * 0.5
                elif anchors:  # resolve(near=...)
                    d = haversine_km(c.lat, c.lon, anchors[0][0], anchors[0][1])
                    s += 3.0 if d < 50 else 2.0 if d < 200 else 1.0 if d < 600 else 0.0
                scored.append((s, c))
            scored.sort(key=lambda x: (-x[0], -x[1].population, x[1].id))
            m.best = scored[0][1]
            m.margin = scored[0][0] - scored[1][0] if len(scored) > 1 else 99.0

    def _neighbours(self, countries: set) -> set:
        out: set = set()
        nb = self.gaz.neighbours
        for cc in countries:
            out.update(nb.get(cc, ()))
        return out

    # -- output ------------------------------------------------------------------------
    @staticmethod
    def to_place(m: Mention, text: str) -> Place | None:
        c = m.best
        if c is None:
            return None
        return Place(
            text=m.text,
            name=c.name,
            geonameid=c.geonameid,
            lat=round(c.lat, 5),
            lon=round(c.lon, 5),
            country=c.country,
            admin1=c.admin1 if c.feature != "admin1" else c.name,
            feature=c.feature,
            precision="near" if m.near else "exact",
            span=Span(start=m.start, end=m.end, text=text[m.start : m.end]),
        )

    # -- benchmark helper -----------------------------------------------------------------
    def resolve_spans(self, text: str, spans: list[tuple[int, int]]) -> list[Place | None]:
        """Resolve given toponym spans (gold spans in benchmarks) jointly, as in ``__call__``."""
        ms = []
        for a, b in spans:
            men = analyse(text, a, b, extend=False)
            self._lookup(men, demonyms=True)
            ms.append(men)
        self.disambiguate(ms, text=text)
        return [self.to_place(m, text) for m in ms]
