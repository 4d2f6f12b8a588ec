"""`python -m pipeline COMMAND --help`: every command says what it does and shows examples;
every argument has a description, and says its default or, when required, gives an example."""

from __future__ import annotations

import argparse

import pytest

from pipeline.cli import COMMANDS, main
from pipeline.cli.parser import make_parser


def commands() -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in make_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def test_every_command_has_help_and_a_function() -> None:
    assert sorted(commands()) == sorted(COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_command_describes_itself_and_shows_examples(name: str) -> None:
    parser = commands()[name]
    assert parser.description and len(parser.description) > 20
    assert "examples:" in parser.epilog and f"python -m pipeline {name}" in parser.epilog
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        assert action.help and len(action.help) > 15, (name, action.dest)
        required = action.required or (not action.option_strings and action.nargs is None)
        assert ("e.g." in action.help) if required else ("default" in action.help), (
            name, action.dest, action.help)


def test_help_prints_and_exits_zero(capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main(["verify", "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "(default:" in out and "examples:" in out and "Traceback" not in out


def test_the_main_help_lists_the_exit_codes(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for code in ("0  done", "1  a check found problems", "2  an input or usage error",
                 "3  an internal error"):
        assert code in out
