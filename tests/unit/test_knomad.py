"""KNOMAD: the real inward flows and bilateral matrix, the name map, broken workbooks, the sample."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from sources._common.errors import SourceError
from sources._common.excel import read_sheet
from sources._common.sample_countries import SAMPLE_ECONOMIES
from sources._common.snapshot import find_snapshot_files
from sources.knomad import SOURCE, map_names, read_vintage
from sources.knomad.names import load_name_map
from sources.knomad.parse import parse_bilateral_matrix, parse_inward_flows
from sources.knomad.sample import write_sample

INWARD_FILE = "knomad/inward_remittance_flows_december_2023_1.xlsx"
BILATERAL_FILE = "knomad/bilateral_remittance_matrix_2021_0.xlsx"
INWARD_SHEET = "Inward remittance flows"
BILATERAL_SHEET = "FINAL BRM 2021 "
SAMPLE_ISO3 = {economy.iso3 for economy in SAMPLE_ECONOMIES}


@pytest.fixture(scope="module")
def inward(shared_data: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    return parse_inward_flows(shared_data / INWARD_FILE)


@pytest.fixture(scope="module")
def bilateral(shared_data: Path) -> pd.DataFrame:
    return parse_bilateral_matrix(shared_data / BILATERAL_FILE)


@pytest.fixture(scope="module")
def inward_cells(shared_data: Path) -> list[tuple[object, ...]]:
    """The inward sheet read with openpyxl, independently of the parser's reader."""
    workbook = openpyxl.load_workbook(shared_data / INWARD_FILE, read_only=True, data_only=True)
    rows = list(workbook[INWARD_SHEET].iter_rows(values_only=True))
    workbook.close()
    return rows


def _one(frame: pd.DataFrame, **match: object) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for column, value in match.items():
        mask &= frame[column] == value
    assert mask.sum() == 1, f"expected exactly one row with {match}, found {mask.sum()}"
    return frame[mask].iloc[0]


# --- inward flows -------------------------------------------------------------------------------


def test_inward_flows_cover_2000_to_the_2023_estimate_for_the_economies_with_data(
    inward: tuple[pd.DataFrame, pd.DataFrame], inward_cells: list[tuple[object, ...]]
) -> None:
    flows, _ = inward
    assert flows["year"].min() == 2000 and flows["year"].max() == 2023
    # 214 economy rows (Excel rows 2-215); those whose year cells are all empty have no rows.
    economy_rows = inward_cells[1:215]
    with_data = {str(cells[0]).strip() for cells in economy_rows if any(v not in (None, "") for v in cells[1:25])}
    assert len(economy_rows) == 214 and 190 <= len(with_data) < 214
    assert set(flows.loc[~flows["is_aggregate"], "country_name"]) == with_data
    assert not flows.duplicated(["country_name", "year"]).any()
    assert (flows["value_usd_millions"] >= 0).all()


