"""The events stage on hand-written sentences from different conflicts."""

from __future__ import annotations

import pytest

from sitroom.api import extract_text
from sitroom.events import Lexicon
from sitroom.model import PLOVER_TYPES
from sitroom.pipeline import PipelineOptions

NO_CLAIMS = PipelineOptions(stages=("sitroom.timex.v1", "sitroom.geocode.v1", "sitroom.events.v1"))


def events(text: str, published: str = "2023-11-07", options: PipelineOptions = NO_CLAIMS):
    return extract_text(text, published=published, options=options).events


def one(text: str, published: str = "2023-11-07", **kw):
    evs = events(text, published)
    assert len(evs) == 1, [(e.type, e.trigger.text if e.trigger else None) for e in evs]
    return evs[0]


def test_lexicon_types_are_plover_and_acled_names_known():
    lex = Lexicon.load()
    acled_types = {
        "Battles", "Explosions/Remote violence", "Violence against civilians", "Protests",
        "Riots", "Strategic developments",
    }  # fmt: skip
    for entries in (*lex.single.values(), *lex.multi.values()):
        for t in entries:
            assert t.type is None or t.type in PLOVER_TYPES, t
            assert t.acled is None or t.acled[0] in acled_types, t
            assert 0 <= t.weight <= 1


def test_nominal_airstrike_with_adjectival_actor_and_casualties():
    e = one("An Israeli airstrike killed at least 23 people in Rafah on Tuesday.")
    assert (e.type, e.mode) == ("ASSAULT", "aerial")
    assert e.acled.sub_event_type == "Air/drone strike"
    assert e.actor1.country == "ISR"
    assert e.fatalities == 23
    assert e.location.name.startswith("Rafa")
    assert e.date.value == "2023-11-07"  # Tuesday on or before a Tuesday publication


def test_passive_voice_agent_and_victims():
    e = one("Five civilians were killed by Russian shelling in Kharkiv on Monday.", "2022-05-10")
    assert e.type == "ASSAULT" and e.mode == "heavy-weapons"
    assert e.actor1.country == "RUS"
    assert e.fatalities == 5
    assert e.location.country == "UA"
    assert e.date.value == "2022-05-09"


def test_active_verb_subject_object_and_injured_figure():
    e = one("Al-Shabaab militants attacked a military base in Lower Shabelle, wounding 12 soldiers.",
            "2021-03-02")  # fmt: skip
    assert e.type == "ASSAULT"
    assert e.actor1.name.lower().startswith("al-shabaab") or e.actor1.id == "al-shabaab"
    assert e.injured == 12


def test_arrests_are_coerce_with_count():
    e = one("Police arrested 40 protesters in Khartoum on Sunday.", "2022-01-18")
    assert (e.type, e.mode) == ("COERCE", "arrest")
    assert e.acled.event_type == "Strategic developments" and e.acled.sub_event_type == "Arrests"
    assert e.arrested == 40


def test_protest_is_protest_demo():
    e = one("Thousands of people protested in Bamako against the French military presence.",
            "2022-02-05")  # fmt: skip
    assert (e.type, e.mode) == ("PROTEST", "demo")


def test_negated_and_hypothetical_triggers_are_not_events():
    assert events("The army did not attack the village.") == []
    assert events("The rebels threatened to attack the town if talks fail.") == [] or all(
        e.type == "THREATEN" for e in events("The rebels threatened to attack the town if talks fail.")
    )
    assert [e.type for e in events("Officials fear a possible offensive on Goma.")] == []


def test_other_senses_are_not_events():
    assert events("The minister died of a heart attack in Kinshasa.") == []
    # a death with a violent cause is still reported, on the cause
    (e,) = events("Five soldiers died in clashes with rebels near Beni on Monday.", "2023-05-09")
    assert e.type == "ASSAULT" and e.trigger.text == "clashes" and e.fatalities == 5
    assert [e.type for e in events("Teachers went on a hunger strike in Nairobi.")] == ["PROTEST"]


def test_casualty_words_attach_to_their_event_not_a_second_one():
    evs = events("A drone strike hit a wedding party in Sanaa, killing 14 people and wounding 20.",
                 "2018-04-24")  # fmt: skip
    assert len(evs) == 1
    assert evs[0].mode == "drone" and evs[0].fatalities == 14


