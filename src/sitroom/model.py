"""Typed models of the public output contract (``shared/spec/OUTPUT.md``).

These pydantic models *are* the contract ``sitroom/article@1``: every stage writes into
them, ``sitroom extract`` serialises them, and ``docs/schema/article.schema.json`` is
generated from them (``sitroom schema``). Fields may be added; none may be renamed,
dropped or change meaning without a new schema version.

Fields sitroom adds beyond OUTPUT.md (all optional, so readers of version 1 are unaffected):

* ``Place.span``, ``Time.span``, ``Actor.span``: where in the article the mention stands,
  so a reader (and the web app) can highlight it.
* ``Place.precision``: ``exact``, ``near`` ("north of X", "near X": the place is a
  reference point, not the location itself) or, on an event's ``location`` only,
  ``context``: the event's own sentence names no place, so it is placed where the story is
  (the place of the event told just before, else the article's focus place).
* ``Claim.cue_span``: where the attribution cue stands.
* ``Claim.content_parts``: the pieces of a quotation interrupted by its cue ("“A,” X said.
  “B.”"). One act of saying is one claim; its ``content`` is then the hull from the first
  piece to the last (so it also covers the cue and speaker between them), and
  ``content_parts`` lists the pieces themselves. Empty when the content is one piece.
* ``Event.trigger``: the word(s) the event was read from (a Span inside ``evidence``).
* ``Time.timex``: the TIMEX3-style normalised value (``2017-09-16``, ``2017-W38``,
  ``P3D``, ``PRESENT_REF``) for interoperability with TimeML tools.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

SCHEMA_ARTICLE = "sitroom/article@1"
SCHEMA_INCIDENTS = "sitroom/incidents@1"

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip

PlaceFeature = Literal["country", "admin1", "admin2", "city", "water", "site", "region"]
Precision = Literal["day", "week", "month", "season", "quarter", "year", "decade", "century"]
Status = Literal["reported", "claimed", "contested"]
Stance = Literal["assert", "deny", "accuse", "threaten"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Span(_Model):
    """A view into the article text: ``text == article_text[start:end]``."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        return cls(start=start, end=end, text=text[start:end])


class Time(_Model):
    text: str | None = None
    value: str | None = Field(None, description="YYYY-MM-DD when the text pins one day")
    earliest: str | None = None
    latest: str | None = None
    precision: Precision | None = None
    timex: str | None = Field(None, description="TIMEX3-style value (sitroom addition)")
    span: Span | None = None


class Place(_Model):
    text: str
    name: str
    geonameid: int | None = None
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    country: str | None = Field(None, description="ISO 3166-1 alpha-2")
    admin1: str | None = None
    feature: PlaceFeature
    precision: Literal["exact", "near", "context"] = "exact"
    span: Span | None = None


class Actor(_Model):
    text: str
    name: str
    country: str | None = None
    sector: str | None = None
    affiliation: str | None = None
    id: str | None = None
    span: Span | None = None


class Acled(_Model):
    event_type: str
    sub_event_type: str | None = None


class Event(_Model):
    id: str
    type: str
    mode: str | None = None
    acled: Acled | None = None
    actor1: Actor | None = None
    actor2: Actor | None = None
    date: Time | None = None
    location: Place | None = None
    fatalities: int | None = Field(None, ge=0)
    injured: int | None = Field(None, ge=0)
    arrested: int | None = Field(None, ge=0)
    status: Status = "reported"
    asserted_by: list[Actor] = Field(default_factory=list)
    denied_by: list[Actor] = Field(default_factory=list)
    background: bool = False
    evidence: list[Span] = Field(default_factory=list)
    confidence: float = Field(0.5, ge=0, le=1)
    trigger: Span | None = Field(None, description="the trigger word(s) (sitroom addition)")

    @field_validator("type")
    @classmethod
    def _plover(cls, v: str) -> str:
        if v not in PLOVER_TYPES:
            raise ValueError(f"not a PLOVER 2.0 type: {v!r}")
        return v


class Claim(_Model):
    id: str
    speaker: Actor
    cue: str
    stance: Stance
    content: Span
    date: Time | None = None
    events: list[str] = Field(default_factory=list)
    fatalities: int | None = Field(None, ge=0)
    cue_span: Span | None = Field(None, description="where the cue stands (sitroom addition)")
    content_parts: list[Span] = Field(
        default_factory=list,
        description="the pieces of a quotation interrupted by its cue, when there are two or "
        "more; content is then their hull (sitroom addition)",
    )


class ArticleMeta(_Model):
    id: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = Field(None, description="YYYY-MM-DD")
    language: str | None = "en"


class ArticleRecord(_Model):
    """One article's reading: what ``sitroom extract --format json`` prints."""

    schema_: Literal["sitroom/article@1"] = Field(SCHEMA_ARTICLE, alias="schema")
    article: ArticleMeta
    events: list[Event] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    times: list[Time] = Field(
        default_factory=list, description="every time expression (sitroom addition)"
    )

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def to_json_dict(self) -> dict:
        return self.model_dump(mode="json", by_alias=True)


# ------------------------------------------------------------------ incidents@1 -------------


class IncidentMember(_Model):
    article: str = Field(description="article.id of the member's article record")
    event: str = Field(description="the event's id in that article's record")
    outlet: str | None = None
    score: float | None = Field(None, description="link score that admitted it (sitroom addition)")


class Figures(_Model):
    min: int | None = None
    max: int | None = None
    by_source: dict[str, int] = Field(default_factory=dict)


class Incident(_Model):
    id: str
    type: str
    mode: str | None = None
    date: Time | None = None
    location: Place | None = None
    members: list[IncidentMember] = Field(default_factory=list)
    outlets: list[str] = Field(default_factory=list)
    asserted_by: list[Actor] = Field(default_factory=list)
    denied_by: list[Actor] = Field(default_factory=list)
    status: Status = "reported"
    fatalities: Figures = Field(default_factory=Figures)
    injured: Figures = Field(default_factory=Figures, description="sitroom addition")


class IncidentsRecord(_Model):
    schema_: Literal["sitroom/incidents@1"] = Field(SCHEMA_INCIDENTS, alias="schema")
    incidents: list[Incident] = Field(default_factory=list)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def to_json_dict(self) -> dict:
        return self.model_dump(mode="json", by_alias=True)
