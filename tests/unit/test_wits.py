"""WITS trade summary (US as reporter): the real 2017-2022 exports, broken copies, the name map, the sample."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from sources._common.errors import SourceError
from sources._common.http import HttpClient
from sources._common.land import land_source
from sources._common.landing import LandingZone
from sources._common.snapshot import find_snapshot_files
from sources.wits import SOURCE
from sources.wits.parse import COLUMNS, parse_trade_summaries, parse_trade_summary
from sources.wits.partner_names import map_partner_names, parse_name_map, partner_iso3_map
from sources.wits.sample import HEADER, partner_rows, write_sample

REAL_FOLDER = "wits_us_trade_summary"
YEARS = range(2017, 2023)


# --- the real files -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_paths(shared_data: Path) -> list[Path]:
    return [shared_data / REAL_FOLDER / f"tr_xm_{year}.xlsx" for year in YEARS]


@pytest.fixture(scope="module")
def real(real_paths: list[Path]) -> pd.DataFrame:
    return parse_trade_summaries(real_paths)


def _cells(path: Path) -> list[list[object]]:
    """The Partner sheet as python-calamine reads it, independently of the parser."""
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Partner").to_python()


def _one(frame: pd.DataFrame, year: int, partner: str) -> pd.Series:
    rows = frame[(frame["year"] == year) & (frame["partner_name"] == partner)]
    assert len(rows) == 1, (year, partner)
    return rows.iloc[0]


def test_every_real_file_parses_with_one_row_per_partner(real_paths: list[Path], real: pd.DataFrame) -> None:
    for year, path in zip(YEARS, real_paths, strict=True):
        partner_rows_in_file = [cells for cells in _cells(path)[1:] if any(cell != "" for cell in cells)]
        parsed = real[real["source_file"] == path.name]
        assert len(parsed) == len(partner_rows_in_file)
        assert 225 <= len(parsed) <= 235
        assert set(parsed["year"]) == {year}
    assert list(real.columns) == list(COLUMNS)
    assert not real.duplicated(["year", "partner_name"]).any()
    assert set(real["reporter_name"]) == {"United States"}


def test_spot_values_equal_the_cells(real_paths: list[Path], real: pd.DataFrame) -> None:
    path = real_paths[-1]
    cells = _cells(path)
    header = [str(cell) for cell in cells[0]]
    index = next(i for i, row in enumerate(cells) if row[header.index("Partner Name")] == "Mexico")
    mexico = _one(real, 2022, "Mexico")
    assert mexico["exports_usd_thousands"] == cells[index][header.index("Export (US$ Thousand)")]
    assert mexico["imports_usd_thousands"] == cells[index][header.index("Import (US$ Thousand)")]
    assert mexico["ahs_weighted_avg_pct"] == cells[index][header.index("AHS Weighted Average (%)")]
    assert mexico["mfn_simple_avg_pct"] == cells[index][header.index("MFN Simple Average (%)")]
    assert mexico["import_partner_share_pct"] == cells[index][header.index("Import Partner Share (%)")]
    assert mexico["source_row"] == index + 1
    # Of the right order: US$ thousands, so about 320 billion dollars of exports to Mexico.
    assert 250e6 < mexico["exports_usd_thousands"] < 400e6


def test_world_is_trimmed_and_holds_the_whole_of_the_shares(real: pd.DataFrame) -> None:
    assert not real["partner_name"].str.startswith(" ").any()
    world = real[real["partner_name"] == "World"]
    assert len(world) == len(YEARS)
    assert (world["export_partner_share_pct"] == 100).all()
    assert (world["import_partner_share_pct"] == 100).all()


def test_trade_balance_is_exports_minus_imports_to_the_cent(real: pd.DataFrame) -> None:
    complete = real.dropna(subset=["exports_usd_thousands", "imports_usd_thousands", "trade_balance_usd_thousands"])
    gap = (complete["exports_usd_thousands"] - complete["imports_usd_thousands"]) - complete[
        "trade_balance_usd_thousands"
    ]
    assert gap.abs().max() <= 0.0101  # values are rounded to US$ 10


def test_economies_add_up_to_world(real: pd.DataFrame) -> None:
    names = partner_iso3_map()
    for year, rows in real.groupby("year"):
        world = rows[rows["partner_name"] == "World"].iloc[0]
        # "Other Asia, nes" has no ISO3 but is trade with an economy, not an aggregate.
        economies = rows[rows["partner_name"].map(names).notna() | (rows["partner_name"] == "Other Asia, nes")]
        for column in ("exports_usd_thousands", "imports_usd_thousands"):
            # Measured: within 1e-9 relative, except 2017 exports (0.02% short of World).
            assert economies[column].sum() == pytest.approx(world[column], rel=1e-3), (year, column)


def test_empty_cells_are_missing_not_zero(real: pd.DataFrame) -> None:
    other_asia = _one(real, 2022, "Other Asia, nes")
    assert math.isnan(other_asia["ahs_simple_avg_pct"])
    assert other_asia["imports_usd_thousands"] > 0
    assert math.isnan(_one(real, 2020, "Cuba")["ahs_weighted_avg_pct"])
    pitcairn = _one(real, 2020, "Pitcairn")
    assert math.isnan(pitcairn["exports_usd_thousands"])
    assert math.isnan(pitcairn["trade_balance_usd_thousands"])


def test_every_name_in_every_real_file_is_in_the_partner_map(real: pd.DataFrame) -> None:
    mapped = map_partner_names(real["partner_name"])
    assert set(mapped) == set(real["partner_name"])
    # And the map holds nothing else: no stale or misspelt entries.
    assert set(partner_iso3_map()) == set(real["partner_name"])


def test_partner_map_gives_iso3_to_economies_and_none_to_aggregates() -> None:
    names = partner_iso3_map()
    assert names["Mexico"] == "MEX"
    assert names["Bahamas, The"] == "BHS"
    assert names["Korea, Rep."] == "KOR"
    assert names["Serbia, FR(Serbia/Montenegro)"] == "SRB"
    for aggregate in ("World", "Latin America & Caribbean", "North America", "Other Asia, nes"):
        assert names[aggregate] is None
    codes = [code for code in names.values() if code is not None]
    assert len(codes) == len(set(codes)), "two WITS names map to the same ISO3"


def test_unmatched_partner_names_are_all_listed() -> None:
    with pytest.raises(SourceError) as caught:
        map_partner_names(["Mexico", "Atlantis", "Narnia", "Atlantis"], file="tr_xm_2030.xlsx")
    message = str(caught.value)
    assert "'Atlantis'" in message and "'Narnia'" in message
    assert "2 partner names" in message
    assert "Mexico" not in message
    assert "tr_xm_2030.xlsx" in message


@pytest.mark.parametrize(
    "document",
    [
        {"iso3": {"Mexico": "MX"}, "no_iso3": {}},
        {"iso3": {}, "no_iso3": {"World": " "}},
        {"iso3": {"World": "WLD"}, "no_iso3": {"World": "aggregate"}},
        {"iso3": {"Mexico": "MEX"}},
    ],
)
def test_a_malformed_name_map_is_rejected(document: dict) -> None:
    with pytest.raises(ValueError):
        parse_name_map(document, "partner_names.yaml")


def test_snapshot_folder_is_found_with_every_year(shared_data: Path, real_paths: list[Path]) -> None:
    assert find_snapshot_files(SOURCE, shared_data) == [("trade_summary", path) for path in real_paths]


# --- broken files -------------------------------------------------------------------------------

Sheet = openpyxl.worksheet.worksheet.Worksheet
Edit = Callable[[Sheet], None]


@pytest.fixture
def small_file(tmp_path: Path) -> Callable[..., Path]:
    """A valid export of a few sample partners, damaged by ``edit`` before it is saved."""

    def write(edit: Edit, name: str = "tr_xm_2019.xlsx", year: int = 2019) -> Path:
        workbook = openpyxl.Workbook()
        workbook.active.title = "Sheet1"
        sheet = workbook.create_sheet("Partner")
        sheet.append(list(HEADER))
        for row in partner_rows(year)[:6]:
            sheet.append(row)
        edit(sheet)
        path = tmp_path / name
        workbook.save(path)
        return path

    return write


def _raises_naming(path: Path, row: int | None = None) -> SourceError:
    with pytest.raises(SourceError) as caught:
        parse_trade_summary(path)
    assert caught.value.source == "wits"
    assert path.name in str(caught.value)
    if row is not None:
        assert caught.value.row == row
        assert f"row {row}" in str(caught.value)
    return caught.value


def _unchanged(sheet: Sheet) -> None:
    return None


def test_the_undamaged_small_file_parses(small_file: Callable[..., Path]) -> None:
    assert len(parse_trade_summary(small_file(_unchanged))) == 6


def test_empty_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "tr_xm_2019.xlsx"
    path.write_bytes(b"")
    _raises_naming(path)


def test_html_page_saved_as_xlsx_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "tr_xm_2019.xlsx"
    path.write_text("<html><head><title>WITS</title></head><body>Session expired</body></html>", encoding="utf-8")
    assert "HTML" in str(_raises_naming(path))


def test_renamed_sheet_is_rejected(small_file: Callable[..., Path]) -> None:
    def rename(sheet: Sheet) -> None:
        sheet.title = "By partner"

    assert "'Partner'" in str(_raises_naming(small_file(rename)))


def test_export_with_only_the_empty_sheet1_is_rejected(small_file: Callable[..., Path]) -> None:
    def empty_partner_sheet(sheet: Sheet) -> None:
        sheet.delete_rows(1, sheet.max_row)

    assert "empty" in str(_raises_naming(small_file(empty_partner_sheet), row=1))


def test_missing_column_is_named(small_file: Callable[..., Path]) -> None:
    def rename_imports(sheet: Sheet) -> None:
        sheet.cell(row=1, column=HEADER.index("Import (US$ Thousand)") + 1, value="Imports")

    assert "Import (US$ Thousand)" in str(_raises_naming(small_file(rename_imports), row=1))


def test_non_numeric_value_names_the_row(small_file: Callable[..., Path]) -> None:
    def suppress(sheet: Sheet) -> None:
        sheet.cell(row=4, column=HEADER.index("Export (US$ Thousand)") + 1, value="n/a")

    error = _raises_naming(small_file(suppress), row=4)
    assert "Export (US$ Thousand)" in str(error)


def test_negative_imports_are_rejected(small_file: Callable[..., Path]) -> None:
    def negate(sheet: Sheet) -> None:
        cell = sheet.cell(row=3, column=HEADER.index("Import (US$ Thousand)") + 1)
        cell.value = -cell.value

    assert "negative" in str(_raises_naming(small_file(negate), row=3))


def test_duplicate_partner_names_the_second_row(small_file: Callable[..., Path]) -> None:
    def repeat(sheet: Sheet) -> None:
        sheet.append([cell.value for cell in sheet[2]])

    error = _raises_naming(small_file(repeat), row=8)
    assert "duplicate" in str(error)


def test_same_year_in_two_files_names_both(small_file: Callable[..., Path]) -> None:
    first = small_file(_unchanged, name="tr_xm_2019.xlsx")
    second = small_file(_unchanged, name="tr_xm_2019 (1).xlsx")
    with pytest.raises(SourceError) as caught:
        parse_trade_summaries([first, second])
    assert first.name in str(caught.value) and second.name in str(caught.value)


def test_load_rejects_a_partner_name_that_is_not_reviewed(tmp_path: Path, small_file: Callable[..., Path]) -> None:
    def rename_partner(sheet: Sheet) -> None:
        sheet["B3"] = "Republic of Atlantis"

    path = small_file(rename_partner)
    landed = LandingZone(tmp_path / "raw").land_file(path, source="wits", dataset="trade_summary", origin="snapshot")
    with pytest.raises(SourceError, match="Republic of Atlantis") as caught:
        SOURCE.load([landed])
    assert path.name in str(caught.value)


# --- the sample ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_paths(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_sample(tmp_path_factory.mktemp("wits_sample"))


def test_sample_writes_one_export_per_year_in_the_snapshot_layout(sample_paths: list[Path]) -> None:
    assert [path.name for path in sample_paths] == [f"tr_xm_{year}.xlsx" for year in YEARS]
    assert {path.parent.name for path in sample_paths} == {REAL_FOLDER}
    workbook = openpyxl.load_workbook(sample_paths[0], read_only=True)
    assert workbook.sheetnames == ["Sheet1", "Partner"]
    assert workbook["Sheet1"].max_row in (None, 1) and workbook["Sheet1"]["A1"].value is None
    assert next(workbook["Partner"].iter_rows(max_row=1, values_only=True)) == HEADER
    workbook.close()


def test_a_second_sample_run_writes_identical_bytes(tmp_path: Path, sample_paths: list[Path]) -> None:
    again = write_sample(tmp_path)
    assert [path.read_bytes() for path in again] == [path.read_bytes() for path in sample_paths]


def test_sample_parses_with_wits_names_that_are_all_in_the_map(sample_paths: list[Path]) -> None:
    sample = parse_trade_summaries(sample_paths)
    names = set(sample["partner_name"])
    assert {"World", "Bahamas, The", "Vietnam", "Venezuela", "Other Asia, nes"} <= names
    assert set(map_partner_names(names)) == names
    assert sample.groupby("year").size().nunique() == 1
    assert math.isnan(_one(sample, 2021, "Cuba")["ahs_simple_avg_pct"])
    assert not math.isnan(_one(sample, 2019, "Cuba")["ahs_simple_avg_pct"])
    china = sample[sample["partner_name"] == "China"].set_index("year")["ahs_simple_avg_pct"]
    assert china[2020] > china[2017] + 5


def test_sample_world_is_the_sum_of_its_partners(sample_paths: list[Path]) -> None:
    sample = parse_trade_summary(sample_paths[-1])
    names = partner_iso3_map()
    world = _one(sample, 2022, "World")
    economies = sample[sample["partner_name"].map(names).notna() | (sample["partner_name"] == "Other Asia, nes")]
    assert economies["imports_usd_thousands"].sum() == pytest.approx(world["imports_usd_thousands"], abs=1)
    assert 300e6 < _one(sample, 2022, "Mexico")["imports_usd_thousands"] < 700e6


def test_live_mode_downloads_nothing_and_vintage_is_the_retrieval_date(
    tmp_path: Path, sample_paths: list[Path]
) -> None:
    assert not SOURCE.dataset("trade_summary").live
    with HttpClient("wits") as client:
        assert list(SOURCE.fetch_live(client)) == []
    zone = LandingZone(tmp_path / "raw")
    snapshot = land_source(SOURCE, "snapshot", zone, snapshot_dir=sample_paths[0].parents[1])
    assert {record.vintage for record in snapshot} == {None}  # the export states no release date
    frame = SOURCE.load(snapshot)["wits_us_trade_by_partner"]
    assert frame["source_vintage"].str.startswith("retrieved ").all()


def test_live_refresh_reuses_every_year_of_the_last_snapshot(tmp_path: Path, sample_paths: list[Path]) -> None:
    zone = LandingZone(tmp_path / "raw")
    snapshot = land_source(SOURCE, "snapshot", zone, snapshot_dir=sample_paths[0].parents[1])
    live = land_source(SOURCE, "live", zone)
    assert sorted(record.sha256 for record in live) == sorted(record.sha256 for record in snapshot)