def test_same_strike_retold_is_one_event_distinct_places_are_two():
    text = (
        "A Saudi-led coalition airstrike hit a school bus in Dahyan on Thursday.\n\n"
        "The airstrike killed 40 children, Houthi officials said.\n\n"
        "Separately, coalition warplanes bombed a market in Hodeidah on Friday."
    )
    evs = [e for e in events(text, "2018-08-10") if e.type == "ASSAULT"]
    assert len(evs) == 2, [(e.trigger.text, e.location and e.location.name) for e in evs]
    assert evs[0].fatalities == 40


def test_background_events_are_flagged():
    evs = events("In 2012 the rebels overran Goma. On Monday M23 fighters attacked Bunagana.",
                 "2022-06-14")  # fmt: skip
    by_trigger = {e.trigger.text: e for e in evs}
    assert by_trigger["overran"].background is True
    assert by_trigger["attacked"].background is False


def test_event_evidence_and_trigger_spans_point_into_the_text():
    text = "Gunmen killed 12 villagers in Zamfara state overnight."
    rec = extract_text(text, published="2021-02-03", options=NO_CLAIMS)
    for e in rec.events:
        assert text[e.trigger.start : e.trigger.end] == e.trigger.text
        for sp in e.evidence:
            assert text[sp.start : sp.end] == sp.text
    assert rec.events[0].fatalities == 12


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The two leaders met in Ankara to discuss the grain deal.", "CONSULT"),
        ("Washington imposed sanctions on three Wagner commanders.", "SANCTION"),
        ("The army deployed troops to the border with Venezuela.", "MOBILIZE"),
        ("Russian forces withdrew from Kherson on Friday.", "RETREAT"),
        ("The UN condemned the attack on the aid convoy.", "ACCUSE"),
    ],
)
def test_types_across_the_plover_categories(sentence, expected):
    assert expected in [e.type for e in events(sentence, "2022-11-12")]


def test_duration_anchored_to_an_earlier_event_gets_its_date():
    evs = events(
        "A Russian airstrike last Saturday injured six SDF fighters. Two days after the claimed "
        "Russian airstrike, the pro-Assad forces moved to the eastern bank.",
        "2017-09-22",
    )
    moved = next(e for e in evs if e.type == "MOBILIZE")
    assert moved.date.value == "2017-09-18"
    strike = next(e for e in evs if e.type == "ASSAULT")
    assert strike.date.value == "2017-09-16" and strike.injured == 6


def test_wire_dateline_is_not_the_subject():
    e = one(
        "KYIV, March 3 (Reuters) - Russian missiles struck an apartment building in the "
        "southern Ukrainian city of Zaporizhzhia on Thursday, killing at least 11 people.",
        "2023-03-03",
    )
    assert e.actor1.country == "RUS"
    assert e.location.country == "UA" and e.location.name.startswith("Zaporizh")
    assert e.fatalities == 11
    assert e.actor2 is None or e.actor2.country == "UKR"  # victims belong where it happened


def test_pronoun_subject_of_a_reported_clause_is_the_speaker():
    evs = events(
        "The Israeli military said it had struck Hamas militants in Khan Younis on Monday.",
        "2024-01-09",
    )
    (e,) = [e for e in evs if e.type == "ASSAULT"]
    assert e.actor1.country == "ISR"
    assert e.actor2 is not None and "Hamas" in e.actor2.name


def test_a_targeted_place_is_not_an_actor():
    e = one("The RSF launched an attack on the village of Wad al-Noura on Wednesday.",
            "2024-04-11")  # fmt: skip
    assert e.actor1 is not None and e.actor1.sector in ("MIL", "PRM", "REB")
    assert e.actor2 is None or e.actor2.sector not in ("GOV",)


def test_headline_accused_of_makes_the_subject_the_accused():
    evs = events("RSF accused of killing dozens in Darfur village", "2024-04-11")
    acc = [e for e in evs if e.type == "ACCUSE"]
    assert acc and acc[0].actor1 is None and acc[0].actor2.name.startswith("Rapid Support")


