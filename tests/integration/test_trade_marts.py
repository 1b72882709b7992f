"""The trade marts, built from the real Census, WITS and WTO files, say what the files say.

The session's real-snapshot build serves every real-data test; the session's sample build checks
that the trade marts are filled and marked as sample.
"""

from __future__ import annotations

from datetime import date

import pytest
from python_calamine import CalamineWorkbook

CAFTA_DR = {"CRI", "DOM", "SLV", "GTM", "HND", "NIC"}
TRADE_MARTS_WITH_VINTAGE = (
    "dim_trade_agreement",
    "fct_us_goods_trade_monthly",
    "fct_us_goods_trade_annual",
    "agg_us_goods_trade_by_bloc",
    "mart_fta_partner_scorecard",
    "mart_tariff_exposure",
    "mart_nearshoring",
)
MARTS_WITH_COMPLETENESS = (
    "fct_us_goods_trade_annual",
    "agg_us_goods_trade_by_bloc",
    "mart_fta_partner_scorecard",
    "mart_tariff_exposure",
    "mart_nearshoring",
)


@pytest.fixture(scope="module")
def snapshot_build(real_warehouse):
    return real_warehouse.con


def test_sample_trade_marts_are_filled_and_marked_as_sample(sample_warehouse):
    con = sample_warehouse.con
    for mart in (*TRADE_MARTS_WITH_VINTAGE, "fct_trade_reconciliation"):
        assert con.execute(f"select count(*) from marts.{mart}").fetchall()[0][0] > 0, mart
    for mart in TRADE_MARTS_WITH_VINTAGE:
        vintages = {row[0] for row in con.execute(f"select distinct source_vintage from marts.{mart}").fetchall()}
        assert vintages == {"sample"}, mart
    # The sample is built to reconcile: not even a warning-only check may fail on it.
    outcome = sample_warehouse.outcome
    assert outcome.dbt_checks_passed == outcome.dbt_checks_total, outcome.warnings


def test_cafta_dr_bloc_is_its_six_members_and_matches_census_0017(snapshot_build):
    bloc = snapshot_build.execute(
        """
        select exports_usd, imports_usd, member_count from marts.agg_us_goods_trade_by_bloc
        where bloc = 'CAFTA-DR' and year = 2023
        """
    ).fetchone()
    members = snapshot_build.execute(
        """
        select list(partner_iso3), sum(exports_usd), sum(imports_usd) from marts.fct_us_goods_trade_annual
        where year = 2023 and partner_iso3 in ('CRI', 'DOM', 'SLV', 'GTM', 'HND', 'NIC')
        """
    ).fetchone()
    census_0017 = snapshot_build.execute(
        """
        select exports_usd, imports_usd from marts.fct_us_goods_trade_annual
        where census_code = '0017' and year = 2023
        """
    ).fetchone()
    assert set(members[0]) == CAFTA_DR and bloc[2] == 6
    assert bloc[0] == pytest.approx(members[1], rel=1e-12)
    assert bloc[1] == pytest.approx(members[2], rel=1e-12)
    # About US$ 45 billion of exports against 35 billion of imports: a US surplus.
    assert 40e9 < bloc[0] < 50e9 and 30e9 < bloc[1] < 40e9
    assert bloc[0] == pytest.approx(census_0017[0], rel=1e-6)
    assert bloc[1] == pytest.approx(census_0017[1], rel=1e-6)


def test_partial_2024_is_never_presented_as_complete(snapshot_build):
    for mart in MARTS_WITH_COMPLETENESS:
        flags = snapshot_build.execute(
            f"select distinct is_complete_year, months_reported from marts.{mart} where year = 2024"
        ).fetchall()
        assert flags == [(False, 6)], mart
    complete = snapshot_build.execute(
        "select count(*) from marts.fct_trade_reconciliation where year = 2024 and is_complete_year"
    ).fetchone()[0]
    assert complete == 0
    unpublished = snapshot_build.execute(
        """
        select count(*) from marts.fct_us_goods_trade_monthly
        where year = 2024 and month > 6 and (is_published or exports_usd is not null or imports_usd is not null)
        """
    ).fetchone()[0]
    assert unpublished == 0


