"""End to end: `sitroom ingest` (real extraction) → `sitroom incidents` → `sitroom export`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from sitroom.cli_store import register
from sitroom.model import IncidentsRecord
from sitroom.similarity import LexicalSimilarity
from sitroom.store import Store

ARTICLES = [
    {"id": "afp-1", "outlet": "AFP", "published": "2022-03-29",
     "text": "Syrian government air strikes killed 12 civilians in the town of Saraqib in "
             "Idlib province on Monday, a war monitor said."},
    {"id": "rtr-1", "outlet": "Reuters", "published": "2022-03-29",
     "text": "Air strikes by Syrian government forces killed 15 civilians in Saraqib in Idlib "
             "province on Monday, rescue workers said. The government denied carrying out the "
             "strikes."},
    {"id": "ap-1", "outlet": "AP", "published": "2022-05-10",
     "text": "Police arrested 40 protesters in Khartoum on Sunday."},
]  # fmt: skip


@pytest.fixture()
def app(monkeypatch) -> typer.Typer:
    # the sentence-embedding model takes seconds to load; lexical similarity suffices here
    monkeypatch.setattr("sitroom.incidents.default_similarity", lambda: LexicalSimilarity())
    app = typer.Typer()
    register(app)
    return app


def test_ingest_incidents_export(app, tmp_path: Path, monkeypatch):
    runner = CliRunner()
    db = tmp_path / "data" / "sitroom.duckdb"
    monkeypatch.setenv("SITROOM_DB", str(db))
    src = tmp_path / "in"
    src.mkdir()
    (src / "news.jsonl").write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), "utf-8")
    (src / "empty.txt").write_text("  \n", encoding="utf-8")

    res = runner.invoke(app, ["ingest", str(src), "--quiet"], catch_exceptions=False)
    assert res.exit_code == 1, res.output  # empty.txt was skipped
    assert "empty.txt: E101" in res.stderr
    assert "read 4 article(s): 3 new, 0 replaced, 0 unchanged, 1 skipped (E101 ×1)" in res.stderr
    assert db.exists()
    with Store.open(db, read_only=True) as store:
        assert store.scalar("SELECT count(*) FROM articles") == 3
        n_events = store.scalar("SELECT count(*) FROM events")
        assert n_events >= 3

    again = runner.invoke(app, ["ingest", str(src / "news.jsonl"), "--quiet"])
    assert again.exit_code == 0, again.output
    assert "3 unchanged" in again.stderr

    res = runner.invoke(app, ["incidents", "--format", "json"])
    assert res.exit_code == 0, res.output
    record = IncidentsRecord.model_validate_json(res.stdout)
    members = {m.article for i in record.incidents for m in i.members}
    assert members <= {"afp-1", "rtr-1", "ap-1"} and "afp-1" in members
    strike = next(i for i in record.incidents if any(m.article == "afp-1" for m in i.members))
    assert {m.article for m in strike.members} == {"afp-1", "rtr-1"}
    assert strike.outlets == ["AFP", "Reuters"]

    res = runner.invoke(app, ["incidents", "--country", "SYR", "--since", "2022-03-01",
                              "--format", "table"])  # fmt: skip
    assert res.exit_code == 0 and "AFP, Reuters" in res.stdout
    bad = runner.invoke(app, ["incidents", "--since", "March"])
    assert bad.exit_code == 2

    out = tmp_path / "out"
    res = runner.invoke(app, ["export", "--to", str(out), "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in out.iterdir()) == [
        "articles.jsonl", "events.csv", "events.geojson", "incidents.csv"
    ]  # fmt: skip
    assert len((out / "articles.jsonl").read_text(encoding="utf-8").splitlines()) == 3


def test_reader_commands_on_a_missing_store_exit_2(app, tmp_path: Path):
    res = CliRunner().invoke(app, ["incidents", "--db", str(tmp_path / "none.duckdb")])
    assert res.exit_code == 2 and "E402" in res.stderr


def test_similarity_option_chooses_the_linkers_back_end(tmp_path: Path, monkeypatch):
    calls: list[object] = []
    real = __import__("sitroom.incidents", fromlist=["IncidentLinker"]).IncidentLinker.from_state

    def spy(state, *, embedder=None):
        calls.append(embedder)
        return real(state, embedder=embedder)

    monkeypatch.setattr("sitroom.incidents.IncidentLinker.from_state", spy)
    app = typer.Typer()
    register(app)
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps(ARTICLES[0]) + "\n", "utf-8")
    db = tmp_path / "s.duckdb"
    res = CliRunner().invoke(
        app, ["ingest", str(src), "--db", str(db), "-q", "--similarity", "lexical"],
        catch_exceptions=False,
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert calls and calls[-1] == "lexical"
    with Store.open(db, read_only=True) as store:
        assert store.scalar("SELECT count(*) FROM incidents") >= 1
