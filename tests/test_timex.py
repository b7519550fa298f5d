"""Time expressions: recognition, resolution against the publication date, anchors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sitroom.document import Document
from sitroom.model import Time
from sitroom.stages import Stage
from sitroom.timex import TimeTagger, find_mentions, find_times, resolve_anchor

PUB = date(2017, 9, 22)  # a Friday
# the bundled copy of the worked example (the repo must not need ../shared to run)
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "eaworldview-2017-09-22-syria-daily.txt"


@pytest.fixture(scope="module")
def nlp():
    from sitroom.nlp import load_nlp

    return load_nlp()


def one(text: str, published: date | None = PUB, **kw) -> Time:
    times = find_times(text, published, **kw)
    assert len(times) == 1, [t.text for t in times]
    return times[0]


def rng(t: Time) -> tuple[str | None, str | None, str | None, str | None]:
    return t.value, t.earliest, t.latest, t.precision


# --- days relative to publication ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expr", "value"),
    [
        ("Moscow warned the US on Thursday.", "Thursday", "2017-09-21"),
        ("Prayers were held on Friday.", "Friday", "2017-09-22"),  # publication day itself
        ("A strike last Saturday injured six.", "last Saturday", "2017-09-16"),
        ("It happened yesterday.", "yesterday", "2017-09-21"),
        ("Prayers were cancelled today.", "today", "2017-09-22"),
        ("Shelling began late Monday.", "late Monday", "2017-09-18"),
        ("They crossed the river three days ago.", "three days ago", "2017-09-19"),
        ("Talks open next Monday.", "next Monday", "2017-09-25"),
        ("Forces entered the city on 16 September 2017.", "16 September 2017", "2017-09-16"),
        ("Forces entered the city on September 16.", "September 16", "2017-09-16"),
        ("Forces entered the city on Sept. 16, 2017.", "Sept. 16, 2017", "2017-09-16"),
        ("Forces entered the city on Sept 16th.", "Sept 16th", "2017-09-16"),
        ("Forces entered the city on 2017-09-16.", "2017-09-16", "2017-09-16"),
        ("Forces entered the city on 16/09/2017.", "16/09/2017", "2017-09-16"),
        (
            "Forces entered the city on Saturday, September 16.",
            "Saturday, September 16",
            "2017-09-16",
        ),
        ("Wed 05 Apr 2017 Syria attack", "Wed 05 Apr 2017", "2017-04-05"),
        ("Posted 2017-09-16T10:00:00Z by", "2017-09-16T10:00:00Z", "2017-09-16"),
    ],
)
def test_single_days(text, expr, value):
    t = one(text)
    assert t.text == expr
    assert rng(t) == (value, value, value, "day")
    assert t.timex == value
    assert text[t.span.start : t.span.end] == expr


def test_parts_of_day_are_times_on_that_day():
    t = one("Jets struck on Monday morning.")
    assert (t.text, t.value, t.timex) == ("Monday morning", "2017-09-18", "2017-09-18TMO")
    t = one("Clashes are expected tonight.")
    assert (t.value, t.timex) == ("2017-09-22", "2017-09-22TNI")
    t = one("Rockets fell overnight.")  # the night before publication: two days, no one day
    assert rng(t) == (None, "2017-09-21", "2017-09-22", "day")
    assert t.timex == "2017-09-22TNI"
    t = one("Rockets fell last night.")
    assert (t.value, t.timex) == ("2017-09-21", "2017-09-21TNI")


def test_clock_time_takes_the_adjacent_day():
    t = one("The match was moved to 15:00 GMT Saturday.")
    assert t.text == "15:00 GMT Saturday"
    assert t.timex.endswith("T15:00") and t.value is not None


# --- weeks, months, years ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expr", "timex", "earliest", "latest", "precision"),
    [
        ("Generals met this week.", "this week", "2017-W38", "2017-09-18", "2017-09-22", "week"),
        (
            "A zone was declared last week.",
            "last week",
            "2017-W37",
            "2017-09-11",
            "2017-09-17",
            "week",
        ),
        ("Talks resume next week.", "next week", "2017-W39", "2017-09-25", "2017-10-01", "week"),
        (
            "It was agreed earlier this month.",
            "earlier this month",
            "2017-09",
            "2017-09-01",
            "2017-09-22",
            "month",
        ),
        ("Prices rose this month.", "this month", "2017-09", "2017-09-01", "2017-09-22", "month"),
        ("Prices rose last month.", "last month", "2017-08", "2017-08-01", "2017-08-31", "month"),
        ("Prices rose last year.", "last year", "2016", "2016-01-01", "2016-12-31", "year"),
        ("Prices rose this year.", "this year", "2017", "2017-01-01", "2017-09-22", "year"),
        (
            "A sarin attack killed dozens in April.",
            "April",
            "2017-04",
            "2017-04-01",
            "2017-04-30",
            "month",
        ),
        # a month after the publication month, in the past tense: last year
        ("The town fell in November.", "November", "2016-11", "2016-11-01", "2016-11-30", "month"),
        (
            "The town fell in November 2015.",
            "November 2015",
            "2015-11",
            "2015-11-01",
            "2015-11-30",
            "month",
        ),
        (
            "The rebels entered the province at the start of September.",
            "the start of September",
            "2017-09",
            "2017-09-01",
            "2017-09-10",
            "month",
        ),
        (
            "Fighting resumed at the end of August.",
            "the end of August",
            "2017-08",
            "2017-08-21",
            "2017-08-31",
            "month",
        ),
        (
            "Fighting resumed in the middle of August.",
            "the middle of August",
            "2017-08",
            "2017-08-11",
            "2017-08-20",
            "month",
        ),
        (
            "The siege began in mid-March.",
            "mid-March",
            "2017-03",
            "2017-03-11",
            "2017-03-20",
            "month",
        ),
        ("The rebels overran Goma in 2012.", "2012", "2012", "2012-01-01", "2012-12-31", "year"),
        ("It was a war of the 1990s.", "1990s", "199", "1990-01-01", "1999-12-31", "decade"),
        ("Floods hit last summer.", "last summer", "2017-SU", "2017-06-01", "2017-08-31", "season"),
        (
            "Floods hit in spring 2015.",
            "spring 2015",
            "2015-SP",
            "2015-03-01",
            "2015-05-31",
            "season",
        ),
        (
            "Output fell in the second quarter.",
            "the second quarter",
            "2017-Q2",
            "2017-04-01",
            "2017-06-30",
            "quarter",
        ),
        ("Output fell in Q4 2016.", "Q4 2016", "2016-Q4", "2016-10-01", "2016-12-31", "quarter"),
        ("It happened a week ago.", "a week ago", "2017-W37", "2017-09-11", "2017-09-17", "week"),
        ("It happened two years ago.", "two years ago", "2015", "2015-01-01", "2015-12-31", "year"),
        (
            "Europe in the 20th century.",
            "20th century",
            "19",
            "1900-01-01",
            "1999-12-31",
            "century",
        ),
    ],
)
def test_ranges(text, expr, timex, earliest, latest, precision):
    t = one(text)
    assert t.text == expr
    assert t.value is None  # no single day
    assert (t.timex, t.earliest, t.latest, t.precision) == (timex, earliest, latest, precision)


def test_year_shared_by_a_range():
    times = find_times("The report covers 1 January to 30 June 2016.", PUB)
    assert [t.value for t in times] == ["2016-01-01", "2016-06-30"]
    times = find_times("Between March and May 2015, it rained.", PUB)
    assert [t.timex for t in times] == ["2015-03", "2015-05"]


def test_halves_and_parts_of_years():
    assert rng(one("in the first half of 2017")) == (None, "2017-01-01", "2017-06-30", "year")
    assert one("in the first half of 2017").timex == "2017-H1"
    assert rng(one("in early 2011")) == (None, "2011-01-01", "2011-04-30", "year")
    assert rng(one("by the end of the month")) == (None, "2017-09-21", "2017-09-30", "month")


def test_narrative_anchors_and_day_of_month():
    times = find_times(
        "Rebels attacked on 3 May 2015. The next morning they withdrew. That night, jets struck.",
        PUB,
    )
    assert [(t.text, t.value, t.timex) for t in times[1:]] == [
        ("The next morning", "2015-05-04", "2015-05-04TMO"),
        ("That night", "2015-05-04", "2015-05-04TNI"),
    ]
    assert one("The vote was held on the 16th.").value == "2017-09-16"
    assert one("A decade ago the war began.").timex == "2007"


def test_no_crash_on_odd_combinations():
    for text in [
        "the past weekend",
        "the past quarter",
        "the next eighty centuries",
        "the next morning",
    ]:
        for pub in (PUB, date(2016, 2, 29), None):
            for t in find_times(text, pub):
                assert t.text and (t.earliest is None or t.earliest <= t.latest)


def test_day_range():
    t = one("Talks were held on 16-18 September 2017.")
    assert rng(t) == (None, "2017-09-16", "2017-09-18", "day")


# --- durations -----------------------------------------------------------------------------


def test_durations():
    t = one("The siege lasted for three days.")
    assert (t.text, t.timex, t.value, t.earliest) == ("three days", "P3D", None, None)
    t = one("Fighting has raged for the past five years.")
    assert t.text == "the past five years" and t.timex == "P5Y"
    assert rng(t) == (None, "2012-09-22", "2017-09-22", "year")
    assert one("a 78-month conflict").timex == "P78M"
    assert one("It took several weeks.").timex == "PXW"
    assert one("It took 36 hours.").timex == "PT36H"
    assert one("Clashes over the past week.").timex == "P1W"


def test_ages_are_not_durations():
    assert find_times("A 45-year-old man and children aged 6 months were hurt.", PUB) == []


def test_references_and_sets():
    assert one("Idlib is now surrounded.").timex == "PRESENT_REF"
    t = one("Convoys arrive every week.")
    assert (t.timex, t.value) == ("P1W", None)


# --- tense: weekday and month readings ------------------------------------------------------


def test_future_weekday_without_parse():
    assert one("The envoys will meet on Monday.").value == "2017-09-25"
    assert one("The envoys met on Monday.").value == "2017-09-18"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The envoys will meet on Monday.", "2017-09-25"),
        ("The vote is due on Monday.", "2017-09-25"),
        ("The envoys are meeting on Monday.", "2017-09-25"),
        ("The envoys met on Monday.", "2017-09-18"),
        ("Officials said on Monday that they will withdraw.", "2017-09-18"),
        ("The match has been postponed until Monday.", "2017-09-25"),
    ],
)
def test_future_weekday_with_parse(nlp, text, value):
    assert one(text, spacy_doc=nlp(text)).value == value


def test_past_tense_period_cannot_lie_ahead(nlp):
    pub = date(2013, 3, 22)
    text = "The flu season peaked by the end of the year."
    assert one(text, pub, spacy_doc=nlp(text)).timex == "2012"
    text = "The talks will end by the end of the year."
    assert one(text, pub, spacy_doc=nlp(text)).timex == "2013"


def test_future_month(nlp):
    text = "Elections will be held in March."  # before the publication month, future: next year
    assert one(text, spacy_doc=nlp(text)).timex == "2018-03"
    text = "Elections were held in March."
    assert one(text, spacy_doc=nlp(text)).timex == "2017-03"
    text = "The programme will run through November."
    assert one(text, spacy_doc=nlp(text)).timex == "2017-11"


# --- no publication date, impossible dates, false friends -----------------------------------


def test_without_publication_date_relative_stays_unresolved():
    times = find_times("On Thursday, last week and in April; on 16 September 2017.", None)
    assert [t.text for t in times] == ["Thursday", "last week", "April", "16 September 2017"]
    for t in times[:3]:
        assert (t.value, t.earliest, t.latest) == (None, None, None)
    assert times[3].value == "2017-09-16"  # absolute dates still resolve
    assert times[0].timex == "XXXX-WXX-4" and times[2].timex == "XXXX-04"


@pytest.mark.parametrize(
    "text", ["31 February 2017", "February 30, 2017", "2017-13-01", "45/13/2017"]
)
def test_impossible_dates_kept_unresolved(text):
    t = one(f"The report is dated {text}.")
    assert t.text == text
    assert (t.value, t.earliest, t.latest, t.timex) == (None, None, None, None)


def test_ambiguous_numeric_date_is_not_guessed():
    t = one("The order of 03/04/2017 was revoked.")
    assert t.value is None


def test_false_friends():
    assert find_times("Theresa May said the march would go ahead.", PUB) == []
    assert find_times("The fall of Aleppo shocked the world.", PUB) == []
    assert find_times("Jan Egeland said 1,500 families fled.", PUB) == []
    assert [t.text for t in find_times("Resolution 1701 was adopted in 2006.", PUB)] == ["2006"]
    assert find_times("About 2000 troops and the Daily Sabah.", PUB) == []
    assert find_times("The Six Day War was a turning point.", PUB) == []
    assert [t.text for t in find_times("Friday prayers were cancelled today.", PUB)] == ["today"]


def test_spacy_vetoes_quantities(nlp):
    text = "About 2000 soldiers and 1500 civilians were evacuated."
    assert find_times(text, PUB, spacy_doc=nlp(text)) == []


# --- anchored expressions --------------------------------------------------------------------


def test_later_resolves_against_previous_time():
    times = find_times("Rebels attacked on Tuesday. Two days later they withdrew.", PUB)
    assert times[1].text == "Two days later"
    assert times[1].value == "2017-09-21"
    times = find_times("Rebels attacked on 3 May 2015. The next day they withdrew.", PUB)
    assert times[1].value == "2015-05-04"


def test_anchor_finer_than_its_reference_stays_unresolved():
    times = find_times("In 2014 the war began. Two days later it ended.", PUB)
    assert times[1].value is None and times[1].earliest is None
    times = find_times("In 2014 the war began. Two years later it ended.", PUB)
    assert times[1].timex == "2016"


def test_after_a_time_expression_resolves_directly():
    times = find_times("Two weeks after September 3, fighting resumed.", PUB)
    assert times[0].text == "Two weeks" and times[0].value == "2017-09-17"


def test_after_an_event_is_left_to_the_events_stage():
    text = "Two days after the claimed Russian airstrike, the forces crossed."
    m = find_mentions(text, PUB)[0]
    assert m.text == "Two days" and m.timex == "P2D" and m.value is None
    assert m.anchor.relation == "after" and m.anchor.offset == "P2D"
    assert m.anchor.target.text == "the claimed Russian airstrike"
    # the events stage knows the strike was last Saturday
    t = resolve_anchor(
        m, Time(value="2017-09-16", earliest="2017-09-16", latest="2017-09-16", precision="day")
    )
    assert (t.value, t.text, t.timex) == ("2017-09-18", "Two days", "2017-09-18")
    assert resolve_anchor(m, date(2017, 9, 16)).value == "2017-09-18"
    before = resolve_anchor(m.to_time(), date(2017, 9, 16), relation="before")
    assert before.value == "2017-09-14"
    # a plain Time that is not a duration cannot be anchored: returned unchanged
    plain = Time(text="Monday", value="2017-09-18", timex="2017-09-18")
    assert resolve_anchor(plain, date(2017, 9, 16)) == plain


# --- the stage and the worked example ----------------------------------------------------------


def test_stage_protocol():
    tagger = TimeTagger()
    assert isinstance(tagger, Stage)
    assert (tagger.name, tagger.requires, tagger.assigns) == ("timex", ("spacy",), ("times",))


def test_worked_example(nlp):
    text = EXAMPLE.read_text(encoding="utf-8")
    doc = Document.from_text(text, published="2017-09-22")
    doc.spacy = nlp(text)
    doc = TimeTagger()(doc)
    assert [t.span.start for t in doc.times] == sorted(t.span.start for t in doc.times)
    assert len(doc.extra["timex.mentions"]) == len(doc.times)
    by_text: dict[str, list[Time]] = {}
    for t in doc.times:
        assert text[t.span.start : t.span.end] == t.text
        by_text.setdefault(t.text, []).append(t)
    assert {t.value for t in by_text["Thursday"]} == {"2017-09-21"}
    assert by_text["last Saturday"][0].value == "2017-09-16"
    start = by_text["the start of September"][0]
    assert start.earliest == "2017-09-01" and start.latest <= "2017-09-10"
    assert rng(by_text["this week"][0]) == (None, "2017-09-18", "2017-09-22", "week")
    assert {t.value for t in by_text["Tuesday"]} == {"2017-09-19"}
    assert by_text["April"][0].timex == "2017-04"
    assert rng(by_text["last week"][0]) == (None, "2017-09-11", "2017-09-17", "week")
    assert by_text["today"][0].value == "2017-09-22"
    # "Two days after the claimed Russian airstrike" -> anchored, resolved with the strike
    two = next(m for m in doc.extra["timex.mentions"] if m.text == "Two days")
    assert two.anchor.target.text == "the claimed Russian airstrike"
    assert resolve_anchor(two, by_text["last Saturday"][0]).value == "2017-09-18"
    assert "Friday" not in by_text  # "Friday prayers" is a custom, not a date
    streak = by_text["the fourth straight day"][
        0
    ]  # "For the fourth straight day, ... have pounded"
    assert rng(streak) == (None, "2017-09-19", "2017-09-22", "day")
    # nothing silently falls back to the publication date
    assert all(t.value != "2017-09-22" for t in doc.times if t.text not in ("today", "Friday"))


@pytest.mark.parametrize(
    "text,pub,expr,earliest,latest",
    [
        ("The attack happened in May last year.", date(2024, 11, 4), "May last year",
         "2023-05-01", "2023-05-31"),
        ("The offensive began in March of last year.", date(2024, 11, 4), "March of last year",
         "2023-03-01", "2023-03-31"),
        ("Elections are due in June next year.", date(2024, 11, 4), "June next year",
         "2025-06-01", "2025-06-30"),
        # a Monday: the weekend just gone; a Saturday: this one, up to today
        ("Fighting intensified over the weekend.", date(2024, 11, 4), "the weekend",
         "2024-11-02", "2024-11-03"),
        ("Fighting intensified over the weekend.", date(2024, 11, 9), "the weekend",
         "2024-11-09", "2024-11-09"),
        ("The rebels will attack the town at the weekend.", date(2024, 11, 6), "the weekend",
         "2024-11-09", "2024-11-10"),
    ],
)  # fmt: skip
def test_months_of_a_relative_year_and_the_weekend(text, pub, expr, earliest, latest):
    (t,) = find_times(text, pub)
    assert (t.text, t.value, t.earliest, t.latest) == (expr, None, earliest, latest)