def test_fighting_between_two_sides():
    e = one("Heavy fighting between the army and the RSF broke out in Khartoum on Saturday.",
            "2023-04-16")  # fmt: skip
    names = {e.actor1.name, e.actor2.name}
    assert any("Rapid Support" in n for n in names)
    assert any(n.startswith("Sudan") for n in names)


def test_a_town_resolved_to_a_country_the_article_never_names_is_not_the_scene():
    evs = events(
        "Syrian government forces shelled opposition areas in Idlib province on Monday. "
        "Five people were killed in the attack in the opposition-held district of Sevre.",
        "2016-08-09",
    )
    assaults = [e for e in evs if e.type == "ASSAULT"]
    assert assaults and all(e.location is not None and e.location.country == "SY" for e in assaults)


def test_interception_and_a_later_strike_are_two_events_with_their_own_actors():
    full = PipelineOptions()
    evs = extract_text(
        "The Saudi-led coalition said its air defences had intercepted four drones launched "
        "by the Houthis. The coalition later carried out air strikes on Houthi military "
        "targets in the capital Sanaa, Saudi state media reported.",
        published="2022-11-20", options=full,
    ).events  # fmt: skip
    inter = [e for e in evs if e.acled and e.acled.sub_event_type == "Disrupted weapons use"]
    strikes = [e for e in evs if e.mode == "aerial"]
    assert len(inter) == 1 and len(strikes) == 1
    assert inter[0].actor1 is not None and inter[0].actor1.country == "SAU"  # "its" defences
    assert strikes[0].actor1.country == "SAU"  # "the coalition" named before
    assert strikes[0].actor2.name == "Houthis" and strikes[0].location.name == "Sanaa"


@pytest.mark.parametrize(
    "text",
    [
        "IS has killed hundreds of people since it declared a caliphate in June last year.",
        "More than 280,000 people have been killed since the conflict broke out in March 2011.",
        "The conflict has killed more than 280,000 people and displaced millions.",
        "Since then more than a quarter of a million people have been killed in the country.",
        "Clashes have killed 4,000 fighters since 2014.",
        # ... over months or recent weeks
        "More than 300 civilians have been killed in Aleppo since April, activists said.",
        "Air strikes have killed 40 people in Idlib in recent weeks.",
        "Government shelling over the past two months has killed 200 people in Daraa.",
        # ... or what keeps happening ("shot the driver repeatedly" is one happening)
        "Kherson is shelled almost daily by Russian forces on the opposite bank.",
        "Bandit attacks typically occur at night in Zamfara.",
    ],
)
def test_running_totals_and_habits_are_background_not_happenings(text):
    evs = events(text, "2016-07-05")
    assert evs and all(e.background for e in evs)


@pytest.mark.parametrize(
    "text",
    [
        "At least 20 people have been killed since Monday in air strikes on Douma.",
        "Air strikes killed 12 people in Douma on Tuesday.",
    ],
)
def test_recent_tallies_and_single_strikes_stay_news(text):
    (e,) = events(text, "2016-07-05")
    assert e.background is False and e.fatalities in (12, 20)


def test_pronoun_cycles_do_not_recurse_without_end():
    # "Its" (apostrophe lost) is read as a possessive of "massacre", whose antecedent is
    # the sentence's earlier subject... which is "massacre" again
    evs = events('"Its a massacre of refugees" a voice off camera said.', "2014-10-31")
    assert [e.type for e in evs] == ["ASSAULT"]


def test_an_attack_is_not_placed_where_diplomats_met():
    evs = events("UN council meets over Syria\n\nThe Security Council met in New York on Wednesday "
                 "at the request of France. Syrian regime forces killed 1,300 people with "
                 "chemical weapons, the opposition said.", "2013-08-22")  # fmt: skip
    (attack,) = [e for e in evs if e.type == "ASSAULT"]
    assert attack.location is not None and attack.location.country == "SY"


def test_an_event_with_no_place_of_its_own_falls_back_to_the_focus_country():
    evs = events("Syria gas attack: UN council meets\n\nThe Security Council met in Luxembourg on "
                 "Wednesday at the request of France and Britain. The council said it is seeking "
                 "clarity on reports that Syrian regime forces killed 1,300 people using chemical "
                 "weapons in Syria.", "2013-08-22")  # fmt: skip
    headline = next(e for e in evs if e.trigger.text == "meets")
    assert headline.location is not None and headline.location.name == "Syria"


