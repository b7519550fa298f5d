"""Events: who did what to whom, where, when, with what casualties.

The stage reads each sentence's dependency parse:

1. **Triggers** come from the lexicon in ``data/triggers.yaml`` (verbs and event nouns, one- or
   multi-word), filtered for other senses ("heart attack"), negation ("did not attack"),
   hypotheticals ("may carry out further attacks", "threatened to strike") and modifiers
   ("attack helicopter").
2. **Arguments** come from the parse: subject/agent and object/passive subject of verbs;
   possessive, adjectival and compound actors of nouns ("a Russian airstrike", "regime
   warplanes"), "by X" agents and "on/against X" targets; support verbs ("carried out an
   airstrike") give the initiator of their object noun. Mentions are resolved to the actor
   dictionary (``sitroom.actors``).
3. **Casualties**: casualty words (killed, injured, dead) attach their figures to the event
   they report ("an airstrike killed 12"), and stand as an event of their own only when
   there is none.
4. **Place and date** from the event's own clause first, then its sentence, then the
   paragraph's last place and the article's focus (``Place.precision`` says when it is a
   fallback).
5. **Merge** mentions of one happening within the article (the headline, the lead and "the
   strike" later); distinct places or dates stay distinct events.

Claims, status, ``asserted_by`` and ``denied_by`` are set afterwards by
``sitroom.provenance``, which needs both the events and the claims.
"""

from sitroom.events.lexicon import Lexicon, Trigger
from sitroom.events.stage import EventExtractor

__all__ = ["EventExtractor", "Lexicon", "Trigger"]
