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


def _section(text: str, title: str) -> str:
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end >= 0 else None]


def test_every_config_key_is_documented_with_its_variable_and_an_example():
    """Every key a config file may hold (each ``Settings`` field) is in docs/cli.md's
    config section with its ``EVENTCODER_*`` variable and a ``key = value`` example that
    ``Settings.load`` accepts."""
    import tomllib

    section = _section((DOCS / "cli.md").read_text(), "Quality controls and the config file")
    for f in dataclasses.fields(Settings):
        assert f"| `{f.name}` |" in section, f"config key {f.name} is not in docs/cli.md"
        assert f"`EVENTCODER_{f.name.upper()}`" in section, f"no variable for {f.name}"
        example = re.search(rf"`({re.escape(f.name)} = [^`]+)`", section)
        assert example, f"config key {f.name} has no example in docs/cli.md"
        values = tomllib.loads(example.group(1))
        Settings.load(env={}, overrides=values)  # the example is a valid value
