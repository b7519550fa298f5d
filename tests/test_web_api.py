"""The web app in-process (FastAPI TestClient) on the small sample store.

The sample (``sitroom.web.sample``) has two incidents told by two outlets each (Aleppo,
contested: SOHR asserts, Russia denies; Goma, claimed), a Kabul protest in no incident and
an article whose text, title, outlet and extracted strings are injection attempts.
"""

from __future__ import annotations

import atexit
import csv
import io
import json
import re
import tempfile
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

import schemathesis  # noqa: E402
import typer  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from sitroom.web.app import create_app  # noqa: E402
from sitroom.web.pages import marks_of, segments  # noqa: E402
from sitroom.web.sample import XSS_ATTR, XSS_SCRIPT, build_sample_store, sample_records  # noqa: E402

ERROR_KEYS = {"code", "message", "status"}


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build_sample_store(tmp_path_factory.mktemp("web") / "web.duckdb")


@pytest.fixture(scope="module")
def app(db: Path):
    return create_app(db)


@pytest.fixture(scope="module")
def client(app):
    with TestClient(app) as c:
        yield c


def assert_error(r, status: int, code: str | None = None) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"error"}
    assert ERROR_KEYS <= set(body["error"])
    assert body["error"]["status"] == status
    if code:
        assert body["error"]["code"] == code
    return body["error"]


# ---------------------------------------------------------------------- lists -------------


def test_events_page_and_total(client):
    r = client.get("/api/events", params={"limit": 2, "offset": 1})
    body = r.json()
    assert r.status_code == 200
    assert body["total"] == 6 and body["limit"] == 2 and body["offset"] == 1
    assert len(body["items"]) == 2
    first = client.get("/api/events", params={"limit": 100}).json()["items"]
    assert [i["article_id"] for i in first[1:3]] == [i["article_id"] for i in body["items"]]
    # date order: Mosul 2017-06, Aleppo 2017-09 x2, Kabul 2021-09, Goma 2021-11 x2
    assert [i["event"]["location"]["name"] for i in first] == [
        "Mosul", "Aleppo", "Aleppo", "Kabul", "Goma", "Goma"]  # fmt: skip


@pytest.mark.parametrize(
    ("params", "ids"),
    [
        ({"country": "SY"}, {"aleppo-reuters", "aleppo-afp"}),
        ({"country": "syr"}, {"aleppo-reuters", "aleppo-afp"}),
        ({"status": "contested"}, {"aleppo-reuters", "aleppo-afp", "xss-1"}),
        ({"actor": "SOHR"}, {"aleppo-reuters", "aleppo-afp"}),
        ({"actor": "m23"}, {"goma-ap", "goma-reuters"}),
        ({"type": "protest"}, {"kabul-1"}),
        ({"acled": "Battles"}, {"goma-ap", "goma-reuters", "xss-1"}),
        ({"outlet": "reuters"}, {"aleppo-reuters", "goma-reuters"}),
        ({"q": "MARKET"}, {"aleppo-reuters", "aleppo-afp"}),
        ({"since": "2021-01-01"}, {"kabul-1", "goma-ap", "goma-reuters"}),
        ({"since": "2017-09-20", "until": "2017-09-20"}, {"aleppo-reuters", "aleppo-afp"}),
        ({"unlinked": "true"}, {"kabul-1", "xss-1"}),
        ({"country": "FR"}, set()),
    ],
)
def test_event_filters(client, params, ids):
    body = client.get("/api/events", params=params).json()
    assert {i["article_id"] for i in body["items"]} == ids
    assert body["total"] == len(ids)


def test_incident_filters(client):
    def ids(**p):
        body = client.get("/api/incidents", params=p).json()
        assert body["total"] == len(body["items"]) + body["offset"]
        return [i["id"] for i in body["items"]]

    assert ids() == ["i1", "i2"]
    assert ids(status="contested") == ["i1"]
    assert ids(country="CD") == ["i2"]
    assert ids(actor="Russia") == ["i1"]
    assert ids(outlet="AP") == ["i2"]
    assert ids(q="spokesman") == ["i2"]
    assert ids(acled="Battles") == ["i2"]
    assert ids(until="2018-01-01") == ["i1"]
    assert ids(limit=1, offset=1) == ["i2"]


def test_incident_detail_has_each_source_and_the_claims_both_ways(client):
    d = client.get("/api/incidents/i1").json()
    inc = d["incident"]
    assert inc["status"] == "contested"
    assert inc["fatalities"]["by_source"] == {"Reuters": 12, "AFP": 15}
    assert [a["name"] for a in inc["asserted_by"]] == ["SOHR"]
    assert [a["name"] for a in inc["denied_by"]] == ["Russia"]
    assert {m["article"]["outlet"] for m in d["members"]} == {"Reuters", "AFP"}
    for m in d["members"]:
        stances = {c["stance"]: c for c in m["claims"]}
        assert stances["assert"]["speaker"]["name"] == "SOHR"
        assert stances["deny"]["content"]["text"] == "that its aircraft had flown over the city"
        assert m["event"]["fatalities"] == stances["assert"]["fatalities"]


