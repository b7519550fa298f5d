"""One act of saying is one claim, however many pieces its quotation is cut into.

Hand-written sentences from several conflicts (Sudan, Ukraine, Gaza, Myanmar, the Sahel,
Syria): a quotation interrupted by its cue ("“A,” X said. “B.”", "“A,” X said, “B.”"),
one going on over several sentences or into the next paragraph, and the cases that are two
acts (a new cue: "he added").
"""

from __future__ import annotations

import pytest

from sitroom.attribution import Attributor
from sitroom.document import Document

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp():
    from sitroom.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="module")
def claims(nlp):
    attributor = Attributor()

    def _run(text: str):
        doc = Document.from_text(text, published="2024-05-10")
        doc.spacy = nlp(text)
        return attributor(doc).claims

    return _run


def _covers(claim, *pieces):
    for piece in pieces:
        at = claim.content.text.find(piece)
        assert at >= 0, (piece, claim.content.text)
        start = claim.content.start + at
        assert any(p.start <= start and start + len(piece) <= p.end for p in claim.content_parts)


def test_quotation_cut_by_its_cue_and_a_full_stop_is_one_claim(claims):
    text = "“The strike hit a school in Jabalia,” the spokesman said. “Twelve children died.”"
    (c,) = claims(text)
    assert c.speaker.text == "the spokesman" and c.cue == "said"
    _covers(c, "The strike hit a school in Jabalia", "Twelve children died")
    assert [p.text for p in c.content_parts] == [
        "The strike hit a school in Jabalia",
        "Twelve children died",
    ]
    assert c.content.start == text.index("The strike")
    assert c.content.end == text.index("died") + len("died")
    assert c.fatalities == 12  # the figure is in the second piece


def test_quotation_cut_by_its_cue_and_a_comma_is_one_claim(claims):
    text = (
        "“We did not attack the market in El Fasher,” an RSF spokesman said, "
        "“and we never target civilians.”"
    )
    (c,) = claims(text)
    assert c.speaker.text == "an RSF spokesman" and c.stance == "deny"
    _covers(c, "We did not attack the market in El Fasher", "and we never target civilians")


def test_three_pieces_one_claim(claims):
    text = (
        "“The drones came at night,” said Oleh Synehubov, the governor of Kharkiv. "
        "“Three people were killed in the blast.” “Rescue work continues.”"
    )
    (c,) = claims(text)
    assert c.speaker.name == "Oleh Synehubov"
    assert len(c.content_parts) == 3
    _covers(c, "The drones came at night", "Three people", "Rescue work continues")
    assert c.fatalities == 3


def test_rest_of_the_cue_sentence_may_be_long(claims):
    text = (
        "“We took the town of Paletwa,” the Arakan Army said in a statement posted on its "
        "Telegram channel on Monday evening. “The junta's troops fled across the river.”"
    )
    (c,) = claims(text)
    assert c.speaker.text == "the Arakan Army"
    _covers(c, "We took the town of Paletwa", "The junta's troops fled across the river")


def test_quotation_going_on_in_the_next_paragraph_without_a_cue(claims):
    text = (
        "“Our convoy was ambushed near Ménaka,” a Malian army officer said.\n\n"
        "“Four soldiers were killed and the trucks were burned.”\n\n"
        "The governor said the road would stay closed."
    )
    cs = claims(text)
    assert len(cs) == 2
    first, second = cs
    _covers(first, "Our convoy was ambushed near Ménaka", "Four soldiers were killed")
    assert first.fatalities == 4
    assert second.content.text == "the road would stay closed" and not second.content_parts


def test_quotation_over_two_sentences_in_one_pair_of_marks_is_one_claim(claims):
    text = "“The RSF shelled the camp. Five civilians were killed,” a local official said."
    (c,) = claims(text)
    assert c.content.text == "The RSF shelled the camp. Five civilians were killed"
    assert c.content_parts == [] and c.fatalities == 5


def test_paraphrase_then_quote_with_added_is_two_acts(claims):
    text = "General Burhan said the army had withdrawn from Wad Madani. “We will return,” he added."
    cs = claims(text)
    assert [c.cue for c in cs] == ["said", "added"]
    assert cs[0].content.text == "the army had withdrawn from Wad Madani"
    assert cs[1].content.text == "We will return"
    assert not cs[0].content_parts and not cs[1].content_parts


def test_a_second_speaker_is_a_second_claim(claims):
    text = (
        "“Israeli tanks entered Rafah,” a witness said. "
        "“They shot at anyone who moved,” another resident said."
    )
    cs = claims(text)
    assert [c.speaker.text for c in cs] == ["a witness", "another resident"]
    assert all(not c.content_parts for c in cs)


def test_adding_is_a_new_cue(claims):
    text = "“The airport is ours,” the commander said, adding: “The militants fled to Idlib.”"
    cs = claims(text)
    assert [c.cue for c in cs] == ["said", "adding"]
    assert cs[0].content.text == "The airport is ours"


def test_merged_claim_links_events_of_every_piece():
    from sitroom.api import extract_text

    text = (
        "“Russian missiles hit a hospital in Kharkiv,” the regional governor said on Sunday. "
        "“Later, a drone struck a school in Izium and killed two teachers.”"
    )
    rec = extract_text(text, published="2024-05-12")
    assert len(rec.claims) == 1
    (c,) = rec.claims
    triggers = {e.id: e.trigger.start for e in rec.events if e.trigger}
    first = [e for e, at in triggers.items() if at < text.index("the regional")]
    second = [e for e, at in triggers.items() if at > text.index("Later")]
    assert first and second, [(e.type, e.trigger and e.trigger.text) for e in rec.events]
    assert set(first + second) <= set(c.events)
    assert c.fatalities == 2
