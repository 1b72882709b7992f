with source as (
    select * from {{ source('undesa_migrant_stock', 'undesa_stock_by_origin') }}
),

renamed as (
    select
        location_code,
        location_name,
        cast(year as integer) as year,
        lower(sex) as sex,
        cast(migrants as {{ type_double() }}) as migrants,
        type_of_data,
        cast(revision as integer) as revision,
        source_file,
        cast(source_row as integer) as source_row,
        source_vintage,
        raw_sha256
    from source
)

select * from renamed
