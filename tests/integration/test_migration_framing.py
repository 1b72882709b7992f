"""The migration marts answer as the papers frame them (issue #14, framing 5-7), on the real snapshot.

Correlations across economies come as Spearman beside Pearson, with n, a 95% interval and the
offshore financial centres left out; the push-pressure score names the components an economy
lacks; every KNOMAD estimate is shown as one; debate facts carry their caveats in columns and
never rest on too few economies; migrants in the US come from UN DESA's origin x destination table.
"""

from __future__ import annotations

import csv
import math
import statistics
from pathlib import Path

import pytest

from orchestration.paths import DBT_PROJECT_DIR

MIN_ECONOMIES = 10  # dbt var cross_economy_min_n's default
Z_95 = 1.959963984540054
MEASURES = {
    "encounters": "southwest_encounters_per_100k",
    "remittance_dependence": "remittances_pct_gdp",
    "push_pressure": "push_pressure_score",
}
OFFSHORE_SEED = Path(DBT_PROJECT_DIR) / "seeds" / "offshore_financial_centres.csv"


@pytest.fixture(scope="module")
def con(real_warehouse):
    return real_warehouse.con


@pytest.fixture(scope="module")
def offshore_centres() -> set[str]:
    with OFFSHORE_SEED.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and all(row["source"] and row["source_year"] for row in rows), "every centre names its source and year"
    return {row["country_iso3"] for row in rows if row["excluded_from_cross_economy_statistics"] == "true"}


