-- How much each economy lives on remittances, and how much of them comes from the US.
--
-- The ranking leaves out offshore financial centres: what the World Bank and KNOMAD count as
-- their "personal remittances" includes the pay of residents working for offshore-sector
-- employers that count as non-resident (compensation of employees), which the published
-- totals do not separate from migrants' transfers.
with shares as (
    select * from {{ ref('int_migration__remittance_shares') }}
),

economies as (
    select country_iso3, country_name, subregion, is_western_hemisphere from {{ ref('dim_country') }}
),

offshore_centres as (
    select country_iso3, jurisdiction, source_year
    from {{ ref('offshore_financial_centres') }}
    where excluded_from_cross_economy_statistics
),

flagged as (
    select
        shares.*,
        economies.country_name,
        economies.subregion,
        economies.is_western_hemisphere,
        offshore_centres.country_iso3 is not null as excluded_from_ranking,
        case when offshore_centres.country_iso3 is not null then
            'Offshore financial centre (' || offshore_centres.jurisdiction || ', FSF/IMF list of '
            || offshore_centres.source_year || '): its personal remittances include pay from '
            || 'offshore-sector employers counted as non-resident, not only migrants'' transfers'
        end as ranking_exclusion_reason,
        shares.remittances_pct_gdp is not null and offshore_centres.country_iso3 is null as is_ranked
    from shares
    inner join economies on economies.country_iso3 = shares.country_iso3
    left join offshore_centres on offshore_centres.country_iso3 = shares.country_iso3
),

final as (
    select
        country_iso3,
        country_name,
        subregion,
        is_western_hemisphere,
        year,
        remittances_usd,
        remittances_source,
        is_estimate,
        gdp_usd,
        remittances_pct_gdp,
        pct_gdp_basis,
        excluded_from_ranking,
        ranking_exclusion_reason,
        cast(case when is_ranked then
            rank() over (partition by year, is_ranked order by remittances_pct_gdp desc)
        end as integer) as remittance_dependence_rank,
        cast(case when is_ranked and is_western_hemisphere then
            rank() over (
                partition by year, is_ranked and is_western_hemisphere order by remittances_pct_gdp desc
            )
        end as integer) as remittance_dependence_rank_western_hemisphere,
        remittances_from_us_usd,
        matrix_total_usd,
        us_share_pct,
        source_vintage
    from flagged
)

select * from final
