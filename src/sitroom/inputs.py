"""The input layer: files, folders and stdin to ``Document``s.

``iter_documents(paths, ...)`` yields, one by one and in a deterministic order, either a
``Document`` ready for the NLP pipeline or an ``InputError`` for an article that is
skipped. It never raises for bad input and one bad file never stops the batch: an
unexpected exception while reading a file becomes ``E112`` with the exception's message.
``count_inputs(paths)`` is a cheap estimate of the number of items ``iter_documents`` will
yield (for a progress bar), or ``None`` when it cannot know (stdin).

What is read
------------
* ``-`` is stdin (bytes). Its format is sniffed: JSON Lines when the first non-blank
  character is ``{`` and the first line parses as JSON (a single pretty-printed JSON
  object when only the whole input does), a JSON array when it is ``[``, HTML when it
  looks like HTML, else plain text. Messages name it ``<stdin>``.
* A folder is walked recursively in sorted order (depth first, entries of each folder
  sorted by name; ``sorted`` on the path components relative to the folder). Only
  ``.txt``, ``.html``/``.htm``, ``.json`` and ``.jsonl`` files are read (suffixes are
  case-insensitive); other files, hidden files and hidden folders (name starting with
  ``.``) and gold annotation files (``X.gold.json``, see ``sitroom eval``) are ignored
  silently. Symlinked folders are not followed. ``doc.source`` is the
  folder as given joined with the path below it.
* A file given explicitly is read by its suffix. An explicit file *without* a suffix
  (``article``, ``NOTES``) is sniffed like stdin. An explicit file with any other suffix
  (``.pdf``, ``.docx``, ``.csv``…) is ``E111`` and is not opened.
* A path that does not exist yields ``E112`` (the CLI normally rejects it earlier, E202).

Formats
-------
* ``.txt``: plain text. ``doc.text`` is the *whole* decoded text, title line included,
  because every offset in the output contract points into the text exactly as received.
  When the first non-blank line is followed by a blank line (and is at most
  ``MAX_TITLE_CHARS`` characters long) it is also taken as ``meta.title`` (stripped).
* ``.html``/``.htm``: trafilatura extracts the main text (``doc.text``; offsets refer to
  it) and the metadata: title, publication date, site name (as ``outlet``) and canonical
  URL. The date comes from the page's markup only (htmldate on the head, the URL,
  ``<time>``, JSON-LD, date/byline elements), never from a date that merely occurs in
  the running text (usually an event date, not the publication date). When trafilatura
  finds no main text, the ``<p>`` elements (or else the ``<body>`` text) are taken with
  lxml, boilerplate elements (nav, header, footer, aside, script, style, form) removed;
  when that is empty too: ``E108``. The bytes are decoded with the BOM, else UTF-8, else
  the charset the page declares, else charset-normalizer.
* ``.json``: one object or an array of objects; ``.jsonl``: one object per line (blank
  lines are skipped). A record is ``{"id", "text" or "html", "title", "url", "outlet",
  "published"}``, all optional except one of ``text``/``html`` (``E107``; an empty one is
  ``E101``). ``text`` wins over ``html`` when both are given; ``html`` is extracted as an
  HTML file is. ``id`` becomes ``meta.id`` (ints are stringified), else the sha1 of the
  text (``content_id``). A line that is not JSON (``E106``) or not an object (``E113``)
  is skipped with its line number and the rest goes on. JSON Lines are streamed line by
  line (a file or stdin is never read whole); ``doc.line`` is the line number. For a JSON
  array, ``doc.line`` is the line on which the record starts.
* ``published`` in a record may be ``YYYY-MM-DD`` or an ISO datetime (its date part is
  taken as written, no time-zone shift). Anything else (``2017-02-30``, ``yesterday``,
  ``22/09/2017``) does *not* drop the article: it is kept with ``published`` null and a
  warning ``"E110 impossible date ..."`` in ``doc.warnings`` (no data is lost; relative
  dates simply stay unresolved).

Precedence (OUTPUT.md): ``published`` and ``outlet`` given by the caller (``--published``,
``--outlet``) beat the record's, which beat the HTML metadata. ``title`` and ``url``:
the record's beat the HTML metadata.

Text is not changed beyond decoding (and, for HTML, extraction), so that offsets refer to
exactly what was read, with two exceptions: a byte-order mark is dropped, and in text read
from ``.txt`` files or stdin, ``\\r\\n`` and lone ``\\r`` line ends become ``\\n``
(universal newlines). The ``text`` of a JSON record is used exactly as given, CRs
included, since the caller owns that string.

Bad input (never raised, always yielded as ``InputError``; codes in ``sitroom.errors``):
E101 empty or whitespace only; E102 binary (NUL bytes, or a known magic number: PDF, ZIP,
PNG, GZIP, ELF …, named in the message); E103 over ``max_bytes`` per article (a single
text/HTML file is read at most ``max_bytes + 1`` bytes to decide; for JSON Lines the
limit applies per line; a ``.json`` file may hold many articles and is limited to
``MAX_JSON_FILE_BYTES`` as a whole and ``max_bytes`` per record); E104 is a *warning*
(kept, decoded with the encoding an HTML page declares or charset-normalizer detects;
``cp1252`` is named when it decodes the bytes identically); E105 undecodable; E106
malformed JSON (also a record string with a lone surrogate escape such as ``\ud800``,
which could not be written back out as UTF-8); E107 record without text/html; E108 no
main text in HTML; E109 not English with confidence ≥ 0.9 (with ``force=True`` the
article is kept, ``meta.language`` is the detected code and an ``E109 …`` warning is
added); E111 unsupported explicit suffix; E112 cannot read (missing path, OS error, or an
unexpected exception: for JSON it skips only that record); E113 JSON record that is not
an object. Warnings in ``doc.warnings`` are strings ``"CODE message"``; the CLI prints
them as ``path[:line]: CODE message``.

``meta.language`` is the detected code when the detector is confident (≥ 0.9), else
``"en"``, the language the pipeline assumes.
"""

