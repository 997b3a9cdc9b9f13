"""Raw file handling shared by every reader: bytes, encoding, preamble, problem collection."""

from __future__ import annotations

import gzip
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import polars as pl

from armsledger.errors import InputError, Problem

MAX_PROBLEMS = 50
"""Errors are collected up to this many so a user can fix a file in one pass."""

_GENERATED = re.compile(r"Data generated:\s*(\d{1,2} \w{3} \d{4})")


@dataclass(slots=True)
class RawFile:
    """A file's bytes, as UTF-8, split into preamble lines and a CSV body."""

    path: str
    sha256: str
    encoding: str
    data: bytes
    """The whole file as UTF-8 without BOM (line ends as in the file)."""
    line_ending: str

    def release(self) -> None:
        """Drop the file's bytes once a reader is done with them (big files: free memory)."""
        self.data = b""

    def head_lines(self, n: int = 40) -> list[str]:
        head = self.data[: 64 * 1024].decode("utf-8", errors="replace")
        lines = head.split("\n")[:n]
        return [ln.rstrip("\r") for ln in lines]

    def body_offset(self, header_index: int) -> int:
        """Byte offset of line ``header_index`` (0-based)."""
        pos = 0
        for _ in range(header_index):
            pos = self.data.index(b"\n", pos) + 1
        return pos


@dataclass(slots=True)
class ProblemLog:
    """Collects problems for one file, up to ``limit``."""

    file: str
    limit: int = MAX_PROBLEMS
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    truncated: bool = False

    def add(self, line: int | None, column: str | None, message: str) -> None:
        if len(self.problems) >= self.limit:
            self.truncated = True
            return
        self.problems.append(Problem(self.file, line, column, message))

    def warn(self, line: int | None, column: str | None, message: str) -> None:
        self.warnings.append(Problem(self.file, line, column, message))

    def add_rows(self, bad: pl.DataFrame, column: str, message: str) -> None:
        """Add one problem per row of ``bad`` (columns ``line`` and ``value``).

        ``message`` may use ``{value}``.
        """
        if bad.height == 0:
            return
        room = self.limit - len(self.problems)
        if bad.height > room:
            self.truncated = True
        for line, value in bad.select("line", "value").head(max(room, 0)).iter_rows():
            self.add(line, column, message.format(value=value))

    @property
    def full(self) -> bool:
        return len(self.problems) >= self.limit

    def raise_if_any(self) -> None:
        if self.problems:
            self.problems.sort(key=lambda p: (p.line or 0, p.column or ""))
            raise InputError(self.problems, self.truncated)


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13))
    return controls > len(sample) * 0.01


def read_raw(path: str | Path) -> RawFile:
    """Read a file (optionally gzip-compressed) and normalise it to UTF-8 bytes.

    Handles UTF-8, UTF-8 with BOM and Latin-1 (SIPRI's older exports). The SHA-256 is of
    the file's content as stored (after gzip decompression), so a bundled ``.csv.gz`` and
    the original ``.csv`` are recognised as the same file.
    """
    p = Path(path)
    name = str(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(name, None, None, "file not found")]) from None
    except OSError as e:
        raise InputError([Problem(name, None, None, f"cannot read file: {e.strerror}")]) from e
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as e:
            raise InputError([Problem(name, None, None, f"broken gzip data: {e}")]) from e
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise InputError([Problem(name, 1, None, "the file is empty; expected a SIPRI CSV export")])
    if _looks_binary(data):
        raise InputError(
            [Problem(name, None, None, "this is not a text file; expected a SIPRI CSV export")]
        )
    if data.startswith(b"\xef\xbb\xbf"):
        encoding, data = "utf-8-sig", data[3:]
    elif data.isascii():
        encoding = "utf-8"  # fast: no decoded copy of a big file
    else:
        try:
            data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            # SIPRI's older exports are ISO-8859-1; every byte sequence is valid Latin-1.
            encoding = "latin-1"
            data = data.decode("latin-1").encode("utf-8")
    crlf = data[:4096].count(b"\r\n")
    return RawFile(name, sha, encoding, data, "\r\n" if crlf else "\n")


def parse_generated_on(lines: list[str]) -> date | None:
    """The 'Data generated: 12 Feb 2026 ...' date in a SIPRI preamble, if any."""
    for line in lines:
        m = _GENERATED.search(line)
        if m:
            try:
                return datetime.strptime(m.group(1), "%d %b %Y").date()
            except ValueError:
                return None
    return None