def test_a_demonstrative_accusation_refers_back_and_is_not_a_new_one():
    assert events("Rwanda denied backing the M23. These accusations are fabricated, a "
                  "government spokesman said.", "2024-02-06") == []  # fmt: skip
    (e,) = events("The accusations against the army came after a UN report.", "2024-02-06")
    assert e.type == "ACCUSE"


@pytest.mark.parametrize(
    "text, mode, sub_event",
    [
        ("Hundreds were killed in a chemical weapons attack near Damascus on Wednesday.",
         "unconventional", "Chemical weapon"),
        ("Government forces attacked the town with sarin gas, killing 80 people.",
         "unconventional", "Chemical weapon"),
        ("A chemical air strike on Khan Shaykhun killed 87 people on Tuesday.",
         "unconventional", "Chemical weapon"),
        ("A suicide car bomb attack killed 12 people in Hasakah on Tuesday.",
         "suicide-attack", "Suicide bomb"),
        ("A rocket attack killed three civilians in Kharkiv on Monday.",
         "heavy-weapons", "Shelling/artillery/missile attack"),
    ],
)  # fmt: skip
def test_the_means_an_attack_word_is_modified_by_set_its_mode(text, mode, sub_event):
    e = one(text)
    assert (e.type, e.mode, e.acled.sub_event_type) == ("ASSAULT", mode, sub_event)


@pytest.mark.parametrize(
    "text",
    [
        "Police fired tear gas at protesters in Khartoum on Monday.",
        "Rebels attacked a gas station in Homs on Monday, killing three.",
    ],
)
def test_tear_gas_and_gas_stations_are_not_chemical_attacks(text):
    modes = [e.mode for e in events(text) if e.type == "ASSAULT"]
    assert modes and "unconventional" not in modes


def test_a_place_after_near_is_where_not_who():
    # "Damascus" in "the attack near Damascus" is the scene, not the Syrian government
    # (metonymy); the nationality word "Syrian" names the country even where the text never
    # names Syria itself, so Damascus is a plausible scene of a story filed in New York
    e = one("Human Rights Watch said in New York on Tuesday that Syrian forces were "
            "responsible. The chemical weapons attack near Damascus on August 21 killed "
            "more than 1400 people.", "2013-09-10")  # fmt: skip
    assert e.location.name == "Damascus" and e.date.value == "2013-08-21"
    assert e.actor1 is None or e.actor1.text != "Damascus"
    assert e.actor2 is not None and e.actor2.country == "SYR"


def test_a_place_taken_from_the_story_says_so():
    from sitroom.export import geo_precision

    first, second = events(
        "Russian warplanes struck the town of Saraqeb on Monday, killing seven civilians. "
        "Rebels later shot down a helicopter, killing its two pilots.", "2016-08-02"
    )  # fmt: skip
    assert first.location.name == "Saraqib" and first.location.precision == "exact"
    assert second.location.name == "Saraqib" and second.location.precision == "context"
    assert (geo_precision(first.location), geo_precision(second.location)) == (1, 2)


def test_a_missile_strike_told_in_headline_lead_and_body_is_one_event_and_its_denial_sticks():
    # "since April" bounds a period ("the deadliest since April"): it does not date the
    # attack, so "the attack" is the strike told before, and Russia's denial contests it;
    # the April strike told in the "when" clause keeps April and stays its own event
    text = (
        "Russian missile strike kills 14 in Kramatorsk\n\n"
        "KRAMATORSK, Ukraine (Reuters) - A Russian missile struck a residential building in "
        "the eastern Ukrainian city of Kramatorsk on Tuesday, killing at least 14 people, "
        "regional officials said.\n\nThe strike hit a five-storey apartment block in the city "
        "centre, governor Pavlo Kyrylenko said.\n\nRussia's defence ministry denied targeting "
        "civilians.\n\nThe attack was the deadliest on the city since April, when a missile "
        "hit the railway station, killing 61 people."
    )  # fmt: skip
    rec = extract_text(text, published="2023-06-01")
    strike, april = [e for e in rec.events if e.type == "ASSAULT"]
    assert (strike.date.value, strike.fatalities, strike.status) == ("2023-05-30", 14, "contested")
    assert len(strike.evidence) >= 4  # headline, lead, "the strike", "the attack"
    assert april.date.earliest == "2023-04-01" and april.fatalities == 61


