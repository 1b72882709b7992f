-- Revision 2019's origin x destination matrix (a DERIVED CSV), one row per pair of countries and
-- year with a positive stock, each side placed through DESA's location list. The file's M49
-- subregions among the destinations (null ISO3) are aggregates and are left out, so no sum double
-- counts; '..' and '-' cells are 'no estimate'; and a 0 is left out because the file cannot tell
-- DESA's zero from a cell its workbook left empty.
with pairs as (
    select * from {{ ref('stg_undesa_migrant_stock__stock_origin_destination') }}
),

locations as (
    select * from {{ ref('stg_undesa_migrant_stock__locations') }}
    where is_country
),

final as (
    select
        pairs.origin_iso3,
        origins.location_code as origin_location_code,
        pairs.destination_iso3,
        destinations.location_code as destination_location_code,
        pairs.year,
        pairs.migrants,
        pairs.revision,
        pairs.source_vintage,
        pairs.raw_sha256
    from pairs
    left join locations as origins on origins.iso3 = pairs.origin_iso3
    left join locations as destinations on destinations.iso3 = pairs.destination_iso3
    where pairs.origin_iso3 is not null
      and pairs.destination_iso3 is not null
      and pairs.migrants > 0
)

select * from final
