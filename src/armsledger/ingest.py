"""Loading files into the store: one file, or the bundled default data.

This is the one place that joins ``sources`` (parse) and ``store`` (keep); the CLI, the API
and the benchmarks call it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

from armsledger.errors import DuplicateReleaseError, Problem, StoreError
from armsledger.store import Release, Store

_BUNDLE = "armsledger.data.sipri"


@dataclass(frozen=True, slots=True)
class LoadReport:
    """What a load did. ``status`` is 'loaded' or 'already-loaded' (same SHA-256)."""

    path: str
    status: str
    release: Release
    warnings: list[Problem] = field(default_factory=list)
    reconstruction: dict[str, Any] | None = None
    """For a register: the TIV under each label of its yearly values (see
    :mod:`armsledger.reconstruct`)."""
    unused_name: str | None = None
    """The name asked for when the file was already loaded under another name (not used)."""


@dataclass(frozen=True, slots=True)
class BundledFile:
    file: str
    release: str
    what: str


def load_file(
    store: Store, path: str | Path, *, name: str | None = None, source_file: str | None = None
) -> LoadReport:
    """Parse ``path`` and store it as a new release (atomically).

    A file already stored (same SHA-256) is not loaded again: the report's status is
    'already-loaded' and names the existing release. Bad input raises
    :class:`~armsledger.errors.InputError` before anything is written.
    """
    from armsledger.reconstruct import reconstruct
    from armsledger.sources import read_source

    parsed = read_source(path)
    existing = store.find_by_sha256(parsed.sha256)
    if existing is None:
        summary = reconstruct(store, parsed)
        try:
            release = store.load(parsed, name=name, source_file=source_file,
                                 reconstruction=summary.to_json() if summary else None)
        except DuplicateReleaseError as e:
            existing = store.release(e.existing_release)
    if existing is not None:
        unused = name if name is not None and name != existing.name else None
        return LoadReport(str(path), "already-loaded", existing, unused_name=unused)
    return LoadReport(str(path), "loaded", release, parsed.warnings,
                      summary.to_dict() if summary else None)


def bundled_files() -> list[BundledFile]:
    """The SIPRI files shipped with armsledger, in load order (see data/sipri/SOURCE.md)."""
    manifest = json.loads(files(_BUNDLE).joinpath("manifest.json").read_text(encoding="utf-8"))
    return [BundledFile(f["file"], f["release"], f["what"]) for f in manifest["files"]]


def load_bundled(
    store: Store, *, on_file: Callable[[BundledFile], None] | None = None
) -> list[LoadReport]:
    """Load every bundled file not yet in the store (files already loaded are skipped), the
    bundled ledger of official claims and, when the store has no embargo table, the bundled
    embargo table."""
    from armsledger.claims.ledger import load_official_claims
    from armsledger.embargoes.reference import load_bundled_embargoes, stored_tables

    load_official_claims(store)
    if not stored_tables(store):  # a user's own table stays the default once loaded
        load_bundled_embargoes(store)
    reports = []
    for item in bundled_files():
        if on_file:
            on_file(item)
        resource = files(_BUNDLE).joinpath(item.file)
        with as_file(resource) as path:
            taken = {r.name for r in store.releases()}
            name = item.release if item.release not in taken else None
            reports.append(load_file(store, path, name=name, source_file=f"bundled:{item.file}"))
    return reports


def ensure_data(
    store: Store, *, on_file: Callable[[BundledFile], None] | None = None
) -> list[LoadReport]:
    """On first use (no release at all), load the bundled data so every command works."""
    if store.releases():
        return []
    return load_bundled(store, on_file=on_file)


@contextmanager
def open_store(
    path: str | Path,
    *,
    read_only: bool = True,
    ensure: bool = True,
    on_file: Callable[[BundledFile | None], None] | None = None,
    default_release: str | None = None,
) -> Iterator[Store]:
    """Open a store for reading (or writing), setting it up first when needed.

    A missing database is created; an older schema is brought up to date; with ``ensure``,
    an empty database gets the bundled data (``on_file(None)`` is called first, then once per
    bundled file). Those are the only writes: a store opened to read writes nothing, and
    several processes can read one database at once.
    """
    path = Path(path)
    memory = str(path) == ":memory:"
    store = None
    if path.exists() or memory:
        try:
            store = Store(path, read_only=read_only and not memory)
        except StoreError as e:
            if not path.exists() or not read_only or e.details.get("reason") == "locked":
                raise
        if store is not None and (store.needs_setup or (ensure and not store.releases())):
            if memory or not store.read_only:
                _first_use(store, ensure, on_file)
            else:
                store.close()
                store = None
    if store is None:  # set up once through a writable connection, then open as asked
        try:
            with Store(path) as s:
                _first_use(s, ensure, on_file)
        except StoreError as e:
            if not path.exists():
                raise  # nothing to read: the error says why it cannot be created
            setup_error: StoreError | None = e
        else:
            setup_error = None
        store = Store(path, read_only=read_only)
        if store.needs_setup and setup_error is not None:
            store.close()
            raise StoreError(
                f"{path}: this database was written by an older armsledger (schema "
                f"{store.schema_version_text}) and must be brought up to date once, which "
                f"needs writing it: {setup_error.message}", details=setup_error.details)
    store.default_release = default_release
    with store:
        yield store


def _first_use(store: Store, ensure: bool,
               on_file: Callable[[BundledFile | None], None] | None) -> None:
    if ensure and not store.releases():
        if on_file:
            on_file(None)
        ensure_data(store, on_file=on_file)
