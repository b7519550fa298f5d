"""End-to-end tests of `sitroom extract` and `sitroom schema`, run in-process."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from sitroom.cli import app
from sitroom.model import ArticleRecord
from sitroom.schema import SCHEMAS, check_schemas, render_schema

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "eaworldview-2017-09-22-syria-daily.txt"
runner = CliRunner()


def run(*args: str, input: str | bytes | None = None):
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


def test_extract_one_article_prints_one_valid_contract_object():
    res = run("extract", str(EXAMPLE), "--published", "2017-09-22", "--quiet")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    rec = ArticleRecord.model_validate(data)
    assert data["schema"] == "sitroom/article@1"
    assert rec.article.published == "2017-09-22"
    assert rec.article.title.startswith("Russian Defense Ministry")
    jsonschema.validate(data, json.loads(render_schema(ArticleRecord)))
    text = EXAMPLE.read_text(encoding="utf-8")
    for p in rec.places:  # offsets are into the text exactly as read
        assert text[p.span.start : p.span.end] == p.span.text == p.text


def test_extract_folder_jsonl_keeps_ids_and_reports_bad_input(tmp_path: Path):
    (tmp_path / "a.jsonl").write_text(
        json.dumps({"id": "art-1", "text": "Gunmen killed 12 villagers in Zamfara state on Monday.",
                    "published": "2021-02-03", "outlet": "Premium Times"}) + "\n"
        + "{not json\n"
        + json.dumps({"id": 7, "text": "Police arrested 40 protesters in Khartoum on Sunday.",
                      "published": "2022-01-18"}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    res = run("extract", str(tmp_path), "--format", "jsonl", "--quiet")
    assert res.exit_code == 1  # something was skipped
    recs = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["article"]["id"] for r in recs] == ["art-1", "7"]
    assert recs[0]["article"]["outlet"] == "Premium Times"
    assert recs[0]["events"][0]["fatalities"] == 12
    assert "a.jsonl:2: E106" in res.stderr
    assert "empty.txt: E101" in res.stderr
    assert "Traceback" not in res.stderr


def test_extract_stdin_text():
    res = run("extract", "-", "--published", "2022-05-10", "--quiet",
              input="Five civilians were killed by Russian shelling in Kharkiv on Monday.")  # fmt: skip
    assert res.exit_code == 0, res.stderr
    rec = json.loads(res.stdout)
    assert rec["events"][0]["date"]["value"] == "2022-05-09"


def test_extract_several_articles_as_json_is_an_array(tmp_path: Path):
    for i, t in enumerate(["Gunmen killed 3 people in Kaduna.", "Troops clashed with rebels."]):
        (tmp_path / f"{i}.txt").write_text(t, encoding="utf-8")
    res = run("extract", str(tmp_path), "--quiet")
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    assert isinstance(data, list) and len(data) == 2


@pytest.mark.parametrize("bad", ["2017-02-30", "22/09/2017", "yesterday", "20170922"])
def test_impossible_published_is_a_usage_error(bad: str):
    res = run("extract", str(EXAMPLE), "--published", bad)
    assert res.exit_code == 2
    assert "E201" in res.stderr and bad in res.stderr
    assert res.stdout == ""


def test_missing_path_is_a_usage_error(tmp_path: Path):
    res = run("extract", str(tmp_path / "nope.txt"))
    assert res.exit_code == 2 and "E202" in res.stderr


def test_table_format_shows_events_places_dates():
    res = run("extract", str(EXAMPLE), "--published", "2017-09-22", "--format", "table", "-q")
    assert res.exit_code == 0
    for word in ("Events", "Claims", "Places", "Dates", "contested", "Deir ez-Zor", "2017-09-16"):
        assert word in res.stdout


def test_output_file(tmp_path: Path):
    out = tmp_path / "out.json"
    res = run("extract", str(EXAMPLE), "--published", "2017-09-22", "-q", "-o", str(out))
    assert res.exit_code == 0 and res.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["article"]["published"] == "2017-09-22"


def test_schema_files_match_the_models():
    assert check_schemas(ROOT / "docs" / "schema") == [], "run: sitroom schema"
    assert set(SCHEMAS) == {p.name for p in (ROOT / "docs" / "schema").glob("*.json")}


def test_schema_check_command_detects_drift(tmp_path: Path):
    res = run("schema", "--out", str(tmp_path))
    assert res.exit_code == 0
    assert run("schema", "--out", str(tmp_path), "--check").exit_code == 0
    (tmp_path / "article.schema.json").write_text("{}", encoding="utf-8")
    assert run("schema", "--out", str(tmp_path), "--check").exit_code == 1


def test_gazetteer_lookup_and_path_commands():
    res = run("gazetteer", "lookup", "Dayr az Zawr")
    assert res.exit_code == 0
    assert "SY" in res.stdout.splitlines()[0]
    res = run("gazetteer", "path")
    assert res.exit_code == 0 and res.stdout.strip().endswith(".pkl")


def test_first_use_notice_only_when_the_gazetteer_is_missing(tmp_path: Path, monkeypatch):
    import io

    from rich.console import Console

    from sitroom.cli import notice_first_use

    buf = io.StringIO()
    monkeypatch.setattr("sitroom.gazetteer.index_path", lambda: tmp_path / "missing.pkl")
    notice_first_use(Console(file=buf, width=200))
    assert "building the gazetteer index once" in buf.getvalue()
    buf = io.StringIO()
    (tmp_path / "there.pkl").write_bytes(b"x")
    monkeypatch.setattr("sitroom.gazetteer.index_path", lambda: tmp_path / "there.pkl")
    notice_first_use(Console(file=buf, width=200))
    assert buf.getvalue() == ""