def test_article_and_event_detail(client):
    a = client.get("/api/articles/aleppo-afp").json()
    text = a["text"]
    for e in a["record"]["events"]:
        for s in e["evidence"]:
            assert text[s["start"] : s["end"]] == s["text"]
    e = client.get("/api/articles/aleppo-afp/events/e1").json()
    assert e["incident_id"] == "i1" and e["outlet"] == "AFP" and len(e["claims"]) == 2


def test_actors_and_facets(client):
    body = client.get("/api/actors").json()
    names = {a["name"]: a for a in body["items"]}
    assert names["SOHR"]["asserted_by"] == 2 and names["Russia"]["denied_by"] == 2
    assert body["total"] == len(body["items"])
    assert client.get("/api/actors", params={"limit": 1}).json()["total"] == body["total"]
    f = client.get("/api/facets").json()
    assert set(f["countries"]) == {"SY", "CD", "AF", "IQ"}
    assert f["dates"] == ["2017-06-04", "2021-11-08"]


def test_map_points_are_incidents_and_unlinked_events(client):
    pts = client.get("/api/map").json()["points"]
    assert sorted((p["kind"], p["id"]) for p in pts) == [
        ("event", "kabul-1:e1"), ("event", "xss-1:e1"), ("incident", "i1"), ("incident", "i2")]  # fmt: skip
    i1 = next(p for p in pts if p["id"] == "i1")
    assert i1["fatalities"] == 15 and i1["status"] == "contested" and i1["n"] == 2
    sy = client.get("/api/map", params={"country": "SY"}).json()["points"]
    assert [p["id"] for p in sy] == ["i1"]


# ---------------------------------------------------------------------- exports -----------


def test_exports(client):
    r = client.get("/api/export/events.csv", params={"country": "SY"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert {row["event_id_cnty"] for row in rows} == {"aleppo-reuters:e1", "aleppo-afp:e1"}
    assert {row["fatalities"] for row in rows} == {"12", "15"}
    g = client.get("/api/export/events.geojson").json()
    assert g["type"] == "FeatureCollection" and len(g["features"]) == 6
    assert g["features"][0]["geometry"]["type"] == "Point"


# ---------------------------------------------------------------------- errors ------------


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/events?since=2017-13-45", 422),
        ("/api/events?until=yesterday", 422),
        ("/api/events?limit=-1", 422),
        ("/api/events?limit=0", 422),
        ("/api/events?limit=abc", 422),
        ("/api/events?limit=100000", 422),
        ("/api/events?offset=-5", 422),
        ("/api/events?country=S1", 422),
        ("/api/events?status=rumoured", 422),
        ("/api/incidents?since=2017-02-30", 422),
        ("/api/map?limit=0", 422),
        ("/api/events?type=BOMBING", 400),
        ("/api/incidents?since=2020-01-02&until=2020-01-01", 400),
        ("/api/incidents/nope", 404),
        ("/api/articles/nope", 404),
        ("/api/articles/aleppo-afp/events/e9", 404),
        ("/api/nothing-here", 404),
    ],
)
def test_malformed_or_missing_is_a_json_error(client, url, status):
    assert_error(client.get(url), status)


def test_wrong_method_is_a_json_error(client):
    assert_error(client.post("/api/events"), 405)


def test_internal_errors_keep_the_shape(db: Path):
    app = create_app(db)

    @app.get("/api/boom")
    def boom():
        raise RuntimeError("secret detail")

    with TestClient(app, raise_server_exceptions=False) as c:
        err = assert_error(c.get("/api/boom"), 500, "internal_error")
    assert "secret" not in err["message"]


def test_openapi_spec_lists_the_api(client):
    spec = client.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    for path in ("/api/events", "/api/incidents", "/api/incidents/{incident_id}",
                 "/api/articles/{article_id}", "/api/actors", "/api/export/events.csv"):  # fmt: skip
        assert path in spec["paths"]
    params = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"since", "until", "country", "actor", "type", "status", "outlet", "q", "limit",
            "offset", "acled"} <= params  # fmt: skip


# ---------------------------------------------------------------------- pages & safety ----


def test_security_headers_everywhere(client):
    for url in ("/", "/api/events", "/api/incidents/nope", "/articles/xss-1", "/static/app.js"):
        h = client.get(url).headers
        assert "script-src 'self'" in h["content-security-policy"]
        assert "unsafe-inline" not in h["content-security-policy"]
        assert h["x-content-type-options"] == "nosniff"


