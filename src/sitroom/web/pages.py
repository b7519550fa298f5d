"""HTML pages: the map (``/``), an incident (``/incidents/{id}``), an article (``/articles/{id}``).

Rendered with Jinja2 with autoescaping forced on: article text and every extracted string
are untrusted and only ever reach the page escaped. No inline scripts or styles (the CSP
forbids them); the map page loads its data from the JSON API in ``static/app.js``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import jinja2
from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response

from sitroom import __version__
from sitroom.model import ArticleRecord, Span
from sitroom.store import queries
from sitroom.web import queries_extra as qx
from sitroom.web.api import ApiError, StoreDep, incident_by_id

router = APIRouter(include_in_schema=False)

_env = jinja2.Environment(
    loader=jinja2.PackageLoader("sitroom.web", "templates"),
    autoescape=True,  # everything, whatever the template's name
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render(name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    html = _env.get_template(name).render(version=__version__, **ctx)
    return HTMLResponse(html, status_code=status)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render("error.html", status=status, status_code=status, message=message)


# ---------------------------------------------------------------------- highlighting ------

KINDS = ("evidence", "claim", "actor", "place", "time", "trigger", "cue")


@dataclass
class Mark:
    start: int
    end: int
    kind: str
    label: str
    ref: str | None = None  # e.g. "e1", "c2": the record it belongs to


@dataclass
class Segment:
    text: str
    kinds: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)

    @property
    def css(self) -> str:
        return " ".join(f"hl-{k}" for k in self.kinds)

    @property
    def title(self) -> str:
        return "; ".join(dict.fromkeys(self.labels))


def _ok(span: Span | None, text: str) -> bool:
    return (
        span is not None
        and 0 <= span.start < span.end <= len(text)
        and text[span.start : span.end] == span.text
    )


def marks_of(rec: ArticleRecord, text: str) -> tuple[list[Mark], int]:
    """Every span of the record that matches the text, and how many did not."""
    marks: list[Mark] = []
    bad = 0

    def add(span: Span | None, kind: str, label: str, ref: str | None = None) -> None:
        nonlocal bad
        if span is None:
            return
        if _ok(span, text):
            marks.append(Mark(span.start, span.end, kind, label, ref))
        else:
            bad += 1

    for e in rec.events:
        for s in e.evidence:
            add(s, "evidence", f"{e.id} {e.type} evidence", e.id)
        add(e.trigger, "trigger", f"{e.id} {e.type} trigger", e.id)
    for c in rec.claims:
        add(c.content, "claim", f"{c.id} {c.stance} by {c.speaker.name}", c.id)
        add(c.cue_span, "cue", f"{c.id} cue '{c.cue}'", c.id)
        add(c.speaker.span, "actor", f"speaker {c.speaker.name}", c.id)
    for a in rec.actors:
        add(a.span, "actor", f"actor {a.name}" + (f" ({a.country})" if a.country else ""))
    for p in rec.places:
        add(p.span, "place", f"place {p.name}" + (f", {p.country}" if p.country else ""))
    for t in rec.times:
        add(t.span, "time", f"time {t.value or t.timex or t.text or ''}")
    return marks, bad


def segments(text: str, marks: list[Mark]) -> list[Segment]:
    """Cut the text at every mark boundary; each piece lists the marks covering it."""
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        cover = [m for m in marks if m.start <= a and b <= m.end]
        kinds = [k for k in KINDS if any(m.kind == k for m in cover)]
        out.append(
            Segment(
                text[a:b], kinds, [m.label for m in cover],
                list(dict.fromkeys(m.ref for m in cover if m.ref)),
            )  # fmt: skip
        )
    return out


# ---------------------------------------------------------------------- pages -------------


@router.get("/favicon.ico")
def favicon() -> Response:
    return Response(status_code=204)


@router.get("/", response_class=HTMLResponse)
def index(store: StoreDep) -> HTMLResponse:
    n_articles = int(store.scalar("SELECT count(*) FROM articles"))
    return render("index.html", n_articles=n_articles)


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(store: StoreDep, incident_id: str = Path(max_length=200)) -> HTMLResponse:
    try:
        inc = incident_by_id(store, incident_id)
    except ApiError as e:
        return render("error.html", status=404, status_code=404, message=str(e.detail))
    members = qx.incident_members(store, inc)
    return render("incident.html", inc=inc, members=members)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(store: StoreDep, article_id: str = Path(max_length=200)) -> HTMLResponse:
    art = queries.article(store, article_id)
    if art is None:
        return render(
            "error.html", status=404, status_code=404, message=f"no article {article_id!r}"
        )
    marks, bad = marks_of(art.record, art.text)
    incident_of = {
        r["event_id"]: r["incident_id"]
        for r in store.rows(
            "SELECT event_id, min(incident_id) AS incident_id FROM incident_members "
            "WHERE article_id = ? GROUP BY event_id",
            [article_id],
        )
    }
    return render(
        "article.html", art=art, rec=art.record, segs=segments(art.text, marks),
        n_marks=len(marks), bad=bad, incident_of=incident_of,
    )  # fmt: skip
