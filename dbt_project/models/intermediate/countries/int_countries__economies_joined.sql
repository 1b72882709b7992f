-- Every economy any reference knows, with its codes in each publisher's key system.
with m49 as (
    select * from {{ ref('stg_reference__m49_areas') }} where iso3 is not null
),

wb_economies as (
    select * from {{ ref('stg_reference__wb_economies') }}
),

wdi_economies as (
    select * from {{ ref('stg_wdi__countries') }} where not is_aggregate
),

income_history as (
    select * from {{ ref('stg_reference__wb_income_history') }}
),

census_codes as (
    select * from {{ ref('stg_reference__census_country_codes') }} where iso2 is not null
),

-- Census occasionally lists two codes for one ISO alpha-2; the lowest is the country proper.
census_by_iso2 as (
    select iso2, min(census_code) as census_code
    from census_codes
    group by iso2
),

-- Census codes ISO alpha-2 values that ISO has not assigned; Kosovo is the one WDI reports on.
census_only_iso2 as (
    select * from (values ('XKX', 'KV')) as t (iso3, iso2)
),

latest_income as (
    select iso3, fiscal_year, income_group
    from (
        select
            iso3,
            fiscal_year,
            case income_code
                when 'L' then 'Low income'
                when 'LM' then 'Lower middle income'
                when 'UM' then 'Upper middle income'
                when 'H' then 'High income'
            end as income_group,
            row_number() over (partition by iso3 order by fiscal_year desc) as recency
        from income_history
    ) as ranked
    where recency = 1
),

economy_keys as (
    select iso3 as country_iso3 from m49
    union
    select iso3 from wb_economies
    union
    select country_code from wdi_economies
),

joined as (
    select
        economy_keys.country_iso3,
        m49.iso2 as country_iso2,
        m49.m49_code,
        census_by_iso2.census_code,
        coalesce(wb_economies.economy_name, wdi_economies.country_name, m49.country_name) as country_name,
        coalesce(wb_economies.wb_region, wdi_economies.wb_region) as wb_region,
        -- Newest classification first: OGHIST's latest fiscal year, then WDI metadata, then CLASS.
        coalesce(latest_income.income_group, wdi_economies.income_group, wb_economies.income_group) as income_group,
        latest_income.fiscal_year as income_group_fiscal_year,
        wb_economies.lending_category,
        m49.region_name as m49_region,
        m49.subregion_name as m49_subregion,
        m49.intermediate_region_name as m49_intermediate_region,
        coalesce(m49.region_code = '019', false) as is_western_hemisphere,
        wb_economies.iso3 is not null or wdi_economies.country_code is not null as is_wb_economy
    from economy_keys
    left join m49 on m49.iso3 = economy_keys.country_iso3
    left join wb_economies on wb_economies.iso3 = economy_keys.country_iso3
    left join wdi_economies on wdi_economies.country_code = economy_keys.country_iso3
    left join latest_income on latest_income.iso3 = economy_keys.country_iso3
    left join census_only_iso2 on census_only_iso2.iso3 = economy_keys.country_iso3
    left join census_by_iso2
        on census_by_iso2.iso2 = coalesce(m49.iso2, census_only_iso2.iso2)
)

select * from joined
