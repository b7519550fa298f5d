"""JSON Schema of the contract, generated from the pydantic models."""

from __future__ import annotations

import json
from pathlib import Path

from sitroom.model import ArticleRecord, IncidentsRecord

SCHEMAS = {"article.schema.json": ArticleRecord, "incidents.schema.json": IncidentsRecord}


def render_schema(model) -> str:
    schema = model.model_json_schema(by_alias=True, mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = model.model_fields["schema_"].default
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def write_schemas(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in SCHEMAS.items():
        path = out_dir / name
        path.write_text(render_schema(model), encoding="utf-8")
        written.append(path)
    return written


def check_schemas(out_dir: Path) -> list[str]:
    """Names of schema files that are missing or differ from what the models generate."""
    stale = []
    for name, model in SCHEMAS.items():
        path = out_dir / name
        if not path.exists() or path.read_text(encoding="utf-8") != render_schema(model):
            stale.append(name)
    return stale
