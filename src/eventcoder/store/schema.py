"""The store's schema: numbered migrations. ``schema_version`` records the ones applied, so
an older file is upgraded when opened (docs/store.md lists the tables)."""

from __future__ import annotations

from collections.abc import Callable

import duckdb


def _m1(c: duckdb.DuckDBPyConnection) -> None:
    c.execute("""CREATE TABLE articles (
        id VARCHAR PRIMARY KEY, text VARCHAR, title VARCHAR, published DATE, url VARCHAR,
        outlet VARCHAR, origin VARCHAR, text_hash VARCHAR, skipped VARCHAR, run_id VARCHAR,
        ingested_at TIMESTAMP)""")
    c.execute("""CREATE TABLE mentions (
        event_id VARCHAR PRIMARY KEY, article_id VARCHAR NOT NULL, event_date DATE,
        event_type VARCHAR, sub_event_type VARCHAR, plover_type VARCHAR, country VARCHAR,
        lat DOUBLE, lon DOUBLE, fatalities INTEGER, background BOOLEAN, record JSON)""")
    c.execute("CREATE INDEX mentions_article ON mentions (article_id)")
    c.execute("""CREATE TABLE runs (
        run_id VARCHAR PRIMARY KEY, started TIMESTAMP, finished TIMESTAMP,
        eventcoder_version VARCHAR, model_version VARCHAR, gazetteer_version VARCHAR,
        settings_fingerprint VARCHAR, articles_read INTEGER, articles_new INTEGER,
        articles_skipped INTEGER, inputs_failed INTEGER, mentions_new INTEGER,
        events_total INTEGER)""")


def _m2(c: duckdb.DuckDBPyConnection) -> None:
    c.execute("ALTER TABLE articles ADD COLUMN dup_of VARCHAR")
    c.execute("ALTER TABLE articles ADD COLUMN minhash BLOB")
    c.execute("CREATE TABLE article_bands (article_id VARCHAR, band_hash BIGINT)")
    c.execute("CREATE INDEX article_bands_hash ON article_bands (band_hash)")
    c.execute("""CREATE TABLE events (
        event_id VARCHAR PRIMARY KEY, event_date DATE, event_type VARCHAR,
        sub_event_type VARCHAR, plover_type VARCHAR, country VARCHAR, lat DOUBLE, lon DOUBLE,
        fatalities INTEGER, background BOOLEAN, actors VARCHAR, n_articles INTEGER,
        n_independent INTEGER, mention_ids VARCHAR[], record JSON)""")
    c.execute("CREATE INDEX events_date ON events (event_date)")


MIGRATIONS: tuple[Callable[[duckdb.DuckDBPyConnection], None], ...] = (_m1, _m2)
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(c: duckdb.DuckDBPyConnection, target: int = SCHEMA_VERSION) -> int:
    """Apply migrations up to ``target``, each in its own transaction; returns the version."""
    c.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER, applied TIMESTAMP)")
    row = c.execute("SELECT max(version) FROM schema_version").fetchone()
    current = int(row[0]) if row and row[0] is not None else 0
    for n in range(current + 1, target + 1):
        c.execute("BEGIN TRANSACTION")
        try:
            MIGRATIONS[n - 1](c)
            c.execute("INSERT INTO schema_version VALUES (?, now())", [n])
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise
        current = n
    return current
