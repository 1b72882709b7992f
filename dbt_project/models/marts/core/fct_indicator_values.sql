with indicator_values as (
    select * from {{ ref('int_indicators__values_with_unit') }}
),

final as (
    select
        country_code as country_iso3,
        year,
        indicator_code,
        value,
        unit,
        source,
        source_vintage,
        raw_sha256
    from indicator_values
    where is_economy
)

select * from final
