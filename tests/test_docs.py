"""Every CLI command and option, and every setting, is documented; every option is used
in an example command line of docs/cli.md that the CLI accepts."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import io
import re
import shlex
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


def _example_lines(text: str) -> list[str]:
    """The command lines of docs/cli.md that start with ``eventcoder``: in fenced blocks
    (a trailing backslash continues a line) and in inline code."""
    lines = []
    for block in re.findall(r"^```[\w-]*\n(.*?)^```", text, flags=re.M | re.S):
        for line in re.sub(r"\\\n\s*", " ", block).splitlines():
            if line.strip().startswith("eventcoder "):
                lines.append(line.strip())
    lines += re.findall(r"`(eventcoder [^`]+)`", text)
    return lines


def _parsed_examples(text: str) -> list[tuple[list[str], argparse.Namespace]]:
    """Each example the CLI's parser accepts, as its words (before any shell pipe,
    redirection or comment) and the parsed arguments; the synopses (``[--quiet]``,
    ``INPUT...``) are not accepted, so they do not count."""
    parsed = []
    for line in _example_lines(text):
        words = shlex.split(re.split(r" (?:\||>|&|#) ?", line)[0])
        try:
            with contextlib.redirect_stderr(io.StringIO()), \
                    contextlib.redirect_stdout(io.StringIO()):
                ns = build_parser().parse_args(words[1:])
        except SystemExit as done:
            if done.code != 0:  # 0: an option that answers and exits (--version)
                continue
            ns = argparse.Namespace()
        parsed.append((words, ns))
    return parsed


def _options(parser: argparse.ArgumentParser, prefix: str):
    """(command, option strings of one option) for every option of every command."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _options(sub, f"{prefix} {name}")
        elif action.option_strings and "--help" not in action.option_strings:
            yield prefix, tuple(action.option_strings)


def test_every_option_is_used_in_an_example_the_cli_accepts():
    examples = _parsed_examples((DOCS / "cli.md").read_text())
    assert len(examples) > 30
    missing = []
    for cmd, opts in _options(build_parser(), "eventcoder"):
        path = cmd.split()[1:]

        def uses(words: list[str], path: list[str] = path, opts: tuple[str, ...] = opts) -> bool:
            rest = iter(w for w in words[1:] if not w.startswith("-"))
            in_cmd = all(p in rest for p in path)  # the command's words, in order
            return in_cmd and any(w in opts or w.split("=")[0] in opts for w in words)

        if not any(uses(words) for words, _ in examples):
            missing.append(f"{cmd} {opts[-1]}")
    assert not missing, f"options with no example in docs/cli.md: {missing}"