def test_a_village_attack_told_by_region_then_by_town_and_its_arson_is_one_attack():
    text = (
        "Paramilitary fighters attacked a village in Sudan's North Darfur province on "
        "Saturday, killing at least 40 people, a local rights group said. The Rapid Support "
        "Forces stormed the village of Um Kadada after clashes with the army nearby, the "
        "group said. The fighters torched homes and looted livestock."
    )  # fmt: skip
    (e,) = [e for e in events(text, "2023-06-01") if e.type == "ASSAULT"]
    assert e.fatalities == 40 and e.mode != "destroy"  # torching homes is part of it
    assert e.location.name == "Umm Kaddadah"


def test_the_killers_named_by_a_casualty_verb_beat_a_place_modifying_the_attack_noun():
    # "Mali ambush": Mali says where, the jihadists who killed say who
    e = events("Jihadists kill 20 soldiers in central Mali ambush, army says", "2023-06-01")[0]
    assert e.actor1 is not None and e.actor1.sector == "REB"
    assert e.actor2 is not None and e.actor2.sector == "MIL" and e.fatalities == 20


def test_a_war_that_erupted_and_has_killed_is_background():
    (e,) = events("Sudan's war between the army and the RSF erupted in April 2023 and has "
                  "killed tens of thousands of people.", "2024-06-01")  # fmt: skip
    assert e.background


def test_a_missile_fired_by_a_group_is_that_groups_attack_not_the_sources():
    e = events("A missile fired by Yemen's Houthi militia struck a Barbados-flagged bulk carrier "
               "in the Gulf of Aden on Wednesday, killing three crew members, the U.S. military "
               "said.", "2024-03-07")[0]  # fmt: skip
    assert e.actor1.name == "Houthis" and e.fatalities == 3 and e.date.value == "2024-03-06"


@pytest.mark.parametrize(
    "text, published, day",
    [
        ("A car bomb exploded outside a restaurant in Mogadishu on Sunday night, killing at "
         "least 9 people, police said.", "2024-07-16", "2024-07-14"),
        ("CAIRO (Reuters) - An Israeli air strike on a school housing displaced families in "
         "Gaza City's Zeitoun neighbourhood killed at least 17 Palestinians early on Saturday, "
         "Palestinian health officials said.", "2024-08-10", "2024-08-10"),
    ],
)  # fmt: skip
def test_the_day_told_beside_an_attack_dates_it(text, published, day):
    (e,) = [e for e in events(text, published) if e.type == "ASSAULT"]
    assert e.date.value == day


def test_a_drone_attack_launched_on_a_countrys_facilities_is_one_event_there():
    (e,) = events("Russia launched a massive drone attack on Ukraine's energy facilities "
                  "overnight on Tuesday, officials said.", "2025-01-15")  # fmt: skip
    assert (e.actor1.name, e.mode, e.location.name) == ("Russia", "drone", "Ukraine")


def test_a_total_the_offensive_has_since_caused_is_background():
    (e,) = events("Israel's offensive has since killed more than 39,000 Palestinians, according "
                  "to the Gaza health ministry.", "2024-08-10")  # fmt: skip
    assert e.background


def test_a_gang_attack_is_the_gangs_and_headline_and_lead_are_one_event():
    text = (
        "Gang attack on Haitian town kills at least 70\n\n"
        "PORT-AU-PRINCE (Reuters) - Members of the Gran Grif gang killed at least 70 people "
        "in an attack on the town of Pont-Sonde early on Thursday, U.N. officials said."
    )  # fmt: skip
    (e,) = [e for e in events(text, "2024-10-06") if e.type == "ASSAULT"]
    assert e.actor1.sector == "CRM" and e.fatalities == 70


def test_a_place_that_owns_a_neighbourhood_is_where():
    (e,) = [e for e in events(
        "An Israeli air strike on a school housing displaced families in Gaza City's Zeitoun "
        "neighbourhood killed at least 17 Palestinians on Saturday, health officials said.",
        "2024-08-10") if e.type == "ASSAULT"]  # fmt: skip
    assert e.location.text == "Gaza City" and e.location.precision == "exact"


