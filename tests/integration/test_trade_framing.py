"""The trade marts answer the papers' questions as the papers frame them (issue 14, framing 1, 2, 6).

On the real snapshot: each partner's own entry-into-force date (CAFTA-DR entered into force member
by member, 2006-2009, where the WTO carries one date), FTA blocs that count a partner only from
that date, the blocs the papers name under stable codes, Latin America's import share with and
without Mexico, and FTA growth beside the growth of all US trade over the same years.
"""

from __future__ import annotations

from datetime import date

import pytest

# USTR (seeds/us_fta_member_dates.csv); the WTO's one date for the agreement is El Salvador's.
CAFTA_DR_DATES = {
    "SLV": date(2006, 3, 1),
    "HND": date(2006, 4, 1),
    "NIC": date(2006, 4, 1),
    "GTM": date(2006, 7, 1),
    "DOM": date(2007, 3, 1),
    "CRI": date(2009, 1, 1),
}
TARIFF_PAPER_PARTNERS = {"COL", "CHL", "PAN", "PER", "CRI", "DOM", "SLV", "GTM", "HND"}
BLOC_NAMES = {
    "us_fta_wh": "US FTA partners in the Western Hemisphere",
    "us_fta_wh_ex_usmca": "US FTA partners in the Western Hemisphere, excluding USMCA",
    "tariff_paper_partners": "FTA partners named in the 10% tariff paper",
    "cafta_dr": "CAFTA-DR",
    "usmca": "USMCA partners",
    "lac": "Latin America and the Caribbean",
    "lac_ex_mex": "Latin America and the Caribbean, excluding Mexico",
    "south_america": "South America",
    "southeast_asia": "Southeast Asia",
    "china": "China",
}


@pytest.fixture(scope="module")
def con(real_warehouse):
    return real_warehouse.con


def _bloc_members(con, bloc_code: str, year: int) -> set[str]:
    row = con.execute(
        "select member_iso3s from marts.agg_us_goods_trade_by_bloc where bloc_code = ? and year = ?",
        [bloc_code, year],
    ).fetchone()
    return set() if row is None else set(row[0].split(", "))


def _census(con, census_code: str, year: int) -> tuple[float, float]:
    return con.execute(
        "select exports_usd, imports_usd from marts.fct_us_goods_trade_annual where census_code = ? and year = ?",
        [census_code, year],
    ).fetchone()


def test_each_cafta_dr_member_has_its_own_entry_into_force(con):
    rows = con.execute(
        """
        select member_iso3, entry_into_force, agreement_entry_into_force, entry_into_force_source,
               entry_into_force_source_url, is_in_force_for_member
        from marts.dim_trade_agreement
        where agreement_name like '%(CAFTA-DR)%' and member_iso3 != 'USA'
        """
    ).fetchall()
    assert {row[0]: row[1] for row in rows} == CAFTA_DR_DATES
    assert {row[2] for row in rows} == {date(2006, 3, 1)}  # the WTO's one date, kept beside
    assert {row[3] for row in rows} == {"USTR (seed us_fta_member_dates)"}
    assert all(row[4].startswith("https://") and row[5] for row in rows)


def test_every_us_fta_partner_in_the_hemisphere_has_a_reviewed_date(con):
    dates = dict(
        con.execute(
            """
            select member_iso3 || ' ' || agreement_name, entry_into_force from marts.dim_trade_agreement
            where is_us_party and is_western_hemisphere_member and member_iso3 != 'USA'
              and entry_into_force_source = 'USTR (seed us_fta_member_dates)'
            """
        ).fetchall()
    )
    by_member = {key.split(" ", 1)[0]: value for key, value in dates.items() if "(NAFTA)" not in key}
    assert by_member == {
        **CAFTA_DR_DATES,
        "CAN": date(2020, 7, 1),
        "MEX": date(2020, 7, 1),
        "CHL": date(2004, 1, 1),
        "PER": date(2009, 2, 1),
        "COL": date(2012, 5, 15),
        "PAN": date(2012, 10, 31),
    }
    nafta = {key.split(" ", 1)[0]: value for key, value in dates.items() if "(NAFTA)" in key}
    assert nafta == {"CAN": date(1994, 1, 1), "MEX": date(1994, 1, 1)}


