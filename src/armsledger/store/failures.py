"""What went wrong with the database file, in one line a user can act on.

DuckDB and the operating system describe failures in their own words (``IO Error: Could not
set lock on file ... Conflicting lock is held in ... (PID 4281)``, ``No space left on
device``); :func:`store_error` turns each into a :class:`~armsledger.errors.StoreError` that
names the file, says what happened and what to do. Every place that opens or writes the
store goes through it, so the same failure reads the same everywhere.
"""

from __future__ import annotations

import errno
import re
from pathlib import Path

from armsledger.errors import StoreError

_PID = re.compile(r"\(PID (\d+)\)")
_READ_ONLY = ("read-only file system", "permission denied", "operation not permitted")


def _process(pid: int) -> str:
    """``PID n: its command line`` (shortened), or ``PID n`` when it cannot be read."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return f"PID {pid}"
    words = [w for w in raw.decode("utf-8", "replace").split("\0") if w]
    if len(words) > 1 and Path(words[0]).name.startswith("python"):
        words = words[1:]  # 'python .../armsledger serve' reads as 'armsledger serve'
    if words:
        words[0] = Path(words[0]).name
    command = " ".join(words)
    return f"PID {pid}: {command[:80]}" if command else f"PID {pid}"


def lock_holder(message: str) -> str | None:
    """The process DuckDB says holds the lock (``PID n: command``), or None."""
    m = _PID.search(message)
    return _process(int(m.group(1))) if m else None


def is_lock_conflict(e: BaseException) -> bool:
    return "could not set lock" in str(e).lower() or "conflicting lock" in str(e).lower()


def store_error(path: str | Path, e: BaseException, *, writing: bool) -> StoreError:
    """A :class:`StoreError` for a failure ``e`` while opening (or ``writing``) ``path``."""
    text = str(e)
    low = text.lower()
    if is_lock_conflict(e):
        who = lock_holder(text) or "another process"
        if writing:
            advice = ("it has the database open (armsledger serve keeps it open to read); stop "
                      "it and run this again, or use another database with --db. Commands "
                      "that only read work while it runs")
        else:
            advice = ("it is changing the database (a load, or claims being added); run this "
                      "again when it has finished")
        return StoreError(f"{path}: the database is in use by {who}; {advice}",
                          details={"path": str(path), "reason": "locked"})
    if (isinstance(e, OSError) and e.errno == errno.ENOSPC) or "no space left" in low:
        return StoreError(f"{path}: no space left on the device; what was being written was "
                          "not stored, and what was stored before is intact. Free some space "
                          "and run this again",
                          details={"path": str(path), "reason": "disk_full"})
    if (isinstance(e, OSError) and e.errno in (errno.EROFS, errno.EACCES, errno.EPERM)) or \
            any(k in low for k in _READ_ONLY):
        what = "cannot be written" if writing else "cannot be opened"
        return StoreError(f"{path}: the database {what}: the file or its folder is read-only "
                          "or not yours. Commands that only read still work on a read-only "
                          "file; to load or add claims, use a writable path with --db",
                          details={"path": str(path), "reason": "read_only"})
    first = text.strip().splitlines()[0] if text.strip() else type(e).__name__
    doing = "writing" if writing else "opening"
    return StoreError(f"{path}: error {doing} the database: {first}",
                      details={"path": str(path), "reason": "other"})
