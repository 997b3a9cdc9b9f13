"""The database file under stress: another process holding it, a full disk, read-only files and
folders. Each failure is one StoreError that names the file and leaves the store as it was."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import polars as pl
import pytest
from samples import delivery_year_text

import armsledger.store as store_module
from armsledger.errors import StoreError
from armsledger.ingest import load_file, open_store
from armsledger.sources import read_source
from armsledger.store import Store

ARMSLEDGER = [str(Path(sys.executable).parent / "armsledger")]


def _everything(store: Store) -> dict[str, list[tuple[object, ...]]]:
    return {t: store.query(f"SELECT * FROM {t} ORDER BY ALL").rows()
            for t in ("releases", "deals", "deliveries", "flows", "facts", "load_warnings")}


@pytest.fixture
def db(tmp_path: Path, write) -> Path:  # type: ignore[no-untyped-def]
    """A small database with one release, closed."""
    path = tmp_path / "db" / "a.duckdb"
    with Store(path) as s:
        load_file(s, write("dy.csv", delivery_year_text()), name="first")
    return path


@pytest.fixture
def holder(db: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the database open read-write (as a load does)."""
    code = ("import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('ready', "
            "flush=True); time.sleep(60)")
    p = subprocess.Popen([sys.executable, "-c", code, str(db)], stdout=subprocess.PIPE,
                         text=True)
    assert p.stdout is not None and p.stdout.readline().strip() == "ready"
    yield p
    p.kill()
    p.wait()


def test_a_writer_blocked_by_another_process_is_told_who_holds_the_database(db, holder):
    with pytest.raises(StoreError) as e:
        Store(db)
    msg = e.value.message
    assert str(db) in msg and f"PID {holder.pid}" in msg and "-c" in msg
    assert "stop it and run this again" in msg and "IO Error" not in msg
    assert e.value.details["reason"] == "locked"


def test_a_reader_waits_for_a_writer_then_says_who_holds_the_database(db, holder, monkeypatch):
    monkeypatch.setattr(store_module, "LOCK_WAIT_SECONDS", 0.6)
    started = time.monotonic()
    with pytest.raises(StoreError) as e:
        Store(db, read_only=True)
    assert time.monotonic() - started >= 0.5  # it waited before giving up
    assert f"PID {holder.pid}" in e.value.message
    assert "run this again when it has finished" in e.value.message


def test_a_reader_gets_the_database_once_the_writer_is_done(db, holder, monkeypatch):
    monkeypatch.setattr(store_module, "LOCK_WAIT_SECONDS", 30.0)
    import threading

    threading.Timer(0.8, holder.kill).start()
    with Store(db, read_only=True) as s:
        assert [r.name for r in s.releases()] == ["first"]


def _fail_on(monkeypatch: pytest.MonkeyPatch, method: str, error: Exception) -> None:
    def fail(self: Store, *args: object) -> None:
        raise error

    monkeypatch.setattr(Store, method, fail)


@pytest.mark.parametrize(("error", "reason", "words"), [
    (duckdb.IOException('Could not write file "x.wal": No space left on device'),
     "disk_full", "no space left on the device"),
    (OSError(28, "No space left on device"), "disk_full", "no space left on the device"),
    (duckdb.IOException('Cannot open file "x": Read-only file system'), "read_only",
     "read-only"),
    (duckdb.IOException('Cannot open file "x": Permission denied'), "read_only", "read-only"),
])
def test_a_load_that_fails_midway_names_the_file_and_changes_nothing(
        db, write, monkeypatch, error, reason, words):
    parsed = read_source(write("dy2.csv", delivery_year_text(preamble=False)))
    with Store(db) as s:
        before = _everything(s)
        _fail_on(monkeypatch, "_insert_facts", error)
        with pytest.raises(StoreError) as e:
            s.load(parsed, name="second")
        assert str(db) in e.value.message and words in e.value.message.lower()
        assert e.value.details["reason"] == reason
        assert "TransactionContext" not in e.value.message
        assert _everything(s) == before
    with Store(db, read_only=True) as s:  # and on disk too
        assert [r.name for r in s.releases()] == ["first"]


