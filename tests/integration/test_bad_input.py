"""Bad input of every kind fails the refresh loudly, and nothing is lost.

Each case corrupts one file of a release written in the publishers' formats, refreshes that
source, and checks: the refresh is not published, the message names the source and the file
(and the row where there is one), the published warehouse is byte-identical, and the bad file
stays in the landing zone for inspection.
"""

from __future__ import annotations

import csv
import random
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import duckdb
import openpyxl
import pytest
from click.testing import CliRunner

from orchestration.catalog import SOURCES
from orchestration.cli import main
from orchestration.warehouse import WarehouseFiles
from sources._common.file_checks import MEMBER_LIMIT_ENV
from sources._common.landing import LandingZone
from tests.integration.conftest import refresh, sha256_of


@pytest.fixture(scope="module")
def release(hemi_home: Path, tmp_path_factory) -> Path:
    """A clean release in every publisher's format, published once as the last good warehouse."""
    folder = tmp_path_factory.mktemp("release")
    for spec in SOURCES:
        spec.write_sample(folder)
    outcome = refresh(mode="snapshot", snapshot_dir=str(folder))
    assert outcome.published, outcome.failure
    return folder


def _wdi_csv(root: Path, indicator: str = "SP.POP.TOTL") -> Path:
    return next((root / "wdi" / indicator).glob(f"API_{indicator}_DS2_en_csv_v2*.csv"))


def _census(root: Path) -> Path:
    return next((root / "census_trade").glob("*.xlsx"))


def _edit_lines(path: Path, edit: Callable[[list[str]], list[str]]) -> Path:
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    path.write_text("\ufeff" + "\r\n".join(edit(lines)) + "\r\n", encoding="utf-8")
    return path


def _edit_cells(path: Path, edit: Callable[[list[str]], list[str]]) -> Path:
    """Rewrite every data row of a WDI CSV through ``edit`` (cells without the trailing empty one)."""

    def rows(lines: list[str]) -> list[str]:
        out = lines[:5]
        for line in lines[5:]:
            cells = next(csv.reader([line]))[:-1]
            out.append(",".join(f'"{c}"' for c in edit(cells)) + ",")
        return out

    return _edit_lines(path, rows)


def truncated(root: Path) -> Path:
    path = _wdi_csv(root)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def html_as_csv(root: Path) -> Path:
    path = _wdi_csv(root)
    path.write_text("<!DOCTYPE html><html><body><h1>503 Service Unavailable</h1></body></html>")
    return path


def html_as_xlsx(root: Path) -> Path:
    path = _census(root)
    path.write_text("<html><head><title>Error</title></head><body>Please try again later</body></html>")
    return path


def empty(root: Path) -> Path:
    path = _wdi_csv(root)
    path.write_bytes(b"")
    return path


def renamed_column(root: Path) -> Path:
    return _edit_lines(_wdi_csv(root), lambda lines: [*lines[:4], lines[4].replace("Country Code", "ISO3"), *lines[5:]])


def missing_column(root: Path) -> Path:
    path = _census(root)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    sheet.delete_cols(header.index("EYR") + 1)
    workbook.save(path)
    return path


def extra_column(root: Path) -> Path:
    # WDI's layout is fixed (four keys, then one column per year), so an extra column is a
    # format change that must be looked at before any value is trusted.
    return _edit_lines(
        _wdi_csv(root), lambda lines: [*lines[:4], lines[4] + '"Notes",', *[line + '"",' for line in lines[5:]]]
    )


def duplicate_key(root: Path) -> Path:
    return _edit_lines(_wdi_csv(root), lambda lines: [*lines[:6], lines[5], *lines[6:]])


def non_numeric(root: Path) -> Path:
    return _edit_cells(_wdi_csv(root), lambda cells: [*cells[:-1], "n/a*"] if cells[1] == "MEX" else cells)


def scaled_by_1000(root: Path) -> Path:
    def scale(cells: list[str]) -> list[str]:
        return [*cells[:4], *[repr(float(c) * 1000) if c else c for c in cells[4:]]]

    return _edit_cells(_wdi_csv(root), scale)


def future_year(root: Path) -> Path:
    return _edit_lines(_wdi_csv(root), lambda lines: [*lines[:4], lines[4].replace('"2024"', '"2099"'), *lines[5:]])


def unknown_country(root: Path) -> Path:
    return _edit_cells(_wdi_csv(root), lambda cells: [cells[0], "ZZX", *cells[2:]] if cells[1] == "MEX" else cells)


