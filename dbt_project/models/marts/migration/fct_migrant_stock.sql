-- Countries and areas only; the publisher's regions and groups are in fct_migrant_stock_regions.
-- Two revisions side by side, told apart by stock_scope: revision 2020's totals (by destination,
-- all origins; by origin, all destinations; by sex) and revision 2019's origin x destination pairs
-- (both sexes only, from a derived CSV).
with totals as (
    select * from {{ ref('int_migration__migrant_stock_located') }}
    where is_country
),

pairs as (
    select * from {{ ref('int_migration__migrant_stock_pairs_located') }}
),

totals_shaped as (
    select
        case when direction = 'origin' then iso3 end as origin_iso3,
        case when direction = 'destination' then iso3 end as destination_iso3,
        case
            when direction = 'origin' then 'origin_all_destinations'
            else 'destination_all_origins'
        end as stock_scope,
        year,
        sex,
        migrants,
        revision,
        'UN DESA International Migrant Stock' as source,
        source_vintage,
        raw_sha256
    from totals
),

pairs_shaped as (
    select
        origin_iso3,
        destination_iso3,
        'origin_destination' as stock_scope,
        year,
        -- The derived file is Table 1 of the workbook: both sexes only.
        'both' as sex,
        migrants,
        revision,
        'UN DESA International Migrant Stock, origin x destination (derived CSV)' as source,
        source_vintage,
        raw_sha256
    from pairs
),

final as (
    select * from totals_shaped
    union all
    select * from pairs_shaped
)

select * from final
