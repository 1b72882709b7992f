"""The warehouse files: a private build copy per run, an atomic publish, one writer at a time.

Readers only ever open ``hemisphere.duckdb`` read-only. A run builds into ``build/`` and
publishing is one ``os.replace``: a reader sees the complete old file or the complete new one,
and a reader that already had the old file open keeps reading it undisturbed. A failed or
killed run never touches the published file; the next run discards its leftover build.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from orchestration.faults import WarehouseWriteError, describe_os_error

PUBLISHED_NAME = "hemisphere.duckdb"
# DuckDB's default cap is 80% of RAM: loading and checking the 100x sample (24 million WDI values)
# took the refresh to 3.5 GB, most of it DuckDB's. Capped, it spills to the build folder; 256 MB ran
# the load and checks as fast as 512 MB did. dbt, a process of its own, has its cap in profiles.yml.
BUILD_MEMORY_LIMIT = "256MB"


def written_by_newer_duckdb(path: Path) -> bool:
    """Whether ``path`` is a DuckDB file in a storage format this DuckDB cannot read.

    The project moved from duckdb 2.0 to 1.5.5 (the DuckLake, postgres and httpfs extension wheels
    exist for 1.5.5 only), and 1.5.5 cannot open a file 2.0 wrote: a home built before the move holds one.
    """
    try:
        duckdb.connect(str(path), read_only=True).close()
    except duckdb.IOException as exc:
        return is_newer_format_error(exc)
    return False


def is_newer_format_error(exc: duckdb.IOException) -> bool:
    return "version number" in str(exc) and "newer version of DuckDB" in str(exc)


def set_aside_unreadable(home: Path) -> list[tuple[Path, Path]]:
    """Rename the published and previous files aside when this DuckDB cannot read them, so that the
    next refresh rebuilds the warehouse from the landing zone instead of failing on the old file.
    Nothing is deleted: an older DuckDB's files stay beside, renamed. Returns (old, new) names."""
    files = WarehouseFiles(home)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    moved = []
    for path in (files.published, files.previous):
        if path.exists() and written_by_newer_duckdb(path):
            aside = path.with_name(f"{path.name}.unreadable-{stamp}")
            os.replace(path, aside)
            moved.append((path, aside))
    return moved


class RefreshBusyError(RuntimeError):
    """Another refresh holds the writer lock."""


@dataclass(frozen=True)
class WarehouseFiles:
    home: Path

    @property
    def published(self) -> Path:
        return self.home / PUBLISHED_NAME

    @property
    def previous(self) -> Path:
        return self.home / "hemisphere.previous.duckdb"

    @property
    def build_dir(self) -> Path:
        return self.home / "build"

    @property
    def build(self) -> Path:
        # dbt_project/profiles.yml points at this same path through HEMI_HOME.
        return self.build_dir / PUBLISHED_NAME

    @property
    def _build_owner(self) -> Path:
        return self.build_dir / "run_id"

    def build_owner(self) -> str | None:
        return self._build_owner.read_text().strip() if self._build_owner.exists() else None

    def prepare_build(self, run_id: str) -> Path:
        """The build copy for ``run_id``: started from the published warehouse on first use.

        Starting from the published file lets a run that refreshes one source keep every other
        source's tables as they were published.
        """
        if self.build_dir.is_dir() and self.build_owner() == run_id and self.build.exists():
            return self.build
        try:
            if self.build_dir.is_dir() and not self.build_dir.is_symlink():
                shutil.rmtree(self.build_dir)
            elif self.build_dir.exists():
                raise FileExistsError(errno.EEXIST, "not a folder", str(self.build_dir))
            self.build_dir.mkdir(parents=True)
            if self.published.exists():
                shutil.copyfile(self.published, self.build)
            else:
                self._connect().close()
            _write_atomically(self._build_owner, run_id)
        except OSError as exc:
            raise WarehouseWriteError(exc.errno, describe_os_error(exc, "prepare the build copy")) from exc
        return self.build

    def connect_build(self, run_id: str) -> duckdb.DuckDBPyConnection:
        self.prepare_build(run_id)
        return self._connect()

    def checkpoint_build(self, run_id: str) -> Path:
        """Fold the build's WAL into its file, so another connection can copy it whole (a lake publish)."""
        with self.connect_build(run_id) as con:
            con.execute("checkpoint")
        return self.build

    def replace_published(self, path: Path) -> None:
        """Make the complete DuckDB file at ``path`` the published one, atomically (a copy pulled from the lake)."""
        _fsync(path)
        os.replace(path, self.published)
        _fsync_dir(self.home)

    def _connect(self) -> duckdb.DuckDBPyConnection:
        # Every connection to the build gets the same settings: DuckDB refuses a second connection to an
        # open file with different ones. Spill files go beside the build and are removed with it.
        config = {"memory_limit": BUILD_MEMORY_LIMIT, "temp_directory": str(self.build_dir / "spill")}
        return duckdb.connect(str(self.build), config=config)

    def publish(self, run_id: str) -> Path:
        owner = self.build_owner()
        if owner != run_id or not self.build.exists():
            raise RuntimeError(f"no build for run {run_id} to publish (the build belongs to {owner})")
        try:
            self._swap_in(run_id)
        except OSError as exc:
            if isinstance(exc, WarehouseWriteError):
                raise
            raise WarehouseWriteError(exc.errno, describe_os_error(exc, "publish the new warehouse")) from exc
        shutil.rmtree(self.build_dir, ignore_errors=True)
        return self.published

    def _swap_in(self, run_id: str) -> None:
        # Fold the WAL into the file so the published file is complete on its own.
        with self._connect() as con:
            con.execute("checkpoint")
        _fsync(self.build)
        if self.published.exists():
            # Keep the last good warehouse beside the new one, without a moment with no published file.
            staged_previous = self.home / f".previous.{run_id}"
            with contextlib.suppress(FileNotFoundError):
                staged_previous.unlink()
            os.link(self.published, staged_previous)
            os.replace(staged_previous, self.previous)
        os.replace(self.build, self.published)
        _fsync_dir(self.home)


@contextlib.contextmanager
def writer_lock(home: Path, holder: str, wait_s: float = 0.0) -> Iterator[None]:
    """Hold the single-writer lock for the duration of a refresh.

    flock is released by the kernel when the process dies, so a refresh killed with SIGKILL
    never leaves a stale lock behind. With the warehouse on a DuckLake, the lock that counts is the
    catalog's (orchestration/lake.py), shared by every machine; this one still guards HEMI_HOME's build.
    """
    from orchestration import lake

    target = lake.lake_target()
    home.mkdir(parents=True, exist_ok=True)
    path = home / "refresh.lock"
    handle = path.open("a+")
    deadline = time.monotonic() + wait_s
    while True:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            if time.monotonic() >= deadline:
                handle.seek(0)
                current = handle.read().strip() or "unknown"
                handle.close()
                raise RefreshBusyError(
                    f"another refresh is writing the warehouse ({current}); wait for it to finish"
                ) from None
            time.sleep(0.5)
    handle.seek(0)
    handle.truncate()
    handle.write(json.dumps({"holder": holder, "pid": os.getpid(), "since": datetime.now(UTC).isoformat()}))
    handle.flush()
    try:
        with lake.catalog_lock(target, holder, wait_s) if target else contextlib.nullcontext():
            yield
    finally:
        handle.truncate(0)
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        handle.close()


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    _fsync(path)
