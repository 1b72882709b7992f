-- WDI values with their unit, and whether the code is an economy or an aggregate; the two
-- facts (economies, aggregates) are filters of this one model.
with indicator_values as (
    select * from {{ ref('stg_wdi__values') }}
),

registry as (
    select indicator_code, unit from {{ ref('stg_wdi__indicator_registry') }}
),

economies as (
    select country_iso3 from {{ ref('int_countries__economies_joined') }}
),

final as (
    select
        indicator_values.country_code,
        indicator_values.year,
        indicator_values.indicator_code,
        indicator_values.value,
        registry.unit,
        'World Bank WDI' as source,
        indicator_values.source_vintage,
        indicator_values.raw_sha256,
        economies.country_iso3 is not null as is_economy
    from indicator_values
    inner join registry on registry.indicator_code = indicator_values.indicator_code
    left join economies on economies.country_iso3 = indicator_values.country_code
)

select * from final
