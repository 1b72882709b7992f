"""Fixtures that build real warehouses in temporary runtime homes.

Read-only tests share two builds per session, ``real_warehouse`` and ``sample_warehouse`` (in
tests/conftest.py, so the browser tests share them too); a full refresh costs most of a minute.
Tests that refresh again, or break things on purpose, use ``hemi_home``: a home of their module's own.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterInstance

from orchestration.paths import configure_environment
from orchestration.refresh import RefreshOutcome, RefreshRequest, run_refresh
from orchestration.warehouse import WarehouseFiles


@contextlib.contextmanager
def environment(values: dict[str, str]) -> Iterator[dict[str, str]]:
    """``values`` set in os.environ inside the block (which sees a copy of it), restored after."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield {**os.environ}
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextlib.contextmanager
def runtime_home(home: Path) -> Iterator[Path]:
    """HEMI_HOME (and DAGSTER_HOME) point at ``home`` inside the block, and are restored after."""
    with environment({"HEMI_HOME": str(home), "DAGSTER_HOME": str(home / "dagster")}):
        configure_environment()
        yield home


@dataclass
class BuiltWarehouse:
    home: Path
    outcome: RefreshOutcome
    con: duckdb.DuckDBPyConnection  # read-only, on the published file


def build_warehouse(home: Path, **request) -> Iterator[BuiltWarehouse]:
    with runtime_home(home):
        outcome = refresh(**request)
    assert outcome.published, outcome.failure
    con = duckdb.connect(str(WarehouseFiles(home).published), read_only=True)
    yield BuiltWarehouse(home, outcome, con)
    con.close()


@pytest.fixture(scope="module")
def hemi_home(tmp_path_factory) -> Iterator[Path]:
    with runtime_home(tmp_path_factory.mktemp("hemi_home")) as home:
        yield home


def refresh(**request) -> RefreshOutcome:
    return run_refresh(RefreshRequest(**request), instance=DagsterInstance.ephemeral())


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def wdi_raw_build(home: Path, scale: int = 1) -> Path:
    """A DuckDB file holding the WDI sample's raw tables at ``scale``, as the load step writes them."""
    from orchestration.raw_load import replace_with_incoming, write_incoming
    from sources._common.land import land_source
    from sources._common.landing import LandingZone
    from sources._common.sample_scale import SCALE_ENV
    from sources.worldbank import SOURCE

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(SCALE_ENV, str(scale))
        landed = land_source(SOURCE, "sample", LandingZone(home / "raw"), sample_dir=home / "sample")
    path = home / "build.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema raw")
        write_incoming(con, SOURCE, SOURCE.table_chunks(landed))
        for table in SOURCE.raw_tables:
            replace_with_incoming(con, table.name)
    return path


@contextlib.contextmanager
def private_copy(path: Path, folder: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to a copy of the DuckDB file at ``path`` in ``folder``, for a test to change at will."""
    copy = folder / path.name
    shutil.copyfile(path, copy)
    with duckdb.connect(str(copy)) as con:
        yield con
