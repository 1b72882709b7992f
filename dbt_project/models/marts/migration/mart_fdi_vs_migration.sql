-- Plan point 4: does FDI track migration pressure? One row per year, across the region's
-- economies in mart_migration_root_causes. Correlations are Pearson (DuckDB corr()) over the
-- economies with both values, null when fewer than 3 have them. Encounters are Southwest Land
-- Border encounters per 100,000 people, for citizenships CBP names and complete calendar years.
--
-- Quadrants: among the economies with both FDI per capita and encounters per 100,000, 'high'
-- means strictly above that year's median and 'low' at or below it; each quadrant is listed
-- as comma-separated ISO3 codes in alphabetical order (one row per year keeps one grain); an
-- empty quadrant is '' and a year without encounters has null lists.
with root_causes as (
    select * from {{ ref('mart_migration_root_causes') }}
),

paired as (
    select
        year,
        country_iso3,
        fdi_per_capita_usd,
        southwest_encounters_per_100k,
        remittances_pct_gdp,
        push_pressure_score,
    from root_causes
    where fdi_per_capita_usd is not null
),

correlations as (
    select
        year,
        count(*) as economies_with_fdi_per_capita,
        corr(fdi_per_capita_usd, southwest_encounters_per_100k) as raw_corr_encounters,
        count(southwest_encounters_per_100k) as economies_fdi_encounters,
        corr(fdi_per_capita_usd, remittances_pct_gdp) as raw_corr_remittances,
        count(remittances_pct_gdp) as economies_fdi_remittances,
        corr(fdi_per_capita_usd, push_pressure_score) as raw_corr_push,
        count(push_pressure_score) as economies_fdi_push_pressure,
        median(fdi_per_capita_usd) filter (where southwest_encounters_per_100k is not null)
            as median_fdi_per_capita_usd,
        median(southwest_encounters_per_100k) as median_encounters_per_100k,
    from paired
    group by year
),

quadrants as (
    select
        paired.year,
        paired.country_iso3,
        case when paired.fdi_per_capita_usd > correlations.median_fdi_per_capita_usd then 'high' else 'low' end
            as fdi_level,
        case
            when paired.southwest_encounters_per_100k > correlations.median_encounters_per_100k then 'high'
            else 'low'
        end as encounters_level,
    from paired
    inner join correlations on correlations.year = paired.year
    where paired.southwest_encounters_per_100k is not null
),

quadrant_lists as (
    select
        year,
        string_agg(country_iso3, ', ' order by country_iso3)
            filter (where fdi_level = 'high' and encounters_level = 'high') as high_fdi_high_encounters,
        string_agg(country_iso3, ', ' order by country_iso3)
            filter (where fdi_level = 'high' and encounters_level = 'low') as high_fdi_low_encounters,
        string_agg(country_iso3, ', ' order by country_iso3)
            filter (where fdi_level = 'low' and encounters_level = 'high') as low_fdi_high_encounters,
        string_agg(country_iso3, ', ' order by country_iso3)
            filter (where fdi_level = 'low' and encounters_level = 'low') as low_fdi_low_encounters,
    from quadrants
    group by year
),

final as (
    select
        correlations.year,
        cast(correlations.economies_with_fdi_per_capita as integer) as economies_with_fdi_per_capita,
        case when correlations.economies_fdi_encounters >= 3 and not isnan(correlations.raw_corr_encounters)
            then correlations.raw_corr_encounters end as corr_fdi_encounters,
        cast(correlations.economies_fdi_encounters as integer) as economies_fdi_encounters,
        case when correlations.economies_fdi_remittances >= 3 and not isnan(correlations.raw_corr_remittances)
            then correlations.raw_corr_remittances end as corr_fdi_remittance_dependence,
        cast(correlations.economies_fdi_remittances as integer) as economies_fdi_remittance_dependence,
        case when correlations.economies_fdi_push_pressure >= 3 and not isnan(correlations.raw_corr_push)
            then correlations.raw_corr_push end as corr_fdi_push_pressure,
        cast(correlations.economies_fdi_push_pressure as integer) as economies_fdi_push_pressure,
        correlations.median_fdi_per_capita_usd,
        correlations.median_encounters_per_100k,
        case when quadrant_lists.year is not null then coalesce(quadrant_lists.high_fdi_high_encounters, '') end
            as high_fdi_high_encounters,
        case when quadrant_lists.year is not null then coalesce(quadrant_lists.high_fdi_low_encounters, '') end
            as high_fdi_low_encounters,
        case when quadrant_lists.year is not null then coalesce(quadrant_lists.low_fdi_high_encounters, '') end
            as low_fdi_high_encounters,
        case when quadrant_lists.year is not null then coalesce(quadrant_lists.low_fdi_low_encounters, '') end
            as low_fdi_low_encounters,
    from correlations
    left join quadrant_lists on quadrant_lists.year = correlations.year
)

select * from final
