"""The DuckDB store: schema, writes, idempotence, crash safety, linking, queries.

Records are built by hand (no spaCy); ``ingest`` runs with a fake pipeline that returns
them, so these tests exercise exactly the path ``sitroom ingest`` takes after extraction.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from sitroom.document import Document
from sitroom.model import (
    Acled,
    Actor,
    ArticleMeta,
    ArticleRecord,
    Claim,
    Event,
    Place,
    Span,
    Time,
)
from sitroom.store import IngestOptions, Store, StoreError, default_db_path, ingest, queries
from sitroom.store.db import migrations

TESTS = Path(__file__).resolve().parent
LEXICAL = IngestOptions(similarity="lexical", batch_size=2, checkpoint_seconds=0)

PLACES = {
    "Tshanzu": Place(text="Tshanzu", name="Tshanzu", lat=-1.21, lon=29.61, country="CD",
                     admin1="North Kivu", feature="city"),
    "Aleppo": Place(text="Aleppo", name="Aleppo", lat=36.2, lon=37.16, country="SY",
                    admin1="Aleppo", feature="city"),
    "Idlib": Place(text="Idlib province", name="Idlib", lat=35.8, lon=36.6, country="SY",
                   admin1="Idlib", feature="admin1"),
}  # fmt: skip
M23 = Actor(text="M23 rebels", name="M23", sector="REB", id="m23")
ARMY = Actor(text="the army", name="FARDC", country="COD", sector="MIL", id="fardc")


def record(
    aid: str, *, outlet: str = "AFP", published: str = "2021-11-09", place: str = "Tshanzu",
    day: str | None = "2021-11-08", killed: int | None = 5, denied: bool = False,
    extra: str = "", background: bool = False,
) -> tuple[ArticleRecord, str]:  # fmt: skip
    """A one-event article: M23 attacks the army at ``place`` on ``day``."""
    s1 = (f"M23 rebels attacked army positions in {place} on {day or 'an unknown day'}, "
          f"killing {killed} soldiers, the army said.")  # fmt: skip
    text = s1 + (" M23 denied the attack." if denied else "") + extra
    pl = PLACES[place].model_copy(update={"span": Span.of(text, s1.index(place),
                                                          s1.index(place) + len(place))})  # fmt: skip
    when = Time(text=day, value=day, earliest=day, latest=day, precision="day") if day else None
    ev = Event(
        id="e1", type="ASSAULT", mode="firearms",
        acled=Acled(event_type="Battles", sub_event_type="Armed clash"),
        actor1=M23, actor2=ARMY, date=when, location=pl, fatalities=killed,
        status="contested" if denied else "claimed", asserted_by=[ARMY],
        denied_by=[M23] if denied else [], evidence=[Span.of(text, 0, len(s1))],
        background=background, confidence=0.8,
    )  # fmt: skip
    claims = [Claim(id="c1", speaker=ARMY, cue="said", stance="assert",
                    content=Span.of(text, 0, len(s1) - 16), events=["e1"], fatalities=killed)]  # fmt: skip
    if denied:
        start = text.index("M23 denied")
        claims.append(Claim(id="c2", speaker=M23, cue="denied", stance="deny",
                            content=Span.of(text, start + 11, start + 21), events=["e1"]))  # fmt: skip
    rec = ArticleRecord(
        article=ArticleMeta(id=aid, outlet=outlet, published=published, title=f"Title {aid}"),
        events=[ev], claims=claims, places=[pl], actors=[M23, ARMY],
        times=[when] if when else [],
    )  # fmt: skip
    return rec, text


def corpus(n: int) -> list[tuple[ArticleRecord, str]]:
    """``n`` articles; pairs (2k, 2k+1) tell the same attack from two outlets."""
    out = []
    for i in range(n):
        k = i // 2
        out.append(record(
            f"a{i:03d}", outlet=("AFP", "Reuters")[i % 2], place=("Tshanzu", "Aleppo")[k % 2],
            day=f"2021-{1 + k % 12:02d}-{10 + k % 15:02d}", killed=5 + k, denied=i % 2 == 1,
        ))  # fmt: skip
    return out


class FakePipeline:
    """Stands in for ``sitroom.pipeline.run``: returns the hand-built record of each doc."""

    def __init__(self, records: dict[str, ArticleRecord]) -> None:
        self.records = records
        self.seen: list[str] = []

    def __call__(self, docs, options):
        for doc in docs:
            self.seen.append(doc.meta.id)
            yield doc, self.records[doc.meta.id]


def docs_of(items: list[tuple[ArticleRecord, str]]) -> list[Document]:
    return [
        Document.from_text(
            text,
            id=r.article.id,
            outlet=r.article.outlet,
            published=r.article.published,
            title=r.article.title,
        )  # fmt: skip
        for r, text in items
    ]


def run_ingest(store: Store, items, monkeypatch, options: IngestOptions = LEXICAL):
    fake = FakePipeline({r.article.id: r for r, _ in items})
    monkeypatch.setattr("sitroom.pipeline.run", fake)
    return ingest(docs_of(items), store, options), fake


def checksums(store: Store) -> dict[str, str]:
    skip = {"linker_state", "schema_version"}
    return {t: store.checksum(t, exclude=("ingested_at",)) for t in store.tables() if t not in skip}


def assert_consistent(store: Store) -> None:
    """Whole articles only: every article has its rows, no row lacks its article."""
    bad = store.rows("""
        SELECT a.id FROM articles a
        WHERE a.n_events != (SELECT count(*) FROM events e WHERE e.article_id = a.id)
           OR a.n_claims != (SELECT count(*) FROM claims c WHERE c.article_id = a.id)
    """)
    assert bad == []
    for table in ("events", "event_actors", "claims", "claim_events", "places", "actors", "times"):
        orphans = store.scalar(
            f"SELECT count(*) FROM {table} t WHERE NOT EXISTS "
            "(SELECT 1 FROM articles a WHERE a.id = t.article_id)"
        )
        assert orphans == 0, table
    dangling = store.scalar("""
        SELECT count(*) FROM incident_members m WHERE NOT EXISTS
          (SELECT 1 FROM events e WHERE e.article_id = m.article_id AND e.event_id = m.event_id)
    """)
    assert dangling == 0


# ---------------------------------------------------------------------- schema ------------


def test_open_applies_migrations_in_order(tmp_path: Path):
    path = tmp_path / "s.duckdb"
    with Store.open(path) as store:
        versions = [r["version"] for r in store.rows("SELECT version FROM schema_version")]
        assert versions == [m[0] for m in migrations()] and versions[0] == 1
        assert {"articles", "events", "claims", "incidents", "linker_state"} <= set(store.tables())
    with Store.open(path, read_only=True) as reader:  # a second open migrates nothing
        assert reader.schema_version() == migrations()[-1][0]


def test_read_only_open_of_a_missing_store_is_e402(tmp_path: Path):
    with pytest.raises(StoreError) as e:
        Store.open(tmp_path / "none.duckdb", read_only=True)
    assert e.value.code == "E402"


def test_default_path_env_and_xdg(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SITROOM_DB", str(tmp_path / "x.duckdb"))
    assert default_db_path() == tmp_path / "x.duckdb"
    monkeypatch.delenv("SITROOM_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    if sys.platform.startswith("linux"):
        assert default_db_path() == tmp_path / "sitroom" / "sitroom.duckdb"


# ---------------------------------------------------------------------- writes ------------


def test_article_round_trips_with_its_text_and_spans(tmp_path: Path, monkeypatch):
    items = corpus(2)
    with Store.open(tmp_path / "s.duckdb") as store:
        stats, _ = run_ingest(store, items, monkeypatch)
        assert (stats.written, stats.events, stats.claims) == (2, 2, 3)
        got = queries.article(store, "a001")
    rec, text = items[1]
    assert got is not None and got.record == rec and got.text == text
    for ev in got.record.events:
        for span in ev.evidence:
            assert got.text[span.start : span.end] == span.text


def test_ingesting_the_same_input_twice_changes_nothing(tmp_path: Path, monkeypatch):
    items = corpus(6)
    with Store.open(tmp_path / "s.duckdb") as store:
        run_ingest(store, items, monkeypatch)
        before = (store.counts(), checksums(store), store.checksum("articles"))
        stats, fake = run_ingest(store, items, monkeypatch)
        after = (store.counts(), checksums(store), store.checksum("articles"))
    assert stats.unchanged == 6 and stats.written == stats.replaced == 0
    assert fake.seen == []  # nothing extracted again
    assert before == after  # ingested_at included: not even rewritten


def test_a_changed_article_replaces_all_its_rows(tmp_path: Path, monkeypatch):
    items = corpus(4)
    with Store.open(tmp_path / "s.duckdb") as store:
        run_ingest(store, items, monkeypatch)
        old_incident = store.scalar(
            "SELECT incident_id FROM incident_members WHERE article_id = 'a001'"
        )
        changed = record("a001", outlet="Reuters", place="Idlib", day="2022-03-01", killed=40,
                         extra=" Another sentence.")  # fmt: skip
        stats, fake = run_ingest(store, [items[0], changed], monkeypatch)
        assert (stats.unchanged, stats.replaced) == (1, 1) and fake.seen == ["a001"]
        assert_consistent(store)
        assert store.scalar("SELECT count(*) FROM articles") == 4
        rows = store.rows("SELECT * FROM events WHERE article_id = 'a001'")
        assert len(rows) == 1 and rows[0]["location_name"] == "Idlib"
        assert rows[0]["fatalities"] == 40 and rows[0]["status"] == "claimed"
        assert store.scalar("SELECT count(*) FROM claims WHERE article_id = 'a001'") == 1
        # its event left the Tshanzu incident it shared with a000 and stands alone now
        members = store.rows(
            "SELECT article_id FROM incident_members WHERE incident_id = ?", [old_incident]
        )
        assert [m["article_id"] for m in members] == ["a000"]
        inc = queries.incidents(store, queries.Filters(article="a001"))
        assert len(inc) == 1 and [m.article for m in inc[0].members] == ["a001"]


# ---------------------------------------------------------------------- crash safety ------

KILL_SCRIPT = r"""
import sys, time
sys.path.insert(0, sys.argv[1])
import sitroom.store.ingestion as ing_mod
import sitroom.store.writer as w
from test_store import FakePipeline, LEXICAL, corpus, docs_of
from sitroom.store import Store, ingest

