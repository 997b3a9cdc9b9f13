"""The generated CLI reference is current, and every command, argument and option has help
(sqlite-utils' rule: a command without docs is a defect)."""

from __future__ import annotations

import runpy

from samples import REPO

from armsledger.cli import app

SCRIPT = runpy.run_path(str(REPO / "scripts" / "cli_reference.py"))


def test_every_command_and_option_has_help():
    assert SCRIPT["missing_help"](app) == []


def test_cli_reference_is_current():
    expected = SCRIPT["render"](app)
    current = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == expected, "docs/cli.md is stale: run scripts/cli_reference.py"


def test_reference_lists_every_command():
    text = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    for name in ("load", "releases", "deals", "profile", "top", "trend", "report", "screen",
                 "diff", "serve", "fetch", "claims check", "embargoes list"):
        assert f"## `armsledger {name}`" in text, name
