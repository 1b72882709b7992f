-- Plan point P3 (USMCA's agriculture and Mexico's farm jobs) and the trade paper's Colombia claim:
-- US agricultural exports (HS 01-24) to each partner and their share of US exports to it (USITC
-- DataWeb, 2020-2024), beside the partner's own agriculture over time (WDI: employment in
-- agriculture, agriculture value added), from NAFTA's entry into force (1994) on for the hemisphere.
with exports_by_chapter as (
    select * from {{ ref('fct_us_exports_by_hs_chapter') }}
),

countries as (
    select * from {{ ref('dim_country') }}
),

agriculture_indicators as (
    select * from {{ ref('fct_indicator_values') }}
    where indicator_code in ('SL.AGR.EMPL.ZS', 'NV.AGR.TOTL.ZS')
),

exports_by_partner as (
    select
        partner_iso3,
        year,
        sum(exports_usd) filter (where is_agricultural) as agricultural_exports_usd,
        sum(exports_usd) as total_exports_usd,
        min(source_vintage) as exports_vintage
    from exports_by_chapter
    group by partner_iso3, year
),

partner_agriculture as (
    select
        country_iso3,
        year,
        max(value) filter (where indicator_code = 'SL.AGR.EMPL.ZS') as agriculture_employment_pct,
        max(value) filter (where indicator_code = 'NV.AGR.TOTL.ZS') as agriculture_value_added_pct_gdp,
        min(source_vintage) as wdi_vintage
    from agriculture_indicators
    group by country_iso3, year
),

-- Every partner in DataWeb's years, and every hemisphere economy from 1994 in WDI's years.
partner_years as (
    select partner_iso3, year from exports_by_partner
    union
    select partner_agriculture.country_iso3 as partner_iso3, partner_agriculture.year
    from partner_agriculture
    inner join countries on countries.country_iso3 = partner_agriculture.country_iso3
    where countries.is_western_hemisphere
        and partner_agriculture.year >= 1994
        and partner_agriculture.country_iso3 <> 'USA'
),

final as (
    select
        partner_years.partner_iso3,
        countries.country_name as partner_name,
        countries.subregion,
        countries.is_western_hemisphere,
        partner_years.year,
        coalesce(exports_by_partner.agricultural_exports_usd, case when exports_by_partner.partner_iso3 is not null then 0 end)
            as agricultural_exports_usd,
        exports_by_partner.total_exports_usd,
        100 * coalesce(exports_by_partner.agricultural_exports_usd, 0)
            / nullif(exports_by_partner.total_exports_usd, 0) as agricultural_share_of_exports_pct,
        partner_agriculture.agriculture_employment_pct,
        partner_agriculture.agriculture_value_added_pct_gdp,
        exports_by_partner.exports_vintage,
        partner_agriculture.wdi_vintage
    from partner_years
    inner join countries on countries.country_iso3 = partner_years.partner_iso3
    left join exports_by_partner
        on exports_by_partner.partner_iso3 = partner_years.partner_iso3
        and exports_by_partner.year = partner_years.year
    left join partner_agriculture
        on partner_agriculture.country_iso3 = partner_years.partner_iso3
        and partner_agriculture.year = partner_years.year
)

select * from final