db, n, slow = sys.argv[2], int(sys.argv[3]), sys.argv[4] == "slow"
items = corpus(n)
import sitroom.pipeline
sitroom.pipeline.run = FakePipeline({r.article.id: r for r, _ in items})
if slow:  # make each transaction last long enough to be killed inside one
    real_insert, real_write = w.insert_rows, ing_mod.write_articles
    def insert_rows(*a, **k):
        real_insert(*a, **k)
        time.sleep(0.03)
    def write_articles(*a, **k):
        real_write(*a, **k)
        print("batch", flush=True)
    w.insert_rows = insert_rows
    ing_mod.write_articles = write_articles
store = Store.open(db)
stats = ingest(docs_of(items), store, LEXICAL)
store.close()
print("done", stats.written, stats.unchanged, flush=True)
"""


def _ingest_subprocess(db: Path, n: int, mode: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-c", KILL_SCRIPT, str(TESTS), str(db), str(n), mode],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


def test_kill_9_mid_ingest_leaves_whole_articles_and_a_rerun_completes(tmp_path: Path):
    n = 16
    db = tmp_path / "killed.duckdb"
    proc = _ingest_subprocess(db, n, "slow")
    assert proc.stdout is not None
    batches = 0
    for line in proc.stdout:  # wait until the second batch is in, then kill mid-transaction
        batches += line.startswith("batch")
        if batches == 2:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    with Store.open(db) as store:  # recovery from the write-ahead log
        assert_consistent(store)
        kept = store.scalar("SELECT count(*) FROM articles")
        assert 2 <= kept < n  # the first batches committed, the rest not

    rerun = _ingest_subprocess(db, n, "fast")
    out, errs = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, errs
    assert out.split()[-2:] == [str(n - kept), str(kept)]  # written, unchanged

    clean = tmp_path / "clean.duckdb"
    done = _ingest_subprocess(clean, n, "fast")
    done.communicate(timeout=120)
    with Store.open(db, read_only=True) as a, Store.open(clean, read_only=True) as b:
        assert_consistent(a)
        assert a.counts() == b.counts()
        assert checksums(a) == checksums(b)
        assert a.scalar("SELECT count(*) FROM articles WHERE NOT linked") == 0


# ---------------------------------------------------------------------- linking -----------


def test_two_outlets_one_incident_contested_with_figures(tmp_path: Path, monkeypatch):
    items = [record("afp-1", outlet="AFP", killed=5),
             record("rtr-1", outlet="Reuters", killed=9, denied=True),
             record("afp-2", outlet="AFP", day="2022-03-28", killed=2)]  # fmt: skip
    with Store.open(tmp_path / "s.duckdb") as store:
        stats, _ = run_ingest(store, items, monkeypatch)
        assert stats.link_warning is None and stats.store_counts["incidents"] == 2
        incs = queries.incidents(store)
    first = incs[0]  # same place, months apart: two incidents
    assert sorted((m.article, m.event) for m in first.members) == [("afp-1", "e1"), ("rtr-1", "e1")]
    assert first.status == "contested" and first.outlets == ["AFP", "Reuters"]
    assert (first.fatalities.min, first.fatalities.max) == (5, 9)
    assert [m.article for m in incs[1].members] == ["afp-2"]


def test_linker_state_makes_the_next_ingest_incremental(tmp_path: Path, monkeypatch):
    path = tmp_path / "s.duckdb"
    with Store.open(path) as store:
        run_ingest(store, [record("afp-1", outlet="AFP")], monkeypatch)
    with Store.open(path) as store:  # a later run, a new process in real life
        stats, fake = run_ingest(store, [record("rtr-1", outlet="Reuters", denied=True)],
                                 monkeypatch)  # fmt: skip
        assert fake.seen == ["rtr-1"] and stats.written == 1
        (inc,) = queries.incidents(store)
    assert {m.article for m in inc.members} == {"afp-1", "rtr-1"}


# ---------------------------------------------------------------------- queries -----------


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("q") / "q.duckdb"
    items = [*corpus(6), record("bg", outlet="SANA", place="Idlib", day=None, killed=None,
                                background=True)]  # fmt: skip
    mp = pytest.MonkeyPatch()
    with Store.open(path) as store:
        run_ingest(store, items, mp)
    mp.undo()
    return path


def test_event_filters(filled: Path):
    with Store.open(filled, read_only=True) as s:
        F = queries.Filters
        assert queries.count_events(s) == 7
        assert queries.count_events(s, F(country="SY")) == queries.count_events(s, F(country="syr"))
        assert queries.count_events(s, F(country="CD")) == 4
        assert queries.count_events(s, F(since=date(2021, 2, 1), until=date(2021, 2, 28))) == 2
        assert queries.count_events(s, F(actor="M23")) == 7  # actor1 of every event
        assert queries.count_events(s, F(actor="m23", status="contested")) == 3
        assert queries.count_events(s, F(outlet="reuters")) == 3
        assert queries.count_events(s, F(type="assault", background=False)) == 6
        assert queries.count_events(s, F(text="IDLIB on an unknown")) == 1
        page1 = queries.events(s, F(limit=4))
        page2 = queries.events(s, F(limit=4, offset=4))
        keys = [(e.article_id, e.event.id) for e in page1 + page2]
        assert len(keys) == len(set(keys)) == 7
        assert page1[0].event.date.value == "2021-01-10" and page1[0].incident_id


def test_incident_filters_and_actors(filled: Path):
    F = queries.Filters
    with Store.open(filled, read_only=True) as s:
        assert len(queries.incidents(s)) == 3  # three pairs; background events are not linked
        assert len(queries.incidents(s, F(country="CD"))) == 2
        assert len(queries.incidents(s, F(country="SYR"))) == 1
        assert len(queries.incidents(s, F(since=date(2021, 3, 1)))) == 1
        assert len(queries.incidents(s, F(outlet="Reuters"))) == 3
        assert [i.id for i in queries.incidents(s, F(limit=1, offset=2))] == [
            queries.incidents(s)[2].id
        ]
        top = {(a["name"], a["actor_id"]): a for a in queries.actors(s)}
        assert top[("M23", "m23")]["actor1"] == 7 and top[("M23", "m23")]["denied_by"] == 3
        assert top[("FARDC", "fardc")]["asserted_by"] == 7


def test_reader_sees_writes_committed_by_the_writer_thread(tmp_path: Path, monkeypatch):
    with Store.open(tmp_path / "s.duckdb") as store:
        run_ingest(store, corpus(2), monkeypatch)
        assert json.loads(store.rows("SELECT record FROM articles LIMIT 1")[0]["record"])["schema"]
        assert store.scalar("SELECT count(*) FROM articles") == 2


def test_a_second_process_cannot_open_while_the_writer_holds_the_store(tmp_path: Path):
    db = tmp_path / "s.duckdb"
    Store.open(db).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom sitroom.store import Store\n"
         "s = Store.open(sys.argv[1])\nprint('ready', flush=True)\ntime.sleep(30)", str(db)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError) as e:
            Store.open(db, read_only=True)
        assert e.value.code == "E405"
    finally:
        holder.kill()
        holder.wait()
    with Store.open(db, read_only=True) as reader:  # the writer is gone: readers may open
        assert reader.schema_version() >= 1