@pytest.mark.parametrize(
    "text, killed, injured",
    [
        ("A car bomb killed 9 people and left more than 45 wounded at a checkpoint in Kirkuk "
         "on Sunday.", 9, 45),
        ("Nine people were killed and more than 45 wounded when a car bomb exploded in Kirkuk "
         "on Sunday.", 9, 45),
        ("The shelling of Kirkuk on Sunday left 9 dead and 45 injured.", 9, 45),
        ("Gunmen killed 9 wounded soldiers at a clinic in Kirkuk on Sunday.", 9, None),
    ],
)
def test_bare_participle_figures_count_the_victims(text, killed, injured):
    # "more than 45 wounded": a number subject of a bare participle is the victims, not
    # the perpetrator; an adjective on the victims of a killing is not a second count
    e = one(text, "2024-01-09")
    assert (e.fatalities, e.injured) == (killed, injured)


def test_a_state_adjective_on_a_town_is_where_not_the_target():
    # "an attack on a Malian town" is not an attack on the state of Mali; a holder named
    # by the modifier is still the target ("a rebel-held village")
    e = one("Jihadists attacked a Malian town on Monday, killing 12 people.", "2024-03-06")
    assert e.actor2 is None or e.actor2.sector != "GOV"
    e = one("Army artillery shelled a rebel-held village near Idlib on Monday.", "2024-03-06")
    assert e.actor2 is not None and e.actor2.sector == "REB"


def test_a_time_of_day_that_resolves_to_nothing_yields_to_the_main_clause_day():
    e = one(
        "Rebels mounted their biggest operation in a year on 10 May, when fighters attacked "
        "Macomia town in the early hours of the morning.",
        "2024-05-16",
    )
    assert e.date is not None and e.date.value == "2024-05-10"
    assert e.location is not None and e.location.name == "Macomia"  # "X town" is a place


@pytest.mark.parametrize(
    "opening",
    ["Yaounde (AFP) – ", "Yaounde, 14 March 2022 (Lusa) - ", "YAOUNDE: ", "(Yaounde) – ",
     "Yaounde, Mar. 14, CAMNEWS. ", "YAOUNDE, MARCH 14, 2022, CAMNEWS. "],
)
def test_a_mixed_case_opening_dateline_is_not_the_scene(opening):
    text = (
        f"{opening}Cameroonian soldiers killed at least 11 civilians on Sunday. The killings "
        "took place in Jakiri, in the North West region, residents said."
    )
    evs = [e for e in events(text, "2022-03-15") if e.type == "ASSAULT"]
    assert evs and all(e.location is None or e.location.name != "Yaoundé" for e in evs)


def test_martyred_is_killed():
    # state media's word: "were martyred" reports deaths like "were killed"
    e = one("Three policemen were martyred when militants attacked a checkpoint in Bannu on Sunday.",
            "2024-11-19")
    assert e.type == "ASSAULT" and e.fatalities == 3


@pytest.mark.parametrize(
    ("text", "recalled"),
    [
        # "X comes/came after Y", the subject an event of its own
        ("Gunmen abducted 14 farmers near Gusau on Monday. The abductions come a month after "
         "bandits stormed a school in Kuriga.", "stormed"),
        ("Rebels shelled the town of Kidal on Sunday. The shelling came two days after the army "
         "bombed a wedding in Tinzaouaten.", "bombed"),
        # an adjunct at a distance in time from what the clause tells
        ("Thousands marched through Khartoum on Friday, following last week's clashes in "
         "Omdurman.", "clashes"),
        ("Troops recaptured Mbandaka on Saturday, three weeks after militiamen seized it.", "seized"),
    ],
)
def test_a_happening_recalled_as_what_came_before_is_background(text, recalled):
    evs = events(text, "2024-03-12")
    by_trigger = {e.trigger.text: e for e in evs}
    assert by_trigger[recalled].background is True, [(e.trigger.text, e.background) for e in evs]
    assert [e for e in evs if not e.background], "the article's own news stays news"


