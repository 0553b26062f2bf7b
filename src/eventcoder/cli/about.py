"""``eventcoder --version``: eventcoder's version, the spaCy model's and the gazetteer's,
read from package metadata and the gazetteer file without loading the model or building
anything."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from eventcoder.geo.provision import gazetteer_status
from eventcoder.nlp.loading import model_package_info
from eventcoder.settings import Settings
from eventcoder.version import __version__


def version_lines(settings: Settings) -> list[str]:
    """Three lines: eventcoder, the spaCy model (``Settings.spacy_model``), the gazetteer
    (``Settings.resolved_gazetteer_path()``)."""
    m = model_package_info(settings.spacy_model)
    if m.problem is not None and m.name is None:
        model = f"{m.model} ({m.problem})"
    else:
        model = f"{m.name} {m.version or '?'}"
        extra = []
        if m.distribution:
            extra.append(f"package {m.distribution} {m.distribution_version or '?'}")
        spacy = f"spaCy {m.spacy_version or 'not installed'}"
        if m.spacy_required:
            spacy += f", model needs {m.spacy_required}"
        extra.append(spacy)
        model += f" ({'; '.join(extra)})"
    g = gazetteer_status(settings.resolved_gazetteer_path())
    if not g["built"]:
        gaz = f"{g['path']} (not built; `eventcoder gazetteer build` makes it)"
    elif g["problem"] is not None:
        gaz = f"{g['path']} (unusable: {g['problem']})"
    else:
        places = f"{g['places']:,} places" if g["places"] is not None else "? places"
        gaz = f"{g['path']} ({g['version']}, built {g['built_at']}, {places})"
    return [f"eventcoder {__version__}", f"spaCy model: {model}", f"gazetteer: {gaz}"]


class VersionAction(argparse.Action):
    """``--version``: print ``version_lines`` for the default settings and exit 0."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 default: Any = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0,
                         help=help or "print the versions of eventcoder, its model and gazetteer")

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: str | Sequence[Any] | None, option_string: str | None = None) -> None:
        sys.stdout.write("\n".join(version_lines(Settings())) + "\n")
        parser.exit(0)
