-- Countries and areas only; the publisher's regions and groups are in fct_migrant_stock_regions.
with stock as (
    select * from {{ ref('int_migration__migrant_stock_located') }}
    where is_country
),

final as (
    select
        case when direction = 'origin' then iso3 end as origin_iso3,
        case when direction = 'destination' then iso3 end as destination_iso3,
        year,
        sex,
        migrants,
        'UN DESA International Migrant Stock' as source,
        source_vintage,
        raw_sha256,
    from stock
)

select * from final
