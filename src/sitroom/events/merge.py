"""Within-article merging: one event per happening."""

from __future__ import annotations

import math

from sitroom.events.context import Context, generality
from sitroom.events.found import Found
from sitroom.events.vocab import MODE_FAMILIES, NEARBY_SENTENCES
from sitroom.model import Actor, Place, Time

STATE_SECTORS = {"MIL", "GOV", "COP", "SPY", "JUD", "LEG"}
NON_STATE_ARMED = {"REB", "PRM", "UAF", "CRM", "OPP"}


def _side(sector: str | None) -> str | None:
    if sector in STATE_SECTORS:
        return "state"
    if sector in NON_STATE_ARMED:
        return "non-state"
    return None


def same_actor(a: Actor | None, b: Actor | None) -> bool:
    if a is None or b is None:
        return True
    if a.id and b.id and a.id == b.id:
        return True
    if a.country and b.country:
        if a.country != b.country:
            return False
        # "the army" and "regime forces" of one state are one side; the state and the
        # rebels fighting it are not
        return _side(a.sector) == _side(b.sector) or None in (_side(a.sector), _side(b.sector))
    return a.name.lower() == b.name.lower() or (a.id is not None and a.id == b.id)


def same_place(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None:
        return True
    if a.geonameid and a.geonameid == b.geonameid:
        return True
    if a.feature in ("country", "region") or b.feature in ("country", "region"):
        return a.country == b.country
    if a.feature == "admin1" or b.feature == "admin1":  # a town inside its province
        return a.country == b.country and (a.admin1 == b.admin1 or a.name == b.name)
    return km(a.lat, a.lon, b.lat, b.lon) <= 30


def same_time(a: Time | None, b: Time | None) -> bool:
    if a is None or b is None:
        return True
    lo1, hi1 = a.earliest or a.value, a.latest or a.value
    lo2, hi2 = b.earliest or b.value, b.latest or b.value
    if not (lo1 and hi1 and lo2 and hi2):
        return True
    return lo1 <= hi2 and lo2 <= hi1


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    h = (math.sin((lat2 - lat1) * p / 2) ** 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2)  # fmt: skip
    return 12742 * math.asin(math.sqrt(min(1.0, h)))


def modes_compatible(a: str | None, b: str | None) -> bool:
    # destruction is what an attack does ("stormed the village ... torched homes"): it
    # fits any means
    if a is None or b is None or a == b or "destroy" in (a, b):
        return True
    return any(a in fam and b in fam for fam in MODE_FAMILIES)


INTERCEPTED = "Disrupted weapons use"


def compatible(a: Found, b: Found) -> bool:
    if a.type != b.type or not modes_compatible(a.mode, b.mode):
        return False
    if bool(a.acled and a.acled[1] == INTERCEPTED) != bool(b.acled and b.acled[1] == INTERCEPTED):
        return False  # shooting down drones is not the strike they were sent for

    pa = a.place if a.place_own else None
    pb = b.place if b.place_own else None
    return (
        same_actor(a.actor1, b.actor1) and same_actor(a.actor2, b.actor2)
        and same_place(pa, pb) and same_time(a.time, b.time)
    )  # fmt: skip


def distinct(a: Found, b: Found) -> bool:
    """Evidence that two compatible mentions are two happenings."""
    if a.place_own and b.place_own and a.place and b.place:
        pa, pb = a.place, b.place
        same = (
            (pa.geonameid is not None and pa.geonameid == pb.geonameid)
            or pa.name == pb.name
            or (
                pa.feature not in ("country", "region", "admin1")
                and pb.feature not in ("country", "region", "admin1")
                and km(pa.lat, pa.lon, pb.lat, pb.lon) <= 30
            )
            # "a key town in eastern Congo" then "Rubaya in North Kivu": the country is
            # only less specific, not another place
            or ("country" in (pa.feature, pb.feature) and pa.country == pb.country)
            # "a village in North Darfur" then "Um Kadada": a region or a province is
            # only less specific than a town in it (regions have no bounds here: same
            # country is the test)
            or ("region" in (pa.feature, pb.feature) and pa.country == pb.country)
            or ("admin1" in (pa.feature, pb.feature) and pa.country == pb.country
                and pa.admin1 is not None and pa.admin1 == pb.admin1)
        )
        if not same:  # "pounded Idlib Province" and "bombed a centre in Khan Sheikhoun": two
            return True
    if a.time is not None and b.time is not None and a.time.value and b.time.value:
        return a.time.value != b.time.value
    return False


def merge(found: list[Found], ctx: Context) -> list[Found]:
    """One event per happening: the headline, the lead, "the strike", "the blast" and "the
    bombers" of one attack collapse; distinct places or days stay distinct events."""
    out: list[Found] = []
    sent_no = {s.start: i for i, s in enumerate(ctx.sdoc.sents)}
    for f in found:
        target = None
        for prev in reversed(out):
            if not compatible(prev, f) or distinct(prev, f):
                continue
            if f.recalled and not f.anaphoric and not prev.only_recalled:
                continue  # "come a month after bandits stormed a school": another happening
            if not f.recalled and prev.only_recalled and any(
                not o.only_recalled and compatible(o, f) and not distinct(o, f) for o in out
            ):
                # "at the time of the attack", "the attackers first targeted farmers" tell
                # the news, not the earlier raid it recalled ("three weeks after a raid")
                continue
            gap = sent_no[f.sent.start] - max(sent_no[m.sent.start] for m in [prev, *prev.hosts])
            headline = ctx.title_end is not None and prev.sent.start_char < ctx.title_end
            strong = (
                f.anaphoric or headline
                or (f.type == "ASSAULT" and gap <= NEARBY_SENTENCES)
                or (gap == 0 and (f.tok.i - prev.tok.i) <= 6)
                or (f.actor1 is not None and prev.actor1 is not None and f.place_own
                    and prev.place_own and f.time is not None and prev.time is not None)
            )  # fmt: skip
            if strong and not f.background and not (prev.background and not f.anaphoric):
                target = prev
                break
        if target is None:
            out.append(f)
            continue
        absorb(target, f)
    return out


def _unresolved(t) -> bool:
    return t is None or not (t.value or t.earliest or t.latest)


def absorb(t: Found, f: Found) -> None:
    for attr in ("actor1", "actor2", "time", "fatalities", "injured", "arrested", "mode", "acled"):
        if getattr(t, attr) is None and getattr(f, attr) is not None:
            if attr in ("mode", "acled") and f.mode == "destroy" and t.type == "ASSAULT":
                continue  # the homes torched in an attack do not make it an arson
            setattr(t, attr, getattr(f, attr))
            if attr == "mode" and f.acled is not None and f.acled[0] == "Explosions/Remote violence":
                t.acled = f.acled  # the means decide ACLED's type ("an attack ... with drones")
    if t.mode == "destroy" and f.mode not in (None, "destroy") and t.type == f.type:
        t.mode, t.acled = f.mode, f.acled  # the attack's means, not what it destroyed
    if _unresolved(t.time) and not _unresolved(f.time):  # "now" gives way to "in September"
        t.time = f.time
    # a more specific place told by the mention itself (not one it took from context)
    if t.place is None or (
        f.place is not None and f.place_own and generality(f.place) < generality(t.place)
    ):
        t.place = f.place or t.place
        t.place_own = t.place_own or f.place_own
    for sp in f.evidence:
        if all(sp.start != e.start for e in t.evidence):
            t.evidence.append(sp)
    t.hosts.append(f)
    t.confidence = max(t.confidence, f.confidence)
