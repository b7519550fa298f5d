from __future__ import annotations

import codecs
import io
import json
from datetime import date
from pathlib import Path

import pytest

from sitroom import inputs
from sitroom.document import Document, content_id
from sitroom.errors import InputError
from sitroom.inputs import count_inputs, iter_documents

EN1 = (
    "Government forces shelled the rebel-held district of Douma on Monday, killing at "
    "least seven people, a monitoring group said. The army said it had targeted militant "
    "positions only."
)
EN2 = (
    "Police in Kampala arrested 30 opposition supporters on Sunday after clashes near the "
    "parliament building, a police spokesman told reporters."
)
EN3 = (
    "At least five soldiers were killed when their vehicle hit a roadside bomb in Helmand "
    "province, the defence ministry said on Tuesday."
)
FR = (
    "Des frappes aériennes ont touché un marché de la ville de Maarat al-Noumane, dans la "
    "province d'Idleb, vendredi, tuant au moins douze civils, selon les secouristes locaux."
)

NEWS_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Airstrikes hit Idlib market, killing 12 | The Levant Observer</title>
<meta property="og:site_name" content="The Levant Observer">
<meta property="og:title" content="Airstrikes hit Idlib market, killing 12">
<meta property="article:published_time" content="2017-09-22T08:15:00+03:00">
<link rel="canonical" href="https://levant-observer.example/2017/09/22/idlib-market-strike">
<script>window.analytics = {track: function () {}};</script>
</head>
<body>
<header><nav><ul>
  <li><a href="/">Home</a></li><li><a href="/world">World</a></li>
  <li><a href="/subscribe">Subscribe now for unlimited access</a></li>