@pytest.mark.parametrize(
    "text",
    [
        # a funeral or a statement is not a happening of its own: the strike is the news
        "The funerals came two days after an air strike killed nine people in Kafr Nabl.",
        # "after" without a distance in time is part of one telling
        "Insurgents attacked the town of Palma on Friday after clashing with troops nearby.",
    ],
)
def test_a_happening_after_a_reaction_or_in_one_telling_stays_news(text):
    evs = [e for e in events(text, "2024-03-12") if e.type == "ASSAULT"]
    assert evs and not any(e.background for e in evs)


def test_a_recalled_happening_told_again_in_full_is_news():
    # the follow-up's own sentence on the bombing (a date and a toll) makes it its news
    text = ("Police arrested two men on Thursday, a week after a suicide bomber attacked a "
            "checkpoint in Bannu. The death toll in the November 14 attack rose to 12.")
    evs = [e for e in events(text, "2024-11-22") if e.type == "ASSAULT"]
    assert len(evs) == 1 and evs[0].background is False and evs[0].fatalities == 12


def test_the_attack_the_article_tells_is_not_the_one_it_recalled():
    text = ("Suspected insurgents beheaded two fishermen near Mucojo on Tuesday. The killings "
            "come less than three weeks after insurgents raided Macomia town on 10 May. No "
            "soldiers were present at the time of the attack, residents said.")
    evs = {e.trigger.text: e for e in events(text, "2024-05-29")}
    assert evs["raided"].background is True
    assert evs["beheaded"].background is False
    assert "attack" not in evs  # merged into the beheading, not the recalled raid


def test_a_time_and_place_hung_on_a_located_target_are_the_attacks():
    # the parser hangs "near Rutshuru" and "at 06:10 on 3 June" on "located", not on "shelled"
    (e,) = events("Rebel units shelled army positions located near the town of Rutshuru at "
                  "06:10 on 3 June, the army said.", "2024-06-04")  # fmt: skip
    assert e.date is not None and e.date.value == "2024-06-03"
    assert e.location is not None and e.location.name == "Rutshuru"


def test_a_date_after_reported_content_dates_the_reported_happening():
    (e,) = [
        e for e in events("The police dismissed as false reports that officers shot protesters "
                          "in Nakuru on 25 June.", "2024-06-27")  # fmt: skip
        if e.type == "ASSAULT"
    ]
    assert e.date is not None and e.date.value == "2024-06-25"


def test_dismissing_reports_is_a_denial_not_a_refusal():
    evs = events("The ministry dismissed as fabricated the reports of a massacre.", "2024-06-27")
    assert not [e for e in evs if e.type == "REJECT"]


def test_an_ongoing_clash_since_last_night_began_last_night():
    (e,) = events("Heavy clashes have been raging in the north of Gao since last night.",
                  "2024-02-15")  # fmt: skip
    assert e.date is not None and e.date.value == "2024-02-14"


def test_units_of_a_named_force_are_that_force():
    (e,) = events("Units of the Sudanese army shelled the outskirts of Tawila on Monday.",
                  "2024-02-15")  # fmt: skip
    assert e.actor1 is not None and e.actor1.country == "SDN" and e.actor1.sector == "MIL"


def test_one_attack_told_with_repeatedly_stays_news():
    (e,) = events("Gunmen shot the driver repeatedly in Kano on Monday.", "2023-10-18")
    assert e.background is False


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # the report's day is not the attack's
        ("Rebels killed at least 11 civilians in a raid on a village in North Kivu, a local "
         "official said Wednesday.", None),
        ("The UN rights office on Tuesday called for an inquiry into a drone strike on a market "
         "in Mopti that killed 19 civilians.", None),
        # ... but a date told before the speaker is the content's
        ("Soldiers killed 10 civilians in Bamenda on March 13, Human Rights Watch said today.",
         "2022-03-13"),
    ],
)
def test_a_time_that_dates_the_saying_does_not_date_the_happening(text, day):
    (e,) = [e for e in events(text, "2022-03-23") if e.type == "ASSAULT"]
    assert e.date is None or e.date.value == day, e.date


