"""Registries with versioned names, open to third-party packages through entry points.

Built-in stages register here exactly like a plugin would: a package can expose a stage
under the ``sitroom_stages`` entry-point group and name it in ``PipelineOptions.stages``.
Names are versioned (``sitroom.geocode.v1``) so that a changed behaviour gets a new name
and old configurations keep meaning what they meant.
"""

from __future__ import annotations

import catalogue

stages = catalogue.create("sitroom", "stages", entry_points=True)


@stages.register("sitroom.geocode.v1")
def make_geocoder():
    from sitroom.geocode import Geocoder

    return Geocoder()


@stages.register("sitroom.timex.v1")
def make_time_tagger():
    from sitroom.timex import TimeTagger

    return TimeTagger()


@stages.register("sitroom.events.v1")
def make_event_extractor():
    from sitroom.events import EventExtractor

    return EventExtractor()


@stages.register("sitroom.provenance.v1")
def make_provenance():
    from sitroom.provenance import Provenance

    return Provenance()


@stages.register("sitroom.claims.v1")
def make_attributor():
    from sitroom.attribution import Attributor

    return Attributor()
