-- Trade paper T2: what duty would a scenario tariff on US imports levy on each partner, and how
-- large is it against the partner's economy? The rate is the dbt var tariff_rate (a fraction;
-- `hemi refresh --var tariff_rate=0.25`). Dagster passes vars as strings, hence the cast.
with annual as (
    select * from {{ ref('fct_us_goods_trade_annual') }} where partner_kind = 'economy'
),

countries as (
    select * from {{ ref('dim_country') }}
),

us_fta_partners as (
    select * from {{ ref('int_trade__us_fta_partners') }}
),

indicator_values as (
    select * from {{ ref('fct_indicator_values') }}
    where indicator_code in ('NY.GDP.MKTP.CD', 'TM.TAX.MRCH.WM.AR.ZS')
),

wits as (
    select * from {{ ref('stg_wits__us_trade_by_partner') }} where partner_iso3 is not null
),

scenario as (
    select cast('{{ var("tariff_rate") }}' as double) as tariff_rate
),

partner_indicators as (
    select
        country_iso3,
        year,
        max(value) filter (where indicator_code = 'NY.GDP.MKTP.CD') as gdp_usd,
        max(value) filter (where indicator_code = 'TM.TAX.MRCH.WM.AR.ZS') as partner_tariff_weighted_pct,
    from indicator_values
    group by country_iso3, year
),

final as (
    select
        annual.partner_iso3,
        countries.country_name as partner_name,
        annual.year,
        annual.imports_usd,
        scenario.tariff_rate,
        annual.imports_usd * scenario.tariff_rate as estimated_duty_usd,
        partner_indicators.gdp_usd,
        annual.imports_usd * scenario.tariff_rate / nullif(partner_indicators.gdp_usd, 0) as duty_share_of_partner_gdp,
        wits.ahs_weighted_avg_pct as wits_ahs_weighted_avg_pct,
        wits.mfn_weighted_avg_pct as wits_mfn_weighted_avg_pct,
        partner_indicators.partner_tariff_weighted_pct,
        us_fta_partners.partner_iso3 is not null as is_us_fta_partner,
        countries.subregion,
        annual.months_reported,
        annual.is_complete_year,
        annual.source_vintage,
    from annual
    cross join scenario
    inner join countries on countries.country_iso3 = annual.partner_iso3
    left join partner_indicators
        on partner_indicators.country_iso3 = annual.partner_iso3
        and partner_indicators.year = annual.year
    left join wits
        on wits.partner_iso3 = annual.partner_iso3
        and wits.year = annual.year
    left join us_fta_partners on us_fta_partners.partner_iso3 = annual.partner_iso3
)

select * from final
