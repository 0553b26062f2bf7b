"""The options shared by the commands that write records (``extract``, ``ingest``,
``batch``, ``serve``): a config file and the quality controls, turned into one
``Settings`` by ``Settings.load`` (precedence: flags > environment > file > defaults;
docs/cli.md, "Quality controls and the config file")."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from eventcoder.settings import ONLY_CHOICES, Settings

# Settings field -> the flag that sets it (for error messages).
FLAG_OF = {
    "min_confidence": "--min-confidence",
    "keep_background": "--background",
    "only": "--only",
    "actor_files": "--actors",
    "countries": "--countries",
    "since": "--since",
    "until": "--until",
    "gazetteer_path": "--gazetteer",
    "full_parse": "--full-parse",
}


def add_quality_options(p: argparse.ArgumentParser) -> None:
    """``--config`` and the quality controls."""
    p.add_argument("--config", metavar="FILE",
                   help="TOML config file of settings (flags and EVENTCODER_* variables win)")
    p.add_argument("--min-confidence", metavar="X",
                   help="drop records whose confidence is below X (0-1; default 0.3)")
    p.add_argument("--background", action=argparse.BooleanOptionalAction, default=None,
                   help="keep (default) or drop background events recalled from before")
    p.add_argument("--only", choices=list(ONLY_CHOICES), default=None,
                   help="keep only records with an ACLED type (acled), with a PLOVER type"
                        " (plover), or all (default)")
    p.add_argument("--actors", action="append", metavar="FILE",
                   help="your own actor dictionary file, JSON Lines (repeatable)")
    p.add_argument("--countries", metavar="A,B",
                   help="keep only records located in these countries (names or ISO codes)")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="keep only records dated on or after")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="keep only records dated on or before")


def overrides(args: argparse.Namespace) -> dict[str, Any]:
    """The settings the flags of ``args`` give (None: not given)."""
    out: dict[str, Any] = {
        "min_confidence": getattr(args, "min_confidence", None),
        "keep_background": getattr(args, "background", None),
        "only": getattr(args, "only", None),
        "actor_files": getattr(args, "actors", None),
        "countries": getattr(args, "countries", None),
        "since": getattr(args, "since", None),
        "until": getattr(args, "until", None),
        "gazetteer_path": getattr(args, "gazetteer", None),
        "full_parse": True if getattr(args, "full_parse", False) else None,
    }
    return {k: v for k, v in out.items() if v is not None}


def settings_from_args(args: argparse.Namespace) -> Settings:
    """One ``Settings`` from the config file, the environment and the flags of ``args``."""
    config = getattr(args, "config", None)
    return Settings.load(config=Path(config) if config else None, overrides=overrides(args),
                         names=FLAG_OF)