def unknown_indicator(root: Path) -> Path:
    """A series that neither the registry nor any indicator metadata defines: a data file on its own."""
    source = _wdi_csv(root)
    path = root / "wdi" / "XX.UNKNOWN" / source.name.replace("SP.POP.TOTL", "XX.UNKNOWN")
    path.parent.mkdir()
    path.write_bytes(source.read_bytes().replace(b'"SP.POP.TOTL"', b'"XX.UNKNOWN"'))
    return path


def renamed_sheet(root: Path) -> Path:
    path = _census(root)
    workbook = openpyxl.load_workbook(path)
    workbook.worksheets[0].title = "Sheet1"
    workbook.save(path)
    return path


def zip_with_wrong_member(root: Path) -> Path:
    path = _wdi_csv(root)
    archive_path = path.with_name("API_SP.POP.TOTL_DS2_en_csv_v2_1.zip")
    with zipfile.ZipFile(archive_path, "w") as archive:
        archive.writestr("README.txt", "the data file is missing from this download")
    path.unlink()
    return archive_path


def countries_dropped(root: Path) -> Path:
    """A release that lost a fifth of its economies: each remaining row is fine on its own."""
    def drop(lines: list[str]) -> list[str]:
        return lines[:5] + [line for number, line in enumerate(lines[5:]) if number % 5]

    for path in (root / "wdi").rglob("API_*_DS2_en_csv_v2*.csv"):
        _edit_lines(path, drop)
    for path in (root / "wdi").rglob("API_*_DS2_en_excel_v2*.xlsx"):
        workbook = openpyxl.load_workbook(path)
        sheet = workbook["Data"]
        for row in reversed(range(5, sheet.max_row + 1)):  # data from Excel row 5, as in the CSVs
            if (row - 5) % 5 == 0:
                sheet.delete_rows(row)
        workbook.save(path)
    return _wdi_csv(root)


def negative_remittances(root: Path) -> Path:
    path = next((root / "knomad").glob("inward_remittance_flows*.xlsx"))
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    sheet.cell(row=3, column=5).value = -125.5
    workbook.save(path)
    return path


def truncated_workbook(root: Path) -> Path:
    path = _census(root)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def random_bytes_workbook(root: Path) -> Path:
    path = _census(root)
    path.write_bytes(random.Random(7).randbytes(path.stat().st_size))
    return path


def utf16_csv(root: Path) -> Path:
    path = _wdi_csv(root)
    path.write_text(path.read_text(encoding="utf-8-sig"), encoding="utf-16")
    return path


def two_releases_same_vintage(root: Path) -> Path:
    path = _census(root)
    shutil.copyfile(path, path.with_name("country (1).xlsx"))
    return path.with_name("country (1).xlsx")


