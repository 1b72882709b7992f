"""The USITC DataWeb facts, the tariff scenario and the agriculture mart, on the real snapshot.

The facts must equal the DataWeb file's cells; the unpublished 2025 column must never appear; the
tariff scenario reaches the paper's nine partners only, at their seeded rates; import charges are set
beside it as what they are (freight and insurance, not duties).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

FOLDER = "usitc_dataweb"
PAPER_PARTNERS = {"CHL", "COL", "CRI", "DOM", "GTM", "HND", "PAN", "PER", "SLV"}
SEED = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds" / "tariff_scenario_rates.csv"


@pytest.fixture(scope="module")
def con(real_warehouse):
    return real_warehouse.con


def _cells(shared_data: Path, name: str) -> dict[tuple[str, str], dict[str, str]]:
    """(chapter, country) -> {year: cell} from the file, read with the csv module alone."""
    with (shared_data / FOLDER / name).open(encoding="utf-8", newline="") as handle:
        lines = list(csv.reader(handle))
    header = lines[2]
    return {(line[1], line[3].strip()): dict(zip(header[4:], line[4:], strict=True)) for line in lines[3:-1]}


@pytest.mark.parametrize(
    ("partner", "iso3", "chapter", "year"),
    [("Mexico", "MEX", "87", 2023), ("Colombia", "COL", "10", 2024), ("Guatemala", "GTM", "02", 2020),
     ("Curaçao", "CUW", "27", 2022), ("Côte d`Ivoire", "CIV", "84", 2021)],
)  # fmt: skip
def test_exports_fact_equals_the_files_cells(con, shared_data, partner, iso3, chapter, year) -> None:
    cell = _cells(shared_data, "DataWeb-Query-Export__FAS_Value.csv")[(chapter, partner)][str(year)]
    exports, is_agricultural, vintage = con.execute(
        """
        select exports_usd, is_agricultural, source_vintage from marts.fct_us_exports_by_hs_chapter
        where partner_iso3 = ? and hs_chapter = ? and year = ?
        """,
        [iso3, chapter, year],
    ).fetchone()
    assert exports == float(cell)
    assert is_agricultural == (int(chapter) <= 24)
    assert vintage == "2025-08-07"


@pytest.mark.parametrize(
    ("partner", "iso3", "chapter", "year"),
    [("China", "CHN", "85", 2022), ("Canada", "CAN", "27", 2024), ("Honduras", "HND", "61", 2023)],
)
def test_import_charges_fact_equals_the_files_cells(con, shared_data, partner, iso3, chapter, year) -> None:
    cell = _cells(shared_data, "DataWeb-Query-Import__General_Import_Charges.csv")[(chapter, partner)][str(year)]
    charges = con.execute(
        """
        select import_charges_usd from marts.fct_us_import_charges_by_hs_chapter
        where partner_iso3 = ? and hs_chapter = ? and year = ?
        """,
        [iso3, chapter, year],
    ).fetchone()[0]
    assert charges == float(cell)


def test_the_unpublished_2025_column_is_in_no_table(con) -> None:
    for table in (
        "raw.usitc_exports_by_hs2",
        "raw.usitc_import_charges_by_hs2",
        "marts.fct_us_exports_by_hs_chapter",
        "marts.fct_us_import_charges_by_hs_chapter",
    ):
        years = con.execute(f"select list(distinct year order by year) from {table}").fetchone()[0]
        assert years == [2020, 2021, 2022, 2023, 2024], table
    charges_years = con.execute(
        "select list(distinct year order by year) from marts.mart_tariff_exposure where import_charges_usd is not null"
    ).fetchone()[0]
    assert charges_years == [2020, 2021, 2022, 2023, 2024]


def test_the_facts_are_marked_derived(con) -> None:
    for table in ("fct_us_exports_by_hs_chapter", "fct_us_import_charges_by_hs_chapter"):
        assert con.execute(f"select bool_and(is_derived_file) from marts.{table}").fetchone()[0]
    provenance = con.execute("select distinct provenance from raw.usitc_exports_by_hs2").fetchall()
    assert len(provenance) == 1 and provenance[0][0].startswith("DERIVED")


def test_tariff_scenario_applies_only_to_the_papers_partners_at_their_seeded_rates(con) -> None:
    with SEED.open(encoding="utf-8", newline="") as handle:
        seeded = {row["partner_iso3"]: row for row in csv.DictReader(handle)}
    assert {iso3 for iso3, row in seeded.items() if row["is_tariff_paper_partner"] == "true"} == PAPER_PARTNERS
    assert seeded["NIC"]["is_tariff_paper_partner"] == "false" and float(seeded["NIC"]["scenario_rate"]) == 0.18
    in_scenario = con.execute(
        """
        select partner_iso3, list(distinct tariff_rate), bool_and(estimated_duty_usd is not null)
        from marts.mart_tariff_exposure where is_tariff_paper_partner group by partner_iso3
        """
    ).fetchall()
    assert {iso3 for iso3, *_ in in_scenario} == PAPER_PARTNERS
    for iso3, rates, every_year_has_a_duty in in_scenario:
        assert rates == [float(seeded[iso3]["scenario_rate"])], iso3
        assert every_year_has_a_duty
    outside = con.execute(
        """
        select count(*), count(tariff_rate), count(estimated_duty_usd), count(duty_share_of_partner_gdp)
        from marts.mart_tariff_exposure where not is_tariff_paper_partner
        """
    ).fetchone()
    assert outside[0] > 1000 and outside[1:] == (0, 0, 0)
    nicaragua, mexico = (
        con.execute(
            f"select bool_or(is_tariff_paper_partner), count(tariff_rate) from marts.mart_tariff_exposure "
            f"where partner_iso3 = '{iso3}'"
        ).fetchone()
        for iso3 in ("NIC", "MEX")
    )
    assert nicaragua == (False, 0) and mexico == (False, 0)


def test_tariff_duty_is_imports_times_rate_and_its_gdp_share_is_bounded(con) -> None:
    rows = con.execute(
        """
        select imports_usd, tariff_rate, estimated_duty_usd, duty_share_of_partner_gdp, gdp_usd
        from marts.mart_tariff_exposure where is_tariff_paper_partner
        """
    ).fetchall()
    assert len(rows) > 9 * 20
    for imports, rate, duty, share, gdp in rows:
        assert duty == pytest.approx(imports * rate, rel=1e-12)
        if gdp:
            assert share == pytest.approx(duty / gdp, rel=1e-12) and 0 <= share < 0.1
    colombia = con.execute(
        """
        select estimated_duty_usd, is_complete_year from marts.mart_tariff_exposure
        where partner_iso3 = 'COL' and year = 2023
        """
    ).fetchone()
    # About US$ 15 billion of imports from Colombia in 2023: a duty of about 1.5 billion at 10%.
    assert colombia[1] and 1.0e9 < colombia[0] < 2.5e9


def test_import_charges_rate_is_charges_over_census_imports_in_complete_years(con) -> None:
    rows = con.execute(
        """
        select e.partner_iso3, e.year, e.import_charges_usd, e.import_charges_rate, a.imports_usd, e.is_complete_year,
               (select sum(import_charges_usd) from marts.fct_us_import_charges_by_hs_chapter as c
                where c.partner_iso3 = e.partner_iso3 and c.year = e.year) as charges_in_fact
        from marts.mart_tariff_exposure as e
        join marts.fct_us_goods_trade_annual as a
            on a.partner_iso3 = e.partner_iso3 and a.year = e.year and a.partner_kind = 'economy'
        where e.import_charges_usd is not null and e.partner_iso3 in ('COL', 'GTM', 'MEX', 'CHN', 'CAN')
        """
    ).fetchall()
    assert len(rows) == 5 * 5
    for iso3, year, charges, rate, imports, complete, charges_in_fact in rows:
        assert charges == pytest.approx(charges_in_fact, rel=1e-12)
        if complete:
            assert rate == pytest.approx(charges / imports, rel=1e-12), (iso3, year)
            # Freight and insurance: a few percent of customs value, never a large share.
            assert 0 < rate < 0.15, (iso3, year)
        else:
            assert rate is None, (iso3, year)  # 2024: six months of imports against a full year of charges


def test_agricultural_share_is_a_percentage_and_mexico_is_followed_since_nafta(con) -> None:
    low, high, rows = con.execute(
        """
        select min(agricultural_share_of_exports_pct), max(agricultural_share_of_exports_pct), count(*)
        from marts.mart_us_agricultural_exports where agricultural_share_of_exports_pct is not null
        """
    ).fetchone()
    assert low >= 0 and high <= 100 and rows > 500
    mexico = con.execute(
        """
        select min(year), max(year) filter (where agriculture_employment_pct is not null),
               count(*) filter (where agricultural_exports_usd is not null)
        from marts.mart_us_agricultural_exports where partner_iso3 = 'MEX'
        """
    ).fetchone()
    assert mexico[0] == 1994 and mexico[1] >= 2019 and mexico[2] == 5


def test_agricultural_exports_equal_the_files_chapters_01_to_24(con, shared_data) -> None:
    cells = _cells(shared_data, "DataWeb-Query-Export__FAS_Value.csv")
    for partner, iso3 in (("Colombia", "COL"), ("Mexico", "MEX")):
        agricultural = sum(float(v["2023"]) for (ch, name), v in cells.items() if name == partner and ch <= "24")
        total = sum(float(v["2023"]) for (ch, name), v in cells.items() if name == partner)
        row = con.execute(
            """
            select agricultural_exports_usd, total_exports_usd, agricultural_share_of_exports_pct
            from marts.mart_us_agricultural_exports where partner_iso3 = ? and year = 2023
            """,
            [iso3],
        ).fetchone()
        assert row[0] == pytest.approx(agricultural, rel=1e-12)
        assert row[1] == pytest.approx(total, rel=1e-12)
        assert row[2] == pytest.approx(100 * agricultural / total, rel=1e-12)


def test_descriptions_say_what_import_charges_and_the_gdp_share_are_not(con) -> None:
    comments = dict(
        con.execute(
            """
            select table_name || '.' || column_name, comment from duckdb_columns()
            where schema_name = 'marts'
              and table_name in ('mart_tariff_exposure', 'fct_us_import_charges_by_hs_chapter')
            """
        ).fetchall()
    )
    assert "not duties" in comments["fct_us_import_charges_by_hs_chapter.import_charges_usd"].lower()
    assert "not an effective tariff" in comments["mart_tariff_exposure.import_charges_rate"]
    assert "upper bound" in comments["mart_tariff_exposure.duty_share_of_partner_gdp"]
    assert "paid by us importers" in comments["mart_tariff_exposure.estimated_duty_usd"].lower()
    description = con.execute(
        "select comment from duckdb_tables() "
        "where schema_name = 'marts' and table_name = 'mart_us_agricultural_exports'"
    ).fetchone()[0]
    assert "cannot" in description and "Colombia" in description
