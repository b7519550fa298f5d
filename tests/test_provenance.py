"""Claims linked to events: who asserts, who denies, and the status that follows."""

from __future__ import annotations

import pytest

from sitroom.api import extract_text


def read(text: str, published: str):
    return extract_text(text, published=published)


def _assaults(rec):
    return [e for e in rec.events if e.type == "ASSAULT"]


def test_denial_by_anaphora_makes_the_event_contested():
    rec = read(
        "A Russian airstrike on Saturday injured six SDF fighters near Deir ez-Zor, "
        "according to the SDF. Moscow later denied the strike.",
        "2017-09-22",
    )
    (ev,) = _assaults(rec)
    assert ev.status == "contested"
    assert {a.country for a in ev.denied_by} == {"RUS"}
    assert any(a.id == "sdf" or "Syrian Democratic" in a.name for a in ev.asserted_by)
    deny = [c for c in rec.claims if c.stance == "deny"]
    assert deny and ev.id in deny[0].events


def test_event_told_only_by_a_party_is_claimed():
    rec = read(
        "The Houthis said they had shot down an American MQ-9 drone over Marib on Sunday.",
        "2023-10-10",
    )
    evs = _assaults(rec)
    assert evs, rec.events
    assert evs[0].status == "claimed"
    assert evs[0].asserted_by and evs[0].asserted_by[0].country == "YEM"


def test_event_in_the_outlets_own_voice_is_reported():
    rec = read("Gunmen killed 12 villagers in Zamfara state on Monday.", "2021-02-03")
    (ev,) = _assaults(rec)
    assert ev.status == "reported"
    assert ev.asserted_by == [] and ev.denied_by == []


def test_neutral_monitor_keeps_reported_with_its_name():
    rec = read(
        "Regime shelling killed four civilians in Maarat al-Numan on Tuesday, the Syrian "
        "Observatory for Human Rights said.",
        "2019-12-18",
    )
    (ev,) = _assaults(rec)
    assert ev.status == "reported"
    assert ev.asserted_by and "Observatory" in ev.asserted_by[0].name


def test_negated_denial_of_strikes():
    rec = read(
        "Local officials said an airstrike hit a market in Idlib on Monday. The Russian "
        "Defence Ministry said its aircraft hadn't conducted any airstrikes in the area.",
        "2019-07-23",
    )
    (ev,) = _assaults(rec)
    assert ev.status == "contested", [(c.speaker.name, c.stance, c.events) for c in rec.claims]
    assert any(a.country == "RUS" for a in ev.denied_by)


def test_threat_does_not_assert_what_it_threatens():
    rec = read(
        "Hamas warned on Monday that it would attack Israeli towns if the raids continued.",
        "2023-10-09",
    )
    assert [e.type for e in rec.events if not e.background] == ["THREATEN"]
    threat = rec.events[0]
    assert threat.status == "reported"
    assert any(threat.id in c.events and c.stance == "threaten" for c in rec.claims)


def test_denial_links_to_the_event_kind_it_names_or_to_nothing():
    rec = read(
        "At least seven civilians were killed by shelling in Bihambwe on Tuesday, according "
        "to local leaders. M23 rebels captured the town of Rubaya on Tuesday. M23 denied "
        "firing on civilian areas. Rwanda denied backing the M23.",
        "2024-05-01",
    )
    shelling = next(e for e in rec.events if e.type == "ASSAULT")
    denials = {c.speaker.name: c.events for c in rec.claims if c.stance == "deny"}
    m23 = next(v for k, v in denials.items() if "M23" in k)
    assert m23 == [shelling.id]
    rwanda = next(v for k, v in denials.items() if "Rwanda" in k)
    assert rwanda == []  # it denies backing, an event nobody told


def test_dateline_city_is_not_the_scene():
    rec = read(
        "BAMAKO (Reuters) - Malian soldiers killed 30 militants in clashes near the town of "
        "Douentza in central Mali on Sunday, the army said.",
        "2023-02-14",
    )
    ev = next(e for e in rec.events if e.type == "ASSAULT")
    assert ev.location is not None and ev.location.name != "Bamako"


def test_cut_quotation_links_both_pieces_but_not_its_cue():
    rec = read(
        "Rebels shelled army posts near Idlib in Syria. “Any attack on our positions will be "
        "answered,” the ministry warned on Monday. “Our forces shelled the village of Kafr "
        "Nabl and killed 12 fighters.”",
        "2023-11-07",
    )
    (claim,) = [c for c in rec.claims if c.cue == "warned"]
    assert len(claim.content_parts) == 2
    warned = next(e for e in rec.events if e.trigger and e.trigger.text == "warned")
    # the cue between the pieces is the claim's own act, not something it asserts
    assert warned.id in claim.events and warned.asserted_by == [] and warned.status == "reported"


def test_event_in_the_second_piece_of_a_cut_quote_is_asserted_by_the_speaker():
    rec = read(
        "Gunmen attacked a village in Zamfara state, Nigeria. “We were attacked at dawn,” "
        "the village head said. “They killed 12 villagers and burned the market.”",
        "2023-11-07",
    )
    (claim,) = [c for c in rec.claims if c.cue == "said"]
    killed = next(e for e in rec.events if e.fatalities == 12)  # told in the second piece
    assert killed.id in claim.events and killed.status == "claimed"
    assert [a.text for a in killed.asserted_by] == ["the village head"]


