"""Human-readable rendering of a record (the CLI's ``--format table``)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from sitroom.model import Actor, ArticleRecord, Place, Time


def _actor(a: Actor | None) -> str:
    if a is None:
        return ""
    extra = "/".join(x for x in (a.country, a.sector) if x)
    return f"{a.name} ({extra})" if extra else a.name


def _time(t: Time | None) -> str:
    if t is None:
        return ""
    if t.value:
        return t.value
    if t.earliest or t.latest:
        return f"{t.earliest or '?'}..{t.latest or '?'}"
    return "unresolved"


def _place(p: Place | None) -> str:
    if p is None:
        return ""
    near = "near " if p.precision == "near" else ""
    ctx = " (from context)" if p.precision == "context" else ""
    return f"{near}{p.name}, {p.country or '?'}{ctx}"


def print_table(rec: ArticleRecord, console: Console) -> None:
    a = rec.article
    console.rule(f"[bold]{a.title or a.id}[/bold]  {a.published or 'date unknown'}")
    if rec.events:
        t = Table(title="Events", title_justify="left", show_lines=False)
        for col in ("id", "event", "who → whom", "when", "where", "casualties", "status",
                    "asserted by", "denied by"):  # fmt: skip
            t.add_column(col, overflow="fold")
        for e in rec.events:
            kind = f"{e.type}/{e.mode}" if e.mode else e.type
            if e.background:
                kind += " (background)"
            who = " → ".join(x for x in (_actor(e.actor1) or "?", _actor(e.actor2)) if x)
            t.add_row(
                e.id, kind, who, _time(e.date), _place(e.location), _casualties(e), e.status,
                ", ".join(x.name for x in e.asserted_by), ", ".join(x.name for x in e.denied_by),
            )  # fmt: skip
        console.print(t)
    if rec.claims:
        t = Table(title="Claims", title_justify="left")
        for col in ("id", "speaker", "cue", "stance", "events", "content"):
            t.add_column(col, overflow="fold")
        for c in rec.claims:
            t.add_row(
                c.id, _actor(c.speaker), c.cue, c.stance, ",".join(c.events), c.content.text[:120]
            )
        console.print(t)
    t = Table(title="Places", title_justify="left")
    for col in ("as written", "resolved", "feature", "admin1", "lat", "lon"):
        t.add_column(col)
    for p in rec.places:
        t.add_row(
            p.text, _place(p), p.feature, p.admin1 or "", f"{p.lat:.4f}", f"{p.lon:.4f}"
        )
    console.print(t)
    t = Table(title="Dates", title_justify="left")
    for col in ("as written", "resolved", "precision"):
        t.add_column(col)
    for tm in rec.times:
        t.add_row(tm.text or "", _time(tm), tm.precision or "")
    console.print(t)


def _casualties(e) -> str:
    parts = [f"{n} {w}" for n, w in ((e.fatalities, "killed"), (e.injured, "injured"),
                                     (e.arrested, "arrested")) if n is not None]  # fmt: skip
    return ", ".join(parts)