def zip_bomb(root: Path) -> Path:
    """A WDI zip whose data member expands far beyond the member limit (set to 2 MB for the test)."""
    path = _wdi_csv(root)
    archive_path = path.with_name(path.name.replace(".csv", ".zip"))
    with zipfile.ZipFile(archive_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(path.name, path.read_bytes() + b"\n" * (8 * 1024 * 1024))
    path.unlink()
    return archive_path


CASES = {
    "truncated file": ("wdi", truncated, ["row"]),
    "HTML error page saved as CSV": ("wdi", html_as_csv, ["HTML"]),
    "HTML error page saved as XLSX": ("census_trade", html_as_xlsx, ["HTML"]),
    "empty file": ("wdi", empty, ["empty"]),
    "renamed column": ("wdi", renamed_column, ["Country Code"]),
    "missing column": ("census_trade", missing_column, ["EYR"]),
    "extra column": ("wdi", extra_column, ["Notes"]),
    "duplicate keys": ("wdi", duplicate_key, ["row"]),
    "non-numeric value": ("wdi", non_numeric, ["row", "n/a*"]),
    "values scaled by 1000": ("wdi", scaled_by_1000, ["raw/wdi_values", "SP.POP.TOTL"]),
    "year in the future": ("wdi", future_year, ["raw/wdi_values", "year"]),
    "country code unknown to the dimension": ("wdi", unknown_country, ["ZZX", "API_SP.POP.TOTL", "row"]),
    "indicator unknown to the registry and to the publisher's metadata": (
        "wdi", unknown_indicator, ["[wdi]", "raw/wdi_values", "API_XX.UNKNOWN_DS2", "indicator_code", "rows"]
    ),
    "Excel sheet renamed": ("census_trade", renamed_sheet, ["sheet"]),
    "zip with the wrong member": ("wdi", zip_with_wrong_member, ["zip"]),
    "negative remittances": ("knomad", negative_remittances, ["negative"]),
    "a fifth of the economies missing": ("wdi", countries_dropped, ["raw/wdi_values", "distinct country_code fell"]),
    "truncated workbook": ("census_trade", truncated_workbook,
                           ["[census_trade]", "country.xlsx", "not a valid Excel workbook (truncated or not a zip)"]),
    "random bytes named .xlsx": ("census_trade", random_bytes_workbook,
                                 ["[census_trade]", "country.xlsx", "not a valid Excel workbook"]),
    "WDI CSV saved as UTF-16": (
        "wdi", utf16_csv, ["[wdi]", "API_SP.POP.TOTL", "UTF-16 encoded", "re-save it as UTF-8"]
    ),
    "two files of one dataset with the same vintage": (
        "census_trade", two_releases_same_vintage, ["ambiguous", "country.xlsx", "country (1).xlsx"]
    ),
    "zip bomb": ("wdi", zip_bomb, ["[wdi]", "API_SP.POP.TOTL", "HEMI_MAX_MEMBER_MB"]),
}
NOT_LANDED = {"two files of one dataset with the same vintage"}  # refused before any file lands


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_fails_naming_source_and_file_and_loses_nothing(case, release, hemi_home, tmp_path, monkeypatch):
    source, corrupt, expected = CASES[case]
    if corrupt is zip_bomb:
        monkeypatch.setenv(MEMBER_LIMIT_ENV, "2")
    snapshot = tmp_path / "snapshot"
    shutil.copytree(release, snapshot)
    bad_file = corrupt(snapshot)
    published = WarehouseFiles(hemi_home).published
    before = sha256_of(published)

    outcome = refresh(mode="snapshot", snapshot_dir=str(snapshot), only=(source,))

    assert not outcome.published, f"{case}: a bad file was published"
    message = outcome.failure
    for fragment in expected:
        assert fragment.lower() in message.lower(), f"{case}: {fragment!r} not in {message!r}"
    assert sha256_of(published) == before, f"{case}: the published warehouse changed"
    if case in NOT_LANDED:
        return
    assert not (hemi_home / "raw" / source / sha256_of(bad_file)).exists(), f"{case}: the bad file is among good files"
    # Kept for inspection, apart from the good files, with the reason beside it.
    folders = sorted((hemi_home / "quarantine" / source).glob("*"))
    assert folders, f"{case}: nothing was quarantined"
    folder = next(f for f in reversed(folders) if sha256_of(bad_file) in (f / "files.json").read_text())
    assert any(p.read_bytes() == bad_file.read_bytes() for p in folder.iterdir() if p.is_file()), case
    assert outcome.failure.splitlines()[0][:60] in (folder / "REASON.txt").read_text()


def _landed_bytes(home: Path) -> int:
    return sum(p.stat().st_size for p in (home / "raw").rglob("*") if p.is_file() and p.parent.name != "raw"
               and len(p.parent.name) == 64)


def test_failed_landings_never_grow_the_landing_zone_and_gc_prunes_them(release, hemi_home, tmp_path):
    snapshot = tmp_path / "snapshot"
    shutil.copytree(release, snapshot)
    good_census = [f.sha256 for f in LandingZone(hemi_home / "raw").last_complete("census_trade")]
    before = _landed_bytes(hemi_home)
    for attempt in range(3):
        path = _census(snapshot)
        path.write_bytes(path.read_bytes()[: 1000 + attempt])  # a different bad file each time
        assert not refresh(mode="snapshot", snapshot_dir=str(snapshot), only=("census_trade",)).published
    assert _landed_bytes(hemi_home) <= before, "failed landings stayed among the good files"
    # The next parse reads what is published, not the failed landing.
    assert [f.sha256 for f in LandingZone(hemi_home / "raw").last_complete("census_trade")] == good_census

    quarantined = sorted((hemi_home / "quarantine" / "census_trade").glob("*"))
    assert len(quarantined) >= 3
    env = {"HEMI_HOME": str(hemi_home)}
    dry = CliRunner().invoke(main, ["gc", "--quarantine-days", "0"], env=env)
    assert dry.exit_code == 0, dry.output
    assert "Dry run" in dry.output and "bytes" in dry.output and all(folder.exists() for folder in quarantined)
    applied = CliRunner().invoke(main, ["gc", "--apply", "--quarantine-days", "0"], env=env)
    assert applied.exit_code == 0, applied.output
    assert not any(folder.exists() for folder in quarantined)
    # Every file the published warehouse was built from survives.
    with duckdb.connect(str(WarehouseFiles(hemi_home).published), read_only=True) as con:
        lineage = con.execute("select source, sha256, original_name from meta.landed_files").fetchall()
    assert lineage and all((hemi_home / "raw" / s / sha / name).exists() for s, sha, name in lineage)