def test_denying_the_charge_contests_the_accusation_not_the_attack():
    rec = read(
        "GOMA, Congo (Reuters) - M23 rebels attacked the town of Sake near Goma in eastern "
        "Congo on Monday, killing 12 civilians, local officials said. Congo's government "
        "accused Rwanda of backing the rebels. Kigali denies the charge.",
        "2024-02-06",
    )
    attack = next(e for e in rec.events if e.type == "ASSAULT")
    accusation = next(e for e in rec.events if e.type == "ACCUSE")
    assert attack.denied_by == [] and attack.status != "contested"
    assert [a.country for a in accusation.denied_by] == ["RWA"]
    assert accusation.status == "contested"


def test_denying_an_accusation_contests_the_deed_the_article_gives_the_accused():
    text = (
        "ELN rebels attack Colombian army base with explosive drones, killing two soldiers\n\n"
        "BOGOTA (Reuters) - Fighters from Colombia's National Liberation Army (ELN) attacked a "
        "military base in the eastern province of Arauca on Tuesday with explosive-laden "
        "drones, killing two soldiers, the army said. Defence Minister Ivan Velasquez blamed "
        "the ELN. The ELN denied involvement in a statement posted on social media."
    )  # fmt: skip
    rec = read(text, "2024-02-21")
    (attack,) = _assaults(rec)
    assert attack.status == "contested"
    assert [a.name for a in attack.denied_by] == ["National Liberation Army (Colombia)"]
    # the dateline split by the parser ("BOGOTA" / "(Reuters) -") is not the scene
    assert attack.location.name == "Arauca" and attack.mode == "drone"
    assert attack.acled.sub_event_type == "Air/drone strike"


def test_state_force_is_not_the_rebel_group_named_before():
    # "the army" after a rebel group is the state's army: its denial is the state's
    rec = read(
        "An army air strike on a market in Kidal killed 12 civilians on Monday, the Azawad "
        "Liberation Front said. Army spokesman Souleymane Dembele said the army had targeted "
        "a gathering of fighters and denied that civilians were killed.",
        "2024-03-06",
    )
    deny = [c for c in rec.claims if c.stance == "deny"]
    assert deny, "the denial is read"
    assert all(c.speaker.sector == "MIL" and c.speaker.country == "MLI" for c in deny)
    strikes = [e for e in _assaults(rec) if e.fatalities == 12]
    assert strikes and strikes[0].status == "contested"
    assert not any(e.actor1 and e.actor1.sector == "REB" for e in _assaults(rec))


def test_its_forces_belong_to_the_speaker_not_the_story_country():
    # "its forces" in the ministry's own statement are the ministry's state's forces, and
    # of the two attacks told before, a party denies its own
    rec = read(
        "Russian missiles hit a hospital in Kherson on Sunday, killing three people, "
        "Ukrainian officials said. Ukraine's air force said it shot down 20 drones overnight. "
        "Russia's defence ministry said its forces struck military targets and denied "
        "attacking civilian sites.",
        "2024-05-13",
    )
    (deny,) = [c for c in rec.claims if c.stance == "deny"]
    assert deny.speaker.country == "RUS"
    (hit,) = [e for e in _assaults(rec) if e.fatalities == 3]
    assert hit.id in deny.events and hit.status == "contested"


def test_rejecting_the_reports_denies_what_the_last_source_said():
    rec = read(
        "Soldiers shot dead nine civilians in the village of Kumbo on Sunday, residents said. "
        "An army spokesman rejected the reports, saying those killed were fighters.",
        "2024-06-04",
    )
    assert not [e for e in rec.events if e.type == "REJECT"]  # a denial, not a refusal
    (hit,) = [e for e in _assaults(rec) if e.fatalities == 9]
    assert hit.status == "contested"
    assert any(c.stance == "deny" and hit.id in c.events for c in rec.claims)


@pytest.mark.parametrize(
    "text, published, field, expected, not_named",
    [
        # "He denied" after "a security official said": that official, not the spokesman
        # named earlier
        ("Jets struck a market in Khost on Monday, killing 14 people, Taliban spokesman "
         "Zabihullah Mujahid said. A Pakistani security official said the jets targeted "
         "militant hideouts. He denied that civilians were killed.",
         "2024-03-19", "country", "PAK", "Mujahid"),
        # "the army" after a named militia is the state's army
        ("The White Army attacked a garrison in Nasir on Tuesday. A government aircraft later "
         "bombed the village of Mathiang, killing five civilians, a local official said. The "
         "army denied carrying out any airstrikes.",
         "2024-03-08", "sector", "MIL", "White"),
    ],
)
def test_the_denier_is_the_one_the_reference_points_to(text, published, field, expected, not_named):
    rec = read(text, published)
    (deny,) = [c for c in rec.claims if c.stance == "deny"]
    assert getattr(deny.speaker, field) == expected
    assert not_named not in deny.speaker.name
