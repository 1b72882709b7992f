-- Values the publisher computes for aggregates (World, regions, income groups), never mixed
-- into fct_indicator_values.
with indicator_values as (
    select * from {{ ref('int_indicators__values_with_unit') }}
),

groups as (
    select group_code from {{ ref('dim_country_group') }}
),

final as (
    select
        indicator_values.country_code as group_code,
        indicator_values.year,
        indicator_values.indicator_code,
        indicator_values.value,
        indicator_values.unit,
        indicator_values.source,
        indicator_values.source_vintage,
        indicator_values.raw_sha256
    from indicator_values
    inner join groups on groups.group_code = indicator_values.country_code
    where not indicator_values.is_economy
)

select * from final
