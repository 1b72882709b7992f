"""What every source in the catalog promises, checked the same way for each.

A new publisher module joins the warehouse by being added to orchestration/catalog.py; these
tests hold it to the contract the orchestration relies on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.catalog import SOURCES
from orchestration.checks.suites import SUITES
from sources._common.errors import SourceError
from sources._common.land import land_source
from sources._common.landing import LandingZone

BY_NAME = {spec.name: spec for spec in SOURCES}


@pytest.fixture(scope="module")
def sample_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("sample")
    for spec in SOURCES:
        spec.write_sample(root)
    return root


@pytest.mark.parametrize("name", BY_NAME)
def test_sample_loads_every_declared_table_marked_sample_with_lineage_and_unique_keys(name, tmp_path):
    spec = BY_NAME[name]
    landed = land_source(spec, "sample", LandingZone(tmp_path / "raw"), sample_dir=tmp_path / "sample")
    tables = spec.load(landed)
    assert set(tables) == {table.name for table in spec.raw_tables}
    landed_hashes = {record.sha256 for record in landed}
    for table in spec.raw_tables:
        frame = tables[table.name]
        assert len(frame), f"{name}: raw.{table.name} is empty"
        assert set(table.key) <= set(frame.columns), f"{name}: raw.{table.name} lacks its key"
        assert not frame.duplicated(list(table.key)).any(), f"{name}: raw.{table.name} repeats a key"
        if table.revision_value:
            assert table.revision_value in frame.columns
        # Every row says where it came from; only the repository's own registry is not a landed file.
        from_files = frame["source_vintage"] != "repository"
        assert set(frame.loc[from_files, "source_vintage"]) == {"sample"} or not from_files.any(), name
        assert set(frame.loc[from_files, "raw_sha256"]) <= landed_hashes, f"{name}: raw.{table.name} lineage"
        assert frame["raw_sha256"].notna().all()


@pytest.mark.parametrize("name", BY_NAME)
def test_every_raw_table_has_a_quality_suite(name):
    missing = [t.name for t in BY_NAME[name].raw_tables if t.name not in SUITES]
    assert not missing, f"{name}: no Great Expectations suite for {missing}"


@pytest.mark.parametrize("name", BY_NAME)
def test_sample_is_byte_identical_from_run_to_run(name, tmp_path):
    spec = BY_NAME[name]
    first = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in spec.write_sample(tmp_path / "a")}
    second = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in spec.write_sample(tmp_path / "b")}
    assert first == second


@pytest.mark.parametrize("name", BY_NAME)
def test_an_html_error_page_in_place_of_each_file_fails_naming_the_file(name, sample_root, tmp_path):
    spec = BY_NAME[name]
    zone = LandingZone(tmp_path / "raw")
    landed = land_source(spec, "snapshot", zone, snapshot_dir=sample_root)
    victim = landed[0]
    page = tmp_path / "page" / victim.original_name
    page.parent.mkdir()
    page.write_text("<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>")
    with pytest.raises(SourceError) as error:  # refused at landing (a workbook name), or by the parser
        broken = zone.land_file(page, source=spec.name, dataset=victim.dataset, origin="snapshot")
        spec.load([broken, *landed[1:]])
    assert victim.original_name in str(error.value)
