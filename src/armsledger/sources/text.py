"""Reading any input file as text: the one decoder every reader uses, and SIPRI's preamble.

Every file armsledger reads (SIPRI exports, embargo tables, claims files, articles) goes
through :func:`read_bytes` and one decoding rule, applied in this order:

1. A missing or unreadable file is an :class:`~armsledger.errors.InputError` naming it.
2. gzip data (it starts with ``1f 8b``) is decompressed, whatever the file's name; broken
   gzip data is an error. The SHA-256 a reader reports is of the decompressed bytes, so a
   ``.csv.gz`` and its ``.csv`` are the same file.
3. Only whitespace: an error ("the file is empty"), unless the caller accepts empty files.
4. Not text: a file that starts like a PDF, PNG, ZIP (also ``.xlsx``), JPEG, GIF or an
   executable; a UTF-16 file that does not decode; otherwise NUL bytes or more than 1 %
   control bytes (other than tab, line feed, form feed and carriage return) in the first 8 KiB.
5. A UTF-16 byte-order mark means UTF-16.
6. A UTF-8 byte-order mark means UTF-8 (the mark is dropped); invalid UTF-8 after it is an
   error naming the line, not a guess.
7. Valid UTF-8 (ASCII included) is UTF-8.
8. Where the caller allows it (HTML pages), a charset declared in the first 4 KiB
   (``charset=...``) is used when it decodes the file.
9. Anything else is Windows-1252 when it holds a byte in 0x80-0x9F and cp1252 decodes it
   (those bytes are control codes in Latin-1 but curly quotes and dashes in cp1252), else
   Latin-1 (ISO-8859-1: SIPRI's older exports), which decodes every byte.

:func:`read_text` gives a :class:`TextFile` (str); :func:`read_raw` gives SIPRI's readers a
:class:`RawFile` (UTF-8 bytes, so a big ASCII export is never copied into a str). Problems a
reader finds in the text go to the one :class:`~armsledger.sources.problems.ProblemLog`.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import re
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from armsledger.errors import InputError, Problem

__all__ = [
    "SIPRI_EXPORT",
    "RawFile",
    "TextFile",
    "decode",
    "parse_generated_on",
    "read_bytes",
    "read_raw",
    "read_text",
]

SIPRI_EXPORT = "a SIPRI CSV export"
"""What SIPRI's readers expect, as the decoder's messages say it."""

_GENERATED = re.compile(r"Data generated:\s*(\d{1,2} \w{3} \d{4})")
_BOM_UTF8 = b"\xef\xbb\xbf"
_BOM_UTF16 = (b"\xff\xfe", b"\xfe\xff")
_MAGIC = (
    (b"%PDF", "a PDF file"),
    (b"\x89PNG", "a PNG image"),
    (b"PK\x03\x04", "a ZIP file (or an .xlsx workbook)"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "an executable"),
)
_SAMPLE = 8192
_TEXT_CONTROLS = frozenset(b"\t\n\x0c\r")
_DECLARED = re.compile(rb"charset=[\"']?([\w-]+)")


@dataclass(frozen=True, slots=True)
class TextFile:
    """A whole file decoded to text; ``sha256`` is of its (decompressed) bytes."""

    path: str
    text: str
    encoding: str
    sha256: str


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

    def body(self, header_index: int) -> str:
        """The text from line ``header_index`` (0-based) on.

        :func:`read_raw` has made the bytes valid UTF-8; should they not be, the error names
        the line and byte offset rather than escaping as a ``UnicodeDecodeError``.
        """
        offset = self.body_offset(header_index)
        try:
            return self.data[offset:].decode("utf-8")
        except UnicodeDecodeError as e:
            at = offset + e.start
            raise _error(
                self.path,
                f"invalid UTF-8 (byte 0x{self.data[at]:02x}) at byte offset {at} "
                f"(of the file as {self.encoding}); save it as UTF-8",
                self.data[:at].count(b"\n") + 1,
            ) from None

    def body_offset(self, header_index: int) -> int:
        """Byte offset of line ``header_index`` (0-based)."""
        pos = 0
        for _ in range(header_index):
            pos = self.data.index(b"\n", pos) + 1
        return pos


def _error(file: str, message: str, line: int | None = None) -> InputError:
    return InputError([Problem(file, line, None, message)])


def read_bytes(path: str | Path) -> bytes:
    """The file's bytes, gzip data decompressed (steps 1-2 of the rule)."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise _error(name, "cannot read file: file not found") from None
    except OSError as e:
        raise _error(name, f"cannot read file: {e.strerror or e}") from e
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as e:
            raise _error(
                name, f"broken gzip data (not a valid gzip file: corrupt or truncated): {e}"
            ) from e
    return data


