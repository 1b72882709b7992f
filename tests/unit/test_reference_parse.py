"""Parsing the reference code lists: the real snapshot files, and broken files written to tmp_path."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from sources._common.errors import SourceError
from sources._common.excel import read_sheet
from sources.reference.parse import (
    parse_m49,
    parse_schedule_c,
    parse_wb_class,
    parse_wb_income_history,
)
from sources.reference.sample import write_sample

M49_FILE = "reference/UNSD-M49-en.csv"
SCHEDULE_C_FILE = "reference/census_schedule_c_country.txt"
CLASS_FILE = "reference/wb_classification/class-country.xlsx"
OGHIST_FILE = "reference/wb_classification/OGHIST_2025_10_07.xlsx"


# --- real files ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def m49(shared_data: Path) -> pd.DataFrame:
    return parse_m49(shared_data / M49_FILE)


@pytest.fixture(scope="module")
def schedule_c(shared_data: Path) -> pd.DataFrame:
    return parse_schedule_c(shared_data / SCHEDULE_C_FILE)


@pytest.fixture(scope="module")
def wb_class(shared_data: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    return parse_wb_class(shared_data / CLASS_FILE)


@pytest.fixture(scope="module")
def income_history(shared_data: Path) -> pd.DataFrame:
    return parse_wb_income_history(shared_data / OGHIST_FILE)


def _one(frame: pd.DataFrame, **match: object) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for column, value in match.items():
        mask &= frame[column] == value
    assert mask.sum() == 1, f"expected exactly one row with {match}, found {mask.sum()}"
    return frame[mask].iloc[0]


def test_m49_lists_about_249_areas_with_unique_codes(m49: pd.DataFrame) -> None:
    assert 240 <= len(m49) <= 260
    assert m49["m49_code"].is_unique
    assert m49["iso3"].dropna().is_unique
    assert m49["m49_code"].str.fullmatch(r"\d{3}").all()


def test_m49_codes_keep_their_zero_padding(m49: pd.DataFrame) -> None:
    algeria = _one(m49, iso3="DZA")
    assert algeria["m49_code"] == "012"
    assert algeria["region_code"] == "002"


def test_m49_places_the_united_states_in_northern_america(m49: pd.DataFrame) -> None:
    usa = _one(m49, iso3="USA")
    assert usa["region_name"] == "Americas"
    assert usa["region_code"] == "019"
    assert usa["subregion_name"] == "Northern America"
    assert usa["intermediate_region_name"] is None


def test_m49_places_mexico_in_the_central_america_intermediate_region(m49: pd.DataFrame) -> None:
    mexico = _one(m49, iso3="MEX")
    assert mexico["subregion_name"] == "Latin America and the Caribbean"
    assert mexico["intermediate_region_name"] == "Central America"
    assert mexico["intermediate_region_code"] == "013"


def test_m49_reads_namibia_iso2_na_as_a_code_not_missing(m49: pd.DataFrame) -> None:
    assert _one(m49, iso3="NAM")["iso2"] == "NA"


def test_m49_empty_cells_are_none_and_flags_are_bool(m49: pd.DataFrame) -> None:
    antarctica = _one(m49, iso3="ATA")
    assert antarctica["region_code"] is None
    assert m49["is_ldc"].dtype == bool
    assert _one(m49, iso3="HTI")["is_ldc"]
    assert not _one(m49, iso3="USA")["is_sids"]


def test_schedule_c_maps_census_codes_to_iso2(schedule_c: pd.DataFrame) -> None:
    assert _one(schedule_c, census_code="2010")["iso2"] == "MX"
    assert _one(schedule_c, census_code="1220")["iso2"] == "CA"
    assert _one(schedule_c, census_code="5700")["iso2"] == "CN"
    assert _one(schedule_c, census_code="1000")["census_name"] == "United States of America"


def test_schedule_c_keeps_every_data_line_and_no_header_or_trailer(
    shared_data: Path, schedule_c: pd.DataFrame
) -> None:
    lines = (shared_data / SCHEDULE_C_FILE).read_text(encoding="utf-8").splitlines()
    data_lines = [line for line in lines if re.match(r"^\d{4}\s*\|", line)]
    assert len(schedule_c) == len(data_lines)
    assert schedule_c["census_code"].is_unique
    assert schedule_c["census_code"].str.fullmatch(r"\d{4}").all()
    assert _one(schedule_c, census_code="7920")["iso2"] == "NA"


def test_schedule_c_rows_point_at_their_line_in_the_file(shared_data: Path, schedule_c: pd.DataFrame) -> None:
    lines = (shared_data / SCHEDULE_C_FILE).read_text(encoding="utf-8").splitlines()
    canada = _one(schedule_c, census_code="1220")
    assert lines[canada["source_row"] - 1].startswith("1220")


def test_class_lists_economies_with_region_and_income_group(
    wb_class: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    economies, _ = wb_class
    assert 210 <= len(economies) <= 225
    assert economies["iso3"].is_unique
    assert economies["region"].notna().all()
    mexico = _one(economies, iso3="MEX")
    assert mexico["region"] == "Latin America & Caribbean"
    assert mexico["income_group"] == "Upper middle income"
    assert _one(economies, iso3="USA")["region"] == "North America"


def test_class_groups_hold_regional_and_income_membership(
    wb_class: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    economies, groups = wb_class
    latin_america = groups[groups["group_code"] == "LCN"]
    assert "MEX" in set(latin_america["iso3"])
    assert set(latin_america["group_name"]) == {"Latin America & Caribbean"}
    assert set(groups[groups["group_code"] == "NAC"]["iso3"]) >= {"USA", "CAN"}
    assert not groups.duplicated(["group_code", "iso3"]).any()
    region_members = set(economies.loc[economies["region"] == "Latin America & Caribbean", "iso3"])
    assert set(latin_america["iso3"]) == region_members


def test_oghist_covers_fy89_to_fy26_with_consecutive_years(income_history: pd.DataFrame) -> None:
    fiscal_years = sorted(income_history["fiscal_year"].unique())
    assert fiscal_years == list(range(fiscal_years[0], fiscal_years[-1] + 1))
    assert fiscal_years[0] == 1989
    assert 2026 in fiscal_years
    assert set(income_history["income_code"]) == {"L", "LM", "UM", "H"}
    assert not income_history.duplicated(["iso3", "fiscal_year"]).any()


def test_oghist_formula_label_columns_get_the_year_between_their_neighbours(
    shared_data: Path, income_history: pd.DataFrame
) -> None:
    path = shared_data / OGHIST_FILE
    workbook = openpyxl.load_workbook(path, read_only=True)
    label_row = next(workbook["Country Analytical History"].iter_rows(min_row=5, max_row=5, values_only=True))
    workbook.close()
    formula_columns = [column for column, cell in enumerate(label_row) if str(cell).startswith("=")]
    assert formula_columns, "the snapshot is expected to hold at least one formula label"
    first_label_column = label_row.index("FY89")

    rows = read_sheet(path, "Country Analytical History", "test")
    mexico_row = next(cells for cells in rows if cells[0] == "MEX")
    for column in formula_columns:
        assert str(label_row[column - 1]).startswith(("FY", "="))
        fiscal_year = 1989 + column - first_label_column
        parsed = _one(income_history, iso3="MEX", fiscal_year=fiscal_year)
        assert parsed["income_code"] == mexico_row[column]


def test_oghist_code_matches_the_cell_in_the_sheet(shared_data: Path, income_history: pd.DataFrame) -> None:
    rows = read_sheet(shared_data / OGHIST_FILE, "Country Analytical History", "test")
    labels = rows[4]
    fy10_column = labels.index("FY10")
    brazil_row_index, brazil_row = next((i, cells) for i, cells in enumerate(rows) if cells[0] == "BRA")
    parsed = _one(income_history, iso3="BRA", fiscal_year=2010)
    assert parsed["income_code"] == brazil_row[fy10_column]
    assert parsed["source_row"] == brazil_row_index + 1


def test_oghist_drops_unclassified_years(shared_data: Path, income_history: pd.DataFrame) -> None:
    rows = read_sheet(shared_data / OGHIST_FILE, "Country Analytical History", "test")
    fy_columns = range(rows[4].index("FY89"), rows[4].index("FY26") + 1)
    for code, cells in ((cells[0], cells) for cells in rows if cells[0] in {"ALB", "ARM"}):
        classified = [c for c in fy_columns if str(cells[c]).strip() not in {"", ".."}]
        assert len(income_history[income_history["iso3"] == code]) == len(classified)


# --- broken files -------------------------------------------------------------------------------


@pytest.fixture
def sample_files(tmp_path: Path) -> dict[str, Path]:
    written = write_sample(tmp_path / "sample")
    return {
        "m49": next(p for p in written if p.name == "UNSD-M49-en.csv"),
        "schedule_c": next(p for p in written if p.suffix == ".txt"),
        "class": next(p for p in written if p.name == "class-country.xlsx"),
        "oghist": next(p for p in written if p.name.startswith("OGHIST")),
    }


ALL_PARSERS: dict[str, Callable[[Path], object]] = {
    "UNSD-M49-en.csv": parse_m49,
    "census_schedule_c_country.txt": parse_schedule_c,
    "class-country.xlsx": parse_wb_class,
    "OGHIST.xlsx": parse_wb_income_history,
}


def _raises_naming(parse: Callable[[Path], object], path: Path, row: int | None = None) -> SourceError:
    with pytest.raises(SourceError) as caught:
        parse(path)
    message = str(caught.value)
    assert path.name in message
    assert caught.value.source == "reference"
    if row is not None:
        assert caught.value.row == row
        assert f"row {row}" in message
    return caught.value


@pytest.mark.parametrize("file_name", list(ALL_PARSERS))
def test_empty_file_is_rejected(tmp_path: Path, file_name: str) -> None:
    path = tmp_path / file_name
    path.write_bytes(b"")
    _raises_naming(ALL_PARSERS[file_name], path)


@pytest.mark.parametrize("file_name", list(ALL_PARSERS))
def test_html_error_page_is_rejected(tmp_path: Path, file_name: str) -> None:
    path = tmp_path / file_name
    path.write_text("<!DOCTYPE html>\n<html><body>Access denied</body></html>\n", encoding="utf-8")
    error = _raises_naming(ALL_PARSERS[file_name], path)
    assert "HTML" in str(error)


def _rewrite_lines(path: Path, change: Callable[[list[str]], list[str]], encoding: str = "utf-8") -> None:
    lines = path.read_text(encoding=encoding).splitlines()
    path.write_text("\n".join(change(lines)) + "\n", encoding=encoding)


def test_m49_missing_column_is_named(sample_files: dict[str, Path]) -> None:
    path = sample_files["m49"]
    _rewrite_lines(path, lambda lines: [lines[0].replace("ISO-alpha3 Code", "ISO3"), *lines[1:]], "utf-8-sig")
    error = _raises_naming(parse_m49, path, row=1)
    assert "ISO-alpha3 Code" in str(error)


def test_m49_duplicate_code_names_the_row(sample_files: dict[str, Path]) -> None:
    path = sample_files["m49"]
    _rewrite_lines(path, lambda lines: [*lines, lines[1]], "utf-8-sig")
    line_count = len(path.read_text(encoding="utf-8-sig").splitlines())
    error = _raises_naming(parse_m49, path, row=line_count)
    assert "duplicate" in str(error)


def test_m49_code_without_zero_padding_is_rejected(sample_files: dict[str, Path]) -> None:
    path = sample_files["m49"]
    _rewrite_lines(
        path, lambda lines: [*lines[:2], lines[2].replace(",044,", ",44,"), *lines[3:]], "utf-8-sig"
    )
    assert "44" in path.read_text(encoding="utf-8-sig").splitlines()[2]
    error = _raises_naming(parse_m49, path, row=3)
    assert "3 digits" in str(error)


def test_schedule_c_without_its_header_line_is_rejected(sample_files: dict[str, Path]) -> None:
    path = sample_files["schedule_c"]
    _rewrite_lines(path, lambda lines: [line for line in lines if not line.startswith("Code")])
    error = _raises_naming(parse_schedule_c, path)
    assert "Code | Name | ISO" in str(error)


def test_schedule_c_duplicate_code_names_the_line(sample_files: dict[str, Path]) -> None:
    path = sample_files["schedule_c"]
    _rewrite_lines(path, lambda lines: [*lines[:6], lines[5], *lines[6:]])
    _raises_naming(parse_schedule_c, path, row=7)


def test_schedule_c_three_digit_code_is_rejected(sample_files: dict[str, Path]) -> None:
    path = sample_files["schedule_c"]
    _rewrite_lines(path, lambda lines: [*lines[:6], "123      " + lines[6][9:], *lines[7:]])
    error = _raises_naming(parse_schedule_c, path, row=7)
    assert "4-digit" in str(error)


def _edit_workbook(
    path: Path, sheet: str, edit: Callable[[openpyxl.worksheet.worksheet.Worksheet], None]
) -> None:
    workbook = openpyxl.load_workbook(path)
    edit(workbook[sheet])
    workbook.save(path)


def test_class_missing_income_group_column_is_named(sample_files: dict[str, Path]) -> None:
    path = sample_files["class"]

    def rename_income_group(sheet: openpyxl.worksheet.worksheet.Worksheet) -> None:
        sheet["D1"] = "Income"

    _edit_workbook(path, "List of economies", rename_income_group)
    error = _raises_naming(parse_wb_class, path)
    assert "Income group" in str(error)


def test_class_duplicate_economy_names_the_row(sample_files: dict[str, Path]) -> None:
    path = sample_files["class"]

    def repeat_first_economy_code(sheet: openpyxl.worksheet.worksheet.Worksheet) -> None:
        sheet["B4"] = sheet["B2"].value

    _edit_workbook(path, "List of economies", repeat_first_economy_code)
    error = _raises_naming(parse_wb_class, path, row=4)
    assert "duplicate" in str(error)


def test_class_two_letter_economy_code_is_rejected(sample_files: dict[str, Path]) -> None:
    path = sample_files["class"]

    def shorten_code(sheet: openpyxl.worksheet.worksheet.Worksheet) -> None:
        sheet["B3"] = "MX"

    _edit_workbook(path, "List of economies", shorten_code)
    error = _raises_naming(parse_wb_class, path, row=3)
    assert "3 capital letters" in str(error)


def test_class_groups_conflicting_repeat_is_a_duplicate(sample_files: dict[str, Path]) -> None:
    path = sample_files["class"]

    def repeat_membership_with_other_name(sheet: openpyxl.worksheet.worksheet.Worksheet) -> None:
        first = [cell.value for cell in sheet[2]]
        sheet.append([first[0], first[1], first[2], "Another name"])

    _edit_workbook(path, "Groups", repeat_membership_with_other_name)
    _raises_naming(parse_wb_class, path)


def test_oghist_duplicate_economy_names_the_row(sample_files: dict[str, Path]) -> None:
    path = sample_files["oghist"]
    appended_row: list[int] = []

    def repeat_first_economy(sheet: openpyxl.worksheet.worksheet.Worksheet) -> None:
        sheet.append([cell.value for cell in sheet[12]])
        appended_row.append(sheet.max_row)

    _edit_workbook(path, "Country Analytical History", repeat_first_economy)
    _raises_naming(parse_wb_income_history, path, row=appended_row[0])


def test_oghist_malformed_economy_code_is_rejected(sample_files: dict[str, Path]) -> None:
    path = sample_files["oghist"]

    def lowercase_code(sheet: openpyxl.worksheet.worksheet.Worksheet) -> None:
        sheet["A12"] = "ar1"

    _edit_workbook(path, "Country Analytical History", lowercase_code)
    _raises_naming(parse_wb_income_history, path, row=12)


def test_oghist_unknown_income_code_is_rejected(sample_files: dict[str, Path]) -> None:
    path = sample_files["oghist"]

    def misspell_code(sheet: openpyxl.worksheet.worksheet.Worksheet) -> None:
        sheet["C13"] = "UMX"

    _edit_workbook(path, "Country Analytical History", misspell_code)
    _raises_naming(parse_wb_income_history, path, row=13)


def test_oghist_without_fiscal_year_labels_is_rejected(sample_files: dict[str, Path]) -> None:
    path = sample_files["oghist"]

    def blank_label_row(sheet: openpyxl.worksheet.worksheet.Worksheet) -> None:
        for cell in sheet[5]:
            cell.value = None

    _edit_workbook(path, "Country Analytical History", blank_label_row)
    error = _raises_naming(parse_wb_income_history, path, row=5)
    assert "FY" in str(error)