</ul></nav></header>
<main>
<article>
<h1>Airstrikes hit Idlib market, killing 12</h1>
<p>Airstrikes hit a crowded market in the town of Maarat al-Numan in Syria's Idlib
province on Friday, killing at least 12 civilians, according to local rescue workers.</p>
<p>The Syrian Civil Defence, also known as the White Helmets, said its volunteers pulled
bodies from the rubble of several shops after two strikes in quick succession.</p>
<p>The Syrian Observatory for Human Rights, a Britain-based monitoring group, blamed
Russian warplanes for the attack. Moscow denied that its aircraft had been operating in
the area.</p>
<p>Idlib is the last major stronghold of rebel groups opposed to President Bashar
al-Assad, and is home to some two million people, many of them displaced.</p>
</article>
</main>
<aside><h3>Most read</h3><ul><li><a href="/x">Celebrity chef opens new restaurant</a></li></ul></aside>
<footer><p>Copyright 2017 The Levant Observer. All rights reserved. Privacy policy.</p></footer>
</body>
</html>
"""


def run(paths, **kw) -> list[Document | InputError]:
    return list(iter_documents([str(p) for p in paths], **kw))


def docs(items) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def errors(items) -> list[InputError]:
    return [i for i in items if isinstance(i, InputError)]


def only_error(items) -> InputError:
    assert len(items) == 1 and isinstance(items[0], InputError), items
    return items[0]


def only_doc(items) -> Document:
    assert len(items) == 1 and isinstance(items[0], Document), items
    return items[0]


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


# --------------------------------------------------------------------------- .txt


def test_txt_title_is_first_line_when_a_blank_line_follows(tmp_path):
    text = "Shelling kills seven in Douma\n\n" + EN1 + "\n"
    d = only_doc(run([write(tmp_path / "a.txt", text)]))
    assert d.meta.title == "Shelling kills seven in Douma"
    assert d.text == text  # the title line stays in the text: offsets are into all of it
    assert d.meta.id == content_id(text)
    assert d.meta.language == "en"
    assert d.meta.published is None and d.meta.url is None and d.meta.outlet is None
    assert d.source == str(tmp_path / "a.txt") and d.line is None
    assert d.warnings == []


def test_txt_without_blank_second_line_has_no_title(tmp_path):
    text = EN1 + "\n" + EN2 + "\n"
    d = only_doc(run([write(tmp_path / "a.txt", text)]))
    assert d.meta.title is None
    assert d.text == text


def test_txt_crlf_becomes_lf(tmp_path):
    d = only_doc(run([write(tmp_path / "a.txt", "Title\r\n\r\n" + EN1 + "\r\n" + EN2)]))
    assert d.text == "Title\n\n" + EN1 + "\n" + EN2
    assert d.meta.title == "Title"


def test_txt_caller_metadata(tmp_path):
    d = only_doc(
        run([write(tmp_path / "a.txt", EN1)], published=date(2017, 9, 22), outlet="Reuters")
    )
    assert d.meta.published == "2017-09-22"
    assert d.meta.outlet == "Reuters"


# --------------------------------------------------------------------------- HTML


def test_html_main_text_and_metadata(tmp_path):
    d = only_doc(run([write(tmp_path / "page.html", NEWS_HTML)]))
    assert d.meta.title == "Airstrikes hit Idlib market, killing 12"
    assert d.meta.outlet == "The Levant Observer"
    assert d.meta.url == "https://levant-observer.example/2017/09/22/idlib-market-strike"
    assert d.meta.published == "2017-09-22"
    assert d.meta.language == "en"
    assert "killing at least 12 civilians" in d.text
    assert "Moscow denied that its aircraft" in d.text
    assert "two million people" in d.text
    for boilerplate in ("Subscribe", "Copyright", "Privacy", "Celebrity chef", "analytics"):
        assert boilerplate not in d.text
    assert d.meta.id == content_id(d.text)


def test_htm_suffix_and_fallback_when_trafilatura_finds_nothing(tmp_path, monkeypatch):
    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: None)
    d = only_doc(run([write(tmp_path / "page.HTM", NEWS_HTML)]))
    assert "killing at least 12 civilians" in d.text
    assert "Copyright" not in d.text  # the footer <p> goes with the footer
    assert "Subscribe" not in d.text
    assert d.meta.outlet == "The Levant Observer"
    assert d.meta.url == "https://levant-observer.example/2017/09/22/idlib-market-strike"
    assert d.meta.published == "2017-09-22"


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>x</title></head><body></body></html>",
        "<html><body><script>var x = 1;</script><style>p {}</style></body></html>",
    ],
)
def test_html_without_text_is_e108(tmp_path, html):
    path = write(tmp_path / "empty.html", html)
    err = only_error(run([path]))
    assert err.code == "E108"
    assert str(path) in err.one_line()


def test_html_declared_charset(tmp_path):
    html = (
        '<html><head><meta charset="windows-1252"><title>T</title></head><body><p>'
        + EN1
        + " The minister\u2019s office said \u201cno comment\u201d.</p></body></html>"
    )
    d = only_doc(run([write(tmp_path / "p.html", html.encode("cp1252"))]))
    assert "minister\u2019s office said \u201cno comment\u201d" in d.text
    assert d.warnings == ["E104 not UTF-8; decoded as cp1252"]


# --------------------------------------------------------------------------- JSON


def test_json_array_with_ids_and_line_numbers(tmp_path):
    records = [
        {"id": 17, "text": EN1, "title": "Douma", "published": "2017-09-18"},
        {"id": "abc", "text": EN2, "url": "https://x.example/a", "outlet": "Monitor"},
        {"text": EN3},
    ]
    path = write(tmp_path / "batch.json", json.dumps(records, indent=2))
    items = run([path])
    a, b, c = docs(items)
    assert len(items) == 3
    assert (a.meta.id, a.meta.title, a.meta.published) == ("17", "Douma", "2017-09-18")
    assert (b.meta.id, b.meta.url, b.meta.outlet) == ("abc", "https://x.example/a", "Monitor")
    assert c.meta.id == content_id(EN3)
    assert a.text == EN1
    assert [d.line for d in (a, b, c)] == [2, 8, 14]
    assert count_inputs([str(path)]) == 3


def test_json_single_object(tmp_path):
    path = write(tmp_path / "one.json", json.dumps({"text": EN1, "id": "x1"}))
    d = only_doc(run([path]))
    assert d.meta.id == "x1" and d.line is None


def test_json_malformed_is_e106_with_line(tmp_path):
    path = write(tmp_path / "bad.json", '[\n {"text": "' + EN1 + '"},\n {"text": oops}\n]')
    items = run([path])
    assert len(docs(items)) == 1
    (err,) = errors(items)
    assert err.code == "E106" and err.line == 3
    assert f"{path}:3: E106 malformed JSON" in err.one_line()


def test_jsonl_bad_middle_line_is_skipped_and_the_rest_goes_on(tmp_path):
    lines = [
        json.dumps({"id": 1, "text": EN1}),
        '{"id": 2, "text": "unterminated',
        json.dumps({"id": 3, "text": EN2}),
        "",
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": 6, "title": "no text"}),
        json.dumps({"id": 7, "text": "   "}),
        json.dumps({"id": 8, "text": EN3}),
    ]
    path = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    items = run([path])
    assert [(type(i).__name__, i.line) for i in items] == [
        ("Document", 1),
        ("InputError", 2),
        ("Document", 3),
        ("InputError", 5),
        ("InputError", 6),
        ("InputError", 7),
        ("Document", 8),
    ]
    assert [e.code for e in errors(items)] == ["E106", "E113", "E107", "E101"]
    e106 = errors(items)[0]
    assert e106.one_line().startswith(f"{path}:2: E106 malformed JSON")
    assert [d.meta.id for d in docs(items)] == ["1", "3", "8"]
    assert docs(items)[1].where == f"{path}:3"
    assert count_inputs([str(path)]) == 7


def test_jsonl_record_with_html(tmp_path):
    rec = {"id": "h1", "html": NEWS_HTML, "outlet": "Feed Outlet"}
    d = only_doc(run([write(tmp_path / "f.jsonl", json.dumps(rec) + "\n")]))
    assert "killing at least 12 civilians" in d.text
    assert "Subscribe" not in d.text
    assert d.meta.id == "h1"
    assert d.meta.outlet == "Feed Outlet"  # the record beats the page's site name
    assert d.meta.title == "Airstrikes hit Idlib market, killing 12"  # from the page
    assert d.meta.published == "2017-09-22"  # from the page
    assert d.line == 1


def test_jsonl_non_utf8_line_is_decoded_with_a_warning(tmp_path):
    good = json.dumps({"text": EN2}).encode()
    latin = json.dumps({"text": EN1 + " Caf\u00e9 owners\u2019 union."}, ensure_ascii=False)
    path = write(tmp_path / "f.jsonl", good + b"\n" + latin.encode("cp1252") + b"\n")
    a, b = run([path])
    assert a.warnings == []
    assert "Caf\u00e9 owners\u2019 union." in b.text
    assert b.warnings and b.warnings[0].startswith("E104 not UTF-8; decoded as ")


# --------------------------------------------------------------------------- dates, precedence


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2017-09-22", "2017-09-22"),
        ("2017-09-22T23:30:00-05:00", "2017-09-22"),
        ("2017-09-22T08:15:00Z", "2017-09-22"),
        ("2017-09-22 08:15", "2017-09-22"),
    ],
)
def test_record_published_date_or_datetime(tmp_path, value, expected):
    path = write(tmp_path / "f.jsonl", json.dumps({"text": EN1, "published": value}))
    d = only_doc(run([path]))
    assert d.meta.published == expected
    assert d.warnings == []


@pytest.mark.parametrize("value", ["2017-02-30", "yesterday", "22/09/2017", 20170922])
def test_impossible_record_date_keeps_the_article_with_a_warning(tmp_path, value):
    path = write(tmp_path / "f.jsonl", json.dumps({"text": EN1, "published": value}))
    d = only_doc(run([path]))
    assert d.meta.published is None
    assert len(d.warnings) == 1
    assert d.warnings[0].startswith("E110 impossible date")
    assert repr(value) in d.warnings[0]


def test_precedence_caller_beats_record_beats_html(tmp_path):
    page = NEWS_HTML  # says 2017-09-22 and "The Levant Observer"
    recs = [
        {"id": "a", "html": page},
        {"id": "b", "html": page, "published": "2017-09-20", "outlet": "Feed"},
        {"id": "c", "html": page, "title": "Record title", "url": "https://rec.example/c"},
    ]
    path = write(tmp_path / "f.jsonl", "\n".join(json.dumps(r) for r in recs))
    a, b, c = run([path])
    assert (a.meta.published, a.meta.outlet) == ("2017-09-22", "The Levant Observer")
    assert (b.meta.published, b.meta.outlet) == ("2017-09-20", "Feed")
    assert (c.meta.title, c.meta.url) == ("Record title", "https://rec.example/c")
    forced = run([path], published=date(2018, 1, 5), outlet="CLI Outlet")
    assert {(d.meta.published, d.meta.outlet) for d in forced} == {("2018-01-05", "CLI Outlet")}
    # and for a plain HTML file the caller beats the page too
    html = write(tmp_path / "p.html", page)
    d = only_doc(run([html], published=date(2018, 1, 5), outlet="CLI Outlet"))
    assert (d.meta.published, d.meta.outlet) == ("2018-01-05", "CLI Outlet")


# --------------------------------------------------------------------------- stdin


def test_stdin_jsonl():
    data = json.dumps({"id": 1, "text": EN1}) + "\n{nope\n" + json.dumps({"text": EN2})
    items = run(["-"], stdin=io.BytesIO(data.encode()))
    assert [type(i).__name__ for i in items] == ["Document", "InputError", "Document"]
    assert items[1].one_line().startswith("<stdin>:2: E106")
    assert items[0].source == "<stdin>" and items[0].line == 1
    assert count_inputs(["-"]) is None


def test_stdin_text():
    text = "Title line\n\n" + EN1
    d = only_doc(run(["-"], stdin=io.BytesIO(text.encode())))
    assert d.text == text and d.meta.title == "Title line" and d.source == "<stdin>"


def test_stdin_html_and_json_object_and_brace_text():
    d = only_doc(run(["-"], stdin=io.BytesIO(NEWS_HTML.encode())))
    assert d.meta.outlet == "The Levant Observer"
    obj = json.dumps({"id": "p", "text": EN1}, indent=2).encode()
    assert only_doc(run(["-"], stdin=io.BytesIO(obj))).meta.id == "p"
    arr = json.dumps([{"text": EN1}, {"text": EN2}]).encode()
    assert len(docs(run(["-"], stdin=io.BytesIO(arr)))) == 2
    brace = "{Update} " + EN1
    assert only_doc(run(["-"], stdin=io.BytesIO(brace.encode()))).text == brace


def test_stdin_too_large():
    err = only_error(run(["-"], stdin=io.BytesIO(b"a" * 5000), max_bytes=1000))
    assert err.code == "E103" and "5,000 bytes" in err.reason and "1,000-byte" in err.reason


# --------------------------------------------------------------------------- folders


def test_folder_walk_is_sorted_recursive_and_filters(tmp_path):
    root = tmp_path / "corpus"
    write(root / "b.txt", EN1)
    write(root / "a" / "z.html", NEWS_HTML)
    write(root / "a" / "m.TXT", EN2)
    write(root / "a.txt", EN3)
    write(root / "c" / "feed.jsonl", json.dumps({"text": EN1}) + "\n" + json.dumps({"text": EN2}))
    write(root / "c" / "notes.md", "# ignored")
    write(root / "c" / "scan.pdf", b"%PDF-1.4 ignored in folders")
    write(root / ".hidden.txt", EN1)
    write(root / ".git" / "x.txt", EN1)
    items = run([root])
    assert all(isinstance(i, Document) for i in items)
    assert [i.where for i in items] == [
        f"{root}/a/m.TXT",
        f"{root}/a/z.html",
        f"{root}/a.txt",
        f"{root}/b.txt",
        f"{root}/c/feed.jsonl:1",
        f"{root}/c/feed.jsonl:2",
    ]
    assert count_inputs([str(root)]) == 6
    # paths keep the caller's order
    assert [i.source for i in run([root / "b.txt", root / "a.txt"])] == [
        f"{root}/b.txt",
        f"{root}/a.txt",
    ]


def test_explicit_unsupported_suffix_is_e111_and_no_suffix_is_sniffed(tmp_path):
    err = only_error(run([write(tmp_path / "report.pdf", b"%PDF-1.7\n...")]))
    assert err.code == "E111" and "'.pdf'" in err.reason
    assert str(tmp_path / "report.pdf") in err.one_line()
    d = only_doc(run([write(tmp_path / "ARTICLE", "Headline\n\n" + EN1)]))
    assert d.meta.title == "Headline"
    feed = write(tmp_path / "feed", json.dumps({"id": 9, "text": EN2}) + "\n")
    assert only_doc(run([feed])).meta.id == "9"


def test_missing_path_is_e112(tmp_path):
    missing = tmp_path / "nope.txt"
    items = run([missing, write(tmp_path / "ok.txt", EN1)])
    assert items[0].code == "E112" and str(missing) in items[0].one_line()
    assert isinstance(items[1], Document)


def test_unexpected_exception_is_e112_and_the_batch_goes_on(tmp_path, monkeypatch):
    real = inputs._text_doc

    def boom(data, source, opts):
        if source.endswith("bad.txt"):
            raise RuntimeError("disk on fire")
        return real(data, source, opts)

    monkeypatch.setattr(inputs, "_text_doc", boom)
    write(tmp_path / "bad.txt", EN1)
    write(tmp_path / "good.txt", EN2)
    bad, good = run([tmp_path])
    assert bad.code == "E112" and "disk on fire" in bad.reason
    assert bad.one_line().startswith(f"{tmp_path}/bad.txt: E112")
    assert isinstance(good, Document)


# --------------------------------------------------------------------------- bad bytes


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  ", codecs.BOM_UTF8 + b"\n  \n"])
def test_empty_is_e101(tmp_path, content):
    path = write(tmp_path / "empty.txt", content)
    err = only_error(run([path]))
    assert err.code == "E101"
    assert err.one_line() == f"{path}: E101 empty input (no text after decoding)"


def test_huge_file_is_e103(tmp_path):
    path = write(tmp_path / "big.txt", "word " * 400)  # 2000 bytes
    err = only_error(run([path], max_bytes=1000))
    assert err.code == "E103"
    assert err.one_line() == (
        f"{path}: E103 too large: 2,000 bytes is over the 1,000-byte limit per article"
    )
    assert isinstance(only_doc(run([path], max_bytes=2000)), Document)


def test_huge_jsonl_line_is_e103_with_line_and_the_rest_goes_on(tmp_path):
    big = json.dumps({"text": EN1 * 100})
    path = write(
        tmp_path / "f.jsonl",
        "\n".join([json.dumps({"text": EN1}), big, json.dumps({"text": EN2})]) + "\n",
    )
    items = run([path], max_bytes=1000)
    assert [type(i).__name__ for i in items] == ["Document", "InputError", "Document"]
    assert items[1].code == "E103" and items[1].line == 2
    assert f"{len(big) + 1:,} bytes" in items[1].reason  # the line with its newline
    assert items[2].line == 3


def test_default_limit_is_five_million():
    assert inputs.MAX_ARTICLE_BYTES == 5_000_000


def test_cp1252_is_decoded_with_a_warning(tmp_path):
    text = (
        "Rebels seized the town\u2019s police station on Tuesday, the governor\u2019s office "
        "said. \u201cThe situation is under control,\u201d a spokesman told the caf\u00e9 "
        "owners in the market, who fled to the r\u00e9gion\u2019s capital. " + EN1
    )
    path = write(tmp_path / "win.txt", text.encode("cp1252"))
    d = only_doc(run([path]))
    assert d.text == text
    assert d.warnings == ["E104 not UTF-8; decoded as cp1252"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom(tmp_path, encoding):
    text = "Title\n\n" + EN1
    raw = text.encode(encoding)
    if encoding == "utf-16-be":
        raw = codecs.BOM_UTF16_BE + raw
    d = only_doc(run([write(tmp_path / "u.txt", raw)]))
    assert d.text == text  # BOM dropped
    assert d.meta.title == "Title"
    assert d.warnings == []


def test_utf8_bom_is_dropped(tmp_path):
    d = only_doc(run([write(tmp_path / "u.txt", codecs.BOM_UTF8 + EN1.encode())]))
    assert d.text == EN1


def test_utf16_jsonl_with_bom(tmp_path):
    lines = json.dumps({"id": 1, "text": EN1}) + "\n" + json.dumps({"id": 2, "text": EN2}) + "\n"
    items = run([write(tmp_path / "f.jsonl", lines.encode("utf-16"))])
    assert [d.meta.id for d in docs(items)] == ["1", "2"] and len(items) == 2
    assert items[0].text == EN1


@pytest.mark.parametrize(
    "content, what",
    [
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 30, "ZIP"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "GZIP"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 20, "ELF"),
        (b"some text\x00\x01\x02 with NUL bytes \xff\xfe\x00", "NUL"),
    ],
)
def test_binary_is_e102(tmp_path, content, what):
    path = write(tmp_path / "scan.txt", content)
    err = only_error(run([path]))
    assert err.code == "E102"
    assert what in err.reason
    assert err.one_line().startswith(f"{path}: E102 binary file, not text")


def test_binary_on_stdin_is_e102():
    err = only_error(run(["-"], stdin=io.BytesIO(b"%PDF-1.5\n\x00\x01binary")))
    assert err.code == "E102" and err.source == "<stdin>" and "PDF" in err.reason


# --------------------------------------------------------------------------- language


def test_non_english_is_e109_unless_forced(tmp_path):
    path = write(tmp_path / "fr.txt", FR)
    err = only_error(run([path]))
    assert err.code == "E109"
    assert "'fr'" in err.reason and "--force" in err.reason and str(path) in err.one_line()
    d = only_doc(run([path], force=True))
    assert d.meta.language == "fr"
    assert d.warnings and d.warnings[0].startswith("E109")


def test_non_english_jsonl_record_is_skipped_with_its_line(tmp_path):
    path = write(tmp_path / "f.jsonl", json.dumps({"text": EN1}) + "\n" + json.dumps({"text": FR}))
    items = run([path])
    assert isinstance(items[0], Document)
    assert items[1].code == "E109" and items[1].line == 2


def test_short_text_is_not_rejected(tmp_path):
    d = only_doc(run([write(tmp_path / "s.txt", "Kyiv, Ukraine")]))
    assert d.meta.language == "en"


def test_count_inputs_mixed(tmp_path):
    write(tmp_path / "d" / "a.txt", EN1)
    write(tmp_path / "d" / "b.jsonl", "\n".join(json.dumps({"text": t}) for t in (EN1, EN2, EN3)))
    write(tmp_path / "d" / "ignored.csv", "a,b")
    paths = [str(tmp_path / "d"), str(tmp_path / "missing.txt")]
    assert count_inputs(paths) == 5
    assert len(run(paths)) == 5


# --------------------------------------------------------------------------- robustness

_BODY = f"<article><p>{EN1} Fighting resumed on 2016-03-14, residents said.</p></article>"


@pytest.mark.parametrize(
    "extra_head, extra_body, expected",
    [
        ("", "", None),  # a date in the running text is an event date, not "published"
        ("", '<time datetime="2016-03-20T10:00">20 March 2016</time>', "2016-03-20"),
        ("", '<div class="article-date">Published March 21, 2016</div>', "2016-03-21"),
        (
            "",
            '<script type="application/ld+json">'
            '{"@type": "NewsArticle", "datePublished": "2016-03-22T08:00:00Z"}</script>',
            "2016-03-22",
        ),
        ('<link rel="canonical" href="https://x.example/2016/03/23/goma">', "", "2016-03-23"),
    ],
)
def test_html_published_comes_from_markup_not_text(tmp_path, extra_head, extra_body, expected):
    html = f"<html><head><title>Clashes</title>{extra_head}</head><body>{extra_body}{_BODY}</body></html>"
    d = only_doc(run([write(tmp_path / "p.html", html)]))
    assert d.meta.published == expected
    assert "2016-03-14" in d.text


def test_lone_surrogate_in_a_record_is_e106_and_the_rest_goes_on(tmp_path):
    path = write(
        tmp_path / "f.jsonl",
        '{"text": "abc \\ud800 def"}\n' + json.dumps({"text": EN2}) + "\n",
    )
    bad, good = run([path])
    assert bad.code == "E106" and bad.line == 1 and "surrogate" in bad.reason
    assert isinstance(good, Document)


def test_unexpected_exception_in_one_record_skips_only_that_record(tmp_path, monkeypatch):
    real = inputs._record_doc

    def flaky(value, source, line, opts, warnings):
        if value.get("id") == 2:
            raise RecursionError("too deep")
        return real(value, source, line, opts, warnings)

    monkeypatch.setattr(inputs, "_record_doc", flaky)
    path = write(
        tmp_path / "f.jsonl",
        "\n".join(json.dumps({"id": i, "text": t}) for i, t in [(1, EN1), (2, EN2), (3, EN3)]),
    )
    items = run([path])
    assert [getattr(i, "code", None) for i in items] == [None, "E112", None]
    assert items[1].one_line() == f"{path}:2: E112 cannot read: RecursionError: too deep"


def test_missing_stdin_is_e112(monkeypatch):
    monkeypatch.setattr("sys.stdin", None)
    err = only_error(run(["-"]))
    assert err.code == "E112" and err.source == "<stdin>"


def test_count_inputs_sniffs_files_without_suffix(tmp_path):
    feed = write(tmp_path / "feed", "\n".join(json.dumps({"text": t}) for t in (EN1, EN2)))
    assert count_inputs([str(feed)]) == 2
    assert count_inputs([str(write(tmp_path / "x.pdf", b"%PDF"))]) == 1


def test_a_single_path_string_is_accepted(tmp_path):
    path = write(tmp_path / "a.txt", EN1)
    assert isinstance(only_doc(list(iter_documents(str(path)))), Document)


def test_folder_walk_skips_gold_annotation_files(tmp_path):
    (tmp_path / "a.txt").write_text("Gunmen killed 3 people in Kaduna.", encoding="utf-8")
    (tmp_path / "a.gold.json").write_text('{"id": "a", "events": []}', encoding="utf-8")
    items = list(iter_documents([str(tmp_path)]))
    assert [type(i).__name__ for i in items] == ["Document"]
    assert items[0].source.endswith("a.txt")
