"""The docs keep up with the code: every error code and every command is documented."""

from __future__ import annotations

import re
from pathlib import Path

from sitroom.cli import app
from sitroom.errors import Errors

ROOT = Path(__file__).resolve().parents[1]


def test_every_error_code_is_in_docs_errors_md():
    doc = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    codes = [name for name in vars(Errors) if re.fullmatch(r"E\d{3}", name)]
    assert len(codes) >= 20
    missing = [c for c in codes if f"| {c} |" not in doc]
    assert missing == []


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    names += [g.name for g in app.registered_groups]
    assert {"extract", "ingest", "incidents", "export", "serve", "eval", "schema"} <= set(names)
    missing = [n for n in names if n not in ("version",) and f"sitroom {n}" not in readme]
    assert missing == []
