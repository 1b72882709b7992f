"""A home built before the move from duckdb 2.0 to 1.5.5 holds files 1.5.5 cannot open: `hemi refresh` sets
them aside, renamed, and rebuilds. (Checked by hand on a home 2.0.1 wrote; a 2.0 file cannot be made here.)"""

from __future__ import annotations

from pathlib import Path

import duckdb

from orchestration import warehouse
from orchestration.warehouse import WarehouseFiles, set_aside_unreadable, written_by_newer_duckdb


def test_a_readable_warehouse_stays_where_it_is(tmp_path: Path):
    files = WarehouseFiles(tmp_path)
    duckdb.connect(str(files.published)).close()
    assert not written_by_newer_duckdb(files.published)
    assert set_aside_unreadable(tmp_path) == [] and files.published.exists()


def test_an_unreadable_published_and_previous_file_are_renamed_aside_not_deleted(tmp_path: Path, monkeypatch):
    files = WarehouseFiles(tmp_path)
    files.published.write_bytes(b"published by a newer DuckDB")
    files.previous.write_bytes(b"previous")
    monkeypatch.setattr(warehouse, "written_by_newer_duckdb", lambda path: True)
    moved = set_aside_unreadable(tmp_path)
    assert [old for old, _ in moved] == [files.published, files.previous]
    assert not files.published.exists() and not files.previous.exists()
    assert [aside.read_bytes() for _, aside in moved] == [b"published by a newer DuckDB", b"previous"]
    assert all(aside.name.startswith(old.name + ".unreadable-") for old, aside in moved)


def test_a_corrupt_file_is_not_taken_for_a_newer_format(tmp_path: Path):
    # Corruption is a fault to report, not a format to rebuild past: only the version message counts.
    path = tmp_path / "hemisphere.duckdb"
    path.write_bytes(b"not a database at all" * 100)
    assert not written_by_newer_duckdb(path)
