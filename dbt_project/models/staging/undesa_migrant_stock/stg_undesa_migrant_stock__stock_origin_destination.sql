with source as (
    select * from {{ source('undesa_migrant_stock', 'undesa_stock_origin_destination') }}
),

renamed as (
    select
        origin_name,
        upper(origin_iso3) as origin_iso3,
        destination_name,
        upper(destination_iso3) as destination_iso3,
        cast(year as integer) as year,
        cast(migrants as {{ type_double() }}) as migrants,
        missing_mark,
        cast(revision as integer) as revision,
        source_file,
        cast(source_row as integer) as source_row,
        source_vintage,
        raw_sha256
    from source
)

select * from renamed
