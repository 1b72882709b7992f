"""WGI: the real 2024 workbook, small broken workbooks, the sample and the declared source."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from sources._common.errors import SourceError
from sources._common.landing import LandingZone
from sources._common.sample_countries import SAMPLE_ECONOMIES
from sources._common.snapshot import find_snapshot_files
from sources.wgi import SOURCE
from sources.wgi.parse import INDICATORS, KEY, parse_wgi
from sources.wgi.sample import write_sample

WGI_FILE = "wgi/wgidataset.xlsx"
VALUE_COLUMNS = ["estimate", "stddev", "nsource", "pctrank", "pctranklower", "pctrankupper"]


@pytest.fixture(scope="module")
def wgi(shared_data: Path) -> pd.DataFrame:
    return parse_wgi(shared_data / WGI_FILE)


@pytest.fixture(scope="module")
def first_rows(shared_data: Path) -> list[tuple[object, ...]]:
    """Excel rows 1-12 read with openpyxl, independently of the parser's reader."""
    workbook = openpyxl.load_workbook(shared_data / WGI_FILE, read_only=True)
    rows = list(workbook["Sheet1"].iter_rows(min_row=1, max_row=12, values_only=True))
    workbook.close()
    return rows


def _one(frame: pd.DataFrame, **match: object) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for column, value in match.items():
        mask &= frame[column] == value
    assert mask.sum() == 1, f"expected exactly one row with {match}, found {mask.sum()}"
    return frame[mask].iloc[0]


# --- the real workbook --------------------------------------------------------------------------


def test_real_workbook_has_214_economies_six_indicators_and_unique_keys(wgi: pd.DataFrame) -> None:
    assert len(wgi) == 32100
    assert wgi["country_code"].nunique() == 214
    assert set(wgi["indicator"]) == set(INDICATORS)
    assert not wgi.duplicated(list(KEY)).any()
    assert wgi["year"].dtype == "int64"


def test_survey_was_biennial_before_2002_so_1997_1999_and_2001_are_absent(wgi: pd.DataFrame) -> None:
    assert set(wgi["year"]) == {1996, 1998, 2000, *range(2002, 2024)}


def test_dots_become_null_in_every_value_column_at_once(
    first_rows: list[tuple[object, ...]], wgi: pd.DataFrame
) -> None:
    american_samoa = first_rows[4]
    assert american_samoa[1] == "ASM" and american_samoa[5] == ".."
    assert _one(wgi, country_code="ASM", indicator="cc", year=1996)[VALUE_COLUMNS].isna().all()
    missing = wgi["estimate"].isna()
    assert missing.sum() == 1126
    assert wgi.loc[missing, VALUE_COLUMNS].isna().all().all()


def test_values_equal_the_cells_read_with_openpyxl(first_rows: list[tuple[object, ...]], wgi: pd.DataFrame) -> None:
    rows = first_rows
    header = list(rows[0])
    checked = 0
    for excel_row, cells in enumerate(rows[1:], start=2):
        record = dict(zip(header, cells, strict=True))
        parsed = _one(wgi, country_code=record["code"], indicator=record["indicator"], year=int(record["year"]))
        assert parsed["source_row"] == excel_row
        assert parsed["country_name"] == record["countryname"]
        if record["estimate"] == "..":
            continue
        for column in VALUE_COLUMNS:
            assert parsed[column] == pytest.approx(float(record[column]), abs=1e-9), (record["code"], column)
        checked += 1
    assert checked >= 8


def test_estimates_and_percentiles_stay_on_their_scales(wgi: pd.DataFrame) -> None:
    assert wgi["estimate"].dropna().between(-3.5, 3.0).all()
    assert wgi["pctrank"].dropna().between(0, 100).all()
    has_rank = wgi["pctrank"].notna()
    assert (wgi.loc[has_rank, "pctranklower"] <= wgi.loc[has_rank, "pctrankupper"]).all()
    assert (
        _one(wgi, country_code="USA", indicator="rl", year=2022)["estimate"]
        > _one(wgi, country_code="MEX", indicator="rl", year=2022)["estimate"]
    )


def test_old_world_bank_codes_get_their_iso3(wgi: pd.DataFrame) -> None:
    codes = wgi.drop_duplicates("country_code").set_index("country_code")["country_iso3"]
    assert (codes["ROM"], codes["ZAR"], codes["TMP"], codes["KSV"], codes["MEX"]) == ("ROU", "COD", "TLS", "XKX", "MEX")
    assert pd.isna(codes["ANT"])
    assert codes.drop("ANT").str.fullmatch(r"[A-Z]{3}").all()
    assert codes.drop("ANT").is_unique


def test_snapshot_landing_finds_the_workbook_and_names_the_2024_update(shared_data: Path, tmp_path: Path) -> None:
    found = find_snapshot_files(SOURCE, shared_data)
    assert [(dataset, path.name) for dataset, path in found] == [("wgidataset", "wgidataset.xlsx")]
    record = LandingZone(tmp_path).land_file(
        found[0][1], source="wgi", dataset="wgidataset", origin="snapshot", vintage_of=SOURCE.read_vintage
    )
    assert record.vintage == "2024"


