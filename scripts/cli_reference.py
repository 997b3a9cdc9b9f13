"""Write docs/cli.md, the command-line reference, from the CLI itself (its help texts).

    .venv/bin/python scripts/cli_reference.py          # rewrite docs/cli.md
    .venv/bin/python scripts/cli_reference.py --check  # exit 1 when docs/cli.md is stale

tests/test_docs.py fails when the file is stale or a command, argument or option has no help.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer.main

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "cli.md"

HEADER = """# Command-line reference

Generated from the CLI's own help by `scripts/cli_reference.py`; do not edit by hand
(`tests/test_docs.py` fails when this file is stale). TIV figures are SIPRI trend-indicator
values (a volume measure, in millions), never money. Every command that prints JSON prints
errors as `{"error": {"status", "code", "message", ...}}` with exit code 1; without `--json`
an error is one line on stderr.
"""


# Typer ships its own copy of click, so parameters and groups are told apart by their
# attributes, not by click's classes.


def _argument(p: Any) -> bool:
    return getattr(p, "param_type_name", "") == "argument"


def _default(p: Any) -> str:
    if p.default is None or p.default is False or _argument(p):
        return ""
    value = getattr(p.default, "value", p.default)
    return f" (default: `{value}`)"


def _name(p: Any) -> str:
    if _argument(p):
        return str(p.name).upper()
    return ", ".join(p.opts + p.secondary_opts)


def _usage(full: str, cmd: Any) -> str:
    args = [(_name(p) if p.required else f"[{_name(p)}]") for p in cmd.params if _argument(p)]
    return " ".join([full, "[OPTIONS]", *args])


def commands(group: Any, prefix: str = "armsledger") -> list[tuple[str, Any]]:
    """Every command, sorted by its full name, groups expanded."""
    out: list[tuple[str, Any]] = []
    for name in sorted(group.commands):
        cmd = group.commands[name]
        full = f"{prefix} {name}"
        if hasattr(cmd, "commands"):
            out += commands(cmd, full)
        else:
            out.append((full, cmd))
    return out


def missing_help(app: Any) -> list[str]:
    """Commands, arguments and options without help text (each is a defect)."""
    root = typer.main.get_command(app)
    out = []
    for full, cmd in commands(root):
        if not (cmd.help or "").strip():
            out.append(full)
        for p in cmd.params:
            if not (getattr(p, "help", None) or "").strip():
                out.append(f"{full} {_name(p)}")
    return out


def render(app: Any) -> str:
    root = typer.main.get_command(app)
    lines = [HEADER, "## Global options", ""]
    for p in root.params:
        lines.append(f"- `{_name(p)}`: {getattr(p, 'help', '')}{_default(p)}")
    for full, cmd in commands(root):
        lines += ["", f"## `{full}`", "", (cmd.help or "").strip(), "", "```",
                  _usage(full, cmd), "```", ""]
        for p in cmd.params:
            if p.name == "help":
                continue
            lines.append(f"- `{_name(p)}`: {getattr(p, 'help', '') or ''}{_default(p)}")
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str]) -> int:
    from armsledger.cli import app

    text = render(app)
    if "--check" in argv:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT} is stale: run scripts/cli_reference.py", file=sys.stderr)
            return 1
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
