"""An event while it is being read (internal to the events stage)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sitroom.events.lexicon import Trigger
from sitroom.model import Actor, Place, Span, Time


@dataclass(slots=True)
class Found:
    """An event while it is being read (internal)."""

    trig: Trigger
    tok: object  # the spaCy token that carries it
    sent: object
    type: str
    mode: str | None
    acled: tuple[str, str | None] | None
    actor1: Actor | None = None
    actor2: Actor | None = None
    actor2_tok: object | None = None
    #: actor1 read from a place name modifying the trigger ("a Mali ambush", "the Gaza
    #: strike"): as likely where as who, so a casualty verb's subject overrides it
    actor1_weak: bool = False
    place: Place | None = None
    place_own: bool = False  # the place comes from the event's own sentence
    time: Time | None = None
    fatalities: int | None = None
    injured: int | None = None
    arrested: int | None = None
    anaphoric: bool = False
    goal: bool = False  # a movement with a destination ("moved to the eastern bank")
    bare: bool = False  # a noun trigger without actors or modifiers of its own
    background: bool = False
    #: told only as the earlier happening another one came after ("three weeks after
    #: insurgents raided Macomia"): background unless a plain mention merges with it
    recalled: bool = False
    evidence: list[Span] = field(default_factory=list)
    trigger_span: Span | None = None
    confidence: float = 0.5
    hosts: list[Found] = field(default_factory=list)
    #: casualty verbs whose figures this event took ("strike ... killed 17 early on
    #: Saturday"): their clause's time dates it when its own clause has none
    casualty_toks: list = field(default_factory=list)

    @property
    def only_recalled(self) -> bool:
        """The article tells it only as what came before: its first telling is recalled
        and the other mentions only point back to it ("damaged in the fighting") or are bare
        words ("gunfire"), none a telling with a figure or a date of its own ("the toll in
        the November 14 attack rose to 12")."""
        return self.recalled and all(
            h.recalled or ((h.anaphoric or h.bare) and h.time is None
                           and h.fatalities is None and h.injured is None)
            for h in self.hosts
        )  # fmt: skip
