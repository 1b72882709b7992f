-- One row per Western Hemisphere economy and year from 2000 (KNOMAD's first year; WGI is
-- yearly from 2002) to the newest year any of these sources covers, with every measure the
-- root-causes mart uses. Per-capita and %-of-GDP figures use WDI population and GDP of the
-- same year, never a neighbouring one.
with economies as (
    select country_iso3
    from {{ ref('int_countries__economies_joined') }}
    where is_western_hemisphere
),

wdi as (
    select * from {{ ref('int_migration__wdi_pivoted') }}
),

governance as (
    select * from {{ ref('int_migration__governance_pivoted') }}
),

remittances as (
    select * from {{ ref('int_migration__remittance_shares') }}
),

fdi as (
    select * from {{ ref('int_migration__fdi_inflows_compared') }}
),

encounters as (
    select * from {{ ref('int_migration__encounters_yearly') }}
    where is_complete_year and citizenship_iso3 <> 'OTHER'
),

emigrants as (
    select iso3 as country_iso3, year, migrants as emigrant_stock
    from {{ ref('int_migration__migrant_stock_located') }}
    where direction = 'origin' and is_country and sex = 'both'
),

migrants_in_us as (
    select * from {{ ref('int_migration__migrants_in_us') }}
),

last_year as (
    select least(
        extract(year from current_date),
        greatest(
            (select max(year) from wdi),
            (select max(year) from governance),
            (select max(year) from remittances),
            (select max(year) from fdi),
            coalesce((select max(year) from encounters), 0)
        )
    ) as year
),

-- 2000 to the last year: generate_series counts from 1, and 200 numbers reach beyond 2199.
years as (
    select cast(1999 + generated_number as {{ dbt.type_int() }}) as year
    from ({{ dbt.generate_series(200) }}) as series
    where 1999 + generated_number <= (select year from last_year)
),

final as (
    select
        economies.country_iso3,
        years.year,
        wdi.gdp_per_capita_usd,
        wdi.gdp_growth_pct,
        wdi.gdp_usd,
        wdi.unemployment_pct,
        wdi.gini,
        wdi.inflation_pct,
        wdi.population,
        wdi.net_migration,
        wdi.homicides_per_100k,
        governance.control_of_corruption,
        governance.rule_of_law,
        governance.political_stability,
        governance.government_effectiveness,
        governance.voice_and_accountability,
        remittances.remittances_usd,
        remittances.remittances_source,
        remittances.is_estimate as remittances_is_estimate,
        remittances.remittances_pct_gdp,
        fdi.preferred_fdi_inflows_usd as fdi_inflows_usd,
        fdi.preferred_source as fdi_source,
        coalesce(100 * fdi.preferred_fdi_inflows_usd / nullif(wdi.gdp_usd, 0), wdi.fdi_pct_gdp) as fdi_pct_gdp,
        fdi.preferred_fdi_inflows_usd / nullif(wdi.population, 0) as fdi_per_capita_usd,
        encounters.southwest_encounters as southwest_border_encounters,
        encounters.all_encounters as nationwide_encounters,
        100000.0 * encounters.southwest_encounters / nullif(wdi.population, 0) as southwest_encounters_per_100k,
        emigrants.emigrant_stock,
        migrants_in_us.migrants_in_us,
        migrants_in_us.stock_year as migrants_in_us_stock_year,
        migrants_in_us.revision as migrant_stock_revision
    from economies
    cross join years
    left join wdi on wdi.country_iso3 = economies.country_iso3 and wdi.year = years.year
    left join governance on governance.country_iso3 = economies.country_iso3 and governance.year = years.year
    left join remittances on remittances.country_iso3 = economies.country_iso3 and remittances.year = years.year
    left join fdi on fdi.country_iso3 = economies.country_iso3 and fdi.year = years.year
    left join encounters on encounters.citizenship_iso3 = economies.country_iso3 and encounters.year = years.year
    left join emigrants on emigrants.country_iso3 = economies.country_iso3 and emigrants.year = years.year
    left join migrants_in_us
        on migrants_in_us.origin_iso3 = economies.country_iso3
        and migrants_in_us.stock_year <= years.year
        and (migrants_in_us.next_stock_year > years.year or migrants_in_us.next_stock_year is null)
)

select * from final