def test_scorecard_base_years_and_in_force_flags_use_the_members_date(con):
    rows = {
        (partner, year): (entry, base, in_force, months)
        for partner, year, entry, base, in_force, months in con.execute(
            """
            select partner_iso3, year, entry_into_force, growth_base_year, is_agreement_in_force, months_in_force
            from marts.mart_fta_partner_scorecard
            where (partner_iso3 = 'CRI' and year in (2006, 2008, 2009))
               or (partner_iso3 = 'DOM' and year in (2006, 2007))
               or (partner_iso3 = 'COL' and year = 2012)
            """
        ).fetchall()
    }
    assert rows[("CRI", 2006)] == (date(2009, 1, 1), 2008, False, 0)
    assert rows[("CRI", 2008)][2:] == (False, 0)
    assert rows[("CRI", 2009)][2:] == (True, 12)
    assert rows[("DOM", 2006)][1:] == (2006, False, 0)
    assert rows[("DOM", 2007)][2:] == (True, 10)
    assert rows[("COL", 2012)][2:] == (True, 7)  # in force 2012-05-15: June to December


def test_colombia_is_a_us_fta_partner_from_2012_not_in_2005(con):
    assert "COL" not in _bloc_members(con, "us_fta_wh", 2005)
    assert _bloc_members(con, "us_fta_wh", 2005) == {"CAN", "MEX", "CHL"}
    assert "COL" in _bloc_members(con, "us_fta_wh", 2013)
    part_year = con.execute(
        "select part_year_member_iso3s from marts.agg_us_goods_trade_by_bloc "
        "where bloc_code = 'us_fta_wh' and year = 2012"
    ).fetchone()[0]
    assert part_year == "COL, PAN"
    # 2012 counts Colombia from June and Panama from November only.
    bloc_2012, members_full_year = con.execute(
        """
        select
            (select exports_usd from marts.agg_us_goods_trade_by_bloc where bloc_code = 'us_fta_wh' and year = 2012),
            (select sum(exports_usd) from marts.fct_us_goods_trade_monthly
             where year = 2012
               and partner_iso3 in ('CAN', 'MEX', 'CHL', 'PER', 'CRI', 'DOM', 'SLV', 'GTM', 'HND', 'NIC')),
        """
    ).fetchone()
    colombia, panama = (
        con.execute(
            "select sum(exports_usd) from marts.fct_us_goods_trade_monthly "
            f"where year = 2012 and partner_iso3 = '{iso3}' and month >= {first_month}"
        ).fetchone()[0]
        for iso3, first_month in (("COL", 6), ("PAN", 11))
    )
    assert bloc_2012 == pytest.approx(members_full_year + colombia + panama, rel=1e-12)


def test_member_count_says_how_many_counted_each_year(con):
    counts = {
        (bloc, year): count
        for bloc, year, count in con.execute(
            """
            select bloc_code, year, member_count from marts.agg_us_goods_trade_by_bloc
            where bloc_code in ('us_fta_wh', 'cafta_dr', 'usmca', 'us_fta_wh_ex_usmca')
            """
        ).fetchall()
    }
    expected_us_fta = {1989: 1, 1993: 1, 1994: 2, 2003: 2, 2004: 3, 2005: 3, 2006: 7, 2007: 8, 2008: 8, 2009: 10}
    expected_us_fta |= {2011: 10, 2012: 12, 2013: 12, 2023: 12, 2024: 12}
    assert {year: counts[("us_fta_wh", year)] for year in expected_us_fta} == expected_us_fta
    assert ("us_fta_wh", 1988) not in counts
    assert [counts.get(("cafta_dr", year)) for year in (2005, 2006, 2007, 2008, 2009, 2023)] == [None, 4, 5, 5, 6, 6]
    assert [counts.get(("usmca", year)) for year in (1993, 1994, 2019, 2020, 2023)] == [None, 2, 2, 2, 2]
    assert [counts.get(("us_fta_wh_ex_usmca", year)) for year in (2003, 2004, 2006, 2012)] == [None, 1, 5, 10]


