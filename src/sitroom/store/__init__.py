"""The embedded store: sitroom's records in one DuckDB file (see docs/store.md).

``Store.open(path)`` opens (creating and migrating) the file for the one writer;
``Store.open(path, read_only=True)`` for readers. ``ingest`` extracts and writes;
``sitroom.store.queries`` reads contract models back.
"""

from sitroom.store.db import ENV_DB, Store, StoreError, default_db_path
from sitroom.store.ingestion import IngestOptions, Ingestor, IngestStats, ingest
from sitroom.store.writer import ArticleInput

__all__ = [
    "ENV_DB",
    "ArticleInput",
    "IngestOptions",
    "IngestStats",
    "Ingestor",
    "Store",
    "StoreError",
    "default_db_path",
    "ingest",
]