def test_the_report_day_bounds_the_happening_to_that_day_or_the_one_before():
    (e,) = events("Rebels killed at least 11 civilians in a raid on a village in North Kivu, "
                  "a local official said Wednesday.", "2022-11-09")  # fmt: skip
    assert e.date.value is None
    assert (e.date.earliest, e.date.latest) == ("2022-11-08", "2022-11-09")


def test_a_superlative_span_does_not_date_the_attack():
    (e,) = events("Gunmen killed 12 police officers in Guerrero, one of the deadliest attacks "
                  "on security forces this year.", "2023-10-24")  # fmt: skip
    assert e.date is None or e.date.precision != "year"


def test_a_village_in_apposition_is_a_place_not_a_target_actor():
    evs = [e for e in events("Gunmen killed 11 civilians in North Kivu late on Tuesday. The "
                             "assailants stormed Kainama, a farming village near Eringeti.",
                             "2022-11-09") if e.type == "ASSAULT"]  # fmt: skip
    assert all(e.actor2 is None or e.actor2.name != "Kainama" for e in evs)
    assert len(evs) == 1  # one raid, told twice


@pytest.mark.parametrize(
    "text",
    [
        "Militia shelling on a camp near Nyala on Sunday resulted in 11 deaths and dozens of "
        "injuries.",
        "The bombardment of Kadugli on Sunday left 11 martyrs, state media said.",
    ],
)
def test_death_nouns_count_the_attacks_dead(text):
    (e,) = [e for e in events(text, "2024-09-16") if e.type == "ASSAULT"]
    assert e.fatalities == 11


def test_a_statement_about_deaths_does_not_take_the_toll():
    evs = events("The UN condemned the deaths of 11 civilians in shelling on Kadugli on Sunday.",
                 "2024-09-16")  # fmt: skip
    assert [e.fatalities for e in evs if e.type != "ASSAULT"] == [None] * (len(evs) - 1)
    assert [e.fatalities for e in evs if e.type == "ASSAULT"] == [11]


def test_a_death_alone_is_not_an_attack():
    assert events("The death of the governor was announced on Sunday.", "2024-09-16") == []


def test_rejecting_an_attack_condemns_it():
    # official statements translate "rechaza" / "rejette": the act is condemned, not denied
    rec = extract_text("The Ministry of Defence categorically rejects the terrorist attack "
                       "perpetrated yesterday against the police station in Jamundí.",
                       published="2025-04-17")  # fmt: skip
    assert "REJECT" not in {e.type for e in rec.events}
    assert [c.stance for c in rec.claims] == ["accuse"]
    assert all(e.status != "contested" for e in rec.events)


@pytest.mark.parametrize(
    "text",
    [
        "A car bomb exploded in Jamundí on Wednesday, with 11 people injured.",
        "The explosion left three people dead and 11 people injured in Jamundí on Wednesday.",
    ],
)
def test_victims_of_a_bare_participle_are_not_the_attacker(text):
    (e,) = events(text, "2025-04-17")
    assert e.actor1 is None or e.actor1.sector != "CVL"
    assert e.injured == 11


@pytest.mark.parametrize(
    ("text", "background"),
    [
        ("Last month's suicide bombing of a checkpoint in Mandera, which killed 12 policemen, "
         "was claimed by al-Shabaab.", True),
        ("Three weeks ago, shelling of a camp near Nyala killed at least 17 people.", True),
        # recent, or dated by the calendar, it may still be the news
        ("Gunmen killed 5 people in Mandera last week.", False),
        ("Soldiers killed 10 civilians in Mandera on 25 November.", False),
    ],
)
def test_a_happening_told_as_weeks_back_is_recalled(text, background):
    (e,) = events(text, "2024-12-10")
    assert e.background is background


def test_a_datelines_date_is_when_the_story_was_filed_not_the_attack():
    (e,) = events("Addis Ababa, 17 October 2024 (AFP) - A drone strike hit a crowded market in "
                  "Bahir Dar on Tuesday, killing at least 26 people, residents said.",
                  "2024-10-17")  # fmt: skip
    assert e.date.value == "2024-10-15"
    (e,) = events("Addis Ababa, 17 October 2024 (AFP) - A drone strike hit a crowded market in "
                  "Bahir Dar, killing at least 26 people.", "2024-10-17")  # fmt: skip
    assert e.date is None or e.date.text is None  # inferred, not read from the dateline