def _not_text(file: str, why: str, what: str) -> InputError:
    return _error(file, f"this is not a text file ({why}); expected {what}")


def _binary_reason(sample: bytes) -> str | None:
    """Why the start of a file is not text (step 4), or None."""
    for magic, kind in _MAGIC:
        if sample.startswith(magic):
            return f"it looks like {kind}"
    return _control_reason(list(sample))


def _control_reason(codes: list[int]) -> str | None:
    """NUL, or more than 1 % control characters, among the first bytes or characters."""
    if 0 in codes:
        return "it contains NUL bytes"
    controls = sum(1 for c in codes if c < 32 and c not in _TEXT_CONTROLS)
    if controls > len(codes) * 0.01:
        return "too many control characters"
    return None


def _encoding(data: bytes, file: str, what: str, declared_charset: bool) -> str:
    """The encoding the rule gives ``data`` (steps 4-9); raises InputError when it is not text.

    For UTF-16 the text is checked here too; every other encoding returned decodes ``data``.
    """
    if data.startswith(_BOM_UTF16):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise _not_text(file, "bad UTF-16", what) from None
        why = _control_reason([ord(ch) for ch in text[:_SAMPLE]])
        if why:
            raise _not_text(file, why, what)
        return "utf-16"
    why = _binary_reason(data[:_SAMPLE])
    if why:
        raise _not_text(file, why, what)
    if data.startswith(_BOM_UTF8):
        try:
            codecs.utf_8_decode(data, "strict", True)
        except UnicodeDecodeError as e:
            line = data[: e.start].count(b"\n") + 1
            raise _error(
                file,
                f"invalid UTF-8 (byte 0x{data[e.start]:02x}) at byte offset {e.start} in a file "
                "that starts with a UTF-8 byte-order mark; save it as UTF-8",
                line,
            ) from None
        return "utf-8-sig"
    if data.isascii():
        return "utf-8"  # fast: no decoded copy of a big file
    try:
        codecs.utf_8_decode(data, "strict", True)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if declared_charset:
        m = _DECLARED.search(data[:4096])
        if m:
            name = m[1].decode("ascii")
            try:
                data.decode(name)
                return name
            except (UnicodeDecodeError, LookupError):
                pass
    if re.search(rb"[\x80-\x9f]", data):
        try:
            data.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            pass
    return "latin-1"


def decode(
    data: bytes,
    file: str,
    *,
    what: str,
    declared_charset: bool = False,
    allow_empty: bool = False,
) -> tuple[str, str]:
    """``(text, encoding)`` of bytes already read (steps 3-9 of the rule).

    ``file`` names the file in errors; ``what`` says what was expected ("an embargo table").
    """
    if not data.strip():
        if allow_empty:
            return "", "utf-8"
        raise _error(file, f"the file is empty; expected {what}", 1)
    encoding = _encoding(data, file, what, declared_charset)
    return data.decode(encoding), encoding


def read_text(
    path: str | Path,
    *,
    what: str,
    declared_charset: bool = False,
    allow_empty: bool = False,
) -> TextFile:
    """Read and decode one file by the rule above; line ends are kept as in the file."""
    data = read_bytes(path)
    text, encoding = decode(
        data, str(path), what=what, declared_charset=declared_charset, allow_empty=allow_empty
    )
    return TextFile(str(path), text, encoding, hashlib.sha256(data).hexdigest())


def read_raw(path: str | Path) -> RawFile:
    """Read a SIPRI export by the rule above, normalised to UTF-8 bytes without BOM."""
    name = str(path)
    data = read_bytes(path)
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise _error(name, f"the file is empty; expected {SIPRI_EXPORT}", 1)
    encoding = _encoding(data, name, SIPRI_EXPORT, declared_charset=False)
    if encoding == "utf-8-sig":
        data = data[len(_BOM_UTF8) :]
    elif encoding != "utf-8":
        data = data.decode(encoding).encode("utf-8")
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
