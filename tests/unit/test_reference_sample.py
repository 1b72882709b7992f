"""The bundled reference sample: native formats that the real parsers read, for every sample economy."""

from __future__ import annotations

from pathlib import Path

import pytest

from sources._common.sample_countries import SAMPLE_ECONOMIES
from sources.reference.parse import (
    parse_m49,
    parse_schedule_c,
    parse_wb_class,
    parse_wb_income_history,
)
from sources.reference.sample import write_sample

SAMPLE_ISO3 = {economy.iso3 for economy in SAMPLE_ECONOMIES}
INCOME_CODE_OF_GROUP = {
    "Low income": "L",
    "Lower middle income": "LM",
    "Upper middle income": "UM",
    "High income": "H",
}


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("reference_sample")
    write_sample(dest)
    return dest / "reference"


def test_write_sample_returns_the_four_files_it_wrote(tmp_path: Path) -> None:
    written = write_sample(tmp_path)
    assert sorted(path.relative_to(tmp_path).as_posix() for path in written) == [
        "reference/UNSD-M49-en.csv",
        "reference/census_schedule_c_country.txt",
        "reference/wb_classification/OGHIST_sample.xlsx",
        "reference/wb_classification/class-country.xlsx",
    ]
    assert all(path.is_file() and path.stat().st_size > 0 for path in written)


def test_two_runs_write_identical_bytes(tmp_path: Path) -> None:
    first = write_sample(tmp_path / "first")
    second = write_sample(tmp_path / "second")
    for one, other in zip(first, second, strict=True):
        assert one.read_bytes() == other.read_bytes(), one.name


def test_sample_m49_has_a_bom_and_every_sample_economy(sample_dir: Path) -> None:
    path = sample_dir / "UNSD-M49-en.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbfGlobal Code,")
    m49 = parse_m49(path)
    assert set(m49["iso3"]) == SAMPLE_ISO3
    by_iso3 = m49.set_index("iso3")
    for economy in SAMPLE_ECONOMIES:
        assert by_iso3.loc[economy.iso3, "m49_code"] == economy.m49
        assert by_iso3.loc[economy.iso3, "subregion_name"] == economy.m49_subregion
        assert by_iso3.loc[economy.iso3, "intermediate_region_name"] == (economy.m49_intermediate or None)


def test_sample_m49_uses_the_standard_region_codes(sample_dir: Path) -> None:
    m49 = parse_m49(sample_dir / "UNSD-M49-en.csv").set_index("iso3")
    assert tuple(m49.loc["MEX", ["region_code", "subregion_code", "intermediate_region_code"]]) == (
        "019",
        "419",
        "013",
    )
    assert tuple(m49.loc["USA", ["region_code", "subregion_code"]]) == ("019", "021")
    assert m49.loc["USA", "intermediate_region_code"] is None
    assert m49.loc["BRA", "intermediate_region_code"] == "005"
    assert m49.loc["JAM", "intermediate_region_code"] == "029"
    assert tuple(m49.loc["CHN", ["region_code", "subregion_code"]]) == ("142", "030")
    assert m49.loc["VNM", "subregion_code"] == "035"


def test_sample_schedule_c_has_every_census_code(sample_dir: Path) -> None:
    path = sample_dir / "census_schedule_c_country.txt"
    schedule_c = parse_schedule_c(path)
    assert set(schedule_c["census_code"]) == {economy.census_code for economy in SAMPLE_ECONOMIES}
    iso2_by_code = dict(zip(schedule_c["census_code"], schedule_c["iso2"], strict=True))
    assert all(iso2_by_code[economy.census_code] == economy.iso2 for economy in SAMPLE_ECONOMIES)
    header_lines = path.read_text(encoding="ascii").splitlines()[:5]
    assert header_lines[3].startswith("Code     |    Name")


def test_sample_schedule_c_pads_names_to_52_characters(sample_dir: Path) -> None:
    data_lines = [
        line
        for line in (sample_dir / "census_schedule_c_country.txt").read_text(encoding="ascii").splitlines()
        if line[:4].isdigit()
    ]
    assert {len(line.split("|")[1]) for line in data_lines} == {4 + 52}


def test_sample_class_lists_every_economy_with_its_region_and_income(sample_dir: Path) -> None:
    economies, groups = parse_wb_class(sample_dir / "wb_classification" / "class-country.xlsx")
    assert set(economies["iso3"]) == SAMPLE_ISO3
    by_iso3 = economies.set_index("iso3")
    for economy in SAMPLE_ECONOMIES:
        assert by_iso3.loc[economy.iso3, "region"] == economy.wb_region
        assert by_iso3.loc[economy.iso3, "income_group"] == economy.income_group
    assert {"LCN", "NAC", "EAS", "HIC", "UMC", "LMC"} <= set(groups["group_code"])
    latin_america = groups[groups["group_code"] == "LCN"]
    assert set(latin_america["group_name"]) == {"Latin America & Caribbean"}
    expected = {
        economy.iso3 for economy in SAMPLE_ECONOMIES if economy.wb_region == "Latin America & Caribbean"
    }
    assert set(latin_america["iso3"]) == expected


def test_sample_oghist_infers_the_formula_label_and_ends_with_the_current_class(sample_dir: Path) -> None:
    history = parse_wb_income_history(sample_dir / "wb_classification" / "OGHIST_sample.xlsx")
    assert sorted(history["fiscal_year"].unique()) == list(range(1989, 2027))
    assert set(history["iso3"]) >= SAMPLE_ISO3
    per_economy = history[history["iso3"].isin(SAMPLE_ISO3)].groupby("iso3")["fiscal_year"].apply(set)
    assert all(2018 in years for years in per_economy)
    latest = history[history["fiscal_year"] == 2026].set_index("iso3")["income_code"]
    for economy in SAMPLE_ECONOMIES:
        assert latest[economy.iso3] == INCOME_CODE_OF_GROUP[economy.income_group]


def test_sample_oghist_drops_years_without_a_class(sample_dir: Path) -> None:
    history = parse_wb_income_history(sample_dir / "wb_classification" / "OGHIST_sample.xlsx")
    former = history[history["iso3"] == "ANT"]
    assert not former.empty
    assert former["fiscal_year"].max() < 2026
    assert history["income_code"].notna().all()
