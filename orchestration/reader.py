"""The one way readers open the published warehouse: the file read-only, or the lake attached read-only.

`hemi query`, `hemi status`, `hemi export`, `make docs` and the dashboard all come through
``open_published``, so each reads whichever target HEMI_WAREHOUSE names (orchestration/lake.py) and
none of them can write to it.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from orchestration import lake
from orchestration.paths import hemi_home
from orchestration.warehouse import WarehouseFiles, is_newer_format_error


class NotPublishedError(FileNotFoundError):
    """Nothing has been published to the configured target yet (or ``--as-of`` is before the first)."""


def describe(home: Path | None = None) -> str:
    """Where readers read from, for messages: the file's path, or the lake (password masked)."""
    target = lake.lake_target()
    return target.describe() if target else str(WarehouseFiles(home or hemi_home()).published)


def open_published(
    *, as_of: str | None = None, sandboxed: bool = False, alias: str = "hemisphere", home: Path | None = None
) -> duckdb.DuckDBPyConnection:
    """A read-only connection whose current database is the published warehouse.

    ``as_of`` (a lake only): a snapshot id or a timestamp. ``sandboxed``: afterwards SQL can read no
    other file and cannot change that (DuckDB's documented lock-down, "Securing DuckDB").
    """
    target = lake.lake_target()
    if target is not None:
        con = lake.connect(target, read_only=True, as_of=as_of, sandboxed=sandboxed)
        if not lake.snapshots(con) and not as_of:
            con.close()
            raise NotPublishedError(f"nothing published yet to {target.describe()}; run `hemi refresh` first")
        return con
    path = WarehouseFiles(home or hemi_home()).published
    if as_of:
        raise lake.LakeConfigError(
            "--as-of reads an earlier snapshot of a DuckLake; the embedded file keeps only the current "
            f"warehouse (and {path.with_name('hemisphere.previous.duckdb').name}). See docs/deploy.md"
        )
    if not path.exists():
        raise NotPublishedError(f"no published warehouse at {path}; run `hemi refresh` first")
    try:
        return _open_file(path, sandboxed, alias)
    except duckdb.IOException as exc:
        if not is_newer_format_error(exc):
            raise
        raise NotPublishedError(
            f"{path} was written by a newer DuckDB than this one ({duckdb.__version__}) and cannot be read; "
            "run `hemi refresh`, which renames it aside and rebuilds the warehouse from the landed files"
        ) from None


def _open_file(path: Path, sandboxed: bool, alias: str) -> duckdb.DuckDBPyConnection:
    if not sandboxed:
        return duckdb.connect(str(path), read_only=True)
    # Attached to an in-memory database: duckdb.connect(path) would hand back a database this process
    # already has open under that path (after a publish, the replaced file) or conflict with its settings.
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"attach '{str(path).replace(chr(39), chr(39) * 2)}' as {alias} (read_only)")
        con.execute(f"use {alias}")
        # Set after the attach, since the attach itself opens a file.
        con.execute("set enable_external_access = false")
        con.execute("set lock_configuration = true")
    except duckdb.Error:
        con.close()
        raise
    return con


def is_published(home: Path | None = None) -> bool:
    target = lake.lake_target()
    if target is None:
        return WarehouseFiles(home or hemi_home()).published.exists()
    return lake.current_snapshot(target) is not None
