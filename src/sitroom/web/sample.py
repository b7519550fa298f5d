"""A small hand-written store for the web app's tests, demos and load test.

``build_sample_store(path)`` writes six articles (two incidents told by two outlets each,
one contested, one claimed; a protest in no incident; an article whose text, title,
outlet and extracted strings are HTML/JS injection attempts) with the store's own writer,
and the two incidents with its incident writer. Offsets are computed from the texts, so
every span is exact.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sitroom.model import (
    Acled,
    Actor,
    ArticleMeta,
    ArticleRecord,
    Claim,
    Event,
    Figures,
    Incident,
    IncidentMember,
    Place,
    Span,
    Time,
)  # fmt: skip
from sitroom.store.db import Store
from sitroom.store.linking import write_incidents
from sitroom.store.writer import ArticleInput, input_hash, write_articles

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_ATTR = '" onmouseover="alert(1)'


def _span(text: str, needle: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Span.of(text, start, start + len(needle))


def _actor(text: str, needle: str, name: str, **kw: object) -> Actor:
    return Actor(text=needle, name=name, span=_span(text, needle), **kw)  # type: ignore[arg-type]


def _place(text: str, needle: str, name: str, lat: float, lon: float, cc: str, admin1: str,
           feature: str = "city") -> Place:  # fmt: skip
    return Place(text=needle, name=name, lat=lat, lon=lon, country=cc, admin1=admin1,
                 feature=feature, span=_span(text, needle))  # type: ignore[arg-type]  # fmt: skip


def _day(text: str, needle: str, value: str) -> Time:
    return Time(text=needle, value=value, earliest=value, latest=value, precision="day",
                timex=value, span=_span(text, needle))  # fmt: skip


def _aleppo(aid: str, outlet: str, killed: int, published: str) -> tuple[ArticleRecord, str]:
    text = (
        f"Russian jets struck a market in Aleppo on Wednesday, killing {killed} civilians, "
        "the Syrian Observatory for Human Rights said. "
        "The Russian defence ministry denied that its aircraft had flown over the city."
    )
    s1 = text[: text.index("The Russian")].strip()
    ru = _actor(text, "Russian jets", "Russia", country="RUS", sector="MIL", id="rus")
    sohr = _actor(text, "the Syrian Observatory for Human Rights", "SOHR", sector="NGO", id="sohr")
    mod = _actor(text, "The Russian defence ministry", "Russia", country="RUS", sector="GOV",
                 id="rus")  # fmt: skip
    civ = _actor(text, "civilians", "Civilians", country="SYR", sector="CVL")
    aleppo = _place(text, "Aleppo", "Aleppo", 36.2, 37.16, "SY", "Aleppo")
    when = _day(text, "Wednesday", "2017-09-20")
    ev = Event(
        id="e1", type="ASSAULT", mode="aerial",
        acled=Acled(event_type="Explosions/Remote violence", sub_event_type="Air/drone strike"),
        actor1=ru, actor2=civ, date=when, location=aleppo, fatalities=killed, status="contested",
        asserted_by=[sohr], denied_by=[mod], evidence=[Span.of(text, 0, len(s1))],
        confidence=0.9, trigger=_span(text, "struck"),
    )  # fmt: skip
    c1 = Claim(id="c1", speaker=sohr, cue="said", stance="assert",
               content=Span.of(text, 0, text.index(", the Syrian")), events=["e1"],
               fatalities=killed, cue_span=_span(text, "said"))  # fmt: skip
    c2 = Claim(id="c2", speaker=mod, cue="denied", stance="deny",
               content=_span(text, "that its aircraft had flown over the city"), events=["e1"],
               cue_span=_span(text, "denied"))  # fmt: skip
    rec = ArticleRecord(
        article=ArticleMeta(id=aid, title=f"Air strike on Aleppo market ({outlet})",
                            outlet=outlet, published=published, url=f"https://example.org/{aid}"),
        events=[ev], claims=[c1, c2], places=[aleppo], actors=[ru, sohr, mod, civ], times=[when],
    )  # fmt: skip
    return rec, text


def _goma(aid: str, outlet: str, killed: int) -> tuple[ArticleRecord, str]:
    text = (
        f"M23 rebels attacked army positions near Goma on Monday, killing {killed} soldiers, "
        "an army spokesman said."
    )
    m23 = _actor(text, "M23 rebels", "M23", sector="REB", id="m23")
    army = _actor(text, "army positions", "FARDC", country="COD", sector="MIL", id="fardc")
    spk = _actor(text, "an army spokesman", "FARDC", country="COD", sector="MIL", id="fardc")
    goma = _place(text, "Goma", "Goma", -1.68, 29.22, "CD", "North Kivu")
    when = _day(text, "Monday", "2021-11-08")
    ev = Event(
        id="e1", type="ASSAULT", mode="firearms",
        acled=Acled(event_type="Battles", sub_event_type="Armed clash"),
        actor1=m23, actor2=army, date=when, location=goma, fatalities=killed, status="claimed",
        asserted_by=[spk], evidence=[Span.of(text, 0, len(text))], confidence=0.8,
        trigger=_span(text, "attacked"),
    )  # fmt: skip
    c1 = Claim(id="c1", speaker=spk, cue="said", stance="assert",
               content=Span.of(text, 0, text.index(", an army")), events=["e1"],
               fatalities=killed, cue_span=_span(text, "said"))  # fmt: skip
    rec = ArticleRecord(
        article=ArticleMeta(id=aid, title=f"M23 attack near Goma ({outlet})", outlet=outlet,
                            published="2021-11-09"),
        events=[ev], claims=[c1], places=[goma], actors=[m23, army, spk], times=[when],
    )  # fmt: skip
    return rec, text


def _kabul() -> tuple[ArticleRecord, str]:
    text = "Hundreds of women protested in Kabul on Friday against the new rules."
    women = _actor(text, "Hundreds of women", "Protesters (Afghanistan)", country="AFG",
                   sector="CVL")  # fmt: skip
    kabul = _place(text, "Kabul", "Kabul", 34.53, 69.17, "AF", "Kabul")
    when = _day(text, "Friday", "2021-09-03")
    ev = Event(
        id="e1", type="PROTEST", mode="demo",
        acled=Acled(event_type="Protests", sub_event_type="Peaceful protest"), actor1=women,
        date=when, location=kabul, status="reported", evidence=[Span.of(text, 0, len(text))],
        confidence=0.7, trigger=_span(text, "protested"),
    )  # fmt: skip
    rec = ArticleRecord(
        article=ArticleMeta(id="kabul-1", title="Women protest in Kabul", outlet="Al Jazeera",
                            published="2021-09-04"),
        events=[ev], places=[kabul], actors=[women], times=[when],
    )  # fmt: skip
    return rec, text


def _xss() -> tuple[ArticleRecord, str]:
    text = (
        f"Gunmen {XSS_SCRIPT} attacked a checkpoint in Mosul on Sunday, killing 3 police, "
        f'officials said. A group calling itself {XSS_ATTR} denied it.'
    )
    gun = Actor(text=f"Gunmen {XSS_SCRIPT}", name=f"Gunmen {XSS_SCRIPT}", sector="UAF",
                span=_span(text, f"Gunmen {XSS_SCRIPT}"))  # fmt: skip
    pol = _actor(text, "police", "Police (Iraq)", country="IRQ", sector="COP")
    off = _actor(text, "officials", "Iraq", country="IRQ", sector="GOV")
    grp = Actor(text=XSS_ATTR, name=XSS_ATTR, sector="UAF", span=_span(text, XSS_ATTR))
    mosul = _place(text, "Mosul", "Mosul", 36.34, 43.13, "IQ", "Nineveh")
    when = _day(text, "Sunday", "2017-06-04")
    ev = Event(
        id="e1", type="ASSAULT", mode="firearms",
        acled=Acled(event_type="Battles", sub_event_type="Armed clash"), actor1=gun, actor2=pol,
        date=when, location=mosul, fatalities=3, status="contested", asserted_by=[off],
        denied_by=[grp], evidence=[Span.of(text, 0, text.index(" A group"))], confidence=0.6,
        trigger=_span(text, "attacked"),
    )  # fmt: skip
    c1 = Claim(id="c1", speaker=off, cue="said", stance="assert",
               content=Span.of(text, 0, text.index(", officials")), events=["e1"],
               fatalities=3, cue_span=_span(text, "said"))  # fmt: skip
    c2 = Claim(id="c2", speaker=grp, cue="denied", stance="deny",
               content=Span.of(text, text.index("A group"), len(text)), events=["e1"],
               cue_span=_span(text, "denied"))  # fmt: skip
    rec = ArticleRecord(
        article=ArticleMeta(id="xss-1", title=f"{XSS_SCRIPT} Mosul {XSS_ATTR}",
                            outlet=f"Evil{XSS_ATTR}", published="2017-06-05"),
        events=[ev], claims=[c1, c2], places=[mosul], actors=[gun, pol, off, grp], times=[when],
    )  # fmt: skip
    return rec, text


def sample_records() -> list[tuple[ArticleRecord, str]]:
    return [
        _aleppo("aleppo-reuters", "Reuters", 12, "2017-09-21"),
        _aleppo("aleppo-afp", "AFP", 15, "2017-09-20"),
        _goma("goma-ap", "AP", 5),
        _goma("goma-reuters", "Reuters", 7),
        _kabul(),
        _xss(),
    ]


def sample_incidents(records: list[tuple[ArticleRecord, str]]) -> list[Incident]:
    by_id = {r.article.id: r for r, _ in records}
    out = []
    for iid, ids, status in (
        ("i1", ["aleppo-reuters", "aleppo-afp"], "contested"),
        ("i2", ["goma-ap", "goma-reuters"], "claimed"),
    ):
        evs = [(by_id[a], by_id[a].events[0]) for a in ids]
        e0 = evs[0][1]
        by_source = {r.article.outlet or r.article.id: e.fatalities for r, e in evs
                     if e.fatalities is not None}  # fmt: skip
        asserted = {a.name: a for _, e in evs for a in e.asserted_by}
        denied = {a.name: a for _, e in evs for a in e.denied_by}
        out.append(Incident(
            id=iid, type=e0.type, mode=e0.mode, date=e0.date, location=e0.location,
            members=[IncidentMember(article=r.article.id, event=e.id, outlet=r.article.outlet,
                                    score=0.9) for r, e in evs],
            outlets=sorted({r.article.outlet for r, _ in evs if r.article.outlet}),
            asserted_by=list(asserted.values()), denied_by=list(denied.values()),
            status=status,  # type: ignore[arg-type]
            fatalities=Figures(min=min(by_source.values()), max=max(by_source.values()),
                               by_source=by_source),
        ))  # fmt: skip
    return out


def write_records(
    store: Store, records: list[tuple[ArticleRecord, str]], incidents: list[Incident]
) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)
    items = [
        ArticleInput(record=r, text=t, source="sample",
                     input_hash=input_hash(t, title=r.article.title, url=r.article.url,
                                           outlet=r.article.outlet,
                                           published=r.article.published))
        for r, t in records
    ]  # fmt: skip

    def write(con):  # type: ignore[no-untyped-def]
        write_articles(con, items, now)
        write_incidents(con, incidents, changed=None, state="{}", at=now)
        con.execute("UPDATE articles SET linked = true")

    store.write(write)


def build_sample_store(path: str | Path) -> Path:
    """Write the sample articles and incidents into a new store at ``path``."""
    p = Path(path)
    records = sample_records()
    with Store.open(p) as store:
        write_records(store, records, sample_incidents(records))
    return p