def test_every_bloc_code_is_present_with_one_stable_display_name(con):
    pairs = set(con.execute("select distinct bloc_code, bloc from marts.agg_us_goods_trade_by_bloc").fetchall())
    assert pairs == set(BLOC_NAMES.items())
    duplicates = con.execute(
        "select count(*) from (select bloc_code, year from marts.agg_us_goods_trade_by_bloc "
        "group by all having count(*) > 1)"
    ).fetchone()[0]
    assert duplicates == 0
    # Every bloc is there in the newest complete year.
    newest = con.execute(
        "select list(bloc_code) from marts.agg_us_goods_trade_by_bloc where year = 2023 and is_complete_year"
    ).fetchone()[0]
    assert set(newest) == set(BLOC_NAMES)


def test_tariff_paper_partners_are_exactly_the_nine_the_paper_names(con):
    for year in (1995, 2005, 2023):
        assert _bloc_members(con, "tariff_paper_partners", year) == TARIFF_PAPER_PARTNERS
    exports, members = con.execute(
        """
        select
            (select exports_usd from marts.agg_us_goods_trade_by_bloc
             where bloc_code = 'tariff_paper_partners' and year = 2023),
            (select sum(exports_usd) from marts.fct_us_goods_trade_annual
             where year = 2023 and partner_iso3 in ('COL', 'CHL', 'PAN', 'PER', 'CRI', 'DOM', 'SLV', 'GTM', 'HND')),
        """
    ).fetchone()
    assert exports == pytest.approx(members, rel=1e-12)


def test_lac_ex_mex_is_lac_without_mexico(con):
    rows = con.execute(
        """
        select lac.year, lac.member_iso3s, ex.member_iso3s, lac.imports_usd - ex.imports_usd, mex.imports_usd
        from marts.agg_us_goods_trade_by_bloc as lac
        join marts.agg_us_goods_trade_by_bloc as ex on ex.year = lac.year and ex.bloc_code = 'lac_ex_mex'
        join marts.fct_us_goods_trade_annual as mex on mex.year = lac.year and mex.partner_iso3 = 'MEX'
        where lac.bloc_code = 'lac'
        """
    ).fetchall()
    assert len(rows) >= 38
    for _year, lac, ex, difference, mexico in rows:
        assert "MEX" not in ex.split(", ")
        assert set(lac.split(", ")) == set(ex.split(", ")) | {"MEX"}
        assert difference == pytest.approx(mexico, rel=1e-9)


def test_nearshoring_shows_latin_americas_gain_without_mexico(con):
    rows = con.execute(
        """
        select year, lac_imports_usd, lac_ex_mex_imports_usd, mexico_imports_usd, world_imports_usd,
               lac_share, lac_ex_mex_share, mexico_share, lac_share_change_since_2017_pp,
               lac_ex_mex_share_change_since_2017_pp, mexico_share_change_since_2017_pp
        from marts.mart_nearshoring where year >= 2017 order by year
        """
    ).fetchall()
    assert rows[0][0] == 2017 and rows[0][8:] == (0.0, 0.0, 0.0)
    for year, lac, lac_ex, mexico, world, _share, share_ex, share_mex, change, change_ex, change_mex in rows:
        assert lac == pytest.approx(lac_ex + mexico, rel=1e-9), year
        assert share_ex == pytest.approx(lac_ex / world, rel=1e-12)
        assert share_mex == pytest.approx(_census(con, "2010", year)[1] / world, rel=1e-12)
        assert change == pytest.approx(change_ex + change_mex, abs=1e-9)
    # Without Mexico, the figure is a different one: the gain a reader quotes must say which.
    newest = rows[-2] if rows[-1][0] == 2024 else rows[-1]
    assert newest[9] != pytest.approx(newest[8], abs=0.1)