from __future__ import annotations

import codecs
import io
import json
import logging
import os
import re
import sys
from collections.abc import Iterator, Sequence
from copy import deepcopy
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, BinaryIO

from sitroom.document import Document, content_id
from sitroom.errors import Errors, InputError
from sitroom.language import REJECT_CONFIDENCE, detect_language, is_confident_non_english
from sitroom.model import ArticleMeta

MAX_ARTICLE_BYTES = 5_000_000
MAX_JSON_FILE_BYTES = 200_000_000
MAX_TITLE_CHARS = 300
STDIN = "-"
STDIN_NAME = "<stdin>"

SUFFIXES = {
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
}

_HEAD = 65536  # bytes looked at to sniff a format
_CHUNK = 1 << 20

# trafilatura and friends log "discarding data" and the like at WARNING/ERROR; without a
# handler Python would print them on stderr. The CLI reports our own coded messages.
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "looks like a PDF document"),
    (b"PK\x03\x04", "looks like a ZIP archive (or .docx/.xlsx/.odt/.epub)"),
    (b"PK\x05\x06", "looks like an empty ZIP archive"),
    (b"\x89PNG\r\n\x1a\n", "looks like a PNG image"),
    (b"\xff\xd8\xff", "looks like a JPEG image"),
    (b"GIF87a", "looks like a GIF image"),
    (b"GIF89a", "looks like a GIF image"),
    (b"\x1f\x8b", "looks like a GZIP archive"),
    (b"BZh", "looks like a BZIP2 archive"),
    (b"\xfd7zXZ\x00", "looks like an XZ archive"),
    (b"7z\xbc\xaf\x27\x1c", "looks like a 7-Zip archive"),
    (b"Rar!\x1a\x07", "looks like a RAR archive"),
    (b"\x7fELF", "looks like an ELF executable"),
    (b"MZ", "looks like a Windows executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "looks like an old MS Office document (.doc/.xls)"),
    (b"SQLite format 3\x00", "looks like an SQLite database"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_HTML_RE = re.compile(
    rb"^\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta[\s>]|<title[\s>]"
    rb"|<article[\s>]|<div[\s>]|<p[\s>]|<\?xml[^>]*>\s*<(!doctype\s+)?html)",
    re.IGNORECASE,
)
_HTML_ANYWHERE_RE = re.compile(rb"<html[\s>]|<body[\s>]", re.IGNORECASE)
_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_ISO_DATE_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[Tt ]\S*)?\s*$")


@dataclass(frozen=True, slots=True)
class _Options:
    published: str | None
    outlet: str | None
    force: bool
    max_bytes: int


# --------------------------------------------------------------------------- public API


def iter_documents(
    paths: Sequence[str],
    *,
    published: date | None = None,
    outlet: str | None = None,
    force: bool = False,
    stdin: BinaryIO | None = None,
    max_bytes: int = MAX_ARTICLE_BYTES,
) -> Iterator[Document | InputError]:
    """Yield a ``Document`` per readable article and an ``InputError`` per skipped one.

    ``paths`` are processed in the order given; folders are walked in sorted order.
    ``published``/``outlet`` override what records and HTML pages say. ``stdin`` is the
    byte stream ``-`` reads (default ``sys.stdin.buffer``).
    """
    opts = _Options(
        published=_caller_date(published),
        outlet=(outlet.strip() or None) if isinstance(outlet, str) else None,
        force=force,
        max_bytes=max_bytes,
    )
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    for path in paths:
        path = os.fspath(path)
        yield from _guard(_read_path(path, opts, stdin), path if path != STDIN else STDIN_NAME)


def _read_path(
    path: str, opts: _Options, stdin: BinaryIO | None
) -> Iterator[Document | InputError]:
    if path == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        yield from _guard(_read_stream(stream, STDIN_NAME, None, opts, size=None), STDIN_NAME)
    elif os.path.isdir(path):
        for item in _walk(path):
            if isinstance(item, InputError):
                yield item
            else:
                file, kind = item
                yield from _guard(_read_file(file, kind, opts), file)
    elif os.path.exists(path):
        kind = _kind_for_explicit(path)
        if kind == "unsupported":
            suffix = os.path.splitext(path)[1]
            yield InputError("E111", source=path, suffix=suffix)
        else:
            yield from _guard(_read_file(path, kind, opts), path)
    else:
        yield InputError("E112", source=path, detail="no such file or folder")


def count_inputs(paths: Sequence[str]) -> int | None:
    """A cheap estimate of how many items ``iter_documents(paths)`` yields.

    JSON Lines files are counted by their non-blank lines, ``.json`` files by their
    records (parsed when under 50 MB, else estimated from ``"text"``/``"html"`` keys),
    every other file as one. ``None`` when stdin is among the paths.
    """
    total = 0
    for path in paths:
        path = os.fspath(path)
        if path == STDIN:
            return None
        try:
            if os.path.isdir(path):
                for item in _walk(path):
                    total += 1 if isinstance(item, InputError) else _count_file(*item)
            elif os.path.exists(path):
                kind = _kind_for_explicit(path)
                if kind == "sniff":
                    with open(path, "rb") as fh:
                        head = fh.read(_HEAD)
                    kind = _sniff(head, complete=len(head) < _HEAD)
                total += _count_file(path, kind) if kind in ("json", "jsonl") else 1
            else:
                total += 1
        except (OSError, ValueError):
            total += 1
    return total


# --------------------------------------------------------------------------- walking


def _kind_for_explicit(path: str) -> str:
    suffix = os.path.splitext(path)[1].lower()
    if not suffix:
        return "sniff"
    return SUFFIXES.get(suffix, "unsupported")


GOLD_SUFFIX = ".gold.json"


def _walk(root: str) -> Iterator[tuple[str, str] | InputError]:
    errors: list[OSError] = []
    found: list[tuple[tuple[str, ...], str, str]] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.startswith(".") or name.lower().endswith(GOLD_SUFFIX):
                continue  # hidden files; gold annotations (X.gold.json) are not articles
            kind = SUFFIXES.get(os.path.splitext(name)[1].lower())
            if kind is None:
                continue
            full = os.path.join(dirpath, name)
            key = tuple(os.path.relpath(full, root).split(os.sep))
            found.append((key, full, kind))
    for err in errors:
        yield InputError("E112", source=str(err.filename or root), detail=err.strerror or str(err))
    for _key, full, kind in sorted(found):
        yield full, kind


def _count_file(path: str, kind: str) -> int:
    if kind == "jsonl":  # non-blank lines, in bounded memory whatever the line length
        n, pending = 0, False
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(_CHUNK), b""):
                *complete, last = chunk.split(b"\n")
                for part in complete:
                    if pending or part.strip():
                        n += 1
                    pending = False
                pending = pending or bool(last.strip())
        return max(n + pending, 1)
    if kind == "json":
        size = os.path.getsize(path)
        if size <= 50_000_000:
            try:
                with open(path, "rb") as fh:
                    value = json.loads(fh.read().decode("utf-8-sig"))
                return max(len(value), 1) if isinstance(value, list) else 1
            except (ValueError, UnicodeDecodeError):
                return 1
        n = 0
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(_CHUNK), b""):
                n += chunk.count(b'"text"') + chunk.count(b'"html"')
        return max(n, 1)
    return 1