def test_a_failed_insert_reports_its_own_error_not_the_cleanup_s(db, write, monkeypatch):
    """A row the schema rejects (a delivery without a year) used to be hidden by a second
    error raised while unregistering the incoming frame."""
    parsed = read_source(write("dy2.csv", delivery_year_text(preamble=False)))
    broken = parsed.deliveries.with_columns(pl.lit(None, pl.Int32).alias("year"))
    parsed.deliveries = broken
    with Store(db) as s:
        before = _everything(s)
        with pytest.raises(StoreError) as e:
            s.load(parsed, name="second")
        assert "NOT NULL" in e.value.message and "year" in e.value.message
        assert _everything(s) == before


def _can_mount() -> bool:
    if os.geteuid() != 0:
        return False
    probe = Path("/tmp") / f"armsledger-mount-probe-{os.getpid()}"
    probe.mkdir(exist_ok=True)
    ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)],
                        capture_output=True).returncode == 0
    if ok:
        subprocess.run(["umount", str(probe)], check=False)
    probe.rmdir()
    return ok


needs_mount = pytest.mark.skipif(not _can_mount(), reason="needs root and mount (a small "
                                 "tmpfs or a read-only bind mount); the injected failures "
                                 "above cover the same code")


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    where = tmp_path / "tiny"
    where.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1400k", "tmpfs", str(where)],
                   check=True)
    yield where
    subprocess.run(["umount", str(where)], check=False)


@pytest.fixture
def read_only_copy(db: Path, tmp_path: Path) -> Iterator[Path]:
    where = tmp_path / "ro"
    where.mkdir()
    subprocess.run(["mount", "--bind", str(db.parent), str(where)], check=True)
    subprocess.run(["mount", "-o", "remount,ro,bind", str(where)], check=True)
    yield where / db.name
    subprocess.run(["umount", str(where)], check=False)


@needs_mount
def test_a_real_full_disk_is_one_error_and_the_store_is_intact(tiny_disk, write):
    from samples import REGISTER_2025, shared

    path = tiny_disk / "a.duckdb"
    with Store(path) as s:
        load_file(s, write("dy.csv", delivery_year_text()), name="first")
        before = _everything(s)
    with pytest.raises(StoreError) as e:
        with Store(path) as s:
            load_file(s, shared(REGISTER_2025), name="big")
    assert e.value.details["reason"] == "disk_full" and str(path) in e.value.message
    with Store(path, read_only=True) as s:
        assert _everything(s) == before


@needs_mount
def test_a_read_only_folder_can_be_queried_but_not_written(read_only_copy, write):
    with open_store(read_only_copy) as s:
        assert [r.name for r in s.releases()] == ["first"]
    with pytest.raises(StoreError) as e:
        with open_store(read_only_copy, read_only=False) as s:
            load_file(s, write("dy2.csv", delivery_year_text(preamble=False)))
    assert e.value.details["reason"] == "read_only"
    with pytest.raises(StoreError) as e:
        Store(read_only_copy.parent / "sub" / "new.duckdb")
    assert "cannot create the database's folder" in e.value.message


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def test_the_cli_works_while_serve_runs_on_the_same_database(db, write):
    """The README's flow: the dashboard in one terminal, commands in another."""
    env = {**os.environ, "ARMSLEDGER_DB": str(db)}
    port = _free_port()
    server = subprocess.Popen([*ARMSLEDGER, "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        read = subprocess.run([*ARMSLEDGER, "top", "exporters", "--limit", "3"], env=env,
                              capture_output=True, text=True, timeout=120)
        assert read.returncode == 0, read.stderr
        assert "Top exporters" in read.stdout and "(release first" in read.stdout
        load = subprocess.run([*ARMSLEDGER, "load", str(write("dy2.csv", delivery_year_text(
            preamble=False)))], env=env, capture_output=True, text=True, timeout=120)
        assert load.returncode == 1
        assert "Traceback" not in load.stderr and len(load.stderr.strip().splitlines()) == 1
        assert f"in use by PID {server.pid}" in load.stderr and "serve" in load.stderr
    finally:
        server.terminate()
        server.wait(timeout=30)