def test_mexico_2023_exports_are_the_files_eyr_in_dollars(snapshot_build, shared_data):
    rows = (
        CalamineWorkbook.from_path(str(shared_data / "census_trade" / "country.xlsx"))
        .get_sheet_by_name("country")
        .to_python()
    )
    header = rows[0]
    year_at, code_at, eyr_at = header.index("year"), header.index("CTY_CODE"), header.index("EYR")
    [eyr_millions] = [row[eyr_at] for row in rows[1:] if row[year_at] == "2023" and row[code_at] == "2010"]
    partner, exports_usd, complete = snapshot_build.execute(
        """
        select partner_iso3, exports_usd, is_complete_year from marts.fct_us_goods_trade_annual
        where census_code = '2010' and year = 2023
        """
    ).fetchone()
    assert partner == "MEX" and complete
    assert exports_usd == pytest.approx(eyr_millions * 1e6, rel=1e-12)


def test_tariff_exposure_applies_the_papers_ten_percent_to_its_partners_only(snapshot_build):
    rates = snapshot_build.execute(
        "select distinct tariff_rate from marts.mart_tariff_exposure where is_tariff_paper_partner"
    ).fetchall()
    assert rates == [(0.10,)]
    rows = snapshot_build.execute(
        "select imports_usd, estimated_duty_usd from marts.mart_tariff_exposure where is_tariff_paper_partner"
    ).fetchall()
    assert len(rows) > 9 * 20
    assert all(duty == pytest.approx(0.10 * imports, rel=1e-12, abs=1e-6) for imports, duty in rows)
    # Every economy keeps its row; only the paper's partners carry a scenario duty.
    assert snapshot_build.execute("select count(*) from marts.mart_tariff_exposure").fetchone()[0] > 1000
    colombia = snapshot_build.execute(
        """
        select estimated_duty_usd, duty_share_of_partner_gdp, is_us_fta_partner from marts.mart_tariff_exposure
        where partner_iso3 = 'COL' and year = 2023
        """
    ).fetchone()
    assert colombia[0] > 1e9 and 0 < colombia[1] < 0.1 and colombia[2]
    mexico = snapshot_build.execute(
        """
        select estimated_duty_usd, tariff_rate, is_us_fta_partner from marts.mart_tariff_exposure
        where partner_iso3 = 'MEX' and year = 2023
        """
    ).fetchone()
    assert mexico == (None, None, True)


def test_trade_agreements_include_usmca_and_cafta_dr_members(snapshot_build):
    usmca = snapshot_build.execute(
        """
        select list(member_iso3 order by member_iso3), min(entry_into_force), bool_and(is_in_force and is_us_party)
        from marts.dim_trade_agreement where agreement_name like '%USMCA%'
        """
    ).fetchone()
    assert usmca == (["CAN", "MEX", "USA"], date(2020, 7, 1), True)
    cafta_dr = {
        row[0]
        for row in snapshot_build.execute(
            "select member_iso3 from marts.dim_trade_agreement where agreement_name like '%(CAFTA-DR)%'"
        ).fetchall()
    }
    assert cafta_dr == CAFTA_DR | {"USA"}
    scorecard = snapshot_build.execute("select distinct partner_iso3 from marts.mart_fta_partner_scorecard")
    partners = {row[0] for row in scorecard.fetchall()}
    assert partners == CAFTA_DR | {"CAN", "MEX", "CHL", "PER", "COL", "PAN"}


def test_nearshoring_shares_are_fractions(snapshot_build):
    shares = snapshot_build.execute(
        "select lac_share, southeast_asia_share, china_share, lac_share_change_since_2017_pp, year "
        "from marts.mart_nearshoring order by year"
    ).fetchall()
    assert shares and all(0 < share < 1 for row in shares for share in row[:3])
    assert [row[3] for row in shares if row[4] == 2017] == [0.0]
