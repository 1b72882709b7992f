-- The publisher's aggregates (World, regions, SDG, development and income groups) and the
-- origin 'OTHER', kept apart from countries so that no sum double counts.
with stock as (
    select * from {{ ref('int_migration__migrant_stock_located') }}
    where not is_country
),

final as (
    select
        direction,
        location_code,
        location_name,
        location_type,
        year,
        sex,
        migrants,
        'UN DESA International Migrant Stock' as source,
        source_vintage,
        raw_sha256
    from stock
)

select * from final
