"""The WDI raw gate keeps every indicator that something defines (the registry, or the publisher's
own indicator metadata) and refuses the rest, naming the file and the rows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest

from orchestration.checks import raw_checks
from sources._common.sample_scale import SCALE_ENV
from sources.worldbank import SOURCE
from sources.worldbank.registry import load_registry
from sources.worldbank.sample import SYNTHETIC_PREFIX
from tests.integration.conftest import build_warehouse, private_copy, wdi_raw_build

SYNTHETIC = f"{SYNTHETIC_PREFIX}0001"


@pytest.fixture(scope="module")
def scaled_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The WDI raw tables of the sample at scale 2: the registry's indicators and as many synthetic ones."""
    return wdi_raw_build(tmp_path_factory.mktemp("build"), scale=2)


@pytest.fixture
def con(scaled_build: Path, tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with private_copy(scaled_build, tmp_path) as connection:
        yield connection


def _gate(con: duckdb.DuckDBPyConnection, home: Path):
    return raw_checks._expectations(SOURCE, "wdi_values", con, None, SimpleNamespace(home_path=home), "run")


def test_indicators_outside_the_registry_pass_when_their_metadata_defines_them(con, tmp_path: Path) -> None:
    codes = {code for (code,) in con.execute("select distinct indicator_code from raw.wdi_values").fetchall()}
    assert len(codes) == 2 * len(load_registry()) and SYNTHETIC in codes
    result = _gate(con, tmp_path)
    assert result.passed, result.description


def test_registry_bounds_do_not_apply_to_other_indicators(con, tmp_path: Path) -> None:
    con.execute(f"update raw.wdi_values set value = 1e30 where indicator_code = '{SYNTHETIC}'")
    assert _gate(con, tmp_path).passed


def test_an_indicator_that_nothing_defines_fails_naming_its_file_and_rows(con, tmp_path: Path) -> None:
    # Its data file alone names it; with no definition from the publisher it is unknown.
    con.execute(
        f"update raw.wdi_indicators set source_note = null, source_organization = null "
        f"where indicator_code = '{SYNTHETIC}'"
    )
    rows, source_file = con.execute(
        f"select count(*), any_value(source_file) from raw.wdi_values where indicator_code = '{SYNTHETIC}'"
    ).fetchall()[0]
    result = _gate(con, tmp_path)
    assert not result.passed
    assert result.description == (
        f"[wdi] raw.wdi_values in {source_file}: expect_column_values_to_be_in_set on indicator_code: {rows} rows"
    )
    failing = str(result.metadata["failures"].value)
    assert SYNTHETIC in failing and "source_row" in failing


def test_a_scaled_sample_publishes_with_its_synthetic_indicators_in_raw_and_none_in_the_marts(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SCALE_ENV, "2")
    for built in build_warehouse(tmp_path_factory.mktemp("scaled_home"), mode="sample"):
        in_raw = built.con.execute(
            f"select count(distinct indicator_code) from raw.wdi_values where indicator_code like '{SYNTHETIC_PREFIX}%'"
        ).fetchall()[0][0]
        assert in_raw == len(load_registry())
        in_marts = built.con.execute(
            "select count(*) from marts.fct_indicator_values where indicator_code like 'HEMI%' union all "
            "select count(*) from marts.fct_indicator_group_values where indicator_code like 'HEMI%' union all "
            "select count(*) from marts.dim_indicator where indicator_code like 'HEMI%'"
        ).fetchall()
        assert in_marts == [(0,), (0,), (0,)]
