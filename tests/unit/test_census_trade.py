"""Census goods trade by country: the real country.xlsx, broken copies in tmp_path, and the sample."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import numpy as np
import openpyxl
import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from sources._common.errors import FetchError, SourceError
from sources._common.http import HttpClient
from sources._common.landing import LandingZone
from sources._common.sample_countries import SAMPLE_ECONOMIES
from sources._common.snapshot import find_snapshot_files
from sources.census_trade import SOURCE
from sources.census_trade.fetch import fetch_country_workbook
from sources.census_trade.parse import CensusTradeTables, last_published_month, parse_country_workbook, read_vintage
from sources.census_trade.sample import HEADER, sample_rows, write_sample

REAL_FILE = "census_trade/country.xlsx"
CAFTA_DR_MEMBERS = ("2230", "2470", "2110", "2050", "2150", "2190")  # CRI, DOM, SLV, GTM, HND, NIC
MEXICO, CANADA, CHINA = "2010", "1220", "5700"
FLOWS = ["imports_usd_millions", "exports_usd_millions"]


# --- the real file ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_path(shared_data: Path) -> Path:
    return shared_data / REAL_FILE


@pytest.fixture(scope="module")
def real(real_path: Path) -> CensusTradeTables:
    return parse_country_workbook(real_path)


@pytest.fixture(scope="module")
def real_cells(real_path: Path) -> list[list[object]]:
    """The sheet as python-calamine reads it, independently of the parser."""
    return CalamineWorkbook.from_path(str(real_path)).get_sheet_by_name("country").to_python()


def _month_rows(monthly: pd.DataFrame, year: int, code: str) -> pd.DataFrame:
    rows = monthly[(monthly["year"] == year) & (monthly["census_code"] == code)].sort_values("month")
    assert list(rows["month"]) == list(range(1, 13)), (year, code)
    return rows


def _annual(annual: pd.DataFrame, year: int, code: str) -> pd.Series:
    rows = annual[(annual["year"] == year) & (annual["census_code"] == code)]
    assert len(rows) == 1, (year, code)
    return rows.iloc[0]


def test_real_file_has_twelve_months_for_every_year_and_code(real: CensusTradeTables) -> None:
    monthly, annual = real
    assert len(annual) > 8000
    assert len(monthly) == 12 * len(annual)
    assert not monthly.duplicated(["year", "census_code", "month"]).any()
    assert not annual.duplicated(["year", "census_code"]).any()
    assert annual["year"].min() == 1985
    assert annual["year"].max() == 2024


def test_census_codes_keep_their_leading_zeros(real: CensusTradeTables) -> None:
    monthly, _ = real
    assert monthly["census_code"].str.fullmatch(r"\d{4}").all()
    cafta_dr = monthly[monthly["census_code"] == "0017"]
    assert not cafta_dr.empty
    assert set(cafta_dr["census_name"]) == {"CAFTA-DR"}
    assert monthly["census_code"].map(type).eq(str).all()


def test_aggregates_are_the_codes_below_1000(real: CensusTradeTables) -> None:
    monthly, _ = real
    aggregate_codes = set(monthly.loc[monthly["is_aggregate"], "census_code"])
    assert {"0004", "0015", "0017", "0021", "0022"} <= aggregate_codes
    assert all("0003" <= code <= "0022" for code in aggregate_codes)
    assert not monthly.loc[monthly["census_code"].isin([MEXICO, CANADA, CHINA]), "is_aggregate"].any()
    assert monthly["is_aggregate"].dtype == bool


def test_spot_values_equal_the_cells(real: CensusTradeTables, real_cells: list[list[object]]) -> None:
    header = [str(cell) for cell in real_cells[0]]
    index = next(i for i, cells in enumerate(real_cells) if cells[0] == "2023" and cells[1] == MEXICO)
    mexico = _month_rows(real.monthly, 2023, MEXICO)
    march, october = mexico.iloc[2], mexico.iloc[9]
    assert march["imports_usd_millions"] == real_cells[index][header.index("IMAR")]
    assert october["exports_usd_millions"] == real_cells[index][header.index("EOCT")]
    assert march["census_name"] == real_cells[index][header.index("CTYNAME")] == "Mexico"
    assert march["source_row"] == index + 1
    assert (
        _annual(real.annual_reported, 2023, MEXICO)["imports_total_usd_millions"]
        == real_cells[index][header.index("IYR")]
    )


def test_mexico_2023_yearly_totals_equal_the_sum_of_parsed_months(real: CensusTradeTables) -> None:
    months = _month_rows(real.monthly, 2023, MEXICO)
    stated = _annual(real.annual_reported, 2023, MEXICO)
    assert months["imports_usd_millions"].sum() == pytest.approx(stated["imports_total_usd_millions"], abs=1e-6)
    assert months["exports_usd_millions"].sum() == pytest.approx(stated["exports_total_usd_millions"], abs=1e-6)
    # Of the right order: US imports from Mexico were about US$ 475 billion in 2023.
    assert 400_000 < stated["imports_total_usd_millions"] < 550_000


def test_partial_2024_has_months_7_to_12_unpublished(real: CensusTradeTables) -> None:
    monthly, annual = real
    published_by_month = monthly[monthly["year"] == 2024].groupby("month")["is_published"].agg(["all", "any"])
    assert published_by_month.loc[1:6, "all"].all()
    assert not published_by_month.loc[7:12, "any"].any()
    unpublished = monthly[~monthly["is_published"]]
    assert set(unpublished["year"]) == {2024}
    assert (unpublished[["imports_usd_millions", "exports_usd_millions"]] == 0).all().all()
    assert set(annual.loc[annual["year"] == 2024, "months_published"]) == {6}
    assert set(annual.loc[annual["year"] == 2023, "months_published"]) == {12}


def test_a_single_codes_zero_month_stays_published(real: CensusTradeTables) -> None:
    # USMCA entered into force on 1 July 2020: its rows are 0 before, but those months were published.
    usmca_mexico = _month_rows(real.monthly, 2020, "0021")
    assert (usmca_mexico["imports_usd_millions"].iloc[:6] == 0).all()
    assert (usmca_mexico["imports_usd_millions"].iloc[6:] > 0).all()
    assert usmca_mexico["is_published"].all()


def test_vintage_is_the_last_published_month(real_path: Path) -> None:
    assert read_vintage(real_path) == "through 2024-06"


def test_cafta_dr_row_equals_the_sum_of_its_six_members(real: CensusTradeTables) -> None:
    monthly = real.monthly.set_index(["year", "census_code", "month"])[FLOWS].sort_index()
    for year in range(2006, 2024):
        members = sum(monthly.loc[(year, code)] for code in CAFTA_DR_MEMBERS)
        difference = (members - monthly.loc[(year, "0017")]).abs().to_numpy().max()
        # Measured on the snapshot: at most 1e-11, i.e. floating-point rounding only.
        assert difference < 1e-6, (year, difference)


def test_world_row_equals_the_sum_of_every_country_in_a_complete_year(real: CensusTradeTables) -> None:
    annual = real.annual_reported
    year = annual[annual["year"] == 2023]
    countries = year[year["census_code"] >= "1000"]
    world = _annual(annual, 2023, "0015")
    assert countries["imports_total_usd_millions"].sum() == pytest.approx(world["imports_total_usd_millions"], abs=1e-6)
    assert countries["exports_total_usd_millions"].sum() == pytest.approx(world["exports_total_usd_millions"], abs=1e-6)


def test_snapshot_folder_is_found_by_the_dataset_glob(shared_data: Path) -> None:
    assert find_snapshot_files(SOURCE, shared_data) == [("country", shared_data / REAL_FILE)]


def test_load_on_the_real_file_tags_rows_with_the_month_vintage(tmp_path: Path, real_path: Path) -> None:
    landed = LandingZone(tmp_path).land_file(
        real_path, source="census_trade", dataset="country", origin="snapshot", vintage_of=SOURCE.read_vintage
    )
    tables = SOURCE.load([landed])
    for table in SOURCE.raw_tables:
        frame = tables[table.name]
        assert set(frame["source_vintage"]) == {"through 2024-06"}
        assert set(frame["raw_sha256"]) == {landed.sha256}
        assert not frame.duplicated(list(table.key)).any()


# --- broken files -------------------------------------------------------------------------------


Sheet = openpyxl.worksheet.worksheet.Worksheet
Edit = Callable[[Sheet], None]


@pytest.fixture
def small_file(tmp_path: Path) -> Callable[[Edit], Path]:
    """A valid country.xlsx of a dozen sample rows, damaged by ``edit`` before it is saved."""

    def write(edit: Edit) -> Path:
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = "country"
        sheet.append(list(HEADER))
        for row in sample_rows()[:12]:
            sheet.append(row)
        edit(sheet)
        path = tmp_path / "country.xlsx"
        workbook.save(path)
        return path

    return write


def _raises_naming(path: Path, row: int | None = None) -> SourceError:
    with pytest.raises(SourceError) as caught:
        parse_country_workbook(path)
    assert caught.value.source == "census_trade"
    assert path.name in str(caught.value)
    if row is not None:
        assert caught.value.row == row
        assert f"row {row}" in str(caught.value)
    return caught.value


def test_the_undamaged_small_file_parses(small_file: Callable[[Edit], Path]) -> None:
    monthly, annual = parse_country_workbook(small_file(lambda sheet: None))
    assert len(annual) == 12
    assert len(monthly) == 144


def test_empty_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "country.xlsx"
    path.write_bytes(b"")
    _raises_naming(path)


def test_html_page_saved_as_xlsx_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "country.xlsx"
    path.write_text("<!DOCTYPE html>\n<html><body>Service Unavailable</body></html>\n", encoding="utf-8")
    assert "HTML" in str(_raises_naming(path))


def test_renamed_sheet_is_rejected(small_file: Callable[[Edit], Path]) -> None:
    def rename(sheet: Sheet) -> None:
        sheet.title = "Sheet1"

    assert "'country'" in str(_raises_naming(small_file(rename)))


def test_missing_column_is_named(small_file: Callable[[Edit], Path]) -> None:
    def rename_march_imports(sheet: Sheet) -> None:
        sheet["F1"] = "IMARCH"

    assert "IMAR" in str(_raises_naming(small_file(rename_march_imports), row=1))


def test_non_numeric_value_names_the_row_and_column(small_file: Callable[[Edit], Path]) -> None:
    def suppress_a_value(sheet: Sheet) -> None:
        sheet["E7"] = "(D)"

    error = _raises_naming(small_file(suppress_a_value), row=7)
    assert "IFEB" in str(error)
    assert "(D)" in str(error)


def test_empty_value_is_not_read_as_zero(small_file: Callable[[Edit], Path]) -> None:
    def blank_a_value(sheet: Sheet) -> None:
        sheet["T9"] = None

    assert "EAPR is empty" in str(_raises_naming(small_file(blank_a_value), row=9))


def test_negative_flow_is_rejected(small_file: Callable[[Edit], Path]) -> None:
    def negate(sheet: Sheet) -> None:
        sheet["D5"] = -sheet["D5"].value

    assert "negative" in str(_raises_naming(small_file(negate), row=5))


def test_duplicate_year_and_code_names_the_second_row(small_file: Callable[[Edit], Path]) -> None:
    def repeat_row_3(sheet: Sheet) -> None:
        sheet.append([cell.value for cell in sheet[3]])

    error = _raises_naming(small_file(repeat_row_3), row=14)
    assert "duplicate" in str(error)
    assert "first at row 3" in str(error)


@pytest.mark.parametrize("bad_code", [17, "17", "C017"])
def test_code_that_is_not_four_digits_of_text_is_rejected(small_file: Callable[[Edit], Path], bad_code: object) -> None:
    def damage_code(sheet: Sheet) -> None:
        sheet["B4"] = bad_code

    assert "4 digits" in str(_raises_naming(small_file(damage_code), row=4))


def test_file_where_nothing_is_published_has_no_vintage(small_file: Callable[[Edit], Path]) -> None:
    def zero_everything(sheet: Sheet) -> None:
        for row in sheet.iter_rows(min_row=2, min_col=4):
            for cell in row:
                cell.value = 0.0

    with pytest.raises(SourceError, match="nothing is published"):
        read_vintage(small_file(zero_everything))


# --- the sample ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_sample(tmp_path_factory.mktemp("census_sample"))[0]


@pytest.fixture(scope="module")
def sample(sample_path: Path) -> CensusTradeTables:
    return parse_country_workbook(sample_path)


def test_a_second_sample_run_writes_identical_bytes_in_the_snapshot_layout(tmp_path: Path, sample_path: Path) -> None:
    written = write_sample(tmp_path)
    assert [path.relative_to(tmp_path).as_posix() for path in written] == ["census_trade/country.xlsx"]
    assert find_snapshot_files(SOURCE, tmp_path) == [("country", written[0])]
    assert written[0].read_bytes() == sample_path.read_bytes()


def test_sample_keeps_the_census_layout_with_codes_as_text(sample_path: Path) -> None:
    workbook = openpyxl.load_workbook(sample_path, read_only=True)
    assert workbook.sheetnames == ["country"]
    rows = list(workbook["country"].iter_rows(values_only=True))
    workbook.close()
    header = rows[0]
    assert header[:4] == ("year", "CTY_CODE", "CTYNAME", "IJAN")
    assert header[15] == "IYR" and header[28] == "EYR"
    assert rows[1][0] == "2015" and rows[1][1] == "0004"


def test_sample_covers_every_partner_and_a_partial_latest_year(sample: CensusTradeTables) -> None:
    codes = set(sample.annual_reported["census_code"])
    assert {e.census_code for e in SAMPLE_ECONOMIES if e.iso3 != "USA"} <= codes
    assert "1000" not in codes  # the reporter is not its own partner
    months_published = sample.annual_reported.groupby("year")["months_published"].max()
    assert months_published[2024] == 6
    assert (months_published.drop(2024) == 12).all()
    assert last_published_month(sample.monthly) == (2024, 6)


def test_sample_aggregates_are_the_sums_of_their_members(sample: CensusTradeTables) -> None:
    flows = sample.monthly.set_index(["year", "census_code", "month"])[FLOWS].sort_index()
    partners = [e.census_code for e in SAMPLE_ECONOMIES if e.iso3 != "USA"]
    for year in (2019, 2024):
        for aggregate, members in (("0017", CAFTA_DR_MEMBERS), ("0010", (CANADA, MEXICO)), ("0015", partners)):
            total = sum(flows.loc[(year, code)] for code in members)
            assert np.abs((total - flows.loc[(year, aggregate)]).to_numpy()).max() < 1e-6, (year, aggregate)


def test_sample_usmca_rows_start_in_july_2020_and_nafta_rows_stop_in_june(sample: CensusTradeTables) -> None:
    usmca = _month_rows(sample.monthly, 2020, "0021")["imports_usd_millions"].to_numpy()
    nafta = _month_rows(sample.monthly, 2020, "0005")["imports_usd_millions"].to_numpy()
    assert (usmca[:6] == 0).all() and (usmca[6:] > 0).all()
    assert (nafta[:6] > 0).all() and (nafta[6:] == 0).all()
    mexico = _annual(sample.annual_reported, 2021, MEXICO)["imports_total_usd_millions"]
    assert 0 < _annual(sample.annual_reported, 2021, "0021")["imports_total_usd_millions"] < mexico


def test_sample_magnitudes_are_of_the_right_order(sample: CensusTradeTables) -> None:
    annual = sample.annual_reported

    def total(code: str, column: str) -> float:
        return float(_annual(annual, 2023, code)[column])

    for code in (MEXICO, CANADA):
        assert 250_000 < total(code, "imports_total_usd_millions") < 600_000
        assert 250_000 < total(code, "exports_total_usd_millions") < 600_000
    assert 400_000 <= total(CHINA, "imports_total_usd_millions") <= 500_000
    assert 10_000 < total("0017", "imports_total_usd_millions") < 100_000
    assert 10_000 < total("0017", "exports_total_usd_millions") < 100_000


def test_load_refuses_two_workbooks(tmp_path: Path, sample_path: Path) -> None:
    path = sample_path
    zone = LandingZone(tmp_path / "raw")
    record = zone.land_file(path, source="census_trade", dataset="country", origin="sample")
    with pytest.raises(SourceError, match="exactly one"):
        SOURCE.load([record, record])


# --- live download ------------------------------------------------------------------------------


def _client(body: bytes) -> HttpClient:
    return HttpClient("census_trade", transport=httpx.MockTransport(lambda request: httpx.Response(200, content=body)))


def test_fetch_yields_the_workbook(sample_path: Path) -> None:
    body = sample_path.read_bytes()
    with _client(body) as client:
        downloads = list(fetch_country_workbook(client))
    assert [(d.dataset, d.file_name, d.content) for d in downloads] == [("country", "country.xlsx", body)]
    assert downloads[0].url == "https://www.census.gov/foreign-trade/balance/country.xlsx"


def test_fetch_rejects_an_html_answer() -> None:
    with _client(b"<html><body>Maintenance</body></html>") as client, pytest.raises(FetchError, match="workbook"):
        list(fetch_country_workbook(client))
