-- Trade paper T2: what would the "10 percent tariffs" the paper describes levy on US imports from
-- the partners it names, against their economies, and what do those imports already cost to bring
-- in? Every economy keeps its row (imports and tariff averages); the scenario columns are filled
-- for the paper's partners only, at their rate in seeds/tariff_scenario_rates.csv, or at the dbt var
-- tariff_rate when one is set (`hemi refresh --var tariff_rate=0.25`; Dagster passes it as a string).
{%- set rate_override = var('tariff_rate') %}
{%- set has_override = rate_override is not none and (rate_override | string | trim) not in ['', 'none', 'null'] %}
with annual as (
    select * from {{ ref('fct_us_goods_trade_annual') }} where partner_kind = 'economy'
),

countries as (
    select * from {{ ref('dim_country') }}
),

us_fta_partners as (
    select * from {{ ref('int_trade__us_fta_partners') }}
),

scenario_rates as (
    select * from {{ ref('tariff_scenario_rates') }} where is_tariff_paper_partner
),

indicator_values as (
    select * from {{ ref('fct_indicator_values') }}
    where indicator_code in ('NY.GDP.MKTP.CD', 'TM.TAX.MRCH.WM.AR.ZS')
),

wits as (
    select * from {{ ref('stg_wits__us_trade_by_partner') }} where partner_iso3 is not null
),

import_charges as (
    select * from {{ ref('fct_us_import_charges_by_hs_chapter') }}
),

partner_indicators as (
    select
        country_iso3,
        year,
        max(value) filter (where indicator_code = 'NY.GDP.MKTP.CD') as gdp_usd,
        max(value) filter (where indicator_code = 'TM.TAX.MRCH.WM.AR.ZS') as partner_tariff_weighted_pct
    from indicator_values
    group by country_iso3, year
),

import_charges_by_partner as (
    select
        partner_iso3,
        year,
        sum(import_charges_usd) as import_charges_usd,
        min(source_vintage) as import_charges_vintage
    from import_charges
    group by partner_iso3, year
),

partner_rates as (
    select
        partner_iso3,
        {%- if has_override %}
        cast('{{ rate_override }}' as {{ type_double() }}) as tariff_rate,
        'dbt var tariff_rate (one rate for every partner the paper names)' as tariff_rate_source
        {%- else %}
        scenario_rate as tariff_rate,
        'seeds/tariff_scenario_rates.csv: ' || source as tariff_rate_source
        {%- endif %}
    from scenario_rates
),

final as (
    select
        annual.partner_iso3,
        countries.country_name as partner_name,
        annual.year,
        annual.imports_usd,
        partner_rates.partner_iso3 is not null as is_tariff_paper_partner,
        partner_rates.tariff_rate,
        partner_rates.tariff_rate_source,
        annual.imports_usd * partner_rates.tariff_rate as estimated_duty_usd,
        partner_indicators.gdp_usd,
        annual.imports_usd * partner_rates.tariff_rate / nullif(partner_indicators.gdp_usd, 0) as duty_share_of_partner_gdp,
        wits.ahs_weighted_avg_pct as wits_ahs_weighted_avg_pct,
        wits.mfn_weighted_avg_pct as wits_mfn_weighted_avg_pct,
        partner_indicators.partner_tariff_weighted_pct,
        import_charges_by_partner.import_charges_usd,
        -- A part-year's imports cover the published months only, against a full year of charges.
        case
            when annual.is_complete_year
                then import_charges_by_partner.import_charges_usd / nullif(annual.imports_usd, 0)
        end as import_charges_rate,
        import_charges_by_partner.import_charges_vintage,
        us_fta_partners.partner_iso3 is not null as is_us_fta_partner,
        countries.subregion,
        annual.months_reported,
        annual.is_complete_year,
        annual.source_vintage
    from annual
    inner join countries on countries.country_iso3 = annual.partner_iso3
    left join partner_rates on partner_rates.partner_iso3 = annual.partner_iso3
    left join partner_indicators
        on partner_indicators.country_iso3 = annual.partner_iso3
        and partner_indicators.year = annual.year
    left join wits
        on wits.partner_iso3 = annual.partner_iso3
        and wits.year = annual.year
    left join import_charges_by_partner
        on import_charges_by_partner.partner_iso3 = annual.partner_iso3
        and import_charges_by_partner.year = annual.year
    left join us_fta_partners on us_fta_partners.partner_iso3 = annual.partner_iso3
)

select * from final
