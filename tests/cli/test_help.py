"""Every command has help, and every command is documented in docs/cli.md."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from storydesk.cli import app

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = [c.name or c.callback.__name__ for c in app.registered_commands]  # type: ignore[union-attr]


def test_there_are_commands() -> None:
    assert {"brief", "ingest", "articles", "show", "rejections"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_command_has_help(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    assert len(result.output.splitlines()) > 3


@pytest.mark.parametrize("command", COMMANDS)
def test_command_is_documented(command: str) -> None:
    doc = (ROOT / "docs" / "cli.md").read_text("utf-8")
    assert f"### `storydesk {command}" in doc, f"docs/cli.md does not document `storydesk {command}`"


def test_exit_codes_documented() -> None:
    import storydesk.cli as cli

    doc = (ROOT / "docs" / "cli.md").read_text("utf-8")
    for code in range(cli.EXIT_NOT_FOUND + 1):
        assert f"| {code} |" in doc
