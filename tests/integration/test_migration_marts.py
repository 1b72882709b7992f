"""The migration marts (issue #4) built from the real snapshot, and from the bundled sample."""

from __future__ import annotations

import csv
import statistics
from collections import Counter
from pathlib import Path

import pytest

MIGRATION_MARTS = (
    "fct_migrant_stock",
    "fct_border_encounters_monthly",
    "fct_remittances",
    "mart_migration_root_causes",
    "mart_fdi_vs_migration",
    "mart_remittance_dependence",
    "mart_engagement_watchlist",
    "mart_debate_facts",
)


@pytest.fixture(scope="module")
def snapshot_build(real_warehouse):
    return real_warehouse.con


@pytest.fixture(scope="module")
def sample_build(sample_warehouse):
    return sample_warehouse.con


def _cbp_file_totals(shared_data: Path) -> Counter[str]:
    """Encounter Count by published citizenship, read straight from the CBP CSV."""
    (path,) = sorted((shared_data / "cbp_encounters").glob("*nationwide-encounters*.csv"))
    totals: Counter[str] = Counter()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            totals[row["Citizenship"]] += int(row["Encounter Count"])
    return totals


def test_encounters_by_citizenship_sum_to_the_cbp_files_total(snapshot_build, shared_data):
    expected = _cbp_file_totals(shared_data)
    published = dict(
        snapshot_build.execute(
            "select citizenship, sum(encounters) from marts.fct_border_encounters_monthly group by citizenship"
        ).fetchall()
    )
    assert published == dict(expected)
    assert sum(published.values()) == sum(expected.values())


def test_citizenships_cbp_does_not_name_are_kept_as_other(snapshot_build, shared_data):
    other = snapshot_build.execute(
        "select sum(encounters) from marts.fct_border_encounters_monthly where citizenship_iso3 = 'OTHER'"
    ).fetchone()[0]
    assert other == _cbp_file_totals(shared_data)["OTHER"] > 0


def test_october_of_fiscal_2023_is_october_2022(snapshot_build):
    months = snapshot_build.execute(
        """
        select distinct year, month from marts.fct_border_encounters_monthly
        where fiscal_year = 2023 and month in (9, 10)
        """
    ).fetchall()
    assert sorted(months) == [(2022, 10), (2023, 9)]


def test_exactly_one_remittance_total_is_preferred_per_economy_and_year(snapshot_build):
    counts = snapshot_build.execute(
        """
        select receiving_iso3, year, count(*) filter (where preferred) as preferred_rows, count(*) as rows
        from marts.fct_remittances
        where sending_iso3 is null
        group by receiving_iso3, year
        """
    ).fetchall()
    assert counts and all(preferred == 1 for _, _, preferred, _ in counts)
    assert any(rows > 1 for *_, rows in counts), "WDI and KNOMAD overlap, so some economy-years have two totals"
    salvador_2021 = snapshot_build.execute(
        """
        select source, value_usd from marts.fct_remittances
        where receiving_iso3 = 'SLV' and year = 2021 and sending_iso3 is null and preferred
        """
    ).fetchone()
    # KNOMAD's December 2023 release is newer than WDI's 2023-10-26 vintage; its US$ millions become dollars.
    assert salvador_2021[0] == "KNOMAD inward"
    assert salvador_2021[1] == pytest.approx(7_476_058_041.29, rel=1e-9)


def test_root_causes_has_one_row_per_western_hemisphere_economy_and_year(snapshot_build):
    keys = snapshot_build.execute("select country_iso3, year from marts.mart_migration_root_causes").fetchall()
    economies = {
        row[0]
        for row in snapshot_build.execute(
            "select country_iso3 from marts.dim_country where is_western_hemisphere"
        ).fetchall()
    }
    years = {year for _, year in keys}
    assert len(keys) == len(set(keys)) == len(economies) * len(years)
    assert {iso3 for iso3, _ in keys} == economies
    assert min(years) == 2000


def test_push_pressure_score_is_standardized_within_each_year(snapshot_build):
    scores: dict[int, list[float]] = {}
    for year, score in snapshot_build.execute(
        "select year, push_pressure_score from marts.mart_migration_root_causes where push_pressure_score is not null"
    ).fetchall():
        scores.setdefault(year, []).append(score)
    assert len(scores) >= 10
    for year, values in scores.items():
        assert abs(statistics.fmean(values)) < 1e-9, year
        assert statistics.stdev(values) == pytest.approx(1.0, abs=1e-9), year
    haiti, canada = (
        snapshot_build.execute(
            "select push_pressure_score from marts.mart_migration_root_causes where year = 2022 and country_iso3 = $1",
            [iso3],
        ).fetchone()[0]
        for iso3 in ("HTI", "CAN")
    )
    assert haiti > 1 > 0 > canada


def test_debate_facts_are_present_and_complete(snapshot_build):
    # Issue #14 added caveat columns after these, some of them null by design (an interval only
    # for correlations, n only for statistics across economies): the first seven are never null.
    facts = snapshot_build.execute(
        "select fact_key, statement, value, unit, year, source, source_vintage from marts.mart_debate_facts"
    ).fetchall()
    assert len(facts) >= 10
    assert all(value is not None for fact in facts for value in fact)
    by_key = {fact[0]: fact for fact in facts}
    southwest = by_key["southwest_encounters_latest_fy"]
    assert southwest[4] == 2023 and southwest[5] == "U.S. CBP Nationwide Encounters"
    (southwest_total,) = snapshot_build.execute(
        """
        select sum(encounters) from marts.fct_border_encounters_monthly
        where fiscal_year = 2023 and border_region = 'Southwest Land Border'
        """
    ).fetchone()
    assert southwest[2] == southwest_total


def test_correlations_lie_between_minus_one_and_one(snapshot_build):
    correlations = snapshot_build.execute(
        """
        select unnest([corr_fdi_encounters, corr_fdi_remittance_dependence, corr_fdi_push_pressure])
        from marts.mart_fdi_vs_migration
        union all
        select value from marts.mart_debate_facts where unit = 'correlation coefficient'
        """
    ).fetchall()
    values = [value for (value,) in correlations if value is not None]
    assert values and all(-1 <= value <= 1 for value in values)
    (years_with_encounters,) = snapshot_build.execute(
        "select count(*) from marts.mart_fdi_vs_migration where corr_fdi_encounters is not null"
    ).fetchone()
    assert years_with_encounters >= 1


def test_sample_build_fills_every_migration_mart_and_marks_it_sample(sample_build):
    for mart in MIGRATION_MARTS:
        assert sample_build.execute(f"select count(*) from marts.{mart}").fetchone()[0] > 0, mart
    for fact in ("fct_migrant_stock", "fct_border_encounters_monthly", "fct_remittances", "mart_remittance_dependence"):
        vintages = sample_build.execute(f"select distinct source_vintage from marts.{fact}").fetchall()
        assert vintages == [("sample",)], fact
    assert all(
        "sample" in vintage
        for (vintage,) in sample_build.execute("select source_vintage from marts.mart_debate_facts").fetchall()
    )


def test_watchlist_carries_us_goods_trade_for_each_estranged_partner(snapshot_build):
    rows = snapshot_build.execute(
        """
        select country_iso3, us_exports_usd, us_imports_usd, us_trade_is_complete_year
        from marts.mart_engagement_watchlist where year = 2022
        """
    ).fetchall()
    assert {row[0] for row in rows} == {"CUB", "VEN", "SLV", "NIC"}
    assert all(row[1] > 0 and row[2] >= 0 and row[3] for row in rows)