def test_only_the_2023e_column_is_flagged_estimate(inward: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    flows, _ = inward
    assert set(flows.loc[flows["is_estimate"], "year"]) == {2023}
    assert not flows.loc[flows["year"] < 2023, "is_estimate"].any()


def test_values_equal_the_cells_read_with_openpyxl(
    inward: tuple[pd.DataFrame, pd.DataFrame], inward_cells: list[tuple[object, ...]]
) -> None:
    flows, shares = inward
    header = inward_cells[0]
    for excel_row, cells in enumerate(inward_cells[1:], start=2):
        if str(cells[0]).strip() not in {"Mexico", "Honduras", "Guatemala", "Philippines", "World"}:
            continue
        name = str(cells[0]).strip()
        for column in (1, header.index(2010), header.index(2022), header.index("2023e")):
            year = 2023 if header[column] == "2023e" else int(header[column])
            parsed = _one(flows, country_name=name, year=year)
            assert parsed["value_usd_millions"] == pytest.approx(float(cells[column]))
            assert parsed["source_row"] == excel_row
        pct = _one(shares, country_name=name, year=2023)
        assert pct["pct_of_gdp"] == pytest.approx(float(cells[header.index("% of GDP in 2023")]))


def test_aggregates_are_kept_and_flagged(inward: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    flows, shares = inward
    aggregates = flows[flows["is_aggregate"]]
    assert set(aggregates["country_name"]) == {"Low-and Middle-Income Countries", "World"}
    assert aggregates["country_iso3"].isna().all()
    assert flows.loc[~flows["is_aggregate"], "country_iso3"].notna().all()
    world = _one(flows, country_name="World", year=2022)["value_usd_millions"]
    lmic = _one(flows, country_name="Low-and Middle-Income Countries", year=2022)["value_usd_millions"]
    assert world > lmic > 0
    assert set(shares.loc[shares["is_aggregate"], "country_name"]) == {"Low-and Middle-Income Countries", "World"}


def test_empty_cells_are_not_rows_but_published_zeros_are(inward: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    flows, _ = inward
    assert "Cuba" not in set(flows["country_name"])
    assert set(flows.loc[flows["country_name"] == "Venezuela, RB", "year"]) == set(range(2000, 2017))
    afghanistan_2000 = _one(flows, country_name="Afghanistan", year=2000)
    assert afghanistan_2000["value_usd_millions"] == 0.0


def test_names_are_trimmed_and_annotated_names_keep_their_note(inward: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    flows, _ = inward
    names = set(flows["country_name"])
    assert "Vietnam" in names and "Vietnam " not in names
    assert _one(flows, country_name="Israel (using CB data)", year=2020)["country_iso3"] == "ISR"
    assert _one(flows, country_name="Türkiye, Rep. of", year=2020)["country_iso3"] == "TUR"


def test_percent_of_gdp_is_its_own_table_for_2023(inward: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    _, shares = inward
    assert set(shares["year"]) == {2023}
    assert not shares["country_name"].duplicated().any()
    assert _one(shares, country_name="Honduras")["pct_of_gdp"] > 20
    assert _one(shares, country_name="United States")["pct_of_gdp"] < 1


# --- bilateral matrix ---------------------------------------------------------------------------


def test_bilateral_matrix_is_for_2021_with_world_totals_flagged(bilateral: pd.DataFrame) -> None:
    assert set(bilateral["year"]) == {2021}
    assert not bilateral.duplicated(["sending_country_name", "receiving_country_name"]).any()
    totals = bilateral["sending_is_total"] | bilateral["receiving_is_total"]
    assert set(bilateral.loc[bilateral["sending_is_total"], "sending_country_name"]) == {"WORLD"}
    assert set(bilateral.loc[bilateral["receiving_is_total"], "receiving_country_name"]) == {"WORLD"}
    assert bilateral.loc[~totals, ["sending_iso3", "receiving_iso3"]].notna().all().all()
    assert (bilateral["value_usd_millions"] >= 0).all()


def test_bilateral_values_equal_the_cells_read_with_openpyxl(shared_data: Path, bilateral: pd.DataFrame) -> None:
    workbook = openpyxl.load_workbook(shared_data / BILATERAL_FILE, read_only=True, data_only=True)
    rows = list(workbook[BILATERAL_SHEET].iter_rows(min_row=1, max_row=217, values_only=True))
    workbook.close()
    receivers = [str(name).strip() for name in rows[1]]
    by_sender = {str(cells[0]).strip(): (excel_row, cells) for excel_row, cells in enumerate(rows, start=1)}
    for sender, receiver in (("United States", "Mexico"), ("United States", "Guatemala"), ("WORLD", "Honduras"),
                             ("Mexico", "WORLD"), ("WORLD", "WORLD")):  # fmt: skip
        excel_row, cells = by_sender[sender]
        parsed = _one(bilateral, sending_country_name=sender, receiving_country_name=receiver)
        assert parsed["value_usd_millions"] == pytest.approx(float(cells[receivers.index(receiver)]))
        assert parsed["source_row"] == excel_row
    non_empty = sum(1 for cells in rows[2:217] for value in cells[1:] if value not in (None, ""))
    assert len(bilateral) == non_empty


def test_most_remittances_to_central_america_come_from_the_united_states(bilateral: pd.DataFrame) -> None:
    corridors = bilateral[~bilateral["sending_is_total"] & ~bilateral["receiving_is_total"]]
    for receiver in ("MEX", "GTM", "HND", "SLV"):
        inflows = corridors[corridors["receiving_iso3"] == receiver].set_index("sending_iso3")["value_usd_millions"]
        assert inflows.idxmax() == "USA", receiver
        assert inflows["USA"] > 0.5 * inflows.sum()


def test_every_name_in_both_real_files_is_in_the_name_map(shared_data: Path) -> None:
    inward_rows = read_sheet(shared_data / INWARD_FILE, INWARD_SHEET, "test")
    names = {str(cells[0]).strip() for cells in inward_rows[1:217]}
    matrix_rows = read_sheet(shared_data / BILATERAL_FILE, BILATERAL_SHEET, "test")
    names |= {str(name).strip() for name in matrix_rows[1][1:] if str(name).strip()}
    names |= {str(cells[0]).strip() for cells in matrix_rows[2:217]}
    assert len(names) > 220
    codes = map_names(names)
    aggregates = {"World", "WORLD", "Low-and Middle-Income Countries"}
    assert {name for name, code in codes.items() if code is None} == aggregates
    assert all(len(code) == 3 for name, code in codes.items() if code is not None)


def test_name_map_agrees_with_the_world_bank_codes_where_names_match(shared_data: Path) -> None:
    rows = read_sheet(shared_data / "reference/wb_classification/class-country.xlsx", "List of economies", "test")
    wb_code = {str(cells[0]).strip(): str(cells[1]).strip() for cells in rows[1:] if str(cells[1]).strip()}
    name_map = load_name_map()
    shared = [name for name in name_map.iso3 if name in wb_code]
    assert len(shared) > 150
    assert {name: name_map.iso3[name] for name in shared} == {name: wb_code[name] for name in shared}


def test_unmapped_names_are_all_listed_in_one_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as caught:
        map_names(["Mexico", "Atlantis", "Narnia"], file=tmp_path / "inward.xlsx")
    message = str(caught.value)
    assert "Atlantis" in message and "Narnia" in message and "inward.xlsx" in message
    assert "country_names.yaml" in message


def test_vintage_is_the_release_month(shared_data: Path) -> None:
    assert read_vintage(shared_data / INWARD_FILE) == "2023-12"
    assert read_vintage(shared_data / BILATERAL_FILE) == "2022-12"


def test_snapshot_globs_find_both_files(shared_data: Path) -> None:
    found = {dataset: path.name for dataset, path in find_snapshot_files(SOURCE, shared_data)}
    assert found == {"inward_flows": Path(INWARD_FILE).name, "bilateral_matrix": Path(BILATERAL_FILE).name}


# --- broken files, derived from the sample ------------------------------------------------------


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("knomad_sample")
    write_sample(dest)
    return dest


def _sample_file(sample_dir: Path, prefix: str) -> Path:
    return next((sample_dir / "knomad").glob(f"{prefix}*.xlsx"))


def _broken(source: Path, tmp_path: Path, edit: Callable[[openpyxl.Workbook], None]) -> Path:
    workbook = openpyxl.load_workbook(source)
    edit(workbook)
    path = tmp_path / source.name
    workbook.save(path)
    return path


def _raises_naming(parse: Callable[[Path], object], path: Path, *fragments: str, row: int | None = None) -> None:
    with pytest.raises(SourceError) as caught:
        parse(path)
    message = str(caught.value)
    assert caught.value.source == "knomad"
    assert path.name in message
    for fragment in fragments:
        assert fragment in message, message
    if row is not None:
        assert caught.value.row == row, message


@pytest.mark.parametrize("parse", [parse_inward_flows, parse_bilateral_matrix])
def test_empty_and_html_files_are_rejected(tmp_path: Path, parse: Callable[[Path], object]) -> None:
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    _raises_naming(parse, empty)
    page = tmp_path / "page.xlsx"
    page.write_text("<!DOCTYPE html><html><body>KNOMAD</body></html>", encoding="utf-8")
    _raises_naming(parse, page, "HTML")


def test_renamed_inward_sheet_is_rejected(sample_dir: Path, tmp_path: Path) -> None:
    def rename(workbook: openpyxl.Workbook) -> None:
        workbook[INWARD_SHEET].title = "Inflows"

    _raises_naming(parse_inward_flows, _broken(_sample_file(sample_dir, "inward"), tmp_path, rename), INWARD_SHEET)


def test_renamed_matrix_sheet_is_rejected(sample_dir: Path, tmp_path: Path) -> None:
    def rename(workbook: openpyxl.Workbook) -> None:
        workbook[BILATERAL_SHEET].title = "Matrix"

    path = _broken(_sample_file(sample_dir, "bilateral"), tmp_path, rename)
    _raises_naming(parse_bilateral_matrix, path, "FINAL BRM")


def test_missing_percent_of_gdp_column_is_named(sample_dir: Path, tmp_path: Path) -> None:
    def drop(workbook: openpyxl.Workbook) -> None:
        sheet = workbook[INWARD_SHEET]
        sheet.delete_cols(sheet.max_column)

    path = _broken(_sample_file(sample_dir, "inward"), tmp_path, drop)
    _raises_naming(parse_inward_flows, path, "% of GDP", row=1)


def test_non_numeric_inflow_names_the_row(sample_dir: Path, tmp_path: Path) -> None:
    def corrupt(workbook: openpyxl.Workbook) -> None:
        workbook[INWARD_SHEET]["C5"] = "n.a."

    path = _broken(_sample_file(sample_dir, "inward"), tmp_path, corrupt)
    _raises_naming(parse_inward_flows, path, "2001", "'n.a.'", row=5)


def test_negative_flow_in_the_matrix_names_the_row(sample_dir: Path, tmp_path: Path) -> None:
    def corrupt(workbook: openpyxl.Workbook) -> None:
        workbook[BILATERAL_SHEET]["D7"] = -12.5

    path = _broken(_sample_file(sample_dir, "bilateral"), tmp_path, corrupt)
    _raises_naming(parse_bilateral_matrix, path, "negative", row=7)


def test_repeated_economy_names_the_second_row(sample_dir: Path, tmp_path: Path) -> None:
    def repeat(workbook: openpyxl.Workbook) -> None:
        sheet = workbook[INWARD_SHEET]
        sheet["A6"] = sheet["A4"].value

    path = _broken(_sample_file(sample_dir, "inward"), tmp_path, repeat)
    _raises_naming(parse_inward_flows, path, "twice", row=6)


def test_unmapped_name_in_a_file_is_named(sample_dir: Path, tmp_path: Path) -> None:
    def rename(workbook: openpyxl.Workbook) -> None:
        workbook[INWARD_SHEET]["A3"] = "Republic of Elbonia"

    path = _broken(_sample_file(sample_dir, "inward"), tmp_path, rename)
    _raises_naming(parse_inward_flows, path, "Republic of Elbonia")


def test_matrix_without_its_world_row_is_rejected(sample_dir: Path, tmp_path: Path) -> None:
    def drop_world(workbook: openpyxl.Workbook) -> None:
        sheet = workbook[BILATERAL_SHEET]
        world_row = next(cell.row for cell in sheet["A"] if cell.value == "WORLD")
        sheet.delete_rows(world_row)

    path = _broken(_sample_file(sample_dir, "bilateral"), tmp_path, drop_world)
    _raises_naming(parse_bilateral_matrix, path, "WORLD")


# --- the sample and the declared source ---------------------------------------------------------


def test_sample_keeps_the_publisher_quirks(sample_dir: Path) -> None:
    inward_path = _sample_file(sample_dir, "inward")
    matrix_path = _sample_file(sample_dir, "bilateral")
    workbook = openpyxl.load_workbook(matrix_path, read_only=True)
    assert workbook.sheetnames == [BILATERAL_SHEET]
    workbook.close()
    header = read_sheet(inward_path, INWARD_SHEET, "test")[0]
    assert header[0] == "Remittance inflows (US$ million)"
    assert "2023e" in header and header[-1] == "% of GDP in 2023"
    names = [cells[0] for cells in read_sheet(inward_path, INWARD_SHEET, "test")]
    assert "Vietnam " in names


def test_sample_parses_with_remittance_dependent_economies_and_us_senders(sample_dir: Path) -> None:
    flows, shares = parse_inward_flows(_sample_file(sample_dir, "inward"))
    matrix = parse_bilateral_matrix(_sample_file(sample_dir, "bilateral"))
    assert set(flows["country_iso3"].dropna()) == SAMPLE_ISO3 - {"CUB"}
    assert flows.loc[flows["is_estimate"], "year"].unique().tolist() == [2023]
    share = shares.set_index("country_iso3")["pct_of_gdp"]
    for iso3 in ("HND", "SLV", "GTM", "HTI", "JAM", "NIC"):
        assert 15 <= share[iso3] <= 26, iso3
    corridors = matrix[~matrix["sending_is_total"] & ~matrix["receiving_is_total"]]
    by_sender = corridors.groupby("sending_iso3")["value_usd_millions"].sum()
    assert by_sender.idxmax() == "USA"
    assert by_sender["USA"] > 0.5 * by_sender.sum()
    world_world = _one(matrix, sending_country_name="WORLD", receiving_country_name="WORLD")
    assert world_world["value_usd_millions"] == pytest.approx(corridors["value_usd_millions"].sum(), rel=1e-6)