def _rows(con, sql: str, params: list | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _average_ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for position in range(start, end + 1):
            ranks[order[position]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def _fisher_interval(r: float, n: int, standard_error: float) -> tuple[float, float]:
    z = math.atanh(r)
    return math.tanh(z - Z_95 * standard_error), math.tanh(z + Z_95 * standard_error)


def _samples(con, offshore_centres) -> dict[tuple[int, str], dict[str, list]]:
    """Per year and measure: the economies with FDI per capita and the measure, centres apart."""
    samples: dict[tuple[int, str], dict[str, list]] = {}
    for measure, column in MEASURES.items():
        for row in _rows(
            con,
            f"""
            select year, country_iso3, fdi_per_capita_usd as fdi, {column} as other
            from marts.mart_migration_root_causes
            where fdi_per_capita_usd is not null and {column} is not null
            """,
        ):
            sample = samples.setdefault((row["year"], measure), {"kept": [], "excluded": []})
            key = "excluded" if row["country_iso3"] in offshore_centres else "kept"
            sample[key].append((row["country_iso3"], row["fdi"], row["other"]))
    return samples


def test_every_offshore_financial_centre_is_an_economy_the_marts_know(con):
    with OFFSHORE_SEED.open(encoding="utf-8", newline="") as handle:
        codes = [row["country_iso3"] for row in csv.DictReader(handle)]
    assert len(codes) == len(set(codes))
    known = {code for (code,) in con.execute("select country_iso3 from marts.dim_country").fetchall()}
    assert sorted(set(codes) - known) == []


def test_correlations_come_with_spearman_n_and_an_interval_that_contains_them(con, offshore_centres):
    samples = _samples(con, offshore_centres)
    published = 0
    for row in _rows(con, "select * from marts.mart_fdi_vs_migration"):
        for measure in MEASURES:
            kept = samples.get((row["year"], measure), {"kept": []})["kept"]
            assert row[f"economies_fdi_{measure}"] == len(kept), (row["year"], measure)
            assert row[f"economies_fdi_{measure}_sufficient"] == (len(kept) >= MIN_ECONOMIES)
            pearson, spearman = row[f"corr_fdi_{measure}"], row[f"spearman_fdi_{measure}"]
            if len(kept) < 4:
                assert pearson is None and spearman is None
                continue
            fdi = [economy[1] for economy in kept]
            other = [economy[2] for economy in kept]
            assert pearson == pytest.approx(statistics.correlation(fdi, other), abs=1e-9)
            expected_rho = statistics.correlation(_average_ranks(fdi), _average_ranks(other))
            assert spearman == pytest.approx(expected_rho, abs=1e-9)
            n = len(kept)
            assert (row[f"corr_fdi_{measure}_ci_low"], row[f"corr_fdi_{measure}_ci_high"]) == pytest.approx(
                _fisher_interval(pearson, n, 1 / math.sqrt(n - 3)), abs=1e-9
            )
            bonett_wright = math.sqrt((1 + spearman**2 / 2) / (n - 3))
            assert (row[f"spearman_fdi_{measure}_ci_low"], row[f"spearman_fdi_{measure}_ci_high"]) == pytest.approx(
                _fisher_interval(spearman, n, bonett_wright), abs=1e-9
            )
            for method, estimate in (("corr", pearson), ("spearman", spearman)):
                assert row[f"{method}_fdi_{measure}_ci_low"] <= estimate <= row[f"{method}_fdi_{measure}_ci_high"]
            published += 1
    assert published >= 10


def test_no_offshore_financial_centre_is_in_a_correlation_or_the_remittance_ranking(con, offshore_centres):
    assert {"CYM", "VGB", "BMU", "BHS"} <= offshore_centres
    assert not {"CRI", "PAN"} & offshore_centres, "diversified economies stay in (seed mapping_note)"
    samples = _samples(con, offshore_centres)
    rows = {row["year"]: row for row in _rows(con, "select * from marts.mart_fdi_vs_migration")}
    changed_by_exclusion = 0
    for (year, measure), sample in samples.items():
        listed = rows[year][f"excluded_fdi_{measure}"]
        assert listed == ", ".join(sorted(economy[0] for economy in sample["excluded"])), (year, measure)
        with_centres = sample["kept"] + sample["excluded"]
        if sample["excluded"] and len(sample["kept"]) >= 4:
            everyone = statistics.correlation([e[1] for e in with_centres], [e[2] for e in with_centres])
            changed_by_exclusion += abs(everyone - rows[year][f"corr_fdi_{measure}"]) > 1e-6
    assert changed_by_exclusion, "the centres had the data, so leaving them out changes some coefficient"

    ranked_centres = _rows(
        con,
        """
        select country_iso3, year from marts.mart_remittance_dependence
        where (remittance_dependence_rank is not null or remittance_dependence_rank_western_hemisphere is not null)
            and country_iso3 in (select unnest($1::varchar[]))
        """,
        [sorted(offshore_centres)],
    )
    assert ranked_centres == []
    unflagged = _rows(
        con,
        """
        select country_iso3, year from marts.mart_remittance_dependence
        where country_iso3 in (select unnest($1::varchar[]))
            and not (excluded_from_ranking and ranking_exclusion_reason like 'Offshore financial centre%')
        """,
        [sorted(offshore_centres)],
    )
    assert unflagged == []
    # Bermuda's 2023 share would rank among the world's top 20: the exclusion is not vacuous.
    (bermuda,) = con.execute(
        """
        select count(*) from marts.mart_remittance_dependence as ranked
        where ranked.year = 2023 and ranked.remittance_dependence_rank is not null
            and ranked.remittances_pct_gdp > (
                select remittances_pct_gdp from marts.mart_remittance_dependence
                where country_iso3 = 'BMU' and year = 2023
            )
        """
    ).fetchone()
    assert bermuda < 20
    ranks = _rows(
        con,
        """
        select year, list(remittance_dependence_rank order by remittances_pct_gdp desc) as ranks
        from marts.mart_remittance_dependence where remittance_dependence_rank is not null group by year
        """,
    )
    assert ranks and all(row["ranks"][0] == 1 and row["ranks"] == sorted(row["ranks"]) for row in ranks)


COMPONENT_PRESENT = {
    "low_income": "gdp_per_capita_usd > 0",
    "unemployment": "unemployment_pct is not null",
    "inflation": "inflation_pct > -100",
    "weak_rule_of_law": "rule_of_law is not null",
    "instability": "political_stability is not null",
    "violence": "homicides_per_100k >= 0",
}


def test_push_pressure_uses_one_set_of_components_per_year_and_names_what_is_missing(con):
    presence = ", ".join(f"coalesce({condition}, false) as {name}" for name, condition in COMPONENT_PRESENT.items())
    rows = _rows(
        con,
        f"""
        select country_iso3, year, push_pressure_score, push_pressure_components, push_pressure_year_components,
            push_pressure_missing_components, {presence}
        from marts.mart_migration_root_causes
        """,
    )
    year_sets: dict[int, set[str]] = {}
    for row in rows:
        year_sets.setdefault(row["year"], set()).add(row["push_pressure_year_components"])
    assert all(len(sets) == 1 for sets in year_sets.values()), "one set of components per year"
    violence_years = [year for year, sets in year_sets.items() if "violence" in next(iter(sets))]
    assert len(violence_years) >= 10, "homicides join the score wherever the region has them"
    scored_with_gaps = 0
    for row in rows:
        year_components = row["push_pressure_year_components"].split(", ")
        lacking = [name for name in year_components if not row[name]]
        assert row["push_pressure_missing_components"] == ", ".join(lacking), (row["country_iso3"], row["year"])
        assert row["push_pressure_components"] == len(year_components) - len(lacking)
        if row["push_pressure_score"] is not None:
            assert row["push_pressure_components"] >= 3 and 2 * row["push_pressure_components"] > len(year_components)
            scored_with_gaps += bool(lacking)
    assert scored_with_gaps, "some economies are scored without a component, and say so"


def test_every_2023_knomad_figure_is_shown_as_an_estimate(con):
    (estimates,) = con.execute(
        "select count(*) from marts.fct_remittances where source = 'KNOMAD inward' and year = 2023 and is_estimate"
    ).fetchone()
    assert estimates > 100
    mismatched = con.execute(
        """
        select dependence.country_iso3, dependence.year
        from marts.mart_remittance_dependence as dependence
        inner join marts.fct_remittances as figures
            on figures.receiving_iso3 = dependence.country_iso3 and figures.year = dependence.year
            and figures.sending_iso3 is null and figures.preferred
        where dependence.is_estimate is distinct from figures.is_estimate
        """
    ).fetchall()
    assert mismatched == []
    for mart in ("mart_migration_root_causes", "mart_engagement_watchlist"):
        not_marked = con.execute(
            f"""
            select country_iso3 from marts.{mart}
            where year = 2023 and remittances_source = 'KNOMAD inward' and remittances_is_estimate is not true
            """
            if mart == "mart_migration_root_causes"
            else f"""
            select watch.country_iso3 from marts.{mart} as watch
            inner join marts.mart_migration_root_causes as causes using (country_iso3, year)
            where watch.year = 2023 and causes.remittances_source = 'KNOMAD inward'
                and watch.remittances_is_estimate is not true
            """
        ).fetchall()
        assert not_marked == [], mart
    (marked_2023,) = con.execute(
        "select count(*) from marts.mart_engagement_watchlist where year = 2023 and remittances_is_estimate"
    ).fetchone()
    assert marked_2023 >= 2, "El Salvador and Nicaragua have KNOMAD's 2023 estimate"
    remittance_facts = _rows(
        con, "select fact_key, caveat_estimate, caveat from marts.mart_debate_facts where fact_key like 'remittances_%'"
    )
    assert len(remittance_facts) == 3
    assert all(fact["caveat_estimate"] and "estimate" in fact["caveat"] for fact in remittance_facts)


def test_debate_facts_carry_their_caveats_and_none_rests_on_too_few_economies(con):
    facts = {fact["fact_key"]: fact for fact in _rows(con, "select * from marts.mart_debate_facts")}
    for fact in facts.values():
        for column in ("description", "caveat", "caveat_partial_year", "caveat_estimate", "excluded_economies"):
            assert fact[column] is not None, (fact["fact_key"], column)
        assert fact["n_economies"] is None or fact["n_economies"] >= MIN_ECONOMIES, fact["fact_key"]
        assert " not " in fact["description"] or "Not " in fact["description"], fact["fact_key"]
    correlations = [fact for fact in facts.values() if fact["unit"] == "correlation coefficient"]
    assert {fact["fact_key"].split("_")[0] for fact in correlations} == {"spearman", "pearson"}
    for fact in correlations:
        assert fact["value_ci_low"] <= fact["value"] <= fact["value_ci_high"]
        measure = fact["fact_key"].split("_vs_")[1]
        (sufficient, n, excluded) = con.execute(
            f"""
            select economies_fdi_{measure}_sufficient, economies_fdi_{measure}, excluded_fdi_{measure}
            from marts.mart_fdi_vs_migration where year = $1
            """,
            [fact["year"]],
        ).fetchone()
        assert sufficient and fact["n_economies"] == n and fact["excluded_economies"] == excluded

    with_mexico = facts["remittances_pct_gdp_central_america"]
    without_mexico = facts["remittances_pct_gdp_central_america_excluding_mexico"]
    assert with_mexico["year"] == without_mexico["year"]
    assert f"without Mexico, {without_mexico['value']:.1f}%" in with_mexico["statement"]
    (expected,) = con.execute(
        """
        select 100 * sum(remittances_usd) / sum(gdp_usd) from marts.mart_remittance_dependence
        where subregion = 'Central America' and country_iso3 <> 'MEX' and year = $1
        """,
        [without_mexico["year"]],
    ).fetchone()
    assert without_mexico["value"] == pytest.approx(expected, rel=1e-12)
    assert without_mexico["value"] > 2 * with_mexico["value"], "Mexico's GDP dilutes the region's dependence"


def test_migrants_in_the_us_come_from_desa_origin_by_destination_rows(con):
    (bilateral_rows,) = con.execute(
        """
        select count(*) from marts.fct_migrant_stock
        where stock_scope = 'origin_destination' and destination_iso3 = 'USA' and sex = 'both'
        """
    ).fetchone()
    if not bilateral_rows:
        pytest.xfail("fct_migrant_stock has no origin x destination rows yet (UN DESA 2019, loaded by issue #14's H2a)")
    stock = {
        (origin, year): (migrants, revision)
        for origin, year, migrants, revision in con.execute(
            """
            select origin_iso3, year, migrants, revision from marts.fct_migrant_stock
            where stock_scope = 'origin_destination' and destination_iso3 = 'USA' and sex = 'both'
                and origin_iso3 in ('MEX', 'GTM', 'HND', 'SLV')
            """
        ).fetchall()
    }
    for economy in ("MEX", "GTM", "HND", "SLV"):
        stock_years = sorted(year for origin, year in stock if origin == economy)
        assert stock_years, economy
        for year, migrants, stock_year, revision in con.execute(
            """
            select year, migrants_in_us, migrants_in_us_stock_year, migrant_stock_revision
            from marts.mart_migration_root_causes where country_iso3 = $1 and year >= $2
            """,
            [economy, stock_years[0]],
        ).fetchall():
            nearest = max(stock_year for stock_year in stock_years if stock_year <= year)
            assert (stock_year, (migrants, revision)) == (nearest, stock[(economy, nearest)]), (economy, year)
    (mexico_2019,) = con.execute(
        "select migrants_in_us from marts.mart_migration_root_causes where country_iso3 = 'MEX' and year = 2019"
    ).fetchone()
    assert mexico_2019 > 10_000_000, "DESA counts over ten million Mexican-born US residents in 2019"
    salvador = con.execute(
        """
        select watch.migrants_in_us, causes.migrants_in_us, watch.migrant_stock_revision
        from marts.mart_engagement_watchlist as watch
        inner join marts.mart_migration_root_causes as causes using (country_iso3, year)
        where country_iso3 = 'SLV' and year = 2022
        """
    ).fetchone()
    assert salvador[0] is not None and salvador[0] == salvador[1] and salvador[2]