def test_scorecard_growth_sits_beside_total_us_export_growth(con):
    rows = {
        partner: row
        for partner, *row in con.execute(
            """
            select partner_iso3, growth_base_year, exports_growth_since_entry, us_exports_growth_since_entry,
                   us_imports_growth_since_entry, first_growth_base_year, exports_growth_since_first_entry,
                   us_exports_growth_since_first_entry, first_agreement_name
            from marts.mart_fta_partner_scorecard where year = 2023
            """
        ).fetchall()
    }
    world_2023 = _census(con, "0015", 2023)
    for partner, (base, growth, us_growth, us_imports_growth, *_rest) in rows.items():
        world_base = _census(con, "0015", base)
        assert us_growth == pytest.approx(world_2023[0] / world_base[0] - 1, rel=1e-12), partner
        assert us_imports_growth == pytest.approx(world_2023[1] / world_base[1] - 1, rel=1e-12), partner
        assert growth is not None, partner
    # Costa Rica from 2008, the year before CAFTA-DR entered into force for it (not 2005).
    assert rows["CRI"][0] == 2008
    # Mexico: since USMCA (base 2019) and since before NAFTA (base 1993; Census starts in 1985).
    mexico = rows["MEX"]
    assert mexico[0] == 2019 and mexico[4] == 1993 and "NAFTA" in mexico[7]
    mex_1993, mex_2023 = _census(con, "2010", 1993), _census(con, "2010", 2023)
    assert mexico[5] == pytest.approx(mex_2023[0] / mex_1993[0] - 1, rel=1e-12)
    assert mexico[6] == pytest.approx(world_2023[0] / _census(con, "0015", 1993)[0] - 1, rel=1e-12)
    # No growth "since" a base year in the years before it.
    early = con.execute(
        """
        select count(*) from marts.mart_fta_partner_scorecard
        where (year < growth_base_year and exports_growth_since_entry is not null)
           or (year < first_growth_base_year and exports_growth_since_first_entry is not null)
        """
    ).fetchone()[0]
    assert early == 0


def test_cafta_dr_2024_is_flagged_partial_with_all_six_members(con):
    # The tariff paper: "in 2024, US exports to CAFTA-DR nations totaled $47 billion, compared to
    # $36.6 billion in imports". The snapshot's Census file ends in June 2024: the mart holds the six
    # members' January-June, flagged, and 2023 is the newest full year.
    row = con.execute(
        """
        select member_iso3s, months_reported, is_complete_year, exports_usd, imports_usd
        from marts.agg_us_goods_trade_by_bloc where bloc_code = 'cafta_dr' and year = 2024
        """
    ).fetchone()
    assert row[:3] == ("CRI, DOM, GTM, HND, NIC, SLV", 6, False)
    first_half = con.execute(
        """
        select sum(exports_usd), sum(imports_usd) from marts.fct_us_goods_trade_monthly
        where year = 2024 and month <= 6 and partner_iso3 in ('CRI', 'DOM', 'GTM', 'HND', 'NIC', 'SLV')
        """
    ).fetchone()
    assert row[3] == pytest.approx(first_half[0], rel=1e-12) and row[4] == pytest.approx(first_half[1], rel=1e-12)
    newest_complete = con.execute(
        "select max(year) from marts.agg_us_goods_trade_by_bloc where bloc_code = 'cafta_dr' and is_complete_year"
    ).fetchone()[0]
    assert newest_complete == 2023