# --------------------------------------------------------------------------- reading


def _guard(items: Iterator[Document | InputError], source: str):
    """Turn an unexpected exception while reading ``source`` into E112."""
    try:
        yield from items
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
        yield InputError("E112", source=source, detail=_describe(exc))


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _read_file(path: str, kind: str, opts: _Options) -> Iterator[Document | InputError]:
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        yield InputError("E112", source=path, detail=exc.strerror or str(exc))
        return
    with fh:
        try:
            size = os.fstat(fh.fileno()).st_size
        except OSError:
            size = None
        yield from _read_stream(fh, path, kind, opts, size=size)


def _read_stream(
    stream: BinaryIO, source: str, kind: str | None, opts: _Options, *, size: int | None
) -> Iterator[Document | InputError]:
    if kind in (None, "sniff"):
        head = stream.read(_HEAD)
        kind = _sniff(head, complete=len(head) < _HEAD)
        stream = io.BufferedReader(_Prefixed(head, stream), buffer_size=_CHUNK)
    if kind == "jsonl":
        yield from _read_jsonl(stream, source, opts)
        return
    limit = MAX_JSON_FILE_BYTES if kind == "json" else opts.max_bytes
    data = stream.read(limit + 1)
    if len(data) > limit:
        yield InputError("E103", source=source, size=size or _drained(data, stream), limit=limit)
        return
    if kind == "json":
        yield from _read_json(data, source, opts)
    elif kind == "html":
        yield _html_doc(data, source, None, opts)
    else:
        yield _text_doc(data, source, opts)


