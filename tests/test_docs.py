"""Every CLI command and option, and every setting, is documented."""

from __future__ import annotations

import argparse
import dataclasses
import re
from pathlib import Path

from eventcoder.cli.main import build_parser
from eventcoder.settings import Settings

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _walk(parser: argparse.ArgumentParser, prefix: str):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _walk(sub, f"{prefix} {name}")
        elif action.option_strings:
            for opt in action.option_strings:
                if opt not in ("-h", "--help"):
                    yield prefix, opt


def _commands(parser: argparse.ArgumentParser, prefix: str):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield f"{prefix} {name}"
                yield from _commands(sub, f"{prefix} {name}")


def test_every_command_is_documented_with_an_example():
    text = (DOCS / "cli.md").read_text()
    for cmd in _commands(build_parser(), "eventcoder"):
        assert re.search(re.escape(cmd) + r"\b", text), f"{cmd} is not documented in docs/cli.md"
        top = cmd.split()[1]
        assert f"eventcoder {top}" in text


def test_every_option_is_documented():
    text = (DOCS / "cli.md").read_text()
    for cmd, opt in _walk(build_parser(), "eventcoder"):
        assert opt in text, f"{cmd} {opt} is not documented in docs/cli.md"


def test_every_setting_is_documented():
    text = (DOCS / "settings.md").read_text()
    for f in dataclasses.fields(Settings):
        assert f"`{f.name}`" in text, f"setting {f.name} is not documented in docs/settings.md"
