"""UN DESA International Migrant Stock: 2020 tables, correspondence, 2019 origin x destination CSV, sample."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from sources._common.errors import SourceError
from sources._common.sample_countries import SAMPLE_ECONOMIES
from sources._common.snapshot import find_snapshot_files
from sources.undesa_migrant_stock import SOURCE, read_vintage
from sources.undesa_migrant_stock.location_names import load_name_map
from sources.undesa_migrant_stock.parse import STOCK_KEY, parse_locations, parse_stock
from sources.undesa_migrant_stock.parse_origin_destination import OD_KEY, parse_origin_destination
from sources.undesa_migrant_stock.sample import write_sample

FOLDER = "undesa_migrant_stock"
DESTINATION_FILE = f"{FOLDER}/undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"
ORIGIN_FILE = f"{FOLDER}/undesa_pd_2020_ims_stock_by_sex_and_origin.xlsx"
CORRESPONDENCE_FILE = f"{FOLDER}/aggregates_correspondence_table_2020_1.xlsx"
YEARS = {1990, 1995, 2000, 2005, 2010, 2015, 2020}


@pytest.fixture(scope="module")
def destination(shared_data: Path) -> pd.DataFrame:
    return parse_stock(shared_data / DESTINATION_FILE)


@pytest.fixture(scope="module")
def origin(shared_data: Path) -> pd.DataFrame:
    return parse_stock(shared_data / ORIGIN_FILE)


@pytest.fixture(scope="module")
def locations(shared_data: Path) -> pd.DataFrame:
    return parse_locations(shared_data / CORRESPONDENCE_FILE)


def _one(frame: pd.DataFrame, **match: object) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for column, value in match.items():
        mask &= frame[column] == value
    assert mask.sum() == 1, f"expected exactly one row with {match}, found {mask.sum()}"
    return frame[mask].iloc[0]


def _table_1(path: Path) -> list[tuple[object, ...]]:
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = list(workbook["Table 1"].iter_rows(values_only=True))
    workbook.close()
    return rows


# --- the real tables ----------------------------------------------------------------------------


def test_both_tables_have_every_location_year_and_sex_once(destination: pd.DataFrame, origin: pd.DataFrame) -> None:
    for table, locations in ((destination, 282), (origin, 283)):
        assert table["location_code"].nunique() == locations
        assert set(table["year"]) == YEARS
        assert set(table["sex"]) == {"both", "male", "female"}
        assert not table.duplicated(list(STOCK_KEY)).any()
        assert len(table) == locations * 7 * 3


def test_values_equal_the_cells_read_with_openpyxl(shared_data: Path, destination: pd.DataFrame) -> None:
    rows = _table_1(shared_data / DESTINATION_FILE)
    header = rows[10]
    for excel_row, cells in enumerate(rows[11:], start=12):
        if str(cells[1]).strip() not in {"United States of America*", "Mexico", "Costa Rica", "WORLD"}:
            continue
        code = f"{int(cells[3]):03d}"
        for column, sex in ((header.index(2020), "both"), (header.index(2020) + 7, "male"), (5, "both")):
            year = int(header[column])
            parsed = _one(destination, location_code=code, year=year, sex=sex)
            assert parsed["migrants"] == float(cells[column])
            assert parsed["source_row"] == excel_row
        female = _one(destination, location_code=code, year=2020, sex="female")["migrants"]
        male = _one(destination, location_code=code, year=2020, sex="male")["migrants"]
        assert female + male == pytest.approx(_one(destination, location_code=code, year=2020, sex="both")["migrants"])


def test_names_lose_their_indentation_and_note_mark_and_codes_keep_three_digits(destination: pd.DataFrame) -> None:
    names = set(destination["location_name"])
    assert "United States of America" in names and "United States of America*" not in names
    assert "OCEANIA" in names
    assert all(name == name.strip() and not name.endswith("*") for name in names)
    assert destination["location_code"].str.fullmatch(r"\d{3,4}").all()
    assert _one(destination, location_name="Angola", year=2020, sex="both")["location_code"] == "024"
    assert _one(destination, location_name="United States of America", year=2020, sex="both")["location_code"] == "840"


def test_dots_become_null(destination: pd.DataFrame) -> None:
    south_sudan = destination[(destination["location_code"] == "728") & (destination["year"] == 1990)]
    assert south_sudan["migrants"].isna().all()
    assert destination["migrants"].isna().sum() == 122
    assert (destination["migrants"].dropna() >= 0).all()


def test_australia_and_new_zealand_is_listed_twice_but_kept_once(shared_data: Path, destination: pd.DataFrame) -> None:
    rows = _table_1(shared_data / DESTINATION_FILE)
    assert sum(1 for cells in rows[11:] if cells[3] == 927) == 2
    assert len(destination[(destination["location_code"] == "927") & (destination["sex"] == "both")]) == 7


def test_type_of_data_is_trimmed_and_only_given_for_destination(
    destination: pd.DataFrame, origin: pd.DataFrame
) -> None:
    types = set(destination["type_of_data"].dropna())
    assert types >= {"B", "B R", "C", "I"}
    assert all(value == value.strip() for value in types)
    assert origin["type_of_data"].isna().all()


def test_origin_ends_with_other_which_the_correspondence_table_does_not_list(
    origin: pd.DataFrame, locations: pd.DataFrame
) -> None:
    assert set(origin["location_code"]) - set(locations["location_code"]) == {"2003"}
    assert _one(origin, location_code="2003", year=2020, sex="both")["location_name"] == "OTHER"
    mexico = _one(origin, location_name="Mexico", year=2020, sex="both")["migrants"]
    assert mexico > 10_000_000


def test_correspondence_separates_235_countries_from_aggregates(
    locations: pd.DataFrame, destination: pd.DataFrame
) -> None:
    assert locations["location_code"].is_unique
    assert locations["is_country"].sum() == 235
    countries = locations[locations["is_country"]]
    assert countries["iso3"].str.fullmatch(r"[A-Z]{3}").all() and countries["iso3"].is_unique
    assert locations.loc[~locations["is_country"], "iso3"].isna().all()
    assert set(destination["location_code"]) <= set(locations["location_code"])
    joined = destination.merge(locations[["location_code", "is_country"]], on="location_code", how="left")
    assert set(joined.loc[joined["is_country"], "location_name"]) >= {"Mexico", "Guatemala", "Honduras"}
    assert not joined.loc[~joined["is_country"], "location_name"].isin(["Mexico", "Haiti"]).any()
    assert {"WORLD", "Latin America and the Caribbean", "High-income countries"} <= set(
        joined.loc[~joined["is_country"], "location_name"]
    )


def test_correspondence_gives_regions_and_group_membership(locations: pd.DataFrame) -> None:
    mexico = _one(locations, iso3="MEX")
    assert (mexico["location_code"], mexico["subregion_code"], mexico["subregion_name"]) == (
        "484",
        "916",
        "Central America",
    )
    assert mexico["sdg_region_code"] == "1830" and mexico["geographic_region_code"] == "904"
    assert mexico["is_upper_middle_income"] and mexico["is_middle_income"] and not mexico["is_high_income"]
    haiti = _one(locations, iso3="HTI")
    assert haiti["is_least_developed"] and haiti["is_sids"] and haiti["is_low_income"]
    usa = _one(locations, iso3="USA")
    assert pd.isna(usa["subregion_code"]) and usa["sdg_subregion_name"] == "Northern America"
    assert usa["is_more_developed"] and usa["is_high_income"]
    assert _one(locations, location_code="900")["location_type"] == "World"
    polynesia = _one(locations, location_code="957")
    assert pd.isna(polynesia["sdg_region_name"]) and not polynesia["is_country"]


def test_vintage_is_the_2020_revision_and_globs_find_the_four_files(shared_data: Path) -> None:
    found = {dataset: path.name for dataset, path in find_snapshot_files(SOURCE, shared_data)}
    assert found == {
        "by_destination": Path(DESTINATION_FILE).name,
        "by_origin": Path(ORIGIN_FILE).name,
        "correspondence": Path(CORRESPONDENCE_FILE).name,
        "origin_destination": "UN_MigrantStockByOriginAndDestination_2019_clean.csv",
    }
    assert read_vintage(shared_data / DESTINATION_FILE) == "2020"
    assert read_vintage(shared_data / CORRESPONDENCE_FILE) == "2020"


# --- broken files, derived from the sample ------------------------------------------------------


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("undesa_sample")
    write_sample(dest)
    return dest / FOLDER


def _broken(source: Path, tmp_path: Path, sheet: str, edit: Callable[[openpyxl.worksheet.worksheet.Worksheet], None]):
    workbook = openpyxl.load_workbook(source)
    edit(workbook[sheet])
    path = tmp_path / source.name
    workbook.save(path)
    return path


def _raises_naming(parse: Callable[[Path], object], path: Path, *fragments: str, row: int | str | None = None) -> None:
    with pytest.raises(SourceError) as caught:
        parse(path)
    message = str(caught.value)
    assert caught.value.source == "undesa_migrant_stock"
    assert path.name in message
    for fragment in fragments:
        assert fragment in message, message
    if row is not None:
        assert caught.value.row == row, message


@pytest.mark.parametrize("parse", [parse_stock, parse_locations])
def test_empty_and_html_files_are_rejected(tmp_path: Path, parse: Callable[[Path], object]) -> None:
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    _raises_naming(parse, empty)
    page = tmp_path / "page.xlsx"
    page.write_text("<html><body>Not found</body></html>", encoding="utf-8")
    _raises_naming(parse, page, "HTML")


def test_renamed_table_sheet_is_rejected(sample_dir: Path, tmp_path: Path) -> None:
    def rename(sheet: openpyxl.worksheet.worksheet.Worksheet) -> None:
        sheet.title = "Table 1 (stock)"

    path = _broken(sample_dir / Path(DESTINATION_FILE).name, tmp_path, "Table 1", rename)
    _raises_naming(parse_stock, path, "Table 1")


def test_renamed_location_code_column_is_named(sample_dir: Path, tmp_path: Path) -> None:
    def rename(sheet: openpyxl.worksheet.worksheet.Worksheet) -> None:
        sheet["D11"] = "M49 code"

    path = _broken(sample_dir / Path(DESTINATION_FILE).name, tmp_path, "Table 1", rename)
    _raises_naming(parse_stock, path, "Location code", row=11)


def test_non_numeric_stock_names_the_row(sample_dir: Path, tmp_path: Path) -> None:
    def corrupt(sheet: openpyxl.worksheet.worksheet.Worksheet) -> None:
        sheet["G14"] = "approx. 5000"

    path = _broken(sample_dir / Path(ORIGIN_FILE).name, tmp_path, "Table 1", corrupt)
    _raises_naming(parse_stock, path, "'approx. 5000'", row=14)


def test_negative_stock_names_the_row(sample_dir: Path, tmp_path: Path) -> None:
    def corrupt(sheet: openpyxl.worksheet.worksheet.Worksheet) -> None:
        sheet["H20"] = -10

    path = _broken(sample_dir / Path(DESTINATION_FILE).name, tmp_path, "Table 1", corrupt)
    _raises_naming(parse_stock, path, "negative", row=20)


def test_location_repeated_with_other_values_names_the_row(sample_dir: Path, tmp_path: Path) -> None:
    def repeat(sheet: openpyxl.worksheet.worksheet.Worksheet) -> None:
        sheet["D16"] = sheet["D15"].value

    path = _broken(sample_dir / Path(DESTINATION_FILE).name, tmp_path, "Table 1", repeat)
    _raises_naming(parse_stock, path, "repeated", row=16)


def test_country_without_iso3_in_the_annex_names_the_row(sample_dir: Path, tmp_path: Path) -> None:
    def blank_iso3(sheet: openpyxl.worksheet.worksheet.Worksheet) -> None:
        row = next(cell.row for cell in sheet["E"] if cell.value == "MEX")
        sheet[f"E{row}"] = ""

    path = _broken(sample_dir / Path(CORRESPONDENCE_FILE).name, tmp_path, "Annex", blank_iso3)
    _raises_naming(parse_locations, path, "ISO3", "Mexico")


def test_unknown_group_column_in_the_annex_is_rejected(sample_dir: Path, tmp_path: Path) -> None:
    def relabel(sheet: openpyxl.worksheet.worksheet.Worksheet) -> None:
        sheet["R11"] = "Developed economies\n9999"

    path = _broken(sample_dir / Path(CORRESPONDENCE_FILE).name, tmp_path, "Annex", relabel)
    _raises_naming(parse_locations, path, "9999", row=11)


# --- the sample and the declared source ---------------------------------------------------------


def test_sample_keeps_the_layout_and_covers_every_sample_economy(sample_dir: Path) -> None:
    rows = _table_1(sample_dir / Path(DESTINATION_FILE).name)
    assert rows[10][3] == "Location code" and rows[3][4] == "POP/DB/MIG/Stock/Rev.2020"
    names = [str(cells[1]) for cells in rows[11:]]
    assert "   United States of America*" in names and " NORTHERN AMERICA " in names
    locations = parse_locations(sample_dir / Path(CORRESPONDENCE_FILE).name)
    countries = locations[locations["is_country"]].set_index("iso3")
    assert set(countries.index) == {economy.iso3 for economy in SAMPLE_ECONOMIES}
    assert all(countries.loc[e.iso3, "location_code"] == e.m49 for e in SAMPLE_ECONOMIES)
    destination = parse_stock(sample_dir / Path(DESTINATION_FILE).name)
    origin = parse_stock(sample_dir / Path(ORIGIN_FILE).name)
    assert set(destination["location_code"]) <= set(locations["location_code"])
    assert set(origin["location_code"]) - set(locations["location_code"]) == {"2003"}
    assert destination["migrants"].isna().any()
    latest = origin[(origin["year"] == 2020) & (origin["sex"] == "both")].set_index("location_code")["migrants"]
    assert latest["484"] > latest["320"] > latest["084"]  # Mexico > Guatemala > Belize
    hosts = destination[(destination["year"] == 2020) & (destination["sex"] == "both")]
    assert hosts.set_index("location_code")["migrants"]["840"] > 40_000_000


# --- revision 2019, origin x destination (a DERIVED CSV) ----------------------------------------

OD_FILE = f"{FOLDER}/UN_MigrantStockByOriginAndDestination_2019_clean.csv"
OD_YEARS = {1990, 1995, 2000, 2005, 2010, 2015, 2019}
SPOT_CHECKED_ORIGINS = (
    "Mexico",
    "El Salvador",
    "Venezuela (Bolivarian Republic of)",
    "Nicaragua",
    "China, Hong Kong SAR",
)
SUBREGION_DESTINATIONS = {"Caribbean", "Melanesia", "Micronesia", "Polynesia", "South America"}


@pytest.fixture(scope="module")
def od_rows(shared_data: Path) -> list[dict[str, str]]:
    """The derived CSV read straight with the csv module, one dict per (year, destination) line."""
    with (shared_data / OD_FILE).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def pairs(shared_data: Path) -> pd.DataFrame:
    return parse_origin_destination(shared_data / OD_FILE)


def test_every_origin_and_destination_name_of_the_real_file_is_mapped(shared_data: Path, od_rows) -> None:
    name_map = load_name_map()
    origins = [name for name in od_rows[0] if name not in ("Year", "Dest")]
    destinations = {row["Dest"] for row in od_rows}
    assert len(origins) == 232 and len(destinations) == 237
    assert all(name in name_map.iso3 for name in origins)
    assert {name for name in destinations if name not in name_map.iso3} == SUBREGION_DESTINATIONS
    assert set(name_map.no_iso3) == SUBREGION_DESTINATIONS
    # One code per name, and the map agrees with DESA's own correspondence table wherever both name a place.
    assert len(set(name_map.iso3.values())) == len(name_map.iso3)
    annex = parse_locations(shared_data / CORRESPONDENCE_FILE)
    countries = annex[annex["is_country"]]
    by_name = dict(zip(countries["location_name"], countries["iso3"], strict=True))
    assert {name: by_name.get(name) for name in name_map.iso3} == name_map.iso3


def test_pairs_have_every_origin_destination_and_year_once(pairs: pd.DataFrame) -> None:
    assert len(pairs) == 232 * 237 * 7
    assert not pairs.duplicated(list(OD_KEY)).any()
    assert set(pairs["year"]) == OD_YEARS
    assert set(pairs["revision"]) == {2019}
    assert set(pairs.loc[pairs["destination_iso3"].isna(), "destination_name"]) == SUBREGION_DESTINATIONS
    assert pairs["origin_iso3"].notna().all()
    assert (pairs["migrants"].dropna() >= 0).all()


def test_pair_values_equal_the_cells_of_the_file(pairs: pd.DataFrame, od_rows) -> None:
    indexed = pairs.set_index(["origin_name", "destination_name", "year"])
    checked = 0
    for line, row in enumerate(od_rows, start=2):
        if row["Dest"] not in {"United States of America", "Spain", "Costa Rica"}:
            continue
        for origin in SPOT_CHECKED_ORIGINS:
            parsed = indexed.loc[(origin, row["Dest"], int(row["Year"]))]
            assert parsed["migrants"] == float(row[origin]), (origin, row["Dest"], row["Year"])
            assert parsed["source_row"] == line
            checked += 1
    assert checked == 3 * 7 * 5
    mexicans_in_us = indexed.loc[("Mexico", "United States of America", 2019)]
    assert mexicans_in_us["origin_iso3"] == "MEX" and mexicans_in_us["destination_iso3"] == "USA"


def test_totals_per_year_equal_the_sum_of_the_files_cells(pairs: pd.DataFrame, od_rows) -> None:
    expected: dict[int, float] = {}
    for row in od_rows:
        cells = [value for name, value in row.items() if name not in ("Year", "Dest")]
        expected[int(row["Year"])] = expected.get(int(row["Year"]), 0.0) + sum(
            float(value) for value in cells if value not in ("..", "-")
        )
    assert pairs.groupby("year")["migrants"].sum().to_dict() == pytest.approx(expected)
    # The US hosts the most migrants, and Mexicans are the largest group there.
    in_2019 = pairs[(pairs["year"] == 2019) & pairs["destination_iso3"].notna()]
    assert in_2019.groupby("destination_iso3")["migrants"].sum().idxmax() == "USA"
    in_us = in_2019[in_2019["destination_iso3"] == "USA"].set_index("origin_iso3")["migrants"]
    assert in_us.idxmax() == "MEX"


def test_dots_and_dashes_are_missing_and_say_which(pairs: pd.DataFrame, od_rows) -> None:
    cells = [value for row in od_rows for name, value in row.items() if name not in ("Year", "Dest")]
    assert (pairs["missing_mark"] == "..").sum() == cells.count("..")
    assert (pairs["missing_mark"] == "-").sum() == cells.count("-") == 4
    assert pairs.loc[pairs["missing_mark"].notna(), "migrants"].isna().all()
    assert pairs["migrants"].isna().sum() == cells.count("..") + cells.count("-")
    dashed = pairs[pairs["missing_mark"] == "-"]
    assert set(zip(dashed["origin_name"], dashed["destination_name"], strict=True)) == {("Albania", "Montenegro")}


def test_vintage_of_the_derived_csv_is_its_revision_and_the_glob_finds_it(shared_data: Path) -> None:
    found = dict(find_snapshot_files(SOURCE, shared_data))
    assert found["origin_destination"].name == Path(OD_FILE).name
    assert read_vintage(shared_data / OD_FILE) == "2019"
    assert not SOURCE.dataset("origin_destination").live


def _write_od(tmp_path: Path, text: str, name: str = "UN_MigrantStockByOriginAndDestination_2019_clean.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_destination_name_fails_naming_the_file_and_row(tmp_path: Path) -> None:
    path = _write_od(tmp_path, "Year,Dest,Mexico,Cuba\n2019,United States of America,10,5\n2019,Atlantis,1,0\n")
    _raises_naming(parse_origin_destination, path, "'Atlantis' (row 3)", "location_names.yaml", row="3")


def test_unknown_origin_column_fails_naming_the_file_row_and_column(tmp_path: Path) -> None:
    path = _write_od(tmp_path, "Year,Dest,Mexico,Mexico (USMCA)\n2019,Canada,10,5\n")
    _raises_naming(parse_origin_destination, path, "'Mexico (USMCA)' (row 1 (column 4))", row="1 (column 4)")


@pytest.mark.parametrize(
    ("text", "fragment", "row"),
    [
        ("Year,Dest,Mexico\n2019,Canada,-12\n", "is negative", 2),
        ("Year,Dest,Mexico\n2019,Canada,about 10\n", "'about 10'", 2),
        ("Year,Dest,Mexico\n2019,Canada,\n", "''", 2),
        ("Year,Dest,Mexico\n2019,Canada,1\n2019,Canada,2\n", "again (first at row 2)", 3),
        ("Year,Dest,Mexico\n2019,Canada,1,2\n", "4 fields; the header has 3", 2),
        ("Year,Destination,Mexico\n2019,Canada,1\n", "'Destination'", 1),
        ("Year,Dest,Mexico,Mexico\n2019,Canada,1,1\n", "named twice", 1),
        ("Year,Dest,Mexico\n19,Canada,1\n", "'19' is not a year", 2),
    ],
)
def test_broken_derived_csv_fails_naming_the_row(tmp_path: Path, text: str, fragment: str, row: int) -> None:
    _raises_naming(parse_origin_destination, _write_od(tmp_path, text), fragment, row=row)


def test_a_file_name_without_its_revision_year_is_rejected(tmp_path: Path) -> None:
    path = _write_od(tmp_path, "Year,Dest,Mexico\n2019,Canada,1\n", name="MigrantStockByOriginAndDestination.csv")
    _raises_naming(parse_origin_destination, path, "revision year")


def test_sample_writes_the_derived_layout_and_parses(sample_dir: Path) -> None:
    path = sample_dir / Path(OD_FILE).name
    text = path.read_text(encoding="utf-8")
    assert text.startswith("Year,Dest,Argentina,") and text.endswith("\n") and "\r" not in text
    pairs = parse_origin_destination(path)
    assert set(pairs["year"]) == OD_YEARS and set(pairs["revision"]) == {2019}
    assert set(pairs.loc[pairs["destination_iso3"].isna(), "destination_name"]) == {"Caribbean"}
    assert set(pairs["missing_mark"].dropna()) == {"..", "-"}
    assert set(pairs["origin_iso3"]) == {economy.iso3 for economy in SAMPLE_ECONOMIES}
    in_us = pairs[(pairs["destination_iso3"] == "USA") & (pairs["year"] == 2019)].set_index("origin_iso3")
    assert in_us["migrants"]["MEX"] > in_us["migrants"]["GTM"] > 0
    assert (pairs.loc[pairs["origin_iso3"] == pairs["destination_iso3"], "migrants"].dropna() == 0).all()


def test_stock_tables_carry_their_revision(destination: pd.DataFrame, origin: pd.DataFrame) -> None:
    assert set(destination["revision"]) == set(origin["revision"]) == {2020}
