"""The bundled WDI sample: the publisher's layouts, read back by the real parser, reproducibly."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from sources._common.sample_countries import SAMPLE_AGGREGATES, SAMPLE_ECONOMIES
from sources.worldbank.parse import WdiTables, parse_wdi_file, parse_wdi_files, read_vintage
from sources.worldbank.registry import load_registry, registry_frame
from sources.worldbank.sample import EXCEL_CODES, SYNTHETIC_PREFIX, synthetic_indicators, write_sample

SAMPLE_ISO3 = {economy.iso3 for economy in SAMPLE_ECONOMIES}
AGGREGATE_CODES = {code for code, _ in SAMPLE_AGGREGATES}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_sample(tmp_path_factory.mktemp("wdi_sample"))


@pytest.fixture(scope="module")
def sample(written: list[Path]) -> WdiTables:
    return parse_wdi_files(written)


def _value(tables: WdiTables, indicator: str, country_code: str, year: int) -> float:
    values = tables.values
    rows = values[
        (values["indicator_code"] == indicator) & (values["country_code"] == country_code) & (values["year"] == year)
    ]
    assert len(rows) == 1, (indicator, country_code, year)
    return float(rows["value"].iloc[0])


def test_every_registry_indicator_round_trips_through_the_parser(sample: WdiTables) -> None:
    registry = {indicator.code: indicator for indicator in load_registry()}
    assert set(sample.values["indicator_code"]) == set(registry)
    names = sample.indicators.set_index("indicator_code")["indicator_name"]
    assert all(names[code] == indicator.name for code, indicator in registry.items())


def test_every_sample_economy_and_aggregate_is_present(sample: WdiTables) -> None:
    assert set(sample.values["country_code"]) == SAMPLE_ISO3 | AGGREGATE_CODES
    assert set(sample.countries["country_code"]) == SAMPLE_ISO3 | AGGREGATE_CODES
    for indicator, rows in sample.values.groupby("indicator_code"):
        assert set(rows["country_code"]) >= SAMPLE_ISO3, indicator


def test_aggregates_have_no_region_and_economies_do(sample: WdiTables) -> None:
    countries = sample.countries.set_index("country_code")
    assert all(countries.loc[code, "region"] is None for code in AGGREGATE_CODES)
    assert all(countries.loc[economy.iso3, "region"] == economy.wb_region for economy in SAMPLE_ECONOMIES)


def test_keys_are_unique_and_years_span_1990_to_2024(sample: WdiTables) -> None:
    assert not sample.values.duplicated(["country_code", "indicator_code", "year"]).any()
    assert sample.values["year"].min() == 1990
    assert sample.values["year"].max() == 2024


def test_gini_and_net_trade_are_written_as_workbooks_the_rest_as_csv(written: list[Path]) -> None:
    workbooks = {path.parent.name for path in written if path.suffix == ".xlsx"}
    assert workbooks == EXCEL_CODES
    csv_folders = {path.parent.name for path in written if path.suffix == ".csv"}
    assert csv_folders == {indicator.code for indicator in load_registry()} - EXCEL_CODES
    for path in written:
        if path.suffix == ".csv":
            assert path.name.split("_DS2_en_csv_v2_")[1][:-4].isdigit()


def test_workbook_has_the_publisher_sheets_and_a_real_date_in_b2(written: list[Path]) -> None:
    path = next(path for path in written if path.suffix == ".xlsx")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Data", "Metadata - Countries", "Metadata - Indicators"]
    assert workbook["Data"]["B2"].is_date
    assert workbook["Data"]["A4"].value == "Country Name"
    assert read_vintage(path) == "2025-01-01"
    tables = parse_wdi_file(path)
    assert set(tables.values["vintage"]) == {"2025-01-01"}
    assert len(tables.countries) == len(SAMPLE_ISO3 | AGGREGATE_CODES)


def test_csv_has_the_publisher_byte_layout(written: list[Path]) -> None:
    path = next(path for path in written if path.name.startswith("API_SP.POP.TOTL_"))
    content = path.read_bytes()
    assert content.startswith(b'\xef\xbb\xbf"Data Source","World Development Indicators",\r\n\r\n')
    lines = content[3:].decode("utf-8").split("\r\n")
    assert lines[2] == '"Last Updated Date","2025-01-01",'
    assert lines[4].startswith('"Country Name","Country Code","Indicator Name","Indicator Code","1990",')
    assert all(line.endswith('",') for line in lines[4:] if line)
    assert content.endswith(b",\r\n")
    assert b"\n" not in content.replace(b"\r\n", b"")


def test_metadata_csvs_take_the_vintage_of_their_data_file(sample: WdiTables) -> None:
    assert set(sample.countries["vintage"]) == {"2025-01-01"}
    assert set(sample.indicators["vintage"]) == {"2025-01-01"}
    assert sample.indicators["source_note"].notna().all()


def test_same_seed_writes_identical_bytes_and_another_seed_does_not(tmp_path: Path) -> None:
    first = write_sample(tmp_path / "first")
    second = write_sample(tmp_path / "second")
    assert [path.relative_to(tmp_path / "first") for path in first] == [
        path.relative_to(tmp_path / "second") for path in second
    ]
    for one, other in zip(first, second, strict=True):
        assert one.read_bytes() == other.read_bytes(), one.name
    other_seed = write_sample(tmp_path / "other", seed=7)
    gdp = [path for path in other_seed if path.name.startswith("API_NY.GDP.MKTP.CD_")]
    original = [path for path in first if path.name.startswith("API_NY.GDP.MKTP.CD_")]
    assert gdp[0].read_bytes() != original[0].read_bytes()


def test_sample_values_stay_inside_the_registry_bounds(sample: WdiTables) -> None:
    bounds = registry_frame().set_index("indicator_code")
    values = sample.values.join(bounds[["valid_min", "valid_max"]], on="indicator_code")
    outside = values[(values["value"] < values["valid_min"]) | (values["value"] > values["valid_max"])]
    assert outside.empty, outside.head()


def test_gdp_is_population_times_gdp_per_head(sample: WdiTables) -> None:
    wide = sample.values[sample.values["year"] == 2015].pivot(
        index="country_code", columns="indicator_code", values="value"
    )
    economies = wide.loc[sorted(SAMPLE_ISO3)].dropna(subset=["NY.GDP.MKTP.CD", "NY.GDP.PCAP.CD", "SP.POP.TOTL"])
    implied = economies["NY.GDP.PCAP.CD"] * economies["SP.POP.TOTL"]
    pd.testing.assert_series_equal(implied, economies["NY.GDP.MKTP.CD"], check_names=False, rtol=1e-5)


def test_remittances_and_migration_follow_the_regional_pattern(sample: WdiTables) -> None:
    share = sample.values[sample.values["indicator_code"] == "BX.TRF.PWKR.DT.GD.ZS"]
    latest = share[share["year"] >= 2020].groupby("country_code")["value"].mean()
    for iso3 in ("HND", "SLV", "GTM", "HTI", "JAM", "NIC"):
        assert 12 <= latest[iso3] <= 30, iso3
    assert latest["USA"] < 1 and latest["CHN"] < 5
    migration = sample.values[sample.values["indicator_code"] == "SM.POP.NETM"]
    mean_migration = migration.groupby("country_code")["value"].mean()
    assert all(mean_migration[iso3] < 0 for iso3 in ("GTM", "HND", "SLV", "NIC", "VEN"))
    assert all(mean_migration[iso3] > 0 for iso3 in ("USA", "CAN", "CHL"))


def test_gini_is_sparse_and_never_given_for_aggregates(sample: WdiTables) -> None:
    gini = sample.values[sample.values["indicator_code"] == "SI.POV.GINI"]
    assert not set(gini["country_code"]) & AGGREGATE_CODES
    assert gini.groupby("country_code").size().max() < 35 * 0.6


def test_scale_adds_years_and_only_user_assigned_economy_codes(tmp_path: Path) -> None:
    written = write_sample(tmp_path, scale=2)
    tables = parse_wdi_files(written)
    assert tables.values["year"].min() < 1990
    extra_economies = set(tables.values["country_code"]) - SAMPLE_ISO3 - AGGREGATE_CODES
    # ISO 3166 reserves QMA-QZZ for user assignment: no real economy can ever have these codes.
    assert extra_economies and all(code[0] == "Q" and "M" <= code[1] <= "Z" for code in extra_economies)
    assert extra_economies <= set(tables.countries["country_code"])


def test_scale_three_writes_three_times_the_registry_in_indicators_all_parsed(tmp_path: Path) -> None:
    registry = {indicator.code for indicator in load_registry()}
    tables = parse_wdi_files(write_sample(tmp_path, scale=3))
    codes = set(tables.values["indicator_code"])
    assert len(codes) == 3 * len(registry)
    synthetic = codes - registry
    assert {indicator.code for indicator, _ in synthetic_indicators(2 * len(registry))} == synthetic
    assert all(code.startswith(SYNTHETIC_PREFIX) for code in synthetic)
    # Every synthetic series says what it is, in its name and in the publisher-style metadata.
    defined = tables.indicators.set_index("indicator_code").loc[sorted(synthetic)]
    assert defined["indicator_name"].str.lower().str.contains("synthetic sample").all()
    assert defined["source_note"].str.lower().str.contains("synthetic sample").all()
    assert not tables.values.duplicated(["country_code", "indicator_code", "year"]).any()


def test_scale_one_writes_no_synthetic_indicator() -> None:
    assert synthetic_indicators(0) == []
