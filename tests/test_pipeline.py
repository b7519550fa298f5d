"""The pipeline: stage declarations, per-article failures, multi-process order."""

from __future__ import annotations

import pytest

from sitroom.document import Document
from sitroom.errors import InputError
from sitroom.model import ArticleRecord
from sitroom.pipeline import Pipeline, PipelineOptions, run
from sitroom.registry import stages


class _Boom:
    name = "boom"
    requires = ("spacy",)
    assigns = ()

    def __call__(self, doc: Document) -> Document:
        if "explode" in doc.text:
            raise RuntimeError("kaboom")
        return doc


class _NeedsClaims:
    name = "needs"
    requires = ("claims",)
    assigns = ()

    def __call__(self, doc: Document) -> Document:
        return doc


def test_stage_requirements_are_checked_when_the_pipeline_is_built():
    with pytest.raises(ValueError, match="requires \\['claims'\\]"):
        Pipeline([_NeedsClaims()])


def test_registry_has_the_versioned_builtin_stages():
    assert {"sitroom.timex.v1", "sitroom.geocode.v1", "sitroom.claims.v1", "sitroom.events.v1",
            "sitroom.provenance.v1"} <= set(stages.get_all())  # fmt: skip


def test_one_failing_article_does_not_stop_the_batch():
    pipe = Pipeline([_Boom()])
    docs = [Document.from_text(t, id=str(i)) for i, t in enumerate(["fine", "explode", "fine too"])]
    out = list(pipe.process(docs))
    assert isinstance(out[0], ArticleRecord) and isinstance(out[2], ArticleRecord)
    assert isinstance(out[1], InputError)
    assert out[1].code == "E114" and "stage boom" in out[1].reason and "kaboom" in out[1].reason


def test_two_processes_give_the_same_records_in_the_same_order():
    texts = [
        "Gunmen killed 12 villagers in Zamfara state on Monday.",
        "Police arrested 40 protesters in Khartoum on Sunday.",
        "A drone strike hit a wedding party in Sanaa, killing 14 people.",
        "The two leaders met in Ankara to discuss the grain deal.",
    ] * 3
    def docs():
        return [Document.from_text(t, id=str(i), published="2022-06-14") for i, t in enumerate(texts)]

    one = [r.to_json_dict() for _, r in run(docs(), PipelineOptions(n_process=1, batch_size=2))]
    two = [r.to_json_dict() for _, r in run(docs(), PipelineOptions(n_process=2, batch_size=2))]
    assert [r["article"]["id"] for r in two] == [str(i) for i in range(len(texts))]
    assert one == two


def test_an_empty_text_and_a_parse_failure_cost_only_their_own_article():
    from sitroom.api import extract_documents

    docs = [Document.from_text(t, id=str(i)) for i, t in enumerate(["Gunmen killed 3 people.", ""])]
    out = list(extract_documents(docs))
    assert isinstance(out[0], ArticleRecord) and out[0].events
    assert isinstance(out[1], ArticleRecord) and out[1].events == []

    class _BrokenNlp:
        def pipe(self, items, as_tuples=False):
            raise RuntimeError("bad batch")

        def __call__(self, text):
            if "bad" in text:
                raise RuntimeError("cannot parse")
            from sitroom.nlp import load_nlp

            return load_nlp()(text)

    pipe = Pipeline([], nlp=_BrokenNlp())
    res = list(pipe.process([Document.from_text("fine"), Document.from_text("bad one")]))
    assert isinstance(res[0], ArticleRecord)
    assert isinstance(res[1], InputError) and "stage parse" in res[1].reason


def test_errors_survive_the_trip_between_processes():
    import pickle

    from sitroom.errors import ResourceError, UsageError

    e = InputError("E114", source="feed.jsonl", line=7, detail="stage events: boom")
    back = pickle.loads(pickle.dumps(e))
    assert type(back) is InputError and back.one_line() == e.one_line()
    for err in (UsageError("E114", detail="x"), ResourceError("E114", detail="y")):
        assert str(pickle.loads(pickle.dumps(err))) == str(err)


def test_an_article_failing_in_a_worker_process_is_reported_not_fatal(monkeypatch):
    import multiprocessing

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the patched stage reaches workers only when they are forked")
    from sitroom.events.stage import EventExtractor

    real = EventExtractor.__call__

    def boom(self, doc):
        if "explode" in doc.text:
            raise RuntimeError("kaboom")
        return real(self, doc)

    monkeypatch.setattr(EventExtractor, "__call__", boom)
    texts = ["Gunmen killed 12 villagers in Zamfara state on Monday.", "The depot will explode.",
             "Police arrested 40 protesters in Khartoum on Sunday."] * 2  # fmt: skip
    docs = [Document.from_text(t, id=str(i), published="2022-06-14") for i, t in enumerate(texts)]
    out = [r for _, r in run(docs, PipelineOptions(n_process=2, batch_size=1))]
    assert [type(r).__name__ for r in out] == ["ArticleRecord", "InputError", "ArticleRecord"] * 2
    assert out[1].code == "E114" and "kaboom" in out[1].reason
