"""Verbal and cooperative events: agreements, intentions, demands, refusals, sanctions, aid."""

from __future__ import annotations

import pytest

from sitroom.api import extract_text
from sitroom.pipeline import PipelineOptions

NO_CLAIMS = PipelineOptions(stages=("sitroom.timex.v1", "sitroom.geocode.v1", "sitroom.events.v1"))


def events(text: str):
    return extract_text(text, published="2023-11-07", options=NO_CLAIMS).events


def types(text: str) -> list[str]:
    return [e.type for e in events(text)]


def top(text: str):
    evs = events(text)
    assert evs, text
    return max(evs, key=lambda e: e.confidence)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The rebels said they will release the hostages next week.", "AGREE"),
        ("Sudan says it is willing to withdraw its troops from the border area.", "AGREE"),
        ("Ethiopia said it would reopen the crossing to aid convoys.", "AGREE"),
        ("The militia said it would attack government positions.", "THREATEN"),
        ("Farmers' unions said they would blockade the capital from Monday.", "THREATEN"),
        ("The opposition said it would boycott the talks with the government.", "THREATEN"),
    ],
)
def test_future_intention_is_agree_or_threaten(text, kind):
    assert top(text).type == kind


def test_intention_keeps_the_committing_actor():
    e = top("Russia said it would withdraw its forces from the Kherson region.")
    assert e.type == "AGREE"
    assert e.actor1 is not None and e.actor1.country == "RUS"


def test_threatened_mode_follows_the_act():
    e = top("Turkey said it would impose sanctions on Sweden.")
    assert (e.type, e.mode) == ("THREATEN", "relations")
    assert e.actor1.country == "TUR"


def test_commitment_verb_takes_its_type_from_the_act():
    assert top("Hamas vowed to release the remaining hostages.").type == "AGREE"
    assert top("The army vowed to crush the rebellion.").type == "THREATEN"  # a hostile act


@pytest.mark.parametrize(
    "text",
    [
        "Russia may withdraw its troops from the region.",  # possibility
        "If the rebels attack the city, the army will respond.",  # a condition
        "The checkpoint would be shut down, the army said.",  # nobody commits
        "Russia has not withdrawn its troops.",  # negation of a non-accepting act
    ],
)
def test_no_intention_without_a_commitment(text):
    assert not {"AGREE", "THREATEN", "RETREAT"} & set(types(text)), types(text)


def test_warning_that_it_would_attack_is_one_threat():
    assert types("Hamas warned that it would attack Israeli towns.") == ["THREATEN"]


def test_refusal_of_an_agreement_is_reject():
    e = top("Syria says it will not accept any more refugees from Iraq.")
    assert e.type == "REJECT"
    assert e.actor1.country == "SYR"
    assert top("The rebels did not accept the government's proposal.").type == "REJECT"


def test_must_is_a_demand_by_the_speaker_of_the_addressee():
    e = top("The United Nations said Israel must allow fuel into Gaza.")
    assert e.type == "REQUEST"
    assert e.actor1.country == "UNO" or e.actor1.name.startswith("United Nations")
    assert e.actor2.country == "ISR"


@pytest.mark.parametrize(
    ("text", "kind", "a1"),
    [
        ("Armenia and Azerbaijan reached a peace deal on Tuesday.", "AGREE", "ARM"),
        ("Qatar brokered a truce between Israel and Hamas.", "AGREE", "QAT"),
        ("Sri Lanka established diplomatic ties with Iran.", "SUPPORT", "LKA"),
        ("Sudan lifted the state of emergency in Darfur.", "CONCEDE", "SDN"),
        ("The government granted an amnesty to rebel fighters.", "CONCEDE", None),
        ("Uganda granted asylum to 18 Rwandan rebels.", "AID", "UGA"),
        ("The European Union gave Chad 5 million euros of food aid.", "AID", None),
        ("Nigeria summoned the ambassador of Niger to complain about the raids.", "ACCUSE", "NGA"),
        ("Mali expelled the French ambassador on Monday.", "SANCTION", "MLI"),
        ("Washington imposed an arms embargo on South Sudan.", "SANCTION", None),
        (
            "The rebels dismissed an appeal from the president to lay down their arms.",
            "REJECT",
            None,
        ),
        ("Israeli bulldozers demolished Palestinian homes in Hebron.", "ASSAULT", "ISR"),
        ("Russia issued a warning to Finland over its NATO bid.", "THREATEN", "RUS"),
        ("The Red Cross asked for access to the detainees.", "REQUEST", None),
    ],
)
def test_lexicon_and_support_verbs(text, kind, a1):
    e = top(text)
    assert e.type == kind, [(x.type, x.trigger.text) for x in events(text)]
    if a1 is not None:
        assert e.actor1 is not None and e.actor1.country == a1


def test_armed_conflict_news_is_unchanged():
    e = top("Russian warplanes struck a market in Idlib on Monday, killing 12 civilians.")
    assert e.type == "ASSAULT" and e.fatalities == 12


@pytest.mark.parametrize(
    "text",
    [
        "The United Nations warned that famine could spread to 14 areas of Sudan within months.",
        "Aid groups warned of a looming humanitarian catastrophe in Gaza.",
    ],
)
def test_a_warning_of_what_may_befall_people_is_not_a_threat(text):
    assert types(text) == []


@pytest.mark.parametrize(
    "text, actor",
    [
        ("Iran warned of a crushing response if Israel attacked its nuclear sites.", "Iran"),
        ("Russia warned that it would strike Kyiv if the attacks continued.", "Russia"),
        ("Hezbollah warned Israel against any attack on Lebanon.", "Hezbollah"),
    ],
)
def test_a_warning_of_the_speakers_own_force_is_a_threat(text, actor):
    (e,) = events(text)
    assert (e.type, e.actor1.name) == ("THREATEN", actor)
