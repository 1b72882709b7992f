"""The landing zone refuses what no parser should see: files over the size limits, zip bombs (even with a
lying header), workbooks that are not workbooks, UTF-16 CSVs; and two candidates for one release."""

from __future__ import annotations

import os
import shutil
import struct
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from orchestration.catalog import SOURCES
from sources._common.errors import SourceError
from sources._common.excel import read_sheet
from sources._common.file_checks import DEFAULT_LIMIT_MB, FILE_LIMIT_ENV, MB, MEMBER_LIMIT_ENV, check_file_kind
from sources._common.landing import LandingZone
from sources._common.snapshot import find_snapshot_files

SPECS = {spec.name: spec for spec in SOURCES}


def _land(zone: LandingZone, path: Path, source: str = "wdi"):
    spec = SPECS[source]
    return zone.land_file(path, source=source, dataset=spec.datasets[0].name, origin="snapshot",
                          vintage_of=spec.read_vintage)


def _bomb(path: Path, member_bytes: int) -> Path:
    """A zip whose one member is ``member_bytes`` of zeros: kilobytes that expand to megabytes."""
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("API_SP.POP.TOTL_DS2_en_csv_v2_1.csv", "w") as member,
    ):
        piece = b"\0" * MB
        for _ in range(member_bytes // MB):
            member.write(piece)
    return path


def _lie_about_sizes(path: Path, declared: int) -> Path:
    """Rewrite the member's uncompressed size in the local header and the central directory."""
    data = bytearray(path.read_bytes())
    local = data.find(b"PK\x03\x04")
    struct.pack_into("<I", data, local + 22, declared)
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, declared)
    path.write_bytes(bytes(data))
    return path


def test_a_zip_bomb_is_refused_at_landing_from_its_declared_size(tmp_path, monkeypatch):
    monkeypatch.setenv(MEMBER_LIMIT_ENV, "2")
    bomb = _bomb(tmp_path / "API_SP.POP.TOTL_DS2_en_csv_v2_1.zip", 8 * MB)
    assert bomb.stat().st_size < 100_000  # kilobytes on disk
    with pytest.raises(SourceError) as refused:
        _land(LandingZone(tmp_path / "raw"), bomb)
    message = str(refused.value)
    assert "[wdi]" in message and bomb.name in message and MEMBER_LIMIT_ENV in message and "limit of 2 MB" in message


def test_a_zip_whose_header_lies_about_its_size_is_still_refused(tmp_path, monkeypatch):
    monkeypatch.setenv(MEMBER_LIMIT_ENV, "2")
    liar = _lie_about_sizes(_bomb(tmp_path / "API_SP.POP.TOTL_DS2_en_csv_v2_1.zip", 8 * MB), declared=1000)
    assert zipfile.ZipFile(liar).infolist()[0].file_size == 1000
    tracemalloc.start()
    try:
        with pytest.raises(SourceError) as refused:
            _land(LandingZone(tmp_path / "raw"), liar)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert liar.name in str(refused.value)
    assert peak < 4 * MB, f"checking the archive held {peak:,} bytes at once"


def test_landing_streams_a_large_file_instead_of_reading_it_whole(tmp_path):
    big = tmp_path / "cbp-nationwide-encounters-fy20-fy23-state.csv"
    big.write_bytes(b"a,b\n" * (5 * MB))  # 20 MB
    zone = LandingZone(tmp_path / "raw")
    tracemalloc.start()
    try:  # landing alone (copy, hash, checks), without the publisher's vintage reader
        landed = zone.land_file(big, source="cbp_encounters", dataset="encounters", origin="snapshot")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * MB, f"landing a 20 MB file held {peak:,} bytes at once"
    assert landed.size == big.stat().st_size and landed.file.read_bytes() == big.read_bytes()


def test_the_file_size_limit_is_configurable_and_names_its_setting(tmp_path, monkeypatch):
    monkeypatch.setenv(FILE_LIMIT_ENV, "1")
    big = tmp_path / "API_SP.POP.TOTL_DS2_en_csv_v2_1.csv"
    big.write_bytes(b"x" * (2 * MB))
    with pytest.raises(SourceError) as refused:
        _land(LandingZone(tmp_path / "raw"), big)
    assert FILE_LIMIT_ENV in str(refused.value) and big.name in str(refused.value)
    assert not list((tmp_path / "raw").rglob(big.name)), "a file over the limit must not be kept whole"


