with indicator_values as (
    select * from {{ ref('stg_wdi__values') }}
),

economies as (
    select country_iso3 from {{ ref('dim_country') }}
),

indicators as (
    select indicator_code, unit from {{ ref('dim_indicator') }}
),

final as (
    select
        indicator_values.country_code as country_iso3,
        indicator_values.year,
        indicator_values.indicator_code,
        indicator_values.value,
        indicators.unit,
        'World Bank WDI' as source,
        indicator_values.source_vintage,
        indicator_values.raw_sha256,
    from indicator_values
    inner join economies on economies.country_iso3 = indicator_values.country_code
    inner join indicators on indicators.indicator_code = indicator_values.indicator_code
)

select * from final
