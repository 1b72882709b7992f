-- Preferred remittance total per receiving economy and year, as a share of GDP, and the share
-- sent from the US. The %-of-GDP is computed from the preferred total and WDI GDP of the same
-- year, so that it agrees with the total; the publishers' own share (WDI, then KNOMAD's
-- estimate year) fills in only where WDI has no GDP.
with remittances as (
    select * from {{ ref('int_migration__remittances_unioned') }}
),

wdi as (
    select country_iso3, year, gdp_usd, remittances_pct_gdp as wdi_remittances_pct_gdp
    from {{ ref('int_migration__wdi_pivoted') }}
),

knomad_pct_gdp as (
    select country_iso3, year, pct_of_gdp
    from {{ ref('stg_knomad__remittances_pct_gdp') }}
    where not is_aggregate and country_iso3 is not null
),

preferred_totals as (
    select receiving_iso3, year, value_usd, is_estimate, source, source_vintage
    from remittances
    where sending_iso3 is null and preferred
),

-- The bilateral matrix covers a single year (2021 in the December 2022 version); the US share
-- uses the matrix's own WORLD total, so numerator and denominator come from the same model.
matrix_shares as (
    select
        receiving_iso3,
        year,
        max(value_usd) filter (where sending_iso3 = 'USA') as from_us_usd,
        max(value_usd) filter (where sending_iso3 is null) as matrix_total_usd
    from remittances
    where source = 'KNOMAD bilateral'
    group by receiving_iso3, year
),

final as (
    select
        preferred_totals.receiving_iso3 as country_iso3,
        preferred_totals.year,
        preferred_totals.value_usd as remittances_usd,
        preferred_totals.source as remittances_source,
        preferred_totals.is_estimate,
        wdi.gdp_usd,
        coalesce(
            100 * preferred_totals.value_usd / nullif(wdi.gdp_usd, 0),
            wdi.wdi_remittances_pct_gdp,
            knomad_pct_gdp.pct_of_gdp
        ) as remittances_pct_gdp,
        case
            when wdi.gdp_usd > 0 then 'computed: preferred total / WDI GDP'
            when wdi.wdi_remittances_pct_gdp is not null then 'published: World Bank WDI'
            when knomad_pct_gdp.pct_of_gdp is not null then 'published: KNOMAD'
        end as pct_gdp_basis,
        matrix_shares.from_us_usd as remittances_from_us_usd,
        matrix_shares.matrix_total_usd,
        -- A corridor the matrix leaves empty is 'zero or not estimated': counted as 0 here.
        100 * coalesce(matrix_shares.from_us_usd, 0) / nullif(matrix_shares.matrix_total_usd, 0) as us_share_pct,
        preferred_totals.source_vintage
    from preferred_totals
    left join wdi on wdi.country_iso3 = preferred_totals.receiving_iso3 and wdi.year = preferred_totals.year
    left join knomad_pct_gdp
        on knomad_pct_gdp.country_iso3 = preferred_totals.receiving_iso3
        and knomad_pct_gdp.year = preferred_totals.year
    left join matrix_shares
        on matrix_shares.receiving_iso3 = preferred_totals.receiving_iso3
        and matrix_shares.year = preferred_totals.year
)

select * from final
