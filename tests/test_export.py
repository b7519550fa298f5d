"""`sitroom export`'s files: ACLED-named CSV columns with the intended dtypes in pandas and
polars, RFC 7946 GeoJSON that shapely parses, articles.jsonl in the contract."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from test_store import corpus, record, run_ingest

from sitroom.export import (
    ACLED_COLUMNS,
    EVENT_COLUMNS,
    export,
    geo_precision,
    inter_code,
    interaction,
    time_precision,
)
from sitroom.model import Actor, ArticleRecord, Event, Place, Time
from sitroom.store import Store, queries


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("export")
    db, out = base / "s.duckdb", base / "out"
    items = [*corpus(4), record("bg", outlet="SANA", place="Idlib", day=None, killed=None,
                                background=True)]  # fmt: skip
    no_place = record("nowhere", outlet="SANA")
    rec = no_place[0].model_copy(deep=True)
    rec.events[0].location = None
    items.append((rec, no_place[1]))
    mp = pytest.MonkeyPatch()
    with Store.open(db) as store:
        run_ingest(store, items, mp)
    mp.undo()
    with Store.open(db, read_only=True) as store:
        stats = export(store, out)
    assert (stats.events, stats.no_location, stats.articles) == (6, 1, 6)
    return db, out


def test_events_csv_has_acled_columns_then_sitroom_columns(exported):
    _, out = exported
    with (out / "events.csv").open(encoding="utf-8") as f:
        header = next(csv.reader(f))
    assert header == EVENT_COLUMNS
    assert header[: len(ACLED_COLUMNS)] == ACLED_COLUMNS
    for col in (
        "event_date",
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "country",
        "admin1",
        "location",
        "latitude",
        "longitude",
        "source",
        "notes",
        "fatalities",
    ):
        assert col in header  # fmt: skip


def test_events_csv_loads_in_pandas_with_intended_dtypes(exported):
    pd = pytest.importorskip("pandas")
    _, out = exported
    df = pd.read_csv(
        out / "events.csv", parse_dates=["event_date"], date_format="%Y-%m-%d",
        dtype={"fatalities": "Int64", "inter1": "Int64", "inter2": "Int64",
               "interaction": "Int64", "time_precision": "Int64", "geo_precision": "Int64",
               "iso": "Int64", "year": "Int64", "event_id_cnty": "string"},
    )  # fmt: skip
    assert len(df) == 6
    assert str(df["event_date"].dtype).startswith("datetime64")
    assert df["latitude"].dtype == "float64" and df["longitude"].dtype == "float64"
    assert df["fatalities"].isna().sum() == 1  # the background event gives no figure
    first = df[df["event_id_cnty"] == "a000:e1"].iloc[0]
    assert first["event_date"] == pd.Timestamp("2021-01-10") and first["year"] == 2021
    assert (first["country"], first["iso3"], first["iso"]) == (
        "Democratic Republic of the Congo",
        "COD",
        180,
    )
    assert (first["actor1"], first["inter1"], first["actor2"], first["inter2"]) == (
        "M23",
        2,
        "FARDC",
        1,
    )
    assert (
        first["interaction"] == 12 and first["time_precision"] == 1 and first["geo_precision"] == 1
    )
    assert first["source"] == "AFP" and first["notes"].startswith("M23 rebels attacked")
    assert first["plover_type"] == "ASSAULT" and isinstance(first["incident_id"], str)
    contested = df[df["status"] == "contested"]
    assert set(contested["denied_by"]) == {"M23"} and set(contested["asserted_by"]) == {"FARDC"}


def test_events_csv_loads_in_polars(exported):
    pl = pytest.importorskip("polars")
    _, out = exported
    df = pl.read_csv(out / "events.csv", try_parse_dates=True,
                     schema_overrides={"fatalities": pl.Int64, "iso": pl.Int64})  # fmt: skip
    assert df.schema["event_date"] == pl.Date
    assert df.schema["latitude"] == pl.Float64
    assert df.schema["fatalities"] == pl.Int64
    assert df["fatalities"].null_count() == 1


def test_geojson_is_rfc7946_and_parses_with_shapely(exported):
    shapely_geometry = pytest.importorskip("shapely.geometry")
    _, out = exported
    data = json.loads((out / "events.geojson").read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and "crs" not in data
    assert len(data["features"]) == 5  # the event without a location is left out
    for feat in data["features"]:
        assert feat["type"] == "Feature" and set(feat) >= {"geometry", "properties"}
        lon, lat = feat["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        point = shapely_geometry.shape(feat["geometry"])
        assert point.geom_type == "Point" and point.is_valid
        props = feat["properties"]
        assert (point.x, point.y) == (props["longitude"], props["latitude"])  # [lon, lat]
        assert set(props) == set(EVENT_COLUMNS)
    tshanzu = next(f for f in data["features"] if f["properties"]["location"] == "Tshanzu")
    assert tshanzu["geometry"]["coordinates"] == [29.61, -1.21]


def test_incidents_csv_and_articles_jsonl(exported):
    db, out = exported
    with (out / "incidents.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 3  # two pairs, and the lone event without a place
    pair = next(r for r in rows if r["n_members"] == "2")
    assert pair["status"] == "contested" and pair["outlets"] == "AFP; Reuters"
    assert pair["members"] == "a000:e1; a001:e1" and pair["denied_by"] == "M23"
    recs = [ArticleRecord.model_validate_json(line)
            for line in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()]  # fmt: skip
    assert len(recs) == 6 and recs[0].to_json_dict()["schema"] == "sitroom/article@1"
    with Store.open(db, read_only=True) as store:
        assert queries.article(store, recs[0].article.id).record == recs[0]


def test_filtered_export_keeps_only_matching_rows(exported, tmp_path: Path):
    db, _ = exported
    with Store.open(db, read_only=True) as store:
        stats = export(store, tmp_path, queries.Filters(country="SY"))
    assert (stats.events, stats.articles) == (3, 3)
    with (tmp_path / "events.csv").open(encoding="utf-8") as f:
        assert {r["iso3"] for r in csv.DictReader(f)} == {"SYR"}


# ---------------------------------------------------------------------- codings -----------


def _ev(**kw) -> Event:
    return Event(id="e1", type=kw.pop("type", "ASSAULT"), **kw)


@pytest.mark.parametrize(
    ("sector", "country", "code"),
    [("MIL", "SYR", 1), ("COP", "NGA", 1), ("REB", None, 2), ("PRM", "IRQ", 3),
     ("CVL", "SYR", 7), ("MED", None, 7), (None, "UNO", 8), ("GOV", "IGO", 8), ("XXX", None, None)],
)  # fmt: skip
def test_inter_codes_from_plover_sectors(sector, country, code):
    actor = Actor(text="x", name="x", sector=sector, country=country)
    assert inter_code(actor, _ev(), initiator=False) == code


def test_protesters_and_rioters_and_interaction():
    crowd = Actor(text="protesters", name="protesters", sector="CVL")
    assert inter_code(crowd, _ev(type="PROTEST", mode="demo"), initiator=True) == 6
    assert inter_code(crowd, _ev(type="PROTEST", mode="riot"), initiator=True) == 5
    assert (
        interaction(2, 1) == 12 and interaction(1, None) == 10 and interaction(None, None) is None
    )


def test_time_and_geo_precision():
    assert time_precision(Time(value="2021-01-10", precision="day")) == 1
    assert time_precision(Time(earliest="2021-01-04", latest="2021-01-10", precision="week")) == 2
    assert time_precision(Time(earliest="2021-01-01", latest="2021-01-31", precision="month")) == 3
    assert time_precision(Time(earliest="2021-01-01", latest="2021-01-20")) == 2
    assert time_precision(Time(earliest="2021-01-01", latest="2021-12-31", precision="year")) == 3
    assert time_precision(Time(text="recently")) is None
    town = dict(text="x", name="x", lat=0, lon=0)
    assert geo_precision(Place(**town, feature="city")) == 1
    assert geo_precision(Place(**town, feature="city", precision="near")) == 2
    assert geo_precision(Place(**town, feature="admin2")) == 2
    assert geo_precision(Place(**town, feature="admin1")) == 3
    assert geo_precision(Place(**town, feature="country")) == 3
