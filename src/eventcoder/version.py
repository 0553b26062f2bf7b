"""The package version, in a module of its own so that any layer may read it."""

__version__ = "0.1.0"

# Revision of the packaged gazetteer build (geo/build.py): raised whenever the build writes
# different places, names or tables, so that a file built by older code is rebuilt and
# lives under its own name (Settings.resolved_gazetteer_path).
GAZETTEER_BUILD = 3
