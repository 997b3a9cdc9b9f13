"""The embedded store: one DuckDB file holding releases side by side, with provenance.

A *release* is one loaded source file. Every stored row carries its ``release_id`` (which
names the source file and its SHA-256) and its ``source_line``. Loads are atomic: a load that
fails for any reason rolls back and leaves every earlier release exactly as it was. Queries
pin one release, so two releases never mix in one figure; without a name they use the newest
(most recently loaded) release that holds the data they need.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import duckdb

from armsledger.errors import (
    ConflictError,
    DuplicateReleaseError,
    ReleaseNotFoundError,
    StoreError,
)
from armsledger.periods import Coverage
from armsledger.store.failures import is_lock_conflict, store_error
from armsledger.store.releases import Release, ReleaseSummary
from armsledger.store.schema import DDL, MIGRATIONS, SCHEMA_VERSION

if TYPE_CHECKING:
    import polars as pl

    from armsledger.sources import ParsedSource

__all__ = ["SCHEMA_VERSION", "Release", "ReleaseSummary", "Store"]

T = TypeVar("T")

SAME_UPDATE_DAYS = 60
"""Releases generated this close together are one SIPRI update (the register, its TIV tables
and its delivery-year export are generated on different days of the same update)."""

LOCK_WAIT_SECONDS = 10.0
"""How long opening to read waits for a process that is writing the database (a load takes a
few seconds) before it says which process holds it."""


class Store:
    """A DuckDB database of releases. Use as a context manager or call :meth:`close`."""

    def __init__(self, path: str | Path, *, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        if str(path) != ":memory:" and not read_only:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StoreError(f"{path}: cannot create the database's folder "
                                 f"{self.path.parent}: {e.strerror or e}",
                                 details={"path": str(path), "reason": "folder"}) from e
        self.con = self._connect(read_only)
        self._memo: dict[tuple[Any, ...], Any] = {}
        self._schema = self.schema_version()
        if not read_only and self._schema != SCHEMA_VERSION:
            try:
                self._setup()
            except BaseException:
                self.con.close()
                raise
            self._schema = SCHEMA_VERSION
        elif read_only and self._schema is None:
            self.con.close()
            raise StoreError(f"{path}: not an armsledger database (or an empty one); open it "
                             "writable once, e.g. with 'armsledger load --bundled'")

    def _connect(self, read_only: bool) -> duckdb.DuckDBPyConnection:
        """Open the file; a reader waits up to :data:`LOCK_WAIT_SECONDS` for a writer."""
        waited_until = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=read_only)
            except (duckdb.Error, OSError) as e:
                if read_only and is_lock_conflict(e) and time.monotonic() < waited_until:
                    time.sleep(0.25)
                    continue
                raise store_error(self.path, e, writing=not read_only) from e

    def _rollback(self) -> None:
        """Undo the open transaction; a transaction DuckDB already aborted (a full disk) has
        nothing to undo, and that must not hide the error that aborted it."""
        with suppress(duckdb.Error):
            self._run("ROLLBACK")

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """One transaction; on failure it is rolled back and the database's own error
        (full disk, read-only file, lock) becomes a :class:`StoreError` naming the file."""
        self._run("BEGIN TRANSACTION")
        try:
            yield
            self._run("COMMIT")
        except (duckdb.Error, OSError) as e:
            self._rollback()
            raise store_error(self.path, e, writing=True) from e
        except BaseException:
            self._rollback()
            raise

    def schema_version(self) -> int | None:
        """The stored schema version (None: a new, empty database)."""
        try:
            rows = self._run("SELECT value FROM meta WHERE key = 'schema_version'")
        except duckdb.CatalogException:
            return None
        return int(rows[0][0]) if rows else None

    @property
    def schema_version_text(self) -> str:
        """The stored schema version as text ('none' for an empty database)."""
        return "none" if self._schema is None else str(self._schema)

    @property
    def needs_setup(self) -> bool:
        """True when this (read-only) store's schema is older than the code's."""
        return self._schema != SCHEMA_VERSION

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def _run(self, sql: str, params: list[Any] | dict[str, Any] | None = None
             ) -> list[tuple[Any, ...]]:
        """Execute and fetch at once (DuckDB refuses new work while a result is pending)."""
        return (
            self.con.execute(sql, params).fetchall() if params else self.con.execute(sql).fetchall()
        )

    # -- releases ---------------------------------------------------------------------------

    def memo(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """Remember a value derived from stored releases until the next load.

        Releases never change once loaded (a load adds one; nothing edits them), so figures
        derived from a release can be kept for the life of this connection. DuckDB lets only
        one process write a database file, so no other process can add releases meanwhile.
        """
        if key not in self._memo:
            self._memo[key] = compute()
        value: T = self._memo[key]
        return value

    def peek(self, key: tuple[Any, ...]) -> Any | None:
        """A remembered value, or None (a dict read: safe without a lock)."""
        return self._memo.get(key)

    def releases(self) -> list[Release]:
        """All releases, oldest load first."""

        def read() -> list[Release]:
            rows = self._run(
                f"SELECT {', '.join(Release.__slots__)} FROM releases ORDER BY release_id"
            )
            return [Release(*r) for r in rows]

        return list(self.memo(("releases",), read))

    default_release: str | None = None
    """The release queries use when none is named (``ARMSLEDGER_RELEASE``); None: the newest
    that has the data a query needs."""

    def release(self, name: str | None = None, *, needs: str = "deals") -> Release:
        """The named release, else the store's :attr:`default_release` when set, else the
        newest one that has rows in table ``needs`` (the one rule of release choice)."""
        name = name if name is not None else self.default_release
        if name is not None:
            for r in self.releases():
                if r.name == name or str(r.release_id) == name:
                    return r
            known = ", ".join(r.name for r in self.releases()) or "none loaded"
            raise ReleaseNotFoundError(f"no release named '{name}' (releases: {known})")
        candidates = [r for r in self.releases() if getattr(r, needs) > 0]
        if not candidates:
            raise ReleaseNotFoundError(
                "no release with data is loaded yet: run 'armsledger load FILE' "
                "or 'armsledger load --bundled'"
            )
        return candidates[-1]

    def coverage(self, release: Release) -> Coverage:
        """The delivery years ``release`` holds (from its yearly flows, or for SIPRI's TIV
        tables from their yearly values)."""

        def read() -> Coverage:
            row = self._run(
                "SELECT min(year), max(year) FROM (SELECT year FROM flows WHERE release_id = $r "
                "UNION ALL SELECT year FROM tiv_values WHERE release_id = $r AND tiv IS NOT NULL)",
                {"r": release.release_id})[0]
            return Coverage(row[0], row[1])

        return self.memo(("coverage", release.release_id), read)

    def actor_years(self, release: Release, column: str, names: list[str]) -> Coverage:
        """The first and last delivery years of ``names`` as ``column`` ('supplier' or
        'recipient') in ``release``."""
        if column not in ("supplier", "recipient"):
            raise ValueError(column)
        row = self._run(f"SELECT min(year), max(year) FROM flows WHERE release_id = $r AND "
                        f"{column} IN (SELECT unnest($names))",
                        {"r": release.release_id, "names": names})[0]
        return Coverage(row[0], row[1])

    def same_update(self, a: Release, b: Release) -> bool:
        """True when two releases come from the same SIPRI update: generated within 60 days
        of each other when both files say when, else holding the same last delivery year."""
        if a.generated_on is not None and b.generated_on is not None:
            return abs((a.generated_on - b.generated_on).days) <= SAME_UPDATE_DAYS
        return self.coverage(a).last_year == self.coverage(b).last_year

    def release_summaries(self) -> list[ReleaseSummary]:
        """Every release, with ``default`` marking the one queries use."""
        rels = self.releases()
        default = self.release(needs="deliveries").name if any(r.deliveries for r in rels) \
            else None
        return [ReleaseSummary(**r.to_dict(), default=r.name == default) for r in rels]

    def find_by_sha256(self, sha256: str) -> Release | None:
        for r in self.releases():
            if r.sha256 == sha256:
                return r
        return None

    def _default_name(self, parsed: ParsedSource) -> str:
        stamp = parsed.generated_on.isoformat() if parsed.generated_on else parsed.sha256[:8]
        base = f"{parsed.format.value}-{stamp}"
        names = {r.name for r in self.releases()}
        name, n = base, 1
        while name in names:
            n += 1
            name = f"{base}-{n}"
        return name

    def load(
        self, parsed: ParsedSource, *, name: str | None = None, source_file: str | None = None,
        reconstruction: str | None = None,
    ) -> Release:
        """Store a parsed file as a new release, in one transaction.

        Raises :class:`DuplicateReleaseError` when a file with the same SHA-256 is already
        stored, and :class:`ArmsledgerError` when ``name`` is taken. On any failure nothing
        is changed.
        """
        existing = self.find_by_sha256(parsed.sha256)
        if existing is not None:
            raise DuplicateReleaseError(parsed.path, existing.name)
        if name is not None and any(r.name == name for r in self.releases()):
            raise ConflictError(f"a release named '{name}' already exists; choose another name")
        import polars as pl

        name = name or self._default_name(parsed)
        self._memo.clear()
        try:
            with self._writing():
                release_id = self._run(
                    "SELECT coalesce(max(release_id), 0) + 1 FROM releases")[0][0]
                self._insert_actors(parsed)
                self._insert("deals", parsed.deals, release_id)
                self._insert("deliveries", parsed.deliveries, release_id)
                self._insert("tiv_values", parsed.tiv_values, release_id)
                self._insert_flows(release_id)
                self._insert_facts(release_id)
                if reconstruction is not None:
                    self._run("INSERT INTO reconstructions VALUES (?, ?)",
                              [release_id, reconstruction])
                warnings = pl.DataFrame(
                    {
                        "line": [w.line for w in parsed.warnings],
                        "column_name": [w.column for w in parsed.warnings],
                        "message": [w.message for w in parsed.warnings],
                    },
                    schema={"line": pl.Int64, "column_name": pl.String, "message": pl.String},
                )
                self._insert("load_warnings", warnings, release_id)
                self._run(
                    "INSERT INTO releases VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        release_id,
                        name,
                        source_file or parsed.path,
                        parsed.sha256,
                        parsed.format.value,
                        parsed.encoding,
                        parsed.generated_on,
                        parsed.title,
                        datetime.now().replace(microsecond=0),
                        parsed.source_rows,
                        parsed.deals.height,
                        parsed.deliveries.height,
                        parsed.tiv_values.height,
                        len(parsed.warnings),
                    ],
                )
        finally:
            self._memo.clear()
        return self.release(name)

    def _insert(self, table: str, frame: pl.DataFrame, release_id: int) -> None:
        if frame.height == 0:
            return
        import polars as pl

        data = frame.with_columns(pl.lit(release_id, pl.Int32).alias("release_id"))
        columns = ", ".join(f'"{c}"' for c in data.columns)
        self.con.register("_incoming", data.to_arrow())
        try:
            self._run(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _incoming")
        finally:
            with suppress(duckdb.Error):  # never hide the error that stopped the insert
                self.con.unregister("_incoming")

    def _insert_facts(self, release_id: int) -> None:
        """Each delivery with its deal's fields, stored ordered by supplier and year, so a
        query about one supplier reads only its part of the table (DuckDB skips the row
        groups whose supplier range cannot match)."""
        self._run(
            """
            INSERT INTO facts
            SELECT v.release_id, d.supplier, d.recipient, v.year, v.deal_id,
                   coalesce(v.tiv, 0.0), v.split_estimated, coalesce(v.method, 'exact'),
                   d.category, d.status, d.local_production
            FROM deliveries v JOIN deals d USING (release_id, deal_id)
            WHERE v.release_id = ?
            ORDER BY d.supplier, v.year, v.deal_id
            """,
            [release_id],
        )

    def _insert_flows(self, release_id: int) -> None:
        """Yearly TIV per supplier and recipient: the small table most figures start from."""
        self._run(
            """
            INSERT INTO flows
            SELECT d.release_id, d.supplier, d.recipient, v.year, fsum(v.tiv), count(*),
                   count(DISTINCT d.deal_id),
                   fsum(v.tiv) FILTER (WHERE coalesce(v.method, 'exact') = 'exact'),
                   fsum(v.tiv) FILTER (WHERE v.method = 'reconstructed'),
                   fsum(v.tiv) FILTER (WHERE v.method = 'even')
            FROM deliveries v JOIN deals d USING (release_id, deal_id)
            WHERE v.release_id = ?
            GROUP BY ALL
            """,
            [release_id],
        )

    def _setup(self) -> None:
        """Create the schema, or bring an older one up to date (the only writes outside
        loads): tables that are missing, derived ``flows`` and ``facts`` of releases that
        lack them."""
        with self._writing():
            if self._schema is not None:
                for version, statements in sorted(MIGRATIONS.items()):
                    if self._schema < version:
                        for statement in statements:
                            self._run(statement)
            self._run(DDL)
            for table, insert in (("flows", self._insert_flows),
                                  ("facts", self._insert_facts)):
                for (release_id,) in self._run(
                    "SELECT release_id FROM releases WHERE deliveries > 0 AND release_id NOT IN "
                    f"(SELECT DISTINCT release_id FROM {table})"
                ):
                    insert(release_id)
            self._run("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                      [str(SCHEMA_VERSION)])

    def _insert_actors(self, parsed: ParsedSource) -> None:
        names: set[str] = set()
        for frame, cols in (
            (parsed.deals, ("supplier", "recipient")),
            (parsed.tiv_values, ("actor",)),
        ):
            for c in cols:
                if frame.height:
                    names.update(frame[c].unique().drop_nulls().to_list())
        names = {n for n in names if not n.lower().startswith("total world")}
        if not names:
            return
        import polars as pl

        from armsledger.actors import classify

        actors = [classify(n) for n in sorted(names)]
        frame = pl.DataFrame(
            {
                "sipri_name": [a.sipri_name for a in actors],
                "name": [a.name for a in actors],
                "kind": [a.kind.value for a in actors],
                "iso3": [a.iso3 for a in actors],
                "region": [a.region for a in actors],
                "subregion": [a.subregion for a in actors],
            },
            schema={
                c: pl.String for c in ("sipri_name", "name", "kind", "iso3", "region", "subregion")
            },
        )
        self.con.register("_actors", frame.to_arrow())
        try:
            self._run("INSERT OR REPLACE INTO actors SELECT * FROM _actors")
        finally:
            with suppress(duckdb.Error):
                self.con.unregister("_actors")

    # -- reading ----------------------------------------------------------------------------

    def execute(self, sql: str, params: list[Any] | dict[str, Any] | None = None
                ) -> list[tuple[Any, ...]]:
        """Run a statement and fetch its rows (library code; SQL is never built from input).
        ``params`` is a list for ``?`` or a dict for ``$name`` placeholders."""
        return self._run(sql, params)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: statements inside commit together or not at all (the database's
        own failures become a :class:`StoreError` naming the file)."""
        with self._writing():
            yield

    def insert_frame(self, table: str, frame: pl.DataFrame) -> None:
        """Append a DataFrame's columns (by name) to a table."""
        if frame.height == 0:
            return
        columns = ", ".join(f'"{c}"' for c in frame.columns)
        self.con.register("_frame", frame.to_arrow())
        try:
            self._run(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _frame")
        finally:
            with suppress(duckdb.Error):
                self.con.unregister("_frame")

    def query(self, sql: str, params: list[Any] | dict[str, Any] | None = None) -> pl.DataFrame:
        """Run SQL and return a polars DataFrame (for library code, not user input)."""
        rel = self.con.sql(sql, params=params) if params else self.con.sql(sql)
        frame: pl.DataFrame = rel.pl()
        return frame

    def actors(self, release_id: int) -> pl.DataFrame:
        """Every actor that appears in a release, with kind and ISO3."""
        return self.memo(
            ("actors", release_id),
            lambda: self.query(
                """
            SELECT a.* FROM actors a
            WHERE a.sipri_name IN (
                SELECT supplier FROM deals WHERE release_id = $r
                UNION SELECT recipient FROM deals WHERE release_id = $r
                UNION SELECT actor FROM tiv_values WHERE release_id = $r)
            ORDER BY a.sipri_name
            """,
                {"r": release_id},
            ),
        )

    def table_counts(self, release_id: int) -> dict[str, int]:
        out = {}
        for table in ("deals", "deliveries", "tiv_values", "load_warnings"):
            out[table] = self._run(
                f"SELECT count(*) FROM {table} WHERE release_id = ?", [release_id]
            )[0][0]
        return out

    def warnings(self, release_id: int) -> pl.DataFrame:
        return self.query(
            "SELECT line, column_name, message FROM load_warnings WHERE release_id = $r "
            "ORDER BY line",
            {"r": release_id},
        )
