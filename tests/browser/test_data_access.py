"""The dashboard's data access, without a browser: read-only, a fresh file per query, sample detection."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import duckdb
import pytest

from orchestration.paths import REPO_ROOT

_spec = importlib.util.spec_from_file_location("data_access", REPO_ROOT / "dashboard" / "data_access.py")
data_access = importlib.util.module_from_spec(_spec)
sys.modules["data_access"] = data_access  # dataclasses look their module up while it loads
_spec.loader.exec_module(data_access)


def _warehouse(path: Path, mode: str, vintage: str) -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute("create schema meta")
        con.execute(
            "create table meta.refreshes (run_id varchar, mode varchar, sources varchar, published_at timestamptz)"
        )
        con.execute("create table meta.source_loads (source varchar, table_name varchar, vintages varchar)")
        con.execute("insert into meta.refreshes values ('r1', ?, 'wdi', now())", [mode])
        con.execute("insert into meta.source_loads values ('wdi', 'wdi_values', ?)", [vintage])
        con.execute("insert into meta.source_loads values ('wdi', 'wdi_indicator_registry', 'repository')")
    return path


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("HEMI_HOME", str(tmp_path))
    return tmp_path


def test_no_published_warehouse_is_named(home):
    with pytest.raises(data_access.WarehouseMissingError, match=str(home / "hemisphere.duckdb")):
        data_access.query("select 1")


def test_each_query_reads_the_file_a_refresh_swapped_in(home):
    published = _warehouse(home / "hemisphere.duckdb", "sample", "sample")
    assert data_access.publication().is_sample
    # A connection left open elsewhere (another reader) must not stop the swap or pin the dashboard.
    other_reader = duckdb.connect(str(published), read_only=True)
    os.replace(_warehouse(home / "build.duckdb", "snapshot", "2025-07-01"), published)
    pub = data_access.publication()
    assert (pub.mode, pub.is_sample) == ("snapshot", False)
    assert pub.vintage_of("wdi") == "World Bank WDI: 2025-07-01"
    assert other_reader.execute("select mode from meta.refreshes").fetchone() == ("sample",)
    other_reader.close()


def test_queries_cannot_write(home):
    _warehouse(home / "hemisphere.duckdb", "snapshot", "2025-07-01")
    with pytest.raises(duckdb.Error, match="read-only"):
        data_access.query("delete from meta.refreshes")


def test_a_snapshot_refresh_of_one_source_over_a_sample_is_still_flagged(home):
    published = _warehouse(home / "hemisphere.duckdb", "snapshot", "2025-07-01")
    with duckdb.connect(str(published)) as con:
        con.execute("insert into meta.source_loads values ('knomad', 'knomad_inward_remittances', 'sample')")
    pub = data_access.publication()
    assert pub.is_sample and pub.sample_sources == ["knomad"]


def test_country_condition_keeps_only_the_selection(home):
    _warehouse(home / "hemisphere.duckdb", "snapshot", "2025-07-01")
    sql = "select iso3 from (values ('MEX'), ('HND'), ('CHN')) as t(iso3) where {cond} order by iso3"
    cond, params = data_access.in_countries("iso3", ["MEX", "HND"])
    assert data_access.query(sql.format(cond=cond), params)["iso3"].tolist() == ["HND", "MEX"]
    cond, params = data_access.in_countries("iso3", [])
    assert len(data_access.query(sql.format(cond=cond), params)) == 3
