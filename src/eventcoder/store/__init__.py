"""The DuckDB store: ingest, cross-article merge, near-duplicate detection and exports
(JSON Lines, ACLED CSV, GeoJSON, PLOVER, Parquet)."""