def test_every_real_file_is_well_within_the_default_limits(shared_data):
    largest = 0
    for path in shared_data.rglob("*"):
        if path.is_file() and path.suffix.lower() in {".csv", ".txt", ".xlsx", ".xls", ".zip"}:
            check_file_kind("any", path, path.name)
            largest = max(largest, path.stat().st_size)
            if zipfile.is_zipfile(path):
                largest = max(largest, *(info.file_size for info in zipfile.ZipFile(path).infolist()))
    assert largest * 10 < DEFAULT_LIMIT_MB * MB


@pytest.mark.parametrize("damage", ["truncated", "random bytes"])
def test_a_corrupt_workbook_is_named_and_described_in_words(tmp_path, damage):
    census = SPECS["census_trade"]
    census.write_sample(tmp_path / "release")
    path = next((tmp_path / "release" / census.snapshot_folder).glob("*.xlsx"))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] if damage == "truncated" else os.urandom(len(data)))
    expected = "not a valid Excel workbook (truncated or not a zip)"
    with pytest.raises(SourceError) as at_landing:
        _land(LandingZone(tmp_path / "raw"), path, source="census_trade")
    with pytest.raises(SourceError) as at_parse:
        read_sheet(path, "anything", "census_trade")
    for refused in (at_landing, at_parse):
        message = str(refused.value)
        assert "[census_trade]" in message and path.name in message and expected in message
        assert "EOCD" not in message and "Zip" not in message


def test_a_utf16_wdi_csv_says_so_and_how_to_fix_it(tmp_path):
    SPECS["wdi"].write_sample(tmp_path / "release")
    path = next((tmp_path / "release" / "wdi").rglob("API_SP.POP.TOTL_DS2_en_csv_v2*.csv"))
    path.write_text(path.read_text(encoding="utf-8-sig"), encoding="utf-16")
    with pytest.raises(SourceError) as refused:
        _land(LandingZone(tmp_path / "raw"), path)
    message = str(refused.value)
    assert "[wdi]" in message and path.name in message
    assert "UTF-16 encoded" in message and "re-save it as UTF-8" in message


def test_two_files_of_one_dataset_with_the_same_vintage_refuse_naming_both(tmp_path):
    census = SPECS["census_trade"]
    census.write_sample(tmp_path)
    first = next((tmp_path / census.snapshot_folder).glob("*.xlsx"))
    second = first.with_name("country (1).xlsx")
    shutil.copyfile(first, second)
    with pytest.raises(SourceError) as refused:
        find_snapshot_files(census, tmp_path)
    message = str(refused.value)
    assert "ambiguous" in message and first.name in message and second.name in message


def test_two_releases_side_by_side_load_the_newer_vintage(tmp_path, monkeypatch):
    census = SPECS["census_trade"]
    census.write_sample(tmp_path)
    first = next((tmp_path / census.snapshot_folder).glob("*.xlsx"))
    second = first.with_name("a_country_older.xlsx")
    shutil.copyfile(first, second)
    vintages = {first.name: "through 2024-06", second.name: "through 2024-05"}
    spec = type(census)(**{**census.__dict__, "read_vintage": lambda path: vintages[Path(path).name]})
    assert find_snapshot_files(spec, tmp_path) == [("country", first)]


def test_two_wdi_files_of_one_indicator_with_the_same_vintage_refuse_naming_both(tmp_path):
    from sources.worldbank.parse import iter_wdi_tables

    SPECS["wdi"].write_sample(tmp_path)
    first = next((tmp_path / "wdi").rglob("API_SP.POP.TOTL_DS2_en_csv_v2*.csv"))
    second = first.with_name(first.name.replace(".csv", "_copy.csv"))
    shutil.copyfile(first, second)
    paths = sorted(p for p in (tmp_path / "wdi").rglob("*") if p.is_file())
    with pytest.raises(SourceError) as refused:
        for _ in iter_wdi_tables(paths):
            pass
    message = str(refused.value)
    assert "ambiguous" in message and first.name in message and second.name in message
