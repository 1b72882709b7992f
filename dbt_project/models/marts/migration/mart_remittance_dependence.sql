-- How much each economy lives on remittances, and how much of them comes from the US.
with shares as (
    select * from {{ ref('int_migration__remittance_shares') }}
),

economies as (
    select country_iso3, country_name, subregion, is_western_hemisphere from {{ ref('dim_country') }}
),

final as (
    select
        shares.country_iso3,
        economies.country_name,
        economies.subregion,
        economies.is_western_hemisphere,
        shares.year,
        shares.remittances_usd,
        shares.remittances_source,
        shares.gdp_usd,
        shares.remittances_pct_gdp,
        shares.pct_gdp_basis,
        shares.remittances_from_us_usd,
        shares.matrix_total_usd,
        shares.us_share_pct,
        shares.source_vintage,
    from shares
    inner join economies on economies.country_iso3 = shares.country_iso3
)

select * from final
