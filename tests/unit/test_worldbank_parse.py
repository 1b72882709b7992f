"""Parsing WDI downloads: the real snapshot files, and broken files written to tmp_path at test time.

Expected values are read from the real files by the test itself (csv module, calamine, openpyxl),
never copied into the repository.
"""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from sources._common.errors import SourceError
from sources.worldbank.parse import WdiTables, parse_wdi_file, parse_wdi_files, read_vintage
from sources.worldbank.registry import RegistryError, load_registry, parse_registry, registry_frame
from sources.worldbank.sample import write_sample

KEY = ["country_code", "indicator_code", "year"]
HEADER_LINE = 5


def _wdi_files(shared_data: Path) -> list[Path]:
    return sorted(path for path in (shared_data / "wdi").rglob("*") if path.is_file())


def _only(folder: Path, pattern: str) -> Path:
    matches = sorted(folder.glob(pattern))
    assert len(matches) == 1, f"{pattern} in {folder}: {matches}"
    return matches[0]


def _raw_lines(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def _raw_cell(path: Path, country_code: str, year: int) -> tuple[str, int]:
    """The cell text and its 1-based line, read with the csv module (data CSVs have one record a line)."""
    lines = _raw_lines(path)
    header = lines[HEADER_LINE - 1]
    column = header.index(str(year))
    for number, fields in enumerate(lines, start=1):
        if number > HEADER_LINE and fields[1] == country_code:
            return fields[column], number
    raise AssertionError(f"{country_code} not in {path.name}")


def _parsed_value(tables: WdiTables, country_code: str, year: int) -> pd.Series:
    rows = tables.values[(tables.values["country_code"] == country_code) & (tables.values["year"] == year)]
    assert len(rows) == 1
    return rows.iloc[0]


@pytest.fixture(scope="module")
def whole_folder(shared_data: Path) -> WdiTables:
    return parse_wdi_files(_wdi_files(shared_data))


# --- real files ---------------------------------------------------------------------------------


def test_every_real_wdi_file_parses_into_its_kind_of_table(shared_data: Path) -> None:
    files = _wdi_files(shared_data)
    assert len(files) >= 16
    for path in files:
        tables = parse_wdi_file(path)
        if path.name.startswith("Metadata_Country_"):
            assert len(tables.countries) > 200 and tables.values.empty, path.name
        elif path.name.startswith("Metadata_Indicator_"):
            assert len(tables.indicators) == 1 and tables.values.empty, path.name
        else:
            assert len(tables.values) > 1000, path.name
            assert set(tables.values["indicator_code"]) == {path.parent.name}, path.name
            assert len(tables.indicators) == 1, path.name
        if path.suffix in (".xls", ".xlsx"):
            assert len(tables.countries) > 200, path.name


@pytest.mark.parametrize(
    ("indicator", "country_code", "year"),
    [("SP.POP.TOTL", "MEX", 2020), ("BX.KLT.DINV.CD.WD", "GTM", 2015), ("SM.POP.NETM", "VEN", 2018)],
)
def test_csv_value_is_exactly_the_float_of_its_cell(
    shared_data: Path, indicator: str, country_code: str, year: int
) -> None:
    path = _only(shared_data / "wdi" / indicator, "API_*.csv")
    cell, line = _raw_cell(path, country_code, year)
    parsed = _parsed_value(parse_wdi_file(path), country_code, year)
    assert parsed["value"] == float(cell)
    assert parsed["source_row"] == line
    assert parsed["source_file"] == path.name


def test_xls_value_is_exactly_its_cell(shared_data: Path) -> None:
    path = _only(shared_data / "wdi" / "BX.TRF.PWKR.CD.DT", "*.xls")
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Data").to_python(skip_empty_area=False)
    header = rows[3]
    column = header.index("2020")
    excel_row, cells = next((i + 1, row) for i, row in enumerate(rows) if row[1] == "MEX")
    parsed = _parsed_value(parse_wdi_file(path), "MEX", 2020)
    assert parsed["value"] == float(cells[column])
    assert parsed["source_row"] == excel_row


def test_xlsx_value_is_exactly_its_cell_read_with_openpyxl(shared_data: Path) -> None:
    path = _only(shared_data / "wdi" / "SI.POV.GINI", "*.xlsx")
    sheet = openpyxl.load_workbook(path, read_only=True)["Data"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = [str(cell) if cell is not None else "" for cell in rows[3]]
    brazil_row = next(i for i, row in enumerate(rows) if row[1] == "BRA")
    filled = [(header[c], rows[brazil_row][c]) for c in range(4, len(header)) if rows[brazil_row][c] is not None]
    year, cell = filled[-1]
    parsed = _parsed_value(parse_wdi_file(path), "BRA", int(year))
    assert parsed["value"] == float(cell)
    assert parsed["source_row"] == brazil_row + 1


def test_vintage_is_the_last_updated_date_on_line_3(shared_data: Path) -> None:
    for path in (shared_data / "wdi").glob("*/API_*.csv"):
        stated = _raw_lines(path)[2]
        assert stated[0] == "Last Updated Date"
        assert read_vintage(path) == stated[1], path.name
        assert set(parse_wdi_file(path).values["vintage"]) == {stated[1]}, path.name


def test_xls_vintage_is_the_excel_serial_in_b2_as_a_date(shared_data: Path) -> None:
    # The snapshot README gives 2023-10-26 (serial 45225) for this workbook.
    path = _only(shared_data / "wdi" / "BX.TRF.PWKR.CD.DT", "*.xls")
    assert read_vintage(path) == "2023-10-26"
    assert set(parse_wdi_file(path).values["vintage"]) == {"2023-10-26"}


def test_metadata_files_have_no_vintage_of_their_own(shared_data: Path) -> None:
    folder = shared_data / "wdi" / "SP.POP.TOTL"
    assert read_vintage(_only(folder, "Metadata_Country_*.csv")) is None
    assert read_vintage(_only(folder, "Metadata_Indicator_*.csv")) is None
    assert parse_wdi_file(_only(folder, "Metadata_Country_*.csv")).countries["vintage"].isna().all()


def test_metadata_files_borrow_the_vintage_of_their_data_file(shared_data: Path) -> None:
    folder = shared_data / "wdi" / "SP.POP.TOTL"
    tables = parse_wdi_files(sorted(folder.iterdir()))
    data_vintage = read_vintage(_only(folder, "API_*.csv"))
    assert set(tables.countries["vintage"]) == {data_vintage}
    assert set(tables.indicators["vintage"]) == {data_vintage}
    assert tables.indicators["source_note"].notna().all()


def test_parsed_rows_are_the_non_empty_cells_of_a_csv(shared_data: Path) -> None:
    path = _only(shared_data / "wdi" / "SP.POP.TOTL", "API_*.csv")
    lines = _raw_lines(path)
    non_empty = sum(1 for fields in lines[HEADER_LINE:] if fields for cell in fields[4:] if cell != "")
    assert len(parse_wdi_file(path).values) == non_empty


def test_parsed_rows_are_the_non_empty_cells_of_a_workbook(shared_data: Path) -> None:
    path = _only(shared_data / "wdi" / "SI.POV.GINI", "*.xlsx")
    sheet = openpyxl.load_workbook(path, read_only=True)["Data"]
    non_empty = sum(
        1 for row in sheet.iter_rows(min_row=5, values_only=True) for cell in row[4:] if cell is not None and cell != ""
    )
    assert len(parse_wdi_file(path).values) == non_empty


def test_aggregates_have_no_region_and_mexico_is_in_latin_america(shared_data: Path) -> None:
    path = _only(shared_data / "wdi" / "SP.POP.TOTL", "Metadata_Country_*.csv")
    countries = parse_wdi_file(path).countries.set_index("country_code")
    assert countries.loc["WLD", "region"] is None
    assert countries.loc["LCN", "region"] is None
    assert countries.loc["WLD", "income_group"] is None
    assert countries.loc["MEX", "region"] == "Latin America & Caribbean"
    assert countries.loc["MEX", "table_name"] == "Mexico"


def test_whole_folder_has_one_row_per_key_and_per_country(whole_folder: WdiTables) -> None:
    assert not whole_folder.values.duplicated(KEY).any()
    assert whole_folder.countries["country_code"].is_unique
    assert whole_folder.indicators["indicator_code"].is_unique
    assert whole_folder.values["year"].between(1960, 2030).all()


def test_countries_come_from_the_newest_file_that_lists_them(whole_folder: WdiTables, shared_data: Path) -> None:
    wdi = shared_data / "wdi"
    vintages = [read_vintage(_only(path.parent, "API_*.csv")) for path in wdi.glob("*/Metadata_Country_*.csv")]
    vintages += [read_vintage(path) for path in wdi.glob("*/*.xls*")]
    assert set(whole_folder.countries["vintage"]) == {max(v for v in vintages if v)}


def test_registry_covers_every_indicator_in_the_snapshot(whole_folder: WdiTables, shared_data: Path) -> None:
    registered = {indicator.code for indicator in load_registry()}
    folders = {path.name for path in (shared_data / "wdi").iterdir() if path.is_dir()}
    assert folders <= registered
    assert set(whole_folder.values["indicator_code"]) <= registered


def test_real_values_pass_the_registry_bounds(whole_folder: WdiTables) -> None:
    bounds = registry_frame().set_index("indicator_code")
    values = whole_folder.values.join(bounds[["valid_min", "valid_max"]], on="indicator_code")
    outside = values[(values["value"] < values["valid_min"]) | (values["value"] > values["valid_max"])]
    assert outside.empty, outside[[*KEY, "value"]].head()


def test_api_zip_parses_like_its_three_members(shared_data: Path, tmp_path: Path) -> None:
    folder = shared_data / "wdi" / "SP.POP.TOTL"
    members = sorted(folder.iterdir())
    archive = tmp_path / "API_SP.POP.TOTL_DS2_en_csv_v2.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for member in members:
            zipped.write(member, member.name)
    from_zip = parse_wdi_file(archive)
    loose = parse_wdi_files(members)
    pd.testing.assert_frame_equal(from_zip.values, loose.values)
    pd.testing.assert_frame_equal(from_zip.countries, loose.countries)
    assert read_vintage(archive) == read_vintage(_only(folder, "API_*.csv"))


def test_newest_vintage_of_an_indicator_wins(shared_data: Path, tmp_path: Path) -> None:
    current = _only(shared_data / "wdi" / "SP.POP.TOTL", "API_*.csv")
    current_vintage = read_vintage(current)
    older = tmp_path / "API_SP.POP.TOTL_DS2_en_csv_v2_1.csv"
    older.write_bytes(current.read_bytes().replace(f'"{current_vintage}"'.encode(), b'"2001-01-01"', 1))
    for order in ([older, current], [current, older]):
        tables = parse_wdi_files(order)
        assert set(tables.values["vintage"]) == {current_vintage}
        assert set(tables.values["source_file"]) == {current.name}
        assert not tables.values.duplicated(KEY).any()


# --- broken files, derived from the bundled sample at test time --------------------------------


@pytest.fixture(scope="module")
def sample_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("wdi_sample")
    written = write_sample(dest)
    return next(path for path in written if path.name.startswith("API_SP.POP.TOTL_") and path.suffix == ".csv")


def _broken(tmp_path: Path, source: Path, content: bytes, name: str | None = None) -> Path:
    path = tmp_path / (name or source.name)
    path.write_bytes(content)
    return path


def _lines(path: Path) -> list[str]:
    return path.read_bytes().decode("utf-8-sig").split("\r\n")


def _join(lines: list[str]) -> bytes:
    return b"\xef\xbb\xbf" + "\r\n".join(lines).encode("utf-8")


def _raises_naming(path: Path, *fragments: str) -> SourceError:
    with pytest.raises(SourceError) as caught:
        parse_wdi_file(path)
    message = str(caught.value)
    assert path.name in message
    for fragment in fragments:
        assert fragment in message, message
    assert caught.value.source == "wdi"
    return caught.value


def test_sample_csv_parses_before_it_is_broken(sample_csv: Path) -> None:
    assert len(parse_wdi_file(sample_csv).values) > 100


def test_empty_file_is_rejected(sample_csv: Path, tmp_path: Path) -> None:
    _raises_naming(_broken(tmp_path, sample_csv, b""), "empty")


def test_html_page_saved_as_csv_is_rejected(sample_csv: Path, tmp_path: Path) -> None:
    page = b"<!DOCTYPE html>\n<html><body>Service unavailable</body></html>\n"
    _raises_naming(_broken(tmp_path, sample_csv, page), "HTML")


def test_truncated_last_line_is_rejected_with_its_line(sample_csv: Path, tmp_path: Path) -> None:
    content = sample_csv.read_bytes().rstrip(b"\r\n")
    last_line = content.count(b"\n") + 1
    cut_between_fields = content[: content.rfind(b'","') + 1]
    error = _raises_naming(_broken(tmp_path, sample_csv, cut_between_fields), "fields")
    assert error.row == last_line


def test_file_cut_inside_a_quoted_value_is_rejected(sample_csv: Path, tmp_path: Path) -> None:
    content = sample_csv.read_bytes().rstrip(b"\r\n")
    cut_inside_value = content[: content.rfind(b'","') + 4]
    _raises_naming(_broken(tmp_path, sample_csv, cut_inside_value))


def test_non_numeric_value_names_row_year_and_text(sample_csv: Path, tmp_path: Path) -> None:
    lines = _lines(sample_csv)
    header = next(csv.reader([lines[HEADER_LINE - 1]]))
    line_index = next(i for i, line in enumerate(lines) if '"MEX"' in line)
    fields = next(csv.reader([lines[line_index]]))
    fields[header.index("2000")] = "1,2x3"
    lines[line_index] = ",".join(f'"{field}"' for field in fields[:-1]) + ","
    error = _raises_naming(_broken(tmp_path, sample_csv, _join(lines)), "2000", "1,2x3")
    assert error.row == line_index + 1


def test_renamed_header_column_is_rejected(sample_csv: Path, tmp_path: Path) -> None:
    content = sample_csv.read_bytes().replace(b'"Country Code"', b'"Country ISO"', 1)
    error = _raises_naming(_broken(tmp_path, sample_csv, content), "Country Code")
    assert error.row == HEADER_LINE


def test_year_header_that_is_not_a_year_is_rejected(sample_csv: Path, tmp_path: Path) -> None:
    content = sample_csv.read_bytes().replace(b'"2001"', b'"2001 [YR2001]"', 1)
    _raises_naming(_broken(tmp_path, sample_csv, content), "4-digit year")


def test_row_with_another_indicator_code_is_rejected(sample_csv: Path, tmp_path: Path) -> None:
    lines = _lines(sample_csv)
    line_index = next(i for i, line in enumerate(lines) if '"BRA"' in line)
    lines[line_index] = lines[line_index].replace('"SP.POP.TOTL"', '"SP.POP.GROW"')
    error = _raises_naming(_broken(tmp_path, sample_csv, _join(lines)), "SP.POP.GROW")
    assert error.row == line_index + 1


def test_repeated_country_code_is_rejected(sample_csv: Path, tmp_path: Path) -> None:
    lines = _lines(sample_csv)
    line_index = next(i for i, line in enumerate(lines) if '"CHL"' in line)
    lines.insert(line_index + 1, lines[line_index])
    error = _raises_naming(_broken(tmp_path, sample_csv, _join(lines)), "CHL")
    assert error.row == line_index + 2


@pytest.mark.parametrize(
    ("replacement", "fragment"),
    [(b'"Last Updated","2025-01-01"', "Last Updated Date"), (b'"Last Updated Date","01/01/2025"', "YYYY-MM-DD")],
)
def test_missing_or_malformed_last_updated_date_is_rejected(
    sample_csv: Path, tmp_path: Path, replacement: bytes, fragment: str
) -> None:
    content = sample_csv.read_bytes().replace(b'"Last Updated Date","2025-01-01"', replacement, 1)
    error = _raises_naming(_broken(tmp_path, sample_csv, content), fragment)
    assert error.row == 3


def test_unrecognised_file_name_is_rejected(sample_csv: Path, tmp_path: Path) -> None:
    _raises_naming(_broken(tmp_path, sample_csv, sample_csv.read_bytes(), name="population.csv"), "file name")


def test_wrong_code_in_metadata_indicator_file_is_rejected(sample_csv: Path, tmp_path: Path) -> None:
    metadata = sample_csv.with_name(f"Metadata_Indicator_{sample_csv.name}")
    content = metadata.read_bytes().replace(b'"SP.POP.TOTL"', b'"SP.POP.GROW"', 1)
    _raises_naming(_broken(tmp_path, metadata, content), "SP.POP.GROW")


# --- registry -----------------------------------------------------------------------------------


def _entry(**changes: object) -> dict[str, object]:
    entry: dict[str, object] = {
        "code": "X.TEST",
        "name": "Test",
        "unit": "%",
        "topic": "macro",
        "plan_points": ["P5"],
        "valid_min": 0,
        "valid_max": 100,
        "description": "A test entry.",
    }
    entry.update(changes)
    return entry


def test_registry_frame_has_one_row_per_indicator_with_joined_plan_points() -> None:
    frame = registry_frame()
    assert frame["indicator_code"].is_unique
    assert len(frame) == len(load_registry())
    assert "BX.TRF.PWKR.DT.GD.ZS" in set(frame["indicator_code"])
    known = {"P1", "P2", "P3", "P4", "P5", "T1", "T2", "T3", "T4"}
    assert all(set(points.split(",")) <= known for points in frame["plan_points"])
    assert (frame["valid_min"] < frame["valid_max"]).all()


@pytest.mark.parametrize(
    ("entries", "fragment"),
    [
        ([_entry(), _entry()], "listed twice"),
        ([_entry(topic="weather")], "topic"),
        ([_entry(plan_points=["P9"])], "plan points"),
        ([_entry(valid_min=10, valid_max=1)], "below"),
        ([_entry(unit="")], "unit"),
    ],
)
def test_invalid_registry_entries_are_rejected_clearly(entries: list[dict[str, object]], fragment: str) -> None:
    with pytest.raises(RegistryError, match=fragment):
        parse_registry(entries)