# --- broken files: small workbooks in the publisher's layout, written here ----------------------

HEADER = ["codeindyr", "code", "countryname", "year", "indicator", *VALUE_COLUMNS]


def _valid_rows() -> list[list[object]]:
    rows: list[list[object]] = []
    for indicator in ("va", "cc"):
        for code, name, estimate in (("CRI", "Costa Rica", 0.9), ("HND", "Honduras", -0.7), ("BLZ", "Belize", "..")):
            values = [".."] * 5 if estimate == ".." else [0.2, 6.0, 55.0, 40.0, 70.0]
            rows.append([f"{code}{indicator}2020", code, name, 2020, indicator, estimate, *values])
    return rows


def _workbook(
    tmp_path: Path, edit: Callable[[list[list[object]]], None] = lambda rows: None, sheet: str = "Sheet1"
) -> Path:
    rows = [list(HEADER), *_valid_rows()]
    edit(rows)
    workbook = openpyxl.Workbook()
    workbook.active.title = sheet
    for cells in rows:
        workbook.active.append(cells)
    path = tmp_path / "wgidataset.xlsx"
    workbook.save(path)
    return path


def _raises_naming(path: Path, *fragments: str, row: int | None = None) -> SourceError:
    with pytest.raises(SourceError) as caught:
        parse_wgi(path)
    message = str(caught.value)
    assert caught.value.source == "wgi"
    assert path.name in message
    for fragment in fragments:
        assert fragment in message, message
    if row is not None:
        assert caught.value.row == row, message
    return caught.value


def test_small_valid_workbook_parses_before_it_is_broken(tmp_path: Path) -> None:
    parsed = parse_wgi(_workbook(tmp_path))
    assert len(parsed) == 6
    assert parsed["estimate"].isna().sum() == 2


def test_empty_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "wgidataset.xlsx"
    path.write_bytes(b"")
    _raises_naming(path)


def test_html_page_saved_as_the_workbook_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "wgidataset.xlsx"
    path.write_text("<!DOCTYPE html><html><body>Page moved</body></html>", encoding="utf-8")
    _raises_naming(path, "HTML")


def test_renamed_sheet_is_rejected(tmp_path: Path) -> None:
    _raises_naming(_workbook(tmp_path, sheet="Data"), "Sheet1")


def test_renamed_column_is_named(tmp_path: Path) -> None:
    def rename(rows: list[list[object]]) -> None:
        rows[0][8] = "percentile"

    _raises_naming(_workbook(tmp_path, rename), "pctrank", row=1)


def test_old_wide_layout_is_rejected_with_the_missing_columns(tmp_path: Path) -> None:
    def widen(rows: list[list[object]]) -> None:
        rows[:] = [["Country/Territory", "Code", "1996", "1998"], ["Honduras", "HND", -0.5, -0.4]]

    _raises_naming(_workbook(tmp_path, widen), "missing columns", "codeindyr", row=1)


def test_non_numeric_estimate_names_the_row(tmp_path: Path) -> None:
    def corrupt(rows: list[list[object]]) -> None:
        rows[2][5] = "n/a"

    _raises_naming(_workbook(tmp_path, corrupt), "estimate", "'n/a'", row=3)


def test_negative_source_count_names_the_row(tmp_path: Path) -> None:
    def corrupt(rows: list[list[object]]) -> None:
        rows[4][7] = -2

    _raises_naming(_workbook(tmp_path, corrupt), "nsource", "negative", row=5)


def test_duplicate_key_names_the_second_row(tmp_path: Path) -> None:
    def repeat(rows: list[list[object]]) -> None:
        rows.append(list(rows[1]))

    _raises_naming(_workbook(tmp_path, repeat), "duplicate", row=8)


def test_shifted_columns_are_caught_by_the_publisher_key(tmp_path: Path) -> None:
    def shift(rows: list[list[object]]) -> None:
        rows[1][4] = "rl"

    _raises_naming(_workbook(tmp_path, shift), "codeindyr", row=2)


# --- the sample and the declared source ---------------------------------------------------------


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("wgi_sample")
    write_sample(dest)
    return dest


def test_sample_parses_with_the_real_parser_and_keeps_the_quirks(sample_dir: Path) -> None:
    sample = parse_wgi(sample_dir / "wgi" / "wgidataset.xlsx")
    assert set(sample["country_code"]) == {economy.iso3 for economy in SAMPLE_ECONOMIES}
    assert set(sample["indicator"]) == set(INDICATORS)
    assert set(sample["year"]) == {1996, 1998, 2000, *range(2002, 2024)}
    assert sample["estimate"].isna().any()
    assert sample["estimate"].dropna().between(-2.5, 2.5).all()
    ranks = sample[(sample["year"] == 2023) & (sample["indicator"] == "cc")].set_index("country_code")["pctrank"]
    assert ranks["SGP"] > ranks["HTI"]