def _drained(data: bytes, stream: BinaryIO) -> int:
    """Size of a too-large input: what was read plus the rest of the stream, discarded."""
    n = len(data)
    for chunk in iter(lambda: stream.read(_CHUNK), b""):
        n += len(chunk)
    return n


class _Prefixed(io.RawIOBase):
    """A raw stream that returns ``head`` first, then the rest of ``stream``."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self._head = memoryview(head)
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        chunk = self._stream.read(len(buffer))
        if not chunk:
            return 0
        n = len(chunk)
        buffer[:n] = chunk
        return n


def _sniff(head: bytes, *, complete: bool) -> str:
    """Guess the format of a stream from its first bytes (see the module docstring)."""
    sample = head
    for bom, encoding in _BOMS:
        if sample.startswith(bom):
            sample = sample[len(bom) :].decode(encoding, errors="ignore").encode("utf-8")
            break
    stripped = sample.lstrip()
    if stripped.startswith(b"{"):
        first, newline, _rest = stripped.partition(b"\n")
        if not newline and not complete:
            return "jsonl"  # one very long first line
        try:
            json.loads(first.decode("utf-8", errors="replace"))
            return "jsonl"
        except ValueError:
            pass
        if complete:  # a pretty-printed single object?
            try:
                json.loads(stripped.decode("utf-8", errors="replace"))
                return "json"
            except ValueError:
                return "text"
        return "json" if first.strip() == b"{" else "text"
    if stripped.startswith(b"["):
        return "json"
    if _HTML_RE.match(sample) or _HTML_ANYWHERE_RE.search(sample[:4096]):
        return "html"
    return "text"


# --------------------------------------------------------------------------- decoding


def _warning(code: str, **fmt: object) -> str:
    return f"{code} {getattr(Errors, code).format(**fmt)}"


def _binary_kind(data: bytes) -> str | None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            if magic == b"BZh" and not data[3:4].isdigit():
                continue
            if magic == b"MZ" and b"\x00" not in data[:512]:
                continue
            return what
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    half = len(sample) // 2
    if half < 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= 0.4 * half and even == 0:
        return "utf-16-le"
    if even >= 0.4 * half and odd == 0:
        return "utf-16-be"
    return None


def _decode(
    data: bytes, source: str, line: int | None, declared: str | None = None
) -> tuple[str, list[str]] | InputError:
    """Bytes to text: BOM, else UTF-8, else ``declared``, else charset-normalizer."""
    if not data.strip():
        return InputError("E101", source=source, line=line)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), []
            except UnicodeDecodeError:
                return InputError("E105", source=source, line=line)
    what = _binary_kind(data)
    if what:
        return InputError("E102", source=source, line=line, detail=what)
    if b"\x00" in data[:8192] or b"\x00" in data[-8192:]:
        encoding = _utf16_without_bom(data)
        if encoding:
            try:
                text = data.decode(encoding)
                return text, [_warning("E104", encoding=encoding)]
            except UnicodeDecodeError:
                pass
        return InputError("E102", source=source, line=line, detail="contains NUL bytes")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    if declared:
        encoding = _codec_name(declared)
        if encoding and encoding != "utf-8":
            try:
                return data.decode(encoding), [_warning("E104", encoding=encoding)]
            except UnicodeDecodeError:
                pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return InputError("E105", source=source, line=line)
    encoding = _codec_name(best.encoding) or best.encoding
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        text = str(best)
    if encoding != "cp1252":
        # single-byte code pages often agree on the bytes used (cp1250 vs cp1252 for
        # "é’“”"); then name the far more common Western one
        try:
            if data.decode("cp1252") == text:
                encoding = "cp1252"
        except UnicodeDecodeError:
            pass
    return text, [_warning("E104", encoding=encoding)]


def _codec_name(label: str) -> str | None:
    label = label.strip().lower()
    # as browsers do (WHATWG Encoding): these labels mean windows-1252
    if label in ("iso-8859-1", "iso8859-1", "latin1", "latin-1", "ascii", "us-ascii"):
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _universal_newlines(text: str) -> str:
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --------------------------------------------------------------------------- formats


def _text_doc(data: bytes, source: str, opts: _Options) -> Document | InputError:
    decoded = _decode(data, source, None)
    if isinstance(decoded, InputError):
        return decoded
    text, warnings = decoded
    text = _universal_newlines(text)
    if not text.strip():
        return InputError("E101", source=source)
    return _finish(
        text,
        source=source,
        line=None,
        opts=opts,
        warnings=warnings,
        title=_txt_title(text),
    )


def _txt_title(text: str) -> str | None:
    """The first non-blank line, when a blank line follows it."""
    lines = text.lstrip("\n").split("\n", 2)
    if len(lines) < 3 or lines[1].strip():
        return None
    title = lines[0].strip()
    if not title or len(title) > MAX_TITLE_CHARS:
        return None
    return title


def _html_doc(
    data: bytes | str,
    source: str,
    line: int | None,
    opts: _Options,
    record: dict[str, Any] | None = None,
    warnings: list[str] | None = None,
) -> Document | InputError:
    warnings = list(warnings or [])
    if isinstance(data, bytes):
        match = _CHARSET_RE.search(data[:4096])
        declared = match.group(1).decode("ascii", "ignore") if match else None
        decoded = _decode(data, source, line, declared=declared)
        if isinstance(decoded, InputError):
            return decoded
        html, more = decoded
        warnings += more
    else:
        html = data
    if not html.strip():
        return InputError("E101", source=source, line=line)
    extracted = _extract_html(html)
    if extracted is None:
        return InputError("E108", source=source, line=line)
    text, meta = extracted
    rec = record or {}
    return _finish(
        text,
        source=source,
        line=line,
        opts=opts,
        warnings=warnings,
        id=rec.get("id"),
        title=rec.get("title") or meta.get("title"),
        url=rec.get("url") or meta.get("url"),
        outlet=rec.get("outlet") or meta.get("outlet"),
        published=rec.get("published") or meta.get("published"),
        published_warning=rec.get("published_warning"),
    )


def _extract_html(html: str) -> tuple[str, dict[str, str | None]] | None:
    """Main text and metadata of an HTML page, or None when there is no text."""
    meta: dict[str, str | None] = {}
    text = ""
    try:
        import trafilatura

        result = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            date_extraction_params={
                "original_date": True,
                "extensive_search": False,
                "max_date": date.today().isoformat(),
            },
        )
    except Exception:  # noqa: BLE001 - fall back to lxml below
        result = None
    if result is not None:
        text = (getattr(result, "text", None) or "").strip()
        meta = {
            "title": _clean(getattr(result, "title", None)),
            "url": _clean(getattr(result, "url", None)),
            "outlet": _clean(getattr(result, "sitename", None)),
            "published": _clean(getattr(result, "date", None)),
        }
    if not text:
        fallback = _lxml_fallback(html)
        if fallback is None:
            return None
        text, fallback_meta = fallback
        for key, value in fallback_meta.items():
            meta[key] = meta.get(key) or value
    meta["published"] = _page_date(html, meta.get("url"))
    return text, meta


_DATE_MARKUP = (
    "//body//time | //body//meta | //body//abbr"
    " | //body//script[@type='application/ld+json']"
    " | //body//*[@itemprop='datePublished' or @itemprop='dateCreated']"
    " | //body//*[contains(@class, 'date') or contains(@class, 'publish')"
    " or contains(@class, 'timestamp') or contains(@class, 'byline')"
    " or contains(@id, 'date') or contains(@id, 'publish')][not(.//p)]"
)


def _page_date(html: str, url: str | None) -> str | None:
    """The publication date from the page's markup, never from its running text.

    htmldate, even in its fast mode, ends with a search for any bare date in the text,
    which in news is usually an event date ("on 2016-03-14 rebels attacked…"), not the
    publication date. So it is given only the ``<head>``, the URL and the body's
    date-bearing markup (``<time>``, ``datePublished``, JSON-LD, elements whose class or
    id names a date or byline and that hold no paragraph).
    """
    try:
        from htmldate import find_date
        from lxml import etree
        from lxml import html as lhtml

        tree = lhtml.document_fromstring(html)
        picked = [
            el
            for el in tree.xpath(_DATE_MARKUP)
            if el.tag in ("meta", "script") or len(el.text_content()) <= 200
        ]
        page = etree.Element("html")
        head = tree.find("head")
        page.append(deepcopy(head) if head is not None else etree.Element("head"))
        body = etree.SubElement(page, "body")
        seen: set[int] = set()
        for el in picked:
            if any(id(anc) in seen for anc in el.iterancestors()):
                continue  # already copied with an ancestor
            seen.add(id(el))
            copy = deepcopy(el)
            copy.tail = None
            body.append(copy)
        found = find_date(
            lhtml.fromstring(etree.tostring(page)),
            extensive_search=False,
            original_date=True,
            outputformat="%Y-%m-%d",
            url=url,
            max_date=date.today().isoformat(),
        )
    except Exception:  # noqa: BLE001 - no date is not an error
        return None
    parsed = _parse_published(found) if found else None
    return parsed if isinstance(parsed, str) else None


def _lxml_fallback(html: str) -> tuple[str, dict[str, str | None]] | None:
    from lxml import etree
    from lxml import html as lhtml

    try:
        tree = lhtml.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None
    meta: dict[str, str | None] = {
        "title": _clean(" ".join(tree.xpath("string(//title)").split())),
        "url": _clean(tree.xpath("string(//link[@rel='canonical']/@href)")),
        "outlet": _clean(tree.xpath("string(//meta[@property='og:site_name']/@content)")),
        "published": _clean(
            tree.xpath("string(//meta[@property='article:published_time']/@content)")
        ),
    }
    for bad in tree.xpath(
        "//script|//style|//noscript|//nav|//header|//footer|//aside|//form|//title"
    ):
        bad.drop_tree()
    paragraphs = [" ".join(p.text_content().split()) for p in tree.iter("p")]
    paragraphs = [p for p in paragraphs if p]
    if paragraphs:
        return "\n".join(paragraphs), meta
    body = tree.find("body")
    root = body if body is not None else tree
    lines = [" ".join(ln.split()) for ln in root.text_content().splitlines()]
    text = "\n".join(ln for ln in lines if ln)
    return (text, meta) if text else None


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def _read_json(data: bytes, source: str, opts: _Options) -> Iterator[Document | InputError]:
    decoded = _decode(data, source, None)
    if isinstance(decoded, InputError):
        yield decoded
        return
    text, warnings = decoded
    decoder = json.JSONDecoder()
    pos = _skip_ws(text, 0)
    if pos < len(text) and text[pos] == "[":
        # walk the array element by element so each record knows its line
        pos = _skip_ws(text, pos + 1)
        if pos < len(text) and text[pos] == "]":
            if text[_skip_ws(text, pos + 1) :].strip():
                yield _json_error(text, pos + 1, "extra data after the array", source)
            return
        while True:
            line = text.count("\n", 0, pos) + 1
            try:
                value, pos = decoder.raw_decode(text, pos)
            except json.JSONDecodeError as exc:
                yield _json_error(text, exc.pos, exc.msg, source)
                return
            yield _safe_record_doc(value, source, line, opts, warnings)
            pos = _skip_ws(text, pos)
            if pos < len(text) and text[pos] == ",":
                pos = _skip_ws(text, pos + 1)
                continue
            if pos < len(text) and text[pos] == "]":
                rest = _skip_ws(text, pos + 1)
                if rest < len(text):
                    yield _json_error(text, rest, "extra data after the array", source)
                return
            yield _json_error(text, pos, "expected ',' or ']' between records", source)
            return
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        yield _json_error(text, exc.pos, exc.msg, source)
        return
    yield _safe_record_doc(value, source, None, opts, warnings)


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _json_error(text: str, pos: int, msg: str, source: str) -> InputError:
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return InputError("E106", source=source, line=line, detail=f"{msg} (column {column})")


def _read_jsonl(stream: BinaryIO, source: str, opts: _Options) -> Iterator[Document | InputError]:
    head = stream.read(4)
    encoding = next((enc for bom, enc in _BOMS if head.startswith(bom)), None)
    reader: Any
    if encoding and encoding != "utf-8":
        # UTF-16/32 lines cannot be split on b"\n": decode the stream as it is read
        # "utf-16"/"utf-32" (no byte order in the name) read and drop the BOM themselves
        reader = io.TextIOWrapper(
            io.BufferedReader(_Prefixed(head, stream)), encoding=encoding[:6], newline="\n"
        )
        newline: Any = "\n"
    else:
        reader = io.BufferedReader(_Prefixed(head, stream), buffer_size=_CHUNK)
        newline = b"\n"
    limit = opts.max_bytes
    lineno = 0
    while True:
        chunk = reader.readline(limit + 1)
        if not chunk:
            return
        lineno += 1
        if len(chunk) > limit and not chunk.endswith(newline):
            size = len(chunk)
            while True:
                more = reader.readline(_CHUNK)
                if not more:
                    break
                size += len(more)
                if more.endswith(newline):
                    break
            yield InputError("E103", source=source, line=lineno, size=size, limit=limit)
            continue
        if isinstance(chunk, bytes):
            if lineno == 1 and chunk.startswith(codecs.BOM_UTF8):
                chunk = chunk[len(codecs.BOM_UTF8) :]
            if not chunk.strip():
                continue
            try:
                line_text, warnings = chunk.decode("utf-8"), []
            except UnicodeDecodeError:
                decoded = _decode(chunk, source, lineno)
                if isinstance(decoded, InputError):
                    yield decoded
                    continue
                line_text, warnings = decoded
        else:
            if not chunk.strip():
                continue
            line_text, warnings = chunk, []
        try:
            value = json.loads(line_text)
        except json.JSONDecodeError as exc:
            yield InputError(
                "E106", source=source, line=lineno, detail=f"{exc.msg} (column {exc.colno})"
            )
            continue
        yield _safe_record_doc(value, source, lineno, opts, warnings)


def _safe_record_doc(
    value: Any, source: str, line: int | None, opts: _Options, warnings: list[str]
) -> Document | InputError:
    """One record; an unexpected exception skips only this record (E112 with its line)."""
    try:
        return _record_doc(value, source, line, opts, warnings)
    except Exception as exc:  # noqa: BLE001 - the rest of the file goes on
        return InputError("E112", source=source, line=line, detail=_describe(exc))


def _record_doc(
    value: Any, source: str, line: int | None, opts: _Options, warnings: list[str]
) -> Document | InputError:
    if not isinstance(value, dict):
        return InputError("E113", source=source, line=line)
    warnings = list(warnings)
    text, html = value.get("text"), value.get("html")
    rec: dict[str, Any] = {
        "id": value.get("id"),
        "title": _clean(value.get("title")),
        "url": _clean(value.get("url")),
        "outlet": _clean(value.get("outlet")),
    }
    raw_published = value.get("published")
    if raw_published is not None and raw_published != "":
        parsed = _parse_published(raw_published)
        if isinstance(parsed, str):
            rec["published"] = parsed
        else:
            rec["published_warning"] = _warning("E110", value=raw_published)
    payload = text if isinstance(text, str) and text.strip() else None
    if payload is None and not (isinstance(html, str) and html.strip()):
        if isinstance(text, str) or isinstance(html, str):
            return InputError("E101", source=source, line=line)
        return InputError("E107", source=source, line=line)
    for key in ("text", "html", "title", "url", "outlet", "id"):
        field_value = value.get(key)
        if isinstance(field_value, str) and _has_lone_surrogate(field_value):
            return InputError(
                "E106", source=source, line=line, detail=f"lone surrogate escape in {key!r}"
            )
    size = len((payload if payload is not None else html).encode("utf-8"))
    if size > opts.max_bytes:
        return InputError("E103", source=source, line=line, size=size, limit=opts.max_bytes)
    if payload is None:
        return _html_doc(html, source, line, opts, record=rec, warnings=warnings)
    return _finish(
        payload,
        source=source,
        line=line,
        opts=opts,
        warnings=warnings,
        id=rec["id"],
        title=rec["title"],
        url=rec["url"],
        outlet=rec["outlet"],
        published=rec.get("published"),
        published_warning=rec.get("published_warning"),
    )


def _has_lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


# --------------------------------------------------------------------------- metadata


def _caller_date(value: date | str | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    parsed = _parse_published(value)
    return parsed if isinstance(parsed, str) else None


def _parse_published(value: Any) -> str | None | bool:
    """``YYYY-MM-DD`` from a date or an ISO datetime; False when it is not a real date."""
    if not isinstance(value, str):
        return False
    match = _ISO_DATE_RE.match(value)
    if not match:
        return False
    try:
        return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError:
        return False


def _record_id(value: Any, text: str) -> str:
    if isinstance(value, bool):
        value = None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return content_id(text)


def _finish(
    text: str,
    *,
    source: str,
    line: int | None,
    opts: _Options,
    warnings: list[str],
    id: Any = None,  # noqa: A002
    title: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    published_warning: str | None = None,
) -> Document | InputError:
    """Language check, precedence of caller over record over page, and the Document."""
    warnings = list(warnings)
    code, conf = detect_language(text)
    language = code if conf >= REJECT_CONFIDENCE else "en"
    if is_confident_non_english(code, conf):
        if not opts.force:
            return InputError("E109", source=source, line=line, lang=code, conf=conf)
        warnings.append(
            f"E109 not English (detected '{code}', confidence {conf:.2f}); processed anyway (force)"
        )
    if opts.published is not None:
        final_published = opts.published
    else:
        final_published = published
    if published_warning:
        warnings.append(published_warning)
    meta = ArticleMeta(
        id=_record_id(id, text),
        title=title,
        url=url,
        outlet=opts.outlet or outlet,
        published=final_published,
        language=language,
    )
    return Document(text=text, meta=meta, source=source, line=line, warnings=warnings)
