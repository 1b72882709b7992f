-- Both DESA totals tables (revision 2020) in one shape, each row placed as a country or an
-- aggregate through the location list. They give stock by destination (all origins) and by
-- origin (all destinations); the origin x destination pairs (revision 2019) are in
-- int_migration__migrant_stock_pairs_located.
with by_destination as (
    select * from {{ ref('stg_undesa_migrant_stock__stock_by_destination') }}
),

by_origin as (
    select * from {{ ref('stg_undesa_migrant_stock__stock_by_origin') }}
),

locations as (
    select * from {{ ref('stg_undesa_migrant_stock__locations') }}
),

stock as (
    select 'destination' as direction, * from by_destination
    union all
    select 'origin' as direction, * from by_origin
),

final as (
    select
        stock.direction,
        stock.location_code,
        coalesce(locations.location_name, stock.location_name) as location_name,
        -- 2003 'OTHER' (origin unknown or not listed) is the one code without a location row.
        coalesce(locations.location_type, 'Origin unknown or not listed') as location_type,
        locations.iso3,
        coalesce(locations.is_country, false) as is_country,
        stock.year,
        stock.sex,
        stock.migrants,
        stock.type_of_data,
        stock.revision,
        stock.source_vintage,
        stock.raw_sha256
    from stock
    left join locations on locations.location_code = stock.location_code
    -- '..' cells are 'no estimate', not zero: they are not rows downstream.
    where stock.migrants is not null
)

select * from final