def test_pages_render(client):
    r = client.get("/")
    assert r.status_code == 200 and 'id="map"' in r.text
    assert "<script>" not in r.text  # no inline scripts: all from /static
    inc = client.get("/incidents/i1").text
    assert "SOHR" in inc and "that its aircraft had flown over the city" in inc
    assert 'href="/articles/aleppo-afp#e1"' in inc
    assert client.get("/incidents/nope").status_code == 404
    assert client.get("/articles/nope").status_code == 404
    for f in ("vendor/leaflet/leaflet.js", "vendor/world-atlas/countries-50m.json",
              "vendor/topojson-client/topojson-client.min.js", "app.js", "style.css"):  # fmt: skip
        assert client.get(f"/static/{f}").status_code == 200, f


@pytest.mark.parametrize("url", ["/articles/xss-1", "/incidents/i1", "/"])
def test_untrusted_strings_are_escaped_in_html(client, url):
    html = client.get(url).text
    assert XSS_SCRIPT not in html
    assert 'onmouseover="alert' not in html
    assert "<img" not in html


def test_article_page_escapes_and_highlights(client):
    html = client.get("/articles/xss-1").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&#34; onmouseover=&#34;alert(1)" in html

    def classes(word: str) -> set[str]:
        m = re.search(r'class="hl ([^"]*)"[^>]*>' + re.escape(word) + "<", html)
        assert m, word
        return set(m.group(1).split())

    assert {"hl-evidence", "hl-trigger"} <= classes("attacked")
    assert {"hl-cue"} <= classes("said") and {"hl-cue", "hl-claim"} <= classes("denied")
    assert "hl-place" in classes("Mosul") and "hl-time" in classes("Sunday")
    assert "hl-actor" in classes("police")


def test_segments_cover_the_text_exactly():
    for rec, text in sample_records():
        marks, bad = marks_of(rec, text)
        assert bad == 0 and marks
        segs = segments(text, marks)
        assert "".join(s.text for s in segs) == text
    rec, text = sample_records()[0]
    broken = rec.model_copy(deep=True)
    broken.events[0].evidence[0].start += 1  # no longer matches: left out, counted
    assert marks_of(broken, text)[1] == 1


def test_json_api_returns_untrusted_strings_verbatim(client):
    a = client.get("/api/articles/xss-1").json()
    assert XSS_SCRIPT in a["text"] and a["record"]["article"]["outlet"] == f"Evil{XSS_ATTR}"


# ---------------------------------------------------------------------- CLI ---------------


def test_serve_without_a_store_says_how_to_make_one(tmp_path: Path):
    from sitroom.cli_serve import register

    app = typer.Typer()
    register(app)
    app.command("noop")(lambda: None)  # a second command keeps `serve` a subcommand
    missing = tmp_path / "none.duckdb"
    r = CliRunner().invoke(app, ["serve", "--db", str(missing)])
    assert r.exit_code == 2
    out = r.output + (r.stderr if r.stderr_bytes else "")
    assert "sitroom ingest" in out and str(missing) in out


# ---------------------------------------------------------------------- schemathesis ------


# schemathesis parametrizes at import time, so this app gets its own store in a temp dir
_FUZZ_DIR = tempfile.TemporaryDirectory(prefix="sitroom-web-fuzz-")
atexit.register(_FUZZ_DIR.cleanup)
_FUZZ_APP = create_app(build_sample_store(Path(_FUZZ_DIR.name) / "fuzz.duckdb"))
fuzz = schemathesis.openapi.from_asgi("/api/openapi.json", _FUZZ_APP)
fuzz.config.generation.update(
    modes=[schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE],
    max_examples=25,
)


@fuzz.parametrize()
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.function_scoped_fixture])  # fmt: skip
def test_api_fuzz_never_500_and_errors_keep_the_shape(case):
    response = case.call()
    assert response.status_code < 500, (case.path, case.query, response.text[:300])
    if response.status_code >= 400:
        body = json.loads(response.text)
        assert set(body) == {"error"} and ERROR_KEYS <= set(body["error"]), body
        assert body["error"]["status"] == response.status_code
    else:
        case.validate_response(
            response,
            checks=[schemathesis.checks.not_a_server_error,
                    schemathesis.checks.response_schema_conformance],  # fmt: skip
        )


def test_an_empty_store_is_served_with_a_notice(tmp_path: Path):
    from sitroom.store.db import Store

    path = tmp_path / "empty.duckdb"
    Store.open(path).close()
    with TestClient(create_app(path)) as c:
        page = c.get("/")
        assert page.status_code == 200 and 'id="empty-store"' in page.text
        assert "sitroom ingest" in page.text
        assert c.get("/api/events").json() == {"total": 0, "limit": 100, "offset": 0, "items": []}
        assert c.get("/api/incidents").json()["total"] == 0
        assert c.get("/api/map").json() == {"points": [], "truncated": False}
        assert c.get("/api/facets").json()["dates"] == [None, None]
        assert c.get("/api/actors").json()["items"] == []
