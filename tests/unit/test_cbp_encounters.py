"""CBP nationwide encounters: the real FY2020-FY2023 state file, the citizenship map, broken files, the sample."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from sources._common.errors import SourceError
from sources._common.snapshot import find_snapshot_files
from sources.cbp_encounters import SOURCE, map_names, read_vintage
from sources.cbp_encounters.parse import KEY, parse_encounters
from sources.cbp_encounters.sample import HEADER, write_sample

CBP_FILE = "cbp_encounters/cbp-nationwide-encounters-fy20-fy23-state.csv"


@pytest.fixture(scope="module")
def encounters(shared_data: Path) -> pd.DataFrame:
    return parse_encounters(shared_data / CBP_FILE)


@pytest.fixture(scope="module")
def csv_rows(shared_data: Path) -> list[dict[str, str]]:
    """The file read with the csv module, independently of the parser."""
    with (shared_data / CBP_FILE).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --- the real file ------------------------------------------------------------------------------


def test_every_line_parses_with_a_unique_key(encounters: pd.DataFrame, csv_rows: list[dict[str, str]]) -> None:
    assert len(encounters) == len(csv_rows) == 42532
    assert not encounters.duplicated(list(KEY)).any()
    assert encounters["encounter_count"].dtype == "int64"
    assert (encounters["encounter_count"] >= 0).all()


def test_encounters_by_citizenship_sum_to_the_file_total(
    encounters: pd.DataFrame, csv_rows: list[dict[str, str]]
) -> None:
    file_total = sum(int(row["Encounter Count"]) for row in csv_rows)
    by_citizenship = encounters.groupby("citizenship")["encounter_count"].sum()
    assert by_citizenship.sum() == file_total == 8_571_067
    expected = {}
    for row in csv_rows:
        expected[row["Citizenship"]] = expected.get(row["Citizenship"], 0) + int(row["Encounter Count"])
    assert by_citizenship.to_dict() == expected
    assert by_citizenship.idxmax() == "MEXICO"


def test_fiscal_months_map_to_calendar_months(encounters: pd.DataFrame) -> None:
    calendar = encounters.drop_duplicates(["fiscal_year", "month_abbv"]).set_index(["fiscal_year", "month_abbv"])
    assert tuple(calendar.loc[(2023, "OCT"), ["calendar_year", "month"]]) == (2022, 10)
    assert tuple(calendar.loc[(2023, "DEC"), ["calendar_year", "month"]]) == (2022, 12)
    assert tuple(calendar.loc[(2023, "JAN"), ["calendar_year", "month"]]) == (2023, 1)
    assert tuple(calendar.loc[(2023, "SEP"), ["calendar_year", "month"]]) == (2023, 9)
    months = encounters["calendar_year"] * 12 + encounters["month"]
    assert months.min() == 2019 * 12 + 10 and months.max() == 2023 * 12 + 9
    assert months.nunique() == 48


def test_fytd_is_on_every_line_and_all_four_fiscal_years_are_complete(encounters: pd.DataFrame) -> None:
    assert set(encounters["month_grouping"]) == {"FYTD"}
    assert set(encounters["fiscal_year"]) == {2020, 2021, 2022, 2023}
    assert encounters["fiscal_year_is_complete"].all()


def test_a_line_keeps_its_values_and_line_number(encounters: pd.DataFrame, csv_rows: list[dict[str, str]]) -> None:
    for line_number in (2, 5, 20000, 42533):
        row = csv_rows[line_number - 2]
        parsed = encounters[encounters["source_row"] == line_number].iloc[0]
        assert parsed["fiscal_year"] == int(row["Fiscal Year"])
        assert parsed["month_abbv"] == row["Month (abbv)"]
        assert parsed["state"] == row["State"]
        assert parsed["citizenship"] == row["Citizenship"]
        assert parsed["title_of_authority"] == row["Title of Authority"]
        assert parsed["encounter_count"] == int(row["Encounter Count"])


def test_other_is_kept_as_its_own_citizenship_without_a_code(encounters: pd.DataFrame) -> None:
    other = encounters[encounters["citizenship"] == "OTHER"]
    assert not other.empty and other["citizenship_iso3"].isna().all()
    named = encounters[encounters["citizenship"] != "OTHER"]
    assert named["citizenship_iso3"].notna().all()
    assert set(named.loc[named["citizenship"] == "CHINA, PEOPLES REPUBLIC OF", "citizenship_iso3"]) == {"CHN"}


def test_every_real_citizenship_is_in_the_name_map(csv_rows: list[dict[str, str]]) -> None:
    citizenships = {row["Citizenship"] for row in csv_rows}
    assert len(citizenships) == 22
    codes = map_names(citizenships)
    assert {name for name, code in codes.items() if code is None} == {"OTHER"}
    assert len({code for code in codes.values() if code}) == 21


def test_unmapped_citizenships_are_all_listed_in_one_error() -> None:
    with pytest.raises(SourceError) as caught:
        map_names(["MEXICO", "ATLANTIS", "NARNIA"], file="encounters.csv")
    assert "ATLANTIS" in str(caught.value) and "NARNIA" in str(caught.value)


def test_vintage_is_the_newest_month_and_the_glob_finds_the_file(shared_data: Path) -> None:
    assert read_vintage(shared_data / CBP_FILE) == "2023-09"
    assert [path.name for _, path in find_snapshot_files(SOURCE, shared_data)] == [Path(CBP_FILE).name]


# --- broken files -------------------------------------------------------------------------------

GOOD_LINES = [
    ",".join(HEADER),
    "2024,FYTD,OCT,Southwest Land Border,TX,Single Adults,MEXICO,Title 8,120",
    '2024,FYTD,NOV,Other,FL,FMUA,"CHINA, PEOPLES REPUBLIC OF",Title 8,3',
    "2024,FYTD,NOV,Other,,Single Adults,OTHER,Title 8,0",
]


def _csv(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "nationwide-encounters-fy24-state.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path


def _raises_naming(path: Path, *fragments: str, row: int | None = None) -> None:
    with pytest.raises(SourceError) as caught:
        parse_encounters(path)
    message = str(caught.value)
    assert caught.value.source == "cbp_encounters"
    assert path.name in message
    for fragment in fragments:
        assert fragment in message, message
    if row is not None:
        assert caught.value.row == row, message


def test_small_valid_file_parses_with_a_null_state_and_a_partial_year(tmp_path: Path) -> None:
    parsed = parse_encounters(_csv(tmp_path, GOOD_LINES))
    assert parsed["state"].tolist()[:2] == ["TX", "FL"] and pd.isna(parsed["state"].iloc[2])
    assert parsed["calendar_year"].tolist() == [2023, 2023, 2023]
    assert not parsed["fiscal_year_is_complete"].any()


def test_empty_file_and_html_page_are_rejected(tmp_path: Path) -> None:
    empty = tmp_path / "nationwide-encounters-empty.csv"
    empty.write_bytes(b"")
    _raises_naming(empty, "empty")
    page = tmp_path / "nationwide-encounters-page.csv"
    page.write_text("<!doctype html><html><body>Access Denied</body></html>", encoding="utf-8")
    _raises_naming(page, "HTML")


def test_missing_column_is_named(tmp_path: Path) -> None:
    lines = [GOOD_LINES[0].replace("Citizenship", "Nationality"), *GOOD_LINES[1:]]
    _raises_naming(_csv(tmp_path, lines), "Citizenship", row=1)


def test_the_aor_sibling_file_is_rejected_for_its_columns(tmp_path: Path) -> None:
    header = "Fiscal Year,Month (abbv),Component,Land Border Region,Area of Responsibility,AOR (Abbv),Demographic,"
    lines = [header + "Citizenship,Title of Authority,Encounter Type,Encounter Count"]
    _raises_naming(_csv(tmp_path, lines), "State", row=1)


def test_negative_count_names_the_line(tmp_path: Path) -> None:
    _raises_naming(_csv(tmp_path, [*GOOD_LINES, "2024,FYTD,DEC,Other,NY,FMUA,HAITI,Title 8,-4"]), "negative", row=5)


def test_non_numeric_count_names_the_line(tmp_path: Path) -> None:
    lines = [*GOOD_LINES[:2], "2024,FYTD,DEC,Other,NY,FMUA,HAITI,Title 8,1.5", *GOOD_LINES[2:]]
    _raises_naming(_csv(tmp_path, lines), "'1.5'", row=3)


def test_unknown_month_names_the_line(tmp_path: Path) -> None:
    _raises_naming(_csv(tmp_path, [*GOOD_LINES, "2024,FYTD,OCTOBER,Other,NY,FMUA,HAITI,Title 8,4"]), "OCT", row=5)


def test_duplicate_combination_names_the_second_line(tmp_path: Path) -> None:
    _raises_naming(_csv(tmp_path, [*GOOD_LINES, GOOD_LINES[1]]), "duplicate", row=5)


def test_unmapped_citizenship_is_named(tmp_path: Path) -> None:
    _raises_naming(_csv(tmp_path, [*GOOD_LINES, "2024,FYTD,DEC,Other,NY,FMUA,ELBONIA,Title 8,4"]), "ELBONIA")


# --- the sample and the declared source ---------------------------------------------------------


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("cbp_sample")
    write_sample(dest)
    return dest


def test_sample_parses_with_a_partial_fiscal_year_and_the_expected_citizenships(sample_dir: Path) -> None:
    path = next((sample_dir / "cbp_encounters").glob("*.csv"))
    content = path.read_bytes()
    assert content.startswith(b"Fiscal Year,Month Grouping,") and b'"CHINA, PEOPLES REPUBLIC OF"' in content
    parsed = parse_encounters(path)
    complete = parsed.groupby("fiscal_year")["fiscal_year_is_complete"].first()
    assert complete.to_dict() == {2022: True, 2023: True, 2024: False}
    by_citizenship = parsed.groupby("citizenship")["encounter_count"].sum().sort_values(ascending=False)
    assert by_citizenship.index[0] == "MEXICO"
    top = set(by_citizenship.index[:11])
    assert top >= {"MEXICO", "GUATEMALA", "HONDURAS", "VENEZUELA", "CUBA", "NICARAGUA", "COLOMBIA", "OTHER"}
    title_42 = parsed[parsed["title_of_authority"] == "Title 42"]
    assert (title_42["calendar_year"] * 12 + title_42["month"]).max() == 2023 * 12 + 5
