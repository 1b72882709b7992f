-- Plan point 2 ("Resume diplomatic talks"): the estranged partners over time. The paper names
-- Cuba, Venezuela and El Salvador; issue #4 adds Nicaragua. US goods trade comes from the
-- Census facts in marts/trade.
with watchlist as (
    select * from (
        values
            ('CUB', true),
            ('VEN', true),
            ('SLV', true),
            ('NIC', false)
    ) as t (country_iso3, named_in_paper)
),

root_causes as (
    select * from {{ ref('mart_migration_root_causes') }}
),

governance as (
    select country_iso3, year, voice_and_accountability
    from {{ ref('int_migration__governance_pivoted') }}
),

us_trade as (
    select partner_iso3, year, exports_usd, imports_usd, balance_usd, is_complete_year
    from {{ ref('fct_us_goods_trade_annual') }}
),

encounters as (
    select citizenship_iso3, year, all_encounters
    from {{ ref('int_migration__encounters_yearly') }}
    where is_complete_year
),

final as (
    select
        root_causes.country_iso3,
        root_causes.country_name,
        watchlist.named_in_paper,
        root_causes.year,
        root_causes.control_of_corruption,
        root_causes.rule_of_law,
        root_causes.political_stability,
        root_causes.government_effectiveness,
        governance.voice_and_accountability,
        root_causes.southwest_border_encounters,
        encounters.all_encounters as nationwide_encounters,
        root_causes.southwest_encounters_per_100k,
        root_causes.remittances_usd,
        root_causes.remittances_pct_gdp,
        root_causes.remittances_is_estimate,
        root_causes.migrants_in_us,
        root_causes.migrants_in_us_stock_year,
        root_causes.migrant_stock_revision,
        root_causes.gdp_per_capita_usd,
        root_causes.gdp_growth_pct,
        root_causes.inflation_pct,
        root_causes.push_pressure_score,
        root_causes.push_pressure_missing_components,
        us_trade.exports_usd as us_exports_usd,
        us_trade.imports_usd as us_imports_usd,
        us_trade.balance_usd as us_trade_balance_usd,
        us_trade.is_complete_year as us_trade_is_complete_year
    from watchlist
    inner join root_causes on root_causes.country_iso3 = watchlist.country_iso3
    left join governance on governance.country_iso3 = root_causes.country_iso3 and governance.year = root_causes.year
    left join encounters
        on encounters.citizenship_iso3 = root_causes.country_iso3 and encounters.year = root_causes.year
    left join us_trade on us_trade.partner_iso3 = root_causes.country_iso3 and us_trade.year = root_causes.year
)

select * from final
